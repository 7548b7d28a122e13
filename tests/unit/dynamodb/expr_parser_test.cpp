#include "dynamodb/expr/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::dynamodb::expr {
namespace {

// Canonical AST string, or "ERROR <code>: <message>".
std::string Filter(std::string_view text) {
  auto r = ParseCondition(text, ExpressionKind::kFilter);
  if (!r.ok()) return "ERROR " + r.error().code + ": " + r.error().message;
  return ToString(*r);
}
std::string FilterError(std::string_view text) {
  auto r = ParseCondition(text, ExpressionKind::kFilter);
  if (r.ok()) return "parsed as " + ToString(*r);
  EXPECT_EQ(r.error().code, "ValidationException");
  EXPECT_EQ(r.error().http_status, 400);
  return r.error().message;
}
std::string Update(std::string_view text) {
  auto r = ParseUpdate(text);
  return r.ok() ? ToString(*r) : r.error().message;
}
std::string Project(std::string_view text) {
  auto r = ParseProjection(text);
  return r.ok() ? ToString(*r) : r.error().message;
}

TEST(ExprParserTest, Comparisons) {
  EXPECT_EQ(Filter("a = :v"), "(a = :v)");
  EXPECT_EQ(Filter("a<>:v"), "(a <> :v)");
  EXPECT_EQ(Filter(":v < a"), "(:v < a)");
  EXPECT_EQ(Filter("a <= b"), "(a <= b)");
  EXPECT_EQ(Filter("a > :v"), "(a > :v)");
  EXPECT_EQ(Filter("a >= :v"), "(a >= :v)");
  EXPECT_EQ(Filter("size(a) > :n"), "(size(a) > :n)");
  EXPECT_EQ(Filter("  #a.b[3].#c[0][1] =   :v "), "(#a.b[3].#c[0][1] = :v)");
}

TEST(ExprParserTest, BetweenInAndFunctions) {
  EXPECT_EQ(Filter("a BETWEEN :lo AND :hi"), "(a BETWEEN :lo AND :hi)");
  EXPECT_EQ(Filter("a bEtWeEn :lo aNd :hi"), "(a BETWEEN :lo AND :hi)");
  EXPECT_EQ(Filter("(a)between(b.c)and(:c)"), "(a BETWEEN b.c AND :c)");
  EXPECT_EQ(Filter("a IN (:x)"), "(a IN (:x))");
  EXPECT_EQ(Filter("a in (:x, b, size(c))"), "(a IN (:x, b, size(c)))");
  EXPECT_EQ(Filter("attribute_exists(a.b)"), "attribute_exists(a.b)");
  EXPECT_EQ(Filter("attribute_not_exists(#k)"), "attribute_not_exists(#k)");
  EXPECT_EQ(Filter("attribute_type(a, :t)"), "attribute_type(a, :t)");
  EXPECT_EQ(Filter("begins_with(a, :p)"), "begins_with(a, :p)");
  EXPECT_EQ(Filter("contains(a, :x)"), "contains(a, :x)");
  EXPECT_EQ(Filter("contains(a, size(b))"), "contains(a, size(b))");
  EXPECT_EQ(Filter("a > (b)"), "(a > b)");
  EXPECT_EQ(Filter("(size(a)) > b"), "(size(a) > b)");
}

TEST(ExprParserTest, Precedence) {
  EXPECT_EQ(Filter("a = :a OR b = :b AND c = :c"), "((a = :a) OR ((b = :b) AND (c = :c)))");
  EXPECT_EQ(Filter("a = :a AND b = :b OR c = :c"), "(((a = :a) AND (b = :b)) OR (c = :c))");
  EXPECT_EQ(Filter("NOT a = :a AND b = :b"), "((NOT (a = :a)) AND (b = :b))");
  EXPECT_EQ(Filter("NOT NOT attribute_exists(a)"), "(NOT (NOT attribute_exists(a)))");
  EXPECT_EQ(Filter("not (a = :a or b = :b)"), "(NOT ((a = :a) OR (b = :b)))");
  EXPECT_EQ(Filter("a BETWEEN :x AND :y AND b IN (:z)"), "((a BETWEEN :x AND :y) AND (b IN (:z)))");
  EXPECT_EQ(Filter("(a = :a OR b = :b) AND c = :c"), "(((a = :a) OR (b = :b)) AND (c = :c))");
  EXPECT_EQ(Filter("a = :a AND b = :b AND c = :c"), "(((a = :a) AND (b = :b)) AND (c = :c))");
  EXPECT_EQ(Filter("a = :a OR NOT begins_with(b, :p) AND c <> :c"),
            "((a = :a) OR ((NOT begins_with(b, :p)) AND (c <> :c)))");
}

TEST(ExprParserTest, EmptyExpression) {
  EXPECT_EQ(FilterError(""), "Invalid FilterExpression: The expression can not be empty;");
  EXPECT_EQ(ParseCondition("", ExpressionKind::kCondition).error().message,
            "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(ParseCondition("", ExpressionKind::kKeyCondition).error().message,
            "Invalid KeyConditionExpression: The expression can not be empty;");
  EXPECT_EQ(Update(""), "Invalid UpdateExpression: The expression can not be empty;");
  EXPECT_EQ(Project(""), "Invalid ProjectionExpression: The expression can not be empty;");
}

TEST(ExprParserTest, ExpressionSizeLimit) {
  const std::string name = "a" + std::string(4095, 'z');  // 4096 bytes: accepted
  EXPECT_EQ(Project(name), name);
  EXPECT_EQ(Project(name + "z"),
            "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
  EXPECT_EQ(Update("SET " + name + " = :v"),
            "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
  EXPECT_EQ(ParseCondition(name + " = :v", ExpressionKind::kKeyCondition).error().message,
            "Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size;");
  EXPECT_EQ(FilterError(name + " = :v"),
            "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression "
            "size: 4101");
  EXPECT_EQ(
      ParseCondition("attribute_not_exists(" + name + ")", ExpressionKind::kCondition).error().message,
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: "
      "4118");
}

// Arbitrary input never crashes and always yields a ValidationException or an AST.
TEST(ExprParserTest, RandomInputIsHandled) {
  const std::string alphabet = std::string("ab#:.[]()0123,=<>+- \x01\xC3") + "ANDORNOTINBETWEENsizeSETREMOVE";
  uint32_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
  };
  int parsed = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string text;
    const size_t len = next() % 40;
    for (size_t j = 0; j < len; ++j) text += alphabet[next() % alphabet.size()];
    for (auto kind : {ExpressionKind::kFilter, ExpressionKind::kKeyCondition}) {
      auto r = ParseCondition(text, kind);
      if (r.ok())
        ++parsed;
      else
        EXPECT_EQ(r.error().code, "ValidationException") << text;
    }
    auto u = ParseUpdate(text);
    if (!u.ok()) {
      EXPECT_EQ(u.error().code, "ValidationException") << text;
    }
    auto p = ParseProjection(text);
    if (p.ok())
      ++parsed;
    else
      EXPECT_EQ(p.error().code, "ValidationException") << text;
  }
  EXPECT_GT(parsed, 0);
}

TEST(ExprParserTest, SyntaxErrorsNameTheTokenAndItsNeighbours) {
  EXPECT_EQ(FilterError("a > 4"), "Invalid FilterExpression: Syntax error; token: \"4\", near: \"> 4\"");
  EXPECT_EQ(FilterError("contains (themes, :theme"),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \":theme\"");
  EXPECT_EQ(FilterError("attribute_not_exists("),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"(\"");
  EXPECT_EQ(FilterError("a"), "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  EXPECT_EQ(FilterError("(x.IsActive)"),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \")\"");
  // "near" runs from the token before the offending one through the token after it, as in
  // DynamoDB's 'token: "_", near: "SET _123"' and 'token: "0", near: ", 0)"'.
  EXPECT_EQ(FilterError("a != :b"), "Invalid FilterExpression: Syntax error; token: \"!\", near: \"a !=\"");
  EXPECT_EQ(FilterError("!!!"), "Invalid FilterExpression: Syntax error; token: \"!\", near: \"!!\"");
  EXPECT_EQ(FilterError("a = _b"), "Invalid FilterExpression: Syntax error; token: \"_\", near: \"= _b\"");
  EXPECT_EQ(FilterError("a = :b !"), "Invalid FilterExpression: Syntax error; token: \"!\", near: \":b !\"");
  EXPECT_EQ(FilterError("a = = b"), "Invalid FilterExpression: Syntax error; token: \"=\", near: \"= = b\"");
  EXPECT_EQ(FilterError("a < >"), "Invalid FilterExpression: Syntax error; token: \">\", near: \"< >\"");
  EXPECT_EQ(FilterError("things are not gonna be ok"),
            "Invalid FilterExpression: Syntax error; token: \"are\", near: \"things are not\"");
  EXPECT_EQ(FilterError("   "), "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"\"");
}

TEST(ExprParserTest, MalformedConditionsAreSyntaxErrors) {
  // Cases from dynalite's suite, which was recorded against DynamoDB.
  for (const char* text : {"attribute_exists(Pictures-RearView)",
                           "attribute_exists(\"Pictures.RearView\")",
                           "attribute_exists(Pictures..RearView)",
                           "attribute_exists(Pi#ctures.RearView)",
                           "attribute_exists(asdf[a])",
                           "a in b, c",
                           "a > between",
                           "a in b",
                           "a in (b,c,)",
                           "(a)between(b.(c.d))and(c)",
                           "(a)between(b.c.d)and((c)",
                           "#$.b > a",
                           "a > :things.stuff",
                           "b[:a] > a",
                           "b[#_] > a",
                           "\xC3\xBC > a",
                           "(a)between(b.c[4.5].#d)and(:a)",
                           "size(a).b > a",
                           "(size(a)).b > a",
                           "size(a)[0] > a",
                           "(size(a))[0] > a",
                           "a = b = c",
                           "a = :v AND",
                           "NOT",
                           "()",
                           "a[-1] = :v",
                           "a[99999999999] = :v",
                           "(a = :v) = :w",
                           "attribute_exists()",
                           "a = :v OR OR b = :w"}) {
    EXPECT_EQ(FilterError(text).rfind("Invalid FilterExpression: Syntax error; token: ", 0), 0u) << text;
  }
}

TEST(ExprParserTest, RedundantParentheses) {
  for (const char* text :
       {"a=a and a > ((views))", "(a)between(((b.c)).d)and(c)", "a > whatever((:things), ((a)))",
        "a=a AND ((a=a AND a=a)) AND a=a", "a=a OR ((a=a OR (a=a OR a=a)))", "((a = :v))"}) {
    EXPECT_EQ(FilterError(text), "Invalid FilterExpression: The expression has redundant parentheses;")
        << text;
  }
  EXPECT_EQ(Filter("((c = :c) AND (p = :p))"), "((c = :c) AND (p = :p))");
  // Found while parsing, so it wins over a later syntax error but not an earlier one.
  EXPECT_EQ(FilterError("((a)) = :v AND 4"),
            "Invalid FilterExpression: The expression has redundant parentheses;");
  EXPECT_EQ(FilterError("a = 4 AND ((b)) = :v"),
            "Invalid FilterExpression: Syntax error; token: \"4\", near: \"= 4 AND\"");
}

TEST(ExprParserTest, FunctionErrors) {
  EXPECT_EQ(FilterError("a=a and whatever((:things)) > a"),
            "Invalid FilterExpression: Invalid function name; function: whatever");
  EXPECT_EQ(FilterError("attRIbute_exIsts((views), #a)"),
            "Invalid FilterExpression: Invalid function name; function: attRIbute_exIsts");
  EXPECT_EQ(ParseCondition("foo(a)", ExpressionKind::kCondition).error().message,
            "Invalid ConditionExpression: Invalid function name; function: foo");
  const std::pair<const char*, const char*> misused[] = {
      {"a=a and attribute_exists((views), (#a)) > b", "attribute_exists"},
      {"attribute_not_exists(things) > b", "attribute_not_exists"},
      {"attribute_type(things, :a) > b", "attribute_type"},
      {"begins_with(things, a) > b", "begins_with"},
      {"contains(:things, c) > b", "contains"},
      {"size(contains(a, b)) > a", "contains"},
      {"size(things)", "size"},
      {"a between b and attribute_exists(things)", "attribute_exists"},
      {"a in (b, attribute_exists(things))", "attribute_exists"},
  };
  for (const auto& [text, function] : misused) {
    EXPECT_EQ(FilterError(text),
              std::string("Invalid FilterExpression: The function is not allowed to be used this way in an "
                          "expression; function: ") +
                  function)
        << text;
  }
  EXPECT_EQ(FilterError("a < if_not_exists(c, :v)"),
            "Invalid FilterExpression: The function is not allowed in a condition expression; function: "
            "if_not_exists");
  EXPECT_EQ(FilterError("list_append(a, :v)"),
            "Invalid FilterExpression: The function is not allowed in a condition expression; function: "
            "list_append");
}

TEST(ExprParserTest, OperandCounts) {
  const std::tuple<const char*, const char*, int> cases[] = {
      {"attribute_exists(things, a) and a=a", "attribute_exists", 2},
      {"attribute_not_exists(things, b)", "attribute_not_exists", 2},
      {"attribute_type(things)", "attribute_type", 1},
      {"begins_with(things)", "begins_with", 1},
      {"begins_with(things, size(a), b)", "begins_with", 3},
      {"contains(things)", "contains", 1},
      {"size(things, a) > b", "size", 2},
  };
  for (const auto& [text, function, n] : cases) {
    EXPECT_EQ(FilterError(text),
              std::string("Invalid FilterExpression: Incorrect number of operands for operator or function; "
                          "operator or function: ") +
                  function + ", number of operands: " + std::to_string(n))
        << text;
  }
  EXPECT_EQ(ParseCondition("begins_with(a)", ExpressionKind::kCondition).error().message,
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or "
            "function: begins_with, number of operands: 1");
}

TEST(ExprParserTest, DocumentPathRequired) {
  EXPECT_EQ(FilterError("attribute_exists(:a) and a=a"),
            "Invalid FilterExpression: Operator or function requires a document path; operator or function: "
            "attribute_exists");
  EXPECT_EQ(FilterError("attribute_not_exists(size(:a))"),
            "Invalid FilterExpression: Operator or function requires a document path; operator or function: "
            "attribute_not_exists");
}

TEST(ExprParserTest, ReservedWords) {
  EXPECT_EQ(ParseCondition("status = :s", ExpressionKind::kCondition).error().message,
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
  EXPECT_EQ(FilterError("attribute_exists(views, #a)"),
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: views");
  EXPECT_EQ(FilterError(":a < abOrT"),
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: abOrT");
  EXPECT_EQ(FilterError("a.name = :v"),
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(Filter("#status = :s"), "(#status = :s)");
  // A syntax error anywhere wins over a reserved word.
  EXPECT_EQ(FilterError("status = 1"), "Invalid FilterExpression: Syntax error; token: \"1\", near: \"= 1\"");
}

TEST(ExprParserTest, PathNestingLimit) {
  std::string path = "a";
  for (int i = 0; i < 31; ++i) path += ".b";
  EXPECT_EQ(Project(path), path);
  EXPECT_EQ(
      Project(path + "[0]"),
      "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33");
  EXPECT_EQ(FilterError(path + ".c = :v"),
            "Invalid FilterExpression: The document path has too many nesting levels; nesting levels: 33");
}

TEST(ExprParserTest, InListLimit) {
  std::string text = "a IN (:v0";
  for (int i = 1; i < 100; ++i) text += ", :v" + std::to_string(i);
  EXPECT_EQ(Filter(text + ")").rfind("(a IN (:v0, ", 0), 0u);
  EXPECT_EQ(
      FilterError(text + ", :v100)").rfind("Invalid FilterExpression: Syntax error; token: \":v100\"", 0),
      0u);
}

TEST(ExprParserTest, DeepNestingIsRejectedWithoutRecursingForever) {
  std::string deep(3000, '(');
  EXPECT_EQ(FilterError(deep + "a = :v").rfind("Invalid FilterExpression: Syntax error; token: \"(\"", 0),
            0u);
  std::string calls;
  for (int i = 0; i < 700; ++i) calls += "size(";
  EXPECT_EQ(FilterError(calls + "a").rfind("Invalid FilterExpression: Syntax error; token: \"size\"", 0), 0u);
  EXPECT_EQ(
      Update("SET a = " + calls + "a").rfind("Invalid UpdateExpression: Syntax error; token: \"size\"", 0),
      0u);
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  EXPECT_EQ(FilterError(nots + "a = :v").rfind("Invalid FilterExpression: Syntax error; token: \"NOT\"", 0),
            0u);
}

TEST(ExprParserTest, UpdateClauses) {
  EXPECT_EQ(Update("SET a = :v"), "SET a = :v");
  EXPECT_EQ(Update("set a = :v, #b.c[2] = d"), "SET a = :v, #b.c[2] = d");
  EXPECT_EQ(Update("SET a = b + :one, c = :x - d"), "SET a = (b + :one), c = (:x - d)");
  EXPECT_EQ(Update("SET b.c = ((c[1]) + (b.a))"), "SET b.c = (c[1] + b.a)");
  EXPECT_EQ(Update("SET a = if_not_exists(a, :zero) + :one"), "SET a = (if_not_exists(a, :zero) + :one)");
  EXPECT_EQ(Update("SET l = list_append(if_not_exists(l, :empty), :items)"),
            "SET l = list_append(if_not_exists(l, :empty), :items)");
  EXPECT_EQ(Update("REMOVE a, b.c[1]"), "REMOVE a, b.c[1]");
  EXPECT_EQ(Update("ADD n :one, s :set"), "ADD n :one, s :set");
  EXPECT_EQ(Update("DELETE s :items"), "DELETE s :items");
  EXPECT_EQ(Update("REMOVE x SET a = :v DELETE s :d ADD n :one"),
            "SET a = :v REMOVE x ADD n :one DELETE s :d");
}

TEST(ExprParserTest, UpdateErrors) {
  EXPECT_EQ(Update("SET"), "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"");
  EXPECT_EQ(Update("SET a = :v REMOVE"),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"REMOVE\"");
  EXPECT_EQ(Update("SET :one + :one = :v"),
            "Invalid UpdateExpression: Syntax error; token: \":one\", near: \"SET :one +\"");
  EXPECT_EQ(Update("SET a"), "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  EXPECT_EQ(Update("SET path = VALUE 1"),
            "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"VALUE 1\"");
  EXPECT_EQ(Update("SET a = :v,"), "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(Update("SET a = b +"), "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"");
  EXPECT_EQ(Update("SET a = b + c + d"),
            "Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c + d\"");
  EXPECT_EQ(Update("SET a = :v b = :w"),
            "Invalid UpdateExpression: Syntax error; token: \"b\", near: \":v b =\"");
  EXPECT_EQ(Update("PUT a = :v"), "Invalid UpdateExpression: Syntax error; token: \"PUT\", near: \"PUT a\"");
  EXPECT_EQ(Update("ADD a b"), "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"");
  EXPECT_EQ(Update("SET a = 1"), "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"= 1\"");
  // Parenthesised operands are fine (dynalite's updateItem tests, run against AWS); an empty pair is not.
  EXPECT_EQ(Update("SET a = (b)"), "SET a = b");
  EXPECT_EQ(Update("SET a = ()"), "Invalid UpdateExpression: Syntax error; token: \")\", near: \"()\"");
  EXPECT_EQ(Update("SET a = :v SET b = :w"),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  EXPECT_EQ(Update("ADD a :v REMOVE b ADD c :w"),
            "Invalid UpdateExpression: The \"ADD\" section can only be used once in an update expression;");
  EXPECT_EQ(Update("SET a = size(b)"),
            "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
  EXPECT_EQ(Update("SET a = foo(b)"), "Invalid UpdateExpression: Invalid function name; function: foo");
  EXPECT_EQ(Update("SET a = if_not_exists(b)"),
            "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or "
            "function: if_not_exists, number of operands: 1");
  EXPECT_EQ(Update("SET a = if_not_exists(:v, b)"),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or function: "
            "if_not_exists");
  EXPECT_EQ(Update("SET status = :v"),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
  EXPECT_EQ(Update("SET a = :v, REMOVE b"),
            "Invalid UpdateExpression: Syntax error; token: \"REMOVE\", near: \", REMOVE b\"");
  EXPECT_EQ(Update("REMOVE a = :v"),
            "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = :v\"");
  EXPECT_EQ(Update("SET _123 = :v"),
            "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"");
  EXPECT_EQ(Update("SET a = _f(b)"), "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"= _f\"");
  EXPECT_EQ(Update("SET a_1 = :v"), "SET a_1 = :v");
  // list_append takes if_not_exists(...) but not another list_append.
  EXPECT_EQ(Update("SET a = list_append(list_append(:v, :w), :x)"),
            "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; "
            "function: list_append");
  EXPECT_EQ(Update("SET a = list_append(:x, list_append(:v, :w))"),
            "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; "
            "function: list_append");
  EXPECT_EQ(Update("SET a = list_append(if_not_exists(a, :v), :w)"),
            "SET a = list_append(if_not_exists(a, :v), :w)");
}

TEST(ExprParserTest, Projections) {
  EXPECT_EQ(Project("a"), "a");
  EXPECT_EQ(Project("a, #b.c[0], d[1][2]"), "a, #b.c[0], d[1][2]");
  EXPECT_EQ(Project("a b"), "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
  EXPECT_EQ(Project("a,"), "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(Project("[0]"), "Invalid ProjectionExpression: Syntax error; token: \"[\", near: \"[0\"");
  EXPECT_EQ(Project("a, size"),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved "
            "keyword: size");
}

}  // namespace
}  // namespace tarn::dynamodb::expr
