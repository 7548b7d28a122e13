#pragma once
// gateway::Dispatcher: the request path above the transport (DESIGN.md, "Request path"):
//   route → read body → authenticate (SigV4) → identify operation → decode (codec) →
//   authorize (IAM) → handler → encode (codec)
// It is the net::HttpHandler the server calls, and holds the ONE catch-all of the program: an
// exception escaping a handler becomes InternalFailure (500), logged with the request id.
// Thread-safe: Handle runs concurrently on the worker pool; all members are read-only.

#include <string>

#include "auth/authenticator.h"
#include "core/clock.h"
#include "gateway/router.h"
#include "net/http.h"
#include "net/registry.h"

namespace tarn::gateway {

struct DispatcherOptions {
  std::string version;  // reported by /_tarn/health
};

class Dispatcher final : public net::HttpHandler {
 public:
  Dispatcher(const net::Registry& registry, const auth::Authenticator& authenticator,
             const net::Authorizer& authorizer, const core::Clock& clock, DispatcherOptions options = {});

  net::RequestPlan Plan(const net::HttpRequest& request) override;
  // tarn's own endpoints, errors found before a handler runs, and operations registered cpu_only.
  // Relies on authentication and authorization never blocking (their stores are in memory).
  bool RunsInline(const net::HttpRequest& request, const net::RequestPlan& plan,
                  std::string_view body) override;
  // The authentication error of a request whose signature covers a declared x-amz-content-sha256.
  std::optional<core::AwsError> BeforeContinue(const net::HttpRequest& request,
                                               const net::RequestPlan& plan) override;
  net::HttpResponse Handle(net::HttpRequest& request, const net::RequestPlan& plan,
                           net::BodyReader& body) override;
  net::HttpResponse Reject(const net::HttpRequest& request, const net::RequestPlan& plan,
                           const core::AwsError& error) override;

 private:
  net::HttpResponse HandleService(net::HttpRequest& request, const Route& route, const net::RequestPlan& plan,
                                  net::BodyReader& body);
  net::HttpResponse HandleInternal(const net::HttpRequest& request);
  // An OPTIONS for an S3 bucket or object: the bucket's CORS rules answer it (s3/cors.h).
  net::HttpResponse AnswerBucketPreflight(const net::HttpRequest& request, const Route& route);
  net::HttpResponse RenderError(const net::HttpRequest& request, const Route& route,
                                const core::AwsError& error) const;

  const net::Registry& registry_;
  const auth::Authenticator& authenticator_;
  const net::Authorizer& authorizer_;
  const core::Clock& clock_;
  DispatcherOptions options_;
  Router router_;
};

}  // namespace tarn::gateway
