#include "auth/sigv4.h"

#include <algorithm>

#include "core/encoding.h"

namespace tarn::auth {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Percent-decodes then re-encodes; a malformed escape keeps the raw text (its '%' is encoded).
std::string Recode(std::string_view raw) {
  if (raw.find('%') == std::string_view::npos) return core::UriEncode(raw);
  auto decoded = core::PercentDecode(raw);
  return core::UriEncode(decoded ? std::string_view(*decoded) : raw);
}

}  // namespace

std::string ScopeString(const CredentialScope& scope) {
  std::string out;
  out.reserve(scope.date.size() + scope.region.size() + scope.service.size() + 16);
  out.append(scope.date).append("/").append(scope.region).append("/").append(scope.service).append("/");
  out.append(kScopeTerminator);
  return out;
}

std::optional<CredentialParts> ParseCredential(std::string_view credential) {
  // AKID/date/region/service/aws4_request: split from the right so only the key id is free-form.
  std::string_view parts[5];
  std::string_view rest = credential;
  for (int i = 4; i >= 1; --i) {
    size_t slash = rest.rfind('/');
    if (slash == std::string_view::npos) return std::nullopt;
    parts[i] = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  parts[0] = rest;
  for (const auto& p : parts) {
    if (p.empty()) return std::nullopt;
  }
  if (parts[4] != kScopeTerminator || parts[1].size() != 8) return std::nullopt;
  if (!std::all_of(parts[1].begin(), parts[1].end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  CredentialParts out;
  out.access_key_id = std::string(parts[0]);
  out.scope = CredentialScope{std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
  return out;
}

namespace {
// The separators of an Authorization header's parameters. (string_view::find_first_of calls memchr
// on the set for every character: a third of this parse's time on a 250-byte header.)
bool IsSeparator(char c) { return c == ' ' || c == '\t' || c == ','; }
size_t FindSeparator(std::string_view s, bool separator) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsSeparator(s[i]) == separator) return i;
  }
  return std::string_view::npos;
}
}  // namespace

std::variant<ParsedAuthorization, AuthorizationProblem> ParseAuthorization(std::string_view header) {
  std::string_view h = TrimView(header);
  // DynamoDB answers a header that is no SigV4 one ("AWS4", "X", SigV2's "AWS ...") as a request
  // without one: MissingAuthenticationToken (dynalite's connection tests, recorded from DynamoDB).
  if (h.substr(0, 5) != "AWS4-") return AuthorizationProblem{AuthorizationProblem::Kind::kNotSigV4, {}};
  size_t space = std::min(h.find(' '), h.find('\t'));
  std::string_view algorithm = h.substr(0, space);
  std::string_view credential, signed_headers, signature;
  std::string_view rest = space == std::string_view::npos ? std::string_view() : h.substr(space);
  while (!rest.empty()) {
    size_t start = FindSeparator(rest, false);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t end = FindSeparator(rest, true);
    std::string_view item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") signed_headers = value;
    if (key == "Signature") signature = value;
  }
  // Wording of AWS's IncompleteSignature answers (observed from DynamoDB/STS/API Gateway).
  std::string missing;
  if (credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (signed_headers.empty()) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!missing.empty()) return AuthorizationProblem{AuthorizationProblem::Kind::kMissingParameters, missing};
  if (algorithm != kAlgorithm) {
    // dynalite's record of DynamoDB's answer, its trailing space included.
    return AuthorizationProblem{
        AuthorizationProblem::Kind::kUnsupportedAlgorithm,
        "Unsupported AWS 'algorithm': '" + std::string(algorithm) + "' (only AWS4-HMAC-SHA256 for now). "};
  }
  auto parts = ParseCredential(credential);
  if (!parts) {
    size_t slash = credential.rfind('/');
    std::string terminator(slash == std::string_view::npos ? credential : credential.substr(slash + 1));
    std::string message =
        terminator != kScopeTerminator
            ? "Credential should be scoped with a valid terminator: 'aws4_request', not '" + terminator + "'."
            : "Credential should be scoped to a valid region. ";
    return AuthorizationProblem{AuthorizationProblem::Kind::kMalformedCredential, std::move(message)};
  }
  ParsedAuthorization out;
  out.access_key_id = std::move(parts->access_key_id);
  out.scope = std::move(parts->scope);
  out.signed_headers = std::string(signed_headers);
  out.signature = std::string(signature);
  return out;
}

std::string CanonicalUri(std::string_view raw_path, bool s3) {
  if (raw_path.empty()) return "/";
  if (s3) return std::string(raw_path);
  // botocore's remove_dot_segments: also drops empty segments ("//").
  std::vector<std::string_view> segments;
  size_t pos = 0;
  while (pos <= raw_path.size()) {
    size_t slash = raw_path.find('/', pos);
    if (slash == std::string_view::npos) slash = raw_path.size();
    std::string_view seg = raw_path.substr(pos, slash - pos);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = slash + 1;
  }
  std::string normalized = raw_path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i) normalized += '/';
    normalized.append(segments[i]);
  }
  if (raw_path.back() == '/' && !segments.empty()) normalized += '/';
  if (normalized.empty()) normalized = "/";
  return core::UriEncode(normalized, /*encode_slash=*/false);
}

