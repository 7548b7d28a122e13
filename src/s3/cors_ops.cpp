// Implements: PutBucketCors, GetBucketCors, DeleteBucketCors, and the bucket CORS the gateway asks
// for preflights (OPTIONS) and for requests that carry an Origin.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
// Answers as LocalStack's test_s3_cors.py recorded them against AWS.
#include <boost/json.hpp>

#include "core/encoding.h"
#include "s3/body_receiver.h"
#include "s3/call_input.h"
#include "s3/cors.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

core::AwsError CorsRefusal(std::string message, std::string_view method, bool object) {
  core::AwsError e("AccessForbidden", "CORSResponse: " + std::move(message), 403);
  e.extra["Method"] = std::string(method);
  e.extra["ResourceType"] = object ? "OBJECT" : "BUCKET";
  return e;
}

// The bucket a path-style request names, and whether it names an object in it.
std::pair<std::string, bool> BucketOf(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  size_t slash = path.find('/');
  std::string_view raw = path.substr(0, slash);
  bool object = slash != std::string_view::npos && slash + 1 < path.size();
  return {core::PercentDecode(raw).value_or(std::string(raw)), object};
}

class BucketCrossOrigin final : public net::CrossOrigin {
 public:
  explicit BucketCrossOrigin(const ObjectStore& store) : store_(store) {}

  core::Result<net::CorsHeaders> Preflight(const net::HttpRequest& request) const override {
    auto [bucket, object] = BucketOf(request.path());
    std::optional<std::string_view> method = request.headers.Get("Access-Control-Request-Method");
    std::string_view named = method.value_or("OPTIONS");
    auto record =
        bucket.empty() ? core::Result<std::optional<BucketRecord>>(std::nullopt) : store_.GetBucket(bucket);
    if (!record.ok()) return std::move(record).error();
    if (!*record) return CorsRefusal("Bucket not found", named, false);
    if ((*record)->cors.empty()) return CorsRefusal("CORS is not enabled for this bucket.", named, false);
    CorsRequest cors{*request.headers.Get("Origin"), named,
                     RequestedHeaders(request.headers.GetOr("Access-Control-Request-Headers")), true};
    std::optional<net::CorsHeaders> granted;
    if (method) granted = MatchCors((*record)->cors, cors);
    if (!granted) {
      return CorsRefusal(
          "This CORS request is not allowed. This is usually because the evalution of Origin, request method "
          "/ "
          "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the "
          "resource's CORS spec.",
          named, object);
    }
    return std::move(*granted);
  }

  net::CorsHeaders ForRequest(const net::HttpRequest& request) const override {
    auto origin = request.headers.Get("Origin");
    auto [bucket, object] = BucketOf(request.path());
    if (!origin || bucket.empty()) return {};
    auto record = store_.GetBucket(bucket);
    if (!record.ok() || !*record || (*record)->cors.empty()) return {};
    // A request that names a method in Access-Control-Request-Method is judged by that one (as S3
    // judges a GET that carries it).
    std::string_view method = request.headers.Get("Access-Control-Request-Method").value_or(request.method);
    auto granted = MatchCors((*record)->cors, CorsRequest{*origin, method, {}, false});
    return granted ? std::move(*granted) : net::CorsHeaders{};
  }

 private:
  const ObjectStore& store_;
};

}  // namespace

std::shared_ptr<const net::CrossOrigin> Service::BucketCors() const {
  return std::make_shared<BucketCrossOrigin>(*store_);
}

core::Result<net::Output> Service::PutBucketCors(const net::Call& call) {
  TARN_TRY(VerifyPayload(call.payload));
  TARN_ASSIGN_OR_RETURN(json::array rules, CorsRulesFromInput(call.input));
  TARN_TRY(store_->SetBucketCors(String(call.input, "Bucket"), std::move(rules)));
  return net::Output{};
}

core::Result<net::Output> Service::GetBucketCors(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  if (record->cors.empty())
    return NoSuchBucketConfiguration("NoSuchCORSConfiguration", "The CORS configuration does not exist",
                                     bucket);
  net::Output out;
  out.json["CORSRules"] = record->cors;
  return out;
}

core::Result<net::Output> Service::DeleteBucketCors(const net::Call& call) {
  TARN_TRY(store_->SetBucketCors(String(call.input, "Bucket"), {}));
  net::Output out;
  out.http_status = 204;
  return out;
}

}  // namespace tarn::s3
