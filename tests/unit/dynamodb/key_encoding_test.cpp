#include "dynamodb/key_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <string>
#include <vector>

namespace tarn::dynamodb {
namespace {

using namespace std::string_literals;

Item ParseItem(std::string_view text) {
  auto r = ItemFromJson(boost::json::parse(text));
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Item();
}

const KeySchema kHashOnly{{"id", ScalarAttributeType::kS}, std::nullopt};
const KeySchema kComposite{{"student_id", ScalarAttributeType::kS},
                           KeyAttribute{"n", ScalarAttributeType::kN}};
const KeySchema kBinary{{"h", ScalarAttributeType::kB}, KeyAttribute{"r", ScalarAttributeType::kB}};

std::string ErrorOf(const core::Status& s) { return s.ok() ? "ok" : s.error().message; }

TEST(KeyEncodingTest, ScalarTypeNames) {
  EXPECT_EQ(ScalarAttributeTypeName(ScalarAttributeType::kN), "N");
  EXPECT_EQ(ParseScalarAttributeType("B"), ScalarAttributeType::kB);
  EXPECT_FALSE(ParseScalarAttributeType("SS").has_value());
  EXPECT_FALSE(ParseScalarAttributeType("s").has_value());
}

TEST(KeyEncodingTest, ValidateKeyParameter) {
  const std::string mismatch = "The provided key element does not match the schema";
  EXPECT_EQ(ErrorOf(ValidateKey(kHashOnly, ParseItem(R"({"id":{"S":"a"}})"))), "ok");
  EXPECT_EQ(ErrorOf(ValidateKey(kComposite, ParseItem(R"({"student_id":{"S":"a"},"n":{"N":"1"}})"))), "ok");
  EXPECT_EQ(ErrorOf(ValidateKey(kHashOnly, ParseItem(R"({"id":{"N":"1"}})"))), mismatch);
  EXPECT_EQ(ErrorOf(ValidateKey(kHashOnly, ParseItem(R"({"other":{"S":"a"}})"))), mismatch);
  EXPECT_EQ(ErrorOf(ValidateKey(kHashOnly, ParseItem(R"({"id":{"S":"a"},"x":{"S":"b"}})"))), mismatch);
  EXPECT_EQ(ErrorOf(ValidateKey(kHashOnly, Item())), mismatch);
  EXPECT_EQ(ErrorOf(ValidateKey(kComposite, ParseItem(R"({"student_id":{"S":"a"}})"))), mismatch);
  EXPECT_EQ(ErrorOf(ValidateKey(kComposite, ParseItem(R"({"student_id":{"S":"a"},"n":{"S":"1"}})"))),
            mismatch);
  EXPECT_EQ(
      ErrorOf(ValidateKey(kHashOnly, ParseItem(R"({"id":{"S":""}})"))),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
      "empty string value. Key: id");
  EXPECT_EQ(
      ErrorOf(ValidateKey(kBinary, ParseItem(R"({"h":{"B":"AA=="},"r":{"B":""}})"))),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
      "empty binary value. Key: r");
  auto status = ValidateKey(kHashOnly, ParseItem(R"({"id":{"N":"1"}})"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ValidationException");
}

TEST(KeyEncodingTest, ValidateKeyInItem) {
  const std::string p = "One or more parameter values were invalid: ";
  EXPECT_EQ(ErrorOf(ValidateItemKey(kHashOnly, ParseItem(R"({"id":{"S":"a"},"x":{"N":"1"}})"))), "ok");
  EXPECT_EQ(ErrorOf(ValidateItemKey(kHashOnly, ParseItem(R"({"x":{"N":"1"}})"))),
            p + "Missing the key id in the item");
  EXPECT_EQ(ErrorOf(ValidateItemKey(kComposite, ParseItem(R"({"student_id":{"S":"a"}})"))),
            p + "Missing the key n in the item");
  EXPECT_EQ(ErrorOf(ValidateItemKey(kHashOnly, ParseItem(R"({"id":{"N":"1"}})"))),
            p + "Type mismatch for key id expected: S actual: N");
  EXPECT_EQ(ErrorOf(ValidateItemKey(kComposite, ParseItem(R"({"student_id":{"S":"a"},"n":{"SS":["1"]}})"))),
            p + "Type mismatch for key n expected: N actual: SS");
  EXPECT_EQ(
      ErrorOf(ValidateItemKey(kHashOnly, ParseItem(R"({"id":{"S":""}})"))),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
      "empty string value. Key: id");
}

TEST(KeyEncodingTest, ValidateItemKeyTellsTheKindOfProblem) {
  auto kind = [](const KeySchema& schema, const char* json) {
    ItemKeyProblem problem = ItemKeyProblem::kOther;
    (void)ValidateItemKey(schema, ParseItem(json), &problem);
    return problem;
  };
  EXPECT_EQ(kind(kHashOnly, R"({"id":{"S":"a"}})"), ItemKeyProblem::kNone);
  EXPECT_EQ(kind(kHashOnly, R"({"x":{"S":"a"}})"), ItemKeyProblem::kMissing);
  EXPECT_EQ(kind(kHashOnly, R"({"id":{"N":"1"}})"), ItemKeyProblem::kTypeMismatch);
  EXPECT_EQ(kind(kHashOnly, R"({"id":{"S":""}})"), ItemKeyProblem::kOther);
  // The first problem in key order decides: an empty hash key before a range key of another type.
  EXPECT_EQ(kind(kComposite, R"({"student_id":{"S":""},"n":{"S":"x"}})"), ItemKeyProblem::kOther);
  EXPECT_EQ(kind(kComposite, R"({"student_id":{"S":"a"},"n":{"S":"x"}})"), ItemKeyProblem::kTypeMismatch);
}

TEST(KeyEncodingTest, KeySizeLimits) {
  Item item;
  item.emplace("id", AttributeValue::S(std::string(kMaxPartitionKeyBytes, 'x')));
  EXPECT_EQ(ErrorOf(ValidateItemKey(kHashOnly, item)), "ok");
  item["id"] = AttributeValue::S(std::string(kMaxPartitionKeyBytes + 1, 'x'));
  EXPECT_EQ(
      ErrorOf(ValidateItemKey(kHashOnly, item)),
      "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 "
      "bytes");
  Item range_item;
  range_item.emplace("h", AttributeValue::B("k"));
  range_item.emplace("r", AttributeValue::B(std::string(kMaxSortKeyBytes, 'x')));
  EXPECT_EQ(ErrorOf(ValidateKey(kBinary, range_item)), "ok");
  range_item["r"] = AttributeValue::B(std::string(kMaxSortKeyBytes + 1, 'x'));
  EXPECT_EQ(
      ErrorOf(ValidateKey(kBinary, range_item)),
      "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size "
      "limit of 1024 bytes");
}

TEST(KeyEncodingTest, ExtractKey) {
  Item item = ParseItem(R"({"student_id":{"S":"a"},"n":{"N":"1"},"x":{"BOOL":true}})");
  EXPECT_EQ(ExtractKey(kComposite, item), ParseItem(R"({"student_id":{"S":"a"},"n":{"N":"1"}})"));
}

TEST(KeyEncodingTest, GoldenBytes) {
  EXPECT_EQ(EncodeKeyValue(AttributeValue::S("ab")), "ab\x00\x01"s);
  EXPECT_EQ(EncodeKeyValue(AttributeValue::B("\x00\xff"s)), "\x00\xff\xff\x00\x01"s);
  EXPECT_EQ(EncodeKeyValue(AttributeValue::N(*Number::Parse("-1"))), "\x00\x7d\xce\xff"s);
  EXPECT_EQ(EncodePrimaryKey(kComposite, ParseItem(R"({"student_id":{"S":"s1"},"n":{"N":"10"}})")),
            "s1\x00\x01\x02\x83"
            "1\x00"s);  // 10 = 0.1 x 10^2
}

TEST(KeyEncodingTest, RoundTrip) {
  const char* items[] = {
      R"({"student_id":{"S":"s1"},"n":{"N":"10"},"other":{"S":"dropped"}})",
      R"({"student_id":{"S":"a\u0000b"},"n":{"N":"-0.5"}})",
      R"({"student_id":{"S":"\u00e9"},"n":{"N":"0"}})",
  };
  for (const char* text : items) {
    Item item = ParseItem(text);
    auto decoded = DecodePrimaryKey(kComposite, EncodePrimaryKey(kComposite, item));
    ASSERT_TRUE(decoded.has_value()) << text;
    EXPECT_EQ(*decoded, ExtractKey(kComposite, item)) << text;
  }
  Item bin = ParseItem(R"({"h":{"B":"AP8="},"r":{"B":"AA=="}})");
  EXPECT_EQ(DecodePrimaryKey(kBinary, EncodePrimaryKey(kBinary, bin)), bin);
  Item hash_only = ParseItem(R"({"id":{"S":"x"}})");
  EXPECT_EQ(DecodePrimaryKey(kHashOnly, EncodePrimaryKey(kHashOnly, hash_only)), hash_only);
  // A prefix written before the key (table id, record tag) is read back with the same reader.
  storage::KeyBuilder builder;
  builder.Byte('i').String("table");
  AppendPrimaryKey(builder, kComposite, ParseItem(items[0]));
  storage::KeyReader reader(builder.key());
  EXPECT_EQ(reader.Byte(), 'i');
  EXPECT_EQ(reader.String(), "table");
  auto key = ReadPrimaryKey(reader, kComposite);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->at("n").n().ToString(), "10");
  EXPECT_TRUE(reader.done());
}

TEST(KeyEncodingTest, DecodeRejectsMalformed) {
  std::string good = EncodePrimaryKey(kComposite, ParseItem(R"({"student_id":{"S":"s"},"n":{"N":"5"}})"));
  EXPECT_FALSE(DecodePrimaryKey(kComposite, good + "x").has_value());
  EXPECT_FALSE(DecodePrimaryKey(kComposite, good.substr(0, good.size() - 1)).has_value());
  EXPECT_FALSE(DecodePrimaryKey(kComposite, "").has_value());
  EXPECT_FALSE(DecodePrimaryKey(kComposite, "s\x00\x01"s).has_value());  // range missing
  EXPECT_FALSE(DecodePrimaryKey(kHashOnly, good).has_value());           // trailing component
  const std::string truncated = "s\x00\x01\x07"s;
  storage::KeyReader reader(truncated);
  EXPECT_FALSE(ReadPrimaryKey(reader, kComposite).has_value());
  EXPECT_EQ(reader.rest().size(), 4u);  // unmoved on failure
}

TEST(KeyEncodingTest, SortOrderWithinPartitionMatchesDynamoDB) {
  // Range keys in DynamoDB order; the encoded keys must sort the same way.
  const std::vector<std::string> numbers = {"-1000", "-10", "-9.5", "-1", "-0.001", "0",    "0.001",
                                            "1",     "1.5", "9",    "10", "100",    "1e100"};
  std::vector<std::string> encoded;
  for (const auto& n : numbers) {
    Item item;
    item.emplace("student_id", AttributeValue::S("p"));
    item.emplace("n", AttributeValue::N(*Number::Parse(n)));
    encoded.push_back(EncodePrimaryKey(kComposite, item));
    EXPECT_EQ(encoded.back().rfind(EncodePartitionPrefix(AttributeValue::S("p")), 0), 0u);
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  // Binary range keys: bytewise unsigned, a prefix first.
  const std::vector<std::string> binaries = {""s,     "\x00"s, "\x00\x00"s, "\x00\x01"s, "\x01"s,
                                             "\x7f"s, "\x80"s, "\xff"s,     "\xff\xff"s};
  encoded.clear();
  for (const auto& b : binaries) {
    Item item;
    item.emplace("h", AttributeValue::B("p"));
    item.emplace("r", AttributeValue::B(b));
    encoded.push_back(EncodePrimaryKey(kBinary, item));
  }
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  // A partition's keys never interleave with a partition whose key extends it ("p" vs "p\x00").
  Item a, b;
  a.emplace("student_id", AttributeValue::S("p"));
  a.emplace("n", AttributeValue::N(*Number::Parse("1e100")));
  b.emplace("student_id", AttributeValue::S("p\x00"s));
  b.emplace("n", AttributeValue::N(*Number::Parse("-1e100")));
  EXPECT_LT(EncodePrimaryKey(kComposite, a), EncodePrimaryKey(kComposite, b));
  EXPECT_NE(EncodePrimaryKey(kComposite, b).rfind(EncodePartitionPrefix(AttributeValue::S("p")), 0), 0u);
}

}  // namespace
}  // namespace tarn::dynamodb

namespace tarn::dynamodb {
namespace {

// A global index's multi-attribute key: every HASH value, then every RANGE value, each
// self-delimiting, so keys sort by the RANGE values left to right, each by its own type.
KeySchema MultiAttribute() {
  KeySchema k{{"school", ScalarAttributeType::kS}, KeyAttribute{"subject", ScalarAttributeType::kS}};
  k.more_hash = {{"year", ScalarAttributeType::kN}};
  k.more_range = {{"score", ScalarAttributeType::kN}, {"tag", ScalarAttributeType::kB}};
  return k;
}

Item Row(std::string_view subject, std::string_view score, std::string tag = "t") {
  Item item;
  item.emplace("school", AttributeValue::S("north"));
  item.emplace("year", AttributeValue::N(*Number::Parse("2026")));
  item.emplace("subject", AttributeValue::S(std::string(subject)));
  item.emplace("score", AttributeValue::N(*Number::Parse(score)));
  item.emplace("tag", AttributeValue::B(std::move(tag)));
  return item;
}

TEST(KeyEncodingTest, MultiAttributeKeys) {
  const KeySchema k = MultiAttribute();
  EXPECT_TRUE(k.multi_attribute());
  EXPECT_FALSE(kComposite.multi_attribute());
  std::vector<std::string> names;
  for (const KeyAttribute* a : k.Attributes()) names.push_back(a->name);
  EXPECT_EQ(names, (std::vector<std::string>{"school", "year", "subject", "score", "tag"}));
  EXPECT_TRUE(k.Has("tag"));
  EXPECT_FALSE(k.Has("id"));

  Item row = Row("maths", "91");
  row.emplace("other", AttributeValue::S("dropped"));
  auto decoded = DecodePrimaryKey(k, EncodePrimaryKey(k, row));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, ExtractKey(k, row));
  EXPECT_EQ(decoded->size(), 5u);
  EXPECT_TRUE(ValidateKey(k, *decoded).ok());
  Item missing = *decoded;
  missing.erase("tag");
  EXPECT_EQ(ErrorOf(ValidateKey(k, missing)), "The provided key element does not match the schema");

