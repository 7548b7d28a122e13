// TranslateLegacyParameters: every ComparisonOperator and Expected form rendered as the expression it
// becomes, the legacy semantics that differ from expressions (evaluated on items), AttributeUpdates
// actions applied, malformed input with DynamoDB's messages, and mixing with expressions through
// ParseRequestExpressions.
#include "dynamodb/legacy_parameters.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "dynamodb/request_expressions.h"

namespace tarn::dynamodb {
namespace {

core::Result<LegacyExpressions> Translate(std::string_view json_text) {
  return TranslateLegacyParameters(boost::json::parse(json_text).as_object());
}

void ExpectError(std::string_view json_text, std::string_view message) {
  auto r = Translate(json_text);
  ASSERT_FALSE(r.ok()) << json_text;
  EXPECT_EQ(r.error().code, "ValidationException") << json_text;
  EXPECT_EQ(r.error().message, message) << json_text;
}

Item ItemOf(std::string_view json_text) { return *ItemFromJson(boost::json::parse(json_text)); }

// Evaluates the translated Expected against item.
bool ExpectedHolds(std::string_view expected_json, std::string_view item_json) {
  auto r = Translate(std::string(R"({"Expected": )") + std::string(expected_json) + "}");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok() || !r->condition) return false;
  auto holds =
      expr::EvaluateCondition(*r->condition, ItemOf(item_json), r->values, expr::ExpressionKind::kCondition);
  EXPECT_TRUE(holds.ok()) << (holds.ok() ? "" : holds.error().message);
  return holds.ok() && *holds;
}

struct OperatorCase {
  std::string condition;  // one ScanFilter entry for attribute "a"
  std::string rendered;   // expr::ToString of the translation
};

TEST(LegacyParametersTest, TranslatesEveryOperator) {
  const OperatorCase cases[] = {
      {R"({"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]})", "(a = :legacy-0)"},
      {R"({"ComparisonOperator": "NE", "AttributeValueList": [{"S": "x"}]})", "(a <> :legacy-0)"},
      {R"({"ComparisonOperator": "LE", "AttributeValueList": [{"N": "1"}]})", "(a <= :legacy-0)"},
      {R"({"ComparisonOperator": "LT", "AttributeValueList": [{"N": "1"}]})", "(a < :legacy-0)"},
      {R"({"ComparisonOperator": "GE", "AttributeValueList": [{"B": "YQ=="}]})", "(a >= :legacy-0)"},
      {R"({"ComparisonOperator": "GT", "AttributeValueList": [{"S": "x"}]})", "(a > :legacy-0)"},
      {R"({"ComparisonOperator": "NOT_NULL"})", "attribute_exists(a)"},
      {R"({"ComparisonOperator": "NULL", "AttributeValueList": []})", "attribute_not_exists(a)"},
      {R"({"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "x"}]})", "contains(a, :legacy-0)"},
      {R"({"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "2"}]})",
       "(attribute_exists(a) AND (NOT contains(a, :legacy-0)))"},
      {R"({"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "x"}]})",
       "begins_with(a, :legacy-0)"},
      {R"({"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "2"}, {"N": "3"}]})",
       "(a IN (:legacy-0, :legacy-1, :legacy-2))"},
      {R"({"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "5"}]})",
       "(a BETWEEN :legacy-0 AND :legacy-1)"},
  };
  for (const auto& c : cases) {
    auto r = Translate(R"({"ScanFilter": {"a": )" + c.condition + "}}");
    ASSERT_TRUE(r.ok()) << c.condition << ": " << r.error().message;
    ASSERT_TRUE(r->filter.has_value()) << c.condition;
    EXPECT_EQ(expr::ToString(*r->filter), c.rendered) << c.condition;
  }
}

