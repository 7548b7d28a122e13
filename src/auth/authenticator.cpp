#include "auth/authenticator.h"

#include <algorithm>
#include <charconv>

#include "auth/chunked_payload.h"
#include "auth/presign.h"
#include "auth/sigv2.h"
#include "core/encoding.h"
#include "core/limits.h"
#include "core/time_format.h"

namespace tarn::auth {
namespace {

// Bounded cache: at most this many (secret, day, region, service) keys; cleared when full.
constexpr size_t kMaxCachedSigningKeys = 4096;

bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool IsStreaming(std::string_view hash) {
  return hash == kStreamingPayload || hash == kStreamingPayloadTrailer ||
         hash == kStreamingUnsignedPayloadTrailer;
}

// S3: x-amz-content-sha256 is mandatory with header auth and must be a known mode or a hash.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
core::Result<std::string> S3PayloadHash(const net::HttpRequest& request, bool presigned) {
  auto header = request.headers.Get("x-amz-content-sha256");
  std::optional<std::string> query_hash;
  if (!header && presigned) {
    // The JS SDK v3 presigner puts X-Amz-Content-Sha256=UNSIGNED-PAYLOAD in the query.
    query_hash = FindQueryParameter(request.query(), "X-Amz-Content-Sha256");
    if (!query_hash) return std::string(kUnsignedPayload);
    header = *query_hash;
  }
  if (!header) return MissingContentSha256();
  if (*header != kUnsignedPayload && !IsStreaming(*header) && !IsHex64(*header))
    return InvalidContentSha256();
  return std::string(*header);
}

// Other services: the server hashes the body itself. A client-sent x-amz-content-sha256 is what
// the client signed, so it is used when it agrees with the body (or is UNSIGNED-PAYLOAD).
std::string ServicePayloadHash(const net::HttpRequest& request, std::optional<std::string_view> body) {
  auto header = request.headers.Get("x-amz-content-sha256");
  if (!body) return header ? std::string(*header) : std::string(kUnsignedPayload);
  std::string computed = core::Sha256Hex(*body);
  if (header && (*header == kUnsignedPayload || core::ToLowerAscii(*header) == computed))
    return std::string(*header);
  return computed;
}

core::Status CheckSkew(ErrorDialect dialect, std::string_view amz_date, core::TimePoint request,
                       core::TimePoint now) {
  if (request < now - core::kMaxClockSkew || request > now + core::kMaxClockSkew) {
    return RequestTimeSkewed(dialect, amz_date, request, now);
  }
  return core::Ok();
}

// The skew check of a request whose X-Amz-Date is well formed; anything else passes here (the
// caller's own error for the request then stands).
core::Status CheckSkewOfAmzDate(const net::HttpRequest& request, ErrorDialect dialect, core::TimePoint now) {
  auto amz_date = request.headers.Get("X-Amz-Date");
  if (!amz_date) return core::Ok();
  auto time = core::ParseAmzDate(*amz_date);
  if (!time) return core::Ok();
  return CheckSkew(dialect, *amz_date, *time, now);
}

// A SigV2 request time: RFC 1123 with "GMT" or, as S3's own examples write it, "+0000"; some
// clients send x-amz-date in SigV4's basic form.
std::optional<core::TimePoint> ParseV2Date(std::string_view date) {
  constexpr std::string_view kNumericUtc = " +0000";
  if (date.size() > kNumericUtc.size() && date.substr(date.size() - kNumericUtc.size()) == kNumericUtc) {
    return core::ParseHttpDate(std::string(date.substr(0, date.size() - kNumericUtc.size())) + " GMT");
  }
  if (auto t = core::ParseHttpDate(date)) return t;
  return core::ParseAmzDate(date);
}

}  // namespace

// Everything the signature covers, gathered from the header or the query.
struct Authenticator::SignedParts {
  std::string access_key_id;
  CredentialScope scope;
  std::string amz_date;
  std::string signed_headers;
  std::string signature;
  std::string security_token;
  std::string payload_hash;
  bool presigned = false;
};

std::optional<CredentialScope> PeekCredentialScope(const net::HttpRequest& request) {
  if (auto header = request.headers.Get("Authorization")) {
    auto parsed = ParseAuthorization(*header);
    if (auto* ok = std::get_if<ParsedAuthorization>(&parsed)) return ok->scope;
    return std::nullopt;
  }
  std::string_view query = request.query();
  if (query.find("X-Amz-Credential=") == std::string_view::npos) return std::nullopt;
  auto credential = FindQueryParameter(query, "X-Amz-Credential");
  if (!credential) return std::nullopt;
  auto parts = ParseCredential(*credential);
  if (!parts) return std::nullopt;
  return parts->scope;
}

Authenticator::Authenticator(const CredentialStore& credentials, const core::Clock& clock)
    : credentials_(credentials), clock_(clock) {}

core::Result<Authentication> Authenticator::Authenticate(const net::HttpRequest& request,
                                                         std::optional<std::string_view> body,
                                                         ErrorDialect dialect) const {
  std::string_view query = request.query();
  // Other services than S3 take a query as presigned when it names X-Amz-Algorithm, with or without
  // a value, and only then (dynalite's connection tests, recorded from DynamoDB).
  const bool presigned =
      dialect == ErrorDialect::kS3 ? HasPresignedQuery(query) : HasQueryParameter(query, "X-Amz-Algorithm");
  if (auto header = request.headers.Get("Authorization")) {
    if (dialect != ErrorDialect::kS3) {
      if (presigned) return AuthorizationHeaderAndQuery(dialect);
    } else {
      if (presigned || HasV2PresignedQuery(query)) return MultipleAuthMechanisms(*header);
      if (header->substr(0, 4) == "AWS ") return AuthenticateV2Header(request, *header);
    }
    return AuthenticateHeader(request, *header, body, dialect);
  }
  if (presigned) return AuthenticatePresigned(request, body, dialect);
  // SigV2 query authentication (AWSAccessKeyId=...&Signature=...&Expires=...): S3 only.
  if (HasV2PresignedQuery(query)) {
    if (dialect == ErrorDialect::kS3) return AuthenticateV2Presigned(request);
    return MissingAuthentication(dialect);
  }
  Authentication anonymous;
  if (dialect == ErrorDialect::kS3) {
    anonymous.payload_hash = request.headers.GetOr("x-amz-content-sha256", kUnsignedPayload);
  } else {
    anonymous.payload_hash = ServicePayloadHash(request, body);
  }
  return anonymous;
}

core::Result<Authentication> Authenticator::AuthenticateHeader(const net::HttpRequest& request,
                                                               std::string_view header,
                                                               std::optional<std::string_view> body,
                                                               ErrorDialect dialect) const {
  auto parsed = ParseAuthorization(header);
  if (auto* problem = std::get_if<AuthorizationProblem>(&parsed)) {
    const bool s3 = dialect == ErrorDialect::kS3;
    const bool has_date = request.headers.Has("X-Amz-Date") || request.headers.Has("Date");
    switch (problem->kind) {
      case AuthorizationProblem::Kind::kNotSigV4:
        return s3 ? UnsupportedAuthorization(header) : MissingAuthentication(dialect);
      case AuthorizationProblem::Kind::kMissingParameters:
        return MissingAuthorizationParameters(dialect, problem->message, has_date, header);
      case AuthorizationProblem::Kind::kUnsupportedAlgorithm:
        if (s3) return UnsupportedAuthorization(header);
        [[fallthrough]];
      case AuthorizationProblem::Kind::kMalformedCredential:
        // DynamoDB judges the date before the algorithm and the credential's scope: a 2017 date
        // with "Credential=alternator/2/3/4/aws4_request" is "Signature expired" (Alternator's
        // test_authorization.py, which runs against AWS; dynalite records the order). S3's order
        // is not known: unchanged.
        if (!s3) {
          if (!has_date) return MissingDate(dialect, header);
          TARN_TRY(CheckSkewOfAmzDate(request, dialect, clock_.Now()));
        }
        return IncompleteSignature(dialect, std::move(problem->message),
                                   "the Credential is mal-formed; expecting "
                                   "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    }
  }
  auto& authorization = std::get<ParsedAuthorization>(parsed);
  SignedParts parts;
  core::TimePoint time;
  if (auto amz_date = request.headers.Get("X-Amz-Date")) {
    auto t = core::ParseAmzDate(*amz_date);
    if (!t) return InvalidAmzDate(dialect, *amz_date);
    time = *t;
    parts.amz_date = std::string(*amz_date);
  } else if (auto date = request.headers.Get("Date")) {
    auto t = core::ParseHttpDate(*date);
    if (!t) return MissingDate(dialect, header);
    time = *t;
    parts.amz_date = core::FormatAmzDate(time);
  } else {
    return MissingDate(dialect, header);
  }
  if (authorization.scope.date != std::string_view(parts.amz_date).substr(0, 8)) {
    return CredentialDateMismatch(dialect, authorization.scope.date, parts.amz_date);
  }
  TARN_TRY(CheckSkew(dialect, parts.amz_date, time, clock_.Now()));
  if (dialect == ErrorDialect::kS3) {
    TARN_ASSIGN_OR_RETURN(parts.payload_hash, S3PayloadHash(request, /*presigned=*/false));
  } else {
    parts.payload_hash = ServicePayloadHash(request, body);
  }
  parts.access_key_id = std::move(authorization.access_key_id);
  parts.scope = std::move(authorization.scope);
  parts.signed_headers = std::move(authorization.signed_headers);
  parts.signature = std::move(authorization.signature);
  parts.security_token = request.headers.GetOr("X-Amz-Security-Token");
  TARN_ASSIGN_OR_RETURN(Authentication auth, Verify(request, parts, dialect));
  // A buffered S3 body must match the hash the client signed.
  if (dialect == ErrorDialect::kS3 && body && IsHex64(parts.payload_hash)) {
    std::string computed = core::Sha256Hex(*body);
    if (computed != core::ToLowerAscii(parts.payload_hash))
      return ContentSha256Mismatch(parts.payload_hash, computed);
  }
  return auth;
}

core::Result<Authentication> Authenticator::AuthenticatePresigned(const net::HttpRequest& request,
                                                                  std::optional<std::string_view> body,
                                                                  ErrorDialect dialect) const {
  TARN_ASSIGN_OR_RETURN(PresignedParameters params, ParsePresignedQuery(request.query(), dialect));
  core::TimePoint now = clock_.Now();
  if (dialect != ErrorDialect::kS3) {
    // Services other than S3 ignore X-Amz-Expires: a presigned request is valid in the usual
    // 15-minute window around X-Amz-Date (https://github.com/aws/aws-sdk-go/issues/2167).
    TARN_TRY(CheckSkew(dialect, params.amz_date, params.time, now));
  } else {
    if (params.time > now + core::kMaxClockSkew) {
      return core::AwsError("AccessDenied", "Request is not valid yet", 403);
    }
    core::TimePoint expires = params.time + std::chrono::seconds(params.expires_seconds);
    if (now > expires)
      return PresignedExpired(dialect, params.amz_date, expires, params.expires_seconds, now);
  }
  SignedParts parts;
  parts.presigned = true;
  parts.access_key_id = std::move(params.credential.access_key_id);
  parts.scope = std::move(params.credential.scope);
  parts.amz_date = std::move(params.amz_date);
  parts.signed_headers = std::move(params.signed_headers);
  parts.signature = std::move(params.signature);
  parts.security_token = std::move(params.security_token);
  if (dialect == ErrorDialect::kS3) {
    TARN_ASSIGN_OR_RETURN(parts.payload_hash, S3PayloadHash(request, /*presigned=*/true));
  } else {
    parts.payload_hash = core::Sha256Hex(body.value_or(std::string_view()));
  }
  return Verify(request, parts, dialect);
}

core::Result<Authentication> Authenticator::AuthenticateV2Header(const net::HttpRequest& request,
                                                                 std::string_view header) const {
  auto authorization = ParseV2Authorization(header);
  if (!authorization) return MalformedV2Authorization(header);
  // x-amz-date, when sent, is the request time and signs as an x-amz-* header; the date line of
  // the string to sign is then empty.
  std::optional<std::string_view> amz_date = request.headers.Get("x-amz-date");
  std::optional<std::string_view> date = amz_date ? amz_date : request.headers.Get("Date");
  std::optional<core::TimePoint> time = date ? ParseV2Date(*date) : std::nullopt;
  if (!time) return MissingDate(ErrorDialect::kS3, header);
  TARN_TRY(CheckSkew(ErrorDialect::kS3, *date, *time, clock_.Now()));
  std::string string_to_sign = V2StringToSign(request, amz_date ? std::string_view() : *date, false);
  return VerifyV2(*authorization, string_to_sign, request.headers.GetOr("X-Amz-Security-Token"),
                  /*presigned=*/false);
}

core::Result<Authentication> Authenticator::AuthenticateV2Presigned(const net::HttpRequest& request) const {
  std::string_view query = request.query();
  auto access_key_id = FindQueryParameter(query, "AWSAccessKeyId");
  auto signature = FindQueryParameter(query, "Signature");
  auto expires = FindQueryParameter(query, "Expires");
  if (!access_key_id || !signature || !expires) {
    return core::AwsError("AccessDenied",
                          "Query-string authentication requires the Signature, Expires and AWSAccessKeyId "
                          "parameters",
                          403);
  }
  int64_t expires_at = 0;
  auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), expires_at);
  if (ec != std::errc() || end != expires->data() + expires->size() || expires->empty()) {
    return core::AwsError("AccessDenied", "Invalid date (should be seconds since epoch): " + *expires, 403);
  }
  // Compared in seconds: Expires may be any 64-bit number, beyond what a TimePoint holds.
  core::TimePoint now = clock_.Now();
  int64_t now_seconds = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_seconds > expires_at) {
    return V2PresignedExpired(core::TimePoint(std::chrono::seconds(std::max<int64_t>(expires_at, 0))), now);
  }
  std::string string_to_sign = V2StringToSign(request, *expires, /*presigned=*/true);
  std::string token = request.headers.GetOr("X-Amz-Security-Token");
  if (token.empty()) token = FindQueryParameter(query, "x-amz-security-token").value_or("");
  return VerifyV2(V2Authorization{std::move(*access_key_id), std::move(*signature)}, string_to_sign, token,
                  /*presigned=*/true);
}

