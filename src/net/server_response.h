#pragma once
// Response-head serialization for net::Server (private to server*.cpp and tests): the status
// line, the handler's headers, and the framing headers the transport owns (Content-Length,
// Date, Connection, the request id). Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "net/http.h"

namespace tarn::net {

struct HeadFraming {
  bool head_request = false;  // HEAD: no body is written, a handler-set Content-Length is kept
  bool keep_alive = true;
  bool http10 = false;  // an HTTP/1.0 client kept alive needs "Connection: keep-alive"
};

// Appends the response head to out and returns the number of body bytes to write after it.
uint64_t SerializeHead(const HttpResponse& response, std::string_view request_id, const HeadFraming& framing,
                       std::string& out);

// A complete minimal error response that closes the connection (malformed requests).
std::string MinimalErrorResponse(int status, std::string_view code, std::string_view message);

// "Wed, 25 Nov 2026 09:27:54 GMT" for now, cached per second and thread.
std::string_view HttpDateNow();

}  // namespace tarn::net
