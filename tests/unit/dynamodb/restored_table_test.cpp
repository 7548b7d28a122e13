// RestoredTable: what a restore keeps and drops of the source table, and its overrides' checks.
#include "dynamodb/restored_table.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "dynamodb/secondary_index.h"

namespace tarn::dynamodb {
namespace {

SecondaryIndex Gsi(std::string name, std::string attribute, std::string_view status) {
  SecondaryIndex index;
  index.name = std::move(name);
  index.global = true;
  index.id = 1;
  index.key_schema.hash = {std::move(attribute), ScalarAttributeType::kS};
  index.status = std::string(status);
  index.backfilling = status == kIndexCreating;
  return index;
}

TableInfo Source() {
  TableInfo t;
  t.account_id = "000000000000";
  t.region = "us-east-1";
  t.name = "grades";
  t.id = 4;
  t.table_uuid = "u";
  t.key_schema.hash = {"id", ScalarAttributeType::kS};
  t.attribute_definitions = {
      {"id", ScalarAttributeType::kS}, {"a", ScalarAttributeType::kS}, {"b", ScalarAttributeType::kS}};
  t.billing_mode = std::string(kBillingPayPerRequest);
  t.indexes = {Gsi("by_a", "a", kIndexCreating), Gsi("by_b", "b", kIndexDeleting)};
  t.stream_enabled = true;
  t.stream_view_type = "KEYS_ONLY";
  t.stream_label = "2026-01-01T00:00:00.000";
  t.tags = {{"team", "x"}};
  t.ttl_enabled = true;
  t.ttl_attribute = "expires";
  t.pitr_enabled = true;
  t.deletion_protection = true;
  t.table_class = "STANDARD_INFREQUENT_ACCESS";
  t.policy = "{}";
  t.restore_backup_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/x/backup/01700000000000-0a1b2c3d";
  t.restoring = true;
  return t;
}

TEST(RestoredTableTest, KeepsTheDefinitionAndDropsTheSettings) {
  auto t = RestoredTable(Source(), "copy", boost::json::object{}, 1800000000);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->name, "copy");
  EXPECT_NE(t->table_uuid, "u");
  EXPECT_DOUBLE_EQ(t->creation_time, 1800000000);
  EXPECT_EQ(t->billing_mode, "PAY_PER_REQUEST");
  // The index being built comes back complete; the one being deleted does not, nor its attribute.
  ASSERT_EQ(t->indexes.size(), 1u);
  EXPECT_EQ(t->indexes[0].name, "by_a");
  EXPECT_EQ(t->indexes[0].status, "ACTIVE");
  EXPECT_FALSE(t->indexes[0].backfilling);
  ASSERT_EQ(t->attribute_definitions.size(), 2u);
  EXPECT_EQ(t->attribute_definitions[1].name, "a");
  EXPECT_FALSE(t->stream_enabled);
  EXPECT_TRUE(t->stream_label.empty());
  EXPECT_TRUE(t->tags.empty());
  EXPECT_FALSE(t->ttl_enabled);
  EXPECT_FALSE(t->pitr_enabled);
  EXPECT_FALSE(t->deletion_protection);
  EXPECT_TRUE(t->table_class.empty());
  EXPECT_TRUE(t->policy.empty());
  EXPECT_TRUE(t->restore_backup_arn.empty());
  EXPECT_FALSE(t->restoring);
}

boost::json::object Input(std::string_view json) { return boost::json::parse(json).as_object(); }

TEST(RestoredTableTest, IndexOverridesMayRenameButNotCreate) {
  TableInfo source = Source();
  source.indexes = {Gsi("by_a", "a", kIndexActive)};
  source.attribute_definitions.pop_back();
  auto none = RestoredTable(source, "copy", Input(R"({"GlobalSecondaryIndexOverride":[]})"), 1);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(none->indexes.empty());
  EXPECT_EQ(none->attribute_definitions.size(), 1u);  // "a" is no key any more
  auto renamed =
      RestoredTable(source, "copy", Input(R"({"GlobalSecondaryIndexOverride":[{"IndexName":"renamed",
      "KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})"),
                    1);
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  ASSERT_EQ(renamed->indexes.size(), 1u);
  EXPECT_EQ(renamed->indexes[0].name, "renamed");
  auto other = RestoredTable(source, "copy", Input(R"({"GlobalSecondaryIndexOverride":[{"IndexName":"by_id",
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})"),
                             1);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message,
            "Invalid Request: Index by_id does not match a secondary index that existed in the source table "
            "and cannot be created "
            "during the restore operation");
  // Malformed overrides are refused, not trusted.
  for (std::string_view bad :
       {R"({"GlobalSecondaryIndexOverride":[{}]})", R"({"GlobalSecondaryIndexOverride":[1]})",
        R"({"GlobalSecondaryIndexOverride":{"a":1}})",
        R"({"LocalSecondaryIndexOverride":[{"IndexName":"l","KeySchema":[]}]})"})
    EXPECT_FALSE(RestoredTable(source, "copy", Input(bad), 1).ok()) << bad;
}

TEST(RestoredTableTest, ThroughputOverrides) {
  TableInfo source = Source();
  source.indexes.clear();
  source.attribute_definitions.resize(1);
  EXPECT_EQ(
      RestoredTable(source, "copy", Input(R"({"BillingModeOverride":"PROVISIONED"})"), 1).error().message,
      "Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED");
  EXPECT_EQ(
      RestoredTable(
          source, "copy",
          Input(R"({"ProvisionedThroughputOverride":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}})"), 1)
          .error()
          .message,
      "Invalid Request: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED");
  auto provisioned = RestoredTable(
      source, "copy",
      Input(
          R"({"BillingModeOverride":"PROVISIONED","ProvisionedThroughputOverride":{"ReadCapacityUnits":7,"WriteCapacityUnits":3}})"),
      1);
  ASSERT_TRUE(provisioned.ok()) << provisioned.error().message;
  EXPECT_EQ(provisioned->billing_mode, "PROVISIONED");
  EXPECT_EQ(provisioned->read_capacity, 7);
  EXPECT_EQ(provisioned->write_capacity, 3);
  EXPECT_EQ(
      RestoredTable(source, "copy", Input(R"({"OnDemandThroughputOverride":{"MaxReadRequestUnits":0}})"), 1)
          .error()
          .message,
      "Invalid Request: Requested MaxReadRequestUnits for OnDemandThroughput is outside of valid range");
}

}  // namespace
}  // namespace tarn::dynamodb