std::string CanonicalQueryString(std::string_view raw_query, std::string_view exclude) {
  if (raw_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> params;
  size_t pos = 0;
  while (pos <= raw_query.size()) {
    size_t amp = raw_query.find('&', pos);
    if (amp == std::string_view::npos) amp = raw_query.size();
    std::string_view pair = raw_query.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::string encoded_name = Recode(name);
    if (!exclude.empty() && encoded_name == exclude) continue;
    params.emplace_back(std::move(encoded_name), Recode(value));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string TrimAll(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (IsSpace(c) || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string CanonicalHeaders(const net::HttpHeaders& headers, std::string_view signed_headers) {
  std::string out;
  size_t pos = 0;
  while (pos <= signed_headers.size()) {
    size_t semi = signed_headers.find(';', pos);
    if (semi == std::string_view::npos) semi = signed_headers.size();
    std::string_view name = signed_headers.substr(pos, semi - pos);
    pos = semi + 1;
    if (name.empty()) continue;
    for (char c : name) out += Lower(c);
    out += ':';
    bool first = true;
    for (const auto& [field, value] : headers.entries()) {
      if (!net::EqualsIgnoreCase(field, name)) continue;
      if (!first) out += ',';
      out += TrimAll(value);
      first = false;
    }
    out += '\n';
  }
  return out;
}

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, std::string_view canonical_headers,
                             std::string_view signed_headers, std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + canonical_uri.size() + canonical_query.size() + canonical_headers.size() +
              signed_headers.size() + payload_hash.size() + 8);
  out.append(method).append("\n").append(canonical_uri).append("\n").append(canonical_query).append("\n");
  out.append(canonical_headers).append("\n").append(signed_headers).append("\n").append(payload_hash);
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + scope.size() + 68);
  out.append(kAlgorithm).append("\n").append(amz_date).append("\n").append(scope).append("\n");
  out.append(core::Sha256Hex(canonical_request));
  return out;
}

core::Sha256Digest DeriveSigningKey(std::string_view secret, const CredentialScope& scope) {
  std::string k_secret = "AWS4";
  k_secret.append(secret);
  auto k_date = core::HmacSha256(k_secret, scope.date);
  auto k_region = core::HmacSha256(core::AsStringView(k_date), scope.region);
  auto k_service = core::HmacSha256(core::AsStringView(k_region), scope.service);
  return core::HmacSha256(core::AsStringView(k_service), kScopeTerminator);
}

std::string SignatureHex(const core::Sha256Digest& signing_key, std::string_view string_to_sign) {
  return core::HexEncode(
      core::AsStringView(core::HmacSha256(core::AsStringView(signing_key), string_to_sign)));
}

std::string ChunkStringToSign(std::string_view amz_date, std::string_view scope,
                              std::string_view previous_signature, std::string_view chunk_sha256_hex) {
  std::string out = "AWS4-HMAC-SHA256-PAYLOAD\n";
  out.append(amz_date).append("\n").append(scope).append("\n").append(previous_signature).append("\n");
  out.append(kEmptySha256).append("\n").append(chunk_sha256_hex);
  return out;
}

std::string TrailerStringToSign(std::string_view amz_date, std::string_view scope,
                                std::string_view previous_signature, std::string_view trailer_sha256_hex) {
  std::string out = "AWS4-HMAC-SHA256-TRAILER\n";
  out.append(amz_date).append("\n").append(scope).append("\n").append(previous_signature).append("\n");
  out.append(trailer_sha256_hex);
  return out;
}

namespace {
std::pair<std::string, std::string> CanonicalizeSigningHeaders(const SigningRequest& request) {
  std::vector<std::pair<std::string, std::string>> sorted = request.headers;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string canonical, signed_names;
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i].first == sorted[i - 1].first) {
      canonical.pop_back();  // '\n': a repeated header joins the previous line
      canonical.append(",").append(TrimAll(sorted[i].second)).append("\n");
      continue;
    }
    if (!signed_names.empty()) signed_names += ';';
    signed_names += sorted[i].first;
    canonical.append(sorted[i].first).append(":").append(TrimAll(sorted[i].second)).append("\n");
  }
  return {std::move(canonical), std::move(signed_names)};
}
}  // namespace

std::string SignRequestSignature(const SigningRequest& request, const CredentialScope& scope,
                                 std::string_view amz_date, std::string_view secret) {
  auto [canonical_headers, signed_headers] = CanonicalizeSigningHeaders(request);
  std::string creq = CanonicalRequest(request.method, request.canonical_uri, request.canonical_query,
                                      canonical_headers, signed_headers, request.payload_hash);
  return SignatureHex(DeriveSigningKey(secret, scope), StringToSign(amz_date, ScopeString(scope), creq));
}

std::string SignRequest(const SigningRequest& request, const CredentialScope& scope,
                        std::string_view amz_date, std::string_view access_key_id, std::string_view secret) {
  auto [canonical_headers, signed_headers] = CanonicalizeSigningHeaders(request);
  std::string creq = CanonicalRequest(request.method, request.canonical_uri, request.canonical_query,
                                      canonical_headers, signed_headers, request.payload_hash);
  std::string signature =
      SignatureHex(DeriveSigningKey(secret, scope), StringToSign(amz_date, ScopeString(scope), creq));
  std::string out(kAlgorithm);
  out.append(" Credential=").append(access_key_id).append("/").append(ScopeString(scope));
  out.append(", SignedHeaders=").append(signed_headers).append(", Signature=").append(signature);
  return out;
}

}  // namespace tarn::auth
