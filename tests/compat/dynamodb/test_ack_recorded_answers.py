"""DynamoDB answers the ACK controller's probes of DynamoDB recorded (aws-controllers-k8s/dynamodb-controller
docs/api-quirks, verified 2026-10: DDB-TABLE-011/070/071 and the message catalogues DDB-TABLE-442...447) and
tarn once gave differently: what the tagging and table operations answer for ARNs of other forms, regions and
accounts; tags' checks; UpdateTable's refusals in full; index updates DynamoDB refuses; ListBackups' and the
restores' refusals. Requests go signed and raw, so that members the older botocore does not know
(DeletionProtectionEnabled, OnDemandThroughput) and values its validator refuses reach the service."""
import time

import pytest

from dynamodb_wire import call, ok

INVALID = "One or more parameter values were invalid: "


def error(tarn, operation, body):
    status, out = call(tarn, operation, body)
    assert status == 400, (operation, body, out)
    return out["__type"].split("#")[-1], out.get("message") or out.get("Message")


KEY = {"KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
       "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}]}
PPR = {"BillingMode": "PAY_PER_REQUEST"}
ONE = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


def gsi(name, **extra):
    return {"IndexName": name, "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}, **extra}


def create(tarn, name, **extra):
    body = {"TableName": name, **KEY, **extra}
    if "GlobalSecondaryIndexes" in extra or "LocalSecondaryIndexes" in extra:
        body["AttributeDefinitions"] = KEY["AttributeDefinitions"] + [{"AttributeName": "g", "AttributeType": "S"}]
    if "LocalSecondaryIndexes" in extra:
        body["KeySchema"] = KEY["KeySchema"] + [{"AttributeName": "r", "KeyType": "RANGE"}]
        body["AttributeDefinitions"].append({"AttributeName": "r", "AttributeType": "S"})
    return ok(tarn, "CreateTable", body)["TableDescription"]["TableArn"]


def other(arn, field, value):
    parts = arn.split(":", 5)
    parts[{"partition": 1, "region": 3, "account": 4}[field]] = value
    return ":".join(parts)


@pytest.mark.parametrize("operation", ["ListTagsOfResource", "TagResource", "UntagResource"])
def test_tagging_operations_answer_each_arn_form(tarn, operation):
    arn = create(tarn, "arns", **PPR)
    extra = {"TagResource": {"Tags": [{"Key": "k", "Value": "v"}]}, "UntagResource": {"TagKeys": ["k"]}}.get(
        operation, {})

    def answer(resource_arn):
        return error(tarn, operation, {"ResourceArn": resource_arn, **extra})

    for text in ("arns", "not-an-arn"):
        assert answer(text) == ("ValidationException", INVALID + f"ARNs must start with 'arn:': {text}")
    for wrong in (other(arn, "region", "us-west-2"), other(arn, "partition", "aws-cn")):
        assert answer(wrong) == ("ValidationException", f"Invalid TableArn: Invalid ResourceArn provided as input {wrong}")
    for foreign in (arn.replace(":table/arns", ":backup/x"), "arn:aws:s3:::bucket"):
        assert answer(foreign) == ("ValidationException", INVALID + f"Provided Arn is not a DynamoDB resource arn: {foreign}")
    assert answer(arn + "/index/gsi") == (
        "ValidationException",
        INVALID + f"Invalid resource arn provided, only table or stream is accepted. Provided resource arn: {arn}/index/gsi")
    assert answer(other(arn, "account", "111122223333")) == ("AccessDeniedException", "Access is denied")
    for missing in (arn + "x", arn + "/stream/2026-10-08T00:00:00.000"):
        assert answer(missing) == ("ResourceNotFoundException", f"Requested resource not found: ResourceArn: {missing} not found")
    ok(tarn, operation, {"ResourceArn": arn, **extra})


@pytest.mark.parametrize("operation", ["DescribeTable", "DescribeTimeToLive", "DescribeContinuousBackups",
                                       "DescribeContributorInsights"])
def test_table_operations_answer_arns_of_other_regions_and_accounts(tarn, operation):
    arn = create(tarn, "arns", **PPR)
    ok(tarn, operation, {"TableName": arn})
    for field, value, what in (("region", "eu-west-1", "AWS region"), ("partition", "aws-cn", "AWS partition")):
        wrong = other(arn, field, value)
        assert error(tarn, operation, {"TableName": wrong}) == (
            "ValidationException", f"1 validation error detected: Invalid {what} in '{wrong}'")
    assert error(tarn, operation, {"TableName": other(arn, "account", "111122223333")}) == (
        "AccessDeniedException", "Access is denied")


def test_time_to_live_operations_name_a_missing_table(tarn):
    assert error(tarn, "DescribeTimeToLive", {"TableName": "nope"}) == (
        "ResourceNotFoundException", "Requested resource not found: Table: nope not found")
    assert error(tarn, "UpdateTimeToLive", {"TableName": "nope", "TimeToLiveSpecification": {
        "Enabled": True, "AttributeName": "ttl"}}) == (
        "ResourceNotFoundException", "Requested resource not found: Table: nope not found")


def test_tags_are_checked_one_by_one(tarn):
    arn = create(tarn, "tagged", **PPR)

    def tag(*pairs):
        return error(tarn, "TagResource", {"ResourceArn": arn, "Tags": [{"Key": k, "Value": v} for k, v in pairs]})

    assert tag(("a*b", "v")) == ("ValidationException", "The Tag Key provided is invalid, Key: a*b")
    assert tag(("k", "v*")) == ("ValidationException", "The Tag Value provided is invalid, Value: v*")
    assert tag(("aws:team", "v")) == ("ValidationException", "Tag Key cannot be prefixed with aws:, Key: aws:team")
    assert tag(("k", "1"), ("k", "2")) == (
        "ValidationException", "Duplicate Tag Keys provided as input: Duplicate Tag Key found k")
    assert tag(*[(f"k{i}", "v") for i in range(51)]) == (
        "ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn")
    assert error(tarn, "CreateTable", {"TableName": "tagged2", **KEY, **PPR, "Tags": [{"Key": "a*b", "Value": "v"}]}) == (
        "ValidationException", "The Tag Key provided is invalid, Key: a*b")
    assert error(tarn, "UntagResource", {"ResourceArn": arn, "TagKeys": []}) == (
        "ValidationException", "Atleast one Tag Key needs to be provided as Input.")
    for key, message in (("a*b", "The Tag Key provided is invalid, Key: a*b"),
                         ("aws:x", "Tag Key cannot be prefixed with aws:, Key: aws:x")):
        assert error(tarn, "UntagResource", {"ResourceArn": arn, "TagKeys": [key]}) == ("ValidationException", message)
    # Nothing was applied; 50 tags are fine.
    assert ok(tarn, "ListTagsOfResource", {"ResourceArn": arn})["Tags"] == []
    ok(tarn, "TagResource", {"ResourceArn": arn, "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(50)]})
    assert len(ok(tarn, "ListTagsOfResource", {"ResourceArn": arn})["Tags"]) == 50


def test_update_table_refusals_in_full(tarn):
    create(tarn, "prov", ProvisionedThroughput=ONE)
    create(tarn, "ppr", GlobalSecondaryIndexes=[gsi("gix")], **PPR)
    stream = {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    new_index = {"AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
                 "GlobalSecondaryIndexUpdates": [{"Create": gsi("new", ProvisionedThroughput=ONE)}]}
    for table, body, message in [
            ("prov", {"SSESpecification": {"Enabled": True}, "DeletionProtectionEnabled": True},
             INVALID + "Server-Side Encryption modification must be the only operation in the request"),
            ("prov", {"TableClass": "STANDARD_INFREQUENT_ACCESS", "DeletionProtectionEnabled": True},
             INVALID + "TableClass modification must be the only operation in the request"),
            ("prov", {"WarmThroughput": {"ReadUnitsPerSecond": 13000}, "StreamSpecification": stream},
             INVALID + "WarmThroughput must be the only operation in the request"),
            ("ppr", {"OnDemandThroughput": {"MaxReadRequestUnits": 10}, "StreamSpecification": stream},
             INVALID + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request"),
            ("prov", {"StreamSpecification": stream, "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}},
             INVALID + "You cannot modify stream status while updating table IOPS"),
            ("prov", {**new_index, "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}},
             INVALID + "You cannot create or delete index while updating table IOPS"),
            ("prov", {**new_index, "StreamSpecification": stream},
             INVALID + "You cannot create or delete index while changing stream status"),
            ("ppr", {"GlobalSecondaryIndexUpdates": [{}]},
             INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                       "GlobalSecondaryIndexUpdate.Delete must not be null"),
            ("ppr", {"GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "gix", "ProvisionedThroughput": ONE},
                                                      "Delete": {"IndexName": "gix"}}]},
             INVALID + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object"),
            ("ppr", {"GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "gix", "ProvisionedThroughput": ONE}}]},
             INVALID + "The only Updates for index: gix when TableThroughputMode is PAY_PER_REQUEST can be to "
                       "OnDemandThroughput, WarmThroughput"),
            ("ppr", {"BillingMode": "PROVISIONED", "ProvisionedThroughput": ONE},
             INVALID + "ProvisionedThroughput must be specified for index: gix"),
            ("prov", {"ProvisionedThroughput": ONE},
             "The provisioned throughput for the table will not change. The requested value equals the current value. "
             "Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. Current "
             "WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. Refer to the Amazon "
             "DynamoDB Developer Guide for current limits and how to request higher limits."),
            ("ppr", {"AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
                     "GlobalSecondaryIndexUpdates": [{"Create": gsi("gix")}]},
             "Attempting to create an index which already exists")]:
        assert error(tarn, "UpdateTable", {"TableName": table, **body}) == ("ValidationException", message), body


def test_index_updates_name_local_indexes_and_the_global_limit(tarn):
    create(tarn, "local", LocalSecondaryIndexes=[{
        "IndexName": "lix", "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "g", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}], **PPR)
    for action, verb in (({"Delete": {"IndexName": "lix"}}, "delete"), ({"Update": {"IndexName": "lix", "OnDemandThroughput": {
            "MaxReadRequestUnits": 5}}}, "update")):
        assert error(tarn, "UpdateTable", {"TableName": "local", "GlobalSecondaryIndexUpdates": [action]}) == (
            "ValidationException", f"Cannot {verb} an index that is not a GlobalSecondaryIndex: lix")
    create(tarn, "twenty", GlobalSecondaryIndexes=[gsi(f"gsi{i}") for i in range(20)], **PPR)
    assert error(tarn, "UpdateTable", {
        "TableName": "twenty", "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
        "GlobalSecondaryIndexUpdates": [{"Create": gsi("gsi20")}]}) == (
        "LimitExceededException", "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20")


def test_list_backups_refusals(tarn):
    now = time.time()
    assert error(tarn, "ListBackups", {"TimeRangeLowerBound": now, "TimeRangeUpperBound": now - 1000}) == (
        "ValidationException", INVALID + "Time range lower bound must be less than or equal to upper bound")
    start = "arn:aws:dynamodb:us-west-2:000000000000:table/t/backup/01234567890123-abcdef01"
    assert error(tarn, "ListBackups", {"ExclusiveStartBackupArn": start}) == (
        "ValidationException", "Invalid Request: The supplied ExclusiveStartBackupArn does not match the region")


def test_restore_refusals(tarn):
    create(tarn, "src", GlobalSecondaryIndexes=[gsi("gix")], **PPR)
    ok(tarn, "UpdateContinuousBackups", {"TableName": "src", "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": True}})
    backup = ok(tarn, "CreateBackup", {"TableName": "src", "BackupName": "first"})["BackupDetails"]["BackupArn"]

    def restore(**overrides):
        return error(tarn, "RestoreTableFromBackup", {"BackupArn": backup, "TargetTableName": "dst", **overrides})

    assert restore(GlobalSecondaryIndexOverride=[{
        "IndexName": "newidx", "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}]) == (
        "ValidationException", "Invalid Request: Index newidx does not match a secondary index that existed in the "
                               "source table and cannot be created during the restore operation")
    assert restore(BillingModeOverride="PAY_PER_REQUEST", ProvisionedThroughputOverride=ONE) == (
        "ValidationException", "Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden "
                               "to PAY_PER_REQUEST")
    assert restore(BillingModeOverride="PAY_PER_REQUEST", GlobalSecondaryIndexOverride=[gsi("gix", ProvisionedThroughput=ONE)]) == (
        "ValidationException", "Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden "
                               "to PAY_PER_REQUEST for index gix")
    assert restore(BillingModeOverride="PROVISIONED", ProvisionedThroughputOverride=ONE) == (
        "ValidationException", "Invalid Request: Must specify provisioned throughput for index gix")
    assert restore(BillingModeOverride="PROVISIONED") == (
        "ValidationException", "Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to "
                               "PROVISIONED")
    assert restore(ProvisionedThroughputOverride=ONE) == (
        "ValidationException", "Invalid Request: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED")
    # Switched to PROVISIONED with a throughput for every index, it is restored.
    described = ok(tarn, "RestoreTableFromBackup", {
        "BackupArn": backup, "TargetTableName": "dst", "BillingModeOverride": "PROVISIONED",
        "ProvisionedThroughputOverride": ONE,
        "GlobalSecondaryIndexOverride": [gsi("gix", ProvisionedThroughput=ONE)]})["TableDescription"]
    assert described["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"] == 1

    def restore_to_point(**source):
        return error(tarn, "RestoreTableToPointInTime", {"TargetTableName": "dst2", "UseLatestRestorableTime": True,
                                                         **source})

    assert restore_to_point(SourceTableArn="src") == ("ValidationException", INVALID + "ARNs must start with 'arn:': src")
    arn = ok(tarn, "DescribeTable", {"TableName": "src"})["Table"]["TableArn"]
    assert restore_to_point(SourceTableArn=arn + "x") == ("TableNotFoundException", "Table not found")
    assert restore_to_point(SourceTableName="srcx") == ("TableNotFoundException", "Table not found: srcx")


def test_a_global_index_keeps_its_on_demand_throughput(tarn):
    create(tarn, "capped", GlobalSecondaryIndexes=[gsi("gix", OnDemandThroughput={"MaxReadRequestUnits": 5})], **PPR)

    def described():
        return ok(tarn, "DescribeTable", {"TableName": "capped"})["Table"]["GlobalSecondaryIndexes"][0].get(
            "OnDemandThroughput")

    assert described() == {"MaxReadRequestUnits": 5}
    ok(tarn, "UpdateTable", {"TableName": "capped", "GlobalSecondaryIndexUpdates": [{"Update": {
        "IndexName": "gix", "OnDemandThroughput": {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 7}}}]})
    assert described() == {"MaxWriteRequestUnits": 7}
    assert error(tarn, "UpdateTable", {"TableName": "capped", "GlobalSecondaryIndexUpdates": [{"Update": {
        "IndexName": "gix", "OnDemandThroughput": {"MaxReadRequestUnits": 0}}}]}) == (
        "ValidationException",
        INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for index : gix is outside of valid range")
    assert error(tarn, "CreateTable", {
        "TableName": "capped2", **KEY, "ProvisionedThroughput": ONE,
        "AttributeDefinitions": KEY["AttributeDefinitions"] + [{"AttributeName": "g", "AttributeType": "S"}],
        "GlobalSecondaryIndexes": [gsi("gix", ProvisionedThroughput=ONE, OnDemandThroughput={"MaxReadRequestUnits": 5})]}) == (
        "ValidationException", INVALID + "MaxReadRequestUnits for OnDemandThroughput for index : gix cannot be "
                                         "specified when the table BillingMode is PROVISIONED")
    assert described() == {"MaxWriteRequestUnits": 7}


def test_throughput_above_the_per_table_maximum(tarn):
    refer = " Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."
    assert error(tarn, "CreateTable", {"TableName": "huge", **KEY, "ProvisionedThroughput": {
        "ReadCapacityUnits": 40001, "WriteCapacityUnits": 1}}) == (
        "LimitExceededException", "The requested ReadCapacityUnits, 40001, is above the per table maximum for the "
                                  "account in us-east-1. Per table maximum: 40000." + refer)
    create(tarn, "big", ProvisionedThroughput={"ReadCapacityUnits": 40000, "WriteCapacityUnits": 40000})
    assert error(tarn, "UpdateTable", {"TableName": "big", "ProvisionedThroughput": {
        "ReadCapacityUnits": 5, "WriteCapacityUnits": 40001}}) == (
        "LimitExceededException", "The requested WriteCapacityUnits, 40001, is above the per table maximum for the "
                                  "account in us-east-1. Per table maximum: 40000." + refer)
    assert error(tarn, "CreateTable", {
        "TableName": "huge", **KEY, "ProvisionedThroughput": ONE,
        "AttributeDefinitions": KEY["AttributeDefinitions"] + [{"AttributeName": "g", "AttributeType": "S"}],
        "GlobalSecondaryIndexes": [gsi("gix", ProvisionedThroughput={"ReadCapacityUnits": 40001, "WriteCapacityUnits": 1})]}) == (
        "LimitExceededException", "The requested ReadCapacityUnits for index gix, 40001, is above the per index maximum "
                                  "for the account in us-east-1. Per index maximum: 40000." + refer)
    assert ok(tarn, "DescribeTable", {"TableName": "big"})["Table"]["ProvisionedThroughput"]["WriteCapacityUnits"] == 40000


def test_throughput_changes_are_described(tarn):
    # ProvisionedThroughputDescription: LastIncreaseDateTime, LastDecreaseDateTime, NumberOfDecreasesToday.
    create(tarn, "changing", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
           GlobalSecondaryIndexes=[gsi("gix", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})])

    def described():
        table = ok(tarn, "DescribeTable", {"TableName": "changing"})["Table"]
        return table["ProvisionedThroughput"], table["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]

    table, index = described()
    assert table == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    before = time.time()
    ok(tarn, "UpdateTable", {"TableName": "changing", "ProvisionedThroughput": {"ReadCapacityUnits": 8, "WriteCapacityUnits": 5}})
    ok(tarn, "UpdateTable", {"TableName": "changing", "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 5}})
    ok(tarn, "UpdateTable", {"TableName": "changing", "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}})
    ok(tarn, "UpdateTable", {"TableName": "changing", "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "gix", "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 5}}}]})
    table, index = described()
    assert table["NumberOfDecreasesToday"] == 2 and (table["ReadCapacityUnits"], table["WriteCapacityUnits"]) == (3, 4)
    assert before - 1 <= table["LastIncreaseDateTime"] <= table["LastDecreaseDateTime"] <= time.time() + 1
    assert index["NumberOfDecreasesToday"] == 1 and "LastIncreaseDateTime" not in index
    assert before - 1 <= index["LastDecreaseDateTime"] <= time.time() + 1


def test_create_table_requires_attribute_definitions(tarn):
    # Newer service models mark AttributeDefinitions optional; DynamoDB still refuses the request without
    # them as a missing member (DDB-TABLE catalogue), and an empty list as a key without a definition.
    body = {"TableName": "nodefs", "KeySchema": KEY["KeySchema"], **PPR}
    assert error(tarn, "CreateTable", body) == (
        "ValidationException", "1 validation error detected: Value null at 'attributeDefinitions' failed to "
                               "satisfy constraint: Member must not be null")
    assert error(tarn, "CreateTable", {**body, "AttributeDefinitions": []}) == (
        "ValidationException", "Invalid KeySchema: Some index key attribute have no definition")
    assert error(tarn, "CreateTable", {"TableName": "nodefs", **PPR}) == (
        "ValidationException", "2 validation errors detected: Value null at 'attributeDefinitions' failed to "
                               "satisfy constraint: Member must not be null; Value null at 'keySchema' failed to "
                               "satisfy constraint: Member must not be null")
