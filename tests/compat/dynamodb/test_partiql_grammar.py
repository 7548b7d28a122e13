"""PartiQL grammar as paritysuite/dynamodb-conformance records DynamoDB (TypeScript tests run against AWS in
eu-west-2, us-east-1, eu-west-1 and us-west-2, October 2026: tier2/partiql whereFunctions, fromFirstUpdate,
grammar, multiAttributeIndex; tier3/error-messages partiqlGrammar, partiqlFunctions,
partiqlMultiAttributeIndex): attribute_exists/attribute_not_exists as filters and as write conditions,
IS NULL and IS <type>, block comments, the FROM-first UPDATE, the refusal of multi-attribute index keys, and
the parser's words for aliases, trailing tokens and out-of-range number literals."""
import pytest

from dynamodb_wire import call, ok

ENVELOPE = "Statement wasn't well formed, can't be processed: "


@pytest.fixture
def table(tarn):
    ok(tarn, "CreateTable", {"TableName": "pqt", "BillingMode": "PAY_PER_REQUEST",
                             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    ok(tarn, "PutItem", {"TableName": "pqt", "Item": {"pk": {"S": "item"}, "ss": {"SS": ["a"]}, "nul": {"NULL": True},
                                                     "flag": {"BOOL": True}, "m": {"M": {"sub": {"S": "x"}}}}})
    return "pqt"


def keys(tarn, where):
    out = ok(tarn, "ExecuteStatement", {"Statement": f'SELECT pk FROM "pqt" WHERE {where}', "ConsistentRead": True})
    return [item["pk"]["S"] for item in out["Items"]]


def refusal(tarn, statement):
    status, out = call(tarn, "ExecuteStatement", {"Statement": statement})
    assert status == 400, out
    return out["__type"].split("#")[-1], out["message"]


@pytest.mark.parametrize("where, found", [
    ("pk = 'item' AND attribute_exists(ss)", ["item"]),
    ("pk = 'item' AND attribute_exists(nope)", []),
    ("pk = 'item' AND attribute_not_exists(nope)", ["item"]),
    ("pk = 'item' AND NOT ATTRIBUTE_EXISTS(nope)", ["item"]),
    ("pk = 'item' AND attribute_exists(\"ss\") = true", ["item"]),
    ("pk = 'item' AND (attribute_exists(nope) OR attribute_exists(m.sub))", ["item"]),
    ("attribute_exists(flag)", ["item"]),
    ("pk = 'item' AND nul IS NULL", ["item"]),
    ("pk = 'item' AND ss IS NULL", []),
    ("pk = 'item' AND ss IS NOT NULL", ["item"]),
    ("pk = 'item' AND flag IS BOOL", ["item"]),
    ("pk = 'item' AND flag IS STRING", []),
    ("pk = 'item' /* a note */ AND flag IS NOT STRING", ["item"]),
])
def test_where_functions_and_type_tests_filter(tarn, table, where, found):
    assert keys(tarn, where) == found


def test_existence_functions_are_write_conditions(tarn, table):
    ok(tarn, "ExecuteStatement", {"Statement": "UPDATE \"pqt\" SET y = 1 WHERE pk = 'item' AND attribute_not_exists(y)"})
    status, out = call(tarn, "ExecuteStatement",
                       {"Statement": "UPDATE \"pqt\" SET y = 2 WHERE pk = 'item' AND attribute_not_exists(y)"})
    assert out["__type"].endswith("#ConditionalCheckFailedException"), out
    status, out = call(tarn, "ExecuteStatement",
                       {"Statement": "DELETE FROM \"pqt\" WHERE pk = 'item' AND attribute_exists(nope)"})
    assert out["__type"].endswith("#ConditionalCheckFailedException"), out
    assert keys(tarn, "pk = 'item' AND y = 1") == ["item"]


def test_exists_needs_a_condition_beyond_the_key(tarn, table):
    status, out = call(tarn, "ExecuteTransaction", {"TransactStatements": [
        {"Statement": "EXISTS(SELECT * FROM \"pqt\" WHERE pk = 'item')"},
        {"Statement": "UPDATE \"pqt\" SET z = 1 WHERE pk = 'other'"}]})
    assert (status, out.get("message")) == (
        400, "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional "
        "condition"), out


def test_from_first_update(tarn, table):
    out = ok(tarn, "ExecuteStatement", {"Statement": "FROM \"pqt\" WHERE pk = ? SET c = ? REMOVE flag RETURNING ALL NEW *",
                                        "Parameters": [{"S": "item"}, {"N": "7"}]})
    assert out["Items"][0]["c"] == {"N": "7"} and "flag" not in out["Items"][0]
    status, out = call(tarn, "ExecuteStatement", {"Statement": "from \"pqt\" where pk = 'absent' set c = 1"})
    assert out["__type"].endswith("#ConditionalCheckFailedException"), out
    assert keys(tarn, "pk = 'absent'") == []


@pytest.mark.parametrize("statement, answer", [
    ("SELECT * FROM \"pqt\" t WHERE pk = 'x'", ("ValidationException", "Aliasing is not supported")),
    ("DELETE FROM \"pqt\" AS t WHERE pk = 'x'", ("ValidationException", "Aliasing is not supported")),
    ("SELECT * FROM \"pqt\" WHERE pk = 'x' foo", ("ValidationException", ENVELOPE + "Unexpected token after expression")),
    ("DELETE FROM \"pqt\" WHERE pk = 'x' ORDER BY pk", ("ValidationException", ENVELOPE + "Unexpected token after expression")),
    ("SELECT * FROM \"pqt\" WHERE", ("ValidationException", ENVELOPE + "Unexpected term")),
    ("SELECT * FROM \"pqt\" WHERE pk = 1e2147483648", ("ValidationException", ENVELOPE)),
    ("SELECT * FROM \"pqt\" WHERE pk = 'x' # note", ("ValidationException", ENVELOPE)),
    ("SELECT * FROM \"pqt\" WHERE pk = 1e126", ("ValidationException", "Number overflow. Attempting to store a number "
                                                "with magnitude larger than supported range under root")),
    ("INSERT INTO \"pqt\" VALUE {'pk': 'n', 'l': [1, 1e-131]}",
     ("ValidationException", "Number underflow. Attempting to store a number with magnitude smaller than supported "
      "range under root[1]")),
    ("SELECT * FROM \"pqt\" WHERE pk = 'item' AND attribute_exists('ss')",
     ("ValidationException", "Operator or function requires a document path; operator or function: attribute_exists")),
    # Positions are line:column:length of the token meant, counted from 1.
    ("SELECT attribute_exists(ss) FROM \"pqt\" WHERE pk = 'item'",
     ("ValidationException", "Unexpected path component at 1:8:16")),
    ("SELECT COUNT(*) FROM \"pqt\"", ("ValidationException", "Unexpected path component at 1:8:5")),
    ("SELECT * FROM \"pqt\" WHERE pk = 'item' AND EXISTS(ss)", ("ValidationException", "Unrecognized function: exists at 1:43:6")),
    ("UPDATE \"pqt\" SET t = set_add(ss, <<'x'>>) WHERE pk = 'item'",
     ("ValidationException", "The first argument to SET_ADD must equal the assignment value at 1:22:7")),
    ("UPDATE \"pqt\" SET ss = set_add(ss, 'x') WHERE pk = 'item'",
     ("ValidationException", "The second argument to SET_ADD must be a value with type SET at 1:31:2")),
    ("UPDATE \"pqt\" SET ss = set_delete(ss)\nWHERE pk = 'item'",
     ("ValidationException", "SET_DELETE must have exactly two arguments at 1:23:10")),
    ("UPDATE \"pqt\" SET ss = set_add(ss, <<'x', 'x'>>) WHERE pk = 'item'",
     ("ValidationException", "One or more parameter values were invalid: Input collection [x, x] contains duplicates.")),
    ("UPDATE \"pqt\" SET ss = set_add(ss, <<>>) WHERE pk = 'item'", ("ValidationException", "Empty bags are not supported")),
    ("INSERT INTO \"pqt\" VALUE {'pk': 'n', 'ss': set_add(<<'a'>>, <<'b'>>)}",
     ("ValidationException", "Unsupported data type: set_add under key root at 1:43:7")),
    ("SELECT * FROM \"pqt\" WHERE pk = 'item' AND attribute_exists(m.inner)",
     ("ValidationException", ENVELOPE + "Invalid path dot component")),
])
def test_the_parsers_words(tarn, table, statement, answer):
    assert refusal(tarn, statement) == answer


def test_multi_attribute_index_keys_are_refused(tarn):
    ok(tarn, "CreateTable", {
        "TableName": "multi", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in ("id", "h1", "h2", "r1")],
        "GlobalSecondaryIndexes": [
            {"IndexName": "multi", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "h1", "KeyType": "HASH"}, {"AttributeName": "h2", "KeyType": "HASH"},
                           {"AttributeName": "r1", "KeyType": "RANGE"}]},
            {"IndexName": "single", "Projection": {"ProjectionType": "ALL"},
             "KeySchema": [{"AttributeName": "h1", "KeyType": "HASH"}]}]})
    ok(tarn, "PutItem", {"TableName": "multi", "Item": {"id": {"S": "i1"}, "h1": {"S": "a"}, "h2": {"S": "x"},
                                                        "r1": {"S": "m"}}})
    assert refusal(tarn, "SELECT * FROM \"multi\".\"multi\" WHERE h1 = 'a' AND h2 = 'x'") == (
        "ValidationException", "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or "
        "multi-attribute RANGE keys.")
    # The refusal follows the index: the table and its single-attribute index still read.
    for source in ('"multi"."single" WHERE h1 = \'a\'', "\"multi\" WHERE id = 'i1'"):
        out = ok(tarn, "ExecuteStatement", {"Statement": f"SELECT id FROM {source}"})
        assert out["Items"] == [{"id": {"S": "i1"}}]
    out = ok(tarn, "BatchExecuteStatement", {"Statements": [
        {"Statement": "SELECT * FROM \"multi\".\"multi\" WHERE h1 = 'a' AND h2 = 'x' AND r1 = 'm'"},
        {"Statement": "SELECT id FROM \"multi\" WHERE id = 'i1'"}]})
    assert out["Responses"][0]["Error"]["Message"].startswith("PartiQL statements cannot be executed"), out
    assert out["Responses"][1]["Item"] == {"id": {"S": "i1"}}
