"""DynamoDB answers pinned by nubo-db/dynamodb-conformance (tests/tier1, tests/tier3: TypeScript tests run
against AWS, us-east-1 wording) that tarn once gave differently: the three steps of judging an
ExclusiveStartKey; ConsumedCapacity without a read/write split outside transactions."""
import json

import pytest

from signing import send_signed


def call(tarn, operation, body):
    r = send_signed(tarn, "dynamodb", json.dumps(body),
                    headers={"Content-Type": "application/x-amz-json-1.0",
                             "X-Amz-Target": "DynamoDB_20120810." + operation})
    return r.status, json.loads(r.body) if r.body else {}


def ok(tarn, operation, body):
    status, out = call(tarn, operation, body)
    assert status == 200, (operation, out)
    return out


@pytest.fixture
def tables(tarn):
    ok(tarn, "CreateTable", {"TableName": "hash", "BillingMode": "PAY_PER_REQUEST",
                             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    ok(tarn, "CreateTable", {
        "TableName": "composite", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"},
                                 {"AttributeName": "gk", "AttributeType": "N"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by_gk", "Projection": {"ProjectionType": "ALL"},
                                    "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}]}]})


INVALID = "The provided starting key is invalid"
MISMATCH = "The provided key element does not match the schema"
TABLE_MISMATCH = INVALID + ": " + MISMATCH


@pytest.mark.parametrize("table, index, start_key, message", [
    # First the number of attributes: the table's key attributes and the index's.
    ("composite", None, {"bad": {"S": "p"}}, INVALID),
    ("composite", None, {"pk": {"S": "p"}, "sk": {"S": "s"}, "x": {"S": "x"}}, INVALID),
    ("composite", "by_gk", {"pk": {"S": "p"}, "sk": {"S": "s"}}, INVALID),
    # Then the index's own key attributes: missing, or of another type.
    ("composite", "by_gk", {"pk": {"S": "p"}, "sk": {"S": "s"}, "x": {"N": "1"}}, INVALID),
    ("composite", "by_gk", {"pk": {"N": "1"}, "sk": {"S": "s"}, "gk": {"S": "1"}}, MISMATCH),
    # Then the table's, in the long form.
    ("composite", "by_gk", {"pk": {"N": "1"}, "sk": {"S": "s"}, "gk": {"N": "1"}}, TABLE_MISMATCH),
    ("composite", "by_gk", {"x": {"S": "p"}, "sk": {"S": "s"}, "gk": {"N": "1"}}, TABLE_MISMATCH),
    ("hash", None, {"bad": {"S": "p"}}, TABLE_MISMATCH),
    ("composite", None, {"pk": {"S": "p"}, "sk": {"N": "1"}}, TABLE_MISMATCH),
])
def test_a_start_key_is_judged_in_three_steps(tarn, tables, table, index, start_key, message):
    body = {"TableName": table, "ExclusiveStartKey": start_key}
    if index:
        body["IndexName"] = index
    status, out = call(tarn, "Scan", body)
    assert (status, out.get("message")) == (400, message), out


def test_a_query_start_key_with_too_few_attributes_is_invalid(tarn, tables):
    status, out = call(tarn, "Query", {"TableName": "composite", "KeyConditionExpression": "pk = :v",
                                       "ExpressionAttributeValues": {":v": {"S": "val"}},
                                       "ExclusiveStartKey": {"bad": {"S": "p"}}})
    assert (status, out.get("message")) == (400, INVALID), out


def test_consumed_capacity_has_no_split_outside_transactions(tarn, tables):
    item = {"pk": {"S": "p"}, "sk": {"S": "s"}, "gk": {"N": "1"}}
    out = ok(tarn, "PutItem", {"TableName": "composite", "Item": item, "ReturnConsumedCapacity": "INDEXES"})
    assert out["ConsumedCapacity"] == {"TableName": "composite", "CapacityUnits": 2.0,
                                       "Table": {"CapacityUnits": 1.0},
                                       "GlobalSecondaryIndexes": {"by_gk": {"CapacityUnits": 1.0}}}
    out = ok(tarn, "GetItem", {"TableName": "composite", "Key": {"pk": {"S": "p"}, "sk": {"S": "s"}},
                               "ReturnConsumedCapacity": "INDEXES"})
    assert out["ConsumedCapacity"] == {"TableName": "composite", "CapacityUnits": 0.5,
                                       "Table": {"CapacityUnits": 0.5}}
    out = ok(tarn, "TransactGetItems", {"TransactItems": [{"Get": {"TableName": "composite", "Key": {
        "pk": {"S": "p"}, "sk": {"S": "s"}}}}], "ReturnConsumedCapacity": "INDEXES"})
    assert out["ConsumedCapacity"][0]["Table"] == {"CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}
