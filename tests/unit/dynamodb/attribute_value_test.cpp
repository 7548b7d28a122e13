#include "dynamodb/attribute_value.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>
#include <string>

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

json::value J(std::string_view text) {
  json::parse_options opts;
  opts.max_depth = 1000;
  return json::parse(text, {}, opts);
}

AttributeValue Parse(std::string_view text) {
  auto r = AttributeValue::FromJson(J(text));
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : AttributeValue();
}

void ExpectError(std::string_view text, std::string_view code, std::string_view message) {
  auto r = AttributeValue::FromJson(J(text));
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.error().code, code) << text;
  EXPECT_EQ(r.error().message, message) << text;
}

constexpr char kValidation[] = "ValidationException";
constexpr char kSerialization[] = "SerializationException";

TEST(AttributeValueTest, RoundTripsEveryType) {
  const char* cases[] = {
      R"({"S":"x"})",
      R"({"S":""})",
      R"({"N":"1.5"})",
      R"({"B":"AAEC/w=="})",
      R"({"B":""})",
      R"({"BOOL":false})",
      R"({"BOOL":true})",
      R"({"NULL":true})",
      R"({"M":{}})",
      R"({"M":{"a":{"S":"1"},"b":{"L":[{"N":"2"},{"NULL":true}]}}})",
      R"({"L":[]})",
      R"({"SS":["a","b"]})",
      R"({"SS":[""]})",
      R"({"NS":["-1","2.5"]})",
      R"({"BS":["AA==","AQ=="]})",
  };
  for (const char* c : cases) EXPECT_EQ(json::serialize(Parse(c).ToJson()), c);
}

TEST(AttributeValueTest, NormalizesNumbersAndSortsSets) {
  EXPECT_EQ(json::serialize(Parse(R"({"N":"1e2"})").ToJson()), R"({"N":"100"})");
  EXPECT_EQ(json::serialize(Parse(R"({"NS":["10","-1","2.50"]})").ToJson()), R"({"NS":["-1","2.5","10"]})");
  EXPECT_EQ(json::serialize(Parse(R"({"SS":["b","a","B"]})").ToJson()), R"({"SS":["B","a","b"]})");
  EXPECT_EQ(json::serialize(Parse(R"({"M":{"z":{"S":"1"},"a":{"S":"2"}}})").ToJson()),
            R"({"M":{"a":{"S":"2"},"z":{"S":"1"}}})");
}

