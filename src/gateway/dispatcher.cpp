#include "gateway/dispatcher.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <exception>
#include <variant>

#include "core/gzip.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/time_format.h"
#include "gateway/cors.h"
#include "gateway/response_compression.h"
#include "gateway/transport_errors.h"

namespace tarn::gateway {

namespace {
const Route& RouteOf(const net::RequestPlan& plan) { return *static_cast<const Route*>(plan.state.get()); }

// DynamoDB answers in the JSON media type it was asked in: application/json unless the request
// said application/x-amz-json-1.0, as every SDK does (dynalite's connection tests, recorded from
// DynamoDB: a request without a Content-Type, or with application/json, gets application/json).
void AnswerInRequestedMediaType(const net::HttpRequest& request, net::HttpResponse& response) {
  auto type = request.headers.Get("Content-Type");
  if (type && net::MediaType(*type) == "application/x-amz-json-1.0") return;
  if (response.headers.Has("Content-Type")) response.headers.Set("Content-Type", "application/json");
}

// DynamoDB's health check: an unsigned GET of "/" answers 200 "healthy: <host>" (ScyllaDB's
// test_health.py, run against AWS; load balancers probe DynamoDB endpoints so). On tarn's one endpoint
// that request is also S3's anonymous ListBuckets, which S3 refuses to anyone unsigned (AccessDenied):
// answering the probe loses nothing.
bool IsHealthCheck(const net::HttpRequest& request, const Route& route) {
  return request.method == "GET" && request.target == "/" && route.operation != nullptr &&
         route.operation->name() == "ListBuckets" && !request.headers.Has("Authorization");
}

net::HttpResponse AnswerHealthCheck(const net::HttpRequest& request) {
  net::HttpResponse response;
  response.service = "dynamodb";
  response.operation = "HealthCheck";
  response.headers.Set("Content-Type", "text/plain");
  response.headers.Set("x-amzn-RequestId", request.request_id);
  response.body = "healthy: " + std::string(request.headers.Get("Host").value_or(""));
  return response;
}

// The buffered body without a copy when the transport already holds it in memory.
core::Result<std::string> BufferedBody(net::BodyReader& body, uint64_t limit) {
  if (auto* in_memory = dynamic_cast<net::StringBodyReader*>(&body))
    return std::string(in_memory->contents());
  return net::ReadAll(body, limit, TooLarge());
}

// Request compression (Content-Encoding: gzip, https://docs.aws.amazon.com/sdkref/latest/guide/
// feature-compression.html). DynamoDB answers 500 to a body that is not the gzip it claims to be and
// to an encoding it does not know (Alternator's test_compressed_request.py, run against DynamoDB);
// other services read a body in an encoding they do not know as it is. A decompressed body is held
// to the operation's request limit: DynamoDB reads up to ~1 GB, tarn keeps a gzip bomb out of memory.
core::Result<std::string> DecodeContentEncoding(const net::HttpRequest& request,
                                                const protocol::ServiceModel& service, std::string body,
                                                uint64_t limit) {
  auto header = request.headers.Get("Content-Encoding");
  if (!header) return body;
  std::string_view encoding = *header;
  while (!encoding.empty() && (encoding.front() == ' ' || encoding.front() == '\t'))
    encoding.remove_prefix(1);
  while (!encoding.empty() && (encoding.back() == ' ' || encoding.back() == '\t')) encoding.remove_suffix(1);
  if (encoding.empty() || net::EqualsIgnoreCase(encoding, "identity")) return body;
  if (net::EqualsIgnoreCase(encoding, "gzip")) {
    auto decoded = core::Gunzip(body, static_cast<size_t>(limit));
    if (auto* text = std::get_if<std::string>(&decoded)) return std::move(*text);
    if (std::get<core::GunzipError>(decoded) == core::GunzipError::kTooLarge) return TooLarge();
    return core::InternalFailure("The request body is not valid gzip (Content-Encoding: gzip).");
  }
  if (service.name() == "dynamodb") {
    return core::InternalFailure("Unsupported Content-Encoding: " + std::string(encoding));
  }
  return body;
}

// Content-MD5 and x-amz-checksum-* with the bytes they describe, for services that verify them.
// On every buffered request, so names are compared in place and only matches are copied.
net::PayloadIntegrity PayloadIntegrityOf(const net::HttpRequest& request, std::string_view body) {
  static constexpr std::string_view kChecksumPrefix = "x-amz-checksum-";
  net::PayloadIntegrity out;
  out.body = body;
  for (const auto& [name, value] : request.headers.entries()) {
    bool md5 = net::EqualsIgnoreCase(name, "content-md5");
    if (!md5 &&
        !(name.size() > kChecksumPrefix.size() &&
          net::EqualsIgnoreCase(std::string_view(name).substr(0, kChecksumPrefix.size()), kChecksumPrefix)))
      continue;
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(lower), value);
  }
  return out;
}

// A handler's per-item questions, decided by the request's own authorizer, principal, condition
// keys and resource policies.
class ItemAuthorization final : public net::ItemAuthorizer {
 public:
  ItemAuthorization(const net::Authorizer& authorizer, const net::RequestContext& context,
                    const net::AuthorizationExtras& extras)
      : authorizer_(authorizer), context_(context), extras_(extras) {}

