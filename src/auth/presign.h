#pragma once
// Query-string (presigned URL) SigV4: reading and validating the X-Amz-* parameters.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
// Pure functions; safe from any thread. The signature itself is verified by the Authenticator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/errors.h"
#include "auth/sigv4.h"
#include "core/result.h"

namespace tarn::auth {

// The value of the first query parameter with that (decoded) name, percent-decoded; nullopt when
// absent. Does not treat '+' as a space (SigV4 clients encode spaces as %20).
std::optional<std::string> FindQueryParameter(std::string_view raw_query, std::string_view name);
// True when the query carries SigV4 query authentication (X-Amz-Algorithm, X-Amz-Credential or
// X-Amz-Signature).
bool HasPresignedQuery(std::string_view raw_query);
// Whether the query has a parameter of that name (undecoded), with a value or without ("?a&b=1").
bool HasQueryParameter(std::string_view raw_query, std::string_view name);

struct PresignedParameters {
  CredentialParts credential;
  std::string amz_date;  // X-Amz-Date as sent
  core::TimePoint time;
  int64_t expires_seconds = 0;
  std::string signed_headers;
  std::string signature;
  std::string security_token;  // empty when absent
};
// Reads and validates X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires
// (0..604800; S3 only: other services ignore it), X-Amz-SignedHeaders, X-Amz-Signature and
// X-Amz-Security-Token. Errors: S3 AuthorizationQueryParametersError (400) with S3's wording;
// IncompleteSignature for JSON/Query services, which list every missing or empty parameter.
core::Result<PresignedParameters> ParsePresignedQuery(std::string_view raw_query, ErrorDialect dialect);

}  // namespace tarn::auth
