"""DynamoDB exports to S3 through boto3 and the awscli: ExportTableToPointInTime, DescribeExport and
ListExports, written into tarn's own S3.

Expected answers are those recorded against AWS:
- the ACK DynamoDB controller's API probes of 2026-10-08/09 (cited "ACK DDB-EXPORT-<n>"): the error codes,
  messages and the order DynamoDB checks them in, the answer's members (IN_PROGRESS, then the terminal
  members), ClientToken idempotency, DescribeExport's ARN errors and ListExports' order, paging and
  TableArn filter;
- moto's tests/test_dynamodb/test_dynamodb_export_table.py, whose aws_verified tests are cited
  "moto <test>" (missing table, missing bucket, point-in-time recovery off), and its AWS-run tests of the
  data files and the empty table;
- a real export dump (gurre/ddb-pitr s3exportdata/) and the developer guide (S3DataExport.Output) for the
  S3 layout: _started, data/<26 chars>.json.gz, manifest-files.json and manifest-summary.json with their
  .md5 files, their key order and nulls.
Departure, on purpose: an export takes milliseconds instead of minutes, and writes one data file per 8 MB
of items instead of one per partition (empty partitions' empty files included).

A full export is the table at ExportTime, which must be in the point-in-time window: right after
recovery is enabled that window is one instant, the enable time, so an export at it gives the items as
they were then. botocore sends timestamps in whole seconds, and old botocore (Debian's 1.29) lacks
ExportType, IncrementalExportSpecification and ExportSummary.ExportType; so the export calls go through
`wire`, which sends exactly the JSON given and returns the answer's JSON as DynamoDB sent it."""
import base64
import datetime
import gzip
import hashlib
import json
import re
import signal
import time

import botocore.exceptions
import pytest

from exact_json import wire

ACCOUNT = "000000000000"
UTC = datetime.timezone.utc
HASH_ID = {"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
           "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}
ON = {"PointInTimeRecoveryEnabled": True}
OFF = {"PointInTimeRecoveryEnabled": False}
# arn:...:table/<table>/export/<StartTime in epoch ms, 14 digits>-<8 hex> (ACK DDB-EXPORT-017, real S3 dump).
EXPORT_ARN = re.compile(r"^arn:aws:dynamodb:us-east-1:000000000000:table/(?P<table>[A-Za-z0-9_.-]+)"
                        r"/export/(?P<id>(?P<ms>\d{14})-[0-9a-f]{8})$")
DATA_KEY = re.compile(r"^data/[a-z2-7]{26}\.json\.gz$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# What an export answers with while IN_PROGRESS when given only TableArn and S3Bucket (ACK DDB-EXPORT-016).
STARTED_MEMBERS = {"ExportArn", "ExportStatus", "StartTime", "TableArn", "TableId", "ExportTime", "ClientToken",
                   "S3Bucket", "S3SseAlgorithm", "ExportFormat"}
# Added once COMPLETED (ACK DDB-EXPORT-017).
COMPLETED_MEMBERS = {"EndTime", "ExportManifest", "ItemCount", "BilledSizeBytes"}


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 400, r
    return r["Error"]["Code"], r["Error"]["Message"]


def create_table(ddb, name, **extra):
    extra.setdefault("KeySchema", HASH_ID["KeySchema"])
    extra.setdefault("AttributeDefinitions", HASH_ID["AttributeDefinitions"])
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **extra)
    return ddb.describe_table(TableName=name)["Table"]


def put(ddb, table, *items):
    for item in items:
        ddb.put_item(TableName=table, Item={k: {"S": v} for k, v in item.items()})


def item_size(item):
    """DynamoDB's size of an item of string attributes: names plus values, in UTF-8 bytes."""
    return sum(len(k.encode()) + len(v.encode()) for k, v in item.items())


def ms(when):
    """Epoch milliseconds of a wire timestamp (epoch seconds) or of one botocore parsed."""
    if isinstance(when, datetime.datetime):
        when = when.timestamp()
    return round(when * 1000)


def iso(epoch_ms):
    """The manifests' form of a time: ISO 8601 to the millisecond, UTC, with Z."""
    t = datetime.datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def b64md5(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def enable(ddb, table):
    """Switches point-in-time recovery on; returns the window (earliest, latest) in epoch ms. Waits 2 ms
    after, so the caller's next write is in a later millisecond than the enable time."""
    ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=ON)
    time.sleep(0.002)
    return window(ddb, table)


def window(ddb, table):
    pitr = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    return ms(pitr["EarliestRestorableDateTime"]), ms(pitr["LatestRestorableDateTime"])




def export(ddb, table_arn, bucket, **extra):
    """ExportTableToPointInTime; the ExportDescription as sent."""
    return wire(ddb, "ExportTableToPointInTime", TableArn=table_arn, S3Bucket=bucket, **extra)["ExportDescription"]


def describe(ddb, arn):
    return wire(ddb, "DescribeExport", ExportArn=arn)["ExportDescription"]


def finished(ddb, arn, timeout=30):
    """DescribeExport every 0.05 s while IN_PROGRESS (moto's loop, faster); the final description."""
    deadline = time.time() + timeout
    while True:
        d = describe(ddb, arn)
        if d["ExportStatus"] != "IN_PROGRESS":
            return d
        assert time.time() < deadline, d
        time.sleep(0.05)


def exported(ddb, table_arn, bucket, **extra):
    """An export, waited for: (the call's answer, the final description)."""
    started = export(ddb, table_arn, bucket, **extra)
    return started, finished(ddb, started["ExportArn"])


def list_exports(ddb, **body):
    return wire(ddb, "ListExports", **body)


def listed(ddb, **body):
    return [s["ExportArn"] for s in list_exports(ddb, **body)["ExportSummaries"]]


def objects(s3, bucket, prefix=""):
    """Every object under `prefix`: key -> bytes."""
    got = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for o in page.get("Contents", []):
            got[o["Key"]] = s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
    return got


def folder_of(description):
    """<prefix>/AWSDynamoDB/<id>/, from the ExportManifest."""
    return description["ExportManifest"][:-len("manifest-summary.json")]


def manifest_files(s3, description):
    raw = s3.get_object(Bucket=description["S3Bucket"], Key=folder_of(description) + "manifest-files.json")[
        "Body"].read()
    assert raw.endswith(b"\n")
    return [json.loads(line) for line in raw.decode().split("\n")[:-1]]


def exported_items(s3, description):
    """Every item of every data file manifest-files.json lists, as DynamoDB JSON, in file order."""
    items = []
    for entry in manifest_files(s3, description):
        text = gzip.decompress(s3.get_object(Bucket=description["S3Bucket"], Key=entry["dataFileS3Key"])[
            "Body"].read()).decode()
        lines = text.split("\n")
        assert lines[-1] == ""  # one line per item, each ending in \n (an empty file is b"")
        items += [json.loads(line)["Item"] for line in lines[:-1]]
        assert len(lines) - 1 == entry["itemCount"]
    return items


def strings(items):
    """(id, v) of items of string attributes, sorted."""
    return sorted((i["id"]["S"], i.get("v", {}).get("S")) for i in items)


def contents(ddb, table):
    return strings(ddb.scan(TableName=table, ConsistentRead=True)["Items"])


def bucket(tarn, name="lake"):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket=name)
    return s3


