"""Query and Scan end to end: key conditions over the sort order, direction, pagination with Limit
and the 1 MB page, filters, projections, Select COUNT and parallel scan segments."""
import botocore.exceptions
import pytest
from boto3.dynamodb.conditions import Key

from test_items import error_of, make_tables, resource


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    make_tables(client)
    subjects = ["art", "biology", "chemistry", "math", "music", "physics"]
    for sid in ["s1", "s2"]:
        for i, subject in enumerate(subjects):
            client.put_item(TableName="marks", Item={"student_id": {"S": sid}, "subject": {"S": subject},
                                                     "mark": {"N": str(50 + i * 5)}})
    return client


def subjects_of(items):
    return [i["subject"]["S"] for i in items]


def test_query_partition_in_sort_order(ddb):
    r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s",
                  ExpressionAttributeValues={":s": {"S": "s1"}})
    assert subjects_of(r["Items"]) == ["art", "biology", "chemistry", "math", "music", "physics"]
    assert r["Count"] == 6 and r["ScannedCount"] == 6
    assert "LastEvaluatedKey" not in r
    r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s",
                  ExpressionAttributeValues={":s": {"S": "s1"}}, ScanIndexForward=False)
    assert subjects_of(r["Items"]) == ["physics", "music", "math", "chemistry", "biology", "art"]


@pytest.mark.parametrize("condition,values,expected", [
    ("subject = :a", {":a": "math"}, ["math"]),
    ("subject < :a", {":a": "chemistry"}, ["art", "biology"]),
    ("subject <= :a", {":a": "chemistry"}, ["art", "biology", "chemistry"]),
    ("subject > :a", {":a": "math"}, ["music", "physics"]),
    ("subject >= :a", {":a": "math"}, ["math", "music", "physics"]),
    ("subject BETWEEN :a AND :b", {":a": "b", ":b": "math"}, ["biology", "chemistry", "math"]),
    ("begins_with(subject, :a)", {":a": "m"}, ["math", "music"]),
    (":a <= subject", {":a": "music"}, ["music", "physics"]),
])
def test_query_sort_conditions(ddb, condition, values, expected):
    values = {k: {"S": v} for k, v in values.items()}
    values[":s"] = {"S": "s2"}
    r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s AND " + condition,
                  ExpressionAttributeValues=values)
    assert subjects_of(r["Items"]) == expected


def test_query_number_sort_key_order(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="nums", KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                                                  {"AttributeName": "n", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                                           {"AttributeName": "n", "AttributeType": "N"}],
                     BillingMode="PAY_PER_REQUEST")
    values = ["10", "-5", "2.5", "0", "-0.1", "100", "9"]
    for v in values:
        ddb.put_item(TableName="nums", Item={"p": {"S": "x"}, "n": {"N": v}})
    r = ddb.query(TableName="nums", KeyConditionExpression="p = :p AND n > :z",
                  ExpressionAttributeValues={":p": {"S": "x"}, ":z": {"N": "-1"}})
    assert [i["n"]["N"] for i in r["Items"]] == ["-0.1", "0", "2.5", "9", "10", "100"]


def test_query_pagination_with_limit(ddb):
    seen, start, pages = [], None, 0
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s",
                      ExpressionAttributeValues={":s": {"S": "s1"}}, Limit=4, **kw)
        pages += 1
        seen += subjects_of(r["Items"])
        start = r.get("LastEvaluatedKey")
        if not start:
            break
    assert pages == 2
    assert seen == ["art", "biology", "chemistry", "math", "music", "physics"]
    paginator = ddb.get_paginator("query")
    items = [i for p in paginator.paginate(TableName="marks", KeyConditionExpression="student_id = :s",
                                           ExpressionAttributeValues={":s": {"S": "s2"}}, ScanIndexForward=False,
                                           PaginationConfig={"PageSize": 2}) for i in p["Items"]]
    assert subjects_of(items) == ["physics", "music", "math", "chemistry", "biology", "art"]


