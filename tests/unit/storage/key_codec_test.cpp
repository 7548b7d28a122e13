#include "storage/key_codec.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

namespace tarn::storage {
namespace {

using namespace std::string_literals;

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr uint64_t kUint64Max = std::numeric_limits<uint64_t>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- golden bytes: these pin the on-disk format (docs/storage-formats.md) -------------------

TEST(KeyCodecTest, GoldenBytes) {
  struct Case {
    std::string encoded, expected;
  };
  const Case cases[] = {
      {EncodeUint64(0), "\0\0\0\0\0\0\0\0"s},
      {EncodeUint64(0x0102030405060708ULL), "\x01\x02\x03\x04\x05\x06\x07\x08"s},
      {EncodeUint64(kUint64Max), "\xff\xff\xff\xff\xff\xff\xff\xff"s},
      {EncodeInt64(0), "\x80\0\0\0\0\0\0\0"s},
      {EncodeInt64(-1), "\x7f\xff\xff\xff\xff\xff\xff\xff"s},
      {EncodeInt64(kInt64Min), "\0\0\0\0\0\0\0\0"s},
      {EncodeInt64(kInt64Max), "\xff\xff\xff\xff\xff\xff\xff\xff"s},
      {EncodeDouble(1.0), "\xbf\xf0\0\0\0\0\0\0"s},
      {EncodeDouble(-1.0), "\x40\x0f\xff\xff\xff\xff\xff\xff"s},
      {EncodeDouble(0.0), "\x80\0\0\0\0\0\0\0"s},
      {EncodeDouble(-0.0), "\x7f\xff\xff\xff\xff\xff\xff\xff"s},
      {EncodeDouble(std::nan("")), "\xff\xf8\0\0\0\0\0\0"s},
      {EncodeDouble(-std::nan("")), "\xff\xf8\0\0\0\0\0\0"s},  // one canonical NaN
      {EncodeString(""), "\0\x01"s},
      {EncodeString("ab"), "ab\0\x01"s},
      {EncodeString("a\0b"s),
       "a\0\xff"
       "b\0\x01"s},
      {EncodeString("\xff"), "\xff\0\x01"s},
      {KeyBuilder("t").Byte(2).String("x").Uint64(1).Take(), "t\x02x\0\x01\0\0\0\0\0\0\0\x01"s},
  };
  for (size_t i = 0; i < std::size(cases); ++i)
    EXPECT_EQ(cases[i].encoded, cases[i].expected) << "case " << i;
}

// ---- round trips ---------------------------------------------------------------------------

TEST(KeyCodecTest, IntegersRoundTrip) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{255}, uint64_t{256}, uint64_t{1} << 63, kUint64Max})
    EXPECT_EQ(DecodeUint64(EncodeUint64(v)), v);
  for (int64_t v : {kInt64Min, kInt64Min + 1, int64_t{-256}, int64_t{-1}, int64_t{0}, int64_t{1}, kInt64Max})
    EXPECT_EQ(DecodeInt64(EncodeInt64(v)), v);
}

TEST(KeyCodecTest, DoublesRoundTrip) {
  for (double v :
       {0.0, 1.0, -1.0, 1e-308, -1e-308, 4.9e-324, -4.9e-324, 1.7976931348623157e308, kInf, -kInf, 0.1}) {
    auto back = DecodeDouble(EncodeDouble(v));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, v);
  }
  auto neg_zero = DecodeDouble(EncodeDouble(-0.0));
  ASSERT_TRUE(neg_zero.has_value());
  EXPECT_TRUE(std::signbit(*neg_zero));
  auto nan = DecodeDouble(EncodeDouble(std::nan("7")));
  ASSERT_TRUE(nan.has_value());
  EXPECT_TRUE(std::isnan(*nan));
}

TEST(KeyCodecTest, StringsRoundTrip) {
  for (std::string s : {""s, "a"s, "\0"s, "\0\0"s, "\0\x01"s, "\0\xff"s, "\xff\xff"s, "student#42"s,
                        "multi\0byte\0\0zeros"s, std::string(1000, '\0')}) {
    EXPECT_EQ(DecodeString(EncodeString(s)), s) << testing::PrintToString(s);
  }
}