def test_export_answers_in_progress_then_completes(tarn):
    # ACK DDB-EXPORT-016/017: the answer and IN_PROGRESS have the same members, COMPLETED adds EndTime,
    # ExportManifest, ItemCount and BilledSizeBytes; ExportTime == StartTime when not given; AES256 and
    # DYNAMODB_JSON by default; no S3Prefix, S3BucketOwner or ExportType when not given.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "music")
    items = [{"id": "song-1", "artist": "Acme Band"}, {"id": "song-2", "title": "Happy Day"}]
    put(ddb, "music", *items)
    enable(ddb, "music")

    started = export(ddb, table["TableArn"], "lake")
    assert set(started) == STARTED_MEMBERS
    assert started["ExportStatus"] == "IN_PROGRESS"
    match = EXPORT_ARN.match(started["ExportArn"])
    assert match and match["table"] == "music", started["ExportArn"]
    assert int(match["ms"]) == ms(started["StartTime"])
    assert ms(started["ExportTime"]) == ms(started["StartTime"])
    assert abs(started["StartTime"] - time.time()) < 5
    assert (started["TableArn"], started["TableId"]) == (table["TableArn"], table["TableId"])
    assert UUID.match(started["ClientToken"])  # none was sent: DynamoDB makes one
    assert (started["S3Bucket"], started["S3SseAlgorithm"], started["ExportFormat"]) == (
        "lake", "AES256", "DYNAMODB_JSON")

    done = finished(ddb, started["ExportArn"])
    assert set(done) == STARTED_MEMBERS | COMPLETED_MEMBERS
    assert done["ExportStatus"] == "COMPLETED"
    assert {k: v for k, v in done.items() if k not in COMPLETED_MEMBERS} == dict(started, ExportStatus="COMPLETED")
    assert done["EndTime"] >= done["StartTime"]
    assert done["ExportManifest"] == f"AWSDynamoDB/{match['id']}/manifest-summary.json"
    assert done["ItemCount"] == 2
    assert done["BilledSizeBytes"] == sum(item_size(i) for i in items)
    # Terminal: the record no longer changes.
    assert describe(ddb, started["ExportArn"]) == done
    # Through botocore's own model, too.
    parsed = ddb.describe_export(ExportArn=started["ExportArn"])["ExportDescription"]
    assert (parsed["ExportStatus"], parsed["ItemCount"], ms(parsed["StartTime"])) == (
        "COMPLETED", 2, ms(done["StartTime"]))


def test_s3_layout_and_manifests(tarn):
    # Real S3 dump and developer guide S3DataExport.Output: the six objects under
    # <prefix>/AWSDynamoDB/<id>/, manifest-files.json as JSON lines in key order itemCount, md5Checksum,
    # etag, dataFileS3Key; manifest-summary.json as one compact object, no newline, nulls written; .md5
    # files the base64 MD5 of their file.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "music")
    items = [{"id": f"song-{i}", "v": "x" * i} for i in range(5)]
    put(ddb, "music", *items)
    enable(ddb, "music")

    started, done = exported(ddb, table["TableArn"], "lake", S3Prefix="exports/daily", S3BucketOwner=ACCOUNT)
    assert started["S3Prefix"] == "exports/daily" and started["S3BucketOwner"] == ACCOUNT
    assert set(started) == STARTED_MEMBERS | {"S3Prefix", "S3BucketOwner"}
    export_id = EXPORT_ARN.match(done["ExportArn"])["id"]
    folder = f"exports/daily/AWSDynamoDB/{export_id}/"
    assert done["ExportManifest"] == folder + "manifest-summary.json"

    stored = objects(s3, "lake")
    assert all(k.startswith(folder) for k in stored), sorted(stored)
    names = sorted(k[len(folder):] for k in stored)
    data = [n for n in names if n.startswith("data/")]
    assert len(data) == 1 and DATA_KEY.match(data[0]), names
    assert [n for n in names if not n.startswith("data/")] == [
        "_started", "manifest-files.json", "manifest-files.md5", "manifest-summary.json", "manifest-summary.md5"]
    assert stored[folder + "_started"] == b""

    gz = stored[folder + data[0]]
    etag = s3.head_object(Bucket="lake", Key=folder + data[0])["ETag"].strip('"')
    files = stored[folder + "manifest-files.json"]
    assert files == (json.dumps({"itemCount": 5, "md5Checksum": b64md5(gz), "etag": etag,
                                 "dataFileS3Key": folder + data[0]}, separators=(",", ":")) + "\n").encode()
    assert stored[folder + "manifest-files.md5"] == b64md5(files).encode()
    assert strings(json.loads(line)["Item"] for line in gzip.decompress(gz).decode().splitlines()) == strings(
        [{k: {"S": v} for k, v in i.items()} for i in items])

    summary = stored[folder + "manifest-summary.json"]
    expected = {"version": "2020-06-30", "exportArn": done["ExportArn"], "startTime": iso(ms(done["StartTime"])),
                "endTime": iso(ms(done["EndTime"])), "tableArn": table["TableArn"], "tableId": table["TableId"],
                "exportTime": iso(ms(done["ExportTime"])), "s3Bucket": "lake", "s3Prefix": "exports/daily",
                "s3SseAlgorithm": "AES256", "s3SseKmsKeyId": None, "manifestFilesS3Key": folder + "manifest-files.json",
                "billedSizeBytes": sum(item_size(i) for i in items), "itemCount": 5, "outputFormat": "DYNAMODB_JSON"}
    assert summary == json.dumps(expected, separators=(",", ":")).encode()  # order, nulls, no newline
    assert stored[folder + "manifest-summary.md5"] == b64md5(summary).encode()

    # No prefix: the keys start at AWSDynamoDB/, and s3Prefix is null (real S3 dump, ACK DDB-EXPORT-017).
    # A prefix ending in "/" gets no second one (ACK DDB-EXPORT-018).
    for prefix, base in ((None, ""), ("lake/", "lake/")):
        _, done = exported(ddb, table["TableArn"], "lake", **({"S3Prefix": prefix} if prefix else {}))
        export_id = EXPORT_ARN.match(done["ExportArn"])["id"]
        folder = f"{base}AWSDynamoDB/{export_id}/"
        assert done["ExportManifest"] == folder + "manifest-summary.json"
        assert ("S3Prefix" in done) == (prefix is not None)
        keys = sorted(k[len(folder):] for k in objects(s3, "lake", folder))
        assert len(keys) == 6 and keys[0] == "_started" and DATA_KEY.match(keys[1]), keys
        summary = json.loads(s3.get_object(Bucket="lake", Key=folder + "manifest-summary.json")["Body"].read())
        assert summary["s3Prefix"] == prefix
        assert summary["manifestFilesS3Key"] == folder + "manifest-files.json"
        assert [e["dataFileS3Key"] for e in manifest_files(s3, done)] == [folder + keys[1]]
    assert len(objects(s3, "lake")) == 18


