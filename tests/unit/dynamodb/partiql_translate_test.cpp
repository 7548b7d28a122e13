#include "dynamodb/partiql/translate.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <string>

#include "dynamodb/partiql/parser.h"

namespace tarn::dynamodb::partiql {
namespace {

namespace json = boost::json;

KeySchema HashOnly() { return KeySchema{{"id", ScalarAttributeType::kS}, std::nullopt}; }
KeySchema HashRange() {
  return KeySchema{{"student_id", ScalarAttributeType::kS}, KeyAttribute{"subject", ScalarAttributeType::kS}};
}

Translation Ok(std::string_view text, const KeySchema& keys, std::vector<AttributeValue> params = {}) {
  auto s = ParseStatement(text);
  EXPECT_TRUE(s.ok()) << text;
  if (!s.ok()) return {};
  auto t = Translate(*s, params, keys);
  EXPECT_TRUE(t.ok()) << text << ": " << (t.ok() ? "" : t.error().message);
  return t.ok() ? *t : Translation{};
}

std::string Fail(std::string_view text, const KeySchema& keys, std::vector<AttributeValue> params = {}) {
  auto s = ParseStatement(text);
  if (!s.ok()) return "parse: " + s.error().message;
  auto t = Translate(*s, params, keys);
  if (t.ok()) return "translated to " + t->operation;
  EXPECT_EQ(t.error().code, "ValidationException");
  return t.error().message;
}

std::string Str(const json::object& o, std::string_view member) {
  const auto* v = o.if_contains(member);
  return v && v->is_string() ? std::string(v->get_string()) : "<absent>";
}

// The request's expression with its placeholders substituted back, for readable expectations:
// "#n0" -> the name, ":v0" -> the value's JSON.
std::string Expand(const json::object& request, std::string_view member) {
  std::string text = Str(request, member), out;
  const auto* names = request.if_contains("ExpressionAttributeNames");
  const auto* values = request.if_contains("ExpressionAttributeValues");
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '#' && text[i] != ':') {
      out += text[i++];
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
    std::string placeholder = text.substr(i, j - i);
    if (text[i] == '#')
      out += std::string(names->at(placeholder).as_string());
    else
      out += json::serialize(values->at(placeholder));
    i = j;
  }
  return out;
}

TEST(PartiqlTranslateTest, SelectFullKeyIsGetItem) {
  Translation t = Ok("SELECT name, address.city FROM \"student\" WHERE id = '7'", HashOnly());
  EXPECT_EQ(t.operation, "GetItem");
  EXPECT_EQ(json::serialize(t.request.at("Key")), R"({"id":{"S":"7"}})");
  EXPECT_EQ(Expand(t.request, "ProjectionExpression"), "name, address.city");
  Translation r = Ok("SELECT * FROM marks WHERE subject = ? AND student_id = ?", HashRange(),
                     {AttributeValue::S("math"), AttributeValue::S("7")});
  EXPECT_EQ(r.operation, "GetItem");
  EXPECT_EQ(json::serialize(r.request.at("Key")), R"({"student_id":{"S":"7"},"subject":{"S":"math"}})");
  EXPECT_FALSE(r.request.contains("ExpressionAttributeNames"));
}

TEST(PartiqlTranslateTest, PartitionKeyIsQuery) {
  Translation t = Ok("SELECT * FROM marks WHERE student_id = '7' AND score > 50", HashRange());
  EXPECT_EQ(t.operation, "Query");
  EXPECT_EQ(Expand(t.request, "KeyConditionExpression"), R"(student_id = {"S":"7"})");
  EXPECT_EQ(Expand(t.request, "FilterExpression"), R"(score > {"N":"50"})");
  Translation sorted =
      Ok("SELECT * FROM marks WHERE student_id = '7' AND subject BETWEEN 'a' AND 'm' AND term <> 'x' "
         "ORDER BY subject DESC",
         HashRange());
  EXPECT_EQ(sorted.operation, "Query");
  EXPECT_EQ(Expand(sorted.request, "KeyConditionExpression"),
            R"(student_id = {"S":"7"} AND subject BETWEEN {"S":"a"} AND {"S":"m"})");
  EXPECT_EQ(Expand(sorted.request, "FilterExpression"), R"(term <> {"S":"x"})");
  EXPECT_EQ(sorted.request.at("ScanIndexForward"), json::value(false));
  Translation prefix =
      Ok("SELECT * FROM marks WHERE begins_with(subject, 'ma') AND student_id = '7'", HashRange());
  EXPECT_EQ(Expand(prefix.request, "KeyConditionExpression"),
            R"(student_id = {"S":"7"} AND begins_with(subject, {"S":"ma"}))");
  EXPECT_FALSE(prefix.request.contains("FilterExpression"));
  // A full key plus another condition reads one partition with a filter.
  Translation extra = Ok("SELECT * FROM student WHERE id = '1' AND standard = 5", HashOnly());
  EXPECT_EQ(extra.operation, "Query");
}

TEST(PartiqlTranslateTest, EverythingElseIsScan) {
  Translation all = Ok("SELECT * FROM student", HashOnly());
  EXPECT_EQ(all.operation, "Scan");
  EXPECT_FALSE(all.request.contains("FilterExpression"));
  Translation f = Ok("SELECT * FROM student WHERE standard >= 5 OR id = '1'", HashOnly());
  EXPECT_EQ(f.operation, "Scan");
  EXPECT_EQ(Expand(f.request, "FilterExpression"), R"((standard >= {"N":"5"}) OR (id = {"S":"1"}))");
  Translation sk = Ok("SELECT * FROM marks WHERE subject = 'math'", HashRange());
  EXPECT_EQ(sk.operation, "Scan");
  EXPECT_EQ(Expand(sk.request, "FilterExpression"), R"(subject = {"S":"math"})");
  Translation fns =
      Ok("SELECT * FROM student WHERE NOT (email IS MISSING) AND contains(name, 'a') AND size(name) < 10 AND "
         "attribute_type(standard, 'N') AND standard IN [1, 2] AND nick IS NOT MISSING",
         HashOnly());
  EXPECT_EQ(Expand(fns.request, "FilterExpression"),
            R"((((((NOT (attribute_not_exists(email))) AND (contains(name, {"S":"a"}))) AND )"
            R"((size(name) < {"N":"10"})) AND (attribute_type(standard, {"S":"N"}))) AND )"
            R"((standard IN ({"N":"1"}, {"N":"2"}))) AND (NOT (attribute_not_exists(nick))))");
  // Against an index, keys are the index's: an equality on its partition key is a Query of it.
  KeySchema by_standard{{"standard", ScalarAttributeType::kN}, KeyAttribute{"name", ScalarAttributeType::kS}};
  Translation index = Ok("SELECT * FROM \"student\".\"by_standard\" WHERE standard = 5", by_standard);
  EXPECT_EQ(index.operation, "Query");
  EXPECT_EQ(Str(index.request, "IndexName"), "by_standard");
  EXPECT_EQ(Expand(index.request, "KeyConditionExpression"), R"(standard = {"N":"5"})");
  Translation full =
      Ok("SELECT * FROM \"student\".\"by_standard\" WHERE standard = 5 AND name = 'a'", by_standard);
  EXPECT_EQ(full.operation, "Query") << "an index has no GetItem";
  Translation ordered =
      Ok("SELECT * FROM \"student\".\"by_standard\" WHERE standard = 5 AND name > 'a' ORDER BY name DESC",
         by_standard);
  EXPECT_EQ(ordered.operation, "Query");
  EXPECT_EQ(ordered.request.at("ScanIndexForward"), json::value(false));
  Translation other = Ok("SELECT * FROM \"student\".\"by_standard\" WHERE name = 'a'", by_standard);
  EXPECT_EQ(other.operation, "Scan");
  EXPECT_EQ(Str(other.request, "IndexName"), "by_standard");
}

TEST(PartiqlTranslateTest, ReservedWordsTravelAsPlaceholders) {
  Translation t = Ok("SELECT \"size\", \"name\" FROM student WHERE \"status\" = 'x'", HashOnly());
  EXPECT_EQ(Str(t.request, "ProjectionExpression").find("size"), std::string::npos);
  EXPECT_EQ(Str(t.request, "FilterExpression").find("status"), std::string::npos);
  EXPECT_EQ(t.request.at("ExpressionAttributeNames").as_object().size(), 3u);
}

TEST(PartiqlTranslateTest, Insert) {
  Translation t =
      Ok("INSERT INTO student VALUE {'id': ?, 'name': 'Ann', 'tags': <<'b', 'a'>>, 'n': <<3, 1>>}",
         HashOnly(), {AttributeValue::S("9")});
  EXPECT_EQ(t.operation, "PutItem");
  EXPECT_EQ(json::serialize(t.request.at("Item")),
            R"({"id":{"S":"9"},"n":{"NS":["1","3"]},"name":{"S":"Ann"},"tags":{"SS":["a","b"]}})");
  EXPECT_EQ(Expand(t.request, "ConditionExpression"), "attribute_not_exists(id)");
  Translation whole =
      Ok("INSERT INTO student VALUE ?", HashOnly(), {AttributeValue::M({{"id", AttributeValue::S("1")}})});
  EXPECT_EQ(json::serialize(whole.request.at("Item")), R"({"id":{"S":"1"}})");
}

TEST(PartiqlTranslateTest, Update) {
  Translation t =
      Ok("UPDATE student SET standard = standard + 1 SET tags = set_add(tags, <<'x'>>) "
         "SET l = list_append(l, ['y']) SET prev = set_delete(prev, <<1>>) REMOVE email "
         "WHERE id = '1' AND standard < 12 RETURNING ALL NEW *",
         HashOnly());
  EXPECT_EQ(t.operation, "UpdateItem");
  EXPECT_EQ(json::serialize(t.request.at("Key")), R"({"id":{"S":"1"}})");
  EXPECT_EQ(Expand(t.request, "UpdateExpression"),
            R"(SET standard = standard + {"N":"1"}, l = list_append(l, {"L":[{"S":"y"}]}) REMOVE email )"
            R"(ADD tags {"SS":["x"]} DELETE prev {"NS":["1"]})");
  EXPECT_EQ(Expand(t.request, "ConditionExpression"),
            R"((attribute_exists(id)) AND (standard < {"N":"12"}))");
  EXPECT_EQ(Str(t.request, "ReturnValues"), "ALL_NEW");
  Translation plain =
      Ok("UPDATE marks SET score = 90 WHERE student_id = '1' AND subject = 'math'", HashRange());
  EXPECT_EQ(Expand(plain.request, "ConditionExpression"), "attribute_exists(student_id)");
  EXPECT_FALSE(plain.request.contains("ReturnValues"));
}

TEST(PartiqlTranslateTest, Delete) {
  Translation t = Ok("DELETE FROM student WHERE id = '1' RETURNING ALL OLD *", HashOnly());
  EXPECT_EQ(t.operation, "DeleteItem");
  EXPECT_FALSE(t.request.contains("ConditionExpression"));
  EXPECT_EQ(Str(t.request, "ReturnValues"), "ALL_OLD");
  Translation c = Ok("DELETE FROM student WHERE id = '1' AND standard = 3", HashOnly());
  EXPECT_EQ(Expand(c.request, "ConditionExpression"),
            R"((attribute_not_exists(id)) OR (standard = {"N":"3"}))");
}

TEST(PartiqlTranslateTest, Errors) {
  const std::string kNoKey = "Where clause does not contain a mandatory equality on all key attributes";
  EXPECT_EQ(Fail("UPDATE student SET a = 1 WHERE name = 'x'", HashOnly()), kNoKey);
  EXPECT_EQ(Fail("UPDATE marks SET a = 1 WHERE student_id = 'x'", HashRange()), kNoKey);
  EXPECT_EQ(Fail("UPDATE student SET a = 1 WHERE id = '1' OR id = '2'", HashOnly()), kNoKey);
  EXPECT_EQ(Fail("DELETE FROM marks WHERE student_id = 'x' AND subject > 'a'", HashRange()), kNoKey);
  EXPECT_EQ(Fail("DELETE FROM student WHERE id > '1'", HashOnly()), kNoKey);
  const std::string kCount = "Number of parameters in request and statement don't match.";
  EXPECT_EQ(Fail("SELECT * FROM student WHERE id = ?", HashOnly()), kCount);
  EXPECT_EQ(Fail("SELECT * FROM student", HashOnly(), {AttributeValue::S("x")}), kCount);
  EXPECT_EQ(Fail("SELECT * FROM student ORDER BY id", HashOnly()),
            "Must have WHERE clause in the statement when using ORDER BY clause.");
  EXPECT_EQ(Fail("SELECT * FROM marks WHERE student_id = '1' ORDER BY score", HashRange()),
            "Variable used in ORDER BY clause is not a sort key");
  EXPECT_EQ(Fail("SELECT * FROM marks WHERE score = 1 ORDER BY subject", HashRange()),
            "Must have WHERE clause in the statement when using ORDER BY clause.");
  EXPECT_EQ(Fail("INSERT INTO student VALUE {'id': '1', 'x': <<1, 'a'>>}", HashOnly()),
            "A set (bag) must hold only strings, only numbers or only binaries");
  // paritysuite's partiqlFunctions (AWS, October 2026).
  EXPECT_EQ(Fail("INSERT INTO student VALUE {'id': '1', 'x': <<>>}", HashOnly()),
            "Empty bags are not supported");
  EXPECT_EQ(Fail("INSERT INTO student VALUE {'id': '1', 'x': <<'a', 'b', 'a'>>}", HashOnly()),
            "One or more parameter values were invalid: Input collection [a, b, a] contains duplicates.");
  EXPECT_EQ(Fail("INSERT INTO student VALUE {'id': '1', 'id': '2'}", HashOnly()),
            "Duplicate attribute name in tuple: id");
  EXPECT_EQ(Fail("INSERT INTO student VALUE ?", HashOnly(), {AttributeValue::S("x")}),
            "INSERT VALUE must be a tuple");
  EXPECT_EQ(Fail("SELECT * FROM student WHERE 1 IS MISSING", HashOnly()),
            "IS MISSING requires a document path");
  EXPECT_EQ(Fail("EXISTS(SELECT * FROM student WHERE id = '1')", HashOnly()),
            "EXISTS is only supported in transactions");
}

TEST(PartiqlTranslateTest, KeyedFilterAttributes) {
  auto attributes = [](std::string_view text) {
    auto s = ParseStatement(text);
    EXPECT_TRUE(s.ok()) << text;
    std::string out;
    if (s.ok())
      for (const auto& name : KeyedFilterAttributes(*s, "g")) out += (out.empty() ? "" : ",") + name;
    return out;
  };
  // Keyed by an equality or IN on the partition key at the top level: every attribute WHERE names.
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE g = 'x' AND z.y[1] = 1 AND NOT begins_with(b, 'q'))"),
            "b,g,z");
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE 'x' = g AND c IS MISSING)"), "c,g");
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE g IN ['x', 'y'] AND size(d) > 2)"), "d,g");
  // Not keyed: no condition on it, another operator, or only inside OR / NOT.
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE b = 1)"), "");
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE g > 'x' AND b = 1)"), "");
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE (g = 'x' AND b = 1) OR g = 'y')"), "");
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i" WHERE NOT g = 'x' AND b = 1)"), "");
  EXPECT_EQ(attributes(R"(SELECT a FROM t."i")"), "");
}

