#include "auth/errors.h"

#include <chrono>

#include "core/encoding.h"
#include "core/limits.h"
#include "core/time_format.h"

namespace tarn::auth {
namespace {

// Wording: AWS common errors (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html),
// botocore's error tables, and moto/localstack's copies of live answers.
constexpr std::string_view kSignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details.";
constexpr std::string_view kS3SignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your key and "
    "signing method.";
constexpr std::string_view kInvalidToken = "The security token included in the request is invalid.";
constexpr std::string_view kExpiredToken = "The security token included in the request is expired";
constexpr std::string_view kMissingDateSentence =
    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";

// S3 lists the bytes of StringToSign/CanonicalRequest as space-separated hex pairs.
std::string SpacedHex(std::string_view bytes) {
  std::string hex = core::HexEncode(bytes);
  std::string out;
  out.reserve(hex.size() * 3 / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ' ';
    out.append(hex, i, 2);
  }
  return out;
}

core::AwsError SignatureError(ErrorDialect dialect, std::string message) {
  if (dialect == ErrorDialect::kQuery)
    return core::AwsError("SignatureDoesNotMatch", std::move(message), 403);
  return core::AwsError("InvalidSignatureException", std::move(message), 400);
}

}  // namespace

core::AwsError MissingAuthentication(ErrorDialect dialect) {
  switch (dialect) {
    case ErrorDialect::kJson:
      return core::AwsError("MissingAuthenticationTokenException", "Request is missing Authentication Token",
                            400);
    case ErrorDialect::kQuery:
      return core::AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    case ErrorDialect::kS3:
      break;
  }
  return core::AwsError("AccessDenied", "Access Denied", 403);
}

core::AwsError IncompleteSignature(ErrorDialect dialect, std::string message, std::string_view s3_detail) {
  switch (dialect) {
    case ErrorDialect::kJson:
      return core::AwsError("IncompleteSignatureException", std::move(message), 400);
    case ErrorDialect::kQuery:
      return core::AwsError("IncompleteSignature", std::move(message), 400);
    case ErrorDialect::kS3:
      break;
  }
  return core::AwsError("AuthorizationHeaderMalformed",
                        "The authorization header is malformed; " + std::string(s3_detail), 400);
}

core::AwsError UnsupportedAuthorization(std::string_view header) {
  // S3 takes SigV2 ("AWS ...", see sigv2.h); other schemes are an invalid argument.
  core::AwsError error("InvalidArgument", "Unsupported Authorization Type", 400);
  error.extra["ArgumentName"] = "Authorization";
  error.extra["ArgumentValue"] = std::string(header);
  return error;
}

core::AwsError MissingAuthorizationParameters(ErrorDialect dialect, std::string_view missing, bool has_date,
                                              std::string_view authorization) {
  std::string message(missing);
  if (!has_date) message += kMissingDateSentence;
  message += "Authorization=";
  message += authorization;
  return IncompleteSignature(dialect, std::move(message),
                             "the authorization header requires three components: Credential, SignedHeaders, "
                             "and Signature.");
}

core::AwsError MissingDate(ErrorDialect dialect, std::string_view authorization) {
  if (dialect == ErrorDialect::kS3) {
    return core::AwsError("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header",
                          403);
  }
  return IncompleteSignature(
      dialect, std::string(kMissingDateSentence) + "Authorization=" + std::string(authorization), "");
}

core::AwsError InvalidAmzDate(ErrorDialect dialect, std::string_view value) {
  if (dialect == ErrorDialect::kS3) {
    return core::AwsError("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header",
                          403);
  }
  return IncompleteSignature(dialect,
                             "Date must be in ISO-8601 'basic format'. Got '" + std::string(value) +
                                 "'. See http://en.wikipedia.org/wiki/ISO_8601",
                             "");
}

core::AwsError CredentialDateMismatch(ErrorDialect dialect, std::string_view credential_date,
                                      std::string_view amz_date) {
  if (dialect == ErrorDialect::kS3) {
    return IncompleteSignature(dialect, "", "Invalid credential date. Date is not the same as X-Amz-Date.");
  }
  return SignatureError(dialect,
                        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                        "from HTTP: '" +
                            std::string(credential_date) + "' != '" + std::string(amz_date.substr(0, 8)) +
                            "', from '" + std::string(amz_date) + "'.");
}

core::AwsError UnknownAccessKey(ErrorDialect dialect, std::string_view access_key_id) {
  switch (dialect) {
    case ErrorDialect::kJson:
      return core::AwsError("UnrecognizedClientException", std::string(kInvalidToken), 400);
    case ErrorDialect::kQuery:
      return core::AwsError("InvalidClientTokenId", std::string(kInvalidToken), 403);
    case ErrorDialect::kS3:
      break;
  }
  core::AwsError error("InvalidAccessKeyId",
                       "The AWS Access Key Id you provided does not exist in our records.", 403);
  error.extra["AWSAccessKeyId"] = std::string(access_key_id);
  return error;
}

core::AwsError InvalidSecurityToken(ErrorDialect dialect) {
  switch (dialect) {
    case ErrorDialect::kJson:
      return core::AwsError("UnrecognizedClientException", std::string(kInvalidToken), 400);
    case ErrorDialect::kQuery:
      return core::AwsError("InvalidClientTokenId", std::string(kInvalidToken), 403);
    case ErrorDialect::kS3:
      break;
  }
  return core::AwsError("InvalidToken", "The provided token is malformed or otherwise invalid.", 400);
}

core::AwsError ExpiredSecurityToken(ErrorDialect dialect) {
  switch (dialect) {
    case ErrorDialect::kJson:
      return core::AwsError("ExpiredTokenException", std::string(kExpiredToken), 400);
    case ErrorDialect::kQuery:
      return core::AwsError("ExpiredToken", std::string(kExpiredToken), 403);
    case ErrorDialect::kS3:
      break;
  }
  return core::AwsError("ExpiredToken", "The provided token has expired.", 400);
}

core::AwsError SignatureMismatch(ErrorDialect dialect, const SignatureMismatchDetail& detail) {
  if (dialect != ErrorDialect::kS3) return SignatureError(dialect, std::string(kSignatureMismatch));
  core::AwsError error("SignatureDoesNotMatch", std::string(kS3SignatureMismatch), 403);
  error.extra["AWSAccessKeyId"] = std::string(detail.access_key_id);
  error.extra["StringToSign"] = std::string(detail.string_to_sign);
  error.extra["SignatureProvided"] = std::string(detail.signature_provided);
  error.extra["StringToSignBytes"] = SpacedHex(detail.string_to_sign);
  if (!detail.canonical_request.empty()) {
    error.extra["CanonicalRequest"] = std::string(detail.canonical_request);
    error.extra["CanonicalRequestBytes"] = SpacedHex(detail.canonical_request);
  }
  return error;
}

core::AwsError RequestTimeSkewed(ErrorDialect dialect, std::string_view request_time, core::TimePoint request,
                                 core::TimePoint now) {
  if (dialect == ErrorDialect::kS3) {
    core::AwsError error("RequestTimeTooSkewed",
                         "The difference between the request time and the current time is too large.", 403);
    error.extra["RequestTime"] = std::string(request_time);
    error.extra["ServerTime"] = core::FormatIso8601(now);
    error.extra["MaxAllowedSkewMilliseconds"] =
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(core::kMaxClockSkew).count());
    return error;
  }
  std::string message;
  if (request < now) {
    message = "Signature expired: " + std::string(request_time) + " is now earlier than " +
              core::FormatAmzDate(now - core::kMaxClockSkew) + " (" + core::FormatAmzDate(now) +
              " - 15 min.)";
  } else {
    message = "Signature not yet current: " + std::string(request_time) + " is still later than " +
              core::FormatAmzDate(now + core::kMaxClockSkew) + " (" + core::FormatAmzDate(now) +
              " + 15 min.)";
  }
  return SignatureError(dialect, std::move(message));
}