TEST(LegacyParametersTest, ExpectedForms) {
  auto r = Translate(R"({"Expected": {"a": {"Value": {"N": "1"}}, "b": {"Exists": false},
                                     "c": {"Exists": true, "Value": {"S": "x"}},
                                     "d": {"ComparisonOperator": "GT", "Value": {"N": "3"}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(expr::ToString(*r->condition),
            "((((a = :legacy-0) AND attribute_not_exists(b)) AND (c = :legacy-1)) AND (d > :legacy-2))");
  EXPECT_EQ(r->values.at(":legacy-1"), AttributeValue::S("x"));
  EXPECT_FALSE(r->filter || r->update || r->key_condition);
}

TEST(LegacyParametersTest, ConditionalOperatorOr) {
  auto r = Translate(R"({"ConditionalOperator": "OR", "ScanFilter": {
      "a": {"ComparisonOperator": "NULL"}, "b": {"ComparisonOperator": "NOT_NULL"}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(expr::ToString(*r->filter), "(attribute_not_exists(a) OR attribute_exists(b))");
}

TEST(LegacyParametersTest, NamesAreLiteral) {
  auto r = Translate(R"({"QueryFilter": {"a.b[1]": {"ComparisonOperator": "NOT_NULL"}}})");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->filter->operands[0].path.elements.size(), 1u);
  EXPECT_EQ(r->filter->operands[0].path.elements[0].name, "a.b[1]");
}

TEST(LegacyParametersTest, KeyConditions) {
  auto r = Translate(R"({"KeyConditions": {
      "p": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]},
      "c": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "y"}]}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(expr::ToString(*r->key_condition), "((p = :legacy-0) AND begins_with(c, :legacy-1))");
  EXPECT_FALSE(r->key_condition_not_indexable);
  // Operators a key condition cannot use are marked: Query refuses them after its table checks.
  for (const char* op : {"NE", "IN", "CONTAINS", "NOT_CONTAINS"}) {
    auto marked = Translate(std::string(R"({"KeyConditions": {"p": {"ComparisonOperator": ")") + op +
                            R"(", "AttributeValueList": [{"S": "x"}]}}})");
    ASSERT_TRUE(marked.ok()) << op;
    EXPECT_TRUE(marked->key_condition_not_indexable) << op;
  }
  for (const char* op : {"NULL", "NOT_NULL"}) {
    auto marked =
        Translate(std::string(R"({"KeyConditions": {"p": {"ComparisonOperator": ")") + op + R"("}}})");
    ASSERT_TRUE(marked.ok()) << op;
    EXPECT_TRUE(marked->key_condition_not_indexable) << op;
  }
  // Their arguments are still judged first.
  ExpectError(
      R"({"KeyConditions": {"p": {"ComparisonOperator": "NULL", "AttributeValueList": [{"S": "x"}]}}})",
      "One or more parameter values were invalid: Invalid number of argument(s) for the NULL "
      "ComparisonOperator");
}

TEST(LegacyParametersTest, LegacySemanticsOnItems) {
  const char* item =
      R"({"a": {"N": "1"}, "s": {"S": "hello"}, "set": {"NS": ["2", "4"]}, "l": {"L": [{"N": "4"}]}})";
  // NE: a missing attribute or another type is "not equal".
  EXPECT_TRUE(
      ExpectedHolds(R"({"q": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "1"}]}})", item));
  EXPECT_TRUE(
      ExpectedHolds(R"({"a": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "1"}]}})", item));
  EXPECT_FALSE(
      ExpectedHolds(R"({"a": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "1"}]}})", item));
  // NOT_CONTAINS: false for a missing attribute, true for a type that cannot contain the value.
  EXPECT_FALSE(ExpectedHolds(
      R"({"q": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "1"}]}})", item));
  EXPECT_TRUE(ExpectedHolds(
      R"({"s": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "1"}]}})", item));
  EXPECT_FALSE(ExpectedHolds(
      R"({"set": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "4"}]}})", item));
  EXPECT_TRUE(ExpectedHolds(
      R"({"l": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "4"}]}})", item));
  // IN compares the attribute, not set members.
  EXPECT_FALSE(
      ExpectedHolds(R"({"set": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "2"}]}})", item));
  EXPECT_TRUE(ExpectedHolds(
      R"({"a": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "3"}, {"N": "1"}]}})", item));
  // Value / Exists.
  EXPECT_TRUE(ExpectedHolds(R"({"a": {"Value": {"N": "1"}}})", item));
  EXPECT_FALSE(ExpectedHolds(R"({"q": {"Value": {"N": "1"}}})", item));
  EXPECT_TRUE(ExpectedHolds(R"({"q": {"Exists": false}})", item));
  EXPECT_FALSE(ExpectedHolds(R"({"a": {"Exists": false}})", item));
  // Mismatched types are a false condition, not an error.
  EXPECT_FALSE(
      ExpectedHolds(R"({"a": {"ComparisonOperator": "LT", "AttributeValueList": [{"S": "1"}]}})", item));
  EXPECT_FALSE(ExpectedHolds(
      R"({"a": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "1"}]}})", item));
}

