"""DynamoDB's legacy conditional parameters through the boto3 client, the way old code sends them:
Expected on PutItem/UpdateItem/DeleteItem, KeyConditions and QueryFilter on Query (with paging),
ScanFilter with ConditionalOperator, AttributeUpdates PUT/ADD/DELETE with ReturnValues, and the
ValidationExceptions DynamoDB answers for misuse.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html"""
import botocore.exceptions
import pytest

from test_items import error_of, make_tables

INVALID = "One or more parameter values were invalid: "
# What PutItem, UpdateItem and DeleteItem find wrong in the request itself, before the table, comes in this
# envelope in every region by October 2026 (paritysuite/dynamodb-conformance's putItem/deleteItem tests).
ENVELOPE = "1 validation error detected: "


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    make_tables(client)
    return client


def cond(op, *values):
    return {"ComparisonOperator": op, "AttributeValueList": list(values)}


def raises(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return error_of(e)


def test_expected_put_update_delete(ddb):
    key = {"id": {"S": "s1"}}
    ddb.put_item(TableName="student", Item={**key, "n": {"N": "1"}}, Expected={"id": {"Exists": False}})
    code, _ = raises(ddb.put_item, TableName="student", Item={**key, "n": {"N": "9"}},
                     Expected={"id": {"Exists": False}})
    assert code == "ConditionalCheckFailedException"
    ddb.put_item(TableName="student", Item={**key, "n": {"N": "2"}, "tags": {"SS": ["a", "b"]}},
                 Expected={"n": {"Value": {"N": "1"}}, "gone": cond("NULL")})

    # NE and NOT_CONTAINS on a missing attribute differ: NE holds, NOT_CONTAINS does not.
    ddb.update_item(TableName="student", Key=key, AttributeUpdates={"x": {"Value": {"N": "1"}}},
                    Expected={"missing": cond("NE", {"N": "1"})})
    code, _ = raises(ddb.update_item, TableName="student", Key=key, AttributeUpdates={"x": {"Value": {"N": "2"}}},
                     Expected={"missing": cond("NOT_CONTAINS", {"S": "a"})})
    assert code == "ConditionalCheckFailedException"
    ddb.update_item(TableName="student", Key=key, AttributeUpdates={"x": {"Value": {"N": "3"}}},
                    Expected={"n": cond("IN", {"N": "7"}, {"N": "2"}), "tags": cond("CONTAINS", {"S": "b"}),
                              "missing": {"Value": {"N": "0"}}},
                    ConditionalOperator="OR")
    code, _ = raises(ddb.update_item, TableName="student", Key=key, AttributeUpdates={"x": {"Value": {"N": "4"}}},
                     Expected={"n": cond("BETWEEN", {"N": "5"}, {"N": "9"}), "tags": cond("NOT_NULL")})
    assert code == "ConditionalCheckFailedException"
    assert ddb.get_item(TableName="student", Key=key)["Item"]["x"] == {"N": "3"}

    code, _ = raises(ddb.delete_item, TableName="student", Key=key, Expected={"n": {"Value": {"N": "1"}}})
    assert code == "ConditionalCheckFailedException"
    ddb.delete_item(TableName="student", Key=key, Expected={"n": cond("GE", {"N": "2"})})
    assert "Item" not in ddb.get_item(TableName="student", Key=key)
    check_expected_validation_errors(ddb)


def test_attribute_updates(ddb):
    key = {"id": {"S": "u1"}}
    r = ddb.update_item(TableName="student", Key=key, ReturnValues="ALL_NEW", AttributeUpdates={
        "name": {"Value": {"S": "Ada"}},
        "count": {"Action": "ADD", "Value": {"N": "5"}},
        "tags": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
        "log": {"Action": "ADD", "Value": {"L": [{"S": "one"}]}},
        "nothing": {"Action": "DELETE"},
        "fewer": {"Action": "DELETE", "Value": {"SS": ["a"]}}})
    assert r["Attributes"] == {"id": {"S": "u1"}, "name": {"S": "Ada"}, "count": {"N": "5"},
                               "tags": {"SS": ["a", "b"]}, "log": {"L": [{"S": "one"}]}}
    r = ddb.update_item(TableName="student", Key=key, ReturnValues="UPDATED_OLD", AttributeUpdates={
        "count": {"Action": "ADD", "Value": {"N": "-2"}},
        "tags": {"Action": "DELETE", "Value": {"SS": ["a"]}},
        "log": {"Action": "ADD", "Value": {"L": [{"S": "two"}]}},
        "name": {"Action": "DELETE"}})
    assert r["Attributes"] == {"count": {"N": "5"}, "tags": {"SS": ["a", "b"]}, "log": {"L": [{"S": "one"}]},
                               "name": {"S": "Ada"}}
    r = ddb.update_item(TableName="student", Key=key, ReturnValues="UPDATED_NEW",
                        AttributeUpdates={"count": {"Action": "PUT", "Value": {"N": "10"}}})
    assert r["Attributes"] == {"count": {"N": "10"}}
    item = ddb.get_item(TableName="student", Key=key)["Item"]
    assert item == {"id": {"S": "u1"}, "count": {"N": "10"}, "tags": {"SS": ["b"]},
                    "log": {"L": [{"S": "one"}, {"S": "two"}]}}

    assert raises(ddb.update_item, TableName="student", Key=key, AttributeUpdates={"a": {"Action": "PUT"}}) == (
        "ValidationException", ENVELOPE + INVALID + "Only DELETE action is allowed when no attribute value is specified")
    assert raises(ddb.update_item, TableName="student", Key=key,
                  AttributeUpdates={"a": {"Action": "ADD", "Value": {"S": "x"}}}) == (
        "ValidationException", ENVELOPE + INVALID + "ADD action is not supported for the type S")
    assert raises(ddb.update_item, TableName="student", Key=key,
                  AttributeUpdates={"a": {"Action": "DELETE", "Value": {"N": "1"}}}) == (
        "ValidationException", ENVELOPE + INVALID + "DELETE action with value is not supported for the type N")
    assert raises(ddb.update_item, TableName="student", Key=key,
                  AttributeUpdates={"id": {"Value": {"S": "other"}}}) == (
        "ValidationException", INVALID + "Cannot update attribute id. This attribute is part of the key")


@pytest.fixture
def marks(ddb):
    for sid in ["s1", "s2"]:
        for i, subject in enumerate(["art", "biology", "chemistry", "math", "music", "physics"]):
            ddb.put_item(TableName="marks", Item={"student_id": {"S": sid}, "subject": {"S": subject},
                                                  "mark": {"N": str(50 + i * 5)}})
    return ddb


def subjects(items):
    return [i["subject"]["S"] for i in items]


def test_key_conditions_query_filter_and_paging(marks):
    ddb = marks
    pages = ddb.get_paginator("query").paginate(
        TableName="marks", KeyConditions={"student_id": cond("EQ", {"S": "s1"}),
                                          "subject": cond("BETWEEN", {"S": "b"}, {"S": "n"})},
        PaginationConfig={"PageSize": 2})
    got = []
    for page in pages:
        assert page["Count"] <= 2
        got += subjects(page["Items"])
    assert got == ["biology", "chemistry", "math", "music"]

    r = ddb.query(TableName="marks", KeyConditions={"student_id": cond("EQ", {"S": "s2"}),
                                                    "subject": cond("BEGINS_WITH", {"S": "m"})},
                  QueryFilter={"mark": cond("GT", {"N": "65"})}, AttributesToGet=["subject"])
    assert r["Items"] == [{"subject": {"S": "music"}}] and r["ScannedCount"] == 2
    # KeyConditions may go with the expression filter; only KeyConditionExpression excludes it.
    r = ddb.query(TableName="marks", KeyConditions={"student_id": cond("EQ", {"S": "s2"})},
                  FilterExpression="mark < :m", ExpressionAttributeValues={":m": {"N": "60"}})
    assert subjects(r["Items"]) == ["art", "biology"]

    def query_error(**kwargs):
        return raises(ddb.query, TableName="marks", **kwargs)
    eq = cond("EQ", {"S": "s1"})
    assert query_error(KeyConditions={"student_id": eq, "subject": cond("NE", {"S": "a"})}) == (
        "ValidationException", "Attempted conditional constraint is not an indexable operation")
    assert query_error(KeyConditions={"student_id": cond("GT", {"S": "s1"})}) == (
        "ValidationException", "Query key condition not supported")
    assert query_error(KeyConditions={"subject": cond("EQ", {"S": "art"})}) == (
        "ValidationException", "Query condition missed key schema element: student_id")
    assert query_error(KeyConditions={"student_id": cond("EQ", {"N": "1"})}) == (
        "ValidationException", INVALID + "Condition parameter type does not match schema type")
    assert query_error(KeyConditions={"student_id": cond("EQ")}) == (
        "ValidationException", INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator")
    assert query_error(KeyConditions={"student_id": eq}, QueryFilter={"subject": cond("NOT_NULL")}) == (
        "ValidationException", "QueryFilter can only contain non-primary key attributes: Primary key attribute: subject")
    assert query_error(KeyConditions={"student_id": eq}, QueryFilter={"mark": cond("NOT_NULL")},
                       ConditionalOperator="OR") == (
        "ValidationException", "ConditionalOperator can only be used when Filter or Expected has two or more elements")
    assert query_error(KeyConditions={"student_id": eq}, KeyConditionExpression="student_id = :s",
                       ExpressionAttributeValues={":s": {"S": "s1"}}) == (
        "ValidationException", "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}")
    check_scan_filter_conditional_operator(ddb)


def check_scan_filter_conditional_operator(ddb):
    r = ddb.scan(TableName="marks", ScanFilter={"subject": cond("IN", {"S": "art"}, {"S": "physics"}),
                                                "mark": cond("LT", {"N": "51"})},
                 ConditionalOperator="OR")
    assert sorted(subjects(r["Items"])) == ["art", "art", "physics", "physics"]
    r = ddb.scan(TableName="marks", ScanFilter={"subject": cond("CONTAINS", {"S": "i"}),
                                                "student_id": cond("EQ", {"S": "s1"})})
    assert sorted(subjects(r["Items"])) == ["biology", "chemistry", "music", "physics"]
    r = ddb.scan(TableName="marks", ScanFilter={"subject": cond("NOT_CONTAINS", {"S": "i"})}, Select="COUNT")
    assert r["Count"] == 4

    def scan_error(**kwargs):
        return raises(ddb.scan, TableName="marks", **kwargs)
    assert scan_error(ConditionalOperator="AND") == (
        "ValidationException", "ConditionalOperator cannot be used without Filter or Expected")
    assert scan_error(ScanFilter={"mark": cond("BETWEEN", {"N": "9"}, {"N": "1"})}) == (
        "ValidationException",
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound")
    assert scan_error(ScanFilter={"mark": cond("IN", {"N": "9"}, {"S": "x"})}) == (
        "ValidationException", INVALID + "AttributeValues inside AttributeValueList must be of same type")
    assert scan_error(ScanFilter={"mark": cond("GT", {"SS": ["x"]})}) == (
        "ValidationException", INVALID + "ComparisonOperator GT is not valid for SS AttributeValue type")
    assert scan_error(ScanFilter={"mark": cond("NULL", {"N": "1"})}) == (
        "ValidationException", INVALID + "Invalid number of argument(s) for the NULL ComparisonOperator")
    assert scan_error(ScanFilter={"mark": cond("NOT_NULL")}, ProjectionExpression="mark") == (
        "ValidationException", "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {ScanFilter} Expression parameters: {ProjectionExpression}")


def check_expected_validation_errors(ddb):
    item = {"id": {"S": "v1"}}

    def put_error(expected, **kwargs):
        return raises(ddb.put_item, TableName="student", Item=item, Expected=expected, **kwargs)
    assert put_error({"a": {"Exists": True}}) == (
        "ValidationException", ENVELOPE + INVALID + "Value must be provided when Exists is true for Attribute: a")
    assert put_error({"a": {"Exists": False, "Value": {"N": "1"}}}) == (
        "ValidationException", ENVELOPE + INVALID + "Value cannot be used when Exists is false for Attribute: a")
    assert put_error({"a": {"Value": {"N": "1"}, **cond("EQ", {"N": "1"})}}) == (
        "ValidationException", ENVELOPE + INVALID + "Value and AttributeValueList cannot be used together for Attribute: a")
    assert put_error({"a": {"Exists": False, **cond("EQ", {"N": "1"})}}) == (
        "ValidationException", ENVELOPE + INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: a")
    assert put_error({"a": cond("BEGINS_WITH", {"N": "3"})}) == (
        "ValidationException", ENVELOPE + INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type")
    assert put_error({"a": cond("NOT_NULL")}, ConditionalOperator="OR") == (
        "ValidationException", ENVELOPE + "ConditionalOperator can only be used when Filter or Expected has two or more elements")
    assert put_error({"a": cond("NOT_NULL")}, ConditionExpression="attribute_exists(id)") == (
        "ValidationException", ENVELOPE + "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
