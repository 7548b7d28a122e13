#include "auth/presign.h"

#include <charconv>

#include "core/encoding.h"
#include "core/limits.h"
#include "core/time_format.h"

namespace tarn::auth {

std::optional<std::string> FindQueryParameter(std::string_view raw_query, std::string_view name) {
  size_t pos = 0;
  while (pos <= raw_query.size()) {
    size_t amp = raw_query.find('&', pos);
    if (amp == std::string_view::npos) amp = raw_query.size();
    std::string_view pair = raw_query.substr(pos, amp - pos);
    pos = amp + 1;
    size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    bool matches = raw_name == name;
    if (!matches && raw_name.find('%') != std::string_view::npos) {
      auto decoded = core::PercentDecode(raw_name);
      matches = decoded && *decoded == name;
    }
    if (!matches) continue;
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto value = core::PercentDecode(raw_value);
    return value ? *value : std::string(raw_value);
  }
  return std::nullopt;
}

bool HasPresignedQuery(std::string_view raw_query) {
  return raw_query.find("X-Amz-Algorithm=") != std::string_view::npos ||
         raw_query.find("X-Amz-Credential=") != std::string_view::npos ||
         raw_query.find("X-Amz-Signature=") != std::string_view::npos;
}

bool HasQueryParameter(std::string_view raw_query, std::string_view name) {
  size_t pos = 0;
  while (pos < raw_query.size()) {
    size_t amp = raw_query.find('&', pos);
    if (amp == std::string_view::npos) amp = raw_query.size();
    std::string_view pair = raw_query.substr(pos, amp - pos);
    if (pair.substr(0, pair.find('=')) == name) return true;
    pos = amp + 1;
  }
  return false;
}

core::Result<PresignedParameters> ParsePresignedQuery(std::string_view raw_query, ErrorDialect dialect) {
  // Wording: S3's AuthorizationQueryParametersError answers (as recorded by moto and minio).
  auto algorithm = FindQueryParameter(raw_query, "X-Amz-Algorithm");
  auto credential = FindQueryParameter(raw_query, "X-Amz-Credential");
  auto signature = FindQueryParameter(raw_query, "X-Amz-Signature");
  auto date = FindQueryParameter(raw_query, "X-Amz-Date");
  auto signed_headers = FindQueryParameter(raw_query, "X-Amz-SignedHeaders");
  auto expires = FindQueryParameter(raw_query, "X-Amz-Expires");
  if (dialect != ErrorDialect::kS3) {
    // DynamoDB's words and order (dynalite's connection tests); X-Amz-Expires is not asked for.
    std::string missing;
    const std::pair<std::string_view, const std::optional<std::string>*> required[] = {
        {"X-Amz-Algorithm", &algorithm},
        {"X-Amz-Credential", &credential},
        {"X-Amz-Signature", &signature},
        {"X-Amz-SignedHeaders", &signed_headers},
        {"X-Amz-Date", &date}};
    for (const auto& [name, value] : required) {
      if (!*value || (*value)->empty())
        missing += "AWS query-string parameters must include '" + std::string(name) + "'. ";
    }
    if (!missing.empty())
      return QueryParametersError(dialect, missing + "Re-examine the query-string parameters.");
  } else if (!algorithm || !credential || !signature || !date || !signed_headers || !expires) {
    return QueryParametersError(dialect,
                                "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                                "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                                "X-Amz-Expires parameters.");
  }
  if (*algorithm != kAlgorithm) {
    return QueryParametersError(dialect, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  PresignedParameters out;
  auto parts = ParseCredential(*credential);
  if (!parts) {
    return QueryParametersError(dialect,
                                "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                                "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  }
  out.credential = std::move(*parts);
  auto time = core::ParseAmzDate(*date);
  if (!time) {
    return QueryParametersError(dialect,
                                "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  if (out.credential.scope.date != std::string_view(*date).substr(0, 8)) {
    return QueryParametersError(
        dialect,
        "Error parsing the X-Amz-Credential parameter; Invalid credential date. Date is "
        "not the same as X-Amz-Date.");
  }
  out.amz_date = std::move(*date);
  out.time = *time;
  out.signed_headers = std::move(*signed_headers);
  out.signature = std::move(*signature);
  out.security_token = FindQueryParameter(raw_query, "X-Amz-Security-Token").value_or("");
  if (dialect != ErrorDialect::kS3) return out;
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), seconds);
  if (ec != std::errc() || end != expires->data() + expires->size()) {
    return QueryParametersError(dialect, "X-Amz-Expires should be a number");
  }
  if (seconds < 0) return QueryParametersError(dialect, "X-Amz-Expires must be non-negative");
  if (seconds > core::kMaxPresignExpiresSeconds) {
    return QueryParametersError(dialect,
                                "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  }
  out.expires_seconds = seconds;
  return out;
}

}  // namespace tarn::auth
