// ParseRequestExpressions: every expression of a request parsed and resolved together, the unused
// placeholder errors, the maps without expressions, legacy parameters, and malformed maps.
#include "dynamodb/request_expressions.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::dynamodb {
namespace {

core::Result<RequestExpressions> Parse(std::string_view json_text) {
  return ParseRequestExpressions(boost::json::parse(json_text).as_object());
}

void ExpectError(std::string_view json_text, std::string_view code, std::string_view message) {
  auto r = Parse(json_text);
  ASSERT_FALSE(r.ok()) << json_text;
  EXPECT_EQ(r.error().code, code) << json_text;
  EXPECT_EQ(r.error().message, message) << json_text;
}

TEST(RequestExpressionsTest, ParsesAndResolvesEveryExpression) {
  auto r = Parse(R"({"UpdateExpression": "SET #a = :v", "ConditionExpression": "attribute_exists(#a) ",
                     "ProjectionExpression": "#a, b",
                     "ExpressionAttributeNames": {"#a": "name"},
                     "ExpressionAttributeValues": {":v": {"N": "01"}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->update.has_value());
  ASSERT_TRUE(r->condition.has_value());
  ASSERT_TRUE(r->projection.has_value());
  EXPECT_FALSE(r->filter.has_value());
  EXPECT_EQ(r->update->set[0].path.elements[0].name, "name");
  EXPECT_EQ(r->projection->paths.size(), 2u);
  EXPECT_EQ(r->values.at(":v"), AttributeValue::N(*Number::Parse("1")));
}

TEST(RequestExpressionsTest, NoExpressionsIsEmpty) {
  auto r = Parse(R"({"TableName": "t"})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->condition || r->update || r->projection || r->filter || r->key_condition);
}

TEST(RequestExpressionsTest, UnusedPlaceholders) {
  ExpectError(
      R"({"ConditionExpression": "a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"S": "y"}}})",
      "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  ExpectError(R"({"ConditionExpression": "a = :v", "ExpressionAttributeNames": {"#n": "x"},
                  "ExpressionAttributeValues": {":v": {"S": "x"}}})",
              "ValidationException",
              "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}");
}

TEST(RequestExpressionsTest, PlaceholderUsedInAnyExpressionCounts) {
  auto r = Parse(R"({"KeyConditionExpression": "k = :k", "FilterExpression": "#f > :m",
                     "ExpressionAttributeNames": {"#f": "f"},
                     "ExpressionAttributeValues": {":k": {"S": "x"}, ":m": {"N": "1"}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->key_condition.has_value());
  EXPECT_TRUE(r->filter.has_value());
}

TEST(RequestExpressionsTest, MapsWithoutExpressions) {
  ExpectError(R"({"ExpressionAttributeNames": {"#n": "x"}})", "ValidationException",
              "ExpressionAttributeNames can only be specified when using expressions");
  ExpectError(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}})", "ValidationException",
              "ExpressionAttributeValues can only be specified when using expressions");
}

TEST(RequestExpressionsTest, MalformedInput) {
  // A bad value names its placeholder, except an empty set (as DynamoDB words them).
  ExpectError(
      R"({"ConditionExpression": "a = :v", "ExpressionAttributeValues": {":v": {}}})", "ValidationException",
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain "
      "exactly one of the supported datatypes for key :v");
  ExpectError(
      R"({"ConditionExpression": "a = :w", "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"N": "NaN"}}})",
      "ValidationException",
      "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric "
      "value: NaN for key :w");
  ExpectError(
      R"({"UpdateExpression": "ADD s :e", "ExpressionAttributeValues": {":e": {"SS": []}}})",
      "ValidationException",
      "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An "
      "string set  may not be empty");
  ExpectError(R"({"UpdateExpression": "ADD s :e", "ExpressionAttributeValues": {":e": {"BS": []}}})",
              "ValidationException",
              "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
              "Binary sets should not be empty");
  // A value of the wrong JSON type is still a SerializationException, unwrapped.
  auto serialization =
      Parse(R"({"ConditionExpression": "a = :v", "ExpressionAttributeValues": {":v": {"S": 5}}})");
  ASSERT_FALSE(serialization.ok());
  EXPECT_EQ(serialization.error().code, "SerializationException");
  ExpectError(R"({"ConditionExpression": "a = ", "ExpressionAttributeNames": {}})", "ValidationException",
              "ExpressionAttributeNames must not be empty");
  auto r = Parse(R"({"ConditionExpression": "#a = :v", "ExpressionAttributeNames": {"#a": 5},
                     "ExpressionAttributeValues": {":v": {"S": "x"}}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "SerializationException");
  r = Parse(R"({"ConditionExpression": "a = = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}})");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().message.starts_with("Invalid ConditionExpression: Syntax error;"))
      << r.error().message;
  r = Parse(R"({"ConditionExpression": "a = :missing"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
            "attribute value: :missing");
}

TEST(RequestExpressionsTest, LegacyParameters) {
  ExpectError(R"({"AttributesToGet": ["a"], "ProjectionExpression": "b"})", "ValidationException",
              "Can not use both expression and non-expression parameters in the same request: Non-expression "
              "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
  auto r = Parse(R"({"AttributesToGet": ["a", "b"]})");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->projection.has_value());
  EXPECT_EQ(r->projection->paths.size(), 2u);
  EXPECT_EQ(r->projection->paths[1].elements[0].name, "b");
  r = Parse(R"({"Expected": {"a": {"Exists": false}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->condition.has_value());
  EXPECT_EQ(expr::ToString(*r->condition), "attribute_not_exists(a)");
}

TEST(RequestExpressionsTest, ConsumedCapacityShapes) {
  auto none = boost::json::parse(R"({"ReturnConsumedCapacity": "NONE"})").as_object();
  EXPECT_FALSE(ConsumedCapacity(none, "t", 1, true).has_value());
  auto total = boost::json::parse(R"({"ReturnConsumedCapacity": "TOTAL"})").as_object();
  auto t = ConsumedCapacity(total, "t", 1.5, false);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(boost::json::serialize(*t), R"({"TableName":"t","CapacityUnits":1.5E0})");
  auto indexes = boost::json::parse(R"({"ReturnConsumedCapacity": "INDEXES"})").as_object();
  auto i = ConsumedCapacity(indexes, "t", 2, true);
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(boost::json::serialize(i->at("Table")), R"({"CapacityUnits":2E0})");
  i = ConsumedCapacity(indexes, "t", 2, true, /*split=*/true);  // a transaction's
  EXPECT_EQ(boost::json::serialize(i->at("Table")), R"({"CapacityUnits":2E0,"WriteCapacityUnits":2E0})");
}

}  // namespace
}  // namespace tarn::dynamodb