TEST(LegacyParametersTest, ArgumentErrors) {
  auto scan = [](std::string op, std::string list) {
    return R"({"ScanFilter": {"a": {"ComparisonOperator": ")" + op + R"(", "AttributeValueList": )" + list +
           "}}}";
  };
  const std::string count =
      "One or more parameter values were invalid: Invalid number of argument(s) for the ";
  ExpectError(scan("EQ", R"([{"N": "1"}, {"N": "2"}])"), count + "EQ ComparisonOperator");
  ExpectError(scan("NE", "[]"), count + "NE ComparisonOperator");
  ExpectError(scan("NULL", R"([{"N": "1"}])"), count + "NULL ComparisonOperator");
  ExpectError(scan("IN", "[]"), count + "IN ComparisonOperator");
  ExpectError(scan("BETWEEN", R"([{"N": "1"}])"), count + "BETWEEN ComparisonOperator");
  ExpectError(
      scan("IN", R"([{"N": "1"}, {"S": "dog"}])"),
      "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same "
      "type");
  ExpectError(
      scan("LT", R"([{"SS": ["a"]}])"),
      "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue "
      "type");
  ExpectError(scan("CONTAINS", R"([{"L": [{"N": "1"}]}])"),
              "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for L "
              "AttributeValue type");
  ExpectError(scan("BEGINS_WITH", R"([{"N": "3"}])"),
              "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N "
              "AttributeValue type");
  ExpectError(
      scan("BETWEEN", R"([{"N": "4"}, {"N": "3"}])"),
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  ExpectError(
      scan("DOG", "[]"),
      "1 validation error detected: Value 'DOG' at 'scanFilter.a.member.comparisonOperator' failed to "
      "satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, "
      "GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
  ExpectError(R"({"ScanFilter": {"a": {"AttributeValueList": []}}})",
              "1 validation error detected: Value null at 'scanFilter.a.member.comparisonOperator' failed to "
              "satisfy constraint: Member must not be null");
  auto bad_value = Translate(scan("EQ", "[{}]"));
  ASSERT_FALSE(bad_value.ok());
  EXPECT_EQ(bad_value.error().message,
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
}

TEST(LegacyParametersTest, ExpectedErrors) {
  const std::string invalid = "One or more parameter values were invalid: ";
  ExpectError(R"({"Expected": {"a": {"Exists": true}}})",
              invalid + "Value must be provided when Exists is true for Attribute: a");
  ExpectError(R"({"Expected": {"a": {}}})",
              invalid + "Value must be provided when Exists is null for Attribute: a");
  ExpectError(R"({"Expected": {"a": {"Exists": false, "Value": {"N": "1"}}}})",
              invalid + "Value cannot be used when Exists is false for Attribute: a");
  ExpectError(R"({"Expected": {"a": {"Value": {"N": "3"}, "ComparisonOperator": "EQ",
                                     "AttributeValueList": [{"N": "3"}]}}})",
              invalid + "Value and AttributeValueList cannot be used together for Attribute: a");
  ExpectError(R"({"Expected": {"a": {"Exists": false, "ComparisonOperator": "EQ",
                                     "AttributeValueList": [{"N": "3"}]}}})",
              invalid + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  ExpectError(
      R"({"Expected": {"a": {"ComparisonOperator": "EQ"}}})",
      invalid + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a");
  ExpectError(R"({"Expected": {"a": {"AttributeValueList": [{"N": "3"}]}}})",
              invalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
  ExpectError(
      R"({"Expected": {"a": {"ComparisonOperator": "IN", "AttributeValueList": [{"L": []}, {"L": []}]}}})",
      invalid + "ComparisonOperator IN is not valid for L AttributeValue type");
}

TEST(LegacyParametersTest, ConditionalOperatorErrors) {
  const std::string without = "ConditionalOperator cannot be used without Filter or Expected";
  const std::string two =
      "ConditionalOperator can only be used when Filter or Expected has two or more elements";
  ExpectError(R"({"ConditionalOperator": "AND"})", without);
  ExpectError(R"({"ConditionalOperator": "OR", "Expected": {}})", without);
  ExpectError(R"({"ConditionalOperator": "OR", "KeyConditions": {"p": {"ComparisonOperator": "NULL"}}})",
              without);
  ExpectError(R"({"ConditionalOperator": "AND", "ScanFilter": {"a": {"ComparisonOperator": "NULL"}}})", two);
  ExpectError(
      R"({"ConditionalOperator": "XOR", "ScanFilter": {}})",
      "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
      "Member must satisfy enum value set: [OR, AND]");
}

TEST(LegacyParametersTest, AttributeUpdatesActions) {
  auto r = Translate(R"({"AttributeUpdates": {
      "put": {"Action": "PUT", "Value": {"S": "x"}}, "dflt": {"Value": {"N": "1"}},
      "gone": {"Action": "DELETE"}, "less": {"Action": "DELETE", "Value": {"SS": ["a"]}},
      "num": {"Action": "ADD", "Value": {"N": "2"}}, "more": {"Action": "ADD", "Value": {"NS": ["7"]}},
      "list": {"Action": "ADD", "Value": {"L": [{"S": "z"}]}}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(
      expr::ToString(*r->update),
      "SET put = :legacy-0, dflt = :legacy-1, list = list_append(if_not_exists(list, :legacy-5), :legacy-6) "
      "REMOVE gone ADD num :legacy-3, more :legacy-4 DELETE less :legacy-2");

  Item old = ItemOf(R"({"k": {"S": "key"}, "gone": {"N": "1"}, "less": {"SS": ["a", "b"]}, "num": {"N": "40"},
                        "list": {"L": [{"S": "y"}]}})");
  auto applied = expr::ApplyUpdate(*r->update, old, r->values);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->item, ItemOf(R"({"k": {"S": "key"}, "put": {"S": "x"}, "dflt": {"N": "1"},
      "less": {"SS": ["b"]}, "num": {"N": "42"}, "more": {"NS": ["7"]},
      "list": {"L": [{"S": "y"}, {"S": "z"}]}})"));
  // ADD of a list to a missing attribute creates it.
  auto fresh = expr::ApplyUpdate(*r->update, ItemOf(R"({"k": {"S": "key"}})"), r->values);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_EQ(fresh->item.at("list"), AttributeValue::L({AttributeValue::S("z")}));
}

