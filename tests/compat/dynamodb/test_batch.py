"""BatchWriteItem and BatchGetItem end to end: limits, duplicates, mixed tables, the resource
batch_writer."""
import botocore.exceptions
import pytest

from test_items import error_of, make_tables, resource


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    make_tables(client)
    return client


def test_batch_write_and_get(ddb):
    puts = [{"PutRequest": {"Item": {"id": {"S": f"b{i}"}, "n": {"N": str(i)}}}} for i in range(20)]
    marks = [{"PutRequest": {"Item": {"student_id": {"S": "b1"}, "subject": {"S": s}}}} for s in ["x", "y"]]
    r = ddb.batch_write_item(RequestItems={"student": puts, "marks": marks})
    assert r["UnprocessedItems"] == {}
    r = ddb.batch_get_item(RequestItems={
        "student": {"Keys": [{"id": {"S": f"b{i}"}} for i in range(20)] + [{"id": {"S": "missing"}}],
                    "ProjectionExpression": "n"},
        "marks": {"Keys": [{"student_id": {"S": "b1"}, "subject": {"S": "x"}}]}})
    assert sorted(int(i["n"]["N"]) for i in r["Responses"]["student"]) == list(range(20))
    assert r["Responses"]["marks"] == [{"student_id": {"S": "b1"}, "subject": {"S": "x"}}]
    assert r["UnprocessedKeys"] == {}
    r = ddb.batch_write_item(RequestItems={"student": [{"DeleteRequest": {"Key": {"id": {"S": "b0"}}}}]},
                             ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == [{"TableName": "student", "CapacityUnits": 1.0}]
    assert "Item" not in ddb.get_item(TableName="student", Key={"id": {"S": "b0"}})


def test_batch_limits_and_duplicates(ddb):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.batch_write_item(RequestItems={"student": [{"PutRequest": {"Item": {"id": {"S": str(i)}}}}
                                                       for i in range(26)]})
    assert error_of(e)[0] == "ValidationException"
    assert "Member must have length less than or equal to 25" in error_of(e)[1]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.batch_write_item(RequestItems={
            "student": [{"PutRequest": {"Item": {"id": {"S": str(i)}}}} for i in range(13)],
            "marks": [{"PutRequest": {"Item": {"student_id": {"S": str(i)}, "subject": {"S": "x"}}}}
                      for i in range(13)]})
    assert error_of(e) == ("ValidationException", "Too many items requested for the BatchWriteItem call")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.batch_write_item(RequestItems={"student": [{"PutRequest": {"Item": {"id": {"S": "same"}}}},
                                                       {"DeleteRequest": {"Key": {"id": {"S": "same"}}}}]})
    assert error_of(e) == ("ValidationException", "Provided list of item keys contains duplicates")
    assert "Item" not in ddb.get_item(TableName="student", Key={"id": {"S": "same"}})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.batch_get_item(RequestItems={
            "student": {"Keys": [{"id": {"S": str(i)}} for i in range(51)]},
            "marks": {"Keys": [{"student_id": {"S": str(i)}, "subject": {"S": "x"}} for i in range(50)]}})
    assert error_of(e) == ("ValidationException", "Too many items requested for the BatchGetItem call")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.batch_get_item(RequestItems={"student": {"Keys": [{"id": {"S": "a"}}, {"id": {"S": "a"}}]}})
    assert error_of(e) == ("ValidationException", "Provided list of item keys contains duplicates")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.batch_get_item(RequestItems={"nope": {"Keys": [{"id": {"S": "a"}}]}})
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_resource_batch_writer(tarn, ddb):
    table = resource(tarn).Table("student")
    with table.batch_writer() as writer:
        for i in range(60):
            writer.put_item(Item={"id": f"w{i}", "i": i})
    assert ddb.scan(TableName="student", Select="COUNT")["Count"] == 60
