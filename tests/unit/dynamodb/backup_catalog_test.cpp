// BackupCatalog: backup records (malformed ones included), backup ARNs, and a backup cut off by a crash
// being removed with its items at the next open.
#include "dynamodb/backup_catalog.h"

#include <gtest/gtest.h>

#include "unit/storage/storage_test_util.h"

namespace tarn::dynamodb {
namespace {

BackupInfo Sample() {
  BackupInfo b;
  b.account_id = "000000000000";
  b.region = "us-east-1";
  b.id = "01700000000000-0a1b2c3d";
  b.name = "nightly";
  b.status = std::string(kBackupAvailable);
  b.creation_time = 1700000000.25;
  b.size_bytes = 123;
  b.item_count = 4;
  b.table.account_id = b.account_id;
  b.table.region = b.region;
  b.table.name = "student";
  b.table.id = 9;
  b.table.key_schema.hash = {"id", ScalarAttributeType::kS};
  b.table.attribute_definitions = {{"id", ScalarAttributeType::kS}};
  return b;
}

TEST(BackupRecordTest, RoundTrips) {
  BackupInfo b = Sample();
  auto back = BackupFromRecord(ToRecord(b));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id, b.id);
  EXPECT_EQ(back->name, "nightly");
  EXPECT_EQ(back->status, "AVAILABLE");
  EXPECT_DOUBLE_EQ(back->creation_time, 1700000000.25);
  EXPECT_EQ(back->size_bytes, 123);
  EXPECT_EQ(back->item_count, 4);
  EXPECT_EQ(back->table.name, "student");
  EXPECT_EQ(back->table.id, 9u);
  EXPECT_EQ(back->Arn(),
            "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/01700000000000-0a1b2c3d");
}

TEST(BackupRecordTest, RefusesMalformedRecords) {
  for (std::string_view bad : {"", "{", "[]", "null", R"({"account":"a"})",
                               R"({"account":"a","region":"r","id":"i","name":"n","status":"AVAILABLE",
                                   "created":1,"bytes":0,"items":0,"table":"{}"})",
                               R"({"account":"a","region":"r","id":"i","name":"n","status":"AVAILABLE",
                                   "created":"1","bytes":0,"items":0,"table":"{}"})"})
    EXPECT_FALSE(BackupFromRecord(bad).has_value()) << bad;
}

TEST(BackupRecordTest, SystemBackupsKeepTheirTypeAndExpiry) {
  BackupInfo b = Sample();
  b.type = std::string(kBackupSystem);
  b.id = SystemBackupId(1700000000250);
  b.expiry_time = b.creation_time + kSystemBackupDays * 86400;
  EXPECT_EQ(b.id, "01700000000250-00000000");
  auto back = BackupFromRecord(ToRecord(b));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->type, "SYSTEM");
  EXPECT_DOUBLE_EQ(back->expiry_time, 1700000000.25 + 35 * 86400);
  EXPECT_TRUE(ParseBackupArn(back->Arn()).has_value());
  // A USER backup's record names no type (records written before SYSTEM backups read as USER).
  auto user = BackupFromRecord(ToRecord(Sample()));
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->type, "USER");
  EXPECT_EQ(ToRecord(Sample()).find("\"type\""), std::string::npos);
  // An unknown type, or a SYSTEM one without expiry, is a malformed record.
  std::string record = ToRecord(b);
  std::string unknown = record;
  unknown.replace(unknown.find("\"SYSTEM\""), 8, "\"AWS_BACKUP\"");
  EXPECT_FALSE(BackupFromRecord(unknown).has_value());
  std::string no_expiry = record;
  no_expiry.replace(no_expiry.find("\"expires\""), 9, "\"expired\"");
  EXPECT_FALSE(BackupFromRecord(no_expiry).has_value());
}

TEST(BackupArnTest, ParsesDynamoDbsFormOnly) {
  auto parts =
      ParseBackupArn("arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/01700000000000-0a1b2c3d");
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->region, "us-east-1");
  EXPECT_EQ(parts->account_id, "000000000000");
  EXPECT_EQ(parts->table, "student");
  EXPECT_EQ(parts->id, "01700000000000-0a1b2c3d");
  for (std::string_view bad :
       {"", "backup", "arn:aws:dynamodb:us-east-1:000000000000:table/student",
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/",
        "arn:aws:dynamodb:us-east-1:000000000000:table//backup/01700000000000-0a1b2c3d",
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/1700000000000-0a1b2c3d",
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/01700000000000-0A1B2C3D",
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/01700000000000_0a1b2c3d",
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/01700000000000-0a1b2c3d0",
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/backup/0170000000000x-0a1b2c3d",
        "arn:aws:s3:us-east-1:000000000000:table/student/backup/01700000000000-0a1b2c3d",
        "arn:aws:dynamodb:us-east-1:000000000000:index/student/backup/01700000000000-0a1b2c3d"})
    EXPECT_FALSE(ParseBackupArn(bad).has_value()) << bad;
  // New ids have the form the parser accepts, with the time first.
  std::string id = NewBackupId(1700000000123);
  EXPECT_TRUE(id.starts_with("01700000000123-"));
  EXPECT_TRUE(ParseBackupArn("arn:aws:dynamodb:us-east-1:000000000000:table/t/backup/" + id).has_value());
  EXPECT_NE(id, NewBackupId(1700000000123));
}