core::AwsError PresignedExpired(ErrorDialect dialect, std::string_view request_time, core::TimePoint expires,
                                int64_t expires_seconds, core::TimePoint now) {
  if (dialect == ErrorDialect::kS3) {
    core::AwsError error = V2PresignedExpired(expires, now);
    error.extra["X-Amz-Expires"] = std::to_string(expires_seconds);
    return error;
  }
  return SignatureError(dialect, "Signature expired: " + std::string(request_time) + " is now earlier than " +
                                     core::FormatAmzDate(now - std::chrono::seconds(expires_seconds)) + " (" +
                                     core::FormatAmzDate(now) + " - " + std::to_string(expires_seconds) +
                                     " sec.)");
}

core::AwsError V2PresignedExpired(core::TimePoint expires, core::TimePoint now) {
  core::AwsError error("AccessDenied", "Request has expired", 403);
  error.extra["Expires"] = core::FormatIso8601(expires);
  error.extra["ServerTime"] = core::FormatIso8601(now);
  return error;
}

// S3's wording, as answered by S3 to "AWS key:user:signature" and as MinIO copies it.
core::AwsError MalformedV2Authorization(std::string_view header) {
  core::AwsError error =
      header.substr(0, 5) == "AWS  "
          ? core::AwsError("InvalidArgument",
                           "Authorization header is invalid -- one and only one ' ' (space) "
                           "required",
                           400)
          : core::AwsError("InvalidArgument",
                           "AWS authorization header is invalid.  Expected "
                           "AwsAccessKeyId:signature",
                           400);
  error.extra["ArgumentName"] = "Authorization";
  error.extra["ArgumentValue"] = std::string(header);
  return error;
}

