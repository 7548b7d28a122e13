// ApplyUpdate, Project and Restrict (evaluate.h); conditions are in expr_evaluate_test.cpp.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "dynamodb/expr/evaluate.h"
#include "dynamodb/expr/parser.h"
#include "dynamodb/expr/resolve.h"

namespace tarn::dynamodb::expr {
namespace {

constexpr std::string_view kBadPath =
    "The document path provided in the update expression is invalid for update";
constexpr std::string_view kBadType = "An operand in the update expression has an incorrect data type";
constexpr std::string_view kNoAttr =
    "The provided expression refers to an attribute that does not exist in the item";

class ExprEvaluateUpdateTest : public ::testing::Test {
 protected:
  static Item J(std::string_view json) {
    auto parsed = ItemFromJson(boost::json::parse(json));
    EXPECT_TRUE(parsed.ok()) << json;
    return parsed.ok() ? *parsed : Item{};
  }
  static std::string Show(const Item& item) { return boost::json::serialize(ItemToJson(item)); }
  // The canonical JSON of an item written by hand (key order, number form).
  static std::string Canon(std::string_view json) { return Show(J(json)); }

  void SetValues(std::string_view json) {
    values_ = J(json);
    keys_.clear();
    for (const auto& [k, v] : values_) keys_.insert(k);
  }

  // The new item as canonical JSON, or the error message.
  std::string Upd(std::string_view text, const Item& item) {
    auto parsed = ParseUpdate(text);
    if (!parsed.ok()) return "parse: " + parsed.error().message;
    Resolver resolver(names_, keys_);
    core::Status st = resolver.Resolve(*parsed);
    if (!st.ok()) return "resolve: " + st.error().message;
    auto result = ApplyUpdate(*parsed, item, values_);
    if (!result.ok()) {
      EXPECT_EQ(result.error().code, "ValidationException");
      return result.error().message;
    }
    updated_ = result->updated_attributes;
    return Show(result->item);
  }

  std::string Proj(std::string_view text, const Item& item) {
    auto parsed = ParseProjection(text);
    if (!parsed.ok()) return "parse: " + parsed.error().message;
    Resolver resolver(names_, keys_);
    core::Status st = resolver.Resolve(*parsed);
    if (!st.ok()) return "resolve: " + st.error().message;
    return Show(Project(item, *parsed));
  }

