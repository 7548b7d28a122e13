// Point-in-time recovery: the history keys (malformed ones included), and RestoreTableToPointInTime
// through the handlers with a fake clock, restoring to instants between changes.
#include "dynamodb/point_in_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

#include "core/time_format.h"
#include "dynamodb/table_catalog.h"
#include "storage/key_codec.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

using namespace std::chrono_literals;

TEST(PitrHistoryKeyTest, RoundTripsAndSortsByItemThenTime) {
  std::string a = PitrHistoryKey(7, "\x02pk", 1000, 5);
  auto parsed = ParsePitrHistoryKey(a, 7);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->primary_key, "\x02pk");
  EXPECT_EQ(parsed->epoch_ms, 1000);
  EXPECT_EQ(parsed->sequence, 5u);
  EXPECT_TRUE(a.starts_with(PitrHistoryPrefix(7)));
  // One item's changes are contiguous and oldest first; an item whose key another's prefixes sorts first.
  EXPECT_LT(PitrHistoryKey(7, "\x02pk", 1000, 5), PitrHistoryKey(7, "\x02pk", 1000, 6));
  EXPECT_LT(PitrHistoryKey(7, "\x02pk", 1000, 9), PitrHistoryKey(7, "\x02pk", 1001, 0));
  EXPECT_LT(PitrHistoryKey(7, "\x02pk", 9999, 0), PitrHistoryKey(7, "\x02pkz", 1, 0));
  // Primary keys with zero bytes survive the string escape.
  std::string zero("a\0b", 3);
  EXPECT_EQ(ParsePitrHistoryKey(PitrHistoryKey(7, zero, 1, 1), 7)->primary_key, zero);
}

TEST(PitrHistoryKeyTest, RefusesMalformedKeys) {
  std::string good = PitrHistoryKey(7, "pk", 1000, 5);
  EXPECT_FALSE(ParsePitrHistoryKey(good, 8).has_value());                             // another table
  EXPECT_FALSE(ParsePitrHistoryKey("I" + good.substr(1), 7).has_value());             // another record
  EXPECT_FALSE(ParsePitrHistoryKey(good.substr(0, good.size() - 1), 7).has_value());  // cut short
  EXPECT_FALSE(ParsePitrHistoryKey(good + "x", 7).has_value());                       // trailing bytes
  EXPECT_FALSE(ParsePitrHistoryKey("", 7).has_value());
  EXPECT_FALSE(ParsePitrHistoryKey(PitrHistoryPrefix(7), 7).has_value());
  // An unterminated primary key string.
  EXPECT_FALSE(ParsePitrHistoryKey(PitrHistoryPrefix(7) + "pk", 7).has_value());
}

TEST(PitrWindowTest, OpensWhenEnabledAndTrailsThePresentByFiveMinutes) {
  TableInfo t;
  t.pitr_enabled = true;
  t.pitr_since = 1000;
  t.pitr_days = 1;
  EXPECT_DOUBLE_EQ(PitrWindow(t, 1010).earliest, 1000);
  EXPECT_DOUBLE_EQ(PitrWindow(t, 1010).latest, 1000);  // never before the start
  EXPECT_DOUBLE_EQ(PitrWindow(t, 2000).latest, 1700);
  EXPECT_DOUBLE_EQ(PitrWindow(t, 1000 + 2 * 86400).earliest, 1000 + 86400);  // the recovery period
}

