// Service handlers called directly (no HTTP): tables, items with conditions and ReturnValues, Query
// ranges over S and N sort keys, pagination, scan segments, batches, and the conditional-put race.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <thread>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;
using test_util::DynamoDbServiceTest;

class ServiceTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    DynamoDbServiceTest::SetUp();
    Ok("CreateTable", R"({"TableName": "student", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})");
    Ok("CreateTable", R"({"TableName": "nums", "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
        {"AttributeName": "n", "KeyType": "RANGE"}], "AttributeDefinitions": [{"AttributeName": "p",
        "AttributeType": "S"}, {"AttributeName": "n", "AttributeType": "N"}], "BillingMode": "PAY_PER_REQUEST"})");
  }
  std::vector<std::string> QueryNums(std::string_view condition, std::string_view values,
                                     bool forward = true) {
    std::string in = std::string(R"({"TableName": "nums", "KeyConditionExpression": "p = :p AND )") +
                     std::string(condition) + R"(", "ExpressionAttributeValues": {":p": {"S": "x"})" +
                     std::string(values) + "}, \"ScanIndexForward\": " + (forward ? "true" : "false") + "}";
    std::vector<std::string> out;
    json::object result = Ok("Query", in);
    for (const auto& item : result["Items"].as_array()) out.emplace_back(item.at("n").at("N").as_string());
    return out;
  }

  // The IAM condition keys the operation reports for this request.
  std::map<std::string, std::vector<std::string>> Keys(std::string_view operation, std::string_view input) {
    json::object in = json::parse(input).as_object();
    net::RequestContext context;
    context.operation = std::string(operation);
    const net::Operation* op = registry_.Find("dynamodb", operation);
    EXPECT_TRUE(op && op->extras) << operation;
    std::map<std::string, std::vector<std::string>> out;
    if (op && op->extras)
      for (auto& [k, v] : op->extras(net::Call{context, in}).condition_keys) out[k] = v;
    return out;
  }
};

TEST_F(ServiceTest, DescribeListDeleteTables) {
  auto c = Ok("CreateTable", R"({"TableName": "tb3", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "B"}], "BillingMode": "PAY_PER_REQUEST"})");
  EXPECT_EQ(c["TableDescription"].at("TableStatus").as_string(), "CREATING");
  EXPECT_EQ(Ok("DescribeTable", R"({"TableName": "tb3"})")["Table"].at("TableStatus").as_string(), "ACTIVE");
  Ok("DeleteTable", R"({"TableName": "tb3"})");
  auto d = Ok("DescribeTable", R"({"TableName": "nums"})");
  EXPECT_EQ(d["Table"].at("TableStatus").as_string(), "ACTIVE");
  EXPECT_EQ(d["Table"].at("KeySchema").as_array().size(), 2u);
  auto l = Ok("ListTables", R"({"Limit": 1})");
  EXPECT_EQ(json::serialize(l), R"({"TableNames":["nums"],"LastEvaluatedTableName":"nums"})");
  EXPECT_EQ(Err("CreateTable",
                R"({"TableName": "student", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})")
                .message,
            "Table already exists: student");
  EXPECT_EQ(
      Err("CreateTable", R"({"TableName": "tb2", "KeySchema": [{"AttributeName": "a", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})")
          .message,
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  Ok("DeleteTable", R"({"TableName": "nums"})");
  EXPECT_EQ(Err("DescribeTable", R"({"TableName": "nums"})").code, "ResourceNotFoundException");
}

TEST_F(ServiceTest, PutGetConditionsAndReturnValues) {
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}, "v": {"N": "1"}},
                    "ConditionExpression": "attribute_not_exists(id) "})");
  auto e = Err("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}},
                              "ConditionExpression": "attribute_not_exists(id) ",
                              "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})");
  EXPECT_EQ(e.code, "ConditionalCheckFailedException");
  EXPECT_EQ(json::serialize(e.extra["Item"]), R"({"id":{"S":"a"},"v":{"N":"1"}})");
  auto u =
      Ok("UpdateItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}}, "UpdateExpression": "ADD v :d",
                                "ExpressionAttributeValues": {":d": {"N": "2"}}, "ReturnValues": "UPDATED_OLD"})");
  EXPECT_EQ(json::serialize(u["Attributes"]), R"({"v":{"N":"1"}})");
  auto g = Ok("GetItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}}})");
  EXPECT_EQ(json::serialize(g["Item"]), R"({"id":{"S":"a"},"v":{"N":"3"}})");
  auto d =
      Ok("DeleteItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}}, "ReturnValues": "ALL_OLD"})");
  EXPECT_TRUE(d.contains("Attributes"));
  EXPECT_FALSE(Ok("GetItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}}})").contains("Item"));
  EXPECT_EQ(Err("GetItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}, "x": {"S": "b"}}})").message,
            "The provided key element does not match the schema");
  EXPECT_EQ(Err("UpdateItem",
                R"({"TableName": "student", "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET id = :v",
                                  "ExpressionAttributeValues": {":v": {"S": "b"}}})")
                .message,
            "One or more parameter values were invalid: Cannot update attribute id. This attribute is part "
            "of the key");
}