  NameMap names_{{"#a", "a"}, {"#dot", "x.y"}};
  ValueKeys keys_;
  ValueMap values_;
  std::set<std::string> updated_;
};

// ---- SET ----

TEST_F(ExprEvaluateUpdateTest, SetTopLevelAndNested) {
  SetValues(R"({":v":{"S":"new"},":n":{"N":"7"}})");
  Item item = J(R"({"k":{"S":"key"},"a":{"M":{"b":{"N":"1"}}},"l":{"L":[{"N":"0"},{"N":"1"}]}})");
  EXPECT_EQ(Upd("SET c = :v, a.b = :n, a.z = :v, l[1] = :v", item),
            Canon(R"({"k":{"S":"key"},"a":{"M":{"b":{"N":"7"},"z":{"S":"new"}}},"c":{"S":"new"},
                      "l":{"L":[{"N":"0"},{"S":"new"}]}})"));
  EXPECT_EQ(updated_, (std::set<std::string>{"a", "c", "l"}));
  EXPECT_EQ(Upd("SET #dot = :n", Item{}), Canon(R"({"x.y":{"N":"7"}})"));
}

TEST_F(ExprEvaluateUpdateTest, SetListIndexPastTheEndAppends) {
  SetValues(R"({":v":{"S":"x"},":w":{"S":"y"}})");
  Item item = J(R"({"l":{"L":[{"N":"0"}]}})");
  EXPECT_EQ(Upd("SET l[10] = :v", item), Canon(R"({"l":{"L":[{"N":"0"},{"S":"x"}]}})"));
  EXPECT_EQ(Upd("SET l[5] = :v, l[7] = :w", item), Canon(R"({"l":{"L":[{"N":"0"},{"S":"x"},{"S":"y"}]}})"));
  // Several appends land in index order, not expression order.
  EXPECT_EQ(Upd("SET l[84] = :v, l[17] = :w", item), Canon(R"({"l":{"L":[{"N":"0"},{"S":"y"},{"S":"x"}]}})"));
  EXPECT_EQ(Upd("SET l[1] = :v, l[0] = :w", item), Canon(R"({"l":{"L":[{"S":"y"},{"S":"x"}]}})"));
}

TEST_F(ExprEvaluateUpdateTest, SetIntoMissingOrWrongParentIsInvalid) {
  SetValues(R"({":v":{"S":"x"}})");
  Item item = J(R"({"s":{"S":"str"},"m":{"M":{}},"l":{"L":[]}})");
  EXPECT_EQ(Upd("SET a.b = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET m.x.y = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET s.x = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET s[0] = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET m[0] = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET l.x = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET l[0].x = :v", item), kBadPath);
  EXPECT_EQ(Upd("SET a[0] = :v", Item{}), kBadPath);
}

TEST_F(ExprEvaluateUpdateTest, SetFromPathsReadsTheOldItem) {
  SetValues(R"({":v":{"N":"1"}})");
  Item item = J(R"({"a":{"N":"1"},"b":{"N":"2"}})");
  // A swap: both right-hand sides are read before either write.
  EXPECT_EQ(Upd("SET a = b, b = a", item), Canon(R"({"a":{"N":"2"},"b":{"N":"1"}})"));
  EXPECT_EQ(Upd("SET c = zz", item), kNoAttr);
  EXPECT_EQ(Upd("SET c = a.x", item), kNoAttr);
}

TEST_F(ExprEvaluateUpdateTest, PlusAndMinusAreExact) {
  SetValues(R"({":d":{"N":"0.1"},":big":{"N":"1E50"},":one":{"N":"1"},
               ":s":{"S":"1"}})");
  Item item = J(R"({"n":{"N":"0.2"},"s":{"S":"x"}})");
  EXPECT_EQ(Upd("SET n = n + :d", item), Canon(R"({"n":{"N":"0.3"},"s":{"S":"x"}})"));
  EXPECT_EQ(Upd("SET n = n - :d", item), Canon(R"({"n":{"N":"0.1"},"s":{"S":"x"}})"));
  EXPECT_EQ(Upd("SET m = :one - n", item), Canon(R"({"m":{"N":"0.8"},"n":{"N":"0.2"},"s":{"S":"x"}})"));
  EXPECT_EQ(
      Upd("SET n = n + :s", item),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, "
      "operand type: S");
  EXPECT_EQ(
      Upd("SET n = :s - n", item),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: -, "
      "operand type: S");
  // Checked before any item attribute is read.
  EXPECT_EQ(Upd("SET n = zz + :one, m = n + :s", item).substr(0, 26), "Invalid UpdateExpression: ");
  EXPECT_EQ(Upd("SET n = n + s", item), kBadType);
  EXPECT_EQ(Upd("SET n = if_not_exists(s, :one) + :one", item), kBadType);
  EXPECT_EQ(Upd("SET n = s - :one", item), kBadType);
  EXPECT_EQ(Upd("SET n = zz + :one", item), kNoAttr);
  EXPECT_EQ(Upd("SET n = :big + :one", item).substr(0, 15), "Number overflow");
}

TEST_F(ExprEvaluateUpdateTest, IfNotExists) {
  SetValues(R"({":zero":{"N":"0"},":one":{"N":"1"}})");
  EXPECT_EQ(Upd("SET c = if_not_exists(c, :zero) + :one", Item{}), Canon(R"({"c":{"N":"1"}})"));
  EXPECT_EQ(Upd("SET c = if_not_exists(c, :zero) + :one", J(R"({"c":{"N":"5"}})")),
            Canon(R"({"c":{"N":"6"}})"));
  EXPECT_EQ(Upd("SET d = if_not_exists(c, :zero)", J(R"({"c":{"S":"s"}})")),
            Canon(R"({"c":{"S":"s"},"d":{"S":"s"}})"));
  EXPECT_EQ(Upd("SET d = if_not_exists(c.x, d)", J(R"({"d":{"N":"3"}})")), Canon(R"({"d":{"N":"3"}})"));
  EXPECT_EQ(Upd("SET d = if_not_exists(c, e)", Item{}), kNoAttr);
}

TEST_F(ExprEvaluateUpdateTest, ListAppend) {
  SetValues(R"({":l":{"L":[{"S":"x"}]},":s":{"S":"x"},":empty":{"L":[]}})");
  Item item = J(R"({"l":{"L":[{"N":"1"}]},"s":{"S":"str"}})");
  EXPECT_EQ(Upd("SET l = list_append(l, :l)", item),
            Canon(R"({"l":{"L":[{"N":"1"},{"S":"x"}]},"s":{"S":"str"}})"));
  EXPECT_EQ(Upd("SET l = list_append(:l, l)", item),
            Canon(R"({"l":{"L":[{"S":"x"},{"N":"1"}]},"s":{"S":"str"}})"));
  EXPECT_EQ(Upd("SET n = list_append(if_not_exists(n, :empty), :l)", item),
            Canon(R"({"l":{"L":[{"N":"1"}]},"n":{"L":[{"S":"x"}]},"s":{"S":"str"}})"));
  EXPECT_EQ(
      Upd("SET l = list_append(l, :s)", item),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: "
      "list_append, operand type: S");
  EXPECT_EQ(Upd("SET l = list_append(s, :l)", item), kBadType);
  EXPECT_EQ(Upd("SET l = list_append(zz, :l)", item), kNoAttr);
}

// ---- REMOVE ----

TEST_F(ExprEvaluateUpdateTest, RemoveAttributesAndNestedMembers) {
  Item item = J(R"({"a":{"N":"1"},"m":{"M":{"x":{"N":"1"},"y":{"N":"2"}}},"b":{"S":"b"}})");
  EXPECT_EQ(Upd("REMOVE a, m.x", item), Canon(R"({"m":{"M":{"y":{"N":"2"}}},"b":{"S":"b"}})"));
  EXPECT_EQ(updated_, (std::set<std::string>{"a", "m"}));
  // A missing leaf is a no-op; a missing or non-container parent is an error, except when the
  // whole item is missing.
  EXPECT_EQ(Upd("REMOVE zz, m.zz", item), Show(item));
  EXPECT_EQ(Upd("REMOVE q.r", item), kBadPath);
  EXPECT_EQ(Upd("REMOVE b.c", item), kBadPath);
  EXPECT_EQ(Upd("REMOVE b[0]", item), kBadPath);
  EXPECT_EQ(Upd("REMOVE m[0]", item), kBadPath);
  EXPECT_EQ(Upd("REMOVE q.r", Item{}), "{}");
  EXPECT_EQ(Upd("REMOVE q[0]", Item{}), "{}");
}

TEST_F(ExprEvaluateUpdateTest, RemoveListElementsUsesOldIndexes) {
  Item item = J(R"({"l":{"L":[{"N":"0"},{"N":"1"},{"N":"2"},{"N":"3"},{"N":"4"}]}})");
  EXPECT_EQ(Upd("REMOVE l[1], l[3]", item), Canon(R"({"l":{"L":[{"N":"0"},{"N":"2"},{"N":"4"}]}})"));
  EXPECT_EQ(Upd("REMOVE l[3], l[1], l[9]", item), Canon(R"({"l":{"L":[{"N":"0"},{"N":"2"},{"N":"4"}]}})"));
  EXPECT_EQ(Upd("REMOVE l[0], l[1], l[2], l[3], l[4]", item), Canon(R"({"l":{"L":[]}})"));
  SetValues(R"({":v":{"S":"x"}})");
  // scylladb test_update_expression_nested_remove_list_item_original_number, both orders.
  EXPECT_EQ(Upd("REMOVE l[1] SET l[3] = :v", item),
            Canon(R"({"l":{"L":[{"N":"0"},{"N":"2"},{"S":"x"},{"N":"4"}]}})"));
  EXPECT_EQ(Upd("SET l[3] = :v REMOVE l[1]", item),
            Canon(R"({"l":{"L":[{"N":"0"},{"N":"2"},{"S":"x"},{"N":"4"}]}})"));
  EXPECT_EQ(Upd("REMOVE l[0] SET l[2] = :v", item),
            Canon(R"({"l":{"L":[{"N":"1"},{"S":"x"},{"N":"3"},{"N":"4"}]}})"));
}

// ---- ADD ----

TEST_F(ExprEvaluateUpdateTest, AddNumbers) {
  SetValues(R"({":n":{"N":"2.5"},":neg":{"N":"-10"}})");
  EXPECT_EQ(Upd("ADD c :n", Item{}), Canon(R"({"c":{"N":"2.5"}})"));
  EXPECT_EQ(Upd("ADD c :n", J(R"({"c":{"N":"1"}})")), Canon(R"({"c":{"N":"3.5"}})"));
  EXPECT_EQ(Upd("ADD c :neg", J(R"({"c":{"N":"1"}})")), Canon(R"({"c":{"N":"-9"}})"));
  EXPECT_EQ(Upd("ADD m.c :n", J(R"({"m":{"M":{}}})")), Canon(R"({"m":{"M":{"c":{"N":"2.5"}}}})"));
  EXPECT_EQ(Upd("ADD m.c :n", Item{}), kBadPath);
  EXPECT_EQ(Upd("ADD c :n", J(R"({"c":{"S":"1"}})")), kBadType);
  EXPECT_EQ(Upd("ADD c :n", J(R"({"c":{"NS":["1"]}})")), kBadType);
}

TEST_F(ExprEvaluateUpdateTest, AddSets) {
  SetValues(R"({":ss":{"SS":["b","c"]},":ns":{"NS":["1","3"]},":bs":{"BS":["Ag=="]}})");
  EXPECT_EQ(Upd("ADD s :ss", Item{}), Canon(R"({"s":{"SS":["b","c"]}})"));
  EXPECT_EQ(Upd("ADD s :ss", J(R"({"s":{"SS":["a","b"]}})")), Canon(R"({"s":{"SS":["a","b","c"]}})"));
  EXPECT_EQ(Upd("ADD s :ns", J(R"({"s":{"NS":["1.0","2"]}})")), Canon(R"({"s":{"NS":["1","2","3"]}})"));
  EXPECT_EQ(Upd("ADD s :bs", J(R"({"s":{"BS":["AQ=="]}})")), Canon(R"({"s":{"BS":["AQ==","Ag=="]}})"));
  EXPECT_EQ(Upd("ADD s :ss", J(R"({"s":{"NS":["1"]}})")), kBadType);
  EXPECT_EQ(Upd("ADD s :ss", J(R"({"s":{"L":[]}})")), kBadType);
}

TEST_F(ExprEvaluateUpdateTest, AddOperandTypeErrors) {
  SetValues(R"({":s":{"S":"x"},":l":{"L":[]},":m":{"M":{}},":b":{"B":"AQ=="},":t":{"BOOL":true},
               ":null":{"NULL":true}})");
  auto msg = [](std::string_view type) {
    return "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
           "operand type: " +
           std::string(type) + ", typeSet: ALLOWED_FOR_ADD_OPERAND";
  };
  EXPECT_EQ(Upd("ADD c :s", Item{}), msg("STRING"));
  EXPECT_EQ(Upd("ADD c :l", Item{}), msg("LIST"));
  EXPECT_EQ(Upd("ADD c :m", Item{}), msg("MAP"));
  EXPECT_EQ(Upd("ADD c :b", Item{}), msg("BINARY"));
  EXPECT_EQ(Upd("ADD c :t", Item{}), msg("BOOLEAN"));
  EXPECT_EQ(Upd("ADD c :null", Item{}), msg("NULL"));
  // Checked before any SET operand is evaluated.
  EXPECT_EQ(Upd("SET d = zz ADD c :s", Item{}), msg("STRING"));
}

