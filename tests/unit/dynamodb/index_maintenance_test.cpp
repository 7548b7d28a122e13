// Secondary indexes through the Service handlers (no HTTP): index maintenance on insert, on updates that
// change or remove the index key, on delete; projections; LastEvaluatedKey; UpdateTable backfill and delete.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;
using test_util::DynamoDbServiceTest;

class IndexMaintenanceTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    DynamoDbServiceTest::SetUp();
    Ok("CreateTable", R"({"TableName": "student", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
          {"AttributeName": "standard", "AttributeType": "N"}, {"AttributeName": "name", "AttributeType": "S"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by_standard", "KeySchema": [
          {"AttributeName": "standard", "KeyType": "HASH"}, {"AttributeName": "name", "KeyType": "RANGE"}],
          "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["email"]}}],
        "BillingMode": "PAY_PER_REQUEST"})");
    Ok("CreateTable",
       R"({"TableName": "marks", "KeySchema": [{"AttributeName": "student_id", "KeyType": "HASH"},
        {"AttributeName": "subject", "KeyType": "RANGE"}], "AttributeDefinitions": [
          {"AttributeName": "student_id", "AttributeType": "S"}, {"AttributeName": "subject", "AttributeType": "S"},
          {"AttributeName": "score", "AttributeType": "N"}],
        "LocalSecondaryIndexes": [{"IndexName": "by_score", "KeySchema": [
          {"AttributeName": "student_id", "KeyType": "HASH"}, {"AttributeName": "score", "KeyType": "RANGE"}],
          "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "BillingMode": "PAY_PER_REQUEST"})");
  }
  std::string ErrMessage(std::string_view operation, std::string_view input) {
    auto r = Run(operation, input);
    EXPECT_FALSE(r.ok()) << operation << " " << input;
    return r.ok() ? std::string() : r.error().message;
  }
  void PutStudent(std::string_view id, std::string_view standard, std::string_view name) {
    Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": ")" + std::string(id) +
                      R"("}, "standard": {"N": ")" + std::string(standard) + R"("}, "name": {"S": ")" +
                      std::string(name) + R"("}, "email": {"S": "e"}, "age": {"N": "9"}}})");
  }
  // ids of the students of one standard, in index order.
  std::vector<std::string> Standard(std::string_view standard) {
    json::object out = Ok("Query", R"({"TableName": "student", "IndexName": "by_standard",
        "KeyConditionExpression": "standard = :s", "ExpressionAttributeValues": {":s": {"N": ")" +
                                       std::string(standard) + R"("}}})");
    std::vector<std::string> ids;
    for (const auto& item : out["Items"].as_array()) ids.emplace_back(item.at("id").at("S").as_string());
    return ids;
  }
  json::object Describe(std::string_view table) {
    return Ok("DescribeTable", R"({"TableName": ")" + std::string(table) + R"("})")["Table"].as_object();
  }
};

TEST_F(IndexMaintenanceTest, InsertUpdateDeleteMaintainEntries) {
  PutStudent("s1", "5", "zed");
  PutStudent("s2", "5", "amy");
  PutStudent("s3", "6", "bob");
  EXPECT_EQ(Standard("5"), (std::vector<std::string>{"s2", "s1"}));  // by name
  // An update that changes the index key moves the entry.
  Ok("UpdateItem",
     R"({"TableName": "student", "Key": {"id": {"S": "s1"}}, "UpdateExpression": "SET standard = :n",
      "ExpressionAttributeValues": {":n": {"N": "6"}}})");
  EXPECT_EQ(Standard("5"), (std::vector<std::string>{"s2"}));
  EXPECT_EQ(Standard("6"), (std::vector<std::string>{"s3", "s1"}));
  // One that removes it takes the item out of the (sparse) index.
  Ok("UpdateItem", R"({"TableName": "student", "Key": {"id": {"S": "s3"}}, "UpdateExpression": "REMOVE #n",
      "ExpressionAttributeNames": {"#n": "name"}})");
  EXPECT_EQ(Standard("6"), (std::vector<std::string>{"s1"}));
  Ok("DeleteItem", R"({"TableName": "student", "Key": {"id": {"S": "s1"}}})");
  EXPECT_TRUE(Standard("6").empty());
  json::object gsi = Describe("student")["GlobalSecondaryIndexes"].as_array()[0].as_object();
  EXPECT_EQ(gsi["ItemCount"].as_int64(), 1);
  EXPECT_EQ(gsi["IndexStatus"].as_string(), "ACTIVE");
  EXPECT_EQ(Describe("student")["ItemCount"].as_int64(), 2);
}

