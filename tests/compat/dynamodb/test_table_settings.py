"""Table settings that CloudFormation, Terraform and the console set on every table: deletion
protection, the table class and encryption with a KMS key (SSESpecification), with what AWS answers
(LocalStack's snapshot tests recorded against AWS, AWS's API reference); and three answers those
snapshots pinned down: BatchWriteItem's key-schema message, ExecuteTransaction's empty Responses and
a client token's request compared by meaning, not member order. Sent as raw JSON requests where
Debian's botocore (1.29) predates the members, so both client sets check the same wire behaviour."""
import json

import botocore.exceptions
import pytest

from signing import send_signed

JSON = {"Content-Type": "application/x-amz-json-1.0"}


def call(tarn, operation, body):
    r = send_signed(tarn, "dynamodb", json.dumps(body),
                    headers={**JSON, "X-Amz-Target": "DynamoDB_20120810." + operation})
    return r.status, json.loads(r.body) if r.body else {}


def create_body(name, **extra):
    return {"TableName": name, "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST", **extra}


def error(status_and_body):
    status, body = status_and_body
    return status, body["__type"].split("#")[-1], body.get("message") or body.get("Message")


def test_deletion_protection(tarn):
    status, created = call(tarn, "CreateTable", create_body("guarded", DeletionProtectionEnabled=True))
    assert status == 200, created
    assert created["TableDescription"]["DeletionProtectionEnabled"] is True
    assert error(call(tarn, "DeleteTable", {"TableName": "guarded"})) == (
        400, "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
        "protection first.")
    # Still there, still protected after a restart.
    tarn.stop()
    tarn.start()
    status, described = call(tarn, "DescribeTable", {"TableName": "guarded"})
    assert described["Table"]["DeletionProtectionEnabled"] is True
    status, updated = call(tarn, "UpdateTable", {"TableName": "guarded", "DeletionProtectionEnabled": False})
    assert status == 200, updated
    assert updated["TableDescription"]["DeletionProtectionEnabled"] is False
    status, deleted = call(tarn, "DeleteTable", {"TableName": "guarded"})
    assert status == 200, deleted
    # A table created without it says so.
    status, plain = call(tarn, "CreateTable", create_body("plain"))
    assert plain["TableDescription"]["DeletionProtectionEnabled"] is False


def test_table_class(tarn):
    status, plain = call(tarn, "CreateTable", create_body("unclassed"))
    assert "TableClassSummary" not in plain["TableDescription"]
    status, created = call(tarn, "CreateTable", create_body("classed", TableClass="STANDARD"))
    assert status == 200, created
    assert created["TableDescription"]["TableClassSummary"] == {"TableClass": "STANDARD"}
    status, updated = call(tarn, "UpdateTable", {"TableName": "classed", "TableClass": "STANDARD_INFREQUENT_ACCESS"})
    assert status == 200, updated
    summary = updated["TableDescription"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS" and summary["LastUpdateDateTime"] > 0
    status, described = call(tarn, "DescribeTable", {"TableName": "classed"})
    assert described["Table"]["TableClassSummary"] == summary
    status, body = call(tarn, "CreateTable", create_body("badclass", TableClass="GLACIER"))
    assert status == 400 and body["__type"].endswith("ValidationException")
    assert "tableClass" in body["message"]


def test_encryption_with_a_kms_key(tarn):
    status, created = call(tarn, "CreateTable", create_body("secret", SSESpecification={"Enabled": True}))
    assert status == 200, created
    sse = created["TableDescription"]["SSEDescription"]
    assert sse["Status"] == "ENABLED" and sse["SSEType"] == "KMS"
    assert sse["KMSMasterKeyArn"].startswith("arn:aws:kms:us-east-1:") and ":key/" in sse["KMSMasterKeyArn"]
    # A table on DynamoDB's own key describes no encryption.
    status, plain = call(tarn, "CreateTable", create_body("open"))
    assert "SSEDescription" not in plain["TableDescription"]
    # An update that leaves encryption alone keeps the key.
    status, updated = call(tarn, "UpdateTable", {"TableName": "secret", "StreamSpecification": {
        "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}})
    assert status == 200, updated
    assert updated["TableDescription"]["SSEDescription"] == sse
    # Switching back to DynamoDB's key: UPDATING in the answer, then no SSEDescription.
    status, off = call(tarn, "UpdateTable", {"TableName": "secret", "SSESpecification": {"Enabled": False}})
    assert status == 200, off
    assert off["TableDescription"]["SSEDescription"] == {**sse, "Status": "UPDATING"}
    status, described = call(tarn, "DescribeTable", {"TableName": "secret"})
    assert "SSEDescription" not in described["Table"]
    # A key named by the caller is described by its ARN.
    key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    status, own = call(tarn, "CreateTable", create_body("own-key", SSESpecification={
        "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}))
    assert own["TableDescription"]["SSEDescription"]["KMSMasterKeyArn"] == key
    status, body = call(tarn, "CreateTable", create_body("bad-sse", SSESpecification={"Enabled": True, "SSEType": "DES"}))
    assert status == 400 and body["__type"].endswith("ValidationException")


def test_batch_write_item_names_no_key_attribute(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="marks", KeySchema=[{"AttributeName": "student_id", "KeyType": "HASH"},
                                                   {"AttributeName": "subject", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "student_id", "AttributeType": "S"},
                                           {"AttributeName": "subject", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    for item in [{"nonKey": {"S": "hello"}},
                 {"student_id": {"S": "s1"}, "subject": {"N": "1"}}]:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.batch_write_item(RequestItems={"marks": [{"PutRequest": {"Item": item}}]})
        assert e.value.response["Error"] == {"Code": "ValidationException",
                                             "Message": "The provided key element does not match the schema"}
    # PutItem names the attribute.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.put_item(TableName="marks", Item={"nonKey": {"S": "hello"}})
    assert e.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Missing the key student_id in the item")
    assert ddb.scan(TableName="marks")["Count"] == 0


def test_execute_transaction_of_writes_answers_an_empty_list(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    status, body = call(tarn, "ExecuteTransaction", {"TransactStatements": [
        {"Statement": "INSERT INTO student VALUE {'id': 'a', 'name': 'Ann'}"},
        {"Statement": "INSERT INTO student VALUE {'id': 'b', 'name': 'Bo'}"}]})
    assert (status, body) == (200, {"Responses": []})
    assert ddb.scan(TableName="student")["Count"] == 2


def test_client_token_requests_compare_by_meaning(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    first = {"ClientRequestToken": "dedupe_token", "TransactItems": [
        {"Put": {"TableName": "student", "Item": {"id": {"S": "id1"}, "name": {"S": "name1"}}}}]}
    reordered = {"TransactItems": [
        {"Put": {"Item": {"name": {"S": "name1"}, "id": {"S": "id1"}}, "TableName": "student"}}],
        "ClientRequestToken": "dedupe_token"}
    assert call(tarn, "TransactWriteItems", first)[0] == 200
    assert call(tarn, "TransactWriteItems", reordered)[0] == 200
    changed = {"ClientRequestToken": "dedupe_token", "TransactItems": [
        {"Put": {"TableName": "student", "Item": {"id": {"S": "id1"}, "name": {"S": "other"}}}}]}
    assert error(call(tarn, "TransactWriteItems", changed))[1] == "IdempotentParameterMismatchException"
    assert ddb.get_item(TableName="student", Key={"id": {"S": "id1"}})["Item"]["name"] == {"S": "name1"}
