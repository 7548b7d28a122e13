// GetFunction's Code.Location: Lambda answers with a presigned S3 URL of the deployment package that
// expires after ten minutes (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCodeLocation.html).
// tarn's link names the package in its code store and carries an expiry and an HMAC of both under a key
// this process drew, so only a caller who was allowed lambda:GetFunction gets a working link, and a
// link dies with its ten minutes or the process.
#include <charconv>
#include <cmath>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/fs.h"
#include "core/time_format.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace {

constexpr std::string_view kPrefix = "/_tarn/lambda/code/";
constexpr int64_t kLinkSeconds = 600;

bool IsFunctionName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

bool IsSha256Hex(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string LinkSignature(std::string_view key, std::string_view name, std::string_view hex,
                          std::string_view expires) {
  std::string text;
  text.append(name).append("/").append(hex).append("\n").append(expires);
  return core::HexEncode(core::AsStringView(core::HmacSha256(key, text)));
}

// The value of `name` in a raw query of name=value pairs (no percent-decoding: tarn's own values are
// digits and hex), or empty.
std::string_view QueryValue(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

net::HttpResponse Refusal(int status, std::string_view code, std::string_view message) {
  net::HttpResponse response;
  response.status = status;
  response.operation = "GetFunctionCode";
  response.headers.Set("Content-Type", "application/xml");
  response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + std::string(code) +
                  "</Code><Message>" + std::string(message) + "</Message></Error>";
  return response;
}

}  // namespace

std::string Service::Impl::CodeLocation(const FunctionRecord& record) const {
  auto now = static_cast<int64_t>(std::floor(core::ToEpochSeconds(clock.Now())));
  std::string expires = std::to_string(now + kLinkSeconds);
  return runtime.endpoint + std::string(kPrefix) + record.name + "/" + record.code_hex +
         ".zip?Expires=" + expires +
         "&Signature=" + LinkSignature(code_link_key, record.name, record.code_hex, expires);
}

std::optional<net::HttpResponse> Service::Impl::DownloadCode(const net::HttpRequest& request) const {
  std::string_view path = request.path();
  if (!path.starts_with(kPrefix) || !path.ends_with(".zip")) return std::nullopt;
  std::string_view rest = path.substr(kPrefix.size(), path.size() - kPrefix.size() - 4);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view name = rest.substr(0, slash), hex = rest.substr(slash + 1);
  if (!IsFunctionName(name) || !IsSha256Hex(hex)) return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD")
    return Refusal(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");

  std::string_view expires = QueryValue(request.query(), "Expires");
  std::string_view signature = QueryValue(request.query(), "Signature");
  int64_t expiry = 0;
  auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), expiry);
  if (expires.empty() || ec != std::errc() || end != expires.data() + expires.size() ||
      !core::ConstantTimeEquals(LinkSignature(code_link_key, name, hex, expires), signature))
    return Refusal(403, "AccessDenied", "Access Denied");
  if (core::ToEpochSeconds(clock.Now()) > static_cast<double>(expiry))
    return Refusal(403, "AccessDenied", "Request has expired");

  auto zip = core::ReadFile(code.ZipPath(name, hex));
  if (!zip.ok()) return Refusal(404, "NoSuchKey", "The specified key does not exist.");
  net::HttpResponse response;
  response.operation = "GetFunctionCode";
  response.headers.Set("Content-Type", "application/zip");
  if (request.method == "HEAD") {
    response.headers.Set("Content-Length", std::to_string(zip->size()));
  } else {
    response.body = std::move(*zip);
  }
  return response;
}

}  // namespace tarn::lambda