// ---- malformed input -----------------------------------------------------------------------

TEST(KeyCodecTest, MalformedFixedWidthIsRejected) {
  for (std::string bad : {""s, "\x01"s, std::string(7, '\0'), std::string(9, '\0')}) {
    EXPECT_FALSE(DecodeUint64(bad).has_value()) << bad.size();
    EXPECT_FALSE(DecodeInt64(bad).has_value()) << bad.size();
    EXPECT_FALSE(DecodeDouble(bad).has_value()) << bad.size();
  }
}

TEST(KeyCodecTest, MalformedStringsAreRejected) {
  const std::string cases[] = {
      ""s,               // no terminator at all
      "abc"s,            // no terminator
      "a\0"s,            // escape cut short
      "a\0\x02"s,        // neither escaped zero nor terminator
      "a\0\x00\x01"s,    // 0x00 0x00 is not an escape
      "a\0\x01x"s,       // bytes after the value
      "a\0\x01\0\x01"s,  // two values where one is expected
      "\0\xff"s,         // escaped zero, then no terminator
  };
  for (const auto& bad : cases) EXPECT_FALSE(DecodeString(bad).has_value()) << testing::PrintToString(bad);
}

TEST(KeyCodecTest, ReaderReadsCompositeKeysAndStopsOnMalformedInput) {
  std::string key =
      KeyBuilder().Byte('i').String("tbl\0x"s).Int64(-7).Double(2.5).Uint64(9).Raw("tail").Take();
  KeyReader r(key);
  EXPECT_EQ(r.Byte(), uint8_t{'i'});
  EXPECT_EQ(r.String(), "tbl\0x"s);
  EXPECT_EQ(r.Int64(), -7);
  EXPECT_EQ(r.Double(), 2.5);
  EXPECT_EQ(r.Uint64(), 9u);
  EXPECT_FALSE(r.done());
  EXPECT_FALSE(r.Raw(5).has_value());  // too long: nothing consumed
  EXPECT_EQ(r.Raw(4), "tail");
  EXPECT_TRUE(r.done());
  EXPECT_FALSE(r.Byte().has_value());
  EXPECT_FALSE(r.Uint64().has_value());
  EXPECT_FALSE(r.String().has_value());

  const std::string malformed = "ab\0\x07rest"s;
  KeyReader bad(malformed);
  EXPECT_FALSE(bad.String().has_value());
  EXPECT_EQ(bad.rest(), "ab\0\x07rest"s);  // a failed read consumes nothing
  KeyReader short_int("\x01\x02\x03");
  EXPECT_FALSE(short_int.Int64().has_value());
  EXPECT_EQ(short_int.rest().size(), 3u);
}

TEST(KeyCodecTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor(""), std::nullopt);
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), std::nullopt);
  EXPECT_EQ(PrefixSuccessor("a"), "b");
  EXPECT_EQ(PrefixSuccessor("a\xff\xff"), "b");
  EXPECT_EQ(PrefixSuccessor("a\0"s), "a\x01");
  EXPECT_EQ(PrefixSuccessor("a\x7f"), "a\x80");
  EXPECT_EQ(PrefixSuccessor("\xfe\xff"), "\xff");
}

// ---- order properties: bytewise order of encodings == logical order ---------------------------

template <class T, class Encode>
void ExpectOrderPreserved(const std::vector<T>& values, Encode encode) {
  std::vector<std::string> encoded;
  for (const T& v : values) encoded.push_back(encode(v));
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); ++j) {
      const T& a = values[i];
      const T& b = values[j];
      ASSERT_EQ(encoded[i] < encoded[j], a < b)
          << testing::PrintToString(a) << " vs " << testing::PrintToString(b);
      ASSERT_EQ(encoded[i] == encoded[j], a == b)
          << testing::PrintToString(a) << " vs " << testing::PrintToString(b);
    }
  }
}

TEST(KeyCodecOrderTest, Uint64) {
  std::mt19937_64 rng(1);
  std::vector<uint64_t> v = {0, 1, 255, 256, kUint64Max, kUint64Max - 1, 1ULL << 63};
  for (int i = 0; i < 150; ++i) v.push_back(rng() >> (rng() % 64));
  ExpectOrderPreserved(v, EncodeUint64);
}