  // Sorted by subject, then by score as a number, then by tag as bytes.
  const std::vector<Item> ordered = {Row("art", "100"),        Row("maths", "9.5"),      Row("maths", "78"),
                                     Row("maths", "100", "a"), Row("maths", "100", "b"), Row("mathsx", "1")};
  std::vector<std::string> encoded;
  for (const Item& item : ordered) encoded.push_back(EncodePrimaryKey(k, item));
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  // Every key shares the prefix of its HASH values and of a leading RANGE value.
  std::string partition =
      EncodeKeyValue(AttributeValue::S("north")) + EncodeKeyValue(AttributeValue::N(*Number::Parse("2026")));
  std::string maths = partition + EncodeKeyValue(AttributeValue::S("maths"));
  for (size_t i = 0; i < encoded.size(); ++i) {
    EXPECT_EQ(encoded[i].rfind(partition, 0), 0u);
    EXPECT_EQ(encoded[i].rfind(maths, 0) == 0, i >= 1 && i <= 4) << i;
  }
  // The RANGE values together have the sort key's size limit.
  Item big = Row(std::string(600, 's'), "1", std::string(500, 'b'));
  EXPECT_EQ(
      ErrorOf(ValidateKey(k, ExtractKey(k, big))),
      "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size "
      "limit of 1024 bytes");
}

}  // namespace
}  // namespace tarn::dynamodb
