// What the control plane answers while a table or one of its indexes is changing, as DynamoDB words it
// (ack-api-quirks DDB-TABLE-442/444's catalogues): an index being built or removed (held so by an item
// lock the build waits for), and a table a restore or an import is filling (CREATING).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "dynamodb/dynamodb.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;
using test_util::DynamoDbServiceTest;

class TableStateErrorsTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    DynamoDbServiceTest::SetUp();
    Ok("CreateTable", R"({"TableName": "marks", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}})");
    Ok("PutItem", R"({"TableName": "marks", "Item": {"id": {"S": "s1"}, "term": {"S": "T1"}}})");
  }
  std::string IndexStatus(std::string_view index) {
    json::object table = Ok("DescribeTable", R"({"TableName": "marks"})")["Table"].as_object();
    if (!table.contains("GlobalSecondaryIndexes")) return "";
    for (const auto& gsi : table["GlobalSecondaryIndexes"].as_array())
      if (gsi.at("IndexName").as_string() == index) return std::string(gsi.at("IndexStatus").as_string());
    return "";
  }
  void WaitForIndex(std::string_view index, std::string_view status) {
    for (int i = 0; i < 1000 && IndexStatus(index) != status; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(IndexStatus(index), status);
  }
  static constexpr std::string_view kCreateIndex = R"({"TableName": "marks", "AttributeDefinitions": [
      {"AttributeName": "term", "AttributeType": "S"}], "GlobalSecondaryIndexUpdates": [{"Create": {
      "IndexName": "by_term", "KeySchema": [{"AttributeName": "term", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "ALL"},
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}]})";
};

TEST_F(TableStateErrorsTest, AnIndexBeingBuiltHoldsBackThroughputStreamAndDeletion) {
  {
    std::lock_guard hold(ItemLockOf("any"));
    Ok("UpdateTable", kCreateIndex);
    ASSERT_EQ(IndexStatus("by_term"), "CREATING");
    core::AwsError e = Err("UpdateTable", R"({"TableName": "marks",
        "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}})");
    EXPECT_EQ(e.code, "ResourceInUseException");
    EXPECT_EQ(e.message,
              "Attempt to change a resource which is still in use: Can't change table IOPS when an index is "
              "being created. Table: marks Indexes: [by_term]");
    e = Err("UpdateTable", R"({"TableName": "marks",
        "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}})");
    EXPECT_EQ(e.message,
              "Attempt to change a resource which is still in use: Can't change stream status when an index "
              "is being created. Table: marks Indexes: [by_term]");
    e = Err("DeleteTable", R"({"TableName": "marks"})");
    EXPECT_EQ(e.code, "ResourceInUseException");
    EXPECT_EQ(e.message,
              "Attempt to change a resource which is still in use: Cannot delete table while indexes are "
              "being created, updated, or deleted.");
    // Deletion protection is not held back.
    Ok("UpdateTable", R"({"TableName": "marks", "DeletionProtectionEnabled": false})");
  }
  WaitForIndex("by_term", "ACTIVE");
  Ok("UpdateTable", R"({"TableName": "marks",
      "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}})");
  {
    std::lock_guard hold(ItemLockOf("any"));
    Ok("UpdateTable", R"({"TableName": "marks", "GlobalSecondaryIndexUpdates": [
        {"Delete": {"IndexName": "by_term"}}]})");
    ASSERT_EQ(IndexStatus("by_term"), "DELETING");
    for (std::string_view action : {R"({"Delete": {"IndexName": "by_term"}})",
                                    R"({"Update": {"IndexName": "by_term", "ProvisionedThroughput":
                                        {"ReadCapacityUnits": 3, "WriteCapacityUnits": 3}}})"}) {
      core::AwsError e = Err("UpdateTable", R"({"TableName": "marks", "GlobalSecondaryIndexUpdates": [)" +
                                                std::string(action) + "]}");
      EXPECT_EQ(e.code, "ResourceInUseException") << action;
      EXPECT_EQ(e.message,
                "Attempt to change a resource which is still in use: Index is being deleted. Table: marks "
                "Index: by_term")
          << action;
    }
    core::AwsError e = Err("UpdateTable", R"({"TableName": "marks",
        "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 3}})");
    EXPECT_EQ(e.message,
              "Attempt to change a resource which is still in use: Can't change table IOPS when an index is "
              "being deleted. Table: marks Indexes: [by_term]");
  }
  WaitForIndex("by_term", "");
  Ok("DeleteTable", R"({"TableName": "marks"})");
}