TEST(BackupCatalogTest, KeepsAvailableBackupsAndRemovesUnfinishedOnesAtOpen) {
  storage::test_util::TempDir dir;
  auto rocks = storage::test_util::OpenFreshDatabase(dir);
  ASSERT_NE(rocks, nullptr);
  const auto& cf = rocks->Cf("dynamodb");
  BackupInfo done = Sample();
  BackupInfo cut = Sample();
  cut.id = "01700000000001-00000001";
  cut.status = std::string(kBackupCreating);
  {
    auto catalog = BackupCatalog::Open(*rocks);
    ASSERT_TRUE(catalog.ok());
    ASSERT_TRUE((*catalog)->Put(done).ok());
    ASSERT_TRUE((*catalog)->Put(cut).ok());
    ASSERT_TRUE(rocks->Put(cf, BackupItemPrefix(done) + "k", "{}").ok());
    ASSERT_TRUE(rocks->Put(cf, BackupItemPrefix(cut) + "k", "{}").ok());
    EXPECT_EQ((*catalog)->List("000000000000", "us-east-1").size(), 2u);
  }
  auto reopened = BackupCatalog::Open(*rocks);
  ASSERT_TRUE(reopened.ok());
  auto listed = (*reopened)->List("000000000000", "us-east-1");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]->id, done.id);
  EXPECT_EQ((*reopened)->Get("000000000000", "us-east-1", cut.id), nullptr);
  EXPECT_TRUE((*rocks->Get(cf, BackupItemPrefix(done) + "k")).has_value());
  EXPECT_FALSE((*rocks->Get(cf, BackupItemPrefix(cut) + "k")).has_value());
  // Delete removes the record and the items; a second delete finds nothing.
  auto deleted = (*reopened)->Delete("000000000000", "us-east-1", done.id);
  ASSERT_TRUE(deleted.ok());
  ASSERT_NE(*deleted, nullptr);
  EXPECT_FALSE((*rocks->Get(cf, BackupItemPrefix(done) + "k")).has_value());
  EXPECT_EQ(*(*reopened)->Delete("000000000000", "us-east-1", done.id), nullptr);
  EXPECT_TRUE((*reopened)->List("000000000000", "us-west-2").empty());
}

TEST(BackupCatalogTest, SystemIdsAreTakenOnceAndExpiredSystemBackupsAreRemoved) {
  storage::test_util::TempDir dir;
  auto rocks = storage::test_util::OpenFreshDatabase(dir);
  ASSERT_NE(rocks, nullptr);
  const auto& cf = rocks->Cf("dynamodb");
  auto catalog = BackupCatalog::Open(*rocks);
  ASSERT_TRUE(catalog.ok());
  BackupInfo user = Sample();
  BackupInfo system = Sample();
  system.type = std::string(kBackupSystem);
  system.id = SystemBackupId(1700000000000);
  system.expiry_time = 1700000100;
  ASSERT_TRUE((*catalog)->Put(user).ok());
  auto inserted = (*catalog)->Insert(system);
  ASSERT_TRUE(inserted.ok());
  EXPECT_TRUE(*inserted);
  // The same id again (another table deleted in that millisecond) is refused, the first kept.
  BackupInfo again = system;
  again.name = "other$DeletedTableBackup";
  inserted = (*catalog)->Insert(again);
  ASSERT_TRUE(inserted.ok());
  EXPECT_FALSE(*inserted);
  EXPECT_EQ((*catalog)->Get("000000000000", "us-east-1", system.id)->name, "nightly");
  ASSERT_TRUE(rocks->Put(cf, BackupItemPrefix(system) + "k", "{}").ok());
  // Not yet expired: nothing goes; past the expiry the SYSTEM backup goes with its items, the USER one
  // (no expiry) stays.
  auto removed = (*catalog)->RemoveExpired(1700000099);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 0u);
  removed = (*catalog)->RemoveExpired(1700000100);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 1u);
  EXPECT_EQ((*catalog)->Get("000000000000", "us-east-1", system.id), nullptr);
  EXPECT_FALSE((*rocks->Get(cf, BackupItemPrefix(system) + "k")).has_value());
  EXPECT_NE((*catalog)->Get("000000000000", "us-east-1", user.id), nullptr);
}

}  // namespace
}  // namespace tarn::dynamodb