class PointInTimeRestoreTest : public test_util::DynamoDbServiceTest {
 protected:
  double Now() const { return core::ToEpochSeconds(clock_.Now()); }
  void Put(std::string_view id, std::string_view v) {
    Ok("PutItem", R"({"TableName":"src","Item":{"id":{"S":")" + std::string(id) + R"("},"v":{"S":")" +
                      std::string(v) + R"("},"g":{"S":"all"}}})");
  }
  void Delete(std::string_view id) {
    Ok("DeleteItem", R"({"TableName":"src","Key":{"id":{"S":")" + std::string(id) + R"("}}})");
  }
  // id -> v of every item of `table`.
  std::map<std::string, std::string> Items(std::string_view table) {
    auto scan = Ok("Scan", R"({"TableName":")" + std::string(table) + R"("})");
    std::map<std::string, std::string> out;
    for (const auto& item : scan["Items"].as_array())
      out[std::string(item.at("id").at("S").as_string())] = std::string(item.at("v").at("S").as_string());
    return out;
  }
  std::map<std::string, std::string> RestoreAt(std::string_view target, double when) {
    Ok("RestoreTableToPointInTime", R"({"SourceTableName":"src","TargetTableName":")" + std::string(target) +
                                        R"(","RestoreDateTime":)" + std::to_string(when) + "}");
    return Items(target);
  }
  size_t HistoryEntries(uint64_t table_id) {
    auto it = rocks_->NewIterator(rocks_->Cf("dynamodb"),
                                  storage::IteratorOptions::Prefix(PitrHistoryPrefix(table_id)));
    size_t n = 0;
    for (it.SeekToFirst(); it.Valid(); it.Next()) ++n;
    return n;
  }
  void SetUp() override {
    DynamoDbServiceTest::SetUp();
    Ok("CreateTable", R"({"TableName":"src","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
        "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],
        "GlobalSecondaryIndexes":[{"IndexName":"by_g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
        "Projection":{"ProjectionType":"ALL"}}],"BillingMode":"PAY_PER_REQUEST"})");
  }
};

TEST_F(PointInTimeRestoreTest, RestoresTheItemsAsTheyWereAtEachInstant) {
  Put("a", "1");
  Put("b", "1");
  Ok("UpdateContinuousBackups",
     R"({"TableName":"src","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  const double enabled = Now();
  clock_.Advance(1s);
  Put("a", "2");
  Delete("b");
  Put("c", "1");
  // Two changes of one item in the same millisecond: the first one's old image is the state before.
  Put("d", "1");
  Put("d", "2");
  clock_.Advance(1s);
  Put("a", "3");
  clock_.Advance(10min);  // the latest restorable time trails the present by five minutes

  EXPECT_EQ(RestoreAt("at_enable", enabled), (std::map<std::string, std::string>{{"a", "1"}, {"b", "1"}}));
  EXPECT_EQ(RestoreAt("mid", enabled + 1.5),
            (std::map<std::string, std::string>{{"a", "2"}, {"c", "1"}, {"d", "2"}}));
  Ok("RestoreTableToPointInTime",
     R"({"SourceTableName":"src","TargetTableName":"latest","UseLatestRestorableTime":true})");
  EXPECT_EQ(Items("latest"), (std::map<std::string, std::string>{{"a", "3"}, {"c", "1"}, {"d", "2"}}));
  // The restored table's index has the restored items only.
  auto query = Ok("Query", R"({"TableName":"mid","IndexName":"by_g","KeyConditionExpression":"g = :g",
      "ExpressionAttributeValues":{":g":{"S":"all"}}})");
  EXPECT_EQ(query["Count"].as_int64(), 3);
  // The source is as it was.
  EXPECT_EQ(Items("src"), (std::map<std::string, std::string>{{"a", "3"}, {"c", "1"}, {"d", "2"}}));

  auto early = Err("RestoreTableToPointInTime",
                   R"({"SourceTableName":"src","TargetTableName":"xyz","RestoreDateTime":)" +
                       std::to_string(enabled - 1) + "}");
  EXPECT_EQ(early.code, "InvalidRestoreTimeException");
  EXPECT_EQ(early.message,
            "RestoreDateTime '2015-08-30T23:59:59Z' must be within EarliestRestorableDateTime "
            "'2015-08-31T00:00:00Z' and LatestRestorableDateTime '2015-08-31T00:05:02Z'");
  auto late = Err("RestoreTableToPointInTime",
                  R"({"SourceTableName":"src","TargetTableName":"xyz","RestoreDateTime":)" +
                      std::to_string(Now() - 60) + "}");
  EXPECT_EQ(late.code, "InvalidRestoreTimeException");
  EXPECT_FALSE(Run("DescribeTable", R"({"TableName":"xyz"})").ok());
}

