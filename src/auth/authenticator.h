#pragma once
// The request-level SigV4 entry point used by the gateway's dispatcher: verifies the
// Authorization header or a presigned query, resolves the principal through the CredentialStore,
// and wraps streamed bodies so their payload hash / chunk signatures are verified as they pass.
// Authenticator is immutable after construction apart from an internal, mutex-guarded cache of
// derived signing keys: share one instance across all worker threads.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/credentials.h"
#include "auth/errors.h"
#include "auth/sigv2.h"
#include "auth/sigv4.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/principal.h"
#include "core/result.h"
#include "net/http.h"

namespace tarn::auth {

// Reads the scope from the Authorization header or X-Amz-Credential without verifying anything
// (the router uses it to pick the service). nullopt if the request carries no SigV4 credential.
std::optional<CredentialScope> PeekCredentialScope(const net::HttpRequest& request);

struct Authentication {
  core::Principal principal;  // Type::kAnonymous when the request is not signed at all
  CredentialScope scope;      // region and service the client signed for
  std::string payload_hash;   // x-amz-content-sha256 value or computed hex hash
  bool presigned = false;
  bool signature_v2 = false;  // S3's HMAC-SHA1 signature (header or presigned URL): no chunk signing
  // What WrapBody needs to verify aws-chunked signatures.
  std::string amz_date;
  std::string signature;
  core::Sha256Digest signing_key{};
};

class Authenticator {
 public:
  Authenticator(const CredentialStore& credentials, const core::Clock& clock);

  // Verifies SigV4 (header or presigned), and for S3 also SigV2 (see sigv2.h). body: the whole buffered body,
  // or nullopt when the body will stream (then the payload hash is taken from x-amz-content-sha256 and
  // checked later by WrapBody). A request with no signature at all gives an anonymous principal: the caller
  // decides whether that is allowed (MissingAuthentication builds the refusal). Errors (per dialect, see
  // errors.h): IncompleteSignature / AuthorizationHeaderMalformed, unsupported algorithm, missing date,
  // RequestTimeTooSkewed / "Signature expired", unknown or inactive key, expired or invalid security token,
  // SignatureDoesNotMatch, presigned parameter errors; for S3 also "Request has expired" (X-Amz-Expires;
  // other services apply only the 15-minute skew to presigned requests), InvalidArgument for an Authorization
  // header together with query authentication, and the x-amz-content-sha256 errors.
  core::Result<Authentication> Authenticate(const net::HttpRequest& request,
                                            std::optional<std::string_view> body, ErrorDialect dialect) const;

  // For streaming bodies: wraps raw according to x-amz-content-sha256: STREAMING-* → aws-chunked
  // decoder (a ChunkedPayloadReader: S3 reads its trailers() after the end), a hex hash →
  // hashing verifier, UNSIGNED-PAYLOAD or none → pass-through. raw must outlive the result.
  // Errors: S3 InvalidArgument for an unknown x-amz-content-sha256, AccessDenied for a signed
  // streaming mode on an unsigned request, InvalidArgument for a bad x-amz-decoded-content-length.
  core::Result<std::unique_ptr<net::BodyReader>> WrapBody(const net::HttpRequest& request,
                                                          const Authentication& auth,
                                                          net::BodyReader& raw) const;

 private:
  struct SignedParts;
  core::Result<Authentication> AuthenticateHeader(const net::HttpRequest& request, std::string_view header,
                                                  std::optional<std::string_view> body,
                                                  ErrorDialect dialect) const;
  core::Result<Authentication> AuthenticatePresigned(const net::HttpRequest& request,
                                                     std::optional<std::string_view> body,
                                                     ErrorDialect dialect) const;
  // S3's SigV2: "Authorization: AWS AKID:signature", and ?AWSAccessKeyId=&Expires=&Signature=.
  core::Result<Authentication> AuthenticateV2Header(const net::HttpRequest& request,
                                                    std::string_view header) const;
  core::Result<Authentication> AuthenticateV2Presigned(const net::HttpRequest& request) const;
  core::Result<Authentication> VerifyV2(const V2Authorization& authorization, std::string_view string_to_sign,
                                        std::string_view security_token, bool presigned) const;
  core::Result<Authentication> Verify(const net::HttpRequest& request, const SignedParts& parts,
                                      ErrorDialect dialect) const;
  // The key's credential when it is active, unexpired and sent with its own session token (or, for
  // a long-term key, none). Errors: unknown key, expired or invalid token.
  core::Result<Credential> UsableCredential(std::string_view access_key_id, std::string_view security_token,
                                            ErrorDialect dialect) const;
  // A verified signature's Authentication: the credential's principal.
  static Authentication AuthenticatedAs(Credential credential, std::string_view access_key_id);
  core::Sha256Digest SigningKey(std::string_view secret, const CredentialScope& scope) const;

  const CredentialStore& credentials_;
  const core::Clock& clock_;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, core::Sha256Digest> signing_keys_;
};

}  // namespace tarn::auth
