#include "core/gzip.h"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <string>

namespace tarn::core {
namespace {

std::string Compress(std::string_view in) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(6);
  std::string out(libdeflate_gzip_compress_bound(c, in.size()), '\0');
  out.resize(libdeflate_gzip_compress(c, in.data(), in.size(), out.data(), out.size()));
  libdeflate_free_compressor(c);
  return out;
}

std::string Ok(std::string_view in, size_t max_out = 1 << 20) {
  auto r = Gunzip(in, max_out);
  EXPECT_TRUE(std::holds_alternative<std::string>(r));
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("<error>");
}

GunzipError Err(std::string_view in, size_t max_out = 1 << 20) {
  auto r = Gunzip(in, max_out);
  EXPECT_TRUE(std::holds_alternative<GunzipError>(r));
  return std::holds_alternative<GunzipError>(r) ? std::get<GunzipError>(r) : GunzipError::kCorrupt;
}

TEST(GunzipTest, OneMember) { EXPECT_EQ(Ok(Compress(R"({"TableName":"t"})")), R"({"TableName":"t"})"); }

TEST(GunzipTest, ConcatenatedMembersAreOneBody) {
  EXPECT_EQ(Ok(Compress("{\"Table") + Compress("Name\":\"t\"}")), "{\"TableName\":\"t\"}");
  EXPECT_EQ(Ok(Compress("") + Compress("x")), "x");
}

TEST(GunzipTest, WellCompressedBodiesGrowTheBuffer) {
  std::string big(3 << 20, ' ');
  EXPECT_EQ(Ok(Compress(big), 4 << 20), big);
}

TEST(GunzipTest, BytesAfterAMemberThatStartNoOtherAreIgnored) {
  EXPECT_EQ(Ok(Compress("abc") + "junk"), "abc");
  EXPECT_EQ(Ok(Compress("abc") + std::string("\x1f\x8b", 2)), "abc");
}

TEST(GunzipTest, MalformedInput) {
  EXPECT_EQ(Err(""), GunzipError::kCorrupt);
  EXPECT_EQ(Err("{\"TableName\":\"t\"}"), GunzipError::kCorrupt);
  std::string z = Compress("hello world");
  EXPECT_EQ(Err(z.substr(0, z.size() - 1)), GunzipError::kCorrupt);  // trailer cut short
  EXPECT_EQ(Err(z.substr(0, 10)), GunzipError::kCorrupt);            // header alone
  std::string bad_crc = z;
  bad_crc[bad_crc.size() - 8] ^= 1;
  EXPECT_EQ(Err(bad_crc), GunzipError::kCorrupt);
  std::string bad_method = z;
  bad_method[2] = 7;
  EXPECT_EQ(Err(bad_method), GunzipError::kCorrupt);
  // A second member that starts like one but is cut short is an error, not trailing junk.
  EXPECT_EQ(Err(z + z.substr(0, 12)), GunzipError::kCorrupt);
}

TEST(GunzipTest, TheLimitCountsDecompressedBytes) {
  std::string body(5000, 'a');
  EXPECT_EQ(Ok(Compress(body), 5000), body);
  EXPECT_EQ(Err(Compress(body), 4999), GunzipError::kTooLarge);
  EXPECT_EQ(Err(Compress(body) + Compress("b"), 5000), GunzipError::kTooLarge);
}

TEST(GzipTest, RoundTripsThroughGunzipAndConcatenates) {
  for (std::string body : {std::string(), std::string("{\"Item\":{}}\n"), std::string(100000, 'x')}) {
    std::string z = Gzip(body);
    ASSERT_GE(z.size(), 18u);
    EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
    EXPECT_EQ(Ok(z, 1 << 20), body);
  }
  // Members written one after another read as one stream (exports append them).
  EXPECT_EQ(Ok(Gzip("ab") + Gzip("cd"), 1 << 20), "abcd");
}

}  // namespace
}  // namespace tarn::core
