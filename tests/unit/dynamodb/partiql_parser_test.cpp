#include "dynamodb/partiql/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::dynamodb::partiql {
namespace {

constexpr std::string_view kEnvelope = "Statement wasn't well formed, can't be processed: ";

Statement Parse(std::string_view text) {
  auto r = ParseStatement(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Statement{};
}

// The detail after DynamoDB's envelope, or "parsed" when the statement was accepted.
std::string Error(std::string_view text) {
  auto r = ParseStatement(text);
  if (r.ok()) return "parsed";
  EXPECT_EQ(r.error().code, "ValidationException");
  EXPECT_EQ(r.error().http_status, 400);
  std::string message = r.error().message;
  EXPECT_TRUE(message.starts_with(kEnvelope)) << message;
  return message.substr(std::min(message.size(), kEnvelope.size()));
}

std::string PathText(const expr::Path& p) { return expr::ToString(p); }

TEST(PartiqlParserTest, SelectStar) {
  Statement s = Parse(R"(SELECT * FROM "student")");
  EXPECT_EQ(s.kind, Statement::Kind::kSelect);
  EXPECT_EQ(s.table, "student");
  EXPECT_FALSE(s.index);
  EXPECT_TRUE(s.projection.empty());
  EXPECT_FALSE(s.where);
}

TEST(PartiqlParserTest, SelectProjectionIndexWhereOrder) {
  Statement s = Parse(
      R"(select name, address.city, tags[1] from "marks"."by_score" where student_id = ? order by score desc)");
  EXPECT_EQ(s.table, "marks");
  EXPECT_EQ(s.index, "by_score");
  ASSERT_EQ(s.projection.size(), 3u);
  EXPECT_EQ(PathText(s.projection[1]), "address.city");
  EXPECT_EQ(PathText(s.projection[2]), "tags[1]");
  ASSERT_TRUE(s.where);
  EXPECT_EQ(s.where->kind, Condition::Kind::kCompare);
  EXPECT_EQ(s.where->operands[1].literal.kind, Literal::Kind::kParameter);
  ASSERT_TRUE(s.order_by);
  EXPECT_EQ(PathText(*s.order_by), "score");
  EXPECT_TRUE(s.descending);
  EXPECT_EQ(s.parameter_count, 1u);
}

TEST(PartiqlParserTest, FunctionInProjectionIsRefusedLater) {
  // Parsed whole, with the refusal kept for after the table and index are known.
  Statement s = Parse(R"(SELECT COUNT(*) FROM "t"."gsi")");
  EXPECT_EQ(s.index, "gsi");
  EXPECT_EQ(s.projection_error, "Unexpected path component at 1:8:5");
  s = Parse(R"(SELECT a, attribute_exists(f(b), c) FROM "t" WHERE pk = 'x')");
  EXPECT_EQ(s.projection_error, "Unexpected path component at 1:11:16");
  ASSERT_EQ(s.projection.size(), 1u);
  ASSERT_TRUE(s.where);
  EXPECT_FALSE(Parse(R"(SELECT a FROM "t")").projection_error);
  // An unclosed call is a syntax error.
  EXPECT_EQ(Error(R"(SELECT COUNT(* FROM "t")"), "Unexpected end of statement");
}

TEST(PartiqlParserTest, UnquotedTableAndTrailingSemicolon) {
  EXPECT_EQ(Parse("SELECT * FROM student;").table, "student");
  EXPECT_EQ(Parse(R"(SELECT * FROM "my-table.v2")").table, "my-table.v2");
  EXPECT_EQ(Parse(R"(SELECT * FROM "say ""hi""")").table, R"(say "hi")");
}

TEST(PartiqlParserTest, ConditionPrecedence) {
  Statement s = Parse("SELECT * FROM t WHERE a = 1 OR b = 2 AND NOT c = 3");
  ASSERT_EQ(s.where->kind, Condition::Kind::kOr);
  EXPECT_EQ(s.where->children[1].kind, Condition::Kind::kAnd);
  EXPECT_EQ(s.where->children[1].children[1].kind, Condition::Kind::kNot);
  Statement p = Parse("SELECT * FROM t WHERE (a = 1 OR b = 2) AND c = 3");
  EXPECT_EQ(p.where->kind, Condition::Kind::kAnd);
}

TEST(PartiqlParserTest, Predicates) {
  EXPECT_EQ(Parse("SELECT * FROM t WHERE a BETWEEN 1 AND 5").where->kind, Condition::Kind::kBetween);
  Statement in = Parse("SELECT * FROM t WHERE a IN [1, 2, 'x']");
  EXPECT_EQ(in.where->kind, Condition::Kind::kIn);
  EXPECT_EQ(in.where->operands.size(), 4u);
  EXPECT_EQ(Parse("SELECT * FROM t WHERE a IN (1, 2)").where->operands.size(), 3u);
  Statement bw = Parse("SELECT * FROM t WHERE BEGINS_WITH(name, 'A')");
  EXPECT_EQ(bw.where->kind, Condition::Kind::kFunction);
  EXPECT_EQ(bw.where->function, "begins_with");
  EXPECT_EQ(Parse("SELECT * FROM t WHERE contains(tags, 'x')").where->function, "contains");
  EXPECT_EQ(Parse("SELECT * FROM t WHERE attribute_type(a, 'N')").where->function, "attribute_type");
  EXPECT_EQ(Parse("SELECT * FROM t WHERE a IS MISSING").where->kind, Condition::Kind::kMissing);
  Statement not_missing = Parse("SELECT * FROM t WHERE a.b IS NOT MISSING");
  EXPECT_EQ(not_missing.where->kind, Condition::Kind::kNot);
  EXPECT_EQ(not_missing.where->children[0].kind, Condition::Kind::kMissing);
  Statement size = Parse("SELECT * FROM t WHERE size(name) >= 3");
  EXPECT_EQ(size.where->operands[0].kind, Operand::Kind::kFunction);
  EXPECT_EQ(size.where->op, expr::Comparator::kGe);
  EXPECT_EQ(Parse("SELECT * FROM t WHERE a != 1").where->op, expr::Comparator::kNe);
  EXPECT_EQ(Parse("SELECT * FROM t WHERE a <> 1").where->op, expr::Comparator::kNe);
}

TEST(PartiqlParserTest, Literals) {
  Statement s = Parse(
      R"(INSERT INTO "t" VALUE {'id': 'it''s', 'n': -12.5e1, 'ok': true, 'none': null, 'l': [1, 'a', [2]],)"
      R"( 'm': {'x': {'y': ?}}, 'ss': <<'a', 'b'>>, 'empty': {}})");
  EXPECT_EQ(s.kind, Statement::Kind::kInsert);
  ASSERT_EQ(s.item.kind, Literal::Kind::kMap);
  ASSERT_EQ(s.item.members.size(), 8u);
  EXPECT_EQ(s.item.members[0].second.scalar, AttributeValue::S("it's"));
  EXPECT_EQ(s.item.members[1].second.scalar.n().ToString(), "-125");
  EXPECT_EQ(s.item.members[2].second.scalar, AttributeValue::Bool(true));
  EXPECT_TRUE(s.item.members[3].second.scalar.is(AttributeType::kNULL));
  EXPECT_EQ(s.item.members[4].second.elements.size(), 3u);
  EXPECT_EQ(s.item.members[5].second.members[0].second.members[0].second.kind, Literal::Kind::kParameter);
  EXPECT_EQ(s.item.members[6].second.kind, Literal::Kind::kBag);
  EXPECT_EQ(s.parameter_count, 1u);
}

TEST(PartiqlParserTest, InsertWholeItemParameter) {
  Statement s = Parse("INSERT INTO t VALUE ?");
  EXPECT_EQ(s.item.kind, Literal::Kind::kParameter);
}

TEST(PartiqlParserTest, Update) {
  Statement s = Parse(
      "UPDATE \"student\" SET standard = standard + 1 SET tags = set_add(tags, <<'x'>>), "
      "l = list_append(l, [1]) REMOVE email, a.b[2] WHERE id = '1' AND standard < 12 RETURNING MODIFIED NEW "
      "*");
  EXPECT_EQ(s.kind, Statement::Kind::kUpdate);
  ASSERT_EQ(s.set.size(), 3u);
  EXPECT_EQ(s.set[0].value.kind, Operand::Kind::kPlus);
  EXPECT_EQ(s.set[1].value.function, "set_add");
  EXPECT_EQ(s.set[2].value.function, "list_append");
  ASSERT_EQ(s.remove.size(), 2u);
  EXPECT_EQ(PathText(s.remove[1]), "a.b[2]");
  EXPECT_EQ(s.returning, Returning::kUpdatedNew);
  EXPECT_EQ(Parse("UPDATE t SET a = 1 WHERE k = 1 RETURNING ALL OLD *").returning, Returning::kAllOld);
  EXPECT_EQ(Parse("UPDATE t SET a = 1 WHERE k = 1 RETURNING ALL NEW *").returning, Returning::kAllNew);
  EXPECT_EQ(Parse("UPDATE t SET a = 1 WHERE k = 1 RETURNING MODIFIED OLD *").returning,
            Returning::kUpdatedOld);
  EXPECT_EQ(Parse("UPDATE t REMOVE a WHERE k = 1").remove.size(), 1u);
  EXPECT_EQ(Parse("UPDATE t SET a = b - ? WHERE k = ?").parameter_count, 2u);
}

TEST(PartiqlParserTest, DeleteAndExists) {
  Statement d = Parse("DELETE FROM \"t\" WHERE pk = 'a' AND sk = 2 RETURNING ALL OLD *");
  EXPECT_EQ(d.kind, Statement::Kind::kDelete);
  EXPECT_EQ(d.returning, Returning::kAllOld);
  Statement e = Parse("EXISTS(SELECT * FROM \"t\" WHERE pk = 'a' AND x > 1)");
  EXPECT_EQ(e.kind, Statement::Kind::kExists);
  EXPECT_EQ(e.table, "t");
}

TEST(PartiqlParserTest, QuotedNamesMayBeKeywords) {
  Statement s = Parse(R"(SELECT "select", "from".x FROM t WHERE "where" = 1 AND "value" IS MISSING)");
  EXPECT_EQ(PathText(s.projection[0]), "select");
  EXPECT_EQ(PathText(s.projection[1]), "from.x");
}

TEST(PartiqlParserTest, CommentsAndWhitespace) {
  EXPECT_EQ(Parse("SELECT *\n  FROM t -- all of it\n WHERE a = 1").table, "t");
}

// Malformed statements: DynamoDB's envelope with the detail tarn gives.
struct Malformed {
  const char* statement;
  const char* detail;
};

TEST(PartiqlParserTest, MalformedStatements) {
  const Malformed cases[] = {
      // not a DML statement
      {"", "Expected data manipulation"},
      {"   ", "Expected data manipulation"},
      {"CREATE TABLE t", "Expected data manipulation"},
      {"DROP TABLE t", "Expected data manipulation"},
      {"UPSERT INTO t VALUE {'a': 1}", "Expected data manipulation"},
      {"'SELECT * FROM t'", "Expected data manipulation"},
      {"42", "Expected data manipulation"},
      {"(SELECT * FROM t)", "Expected data manipulation"},
      {"REPLACE INTO t VALUE {'a': 1}", "Expected data manipulation"},
      // SELECT
      {"SELECT", "Unexpected end of statement"},
      {"SELECT *", "Unexpected end of statement"},
      {"SELECT * FROM", "Unexpected end of statement"},
      {"SELECT * t", "Unexpected token"},
      {"SELECT FROM t", "Unexpected keyword"},
      {"SELECT * FROM WHERE a = 1", "Unexpected keyword"},
      {"SELECT * FROM t WHERE", "Unexpected term"},
      {"SELECT * FROM t WHERE a", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE a =", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE = 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a == 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a = 1 AND", "Unexpected term"},
      {"SELECT * FROM t WHERE a = 1 OR OR b = 2", "Unexpected keyword"},
      {"SELECT * FROM t WHERE (a = 1", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE a = 1)", "Unexpected token after expression"},
      {"SELECT * FROM t WHERE a BETWEEN 1", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE a BETWEEN 1 OR 2", "Unexpected keyword"},
      {"SELECT * FROM t WHERE a IN 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a IN [1, 2", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE a IN [1, 2)", "Unexpected token"},
      {"SELECT * FROM t WHERE a IS NUL", "Unexpected token"},
      {"SELECT * FROM t WHERE a IS", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE begins_with(a)", "Unexpected token"},
      {"SELECT * FROM t WHERE contains(a, 'x', 'y')", "Unexpected token"},
      {"SELECT * FROM t WHERE size(a, b) > 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a[x] = 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a[1.5] = 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a. = 1", "Unexpected token"},
      {"SELECT * FROM t WHERE a = 'unterminated", "Unterminated quoted text"},
      {"SELECT * FROM \"t WHERE a = 1", "Unterminated quoted text"},
      {"SELECT * FROM t WHERE a = 1 LIMIT 5", "Unexpected token after expression"},
      {"SELECT * FROM t ORDER a", "Unexpected token"},
      {"SELECT * FROM t WHERE a = 1 ORDER BY", "Unexpected end of statement"},
      {"SELECT * FROM t WHERE a = #x", ""},
      {"SELECT * FROM t /* never closed", ""},
      {"SELECT * FROM t WHERE a = :v", "Unexpected token"},
      {"SELECT a,, b FROM t", "Unexpected token"},
      {"SELECT a, FROM t", "Unexpected keyword"},
      {"SELECT * FROM t.", "Unexpected end of statement"},
      {"SELECT * FROM t; SELECT * FROM t", "Unexpected token after expression"},
      {"SELECT * FROM t WHERE a = 1e", "Unexpected token after expression"},
      {"SELECT * FROM t WHERE NOT", "Unexpected term"},
      // INSERT
      {"INSERT t VALUE {'a': 1}", "Unexpected token"},
      {"INSERT INTO t VALUES ('a', 1)", "Unexpected keyword"},
      {"INSERT INTO t (a) VALUES (1)", "Unexpected token"},
      {"INSERT INTO t VALUE", "Unexpected end of statement"},
      {"INSERT INTO t VALUE {'a': 1", "Unexpected end of statement"},
      {"INSERT INTO t VALUE {'a' 1}", "Unexpected token"},
      {"INSERT INTO t VALUE {a: 1}", "Unexpected token"},
      {"INSERT INTO t VALUE {'a': }", "Unexpected token"},
      {"INSERT INTO t VALUE {'a': 1,}", "Unexpected token"},
      {"INSERT INTO t VALUE [1, 2]", "Unexpected token"},
      {"INSERT INTO t VALUE 'x'", "Unexpected token"},
      {"INSERT INTO t VALUE {'a': <<1, 2}", "Unexpected token"},
      {"INSERT INTO t VALUE {'a': [1 2]}", "Unexpected token"},
      {"INSERT INTO t VALUE {'a': 1} {'b': 2}", "Unexpected token after expression"},
      {"INSERT INTO t x VALUE {'a': 1}", "Unexpected token after expression"},
      {"INSERT INTO t VALUE {'a': 1.2.3}", "Unexpected token"},
      {"INSERT INTO t VALUE {'a': 1e2147483648}", ""},
      {"INSERT INTO t VALUE {'a': maybe}", "Unexpected token"},
      {"INSERT INTO VALUE {'a': 1}", "Unexpected keyword"},
      // UPDATE
      {"UPDATE t", "Unexpected end of statement"},
      {"UPDATE t WHERE a = 1", "Unexpected keyword"},
      {"UPDATE t SET a = 1", "Unexpected end of statement"},
      {"UPDATE t SET a 1 WHERE k = 1", "Unexpected token"},
      {"UPDATE t SET a = WHERE k = 1", "Unexpected keyword"},
      {"UPDATE t SET = 1 WHERE k = 1", "Unexpected token"},
      {"UPDATE t SET a = 1, WHERE k = 1", "Unexpected keyword"},
      {"UPDATE t REMOVE WHERE k = 1", "Unexpected keyword"},
      {"UPDATE t SET a = 1 WHERE k = 1 RETURNING", "Unexpected end of statement"},
      {"UPDATE t SET a = 1 WHERE k = 1 RETURNING ALL *", "Unexpected token"},
      {"UPDATE t SET a = 1 WHERE k = 1 RETURNING SOME OLD *", "Unexpected token"},
      {"UPDATE t SET a = 1 WHERE k = 1 RETURNING ALL OLD", "Unexpected end of statement"},
      {"UPDATE t SET a = list_append(a) WHERE k = 1", "Unexpected token"},
      {"UPDATE t SET a = a + WHERE k = 1", "Unexpected keyword"},
      {"UPDATE SET a = 1 WHERE k = 1", "Unexpected keyword"},
      // DELETE
      {"DELETE t WHERE k = 1", "Unexpected token"},
      {"DELETE FROM t", "Unexpected end of statement"},
      {"DELETE FROM t WHERE", "Unexpected term"},
      {"DELETE FROM t WHERE k = 1 RETURNING SOME OLD *", "Unexpected token"},
      {"DELETE FROM t WHERE k = 1 RETURNING ALL OLD", "Unexpected end of statement"},
      {"DELETE * FROM t WHERE k = 1", "Unexpected token"},
      // EXISTS
      {"EXISTS SELECT * FROM t WHERE k = 1", "Unexpected keyword"},
      {"EXISTS(DELETE FROM t WHERE k = 1)", "Unexpected keyword"},
      {"EXISTS(SELECT * FROM t WHERE k = 1", "Unexpected end of statement"},
  };
  for (const Malformed& c : cases) EXPECT_EQ(Error(c.statement), c.detail) << c.statement;
  EXPECT_GE(std::size(cases), 60u);
}

// Refusals in DynamoDB's own words, outside the "not well formed" envelope (nubo-db/dynamodb-conformance's
// PartiQL tests, run against AWS; DynamoDB Local's messages).
// paritysuite/dynamodb-conformance's partiqlGrammar, whereFunctions and partiqlFunctions (AWS, October 2026).
TEST(PartiqlParserTest, AliasesNumbersAndExistenceFunctions) {
  auto message = [](std::string_view text) {
    auto r = ParseStatement(text);
    return r.ok() ? std::string("parsed") : r.error().message;
  };
  for (const char* text : {"SELECT * FROM t extra", "SELECT * FROM t AS x WHERE a = 1",
                           "UPDATE t x SET a = 3 WHERE k = 1", "DELETE FROM \"t\" x WHERE k = 1"})
    EXPECT_EQ(message(text), "Aliasing is not supported") << text;
  const std::string overflow =
      "Number overflow. Attempting to store a number with magnitude larger than supported range under ";
  EXPECT_EQ(message("SELECT * FROM t WHERE k = 1e126"), overflow + "root");
  // An INSERT's attributes are each their own root.
  EXPECT_EQ(message("INSERT INTO t VALUE {'k': 1e126}"), overflow + "root");
  EXPECT_EQ(message("INSERT INTO t VALUE {'k': 1, 'm': {'x': 1e126}}"), overflow + "root.x");
  EXPECT_EQ(message("INSERT INTO t VALUE {'k': 1, 'l': [1, 1e126]}"), overflow + "root[1]");
  EXPECT_EQ(message("SELECT * FROM t WHERE k = {'m': [1e126]}"), overflow + "root.m[0]");
  EXPECT_EQ(message("SELECT * FROM t WHERE k = 1e-131"),
            "Number underflow. Attempting to store a number with magnitude smaller than supported range "
            "under root");
  // A syntax error after an out-of-range literal is still the syntax error.
  EXPECT_EQ(message("SELECT * FROM t WHERE k = 1e126 foo"),
            std::string(kEnvelope) + "Unexpected token after expression");
  EXPECT_EQ(message("SELECT * FROM t WHERE k = 1 AND attribute_exists('a')"),
            "Operator or function requires a document path; operator or function: attribute_exists");
  EXPECT_EQ(
      message("SELECT * FROM t WHERE k = 1 AND attribute_not_exists(a, b)"),
      "Incorrect number of operands for operator or function; operator or function: attribute_not_exists, "
      "number of operands: 2");
  EXPECT_EQ(message("SELECT * FROM t WHERE k = 1 AND ATTRIBUTE_EXISTS()"),
            "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
            "number of operands: 0");
  for (const char* text : {"SELECT * FROM t /* a note */ WHERE k = 1 -- and another",
                           "SELECT * FROM t WHERE attribute_exists(m.sub) = true",
                           "SELECT * FROM t WHERE a IS NULL OR b IS NOT NULL",
                           "SELECT * FROM t WHERE a IS BOOL AND b IS NOT STRING"})
    EXPECT_EQ(message(text), "parsed") << text;
}

TEST(PartiqlParserTest, RefusedReturningClausesAndTablePaths) {
  auto message = [](std::string_view text) {
    auto parsed = ParseStatement(text);
    return parsed.ok() ? std::string("ok") : parsed.error().message;
  };
  EXPECT_EQ(
      message("DELETE FROM t WHERE k = 1 RETURNING MODIFIED OLD *"),
      "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is allowed in DELETE "
      "statements.");
  EXPECT_EQ(message("DELETE FROM t WHERE k = 1 RETURNING ALL NEW *"),
            "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE "
            "statements.");
  EXPECT_EQ(message(R"(SELECT * FROM "t"."i"."x" WHERE k = 1)"),
            "A path may contain at most 2 components in the FROM clause");
  EXPECT_EQ(message(R"(SELECT * FROM "" WHERE k = 1)"), "Path component cannot be an empty string");
  EXPECT_EQ(message(R"(SELECT * FROM "t"."" WHERE k = 1)"), "Path component cannot be an empty string");
  EXPECT_EQ(message(R"(INSERT INTO "t"."i" VALUE {'k': 1})"),
            "FROM clause may only contain a single table name");
  EXPECT_EQ(message(R"(UPDATE "t"."i" SET a = 1 WHERE k = 1)"),
            "This operation is not supported on an index");
  EXPECT_EQ(message(R"(DELETE FROM "t"."i" WHERE k = 1)"), "This operation is not supported on an index");
}

TEST(PartiqlParserTest, HostileNestingIsRefused) {
  std::string deep = "SELECT * FROM t WHERE " + std::string(5000, '(') + "a = 1" + std::string(5000, ')');
  EXPECT_EQ(Error(deep), "Too deeply nested");
  std::string list = "INSERT INTO t VALUE {'a': " + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_EQ(Error(list), "Too deeply nested");
}

}  // namespace
}  // namespace tarn::dynamodb::partiql
