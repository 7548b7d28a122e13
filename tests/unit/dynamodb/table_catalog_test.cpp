// TableCatalog: record round trip and malformed records, create/get/list/replace/delete, ids that are
// never reused across reopen, and DeleteTable removing exactly its own items.
#include "dynamodb/table_catalog.h"

#include <gtest/gtest.h>

#include "unit/storage/storage_test_util.h"

namespace tarn::dynamodb {
namespace {

using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;

TableInfo Student(std::string name = "student") {
  TableInfo t;
  t.account_id = "000000000000";
  t.region = "us-east-1";
  t.name = std::move(name);
  t.table_uuid = "uuid";
  t.key_schema.hash = {"id", ScalarAttributeType::kS};
  t.attribute_definitions = {t.key_schema.hash};
  return t;
}

class TableCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyFreshDatabase(dir_.path() + "/db");
    Open();
  }
  void Open() {
    catalog_.reset();
    rocks_.reset();
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    auto catalog = TableCatalog::Open(*rocks_);
    ASSERT_TRUE(catalog.ok()) << catalog.error().message;
    catalog_ = std::move(*catalog);
  }
  void TearDown() override {
    catalog_.reset();
    rocks_.reset();
  }
  TempDir dir_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<TableCatalog> catalog_;
};

TEST(TableRecordTest, RoundTripsEveryField) {
  TableInfo t = Student();
  t.id = 42;
  t.creation_time = 1700000000.123;
  t.key_schema.range = KeyAttribute{"n", ScalarAttributeType::kN};
  t.attribute_definitions.push_back(*t.key_schema.range);
  t.billing_mode = "PAY_PER_REQUEST";
  t.billing_mode_explicit = true;
  t.billing_mode_updated = 5;
  t.read_capacity = 3;
  t.write_capacity = 4;
  t.stream_enabled = true;
  t.stream_view_type = "KEYS_ONLY";
  t.stream_label = "2026-01-01T00:00:00.000";
  t.tags = {{"a", "b"}};
  t.ttl_enabled = true;
  t.ttl_attribute = "expires";
  t.pitr_enabled = true;
  t.pitr_since = 1700000100.5;
  t.pitr_days = 7;
  t.deletion_protection = true;
  t.table_class = "STANDARD_INFREQUENT_ACCESS";
  t.table_class_updated = 1700000200;
  t.sse_kms = true;
  t.sse_kms_key_arn = "arn:aws:kms:us-east-1:000000000000:key/k";
  t.policy =
      R"({"Version":"2008-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::000000000000:root"},)"
      R"("Action":"dynamodb:Scan","Resource":"*"}]})";
  t.policy_versionless = true;
  t.policy_revision = "1796214372250";
  t.stream_policy_revision = "1796214372251";
  t.on_demand_write = 500;
  t.warm_read = 15000;
  t.restore_backup_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/old/backup/01700000000000-0a1b2c3d";
  t.restore_table_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/old";
  t.restore_time = 1700000300.25;
  t.restoring = true;
  auto back = FromRecord(ToRecord(t));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id, 42u);
  EXPECT_EQ(back->name, "student");
  EXPECT_EQ(back->key_schema.range->name, "n");
  EXPECT_EQ(back->key_schema.range->type, ScalarAttributeType::kN);
  EXPECT_EQ(back->attribute_definitions.size(), 2u);
  EXPECT_EQ(back->billing_mode, "PAY_PER_REQUEST");
  EXPECT_EQ(back->policy, t.policy);
  EXPECT_TRUE(back->policy_versionless);
  EXPECT_EQ(back->policy_revision, "1796214372250");
  ASSERT_NE(back->policy_compiled, nullptr);  // compiled again when read
  EXPECT_TRUE(back->stream_policy.empty());
  EXPECT_FALSE(back->stream_policy_versionless);
  EXPECT_EQ(back->stream_policy_revision, "1796214372251");  // a deleted policy's id is kept
  EXPECT_TRUE(back->billing_mode_explicit);
  EXPECT_EQ(back->write_capacity, 4);
  EXPECT_TRUE(back->stream_enabled);
  EXPECT_EQ(back->StreamArn(),
            "arn:aws:dynamodb:us-east-1:000000000000:table/student/stream/2026-01-01T00:00:00.000");
  EXPECT_EQ(back->tags.at("a"), "b");
  EXPECT_DOUBLE_EQ(back->creation_time, 1700000000.123);
  EXPECT_TRUE(back->ttl_enabled);
  EXPECT_EQ(back->ttl_attribute, "expires");
  EXPECT_TRUE(back->pitr_enabled);
  EXPECT_DOUBLE_EQ(back->pitr_since, 1700000100.5);
  EXPECT_EQ(back->pitr_days, 7);
  EXPECT_TRUE(back->deletion_protection);
  EXPECT_EQ(back->table_class, "STANDARD_INFREQUENT_ACCESS");
  EXPECT_DOUBLE_EQ(back->table_class_updated, 1700000200);
  EXPECT_TRUE(back->sse_kms);
  EXPECT_EQ(back->sse_kms_key_arn, "arn:aws:kms:us-east-1:000000000000:key/k");
  EXPECT_EQ(back->on_demand_read, 0);
  EXPECT_EQ(back->on_demand_write, 500);
  EXPECT_EQ(back->warm_read, 15000);
  EXPECT_EQ(back->warm_write, 0);
  EXPECT_EQ(back->restore_backup_arn, t.restore_backup_arn);
  EXPECT_EQ(back->restore_table_arn, t.restore_table_arn);
  EXPECT_DOUBLE_EQ(back->restore_time, 1700000300.25);
  EXPECT_TRUE(back->restoring);
  t.restoring = false;
  EXPECT_FALSE(FromRecord(ToRecord(t))->restoring);
  // A global index with a multi-attribute key keeps its further HASH and RANGE attributes.
  TableInfo with_index = Student();
  SecondaryIndex index;
  index.name = "by_school_year";
  index.global = true;
  index.key_schema =
      KeySchema{{"school", ScalarAttributeType::kS}, KeyAttribute{"subject", ScalarAttributeType::kS}};
  index.key_schema.more_hash = {{"year", ScalarAttributeType::kN}};
  index.key_schema.more_range = {{"score", ScalarAttributeType::kN}, {"tag", ScalarAttributeType::kB}};
  index.projection_type = "ALL";
  index.on_demand_write = 7;  // its OnDemandThroughput, only the member set
  with_index.indexes.push_back(index);
  auto indexed = FromRecord(ToRecord(with_index));
  ASSERT_TRUE(indexed.has_value());
  ASSERT_EQ(indexed->indexes.size(), 1u);
  const KeySchema& k = indexed->indexes[0].key_schema;
  ASSERT_EQ(k.more_hash.size(), 1u);
  EXPECT_EQ(k.more_hash[0].name, "year");
  EXPECT_EQ(k.more_hash[0].type, ScalarAttributeType::kN);
  ASSERT_EQ(k.more_range.size(), 2u);
  EXPECT_EQ(k.more_range[1].name, "tag");
  EXPECT_EQ(k.more_range[1].type, ScalarAttributeType::kB);
  EXPECT_EQ(indexed->indexes[0].on_demand_read, 0);
  EXPECT_EQ(indexed->indexes[0].on_demand_write, 7);
  EXPECT_EQ(ToRecord(with_index).find("more_hash") != std::string::npos, true);
  EXPECT_EQ(ToRecord(Student()).find("more_hash"), std::string::npos);  // single-attribute keys unchanged
  // A record written before point-in-time recovery existed reads as "off, 35 days".
  auto old = FromRecord(ToRecord(Student()));
  ASSERT_TRUE(old.has_value());
  EXPECT_FALSE(old->pitr_enabled);
  EXPECT_EQ(old->pitr_days, 35);
  EXPECT_FALSE(old->deletion_protection);
  EXPECT_TRUE(old->table_class.empty());
  EXPECT_FALSE(old->sse_kms);
}

