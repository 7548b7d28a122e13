#include "auth/sigv2.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"

namespace tarn::auth {
namespace {

// Query parameters that are part of the signed resource (botocore's HmacV1Auth.QSAOfInterest,
// S3's sub-resources and response overrides).
constexpr std::array<std::string_view, 37> kSubresources = {
    "accelerate",
    "acl",
    "analytics",
    "cors",
    "defaultObjectAcl",
    "delete",
    "inventory",
    "legal-hold",
    "lifecycle",
    "location",
    "logging",
    "metrics",
    "notification",
    "object-lock",
    "ownershipControls",
    "partNumber",
    "policy",
    "replication",
    "requestPayment",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "select",
    "select-type",
    "storageClass",
    "tagging",
    "torrent",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "website",
};

bool IsSubresource(std::string_view name) {
  return std::find(kSubresources.begin(), kSubresources.end(), name) != kSubresources.end();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct QueryParameter {
  std::string name;   // decoded
  std::string value;  // decoded
  bool has_equals = false;
};

std::vector<QueryParameter> SplitQuery(std::string_view query) {
  std::vector<QueryParameter> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    QueryParameter p;
    p.name = core::PercentDecode(raw_name).value_or(std::string(raw_name));
    p.value = core::PercentDecode(raw_value).value_or(std::string(raw_value));
    p.has_equals = eq != std::string_view::npos;
    out.push_back(std::move(p));
  }
  return out;
}

// The path as sent, then the sub-resources by name, values decoded ("?acl", "?uploadId=2&partNumber=1"
// sorts as "?partNumber=1&uploadId=2").
std::string CanonicalResource(const net::HttpRequest& request, const std::vector<QueryParameter>& query) {
  std::string out(request.path());
  // A bucket addressed path-style ("/bucket") is the resource "/bucket/", as for a virtual-hosted
  // bucket; botocore signs it so.
  if (out.size() > 1 && out.find('/', 1) == std::string::npos) out += '/';
  std::vector<const QueryParameter*> chosen;
  for (const auto& p : query) {
    if (IsSubresource(p.name)) chosen.push_back(&p);
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const QueryParameter* a, const QueryParameter* b) { return a->name < b->name; });
  for (size_t i = 0; i < chosen.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += chosen[i]->name;
    if (chosen[i]->has_equals) out += '=' + chosen[i]->value;
  }
  return out;
}

}  // namespace

bool HasV2PresignedQuery(std::string_view raw_query) {
  // Every unsigned S3 request asks: decode only a query that could hold either name.
  if (raw_query.find("Signature") == std::string_view::npos &&
      raw_query.find("AWSAccessKeyId") == std::string_view::npos)
    return false;
  for (const auto& p : SplitQuery(raw_query)) {
    if (p.name == "AWSAccessKeyId" || p.name == "Signature") return true;
  }
  return false;
}

std::optional<V2Authorization> ParseV2Authorization(std::string_view header) {
  if (header.substr(0, 4) != "AWS ") return std::nullopt;
  std::string_view rest = header.substr(4);
  if (!rest.empty() && rest.front() == ' ') return std::nullopt;
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view key = rest.substr(0, colon), signature = rest.substr(colon + 1);
  if (signature.empty() || signature.find(':') != std::string_view::npos) return std::nullopt;
  return V2Authorization{std::string(key), std::string(signature)};
}

std::string V2StringToSign(const net::HttpRequest& request, std::string_view date, bool presigned) {
  std::vector<QueryParameter> query = SplitQuery(request.query());
  auto from_query = [&](std::string_view name) -> std::optional<std::string> {
    if (!presigned) return std::nullopt;
    for (const auto& p : query) {
      if (core::ToLowerAscii(p.name) == name) return p.value;
    }
    return std::nullopt;
  };
  auto standard = [&](std::string_view name) {
    if (auto v = request.headers.Get(name)) return std::string(Trim(*v));
    return from_query(core::ToLowerAscii(name)).value_or("");
  };
  std::string out = request.method;
  out += '\n';
  out += standard("Content-MD5") + '\n';
  out += standard("Content-Type") + '\n';
  out += date;
  out += '\n';
  // x-amz-* headers: lowercased names, sorted, repeated values joined with commas.
  std::map<std::string, std::string> amz;
  for (const auto& [name, value] : request.headers.entries()) {
    std::string lower = core::ToLowerAscii(name);
    if (lower.rfind("x-amz-", 0) != 0) continue;
    auto [it, inserted] = amz.try_emplace(lower, std::string(Trim(value)));
    if (!inserted) it->second += ',' + std::string(Trim(value));
  }
  if (presigned) {
    for (const auto& p : query) {
      std::string lower = core::ToLowerAscii(p.name);
      if (lower.rfind("x-amz-", 0) == 0 && !request.headers.Has(lower)) amz.try_emplace(lower, Trim(p.value));
    }
  }
  for (const auto& [name, value] : amz) out += name + ':' + value + '\n';
  out += CanonicalResource(request, query);
  return out;
}

std::string V2Signature(std::string_view secret, std::string_view string_to_sign) {
  return core::Base64Encode(core::HmacSha1(secret, string_to_sign));
}

}  // namespace tarn::auth
