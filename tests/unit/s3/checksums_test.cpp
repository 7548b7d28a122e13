// Checksum functions against published check values, and the multipart ETag.
#include "s3/checksums.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/encoding.h"

namespace tarn::s3 {
namespace {

std::string Compute(ChecksumAlgorithm a, std::string_view data, size_t piece = 3) {
  BodyDigests d({a});
  for (size_t i = 0; i < data.size(); i += piece) d.Update(data.substr(i, piece));
  d.Finish();
  return d.Checksum(a).value_or("");
}

TEST(ChecksumsTest, Crc32cCheckValue) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
  // Incremental equals one-shot.
  EXPECT_EQ(Crc32c("56789", Crc32c("1234")), 0xE3069283u);
}

TEST(ChecksumsTest, ValuesAreBase64OfBigEndianCrcOrDigest) {
  // CRC32("123456789") = 0xCBF43926; CRC32C = 0xE3069283.
  EXPECT_EQ(Compute(ChecksumAlgorithm::kCrc32, "123456789"), core::Base64Encode("\xCB\xF4\x39\x26"));
  EXPECT_EQ(Compute(ChecksumAlgorithm::kCrc32c, "123456789"), core::Base64Encode("\xE3\x06\x92\x83"));
  EXPECT_EQ(Compute(ChecksumAlgorithm::kSha256, "abc"),
            core::Base64Encode(core::AsStringView(core::Sha256("abc"))));
  EXPECT_EQ(Compute(ChecksumAlgorithm::kSha1, "abc"), core::Base64Encode(core::Sha1("abc")));
  // Empty body: CRC32 of nothing is 0.
  EXPECT_EQ(Compute(ChecksumAlgorithm::kCrc32, ""), "AAAAAA==");
}

TEST(ChecksumsTest, Md5AlwaysComputedOthersOnlyWhenAsked) {
  BodyDigests d({ChecksumAlgorithm::kCrc32});
  d.Update("hello");
  d.Finish();
  EXPECT_EQ(core::HexEncode(d.md5()), "5d41402abc4b2a76b9719d911017c592");
  EXPECT_TRUE(d.Computes(ChecksumAlgorithm::kCrc32));
  EXPECT_FALSE(d.Computes(ChecksumAlgorithm::kSha256));
  EXPECT_FALSE(d.Checksum(ChecksumAlgorithm::kSha256).has_value());
}

TEST(ChecksumsTest, AlgorithmNames) {
  EXPECT_EQ(ParseAlgorithm("crc32c"), ChecksumAlgorithm::kCrc32c);
  EXPECT_EQ(ParseAlgorithm("SHA256"), ChecksumAlgorithm::kSha256);
  EXPECT_EQ(ParseAlgorithm("crc64nvme"), ChecksumAlgorithm::kCrc64Nvme);
  EXPECT_EQ(ParseAlgorithm("XXHASH128"), ChecksumAlgorithm::kXxHash128);
  EXPECT_FALSE(ParseAlgorithm("CRC64").has_value());
  EXPECT_FALSE(ParseAlgorithm("SHA256 ").has_value());
  EXPECT_FALSE(ParseAlgorithm("").has_value());
  EXPECT_EQ(AlgorithmHeader(ChecksumAlgorithm::kSha1), "x-amz-checksum-sha1");
  EXPECT_EQ(AlgorithmMember(ChecksumAlgorithm::kCrc32), "ChecksumCRC32");
}

TEST(ChecksumsTest, Crc64NvmeCheckValue) {
  EXPECT_EQ(Crc64Nvme("123456789"), 0xAE8B14860A799888ull);
  EXPECT_EQ(Crc64Nvme(""), 0u);
  EXPECT_EQ(Crc64Nvme("56789", Crc64Nvme("1234")), 0xAE8B14860A799888ull);
  EXPECT_EQ(Compute(ChecksumAlgorithm::kCrc64Nvme, "123456789"),
            core::Base64Encode(std::string("\xAE\x8B\x14\x86\x0A\x79\x98\x88", 8)));
}

// The sliced implementations against the plain bytewise definition, at every alignment and length
// around the 8-byte step, and across arbitrary splits.
TEST(ChecksumsTest, SlicedCrcsMatchTheBytewiseDefinition) {
  auto bytewise = [](auto polynomial, std::string_view data) {
    using T = decltype(polynomial);
    T crc = ~T{0};
    for (unsigned char b : data) {
      crc ^= b;
      for (int k = 0; k < 8; ++k) crc = (crc & 1) ? (crc >> 1) ^ polynomial : crc >> 1;
    }
    return static_cast<T>(~crc);
  };
  std::string data;
  uint32_t x = 12345;
  for (int i = 0; i < 300; ++i) {
    x = x * 1103515245u + 12345u;
    data.push_back(static_cast<char>(x >> 16));
  }
  for (size_t start = 0; start < 9; ++start) {
    for (size_t len = 0; len + start <= data.size(); len += (len < 20 ? 1 : 37)) {
      std::string_view piece = std::string_view(data).substr(start, len);
      ASSERT_EQ(Crc64Nvme(piece), bytewise(uint64_t{0x9A6C9329AC4BC9B5ull}, piece)) << start << "+" << len;
      ASSERT_EQ(Crc32c(piece), bytewise(uint32_t{0x82F63B78u}, piece)) << start << "+" << len;
      size_t cut = len / 3;
      ASSERT_EQ(Crc64Nvme(piece.substr(cut), Crc64Nvme(piece.substr(0, cut))), Crc64Nvme(piece));
    }
  }
}

TEST(ChecksumsTest, NewerAlgorithmsMatchReferenceTools) {
  // xxhsum 0.8.1 -H1/-H3/-H2 of "abc" (canonical big-endian), Python hashlib for SHA512/MD5.
  EXPECT_EQ(Compute(ChecksumAlgorithm::kXxHash64, "abc"),
            core::Base64Encode(*core::HexDecode("44bc2cf5ad770999")));
  EXPECT_EQ(Compute(ChecksumAlgorithm::kXxHash3, "abc"),
            core::Base64Encode(*core::HexDecode("78af5f94892f3950")));
  EXPECT_EQ(Compute(ChecksumAlgorithm::kXxHash128, "abc"),
            core::Base64Encode(*core::HexDecode("06b05ab6733a618578af5f94892f3950")));
  EXPECT_EQ(Compute(ChecksumAlgorithm::kSha512, "abc"),
            "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==");
  EXPECT_EQ(Compute(ChecksumAlgorithm::kMd5, "abc"), "kAFQmDzST7DWlj99KOF/cg==");
  // Every algorithm has a header and member spelled from its name.
  for (ChecksumAlgorithm a : kChecksumAlgorithms) {
    EXPECT_EQ(AlgorithmMember(a), "Checksum" + std::string(AlgorithmName(a)));
    EXPECT_EQ(ParseAlgorithm(AlgorithmName(a)), a);
  }
}

TEST(ChecksumsTest, CompositeIsChecksumOfRawPartChecksumsWithCount) {
  std::string a = ChecksumOf(ChecksumAlgorithm::kCrc32, "part one");
  std::string b = ChecksumOf(ChecksumAlgorithm::kCrc32, "part two");
  std::string raw = *core::Base64Decode(a) + *core::Base64Decode(b);
  EXPECT_EQ(CompositeChecksum(ChecksumAlgorithm::kCrc32, {a, b}),
            ChecksumOf(ChecksumAlgorithm::kCrc32, raw) + "-2");
  EXPECT_FALSE(CompositeChecksum(ChecksumAlgorithm::kCrc32, {"not base64!"}).has_value());
}

TEST(ChecksumsTest, MultipartETagIsMd5OfBinaryPartMd5sWithCount) {
  std::string a = core::Md5("part one"), b = core::Md5("part two");
  std::string expected = "\"" + core::HexEncode(core::Md5(a + b)) + "-2\"";
  EXPECT_EQ(MultipartETag({a, b}), expected);
  EXPECT_EQ(MultipartETag({a}), "\"" + core::HexEncode(core::Md5(a)) + "-1\"");
}

TEST(ChecksumsTest, ETagQuoting) {
  EXPECT_EQ(QuotedETag(core::Md5("")), "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(UnquoteETag("\"abc\""), "abc");
  EXPECT_EQ(UnquoteETag("W/\"abc\""), "abc");
  EXPECT_EQ(UnquoteETag("abc"), "abc");
  EXPECT_EQ(UnquoteETag("\""), "");
  // One quote alone is dropped too: S3 matches an If-Match missing the other.
  EXPECT_EQ(UnquoteETag("abc\""), "abc");
  EXPECT_EQ(UnquoteETag("\"abc"), "abc");
}

}  // namespace
}  // namespace tarn::s3
