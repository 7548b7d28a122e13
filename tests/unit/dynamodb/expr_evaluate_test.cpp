#include "dynamodb/expr/evaluate.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "dynamodb/expr/parser.h"
#include "dynamodb/expr/resolve.h"

namespace tarn::dynamodb::expr {
namespace {

// Expressions are written as text and go through the real parser and resolver; items and values
// are written in DynamoDB's JSON form.
class ExprEvaluateTest : public ::testing::Test {
 protected:
  static Item J(std::string_view json) {
    auto parsed = ItemFromJson(boost::json::parse(json));
    EXPECT_TRUE(parsed.ok()) << json;
    return parsed.ok() ? *parsed : Item{};
  }
  static std::string Show(const Item& item) { return boost::json::serialize(ItemToJson(item)); }

  void SetValues(std::string_view json) {
    values_ = J(json);
    keys_.clear();
    for (const auto& [k, v] : values_) keys_.insert(k);
  }

  // "true", "false", or the error message.
  std::string Cond(std::string_view text, const Item& item,
                   ExpressionKind kind = ExpressionKind::kCondition) {
    auto parsed = ParseCondition(text, kind);
    if (!parsed.ok()) return "parse: " + parsed.error().message;
    Resolver resolver(names_, keys_);
    core::Status st = resolver.Resolve(kind, *parsed);
    if (!st.ok()) return "resolve: " + st.error().message;
    auto result = EvaluateCondition(*parsed, item, values_, kind);
    if (!result.ok()) return result.error().message;
    return *result ? "true" : "false";
  }

  NameMap names_{{"#a", "a"}, {"#dot", "x.y"}};
  ValueKeys keys_;
  ValueMap values_;
};

// ---- paths ----

TEST_F(ExprEvaluateTest, ValueAtFollowsNamesAndIndexes) {
  Item item = J(R"({"a":{"M":{"b":{"L":[{"N":"1"},{"M":{"c":{"S":"x"}}}]}}}})");
  auto path = ParseProjection("a.b[1].c");
  ASSERT_TRUE(path.ok());
  std::optional<AttributeValue> v = ValueAt(item, path->paths[0]);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, AttributeValue::S("x"));
  for (std::string_view text : {"a.b[2]", "a.b[0].c", "a.c", "a[0]", "a.b.c", "z"}) {
    auto p = ParseProjection(text);
    ASSERT_TRUE(p.ok()) << text;
    EXPECT_FALSE(ValueAt(item, p->paths[0]).has_value()) << text;
    EXPECT_EQ(FindValue(item, p->paths[0]), nullptr) << text;
  }
}

// ---- comparisons ----

TEST_F(ExprEvaluateTest, ComparatorsOnSameScalarTypes) {
  SetValues(R"({":n5":{"N":"5"},":n10":{"N":"10.0"},":s":{"S":"b"},":b":{"B":"AQ=="}})");
  Item item = J(R"({"n":{"N":"5"},"s":{"S":"abc"},"bin":{"B":"/w=="}})");
  EXPECT_EQ(Cond("n = :n5", item), "true");
  EXPECT_EQ(Cond("n <> :n5", item), "false");
  EXPECT_EQ(Cond("n < :n10", item), "true");
  EXPECT_EQ(Cond("n <= :n5", item), "true");
  EXPECT_EQ(Cond("n > :n5", item), "false");
  EXPECT_EQ(Cond("n >= :n5", item), "true");
  EXPECT_EQ(Cond(":n10 > n", item), "true");
  EXPECT_EQ(Cond("s < :s", item), "true");  // "abc" < "b"
  // Binary compares bytes as unsigned: 0xFF > 0x01.
  EXPECT_EQ(Cond("bin > :b", item), "true");
}

TEST_F(ExprEvaluateTest, MismatchedTypesAndMissingAttributes) {
  SetValues(R"({":n":{"N":"5"},":s":{"S":"5"}})");
  Item item = J(R"({"n":{"N":"5"}})");
  EXPECT_EQ(Cond("n = :s", item), "false");
  EXPECT_EQ(Cond("n <> :s", item), "true");
  EXPECT_EQ(Cond("n < :s", item), "false");
  EXPECT_EQ(Cond("n >= :s", item), "false");
  EXPECT_EQ(Cond("zz = :n", item), "false");
  EXPECT_EQ(Cond("zz <> :n", item), "true");
  EXPECT_EQ(Cond("zz < :n", item), "false");
  EXPECT_EQ(Cond("n = :n", Item{}), "false");
}

TEST_F(ExprEvaluateTest, DocumentTypesCompareByDeepEqualityOnly) {
  SetValues(R"({":m":{"M":{"x":{"N":"1.0"},"y":{"L":[{"S":"a"}]}}},":ss":{"SS":["b","a"]},
               ":l":{"L":[{"N":"1"}]}})");
  Item item =
      J(R"({"m":{"M":{"y":{"L":[{"S":"a"}]},"x":{"N":"1"}}},"ss":{"SS":["a","b"]},"l":{"L":[{"N":"2"}]}})");
  EXPECT_EQ(Cond("m = :m", item), "true");
  EXPECT_EQ(Cond("ss = :ss", item), "true");
  EXPECT_EQ(Cond("l = :l", item), "false");
  EXPECT_EQ(Cond("l <> :l", item), "true");
  // Only S, N and B order: another type from the item compares false...
  SetValues(R"({":s":{"S":"a"},":n":{"N":"1"}})");
  EXPECT_EQ(Cond("ss < :s", item), "false");
  EXPECT_EQ(Cond("m >= :n", item), "false");
  EXPECT_EQ(Cond("ss BETWEEN :s AND :s", item), "false");
}

