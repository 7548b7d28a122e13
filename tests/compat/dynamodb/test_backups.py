"""DynamoDB on-demand backups through boto3 and the awscli: CreateBackup, DescribeBackup, ListBackups,
DeleteBackup and RestoreTableFromBackup.

Expected answers are those recorded against AWS:
- the aws-cli examples (awscli/examples/dynamodb/{create,describe,list,delete}-backup.rst and
  restore-table-from-backup.rst), which are real outputs (cited "CLI example");
- the ACK DynamoDB controller's API probes of 2026-10-08/09 (cited "ACK DDB-BACKUP-<n>" / "ACK DDB-TABLE-<n>");
- moto's tests/test_dynamodb/test_dynamodb.py backup tests, whose errors moto PR #3995 verified against
  AWS (cited "moto <test>"), except where real AWS answers otherwise: a restore answers CREATING with
  ItemCount 0 and RestoreInProgress true, and CreateBackup answers CREATING (CLI example, ACK DDB-BACKUP-006).
- the developer guide, backuprestore_HowItWorks.html, for what a restored table does not keep.
Departure, on purpose: tarn copies the items before CreateBackup and RestoreTableFromBackup answer, so
DescribeBackup right after says AVAILABLE and DescribeTable right after shows the restored table ACTIVE with
its items (and, as DynamoDB once ACTIVE, no RestoreSummary).

botocore sends DynamoDB timestamps in whole seconds and checks Limit >= 1 itself, so the millisecond time
ranges and Limit 0 go through send_raw, which replaces the JSON body before it is signed."""
import datetime
import json
import re
import signal
import time

import botocore.exceptions
import pytest

from exact_json import send_raw

ACCOUNT = "000000000000"
BACKUP_ARN = re.compile(r"^arn:aws:dynamodb:us-east-1:000000000000:table/(?P<table>[A-Za-z0-9_.-]+)"
                        r"/backup/(?P<ms>\d{14})-[0-9a-f]{8}$")