TEST_F(ServiceTest, QueryNumberSortKeyRanges) {
  for (const char* n : {"-10", "-2.5", "-1", "0", "0.5", "1", "3", "20", "100"})
    Ok("PutItem",
       std::string(R"({"TableName": "nums", "Item": {"p": {"S": "x"}, "n": {"N": ")") + n + "\"}}}");
  Ok("PutItem", R"({"TableName": "nums", "Item": {"p": {"S": "y"}, "n": {"N": "1"}}})");
  using V = std::vector<std::string>;
  EXPECT_EQ(QueryNums("n < :v", R"(, ":v": {"N": "0"})"), (V{"-10", "-2.5", "-1"}));
  EXPECT_EQ(QueryNums("n <= :v", R"(, ":v": {"N": "0"})"), (V{"-10", "-2.5", "-1", "0"}));
  EXPECT_EQ(QueryNums("n > :v", R"(, ":v": {"N": "3"})"), (V{"20", "100"}));
  EXPECT_EQ(QueryNums("n >= :v", R"(, ":v": {"N": "3"})"), (V{"3", "20", "100"}));
  EXPECT_EQ(QueryNums("n = :v", R"(, ":v": {"N": "1.0"})"), (V{"1"}));
  EXPECT_EQ(QueryNums("n BETWEEN :a AND :b", R"(, ":a": {"N": "-2.5"}, ":b": {"N": "1"})"),
            (V{"-2.5", "-1", "0", "0.5", "1"}));
  EXPECT_EQ(QueryNums("n BETWEEN :a AND :b", R"(, ":a": {"N": "-2.5"}, ":b": {"N": "1"})", false),
            (V{"1", "0.5", "0", "-1", "-2.5"}));
  auto e = Err("Query", R"({"TableName": "nums", "KeyConditionExpression": "p = :p AND n BETWEEN :a AND :b",
                            "ExpressionAttributeValues": {":p": {"S": "x"}, ":a": {"N": "5"}, ":b": {"N": "1"}}})");
  EXPECT_EQ(e.message,
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
            "equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
            "AttributeValue: {N:1}");
  // The legacy KeyConditions: that API's message (legacy_parameters.h).
  e = Err("Query", R"({"TableName": "nums", "KeyConditions": {
                        "p": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
                        "n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "5"}, {"N": "1"}]}}})");
  EXPECT_EQ(
      e.message,
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  e = Err("Query", R"({"TableName": "nums", "KeyConditionExpression": "p = :p AND begins_with(n, :a) ",
                       "ExpressionAttributeValues": {":p": {"S": "x"}, ":a": {"N": "5"}}})");
  EXPECT_EQ(e.code, "ValidationException");
}

TEST_F(ServiceTest, QueryBeginsWithAndPagination) {
  Ok("CreateTable", R"({"TableName": "strs", "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
        {"AttributeName": "s", "KeyType": "RANGE"}], "AttributeDefinitions": [{"AttributeName": "p",
        "AttributeType": "S"}, {"AttributeName": "s", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})");
  for (const char* s : {"a", "ab", "abc", "abd", "b", "aa"})
    Ok("PutItem",
       std::string(R"({"TableName": "strs", "Item": {"p": {"S": "x"}, "s": {"S": ")") + s + "\"}}}");
  auto r = Ok("Query", R"({"TableName": "strs", "KeyConditionExpression": "p = :p AND begins_with(s, :b) ",
                          "ExpressionAttributeValues": {":p": {"S": "x"}, ":b": {"S": "ab"}}})");
  EXPECT_EQ(r["Count"].as_int64(), 3);
  std::string start;
  std::vector<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    std::string in = R"({"TableName": "strs", "KeyConditionExpression": "p = :p", "Limit": 4,
                         "ExpressionAttributeValues": {":p": {"S": "x"}})" +
                     (start.empty() ? std::string() : ", \"ExclusiveStartKey\": " + start) + "}";
    auto p = Ok("Query", in);
    for (const auto& item : p["Items"].as_array()) seen.emplace_back(item.at("s").at("S").as_string());
    if (!p.contains("LastEvaluatedKey")) break;
    start = json::serialize(p["LastEvaluatedKey"]);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "aa", "ab", "abc", "abd", "b"}));
}

