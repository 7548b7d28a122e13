#include "gateway/response_compression.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/crypto.h"
#include "core/gzip.h"
#include "net/http.h"

namespace tarn::gateway {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The first q parameter of an Accept-Encoding element's parameters, clamped to [0, 1]; 1 when there
// is none or it is not a number.
double QualityOf(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos || !net::EqualsIgnoreCase(Trim(param.substr(0, eq)), "q")) continue;
    std::string value(Trim(param.substr(eq + 1)));
    char* end = nullptr;
    double q = value.empty() ? NAN : std::strtod(value.c_str(), &end);
    if (std::isnan(q) || end != value.c_str() + value.size()) return 1;
    return std::clamp(q, 0.0, 1.0);
  }
  return 1;
}

struct Offer {
  std::optional<double> quality;  // the highest the header gives the coding by name
  size_t position = 0;            // where it was first named
};

}  // namespace

ContentCoding NegotiateContentCoding(std::string_view accept_encoding) {
  Offer gzip, deflate;
  std::optional<double> star;
  size_t position = 0;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view name = Trim(element.substr(0, semi));
    double q = QualityOf(semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1));
    ++position;
    Offer* offer = net::EqualsIgnoreCase(name, "gzip")      ? &gzip
                   : net::EqualsIgnoreCase(name, "deflate") ? &deflate
                                                            : nullptr;
    if (offer != nullptr) {
      if (!offer->quality) offer->position = position;
      offer->quality = std::max(offer->quality.value_or(0), q);
    } else if (name == "*") {
      star = std::max(star.value_or(0), q);
    }
  }
  // A coding "*" stands for comes after every named one of the same quality, gzip before deflate.
  const size_t unnamed = position + 1;
  const double gzip_q = gzip.quality.value_or(star.value_or(0));
  const double deflate_q = deflate.quality.value_or(star.value_or(0));
  const size_t gzip_at = gzip.quality ? gzip.position : unnamed;
  const size_t deflate_at = deflate.quality ? deflate.position : unnamed + 1;
  if (gzip_q <= 0 && deflate_q <= 0) return ContentCoding::kIdentity;
  if (gzip_q != deflate_q) return gzip_q > deflate_q ? ContentCoding::kGzip : ContentCoding::kDeflate;
  return gzip_at < deflate_at ? ContentCoding::kGzip : ContentCoding::kDeflate;
}

void CompressResponse(const net::HttpRequest& request, net::HttpResponse& response) {
  if (response.stream || response.body.size() < kCompressFromBytes) return;
  auto accept = request.headers.Get("Accept-Encoding");
  if (!accept) return;
  ContentCoding coding = NegotiateContentCoding(*accept);
  if (coding == ContentCoding::kIdentity) return;
  response.body = coding == ContentCoding::kGzip ? core::Gzip(response.body) : core::Zlib(response.body);
  response.headers.Set("Content-Encoding", coding == ContentCoding::kGzip ? "gzip" : "deflate");
  response.headers.Set("x-amz-crc32", std::to_string(core::Crc32(response.body)));
}

}  // namespace tarn::gateway
