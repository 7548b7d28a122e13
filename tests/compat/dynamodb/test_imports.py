"""DynamoDB imports from S3 through boto3 and the awscli: ImportTable, DescribeImport and ListImports,
read from tarn's own S3.

Expected answers are those recorded against AWS:
- moto's tests/test_dynamodb/test_dynamodb_import_table.py, every test of which is aws_verified (cited
  "moto <test>"): a missing bucket, the regular CreateTable checks, an empty bucket, one file of items on
  lines and run together, several files, an object without the Item wrapper, the key-prefix match and
  gzip;
- the ACK DynamoDB controller's API probes of 2026-10-08/09 (cited "ACK DDB-IMPORT-<n>"): the answer's
  members and server defaults (S3BucketOwner back-filled, InputCompressionType NONE, TableCreationParameters
  verbatim), ItemValidationError with the valid items kept, an unparseable line ending its object, gzip on
  a plain object, ClientToken idempotency, DescribeImport's ARN errors, ListImports' order, paging and
  its TableArn filter outliving the table, and the export -> import round trip;
- the developer guide (S3DataImport.*) for the CSV format and the FAILED description's wording.
Departure, on purpose: an import takes milliseconds instead of minutes, and its table is CREATING at once
(DynamoDB hides it for ~30 s first; the CREATING tests accept both).

The import calls go through `wire`, which sends exactly the JSON given and returns the answer's JSON as
DynamoDB sent it (members old botocore lacks, e.g. OnDemandThroughput, included); botocore's own
import_table / describe_import / list_imports are exercised too."""
import gzip
import json
import re
import signal
import subprocess
import time

import botocore.exceptions
import pytest

from dynamodb_wire import call
from exact_json import wire

ACCOUNT = "000000000000"
# arn:...:table/<table>/import/<StartTime in epoch ms, 14 digits>-<8 hex> (spec section 0, developer guide).
IMPORT_ARN = re.compile(r"^arn:aws:dynamodb:us-east-1:000000000000:table/(?P<table>[A-Za-z0-9_.-]+)"
                        r"/import/(?P<id>(?P<ms>\d{14})-[0-9a-f]{8})$")
