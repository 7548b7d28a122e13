#pragma once
// S3's Signature Version 2: HMAC-SHA1 over the method, Content-MD5, Content-Type, the date (or a
// presigned URL's Expires), the x-amz-* headers and the resource. botocore and the AWS CLI v1
// still presign S3 URLs with it by default (?AWSAccessKeyId=..&Signature=..&Expires=..), and
// S3 accepts it, as it accepts "Authorization: AWS AKID:signature" headers.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
// Pure functions; safe from any thread. The Authenticator checks dates and keys.

#include <optional>
#include <string>
#include <string_view>

#include "net/http.h"

namespace tarn::auth {

// True when the query carries SigV2 query authentication (AWSAccessKeyId or Signature).
bool HasV2PresignedQuery(std::string_view raw_query);

// "AWS AKID:signature" split; nullopt when the header is not of that form (one space, one colon, a
// signature).
struct V2Authorization {
  std::string access_key_id;
  std::string signature;
};
std::optional<V2Authorization> ParseV2Authorization(std::string_view header);

// The string to sign. date: the Date header, "" when the request sends x-amz-date (which then
// signs as one of the x-amz-* headers), or a presigned URL's Expires. For a presigned URL the
// Content-MD5, Content-Type and x-amz-* values may also come from the query, where botocore's
// presigner moves them; a header of the same name wins.
std::string V2StringToSign(const net::HttpRequest& request, std::string_view date, bool presigned);

// base64(HMAC-SHA1(secret, string_to_sign)).
std::string V2Signature(std::string_view secret, std::string_view string_to_sign);

}  // namespace tarn::auth