def test_data_lines_are_dynamodb_json(tarn):
    # moto test_export_table (run against AWS): one {"Item": ...} line per item, binary values in base64;
    # numbers as DynamoDB keeps them ("1.50" is 1.5). BilledSizeBytes is the items' size, as a backup's.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "typed")
    ddb.put_item(TableName="typed", Item={"id": {"S": "user1"}, "binaryfoo": {"B": b"bar"}})
    ddb.put_item(TableName="typed", Item={
        "id": {"S": "all"}, "n": {"N": "1.50"}, "neg": {"N": "-0012300"}, "b": {"B": b"\x00\xff"},
        "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1.0", "2"]}, "bs": {"BS": [b"x"]}, "t": {"BOOL": True},
        "z": {"NULL": True}, "l": {"L": [{"S": "s"}, {"N": "3.00"}]},
        "m": {"M": {"k": {"S": "v"}, "deep": {"M": {"e": {"N": "0.10"}}}}}, "u": {"S": "caf\u00e9"}})
    enable(ddb, "typed")
    _, done = exported(ddb, table["TableArn"], "lake", S3Prefix="prefix")
    assert done["ExportStatus"] == "COMPLETED" and done["ItemCount"] == 2
    assert done["BilledSizeBytes"] == ddb.create_backup(TableName="typed", BackupName="size")["BackupDetails"][
        "BackupSizeBytes"]

    [entry] = manifest_files(s3, done)
    text = gzip.decompress(s3.get_object(Bucket="lake", Key=entry["dataFileS3Key"])["Body"].read()).decode()
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 3
    got = {}
    for line in lines[:-1]:
        record = json.loads(line)
        assert list(record) == ["Item"]
        assert line == json.dumps(record, separators=(",", ":"), ensure_ascii=False)  # compact
        got[record["Item"]["id"]["S"]] = record["Item"]
    assert got["user1"] == {"id": {"S": "user1"}, "binaryfoo": {"B": "YmFy"}}
    item = got["all"]
    assert item["n"] == {"N": "1.5"} and item["neg"] == {"N": "-12300"}
    assert item["b"] == {"B": "AP8="} and item["bs"] == {"BS": ["eA=="]}
    assert sorted(item["ss"]["SS"]) == ["a", "b"] and sorted(item["ns"]["NS"]) == ["1", "2"]
    assert item["t"] == {"BOOL": True} and item["z"] == {"NULL": True}
    assert item["l"] == {"L": [{"S": "s"}, {"N": "3"}]}
    assert item["m"] == {"M": {"k": {"S": "v"}, "deep": {"M": {"e": {"N": "0.1"}}}}}
    assert item["u"] == {"S": "caf\u00e9"}
    # The same as the table's own answer on the wire.
    scanned = wire(ddb, "GetItem", TableName="typed", Key={"id": {"S": "all"}})["Item"]
    for name in ("ss", "ns", "bs"):
        for i in (item, scanned):
            i[name] = {k: sorted(v) for k, v in i[name].items()}
    assert item == scanned


def test_empty_table(tarn):
    # moto test_export_empty_table (run against AWS); ACK DDB-EXPORT-017: COMPLETED, ItemCount 0,
    # BilledSizeBytes 0, and every data file gunzips to b"".
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "empty")
    enable(ddb, "empty")
    _, done = exported(ddb, table["TableArn"], "lake")
    assert (done["ExportStatus"], done["ItemCount"], done["BilledSizeBytes"], done["ExportFormat"]) == (
        "COMPLETED", 0, 0, "DYNAMODB_JSON")
    data = {k: v for k, v in objects(s3, "lake").items() if "/data/" in k}
    assert data and all(gzip.decompress(v) == b"" for v in data.values())
    assert [e["itemCount"] for e in manifest_files(s3, done)] == [0] * len(data)
    summary = json.loads(s3.get_object(Bucket="lake", Key=done["ExportManifest"])["Body"].read())
    assert (summary["itemCount"], summary["billedSizeBytes"]) == (0, 0)


def test_export_is_the_table_at_export_time(tarn):
    # "Time in the past from which to export table data" (model doc). Right after enabling, the only time
    # in the window is the enable time: an export at it has the items as they were then, whatever was
    # updated, deleted or put after; an export without ExportTime has them as they are.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "ledger")
    put(ddb, "ledger", {"id": "a", "v": "old"}, {"id": "b", "v": "old"}, {"id": "c", "v": "old"})
    earliest, latest = enable(ddb, "ledger")
    assert earliest == latest
    ddb.update_item(TableName="ledger", Key={"id": {"S": "a"}}, UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"S": "new"}})
    ddb.delete_item(TableName="ledger", Key={"id": {"S": "b"}})
    put(ddb, "ledger", {"id": "d", "v": "new"})
    now = contents(ddb, "ledger")
    assert now == [("a", "new"), ("c", "old"), ("d", "new")]

    then_started, then = exported(ddb, table["TableArn"], "lake", S3Prefix="then", ExportTime=earliest / 1000)
    assert ms(then_started["ExportTime"]) == earliest and ms(then["ExportTime"]) == earliest
    assert ms(then["StartTime"]) > earliest
    assert then["ExportStatus"] == "COMPLETED" and then["ItemCount"] == 3
    assert strings(exported_items(s3, then)) == [("a", "old"), ("b", "old"), ("c", "old")]
    summary = json.loads(s3.get_object(Bucket="lake", Key=then["ExportManifest"])["Body"].read())
    assert summary["exportTime"] == iso(earliest) and summary["startTime"] == iso(ms(then["StartTime"]))
    assert summary["billedSizeBytes"] == then["BilledSizeBytes"] == 3 * item_size({"id": "a", "v": "old"})

    _, current = exported(ddb, table["TableArn"], "lake", S3Prefix="now")
    assert current["ItemCount"] == 3
    assert strings(exported_items(s3, current)) == now
    # Changes after the export started are not in it either.
    put(ddb, "ledger", {"id": "e", "v": "later"})
    assert strings(exported_items(s3, current)) == now
    assert contents(ddb, "ledger") == now + [("e", "later")]


def test_table_arn_errors(tarn):
    # ACK DDB-EXPORT-001/002; moto test_export_from_missing_table (aws_verified): the message quotes the
    # ARN as given, and the ARN's Region is not checked (the name is looked up in the endpoint's Region).
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "music")
    enable(ddb, "music")
    arn = table["TableArn"]
    missing = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/3f1b0a52-2c7e-4a7c-9d43-6d3f0c0a9b1e"
    cases = [
        ("music", ("ValidationException", "One or more parameter values were invalid: tableArn is not a valid ARN")),
        (arn + "/index/by-genre", ("ValidationException", "Invalid Request: Table ARN is invalid.")),
        (arn.replace(ACCOUNT, "111111111111"), ("AccessDeniedException", "Access is denied")),
        (missing, ("TableNotFoundException", "Table not found: " + missing)),
        (arn + "-gone", ("TableNotFoundException", f"Table not found: {arn}-gone")),
    ]
    for bad, expected in cases:
        assert error_of(export, ddb, bad, "lake") == expected, bad
        # Through botocore as well.
        assert error_of(ddb.export_table_to_point_in_time, TableArn=bad, S3Bucket="lake") == expected, bad
    assert listed(ddb) == []


