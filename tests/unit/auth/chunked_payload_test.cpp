#include "auth/chunked_payload.h"

#include <gtest/gtest.h>

#include <cctype>

#include "auth/authenticator.h"
#include "auth/sigv4.h"
#include "core/time_format.h"
#include "unit/auth/auth_test_util.h"

namespace tarn::auth {
namespace {

using testing::DrainInPieces;
using testing::PieceReader;

// S3 API Reference, "Signature Calculations for the Authorization Header: Transferring Payload in
// Multiple Chunks (Chunked Upload)": 64 KB + 1 KB of 'a', seed and chunk signatures as published.
constexpr std::string_view kDocAccessKey = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kDocSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kDocSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
constexpr std::string_view kDocChunk1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
constexpr std::string_view kDocChunk2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
constexpr std::string_view kDocFinal = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

std::string DocBody(std::string_view sig1 = kDocChunk1, std::string_view sig2 = kDocChunk2,
                    std::string_view final_sig = kDocFinal) {
  std::string body = "10000;chunk-signature=" + std::string(sig1) + "\r\n" + std::string(65536, 'a') + "\r\n";
  body += "400;chunk-signature=" + std::string(sig2) + "\r\n" + std::string(1024, 'a') + "\r\n";
  body += "0;chunk-signature=" + std::string(final_sig) + "\r\n\r\n";
  return body;
}

class ChunkedTest : public ::testing::Test {
 protected:
  ChunkedTest() : clock_(*core::ParseAmzDate("20130524T000000Z")), authenticator_(store_, clock_) {
    Credential c;
    c.access_key_id = std::string(kDocAccessKey);
    c.secret_access_key = std::string(kDocSecret);
    c.principal.type = core::Principal::Type::kUser;
    store_.Put(std::move(c));
  }

  static net::HttpRequest DocRequest() {
    net::HttpRequest r;
    r.method = "PUT";
    r.target = "/examplebucket/chunkObject.txt";
    r.headers.Add("Host", "s3.amazonaws.com");
    r.headers.Add("x-amz-date", "20130524T000000Z");
    r.headers.Add("x-amz-storage-class", "REDUCED_REDUNDANCY");
    r.headers.Add("Authorization",
                  "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                  "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                  "x-amz-decoded-content-length;x-amz-storage-class,Signature=" +
                      std::string(kDocSeed));
    r.headers.Add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    r.headers.Add("Content-Encoding", "aws-chunked");
    r.headers.Add("x-amz-decoded-content-length", "66560");
    r.headers.Add("Content-Length", "66824");
    return r;
  }

  core::Result<std::string> Upload(const net::HttpRequest& request, std::string body, unsigned seed,
                                   std::vector<std::pair<std::string, std::string>>* trailers = nullptr) {
    auto auth = authenticator_.Authenticate(request, std::nullopt, ErrorDialect::kS3);
    if (!auth.ok()) return std::move(auth).error();
    PieceReader raw(std::move(body), 70000, seed);
    auto reader = authenticator_.WrapBody(request, *auth, raw);
    if (!reader.ok()) return std::move(reader).error();
    auto out = DrainInPieces(**reader, seed);
    if (trailers) {
      if (auto* chunked = dynamic_cast<ChunkedPayloadReader*>(reader->get())) *trailers = chunked->trailers();
    }
    return out;
  }

  // Signs body_parts as aws-chunked with the request's seed, optionally with signed trailers.
  std::string SignedChunks(const Authentication& auth, const std::vector<std::string>& parts,
                           const std::vector<std::pair<std::string, std::string>>& trailers,
                           bool trailer_mode) {
    std::string scope = ScopeString(auth.scope);
    std::string previous = auth.signature, out, canonical_trailers;
    auto sign = [&](std::string_view data) {
      previous = SignatureHex(auth.signing_key,
                              ChunkStringToSign(auth.amz_date, scope, previous, core::Sha256Hex(data)));
      return previous;
    };
    for (const auto& p : parts) {
      char size[32];
      std::snprintf(size, sizeof size, "%zx", p.size());
      out += std::string(size) + ";chunk-signature=" + sign(p) + "\r\n" + p + "\r\n";
    }
    out += "0;chunk-signature=" + sign("") + "\r\n";
    for (const auto& [name, value] : trailers) {
      out += name + ":" + value + "\r\n";
      canonical_trailers += name + ":" + value + "\n";
    }
    if (trailer_mode) {
      std::string sig = SignatureHex(
          auth.signing_key,
          TrailerStringToSign(auth.amz_date, scope, previous, core::Sha256Hex(canonical_trailers)));
      out += "x-amz-trailer-signature:" + sig + "\r\n";
    }
    return out + "\r\n";
  }