# moto test_describe_backup_for_non_existent_backup_raises_error: well formed, names no backup.
NO_SUCH_BACKUP = "arn:aws:dynamodb:us-east-1:000000000000:table/table-name/backup/01623095754481-2cfcd6f9"
HASH_ID = {"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
           "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    r = e.value.response
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400
    return r["Error"]["Code"], r["Error"]["Message"]


def create_table(ddb, name, billing="PAY_PER_REQUEST", **extra):
    extra.setdefault("KeySchema", HASH_ID["KeySchema"])
    extra.setdefault("AttributeDefinitions", HASH_ID["AttributeDefinitions"])
    if billing == "PROVISIONED":
        extra.setdefault("ProvisionedThroughput", {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    else:
        extra["BillingMode"] = billing
    ddb.create_table(TableName=name, **extra)
    return ddb.describe_table(TableName=name)["Table"]


def put(ddb, table, *items):
    for item in items:
        ddb.put_item(TableName=table, Item={k: {"S": v} for k, v in item.items()})


def item_size(item):
    """DynamoDB's size of an item of string attributes: names plus values, in UTF-8 bytes."""
    return sum(len(k.encode()) + len(v.encode()) for k, v in item.items())


def scan_ids(ddb, table):
    return sorted(i["id"]["S"] for i in ddb.scan(TableName=table, ConsistentRead=True)["Items"])


def ms(when):
    """Epoch milliseconds of a timestamp botocore parsed."""
    return round(when.timestamp() * 1000)


def backup(ddb, table, name="nightly"):
    return ddb.create_backup(TableName=table, BackupName=name)["BackupDetails"]


def summaries(ddb, **kwargs):
    return [s["BackupArn"] for s in ddb.list_backups(**kwargs)["BackupSummaries"]]




def raw_error(client, operation, body):
    return error_of(lambda: send_raw(client, operation, body))


def has_member(client, shape, member):
    return member in client.meta.service_model.shape_for(shape).members


def test_create_and_describe_backup(tarn):
    # moto test_create_backup / test_describe_backup; CLI example create-backup.rst / describe-backup.rst.
    ddb = tarn.client("dynamodb")
    table = create_table(ddb, "music")
    items = [{"id": "song-1", "artist": "Acme Band"}, {"id": "song-2", "title": "Happy Day"}]
    put(ddb, "music", *items)
    created = backup(ddb, "music", "music-1")
    assert set(created) == {"BackupArn", "BackupName", "BackupSizeBytes", "BackupStatus", "BackupType",
                            "BackupCreationDateTime"}
    # DynamoDB answers CREATING, and the backup is AVAILABLE by the next call (ACK DDB-BACKUP-006).
    assert created["BackupStatus"] == "CREATING"
    assert created["BackupType"] == "USER" and created["BackupName"] == "music-1"
    assert created["BackupSizeBytes"] == sum(item_size(i) for i in items)
    # arn:...:table/<table>/backup/<creation epoch ms in 14 digits>-<8 hex> (CLI example).
    match = BACKUP_ARN.match(created["BackupArn"])
    assert match and match["table"] == "music", created["BackupArn"]
    assert int(match["ms"]) == ms(created["BackupCreationDateTime"])

    described = ddb.describe_backup(BackupArn=created["BackupArn"])["BackupDescription"]
    assert set(described) == {"BackupDetails", "SourceTableDetails", "SourceTableFeatureDetails"}
    assert described["BackupDetails"] == dict(created, BackupStatus="AVAILABLE")
    # The table as it was; an on-demand table records {0, 0} and a plain BillingMode string (ACK DDB-BACKUP-017).
    assert described["SourceTableDetails"] == {
        "TableName": "music", "TableId": table["TableId"], "TableArn": table["TableArn"],
        "TableSizeBytes": created["BackupSizeBytes"], "KeySchema": table["KeySchema"],
        "TableCreationDateTime": table["CreationDateTime"],
        "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
        "ItemCount": 2, "BillingMode": "PAY_PER_REQUEST"}
    # Present but empty for a table without indexes, stream, TTL or KMS encryption (ACK DDB-BACKUP-004).
    assert described["SourceTableFeatureDetails"] == {}

    # TableName may be the table's ARN; the same name again is another backup (moto
    # test_create_multiple_backups_with_same_name, ACK DDB-BACKUP-011).
    again = backup(ddb, table["TableArn"], "music-1")
    assert again["BackupName"] == "music-1" and again["BackupArn"] != created["BackupArn"]
    assert BACKUP_ARN.match(again["BackupArn"])["table"] == "music"
    assert summaries(ddb, TableName="music") == [created["BackupArn"], again["BackupArn"]]

    # The backup name is checked against its pattern (botocore checks only the length).
    assert error_of(ddb.create_backup, TableName="music", BackupName="bad name!") == (
        "ValidationException", "1 validation error detected: Value 'bad name!' at 'backupName' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


def test_create_backup_of_a_missing_table(tarn):
    # moto test_create_backup_for_non_existent_table_raises_error.
    ddb = tarn.client("dynamodb")
    assert error_of(ddb.create_backup, TableName="non-existent", BackupName="backup") == (
        "TableNotFoundException", "Table not found: non-existent")
    assert ddb.list_backups()["BackupSummaries"] == []


def test_backup_arn_errors(tarn):
    ddb = tarn.client("dynamodb")
    table = create_table(ddb, "music")
    arn = backup(ddb, "music")["BackupArn"]
    calls = {
        "DescribeBackup": lambda a: ddb.describe_backup(BackupArn=a),
        "DeleteBackup": lambda a: ddb.delete_backup(BackupArn=a),
        "RestoreTableFromBackup": lambda a: ddb.restore_table_from_backup(TargetTableName="restored", BackupArn=a),
    }
    # A table ARN made long enough for botocore's length check, or no ARN at all (ACK DDB-BACKUP-012).
    padded = table["TableArn"] + "-padded-to-37"
    assert len(padded) >= 37
    cases = [
        # moto test_describe_backup_for_non_existent_backup_raises_error and its Delete/Restore twins;
        # steampipe-plugin-aws #1913 shows the same text from AWS.
        (NO_SUCH_BACKUP, ("BackupNotFoundException", "Backup not found: " + NO_SUCH_BACKUP)),
        # A real backup's id under another table's name names no backup.
        (arn.replace("table/music/", "table/other/"),
         ("BackupNotFoundException", "Backup not found: " + arn.replace("table/music/", "table/other/"))),
        (padded, ("ValidationException", "Invalid Backup ARN")),
        ("x" * 48, ("ValidationException", "Invalid Backup ARN")),
        (arn.replace(ACCOUNT, "111111111111"), ("AccessDeniedException", "Access is denied")),
    ]
    for name, call in calls.items():
        for bad, expected in cases:
            assert error_of(call, a=bad) == expected, (name, bad)
    # None of that touched the backup or made a table.
    assert ddb.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    assert ddb.list_tables()["TableNames"] == ["music"]


def test_source_table_feature_details(tarn):
    # ACK DDB-BACKUP-009/021: each feature that is on, in its short form, frozen at backup time.
    ddb = tarn.client("dynamodb")
    lsi = {"IndexName": "id-shelf", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
                                                  {"AttributeName": "shelf", "KeyType": "RANGE"}],
           "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["price"]}}
    gsi = {"IndexName": "by-shelf", "KeySchema": [{"AttributeName": "shelf", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "KEYS_ONLY"},
           "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}
    table = create_table(
        ddb, "catalog", billing="PROVISIONED",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "sku", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("id", "sku", "shelf")],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
        GlobalSecondaryIndexes=[gsi], LocalSecondaryIndexes=[lsi],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        SSESpecification={"Enabled": True, "SSEType": "KMS"})
    ddb.update_time_to_live(TableName="catalog", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    put(ddb, "catalog", {"id": "p1", "sku": "a", "shelf": "s1"})
    arn = backup(ddb, "catalog")["BackupArn"]

    def described():
        return ddb.describe_backup(BackupArn=arn)["BackupDescription"]

    details = described()["SourceTableDetails"]
    assert details["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6}
    assert details["BillingMode"] == "PROVISIONED" and details["ItemCount"] == 1
    assert details["KeySchema"] == table["KeySchema"]
    features = {
        "LocalSecondaryIndexes": [lsi],
        "GlobalSecondaryIndexes": [gsi],
        "StreamDescription": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"},
        "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS",
                           "KMSMasterKeyArn": table["SSEDescription"]["KMSMasterKeyArn"]},
    }
    assert described()["SourceTableFeatureDetails"] == features
    # Later changes to the table do not reach the backup (ACK DDB-BACKUP-021).
    ddb.update_table(TableName="catalog", GlobalSecondaryIndexUpdates=[{"Update": {
        "IndexName": "by-shelf", "ProvisionedThroughput": {"ReadCapacityUnits": 8, "WriteCapacityUnits": 9}}}])
    ddb.update_time_to_live(TableName="catalog", TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
    put(ddb, "catalog", {"id": "p2", "sku": "b", "shelf": "s2"})
    after = described()
    assert after["SourceTableFeatureDetails"] == features
    assert after["SourceTableDetails"] == details


def test_backup_is_a_snapshot_and_restored_tables_are_not_linked(tarn):
    # moto test_source_and_restored_table_items_are_not_linked.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "source-table")
    first = [{"id": f"before-{i}", "n": "x" * i} for i in range(5)]
    put(ddb, "source-table", *first)
    created = backup(ddb, "source-table")
    assert created["BackupSizeBytes"] == sum(item_size(i) for i in first)
    put(ddb, "source-table", *({"id": f"after-backup-{i}"} for i in range(5)))
    ddb.delete_item(TableName="source-table", Key={"id": {"S": "before-0"}})
    ddb.restore_table_from_backup(TargetTableName="restored-from-backup", BackupArn=created["BackupArn"])
    put(ddb, "restored-from-backup", *({"id": f"after-restore-{i}"} for i in range(5)))
    assert scan_ids(ddb, "restored-from-backup") == sorted([i["id"] for i in first] +
                                                           [f"after-restore-{i}" for i in range(5)])
    assert scan_ids(ddb, "source-table") == sorted([f"before-{i}" for i in range(1, 5)] +
                                                   [f"after-backup-{i}" for i in range(5)])
    restored = ddb.get_item(TableName="restored-from-backup", Key={"id": {"S": "before-3"}})["Item"]
    assert restored == {"id": {"S": "before-3"}, "n": {"S": "xxx"}}
    details = ddb.describe_backup(BackupArn=created["BackupArn"])["BackupDescription"]["SourceTableDetails"]
    assert details["ItemCount"] == 5 and details["TableSizeBytes"] == created["BackupSizeBytes"]


def test_restore_answers_creating_and_the_table_is_ready_at_once(tarn):
    # moto test_restore_table_from_backup, with the answer real AWS gives (CLI example
    # restore-table-from-backup.rst; ACK DDB-TABLE-216 for the RestoreSummary going away once ACTIVE).
    ddb = tarn.client("dynamodb")
    source = create_table(ddb, "test-table", billing="PROVISIONED")
    put(ddb, "test-table", *({"id": f"item {i}"} for i in range(5)))
    created = backup(ddb, "test-table", "backup")
    answer = ddb.restore_table_from_backup(TargetTableName="restored-from-backup",
                                           BackupArn=created["BackupArn"])["TableDescription"]
    assert answer["TableName"] == "restored-from-backup"
    assert answer["TableStatus"] == "CREATING"
    assert answer["ItemCount"] == 0 and answer["TableSizeBytes"] == 0
    assert answer["AttributeDefinitions"] == source["AttributeDefinitions"]
    assert answer["KeySchema"] == source["KeySchema"]
    assert answer["TableArn"] == source["TableArn"].replace("table/test-table", "table/restored-from-backup")
    assert answer["TableId"] != source["TableId"]
    assert answer["CreationDateTime"] >= created["BackupCreationDateTime"] >= source["CreationDateTime"]
    assert answer["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert answer["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    assert answer["RestoreSummary"] == {
        "SourceBackupArn": created["BackupArn"], "SourceTableArn": source["TableArn"],
        "RestoreDateTime": created["BackupCreationDateTime"], "RestoreInProgress": True}

    table = ddb.describe_table(TableName="restored-from-backup")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert "RestoreSummary" not in table
    assert table["ItemCount"] == 5
    assert (table["TableId"], table["TableArn"], table["CreationDateTime"]) == (
        answer["TableId"], answer["TableArn"], answer["CreationDateTime"])
    assert ddb.get_item(TableName="restored-from-backup", Key={"id": {"S": "item 3"}})["Item"] == {
        "id": {"S": "item 3"}}
    assert ddb.describe_table(TableName="test-table")["Table"]["TableId"] == source["TableId"]


def test_restore_into_an_existing_table(tarn):
    # moto test_restore_table_from_backup_raises_error_when_table_already_exists; ACK DDB-TABLE-219.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "test-table")
    put(ddb, "test-table", {"id": "kept"})
    arn = backup(ddb, "test-table")["BackupArn"]
    create_table(ddb, "other")
    put(ddb, "other", {"id": "mine"})
    for target in ("test-table", "other"):
        assert error_of(ddb.restore_table_from_backup, TargetTableName=target, BackupArn=arn) == (
            "TableAlreadyExistsException", f"Table already exists: {target}")
    assert scan_ids(ddb, "other") == ["mine"]
    # A backup that does not exist is the first thing reported (moto checks it first).
    assert error_of(ddb.restore_table_from_backup, TargetTableName="other", BackupArn=NO_SUCH_BACKUP) == (
        "BackupNotFoundException", "Backup not found: " + NO_SUCH_BACKUP)
    assert error_of(ddb.restore_table_from_backup, TargetTableName="bad name!", BackupArn=arn) == (
        "ValidationException", "1 validation error detected: Value 'bad name!' at 'targetTableName' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    assert sorted(ddb.list_tables()["TableNames"]) == ["other", "test-table"]


def indexed_table(ddb, name, billing="PAY_PER_REQUEST", **extra):
    """A table with a global index on `genre` (keys only) and a local one on `year` (all attributes)."""
    gsi = {"IndexName": "by-genre", "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "KEYS_ONLY"}}
    if billing == "PROVISIONED":
        gsi["ProvisionedThroughput"] = {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}
    table = create_table(
        ddb, name, billing=billing,
        KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("artist", "song", "genre", "year")],
        GlobalSecondaryIndexes=[gsi],
        LocalSecondaryIndexes=[{"IndexName": "by-year", "KeySchema": [{"AttributeName": "artist", "KeyType": "HASH"},
                                                                      {"AttributeName": "year", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}], **extra)
    put(ddb, name, {"artist": "Acme", "song": "One", "genre": "rock", "year": "1999"},
        {"artist": "Acme", "song": "Two", "genre": "jazz", "year": "2004"},
        {"artist": "Zed", "song": "Three", "genre": "rock", "year": "2010"})
    return table


def by_genre(ddb, table, index="by-genre", genre="rock"):
    got = ddb.query(TableName=table, IndexName=index, KeyConditionExpression="genre = :g",
                    ExpressionAttributeValues={":g": {"S": genre}})["Items"]
    return sorted(i["song"]["S"] for i in got)


def by_year(ddb, table, index="by-year"):
    got = ddb.query(TableName=table, IndexName=index, KeyConditionExpression="artist = :a AND #y > :y",
                    ExpressionAttributeNames={"#y": "year"},
                    ExpressionAttributeValues={":a": {"S": "Acme"}, ":y": {"S": "2000"}})["Items"]
    return [(i["song"]["S"], i["genre"]["S"]) for i in got]


def test_restored_table_keeps_its_indexes_but_not_its_settings(tarn):
    # Developer guide backuprestore_HowItWorks (tags, streams, TTL, PITR are not restored) and
    # ACK DDB-TABLE-215 (deletion protection, table class and resource policy are not either).
    ddb = tarn.client("dynamodb")
    extra = {"Tags": [{"Key": "team", "Value": "audio"}],
             "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
             "TableClass": "STANDARD_INFREQUENT_ACCESS"}
    protected = has_member(ddb, "CreateTableInput", "DeletionProtectionEnabled")
    if protected:
        extra["DeletionProtectionEnabled"] = True
    source = indexed_table(ddb, "songs", **extra)
    ddb.update_time_to_live(TableName="songs", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
    ddb.update_continuous_backups(TableName="songs",
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    policies = hasattr(ddb, "put_resource_policy")
    if policies:
        ddb.put_resource_policy(ResourceArn=source["TableArn"], Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": ACCOUNT},
                                                    "Action": "dynamodb:Scan", "Resource": "*"}]}))
    arn = backup(ddb, "songs")["BackupArn"]
    ddb.restore_table_from_backup(TargetTableName="songs-copy", BackupArn=arn)

    copy = ddb.describe_table(TableName="songs-copy")["Table"]
    assert copy["TableStatus"] == "ACTIVE" and copy["ItemCount"] == 3
    assert copy["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert copy["AttributeDefinitions"] == source["AttributeDefinitions"]
    assert [i["IndexName"] for i in copy["GlobalSecondaryIndexes"]] == ["by-genre"]
    assert copy["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    assert [i["IndexName"] for i in copy["LocalSecondaryIndexes"]] == ["by-year"]
    # The indexes hold the restored items.
    assert by_genre(ddb, "songs-copy") == ["One", "Three"]
    assert by_year(ddb, "songs-copy") == [("Two", "jazz")]
    assert ddb.scan(TableName="songs-copy")["Count"] == 3  # the source's Deny policy did not come along

    assert ddb.list_tags_of_resource(ResourceArn=copy["TableArn"])["Tags"] == []
    for member in ("StreamSpecification", "LatestStreamArn", "LatestStreamLabel", "TableClassSummary"):
        assert member not in copy, member
    assert ddb.describe_time_to_live(TableName="songs-copy")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    assert ddb.describe_continuous_backups(TableName="songs-copy")["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    if protected:
        assert copy["DeletionProtectionEnabled"] is False
    if policies:
        assert error_of(ddb.get_resource_policy, ResourceArn=copy["TableArn"])[0] == "PolicyNotFoundException"

    # The source keeps all of it.
    assert ddb.list_tags_of_resource(ResourceArn=source["TableArn"])["Tags"] == [{"Key": "team", "Value": "audio"}]
    assert ddb.describe_table(TableName="songs")["Table"]["StreamSpecification"]["StreamEnabled"] is True
    ddb.delete_table(TableName="songs-copy")  # not protected


def test_index_overrides(tarn):
    # ACK DDB-TABLE-273/279: [] drops every index of that kind, an override may rename a source index
    # (matched by key schema and projection) but not make a new one.
    ddb = tarn.client("dynamodb")
    indexed_table(ddb, "songs")
    arn = backup(ddb, "songs")["BackupArn"]

    ddb.restore_table_from_backup(TargetTableName="plain", BackupArn=arn, GlobalSecondaryIndexOverride=[],
                                  LocalSecondaryIndexOverride=[])
    plain = ddb.describe_table(TableName="plain")["Table"]
    assert "GlobalSecondaryIndexes" not in plain and "LocalSecondaryIndexes" not in plain
    assert plain["ItemCount"] == 3
    assert error_of(by_genre, ddb=ddb, table="plain")[0] == "ValidationException"
    assert error_of(by_year, ddb=ddb, table="plain")[0] == "ValidationException"

    ddb.restore_table_from_backup(TargetTableName="local-only", BackupArn=arn, GlobalSecondaryIndexOverride=[])
    local_only = ddb.describe_table(TableName="local-only")["Table"]
    assert "GlobalSecondaryIndexes" not in local_only
    assert by_year(ddb, "local-only") == [("Two", "jazz")]
    assert error_of(by_genre, ddb=ddb, table="local-only")[0] == "ValidationException"

    renamed = {"IndexName": "genre-index", "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
               "Projection": {"ProjectionType": "KEYS_ONLY"}}
    ddb.restore_table_from_backup(TargetTableName="renamed", BackupArn=arn, GlobalSecondaryIndexOverride=[renamed])
    table = ddb.describe_table(TableName="renamed")["Table"]
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["genre-index"]
    assert [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["by-year"]
    assert by_genre(ddb, "renamed", index="genre-index") == ["One", "Three"]
    assert error_of(by_genre, ddb=ddb, table="renamed")[0] == "ValidationException"

    # A key schema, or a projection, that no source index had.
    new_keys = dict(renamed, IndexName="by-year-global", KeySchema=[{"AttributeName": "year", "KeyType": "HASH"}])
    new_projection = dict(renamed, IndexName="genre-all", Projection={"ProjectionType": "ALL"})
    new_local = {"IndexName": "by-genre-local", "KeySchema": [{"AttributeName": "artist", "KeyType": "HASH"},
                                                              {"AttributeName": "genre", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "ALL"}}
    for target, overrides, name in (
            ("bad-1", {"GlobalSecondaryIndexOverride": [new_keys]}, "by-year-global"),
            ("bad-2", {"GlobalSecondaryIndexOverride": [new_projection]}, "genre-all"),
            ("bad-3", {"LocalSecondaryIndexOverride": [new_local]}, "by-genre-local")):
        assert error_of(ddb.restore_table_from_backup, TargetTableName=target, BackupArn=arn, **overrides) == (
            "ValidationException", f"Invalid Request: Index {name} does not match a secondary index that existed in the source "
            "table and cannot be created during the restore operation")
    assert sorted(ddb.list_tables()["TableNames"]) == ["local-only", "plain", "renamed", "songs"]


def test_billing_mode_overrides(tarn):
    # ACK DDB-TABLE-273 for the refusals.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "on-demand")
    put(ddb, "on-demand", {"id": "a"})
    on_demand = backup(ddb, "on-demand")["BackupArn"]
    create_table(ddb, "provisioned", billing="PROVISIONED")
    put(ddb, "provisioned", {"id": "b"})
    provisioned = backup(ddb, "provisioned")["BackupArn"]

    assert error_of(ddb.restore_table_from_backup, TargetTableName="target-1", BackupArn=on_demand,
                    BillingModeOverride="PROVISIONED") == (
        "ValidationException", "Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED")
    assert error_of(ddb.restore_table_from_backup, TargetTableName="target-1", BackupArn=on_demand,
                    ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}) == (
        "ValidationException", "Invalid Request: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED")
    assert sorted(ddb.list_tables()["TableNames"]) == ["on-demand", "provisioned"]

    def restored(target, **overrides):
        ddb.restore_table_from_backup(TargetTableName=target, **overrides)
        table = ddb.describe_table(TableName=target)["Table"]
        assert table["TableStatus"] == "ACTIVE" and table["ItemCount"] == 1
        mode = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
        throughput = table["ProvisionedThroughput"]
        return mode, throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]

    assert restored("to-provisioned", BackupArn=on_demand, BillingModeOverride="PROVISIONED",
                    ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}) == (
        "PROVISIONED", 7, 3)
    assert restored("to-on-demand", BackupArn=provisioned, BillingModeOverride="PAY_PER_REQUEST") == (
        "PAY_PER_REQUEST", 0, 0)
    assert restored("as-it-was", BackupArn=provisioned) == ("PROVISIONED", 5, 5)
    assert restored("as-it-was-too", BackupArn=on_demand) == ("PAY_PER_REQUEST", 0, 0)
    assert restored("new-throughput", BackupArn=provisioned,
                    ProvisionedThroughputOverride={"ReadCapacityUnits": 9, "WriteCapacityUnits": 8}) == (
        "PROVISIONED", 9, 8)


def test_backup_outlives_its_table(tarn):
    # ACK DDB-BACKUP-007/016: still AVAILABLE and listed after DeleteTable; a table of the same name
    # made later has the same ARN and another TableId.
    ddb = tarn.client("dynamodb")
    first = create_table(ddb, "gone")
    put(ddb, "gone", {"id": "old"})
    arn = backup(ddb, "gone")["BackupArn"]
    ddb.delete_table(TableName="gone")
    ddb.get_waiter("table_not_exists").wait(TableName="gone", WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    assert summaries(ddb, TableName="gone") == [arn]
    assert summaries(ddb, TableName=first["TableArn"]) == [arn]
    described = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    assert described["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    assert described["SourceTableDetails"]["TableId"] == first["TableId"]

    ddb.restore_table_from_backup(TargetTableName="gone-again", BackupArn=arn)
    assert scan_ids(ddb, "gone-again") == ["old"]
    # Into the source's own name, too: a new table with another id.
    answer = ddb.restore_table_from_backup(TargetTableName="gone", BackupArn=arn)["TableDescription"]
    assert answer["TableArn"] == first["TableArn"] and answer["TableId"] != first["TableId"]
    assert scan_ids(ddb, "gone") == ["old"]
    second = backup(ddb, "gone")["BackupArn"]
    listed = ddb.list_backups(TableName="gone")["BackupSummaries"]
    assert [s["BackupArn"] for s in listed] == [arn, second]
    assert {s["TableArn"] for s in listed} == {first["TableArn"]}
    assert [s["TableId"] for s in listed] == [first["TableId"], answer["TableId"]]


def test_list_backups_filters_by_type_and_table(tarn):
    # moto test_list_backups / test_list_backups_for_non_existent_table; the default is USER (the model's
    # doc, ACK DDB-BACKUP-015); these tables have no point-in-time recovery, so no SYSTEM backups, and
    # tarn has no AWS Backup.
    ddb = tarn.client("dynamodb")
    arns = {}
    for name in ("test-table-1", "test-table-2"):
        table = create_table(ddb, name)
        arns[name] = [backup(ddb, name, b)["BackupArn"] for b in ("backup-1", "backup-2")]
    every = arns["test-table-1"] + arns["test-table-2"]
    assert summaries(ddb) == every
    assert summaries(ddb, BackupType="USER") == every
    assert summaries(ddb, BackupType="ALL") == every
    assert summaries(ddb, BackupType="SYSTEM") == []
    assert summaries(ddb, BackupType="AWS_BACKUP") == []
    assert summaries(ddb, TableName="test-table-2") == arns["test-table-2"]
    assert summaries(ddb, TableName=table["TableArn"], BackupType="ALL") == arns["test-table-2"]
    assert summaries(ddb, TableName="non-existent") == []

    summary = ddb.list_backups(TableName="test-table-2")["BackupSummaries"][1]
    details = ddb.describe_backup(BackupArn=summary["BackupArn"])["BackupDescription"]["BackupDetails"]
    assert summary == {"TableName": "test-table-2", "TableId": table["TableId"], "TableArn": table["TableArn"],
                       "BackupArn": details["BackupArn"], "BackupName": "backup-2",
                       "BackupCreationDateTime": details["BackupCreationDateTime"], "BackupStatus": "AVAILABLE",
                       "BackupType": "USER", "BackupSizeBytes": 0}

    # botocore does not check enums: the service does (ACK DDB-TABLE-457's generic format).
    for bad in ("BOGUS", "user"):
        code, message = error_of(ddb.list_backups, BackupType=bad)
        assert code == "ValidationException"
        assert "Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]" in message
        assert f"Value '{bad}' at 'backupType'" in message


def test_list_backups_pages_in_creation_order(tarn):
    # ACK DDB-BACKUP-011 (ascending creation time), 014/027 (no LastEvaluatedBackupArn when the page ends
    # at the last one), and ExclusiveStartBackupArn as a pure cursor.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "paged")
    arns = []
    for i in range(5):
        arns.append(backup(ddb, "paged", f"backup-{i}")["BackupArn"])
        time.sleep(0.002)  # each in its own millisecond, so creation order is well defined
    assert summaries(ddb) == arns

    pages, start = [], {}
    while True:
        page = ddb.list_backups(Limit=2, **start)
        pages.append([s["BackupArn"] for s in page["BackupSummaries"]])
        if "LastEvaluatedBackupArn" not in page:
            break
        assert page["LastEvaluatedBackupArn"] == pages[-1][-1]
        start = {"ExclusiveStartBackupArn": page["LastEvaluatedBackupArn"]}
    assert pages == [arns[0:2], arns[2:4], arns[4:]]

    exact = ddb.list_backups(Limit=5)
    assert [s["BackupArn"] for s in exact["BackupSummaries"]] == arns
    assert "LastEvaluatedBackupArn" not in exact
    four = ddb.list_backups(Limit=4)
    assert four["LastEvaluatedBackupArn"] == arns[3]
    rest = ddb.list_backups(Limit=4, ExclusiveStartBackupArn=arns[3])
    assert [s["BackupArn"] for s in rest["BackupSummaries"]] == arns[4:] and "LastEvaluatedBackupArn" not in rest

    # The botocore paginator (and so the awscli) walks the same pages.
    walked = [s["BackupArn"] for page in ddb.get_paginator("list_backups").paginate(PaginationConfig={"PageSize": 2})
              for s in page["BackupSummaries"]]
    assert walked == arns

    # A deleted backup's ARN still marks a position.
    ddb.delete_backup(BackupArn=arns[1])
    assert summaries(ddb, ExclusiveStartBackupArn=arns[1]) == arns[2:]

    # Limit is 1..100 (ACK DDB-TABLE-457); botocore itself refuses 0, so it is sent raw.
    assert raw_error(ddb, "ListBackups", {"Limit": 0}) == (
        "ValidationException", "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1")
    code, message = error_of(ddb.list_backups, Limit=101)
    assert code == "ValidationException" and "Value '101' at 'limit'" in message


def test_list_backups_time_range(tarn):
    # DOC "start time is inclusive, but end time is exclusive", to the millisecond (ACK DDB-BACKUP-014).
    ddb = tarn.client("dynamodb")
    create_table(ddb, "timed")
    made = []
    for i in range(3):
        made.append(backup(ddb, "timed", f"backup-{i}"))
        time.sleep(0.002)
    arns = [b["BackupArn"] for b in made]
    t = [ms(b["BackupCreationDateTime"]) for b in made]
    assert t[0] < t[1] < t[2]

    def in_range(**bounds):
        body = {k: v / 1000 for k, v in bounds.items()}
        return [s["BackupArn"] for s in send_raw(ddb, "ListBackups", body)["BackupSummaries"]]

    assert in_range(TimeRangeLowerBound=t[1]) == arns[1:]
    assert in_range(TimeRangeLowerBound=t[1] + 1) == arns[2:]
    assert in_range(TimeRangeUpperBound=t[1]) == arns[:1]
    assert in_range(TimeRangeUpperBound=t[1] + 1) == arns[:2]
    assert in_range(TimeRangeLowerBound=t[0], TimeRangeUpperBound=t[2]) == arns[:2]
    assert in_range(TimeRangeLowerBound=t[1], TimeRangeUpperBound=t[1]) == []

    # Through botocore, as datetimes: the epoch and the future are fine bounds.
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert summaries(ddb, TimeRangeLowerBound=epoch, TimeRangeUpperBound=future) == arns
    assert summaries(ddb, TimeRangeLowerBound=future) == []
    assert error_of(ddb.list_backups, TimeRangeLowerBound=future, TimeRangeUpperBound=epoch) == (
        "ValidationException", "One or more parameter values were invalid: Time range lower bound must be less than or equal to upper bound")
    assert raw_error(ddb, "ListBackups", {"TimeRangeLowerBound": (t[1] + 1) / 1000,
                                          "TimeRangeUpperBound": t[1] / 1000}) == (
        "ValidationException", "One or more parameter values were invalid: Time range lower bound must be less than or equal to upper bound")


def test_delete_backup(tarn):
    # moto test_delete_backup / test_delete_non_existent_backup_raises_error; CLI example delete-backup.rst.
    ddb = tarn.client("dynamodb")
    create_table(ddb, "test-table-1")
    put(ddb, "test-table-1", {"id": "a"})
    first = backup(ddb, "test-table-1", "backup-1")["BackupArn"]
    second = backup(ddb, "test-table-1", "backup-2")["BackupArn"]
    before = ddb.describe_backup(BackupArn=first)["BackupDescription"]

    deleted = ddb.delete_backup(BackupArn=first)["BackupDescription"]
    assert deleted["BackupDetails"] == dict(before["BackupDetails"], BackupStatus="DELETED")
    assert deleted["SourceTableDetails"] == before["SourceTableDetails"]
    assert deleted["SourceTableFeatureDetails"] == {}
    # Gone at once.
    assert summaries(ddb, TableName="test-table-1", BackupType="USER") == [second]
    for call in (ddb.describe_backup, ddb.delete_backup):
        assert error_of(call, BackupArn=first) == ("BackupNotFoundException", "Backup not found: " + first)
    assert error_of(ddb.restore_table_from_backup, TargetTableName="restored", BackupArn=first) == (
        "BackupNotFoundException", "Backup not found: " + first)
    # The table and the other backup are untouched.
    assert scan_ids(ddb, "test-table-1") == ["a"]
    ddb.restore_table_from_backup(TargetTableName="restored", BackupArn=second)
    assert scan_ids(ddb, "restored") == ["a"]


@pytest.mark.tarn_only
def test_backups_and_restored_tables_survive_kill_9(tarn):
    ddb = tarn.client("dynamodb")
    indexed_table(ddb, "songs")
    created = backup(ddb, "songs")
    ddb.restore_table_from_backup(TargetTableName="songs-copy", BackupArn=created["BackupArn"])
    described = ddb.describe_backup(BackupArn=created["BackupArn"])["BackupDescription"]
    ddb.delete_table(TableName="songs")

    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    assert ddb.describe_backup(BackupArn=created["BackupArn"])["BackupDescription"] == described
    assert summaries(ddb) == [created["BackupArn"]]
    copy = ddb.describe_table(TableName="songs-copy")["Table"]
    assert copy["TableStatus"] == "ACTIVE" and "RestoreSummary" not in copy and copy["ItemCount"] == 3
    assert by_genre(ddb, "songs-copy") == ["One", "Three"]
    assert by_year(ddb, "songs-copy") == [("Two", "jazz")]
    # The backup's items are still there to restore from.
    ddb.restore_table_from_backup(TargetTableName="songs-again", BackupArn=created["BackupArn"])
    assert by_genre(ddb, "songs-again") == ["One", "Three"]
    assert ddb.scan(TableName="songs-again")["Count"] == 3


def test_the_awscli_backs_up_lists_and_restores(tarn):
    # The awscli examples' commands, with their answers' shapes (CLI example *.rst).
    ddb = tarn.client("dynamodb")
    create_table(ddb, "MusicCollection")
    put(ddb, "MusicCollection", {"id": "song-1", "title": "Call Me Today"})

    def aws(*args):
        out = tarn.aws("dynamodb", *args, "--region", "us-east-1", "--output", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    created = aws("create-backup", "--table-name", "MusicCollection", "--backup-name", "MusicCollectionBackup")
    details = created["BackupDetails"]
    assert details["BackupStatus"] == "CREATING" and details["BackupType"] == "USER"
    assert BACKUP_ARN.match(details["BackupArn"])["table"] == "MusicCollection"
    listed = aws("list-backups", "--table-name", "MusicCollection")["BackupSummaries"]
    assert [(s["BackupArn"], s["BackupName"], s["BackupStatus"]) for s in listed] == [
        (details["BackupArn"], "MusicCollectionBackup", "AVAILABLE")]
    described = aws("describe-backup", "--backup-arn", details["BackupArn"])["BackupDescription"]
    assert described["SourceTableDetails"]["ItemCount"] == 1

    restored = aws("restore-table-from-backup", "--target-table-name", "MusicCollection2",
                   "--backup-arn", details["BackupArn"])["TableDescription"]
    assert restored["TableStatus"] == "CREATING"
    assert restored["RestoreSummary"]["SourceBackupArn"] == details["BackupArn"]
    assert restored["RestoreSummary"]["RestoreInProgress"] is True
    got = aws("get-item", "--table-name", "MusicCollection2", "--key", '{"id": {"S": "song-1"}}')
    assert got["Item"] == {"id": {"S": "song-1"}, "title": {"S": "Call Me Today"}}

    deleted = aws("delete-backup", "--backup-arn", details["BackupArn"])
    assert deleted["BackupDescription"]["BackupDetails"]["BackupStatus"] == "DELETED"
    missing = tarn.aws("dynamodb", "describe-backup", "--backup-arn", details["BackupArn"], "--region", "us-east-1")
    assert missing.returncode != 0 and "BackupNotFoundException" in missing.stderr


def test_iam_actions(tarn):
    """CreateBackup needs dynamodb:CreateBackup on the table, DescribeBackup dynamodb:DescribeBackup on the
    backup's ARN, ListBackups dynamodb:ListBackups (the service authorization reference)."""
    ddb = tarn.client("dynamodb")
    table = create_table(ddb, "ledger")
    iam = tarn.client("iam")
    iam.create_user(UserName="auditor")
    iam.put_user_policy(UserName="auditor", PolicyName="describe", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:DescribeTable", "Resource": table["TableArn"]}]}))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    auditor = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"],
                          aws_secret_access_key=key["SecretAccessKey"])
    assert auditor.describe_table(TableName="ledger")["Table"]["TableName"] == "ledger"
    code, message = error_of(auditor.create_backup, TableName="ledger", BackupName="mine")
    assert code == "AccessDeniedException"
    assert "dynamodb:CreateBackup" in message and table["TableArn"] in message
    assert error_of(auditor.list_backups)[0] == "AccessDeniedException"
    assert summaries(ddb) == []

    iam.put_user_policy(UserName="auditor", PolicyName="backup", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:CreateBackup", "Resource": table["TableArn"]}]}))
    arn = auditor.create_backup(TableName="ledger", BackupName="mine")["BackupDetails"]["BackupArn"]
    code, message = error_of(auditor.describe_backup, BackupArn=arn)
    assert code == "AccessDeniedException" and "dynamodb:DescribeBackup" in message
    iam.put_user_policy(UserName="auditor", PolicyName="read-backups", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:DescribeBackup",
                       "Resource": table["TableArn"] + "/backup/*"}]}))
    assert auditor.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupName"] == "mine"
    assert error_of(auditor.restore_table_from_backup, TargetTableName="ledger-copy",
                    BackupArn=arn)[0] == "AccessDeniedException"
    assert summaries(ddb) == [arn]


SYSTEM_BACKUP_ARN = re.compile(r"^arn:aws:dynamodb:us-east-1:000000000000:table/(?P<table>[A-Za-z0-9_.-]+)"
                               r"/backup/(?P<ms>\d{14})-00000000$")


def enable_recovery(ddb, table):
    ddb.update_continuous_backups(TableName=table,
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def system_backups(ddb, **kwargs):
    """The SYSTEM backups listed, waiting a little for them (DynamoDB shows one 5-10 s after DeleteTable,
    ACK DDB-BACKUP-015; tarn before DeleteTable answers)."""
    deadline = time.time() + 30
    while True:
        listed = ddb.list_backups(BackupType="SYSTEM", **kwargs)["BackupSummaries"]
        if listed or time.time() > deadline:
            return listed
        time.sleep(0.5)


def test_deleting_a_table_with_point_in_time_recovery_leaves_a_system_backup(tarn):
    """"When you delete a table that has point-in-time recovery enabled, DynamoDB automatically creates a
    backup snapshot called a system backup and retains it for 35 days" (PointInTimeRecovery_Howitworks),
    named <table>$DeletedTableBackup, its id ending in 00000000, BackupExpiryDateTime 35 days after its
    creation, listed by BackupType SYSTEM or ALL only, not deletable (ACK DDB-BACKUP-014/015,
    DDB-TABLE-167). A table without recovery leaves none."""
    ddb = tarn.client("dynamodb")
    create_table(ddb, "scratch")
    ddb.delete_table(TableName="scratch")
    table = create_table(ddb, "grades")
    put(ddb, "grades", {"id": "s1", "mark": "A"}, {"id": "s2", "mark": "B"})
    enable_recovery(ddb, "grades")
    before = time.time()
    ddb.delete_table(TableName="grades")
    listed = system_backups(ddb)
    assert len(listed) == 1
    summary = listed[0]
    assert SYSTEM_BACKUP_ARN.match(summary["BackupArn"])["table"] == "grades"
    assert summary["BackupName"] == "grades$DeletedTableBackup"
    assert summary["BackupType"] == "SYSTEM" and summary["BackupStatus"] == "AVAILABLE"
    assert summary["TableName"] == "grades" and summary["TableId"] == table["TableId"]
    created = summary["BackupCreationDateTime"]
    assert before - 1 <= created.timestamp() <= time.time() + 1
    assert ms(summary["BackupExpiryDateTime"]) == ms(created) + 35 * 86400 * 1000
    assert SYSTEM_BACKUP_ARN.match(summary["BackupArn"])["ms"] == f"{ms(created):014d}"
    # Not a USER backup; ALL and the deleted table's name list it; nothing came of the table without recovery.
    assert summaries(ddb) == []
    assert summaries(ddb, BackupType="ALL") == [summary["BackupArn"]]
    assert summaries(ddb, BackupType="SYSTEM", TableName="grades") == [summary["BackupArn"]]
    assert summaries(ddb, BackupType="SYSTEM", TableName="scratch") == []

    details = ddb.describe_backup(BackupArn=summary["BackupArn"])["BackupDescription"]["BackupDetails"]
    assert details["BackupType"] == "SYSTEM" and details["BackupName"] == "grades$DeletedTableBackup"
    assert details["BackupExpiryDateTime"] == summary["BackupExpiryDateTime"]
    code, message = error_of(ddb.delete_backup, BackupArn=summary["BackupArn"])
    assert code == "ValidationException"
    assert message.startswith("Invalid Request: User is not allowed to delete the system backup with arn "
                              + summary["BackupArn"] + ". It will automatically expire on "
                              + summary["BackupExpiryDateTime"].astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT"))
    assert summaries(ddb, BackupType="SYSTEM") == [summary["BackupArn"]]


def test_a_deleted_table_comes_back_from_its_system_backup(tarn):
    """System backups "allow you to restore the deleted table to the state it was in just before the point
    of deletion" (the BackupType doc): RestoreTableFromBackup, also under the old name (ACK DDB-TABLE-167);
    the restored table has no point-in-time recovery (DDB-TABLE-215), so deleting it again leaves no
    second backup."""
    ddb = tarn.client("dynamodb")
    indexed_table(ddb, "songs")
    enable_recovery(ddb, "songs")
    ddb.delete_table(TableName="songs")
    ddb.get_waiter("table_not_exists").wait(TableName="songs", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    (summary,) = system_backups(ddb, TableName="songs")
    restored = ddb.restore_table_from_backup(TargetTableName="songs", BackupArn=summary["BackupArn"])
    assert restored["TableDescription"]["RestoreSummary"]["SourceBackupArn"] == summary["BackupArn"]
    ddb.get_waiter("table_exists").wait(TableName="songs", WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    assert by_genre(ddb, "songs") == ["One", "Three"]
    assert by_year(ddb, "songs") == [("Two", "jazz")]
    pitr = ddb.describe_continuous_backups(TableName="songs")["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    ddb.delete_table(TableName="songs")
    ddb.get_waiter("table_not_exists").wait(TableName="songs", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    assert summaries(ddb, BackupType="SYSTEM") == [summary["BackupArn"]]


@pytest.mark.tarn_only
def test_system_backups_survive_kill_9(tarn):
    ddb = tarn.client("dynamodb")
    create_table(ddb, "ledger")
    put(ddb, "ledger", {"id": "entry-1"})
    enable_recovery(ddb, "ledger")
    ddb.delete_table(TableName="ledger")
    (summary,) = system_backups(ddb)
    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    assert ddb.list_backups(BackupType="SYSTEM")["BackupSummaries"] == [summary]
    ddb.restore_table_from_backup(TargetTableName="ledger", BackupArn=summary["BackupArn"])
    assert scan_ids(ddb, "ledger") == ["entry-1"]


def test_the_awscli_lists_system_backups(tarn):
    ddb = tarn.client("dynamodb")
    create_table(ddb, "MusicCollection")
    enable_recovery(ddb, "MusicCollection")
    ddb.delete_table(TableName="MusicCollection")
    system_backups(ddb)
    out = tarn.aws("dynamodb", "list-backups", "--backup-type", "SYSTEM", "--region", "us-east-1", "--output", "json")
    assert out.returncode == 0, out.stderr
    (listed,) = json.loads(out.stdout)["BackupSummaries"]
    assert listed["BackupName"] == "MusicCollection$DeletedTableBackup" and listed["BackupType"] == "SYSTEM"
    assert "BackupExpiryDateTime" in listed