def test_point_in_time_recovery_must_be_on(tarn):
    # moto test_export_point_in_time_recovery_not_enabled (aws_verified); ACK DDB-EXPORT-001: checked
    # before the bucket, so a missing bucket gives the same error.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "without-pitr")
    put(ddb, "without-pitr", {"id": "a"})
    unavailable = ("PointInTimeRecoveryUnavailableException",
                   "Point in time recovery is not enabled for table 'without-pitr'")
    assert error_of(export, ddb, table["TableArn"], "lake") == unavailable
    assert error_of(export, ddb, table["TableArn"], "no-such-bucket-anywhere") == unavailable
    assert error_of(ddb.export_table_to_point_in_time, TableArn=table["TableArn"], S3Bucket="lake") == unavailable

    enable(ddb, "without-pitr")
    ddb.update_continuous_backups(TableName="without-pitr", PointInTimeRecoverySpecification=OFF)
    assert error_of(export, ddb, table["TableArn"], "lake") == unavailable
    assert listed(ddb) == [] and objects(s3, "lake") == {}


def test_export_type_and_kms_couplings(tarn):
    # ACK DDB-EXPORT-003 (ExportType and IncrementalExportSpecification) and DDB-EXPORT-005 (a KMS key
    # needs S3SseAlgorithm KMS); KMS without a key is accepted, and a key is echoed verbatim (DDB-EXPORT-012).
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "music")
    enable(ddb, "music")
    arn = table["TableArn"]
    now = time.time()
    spec = {"ExportFromTime": now - 3600, "ExportToTime": now - 600, "ExportViewType": "NEW_IMAGE"}
    cases = [
        # ScyllaDB test_export_setting_fields_to_weird_values_or_skipping_fail (run against AWS).
        ({"S3Prefix": ""}, "1 validation error detected: Value '' at 's3Prefix' failed to satisfy constraint: "
                           "Member must have length greater than or equal to 1"),
        ({"IncrementalExportSpecification": spec},
         "Invalid Request: Export Type expected to be Incremental Export when incremental export specification "
         "is provided"),
        ({"ExportType": "FULL_EXPORT", "IncrementalExportSpecification": spec},
         "Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be "
         "provided"),
        ({"ExportType": "INCREMENTAL_EXPORT"},
         "Invalid Request: Incremental Export Specification expected when export type is set as Incremental "
         "Export"),
        ({"S3SseKmsKeyId": "alias/aws/s3"}, "Invalid Request: KMS Key Id is not supported for this encryption type"),
        ({"S3SseAlgorithm": "AES256", "S3SseKmsKeyId": "alias/aws/s3"},
         "Invalid Request: KMS Key Id is not supported for this encryption type"),
    ]
    for extra, message in cases:
        assert error_of(export, ddb, arn, "lake", **extra) == ("ValidationException", message), extra
    assert error_of(ddb.export_table_to_point_in_time, TableArn=arn, S3Bucket="lake",
                    S3SseKmsKeyId="alias/aws/s3") == ("ValidationException", cases[-1][1])
    assert listed(ddb) == [] and objects(s3, "lake") == {}

    # Accepted: FULL_EXPORT named, KMS with no key, KMS with a key.
    full_started, full = exported(ddb, arn, "lake", ExportType="FULL_EXPORT")
    assert full_started["ExportType"] == full["ExportType"] == "FULL_EXPORT"
    _, kms = exported(ddb, arn, "lake", S3SseAlgorithm="KMS")
    assert kms["S3SseAlgorithm"] == "KMS" and "S3SseKmsKeyId" not in kms
    _, keyed = exported(ddb, arn, "lake", S3SseAlgorithm="KMS", S3SseKmsKeyId="alias/aws/s3")
    assert (keyed["S3SseAlgorithm"], keyed["S3SseKmsKeyId"]) == ("KMS", "alias/aws/s3")
    summary = json.loads(s3.get_object(Bucket="lake", Key=keyed["ExportManifest"])["Body"].read())
    assert (summary["s3SseAlgorithm"], summary["s3SseKmsKeyId"]) == ("KMS", "alias/aws/s3")
    assert [d["ExportStatus"] for d in (full, kms, keyed)] == ["COMPLETED"] * 3


def test_export_time_must_be_in_the_window(tarn):
    # ACK DDB-EXPORT-001: in the future or before the earliest restorable time → "Export Time is invalid";
    # after the latest restorable time but not in the future → "Point in Time Recovery is not available
    # for specified export time"; the window's edge is a valid time.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "orders")
    put(ddb, "orders", {"id": "before", "v": "old"})
    earliest, latest = enable(ddb, "orders")
    assert earliest == latest
    put(ddb, "orders", {"id": "after", "v": "new"})
    time.sleep(0.05)
    arn = table["TableArn"]

    invalid = ("InvalidExportTimeException", "Export Time is invalid")
    unavailable = ("InvalidExportTimeException", "Point in Time Recovery is not available for specified export time")
    now = round(time.time() * 1000)
    for when in (earliest - 1, earliest - 3600_000, now + 5000, now + 3600_000,
                 ms(datetime.datetime(2020, 1, 1, tzinfo=UTC))):
        assert error_of(export, ddb, arn, "lake", ExportTime=when / 1000) == invalid, when
    for when in (latest + 1, now - 20):
        assert error_of(export, ddb, arn, "lake", ExportTime=when / 1000) == unavailable, when
    # Through botocore, as datetimes (whole seconds).
    future = (datetime.datetime.now(UTC) + datetime.timedelta(hours=1)).replace(microsecond=0)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    for when in (future, long_ago):
        assert error_of(ddb.export_table_to_point_in_time, TableArn=arn, S3Bucket="lake", ExportTime=when) == invalid
    assert listed(ddb) == [] and objects(s3, "lake") == {}

    started, done = exported(ddb, arn, "lake", ExportTime=earliest / 1000)
    assert ms(done["ExportTime"]) == earliest
    assert strings(exported_items(s3, done)) == [("before", "old")]
    assert listed(ddb) == [started["ExportArn"]]


def test_missing_bucket_fails_asynchronously(tarn):
    # moto test_export_to_missing_s3_bucket (aws_verified); ACK DDB-EXPORT-005/010: the call answers
    # IN_PROGRESS, the export ends FAILED with S3NoSuchBucket and without ItemCount or ExportManifest.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "music")
    put(ddb, "music", {"id": "a"})
    enable(ddb, "music")
    missing = "inttest5f0c1e7a-4b8d-4c6e-9a0b-1d2e3f405162"
    started = export(ddb, table["TableArn"], missing)
    assert started["ExportStatus"] == "IN_PROGRESS" and started["S3Bucket"] == missing
    done = finished(ddb, started["ExportArn"])
    assert done["ExportStatus"] == "FAILED"
    assert done["FailureCode"] == "S3NoSuchBucket"
    assert "The specified bucket does not exist" in done["FailureMessage"]
    for member in ("ItemCount", "ExportManifest", "BilledSizeBytes"):
        assert member not in done, member
    assert done["EndTime"] >= done["StartTime"]
    assert describe(ddb, started["ExportArn"]) == done
    assert [b["Name"] for b in tarn.client("s3").list_buckets()["Buckets"]] == ["lake"]  # none was made