TEST_F(PointInTimeRestoreTest, HistoryIsKeptOnlyWhileRecoveryIsOnAndPrunedPastThePeriod) {
  const uint64_t id = 1;  // the fixture's first table
  Put("a", "1");
  EXPECT_EQ(HistoryEntries(id), 0u);
  Ok("UpdateContinuousBackups", R"({"TableName":"src","PointInTimeRecoverySpecification":
      {"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":1}})");
  Put("a", "2");
  Put("a", "2");  // no change, no history
  Delete("nothing");
  EXPECT_EQ(HistoryEntries(id), 1u);
  clock_.Advance(std::chrono::hours(23));
  Put("a", "3");
  EXPECT_EQ(HistoryEntries(id), 2u);
  clock_.Advance(std::chrono::hours(2));
  auto pruned = service_->PruneRecoveryHistory();
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1u);  // the change of 25 hours ago; not the one of 2 hours ago
  EXPECT_EQ(HistoryEntries(id), 1u);
  EXPECT_EQ(*service_->PruneRecoveryHistory(), 0u);  // at most every ten minutes
  Ok("UpdateContinuousBackups",
     R"({"TableName":"src","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false}})");
  EXPECT_EQ(HistoryEntries(id), 0u);
  // What a write that raced the switching off left behind goes at the next pruning, whatever its age.
  ASSERT_TRUE(rocks_->Put(rocks_->Cf("dynamodb"), PitrHistoryKey(id, "pk", 1, 1), "").ok());
  clock_.Advance(std::chrono::minutes(11));
  EXPECT_EQ(*service_->PruneRecoveryHistory(), 1u);
  EXPECT_EQ(HistoryEntries(id), 0u);
  auto off = Err("RestoreTableToPointInTime",
                 R"({"SourceTableName":"src","TargetTableName":"xyz","UseLatestRestorableTime":true})");
  EXPECT_EQ(off.code, "PointInTimeRecoveryUnavailableException");
  EXPECT_EQ(off.message, "Point in time recovery is not enabled for table 'src'");
  // Deleting the table drops its history too.
  Ok("UpdateContinuousBackups",
     R"({"TableName":"src","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  Put("a", "4");
  EXPECT_EQ(HistoryEntries(id), 1u);
  Ok("DeleteTable", R"({"TableName":"src"})");
  EXPECT_EQ(HistoryEntries(id), 0u);
}

TEST_F(PointInTimeRestoreTest, ChecksTheRequestInDynamoDbsOrder) {
  auto both = Err("RestoreTableToPointInTime",
                  R"({"SourceTableName":"src","SourceTableArn":"x","TargetTableName":"yyy",
      "UseLatestRestorableTime":true})");
  EXPECT_EQ(both.message, "Must provide exactly one of: sourceTableArn, sourceTableName");
  EXPECT_EQ(
      Err("RestoreTableToPointInTime", R"({"TargetTableName":"yyy","UseLatestRestorableTime":true})").message,
      "The parameter 'TableName' is required but was not present in the request");
  EXPECT_EQ(
      Err("RestoreTableToPointInTime", R"({"SourceTableName":"src","TargetTableName":"yyy"})").message,
      "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not "
      "both");
  EXPECT_EQ(Err("RestoreTableToPointInTime",
                R"({"SourceTableArn":"arn:aws:dynamodb:us-east-1:000000000000:bogus","TargetTableName":"yyy",
                    "UseLatestRestorableTime":true})")
                .message,
            "sourceTableArn is not a valid ARN");
  auto missing = Err("RestoreTableToPointInTime",
                     R"({"SourceTableName":"gone","TargetTableName":"src","UseLatestRestorableTime":true})");
  EXPECT_EQ(missing.code, "TableNotFoundException");
  EXPECT_EQ(missing.message, "Table not found: gone");
  // Recovery off beats an existing target.
  EXPECT_EQ(Err("RestoreTableToPointInTime",
                R"({"SourceTableName":"src","TargetTableName":"src","UseLatestRestorableTime":true})")
                .code,
            "PointInTimeRecoveryUnavailableException");
  Ok("UpdateContinuousBackups",
     R"({"TableName":"src","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  auto exists = Err("RestoreTableToPointInTime",
                    R"({"SourceTableName":"src","TargetTableName":"src","UseLatestRestorableTime":true})");
  EXPECT_EQ(exists.code, "TableAlreadyExistsException");
  EXPECT_EQ(exists.message, "Table already exists: src");
}

