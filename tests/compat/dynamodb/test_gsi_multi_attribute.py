"""Global secondary indexes with multi-attribute keys: up to four HASH and four RANGE attributes in
one index key (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html, "Multi-
attribute keys"). Queried with every HASH attribute by equality and the RANGE attributes left to
right; items sort by the RANGE attributes in key order, each by its own type. Messages as DynamoDB
words them (recorded by Alternator's test_gsi_composite_keys.py and other suites run against AWS)."""
import json
import time

import botocore.exceptions
import pytest

KEY = [("school", "HASH"), ("year", "HASH"), ("subject", "RANGE"), ("score", "RANGE")]
TYPES = {"id": "S", "school": "S", "year": "N", "subject": "S", "score": "N"}
ROWS = [("1", "north", 2026, "maths", 91), ("2", "north", 2026, "maths", 78), ("3", "north", 2026, "art", 88),
        ("4", "north", 2025, "maths", 60), ("5", "south", 2026, "maths", 99), ("6", "north", 2026, "maths", 100)]
YEAR = {"#y": "year"}  # "year" is a reserved word


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def key_schema(pairs):
    return [{"AttributeName": n, "KeyType": t} for n, t in pairs]


def create(ddb, pairs=KEY, name="marks"):
    names = ["id"] + [n for n, _ in pairs]
    ddb.create_table(
        TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": TYPES.get(n, "S")} for n in dict.fromkeys(names)],
        GlobalSecondaryIndexes=[{"IndexName": "by_school_year", "KeySchema": key_schema(pairs),
                                 "Projection": {"ProjectionType": "ALL"}}])


def fill(ddb):
    for i, school, year, subject, score in ROWS:
        ddb.put_item(TableName="marks", Item={"id": {"S": i}, "school": {"S": school}, "year": {"N": str(year)},
                                              "subject": {"S": subject}, "score": {"N": str(score)}})
    # Missing a RANGE attribute: not in the index (sparse).
    ddb.put_item(TableName="marks", Item={"id": {"S": "7"}, "school": {"S": "north"}, "year": {"N": "2026"}})


def query(ddb, expression, values, **kwargs):
    r = ddb.query(TableName="marks", IndexName="by_school_year", KeyConditionExpression=expression,
                  ExpressionAttributeNames=YEAR, ExpressionAttributeValues=values, **kwargs)
    return [item["id"]["S"] for item in r["Items"]], r.get("LastEvaluatedKey")


NORTH_2026 = {":s": {"S": "north"}, ":y": {"N": "2026"}}


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    create(client)
    fill(client)
    return client