  StaticCredentialStore store_;
  core::FakeClock clock_;
  Authenticator authenticator_;
};

TEST_F(ChunkedTest, DocumentationExampleDecodesInAnyPieceSizes) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    auto out = Upload(DocRequest(), DocBody(), seed);
    ASSERT_TRUE(out.ok()) << out.error().code << ": " << out.error().message;
    EXPECT_EQ(*out, std::string(66560, 'a'));
  }
}

TEST_F(ChunkedTest, BadSignatureInSecondChunkIsSignatureDoesNotMatch) {
  std::string bad(kDocChunk2);
  bad[0] = bad[0] == '0' ? '1' : '0';
  auto out = Upload(DocRequest(), DocBody(kDocChunk1, bad), 7);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(out.error().http_status, 403);
}

TEST_F(ChunkedTest, ModifiedDataIsSignatureDoesNotMatch) {
  std::string body = DocBody();
  body[200] = 'b';
  auto out = Upload(DocRequest(), body, 3);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "SignatureDoesNotMatch");
}

TEST_F(ChunkedTest, BadFinalSignature) {
  std::string bad(kDocFinal);
  bad[5] = bad[5] == 'a' ? 'b' : 'a';
  auto out = Upload(DocRequest(), DocBody(kDocChunk1, kDocChunk2, bad), 2);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "SignatureDoesNotMatch");
}

TEST_F(ChunkedTest, TruncatedBodyIsIncompleteBody) {
  std::string body = DocBody();
  for (size_t cut : {size_t{10}, size_t{100}, size_t{65000}, body.size() - 3, body.size() - 1}) {
    auto out = Upload(DocRequest(), body.substr(0, cut), 4);
    ASSERT_FALSE(out.ok()) << cut;
    EXPECT_EQ(out.error().code, "IncompleteBody") << cut;
  }
}

TEST_F(ChunkedTest, DecodedLengthMismatchIsIncompleteBody) {
  // x-amz-decoded-content-length is signed in the documentation example: use the unsigned mode.
  net::HttpRequest r;
  r.method = "PUT";
  r.target = "/b/k";
  r.headers.Add("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
  r.headers.Add("x-amz-decoded-content-length", "4");
  Authentication anonymous;
  PieceReader raw("5\r\nhello\r\n0\r\n\r\n", 3, 1);
  auto reader = authenticator_.WrapBody(r, anonymous, raw);
  ASSERT_TRUE(reader.ok());
  auto out = DrainInPieces(**reader, 1);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "IncompleteBody");

  r.headers.Set("x-amz-decoded-content-length", "6");
  PieceReader raw2("5\r\nhello\r\n0\r\n\r\n", 3, 1);
  auto reader2 = authenticator_.WrapBody(r, anonymous, raw2);
  ASSERT_TRUE(reader2.ok());
  auto out2 = DrainInPieces(**reader2, 1);
  ASSERT_FALSE(out2.ok());
  EXPECT_EQ(out2.error().code, "IncompleteBody");
}

core::Result<std::string> DecodeUnsigned(
    std::string body, bool trailer, std::vector<std::pair<std::string, std::string>>* trailers = nullptr) {
  PieceReader raw(std::move(body), 4, 9);
  ChunkedOptions options;
  options.trailer = trailer;
  ChunkedPayloadReader reader(raw, options);
  auto out = DrainInPieces(reader, 9);
  if (trailers) *trailers = reader.trailers();
  return out;
}