  core::Status Authorize(std::string_view action, std::string_view resource) const override {
    if (!item_extras_) {  // the request's keys and policies, not its own action and extra checks
      item_extras_.emplace();
      item_extras_->condition_keys = extras_.condition_keys;
      item_extras_->resource_keys = extras_.resource_keys;
      item_extras_->resource_policy = extras_.resource_policy;
    }
    net::Operation item;
    item.iam_action = std::string(action);
    return authorizer_.Authorize(context_, item, {std::string(resource)}, *item_extras_);
  }

 private:
  const net::Authorizer& authorizer_;
  const net::RequestContext& context_;
  const net::AuthorizationExtras& extras_;
  mutable std::optional<net::AuthorizationExtras> item_extras_;
};

}  // namespace

Dispatcher::Dispatcher(const net::Registry& registry, const auth::Authenticator& authenticator,
                       const net::Authorizer& authorizer, const core::Clock& clock, DispatcherOptions options)
    : registry_(registry),
      authenticator_(authenticator),
      authorizer_(authorizer),
      clock_(clock),
      options_(std::move(options)),
      router_(protocol::ModelSet::Embedded()) {}

net::RequestPlan Dispatcher::Plan(const net::HttpRequest& request) {
  auto route = std::make_shared<Route>(router_.RouteRequest(request));
  net::RequestPlan plan;
  if (route->kind == Route::Kind::kService && route->operation) {
    const net::Operation* op = registry_.Find(route->service->name(), route->operation->name());
    if (route->operation->streaming_input()) {
      plan.stream_body = true;
      plan.max_body_bytes = core::kMaxStreamingBodyBytes;
      if (op) plan.small_body_inline_bytes = op->cpu_only_body_bytes;
    } else if (op && op->max_body_bytes) {
      plan.max_body_bytes = op->max_body_bytes;
    }
  }
  plan.state = std::move(route);
  return plan;
}

std::optional<core::AwsError> Dispatcher::BeforeContinue(const net::HttpRequest& request,
                                                         const net::RequestPlan& plan) {
  const Route& route = RouteOf(plan);
  if (route.kind != Route::Kind::kService) return std::nullopt;
  // Without a declared payload hash the signature covers the body's own hash: it must arrive first.
  if (!request.headers.Get("x-amz-content-sha256")) return std::nullopt;
  auto authn = authenticator_.Authenticate(request, std::nullopt, route.dialect);
  if (authn.ok()) return std::nullopt;
  return std::move(authn).error();
}