EXPORT_ARN = re.compile(r"/export/(?P<id>\d{14}-[0-9a-f]{8})$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LOG_GROUP = "arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*"
# What ImportTable answers (and DescribeImport while IN_PROGRESS) without InputFormatOptions (ACK DDB-IMPORT-001/003).
# The counters start at 0 (ScyllaDB's test_import.py, run against AWS).
STARTED_MEMBERS = {"ImportArn", "ImportStatus", "TableArn", "TableId", "ClientToken", "S3BucketSource",
                   "CloudWatchLogGroupArn", "InputFormat", "InputCompressionType", "TableCreationParameters",
                   "StartTime", "ErrorCount", "ProcessedItemCount", "ImportedItemCount"}
# Added once the import has ended.
ENDED_MEMBERS = {"EndTime", "ProcessedSizeBytes"}
FAILED_MEMBERS = {"FailureCode", "FailureMessage"}
SUMMARY_MEMBERS = {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "CloudWatchLogGroupArn",
                   "InputFormat", "StartTime", "EndTime"}
ITEM_VALIDATION = ("ItemValidationError", "Some of the items failed validation checks and were not imported. "
                                          "Please check CloudWatch error logs for more details.")


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400, r
    return r["Error"]["Code"], r["Error"]["Message"]




def ms(when):
    """Epoch milliseconds of a wire timestamp (epoch seconds)."""
    return round(when * 1000)


def table_params(name, key="pk", key_type="S", billing="PAY_PER_REQUEST", **extra):
    params = {"TableName": name, "AttributeDefinitions": [{"AttributeName": key, "AttributeType": key_type}],
              "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}]}
    if billing:
        params["BillingMode"] = billing
    params.update(extra)
    return params


def start_import(ddb, source, params, input_format="DYNAMODB_JSON", **extra):
    """ImportTable; the ImportTableDescription as sent."""
    if isinstance(source, str):
        source = {"S3Bucket": source}
    return wire(ddb, "ImportTable", S3BucketSource=source, InputFormat=input_format,
                TableCreationParameters=params, **extra)["ImportTableDescription"]


def describe(ddb, arn):
    return wire(ddb, "DescribeImport", ImportArn=arn)["ImportTableDescription"]


def finished(ddb, arn, timeout=30):
    """DescribeImport every 0.05 s while IN_PROGRESS (moto's loop, faster); the final description."""
    deadline = time.time() + timeout
    while True:
        d = describe(ddb, arn)
        if d["ImportStatus"] != "IN_PROGRESS":
            return d
        assert time.time() < deadline, d
        time.sleep(0.05)


def imported(ddb, source, params, input_format="DYNAMODB_JSON", **extra):
    """An import, waited for: (the call's answer, the final description)."""
    started = start_import(ddb, source, params, input_format, **extra)
    return started, finished(ddb, started["ImportArn"])


def counts(d):
    """(ErrorCount, ProcessedItemCount, ImportedItemCount), moto's order."""
    return d["ErrorCount"], d["ProcessedItemCount"], d["ImportedItemCount"]


def list_imports(ddb, **body):
    return wire(ddb, "ListImports", **body)


def listed(ddb, **body):
    return [s["ImportArn"] for s in list_imports(ddb, **body)["ImportSummaryList"]]


def line(pk, **attrs):
    """One DYNAMODB_JSON record, as a line."""
    item = {"pk": {"S": pk}, **{k: {"S": v} for k, v in attrs.items()}}
    return json.dumps({"Item": item}) + "\n"


def bucket(tarn, name="lake"):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket=name)
    return s3


def scan(ddb, table, key="pk"):
    items = [i for page in ddb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
             for i in page["Items"]]
    return sorted(items, key=lambda i: json.dumps(i[key], default=str))


def pks(ddb, table):
    return sorted(i["pk"]["S"] for i in scan(ddb, table))


def test_import_answers_in_progress_then_completes(tarn):
    # moto test_import_table_single_file_with_multiple_items: 5 records on lines, then 5 run together
    # → COMPLETED, 0 errors, 10 processed, 10 imported. ACK DDB-IMPORT-001/003/015: the answer's members,
    # S3BucketOwner back-filled with the caller's account, InputCompressionType NONE, no InputFormatOptions,
    # TableCreationParameters as sent; the end adds EndTime and the counts.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    body = "".join(line(f"msg{i}") for i in range(5)) + "".join(line(f"msg{i}").strip() for i in range(10, 15))
    s3.put_object(Bucket="lake", Key="data.json", Body=body.encode())
    params = table_params("moto-import")

    started = start_import(ddb, "lake", params)
    assert set(started) == STARTED_MEMBERS, sorted(started)
    assert started["ImportStatus"] == "IN_PROGRESS"
    match = IMPORT_ARN.match(started["ImportArn"])
    assert match and match["table"] == "moto-import", started["ImportArn"]
    assert int(match["ms"]) == ms(started["StartTime"])
    assert abs(started["StartTime"] - time.time()) < 5
    assert started["TableArn"] == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/moto-import"
    assert UUID.match(started["TableId"]) and UUID.match(started["ClientToken"])  # as the SDKs fill it in
    assert started["S3BucketSource"] == {"S3Bucket": "lake", "S3BucketOwner": ACCOUNT}
    assert started["CloudWatchLogGroupArn"] == LOG_GROUP
    assert (started["InputFormat"], started["InputCompressionType"]) == ("DYNAMODB_JSON", "NONE")
    assert started["TableCreationParameters"] == params

    done = finished(ddb, started["ImportArn"])
    assert set(done) == STARTED_MEMBERS | ENDED_MEMBERS, sorted(done)
    assert done["ImportStatus"] == "COMPLETED"
    counters = {"ErrorCount", "ProcessedItemCount", "ImportedItemCount"}
    assert (started["ErrorCount"], started["ProcessedItemCount"], started["ImportedItemCount"]) == (0, 0, 0)
    assert {k: v for k, v in done.items() if k not in ENDED_MEMBERS | counters} == {
        k: v for k, v in dict(started, ImportStatus="COMPLETED").items() if k not in counters}
    assert counts(done) == (0, 10, 10)
    assert done["ProcessedSizeBytes"] == len(body.encode())
    assert done["EndTime"] >= done["StartTime"]
    assert describe(ddb, started["ImportArn"]) == done  # terminal: no longer changes

    table = ddb.describe_table(TableName="moto-import")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert (table["TableArn"], table["TableId"]) == (done["TableArn"], done["TableId"])
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert pks(ddb, "moto-import") == ["msg0", "msg1", "msg10", "msg11", "msg12", "msg13", "msg14", "msg2", "msg3",
                                       "msg4"]
    # The imported table is an ordinary table (ACK DDB-IMPORT-005).
    ddb.put_item(TableName="moto-import", Item={"pk": {"S": "later"}})
    assert len(pks(ddb, "moto-import")) == 11

    # Through botocore's own model.
    parsed = ddb.describe_import(ImportArn=started["ImportArn"])["ImportTableDescription"]
    assert (parsed["ImportStatus"], parsed["ImportedItemCount"], parsed["TableId"]) == (
        "COMPLETED", 10, done["TableId"])
    via_boto = ddb.import_table(S3BucketSource={"S3Bucket": "lake"}, InputFormat="DYNAMODB_JSON",
                                TableCreationParameters=table_params("via-boto"))["ImportTableDescription"]
    assert IMPORT_ARN.match(via_boto["ImportArn"])["table"] == "via-boto"
    assert UUID.match(via_boto["ClientToken"])  # boto3 fills the idempotency token in
    assert counts(finished(ddb, via_boto["ImportArn"])) == (0, 10, 10)


def test_files_prefix_and_other_region(tarn):
    # moto test_import_table_multiple_files (a key without an extension is read too, in key order) and
    # test_only_process_file_with_prefix (S3KeyPrefix "yes" is a plain key-prefix match: yesdata.json,
    # not nodata.json). Like moto, DynamoDB is called in us-east-2 with the bucket in us-east-1: buckets are
    # found by name. S3KeyPrefix and a given S3BucketOwner are echoed verbatim (ACK DDB-IMPORT-003/014).
    ddb = tarn.client("dynamodb")
    east2 = tarn.client("dynamodb", region_name="us-east-2")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=line("msg1").encode())
    s3.put_object(Bucket="lake", Key="data", Body=line("msg2").encode())
    _, done = imported(east2, "lake", table_params("multi"))
    assert done["ImportArn"].startswith(f"arn:aws:dynamodb:us-east-2:{ACCOUNT}:table/multi/import/")
    assert done["CloudWatchLogGroupArn"] == LOG_GROUP.replace("us-east-1", "us-east-2")
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 2, 2)
    assert [i["pk"]["S"] for i in east2.scan(TableName="multi")["Items"]] == ["msg1", "msg2"]
    assert ddb.list_tables()["TableNames"] == []  # made in us-east-2 only
    assert listed(ddb) == [] and listed(east2) == [done["ImportArn"]]

    s3.create_bucket(Bucket="prefixed")
    s3.put_object(Bucket="prefixed", Key="yesdata.json", Body=line("yes1").encode())
    s3.put_object(Bucket="prefixed", Key="nodata.json", Body=line("no1").encode())
    s3.put_object(Bucket="prefixed", Key="yes/more/deeper.json", Body=line("yes2").encode() + line("yes3").encode())
    source = {"S3Bucket": "prefixed", "S3KeyPrefix": "yes", "S3BucketOwner": ACCOUNT}
    started, done = imported(ddb, source, table_params("only-yes"))
    assert started["S3BucketSource"] == done["S3BucketSource"] == source
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 3, 3)
    assert pks(ddb, "only-yes") == ["yes1", "yes2", "yes3"]
    # A whole key is a prefix too; no slash is added to the prefix.
    _, done = imported(ddb, {"S3Bucket": "prefixed", "S3KeyPrefix": "yesdata.json"}, table_params("one-key"))
    assert done["S3BucketSource"]["S3KeyPrefix"] == "yesdata.json"
    assert counts(done) == (0, 1, 1) and pks(ddb, "one-key") == ["yes1"]
    # No prefix: every object of the bucket.
    _, done = imported(ddb, "prefixed", table_params("everything"))
    assert "S3KeyPrefix" not in done["S3BucketSource"]
    assert counts(done) == (0, 4, 4) and pks(ddb, "everything") == ["no1", "yes1", "yes2", "yes3"]


def test_object_without_the_item_wrapper(tarn):
    # moto test_some_successfull_files_and_some_with_unknown_data: FAILED, ErrorCount 1, Processed 2,
    # Imported 1, and the table keeps msg1.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=line("msg1").encode())
    s3.put_object(Bucket="lake", Key="unknown.json", Body=json.dumps({"pk": {"S": "msg2"}}).encode())
    _, done = imported(ddb, "lake", table_params("partial"))
    assert set(done) == STARTED_MEMBERS | ENDED_MEMBERS | FAILED_MEMBERS
    assert done["ImportStatus"] == "FAILED" and counts(done) == (1, 2, 1)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert ddb.describe_table(TableName="partial")["Table"]["TableStatus"] == "ACTIVE"
    assert pks(ddb, "partial") == ["msg1"]


