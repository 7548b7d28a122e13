// ExecuteStatement and BatchExecuteStatement called directly (no HTTP) on a Service over a temp
// database: translation into the native handlers, NextToken paging, error mapping, the PartiQL IAM
// actions, and ExecuteTransaction's native request.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;
using test_util::DynamoDbServiceTest;

class PartiqlOpsTest : public DynamoDbServiceTest {
 protected:
  void SetUp() override {
    DynamoDbServiceTest::SetUp();
    Ok("CreateTable", R"({"TableName": "student", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})");
    Ok("CreateTable",
       R"({"TableName": "marks", "KeySchema": [{"AttributeName": "student_id", "KeyType": "HASH"},
        {"AttributeName": "subject", "KeyType": "RANGE"}], "AttributeDefinitions": [{"AttributeName": "student_id",
        "AttributeType": "S"}, {"AttributeName": "subject", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})");
  }
  json::object Statement(std::string_view statement, json::object extra = {}) {
    extra["Statement"] = statement;
    auto r = Run("ExecuteStatement", extra);
    EXPECT_TRUE(r.ok()) << statement << ": " << r.error().code << ": " << r.error().message;
    return r.ok() ? r->json : json::object();
  }
  core::AwsError StatementError(std::string_view statement, json::object extra = {}) {
    extra["Statement"] = statement;
    auto r = Run("ExecuteStatement", extra);
    EXPECT_FALSE(r.ok()) << statement;
    return r.ok() ? core::AwsError() : r.error();
  }
};

TEST_F(PartiqlOpsTest, RoundTrip) {
  json::object out = Statement("INSERT INTO student VALUE {'id': 'a', 'n': 1}");
  EXPECT_EQ(json::serialize(out["Items"]), "[]");
  out = Statement("SELECT * FROM student WHERE id = 'a'");
  EXPECT_EQ(json::serialize(out["Items"]), R"([{"id":{"S":"a"},"n":{"N":"1"}}])");
  out = Statement("UPDATE student SET n = n + 1 WHERE id = 'a' RETURNING MODIFIED NEW *");
  EXPECT_EQ(json::serialize(out["Items"]), R"([{"n":{"N":"2"}}])");
  out = Statement("DELETE FROM student WHERE id = 'a' RETURNING ALL OLD *");
  EXPECT_EQ(json::serialize(out["Items"]), R"([{"id":{"S":"a"},"n":{"N":"2"}}])");
  EXPECT_EQ(json::serialize(Statement("SELECT * FROM student WHERE id = 'a'")["Items"]), "[]");
}

TEST_F(PartiqlOpsTest, Errors) {
  Statement("INSERT INTO student VALUE {'id': 'a', 'n': 1}");
  core::AwsError dup = StatementError("INSERT INTO student VALUE {'id': 'a'}");
  EXPECT_EQ(dup.code, "DuplicateItemException");
  EXPECT_EQ(dup.message, "Duplicate primary key exists in table");
  EXPECT_EQ(StatementError("UPDATE student SET n = 5 WHERE id = 'zz'").code,
            "ConditionalCheckFailedException");
  core::AwsError failed = StatementError("DELETE FROM student WHERE id = 'a' AND n > 4",
                                         json::object{{"ReturnValuesOnConditionCheckFailure", "ALL_OLD"}});
  EXPECT_EQ(failed.code, "ConditionalCheckFailedException");
  EXPECT_EQ(json::serialize(failed.extra["Item"]), R"({"id":{"S":"a"},"n":{"N":"1"}})");
  EXPECT_EQ(StatementError("SELECT * FROM nosuch").code, "ResourceNotFoundException");
  EXPECT_EQ(StatementError("SELEC * FROM student").message,
            "Statement wasn't well formed, can't be processed: Expected data manipulation");
  EXPECT_EQ(StatementError("SELECT * FROM student WHERE id = ?", json::object{{"Parameters", json::array()}})
                .message,
            "Number of parameters in request and statement don't match.");
}

TEST_F(PartiqlOpsTest, ScanPagesWithNextToken) {
  for (int i = 0; i < 5; ++i)
    Statement("INSERT INTO student VALUE {'id': ?}",
              json::object{{"Parameters", json::array{json::object{{"S", "s" + std::to_string(i)}}}}});
  std::vector<std::string> seen;
  json::object extra{{"Limit", 2}};
  for (int page = 0; page < 10; ++page) {
    json::object out = Statement("SELECT id FROM student", extra);
    for (const auto& item : out["Items"].as_array()) seen.emplace_back(item.at("id").at("S").as_string());
    if (!out.contains("NextToken")) break;
    extra["NextToken"] = out["NextToken"];
  }
  EXPECT_EQ(seen.size(), 5u);
  core::AwsError other = StatementError("SELECT * FROM student", extra);
  EXPECT_EQ(other.code, "ValidationException");
  EXPECT_EQ(StatementError("SELECT id FROM student", json::object{{"NextToken", "not base64!"}}).code,
            "ValidationException");
}

TEST_F(PartiqlOpsTest, QueryOrder) {
  for (const char* s : {"b", "c", "a"})
    Statement(std::string("INSERT INTO marks VALUE {'student_id': 'x', 'subject': '") + s + "'}");
  json::object out = Statement("SELECT subject FROM marks WHERE student_id = 'x' ORDER BY subject DESC");
  EXPECT_EQ(json::serialize(out["Items"]),
            R"([{"subject":{"S":"c"}},{"subject":{"S":"b"}},{"subject":{"S":"a"}}])");
}

