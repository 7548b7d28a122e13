// Write capacity in secondary indexes (index_capacity.h): entering, leaving, re-keying, changing a
// projected attribute, untouched entries, deleted indexes; and its place in ConsumedCapacity.
#include "dynamodb/index_capacity.h"

#include <gtest/gtest.h>

#include "dynamodb/request_expressions.h"
#include "dynamodb/secondary_index.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }

class IndexCapacityTest : public ::testing::Test {
 protected:
  IndexCapacityTest() {
    table_.id = 1;
    table_.name = "student";
    table_.key_schema.hash = {"id", ScalarAttributeType::kS};
    SecondaryIndex by_name;
    by_name.name = "by_name";
    by_name.id = 1;
    by_name.key_schema.hash = {"name", ScalarAttributeType::kS};
    by_name.projection_type = std::string(kProjectionKeysOnly);
    table_.indexes.push_back(by_name);
    SecondaryIndex by_city = by_name;
    by_city.name = "by_city";
    by_city.id = 2;
    by_city.key_schema.hash = {"city", ScalarAttributeType::kS};
    by_city.projection_type = std::string(kProjectionAll);
    table_.indexes.push_back(by_city);
  }
  static double UnitsOf(const std::vector<IndexWriteUnits>& writes, std::string_view index) {
    for (const auto& w : writes)
      if (w.index == index) return w.units;
    return 0;
  }
  TableInfo table_;
};

TEST_F(IndexCapacityTest, FollowsDynamoDbsRules) {
  Item plain{{"id", S("1")}};
  Item named{{"id", S("1")}, {"name", S("Asha")}};
  // Entering one index: one write there, none in the index whose key is absent (sparse).
  auto put = IndexWrites(table_, std::nullopt, &named);
  ASSERT_EQ(put.size(), 1u);
  EXPECT_EQ(put[0].index, "by_name");
  EXPECT_TRUE(put[0].global);
  EXPECT_EQ(put[0].units, 1);
  EXPECT_TRUE(IndexWrites(table_, std::nullopt, &plain).empty());
  // Re-keying: delete plus put.
  Item renamed{{"id", S("1")}, {"name", S("Bela")}};
  EXPECT_EQ(UnitsOf(IndexWrites(table_, named, &renamed), "by_name"), 2);
  // A change no index projects (KEYS_ONLY): nothing; one an ALL index holds: one write.
  Item located{{"id", S("1")}, {"name", S("Bela")}, {"city", S("Pune")}};
  Item moved_note = located;
  moved_note["note"] = S(std::string(1500, 'x'));
  auto note = IndexWrites(table_, located, &moved_note);
  EXPECT_EQ(UnitsOf(note, "by_name"), 0);
  EXPECT_EQ(UnitsOf(note, "by_city"), 2) << "the new 1.5 KB entry is two units";
  // Leaving: one write of the old entry.
  auto removed = IndexWrites(table_, moved_note, nullptr);
  EXPECT_EQ(UnitsOf(removed, "by_name"), 1);
  EXPECT_EQ(UnitsOf(removed, "by_city"), 2);
  // An index being deleted costs nothing.
  table_.indexes[0].status = std::string(kIndexDeleting);
  EXPECT_TRUE(IndexWrites(table_, std::nullopt, &named).empty());
}

TEST_F(IndexCapacityTest, ConsumedCapacityCountsAndListsIndexWrites) {
  std::vector<IndexWriteUnits> writes{{"by_name", true, 1}, {"by_score", false, 2}};
  json::object total{{"ReturnConsumedCapacity", "TOTAL"}};
  auto cc = ConsumedCapacity(total, "student", 1, true);
  ASSERT_TRUE(cc);
  AddIndexWrites(*cc, total, writes);
  EXPECT_EQ(cc->at("CapacityUnits").to_number<double>(), 4);
  EXPECT_FALSE(cc->contains("GlobalSecondaryIndexes"));

  json::object indexes{{"ReturnConsumedCapacity", "INDEXES"}};
  cc = ConsumedCapacity(indexes, "student", 1, true);
  AddIndexWrites(*cc, indexes, writes);
  EXPECT_EQ(cc->at("CapacityUnits").to_number<double>(), 4);
  EXPECT_EQ(cc->at("Table").at("CapacityUnits").to_number<double>(), 1);
  EXPECT_EQ(cc->at("GlobalSecondaryIndexes").at("by_name").at("CapacityUnits").to_number<double>(), 1);
  EXPECT_EQ(cc->at("LocalSecondaryIndexes").at("by_score").at("CapacityUnits").to_number<double>(), 2);
  // Only a transaction's entries split reads and writes.
  EXPECT_FALSE(cc->at("Table").as_object().contains("WriteCapacityUnits"));
  EXPECT_FALSE(cc->at("LocalSecondaryIndexes").at("by_score").as_object().contains("WriteCapacityUnits"));
  cc = ConsumedCapacity(indexes, "student", 1, true, /*split=*/true);
  AddIndexWrites(*cc, indexes, writes, /*split=*/true);
  EXPECT_EQ(cc->at("Table").at("WriteCapacityUnits").to_number<double>(), 1);
  EXPECT_EQ(cc->at("LocalSecondaryIndexes").at("by_score").at("WriteCapacityUnits").to_number<double>(), 2);
}

}  // namespace
}  // namespace tarn::dynamodb