TEST(LegacyParametersTest, AttributeUpdatesErrors) {
  const std::string invalid = "One or more parameter values were invalid: ";
  ExpectError(R"({"AttributeUpdates": {"a": {"Action": "PUT"}}})",
              invalid + "Only DELETE action is allowed when no attribute value is specified");
  ExpectError(R"({"AttributeUpdates": {"a": {}}})",
              invalid + "Only DELETE action is allowed when no attribute value is specified");
  ExpectError(R"({"AttributeUpdates": {"a": {"Action": "ADD"}}})",
              invalid + "Only DELETE action is allowed when no attribute value is specified");
  for (const char* v : {R"({"S": "1"})", R"({"N": "1"})", R"({"L": []})", R"({"M": {}})"})
    ExpectError(std::string(R"({"AttributeUpdates": {"a": {"Action": "DELETE", "Value": )") + v + "}}}",
                invalid + "DELETE action with value is not supported for the type " +
                    std::string(boost::json::parse(v).as_object().begin()->key()));
  for (const char* v :
       {R"({"S": "1"})", R"({"B": "YQ=="})", R"({"BOOL": true})", R"({"NULL": true})", R"({"M": {}})"})
    ExpectError(std::string(R"({"AttributeUpdates": {"a": {"Action": "ADD", "Value": )") + v + "}}}",
                invalid + "ADD action is not supported for the type " +
                    std::string(boost::json::parse(v).as_object().begin()->key()));
  ExpectError(R"({"AttributeUpdates": {"a": {"Action": "UPSERT", "Value": {"N": "1"}}}})",
              "1 validation error detected: Value 'UPSERT' at 'attributeUpdates.a.member.action' failed to "
              "satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
  auto empty = Translate(R"({"AttributeUpdates": {}})");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->update.has_value());
}

