#include "dynamodb/wire_item.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "core/json_depth.h"
#include "dynamodb/item_size.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {
namespace {

Item ParseItem(std::string_view text) {
  auto r = ItemFromJson(boost::json::parse(text, {}, core::DeepJson()));
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Item();
}

// Every attribute type, nested, with numbers and binaries whose sizes are not their text's length.
const char* const kItems[] = {
    R"({"id":{"S":"abc"}})",
    R"({"id":{"S":"h\u00e9llo \u263a"},"n":{"N":"-0.000123"},"z":{"N":"0"},"big":{"N":"1E+125"}})",
    R"({"b":{"B":"AAEC"},"b1":{"B":"AA=="},"b2":{"B":"AAE="},"e":{"B":""}})",
    R"({"t":{"BOOL":true},"f":{"BOOL":false},"x":{"NULL":true}})",
    R"({"ss":{"SS":["a","bcd"]},"ns":{"NS":["1","-12.5","100"]},"bs":{"BS":["AA==","AAEC"]}})",
    R"({"m":{"M":{"a":{"L":[{"S":"x"},{"N":"12345"},{"M":{}},{"L":[]}]},"b":{"M":{"c":{"NULL":true}}}}}})",
    R"({"marks":{"N":"99.5"},"student_id":{"S":"s-1"},"subject":{"S":"maths"},"tags":{"SS":["x"]}})",
};

TEST(WireItemTest, SizeMatchesItemSize) {
  for (const char* text : kItems) {
    Item item = ParseItem(text);
    EXPECT_EQ(WireItemSize(ItemToJson(item)), ItemSize(item)) << text;
  }
}

TEST(WireItemTest, DecodesStoredItemsToTheirWireForm) {
  for (const char* text : kItems) {
    Item item = ParseItem(text);
    auto decoded = DecodeWireItem(EncodeItem(item));
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(decoded->json, boost::json::value(ItemToJson(item))) << text;
    EXPECT_EQ(decoded->size, ItemSize(item)) << text;
  }
}

TEST(WireItemTest, ItemsNestedAsDeepAsDynamoDBAllowsReadBack) {
  // 31 levels of maps and lists below the attribute (DynamoDB allows 32): 64 JSON levels and more,
  // past Boost.JSON's default depth of 32.
  std::string value = R"({"S":"leaf"})";
  for (int level = 0; level < 31; ++level)
    value = level % 2 ? R"({"L":[)" + value + "]}" : R"({"M":{"a":)" + value + "}}";
  Item item = ParseItem(R"({"id":{"S":"deep"},"v":)" + value + "}");
  auto decoded = DecodeWireItem(EncodeItem(item));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->json, boost::json::value(ItemToJson(item)));
  auto back = DecodeItem(EncodeItem(item));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(ItemToJson(*back), ItemToJson(item));
}

TEST(WireItemTest, MalformedStoredValuesAreInternalFailures) {
  for (const char* bad :
       {"", "{", "[]", "\"s\"", R"({"a":1})", R"({"a":{}})", R"({"a":{"S":1}})", R"({"a":{"S":"x","N":"1"}})",
        R"({"a":{"N":"x"}})", R"({"a":{"B":"abc"}})", R"({"a":{"M":[]}})", R"({"a":{"L":{}}})",
        R"({"a":{"SS":[1]}})", R"({"a":{"NS":["q"]}})", R"({"a":{"BS":["A"]}})",
        R"({"a":{"L":[{"S":"x"},7]}})", R"({"a":{"Q":"x"}})", R"({"a":{"Q":[]}})"}) {
    auto decoded = DecodeWireItem(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.error().code, "InternalFailure") << bad;
    EXPECT_EQ(decoded.error().http_status, 500) << bad;
  }
}

}  // namespace
}  // namespace tarn::dynamodb
