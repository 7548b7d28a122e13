// JobCatalog: export and import records, malformed ones included, kept apart by kind and across a reopen.
#include "dynamodb/job_catalog.h"

#include <gtest/gtest.h>

#include "unit/storage/storage_test_util.h"

namespace tarn::dynamodb {
namespace {

JobInfo Export(std::string id, std::string_view status) {
  JobInfo e;
  e.account_id = "000000000000";
  e.region = "us-east-1";
  e.id = std::move(id);
  e.table_id = 3;
  e.fingerprint = R"({"S3Bucket":"lake"})";
  e.description = {{"ExportArn", "arn:aws:dynamodb:us-east-1:000000000000:table/t/export/" + e.id},
                   {"ExportStatus", status}};
  return e;
}

TEST(JobRecordTest, RoundTripsAndRefusesMalformedRecords) {
  JobInfo e = Export("01700000000000-0a1b2c3d", kJobCompleted);
  auto back = JobFromRecord(ToRecord(e), kExportJobs);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->id, e.id);
  EXPECT_EQ(back->table_id, 3u);
  EXPECT_EQ(back->fingerprint, e.fingerprint);
  EXPECT_EQ(back->Arn(kExportJobs),
            "arn:aws:dynamodb:us-east-1:000000000000:table/t/export/01700000000000-0a1b2c3d");
  EXPECT_EQ(back->Status(kExportJobs), "COMPLETED");
  // An export record is not an import record (no ImportArn).
  EXPECT_FALSE(JobFromRecord(ToRecord(e), kImportJobs).has_value());
  for (
      std::string_view bad :
      {"", "{", "[]", R"({"account":"a"})",
       R"({"account":"a","region":"r","id":"i","table_id":"3","fingerprint":"","description":{}})",
       R"({"account":"a","region":"r","id":"i","table_id":3,"fingerprint":"","description":[]})",
       R"({"account":"a","region":"r","id":"i","table_id":3,"fingerprint":"","description":{"ExportArn":"x"}})"})
    EXPECT_FALSE(JobFromRecord(bad, kExportJobs).has_value()) << bad;
}

TEST(JobCatalogTest, KeepsJobsAcrossAReopenByKind) {
  storage::test_util::TempDir dir;
  auto rocks = storage::test_util::OpenFreshDatabase(dir);
  ASSERT_NE(rocks, nullptr);
  {
    auto exports = JobCatalog::Open(*rocks, kExportJobs);
    ASSERT_TRUE(exports.ok());
    ASSERT_TRUE((*exports)->Put(Export("01700000000002-00000002", kJobInProgress)).ok());
    ASSERT_TRUE((*exports)->Put(Export("01700000000001-00000001", kJobCompleted)).ok());
  }
  auto exports = JobCatalog::Open(*rocks, kExportJobs);
  auto imports = JobCatalog::Open(*rocks, kImportJobs);
  ASSERT_TRUE(exports.ok());
  ASSERT_TRUE(imports.ok());
  auto listed = (*exports)->List("000000000000", "us-east-1");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]->id, "01700000000001-00000001");  // oldest first
  ASSERT_EQ((*exports)->InProgress().size(), 1u);
  EXPECT_EQ((*exports)->InProgress()[0]->id, "01700000000002-00000002");
  EXPECT_NE((*exports)->Get("000000000000", "us-east-1", "01700000000001-00000001"), nullptr);
  EXPECT_EQ((*exports)->Get("000000000000", "us-west-2", "01700000000001-00000001"), nullptr);
  EXPECT_TRUE((*imports)->List("000000000000", "us-east-1").empty());
}

}  // namespace
}  // namespace tarn::dynamodb
