#include "dynamodb/item_size.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace tarn::dynamodb {
namespace {

Item ParseItem(std::string_view text) {
  auto r = ItemFromJson(boost::json::parse(text));
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Item();
}

size_t NumSize(std::string_view n) { return NumberSize(*Number::Parse(n)); }

TEST(ItemSizeTest, NumberSizes) {
  // Values from zaccharles/dynamodb-calculator's model of DynamoDB's base-100 number storage.
  EXPECT_EQ(NumSize("0"), 1u);
  EXPECT_EQ(NumSize("1"), 2u);
  EXPECT_EQ(NumSize("10"), 2u);
  EXPECT_EQ(NumSize("99"), 2u);
  EXPECT_EQ(NumSize("100"), 2u);
  EXPECT_EQ(NumSize("101"), 3u);
  EXPECT_EQ(NumSize("1000000"), 2u);
  EXPECT_EQ(NumSize("-1"), 3u);
  EXPECT_EQ(NumSize("1.5"), 3u);     // "01" "50"
  EXPECT_EQ(NumSize("0.5"), 2u);     // "50"
  EXPECT_EQ(NumSize("0.05"), 2u);    // "05"
  EXPECT_EQ(NumSize("0.0001"), 2u);  // "00" pair dropped, "01"
  EXPECT_EQ(NumSize("12345"), 4u);
  EXPECT_EQ(NumSize("-1e-130"), 3u);
  EXPECT_EQ(NumSize("12345678901234567890123456789012345678"), 20u);
  EXPECT_EQ(NumSize("-1.2345678901234567890123456789012345678"), 21u);  // capped
}

TEST(ItemSizeTest, ScalarsAndNames) {
  EXPECT_EQ(ItemSize(ParseItem(R"({"id":{"S":"abc"}})")), 2u + 3u);
  EXPECT_EQ(ItemSize(ParseItem(R"({"\u00e9":{"S":"\u20ac"}})")), 2u + 3u);  // UTF-8 bytes
  EXPECT_EQ(ItemSize(ParseItem(R"({"b":{"B":"AAEC"}})")), 1u + 3u);         // raw bytes, not base64
  EXPECT_EQ(ItemSize(ParseItem(R"({"t":{"BOOL":true},"n":{"NULL":true}})")), 1u + 1u + 1u + 1u);
  EXPECT_EQ(ItemSize(ParseItem(R"({"n":{"N":"101"}})")), 1u + 3u);
  EXPECT_EQ(ItemSize(ParseItem(R"({"e":{"S":""}})")), 1u);
}

TEST(ItemSizeTest, DocumentsAndSets) {
  EXPECT_EQ(ItemSize(ParseItem(R"({"m":{"M":{}}})")), 1u + 3u);
  EXPECT_EQ(ItemSize(ParseItem(R"({"l":{"L":[]}})")), 1u + 3u);
  // M: 3 + per element (name + value + 1).
  EXPECT_EQ(ItemSize(ParseItem(R"({"m":{"M":{"ab":{"S":"xyz"},"c":{"BOOL":false}}}})")),
            1u + 3u + (2 + 3 + 1) + (1 + 1 + 1));
  // L: 3 + per element (value + 1).
  EXPECT_EQ(ItemSize(ParseItem(R"({"l":{"L":[{"S":"xyz"},{"L":[]}]}})")), 1u + 3u + (3 + 1) + (3 + 1));
  EXPECT_EQ(ItemSize(ParseItem(R"({"s":{"SS":["a","bc"]}})")), 1u + 3u);
  EXPECT_EQ(ItemSize(ParseItem(R"({"s":{"NS":["1","-1"]}})")), 1u + 2u + 3u);
  EXPECT_EQ(ItemSize(ParseItem(R"({"s":{"BS":["AA==","AAA="]}})")), 1u + 3u);
}

TEST(ItemSizeTest, FourHundredKilobyteLimit) {
  Item item;
  item.emplace("k", AttributeValue::S(std::string(kMaxItemBytes - 1, 'x')));
  EXPECT_EQ(ItemSize(item), kMaxItemBytes);
  EXPECT_TRUE(CheckItemSize(item).ok());
  item.emplace("z", AttributeValue::Null());
  auto status = CheckItemSize(item);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ValidationException");
  EXPECT_EQ(status.error().message, "Item size has exceeded the maximum allowed size");
}

TEST(ItemSizeTest, CapacityUnits) {
  EXPECT_EQ(ReadCapacityUnits(0, true), 1.0);
  EXPECT_EQ(ReadCapacityUnits(4096, true), 1.0);
  EXPECT_EQ(ReadCapacityUnits(4097, true), 2.0);
  EXPECT_EQ(ReadCapacityUnits(4097, false), 1.0);
  EXPECT_EQ(ReadCapacityUnits(100, false), 0.5);
  EXPECT_EQ(ReadCapacityUnits(4097, false, true), 4.0);
  EXPECT_EQ(WriteCapacityUnits(0), 1.0);
  EXPECT_EQ(WriteCapacityUnits(1024), 1.0);
  EXPECT_EQ(WriteCapacityUnits(1025), 2.0);
  EXPECT_EQ(WriteCapacityUnits(1025, true), 4.0);
}

}  // namespace
}  // namespace tarn::dynamodb