TEST(AttributeValueTest, AccessorsAndTypes) {
  auto v = Parse(R"({"B":"AAEC/w=="})");
  EXPECT_EQ(v.type(), AttributeType::kB);
  EXPECT_EQ(v.b(), std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(Parse(R"({"NS":["3"]})").ns().at(0), *Number::Parse("3"));
  EXPECT_EQ(AttributeTypeName(AttributeType::kBOOL), "BOOL");
  EXPECT_EQ(AttributeTypeName(AttributeType::kBS), "BS");
  EXPECT_TRUE(Parse(R"({"BOOL":true})").boolean());
}

TEST(AttributeValueTest, Equality) {
  EXPECT_EQ(Parse(R"({"N":"1"})"), Parse(R"({"N":"1.00"})"));
  EXPECT_NE(Parse(R"({"N":"1"})"), Parse(R"({"S":"1"})"));
  EXPECT_EQ(Parse(R"({"SS":["a","b"]})"), Parse(R"({"SS":["b","a"]})"));
  EXPECT_NE(Parse(R"({"SS":["a"]})"), Parse(R"({"SS":["a","b"]})"));
  EXPECT_NE(Parse(R"({"L":[{"S":"a"},{"S":"b"}]})"), Parse(R"({"L":[{"S":"b"},{"S":"a"}]})"));
  EXPECT_EQ(Parse(R"({"M":{"a":{"N":"1"}}})"), Parse(R"({"M":{"a":{"N":"1.0"}}})"));
  EXPECT_NE(Parse(R"({"B":"AA=="})"), Parse(R"({"S":"\u0000"})"));
  EXPECT_EQ(AttributeValue::SS({"b", "a", "b"}), Parse(R"({"SS":["a","b"]})"));
}

TEST(AttributeValueTest, CompareSameScalarTypesOnly) {
  EXPECT_EQ(Compare(Parse(R"({"N":"9"})"), Parse(R"({"N":"10"})")), std::strong_ordering::less);
  EXPECT_EQ(Compare(Parse(R"({"S":"9"})"), Parse(R"({"S":"10"})")), std::strong_ordering::greater);
  // Bytewise unsigned: U+00E9 (0xC3 0xA9) sorts after 'z'; 0xFF after 0x01.
  EXPECT_EQ(Compare(Parse(R"({"S":"\u00e9"})"), Parse(R"({"S":"z"})")), std::strong_ordering::greater);
  EXPECT_EQ(Compare(Parse(R"({"B":"/w=="})"), Parse(R"({"B":"AQ=="})")), std::strong_ordering::greater);
  EXPECT_EQ(Compare(Parse(R"({"B":"AQ=="})"), Parse(R"({"B":"AQI="})")), std::strong_ordering::less);
  EXPECT_EQ(Compare(Parse(R"({"S":"a"})"), Parse(R"({"S":"a"})")), std::strong_ordering::equal);
  EXPECT_FALSE(Compare(Parse(R"({"S":"1"})"), Parse(R"({"N":"1"})")).has_value());
  EXPECT_FALSE(Compare(Parse(R"({"BOOL":true})"), Parse(R"({"BOOL":true})")).has_value());
  EXPECT_FALSE(Compare(Parse(R"({"SS":["a"]})"), Parse(R"({"SS":["a"]})")).has_value());
}

TEST(AttributeValueTest, EmptyOrMultipleTypes) {
  const char* kEmpty =
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
  for (const char* c : {R"({})", R"({"a":""})", R"({"S":null})", R"({"M":{"a":{}}})", R"({"L":[{}]})",
                        R"({"L":[{"a":{}}]})", R"({"L":[null]})", "null"}) {
    ExpectError(c, kValidation, kEmpty);
  }
  ExpectError(
      R"({"S":"a","N":"1"})", kValidation,
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
      "datatypes");
  ExpectError(
      R"({"NULL":true,"BOOL":true})", kValidation,
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
      "datatypes");
  // A validation error in one of several members is reported before "more than one".
  ExpectError(R"({"S":"a","N":"x"})", kValidation, "The parameter cannot be converted to a numeric value: x");
}

// DynamoDB's current value layer lists a set with a repeat as quoted members: those before the first
// repeat in byte order, the repeat, then the rest as sent (paritysuite/dynamodb-conformance valueLayers).
TEST(AttributeValueTest, CurrentLayerWordsDuplicatesAndNumbers) {
  auto current = [](std::string_view text) {
    return AttributeValue::FromJson(J(text), ValueLayer::kCurrent);
  };
  const std::string p = "One or more parameter values were invalid: ";
  auto message = [&](std::string_view text) {
    auto r = current(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(message(R"({"SS":["b","a","b"]})"),
            p + R"(Input collection ["a", "b", "b"] contains duplicates.)");
  EXPECT_EQ(message(R"({"SS":["c","a","c","z","y"]})"),
            p + R"(Input collection ["a", "c", "c", "z", "y"] contains duplicates.)");
  EXPECT_EQ(message(R"({"BS":["/w==","AA==","AA=="]})"),
            p + R"(Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.)");
  EXPECT_EQ(message(R"({"NS":["2","1","2.0"]})"), p + "Input collection contains duplicates.");
  EXPECT_EQ(message(R"({"N":""})"), "The parameter cannot be converted to a numeric value: ");
  EXPECT_EQ(message(R"({"L":[{"N":"1e2147483647"}]})"),
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
  EXPECT_TRUE(current(R"({"SS":["b","a"]})").ok());
}

TEST(AttributeValueTest, InvalidValues) {
  const std::string p = "One or more parameter values were invalid: ";
  ExpectError(R"({"NULL":false})", kValidation, p + "Null attribute value types must have the value of true");
  ExpectError(R"({"SS":[]})", kValidation, p + "An string set  may not be empty");
  ExpectError(R"({"NS":[]})", kValidation, p + "An number set  may not be empty");
  ExpectError(R"({"BS":[]})", kValidation, p + "Binary sets should not be empty");
  ExpectError(R"({"SS":["a","a"]})", kValidation, p + "Input collection [a, a] contains duplicates.");
  ExpectError(R"({"SS":["a","b","a"]})", kValidation, p + "Input collection [a, b, a] contains duplicates.");
  ExpectError(R"({"BS":["Yg==","Yg=="]})", kValidation,
              p + "Input collection [Yg==, Yg==]of type BS contains duplicates.");
  ExpectError(R"({"NS":["1","1.0"]})", kValidation, "Input collection contains duplicates");
  ExpectError(R"({"NS":["1",""]})", kValidation, "The parameter cannot be converted to a numeric value");
  ExpectError(R"({"NS":["1","b"]})", kValidation, "The parameter cannot be converted to a numeric value: b");
  ExpectError(R"({"N":""})", kValidation, "The parameter cannot be converted to a numeric value");
  ExpectError(R"({"N":" 1"})", kValidation, "The parameter cannot be converted to a numeric value:  1");
  ExpectError(R"({"N":"1e126"})", kValidation,
              "Number overflow. Attempting to store a number with magnitude larger than supported range");
  ExpectError(R"({"M":{"x":{"L":[{"NULL":false}]}}})", kValidation,
              p + "Null attribute value types must have the value of true");
}

TEST(AttributeValueTest, WrongJsonTypesAreSerializationErrors) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"N":123})",
       "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
      {R"({"S":true})", "class java.lang.Boolean can not be converted to an String"},
      {R"({"S":["a"]})", "Start of list found where not expected"},
      {R"({"S":{}})", "Start of structure or map found where not expected."},
      {R"({"BOOL":"yes"})", "'YES' can not be converted to an Boolean"},
      {R"({"NULL":1})",
       "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean"},
      {R"({"B":true})", "class java.lang.Boolean can not be converted to a Blob"},
      {R"({"M":"x"})", "Expected map or null"},
      {R"({"M":[]})", "Start of list found where not expected"},
      {R"({"L":{}})", "Start of structure or map found where not expected."},
      {R"({"L":"x"})", "Expected list or null"},
      {R"({"SS":"a"})", "Expected list or null"},
      {R"({"NS":[1]})",
       "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
      {R"({"L":["x"]})", "Expected null"},
      {R"({"L":[[]]})", "Start of list found where not expected"},
      {R"("x")", "Expected null"},
      {R"([])", "Start of list found where not expected"},
      {R"({"B":"abc"})",
       "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but "
       "found: 3"},
      {R"({"B":"ab!c"})", "'ab!c' can not be converted to a Blob: Invalid Base64 character: '!'"},
      {R"({"B":"a=bc"})", "'a=bc' can not be converted to a Blob: Invalid Base64 character: '='"},
      {R"({"BS":["AA==","YQ="]})",
       "'YQ=' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but "
       "found: 3"},
      {R"({"B":"AB=="})",
       "'AB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"},
  };
  for (const auto& c : cases) ExpectError(c.json, kSerialization, c.message);
  // Serialization errors win over validation errors elsewhere in the value.
  ExpectError(
      R"({"L":[{"NULL":false},{"S":1}]})", kSerialization,
      "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String");
}

// Random JSON built from the wire form's own vocabulary: every input must give a value or a
// ValidationException/SerializationException, never a crash (run under ASan/UBSan).
json::value RandomJson(std::mt19937& rng, int depth) {
  static const char* kKeys[] = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "x"};
  static const char* kStrings[] = {"", "1", "-1.5e3", "abc", "AA==", "AB==", "Yg==", "1e200", "a=b", "  "};
  int kind = std::uniform_int_distribution<int>(0, depth > 4 ? 4 : 6)(rng);
  switch (kind) {
    case 0:
      return nullptr;
    case 1:
      return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    case 2:
      return std::uniform_int_distribution<int>(-5, 5)(rng);
    case 3:
    case 4:
      return json::string(kStrings[std::uniform_int_distribution<int>(0, 9)(rng)]);
    case 5: {
      json::array a;
      int n = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int i = 0; i < n; ++i) a.push_back(RandomJson(rng, depth + 1));
      return a;
    }
    default: {
      json::object o;
      int n = std::uniform_int_distribution<int>(0, 2)(rng);
      for (int i = 0; i < n; ++i)
        o[kKeys[std::uniform_int_distribution<int>(0, 10)(rng)]] = RandomJson(rng, depth + 1);
      return o;
    }
  }
}

