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
    # DynamoDB's own words, not its request validator's (Alternator's test_tableclass.py against AWS);
    # the check is case-sensitive and UpdateTable makes it too.
    table_class_message = ("Invalid table-class parameter provided. Please try again with a valid table-class "
                           "value: [STANDARD, STANDARD_INFREQUENT_ACCESS].")
    assert body["message"] == table_class_message
    status, body = call(tarn, "UpdateTable", {"TableName": "classed", "TableClass": "standard"})
    assert status == 400 and body["message"] == table_class_message
    # Another violation in the request is reported by the validator, without TableClass.
    status, body = call(tarn, "CreateTable", create_body("badclass", TableClass="GLACIER", BillingMode="FREE"))
    assert status == 400 and "billingMode" in body["message"] and "tableClass" not in body["message"]


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


def student_table(tarn):
    """The seed's `student` table (HASH id); returns a DynamoDB client."""
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    return ddb


def test_execute_transaction_of_writes_answers_an_empty_list(tarn):
    ddb = student_table(tarn)
    status, body = call(tarn, "ExecuteTransaction", {"TransactStatements": [
        {"Statement": "INSERT INTO student VALUE {'id': 'a', 'name': 'Ann'}"},
        {"Statement": "INSERT INTO student VALUE {'id': 'b', 'name': 'Bo'}"}]})
    assert (status, body) == (200, {"Responses": []})
    assert ddb.scan(TableName="student")["Count"] == 2


def test_client_token_requests_compare_by_meaning(tarn):
    ddb = student_table(tarn)
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


# --- UpdateTable's rules, as DynamoDB answers them (ack-api-quirks, probed against DynamoDB) -------

def provisioned_body(name, rcu=1, wcu=1, **extra):
    definitions = [{"AttributeName": "id", "AttributeType": "S"}]
    if "GlobalSecondaryIndexes" in extra:
        definitions.append({"AttributeName": "g", "AttributeType": "S"})
    return {"TableName": name, "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "AttributeDefinitions": definitions,
            "ProvisionedThroughput": {"ReadCapacityUnits": rcu, "WriteCapacityUnits": wcu}, **extra}


