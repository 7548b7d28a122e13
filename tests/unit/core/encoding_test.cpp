#include "core/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::core {
namespace {

using namespace std::string_literals;

std::string AllBytes() {
  std::string s;
  for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
  return s;
}

TEST(HexTest, EncodeDecode) {
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(HexEncode("\x00\x0f\xf0\xff"s), "000ff0ff");
  EXPECT_EQ(HexDecode("000ff0ff"), "\x00\x0f\xf0\xff"s);
  EXPECT_EQ(HexDecode("ABCDEF"), "\xab\xcd\xef");  // uppercase accepted
  EXPECT_EQ(HexDecode(HexEncode(AllBytes())), AllBytes());
}

TEST(HexTest, MalformedIsRejected) {
  for (const char* bad : {"a", "abc", "zz", "0g", " 00", "00 ", "0x00", "-1"})
    EXPECT_FALSE(HexDecode(bad).has_value()) << bad;
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {"\xfb\xff", "+/8="},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Base64Decode(encoded), plain) << encoded;
  }
  EXPECT_EQ(Base64Decode(Base64Encode(AllBytes())), AllBytes());
}

TEST(Base64Test, MalformedIsRejected) {
  const char* cases[] = {
      "Zg",        // missing padding
      "Zg=",       // short padding
      "Z===",      // three pad characters
      "====",      // only padding
      "=Zg=",      // padding first
      "Zg==Zg==",  // padding before the end
      "Zg=a",      // data after padding
      "Zm9v\n",    // whitespace
      "Zm 9v",     // whitespace
      "Zm9*",      // outside the alphabet
      "Zm9-",      // base64url alphabet is not base64
      "Zm9_",
  };
  for (const char* bad : cases) EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
}

TEST(UriEncodeTest, SigV4Rules) {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html: unreserved
  // characters stay, everything else is %XX with uppercase hex, space is %20 (never '+').
  const std::tuple<std::string, bool, std::string> cases[] = {
      {"AZaz09-_.~", true, "AZaz09-_.~"},
      {"a b", true, "a%20b"},
      {"a+b=c&d", true, "a%2Bb%3Dc%26d"},
      {"*", true, "%2A"},
      {"%", true, "%25"},
      {"photos/2024/a.jpg", true, "photos%2F2024%2Fa.jpg"},
      {"photos/2024/a b.jpg", false, "photos/2024/a%20b.jpg"},
      {"\xc3\xa9", true, "%C3%A9"},  // UTF-8 bytes one by one
      {"\x00\xff"s, true, "%00%FF"},
      {"", true, ""},
  };
  for (const auto& [in, encode_slash, out] : cases) EXPECT_EQ(UriEncode(in, encode_slash), out) << in;
}

TEST(PercentDecodeTest, Decodes) {
  EXPECT_EQ(PercentDecode("%41%42c"), "ABc");
  EXPECT_EQ(PercentDecode("%c3%A9"), "\xc3\xa9");  // either case of hex
  EXPECT_EQ(PercentDecode("%00"), "\x00"s);
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", /*plus_as_space=*/true), "a b");
  EXPECT_EQ(PercentDecode("%2B", true), "+");
  EXPECT_EQ(PercentDecode(""), "");
  EXPECT_EQ(PercentDecode(UriEncode(AllBytes())), AllBytes());
}

TEST(PercentDecodeTest, MalformedEscapesAreRejected) {
  for (const char* bad : {"%", "%4", "abc%", "abc%4", "%G1", "%1G", "%%", "%%41", "% 41", "%-1"})
    EXPECT_FALSE(PercentDecode(bad).has_value()) << bad;
}

}  // namespace
}  // namespace tarn::core