core::Result<Credential> Authenticator::UsableCredential(std::string_view access_key_id,
                                                         std::string_view security_token,
                                                         ErrorDialect dialect) const {
  std::optional<Credential> credential = credentials_.Find(access_key_id);
  if (!credential || !credential->active) return UnknownAccessKey(dialect, access_key_id);
  if (credential->expiration && clock_.Now() >= *credential->expiration) return ExpiredSecurityToken(dialect);
  if (credential->session_token.empty()
          ? !security_token.empty()
          : !core::ConstantTimeEquals(credential->session_token, security_token)) {
    return InvalidSecurityToken(dialect);
  }
  return std::move(*credential);
}

Authentication Authenticator::AuthenticatedAs(Credential credential, std::string_view access_key_id) {
  Authentication auth;
  auth.principal = std::move(credential.principal);
  auth.principal.access_key_id = std::string(access_key_id);
  auth.principal.session_token = std::move(credential.session_token);
  if (credential.expiration) auth.principal.expiration = credential.expiration;
  return auth;
}

core::Result<Authentication> Authenticator::VerifyV2(const V2Authorization& authorization,
                                                     std::string_view string_to_sign,
                                                     std::string_view security_token, bool presigned) const {
  TARN_ASSIGN_OR_RETURN(Credential credential,
                        UsableCredential(authorization.access_key_id, security_token, ErrorDialect::kS3));
  if (!core::ConstantTimeEquals(V2Signature(credential.secret_access_key, string_to_sign),
                                authorization.signature)) {
    return SignatureMismatch(ErrorDialect::kS3,
                             {authorization.access_key_id, string_to_sign, authorization.signature, ""});
  }
  Authentication auth = AuthenticatedAs(std::move(credential), authorization.access_key_id);
  auth.payload_hash = std::string(kUnsignedPayload);
  auth.presigned = presigned;
  auth.signature_v2 = true;
  auth.signature = authorization.signature;
  return auth;
}