TEST_F(ExprEvaluateTest, OrderingAConstantOfAnUnorderedTypeIsAnError) {
  // ...but from the request it is a ValidationException (scylladb test_condition_expression.py,
  // test_update_condition_lt and friends, run against DynamoDB).
  SetValues(R"({":l":{"L":[{"N":"1"}]},":ss":{"SS":["a"]},":t":{"BOOL":true},":n":{"N":"1"}})");
  Item item = J(R"({"a":{"N":"1"}})");
  EXPECT_EQ(
      Cond("a < :l", item),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "<, operand type: L");
  EXPECT_EQ(
      Cond(":ss >= a", item, ExpressionKind::kFilter),
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: "
      ">=, operand type: SS");
  EXPECT_EQ(
      Cond("a BETWEEN :t AND :t", item),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "BETWEEN, operand type: BOOL");
  EXPECT_EQ(
      Cond(":l BETWEEN :n AND :n", item),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "BETWEEN, operand type: L");
  // Checked before evaluation, and equality still takes any type.
  EXPECT_EQ(Cond("attribute_exists(zz) AND a > :t", item).substr(0, 60),
            "Invalid ConditionExpression: Incorrect operand type for oper");
  EXPECT_EQ(Cond("a = :l OR a <> :t", item), "true");
}

TEST_F(ExprEvaluateTest, LogicalOperators) {
  SetValues(R"({":one":{"N":"1"},":two":{"N":"2"}})");
  Item item = J(R"({"a":{"N":"1"}})");
  EXPECT_EQ(Cond("a = :one AND a = :two", item), "false");
  EXPECT_EQ(Cond("a = :one OR a = :two", item), "true");
  EXPECT_EQ(Cond("NOT a = :two", item), "true");
  EXPECT_EQ(Cond("NOT (a = :one OR a = :two)", item), "false");
  EXPECT_EQ(Cond("a = :two OR NOT attribute_exists(b) AND a = :one", item), "true");
}

// ---- BETWEEN / IN ----

TEST_F(ExprEvaluateTest, BetweenIsInclusive) {
  SetValues(R"({":lo":{"N":"1"},":hi":{"N":"10"},":s":{"S":"a"},":t":{"S":"c"}})");
  EXPECT_EQ(Cond("a BETWEEN :lo AND :hi", J(R"({"a":{"N":"1"}})")), "true");
  EXPECT_EQ(Cond("a BETWEEN :lo AND :hi", J(R"({"a":{"N":"10"}})")), "true");
  EXPECT_EQ(Cond("a BETWEEN :lo AND :hi", J(R"({"a":{"N":"10.5"}})")), "false");
  EXPECT_EQ(Cond("a BETWEEN :lo AND :hi", J(R"({"a":{"S":"5"}})")), "false");
  EXPECT_EQ(Cond("a BETWEEN :lo AND :hi", Item{}), "false");
  EXPECT_EQ(Cond("a BETWEEN :s AND :t", J(R"({"a":{"S":"b"}})")), "true");
  // Bounds from the item are not validated; mismatched types are simply false.
  EXPECT_EQ(Cond("a BETWEEN b AND :hi", J(R"({"a":{"N":"5"},"b":{"S":"x"}})")), "false");
}