TEST_F(ServiceTest, ScanSegmentsPartitionTheTable) {
  for (int i = 0; i < 30; ++i)
    Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "k)" + std::to_string(i) + "\"}}}");
  int64_t total = 0;
  for (int s = 0; s < 3; ++s)
    total += Ok("Scan", R"({"TableName": "student", "TotalSegments": 3, "Segment": )" + std::to_string(s) +
                            "}")["Count"]
                 .as_int64();
  EXPECT_EQ(total, 30);
  EXPECT_EQ(Ok("Scan", R"({"TableName": "student", "Select": "COUNT"})")["Count"].as_int64(), 30);
  EXPECT_EQ(Err("Scan", R"({"TableName": "student", "Segment": 1})").code, "ValidationException");
}

TEST_F(ServiceTest, BatchLimitsAndDuplicates) {
  Ok("BatchWriteItem", R"({"RequestItems": {"student": [{"PutRequest": {"Item": {"id": {"S": "1"}}}},
                                                         {"PutRequest": {"Item": {"id": {"S": "2"}}}}]}})");
  auto g = Ok("BatchGetItem",
              R"({"RequestItems": {"student": {"Keys": [{"id": {"S": "1"}}, {"id": {"S": "3"}}]}}})");
  EXPECT_EQ(g["Responses"].at("student").as_array().size(), 1u);
  EXPECT_EQ(
      Err("BatchWriteItem", R"({"RequestItems": {"student": [{"PutRequest": {"Item": {"id": {"S": "1"}}}},
                                                        {"DeleteRequest": {"Key": {"id": {"S": "1"}}}}]}})")
          .message,
      "Provided list of item keys contains duplicates");
  EXPECT_EQ(Err("BatchGetItem",
                R"({"RequestItems": {"student": {"Keys": [{"id": {"S": "1"}}, {"id": {"S": "1"}}]}}})")
                .message,
            "Provided list of item keys contains duplicates");
}

TEST_F(ServiceTest, ConditionalPutRaceHasExactlyOneWinner) {
  for (int round = 0; round < 20; ++round) {
    std::atomic<int> wins{0}, failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        auto r = Run("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "race)" +
                                    std::to_string(round) + R"("}, "who": {"N": ")" + std::to_string(t) +
                                    R"("}}, "ConditionExpression": "attribute_not_exists(id) "})");
        if (r.ok())
          ++wins;
        else if (r.error().code == "ConditionalCheckFailedException")
          ++failures;
      });
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(failures.load(), 7);
  }
}

TEST_F(ServiceTest, ConditionKeysForIam) {
  using Keys_ = std::map<std::string, std::vector<std::string>>;
  EXPECT_EQ(
      Keys("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "s1"}}, "ReturnValues": "ALL_OLD"})"),
      (Keys_{{"dynamodb:LeadingKeys", {"s1"}}, {"dynamodb:ReturnValues", {"ALL_OLD"}}}));
  EXPECT_EQ(Keys("GetItem", R"({"TableName": "student", "Key": {"id": {"S": "s2"}}})"),
            (Keys_{{"dynamodb:LeadingKeys", {"s2"}}}));
  EXPECT_EQ(Keys("Query", R"({"TableName": "nums", "KeyConditionExpression": "#p = :p AND n > :n",
                              "ExpressionAttributeNames": {"#p": "p"},
                              "ExpressionAttributeValues": {":p": {"S": "x"}, ":n": {"N": "1"}},
                              "Select": "COUNT"})"),
            (Keys_{{"dynamodb:LeadingKeys", {"x"}}, {"dynamodb:Select", {"COUNT"}}}));
  EXPECT_EQ(Keys("Query", R"({"TableName": "nums", "KeyConditionExpression": "n > :n and :p = p",
                              "ExpressionAttributeValues": {":p": {"S": "y"}, ":n": {"N": "1"}}})"),
            (Keys_{{"dynamodb:LeadingKeys", {"y"}}}));
  EXPECT_EQ(Keys("Query", R"({"TableName": "nums", "KeyConditions": {"p": {"ComparisonOperator": "EQ",
                              "AttributeValueList": [{"S": "z"}]}}})"),
            (Keys_{{"dynamodb:LeadingKeys", {"z"}}}));
  // Unknown tables and malformed requests give no keys (the handler reports the error).
  EXPECT_EQ(Keys("GetItem", R"({"TableName": "missing", "Key": {"id": {"S": "s2"}}})"), Keys_{});
  EXPECT_EQ(Keys("Query", R"({"TableName": "nums", "KeyConditionExpression": "p = "})"), Keys_{});
}

}  // namespace
}  // namespace tarn::dynamodb