def test_client_token_idempotency(tarn):
    # ACK DDB-EXPORT-009/010: the same token and request is the same export, while IN_PROGRESS and once
    # COMPLETED; the same token with another parameter is an ExportConflictException; another token is a
    # new export.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "music")
    put(ddb, "music", {"id": "a"})
    enable(ddb, "music")
    arn = table["TableArn"]
    first = export(ddb, arn, "lake", S3Prefix="nightly", ClientToken="nightly-2026-12-02")
    assert first["ClientToken"] == "nightly-2026-12-02"
    again = export(ddb, arn, "lake", S3Prefix="nightly", ClientToken="nightly-2026-12-02")
    assert again["ExportArn"] == first["ExportArn"]
    done = finished(ddb, first["ExportArn"])
    assert done["ExportStatus"] == "COMPLETED"
    assert export(ddb, arn, "lake", S3Prefix="nightly", ClientToken="nightly-2026-12-02") == done
    # Through botocore too.
    assert ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake", S3Prefix="nightly",
                                             ClientToken="nightly-2026-12-02")["ExportDescription"][
        "ExportArn"] == first["ExportArn"]

    conflict = ("ExportConflictException", "Export conflict: Duplicate request detected with conflicting parameters")
    for changed in ({"S3Prefix": "other"}, {"S3Prefix": "nightly", "S3SseAlgorithm": "KMS"}, {}):
        assert error_of(export, ddb, arn, "lake", ClientToken="nightly-2026-12-02", **changed) == conflict, changed
    s3.create_bucket(Bucket="other-lake")
    assert error_of(export, ddb, arn, "other-lake", S3Prefix="nightly", ClientToken="nightly-2026-12-02") == conflict
    assert listed(ddb) == [first["ExportArn"]]

    second = export(ddb, arn, "lake", S3Prefix="nightly", ClientToken="nightly-2026-12-03")
    assert second["ExportArn"] != first["ExportArn"]
    assert finished(ddb, second["ExportArn"])["ExportStatus"] == "COMPLETED"
    assert listed(ddb) == [second["ExportArn"], first["ExportArn"]]
    # Without a token, boto3 makes a new one for each call (idempotencyToken in the model).
    a = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake")["ExportDescription"]
    b = ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake")["ExportDescription"]
    assert a["ExportArn"] != b["ExportArn"] and a["ClientToken"] != b["ClientToken"]
    assert UUID.match(a["ClientToken"])
    for e in (a, b):
        finished(ddb, e["ExportArn"])


def test_describe_export_errors(tarn):
    # ACK DDB-EXPORT-006: a well-formed ARN of no export → ExportNotFoundException with the prefix twice;
    # a table ARN, an import's ARN or 40 x's → "Invalid Export ARN"; another account → AccessDenied.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "music")
    enable(ddb, "music")
    _, done = exported(ddb, table["TableArn"], "lake")
    arn = done["ExportArn"]
    export_id = EXPORT_ARN.match(arn)["id"]

    def not_found(a):
        return ("ExportNotFoundException", "Export not found: Export not found: " + a)

    padded = table["TableArn"] + "-padded-to-37"
    cases = [
        (f"{table['TableArn']}/export/01796224340099-0badf00d", not_found),
        (arn[:-8] + ("00000000" if not arn.endswith("00000000") else "00000001"), not_found),
        (arn.replace("table/music/", "table/other/"), not_found),  # a real id under another table
        (padded, lambda a: ("ValidationException", "Invalid Export ARN")),
        ("x" * 40, lambda a: ("ValidationException", "Invalid Export ARN")),
        (f"{table['TableArn']}/import/{export_id}", lambda a: ("ValidationException", "Invalid Export ARN")),
        (arn.replace(ACCOUNT, "111111111111"), lambda a: ("AccessDeniedException", "Access is denied")),
    ]
    for bad, expected in cases:
        assert error_of(describe, ddb, bad) == expected(bad), bad
        assert error_of(ddb.describe_export, ExportArn=bad) == expected(bad), bad
    # Another Region's ARN names no export here (AWS words this one "Export not found: Invalid export arn").
    assert error_of(describe, ddb, arn.replace("us-east-1", "eu-west-1"))[0] == "ExportNotFoundException"
    assert describe(ddb, arn) == done


def test_list_exports_newest_first_and_pages(tarn):
    # ACK DDB-EXPORT-016/017, DDB-IMPORT-016: newest first, FAILED ones included, 10 to a page by default,
    # MaxResults pages with a NextToken that the last page lacks; the summary is exactly ExportArn,
    # ExportStatus and ExportType (moto test_list_exports); a foreign token is a ValidationException.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    tables = [create_table(ddb, name)["TableArn"] for name in ("first", "second")]
    for name in ("first", "second"):
        enable(ddb, name)
    arns = []
    for i in range(11):
        to = "no-such-bucket-here" if i == 4 else "lake"
        started = export(ddb, tables[i % 2], to)
        arns.append(started["ExportArn"])
        assert started["ExportArn"] in listed(ddb)  # listed at once, whatever its status
        time.sleep(0.002)  # each in its own millisecond, so the order is well defined
    statuses = {a: finished(ddb, a)["ExportStatus"] for a in arns}
    assert list(statuses.values()).count("FAILED") == 1 and statuses[arns[4]] == "FAILED"
    newest = arns[::-1]

    page = list_exports(ddb)
    assert [s["ExportArn"] for s in page["ExportSummaries"]] == newest[:10]
    assert page["ExportSummaries"] == [{"ExportArn": a, "ExportStatus": statuses[a], "ExportType": "FULL_EXPORT"}
                                       for a in newest[:10]]
    rest = list_exports(ddb, NextToken=page["NextToken"])
    assert [s["ExportArn"] for s in rest["ExportSummaries"]] == newest[10:] and "NextToken" not in rest

    pages, token = [], {}
    while True:
        page = list_exports(ddb, MaxResults=4, **token)
        pages.append([s["ExportArn"] for s in page["ExportSummaries"]])
        if "NextToken" not in page:
            break
        token = {"NextToken": page["NextToken"]}
    assert pages == [newest[0:4], newest[4:8], newest[8:]]
    exact = list_exports(ddb, MaxResults=11)
    assert len(exact["ExportSummaries"]) == 11 and "NextToken" not in exact
    # Through botocore's model.
    assert [s["ExportArn"] for s in ddb.list_exports(MaxResults=3)["ExportSummaries"]] == newest[:3]

    # By table, paged too.
    first = [a for a in newest if "table/first/" in a]
    assert listed(ddb, TableArn=tables[0]) == first
    page = list_exports(ddb, TableArn=tables[0], MaxResults=4)
    assert [s["ExportArn"] for s in page["ExportSummaries"]] == first[:4]
    assert listed(ddb, TableArn=tables[0], MaxResults=4, NextToken=page["NextToken"]) == first[4:]
    assert listed(ddb, TableArn=tables[1]) == [a for a in newest if "table/second/" in a]
    assert listed(ddb, TableArn=tables[0] + "-none") == []

    for bogus in ("bogus", "0123456789abcdef" * 7):
        assert error_of(list_exports, ddb, NextToken=bogus) == (
            "ValidationException", "Invalid Request: Provided nextToken is invalid: " + bogus)
        assert error_of(ddb.list_exports, NextToken=bogus) == (
            "ValidationException", "Invalid Request: Provided nextToken is invalid: " + bogus)