def test_items_failing_validation_are_counted_and_skipped(tarn):
    # ACK DDB-IMPORT-013, developer guide: every item DynamoDB would refuse (no key, a key of the wrong
    # type, over 400 KB, an index key of the wrong type) is an error; the valid items are imported, the table
    # is ACTIVE with its GSI built, and the import ends FAILED with ItemValidationError.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    params = table_params(
        "checked", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "colour", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-colour", "KeySchema": [{"AttributeName": "colour",
                                                                          "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    records = [
        {"pk": {"S": "ok-1"}},
        {"other": {"S": "no key"}},
        {"pk": {"N": "7"}},
        {"pk": {"S": "huge"}, "v": {"S": "x" * 410_000}},
        {"pk": {"S": "bad-index"}, "colour": {"N": "5"}},
        {"pk": {"S": "ok-2"}, "colour": {"S": "blue"}, "n": {"N": "1.50"}},
        {"pk": {"S": "ok-3"}, "colour": {"S": "blue"}},
    ]
    body = "".join(json.dumps({"Item": r}) + "\n" for r in records).encode()
    s3.put_object(Bucket="lake", Key="items.json", Body=body)
    _, done = imported(ddb, "lake", params)
    assert done["ImportStatus"] == "FAILED" and counts(done) == (4, 7, 3)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert done["ProcessedSizeBytes"] == len(body)
    table = ddb.describe_table(TableName="checked")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert [(g["IndexName"], g["IndexStatus"]) for g in table["GlobalSecondaryIndexes"]] == [("by-colour", "ACTIVE")]
    assert pks(ddb, "checked") == ["ok-1", "ok-2", "ok-3"]
    got = ddb.get_item(TableName="checked", Key={"pk": {"S": "ok-2"}})["Item"]
    assert got == {"pk": {"S": "ok-2"}, "colour": {"S": "blue"}, "n": {"N": "1.5"}}
    by_colour = ddb.query(TableName="checked", IndexName="by-colour", KeyConditionExpression="colour = :c",
                          ExpressionAttributeValues={":c": {"S": "blue"}})["Items"]
    assert sorted(i["pk"]["S"] for i in by_colour) == ["ok-2", "ok-3"]


def log_events(tarn, import_arn, timeout=10):
    """The messages of the import's error log stream, parsed (CloudWatch Logs may take a moment on AWS)."""
    logs = tarn.client("logs")
    stream = import_arn.rsplit("/", 1)[1] + "/error"
    deadline = time.time() + timeout
    while True:
        try:
            events = logs.get_log_events(logGroupName="/aws-dynamodb/imports", logStreamName=stream,
                                         startFromHead=True)["events"]
        except botocore.exceptions.ClientError as e:
            if e.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            events = []
        if events or time.time() > deadline:
            return [json.loads(e["message"]) for e in events]
        time.sleep(0.5)


def test_invalid_items_are_logged_to_cloudwatch_logs(tarn):
    """Each item an import could not import is an event in CloudWatch Logs, group /aws-dynamodb/imports
    (the CloudWatchLogGroupArn described), stream <import id>/error: {"itemS3Pointer": {"bucket", "key",
    "itemIndex"}, "importArn", "errorMessages": [...]}, the index counting the object's items from 0 (a CSV
    header not counted) and the message PutItem's (S3DataImport.Validation.html, whose example is the
    missing key's). An import without invalid items logs nothing."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    records = [{"pk": {"S": "ok"}}, {"other": {"S": "no key"}}, {"pk": {"N": "7"}}]
    s3.put_object(Bucket="lake", Key="json/items.json",
                  Body="".join(json.dumps({"Item": r}) + "\n" for r in records).encode())
    s3.put_object(Bucket="lake", Key="csv/rows.csv", Body=b"pk,v\nrow-1,a\n,missing\n")
    s3.put_object(Bucket="lake", Key="fine/items.json", Body=line("fine").encode())
    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "json/"}, table_params("logged"))
    assert done["ImportStatus"] == "FAILED" and counts(done) == (2, 3, 1)
    assert done["CloudWatchLogGroupArn"] == "arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*"
    events = log_events(tarn, done["ImportArn"])
    assert events == [
        {"itemS3Pointer": {"bucket": "lake", "key": "json/items.json", "itemIndex": 1},
         "importArn": done["ImportArn"],
         "errorMessages": ["One or more parameter values were invalid: Missing the key pk in the item"]},
        {"itemS3Pointer": {"bucket": "lake", "key": "json/items.json", "itemIndex": 2},
         "importArn": done["ImportArn"],
         "errorMessages": ["One or more parameter values were invalid: Type mismatch for key pk expected: S "
                           "actual: N"]},
    ]

    _, csv = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "csv/"}, table_params("logged-csv"),
                      input_format="CSV")
    assert csv["ImportStatus"] == "FAILED" and counts(csv) == (1, 2, 1)
    (event,) = log_events(tarn, csv["ImportArn"])
    assert event["itemS3Pointer"] == {"bucket": "lake", "key": "csv/rows.csv", "itemIndex": 1}
    assert len(event["errorMessages"]) == 1

    _, fine = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "fine/"}, table_params("logged-fine"))
    assert fine["ImportStatus"] == "COMPLETED"
    assert log_events(tarn, fine["ImportArn"], timeout=1) == []


def test_an_unparseable_line_ends_its_object(tarn):
    # ACK DDB-IMPORT-013 and the developer guide ("we may skip processing the remaining portion of the
    # object"): on a 10-line file whose 6th line does not parse, Processed 6 / Imported 5 / Errors 1. The
    # next object is read as usual.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    lines = [line(f"a{i}") for i in range(10)]
    lines[5] = '{"Item": {"pk": {"S": "a5"}}\n'  # a brace short
    s3.put_object(Bucket="lake", Key="a-broken.json", Body="".join(lines).encode())
    s3.put_object(Bucket="lake", Key="b-fine.json", Body=line("b0").encode())
    _, done = imported(ddb, "lake", table_params("broken"))
    assert done["ImportStatus"] == "FAILED" and counts(done) == (1, 7, 6)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert pks(ddb, "broken") == ["a0", "a1", "a2", "a3", "a4", "b0"]


def slow_import(tarn, name):
    """An import of 60,000 items (about 8 MB), long enough to see its table CREATING: waits until
    DescribeTable shows it CREATING (DynamoDB first hides the table for ~30 s, ACK DDB-IMPORT-006); returns
    (ddb, the ImportTable answer)."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    for part in range(2):
        body = "".join(line(f"k{part}-{i:05d}", v="x" * 100) for i in range(30000)).encode()
        s3.put_object(Bucket="lake", Key=f"big-{part}.json", Body=body)
    started = start_import(ddb, "lake", table_params(name))
    deadline = time.time() + 120
    while True:
        try:
            assert ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "CREATING"
            break
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "ResourceNotFoundException"
            assert time.time() < deadline
            time.sleep(0.05)
    return ddb, started


