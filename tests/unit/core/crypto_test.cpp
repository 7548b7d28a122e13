#include "core/crypto.h"

#include <gtest/gtest.h>

#include <string>

#include "core/encoding.h"

namespace tarn::core {
namespace {

using namespace std::string_literals;

std::string Hex(const Sha256Digest& d) { return HexEncode(AsStringView(d)); }

TEST(Sha256Test, NistVectors) {
  // FIPS 180-2 appendix B and the NIST CSRC examples.
  const std::pair<std::string, std::string> cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const auto& [in, hex] : cases) {
    EXPECT_EQ(Hex(Sha256(in)), hex) << in.substr(0, 20);
    EXPECT_EQ(Sha256Hex(in), hex);
  }
}

TEST(HmacSha256Test, Rfc4231Vectors) {
  struct Case {
    std::string key, data, hex;
  };
  const std::string key_aa_131(131, '\xaa');
  const Case cases[] = {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19",
       std::string(50, '\xcd'), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {key_aa_131, "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {key_aa_131,
       "This is a test using a larger than block-size key and a larger than block-size data. The key needs "
       "to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const auto& c : cases) EXPECT_EQ(Hex(HmacSha256(c.key, c.data)), c.hex) << c.data.substr(0, 20);
  // Test case 5 is truncated to 128 bits.
  EXPECT_EQ(Hex(HmacSha256(std::string(20, '\x0c'), "Test With Truncation")).substr(0, 32),
            "a3b6167473100ee06e0c796c2955552b");
}

TEST(DigestTest, Md5AndSha1) {
  // RFC 1321 appendix A.5; FIPS 180-1.
  EXPECT_EQ(HexEncode(Md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(HexEncode(Md5("abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(HexEncode(Md5("The quick brown fox jumps over the lazy dog")),
            "9e107d9d372bb6826bd81d3542a419d6");
  EXPECT_EQ(Md5("x").size(), 16u);
  EXPECT_EQ(HexEncode(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Sha1("").size(), 20u);
}

TEST(Crc32Test, StandardCheckValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  EXPECT_EQ(Crc32("6789", Crc32("12345")), 0xCBF43926u);  // incremental
}

TEST(Sha256StreamTest, MatchesOneShotAndResetsAfterFinish) {
  std::string data;
  for (int i = 0; i < 10000; ++i) data += static_cast<char>(i * 7);
  Sha256Stream stream;
  for (size_t off = 0; off < data.size(); off += 333) stream.Update(std::string_view(data).substr(off, 333));
  EXPECT_EQ(stream.Finish(), Sha256(data));
  stream.Update("abc");
  EXPECT_EQ(Hex(stream.Finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(stream.Finish()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ConstantTimeEqualsTest, Compares) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("signature", "signature"));
  EXPECT_TRUE(ConstantTimeEquals("a\0b"s, "a\0b"s));
  EXPECT_FALSE(ConstantTimeEquals("signature", "signaturE"));
  EXPECT_FALSE(ConstantTimeEquals("Signature", "signature"));
  EXPECT_FALSE(ConstantTimeEquals("sig", "signature"));
  EXPECT_FALSE(ConstantTimeEquals("a\0b"s, "a\0c"s));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

}  // namespace
}  // namespace tarn::core