TEST(ChunkedPayload, UnsignedTrailerAsBotocoreSendsIt) {
  std::vector<std::pair<std::string, std::string>> trailers;
  auto out = DecodeUnsigned("5\r\nhello\r\nB\r\n, world!!!!\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
                            true, &trailers);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, "hello, world!!!!");
  ASSERT_EQ(trailers.size(), 1u);
  EXPECT_EQ(trailers[0].first, "x-amz-checksum-crc32");
  EXPECT_EQ(trailers[0].second, "NhCmhg==");
  EXPECT_TRUE(DecodeUnsigned("0\r\n\r\n", true).ok());
}

TEST(ChunkedPayload, MalformedFraming) {
  struct Case {
    const char* body;
    const char* code;
  } cases[] = {
      {"zz\r\nhello\r\n0\r\n\r\n", "InvalidRequest"},             // bad hex size
      {"\r\nhello\r\n0\r\n\r\n", "InvalidRequest"},               // empty size
      {"11111111111111111\r\nx\r\n0\r\n\r\n", "InvalidRequest"},  // 17 hex digits
      {"5\nhello\r\n0\r\n\r\n", "InvalidRequest"},                // LF without CR
      {"5\r\nhelloX\r\n0\r\n\r\n", "InvalidRequest"},             // data longer than declared
      {"5\r\nhello0\r\n\r\n", "InvalidRequest"},                  // missing CRLF after data
      {"5\r\nhello\r\n0\r\nnocolon\r\n\r\n", "InvalidRequest"},   // bad trailer line
      {"5\r\nhel", "IncompleteBody"},                             // truncated data
      {"5\r\nhello\r\n0\r\n", "IncompleteBody"},                  // no final CRLF
      {"", "IncompleteBody"},                                     // empty body
  };
  for (const auto& c : cases) {
    auto out = DecodeUnsigned(c.body, true);
    ASSERT_FALSE(out.ok()) << c.body;
    EXPECT_EQ(out.error().code, c.code) << c.body;
  }
  // Trailers only in the *-TRAILER modes.
  auto out = DecodeUnsigned("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AA==\r\n\r\n", false);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidRequest");
}

TEST(ChunkedPayload, OversizedChunkHeaderFailsWithoutBuffering) {
  std::string body(kMaxChunkHeaderBytes + 10, 'a');
  auto out = DecodeUnsigned(body, false);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidRequest");
  std::string trailer = "0\r\nx-amz-checksum-crc32:" + std::string(kMaxTrailerBytes, 'A') + "\r\n\r\n";
  auto out2 = DecodeUnsigned(trailer, true);
  ASSERT_FALSE(out2.ok());
  EXPECT_EQ(out2.error().code, "InvalidRequest");
}

TEST(ChunkedPayload, ErrorIsSticky) {
  PieceReader raw("zz\r\n", 10, 1);
  ChunkedPayloadReader reader(raw, ChunkedOptions{});
  char buf[16];
  EXPECT_FALSE(reader.Read(buf, sizeof buf).ok());
  EXPECT_FALSE(reader.Read(buf, sizeof buf).ok());
}