TEST_F(IndexMaintenanceTest, WrongIndexKeyTypeIsRejectedAndNothingWritten) {
  EXPECT_EQ(
      ErrMessage("PutItem",
                 R"({"TableName": "student", "Item": {"id": {"S": "s9"}, "standard": {"S": "x"}}})"),
      "One or more parameter values were invalid: Type mismatch for Index Key standard Expected: N Actual: S "
      "IndexName: by_standard");
  EXPECT_EQ(Ok("GetItem", R"({"TableName": "student", "Key": {"id": {"S": "s9"}}})").count("Item"), 0u);
  PutStudent("s1", "5", "zed");
  EXPECT_FALSE(ErrMessage("UpdateItem", R"({"TableName": "student", "Key": {"id": {"S": "s1"}},
      "UpdateExpression": "SET #n = :n", "ExpressionAttributeNames": {"#n": "name"},
      "ExpressionAttributeValues": {":n": {"N": "1"}}})")
                   .empty());
  EXPECT_EQ(Standard("5"), (std::vector<std::string>{"s1"}));
}

TEST_F(IndexMaintenanceTest, ProjectionsAndErrors) {
  PutStudent("s1", "5", "zed");
  json::object out = Ok("Query", R"({"TableName": "student", "IndexName": "by_standard",
      "KeyConditionExpression": "standard = :s", "ExpressionAttributeValues": {":s": {"N": "5"}}})");
  json::object item = out["Items"].as_array()[0].as_object();
  EXPECT_EQ(item.size(), 4u);  // id, standard, name + email (INCLUDE); not age
  EXPECT_FALSE(item.contains("age"));
  EXPECT_EQ(
      ErrMessage("Query", R"({"TableName": "student", "IndexName": "by_standard", "Select": "ALL_ATTRIBUTES",
      "KeyConditionExpression": "standard = :s", "ExpressionAttributeValues": {":s": {"N": "5"}}})"),
      "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
      "secondary index by_standard because its projection type is not ALL");
  EXPECT_EQ(
      ErrMessage("Query", R"({"TableName": "student", "IndexName": "by_standard", "ConsistentRead": true,
      "KeyConditionExpression": "standard = :s", "ExpressionAttributeValues": {":s": {"N": "5"}}})"),
      "Consistent reads are not supported on global secondary indexes");
  EXPECT_EQ(ErrMessage("Scan", R"({"TableName": "student", "IndexName": "nope"})"),
            "The table does not have the specified index: nope");
  // A local index fetches what it does not project from the table.
  Ok("PutItem", R"({"TableName": "marks", "Item": {"student_id": {"S": "s1"}, "subject": {"S": "math"},
      "score": {"N": "70"}, "term": {"S": "T1"}}})");
  Ok("PutItem", R"({"TableName": "marks", "Item": {"student_id": {"S": "s1"}, "subject": {"S": "art"},
      "score": {"N": "90"}, "term": {"S": "T2"}}})");
  out = Ok("Query", R"({"TableName": "marks", "IndexName": "by_score", "ScanIndexForward": false,
      "KeyConditionExpression": "student_id = :s AND score > :min", "ProjectionExpression": "subject, term",
      "ExpressionAttributeValues": {":s": {"S": "s1"}, ":min": {"N": "10"}}})");
  ASSERT_EQ(out["Items"].as_array().size(), 2u);
  EXPECT_EQ(out["Items"].as_array()[0].at("term").at("S").as_string(), "T2");
  out = Ok("Query", R"({"TableName": "marks", "IndexName": "by_score", "Limit": 1,
      "KeyConditionExpression": "student_id = :s", "ExpressionAttributeValues": {":s": {"S": "s1"}}})");
  json::object last = out["LastEvaluatedKey"].as_object();
  EXPECT_EQ(last.size(), 3u);  // table keys + index key
  EXPECT_EQ(last["score"].at("N").as_string(), "70");
  out = Ok("Query", R"({"TableName": "marks", "IndexName": "by_score", "ExclusiveStartKey": )" +
                        json::serialize(last) + R"(,
      "KeyConditionExpression": "student_id = :s", "ExpressionAttributeValues": {":s": {"S": "s1"}}})");
  ASSERT_EQ(out["Items"].as_array().size(), 1u);
  EXPECT_EQ(out["Items"].as_array()[0].at("subject").at("S").as_string(), "art");
}

