// TransactWriteItems / TransactGetItems and the TTL sweep, through the Service handlers (no HTTP):
// cancellation reasons in item order with nothing applied, cross-table success, request validation,
// idempotent retries, racing transactions, and which items the sweeper deletes.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;
using test_util::DynamoDbServiceTest;

class TransactTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    clock_.Set(core::TimePoint(std::chrono::seconds(1'800'000'000)));
    DynamoDbServiceTest::SetUp();
    for (const char* name : {"student", "marks"})
      Ok("CreateTable", std::string(R"({"TableName": ")") + name +
                            R"(", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
          "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})");
  }
  json::value Get(std::string_view table, std::string_view id) {
    json::object out = Ok("GetItem", std::string(R"({"TableName": ")") + std::string(table) +
                                         R"(", "Key": {"id": {"S": ")" + std::string(id) + R"("}}})");
    return out.contains("Item") ? out["Item"] : json::value();
  }
};

TEST_F(TransactTest, CancelsWithReasonsInItemOrderAndAppliesNothing) {
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "s1"}, "n": {"N": "1"}}})");
  auto e = Err("TransactWriteItems", R"({"TransactItems": [
      {"Put": {"TableName": "marks", "Item": {"id": {"S": "m1"}}}},
      {"Update": {"TableName": "student", "Key": {"id": {"S": "s1"}}, "UpdateExpression": "SET n = :two",
                  "ConditionExpression": "n = :zero", "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                  "ExpressionAttributeValues": {":two": {"N": "2"}, ":zero": {"N": "0"}}}},
      {"Delete": {"TableName": "student", "Key": {"id": {"S": "s2"}}, "ConditionExpression": "attribute_exists(id) "}}]})");
  EXPECT_EQ(e.code, "TransactionCanceledException");
  EXPECT_EQ(e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ConditionalCheckFailed, ConditionalCheckFailed]");
  EXPECT_EQ(json::serialize(e.extra.at("CancellationReasons")),
            R"([{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed",)"
            R"("Item":{"id":{"S":"s1"},"n":{"N":"1"}}},)"
            R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}])");
  EXPECT_TRUE(Get("marks", "m1").is_null());
  EXPECT_EQ(json::serialize(Get("student", "s1")), R"({"id":{"S":"s1"},"n":{"N":"1"}})");
}

TEST_F(TransactTest, AppliesEveryActionAcrossTables) {
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "s1"}, "n": {"N": "1"}}})");
  Ok("PutItem", R"({"TableName": "marks", "Item": {"id": {"S": "gone"}}})");
  json::object out = Ok("TransactWriteItems", R"({"ReturnConsumedCapacity": "TOTAL", "TransactItems": [
      {"Put": {"TableName": "marks", "Item": {"id": {"S": "m1"}, "score": {"N": "90"}},
               "ConditionExpression": "attribute_not_exists(id) "}},
      {"Update": {"TableName": "student", "Key": {"id": {"S": "s1"}}, "UpdateExpression": "ADD n :one",
                  "ExpressionAttributeValues": {":one": {"N": "1"}}}},
      {"Delete": {"TableName": "marks", "Key": {"id": {"S": "gone"}}}},
      {"ConditionCheck": {"TableName": "student", "Key": {"id": {"S": "s9"}},
                          "ConditionExpression": "attribute_not_exists(id) "}}]})");
  EXPECT_EQ(json::serialize(Get("marks", "m1")), R"({"id":{"S":"m1"},"score":{"N":"90"}})");
  EXPECT_EQ(json::serialize(Get("student", "s1")), R"({"id":{"S":"s1"},"n":{"N":"2"}})");
  EXPECT_TRUE(Get("marks", "gone").is_null());
  EXPECT_TRUE(Get("student", "s9").is_null());
  ASSERT_TRUE(out.contains("ConsumedCapacity"));
  EXPECT_EQ(out["ConsumedCapacity"].as_array().size(), 2u);
  EXPECT_EQ(out["ConsumedCapacity"].as_array()[0].at("TableName"), "marks");
}

