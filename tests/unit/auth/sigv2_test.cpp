#include "auth/sigv2.h"

#include <gtest/gtest.h>

#include "auth/authenticator.h"
#include "core/time_format.h"

namespace tarn::auth {
namespace {

// The examples of https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
// (their virtual-hosted requests written path-style: the resource is the same).
constexpr std::string_view kDocKey = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kDocSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

net::HttpRequest Request(std::string method, std::string target) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.Add("Host", "localhost:4566");
  return r;
}

TEST(SigV2Test, DocumentedObjectGet) {
  auto r = Request("GET", "/awsexamplebucket1/photos/puppy.jpg");
  r.headers.Add("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
  std::string sts = V2StringToSign(r, "Tue, 27 Mar 2007 19:36:42 +0000", false);
  EXPECT_EQ(sts, "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg");
  EXPECT_EQ(V2Signature(kDocSecret, sts), "qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
}

TEST(SigV2Test, DocumentedQueryStringAuthentication) {
  auto r = Request("GET",
                   "/johnsmith/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&"
                   "Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620");
  std::string sts = V2StringToSign(r, "1175139620", true);
  EXPECT_EQ(sts, "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg");
  EXPECT_EQ(V2Signature(kDocSecret, sts), "NpgCjnDzrM+WFzoENXmpNDUsSn8=");
}

// The documented upload: x-amz-* names lowercased and sorted, a repeated header's values joined
// with commas, values trimmed; other headers left out.
TEST(SigV2Test, AmzHeadersAreCanonicalized) {
  auto r = Request("PUT", "/static.example.com/db-backup.dat.gz");
  r.headers.Add("User-Agent", "curl/7.15.5");
  r.headers.Add("Date", "Tue, 27 Mar 2007 21:06:08 +0000");
  r.headers.Add("x-amz-acl", "public-read");
  r.headers.Add("content-type", "application/x-download");
  r.headers.Add("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw==");
  r.headers.Add("X-Amz-Meta-ReviewedBy", "email1@example.com");
  r.headers.Add("X-Amz-Meta-ReviewedBy", "email2@example.com");
  r.headers.Add("X-Amz-Meta-FileChecksum", "0x02661779");
  r.headers.Add("X-Amz-Meta-ChecksumAlgorithm", "  crc32 ");
  EXPECT_EQ(V2StringToSign(r, "Tue, 27 Mar 2007 21:06:08 +0000", false),
            "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
            "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\n"
            "x-amz-meta-filechecksum:0x02661779\n"
            "x-amz-meta-reviewedby:email1@example.com,email2@example.com\n"
            "/static.example.com/db-backup.dat.gz");
}

// Sub-resources and response overrides sign, sorted and decoded; other parameters do not; a
// bucket addressed path-style is "/bucket/".
TEST(SigV2Test, ResourceKeepsSubresourcesOnly) {
  auto r = Request("GET", "/b/a%20b/k?uploadId=2%2B3&partNumber=1&max-parts=5&acl");
  EXPECT_EQ(V2StringToSign(r, "D", false), "GET\n\n\nD\n/b/a%20b/k?acl&partNumber=1&uploadId=2+3");
  auto overrides = Request("GET", "/b/k?response-content-type=x%2Fy&response-content-disposition=a%3Bb&x=1");
  EXPECT_EQ(V2StringToSign(overrides, "D", false),
            "GET\n\n\nD\n/b/k?response-content-disposition=a;b&response-content-type=x/y");
  auto bucket = Request("GET", "/b?list-type=2&location");
  EXPECT_EQ(V2StringToSign(bucket, "D", false), "GET\n\n\nD\n/b/?location");
  auto versions = Request("GET", "/b/?versions=&delimiter=/");
  EXPECT_EQ(V2StringToSign(versions, "D", false), "GET\n\n\nD\n/b/?versions=");
  auto root = Request("GET", "/");
  EXPECT_EQ(V2StringToSign(root, "D", false), "GET\n\n\nD\n/");
}

// botocore's presigner moves Content-Type, Content-MD5 and x-amz-* headers into the query; a header
// of the same name wins. Outside presigned URLs the query does not count.
TEST(SigV2Test, PresignedHeadersMayComeFromTheQuery) {
  auto r = Request("PUT", "/b/k?content-type=text%2Fplain&x-amz-security-token=T%2B1&Expires=5");
  EXPECT_EQ(V2StringToSign(r, "5", true), "PUT\n\ntext/plain\n5\nx-amz-security-token:T+1\n/b/k");
  EXPECT_EQ(V2StringToSign(r, "5", false), "PUT\n\n\n5\n/b/k");
  r.headers.Add("Content-Type", "image/png");
  EXPECT_EQ(V2StringToSign(r, "5", true), "PUT\n\nimage/png\n5\nx-amz-security-token:T+1\n/b/k");
}

TEST(SigV2Test, MalformedAuthorizationHeaders) {
  for (std::string_view bad : {"AWS", "AWS ", "AWS AKID", "AWS AKID:", "AWS a:b:c", "AWS  AKID:sig",
                               "AWSAKID:sig", "aws AKID:sig"}) {
    EXPECT_FALSE(ParseV2Authorization(bad).has_value()) << bad;
  }
  auto ok = ParseV2Authorization("AWS AKID:c2ln/+=");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->access_key_id, "AKID");
  EXPECT_EQ(ok->signature, "c2ln/+=");
}

TEST(SigV2Test, DetectsQueryAuthentication) {
  EXPECT_TRUE(HasV2PresignedQuery("AWSAccessKeyId=a&Signature=b&Expires=1"));
  EXPECT_TRUE(HasV2PresignedQuery("Signature=b"));
  EXPECT_TRUE(HasV2PresignedQuery("x=1&AWSAccessKeyId"));
  EXPECT_FALSE(HasV2PresignedQuery("x-Signature=1&MyAWSAccessKeyId=2"));
  EXPECT_FALSE(HasV2PresignedQuery(""));
}

class SigV2AuthenticatorTest : public ::testing::Test {
 protected:
  SigV2AuthenticatorTest()
      : clock_(*core::ParseHttpDate("Tue, 27 Mar 2007 19:40:00 GMT")), authenticator_(store_, clock_) {
    Credential doc;
    doc.access_key_id = std::string(kDocKey);
    doc.secret_access_key = std::string(kDocSecret);
    doc.principal.type = core::Principal::Type::kRoot;
    store_.Put(doc);
    Credential temp;
    temp.access_key_id = "ASIATEMP";
    temp.secret_access_key = "tempsecret";
    temp.session_token = "TOKEN";
    temp.principal.type = core::Principal::Type::kAssumedRole;
    store_.Put(temp);
  }

  core::Result<Authentication> Auth(const net::HttpRequest& r, ErrorDialect dialect = ErrorDialect::kS3) {
    return authenticator_.Authenticate(r, std::nullopt, dialect);
  }

  static net::HttpRequest Presigned(std::string_view key, std::string_view secret, int64_t expires,
                                    std::string extra_query = "") {
    auto r = Request("GET", "/johnsmith/photos/puppy.jpg?" + extra_query);
    std::string sig = V2Signature(secret, V2StringToSign(r, std::to_string(expires), true));
    std::string encoded;
    for (char c : sig) encoded += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
    r.target += std::string(extra_query.empty() ? "" : "&") + "AWSAccessKeyId=" + std::string(key) +
                "&Signature=" + encoded + "&Expires=" + std::to_string(expires);
    return r;
  }

  StaticCredentialStore store_;
  core::FakeClock clock_;
  Authenticator authenticator_;
};

TEST_F(SigV2AuthenticatorTest, DocumentedPresignedUrlIsAcceptedUntilItExpires) {
  auto r = Request("GET",
                   "/johnsmith/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&"
                   "Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620");
  auto ok = Auth(r);
  ASSERT_TRUE(ok.ok()) << ok.error().code << " " << ok.error().message;
  EXPECT_EQ(ok->principal.access_key_id, kDocKey);
  EXPECT_TRUE(ok->presigned);
  EXPECT_TRUE(ok->signature_v2);
  EXPECT_TRUE(ok->scope.region.empty());  // the server's region
  clock_.Set(core::TimePoint(std::chrono::seconds(1175139621)));
  auto expired = Auth(r);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "AccessDenied");
  EXPECT_EQ(expired.error().message, "Request has expired");
  EXPECT_EQ(expired.error().http_status, 403);
  EXPECT_EQ(expired.error().extra.at("Expires").as_string(), "2007-03-29T03:40:20Z");
  EXPECT_EQ(expired.error().extra.at("ServerTime").as_string(), "2007-03-29T03:40:21Z");
}

TEST_F(SigV2AuthenticatorTest, MalformedQueryAuthentication) {
  struct Case {
    std::string query, message;
  } cases[] = {
      {"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x",
       "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"},
      {"Signature=x&Expires=1",
       "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"},
      {"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=soon",
       "Invalid date (should be seconds since epoch): soon"},
      {"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=",
       "Invalid date (should be seconds since epoch): "},
      {"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=99999999999999999999",
       "Invalid date (should be seconds since epoch): 99999999999999999999"},
      {"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=x&Expires=-5", "Request has expired"},
  };
  for (const auto& c : cases) {
    auto out = Auth(Request("GET", "/b/k?" + c.query));
    ASSERT_FALSE(out.ok()) << c.query;
    EXPECT_EQ(out.error().code, "AccessDenied") << c.query;
    EXPECT_EQ(out.error().message, c.message) << c.query;
    EXPECT_EQ(out.error().http_status, 403) << c.query;
  }
  // The largest Expires is simply far away.
  auto far = Presigned(kDocKey, kDocSecret, INT64_MAX);
  EXPECT_TRUE(Auth(far).ok());
}

TEST_F(SigV2AuthenticatorTest, WrongSignatureKeyOrToken) {
  auto tampered = Presigned(kDocKey, "not the secret", 1175139620);
  auto mismatch = Auth(tampered);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(mismatch.error().http_status, 403);
  EXPECT_EQ(mismatch.error().extra.at("StringToSign").as_string(),
            "GET\n\n\n1175139620\n/johnsmith/photos/puppy.jpg");
  EXPECT_EQ(mismatch.error().extra.count("CanonicalRequest"), 0u);
  auto unknown = Auth(Presigned("AKIAUNKNOWN", kDocSecret, 1175139620));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidAccessKeyId");
  // A session credential needs its token, signed (from the query in a presigned URL).
  EXPECT_EQ(Auth(Presigned("ASIATEMP", "tempsecret", 1175139620)).error().code, "InvalidToken");
  auto with_token = Presigned("ASIATEMP", "tempsecret", 1175139620, "x-amz-security-token=TOKEN");
  auto ok = Auth(with_token);
  ASSERT_TRUE(ok.ok()) << ok.error().code << " " << ok.error().message;
  EXPECT_EQ(ok->principal.session_token, "TOKEN");
  EXPECT_EQ(Auth(Presigned("ASIATEMP", "tempsecret", 1175139620, "x-amz-security-token=OTHER")).error().code,
            "InvalidToken");
}

TEST_F(SigV2AuthenticatorTest, HeaderAuthentication) {
  auto r = Request("GET", "/awsexamplebucket1/photos/puppy.jpg");
  r.headers.Add("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
  r.headers.Add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
  auto ok = Auth(r);
  ASSERT_TRUE(ok.ok()) << ok.error().code << " " << ok.error().message;
  EXPECT_FALSE(ok->presigned);
  EXPECT_TRUE(ok->signature_v2);
  // More than 15 minutes away.
  clock_.Set(*core::ParseHttpDate("Tue, 27 Mar 2007 20:00:00 GMT"));
  EXPECT_EQ(Auth(r).error().code, "RequestTimeTooSkewed");
  clock_.Set(*core::ParseHttpDate("Tue, 27 Mar 2007 19:40:00 GMT"));
  // x-amz-date is the time, and signs as a header; the date line is then empty.
  auto amz = Request("GET", "/awsexamplebucket1/photos/puppy.jpg");
  amz.headers.Add("x-amz-date", "Tue, 27 Mar 2007 19:36:42 GMT");
  amz.headers.Add("Date", "Mon, 01 Jan 2001 00:00:00 GMT");
  std::string sts =
      "GET\n\n\n\nx-amz-date:Tue, 27 Mar 2007 19:36:42 GMT\n/awsexamplebucket1/photos/puppy.jpg";
  amz.headers.Add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + V2Signature(kDocSecret, sts));
  auto amz_ok = Auth(amz);
  ASSERT_TRUE(amz_ok.ok()) << amz_ok.error().code << " " << amz_ok.error().message;
  // No usable date.
  auto undated = Request("GET", "/b/k");
  undated.headers.Add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:c2ln");
  EXPECT_EQ(Auth(undated).error().code, "AccessDenied");
  EXPECT_EQ(Auth(undated).error().message, "AWS authentication requires a valid Date or x-amz-date header");
  undated.headers.Add("Date", "yesterday");
  EXPECT_EQ(Auth(undated).error().code, "AccessDenied");
  // Malformed: S3's InvalidArgument with the header echoed.
  auto malformed = Request("GET", "/b/k");
  malformed.headers.Add("Authorization", "AWS key:user:c2ln");
  auto bad = Auth(malformed);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidArgument");
  EXPECT_EQ(bad.error().message, "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
  EXPECT_EQ(bad.error().extra.at("ArgumentValue").as_string(), "AWS key:user:c2ln");
  malformed.headers.Set("Authorization", "AWS  key:c2ln");
  EXPECT_EQ(Auth(malformed).error().message,
            "Authorization header is invalid -- one and only one ' ' (space) required");
}

// SigV2 is S3's alone; with an Authorization header a V2 query is a second mechanism.
TEST_F(SigV2AuthenticatorTest, OtherServicesAndMixedMechanisms) {
  auto presigned = Presigned(kDocKey, kDocSecret, 1175139620);
  EXPECT_EQ(Auth(presigned, ErrorDialect::kJson).error().code, "MissingAuthenticationTokenException");
  EXPECT_EQ(Auth(presigned, ErrorDialect::kQuery).error().code, "MissingAuthenticationToken");
  auto r = Request("GET", "/awsexamplebucket1/photos/puppy.jpg");
  r.headers.Add("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
  r.headers.Add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
  EXPECT_EQ(Auth(r, ErrorDialect::kJson).error().code, "MissingAuthenticationTokenException");
  presigned.headers.Add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
  EXPECT_EQ(Auth(presigned).error().code, "InvalidArgument");
}

// aws-chunked signatures chain from a SigV4 signature: a SigV2 request cannot stream them.
TEST_F(SigV2AuthenticatorTest, NoSignedChunksUnderSigV2) {
  auto r = Request("PUT", "/awsexamplebucket1/k");
  r.headers.Add("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
  r.headers.Add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  std::string sts = V2StringToSign(r, "Tue, 27 Mar 2007 19:36:42 +0000", false);
  r.headers.Add("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + V2Signature(kDocSecret, sts));
  auto auth = Auth(r);
  ASSERT_TRUE(auth.ok()) << auth.error().code << " " << auth.error().message;
  struct Empty : net::BodyReader {
    core::Result<size_t> Read(char*, size_t) override { return size_t{0}; }
    std::optional<uint64_t> DeclaredLength() const override { return 0; }
  } raw;
  auto wrapped = authenticator_.WrapBody(r, *auth, raw);
  ASSERT_FALSE(wrapped.ok());
  EXPECT_EQ(wrapped.error().code, "AccessDenied");
}

}  // namespace
}  // namespace tarn::auth