TEST(PartiqlTranslateTest, ParametersFromJson) {
  json::value p = json::parse(R"([{"S": "a"}, {"N": "1"}, {"M": {"x": {"BOOL": true}}}])");
  auto params = ParametersFromJson(&p);
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->size(), 3u);
  json::value bad = json::parse(R"([{"S": "a", "N": "1"}])");
  EXPECT_EQ(ParametersFromJson(&bad).error().code, "ValidationException");
  EXPECT_TRUE(ParametersFromJson(nullptr)->empty());
}

TEST(PartiqlTranslateTest, TransactionWrites) {
  auto insert = ParseStatement("INSERT INTO student VALUE {'id': '1'}");
  auto update = ParseStatement("UPDATE marks SET score = ? WHERE student_id = '1' AND subject = 'math'");
  auto del = ParseStatement("DELETE FROM student WHERE id = '2'");
  auto exists = ParseStatement("EXISTS(SELECT * FROM student WHERE id = '3' AND standard > 4)");
  std::vector<AttributeValue> none, one = {AttributeValue::N(Number::FromInt64(90))};
  auto t = TranslateTransaction({{&*insert, &none, HashOnly()},
                                 {&*update, &one, HashRange()},
                                 {&*del, &none, HashOnly()},
                                 {&*exists, &none, HashOnly()}});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->operation, "TransactWriteItems");
  const json::array& items = t->request.at("TransactItems").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_TRUE(items[0].as_object().contains("Put"));
  EXPECT_TRUE(items[1].as_object().contains("Update"));
  EXPECT_TRUE(items[2].as_object().contains("Delete"));
  const json::object& check = items[3].at("ConditionCheck").as_object();
  EXPECT_EQ(json::serialize(check.at("Key")), R"({"id":{"S":"3"}})");
  EXPECT_EQ(Expand(check, "ConditionExpression"), R"((attribute_exists(id)) AND (standard > {"N":"4"}))");
}

