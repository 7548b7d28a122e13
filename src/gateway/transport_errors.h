#pragma once
// Errors the request path raises before a service handler runs, translated into each service's
// own words (the transport reports them generically). Pure functions; thread-safe.

#include <cstdint>
#include <string_view>

#include "auth/authenticator.h"
#include "core/aws_error.h"
#include "net/http.h"
#include "protocol/model.h"

namespace tarn::gateway {

// The transport's generic "body over the limit" error.
core::AwsError TooLarge();
// A request whose target prefix or credential scope names a service tarn does not serve.
core::AwsError UnknownService(std::string_view name);
// Translates the transport's generic errors (RequestEntityTooLarge, RequestTimeout) into the
// service's code; other errors pass through unchanged. `operation` (null when not yet known) and
// `limit` (the body quota the request exceeded) are for services whose message names them.
core::AwsError ForService(const protocol::ServiceModel& service, const protocol::OperationModel* operation,
                          uint64_t limit, core::AwsError error);
// Renders an error for a request whose service is unknown, in the shape its dialect expects.
net::HttpResponse RenderWithoutService(const net::HttpRequest& request, auth::ErrorDialect dialect,
                                       const core::AwsError& error);

}  // namespace tarn::gateway