def test_exports_outlive_their_table_but_not_its_listing(tarn):
    # ACK DDB-EXPORT-020/022: after DeleteTable, or a new table of the same name, ListExports(TableArn)
    # has none of the old table's exports; DescribeExport still answers, and so does the unfiltered list.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    first = create_table(ddb, "gone")
    put(ddb, "gone", {"id": "old"})
    enable(ddb, "gone")
    _, done = exported(ddb, first["TableArn"], "lake")
    assert listed(ddb, TableArn=first["TableArn"]) == [done["ExportArn"]]

    ddb.delete_table(TableName="gone")
    ddb.get_waiter("table_not_exists").wait(TableName="gone", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    assert listed(ddb, TableArn=first["TableArn"]) == []
    assert listed(ddb) == [done["ExportArn"]]
    assert describe(ddb, done["ExportArn"]) == done
    assert error_of(export, ddb, first["TableArn"], "lake") == (
        "TableNotFoundException", "Table not found: " + first["TableArn"])
    # The objects stay (DynamoDB never deletes them).
    assert strings(exported_items(s3, done)) == [("old", None)]

    second = create_table(ddb, "gone")
    assert second["TableArn"] == first["TableArn"] and second["TableId"] != first["TableId"]
    assert listed(ddb, TableArn=first["TableArn"]) == []
    put(ddb, "gone", {"id": "new"})
    enable(ddb, "gone")
    _, again = exported(ddb, second["TableArn"], "lake")
    assert again["TableId"] == second["TableId"]
    assert listed(ddb, TableArn=second["TableArn"]) == [again["ExportArn"]]
    assert listed(ddb) == [again["ExportArn"], done["ExportArn"]]
    assert describe(ddb, done["ExportArn"])["TableId"] == first["TableId"]
    assert strings(exported_items(s3, again)) == [("new", None)]


def test_ion_export(tarn):
    """ExportFormat ION writes the same items in Amazon Ion text, one `$ion_1_0 {Item:{...}}` line each, in
    data/<name>.ion.gz files, outputFormat ION in the summary (S3DataExport.Output.html, whose example
    shows the numbers: 103 as 103., 600 as 6d2; sets as $dynamodb_SS/NS/BS-annotated lists)."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "books")
    ddb.put_item(TableName="books", Item={
        "id": {"S": "103"}, "Authors": {"SS": ["Author1", "Author2"]}, "PageCount": {"N": "600"},
        "Price": {"N": "2000"}, "Id": {"N": "103"}, "InPublication": {"BOOL": False}, "Cover": {"B": b"\x00\x01"},
        "Ratings": {"NS": ["4.5"]}, "Notes": {"NULL": True}, "Parts": {"L": [{"S": "a"}, {"M": {"n": {"N": "0.5"}}}]}})
    enable(ddb, "books")
    started, done = exported(ddb, table["TableArn"], "lake", ExportFormat="ION")
    assert started["ExportFormat"] == done["ExportFormat"] == "ION"
    assert done["ExportStatus"] == "COMPLETED" and done["ItemCount"] == 1
    summary = json.loads(s3.get_object(Bucket="lake", Key=done["ExportManifest"])["Body"].read())
    assert summary["outputFormat"] == "ION"
    (entry,) = manifest_files(s3, done)
    assert re.fullmatch(r"AWSDynamoDB/[0-9]{14}-[0-9a-f]{8}/data/[a-z2-7]{26}\.ion\.gz", entry["dataFileS3Key"])
    text = gzip.decompress(s3.get_object(Bucket="lake", Key=entry["dataFileS3Key"])["Body"].read()).decode()
    assert text == (
        '$ion_1_0 {Item:{Authors:$dynamodb_SS::["Author1","Author2"],Cover:{{AAE=}},Id:103.,InPublication:false,'
        'Notes:null,PageCount:6d2,Parts:["a",{n:0.5}],Price:2d3,Ratings:$dynamodb_NS::[4.5],id:"103"}}\n')

    # The export's data files import back as they were (InputFormat ION, GZIP; ACK DDB-IMPORT-020's way).
    prefix = entry["dataFileS3Key"].rsplit("/", 1)[0] + "/"
    imported = wire(ddb, "ImportTable", S3BucketSource={"S3Bucket": "lake", "S3KeyPrefix": prefix},
                    InputFormat="ION", InputCompressionType="GZIP", TableCreationParameters={
                        "TableName": "books-again", "KeySchema": HASH_ID["KeySchema"],
                        "AttributeDefinitions": HASH_ID["AttributeDefinitions"], "BillingMode": "PAY_PER_REQUEST"})
    arn = imported["ImportTableDescription"]["ImportArn"]
    deadline = time.time() + 30
    while wire(ddb, "DescribeImport", ImportArn=arn)["ImportTableDescription"]["ImportStatus"] == "IN_PROGRESS":
        assert time.time() < deadline
        time.sleep(0.05)
    assert wire(ddb, "DescribeImport", ImportArn=arn)["ImportTableDescription"]["ImportStatus"] == "COMPLETED"
    assert ddb.scan(TableName="books-again")["Items"] == ddb.scan(TableName="books")["Items"]


def test_incremental_export_windows(tarn):
    """An incremental export's window starts no earlier than point-in-time recovery's, ends no later than
    now and lasts at least 15 minutes; each refusal is an InvalidExportTimeException naming the time
    asked for, and a spec without ExportFromTime a ValidationException (ACK DDB-EXPORT-001/003/004/019).
    A window of 15 minutes needs recovery on for 15 minutes, so the exports themselves are in the unit
    tests (incremental_export_test.cpp, with a fake clock)."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "music")
    arn = table["TableArn"]

    def incremental(spec):
        return error_of(export, ddb, arn, "lake", ExportType="INCREMENTAL_EXPORT",
                        IncrementalExportSpecification=spec)

    def second(t):
        return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    now = int(time.time())
    # Without recovery the window's start is refused (not PointInTimeRecoveryUnavailableException).
    assert incremental({"ExportFromTime": now - 3600}) == (
        "InvalidExportTimeException",
        "Incremental export period from time cannot be less than the table creation time : " + second(now - 3600))
    enable(ddb, "music")
    # The window's start is judged in whole seconds: the second recovery began in is inside it (ScyllaDB's
    # test_export.py, run against AWS, exports from int(now) just after enabling recovery).
    began = int(time.time())
    assert incremental({"ExportFromTime": began, "ExportToTime": began}) == (
        "InvalidExportTimeException",
        "Difference between export period from time and export period to time is less than 15 minutes")
    assert incremental({"ExportViewType": "NEW_IMAGE"}) == (
        "ValidationException", "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification")
    assert incremental({"ExportFromTime": now - 3600, "ExportToTime": now - 600}) == (
        "InvalidExportTimeException",
        "Incremental export period from time cannot be less than the table creation time : " + second(now - 3600))
    start = int(time.time()) + 1
    time.sleep(2)
    assert incremental({"ExportFromTime": start, "ExportToTime": start + 3600}) == (
        "InvalidExportTimeException",
        "Incremental export period to time cannot be greater than the current time : " + second(start + 3600))
    # Without ExportToTime the window ends now: a second or two is less than 15 minutes.
    assert incremental({"ExportFromTime": start}) == (
        "InvalidExportTimeException",
        "Difference between export period from time and export period to time is less than 15 minutes")
    assert listed(ddb) == [] and objects(s3, "lake") == {}


@pytest.mark.tarn_only
def test_completed_export_survives_kill_9(tarn):
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "music")
    put(ddb, "music", {"id": "a", "v": "1"}, {"id": "b", "v": "2"})
    enable(ddb, "music")
    _, done = exported(ddb, table["TableArn"], "lake", S3Prefix="kept", ClientToken="kept-token")
    failed = finished(ddb, export(ddb, table["TableArn"], "no-such-bucket-here")["ExportArn"])
    stored = objects(s3, "lake")

    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    s3 = tarn.client("s3")
    assert describe(ddb, done["ExportArn"]) == done
    assert describe(ddb, failed["ExportArn"]) == failed
    assert listed(ddb, TableArn=table["TableArn"]) == [failed["ExportArn"], done["ExportArn"]]
    assert objects(s3, "lake") == stored
    # The token still names the export.
    assert export(ddb, table["TableArn"], "lake", S3Prefix="kept", ClientToken="kept-token") == done
    assert error_of(export, ddb, table["TableArn"], "lake", S3Prefix="moved", ClientToken="kept-token")[0] == (
        "ExportConflictException")