def still_creating(ddb, started, name):
    """Whether the calls made since slow_import returned all saw the table CREATING."""
    if ddb.describe_table(TableName=name)["Table"]["TableStatus"] != "CREATING":
        pytest.skip("the import ended before the calls were made")
    return True


def call_error(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
    return None


def test_table_is_creating_while_importing(tarn):
    # ACK DDB-IMPORT-001/006: while IN_PROGRESS the table is CREATING: item calls and TagResource answer
    # ResourceNotFoundException, DeleteTable ResourceInUseException; then ACTIVE with every item, and an
    # ordinary table.
    ddb, started = slow_import(tarn, "filling")
    errors = {
        "PutItem": call_error(ddb.put_item, TableName="filling", Item={"pk": {"S": "new"}}),
        "GetItem": call_error(ddb.get_item, TableName="filling", Key={"pk": {"S": "k0-00001"}}),
        "Scan": call_error(ddb.scan, TableName="filling"),
        "TagResource": call_error(ddb.tag_resource, ResourceArn=started["TableArn"], Tags=[{"Key": "k", "Value": "v"}]),
        "DeleteTable": call_error(ddb.delete_table, TableName="filling"),
    }
    assert still_creating(ddb, started, "filling")
    assert errors == {"PutItem": "ResourceNotFoundException", "GetItem": "ResourceNotFoundException",
                      "Scan": "ResourceNotFoundException", "TagResource": "ResourceNotFoundException",
                      "DeleteTable": "ResourceInUseException"}
    done = finished(ddb, started["ImportArn"], timeout=120)
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 60000, 60000)
    assert ddb.describe_table(TableName="filling")["Table"]["TableStatus"] == "ACTIVE"
    assert sum(page["Count"] for page in ddb.get_paginator("scan").paginate(
        TableName="filling", Select="COUNT")) == 60000
    assert ddb.get_item(TableName="filling", Key={"pk": {"S": "k1-29999"}})["Item"]["v"] == {"S": "x" * 100}
    ddb.put_item(TableName="filling", Item={"pk": {"S": "new"}})
    ddb.tag_resource(ResourceArn=started["TableArn"], Tags=[{"Key": "k", "Value": "v"}])


def test_table_settings_while_importing(tarn):
    # ACK DDB-IMPORT-006: on the CREATING table of an import, UpdateTable is a ResourceInUseException and
    # UpdateContinuousBackups and CreateBackup are ContinuousBackupsUnavailableException.
    ddb, started = slow_import(tarn, "filling")
    errors = {
        "UpdateTable": call_error(ddb.update_table, TableName="filling", BillingMode="PROVISIONED",
                                  ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}),
        "UpdateContinuousBackups": call_error(ddb.update_continuous_backups, TableName="filling",
                                              PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}),
        "CreateBackup": call_error(ddb.create_backup, TableName="filling", BackupName="early"),
    }
    assert still_creating(ddb, started, "filling")
    finished(ddb, started["ImportArn"], timeout=120)
    assert errors == {"UpdateTable": "ResourceInUseException",
                      "UpdateContinuousBackups": "ContinuousBackupsUnavailableException",
                      "CreateBackup": "ContinuousBackupsUnavailableException"}


def test_gzip(tarn):
    # moto test_process_gzipped_file: InputCompressionType GZIP → COMPLETED, 0/1/1; ProcessedSizeBytes is
    # what the objects hold decompressed (ScyllaDB's test_import.py, run against AWS). ACK DDB-IMPORT-015: GZIP on a plain object is an item error
    # (Processed 1 / Imported 0), not a synchronous one.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    packed = gzip.compress(line("msg1", v="zipped").encode())
    s3.put_object(Bucket="lake", Key="zipped/data.json.gz", Body=packed)
    s3.put_object(Bucket="lake", Key="plain/data.json", Body=line("msg2").encode())
    started, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "zipped/"}, table_params("unzipped"),
                             InputCompressionType="GZIP")
    assert started["InputCompressionType"] == done["InputCompressionType"] == "GZIP"
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 1, 1)
    assert done["ProcessedSizeBytes"] == len(gzip.decompress(packed))
    assert scan(ddb, "unzipped") == [{"pk": {"S": "msg1"}, "v": {"S": "zipped"}}]

    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "plain/"}, table_params("not-zipped"),
                       InputCompressionType="GZIP")
    assert done["ImportStatus"] == "FAILED" and counts(done) == (1, 1, 0)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert ddb.describe_table(TableName="not-zipped")["Table"]["TableStatus"] == "ACTIVE"
    assert scan(ddb, "not-zipped") == []


def test_zstd(tarn):
    # InputCompressionType ZSTD (the model's enum; S3DataImport.Format): objects of one or more zstd frames,
    # as the zstd tool writes them; an object that is not zstd is one item error, as GZIP's (ACK
    # DDB-IMPORT-015). Old botocore lacks ZSTD in its enum-free model too, so the request goes through wire.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)

    def zstd(data):
        return subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True, check=True).stdout

    first = zstd((line("a", v="one") + line("b", v="two")).encode())
    second = zstd(line("c", v="three").encode()) + zstd(line("d", v="four").encode())  # two frames
    s3.put_object(Bucket="lake", Key="zstd/part-1.json.zst", Body=first)
    s3.put_object(Bucket="lake", Key="zstd/part-2.json.zst", Body=second)
    s3.put_object(Bucket="lake", Key="plain/data.json", Body=line("e").encode())
    started, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "zstd/"}, table_params("unzstd"),
                             InputCompressionType="ZSTD")
    assert started["InputCompressionType"] == done["InputCompressionType"] == "ZSTD"
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 4, 4)
    assert done["ProcessedSizeBytes"] == len(line("a", v="one") + line("b", v="two") + line("c", v="three") +
                                             line("d", v="four"))
    assert [(i["pk"]["S"], i["v"]["S"]) for i in scan(ddb, "unzstd")] == [
        ("a", "one"), ("b", "two"), ("c", "three"), ("d", "four")]

    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "plain/"}, table_params("not-zstd"),
                       InputCompressionType="ZSTD")
    assert done["ImportStatus"] == "FAILED" and counts(done) == (1, 1, 0)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert scan(ddb, "not-zstd") == []