bool Dispatcher::RunsInline(const net::HttpRequest& request, const net::RequestPlan& plan,
                            std::string_view body) {
  const Route& route = RouteOf(plan);
  if (route.kind != Route::Kind::kService) return true;
  const protocol::OperationModel* operation = route.operation;
  if (!operation) {
    // Query protocol: the operation is named in the body (Action=).
    auto identified = protocol::CodecFor(route.protocol).Identify(*route.service, request, body);
    if (!identified.ok()) return true;
    operation = *identified;
  }
  const net::Operation* handler = registry_.Find(route.service->name(), operation->name());
  return !handler || handler->cpu_only;
}

net::HttpResponse Dispatcher::Handle(net::HttpRequest& request, const net::RequestPlan& plan,
                                     net::BodyReader& body) {
  const Route& route = RouteOf(plan);
  // DynamoDB's request ids are 52 characters of [0-9A-Z], not UUIDs (dynalite's connection tests
  // record the shape); the id is set before anything logs or answers with it.
  if (route.service && (route.service->name() == "dynamodb" || route.service->name() == "dynamodbstreams"))
    request.request_id = core::NewDynamoDbRequestId();
  try {
    if (route.kind == Route::Kind::kInternal) return HandleInternal(request);
    if (route.kind == Route::Kind::kPreflight) return AnswerPreflight(request);
    if (route.kind == Route::Kind::kBucketPreflight) return AnswerBucketPreflight(request, route);
    if (IsHealthCheck(request, route)) {
      // With the CORS headers of every answer at "/" (scylladb's test_cors.py, run against AWS, asks
      // them of a GET of "/" with an Origin).
      net::HttpResponse response = AnswerHealthCheck(request);
      AddCorsHeaders(request, response);
      return response;
    }
    net::HttpResponse response = HandleService(request, route, plan, body);
    if (route.service && route.service->name() == "dynamodb") {
      AnswerInRequestedMediaType(request, response);
      CompressResponse(request, response);
    }
    // "/" is where the JSON and Query services answer on tarn's one endpoint (S3 has only
    // ListBuckets there, which S3 does not offer to browsers at all).
    if ((route.service && route.service->name() != "s3") || request.path() == "/") {
      AddCorsHeaders(request, response);
    } else if (route.service && request.headers.Has("Origin")) {
      // A bucket's CORS rules grant its answers their headers, errors included.
      if (const net::CrossOrigin* rules = registry_.FindCrossOrigin(route.service->name())) {
        for (auto& [name, value] : rules->ForRequest(request)) response.headers.Set(name, std::move(value));
      }
    }
    return response;
  } catch (const std::exception& e) {
    log::error("request {} ({} {}): unhandled exception: {}", request.request_id,
               route.service ? route.service->name() : "-", route.operation ? route.operation->name() : "-",
               e.what());
  } catch (...) {
    log::error("request {}: unhandled non-standard exception", request.request_id);
  }
  net::HttpResponse response = RenderError(request, route, core::InternalFailure());
  response.close_connection = true;
  return response;
}