@pytest.mark.tarn_only
def test_export_cut_off_by_kill_9_still_completes(tarn):
    # An export still IN_PROGRESS when the process dies is written after the restart, as the table was at
    # its ExportTime: what changed after it, before or after the crash, is not in it. 9 MB of items, so the
    # kill comes while the data files are being written.
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "music")
    for i in range(30):
        ddb.put_item(TableName="music", Item={"id": {"S": f"big-{i:02d}"}, "v": {"S": "x" * 300_000}})
    put(ddb, "music", {"id": "a", "v": "old"}, {"id": "b", "v": "old"})
    enable(ddb, "music")
    started = export(ddb, table["TableArn"], "lake")
    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    s3 = tarn.client("s3")
    ddb.update_item(TableName="music", Key={"id": {"S": "a"}}, UpdateExpression="SET v = :v",
                    ExpressionAttributeValues={":v": {"S": "new"}})
    ddb.delete_item(TableName="music", Key={"id": {"S": "b"}})
    ddb.delete_item(TableName="music", Key={"id": {"S": "big-00"}})
    done = finished(ddb, started["ExportArn"])
    assert done["ExportStatus"] == "COMPLETED" and done["ItemCount"] == 32
    assert {k: v for k, v in done.items() if k not in COMPLETED_MEMBERS} == dict(started, ExportStatus="COMPLETED")
    got = sorted((i["id"]["S"], len(i["v"]["S"]) if i["id"]["S"].startswith("big") else i["v"]["S"])
                 for i in exported_items(s3, done))
    assert got == sorted([("a", "old"), ("b", "old")] + [(f"big-{i:02d}", 300_000) for i in range(30)])


def test_the_awscli_exports_describes_and_lists(tarn):
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "MusicCollection")
    put(ddb, "MusicCollection", {"id": "song-1", "v": "Call Me Today"})

    def aws(*args):
        out = tarn.aws("dynamodb", *args, "--region", "us-east-1", "--output", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    enable(ddb, "MusicCollection")
    started = aws("export-table-to-point-in-time", "--table-arn", table["TableArn"], "--s3-bucket", "lake",
                  "--s3-prefix", "cli")["ExportDescription"]
    assert started["ExportStatus"] == "IN_PROGRESS"
    assert EXPORT_ARN.match(started["ExportArn"])["table"] == "MusicCollection"
    assert (started["S3Bucket"], started["S3Prefix"], started["ExportFormat"]) == ("lake", "cli", "DYNAMODB_JSON")
    finished(ddb, started["ExportArn"])
    described = aws("describe-export", "--export-arn", started["ExportArn"])["ExportDescription"]
    assert described["ExportStatus"] == "COMPLETED" and described["ItemCount"] == 1
    assert described["ExportManifest"].startswith("cli/AWSDynamoDB/")
    listed_ = aws("list-exports", "--table-arn", table["TableArn"])["ExportSummaries"]
    assert [(s["ExportArn"], s["ExportStatus"]) for s in listed_] == [(started["ExportArn"], "COMPLETED")]

    got = tarn.aws("s3", "cp", f"s3://lake/{described['ExportManifest']}", "-", "--region", "us-east-1")
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["itemCount"] == 1

    missing = started["ExportArn"][:-8] + "0badf00d"
    failed = tarn.aws("dynamodb", "describe-export", "--export-arn", missing, "--region", "us-east-1")
    assert failed.returncode != 0 and "ExportNotFoundException" in failed.stderr


def test_iam_actions(tarn):
    """ExportTableToPointInTime needs dynamodb:ExportTableToPointInTime on the table, DescribeExport
    dynamodb:DescribeExport on the export's ARN, ListExports dynamodb:ListExports (the service
    authorization reference)."""
    ddb = tarn.client("dynamodb")
    bucket(tarn)
    table = create_table(ddb, "ledger")
    put(ddb, "ledger", {"id": "a"})
    enable(ddb, "ledger")
    iam = tarn.client("iam")
    iam.create_user(UserName="exporter")
    iam.put_user_policy(UserName="exporter", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Resource": table["TableArn"],
                       "Action": ["dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:Scan"]},
                      {"Effect": "Allow", "Resource": "*", "Action": "s3:*"}]}))
    key = iam.create_access_key(UserName="exporter")["AccessKey"]
    exporter = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])
    assert exporter.describe_table(TableName="ledger")["Table"]["TableName"] == "ledger"
    code, message = error_of(exporter.export_table_to_point_in_time, TableArn=table["TableArn"], S3Bucket="lake")
    assert code == "AccessDeniedException"
    assert "dynamodb:ExportTableToPointInTime" in message and table["TableArn"] in message
    assert error_of(exporter.list_exports)[0] == "AccessDeniedException"
    assert listed(ddb) == []

    iam.put_user_policy(UserName="exporter", PolicyName="export", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:ExportTableToPointInTime",
                       "Resource": table["TableArn"]}]}))
    arn = exporter.export_table_to_point_in_time(TableArn=table["TableArn"], S3Bucket="lake")[
        "ExportDescription"]["ExportArn"]
    code, message = error_of(exporter.describe_export, ExportArn=arn)
    assert code == "AccessDeniedException" and "dynamodb:DescribeExport" in message
    iam.put_user_policy(UserName="exporter", PolicyName="watch", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:DescribeExport",
                       "Resource": table["TableArn"] + "/export/*"},
                      {"Effect": "Allow", "Action": "dynamodb:ListExports", "Resource": "*"}]}))
    assert finished(exporter, arn)["ExportStatus"] == "COMPLETED"
    assert listed(exporter) == [arn]


