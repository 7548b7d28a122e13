#include "gateway/router.h"

#include "gateway/cors.h"

namespace tarn::gateway {

auth::ErrorDialect DialectFor(protocol::Protocol protocol) {
  switch (protocol) {
    case protocol::Protocol::kQuery:
      return auth::ErrorDialect::kQuery;
    case protocol::Protocol::kRestXml:
      return auth::ErrorDialect::kS3;
    case protocol::Protocol::kJson:
    case protocol::Protocol::kRestJson:
      return auth::ErrorDialect::kJson;
  }
  return auth::ErrorDialect::kJson;
}

namespace {

// An unsigned, untargeted POST that can only be meant for DynamoDB: its content type, or JSON sent
// to "/", where S3 takes no POST at all (its browser uploads are multipart/form-data).
bool IsForDynamoDb(const net::HttpRequest& request) {
  auto type = request.headers.Get("Content-Type");
  if (request.method != "POST" || !type) return false;
  std::string_view media = net::MediaType(*type);
  return media == "application/x-amz-json-1.0" || (media == "application/json" && request.path() == "/");
}

}  // namespace

Route Router::RouteRequest(const net::HttpRequest& request) const {
  Route route;
  std::string_view path = request.path();
  if (path.substr(0, 7) == "/_tarn/" || path == "/_tarn") {
    route.kind = Route::Kind::kInternal;
    return route;
  }

  if (IsServicePreflight(request)) {
    route.kind = Route::Kind::kPreflight;
    return route;
  }
  if (request.method == "OPTIONS" && path != "/") {
    route.kind = Route::Kind::kBucketPreflight;
    route.service = models_.Find("s3");
    route.protocol = protocol::Protocol::kRestXml;
    route.dialect = auth::ErrorDialect::kS3;
    if (!route.service) route.kind = Route::Kind::kUnknownService;
    return route;
  }

  if (auto target = request.headers.Get("X-Amz-Target")) {
    std::string_view prefix = target->substr(0, target->find('.'));
    route.service = models_.FindByTargetPrefix(prefix);
    if (!route.service) {
      route.unknown_service = std::string(prefix);
      return route;
    }
    route.protocol = protocol::Protocol::kJson;
  } else if (auto scope = auth::PeekCredentialScope(request)) {
    route.service = models_.FindBySigningName(scope->service);
    if (!route.service) {
      route.unknown_service = scope->service;
      route.dialect = request.query().find("Action=") != std::string_view::npos ? auth::ErrorDialect::kQuery
                                                                                : auth::ErrorDialect::kJson;
      return route;
    }
    route.protocol = protocol::DetectProtocol(*route.service, request);
  } else if (IsForDynamoDb(request)) {
    // DynamoDB refuses it: SerializationException or UnknownOperationException.
    route.service = models_.Find("dynamodb");
    if (!route.service) return route;
    route.protocol = protocol::Protocol::kJson;
  } else {
    // Unsigned and untargeted: S3 anonymous access (browser GETs, presigned-less public reads).
    route.service = models_.Find("s3");
    if (!route.service) return route;
    route.protocol = protocol::Protocol::kRestXml;
  }

  route.kind = Route::Kind::kService;
  route.dialect = DialectFor(route.protocol);
  if (route.protocol != protocol::Protocol::kQuery) {
    auto op = protocol::CodecFor(route.protocol).Identify(*route.service, request, {});
    if (op.ok()) route.operation = *op;
  }
  return route;
}

}  // namespace tarn::gateway