core::Result<Authentication> Authenticator::Verify(const net::HttpRequest& request, const SignedParts& parts,
                                                   ErrorDialect dialect) const {
  TARN_ASSIGN_OR_RETURN(Credential credential,
                        UsableCredential(parts.access_key_id, parts.security_token, dialect));
  std::string canonical_request = CanonicalRequest(
      request.method, CanonicalUri(request.path(), dialect == ErrorDialect::kS3),
      CanonicalQueryString(request.query(), parts.presigned ? "X-Amz-Signature" : ""),
      CanonicalHeaders(request.headers, parts.signed_headers), parts.signed_headers, parts.payload_hash);
  std::string string_to_sign = StringToSign(parts.amz_date, ScopeString(parts.scope), canonical_request);
  core::Sha256Digest key = SigningKey(credential.secret_access_key, parts.scope);
  if (!core::ConstantTimeEquals(SignatureHex(key, string_to_sign), parts.signature)) {
    return SignatureMismatch(dialect,
                             {parts.access_key_id, string_to_sign, parts.signature, canonical_request});
  }
  Authentication auth = AuthenticatedAs(std::move(credential), parts.access_key_id);
  auth.scope = parts.scope;
  auth.payload_hash = parts.payload_hash;
  auth.presigned = parts.presigned;
  auth.amz_date = parts.amz_date;
  auth.signature = parts.signature;
  auth.signing_key = key;
  return auth;
}