TEST_F(ChunkedTest, SignedChunksWithSignedTrailer) {
  net::HttpRequest r;
  r.method = "PUT";
  r.target = "/bucket/key";
  r.headers.Add("Host", "localhost");
  r.headers.Add("x-amz-date", "20130524T000000Z");
  r.headers.Add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
  r.headers.Add("x-amz-trailer", "x-amz-checksum-crc32");
  SigningRequest sr{"PUT",
                    "/bucket/key",
                    "",
                    {{"host", "localhost"},
                     {"x-amz-date", "20130524T000000Z"},
                     {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"},
                     {"x-amz-trailer", "x-amz-checksum-crc32"}},
                    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"};
  r.headers.Add("Authorization", SignRequest(sr, {"20130524", "us-east-1", "s3"}, "20130524T000000Z",
                                             kDocAccessKey, kDocSecret));
  auto auth = authenticator_.Authenticate(r, std::nullopt, ErrorDialect::kS3);
  ASSERT_TRUE(auth.ok()) << auth.error().message;
  std::vector<std::string> parts = {std::string(9000, 'x'), std::string(10, 'y')};
  std::string body = SignedChunks(*auth, parts, {{"x-amz-checksum-crc32", "wdBDMA=="}}, true);

  std::vector<std::pair<std::string, std::string>> trailers;
  auto out = Upload(r, body, 11, &trailers);
  ASSERT_TRUE(out.ok()) << out.error().code << ": " << out.error().message;
  EXPECT_EQ(*out, parts[0] + parts[1]);
  ASSERT_EQ(trailers.size(), 1u);
  EXPECT_EQ(trailers[0].second, "wdBDMA==");

  std::string tampered = body;
  tampered.replace(tampered.find("wdBDMA=="), 8, "wdBDMB==");
  auto bad = Upload(r, tampered, 12);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "SignatureDoesNotMatch");

  std::string unsigned_trailer = body.substr(0, body.find("x-amz-trailer-signature")) + "\r\n";
  auto missing = Upload(r, unsigned_trailer, 13);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidRequest");
}

TEST_F(ChunkedTest, DocumentationExampleOneByteAtATime) {
  PieceReader raw(DocBody(), 1, 5);
  auto auth = authenticator_.Authenticate(DocRequest(), std::nullopt, ErrorDialect::kS3);
  ASSERT_TRUE(auth.ok());
  auto reader = authenticator_.WrapBody(DocRequest(), *auth, raw);
  ASSERT_TRUE(reader.ok());
  auto out = DrainInPieces(**reader, 5);
  ASSERT_TRUE(out.ok()) << out.error().code << ": " << out.error().message;
  EXPECT_EQ(out->size(), 66560u);
}

core::Result<std::string> DecodeSigned(const std::string& body, bool trailer = false) {
  PieceReader raw(body, 7, 3);
  ChunkedOptions options;
  options.trailer = trailer;
  options.signing =
      ChunkSigning{DeriveSigningKey(kDocSecret, {"20130524", "us-east-1", "s3"}), "20130524T000000Z",
                   "20130524/us-east-1/s3/aws4_request", std::string(kDocSeed), std::string(kDocAccessKey)};
  ChunkedPayloadReader reader(raw, options);
  return DrainInPieces(reader, 3);
}

TEST(ChunkedPayload, SignedModeFramingErrors) {
  // The documentation example decodes with the reader built directly from its signing inputs.
  auto ok = DecodeSigned(DocBody());
  ASSERT_TRUE(ok.ok()) << ok.error().code << ": " << ok.error().message;
  std::string upper(kDocChunk1);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string cases[] = {
      "10000\r\n" + std::string(65536, 'a') + "\r\n",                // no chunk-signature
      "10000;chunk-signatur=" + std::string(kDocChunk1) + "\r\n",    // misspelt extension
      "10000;chunk-signature=abcd\r\n",                              // short signature
      "10000;chunk-signature=" + upper + "\r\n",                     // not lowercase hex
      "10000;chunk-signature=" + std::string(kDocChunk1) + "x\r\n",  // trailing garbage
  };
  for (const auto& body : cases) {
    auto out = DecodeSigned(body);
    ASSERT_FALSE(out.ok()) << body.substr(0, 80);
    EXPECT_EQ(out.error().code, "InvalidRequest") << body.substr(0, 80);
  }
  // Chunks swapped: each signature chains from the previous one.
  std::string swapped = "400;chunk-signature=" + std::string(kDocChunk2) + "\r\n" + std::string(1024, 'a') +
                        "\r\n10000;chunk-signature=" + std::string(kDocChunk1) + "\r\n" +
                        std::string(65536, 'a') + "\r\n0;chunk-signature=" + std::string(kDocFinal) +
                        "\r\n\r\n";
  auto out = DecodeSigned(swapped);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "SignatureDoesNotMatch");
  EXPECT_EQ(out.error().http_status, 403);
  EXPECT_EQ(out.error().extra.at("AWSAccessKeyId").as_string(), kDocAccessKey);
  // A final chunk missing altogether (body ends after the last data chunk).
  std::string body = DocBody();
  auto truncated = DecodeSigned(body.substr(0, body.find("0;chunk-signature=" + std::string(kDocFinal))));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, "IncompleteBody");
}