TEST_F(IndexMaintenanceTest, UpdateTableBackfillsAndDeletesIndex) {
  Ok("PutItem", R"({"TableName": "marks", "Item": {"student_id": {"S": "s1"}, "subject": {"S": "math"},
      "score": {"N": "70"}, "term": {"S": "T1"}}})");
  Ok("PutItem", R"({"TableName": "marks", "Item": {"student_id": {"S": "s2"}, "subject": {"S": "math"},
      "score": {"N": "70"}}})");
  json::object out = Ok("UpdateTable", R"({"TableName": "marks", "AttributeDefinitions": [
      {"AttributeName": "term", "AttributeType": "S"}], "GlobalSecondaryIndexUpdates": [{"Create": {
      "IndexName": "by_term", "KeySchema": [{"AttributeName": "term", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "ALL"}}}]})");
  EXPECT_EQ(out["TableDescription"].at("GlobalSecondaryIndexes").at(0).at("IndexStatus").as_string(),
            "CREATING");
  std::string status;
  for (int i = 0; i < 500 && status != "ACTIVE"; ++i) {
    json::array gsis = Describe("marks")["GlobalSecondaryIndexes"].as_array();
    status = std::string(gsis[0].at("IndexStatus").as_string());
    if (status != "ACTIVE") std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(status, "ACTIVE");
  out = Ok("Query", R"({"TableName": "marks", "IndexName": "by_term", "KeyConditionExpression": "term = :t",
      "ExpressionAttributeValues": {":t": {"S": "T1"}}})");
  ASSERT_EQ(out["Items"].as_array().size(), 1u);
  EXPECT_EQ(out["Items"].as_array()[0].at("student_id").at("S").as_string(), "s1");
  Ok("UpdateTable",
     R"({"TableName": "marks", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "by_term"}}]})");
  for (int i = 0; i < 500 && Describe("marks").contains("GlobalSecondaryIndexes"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(Describe("marks").contains("GlobalSecondaryIndexes"));
  EXPECT_EQ(Describe("marks")["AttributeDefinitions"].as_array().size(), 3u);
  EXPECT_EQ(
      ErrMessage("Query",
                 R"({"TableName": "marks", "IndexName": "by_term", "KeyConditionExpression": "term = :t",
      "ExpressionAttributeValues": {":t": {"S": "T1"}}})"),
      "The table does not have the specified index: by_term");
}

TEST_F(IndexMaintenanceTest, CreateTableValidations) {
  EXPECT_EQ(ErrMessage("CreateTable",
                       R"({"TableName": "tab1", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "b", "AttributeType": "S"}],
      "LocalSecondaryIndexes": [{"IndexName": "ls1", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
        {"AttributeName": "b", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}],
      "BillingMode": "PAY_PER_REQUEST"})"),
            "One or more parameter values were invalid: Table KeySchema does not have a range key, which is "
            "required "
            "when specifying a LocalSecondaryIndex");
  EXPECT_EQ(ErrMessage("CreateTable",
                       R"({"TableName": "tab1", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "b", "AttributeType": "S"},
        {"AttributeName": "c", "AttributeType": "S"}],
      "GlobalSecondaryIndexes": [{"IndexName": "gs1", "KeySchema": [{"AttributeName": "b", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}], "BillingMode": "PAY_PER_REQUEST"})"),
            "One or more parameter values were invalid: Some AttributeDefinitions are not used. "
            "AttributeDefinitions: "
            "[a, b, c], keys used: [a, b]");
  EXPECT_EQ(ErrMessage("CreateTable",
                       R"({"TableName": "tab1", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "b", "AttributeType": "S"}],
      "GlobalSecondaryIndexes": [{"IndexName": "gs1", "KeySchema": [{"AttributeName": "b", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}, {"IndexName": "gs1", "KeySchema": [{"AttributeName": "b",
        "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}], "BillingMode": "PAY_PER_REQUEST"})"),
            "One or more parameter values were invalid: Duplicate index name: gs1");
}

}  // namespace
}  // namespace tarn::dynamodb

namespace tarn::dynamodb {
namespace {

// Transactions and TTL deletions stage through StageItemWrite too, so they keep index entries.
TEST_F(IndexMaintenanceTest, TransactionsAndTtlDeletionsMaintainEntries) {
  PutStudent("s1", "5", "zed");
  Ok("TransactWriteItems", R"({"TransactItems": [
      {"Put": {"TableName": "student", "Item": {"id": {"S": "s2"}, "standard": {"N": "5"}, "name": {"S": "amy"}}}},
      {"Update": {"TableName": "student", "Key": {"id": {"S": "s1"}}, "UpdateExpression": "SET standard = :n",
                  "ExpressionAttributeValues": {":n": {"N": "7"}}}}]})");
  EXPECT_EQ(Standard("5"), (std::vector<std::string>{"s2"}));
  EXPECT_EQ(Standard("7"), (std::vector<std::string>{"s1"}));
  Ok("TransactWriteItems",
     R"({"TransactItems": [{"Delete": {"TableName": "student", "Key": {"id": {"S": "s2"}}}}]})");
  EXPECT_TRUE(Standard("5").empty());

  Ok("UpdateTimeToLive",
     R"({"TableName": "student", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})");
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  Ok("UpdateItem",
     R"({"TableName": "student", "Key": {"id": {"S": "s1"}}, "UpdateExpression": "SET expires = :e",
      "ExpressionAttributeValues": {":e": {"N": ")" +
         std::to_string(now - 1) + R"("}}})");
  auto deleted = service_->DeleteExpiredItems();
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1u);
  EXPECT_TRUE(Standard("7").empty());
}

}  // namespace
}  // namespace tarn::dynamodb
