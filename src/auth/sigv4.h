#pragma once
// SigV4 building blocks as pure functions (no I/O, no clock, no credential lookup): parsing the
// Authorization header, the canonical request, the string to sign, key derivation and signing,
// and the chained signatures of aws-chunked payloads. authenticator.cpp combines them per request.
// Everything here is safe to call from any thread.
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/crypto.h"
#include "net/http.h"

namespace tarn::auth {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kScopeTerminator = "aws4_request";
// x-amz-content-sha256 values with a special meaning.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
// sha256("") in hex.
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// From Credential=AKID/date/region/service/aws4_request.
struct CredentialScope {
  std::string date, region, service;
};
// "20150830/us-east-1/iam/aws4_request"
std::string ScopeString(const CredentialScope& scope);

// The Authorization header, split but not verified.
struct ParsedAuthorization {
  std::string access_key_id;
  CredentialScope scope;
  std::string signed_headers;  // "host;x-amz-date" as sent
  std::string signature;       // hex as sent
};
// Why an Authorization header could not be parsed. message is AWS's wording for JSON/Query
// services (IncompleteSignature); the authenticator renders it per dialect.
//   kNotSigV4: the scheme does not start "AWS4-" (no message: JSON/Query services answer such a
//     request as unsigned).
//   kMissingParameters: message lists "Authorization header requires 'X' parameter. " once per
//     missing component, without the "Authorization=<header>" AWS ends it with (the authenticator
//     adds that, after the missing date's sentence when there is no date either).
//   kUnsupportedAlgorithm: an "AWS4-" scheme other than AWS4-HMAC-SHA256.
struct AuthorizationProblem {
  enum class Kind { kNotSigV4, kMissingParameters, kUnsupportedAlgorithm, kMalformedCredential };
  Kind kind;
  std::string message;
};
// Accepts "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." with the
// components in any order, separated by commas and/or spaces, as AWS does. Checked in AWS's
// order: the scheme's "AWS4-" prefix, the three components, the algorithm, the credential.
std::variant<ParsedAuthorization, AuthorizationProblem> ParseAuthorization(std::string_view header);
// Splits "AKID/date/region/service/aws4_request"; nullopt if it does not have that shape.
struct CredentialParts {
  std::string access_key_id;
  CredentialScope scope;
};
std::optional<CredentialParts> ParseCredential(std::string_view credential);

// Canonical URI. s3: the raw path exactly as sent. Others: remove dot segments and empty
// segments, then URI-encode the (still percent-encoded) result again, as botocore's SigV4Auth.
std::string CanonicalUri(std::string_view raw_path, bool s3);
// Canonical query string from a raw query: each name and value percent-decoded and re-encoded
// with core::UriEncode, sorted by name then value. A parameter named exclude (presigned
// X-Amz-Signature) is left out. A malformed %-escape is kept literally (the signature then fails).
std::string CanonicalQueryString(std::string_view raw_query, std::string_view exclude = {});
// "name:value\n" for each name of signed_headers ("a;b;c"), values trimmed with inner runs of
// whitespace collapsed, repeated fields joined with ','. A signed header that is absent
// contributes an empty value (and the signature then fails).
std::string CanonicalHeaders(const net::HttpHeaders& headers, std::string_view signed_headers);
// Trimall of SigV4: trims and collapses runs of spaces/tabs into one space.
std::string TrimAll(std::string_view value);

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, std::string_view canonical_headers,
                             std::string_view signed_headers, std::string_view payload_hash);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
core::Sha256Digest DeriveSigningKey(std::string_view secret, const CredentialScope& scope);
std::string SignatureHex(const core::Sha256Digest& signing_key, std::string_view string_to_sign);

// aws-chunked: the string to sign of one chunk ("AWS4-HMAC-SHA256-PAYLOAD"), chained to the
// previous signature (the seed signature for the first chunk).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
std::string ChunkStringToSign(std::string_view amz_date, std::string_view scope,
                              std::string_view previous_signature, std::string_view chunk_sha256_hex);
// The trailer's string to sign ("AWS4-HMAC-SHA256-TRAILER"), over the canonical trailer lines
// ("name:value\n" each). https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
std::string TrailerStringToSign(std::string_view amz_date, std::string_view scope,
                                std::string_view previous_signature, std::string_view trailer_sha256_hex);

// Client-side signing (load generator, tests). headers: lowercase names; canonicalized here.
struct SigningRequest {
  std::string method;
  std::string canonical_uri;
  std::string canonical_query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_hash;
};
// Returns the Authorization header value.
std::string SignRequest(const SigningRequest& request, const CredentialScope& scope,
                        std::string_view amz_date, std::string_view access_key_id, std::string_view secret);
// The signature alone, for callers that need it (seed signatures, presigned URLs).
std::string SignRequestSignature(const SigningRequest& request, const CredentialScope& scope,
                                 std::string_view amz_date, std::string_view secret);

}  // namespace tarn::auth
