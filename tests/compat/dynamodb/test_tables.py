"""DynamoDB table operations end to end with boto3 and the awscli: the seed's tables, validation
errors, ListTables pagination, DeleteTable, UpdateTable, tags, DescribeEndpoints and waiters."""
import json

import botocore.exceptions
import pytest


def create_student(ddb, name="student", **kw):
    return ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST", **kw)


def create_marks(ddb, name="marks"):
    return ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "student_id", "KeyType": "HASH"},
                   {"AttributeName": "subject", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "student_id", "AttributeType": "S"},
                              {"AttributeName": "subject", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_create_and_describe_seed_tables(tarn):
    ddb = tarn.client("dynamodb")
    created = create_student(ddb)["TableDescription"]
    assert created["TableName"] == "student"
    assert created["TableStatus"] == "CREATING"
    assert created["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/student"
    assert created["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    create_marks(ddb)
    marks = ddb.describe_table(TableName="marks")["Table"]
    assert marks["TableStatus"] == "ACTIVE"
    assert marks["KeySchema"] == [{"AttributeName": "student_id", "KeyType": "HASH"},
                                  {"AttributeName": "subject", "KeyType": "RANGE"}]
    assert marks["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert len(marks["TableId"]) == 36
    assert marks["ItemCount"] == 0
    assert marks["CreationDateTime"].year >= 2024
    ddb.put_item(TableName="marks", Item={"student_id": {"S": "s1"}, "subject": {"S": "math"}})
    assert ddb.describe_table(TableName="marks")["Table"]["ItemCount"] == 1


def test_waiter_and_cli(tarn):
    out = tarn.aws("dynamodb", "create-table", "--table-name", "student", "--attribute-definitions",
                   "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH",
                   "--billing-mode", "PAY_PER_REQUEST", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    out = tarn.aws("dynamodb", "wait", "table-exists", "--table-name", "student", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    out = tarn.aws("dynamodb", "put-item", "--table-name", "student", "--item",
                   '{"id": {"S": "7"}, "name": {"S": "Ada"}}', "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    out = tarn.aws("dynamodb", "get-item", "--table-name", "student", "--key", '{"id": {"S": "7"}}',
                   "--region", "us-east-1", "--output", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Item"]["name"] == {"S": "Ada"}
    out = tarn.aws("dynamodb", "delete-table", "--table-name", "student", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    out = tarn.aws("dynamodb", "wait", "table-not-exists", "--table-name", "student", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr


def test_boto3_resource_waiter(tarn):
    ddb = tarn.client("dynamodb")
    create_student(ddb)
    ddb.get_waiter("table_exists").wait(TableName="student")


def test_create_errors(tarn):
    ddb = tarn.client("dynamodb")
    create_student(ddb)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create_student(ddb)
    assert error_of(e) == ("ResourceInUseException", "Table already exists: student")

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.create_table(TableName="tbl1", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    code, message = error_of(e)
    assert code == "ValidationException"
    assert message == "Invalid KeySchema: Some index key attribute have no definition"

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.create_table(TableName="tbl1", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                               {"AttributeName": "x", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    assert "Number of attributes in KeySchema does not exactly match" in error_of(e)[1]

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.create_table(TableName="tbl1", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    assert "ReadCapacityUnits and WriteCapacityUnits must both be specified" in error_of(e)[1]

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.create_table(TableName="bad name!", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    assert error_of(e) == ("ValidationException", "1 validation error detected: Value 'bad name!' at 'tableName' "
                           "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                           "[a-zA-Z0-9_.-]+")

    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.describe_table(TableName="nope")
    assert error_of(e) == ("ResourceNotFoundException", "Requested resource not found: Table: nope not found")


def test_list_tables_pagination(tarn):
    ddb = tarn.client("dynamodb")
    names = [f"table{i:02d}" for i in range(7)]
    for n in reversed(names):
        create_student(ddb, n)
    first = ddb.list_tables(Limit=3)
    assert first["TableNames"] == names[:3]
    assert first["LastEvaluatedTableName"] == names[2]
    second = ddb.list_tables(Limit=3, ExclusiveStartTableName=first["LastEvaluatedTableName"])
    assert second["TableNames"] == names[3:6]
    third = ddb.list_tables(Limit=3, ExclusiveStartTableName=second["LastEvaluatedTableName"])
    assert third["TableNames"] == names[6:]
    assert "LastEvaluatedTableName" not in third
    pages = ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2})
    assert [n for p in pages for n in p["TableNames"]] == names
    # Tables are per region.
    assert tarn.client("dynamodb", region_name="eu-west-1").list_tables()["TableNames"] == []


def test_delete_table_removes_items(tarn):
    ddb = tarn.client("dynamodb")
    create_student(ddb)
    ddb.put_item(TableName="student", Item={"id": {"S": "1"}})
    deleted = ddb.delete_table(TableName="student")["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.delete_table(TableName="student")
    assert error_of(e)[0] == "ResourceNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_item(TableName="student", Key={"id": {"S": "1"}})
    assert error_of(e) == ("ResourceNotFoundException", "Requested resource not found")
    create_student(ddb)
    assert "Item" not in ddb.get_item(TableName="student", Key={"id": {"S": "1"}})
    assert ddb.scan(TableName="student")["Count"] == 0


def test_update_table_billing_and_stream(tarn):
    ddb = tarn.client("dynamodb")
    create_marks(ddb)
    t = ddb.update_table(TableName="marks", BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert t["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    t = ddb.update_table(TableName="marks",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.update_table(TableName="marks", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert error_of(e) == ("ValidationException", "Table already has an enabled stream: TableName: marks")
    d = ddb.describe_table(TableName="marks")["Table"]
    assert d["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert d["LatestStreamArn"] == d["TableArn"] + "/stream/" + d["LatestStreamLabel"]
    ddb.update_table(TableName="marks", StreamSpecification={"StreamEnabled": False})
    assert "StreamSpecification" not in ddb.describe_table(TableName="marks")["Table"]
    t = ddb.update_table(TableName="marks", BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    assert t["TableDescription"]["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


def test_create_with_stream(tarn):
    ddb = tarn.client("dynamodb")
    d = create_student(ddb, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    assert d["TableDescription"]["LatestStreamArn"].startswith(
        "arn:aws:dynamodb:us-east-1:000000000000:table/student/stream/")


def test_tags(tarn):
    ddb = tarn.client("dynamodb")
    arn = create_student(ddb, Tags=[{"Key": "env", "Value": "dev"}])["TableDescription"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "db"}])
    tags = ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("env", "dev"), ("team", "db")]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["env"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "db"}]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.list_tags_of_resource(ResourceArn=arn.replace("student", "nope"))
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_describe_endpoints(tarn):
    # The endpoint the client reached, which a client with endpoint discovery then uses.
    endpoints = tarn.client("dynamodb").describe_endpoints()["Endpoints"]
    assert endpoints[0]["Address"] == tarn.endpoint.split("://", 1)[1]
    assert endpoints[0]["CachePeriodInMinutes"] == 1440


@pytest.mark.tarn_only
def test_tables_survive_restart(tarn):
    ddb = tarn.client("dynamodb")
    create_student(ddb)
    ddb.put_item(TableName="student", Item={"id": {"S": "1"}, "n": {"N": "1.50"}})
    tarn.stop()
    tarn.start()
    ddb = tarn.client("dynamodb")
    assert ddb.list_tables()["TableNames"] == ["student"]
    assert ddb.get_item(TableName="student", Key={"id": {"S": "1"}})["Item"]["n"] == {"N": "1.5"}
    create_student(ddb, "second")
    assert ddb.list_tables()["TableNames"] == ["second", "student"]