TEST_F(ExprEvaluateTest, BetweenBoundErrors) {
  SetValues(R"({":five":{"N":"5"},":one":{"N":"1"},":s":{"S":"a"},":b":{"B":"AQI="}})");
  EXPECT_EQ(
      Cond("a BETWEEN :five AND :one", Item{}),
      "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal "
      "to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: "
      "{N:1}");
  EXPECT_EQ(
      Cond("a BETWEEN :one AND :s", Item{}, ExpressionKind::kFilter),
      "Invalid FilterExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
      "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}");
  EXPECT_EQ(
      Cond("a BETWEEN :b AND :s", Item{}),
      "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; "
      "lower bound operand: AttributeValue: {B:AQI=}, upper bound operand: AttributeValue: {S:a}");
  // Checked before evaluation: an earlier false AND does not hide it.
  EXPECT_EQ(Cond("attribute_exists(zz) AND a BETWEEN :five AND :one", Item{}).substr(0, 60),
            "Invalid ConditionExpression: The BETWEEN operator requires u");
}

TEST_F(ExprEvaluateTest, InMatchesAnyCandidate) {
  SetValues(R"({":a":{"S":"a"},":b":{"S":"b"},":n":{"N":"1"},":l":{"L":[{"S":"a"}]}})");
  EXPECT_EQ(Cond("x IN (:a, :b)", J(R"({"x":{"S":"b"}})")), "true");
  EXPECT_EQ(Cond("x IN (:a, :n)", J(R"({"x":{"S":"b"}})")), "false");
  EXPECT_EQ(Cond("x IN (:a, :n)", J(R"({"x":{"N":"1.00"}})")), "true");
  EXPECT_EQ(Cond("x IN (:l, :n)", J(R"({"x":{"L":[{"S":"a"}]}})")), "true");
  EXPECT_EQ(Cond("x IN (:a, y)", J(R"({"x":{"S":"q"},"y":{"S":"q"}})")), "true");
  EXPECT_EQ(Cond("x IN (:a, :b)", Item{}), "false");
}

// ---- functions ----

TEST_F(ExprEvaluateTest, AttributeExistsAndNotExists) {
  Item item = J(R"({"a":{"M":{"b":{"NULL":true}}},"l":{"L":[{"N":"1"}]}})");
  EXPECT_EQ(Cond("attribute_exists(a)", item), "true");
  EXPECT_EQ(Cond("attribute_exists(#a.b)", item), "true");  // a NULL value exists
  EXPECT_EQ(Cond("attribute_exists(a.c)", item), "false");
  EXPECT_EQ(Cond("attribute_exists(l[0])", item), "true");
  EXPECT_EQ(Cond("attribute_exists(l[1])", item), "false");
  EXPECT_EQ(Cond("attribute_not_exists(l[1])", item), "true");
  EXPECT_EQ(Cond("attribute_not_exists(a)", item), "false");
  EXPECT_EQ(Cond("attribute_not_exists(a)", Item{}), "true");
  EXPECT_EQ(Cond("attribute_exists(#dot)", J(R"({"x.y":{"N":"1"}})")), "true");
}