TEST(PartiqlTranslateTest, TransactionReads) {
  auto a = ParseStatement("SELECT name FROM student WHERE id = '1'");
  auto b = ParseStatement("SELECT * FROM marks WHERE student_id = '1' AND subject = 'art'");
  std::vector<AttributeValue> none;
  auto t = TranslateTransaction({{&*a, &none, HashOnly()}, {&*b, &none, HashRange()}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->operation, "TransactGetItems");
  const json::array& items = t->request.at("TransactItems").as_array();
  EXPECT_EQ(Str(items[0].at("Get").as_object(), "TableName"), "student");
  EXPECT_TRUE(items[0].at("Get").as_object().contains("ProjectionExpression"));

  auto scan = ParseStatement("SELECT * FROM student WHERE name = 'x'");
  auto bad = TranslateTransaction({{&*scan, &none, HashOnly()}});
  EXPECT_EQ(
      bad.error().message,
      "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify "
      "the primary key in the where clause.");
  // RETURNING and index reads are refused by the statement's place.
  auto returning = ParseStatement(
      "UPDATE marks SET score = 1 WHERE student_id = '1' AND subject = 'math' RETURNING ALL NEW *");
  auto plain = ParseStatement("DELETE FROM student WHERE id = '2'");
  EXPECT_EQ(
      TranslateTransaction({{&*plain, &none, HashOnly()}, {&*returning, &none, HashRange()}}).error().message,
      "Validation failed in TransactStatements[1]: RETURNING clause is not supported in ExecuteTransaction.");
  auto from_index = ParseStatement(R"(SELECT * FROM "student"."by_name" WHERE name = 'x')");
  ASSERT_TRUE(from_index.ok());
  EXPECT_EQ(
      TranslateTransaction({{&*from_index, &none, HashOnly()}}).error().message,
      "Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.");
  auto insert = ParseStatement("INSERT INTO student VALUE {'id': '1'}");
  auto mixed = TranslateTransaction({{&*a, &none, HashOnly()}, {&*insert, &none, HashOnly()}});
  EXPECT_EQ(mixed.error().message,
            "ExecuteTransaction API does not support both read and write operations in the same request.");
}

}  // namespace
}  // namespace tarn::dynamodb::partiql