TEST_F(PartiqlOpsTest, BatchExecuteStatement) {
  Statement("INSERT INTO student VALUE {'id': 'a'}");
  json::object out = Ok("BatchExecuteStatement", R"({"Statements": [
      {"Statement": "INSERT INTO student VALUE {'id': 'b'}"},
      {"Statement": "INSERT INTO student VALUE {'id': 'a'}"},
      {"Statement": "UPDATE student SET x = 1 WHERE id = 'nope'"},
      {"Statement": "DELETE FROM nosuch WHERE id = 'a'"},
      {"Statement": "INSERT INTO"}]})");
  const json::array& r = out["Responses"].as_array();
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(json::serialize(r[0]), R"({"TableName":"student"})");
  EXPECT_EQ(r[1].at("Error").at("Code"), "DuplicateItem");
  EXPECT_EQ(r[2].at("Error").at("Code"), "ConditionalCheckFailed");
  EXPECT_EQ(r[3].at("Error").at("Code"), "ResourceNotFound");
  EXPECT_EQ(r[4].at("Error").at("Code"), "ValidationError");

  out = Ok("BatchExecuteStatement", R"({"Statements": [{"Statement": "SELECT * FROM student WHERE id = 'b'"},
      {"Statement": "SELECT * FROM student WHERE id = 'zz'"}, {"Statement": "SELECT * FROM student"}]})");
  const json::array& reads = out["Responses"].as_array();
  EXPECT_EQ(json::serialize(reads[0]), R"({"TableName":"student","Item":{"id":{"S":"b"}}})");
  EXPECT_EQ(json::serialize(reads[1]), R"({"TableName":"student"})");
  EXPECT_EQ(reads[2].at("Error").at("Code"), "ValidationError");

  auto mixed = Run("BatchExecuteStatement", json::parse(R"({"Statements": [
      {"Statement": "SELECT * FROM student WHERE id = 'b'"}, {"Statement": "DELETE FROM student WHERE id = 'b'"}]})")
                                                .as_object());
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().message, "Read and write requests together in the same batch is not supported.");
  EXPECT_EQ(Statement("SELECT * FROM student WHERE id = 'b'")["Items"].as_array().size(), 1u);
}

using Required = std::pair<std::string, std::string>;

TEST_F(PartiqlOpsTest, IamActionsPerStatement) {
  const net::Operation* op = registry_.Find("dynamodb", "BatchExecuteStatement");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->iam_action, "");
  json::object in =
      json::parse(R"({"Statements": [{"Statement": "SELECT * FROM \"student\".\"idx\" WHERE a = 1"},
      {"Statement": "INSERT INTO marks VALUE {'a': 1}"}, {"Statement": "UPDATE t SET a = 1 WHERE k = 1"},
      {"Statement": "DELETE FROM t WHERE k = 1"}, {"Statement": "garbage"}]})")
          .as_object();
  net::RequestContext context;
  context.operation = "BatchExecuteStatement";
  auto extras = op->extras(net::Call{context, in});
  const std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/";
  ASSERT_EQ(extras.also_required.size(), 4u);
  EXPECT_EQ(extras.also_required[0], Required("dynamodb:PartiQLSelect", arn + "student/index/idx"));
  EXPECT_EQ(extras.also_required[1], Required("dynamodb:PartiQLInsert", arn + "marks"));
  EXPECT_EQ(extras.also_required[2], Required("dynamodb:PartiQLUpdate", arn + "t"));
  EXPECT_EQ(extras.also_required[3], Required("dynamodb:PartiQLDelete", arn + "t"));
}

TEST_F(PartiqlOpsTest, ExecuteTransactionRequest) {
  json::object in = json::parse(R"json({"ClientRequestToken": "tok", "TransactStatements": [
      {"Statement": "INSERT INTO student VALUE {'id': ?}", "Parameters": [{"S": "q"}]},
      {"Statement": "EXISTS(SELECT * FROM marks WHERE student_id = 'q' AND subject = 'art' AND mark > 1)"}]})json")
                        .as_object();
  net::RequestContext context;
  auto r = service_->ExecuteTransactionRequest(net::Call{context, in});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->first, "TransactWriteItems");
  EXPECT_EQ(r->second.at("ClientRequestToken"), "tok");
  EXPECT_EQ(json::serialize(r->second.at("TransactItems").at(0).at("Put").at("Item")), R"({"id":{"S":"q"}})");
  EXPECT_TRUE(r->second.at("TransactItems").at(1).as_object().contains("ConditionCheck"));
  json::object missing =
      json::parse(R"({"TransactStatements": [{"Statement": "SELECT * FROM nosuch WHERE a = 1"}]})")
          .as_object();
  EXPECT_EQ(service_->ExecuteTransactionRequest(net::Call{context, missing}).error().code,
            "ResourceNotFoundException");
  // EXISTS checks something beyond the key (paritysuite's partiqlFunctions, AWS, October 2026).
  json::object bare = json::parse(R"json({"TransactStatements": [
      {"Statement": "EXISTS(SELECT * FROM marks WHERE student_id = 'q' AND subject = 'art')"}]})json")
                          .as_object();
  EXPECT_EQ(
      service_->ExecuteTransactionRequest(net::Call{context, bare}).error().message,
      "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional "
      "condition");
}

}  // namespace
}  // namespace tarn::dynamodb
