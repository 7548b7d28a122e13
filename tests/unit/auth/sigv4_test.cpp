#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "unit/auth/auth_test_util.h"

namespace tarn::auth {
namespace {

using testing::ParsedVector;
using testing::ParseRequestVector;
using testing::ReadVector;

constexpr std::string_view kSuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kSuiteDate = "20150830T123600Z";
const CredentialScope kSuiteScope{"20150830", "us-east-1", "service"};

struct Computed {
  std::string creq, sts, signature;
};

Computed Compute(const ParsedVector& v, const ParsedAuthorization& authz, std::string_view secret) {
  Computed c;
  c.creq = CanonicalRequest(v.request.method, CanonicalUri(v.request.path(), false),
                            CanonicalQueryString(v.request.query()),
                            CanonicalHeaders(v.request.headers, authz.signed_headers), authz.signed_headers,
                            core::Sha256Hex(v.body));
  c.sts = StringToSign(kSuiteDate, ScopeString(authz.scope), c.creq);
  c.signature = SignatureHex(DeriveSigningKey(secret, authz.scope), c.sts);
  return c;
}

class SuiteVector : public ::testing::TestWithParam<const char*> {};

TEST_P(SuiteVector, MatchesCanonicalRequestStringToSignAndSignature) {
  std::string name = GetParam();
  auto v = ParseRequestVector(ReadVector(name + ".req"));
  ASSERT_FALSE(v.request.method.empty()) << "missing vector " << name;
  auto parsed = ParseAuthorization(ReadVector(name + ".authz"));
  ASSERT_TRUE(std::holds_alternative<ParsedAuthorization>(parsed));
  const auto& authz = std::get<ParsedAuthorization>(parsed);
  EXPECT_EQ(authz.access_key_id, "AKIDEXAMPLE");
  Computed c = Compute(v, authz, kSuiteSecret);
  EXPECT_EQ(c.creq, ReadVector(name + ".creq"));
  EXPECT_EQ(c.sts, ReadVector(name + ".sts"));
  EXPECT_EQ(c.signature, authz.signature);
}

TEST_P(SuiteVector, TamperedRequestsFail) {
  std::string name = GetParam();
  auto v = ParseRequestVector(ReadVector(name + ".req"));
  const auto authz = std::get<ParsedAuthorization>(ParseAuthorization(ReadVector(name + ".authz")));

  EXPECT_NE(Compute(v, authz, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ").signature, authz.signature);

  auto changed_body = v;
  changed_body.body += "x";
  EXPECT_NE(Compute(changed_body, authz, kSuiteSecret).signature, authz.signature);

  auto changed_date = v;
  changed_date.request.headers.Set("X-Amz-Date", "20150830T123601Z");
  EXPECT_NE(Compute(changed_date, authz, kSuiteSecret).signature, authz.signature);

  auto changed_host = v;
  changed_host.request.headers.Set("Host", "example.amazonaws.com.evil");
  EXPECT_NE(Compute(changed_host, authz, kSuiteSecret).signature, authz.signature);

  auto changed_method = v;
  changed_method.request.method = v.request.method == "GET" ? "PUT" : "GET";
  EXPECT_NE(Compute(changed_method, authz, kSuiteSecret).signature, authz.signature);
}

INSTANTIATE_TEST_SUITE_P(AwsSigV4TestSuite, SuiteVector,
                         ::testing::Values("get-vanilla", "get-vanilla-query-order-key-case",
                                           "get-vanilla-query-order-value", "get-vanilla-query-unreserved",
                                           "get-vanilla-empty-query-key", "get-vanilla-utf8-query",
                                           "get-header-value-trim", "get-header-key-duplicate",
                                           "get-header-value-order", "get-slash-dot-slash",
                                           "get-slash-pointless-dot", "get-relative-relative", "get-relative",
                                           "get-slashes", "get-space", "get-utf8", "get-unreserved",
                                           "post-vanilla", "post-vanilla-query", "post-x-www-form-urlencoded",
                                           "post-x-www-form-urlencoded-parameters", "post-sts-header-after"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

// AWS's published signatures for three suite cases (independent of botocore).
TEST(SigV4, PublishedSuiteSignatures) {
  EXPECT_NE(ReadVector("get-vanilla.authz")
                .find("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            std::string::npos);
  EXPECT_NE(ReadVector("post-x-www-form-urlencoded.authz")
                .find("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
            std::string::npos);
  EXPECT_NE(ReadVector("get-vanilla-query-order-key-case.authz")
                .find("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
            std::string::npos);
}

TEST(SigV4, SignRequestMatchesVanillaVector) {
  SigningRequest req{"GET",
                     "/",
                     "",
                     {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}},
                     std::string(kEmptySha256)};
  EXPECT_EQ(SignRequest(req, kSuiteScope, kSuiteDate, "AKIDEXAMPLE", kSuiteSecret),
            ReadVector("get-vanilla.authz"));
  req.headers.emplace_back("my-header1", "value2");
  req.headers.emplace_back("my-header1", "value1");
  EXPECT_NE(SignRequest(req, kSuiteScope, kSuiteDate, "AKIDEXAMPLE", kSuiteSecret),
            ReadVector("get-vanilla.authz"));
}

// S3 API Reference, "Example: GET Object" (signed payload, Range header, no path normalization).
TEST(SigV4, S3GetObjectDocumentationExample) {
  net::HttpHeaders headers;
  headers.Add("Host", "examplebucket.s3.amazonaws.com");
  headers.Add("Range", "bytes=0-9");
  headers.Add("x-amz-content-sha256", std::string(kEmptySha256));
  headers.Add("x-amz-date", "20130524T000000Z");
  std::string signed_headers = "host;range;x-amz-content-sha256;x-amz-date";
  std::string creq =
      CanonicalRequest("GET", CanonicalUri("/test.txt", true), CanonicalQueryString(""),
                       CanonicalHeaders(headers, signed_headers), signed_headers, kEmptySha256);
  CredentialScope scope{"20130524", "us-east-1", "s3"};
  std::string sts = StringToSign("20130524T000000Z", ScopeString(scope), creq);
  EXPECT_EQ(sts,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(SignatureHex(DeriveSigningKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", scope), sts),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// S3 API Reference, "Example: PUT Object" (Date header, '$' in the key sent as %24).
TEST(SigV4, S3PutObjectDocumentationExample) {
  net::HttpHeaders headers;
  headers.Add("Host", "examplebucket.s3.amazonaws.com");
  headers.Add("Date", "Fri, 24 May 2013 00:00:00 GMT");
  headers.Add("x-amz-date", "20130524T000000Z");
  headers.Add("x-amz-storage-class", "REDUCED_REDUNDANCY");
  std::string hash = core::Sha256Hex("Welcome to Amazon S3.");
  EXPECT_EQ(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  headers.Add("x-amz-content-sha256", hash);
  std::string signed_headers = "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class";
  std::string creq = CanonicalRequest("PUT", CanonicalUri("/test%24file.text", true), "",
                                      CanonicalHeaders(headers, signed_headers), signed_headers, hash);
  CredentialScope scope{"20130524", "us-east-1", "s3"};
  std::string sts = StringToSign("20130524T000000Z", ScopeString(scope), creq);
  EXPECT_EQ(SignatureHex(DeriveSigningKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", scope), sts),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, ParseAuthorizationToleratesSpacingAndOrder) {
  for (std::string_view header : {
           "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_request, "
           "SignedHeaders=host;x-amz-date, "
           "Signature=abcd",
           "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_request,SignedHeaders=host;x-amz-date,"
           "Signature=abcd",
           "AWS4-HMAC-SHA256   Signature=abcd ,  SignedHeaders=host;x-amz-date "
           "Credential=AK/20150830/us-east-1/iam/"
           "aws4_request",
       }) {
    auto parsed = ParseAuthorization(header);
    ASSERT_TRUE(std::holds_alternative<ParsedAuthorization>(parsed)) << header;
    const auto& p = std::get<ParsedAuthorization>(parsed);
    EXPECT_EQ(p.access_key_id, "AK");
    EXPECT_EQ(p.scope.date, "20150830");
    EXPECT_EQ(p.scope.region, "us-east-1");
    EXPECT_EQ(p.scope.service, "iam");
    EXPECT_EQ(p.signed_headers, "host;x-amz-date");
    EXPECT_EQ(p.signature, "abcd");
  }
}

AuthorizationProblem::Kind ProblemOf(std::string_view header) {
  auto parsed = ParseAuthorization(header);
  EXPECT_TRUE(std::holds_alternative<AuthorizationProblem>(parsed)) << header;
  if (!std::holds_alternative<AuthorizationProblem>(parsed))
    return AuthorizationProblem::Kind::kMissingParameters;
  return std::get<AuthorizationProblem>(parsed).kind;
}

TEST(SigV4, ParseAuthorizationRejectsMalformed) {
  using Kind = AuthorizationProblem::Kind;
  EXPECT_EQ(ProblemOf("AWS AKID:c2lnbmF0dXJl"), Kind::kNotSigV4);
  EXPECT_EQ(ProblemOf("Bearer token"), Kind::kNotSigV4);
  EXPECT_EQ(ProblemOf(""), Kind::kNotSigV4);
  EXPECT_EQ(ProblemOf("AWS4"), Kind::kNotSigV4);
  EXPECT_EQ(
      ProblemOf("aws4-hmac-sha256 Credential=AK/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, "
                "Signature=ab"),
      Kind::kNotSigV4);
  EXPECT_EQ(ProblemOf("AWS4-HMAC-SHA256"), Kind::kMissingParameters);
  EXPECT_EQ(ProblemOf("AWS4-"), Kind::kMissingParameters);
  // The components are judged before the algorithm.
  EXPECT_EQ(ProblemOf("AWS4-HMAC-SHA1 Credential=AK/20150830/us-east-1/iam/aws4_request"),
            Kind::kMissingParameters);
  EXPECT_EQ(ProblemOf("AWS4-HMAC-SHA1 Credential=AK/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, "
                      "Signature=ab"),
            Kind::kUnsupportedAlgorithm);
  EXPECT_EQ(ProblemOf("AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_request"),
            Kind::kMissingParameters);
  EXPECT_EQ(ProblemOf("AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=ab"),
            Kind::kMissingParameters);
  EXPECT_EQ(
      ProblemOf("AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam, SignedHeaders=host, Signature=ab"),
      Kind::kMalformedCredential);
  EXPECT_EQ(
      ProblemOf("AWS4-HMAC-SHA256 Credential=AK/2015083/us-east-1/iam/aws4_request, SignedHeaders=host, "
                "Signature=ab"),
      Kind::kMalformedCredential);
  EXPECT_EQ(
      ProblemOf("AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/iam/aws4_reques, SignedHeaders=host, "
                "Signature=ab"),
      Kind::kMalformedCredential);
  EXPECT_EQ(ProblemOf("AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, "
                      "Signature=ab"),
            Kind::kMalformedCredential);
}

TEST(SigV4, MissingParametersMessageNamesEachOne) {
  auto parsed = ParseAuthorization("AWS4-HMAC-SHA256 SignedHeaders=host");
  const auto& problem = std::get<AuthorizationProblem>(parsed);
  EXPECT_EQ(problem.message,
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
            "parameter. ");
}

TEST(SigV4, CanonicalUri) {
  EXPECT_EQ(CanonicalUri("", false), "/");
  EXPECT_EQ(CanonicalUri("/", false), "/");
  EXPECT_EQ(CanonicalUri("/a/./b/../c//d/", false), "/a/c/d/");
  EXPECT_EQ(CanonicalUri("/../..", false), "/");
  EXPECT_EQ(CanonicalUri("/a%2Fb", false), "/a%252Fb");
  EXPECT_EQ(CanonicalUri("/2015-03-31/functions/my-fn/invocations", false),
            "/2015-03-31/functions/my-fn/invocations");
  // S3: exactly as sent, no normalization and no second encoding.
  EXPECT_EQ(CanonicalUri("/bucket//a/../b%20c", true), "/bucket//a/../b%20c");
  EXPECT_EQ(CanonicalUri("", true), "/");
}

TEST(SigV4, CanonicalQueryString) {
  EXPECT_EQ(CanonicalQueryString(""), "");
  EXPECT_EQ(CanonicalQueryString("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(CanonicalQueryString("acl"), "acl=");
  EXPECT_EQ(CanonicalQueryString("k=a%20b&x=a+b"), "k=a%20b&x=a%2Bb");
  EXPECT_EQ(CanonicalQueryString("k=%7e%2f"), "k=~%2F");
  EXPECT_EQ(CanonicalQueryString("k=%zz"), "k=%25zz");  // malformed escape kept literally
  EXPECT_EQ(CanonicalQueryString("X-Amz-Signature=abc&a=1", "X-Amz-Signature"), "a=1");
  EXPECT_EQ(CanonicalQueryString("&&a=1&"), "a=1");
}

TEST(SigV4, CanonicalHeadersTrimsAndJoins) {
  net::HttpHeaders headers;
  headers.Add("Host", "h");
  headers.Add("X-A", "  a   b\t c  ");
  headers.Add("x-a", "d");
  EXPECT_EQ(CanonicalHeaders(headers, "host;x-a;x-missing"), "host:h\nx-a:a b c,d\nx-missing:\n");
}

TEST(SigV4, ChunkAndTrailerStringsToSign) {
  EXPECT_EQ(ChunkStringToSign("D", "S", "P", "H"),
            "AWS4-HMAC-SHA256-PAYLOAD\nD\nS\nP\n" + std::string(kEmptySha256) + "\nH");
  EXPECT_EQ(TrailerStringToSign("D", "S", "P", "H"), "AWS4-HMAC-SHA256-TRAILER\nD\nS\nP\nH");
}

}  // namespace
}  // namespace tarn::auth
