// Start-up after a crash inside ImportTable: a CREATING table whose import record was never written is
// removed; one with its import record stays for the import to run again.
#include <gtest/gtest.h>

#include "dynamodb/job_catalog.h"
#include "dynamodb/table_catalog.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

class ImportRecoveryTest : public test_util::DynamoDbServiceTest {
 protected:
  // A table as ImportTable creates it, written while no Service runs.
  uint64_t CreatingTable(std::string name) {
    auto catalog = TableCatalog::Open(*rocks_);
    EXPECT_TRUE(catalog.ok());
    TableInfo t;
    t.account_id = "000000000000";
    t.region = "us-east-1";
    t.name = std::move(name);
    t.key_schema.hash = {"id", ScalarAttributeType::kS};
    t.attribute_definitions = {{"id", ScalarAttributeType::kS}};
    t.restoring = true;
    auto created = (*catalog)->Create(std::move(t));
    EXPECT_TRUE(created.ok());
    return created.ok() ? (*created)->id : 0;
  }
  void Restart() {
    auto service = Service::Create(*rocks_, clock_);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(*service);
    registry_ = net::Registry();
    service_->RegisterOperations(registry_);
  }
};

TEST_F(ImportRecoveryTest, RemovesTheTableOfAnImportThatNeverStarted) {
  service_.reset();
  CreatingTable("orphan");
  uint64_t kept = CreatingTable("filling");
  {
    auto imports = JobCatalog::Open(*rocks_, kImportJobs);
    ASSERT_TRUE(imports.ok());
    JobInfo job;
    job.account_id = "000000000000";
    job.region = "us-east-1";
    job.id = "01700000000000-0a1b2c3d";
    job.table_id = kept;
    job.description = {
        {"ImportArn", "arn:aws:dynamodb:us-east-1:000000000000:table/filling/import/" + job.id},
        {"ImportStatus", "IN_PROGRESS"}};
    ASSERT_TRUE((*imports)->Put(job).ok());
  }
  Restart();
  EXPECT_EQ(Err("DescribeTable", R"({"TableName":"orphan"})").code, "ResourceNotFoundException");
  auto filling = Ok("DescribeTable", R"({"TableName":"filling"})");
  EXPECT_EQ(filling["Table"].at("TableStatus"), "CREATING");
  EXPECT_EQ(Err("PutItem", R"({"TableName":"filling","Item":{"id":{"S":"a"}}})").code,
            "ResourceNotFoundException");
}

}  // namespace
}  // namespace tarn::dynamodb
