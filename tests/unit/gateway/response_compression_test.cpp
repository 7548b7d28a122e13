#include "gateway/response_compression.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/crypto.h"
#include "core/gzip.h"

namespace tarn::gateway {
namespace {

constexpr ContentCoding kNone = ContentCoding::kIdentity;
constexpr ContentCoding kGzip = ContentCoding::kGzip;
constexpr ContentCoding kDeflate = ContentCoding::kDeflate;

// What DynamoDB answered to each Accept-Encoding (ScyllaDB's test_compressed_response.py,
// test_compressed_response_accept_encodings, run against AWS).
TEST(ResponseCompressionTest, NegotiatesAsDynamoDb) {
  const std::vector<std::pair<std::string, ContentCoding>> cases = {
      {"gzip", kGzip},
      {"deflate", kDeflate},
      {"identity", kNone},
      {"", kNone},
      {"br", kNone},
      {"zstd", kNone},
      {"compress", kNone},
      {"x-gzip", kNone},
      {"gzip, deflate", kGzip},
      {"br, identity, deflate, gzip", kDeflate},
      {"GZIP, identity", kGzip},
      {"dog, gzip ,, cat", kGzip},
      {"gzip;q=0.8, deflate;q=0.5", kGzip},
      {"br, gzip;q=0, deflate; q = 0.5 , identity;q=0", kDeflate},
      {"*", kGzip},
      {"*, deflate;q=0.5", kGzip},
      {"*, deflate", kDeflate},
      {"*, identity", kGzip},
      {"*, gzip;q=0.5", kDeflate},
      {"gzip ;q=0", kNone},
      {"identity;q=0", kNone},
      {"*;q=0", kNone},
      {"*;q=0.5,identity", kGzip},
      {"gzip;q=0.5,identity;q=0.8", kGzip},
      {"br;q=0.8,identity;q=0.5,*;q=0", kNone},
      // Malformed values.
      {"\"gzip\"", kNone},
      {"gzip br", kNone},
      {"gzip:q=1", kNone},
      {"deflate;q=0.5, gzip;q=31", kGzip},
      {"gzip;q=31,deflate;q=51", kGzip},
      {"deflate;q=0.5, gzip;q=0.2", kDeflate},
      {"deflate;q=0.5, gzip;q=1;q=0.2", kGzip},
      {"deflate;q=0.5,gzip;q=0.", kDeflate},
      {"deflate;q=0.5,gzip;q=0.x", kGzip},
      {"deflate;q=-0.5,gzip;q=0.2", kGzip},
      {"gzip;nq=1;q=0 ", kNone},
      {"gzip;q=0, gzip;q=1, gzip;q=0", kGzip},
      {"br,identity;q=0.5,gzip;q=0.0001", kGzip},
      {"gzip;q=", kGzip},
      {";;,,;", kNone},
      {std::string("gz\0ip", 5), kNone},
  };
  for (const auto& [header, expected] : cases)
    EXPECT_EQ(NegotiateContentCoding(header), expected) << "Accept-Encoding: " << header;
}

TEST(ResponseCompressionTest, CompressesLargeBodiesAndSignsWhatIsSent) {
  net::HttpRequest request;
  request.headers.Set("Accept-Encoding", "deflate, gzip");
  net::HttpResponse small;
  small.body = std::string(kCompressFromBytes - 1, 'x');
  CompressResponse(request, small);
  EXPECT_FALSE(small.headers.Has("Content-Encoding"));
  EXPECT_EQ(small.body.size(), kCompressFromBytes - 1);

  net::HttpResponse large;
  large.body = std::string(kCompressFromBytes, 'x');
  large.headers.Set("x-amz-crc32", "1");
  CompressResponse(request, large);
  EXPECT_EQ(large.headers.Get("Content-Encoding").value_or(""), "deflate");
  EXPECT_LT(large.body.size(), 100u);
  EXPECT_EQ(large.headers.Get("x-amz-crc32").value_or(""), std::to_string(core::Crc32(large.body)));

  request.headers.Set("Accept-Encoding", "gzip");
  net::HttpResponse gzipped;
  gzipped.body = std::string(10000, 'y');
  CompressResponse(request, gzipped);
  EXPECT_EQ(gzipped.headers.Get("Content-Encoding").value_or(""), "gzip");
  auto back = core::Gunzip(gzipped.body, 1 << 20);
  ASSERT_TRUE(std::holds_alternative<std::string>(back));
  EXPECT_EQ(std::get<std::string>(back), std::string(10000, 'y'));
}

}  // namespace
}  // namespace tarn::gateway