def test_a_data_lake_reads_every_data_file(tarn):
    # What a pipeline does with an export (Glue, Athena, the developer guide's S3DataExport.Output): read
    # manifest-summary.json, then manifest-files.json, then every data file it lists; the items are the
    # table's. Over 8 MB of items, so the export has more than one data file.
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    table = create_table(ddb, "clicks")
    for i in range(24):
        ddb.put_item(TableName="clicks", Item={"id": {"S": f"big-{i:02d}"}, "v": {"S": chr(97 + i) * 380_000},
                                               "n": {"N": str(i)}})
    put(ddb, "clicks", *({"id": f"small-{i:03d}", "v": str(i)} for i in range(200)))
    enable(ddb, "clicks")
    _, done = exported(ddb, table["TableArn"], "lake", S3Prefix="lake/clicks/")
    assert done["ExportStatus"] == "COMPLETED" and done["ItemCount"] == 224

    summary_raw = s3.get_object(Bucket="lake", Key=done["ExportManifest"])["Body"].read()
    assert b64md5(summary_raw) == s3.get_object(Bucket="lake", Key=done["ExportManifest"][:-4] + "md5")[
        "Body"].read().decode()
    summary = json.loads(summary_raw)
    files_raw = s3.get_object(Bucket="lake", Key=summary["manifestFilesS3Key"])["Body"].read()
    assert b64md5(files_raw) == s3.get_object(Bucket="lake", Key=summary["manifestFilesS3Key"][:-4] + "md5")[
        "Body"].read().decode()
    entries = [json.loads(line) for line in files_raw.decode().splitlines()]
    assert len(entries) >= 2, entries
    assert sum(e["itemCount"] for e in entries) == summary["itemCount"] == 224
    data_keys = {k for k in objects(s3, "lake", "lake/clicks/") if "/data/" in k}
    assert {e["dataFileS3Key"] for e in entries} == data_keys
    lake = []
    for e in entries:
        assert list(e) == ["itemCount", "md5Checksum", "etag", "dataFileS3Key"]
        gz = s3.get_object(Bucket="lake", Key=e["dataFileS3Key"])
        body = gz["Body"].read()
        assert e["md5Checksum"] == b64md5(body) and e["etag"] == gz["ETag"].strip('"')
        rows = [json.loads(line)["Item"] for line in gzip.decompress(body).decode().splitlines()]
        assert len(rows) == e["itemCount"]
        lake += rows

    scanned = [i for page in ddb.get_paginator("scan").paginate(TableName="clicks", ConsistentRead=True)
               for i in page["Items"]]
    assert len(lake) == len(scanned) == 224

    def key(item):
        return item["id"]["S"], item["v"]["S"], item.get("n", {}).get("N")

    assert sorted(map(key, lake)) == sorted(map(key, scanned))


def test_an_export_writes_with_its_callers_s3_permissions(tarn):
    """An export writes to S3 as its caller: without s3:PutObject there, or with the bucket policy denying
    it, the export is accepted (IN_PROGRESS) and ends FAILED, FailureCode S3AccessDenied, the message S3's
    denial with S3's tail (ACK DDB-EXPORT-011); nothing is written. With the permission it completes."""
    ddb = tarn.client("dynamodb")
    s3 = bucket(tarn)
    bucket(tarn, "guarded")
    table = create_table(ddb, "ledger")
    put(ddb, "ledger", {"id": "a"})
    enable(ddb, "ledger")
    iam = tarn.client("iam")
    user = iam.create_user(UserName="exporter")["User"]
    iam.put_user_policy(UserName="exporter", PolicyName="dynamodb", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Resource": [table["TableArn"], table["TableArn"] + "/export/*"],
                       "Action": ["dynamodb:ExportTableToPointInTime", "dynamodb:DescribeExport"]}]}))
    key = iam.create_access_key(UserName="exporter")["AccessKey"]
    exporter = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])

    started, done = exported(exporter, table["TableArn"], "lake")
    assert started["ExportStatus"] == "IN_PROGRESS"
    assert done["ExportStatus"] == "FAILED" and done["FailureCode"] == "S3AccessDenied"
    resource = f"arn:aws:s3:::lake/AWSDynamoDB/{started['ExportArn'].rsplit('/', 1)[1]}/_started"
    assert done["FailureMessage"].startswith(
        f"User: {user['Arn']} is not authorized to perform: s3:PutObject on resource: \"{resource}\" because no "
        "identity-based policy allows the s3:PutObject action (Service: Amazon S3; Status Code: 403; Error Code: "
        "AccessDenied; Request ID: "), done["FailureMessage"]
    assert "ItemCount" not in done and "ExportManifest" not in done
    assert objects(s3, "lake") == {}

    iam.put_user_policy(UserName="exporter", PolicyName="s3", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::*/*"}]}))
    _, done = exported(exporter, table["TableArn"], "lake")
    assert done["ExportStatus"] == "COMPLETED" and done["ItemCount"] == 1

    # The bucket policy's explicit Deny binds the account's own users too.
    s3.put_bucket_policy(Bucket="guarded", Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
                       "Resource": "arn:aws:s3:::guarded/*"}]}))
    _, done = exported(exporter, table["TableArn"], "guarded")
    assert done["ExportStatus"] == "FAILED" and done["FailureCode"] == "S3AccessDenied"
    assert "with an explicit deny in a resource-based policy" in done["FailureMessage"]
    assert objects(s3, "guarded") == {}


@pytest.mark.parametrize("arn, code", [
    # ScyllaDB's test_export.py, run against AWS: what is no ARN is invalid; an ARN of another partition,
    # service or account, or of no region, is denied before its shape is looked at.
    ("qwerty:aws:dynamodb:us-east-1:000000000000:table/t", "ValidationException"),
    ("arn:qwerty:dynamodb:us-east-1:000000000000:table/t", "AccessDeniedException"),
    ("arn:aws:qwerty:us-east-1:000000000000:table/t", "AccessDeniedException"),
    ("arn:aws:dynamodb:qwerty:000000000000:table/t", "AccessDeniedException"),
    ("arn:aws:dynamodb:us-east-1:qwerty:table/t", "AccessDeniedException"),
    ("arn:aws:dynamodb:us-east-1:000000000000:table/t", "ValidationException"),
])
def test_describe_export_judges_the_arn_it_is_given(tarn, arn, code):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        tarn.client("dynamodb").describe_export(ExportArn=arn)
    assert e.value.response["Error"]["Code"] == code


def test_describe_export_in_a_region_of_the_callers_own_naming(tarn):
    # tarn serves any region a request is signed for: an export ARN in the caller's own region is judged
    # as an export, not denied, whatever that region is called.
    local = tarn.client("dynamodb", region_name="local")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        local.describe_export(ExportArn="arn:aws:dynamodb:local:000000000000:table/t/export/01658528578619-c4d4e311")
    assert e.value.response["Error"]["Code"] == "ExportNotFoundException"