TEST_F(ExprEvaluateTest, AttributeTypeMatchesEveryTypeName) {
  Item item = J(R"({"s":{"S":"x"},"n":{"N":"1"},"b":{"B":"AA=="},"bool":{"BOOL":false},"null":{"NULL":true},
                   "m":{"M":{}},"l":{"L":[]},"ss":{"SS":["a"]},"ns":{"NS":["1"]},"bs":{"BS":["AA=="]}})");
  const std::pair<std::string_view, std::string_view> kCases[] = {
      {"S", "s"}, {"N", "n"}, {"B", "b"},   {"BOOL", "bool"}, {"NULL", "null"},
      {"M", "m"}, {"L", "l"}, {"SS", "ss"}, {"NS", "ns"},     {"BS", "bs"}};
  for (const auto& [type, attr] : kCases) {
    SetValues(R"({":t":{"S":")" + std::string(type) + R"("}})");
    names_["#x"] = std::string(attr);
    EXPECT_EQ(Cond("attribute_type(#x, :t)", item), "true") << type;
    names_["#x"] = attr == "s" ? "n" : "s";
    EXPECT_EQ(Cond("attribute_type(#x, :t)", item), "false") << type;
  }
  SetValues(R"({":t":{"S":"S"}})");
  EXPECT_EQ(Cond("attribute_type(zz, :t)", item), "false");
}

TEST_F(ExprEvaluateTest, AttributeTypeErrors) {
  SetValues(R"({":bad":{"S":"STRING"},":n":{"N":"1"}})");
  EXPECT_EQ(Cond("attribute_type(a, :bad)", Item{}),
            "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: "
            "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  EXPECT_EQ(
      Cond("attribute_type(a, :n)", Item{}, ExpressionKind::kFilter),
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: "
      "attribute_type, operand type: N");
  // The type to test for must be a :value, not an item attribute.
  EXPECT_EQ(
      Cond("attribute_type(a, tn)", J(R"({"a":{"N":"1"},"tn":{"S":"N"}})")),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "attribute_type, operand type: PATH");
}

TEST_F(ExprEvaluateTest, BeginsWith) {
  SetValues(R"({":p":{"S":"ab"},":bp":{"B":"AQ=="},":n":{"N":"1"},":ss":{"SS":["a"]}})");
  EXPECT_EQ(Cond("begins_with(a, :p)", J(R"({"a":{"S":"abc"}})")), "true");
  EXPECT_EQ(Cond("begins_with(a, :p)", J(R"({"a":{"S":"ab"}})")), "true");
  EXPECT_EQ(Cond("begins_with(a, :p)", J(R"({"a":{"S":"a"}})")), "false");
  EXPECT_EQ(Cond("begins_with(a, :p)", J(R"({"a":{"SS":["abc"]}})")), "false");
  EXPECT_EQ(Cond("begins_with(a, :bp)", J(R"({"a":{"B":"AQI="}})")), "true");
  EXPECT_EQ(Cond("begins_with(a, :bp)", J(R"({"a":{"S":"abc"}})")), "false");
  EXPECT_EQ(Cond("begins_with(a, :p)", Item{}), "false");
  EXPECT_EQ(
      Cond("begins_with(a, :n)", Item{}),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "begins_with, operand type: N");
  EXPECT_EQ(
      Cond("begins_with(a, :ss)", Item{}),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "begins_with, operand type: SS");
}

TEST_F(ExprEvaluateTest, Contains) {
  SetValues(R"({":s":{"S":"bc"},":n":{"N":"2"},":b":{"B":"Ag=="},":m":{"M":{"k":{"S":"v"}}}})");
  EXPECT_EQ(Cond("contains(a, :s)", J(R"({"a":{"S":"abcd"}})")), "true");
  EXPECT_EQ(Cond("contains(a, :s)", J(R"({"a":{"S":"acbd"}})")), "false");
  EXPECT_EQ(Cond("contains(a, :s)", J(R"({"a":{"SS":["a","bc"]}})")), "true");
  EXPECT_EQ(Cond("contains(a, :s)", J(R"({"a":{"SS":["abcd"]}})")), "false");
  EXPECT_EQ(Cond("contains(a, :n)", J(R"({"a":{"NS":["1","2.0"]}})")), "true");
  EXPECT_EQ(Cond("contains(a, :n)", J(R"({"a":{"SS":["2"]}})")), "false");
  EXPECT_EQ(Cond("contains(a, :b)", J(R"({"a":{"BS":["AQ==","Ag=="]}})")), "true");
  EXPECT_EQ(Cond("contains(a, :n)", J(R"({"a":{"L":[{"S":"2"},{"N":"2"}]}})")), "true");
  EXPECT_EQ(Cond("contains(a, :m)", J(R"({"a":{"L":[{"M":{"k":{"S":"v"}}}]}})")), "true");
  EXPECT_EQ(Cond("contains(a, :s)", J(R"({"a":{"L":[{"S":"abc"}]}})")), "false");
  EXPECT_EQ(Cond("contains(a, :n)", J(R"({"a":{"N":"12"}})")), "false");
  EXPECT_EQ(Cond("contains(a, b)", J(R"({"a":{"SS":["x","y"]},"b":{"S":"y"}})")), "true");
  EXPECT_EQ(Cond("contains(a, :s)", Item{}), "false");
}