def test_ion(tarn):
    """InputFormat ION reads what an ION export writes (S3DataImport.Format.html): `$ion_1_0 {Item:{...}}`
    records, numbers as Ion decimals (103., 6d2), blobs, sets as $dynamodb_SS/NS/BS-annotated lists. A
    value DynamoDB does not map (an Ion int: numbers must be decimals, "1." not "1") is an invalid item;
    text that is not Ion ends its object, as for DYNAMODB_JSON."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    records = [
        '$ion_1_0 {Item:{pk:"book-1",Authors:$dynamodb_SS::["Author1","Author2"],PageCount:6d2,Price:19.99,'
        'InPublication:false,Cover:{{AAE=}},Notes:null,Parts:["a",{n:0.5}],Ratings:$dynamodb_NS::[4.5,5.]}}',
        '$ion_1_0 {Item:{pk:"book-2",PageCount:600}}',
        '$ion_1_0 {Item:{pk:"book-3"}}',
    ]
    s3.put_object(Bucket="lake", Key="ion/books.ion", Body=("\n".join(records) + "\n").encode())
    s3.put_object(Bucket="lake", Key="ion/broken.ion",
                  Body=b'$ion_1_0 {Item:{pk:"book-4"}}\n$ion_1_0 {Item:{pk:"book-5"\n$ion_1_0 {Item:{pk:"book-6"}}\n')
    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "ion/"}, table_params("ion-books"), input_format="ION")
    assert done["InputFormat"] == "ION"
    assert done["ImportStatus"] == "FAILED" and counts(done) == (2, 5, 3)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert pks(ddb, "ion-books") == ["book-1", "book-3", "book-4"]
    book = ddb.get_item(TableName="ion-books", Key={"pk": {"S": "book-1"}})["Item"]
    assert book == {"pk": {"S": "book-1"}, "Authors": {"SS": ["Author1", "Author2"]}, "PageCount": {"N": "600"},
                    "Price": {"N": "19.99"}, "InPublication": {"BOOL": False}, "Cover": {"B": b"\x00\x01"},
                    "Notes": {"NULL": True}, "Parts": {"L": [{"S": "a"}, {"M": {"n": {"N": "0.5"}}}]},
                    "Ratings": {"NS": ["4.5", "5"]}}


def test_csv(tarn):
    # Developer guide S3DataImport.Format, ACK DDB-IMPORT-015: the first line is the header unless
    # HeaderList is given; key columns take their type from AttributeDefinitions, every other column is a
    # string; quoted fields may hold the delimiter and "" ; a row without the key is an error.
    # InputFormatOptions is echoed as sent.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="people/a.csv", Body=(
        'id,age,note\n'
        '10,33,"hello, world"\n'
        '11,41,"say ""hi"""\r\n'
        '12,7,plain\n').encode())
    s3.put_object(Bucket="lake", Key="people/b.csv", Body=b"name,age\nbob,5\n")  # no id column
    params = table_params("people", key="id", key_type="N")
    started, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "people/"}, params, "CSV")
    assert "InputFormatOptions" not in started and started["InputFormat"] == "CSV"
    assert done["ImportStatus"] == "FAILED" and counts(done) == (1, 4, 3)
    assert (done["FailureCode"], done["FailureMessage"]) == ITEM_VALIDATION
    assert scan(ddb, "people", key="id") == [
        {"id": {"N": "10"}, "age": {"S": "33"}, "note": {"S": "hello, world"}},
        {"id": {"N": "11"}, "age": {"S": "41"}, "note": {"S": 'say "hi"'}},
        {"id": {"N": "12"}, "age": {"S": "7"}, "note": {"S": "plain"}},
    ]

    # HeaderList: the first line is data. Delimiter ";".
    s3.put_object(Bucket="lake", Key="semi.csv", Body=b'u1;Ann;"a;b"\nu2;Bo;x\n')
    options = {"Csv": {"Delimiter": ";", "HeaderList": ["pk", "name", "tags"]}}
    started, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "semi"}, table_params("semi"), "CSV",
                             InputFormatOptions=options)
    assert started["InputFormatOptions"] == done["InputFormatOptions"] == options
    assert set(started) == STARTED_MEMBERS | {"InputFormatOptions"}
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 2, 2)
    assert scan(ddb, "semi") == [{"pk": {"S": "u1"}, "name": {"S": "Ann"}, "tags": {"S": "a;b"}},
                                 {"pk": {"S": "u2"}, "name": {"S": "Bo"}, "tags": {"S": "x"}}]
    # Through botocore.
    arn = ddb.import_table(S3BucketSource={"S3Bucket": "lake", "S3KeyPrefix": "semi"}, InputFormat="CSV",
                           InputFormatOptions=options, TableCreationParameters=table_params("semi-boto"))[
        "ImportTableDescription"]["ImportArn"]
    assert counts(finished(ddb, arn)) == (0, 2, 2)


def test_missing_bucket_leaves_no_table(tarn):
    # moto test_import_from_missing_s3_table; developer guide; ACK DDB-IMPORT-012: FAILED with
    # S3NoSuchBucket, counts 0, no table, yet TableArn (and TableId) in the description.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    missing = "inttest5f0c1e7a-4b8d-4c6e-9a0b-1d2e3f405162"
    started = start_import(ddb, missing, table_params("never"))
    assert started["ImportStatus"] == "IN_PROGRESS"
    done = finished(ddb, started["ImportArn"])
    assert done["ImportStatus"] == "FAILED"
    assert done["TableArn"].endswith(":table/never") and done["TableId"] == started["TableId"]
    assert done["FailureCode"] == "S3NoSuchBucket"
    assert "The specified bucket does not exist" in done["FailureMessage"]
    assert counts(done) == (0, 0, 0) and done["ProcessedSizeBytes"] == 0
    assert "never" not in ddb.list_tables()["TableNames"]
    assert error_of(ddb.describe_table, TableName="never")[0] == "ResourceNotFoundException"
    assert [b["Name"] for b in tarn.client("s3").list_buckets()["Buckets"]] == ["lake"]  # none was made
    # The name is free again.
    _, again = imported(ddb, "lake", table_params("never"))
    assert again["ImportStatus"] == "COMPLETED" and again["TableId"] != done["TableId"]