// ---- DELETE ----

TEST_F(ExprEvaluateUpdateTest, DeleteFromSets) {
  SetValues(R"({":ss":{"SS":["a","z"]},":ns":{"NS":["2"]},":all":{"SS":["a","b"]},":bs":{"BS":["AQ=="]}})");
  EXPECT_EQ(Upd("DELETE s :ss", J(R"({"s":{"SS":["a","b"]}})")), Canon(R"({"s":{"SS":["b"]}})"));
  EXPECT_EQ(Upd("DELETE s :ns", J(R"({"s":{"NS":["1","2.00"]}})")), Canon(R"({"s":{"NS":["1"]}})"));
  EXPECT_EQ(Upd("DELETE s :bs", J(R"({"s":{"BS":["AQ==","Ag=="]}})")), Canon(R"({"s":{"BS":["Ag=="]}})"));
  // Emptying the set removes the attribute.
  EXPECT_EQ(Upd("DELETE s :all", J(R"({"s":{"SS":["a","b"]},"k":{"N":"1"}})")), Canon(R"({"k":{"N":"1"}})"));
  EXPECT_EQ(Upd("DELETE m.s :all", J(R"({"m":{"M":{"s":{"SS":["a"]}}}})")), Canon(R"({"m":{"M":{}}})"));
  EXPECT_EQ(Upd("DELETE s :ss", Item{}), "{}");
  EXPECT_EQ(updated_, (std::set<std::string>{"s"}));
  EXPECT_EQ(Upd("DELETE s :ss", J(R"({"s":{"NS":["1"]}})")), kBadType);
  EXPECT_EQ(Upd("DELETE s :ss", J(R"({"s":{"S":"a"}})")), kBadType);
}

