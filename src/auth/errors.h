#pragma once
// Authentication failures as each AWS protocol family names them. The same failure is
// InvalidSignatureException for JSON/REST-JSON services (DynamoDB, Lambda, Logs...),
// SignatureDoesNotMatch for Query services (IAM, STS, SNS, CloudWatch) and S3's own codes for S3.
// Pure factories; safe from any thread. Sources for each wording are noted beside it.

#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "core/clock.h"

namespace tarn::auth {

enum class ErrorDialect { kJson, kQuery, kS3 };

// No SigV4 credential at all (MissingAuthenticationToken[Exception]; S3: AccessDenied).
core::AwsError MissingAuthentication(ErrorDialect dialect);
// Malformed Authorization header / query parameters. message: the JSON/Query wording; S3 gets
// AuthorizationHeaderMalformed with s3_detail ("The authorization header is malformed; <detail>").
core::AwsError IncompleteSignature(ErrorDialect dialect, std::string message, std::string_view s3_detail);
// S3: an Authorization header that is neither SigV4 nor SigV2 ("Bearer ...", "AWS4-HMAC-SHA1 ...").
core::AwsError UnsupportedAuthorization(std::string_view header);
// A SigV4 header without some of Credential, Signature, SignedHeaders. missing: one "Authorization
// header requires 'X' parameter. " per absent component; has_date: whether X-Amz-Date or Date was
// sent (JSON/Query services name a missing date in the same answer).
core::AwsError MissingAuthorizationParameters(ErrorDialect dialect, std::string_view missing, bool has_date,
                                              std::string_view authorization);
// No X-Amz-Date and no Date header (S3: AccessDenied 403).
core::AwsError MissingDate(ErrorDialect dialect, std::string_view authorization);
// An X-Amz-Date that is not 20150830T123600Z.
core::AwsError InvalidAmzDate(ErrorDialect dialect, std::string_view value);
// The Credential's date differs from the day of X-Amz-Date.
core::AwsError CredentialDateMismatch(ErrorDialect dialect, std::string_view credential_date,
                                      std::string_view amz_date);
// Unknown or inactive access key id.
core::AwsError UnknownAccessKey(ErrorDialect dialect, std::string_view access_key_id);
// Session token absent, different from the credential's, or sent for a long-term key.
core::AwsError InvalidSecurityToken(ErrorDialect dialect);
core::AwsError ExpiredSecurityToken(ErrorDialect dialect);

// What the server computed, for S3's SignatureDoesNotMatch extras (no canonical request in SigV2).
struct SignatureMismatchDetail {
  std::string_view access_key_id, string_to_sign, signature_provided, canonical_request;
};
core::AwsError SignatureMismatch(ErrorDialect dialect, const SignatureMismatchDetail& detail);
// The request time is more than the allowed skew away from now. request_time: X-Amz-Date as sent.
core::AwsError RequestTimeSkewed(ErrorDialect dialect, std::string_view request_time, core::TimePoint request,
                                 core::TimePoint now);
// Presigned URL past X-Amz-Date + X-Amz-Expires (S3; other services only apply the 15-minute skew).
core::AwsError PresignedExpired(ErrorDialect dialect, std::string_view request_time, core::TimePoint expires,
                                int64_t expires_seconds, core::TimePoint now);
// S3: a presigned URL past its Expires (SigV2; SigV4's adds X-Amz-Expires); an "AWS ..." header
// that is not "AWS AKID:signature".
core::AwsError V2PresignedExpired(core::TimePoint expires, core::TimePoint now);
core::AwsError MalformedV2Authorization(std::string_view header);
// S3 AuthorizationQueryParametersError (400) / IncompleteSignature for other services.
core::AwsError QueryParametersError(ErrorDialect dialect, std::string message);

// S3: an Authorization header on a request that also carries query authentication.
core::AwsError MultipleAuthMechanisms(std::string_view authorization);
// JSON/Query services: an Authorization header on a request whose query names X-Amz-Algorithm.
core::AwsError AuthorizationHeaderAndQuery(ErrorDialect dialect);

// S3 payload errors.
core::AwsError MissingContentSha256();
core::AwsError InvalidContentSha256();
core::AwsError ContentSha256Mismatch(std::string_view client_hash, std::string_view computed_hash);
core::AwsError IncompleteBody();
core::AwsError MalformedChunkedBody(std::string_view detail);

}  // namespace tarn::auth