TEST(TableRecordTest, RejectsMalformedRecords) {
  EXPECT_FALSE(FromRecord("").has_value());
  EXPECT_FALSE(FromRecord("not json").has_value());
  EXPECT_FALSE(FromRecord("[1,2]").has_value());
  EXPECT_FALSE(FromRecord(R"({"name":"x"})").has_value());                                // no id
  EXPECT_FALSE(FromRecord(R"({"id":"1","hash":{"name":"id","type":"S"}})").has_value());  // id not a number
  EXPECT_FALSE(FromRecord(R"({"id":1})").has_value());                                    // no hash key
  EXPECT_FALSE(FromRecord(R"({"id":1,"hash":{"name":"id","type":"X"}})").has_value());
  EXPECT_FALSE(FromRecord(R"({"id":1,"hash":{"name":"id","type":"S"},"range":{"name":1}})").has_value());
  EXPECT_TRUE(FromRecord(R"({"id":1,"hash":{"name":"id","type":"S"}})").has_value());
}

TEST(TableRecordTest, ItemKeysArePrefixedByTableId) {
  TableInfo t = Student();
  t.id = 7;
  Item item{{"id", AttributeValue::S("a")}, {"x", AttributeValue::Bool(true)}};
  std::string key = ItemKey(t, item);
  EXPECT_TRUE(key.starts_with(ItemPrefix(7)));
  EXPECT_FALSE(key.starts_with(ItemPrefix(8)));
  auto decoded = DecodeItem(EncodeItem(item));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, item);
  EXPECT_FALSE(DecodeItem("{").ok());
  EXPECT_FALSE(DecodeItem(R"({"a":{"Q":"x"}})").ok());
}