TEST_F(ExprEvaluateTest, SizeOfEachType) {
  SetValues(R"({":n0":{"N":"0"},":n2":{"N":"2"},":n3":{"N":"3"},":n5":{"N":"5"}})");
  Item item = J(R"({"s":{"S":"héllo"},"b":{"B":"AQID"},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2","3"]},
                   "bs":{"BS":["AQ=="]},"l":{"L":[{"N":"1"},{"NULL":true}]},"m":{"M":{"a":{"N":"1"},"b":{"N":"2"},"c":{"N":"3"}}},
                   "e":{"S":""}})");
  // Strings are measured in characters, not bytes: "héllo" is 5 (dynalite's scan tests, run against AWS,
  // find size("abÿ") = 3).
  EXPECT_EQ(Cond("size(s) = :n5", item), "true");
  EXPECT_EQ(Cond("size(b) = :n3", item), "true");
  EXPECT_EQ(Cond("size(ss) = :n2", item), "true");
  EXPECT_EQ(Cond("size(ns) = :n3", item), "true");
  EXPECT_EQ(Cond("size(bs) < :n2", item), "true");
  EXPECT_EQ(Cond("size(l) = :n2", item), "true");
  EXPECT_EQ(Cond("size(m) = :n3", item), "true");
  EXPECT_EQ(Cond("size(e) = :n0", item), "true");
  EXPECT_EQ(Cond("size(zz) = :n0", item), "false");
  EXPECT_EQ(Cond("size(zz) <> :n0", item), "true");
  EXPECT_EQ(Cond(":n2 < size(m)", item), "true");
}

TEST_F(ExprEvaluateTest, SizeOfUnsizedItemAttributeIsFalseNotAnError) {
  SetValues(R"({":n":{"N":"1"},":dog":{"S":"dog"}})");
  for (std::string_view item : {R"({"a":{"N":"12"}})", R"({"a":{"BOOL":true}})", R"({"a":{"NULL":true}})"}) {
    EXPECT_EQ(Cond("size(a) = :n", J(item)), "false") << item;
    EXPECT_EQ(Cond("size(a) <> :n", J(item)), "true") << item;
    EXPECT_EQ(Cond("size(a) >= :n", J(item)), "false") << item;
  }
  EXPECT_EQ(Cond("size(a) = :dog", J(R"({"a":{"S":"dog"}})")), "false");
  EXPECT_EQ(Cond("size(a) = f", J(R"({"a":{"S":"dog"},"f":{"N":"3"}})")), "true");
}

TEST_F(ExprEvaluateTest, SizeOfUnsizedValueIsAnError) {
  SetValues(R"({":n":{"N":"1"},":bool":{"BOOL":true},":null":{"NULL":true}})");
  EXPECT_EQ(
      Cond("size(:bool) = :n", Item{}),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "size, operand type: BOOL");
  EXPECT_EQ(
      Cond("size(:n) = :n", Item{}, ExpressionKind::kFilter),
      "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: "
      "size, operand type: N");
  // Checked before evaluation, so a short-circuited operand still fails.
  EXPECT_EQ(
      Cond("attribute_exists(zz) AND size(:null) = :n", Item{}),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
      "size, operand type: NULL");
}

TEST_F(ExprEvaluateTest, UndefinedValueIsReportedWithoutResolver) {
  auto parsed = ParseCondition("a = :nope", ExpressionKind::kCondition);
  ASSERT_TRUE(parsed.ok());
  auto result = EvaluateCondition(*parsed, Item{}, values_, ExpressionKind::kCondition);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "ValidationException");
  EXPECT_EQ(result.error().message,
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
            "attribute value: :nope");
}

}  // namespace
}  // namespace tarn::dynamodb::expr