net::HttpResponse Dispatcher::HandleService(net::HttpRequest& request, const Route& route,
                                            const net::RequestPlan& plan, net::BodyReader& body) {
  if (route.kind == Route::Kind::kUnknownService) {
    return RenderError(request, route, UnknownService(route.unknown_service));
  }
  const protocol::ServiceModel& service = *route.service;
  const protocol::Codec& codec = protocol::CodecFor(route.protocol);
  std::string buffered;
  if (!plan.stream_body) {
    auto read = BufferedBody(body, plan.max_body_bytes);
    if (!read.ok())
      return RenderError(request, route,
                         ForService(service, route.operation, plan.max_body_bytes, std::move(read).error()));
    buffered = std::move(read).value();
  }
  // A JSON request names its operation in a header: one it does not name is refused before
  // authentication, after a body that is no JSON (DynamoDB's order, as dynalite's connection tests
  // record it: SerializationException, then UnknownOperationException, then the signature).
  if (route.protocol == protocol::Protocol::kJson && !route.operation) {
    auto identified = codec.Identify(service, request, {});
    if (!identified.ok()) {
      boost::system::error_code ec;
      if (buffered.find_first_not_of(" \t\r\n") != std::string::npos) boost::json::parse(buffered, ec);
      if (ec) return RenderError(request, route, core::AwsError("SerializationException", "", 400));
      return RenderError(request, route, std::move(identified).error());
    }
  }

  auto authn = authenticator_.Authenticate(
      request, plan.stream_body ? std::nullopt : std::optional<std::string_view>(buffered), route.dialect);
  if (!authn.ok()) return RenderError(request, route, std::move(authn).error());
  if (authn->principal.type == core::Principal::Type::kAnonymous && service.name() != "s3") {
    return RenderError(request, route, auth::MissingAuthentication(route.dialect));
  }
  // The signature covers the body as sent; the codec reads it decompressed.
  if (!plan.stream_body && service.name() != "s3") {
    auto decoded = DecodeContentEncoding(request, service, std::move(buffered), plan.max_body_bytes);
    if (!decoded.ok())
      return RenderError(
          request, route,
          ForService(service, route.operation, plan.max_body_bytes, std::move(decoded).error()));
    buffered = std::move(decoded).value();
  }

  const protocol::OperationModel* operation = route.operation;
  if (!operation) {
    auto identified = codec.Identify(service, request, buffered);
    if (!identified.ok()) return RenderError(request, route, std::move(identified).error());
    operation = *identified;
  }
  Route with_operation = route;
  with_operation.operation = operation;

  auto input = codec.DecodeInput(service, *operation, request, buffered);
  if (!input.ok()) return RenderError(request, with_operation, std::move(input).error());

  const net::Operation* handler = registry_.Find(service.name(), operation->name());
  if (!handler) return RenderError(request, with_operation, core::NotImplemented(operation->name()));

  std::unique_ptr<net::BodyReader> verified_body;
  if (plan.stream_body) {
    auto wrapped = authenticator_.WrapBody(request, *authn, body);
    if (!wrapped.ok()) return RenderError(request, with_operation, std::move(wrapped).error());
    verified_body = std::move(wrapped).value();
  }

  net::RequestContext context;
  context.request_id = request.request_id;
  context.region = authn->scope.region.empty() ? std::string(core::kDefaultRegion) : authn->scope.region;
  context.account_id = authn->principal.account_id;
  context.service = service.name();
  context.operation = operation->name();
  context.principal = std::move(authn->principal);  // authn is not read after this
  context.source_ip = request.remote_address;
  context.user_agent = request.headers.GetOr("User-Agent");
  context.host = request.headers.GetOr("Host");
  context.secure_transport = request.secure;
  context.received_at = request.received_at;

  net::PayloadIntegrity integrity;
  if (!plan.stream_body) integrity = PayloadIntegrityOf(request, buffered);
  net::Call call{context, *input, verified_body.get(), plan.stream_body ? nullptr : &integrity};
  std::vector<std::string> resources =
      handler->resources ? handler->resources(call) : std::vector<std::string>{};
  // The account root is allowed everything: its requests skip computing condition keys.
  net::AuthorizationExtras extras = handler->extras && context.principal.type != core::Principal::Type::kRoot
                                        ? handler->extras(call)
                                        : net::AuthorizationExtras{};
  if (handler->resource_policy) {
    extras.resource_policy = [&call, handler](std::string_view arn) {
      return handler->resource_policy(call, arn);
    };
  }
  ItemAuthorization items(authorizer_, context, extras);
  call.items = &items;
  if (auto allowed = authorizer_.Authorize(context, *handler, resources, extras); !allowed.ok()) {
    if (handler->precedes_access_denied) {
      if (auto first = handler->precedes_access_denied(call); !first.ok())
        return RenderError(request, with_operation, std::move(first).error());
    }
    return RenderError(request, with_operation, std::move(allowed).error());
  }

  // Group commit: the handler's storage writes owe their fsync to the response, which the
  // transport sends once it is done (core/deferred_durability.h).
  core::DeferredDurability deferred;
  auto result = handler->handler(call);
  net::HttpResponse response =
      result.ok() ? codec.EncodeOutput(service, *operation, std::move(result).value(), request.request_id)
                  : RenderError(request, with_operation, std::move(result).error());
  response.service = service.name();
  response.operation = operation->name();
  response.durable = deferred.Take();
  return response;
}