TEST(AttributeValueTest, RandomInputNeverCrashes) {
  std::mt19937 rng(5);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    json::value v = RandomJson(rng, 0);
    auto r = AttributeValue::FromJson(v);
    if (r.ok()) {
      ++accepted;
      // Whatever is accepted renders to a wire form that parses back to the same value.
      auto again = AttributeValue::FromJson(r->ToJson());
      ASSERT_TRUE(again.ok()) << json::serialize(v);
      EXPECT_EQ(*again, *r) << json::serialize(v);
    } else {
      EXPECT_TRUE(r.error().code == "ValidationException" || r.error().code == "SerializationException")
          << r.error().code;
    }
  }
  EXPECT_GT(accepted, 0);
}

std::string Nested(int levels) {
  std::string s;
  for (int i = 0; i < levels; ++i) s += R"({"M":{"n":)";
  s += R"({"S":"leaf"})";
  for (int i = 0; i < levels; ++i) s += "}}";
  return s;
}

TEST(AttributeValueTest, NestingLimit) {
  // 31 map wraps put the leaf at level 32: accepted. 32 wraps: rejected.
  EXPECT_TRUE(AttributeValue::FromJson(J(Nested(31))).ok());
  ExpectError(
      Nested(32), kValidation,
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
      "supported limit");
}