TEST_F(TableStateErrorsTest, AnIndexMayBeDeletedWhileItIsBuilt) {
  {
    std::lock_guard hold(ItemLockOf("any"));
    Ok("UpdateTable", kCreateIndex);
    ASSERT_EQ(IndexStatus("by_term"), "CREATING");
    json::object out = Ok("UpdateTable", R"({"TableName": "marks", "GlobalSecondaryIndexUpdates": [
        {"Delete": {"IndexName": "by_term"}}]})");
    EXPECT_EQ(out["TableDescription"].at("GlobalSecondaryIndexes").at(0).at("IndexStatus").as_string(),
              "DELETING");
  }
  WaitForIndex("by_term", "");
  EXPECT_EQ(
      Err("Query", R"({"TableName": "marks", "IndexName": "by_term", "KeyConditionExpression": "term = :t",
      "ExpressionAttributeValues": {":t": {"S": "T1"}}})")
          .message,
      "The table does not have the specified index: by_term");
  // Built again from the start, it has the item.
  Ok("UpdateTable", kCreateIndex);
  WaitForIndex("by_term", "ACTIVE");
  json::object found = Ok("Query", R"({"TableName": "marks", "IndexName": "by_term",
      "KeyConditionExpression": "term = :t", "ExpressionAttributeValues": {":t": {"S": "T1"}}})");
  EXPECT_EQ(found["Count"].as_int64(), 1);
}

TEST_F(TableStateErrorsTest, ATableBeingFilledIsCreating) {
  MarkFilling("marks");
  core::AwsError e = Err("DescribeTimeToLive", R"({"TableName": "marks"})");
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message,
            "Cannot describe time to live while table is in CREATING state: Current table state is CREATING");
  e = Err("UpdateTimeToLive", R"({"TableName": "marks",
      "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Requested resource not found: Table: marks not found");
  e = Err("UpdateContributorInsights", R"({"TableName": "marks", "ContributorInsightsAction": "ENABLE"})");
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(
      e.message,
      "Table or Index is not in a valid state to update Key Access Insights: TableStatus must be ACTIVE "
      "to enable ContributorInsights.");
  const std::string create =
      R"({"TableName": "marks", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
      "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})";
  e = Err("CreateTable", create);
  EXPECT_EQ(e.code, "ResourceInUseException");
  EXPECT_EQ(e.message, "Attempt to change a resource which is still in use: Table is being created: marks");
  // A restore's target is "being used".
  MarkFilling("marks", "arn:aws:dynamodb:us-east-1:000000000000:table/source");
  e = Err("CreateTable", create);
  EXPECT_EQ(e.message, "Attempt to change a resource which is still in use: Table is being used: marks");
}

TEST_F(TableStateErrorsTest, AMissingTableIsNamedByTheTimeToLiveOperations) {
  for (std::string_view request : {R"({"TableName": "nope"})", R"({"TableName": "nope",
           "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}})"}) {
    const bool describe = request.find("TimeToLiveSpecification") == std::string_view::npos;
    core::AwsError e = Err(describe ? "DescribeTimeToLive" : "UpdateTimeToLive", request);
    EXPECT_EQ(e.code, "ResourceNotFoundException");
    EXPECT_EQ(e.message, "Requested resource not found: Table: nope not found");
  }
}

}  // namespace
}  // namespace tarn::dynamodb
