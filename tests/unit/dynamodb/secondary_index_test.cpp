// Secondary index entries: key order (index sort key, then the table's key), sparse coverage,
// projections and the index-key type checks.
#include "dynamodb/secondary_index.h"

#include <gtest/gtest.h>

#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {
namespace {

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string_view n) { return AttributeValue::N(*Number::Parse(n)); }

class SecondaryIndexTest : public ::testing::Test {
 protected:
  SecondaryIndexTest() {
    table_.id = 7;
    table_.key_schema.hash = {"student_id", ScalarAttributeType::kS};
    table_.key_schema.range = KeyAttribute{"subject", ScalarAttributeType::kS};
    index_.name = "by_score";
    index_.global = false;
    index_.id = 3;
    index_.key_schema.hash = {"student_id", ScalarAttributeType::kS};
    index_.key_schema.range = KeyAttribute{"score", ScalarAttributeType::kN};
    index_.projection_type = std::string(kProjectionKeysOnly);
    table_.indexes.push_back(index_);
  }
  Item Mark(std::string student, std::string subject, std::string_view score) {
    return Item{{"student_id", S(std::move(student))},
                {"subject", S(std::move(subject))},
                {"score", N(score)},
                {"term", S("T1")}};
  }
  TableInfo table_;
  SecondaryIndex index_;
};

TEST_F(SecondaryIndexTest, EntriesSortByIndexSortKeyThenTableKey) {
  std::string a = IndexEntryKey(table_, index_, Mark("s1", "math", "-5"));
  std::string b = IndexEntryKey(table_, index_, Mark("s1", "art", "9"));
  std::string c = IndexEntryKey(table_, index_, Mark("s1", "zoology", "9"));
  std::string d = IndexEntryKey(table_, index_, Mark("s1", "bio", "10"));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);  // a tie on score: the table's sort key decides
  EXPECT_LT(c, d);
  std::string prefix = IndexEntryPrefix(table_.id, index_.id) + EncodePartitionPrefix(S("s1"));
  for (const auto& k : {a, b, c, d}) EXPECT_TRUE(k.starts_with(prefix));
  EXPECT_TRUE(prefix.starts_with(IndexEntriesPrefix(table_.id)));
  EXPECT_FALSE(IndexEntryKey(table_, index_, Mark("s2", "art", "1")).starts_with(prefix));
}

TEST_F(SecondaryIndexTest, SparseCoverage) {
  Item item = Mark("s1", "math", "1");
  EXPECT_TRUE(index_.Covers(item));
  item.erase("score");
  EXPECT_FALSE(index_.Covers(item));
}

TEST_F(SecondaryIndexTest, Projections) {
  Item item = Mark("s1", "math", "7");
  Item keys = ProjectIntoIndex(table_, index_, item);
  EXPECT_EQ(keys.size(), 3u);  // table keys + index keys
  EXPECT_FALSE(keys.count("term"));
  index_.projection_type = std::string(kProjectionInclude);
  index_.non_key_attributes = {"term", "absent"};
  Item include = ProjectIntoIndex(table_, index_, item);
  EXPECT_EQ(include.size(), 4u);
  EXPECT_TRUE(include.count("term"));
  EXPECT_TRUE(index_.Projects(table_, "term"));
  EXPECT_TRUE(index_.Projects(table_, "subject"));
  EXPECT_FALSE(index_.Projects(table_, "other"));
  index_.projection_type = std::string(kProjectionAll);
  EXPECT_EQ(ProjectIntoIndex(table_, index_, item), item);
  EXPECT_EQ(IndexEntryKeyAttributes(table_, index_, item).size(), 3u);
}

TEST_F(SecondaryIndexTest, IndexKeyTypes) {
  Item item = Mark("s1", "math", "7");
  EXPECT_TRUE(ValidateIndexKeys(table_, item).ok());
  item["score"] = S("high");
  auto status = ValidateIndexKeys(table_, item);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(
      status.error().message,
      "One or more parameter values were invalid: Type mismatch for Index Key score Expected: N Actual: S "
      "IndexName: by_score");
  item.erase("score");
  EXPECT_TRUE(ValidateIndexKeys(table_, item).ok());  // sparse, not invalid
  table_.indexes[0].key_schema.range = KeyAttribute{"term", ScalarAttributeType::kS};
  item["term"] = S("");
  status = ValidateIndexKeys(table_, item);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find(
                "cannot contain an empty string value. IndexName: by_score, IndexKey: term"),
            std::string::npos);
}

TEST_F(SecondaryIndexTest, RecordRoundTrip) {
  table_.name = "marks";
  table_.indexes[0].projection_type = std::string(kProjectionInclude);
  table_.indexes[0].non_key_attributes = {"term"};
  table_.next_index_id = 4;
  auto back = FromRecord(ToRecord(table_));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->indexes.size(), 1u);
  EXPECT_EQ(back->indexes[0].name, "by_score");
  EXPECT_FALSE(back->indexes[0].global);
  EXPECT_EQ(back->indexes[0].id, 3u);
  EXPECT_EQ(back->indexes[0].key_schema.range->name, "score");
  EXPECT_EQ(back->indexes[0].non_key_attributes, std::vector<std::string>{"term"});
  EXPECT_EQ(back->next_index_id, 4u);
}

}  // namespace
}  // namespace tarn::dynamodb