def test_update_table_changes_one_thing_at_a_time(tarn):
    assert call(tarn, "CreateTable", create_body("one"))[0] == 200
    only = "must be the only operation in the request"
    for body, message in [
            ({"DeletionProtectionEnabled": True, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}},
             "One or more parameter values were invalid: DeletionProtection modification " + only),
            ({"SSESpecification": {"Enabled": True}, "TableClass": "STANDARD_INFREQUENT_ACCESS"},
             "One or more parameter values were invalid: Server-Side Encryption modification " + only),
            ({"TableClass": "STANDARD_INFREQUENT_ACCESS", "StreamSpecification": {"StreamEnabled": False}},
             "One or more parameter values were invalid: TableClass modification " + only),
            ({"WarmThroughput": {"ReadUnitsPerSecond": 13000}, "StreamSpecification": {"StreamEnabled": False}},
             "One or more parameter values were invalid: WarmThroughput " + only),
            ({"OnDemandThroughput": {"MaxReadRequestUnits": 100}, "StreamSpecification": {"StreamEnabled": False}},
             "One or more parameter values were invalid: OnDemandThroughput can only be combined with BillingMode in an "
             "UpdateTable request"),
            ({"BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
              "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}},
             "One or more parameter values were invalid: You cannot modify stream status while updating table IOPS"),
            ({"AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
              "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "gix", "KeySchema": [
                  {"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}],
              "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}},
             "One or more parameter values were invalid: You cannot create or delete index while changing stream status")]:
        assert error(call(tarn, "UpdateTable", {"TableName": "one", **body})) == (400, "ValidationException", message), body
    # Nothing was applied.
    status, described = call(tarn, "DescribeTable", {"TableName": "one"})
    table = described["Table"]
    assert table["DeletionProtectionEnabled"] is False and "StreamSpecification" not in table
    assert "SSEDescription" not in table and "TableClassSummary" not in table and "GlobalSecondaryIndexes" not in table
    # An empty request is refused before the table is looked for.
    assert error(call(tarn, "UpdateTable", {"TableName": "missing"})) == (
        400, "ValidationException",
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
        "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required")


def test_stream_specification_messages(tarn):
    invalid = "One or more parameter values were invalid: "
    assert error(call(tarn, "CreateTable", create_body("str1", StreamSpecification={"StreamEnabled": True}))) == (
        400, "ValidationException", invalid + "Table is being created with a stream enabled, UpdateViewType is required")
    assert error(call(tarn, "CreateTable", create_body("str1", StreamSpecification={
        "StreamEnabled": False, "StreamViewType": "NEW_IMAGE"}))) == (
        400, "ValidationException", invalid + "Table is being created with a stream disabled, UpdateViewType should not be specified")
    assert call(tarn, "CreateTable", create_body("str1", StreamSpecification={"StreamEnabled": False}))[0] == 200
    update = lambda spec: error(call(tarn, "UpdateTable", {"TableName": "str1", "StreamSpecification": spec}))
    assert update({"StreamEnabled": True}) == (
        400, "ValidationException", invalid + "If stream is being enabled then UpdateViewType is required")
    assert update({"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"}) == (
        400, "ValidationException", invalid + "If stream is being disabled, then UpdateViewType must not be specified")
    assert update({"StreamEnabled": False}) == (400, "ValidationException", "Table has no stream to disable: TableName: str1")


def test_encryption_rules(tarn):
    invalid = "One or more parameter values were invalid: "
    for sse, message in [({"Enabled": False, "SSEType": "KMS"}, "SSEType can not be specified if Enabled is false"),
                         ({"Enabled": False, "KMSMasterKeyId": "alias/x"},
                          "KMSMasterKeyId can not be specified if Enabled is false"),
                         ({"Enabled": True, "SSEType": "AES256"}, "SSEType AES256 is not supported"),
                         ({"Enabled": True, "KMSMasterKeyId": "alias/aws/dynamodb"},
                          "SSEType KMS is required if KMSMasterKeyId is specified")]:
        assert error(call(tarn, "CreateTable", create_body("enc0", SSESpecification=sse))) == (
            400, "ValidationException", invalid + message), sse
    # SSEType KMS alone asks for the account's AWS managed key: one key for every such table.
    arns = []
    for name, sse in [("enc1", {"SSEType": "KMS"}), ("enc2", {"Enabled": True}),
                      ("enc3", {"SSEType": "KMS", "KMSMasterKeyId": "alias/aws/dynamodb"})]:
        status, created = call(tarn, "CreateTable", create_body(name, SSESpecification=sse))
        assert status == 200, created
        arns.append(created["TableDescription"]["SSEDescription"]["KMSMasterKeyArn"])
    assert len(set(arns)) == 1 and ":key/" in arns[0]
    assert error(call(tarn, "UpdateTable", {"TableName": "enc2", "SSESpecification": {
        "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": arns[0]}})) == (
        400, "ValidationException", invalid + "Table is already encrypted with given KMSMasterKeyId. Use "
        "KMSMasterKeyId parameter if you want to change Master Key")
    assert call(tarn, "CreateTable", create_body("plain"))[0] == 200
    assert error(call(tarn, "UpdateTable", {"TableName": "plain", "SSESpecification": {"Enabled": False}})) == (
        400, "ValidationException", invalid + "Table is already encrypted by default")
    # STANDARD on a table that never had a class changes nothing.
    status, updated = call(tarn, "UpdateTable", {"TableName": "plain", "TableClass": "STANDARD"})
    assert status == 200 and "TableClassSummary" not in updated["TableDescription"]


def test_provisioned_throughput_rules(tarn):
    gsi = [{"IndexName": "gix", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}]
    assert call(tarn, "CreateTable", provisioned_body("prov", GlobalSecondaryIndexes=gsi))[0] == 200
    same = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    assert error(call(tarn, "UpdateTable", {"TableName": "prov", "ProvisionedThroughput": same})) == (
        400, "ValidationException",
        "The provisioned throughput for the table will not change. The requested value equals the current value. "
        "Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. Current "
        "WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. Refer to the Amazon DynamoDB "
        "Developer Guide for current limits and how to request higher limits.")
    assert error(call(tarn, "UpdateTable", {"TableName": "prov", "BillingMode": "PROVISIONED"})) == (
        400, "ValidationException",
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is "
        "PROVISIONED")
    code = error(call(tarn, "UpdateTable", {"TableName": "prov", "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "gix", "ProvisionedThroughput": same}}]}))
    assert code[:2] == (400, "ValidationException") and "for the index gix will not change" in code[2]
    assert error(call(tarn, "UpdateTable", {"TableName": "prov", "GlobalSecondaryIndexUpdates": [
        {"Delete": {"IndexName": "nope"}}]})) == (
        400, "ResourceNotFoundException", "Requested resource not found: Index nope for table prov")
    # On demand, an index takes no throughput; back to provisioned, every index needs one.
    assert call(tarn, "UpdateTable", {"TableName": "prov", "BillingMode": "PAY_PER_REQUEST"})[0] == 200
    assert error(call(tarn, "UpdateTable", {"TableName": "prov", "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "gix", "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}}]})) == (
        400, "ValidationException",
        "One or more parameter values were invalid: The only Updates for index: gix when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, "
        "WarmThroughput")
    assert error(call(tarn, "UpdateTable", {"TableName": "prov", "BillingMode": "PROVISIONED",
                                            "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 3}})) == (
        400, "ValidationException", "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: gix")
    status, back = call(tarn, "UpdateTable", {
        "TableName": "prov", "BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 3},
        "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "gix", "ProvisionedThroughput": {
            "ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}}]})
    assert status == 200, back
    index = back["TableDescription"]["GlobalSecondaryIndexes"][0]
    assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 2


def test_warm_and_on_demand_throughput(tarn):
    status, created = call(tarn, "CreateTable", create_body("warm", OnDemandThroughput={"MaxReadRequestUnits": 100}))
    assert status == 200, created
    table = call(tarn, "DescribeTable", {"TableName": "warm"})[1]["Table"]
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 100}
    assert table["WarmThroughput"] == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
    status, updated = call(tarn, "UpdateTable", {"TableName": "warm", "OnDemandThroughput": {
        "MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 500}})
    assert status == 200 and updated["TableDescription"]["OnDemandThroughput"] == {"MaxWriteRequestUnits": 500}
    assert error(call(tarn, "UpdateTable", {"TableName": "warm", "OnDemandThroughput": {"MaxWriteRequestUnits": 0}})) == (
        400, "ValidationException", "One or more parameter values were invalid: Requested MaxWriteRequestUnits for "
        "OnDemandThroughput for table is outside of valid range")
    status, warmer = call(tarn, "UpdateTable", {"TableName": "warm", "WarmThroughput": {"ReadUnitsPerSecond": 15000}})
    assert status == 200 and warmer["TableDescription"]["WarmThroughput"]["ReadUnitsPerSecond"] == 15000
    assert error(call(tarn, "UpdateTable", {"TableName": "warm", "WarmThroughput": {"ReadUnitsPerSecond": 13000}})) == (
        400, "ValidationException", "One or more parameter values were invalid: Requested ReadUnitsPerSecond for "
        "WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported")
    # A provisioned table: its capacity is its warm throughput, and it takes no on-demand maximum.
    assert call(tarn, "CreateTable", provisioned_body("provwarm", 5, 5))[0] == 200
    table = call(tarn, "DescribeTable", {"TableName": "provwarm"})[1]["Table"]
    assert table["WarmThroughput"] == {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5, "Status": "ACTIVE"}
    assert error(call(tarn, "UpdateTable", {"TableName": "provwarm", "OnDemandThroughput": {"MaxReadRequestUnits": 10}})) == (
        400, "ValidationException", "One or more parameter values were invalid: MaxReadRequestUnits for "
        "OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED")
    # Survives a restart.
    tarn.stop()
    tarn.start()
    table = call(tarn, "DescribeTable", {"TableName": "warm"})[1]["Table"]
    assert table["OnDemandThroughput"] == {"MaxWriteRequestUnits": 500}
    assert table["WarmThroughput"]["ReadUnitsPerSecond"] == 15000