TEST_F(ExprEvaluateUpdateTest, DeleteOperandTypeErrors) {
  SetValues(R"({":n":{"N":"1"},":s":{"S":"x"},":l":{"L":[]}})");
  auto msg = [](std::string_view type) {
    return "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
           "operand "
           "type: " +
           std::string(type) + ", typeSet: ALLOWED_FOR_DELETE_OPERAND";
  };
  EXPECT_EQ(Upd("DELETE c :n", Item{}), msg("NUMBER"));
  EXPECT_EQ(Upd("DELETE c :s", Item{}), msg("STRING"));
  EXPECT_EQ(Upd("DELETE c :l", Item{}), msg("LIST"));
}

TEST_F(ExprEvaluateUpdateTest, AllClausesTogether) {
  SetValues(R"({":one":{"N":"1"},":tag":{"SS":["t2"]},":old":{"SS":["t1"]},":v":{"S":"v"}})");
  Item item = J(R"({"k":{"S":"1"},"count":{"N":"1"},"tags":{"SS":["t1"]},"gone":{"BOOL":true},
                   "prev":{"SS":["t1","t3"]}})");
  EXPECT_EQ(Upd("SET v = :v REMOVE gone ADD #a :one, tags :tag DELETE prev :old", item),
            Canon(R"({"k":{"S":"1"},"count":{"N":"1"},"tags":{"SS":["t1","t2"]},"a":{"N":"1"},
                      "prev":{"SS":["t3"]},"v":{"S":"v"}})"));
  EXPECT_EQ(updated_, (std::set<std::string>{"v", "gone", "a", "tags", "prev"}));
}