TEST_F(TransactTest, ValidationErrors) {
  auto dup = Err("TransactWriteItems", R"({"TransactItems": [
      {"Put": {"TableName": "student", "Item": {"id": {"S": "a"}}}},
      {"ConditionCheck": {"TableName": "student", "Key": {"id": {"S": "a"}}, "ConditionExpression": "attribute_exists(id) "}}]})");
  EXPECT_EQ(dup.code, "ValidationException");
  EXPECT_EQ(dup.message, "Transaction request cannot include multiple operations on one item");
  // The same key in two tables is two items.
  Ok("TransactWriteItems",
     R"({"TransactItems": [{"Put": {"TableName": "student", "Item": {"id": {"S": "a"}}}},
      {"Put": {"TableName": "marks", "Item": {"id": {"S": "a"}}}}]})");
  auto missing =
      Err("TransactWriteItems",
          R"({"TransactItems": [{"Delete": {"TableName": "student", "Key": {"name": {"S": "a"}}}}]})");
  EXPECT_EQ(missing.code, "ValidationException");
  EXPECT_EQ(missing.message, "The provided key element does not match the schema");
  EXPECT_EQ(Err("TransactWriteItems", R"({"TransactItems": []})").code, "ValidationException");
  EXPECT_EQ(Err("TransactWriteItems", R"({"TransactItems": [{}]})").message,
            "TransactItems can only contain one of Check, Put, Update or Delete");
  EXPECT_EQ(Err("TransactWriteItems",
                R"({"TransactItems": [{"Put": {"TableName": "nope", "Item": {"id": {"S": "a"}}}}]})")
                .code,
            "ResourceNotFoundException");
  auto key_update = Err("TransactWriteItems", R"({"TransactItems": [{"Update": {"TableName": "student",
      "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET id = :v", "ExpressionAttributeValues": {":v": {"S": "b"}}}}]})");
  EXPECT_EQ(
      key_update.message,
      "One or more parameter values were invalid: Cannot update attribute id. This attribute is part of "
      "the key");
  std::string many = R"({"TransactItems": [)";
  for (int i = 0; i < 101; ++i)
    many += std::string(i ? "," : "") + R"({"Put": {"TableName": "student", "Item": {"id": {"S": "k)" +
            std::to_string(i) + R"("}}}})";
  EXPECT_EQ(Err("TransactWriteItems", many + "]}").code, "ValidationException");
  EXPECT_TRUE(Get("student", "k0").is_null());
}

TEST_F(TransactTest, RuntimeErrorIsAValidationErrorReason) {
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "s1"}, "title": {"S": "x"}}})");
  auto e = Err("TransactWriteItems", R"({"TransactItems": [
      {"Put": {"TableName": "marks", "Item": {"id": {"S": "m1"}}}},
      {"Update": {"TableName": "student", "Key": {"id": {"S": "s1"}}, "UpdateExpression": "SET title = title + :one",
                  "ExpressionAttributeValues": {":one": {"N": "1"}}}}]})");
  EXPECT_EQ(e.code, "TransactionCanceledException");
  const auto& reasons = e.extra.at("CancellationReasons").as_array();
  EXPECT_EQ(reasons[0].at("Code"), "None");
  EXPECT_EQ(reasons[1].at("Code"), "ValidationError");
  EXPECT_TRUE(Get("marks", "m1").is_null());
}

TEST_F(TransactTest, ClientRequestTokenMakesRetriesIdempotent) {
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "c"}, "n": {"N": "0"}}})");
  std::string request =
      R"({"ClientRequestToken": "tok-1", "TransactItems": [{"Update": {"TableName": "student",
      "Key": {"id": {"S": "c"}}, "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}]})";
  Ok("TransactWriteItems", request);
  Ok("TransactWriteItems", request);
  EXPECT_EQ(json::serialize(Get("student", "c")), R"({"id":{"S":"c"},"n":{"N":"1"}})");
  auto mismatch = Err("TransactWriteItems", R"({"ClientRequestToken": "tok-1", "TransactItems": [{"Delete":
      {"TableName": "student", "Key": {"id": {"S": "c"}}}}]})");
  EXPECT_EQ(mismatch.code, "IdempotentParameterMismatchException");
  // After 10 minutes the token is new again.
  clock_.Advance(std::chrono::minutes(10));
  Ok("TransactWriteItems", request);
  EXPECT_EQ(json::serialize(Get("student", "c")), R"({"id":{"S":"c"},"n":{"N":"2"}})");
}