def test_empty_bucket_and_empty_prefix(tarn):
    # moto test_import_from_empty_s3_bucket; ACK DDB-IMPORT-012: COMPLETED, all counts 0, an empty ACTIVE
    # table with the KeySchema. TableCreationParameters are echoed verbatim (BillingMode not filled in).
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    params = table_params("empty", billing=None,
                          ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 4})
    _, done = imported(ddb, "lake", params)
    assert done["ImportStatus"] == "COMPLETED"
    assert counts(done) == (0, 0, 0) and done["ProcessedSizeBytes"] == 0
    assert done["TableCreationParameters"] == params
    table = ddb.describe_table(TableName="empty")["Table"]
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert table["TableStatus"] == "ACTIVE"
    assert (table["ProvisionedThroughput"]["ReadCapacityUnits"], table["ProvisionedThroughput"][
        "WriteCapacityUnits"]) == (5, 4)
    assert ddb.scan(TableName="empty")["Items"] == []

    s3.put_object(Bucket="lake", Key="data.json", Body=line("x").encode())
    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "nothing-here/"}, table_params("empty-prefix"))
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 0, 0)
    assert ddb.scan(TableName="empty-prefix")["Items"] == []


def test_synchronous_checks(tarn):
    # moto test_import_has_regular_validation (PROVISIONED without throughput, BillingMode omitted meaning
    # PROVISIONED); ACK DDB-IMPORT-009/019 (InputFormatOptions with DYNAMODB_JSON, a table name in use).
    # None of them makes a table or an import.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=line("x").encode())
    ddb.create_table(TableName="taken", BillingMode="PAY_PER_REQUEST", **{
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    throughput = ("ValidationException", "One or more parameter values were invalid: ReadCapacityUnits and "
                                         "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    for billing in (None, "PROVISIONED"):
        assert error_of(start_import, ddb, "lake", table_params("moto-validation", billing=billing)) == throughput
        assert error_of(ddb.import_table, S3BucketSource={"S3Bucket": "lake"}, InputFormat="DYNAMODB_JSON",
                        TableCreationParameters=table_params("moto-validation", billing=billing)) == throughput
    assert error_of(start_import, ddb, "lake", table_params("opts"),
                    InputFormatOptions={"Csv": {"Delimiter": ","}}) == (
        "ValidationException", "Invalid Request: Unsupported InputFormatOptions for the given input format: "
                               "DYNAMODB_JSON.")
    assert error_of(start_import, ddb, "lake", table_params("taken")) == (
        "ResourceInUseException", "Table already exists: taken")
    assert error_of(ddb.import_table, S3BucketSource={"S3Bucket": "lake"}, InputFormat="CSV",
                    TableCreationParameters=table_params("taken")) == (
        "ResourceInUseException", "Table already exists: taken")
    assert ddb.list_tables()["TableNames"] == ["taken"]
    assert listed(ddb) == []


def test_client_token(tarn):
    # ACK DDB-IMPORT-017: the same token with another TableName is an ImportConflictException; once
    # COMPLETED an identical replay is a ResourceInUseException (the table name is checked first); once
    # the table is deleted, the replay answers the old import and makes nothing.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=line("a").encode())
    request = {"S3BucketSource": {"S3Bucket": "lake"}, "InputFormat": "DYNAMODB_JSON",
               "TableCreationParameters": table_params("first"), "ClientToken": "import-2026-12-02"}
    started = wire(ddb, "ImportTable", **request)["ImportTableDescription"]
    assert started["ClientToken"] == "import-2026-12-02"
    done = finished(ddb, started["ImportArn"])
    assert done["ImportStatus"] == "COMPLETED"

    assert error_of(wire, ddb, "ImportTable", **dict(request, TableCreationParameters=table_params("second"))) == (
        "ImportConflictException", "Import conflict: Duplicate request detected with conflicting parameters")
    assert error_of(ddb.import_table, **dict(request, TableCreationParameters=table_params("second")))[0] == (
        "ImportConflictException")
    assert error_of(wire, ddb, "ImportTable", **request) == ("ResourceInUseException", "Table already exists: first")
    assert ddb.list_tables()["TableNames"] == ["first"]
    # Another token is another import.
    other = wire(ddb, "ImportTable", **dict(request, TableCreationParameters=table_params("second"),
                                            ClientToken="import-2026-12-03"))["ImportTableDescription"]
    assert other["ImportArn"] != started["ImportArn"]
    finished(ddb, other["ImportArn"])

    ddb.delete_table(TableName="first")
    ddb.get_waiter("table_not_exists").wait(TableName="first", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert wire(ddb, "ImportTable", **request)["ImportTableDescription"] == done
    assert ddb.list_tables()["TableNames"] == ["second"]
    assert listed(ddb) == [other["ImportArn"], started["ImportArn"]]


def test_describe_import_errors(tarn):
    # ACK DDB-IMPORT-010: a well-formed ARN of no import → ImportNotFoundException; a table ARN, an
    # export-shaped ARN or 40 x's → "Invalid Import ARN"; another account → AccessDeniedException.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    _, done = imported(ddb, "lake", table_params("music"))
    arn = done["ImportArn"]
    import_id = IMPORT_ARN.match(arn)["id"]

    def not_found(a):
        return "ImportNotFoundException", "Import not found: " + a

    invalid = ("ValidationException", "Invalid Import ARN")
    cases = [
        (f"{done['TableArn']}/import/01796224340099-0badf00d", not_found),
        (arn[:-8] + ("00000000" if not arn.endswith("00000000") else "00000001"), not_found),
        (arn.replace("table/music/", "table/other/"), not_found),  # a real id under another table
        (done["TableArn"] + "-padded-to-37", lambda a: invalid),
        ("x" * 40, lambda a: invalid),
        (f"{done['TableArn']}/export/{import_id}", lambda a: invalid),
        (arn.replace(ACCOUNT, "111111111111"), lambda a: ("AccessDeniedException", "Access is denied")),
    ]
    for bad, expected in cases:
        assert error_of(describe, ddb, bad) == expected(bad), bad
        assert error_of(ddb.describe_import, ImportArn=bad) == expected(bad), bad
    assert error_of(describe, ddb, arn.replace("us-east-1", "eu-west-1"))[0] == "ImportNotFoundException"
    assert describe(ddb, arn) == done


def test_list_imports_newest_first_and_pages(tarn):
    # ACK DDB-IMPORT-016/008: newest first, FAILED ones included, 10 to a page by default, PageSize pages
    # with a NextToken (hex, at least 112 digits: the model's pattern) the last page lacks; a summary has
    # exactly ImportArn, ImportStatus, TableArn, S3BucketSource, CloudWatchLogGroupArn, InputFormat,
    # StartTime, EndTime (the model's ImportSummary); a foreign token is a ValidationException; the TableArn
    # filter still finds the imports of a deleted table.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=line("a").encode())
    arns = []
    for i in range(11):
        source = "no-such-bucket-here" if i == 4 else "lake"
        started = start_import(ddb, source, table_params(f"t{i:02d}"))
        arns.append(started["ImportArn"])
        assert started["ImportArn"] in listed(ddb)  # listed at once, whatever its status
        time.sleep(0.002)  # each in its own millisecond, so the order is well defined
    final = {a: finished(ddb, a) for a in arns}
    assert [d["ImportStatus"] for d in final.values()].count("FAILED") == 1
    assert final[arns[4]]["ImportStatus"] == "FAILED"
    newest = arns[::-1]

    page = list_imports(ddb)
    assert [s["ImportArn"] for s in page["ImportSummaryList"]] == newest[:10]
    assert page["ImportSummaryList"] == [{k: v for k, v in final[a].items() if k in SUMMARY_MEMBERS}
                                         for a in newest[:10]]
    assert all(set(s) == SUMMARY_MEMBERS for s in page["ImportSummaryList"])
    token = page["NextToken"]
    assert re.fullmatch(r"(?:[0-9a-f]{16})+", token) and len(token) >= 112, token
    rest = list_imports(ddb, NextToken=token)
    assert [s["ImportArn"] for s in rest["ImportSummaryList"]] == newest[10:] and "NextToken" not in rest

    pages, more = [], {}
    while True:
        page = list_imports(ddb, PageSize=4, **more)
        pages.append([s["ImportArn"] for s in page["ImportSummaryList"]])
        if "NextToken" not in page:
            break
        more = {"NextToken": page["NextToken"]}
    assert pages == [newest[0:4], newest[4:8], newest[8:]]
    exact = list_imports(ddb, PageSize=11)
    assert len(exact["ImportSummaryList"]) == 11 and "NextToken" not in exact
    # Through botocore's model.
    assert [s["ImportArn"] for s in ddb.list_imports(PageSize=3)["ImportSummaryList"]] == newest[:3]

    # By table; the FAILED one's table never existed, and a deleted table's imports stay listed.
    assert listed(ddb, TableArn=final[arns[3]]["TableArn"]) == [arns[3]]
    assert listed(ddb, TableArn=final[arns[4]]["TableArn"]) == [arns[4]]
    assert listed(ddb, TableArn=final[arns[3]]["TableArn"] + "-none") == []
    ddb.delete_table(TableName="t03")
    ddb.get_waiter("table_not_exists").wait(TableName="t03", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert listed(ddb, TableArn=final[arns[3]]["TableArn"]) == [arns[3]]
    assert describe(ddb, arns[3]) == final[arns[3]]
    assert [s["ImportArn"] for s in ddb.list_imports(TableArn=final[arns[3]]["TableArn"])["ImportSummaryList"]] == [
        arns[3]]

    # A token of the model's form that tarn never gave (ListExports' token, say): DynamoDB's message.
    for bogus in ("0123456789abcdef" * 7, "fedcba9876543210" * 9):
        expected = ("ValidationException", "Invalid Request: Provided nextToken is invalid: " + bogus)
        assert error_of(list_imports, ddb, NextToken=bogus) == expected
        assert error_of(ddb.list_imports, NextToken=bogus) == expected
    # One not of that form (shorter than 112, not hex) fails the model's checks first.
    code, message = error_of(list_imports, ddb, NextToken="bogus")
    assert code == "ValidationException" and "bogus" in message


def test_export_then_import_round_trip(tarn):
    # ACK DDB-IMPORT-020: an export's data/ folder, imported with GZIP, gives the table's items back
    # (COMPLETED, 3/3); the same folder without GZIP is one error per data file.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    ddb.create_table(TableName="source", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    items = [
        {"id": {"S": "user1"}, "binaryfoo": {"B": b"bar"}},
        {"id": {"S": "user2"}, "n": {"N": "1.5"}, "t": {"BOOL": True}, "z": {"NULL": True},
         "l": {"L": [{"S": "s"}, {"N": "3"}]}, "m": {"M": {"k": {"S": "v"}}}, "ss": {"SS": ["a"]}},
        {"id": {"S": "user3"}, "foo": {"S": "caf\u00e9"}},
    ]
    for item in items:
        ddb.put_item(TableName="source", Item=item)
    arn = ddb.describe_table(TableName="source")["Table"]["TableArn"]
    ddb.update_continuous_backups(TableName="source",
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    export = wire(ddb, "ExportTableToPointInTime", TableArn=arn, S3Bucket="lake", S3Prefix="exp")[
        "ExportDescription"]
    deadline = time.time() + 30
    while export["ExportStatus"] == "IN_PROGRESS":
        assert time.time() < deadline, export
        time.sleep(0.05)
        export = wire(ddb, "DescribeExport", ExportArn=export["ExportArn"])["ExportDescription"]
    assert export["ExportStatus"] == "COMPLETED" and export["ItemCount"] == 3
    data = f"exp/AWSDynamoDB/{EXPORT_ARN.search(export['ExportArn'])['id']}/data/"
    data_files = [o for o in s3.list_objects_v2(Bucket="lake", Prefix=data)["Contents"]]

    key = table_params("copy", key="id")
    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": data}, key, InputCompressionType="GZIP")
    assert done["ImportStatus"] == "COMPLETED" and counts(done) == (0, 3, 3)
    assert done["ProcessedSizeBytes"] == sum(
        len(gzip.decompress(s3.get_object(Bucket="lake", Key=o["Key"])["Body"].read())) for o in data_files)
    assert scan(ddb, "copy", key="id") == scan(ddb, "source", key="id") == sorted(
        items, key=lambda i: json.dumps(i["id"]))

    _, plain = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": data}, table_params("plain-copy", key="id"))
    assert plain["ImportStatus"] == "FAILED"
    assert counts(plain) == (len(data_files), len(data_files), 0)
    assert scan(ddb, "plain-copy", key="id") == []


@pytest.mark.tarn_only
def test_imports_survive_kill_9(tarn):
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=(line("a", v="1") + line("b", v="2")).encode())
    _, done = imported(ddb, "lake", table_params("kept"), ClientToken="kept-token")
    failed = finished(ddb, start_import(ddb, "no-such-bucket-here", table_params("lost"))["ImportArn"])
    items = scan(ddb, "kept")
    assert len(items) == 2

    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    assert describe(ddb, done["ImportArn"]) == done
    assert describe(ddb, failed["ImportArn"]) == failed
    assert listed(ddb) == [failed["ImportArn"], done["ImportArn"]]
    assert ddb.describe_table(TableName="kept")["Table"]["TableStatus"] == "ACTIVE"
    assert scan(ddb, "kept") == items
    assert ddb.list_tables()["TableNames"] == ["kept"]
    # The token still names the import.
    assert error_of(wire, ddb, "ImportTable", S3BucketSource={"S3Bucket": "lake"}, InputFormat="DYNAMODB_JSON",
                    TableCreationParameters=table_params("elsewhere"), ClientToken="kept-token")[0] == (
        "ImportConflictException")


def test_the_awscli_imports_describes_and_lists(tarn):
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="cli/songs.csv", Body=b"Artist,SongTitle\nAcme Band,Happy Day\n")

    def aws(*args):
        out = tarn.aws("dynamodb", *args, "--region", "us-east-1", "--output", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    params = {"TableName": "MusicCollection", "BillingMode": "PAY_PER_REQUEST",
              "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}],
              "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}]}
    started = aws("import-table", "--s3-bucket-source", "S3Bucket=lake,S3KeyPrefix=cli/", "--input-format", "CSV",
                  "--table-creation-parameters", json.dumps(params))["ImportTableDescription"]
    assert started["ImportStatus"] == "IN_PROGRESS"
    assert IMPORT_ARN.match(started["ImportArn"])["table"] == "MusicCollection"
    assert started["S3BucketSource"] == {"S3Bucket": "lake", "S3KeyPrefix": "cli/", "S3BucketOwner": ACCOUNT}
    assert UUID.match(started["ClientToken"])  # the CLI fills the idempotency token in
    finished(ddb, started["ImportArn"])
    described = aws("describe-import", "--import-arn", started["ImportArn"])["ImportTableDescription"]
    assert described["ImportStatus"] == "COMPLETED" and described["ImportedItemCount"] == 1
    listed_ = aws("list-imports", "--table-arn", started["TableArn"])["ImportSummaryList"]
    assert [(s["ImportArn"], s["ImportStatus"]) for s in listed_] == [(started["ImportArn"], "COMPLETED")]
    got = aws("get-item", "--table-name", "MusicCollection", "--key", '{"Artist": {"S": "Acme Band"}}')
    assert got["Item"] == {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}

    missing = started["ImportArn"][:-8] + "0badf00d"
    failed = tarn.aws("dynamodb", "describe-import", "--import-arn", missing, "--region", "us-east-1")
    assert failed.returncode != 0 and "ImportNotFoundException" in failed.stderr


def test_iam_actions(tarn):
    """ImportTable needs dynamodb:ImportTable on the table it creates, DescribeImport dynamodb:DescribeImport
    on the import's ARN, ListImports dynamodb:ListImports (the service authorization reference)."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    s3.put_object(Bucket="lake", Key="data.json", Body=line("a").encode())
    table_arn = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/ledger"
    iam = tarn.client("iam")
    iam.create_user(UserName="importer")
    iam.put_user_policy(UserName="importer", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Resource": "*",
                       "Action": ["dynamodb:DescribeTable", "dynamodb:ListTables", "dynamodb:CreateTable", "s3:*"]}]}))
    key = iam.create_access_key(UserName="importer")["AccessKey"]
    importer = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])
    assert importer.list_tables()["TableNames"] == []
    code, message = error_of(importer.import_table, S3BucketSource={"S3Bucket": "lake"}, InputFormat="DYNAMODB_JSON",
                             TableCreationParameters=table_params("ledger"))
    assert code == "AccessDeniedException"
    assert "dynamodb:ImportTable" in message and table_arn in message
    assert error_of(importer.list_imports)[0] == "AccessDeniedException"
    assert listed(ddb) == [] and ddb.list_tables()["TableNames"] == []

    iam.put_user_policy(UserName="importer", PolicyName="import", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:ImportTable", "Resource": table_arn}]}))
    arn = importer.import_table(S3BucketSource={"S3Bucket": "lake"}, InputFormat="DYNAMODB_JSON",
                                TableCreationParameters=table_params("ledger"))["ImportTableDescription"]["ImportArn"]
    code, message = error_of(importer.describe_import, ImportArn=arn)
    assert code == "AccessDeniedException" and "dynamodb:DescribeImport" in message
    # Another table name is another resource.
    assert error_of(importer.import_table, S3BucketSource={"S3Bucket": "lake"}, InputFormat="DYNAMODB_JSON",
                    TableCreationParameters=table_params("other"))[0] == "AccessDeniedException"
    iam.put_user_policy(UserName="importer", PolicyName="watch", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:DescribeImport", "Resource": table_arn + "/import/*"},
                      {"Effect": "Allow", "Action": "dynamodb:ListImports", "Resource": "*"}]}))
    assert finished(importer, arn)["ImportStatus"] == "COMPLETED"
    assert listed(importer) == [arn]


def test_import_refusals_and_items_without_a_name(tarn):
    # ScyllaDB's test_import.py, run against AWS: ImportTable needs a ClientToken (the SDKs fill one in);
    # an import ARN whose table name is under 3 characters is malformed; an item with an attribute of an
    # empty name is an invalid item.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    status, out = call(tarn, "ImportTable", {"S3BucketSource": {"S3Bucket": "lake"}, "InputFormat": "DYNAMODB_JSON",
                                             "TableCreationParameters": table_params("tokenless")})
    assert (status, out["__type"].split("#")[-1], out["message"]) == (
        400, "ValidationException",
        "1 validation error detected: Value null at 'clientToken' failed to satisfy constraint: Member must not be null")
    status, out = call(tarn, "DescribeImport", {
        "ImportArn": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/x/import/01658528578619-c4d4e311"})
    assert (status, out["message"]) == (400, "Invalid Import ARN")
    s3.put_object(Bucket="lake", Key="named/data.json",
                  Body=(line("kept") + '{"Item": {"pk": {"S": "nameless"}, "": {"S": "v"}}}\n').encode())
    _, done = imported(ddb, {"S3Bucket": "lake", "S3KeyPrefix": "named/"}, table_params("named"))
    assert done["ImportStatus"] == "FAILED" and counts(done) == (1, 2, 1)
    assert [i["pk"]["S"] for i in scan(ddb, "named")] == ["kept"]