TEST_F(TableCatalogTest, CreateGetListDelete) {
  auto created = catalog_->Create(Student());
  ASSERT_TRUE(created.ok());
  EXPECT_GT((*created)->id, 0u);
  auto again = catalog_->Create(Student());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ResourceInUseException");
  EXPECT_EQ(again.error().message, "Table already exists: student");
  ASSERT_TRUE(catalog_->Create(Student("alpha")).ok());
  TableInfo other_region = Student("beta");
  other_region.region = "eu-west-1";
  ASSERT_TRUE(catalog_->Create(other_region).ok());
  EXPECT_EQ(catalog_->List("000000000000", "us-east-1"), (std::vector<std::string>{"alpha", "student"}));
  EXPECT_EQ(catalog_->List("000000000000", "eu-west-1"), (std::vector<std::string>{"beta"}));
  auto got = catalog_->Get("000000000000", "us-east-1", "student");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)->id, (*created)->id);
  auto missing = catalog_->Get("000000000000", "eu-west-1", "student");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  ASSERT_TRUE(catalog_->Delete("000000000000", "us-east-1", "student").ok());
  EXPECT_FALSE(catalog_->Get("000000000000", "us-east-1", "student").ok());
  EXPECT_FALSE(catalog_->Delete("000000000000", "us-east-1", "student").ok());
}

TEST_F(TableCatalogTest, ReplaceAndPersistAcrossReopenWithoutReusingIds) {
  auto first = catalog_->Create(Student());
  ASSERT_TRUE(first.ok());
  TableInfo changed = **first;
  changed.tags["k"] = "v";
  ASSERT_TRUE(catalog_->Replace(changed).ok());
  uint64_t first_id = (*first)->id;
  ASSERT_TRUE(catalog_->Delete("000000000000", "us-east-1", "student").ok());
  auto second = catalog_->Create(Student());
  ASSERT_TRUE(second.ok());
  EXPECT_NE((*second)->id, first_id);
  TableInfo stale = changed;  // the deleted table's id: refused
  EXPECT_FALSE(catalog_->Replace(stale).ok());
  changed = **second;
  changed.tags["k"] = "v2";
  ASSERT_TRUE(catalog_->Replace(changed).ok());
  uint64_t second_id = (*second)->id;
  Open();
  auto reopened = catalog_->Get("000000000000", "us-east-1", "student");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->id, second_id);
  EXPECT_EQ((*reopened)->tags.at("k"), "v2");
  auto third = catalog_->Create(Student("third"));
  ASSERT_TRUE(third.ok());
  EXPECT_GT((*third)->id, second_id);
}

TEST_F(TableCatalogTest, DeleteRemovesOnlyItsOwnItems) {
  auto a = catalog_->Create(Student("aaa"));
  auto b = catalog_->Create(Student("bbb"));
  ASSERT_TRUE(a.ok() && b.ok());
  const auto& cf = rocks_->Cf("dynamodb");
  Item item{{"id", AttributeValue::S("x")}};
  ASSERT_TRUE(rocks_->Put(cf, ItemKey(**a, item), EncodeItem(item)).ok());
  ASSERT_TRUE(rocks_->Put(cf, ItemKey(**b, item), EncodeItem(item)).ok());
  ASSERT_TRUE(catalog_->Delete("000000000000", "us-east-1", "aaa").ok());
  EXPECT_FALSE(rocks_->Get(cf, ItemKey(**a, item))->has_value());
  EXPECT_TRUE(rocks_->Get(cf, ItemKey(**b, item))->has_value());
}

}  // namespace
}  // namespace tarn::dynamodb