TEST_F(TransactTest, OfRacingTransactionsOnOneItemExactlyOneSucceeds) {
  for (int round = 0; round < 20; ++round) {
    std::string id = "race" + std::to_string(round);
    std::atomic<int> ok{0}, cancelled{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        std::string by = std::to_string(t);
        auto r = Run("TransactWriteItems",
                     R"({"TransactItems": [{"Put": {"TableName": "student", "Item": {"id": {"S": ")" + id +
                         R"("}, "by": {"N": ")" + by +
                         R"("}}, "ConditionExpression": "attribute_not_exists(id) "}},
                         {"Put": {"TableName": "marks", "Item": {"id": {"S": ")" +
                         id + "-" + by + R"("}}}}]})");
        if (r.ok()) {
          ++ok;
        } else if (r.error().code == "TransactionCanceledException") {
          ++cancelled;
        }
      });
    for (auto& t : threads) t.join();
    ASSERT_EQ(ok.load(), 1);
    ASSERT_EQ(cancelled.load(), 3);
    int marks = 0;
    for (int t = 0; t < 4; ++t) marks += !Get("marks", id + "-" + std::to_string(t)).is_null();
    ASSERT_EQ(marks, 1);
  }
}

TEST_F(TransactTest, TransactGetItemsReadsWithProjection) {
  Ok("PutItem",
     R"({"TableName": "student", "Item": {"id": {"S": "s1"}, "name": {"S": "Ada"}, "n": {"N": "7"}}})");
  json::object out = Ok("TransactGetItems", R"({"TransactItems": [
      {"Get": {"TableName": "student", "Key": {"id": {"S": "s1"}}, "ProjectionExpression": "#n",
               "ExpressionAttributeNames": {"#n": "name"}}},
      {"Get": {"TableName": "marks", "Key": {"id": {"S": "none"}}}}]})");
  EXPECT_EQ(json::serialize(out["Responses"]), R"([{"Item":{"name":{"S":"Ada"}}},{}])");
  EXPECT_EQ(Err("TransactGetItems",
                R"({"TransactItems": [{"Get": {"TableName": "student", "Key": {"id": {"S": "a"}}}},
      {"Get": {"TableName": "student", "Key": {"id": {"S": "a"}}}}]})")
                .message,
            "Transaction request cannot include multiple operations on one item");
}

TEST_F(TransactTest, TimeToLiveSettingsAndSweep) {
  EXPECT_EQ(json::serialize(Ok("DescribeTimeToLive", R"({"TableName": "student"})")),
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  EXPECT_EQ(Err("UpdateTimeToLive", R"({"TableName": "student", "TimeToLiveSpecification": {"Enabled": false,
      "AttributeName": "exp"}})")
                .message,
            "TimeToLive is already disabled");
  EXPECT_EQ(
      json::serialize(Ok(
          "UpdateTimeToLive",
          R"({"TableName": "student", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "exp"}})")),
      R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  EXPECT_EQ(Err("UpdateTimeToLive", R"({"TableName": "student", "TimeToLiveSpecification": {"Enabled": true,
      "AttributeName": "other"}})")
                .message,
            "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  EXPECT_EQ(json::serialize(Ok("DescribeTimeToLive", R"({"TableName": "student"})")),
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"exp"}})");

  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "past"}, "exp": {"N": "1799999990"}}})");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "future"}, "exp": {"N": "1800000100"}}})");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "text"}, "exp": {"S": "1"}}})");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "none"}}})");
  Ok("PutItem", R"({"TableName": "marks", "Item": {"id": {"S": "other-table"}, "exp": {"N": "1"}}})");
  auto swept = service_->DeleteExpiredItems();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1u);
  EXPECT_TRUE(Get("student", "past").is_null());
  EXPECT_FALSE(Get("student", "future").is_null());
  EXPECT_FALSE(Get("student", "text").is_null());
  EXPECT_FALSE(Get("student", "none").is_null());
  EXPECT_FALSE(Get("marks", "other-table").is_null());
  clock_.Advance(std::chrono::seconds(100));
  EXPECT_EQ(*service_->DeleteExpiredItems(), 1u);
  EXPECT_TRUE(Get("student", "future").is_null());
  // Disabled: nothing more is deleted.
  Ok("UpdateTimeToLive",
     R"({"TableName": "student", "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "exp"}})");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "late"}, "exp": {"N": "1800000000"}}})");
  EXPECT_EQ(*service_->DeleteExpiredItems(), 0u);
}

}  // namespace
}  // namespace tarn::dynamodb