def test_query_filter_projection_count(ddb):
    r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s", FilterExpression="mark >= :m",
                  ProjectionExpression="subject", ExpressionAttributeValues={":s": {"S": "s1"}, ":m": {"N": "66"}})
    assert r["Items"] == [{"subject": {"S": "music"}}, {"subject": {"S": "physics"}}]
    assert r["Count"] == 2 and r["ScannedCount"] == 6
    r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s", Select="COUNT",
                  ExpressionAttributeValues={":s": {"S": "s1"}})
    assert r["Count"] == 6 and "Items" not in r


def test_query_resource_api(tarn, ddb):
    table = resource(tarn).Table("marks")
    r = table.query(KeyConditionExpression=Key("student_id").eq("s1") & Key("subject").begins_with("m"))
    assert [i["subject"] for i in r["Items"]] == ["math", "music"]


def test_query_errors(ddb):
    cases = [
        ({"KeyConditionExpression": "subject = :a", "ExpressionAttributeValues": {":a": {"S": "x"}}},
         "Query condition missed key schema element: student_id"),
        ({"KeyConditionExpression": "student_id = :a", "ExpressionAttributeValues": {":a": {"N": "1"}}},
         "One or more parameter values were invalid: Condition parameter type does not match schema type"),
        ({"KeyConditionExpression": "student_id = :a", "FilterExpression": "subject = :a",
          "ExpressionAttributeValues": {":a": {"S": "x"}}},
         "Filter Expression can only contain non-primary key attributes: Primary key attribute: subject"),
        ({"KeyConditionExpression": "student_id = :a", "IndexName": "byMark",
          "ExpressionAttributeValues": {":a": {"S": "x"}}},
         "The table does not have the specified index: byMark"),
        ({}, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."),
    ]
    for kwargs, message in cases:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.query(TableName="marks", **kwargs)
        assert error_of(e) == ("ValidationException", message)


def test_scan_and_pagination(ddb):
    r = ddb.scan(TableName="marks")
    assert r["Count"] == 12
    items = [i for p in ddb.get_paginator("scan").paginate(TableName="marks", PaginationConfig={"PageSize": 5})
             for i in p["Items"]]
    assert len(items) == 12
    assert len({(i["student_id"]["S"], i["subject"]["S"]) for i in items}) == 12
    r = ddb.scan(TableName="marks", FilterExpression="mark > :m", ExpressionAttributeValues={":m": {"N": "70"}})
    assert r["Count"] == 2 and r["ScannedCount"] == 12


def test_parallel_scan_segments(tarn):
    ddb = tarn.client("dynamodb")
    make_tables(ddb)
    for i in range(40):
        ddb.put_item(TableName="student", Item={"id": {"S": f"st{i}"}})
    seen = []
    for segment in range(4):
        r = ddb.scan(TableName="student", Segment=segment, TotalSegments=4)
        seen += [i["id"]["S"] for i in r["Items"]]
    assert sorted(seen) == sorted(f"st{i}" for i in range(40))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.scan(TableName="student", Segment=4, TotalSegments=4)
    assert error_of(e) == ("ValidationException", "The Segment parameter is zero-based and must be less than "
                                                  "parameter TotalSegments")


def test_one_megabyte_page(tarn):
    ddb = tarn.client("dynamodb")
    make_tables(ddb)
    for i in range(14):
        ddb.put_item(TableName="marks", Item={"student_id": {"S": "big"}, "subject": {"S": f"s{i:02d}"},
                                              "blob": {"S": "x" * 100_000}})
    r = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s",
                  ExpressionAttributeValues={":s": {"S": "big"}})
    assert 10 <= r["Count"] < 14
    assert "LastEvaluatedKey" in r
    rest = ddb.query(TableName="marks", KeyConditionExpression="student_id = :s",
                     ExpressionAttributeValues={":s": {"S": "big"}}, ExclusiveStartKey=r["LastEvaluatedKey"])
    assert r["Count"] + rest["Count"] == 14
