#include "net/server_response.h"

#include <boost/beast/http/status.hpp>
#include <charconv>
#include <ctime>

#include "core/ids.h"

namespace tarn::net {
namespace {

void AppendUint(std::string& out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out.append(buf, end);
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// Header values must not smuggle line breaks into the head.
bool SafeValue(std::string_view v) {
  return v.find('\r') == std::string_view::npos && v.find('\n') == std::string_view::npos;
}

}  // namespace

std::string_view HttpDateNow() {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[40];
  thread_local size_t cached_len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    cached_len = std::strftime(cached, sizeof cached, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_second = now;
  }
  return std::string_view(cached, cached_len);
}

uint64_t SerializeHead(const HttpResponse& response, std::string_view request_id, const HeadFraming& framing,
                       std::string& out) {
  const int status = response.status;
  const bool no_body_status = (status >= 100 && status < 200) || status == 204 || status == 304;
  const uint64_t natural = response.stream ? response.stream->Size() : response.body.size();
  out.append("HTTP/1.1 ");
  AppendUint(out, static_cast<uint64_t>(status));
  out.push_back(' ');
  auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");

  bool has_date = false, has_request_id = false, kept_length = false;
  for (const auto& [name, value] : response.headers.entries()) {
    if (!SafeValue(name) || !SafeValue(value)) continue;
    if (EqualsIgnoreCase(name, "Connection") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
        EqualsIgnoreCase(name, "Keep-Alive")) {
      continue;
    }
    if (EqualsIgnoreCase(name, "Content-Length")) {
      // Only HEAD (and 304) describe a body they do not carry; elsewhere the body decides.
      if (!(framing.head_request || status == 304) || kept_length) continue;
      kept_length = true;
    }
    if (EqualsIgnoreCase(name, "Date")) has_date = true;
    if (EqualsIgnoreCase(name, "x-amzn-RequestId") || EqualsIgnoreCase(name, "x-amz-request-id")) {
      has_request_id = true;
    }
    AppendHeader(out, name, value);
  }
  if (!has_request_id) AppendHeader(out, "x-amzn-RequestId", request_id);
  if (!has_date) AppendHeader(out, "Date", HttpDateNow());
  uint64_t body_bytes = 0;
  if (!no_body_status && !kept_length) {
    out.append("Content-Length: ");
    AppendUint(out, natural);
    out.append("\r\n");
  }
  if (!no_body_status && !framing.head_request) body_bytes = natural;
  if (!framing.keep_alive) {
    out.append("Connection: close\r\n");
  } else if (framing.http10) {
    out.append("Connection: keep-alive\r\n");
  }
  out.append("\r\n");
  return body_bytes;
}

std::string MinimalErrorResponse(int status, std::string_view code, std::string_view message) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
  body.append(code);
  body.append("</Code><Message>");
  body.append(message);
  body.append("</Message><RequestId>");
  std::string id = core::NewUuid();
  body.append(id);
  body.append("</RequestId></Error>");
  HttpResponse response;
  response.status = status;
  response.headers.Add("Content-Type", "application/xml");
  response.body = std::move(body);
  std::string out;
  SerializeHead(response, id, HeadFraming{.head_request = false, .keep_alive = false}, out);
  out.append(response.body);
  return out;
}

}  // namespace tarn::net
