#include "gateway/cors.h"

#include <string_view>

namespace tarn::gateway {
namespace {

// What DynamoDB lists (Alternator's server.cc copies it).
constexpr std::string_view kExposeHeaders = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";
// The answer never changes: browsers may keep it as long as they allow (Chromium: two hours).
constexpr std::string_view kMaxAgeSeconds = "7200";

bool HasOrigin(const net::HttpRequest& request) {
  auto origin = request.headers.Get("Origin");
  return origin && !origin->empty();
}

// Whether the comma-separated Access-Control-Request-Headers names `name` (any case).
bool AsksForHeader(const net::HttpRequest& request, std::string_view name) {
  auto header = request.headers.Get("Access-Control-Request-Headers");
  std::string_view list = header ? *header : std::string_view();
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (net::EqualsIgnoreCase(item, name)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool IsServicePreflight(const net::HttpRequest& request) {
  if (request.method != "OPTIONS" || !HasOrigin(request)) return false;
  return request.path() == "/" || AsksForHeader(request, "x-amz-target");
}

net::HttpResponse AnswerPreflight(const net::HttpRequest& request) {
  net::HttpResponse response;
  response.status = 200;
  response.service = "tarn";
  response.operation = "Preflight";
  response.headers.Set("x-amzn-RequestId", request.request_id);
  AddCorsHeaders(request, response);
  if (auto headers = request.headers.Get("Access-Control-Request-Headers"); headers && !headers->empty())
    response.headers.Set("Access-Control-Allow-Headers", std::string(*headers));
  if (auto method = request.headers.Get("Access-Control-Request-Method"); method && !method->empty())
    response.headers.Set("Access-Control-Allow-Methods", std::string(*method));
  response.headers.Set("Access-Control-Max-Age", std::string(kMaxAgeSeconds));
  return response;
}

void AddCorsHeaders(const net::HttpRequest& request, net::HttpResponse& response) {
  if (!HasOrigin(request)) return;
  response.headers.Set("Access-Control-Allow-Origin", "*");
  response.headers.Set("Access-Control-Expose-Headers", std::string(kExposeHeaders));
}

}  // namespace tarn::gateway
