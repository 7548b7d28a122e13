// Implements: PutBucketTagging, GetBucketTagging, DeleteBucketTagging, GetBucketVersioning.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
#include <boost/json.hpp>
#include <set>

#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html
constexpr size_t kMaxBucketTags = 50;
constexpr size_t kMaxTagKeyLength = 128;
constexpr size_t kMaxTagValueLength = 256;

core::AwsError InvalidTag(std::string message) {
  return core::AwsError("InvalidTag", std::move(message), 400);
}

core::Result<json::array> ValidTagSet(const json::object& input) {
  const auto* tagging = input.if_contains("Tagging");
  if (!tagging || !tagging->is_object()) return MalformedXML();
  const auto* set = tagging->get_object().if_contains("TagSet");
  if (!set || !set->is_array()) return MalformedXML();
  if (set->get_array().size() > kMaxBucketTags)
    return InvalidTag("Bucket tag count cannot be greater than 50");
  std::set<std::string> keys;
  json::array out;
  for (const json::value& v : set->get_array()) {
    if (!v.is_object()) return MalformedXML();
    auto key = OptString(v.get_object(), "Key");
    auto value = OptString(v.get_object(), "Value");
    if (!key || !value) return MalformedXML();
    if (key->empty() || key->size() > kMaxTagKeyLength)
      return InvalidTag("The TagKey you have provided is invalid");
    if (value->size() > kMaxTagValueLength) return InvalidTag("The TagValue you have provided is invalid");
    if (key->starts_with("aws:")) return InvalidTag("System tags cannot be added/updated by requester");
    if (!keys.insert(*key).second) return InvalidTag("Cannot provide multiple Tags with the same key");
    out.push_back(json::object{{"Key", *key}, {"Value", *value}});
  }
  return out;
}

}  // namespace

core::Result<net::Output> Service::PutBucketTagging(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(json::array tags, ValidTagSet(call.input));
  TARN_TRY(store_->SetBucketTags(String(call.input, "Bucket"), std::move(tags)));
  return net::Output{};
}

core::Result<net::Output> Service::GetBucketTagging(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  if (record->tags.empty()) {
    core::AwsError e("NoSuchTagSet", "The TagSet does not exist", 404);
    e.extra["BucketName"] = bucket;
    return e;
  }
  net::Output out;
  out.json["TagSet"] = record->tags;
  return out;
}

core::Result<net::Output> Service::DeleteBucketTagging(const net::Call& call) {
  TARN_TRY(store_->SetBucketTags(String(call.input, "Bucket"), {}));
  return net::Output{};
}

core::Result<net::Output> Service::GetBucketVersioning(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  // A bucket whose versioning was never enabled answers an empty configuration (no Status).
  return net::Output{};
}

}  // namespace tarn::s3