core::Result<RequestExpressions> ParseRequest(std::string_view json_text) {
  return ParseRequestExpressions(boost::json::parse(json_text).as_object());
}

TEST(LegacyParametersTest, MixingWithExpressions) {
  const std::string prefix =
      "Can not use both expression and non-expression parameters in the same request: ";
  auto mixed = [](std::string_view json_text) {
    auto r = ParseRequest(json_text);
    EXPECT_FALSE(r.ok()) << json_text;
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(
      mixed(R"json({"AttributeUpdates": {"a": {"Value": {"S": "v"}}}, "Expected": {"a": {"Exists": false}},
                          "ConditionalOperator": "AND", "UpdateExpression": "SET a = :v",
                          "ConditionExpression": "attribute_exists(pk)",
                          "ExpressionAttributeValues": {":v": {"S": "x"}}})json"),
      prefix +
          "Non-expression parameters: {AttributeUpdates, Expected, ConditionalOperator} Expression "
          "parameters: {UpdateExpression, ConditionExpression}");
  EXPECT_EQ(
      mixed(R"json({"AttributesToGet": ["a"], "QueryFilter": {}, "ConditionalOperator": "AND",
                          "KeyConditions": {}, "ProjectionExpression": "b", "FilterExpression": "a = :v",
                          "KeyConditionExpression": "pk = :p",
                          "ExpressionAttributeValues": {":p": {"S": "k"}, ":v": {"S": "x"}}})json"),
      prefix +
          "Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} "
          "Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}");
  EXPECT_EQ(
      mixed(R"json({"ConditionalOperator": "AND", "FilterExpression": "a = :v",
                          "ExpressionAttributeValues": {":v": {"S": "x"}, ":unused": {"S": "y"}}})json"),
      prefix + "Non-expression parameters: {ConditionalOperator} Expression parameters: {FilterExpression}");

  // KeyConditions may go with FilterExpression and ProjectionExpression; values do not clash.
  auto ok = ParseRequest(R"json({"KeyConditions": {"pk": {"ComparisonOperator": "EQ",
                                                          "AttributeValueList": [{"S": "k"}]}},
                                 "FilterExpression": "a = :v", "ProjectionExpression": "a",
                                 "ExpressionAttributeValues": {":v": {"S": "x"}}})json");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(expr::ToString(*ok->key_condition), "(pk = :legacy-0)");
  EXPECT_EQ(expr::ToString(*ok->filter), "(a = :v)");
  EXPECT_FALSE(ok->legacy_filter);
  EXPECT_EQ(ok->values.size(), 2u);

  auto legacy = ParseRequest(R"json({"QueryFilter": {"a": {"ComparisonOperator": "NOT_NULL"}},
                                     "AttributesToGet": ["a"]})json");
  ASSERT_TRUE(legacy.ok()) << legacy.error().message;
  EXPECT_TRUE(legacy->legacy_filter);
  EXPECT_TRUE(legacy->projection.has_value());
  EXPECT_FALSE(ParseRequest(R"json({"Expected": {"a": {"Exists": false}},
                                    "ExpressionAttributeValues": {":v": {"N": "1"}}})json")
                   .ok());
}

}  // namespace
}  // namespace tarn::dynamodb