core::Sha256Digest Authenticator::SigningKey(std::string_view secret, const CredentialScope& scope) const {
  std::string cache_key;
  cache_key.reserve(secret.size() + scope.date.size() + scope.region.size() + scope.service.size() + 3);
  cache_key.append(secret).append("\n").append(ScopeString(scope));
  {
    std::lock_guard lock(cache_mutex_);
    auto it = signing_keys_.find(cache_key);
    if (it != signing_keys_.end()) return it->second;
  }
  core::Sha256Digest key = DeriveSigningKey(secret, scope);
  std::lock_guard lock(cache_mutex_);
  if (signing_keys_.size() >= kMaxCachedSigningKeys) signing_keys_.clear();
  signing_keys_.emplace(std::move(cache_key), key);
  return key;
}

core::Result<std::unique_ptr<net::BodyReader>> Authenticator::WrapBody(const net::HttpRequest& request,
                                                                       const Authentication& auth,
                                                                       net::BodyReader& raw) const {
  std::string_view mode = request.headers.Get("x-amz-content-sha256").value_or(auth.payload_hash);
  if (mode.empty() || mode == kUnsignedPayload)
    return std::unique_ptr<net::BodyReader>(new PassThroughReader(raw));
  if (IsHex64(mode))
    return std::unique_ptr<net::BodyReader>(new Sha256VerifyingReader(raw, std::string(mode)));
  if (!IsStreaming(mode)) return InvalidContentSha256();
  ChunkedOptions options;
  options.trailer = mode != kStreamingPayload;
  if (auto decoded = request.headers.Get("x-amz-decoded-content-length")) {
    uint64_t length = 0;
    auto [end, ec] = std::from_chars(decoded->data(), decoded->data() + decoded->size(), length);
    if (ec != std::errc() || end != decoded->data() + decoded->size()) {
      return core::AwsError("InvalidArgument", "Invalid x-amz-decoded-content-length", 400);
    }
    options.decoded_length = length;
  }
  if (mode != kStreamingUnsignedPayloadTrailer) {
    // Chunk signatures chain from the request signature: a presigned or anonymous request has
    // none to chain from.
    if (auth.principal.type == core::Principal::Type::kAnonymous || auth.presigned || auth.signature_v2) {
      return core::AwsError("AccessDenied", "Access Denied", 403);
    }
    options.signing = ChunkSigning{auth.signing_key, auth.amz_date, ScopeString(auth.scope), auth.signature,
                                   auth.principal.access_key_id};
  }
  return std::unique_ptr<net::BodyReader>(new ChunkedPayloadReader(raw, std::move(options)));
}

}  // namespace tarn::auth