net::HttpResponse Dispatcher::AnswerBucketPreflight(const net::HttpRequest& request, const Route& route) {
  const net::CrossOrigin* rules = registry_.FindCrossOrigin(route.service->name());
  core::Result<net::CorsHeaders> granted =
      core::AwsError("BadRequest", "Insufficient information. Origin request header needed.", 400);
  if (auto origin = request.headers.Get("Origin"); origin && !origin->empty()) {
    if (!rules) return RenderError(request, route, core::NotImplemented("OPTIONS"));
    granted = rules->Preflight(request);
  }
  if (!granted.ok()) {
    net::HttpResponse refused = RenderError(request, route, std::move(granted).error());
    refused.operation = "Preflight";
    return refused;
  }
  net::HttpResponse response;
  response.status = 200;
  response.service = route.service->name();
  response.operation = "Preflight";
  response.headers.Set("x-amz-request-id", request.request_id);
  for (auto& [name, value] : *granted) response.headers.Set(name, std::move(value));
  return response;
}

net::HttpResponse Dispatcher::HandleInternal(const net::HttpRequest& request) {
  net::HttpResponse response;
  response.service = "tarn";
  response.headers.Set("x-amzn-RequestId", request.request_id);
  response.headers.Set("Content-Type", "application/json");
  if (request.path() == "/_tarn/health" && (request.method == "GET" || request.method == "HEAD")) {
    response.operation = "Health";
    boost::json::object body;
    body["status"] = "running";
    body["version"] = options_.version;
    body["time"] = core::FormatIso8601(clock_.Now());
    response.body = boost::json::serialize(body);
    return response;
  }
  if (const auto* handler = registry_.FindInternal(request.path())) {
    if (auto answered = (*handler)(request)) {
      answered->service = "tarn";
      if (answered->operation.empty()) answered->operation = "Internal";
      answered->headers.Set("x-amzn-RequestId", request.request_id);
      return std::move(*answered);
    }
  }
  response.status = 404;
  response.operation = "NotFound";
  response.body = R"({"message":"no such tarn endpoint"})";
  return response;
}

net::HttpResponse Dispatcher::Reject(const net::HttpRequest& request, const net::RequestPlan& plan,
                                     const core::AwsError& error) {
  const Route& route = RouteOf(plan);
  net::HttpResponse response = RenderError(
      request, route,
      route.service ? ForService(*route.service, route.operation, plan.max_body_bytes, error) : error);
  response.close_connection = true;
  return response;
}

net::HttpResponse Dispatcher::RenderError(const net::HttpRequest& request, const Route& route,
                                          const core::AwsError& error) const {
  net::HttpResponse response;
  if (route.service) {
    response = protocol::CodecFor(route.protocol).EncodeError(*route.service, error, request.request_id);
    response.service = route.service->name();
  } else {
    response = RenderWithoutService(request, route.dialect, error);
  }
  if (route.operation) response.operation = route.operation->name();
  if (error.http_status >= 500) {
    log::warn("request {}: {} {} -> {} {}", request.request_id, request.method, request.target, error.code,
              error.message);
  }
  return response;
}

}  // namespace tarn::gateway