core::AwsError QueryParametersError(ErrorDialect dialect, std::string message) {
  if (dialect == ErrorDialect::kS3) {
    return core::AwsError("AuthorizationQueryParametersError", std::move(message), 400);
  }
  return IncompleteSignature(dialect, std::move(message), "");
}

core::AwsError MultipleAuthMechanisms(std::string_view authorization) {
  // S3's answer when a presigned URL is sent with an Authorization header as well (widely
  // reported by clients that follow redirects to presigned S3 URLs with their own auth header).
  core::AwsError error("InvalidArgument",
                       "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature "
                       "query string parameter or the Authorization header should be specified",
                       400);
  error.extra["ArgumentName"] = "Authorization";
  error.extra["ArgumentValue"] = std::string(authorization);
  return error;
}

core::AwsError AuthorizationHeaderAndQuery(ErrorDialect dialect) {
  // DynamoDB's words (dynalite's connection tests); STS's code for a signature problem.
  return SignatureError(
      dialect, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
}

core::AwsError MissingContentSha256() {
  return core::AwsError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256",
                        400);
}

core::AwsError InvalidContentSha256() {
  core::AwsError error("InvalidArgument",
                       "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                       "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a "
                       "valid sha256 value.",
                       400);
  error.extra["ArgumentName"] = "x-amz-content-sha256";
  return error;
}

core::AwsError ContentSha256Mismatch(std::string_view client_hash, std::string_view computed_hash) {
  core::AwsError error("XAmzContentSHA256Mismatch",
                       "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
  error.extra["ClientComputedContentSHA256"] = std::string(client_hash);
  error.extra["S3ComputedContentSHA256"] = std::string(computed_hash);
  return error;
}

core::AwsError IncompleteBody() {
  return core::AwsError(
      "IncompleteBody",
      "You did not provide the number of bytes specified by the Content-Length HTTP header.", 400);
}

core::AwsError MalformedChunkedBody(std::string_view detail) {
  // S3 rejects broken aws-chunked framing as an invalid request; detail says what was wrong.
  return core::AwsError("InvalidRequest", "Invalid aws-chunked encoding: " + std::string(detail), 400);
}

}  // namespace tarn::auth