TEST(AttributeValueTest, NestingLevelsOfItems) {
  // An item's limit can be raised for one parse (the legacy layer's expression values), and an item's
  // depth is measured from its attributes (level 1), through maps and lists alike.
  const json::value deep = J(R"({"d":)" + Nested(32) + "}");
  ASSERT_FALSE(ItemFromJson(deep).ok());
  auto raised = ItemFromJson(deep, ValueLayer::kLegacy, kMaxNestingDepth + 1);
  ASSERT_TRUE(raised.ok());
  EXPECT_EQ(NestingLevels(*raised), 33);
  EXPECT_FALSE(
      ItemFromJson(J(R"({"d":)" + Nested(33) + "}"), ValueLayer::kLegacy, kMaxNestingDepth + 1).ok());
  EXPECT_EQ(NestingLevels(Item{}), 0);
  auto flat = ItemFromJson(J(R"({"a":{"S":"x"},"l":{"L":[{"N":"1"},{"L":[{"M":{}}]}]}})"));
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(NestingLevels(*flat), 3);
}

TEST(AttributeValueTest, Items) {
  auto item = ItemFromJson(J(R"({"id":{"S":"a"},"n":{"N":"01"},"m":{"M":{}}})"));
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->size(), 3u);
  EXPECT_EQ(item->at("n").n().ToString(), "1");
  EXPECT_EQ(json::serialize(ItemToJson(*item)), R"({"id":{"S":"a"},"m":{"M":{}},"n":{"N":"1"}})");
  auto bad = ItemFromJson(J(R"({"a":{"SS":[]},"b":{"S":5}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, kSerialization);
  auto bad2 = ItemFromJson(J(R"({"a":{"SS":[]}})"));
  ASSERT_FALSE(bad2.ok());
  EXPECT_EQ(bad2.error().message,
            "One or more parameter values were invalid: An string set  may not be empty");
  auto not_map = ItemFromJson(J(R"([])"));
  ASSERT_FALSE(not_map.ok());
  EXPECT_EQ(not_map.error().message, "Start of list found where not expected");
  EXPECT_TRUE(ItemFromJson(J("null")).ok());
  auto scalar = ItemFromJson(J(R"(3)"));
  ASSERT_FALSE(scalar.ok());
  EXPECT_EQ(scalar.error().message, "Expected map or null");
}

}  // namespace
}  // namespace tarn::dynamodb