TEST(KeyCodecOrderTest, Int64) {
  std::mt19937_64 rng(2);
  std::vector<int64_t> v = {kInt64Min, kInt64Min + 1, -256, -1, 0, 1, 255, kInt64Max};
  for (int i = 0; i < 150; ++i) v.push_back(static_cast<int64_t>(rng()) >> (rng() % 64));
  ExpectOrderPreserved(v, EncodeInt64);
}

TEST(KeyCodecOrderTest, Double) {
  std::mt19937_64 rng(3);
  std::vector<double> v = {-kInf, -1.7976931348623157e308, -1.0, -4.9e-324, 0.0, 4.9e-324, 0.5, 1.0, kInf};
  std::uniform_real_distribution<double> small(-1000.0, 1000.0);
  for (int i = 0; i < 80; ++i) v.push_back(small(rng));
  while (v.size() < 200) {  // random bit patterns cover every exponent, subnormals included
    double d = std::bit_cast<double>(rng());
    if (!std::isnan(d)) v.push_back(d);
  }
  ExpectOrderPreserved(v, EncodeDouble);
  // -0.0 == +0.0 numerically, but they stay distinct and adjacent in the encoding.
  EXPECT_LT(EncodeDouble(-0.0), EncodeDouble(0.0));
  EXPECT_LT(EncodeDouble(-4.9e-324), EncodeDouble(-0.0));
  EXPECT_GT(EncodeDouble(std::nan("")), EncodeDouble(kInf));
}

// Strings over a tiny alphabet built around the escape bytes, so that prefixes, embedded zeros and
// 0xFF runs occur constantly.
std::string RandomTrickyString(std::mt19937_64& rng) {
  static const char kAlphabet[] = {'\0', '\x01', '\xff', 'a'};
  std::string s(rng() % 6, ' ');
  for (auto& c : s) c = kAlphabet[rng() % 4];
  return s;
}

TEST(KeyCodecOrderTest, Strings) {
  std::mt19937_64 rng(4);
  std::vector<std::string> v = {""s, "\0"s, "\0\0"s, "\0\x01"s, "\x01"s, "\xff"s, "a"s, "ab"s, "b"s};
  for (int i = 0; i < 250; ++i) v.push_back(RandomTrickyString(rng));
  ExpectOrderPreserved(v, EncodeString);
}

TEST(KeyCodecOrderTest, CompositeKeys) {
  using Key = std::tuple<std::string, int64_t, std::string, uint64_t>;
  std::mt19937_64 rng(5);
  std::vector<Key> v;
  for (int i = 0; i < 300; ++i) {
    // Few distinct values per component, so that ties on earlier components are common.
    v.emplace_back(RandomTrickyString(rng), static_cast<int64_t>(rng() % 5) - 2, RandomTrickyString(rng),
                   rng() % 3 == 0 ? kUint64Max - rng() % 2 : rng() % 3);
  }
  ExpectOrderPreserved(v, [](const Key& k) {
    return KeyBuilder()
        .String(std::get<0>(k))
        .Int64(std::get<1>(k))
        .String(std::get<2>(k))
        .Uint64(std::get<3>(k))
        .Take();
  });
}

TEST(KeyCodecOrderTest, PrefixSuccessorBoundsEveryKeyWithThePrefix) {
  std::mt19937_64 rng(6);
  for (int i = 0; i < 300; ++i) {
    std::string prefix = KeyBuilder().String(RandomTrickyString(rng)).Take();
    std::string key = KeyBuilder(prefix).String(RandomTrickyString(rng)).Uint64(rng()).Take();
    std::string other = KeyBuilder().String(RandomTrickyString(rng)).Take();
    auto successor = PrefixSuccessor(prefix);
    ASSERT_TRUE(successor.has_value());  // an encoded string ends in 0x01, never 0xFF
    EXPECT_LT(key, *successor);
    EXPECT_GE(key, prefix);
    bool has_prefix = other.compare(0, prefix.size(), prefix) == 0;
    EXPECT_EQ(has_prefix, other >= prefix && other < *successor) << testing::PrintToString(other);
  }
}

}  // namespace
}  // namespace tarn::storage
