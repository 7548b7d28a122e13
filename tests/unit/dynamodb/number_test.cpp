#include "dynamodb/number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace tarn::dynamodb {
namespace {

using namespace std::string_literals;

constexpr char kOverflow[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr char kUnderflow[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

Number N(std::string_view s) {
  auto r = Number::Parse(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Number();
}

TEST(NumberTest, ParsesAndNormalizes) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"0e1000", "0"},
      {"1", "1"},
      {"+1", "1"},
      {"-1", "-1"},
      {"1.50", "1.5"},
      {"1e2", "100"},
      {"1E+2", "100"},
      {"1e-2", "0.01"},
      {".5", "0.5"},
      {"5.", "5"},
      {"0001.23", "1.23"},
      {"0.0001", "0.0001"},
      {"-17e5", "-1700000"},
      {"-7.1234", "-7.1234"},
      {"123.456e1", "1234.56"},
      {"100", "100"},
      {"1.0e-3", "0.001"},
      {"12345678901234567890", "12345678901234567890"},
  };
  for (const auto& c : cases) EXPECT_EQ(N(c.in).ToString(), c.out) << c.in;
}

TEST(NumberTest, PrintsExtremesInPlainNotation) {
  EXPECT_EQ(N("1E+125").ToString(), "1" + std::string(125, '0'));
  EXPECT_EQ(N("-1e-130").ToString(), "-0." + std::string(129, '0') + "1");
  EXPECT_EQ(N("9.9999999999999999999999999999999999999E+125").ToString(),
            std::string(38, '9') + std::string(88, '0'));
}

TEST(NumberTest, AcceptsThirtyEightDigitsAndTrailingZerosBeyond) {
  EXPECT_TRUE(Number::Parse("3.1415926535897932384626433832795028841").ok());
  EXPECT_TRUE(Number::Parse("31415926535897932384626433832795028841e30").ok());
  // Trailing zeros are not significant.
  EXPECT_TRUE(Number::Parse("1" + std::string(60, '0')).ok());
  EXPECT_TRUE(Number::Parse("0.0000000000000000000000000000000000000000000001").ok());
}

TEST(NumberTest, RejectsMalformedText) {
  for (const char* s : {"abc",  "NaN", "Infinity", "-Infinity", "-NaN",         "dog",
                        "-dog", " 1",  "1 ",       "1e",        "1e+",          "e5",
                        ".",    "-",   "+",        "--1",       "1..2",         "1.2.3",
                        "0x10", "1,5", "1e5.5",    "+-1",       "1e99999999999"}) {
    auto r = Number::Parse(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().code, "ValidationException");
    EXPECT_EQ(r.error().message, "The parameter cannot be converted to a numeric value: "s + s);
  }
  auto empty = Number::Parse("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "The parameter cannot be converted to a numeric value");
}

TEST(NumberTest, RejectsOutOfRange) {
  for (const char* s : {"1e126", "11e125", "-1e126", "1e200"}) {
    auto r = Number::Parse(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, kOverflow) << s;
  }
  for (const char* s : {"1e-131", "0.9e-130", "-1e-131"}) {
    auto r = Number::Parse(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, kUnderflow) << s;
  }
  EXPECT_TRUE(Number::Parse("9.99999999e125").ok());
  EXPECT_TRUE(Number::Parse("1e-130").ok());
}

// The two layers DynamoDB judges request values in (number.h, ValueLayer), as
// paritysuite/dynamodb-conformance's valueLayers and numberExponent tests record them (four regions, October
// 2026).
TEST(NumberTest, CurrentLayerRangeChecksEveryExponentThatFitsSixtyFourBits) {
  auto current = [](std::string_view s) { return Number::Parse(s, ValueLayer::kCurrent); };
  for (const char* s : {"1e99999999999", "-1e99999999999", "1e2147483648", "1e2147483647", "1e126", "0e126",
                        "0.0e127", "1e9223372036854775807"}) {
    auto r = current(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, kOverflow) << s;
  }
  for (const char* s : {"1e-99999999999", "1e-2147483648", "1e-131", "0e-131", "-1e-9223372036854775807"}) {
    auto r = current(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, kUnderflow) << s;
  }
  for (const char* s : {"1e9223372036854775808", "1e99999999999999999999", "abc"}) {
    auto r = current(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, "The parameter cannot be converted to a numeric value: "s + s) << s;
  }
  auto empty = current("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "The parameter cannot be converted to a numeric value: ");
  EXPECT_TRUE(current("0e125").ok());
  // An expression value's zero is not range-checked (scylladb's test_number, run against DynamoDB).
  EXPECT_TRUE(Number::Parse("0e1000", ValueLayer::kCurrentExpressionValue).ok());
  EXPECT_EQ(Number::Parse("1e126", ValueLayer::kCurrentExpressionValue).error().message, kOverflow);
  EXPECT_TRUE(current("0.000e-127").ok());
  EXPECT_EQ(current("1.5e2")->ToString(), "150");
  EXPECT_EQ(current("9.9e125")->ToString(), N("9.9e125").ToString());
}

TEST(NumberTest, LegacyLayerReadsAsJavaBigDecimal) {
  // An exponent or scale past 32 bits cannot be converted; the magnitude check wraps in 32 bits.
  for (const char* s : {"1e2147483648", "1e-2147483649", "1e99999999999", "1.5e-2147483647"}) {
    auto r = Number::Parse(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, "The parameter cannot be converted to a numeric value: "s + s) << s;
  }
  auto wrapped = Number::Parse("1e2147483647");
  ASSERT_FALSE(wrapped.ok());
  EXPECT_EQ(wrapped.error().message, kUnderflow);
  auto big = Number::Parse("1e2147483646");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().message, kOverflow);
  auto between = Number::Parse("1e1500000000");
  ASSERT_FALSE(between.ok());
  EXPECT_EQ(between.error().message, kOverflow);
  // Zero is never out of range here (scylladb's test_number, run on AWS: "0e1000" is accepted).
  EXPECT_TRUE(Number::Parse("0e1000").ok());
  EXPECT_TRUE(Number::Parse("0e-1000").ok());
}

TEST(NumberTest, RejectsThirtyNineSignificantDigits) {
  for (const char* s :
       {"3.14159265358979323846264338327950288419", "314159265358979323846.264338327950288419",
        "314159265358979323846264338327950288419e30"}) {
    auto r = Number::Parse(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().message, "Attempting to store more than 38 significant digits in a Number");
  }
}

TEST(NumberTest, ComparesByValue) {
  const std::vector<std::string> ascending = {"-1e125", "-100",   "-99.5", "-1",  "-0.5", "-1e-130",
                                              "0",      "1e-130", "0.001", "0.5", "1",    "1.5",
                                              "2",      "10",     "99.99", "100", "1e125"};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      EXPECT_EQ(N(ascending[i]) <=> N(ascending[j]), i <=> j) << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(N("1.0"), N("1"));
  EXPECT_EQ(N("-0"), N("0"));
  EXPECT_EQ(N("100"), N("1e2"));
}

TEST(NumberTest, AddsAndSubtractsExactly) {
  struct Case {
    const char *a, *b, *sum, *difference;
  };
  const Case cases[] = {
      {"1", "10000000000000000000000", "10000000000000000000001", "-9999999999999999999999"},
      {"0.1", "0.2", "0.3", "-0.1"},
      {"5", "-5", "0", "10"},
      {"-1.5", "-2.25", "-3.75", "0.75"},
      {"0", "-7", "-7", "7"},
      {"999", "1", "1000", "998"},
      {"1e-130", "1e-130", "2e-130", "0"},
      {"123.456", "0.544", "124", "122.912"},
  };
  for (const auto& c : cases) {
    auto sum = Number::Add(N(c.a), N(c.b));
    ASSERT_TRUE(sum.ok()) << c.a << "+" << c.b;
    EXPECT_EQ(*sum, N(c.sum)) << c.a << "+" << c.b << " = " << sum->ToString();
    auto diff = Number::Subtract(N(c.a), N(c.b));
    ASSERT_TRUE(diff.ok()) << c.a << "-" << c.b;
    EXPECT_EQ(*diff, N(c.difference)) << c.a << "-" << c.b << " = " << diff->ToString();
  }
}

TEST(NumberTest, ArithmeticOverflowUnderflowAndPrecision) {
  auto big = Number::Add(N("9e125"), N("9e125"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().message, kOverflow);
  auto big2 = Number::Subtract(N("9e125"), N("-9e125"));
  ASSERT_FALSE(big2.ok());
  EXPECT_EQ(big2.error().message, kOverflow);
  // 1E50 + 1 needs 51 digits: DynamoDB refuses with the overflow message, never rounds.
  auto imprecise = Number::Add(N("1e50"), N("1"));
  ASSERT_FALSE(imprecise.ok());
  EXPECT_EQ(imprecise.error().message, kOverflow);
  auto imprecise2 = Number::Subtract(N("1e50"), N("1"));
  ASSERT_FALSE(imprecise2.ok());
  EXPECT_EQ(imprecise2.error().message, kOverflow);
  // 38 digits exactly is fine.
  EXPECT_TRUE(Number::Add(N("1e37"), N("1")).ok());
}

TEST(NumberTest, RandomSumsAreExactAndInvertible) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> digit(0, 9), len(1, 18), exp(-20, 20), sign(0, 1);
  auto random_number = [&] {
    std::string s = sign(rng) ? "-" : "";
    int n = len(rng);
    for (int k = 0; k < n; ++k) s += static_cast<char>('0' + digit(rng));
    return N(s + "e" + std::to_string(exp(rng)));
  };
  for (int i = 0; i < 500; ++i) {
    Number a = random_number(), b = random_number();
    auto sum = Number::Add(a, b);
    if (!sum.ok()) continue;  // needs more than 38 digits
    auto back = Number::Subtract(*sum, b);
    ASSERT_TRUE(back.ok()) << a.ToString() << " + " << b.ToString();
    EXPECT_EQ(*back, a) << a.ToString() << " + " << b.ToString() << " = " << sum->ToString();
    EXPECT_EQ(*Number::Add(b, a), *sum);
    EXPECT_EQ(*sum <=> a, b <=> Number()) << a.ToString() << " + " << b.ToString();
  }
}

TEST(NumberTest, FromInt64) {
  EXPECT_EQ(Number::FromInt64(0).ToString(), "0");
  EXPECT_EQ(Number::FromInt64(-42).ToString(), "-42");
  EXPECT_EQ(Number::FromInt64(1000).ToString(), "1000");
  EXPECT_EQ(Number::FromInt64(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Number::FromInt64(1000), N("1e3"));
}

// ---- key encoding: golden bytes pin the on-disk format --------------------------------------

TEST(NumberKeyTest, GoldenBytes) {
  EXPECT_EQ(N("0").EncodeKey(), "\x01"s);
  EXPECT_EQ(N("1").EncodeKey(), "\x02\x82"s + "1" + "\x00"s);  // 0.1 x 10^1: e + 129 = 130
  EXPECT_EQ(N("-1").EncodeKey(), "\x00\x7d\xce\xff"s);         // 255 - 130, 0xFF - '1'
  EXPECT_EQ(N("12.5").EncodeKey(), "\x02\x83"s + "125" + "\x00"s);
  EXPECT_EQ(N("1e-130").EncodeKey(), "\x02\x00"s + "1" + "\x00"s);
  EXPECT_EQ(N("1e125").EncodeKey(), "\x02\xff"s + "1" + "\x00"s);
}

TEST(NumberKeyTest, BytewiseOrderEqualsNumericOrder) {
  std::vector<std::string> texts = {"-1e125",
                                    "-100",
                                    "-99.5",
                                    "-10",
                                    "-9",
                                    "-1.25",
                                    "-1.2",
                                    "-1",
                                    "-0.5",
                                    "-1e-130",
                                    "0",
                                    "1e-130",
                                    "0.001",
                                    "0.5",
                                    "1",
                                    "1.2",
                                    "1.25",
                                    "9",
                                    "10",
                                    "99.5",
                                    "100",
                                    "1e125",
                                    "9.9999999999999999999999999999999999999E+125"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digit(0, 9), len(1, 38), exp(-90, 85), sign(0, 1);
  for (int i = 0; i < 120; ++i) {
    std::string s = sign(rng) ? "-" : "";
    int n = len(rng);
    for (int k = 0; k < n; ++k) s += static_cast<char>('0' + digit(rng));
    s += "e" + std::to_string(exp(rng));
    texts.push_back(s);
  }
  std::vector<Number> numbers;
  for (const auto& t : texts) numbers.push_back(N(t));
  for (size_t i = 0; i < numbers.size(); ++i) {
    auto decoded = Number::DecodeKey(numbers[i].EncodeKey());
    ASSERT_TRUE(decoded.has_value()) << texts[i];
    EXPECT_EQ(*decoded, numbers[i]);
    for (size_t j = 0; j < numbers.size(); ++j) {
      EXPECT_EQ(numbers[i].EncodeKey() <=> numbers[j].EncodeKey(), numbers[i] <=> numbers[j])
          << texts[i] << " vs " << texts[j];
    }
  }
}

TEST(NumberKeyTest, DecodePrefixReportsLengthAndRejectsGarbage) {
  std::string two = N("-12").EncodeKey() + N("7").EncodeKey();
  auto first = Number::DecodeKeyPrefix(two);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->first, N("-12"));
  EXPECT_EQ(Number::DecodeKey(two.substr(first->second)), N("7"));
  EXPECT_FALSE(Number::DecodeKey(two).has_value());  // trailing bytes
  for (const std::string& bad :
       {""s, "\x03"s, "\x02"s, "\x02\x82"s, "\x02\x82\x00"s,
        "\x02\x82"
        "10\x00"s,
        "\x02\x82"
        "01\x00"s,
        "\x02\x82"
        "1a\x00"s,
        "\x00\x7d\xce"s, "\x01\x01"s, "\x02\x82"s + std::string(39, '1') + "\x00"s}) {
    EXPECT_FALSE(Number::DecodeKey(bad).has_value()) << bad.size();
  }
}

}  // namespace
}  // namespace tarn::dynamodb
