"""Lambda event source mappings from DynamoDB Streams with boto3 and the awscli: the mapping API and its
exact errors; the student pipeline's mapping (FilterCriteria eventName=INSERT → a Python function that
writes each new image to S3) giving exactly one object per insert; a poison record isolated by
BisectBatchOnFunctionError whose invocation record lands in an S3 on-failure destination while the
other records are processed; ReportBatchItemFailures; and a SIGKILL restart mid-stream that loses
nothing."""
import io
import json
import signal
import time
import zipfile

import botocore.exceptions
import pytest

from conftest import Tarn

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

APP = '''
import json

import boto3

s3 = boto3.client("s3")


def _id(record):
    return record["dynamodb"]["Keys"]["id"]["S"]


def stage(event, context):
    """The student pipeline: each new image to staging/student/<id>.json."""
    for record in event["Records"]:
        image = record["dynamodb"]["NewImage"]
        body = {"image": image, "eventName": record["eventName"], "eventVersion": record["eventVersion"],
                "eventSource": record["eventSource"], "eventSourceARN": record["eventSourceARN"],
                "awsRegion": record["awsRegion"], "keys": list(record.keys()),
                "dynamodb": sorted(record["dynamodb"].keys())}
        s3.put_object(Bucket=image["bucket"]["S"], Key="staging/student/%s.json" % _id(record),
                      Body=json.dumps(body).encode())


def poison(event, context):
    ids = [_id(r) for r in event["Records"]]
    print("batch", ids)
    if "poison" in ids:
        raise ValueError("poison record")
    for r in event["Records"]:
        s3.put_object(Bucket=r["dynamodb"]["NewImage"]["bucket"]["S"], Key="done/" + _id(r), Body=b"ok")


def partial(event, context):
    """Reports the first record whose id starts with retry- as failed the first time it is seen."""
    for r in event["Records"]:
        bucket = r["dynamodb"]["NewImage"]["bucket"]["S"]
        rid = _id(r)
        if rid.startswith("retry-"):
            try:
                s3.head_object(Bucket=bucket, Key="seen/" + rid)
            except Exception:
                s3.put_object(Bucket=bucket, Key="seen/" + rid, Body=b"1")
                return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]}]}
        s3.put_object(Bucket=bucket, Key="done/%s/%s" % (rid, context.aws_request_id), Body=b"ok")
    return {"batchItemFailures": []}
'''


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def wait_for(predicate, timeout=30, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def keys_under(s3, bucket, prefix):
    out = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        out += [o["Key"] for o in page.get("Contents", [])]
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    t = Tarn(tmp_path_factory.mktemp("esm") / "data").start()
    t.lambda_role()
    yield t
    t.stop()
    out = t.output()
    assert "AddressSanitizer" not in out and "runtime error:" not in out, out
    assert "unhandled exception" not in out, out


def setup_pipeline(t, table, bucket, function, handler):
    ddb, lam, s3 = t.client("dynamodb"), t.client("lambda"), t.client("s3")
    s3.create_bucket(Bucket=bucket)
    stream_arn = ddb.create_table(
        TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]["LatestStreamArn"]
    lam.create_function(FunctionName=function, Runtime="python3.11", Role=ROLE, Handler=handler, Timeout=30,
                        Code={"ZipFile": make_zip({"app.py": APP})})
    return ddb, lam, s3, stream_arn


def put_student(ddb, table, sid, bucket, name="n"):
    ddb.put_item(TableName=table, Item={"id": {"S": sid}, "name": {"S": name}, "bucket": {"S": bucket}})


def test_mapping_api_and_errors(server):
    ddb, lam, s3, stream_arn = setup_pipeline(server, "api_t", "api-bucket", "api_f", "app.stage")
    lam.create_function(FunctionName="api_g", Runtime="python3.11", Role=ROLE, Handler="app.stage",
                        Code={"ZipFile": make_zip({"app.py": APP})})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="api_f", EventSourceArn=stream_arn)
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="api_f", EventSourceArn=stream_arn + "x",
                                        StartingPosition="LATEST")
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="nope", EventSourceArn=stream_arn, StartingPosition="LATEST")
    # As AWS answers it (LocalStack's test_event_source_mapping_exceptions, recorded on AWS).
    assert error_of(e) == ("InvalidParameterValueException", "Function does not exist")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="api_f", EventSourceArn=stream_arn, StartingPosition="LATEST",
                                        FilterCriteria={"Filters": [{"Pattern": '{"eventName": "INSERT"}'}]})
    assert error_of(e) == ("InvalidParameterValueException", "Invalid filter pattern definition.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="api_f", EventSourceArn=stream_arn, StartingPosition="LATEST",
                                        BatchSize=10001)
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy "
                           "constraint: Member must have value less than or equal to 10000")

    c = lam.create_event_source_mapping(FunctionName="api_f", EventSourceArn=stream_arn,
                                        StartingPosition="LATEST", BatchSize=5,
                                        FilterCriteria={"Filters": [{"Pattern": '{"eventName": ["INSERT"]}'}]})
    assert c["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert c["State"] == "Creating"
    assert c["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:api_f"
    assert c["EventSourceArn"] == stream_arn and c["BatchSize"] == 5 and c["StartingPosition"] == "LATEST"
    assert c["FilterCriteria"] == {"Filters": [{"Pattern": '{"eventName": ["INSERT"]}'}]}
    assert c["MaximumRetryAttempts"] == -1 and c["MaximumRecordAgeInSeconds"] == -1
    assert c["LastProcessingResult"] == "No records processed"
    uuid = c["UUID"]
    g = lam.get_event_source_mapping(UUID=uuid)
    assert g["State"] == "Enabled" and g["LastModified"].year >= 2024
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="api_f", EventSourceArn=stream_arn, StartingPosition="LATEST")
    assert e.value.response["Error"]["Code"] == "ResourceConflictException"
    assert uuid in e.value.response["Error"]["Message"]
    other = lam.create_event_source_mapping(FunctionName="api_g", EventSourceArn=stream_arn,
                                            StartingPosition="TRIM_HORIZON", Enabled=False)["UUID"]
    assert lam.get_event_source_mapping(UUID=other)["State"] == "Disabled"

    listed = lam.list_event_source_mappings(EventSourceArn=stream_arn)["EventSourceMappings"]
    assert sorted(m["UUID"] for m in listed) == sorted([uuid, other])
    assert [m["UUID"] for m in lam.list_event_source_mappings(FunctionName="api_f")["EventSourceMappings"]] == [uuid]
    first = lam.list_event_source_mappings(EventSourceArn=stream_arn, MaxItems=1)
    assert len(first["EventSourceMappings"]) == 1 and first["NextMarker"]
    second = lam.list_event_source_mappings(EventSourceArn=stream_arn, MaxItems=1, Marker=first["NextMarker"])
    assert len(second["EventSourceMappings"]) == 1 and "NextMarker" not in second
    assert {first["EventSourceMappings"][0]["UUID"], second["EventSourceMappings"][0]["UUID"]} == {uuid, other}

    u = lam.update_event_source_mapping(UUID=uuid, BatchSize=7, Enabled=False)
    assert u["State"] == "Disabling" and u["BatchSize"] == 7
    assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled"
    assert lam.update_event_source_mapping(UUID=uuid, Enabled=True)["State"] == "Enabling"
    d = lam.delete_event_source_mapping(UUID=uuid)
    assert d["State"] == "Deleting" and d["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_event_source_mapping(UUID=uuid)
    assert error_of(e) == ("ResourceNotFoundException", "The resource you requested does not exist.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.delete_event_source_mapping(UUID=uuid)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    lam.delete_event_source_mapping(UUID=other)


def test_mapping_needs_a_role_that_may_read_the_stream(server):
    # Lambda reads the stream as the function's execution role and proves it may when the mapping is
    # created: a role without the four stream actions is refused, in Lambda's words; granting them
    # (here through the AWS-managed AWSLambdaDynamoDBExecutionRole) lets the same call succeed.
    ddb, lam, s3, stream_arn = setup_pipeline(server, "bare_t", "bare-bucket", "bare_f", "app.stage")
    iam = server.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="bare-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    lam.create_function(FunctionName="bare_g", Runtime="python3.11", Role=role, Handler="app.stage",
                        Code={"ZipFile": make_zip({"app.py": APP})})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="bare_g", EventSourceArn=stream_arn, StartingPosition="LATEST")
    assert error_of(e) == ("InvalidParameterValueException",
                           f"Cannot access stream {stream_arn}. Please ensure the role can perform the GetRecords, "
                           "GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    iam.attach_role_policy(RoleName="bare-role",
                           PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole")
    uuid = lam.create_event_source_mapping(FunctionName="bare_g", EventSourceArn=stream_arn,
                                           StartingPosition="LATEST")["UUID"]
    lam.delete_event_source_mapping(UUID=uuid)


def test_student_inserts_filtered_to_staging(server):
    ddb, lam, s3, stream_arn = setup_pipeline(server, "student", "lake", "stage_f", "app.stage")
    uuid = lam.create_event_source_mapping(
        FunctionName="stage_f", EventSourceArn=stream_arn, StartingPosition="TRIM_HORIZON", BatchSize=10,
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT"]})}]})["UUID"]
    n = 15
    for i in range(n):
        put_student(ddb, "student", "s%02d" % i, "lake", name="first")
    for i in range(0, n, 3):  # updates: filtered out, so the staged images stay the inserted ones
        put_student(ddb, "student", "s%02d" % i, "lake", name="second")
    ddb.delete_item(TableName="student", Key={"id": {"S": "s01"}})
    keys = wait_for(lambda: (lambda k: k if len(k) >= n else None)(keys_under(s3, "lake", "staging/student/")),
                    what="%d staged objects" % n)
    assert sorted(keys) == ["staging/student/s%02d.json" % i for i in range(n)]
    # The MODIFY/REMOVE records come after the INSERTs in the shard; once the mapping reports OK and the
    # stream is drained, no object may have been rewritten by them.
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK", what="OK")
    time.sleep(1.0)
    for i in range(n):
        body = json.loads(s3.get_object(Bucket="lake", Key="staging/student/s%02d.json" % i)["Body"].read())
        assert body["image"]["name"] == {"S": "first"}
        assert body["eventName"] == "INSERT" and body["eventVersion"] == "1.1"
        assert body["eventSource"] == "aws:dynamodb" and body["awsRegion"] == "us-east-1"
        assert body["eventSourceARN"] == stream_arn
        assert body["keys"] == ["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb",
                                "eventSourceARN"]
        assert body["dynamodb"] == ["ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber",
                                    "SizeBytes", "StreamViewType"]
    assert len(keys_under(s3, "lake", "staging/student/")) == n
    lam.delete_event_source_mapping(UUID=uuid)


def test_poison_record_bisected_to_s3_on_failure(server):
    ddb, lam, s3, stream_arn = setup_pipeline(server, "poison_t", "poison-bucket", "poison_f", "app.poison")
    s3.create_bucket(Bucket="failures")
    ids = ["a1", "a2", "a3", "a4", "poison", "a5", "a6", "a7"]
    for sid in ids:
        put_student(ddb, "poison_t", sid, "poison-bucket")
    uuid = lam.create_event_source_mapping(
        FunctionName="poison_f", EventSourceArn=stream_arn, StartingPosition="TRIM_HORIZON", BatchSize=10,
        BisectBatchOnFunctionError=True, MaximumRetryAttempts=2,
        DestinationConfig={"OnFailure": {"Destination": "arn:aws:s3:::failures"}})["UUID"]
    done = wait_for(lambda: (lambda k: k if len(k) == 7 else None)(keys_under(s3, "poison-bucket", "done/")),
                    what="7 processed records")
    assert sorted(done) == sorted("done/" + i for i in ids if i != "poison")
    failed = wait_for(lambda: keys_under(s3, "failures", "aws/lambda/" + uuid + "/"), what="the failure record")
    assert len(failed) == 1
    parts = failed[0].split("/")
    assert parts[:3] == ["aws", "lambda", uuid] and parts[3].startswith("shardId-") and len(parts) == 8
    record = json.loads(s3.get_object(Bucket="failures", Key=failed[0])["Body"].read())
    assert record["version"] == "1.0"
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:poison_f"
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    info = record["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["streamArn"] == stream_arn and info["shardId"] == parts[3]
    assert info["startSequenceNumber"] == info["endSequenceNumber"]
    payload = json.loads(record["payload"])
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in payload["Records"]] == ["poison"]
    assert payload["Records"][0]["dynamodb"]["SequenceNumber"] == info["startSequenceNumber"]
    assert lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] in ("OK", "PROBLEM: Function call failed")
    lam.delete_event_source_mapping(UUID=uuid)


def test_report_batch_item_failures(server):
    ddb, lam, s3, stream_arn = setup_pipeline(server, "partial_t", "partial-bucket", "partial_f", "app.partial")
    ids = ["p1", "p2", "retry-3", "p4", "p5"]
    for sid in ids:
        put_student(ddb, "partial_t", sid, "partial-bucket")
    uuid = lam.create_event_source_mapping(
        FunctionName="partial_f", EventSourceArn=stream_arn, StartingPosition="TRIM_HORIZON", BatchSize=10,
        FunctionResponseTypes=["ReportBatchItemFailures"])["UUID"]
    assert lam.get_event_source_mapping(UUID=uuid)["FunctionResponseTypes"] == ["ReportBatchItemFailures"]

    def done():
        keys = keys_under(s3, "partial-bucket", "done/")
        return keys if {k.split("/")[1] for k in keys} == set(ids) else None
    keys = wait_for(done, what="every record processed")
    per_id = {}
    for k in keys:
        per_id.setdefault(k.split("/")[1], []).append(k)
    # Records before the failed one were not redelivered; the failed one and those after it were retried once.
    assert len(per_id["p1"]) == 1 and len(per_id["p2"]) == 1
    assert len(per_id["retry-3"]) == 1 and len(per_id["p4"]) == 1 and len(per_id["p5"]) == 1
    assert keys_under(s3, "partial-bucket", "seen/") == ["seen/retry-3"]
    lam.delete_event_source_mapping(UUID=uuid)


def test_awscli_mapping(server):
    ddb, lam, s3, stream_arn = setup_pipeline(server, "cli_t", "cli-bucket", "cli_f", "app.stage")
    out = server.aws("lambda", "create-event-source-mapping", "--function-name", "cli_f",
                     "--event-source-arn", stream_arn, "--starting-position", "LATEST", "--batch-size", "3",
                     "--filter-criteria", json.dumps({"Filters": [{"Pattern": '{"eventName":["INSERT"]}'}]}),
                     "--region", "us-east-1", "--output", "json")
    assert out.returncode == 0, out.stderr
    created = json.loads(out.stdout)
    assert created["BatchSize"] == 3 and created["State"] == "Creating"
    out = server.aws("lambda", "list-event-source-mappings", "--function-name", "cli_f", "--region", "us-east-1",
                     "--output", "json")
    assert out.returncode == 0, out.stderr
    assert [m["UUID"] for m in json.loads(out.stdout)["EventSourceMappings"]] == [created["UUID"]]
    put_student(ddb, "cli_t", "c1", "cli-bucket")
    wait_for(lambda: keys_under(s3, "cli-bucket", "staging/student/"), what="the staged object")
    out = server.aws("lambda", "delete-event-source-mapping", "--uuid", created["UUID"], "--region", "us-east-1",
                     "--output", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["State"] == "Deleting"


@pytest.mark.tarn_only
def test_sigkill_restart_mid_stream_loses_nothing(tmp_path):
    t = Tarn(tmp_path / "data").start()
    t.lambda_role()
    try:
        ddb, lam, s3, stream_arn = setup_pipeline(t, "student", "lake", "stage_f", "app.stage")
        uuid = lam.create_event_source_mapping(
            FunctionName="stage_f", EventSourceArn=stream_arn, StartingPosition="TRIM_HORIZON", BatchSize=3,
            FilterCriteria={"Filters": [{"Pattern": json.dumps({"eventName": ["INSERT"]})}]})["UUID"]
        n = 24
        for i in range(n // 2):
            put_student(ddb, "student", "k%02d" % i, "lake")
        wait_for(lambda: keys_under(s3, "lake", "staging/student/"), what="a first object")
        t.stop(sig=signal.SIGKILL)
        t.start()
        ddb, lam, s3 = t.client("dynamodb"), t.client("lambda"), t.client("s3")
        assert lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"
        for i in range(n // 2, n):
            put_student(ddb, "student", "k%02d" % i, "lake")
        keys = wait_for(lambda: (lambda k: k if len(k) == n else None)(keys_under(s3, "lake", "staging/student/")),
                        timeout=60, what="every inserted id staged")
        assert sorted(keys) == ["staging/student/k%02d.json" % i for i in range(n)]
    finally:
        t.stop()
    out = t.output()
    assert "AddressSanitizer" not in out and "runtime error:" not in out, out