TEST_F(PointInTimeRestoreTest, DeletingATableWithRecoveryLeavesASystemBackupFor35Days) {
  Put("a", "1");
  Put("b", "2");
  // Without recovery, DeleteTable leaves no backup.
  Ok("CreateTable", R"({"TableName":"plain","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"})");
  Ok("DeleteTable", R"({"TableName":"plain"})");
  EXPECT_TRUE(Ok("ListBackups", R"({"BackupType":"ALL"})")["BackupSummaries"].as_array().empty());

  Ok("UpdateContinuousBackups",
     R"({"TableName":"src","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  const double deleted_at = Now();
  Ok("DeleteTable", R"({"TableName":"src"})");
  // Not a USER backup: only SYSTEM and ALL list it.
  EXPECT_TRUE(Ok("ListBackups", "{}")["BackupSummaries"].as_array().empty());
  auto listed = Ok("ListBackups", R"({"BackupType":"SYSTEM"})")["BackupSummaries"].as_array();
  ASSERT_EQ(listed.size(), 1u);
  const auto& summary = listed[0].as_object();
  EXPECT_EQ(summary.at("BackupName").as_string(), "src$DeletedTableBackup");
  EXPECT_EQ(summary.at("BackupType").as_string(), "SYSTEM");
  EXPECT_EQ(summary.at("BackupStatus").as_string(), "AVAILABLE");
  EXPECT_DOUBLE_EQ(summary.at("BackupCreationDateTime").to_number<double>(), deleted_at);
  EXPECT_DOUBLE_EQ(summary.at("BackupExpiryDateTime").to_number<double>(), deleted_at + 35 * 86400);
  const std::string arn(summary.at("BackupArn").as_string());
  EXPECT_TRUE(arn.ends_with("-00000000")) << arn;
  EXPECT_EQ(Ok("ListBackups", R"({"BackupType":"ALL"})")["BackupSummaries"].as_array().size(), 1u);
  EXPECT_TRUE(Ok("ListBackups", R"({"BackupType":"AWS_BACKUP"})")["BackupSummaries"].as_array().empty());

  auto refused = Err("DeleteBackup", R"({"BackupArn":")" + arn + R"("})");
  EXPECT_EQ(refused.code, "ValidationException");
  EXPECT_EQ(refused.message, "Invalid Request: User is not allowed to delete the system backup with arn " +
                                 arn + ". It will automatically expire on " +
                                 core::FormatIso8601Millis(core::FromEpochSeconds(deleted_at + 35 * 86400)));

  // The deleted table comes back from it, with its items and index.
  Ok("RestoreTableFromBackup", R"({"TargetTableName":"src","BackupArn":")" + arn + R"("})");
  EXPECT_EQ(Items("src"), (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
  auto by_g = Ok("Query", R"({"TableName":"src","IndexName":"by_g","KeyConditionExpression":"g = :g",
      "ExpressionAttributeValues":{":g":{"S":"all"}}})");
  EXPECT_EQ(by_g["Count"].as_int64(), 2);

  // 35 days on it is gone, then pruned with its items.
  clock_.Advance(std::chrono::hours(35 * 24));
  EXPECT_TRUE(Ok("ListBackups", R"({"BackupType":"SYSTEM"})")["BackupSummaries"].as_array().empty());
  EXPECT_EQ(Err("DescribeBackup", R"({"BackupArn":")" + arn + R"("})").code, "BackupNotFoundException");
  auto pruned = service_->PruneRecoveryHistory();
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1u);
  size_t backup_items = 0;
  auto it = rocks_->NewIterator(rocks_->Cf("dynamodb"), storage::IteratorOptions::Prefix("V"));
  for (it.SeekToFirst(); it.Valid(); it.Next()) ++backup_items;
  EXPECT_EQ(backup_items, 0u);
}

}  // namespace
}  // namespace tarn::dynamodb