TEST(ChunkedPayload, TrailerRules) {
  // x-amz-trailer-signature only in the signed trailer mode.
  auto out = DecodeUnsigned("0\r\nx-amz-trailer-signature:" + std::string(64, 'a') + "\r\n\r\n", true);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidRequest");
  // Several trailers, names lowercased, values trimmed, order kept.
  std::vector<std::pair<std::string, std::string>> trailers;
  out = DecodeUnsigned("3\r\nabc\r\n0\r\nX-Amz-Checksum-CRC32: NSRBwg== \r\nx-amz-meta:v\r\n\r\n", true,
                       &trailers);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, "abc");
  ASSERT_EQ(trailers.size(), 2u);
  EXPECT_EQ(trailers[0].first, "x-amz-checksum-crc32");
  EXPECT_EQ(trailers[0].second, "NSRBwg==");
  EXPECT_EQ(trailers[1].first, "x-amz-meta");
  // Empty trailer name.
  out = DecodeUnsigned("0\r\n:value\r\n\r\n", true);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidRequest");
  // Trailers never terminated by the empty line.
  out = DecodeUnsigned("0\r\nx-amz-checksum-crc32:AA==\r\n", true);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "IncompleteBody");
}

TEST(ChunkedPayload, HugeDeclaredChunkSizeIsBoundedByTheBody) {
  // A chunk claiming 2^64-1 bytes: decoding streams what arrives and then reports the truncation.
  auto out = DecodeUnsigned("ffffffffffffffff\r\nabc", false);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "IncompleteBody");
  // With x-amz-decoded-content-length the overrun is caught as soon as it passes the length.
  PieceReader raw("a\r\n0123456789\r\n0\r\n\r\n", 4, 2);
  ChunkedOptions options;
  options.decoded_length = 5;
  ChunkedPayloadReader reader(raw, options);
  auto limited = DrainInPieces(reader, 2);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, "IncompleteBody");
  EXPECT_LE(reader.decoded_bytes(), 10u);
}

TEST(ChunkedPayload, LargeChunkStreamsThroughSmallReads) {
  std::string data(1 << 20, 'z');
  for (size_t i = 0; i < data.size(); i += 4096) data[i] = static_cast<char>('a' + (i / 4096) % 26);
  PieceReader raw("100000\r\n" + data + "\r\n0\r\n\r\n", 70000, 8);
  ChunkedPayloadReader reader(raw, ChunkedOptions{});
  auto out = DrainInPieces(reader, 8);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, data);
  EXPECT_EQ(reader.decoded_bytes(), data.size());
}

TEST(Sha256VerifyingReader, PassesMatchingBodyAndRejectsOther) {
  PieceReader good("Welcome to Amazon S3.", 3, 1);
  Sha256VerifyingReader ok(good, "44CE7DD67C959E0D3524FFAC1771DFBBA87D2B6B4B4E99E42034A8B803F8B072");
  auto out = DrainInPieces(ok, 1);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "Welcome to Amazon S3.");

  PieceReader other("Welcome to Amazon S3!", 3, 1);
  Sha256VerifyingReader bad(other, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  auto out2 = DrainInPieces(bad, 1);
  ASSERT_FALSE(out2.ok());
  EXPECT_EQ(out2.error().code, "XAmzContentSHA256Mismatch");
  EXPECT_EQ(out2.error().http_status, 400);
  EXPECT_EQ(out2.error().extra.at("ClientComputedContentSHA256").as_string(),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  char buf[4];
  EXPECT_FALSE(bad.Read(buf, sizeof buf).ok());
}

}  // namespace
}  // namespace tarn::auth