def test_describe_keeps_the_key_order(ddb):
    index = ddb.describe_table(TableName="marks")["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == key_schema(KEY)
    assert index["IndexStatus"] == "ACTIVE"


def test_query_by_the_partition_and_a_prefix_of_the_sort_attributes(ddb):
    # Sorted by subject, then by score as a number (100 after 91).
    assert query(ddb, "school = :s AND #y = :y", NORTH_2026) == (["3", "2", "1", "6"], None)
    maths = {**NORTH_2026, ":m": {"S": "maths"}}
    assert query(ddb, "school = :s AND #y = :y AND subject = :m", maths)[0] == ["2", "1", "6"]
    assert query(ddb, "subject = :m AND #y = :y AND school = :s AND score > :p",
                 {**maths, ":p": {"N": "80"}})[0] == ["1", "6"]
    assert query(ddb, "school = :s AND #y = :y AND subject = :m AND score BETWEEN :lo AND :hi",
                 {**maths, ":lo": {"N": "78"}, ":hi": {"N": "91"}})[0] == ["2", "1"]
    assert query(ddb, "school = :s AND #y = :y AND begins_with(subject, :a)",
                 {**NORTH_2026, ":a": {"S": "ar"}})[0] == ["3"]
    assert query(ddb, "school = :s AND #y = :y AND subject > :m", maths)[0] == []
    assert query(ddb, "school = :s AND #y = :y AND subject = :m", maths, ScanIndexForward=False)[0] == ["6", "1", "2"]
    # The legacy KeyConditions take the same rules.
    r = ddb.query(TableName="marks", IndexName="by_school_year", KeyConditions={
        "school": {"AttributeValueList": [{"S": "north"}], "ComparisonOperator": "EQ"},
        "year": {"AttributeValueList": [{"N": "2026"}], "ComparisonOperator": "EQ"},
        "subject": {"AttributeValueList": [{"S": "maths"}], "ComparisonOperator": "EQ"},
        "score": {"AttributeValueList": [{"N": "90"}], "ComparisonOperator": "LT"}})
    assert [i["id"]["S"] for i in r["Items"]] == ["2"]


def test_pages_carry_every_key_attribute(ddb):
    ids, last = query(ddb, "school = :s AND #y = :y", NORTH_2026, Limit=2)
    assert ids == ["3", "2"]
    assert sorted(last) == ["id", "school", "score", "subject", "year"]
    rest, end = query(ddb, "school = :s AND #y = :y", NORTH_2026, ExclusiveStartKey=last)
    assert rest == ["1", "6"] and end is None
    incomplete = {k: v for k, v in last.items() if k != "score"}
    code, _ = error_of(ddb.query, TableName="marks", IndexName="by_school_year",
                       KeyConditionExpression="school = :s AND #y = :y", ExpressionAttributeNames=YEAR,
                       ExpressionAttributeValues=NORTH_2026, ExclusiveStartKey=incomplete)
    assert code == "ValidationException"
    scanned = ddb.scan(TableName="marks", IndexName="by_school_year")["Items"]
    assert sorted(i["id"]["S"] for i in scanned) == ["1", "2", "3", "4", "5", "6"]


def test_items_join_and_leave_the_index_with_their_key_attributes(ddb):
    ddb.update_item(TableName="marks", Key={"id": {"S": "1"}}, UpdateExpression="REMOVE score")
    assert query(ddb, "school = :s AND #y = :y", NORTH_2026)[0] == ["3", "2", "6"]
    ddb.update_item(TableName="marks", Key={"id": {"S": "7"}}, UpdateExpression="SET subject = :a, score = :n",
                    ExpressionAttributeValues={":a": {"S": "art"}, ":n": {"N": "1"}})
    assert query(ddb, "school = :s AND #y = :y", NORTH_2026)[0] == ["7", "3", "2", "6"]
    code, message = error_of(ddb.put_item, TableName="marks",
                             Item={"id": {"S": "9"}, "school": {"S": "north"}, "year": {"S": "2026"}})
    assert (code, message) == ("ValidationException", "One or more parameter values were invalid: Type mismatch "
                               "for Index Key year Expected: N Actual: S IndexName: by_school_year")


def test_query_rules(ddb):
    def refused(expression, values):
        return error_of(ddb.query, TableName="marks", IndexName="by_school_year", KeyConditionExpression=expression,
                        ExpressionAttributeNames=YEAR, ExpressionAttributeValues=values)

    assert error_of(ddb.query, TableName="marks", IndexName="by_school_year", KeyConditionExpression="school = :s",
                    ExpressionAttributeValues={":s": {"S": "north"}}) == (
        "ValidationException", "HASH key attributes year must have equality conditions specified in the query")
    assert refused("school = :s AND #y > :y", NORTH_2026)[1].startswith("HASH key attributes year must have")
    assert refused("school = :s AND #y = :y AND score = :p", {**NORTH_2026, ":p": {"N": "1"}}) == (
        "ValidationException", "RANGE key attributes subject must have equality conditions specified in the query "
        "because a condition is present on key attribute score")
    assert refused("school = :s AND #y = :y AND subject > :m AND score = :p",
                   {**NORTH_2026, ":m": {"S": "a"}, ":p": {"N": "1"}})[1].startswith("RANGE key attributes subject")
    assert refused("school = :s AND #y = :y", {":s": {"S": "north"}, ":y": {"S": "2026"}}) == (
        "ValidationException", "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type")
    code, message = error_of(ddb.query, TableName="marks", IndexName="by_school_year",
                             KeyConditionExpression="school = :s AND #y = :y", FilterExpression="score > :p",
                             ExpressionAttributeNames=YEAR, ExpressionAttributeValues={**NORTH_2026, ":p": {"N": "1"}})
    assert code == "ValidationException" and "score" in message


def test_key_schema_rules(tarn):
    ddb = tarn.client("dynamodb")

    def refused(pairs):
        return error_of(create, ddb=ddb, pairs=pairs, name="refused")

    invalid = "One or more parameter values were invalid: "
    assert refused([("school", "HASH"), ("subject", "RANGE"), ("year", "HASH")]) == (
        "ValidationException", invalid + "All HASH key attributes must precede RANGE key attributes in the KeySchema")
    assert refused([(n, "HASH") for n in ("a", "b", "c", "d", "e")]) == (
        "ValidationException", invalid + "The KeySchema exceeds the maximum allowed number of HASH key attributes")
    assert refused([("a", "HASH")] + [(n, "RANGE") for n in ("b", "c", "d", "e", "f")]) == (
        "ValidationException", invalid + "The KeySchema exceeds the maximum allowed number of RANGE key attributes")
    for pairs in ([("a", "HASH"), ("a", "HASH"), ("b", "RANGE")], [("a", "HASH"), ("a", "HASH")]):
        assert refused(pairs) == ("ValidationException", "The KeySchema contains duplicate attribute names")
    assert refused([("b", "RANGE"), ("a", "HASH")]) == (
        "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    # Four of each is the most; two HASH without RANGE is a key too.
    create(ddb, [(n, "HASH") for n in "abcd"] + [(n, "RANGE") for n in "efgh"], name="widest")
    create(ddb, [("a", "HASH"), ("b", "HASH")], name="two_hash")
    # A table's key and a local index's stay one HASH and at most one RANGE attribute.
    code, message = error_of(ddb.create_table, TableName="refused", BillingMode="PAY_PER_REQUEST",
                             KeySchema=key_schema([("a", "HASH"), ("b", "RANGE"), ("c", "RANGE")]),
                             AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in "abc"])
    assert message == (
        "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), "
        "KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, keyType=RANGE)]' "
        "at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2")


def test_created_by_update_table_survives_a_restart(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="marks", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    fill(ddb)
    ddb.update_table(TableName="marks", AttributeDefinitions=[
        {"AttributeName": n, "AttributeType": TYPES[n]} for n in ("school", "year", "subject", "score")],
        GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "by_school_year", "KeySchema": key_schema(KEY),
                                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}}])
    for _ in range(100):
        index = ddb.describe_table(TableName="marks")["Table"]["GlobalSecondaryIndexes"][0]
        if index["IndexStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    assert query(ddb, "school = :s AND #y = :y", NORTH_2026)[0] == ["3", "2", "1", "6"]
    tarn.stop()
    tarn.start()
    ddb = tarn.client("dynamodb")
    assert ddb.describe_table(TableName="marks")["Table"]["GlobalSecondaryIndexes"][0]["KeySchema"] == key_schema(KEY)
    r = ddb.query(TableName="marks", IndexName="by_school_year", KeyConditionExpression="school = :s AND #y = :y",
                  ExpressionAttributeNames=YEAR, ExpressionAttributeValues=NORTH_2026)
    assert [i["id"]["S"] for i in r["Items"]] == ["3", "2", "1", "6"]
    assert sorted(r["Items"][0]) == ["id", "school", "score", "subject", "year"]  # KEYS_ONLY: every key attribute


def test_awscli(tarn):
    ddb = tarn.client("dynamodb")
    create(ddb)
    fill(ddb)
    out = tarn.aws("dynamodb", "query", "--table-name", "marks", "--index-name", "by_school_year",
                   "--key-condition-expression", "school = :s AND #y = :y AND subject = :m",
                   "--expression-attribute-names", '{"#y": "year"}',
                   "--expression-attribute-values", '{":s": {"S": "north"}, ":y": {"N": "2026"}, ":m": {"S": "maths"}}',
                   "--region", "us-east-1", "--output", "json", check=True)
    assert [i["id"]["S"] for i in json.loads(out.stdout)["Items"]] == ["2", "1", "6"]


def test_partiql_refuses_the_index(ddb):
    """PartiQL cannot read an index whose key has several HASH or RANGE attributes (paritysuite/
    dynamodb-conformance's multiAttributeIndex tests, eu-west-2 and us-east-1, October 2026)."""
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.execute_statement(Statement='SELECT id FROM "marks"."by_school_year" '
                                        "WHERE school = 'north' AND \"year\" = 2026 AND subject = 'maths'")
    assert e.value.response["Error"]["Message"] == (
        "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE "
        "keys.")
    # The refusal comes ahead of what the statement itself gets wrong, a function projected too
    # (partiqlMultiAttributeIndex).
    for statement in ['SELECT COUNT(*) FROM "marks"."by_school_year"',
                      'SELECT * FROM "marks"."by_school_year" WHERE school = 5']:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.execute_statement(Statement=statement)
        assert e.value.response["Error"]["Message"].startswith("PartiQL statements cannot be executed"), statement
