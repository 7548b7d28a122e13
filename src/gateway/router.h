#pragma once
// gateway::Router: which service, protocol and (when the head tells) operation a request is for,
// decided from the request head alone (STYLE.md, "How a service plugs in", rule 5):
//   1. /_tarn/* is tarn's own;
//   2. an X-Amz-Target prefix selects a JSON service;
//   3. otherwise the SigV4 credential scope's service decides, and the protocol follows from the
//      request (Action= → Query, else the service's REST protocol);
//   4. a browser's CORS preflight for a JSON or Query service (gateway/cors.h) is the gateway's;
//   5. an unsigned request with no target goes to S3 as anonymous.
// Never guesses the service from the path. Pure and thread-safe.

#include <optional>
#include <string>

#include "auth/authenticator.h"
#include "net/http.h"
#include "protocol/codec.h"
#include "protocol/model.h"

namespace tarn::gateway {

struct Route {
  // kPreflight: an OPTIONS for a JSON or Query service (answered by the gateway); kBucketPreflight:
  // any other OPTIONS, for an S3 bucket or object (answered by its bucket's CORS rules).
  enum class Kind { kInternal, kPreflight, kBucketPreflight, kService, kUnknownService };
  Kind kind = Kind::kUnknownService;
  const protocol::ServiceModel* service = nullptr;
  protocol::Protocol protocol = protocol::Protocol::kJson;
  // Known from the head for JSON (X-Amz-Target) and REST (method + URI); Query names it in the
  // body, so it stays null until the dispatcher has read the body.
  const protocol::OperationModel* operation = nullptr;
  auth::ErrorDialect dialect = auth::ErrorDialect::kJson;
  std::string unknown_service;  // the target prefix or scope service that matched nothing
};

class Router {
 public:
  explicit Router(const protocol::ModelSet& models) : models_(models) {}
  Route RouteRequest(const net::HttpRequest& request) const;

 private:
  const protocol::ModelSet& models_;
};

auth::ErrorDialect DialectFor(protocol::Protocol protocol);

}  // namespace tarn::gateway