// scylladb test_item.py, test_update_item_non_existent (run against DynamoDB): an update made only of
// REMOVE and DELETE actions leaves a missing item missing; an empty one still creates it.
TEST_F(ExprEvaluateUpdateTest, OnlyRemovingUpdatesDoNotCreateAMissingItem) {
  auto creates = [](std::string_view text) {
    auto parsed = ParseUpdate(text);
    EXPECT_TRUE(parsed.ok()) << text;
    return parsed.ok() && CreatesMissingItem(*parsed);
  };
  EXPECT_FALSE(creates("REMOVE a"));
  EXPECT_FALSE(creates("REMOVE a.b, c[0] DELETE s :v"));
  EXPECT_TRUE(creates("SET a = :v REMOVE b"));
  EXPECT_TRUE(creates("ADD n :one"));
  EXPECT_TRUE(CreatesMissingItem(UpdateExpression{}));
  // Such an update is checked against an empty item, where REMOVE of a nested path is no error.
  SetValues(R"({":v":{"SS":["x"]}})");
  EXPECT_EQ(Upd("REMOVE x.y, z[0] DELETE s :v", Item{}), "{}");
}

TEST_F(ExprEvaluateUpdateTest, UndefinedValueWithoutResolver) {
  auto parsed = ParseUpdate("SET a = :nope");
  ASSERT_TRUE(parsed.ok());
  auto result = ApplyUpdate(*parsed, Item{}, values_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(
      result.error().message,
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute "
      "value: :nope");
}

// scylladb test/alternator/test_returnvalues.py, test_update_item_returnvalues_nested.
TEST_F(ExprEvaluateUpdateTest, UpdatedPathsGiveUpdatedOldAndNew) {
  SetValues(R"({":v":{"N":"7"},":w":{"S":"dog"}})");
  Item old = J(
      R"({"p":{"S":"k"},"a":{"M":{"b":{"S":"hi"},"c":{"L":[{"N":"1"},{"N":"2"},{"N":"3"}]}}},"d":{"S":"cat"}})");
  auto apply = [&](std::string_view text) {
    auto parsed = ParseUpdate(text);
    EXPECT_TRUE(parsed.ok());
    Resolver resolver(names_, keys_);
    EXPECT_TRUE(resolver.Resolve(*parsed).ok());
    auto result = ApplyUpdate(*parsed, old, values_);
    EXPECT_TRUE(result.ok());
    return std::make_pair(Show(Project(old, result->updated_paths)),
                          Show(Project(result->item, result->updated_paths)));
  };
  EXPECT_EQ(apply("SET a.c[1] = :v, a.b = :w"),
            std::make_pair(Canon(R"({"a":{"M":{"b":{"S":"hi"},"c":{"L":[{"N":"2"}]}}}})"),
                           Canon(R"({"a":{"M":{"b":{"S":"dog"},"c":{"L":[{"N":"7"}]}}}})")));
  EXPECT_EQ(apply("REMOVE a.c[1], a.c[5]"), std::make_pair(Canon(R"({"a":{"M":{"c":{"L":[{"N":"2"}]}}}})"),
                                                           Canon(R"({"a":{"M":{"c":{"L":[{"N":"3"}]}}}})")));
  EXPECT_EQ(apply("SET a.x = :v"),
            std::make_pair(std::string("{}"), Canon(R"({"a":{"M":{"x":{"N":"7"}}}})")));
  EXPECT_EQ(apply("SET a.c[100] = :v"), std::make_pair(std::string("{}"), std::string("{}")));
}

// ---- Project / Restrict ----

TEST_F(ExprEvaluateUpdateTest, ProjectTopLevelAndNested) {
  Item item =
      J(R"({"a":{"N":"1"},"b":{"M":{"c":{"N":"2"},"d":{"M":{"e":{"N":"3"},"f":{"N":"4"}}}}},"x.y":{"S":"dot"},
                   "g":{"S":"g"}})");
  EXPECT_EQ(Proj("a, g", item), Canon(R"({"a":{"N":"1"},"g":{"S":"g"}})"));
  EXPECT_EQ(Proj("b.d.e, b.c", item), Canon(R"({"b":{"M":{"c":{"N":"2"},"d":{"M":{"e":{"N":"3"}}}}}})"));
  EXPECT_EQ(Proj("#dot, zz, b.zz, a.q", item), Canon(R"({"x.y":{"S":"dot"}})"));
  EXPECT_EQ(Proj("a[0], b.c[1]", item), "{}");
  EXPECT_EQ(Proj("b.d", item), Canon(R"({"b":{"M":{"d":{"M":{"e":{"N":"3"},"f":{"N":"4"}}}}}})"));
}

TEST_F(ExprEvaluateUpdateTest, ProjectListElementsCompactedInIndexOrder) {
  Item item = J(R"({"l":{"L":[{"S":"0"},{"M":{"k":{"N":"1"},"j":{"N":"9"}}},{"S":"2"},{"S":"3"}]}})");
  EXPECT_EQ(Proj("l[3], l[0]", item), Canon(R"({"l":{"L":[{"S":"0"},{"S":"3"}]}})"));
  EXPECT_EQ(Proj("l[1].k, l[7]", item), Canon(R"({"l":{"L":[{"M":{"k":{"N":"1"}}}]}})"));
  EXPECT_EQ(Proj("l[7], l[0].x", item), "{}");
}

TEST_F(ExprEvaluateUpdateTest, RestrictKeepsNamedAttributes) {
  Item item = J(R"({"a":{"N":"1"},"b":{"N":"2"},"c":{"N":"3"}})");
  EXPECT_EQ(Show(Restrict(item, {"a", "c", "zz"})), Canon(R"({"a":{"N":"1"},"c":{"N":"3"}})"));
  EXPECT_EQ(Show(Restrict(item, {})), "{}");
}

}  // namespace
}  // namespace tarn::dynamodb::expr
