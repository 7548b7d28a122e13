"""Event source mappings on DynamoDB Streams as AWS answered LocalStack's validated tests
(tests/aws/services/lambda_/event_source_mapping/test_lambda_integration_dynamodbstreams.py and its
snapshot, recorded on AWS): an {"exists": false} filter matches an attribute whose image value is a typed
object; the event's ApproximateCreationDateTime is a float (Java's 1.684934517E9, in GetRecords too); a
stream of the caller's own account that does not exist is "Stream not found"; after a partial batch
response the failed record starts a new batch with its own retries, and its on-failure record says
"functionError": null."""
import json

import pytest

from test_lambda_esm import APP as PIPELINE_APP
from test_lambda_esm import ROLE, keys_under, make_zip, server, wait_for  # noqa: F401 (server: a fixture)

# test_lambda_esm's handlers (boto3's s3 client, _id) and two more.
APP = PIPELINE_APP + '''

def echo(event, context):
    """Each record, as the function received it, to seen/<id>/<request id>."""
    for r in event["Records"]:
        s3.put_object(Bucket="echo-bucket", Key="seen/%s/%s" % (_id(r), context.aws_request_id),
                      Body=json.dumps({"record": r, "created_is_float":
                                       isinstance(r["dynamodb"]["ApproximateCreationDateTime"], float)}).encode())


def fail_id5(event, context):
    """Reports testId5 failed whenever it is in the batch (LocalStack's lambda_report_batch_item_failures)."""
    failures = []
    for r in event["Records"]:
        s3.put_object(Bucket="retry-bucket", Key="seen/%s/%s" % (_id(r), context.aws_request_id), Body=b"1")
        if _id(r) == "testId5":
            failures.append({"itemIdentifier": r["dynamodb"]["SequenceNumber"]})
    return {"batchItemFailures": failures}
'''


def make_table_and_function(t, table, view, function, handler, bucket):
    ddb, lam, s3 = t.client("dynamodb"), t.client("lambda"), t.client("s3")
    s3.create_bucket(Bucket=bucket)
    stream_arn = ddb.create_table(
        TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
    )["TableDescription"]["LatestStreamArn"]
    lam.create_function(FunctionName=function, Runtime="python3.11", Role=ROLE, Handler=handler, Timeout=30,
                        Code={"ZipFile": make_zip({"app.py": APP})})
    return ddb, lam, s3, stream_arn


def test_exists_false_filter_and_the_events_creation_time(server):
    # test_dynamodb_event_filter[exists_false_filter]: both inserts invoke the function on AWS, the one
    # whose presentKey is {"S": "presentValue"} too (a typed object is not a leaf).
    ddb, lam, s3, stream_arn = make_table_and_function(server, "exists_t", "NEW_AND_OLD_IMAGES", "echo_f", "app.echo",
                                                       "echo-bucket")
    uuid = lam.create_event_source_mapping(
        FunctionName="echo_f", EventSourceArn=stream_arn, StartingPosition="TRIM_HORIZON", BatchSize=1,
        FilterCriteria={"Filters": [{"Pattern": json.dumps(
            {"dynamodb": {"NewImage": {"presentKey": [{"exists": False}]}}})}]})["UUID"]
    ddb.put_item(TableName="exists_t", Item={"id": {"S": "id_value_1"}})
    ddb.put_item(TableName="exists_t", Item={"id": {"S": "id_value_2"}, "presentKey": {"S": "presentValue"}})
    keys = wait_for(lambda: (lambda k: k if len(k) == 2 else None)(keys_under(s3, "echo-bucket", "seen/")),
                    what="two invocations")
    assert sorted(k.split("/")[1] for k in keys) == ["id_value_1", "id_value_2"]
    for k in keys:
        body = json.loads(s3.get_object(Bucket="echo-bucket", Key=k)["Body"].read())
        assert body["created_is_float"], body  # the test's isinstance(creation_time, float)
        assert body["record"]["dynamodb"]["SizeBytes"] == (24 if k.split("/")[1] == "id_value_1" else 46)
    lam.delete_event_source_mapping(UUID=uuid)

    # GetRecords carries the same text: a Java double, which botocore reads as a timestamp.
    streams = server.client("dynamodbstreams")
    raw = []
    streams.meta.events.register("after-call.dynamodbstreams.GetRecords",
                                 lambda http_response, **_: raw.append(http_response.content.decode()))
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    assert len(records) == 2
    for r in json.loads(raw[0])["Records"]:
        created = r["dynamodb"]["ApproximateCreationDateTime"]
        assert isinstance(created, float)
    assert '"ApproximateCreationDateTime":1.' in raw[0] and "E9," in raw[0], raw[0]


def test_a_missing_stream_of_the_callers_account(server):
    # test_esm_with_not_existing_dynamodb_stream, as recorded.
    lam = server.client("lambda")
    lam.create_function(FunctionName="nostream_f", Runtime="python3.11", Role=ROLE, Handler="app.echo",
                        Code={"ZipFile": make_zip({"app.py": APP})})
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/test-table-4a53f4e8/stream/2025-02-22T03:03:25.490"
    with pytest.raises(lam.exceptions.InvalidParameterValueException) as e:
        lam.create_event_source_mapping(FunctionName="nostream_f", EventSourceArn=arn,
                                        StartingPosition="TRIM_HORIZON")
    assert e.value.response["Error"]["Message"] == "Stream not found: " + arn
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_partial_batch_response_restarts_retries_at_the_checkpoint(server):
    # test_dynamodb_report_batch_item_failures (its SQS destination replaced by S3): testId0..5 in batches
    # of 3, testId5 always reported failed, MaximumRetryAttempts 3. AWS invokes [3,4,5] once and then
    # [5] 1 + 3 times: testId5 is seen 5 times, the others once; the failure record counts 4 invocations.
    ddb, lam, s3, stream_arn = make_table_and_function(server, "retry_t", "NEW_AND_OLD_IMAGES", "fail5_f",
                                                       "app.fail_id5", "retry-bucket")
    s3.create_bucket(Bucket="retry-failures")
    for i in range(6):
        ddb.put_item(TableName="retry_t", Item={"id": {"S": "testId%d" % i}})
    uuid = lam.create_event_source_mapping(
        FunctionName="fail5_f", EventSourceArn=stream_arn, StartingPosition="TRIM_HORIZON", BatchSize=3,
        MaximumRetryAttempts=3, FunctionResponseTypes=["ReportBatchItemFailures"],
        DestinationConfig={"OnFailure": {"Destination": "arn:aws:s3:::retry-failures"}})["UUID"]
    failed = wait_for(lambda: keys_under(s3, "retry-failures", "aws/lambda/" + uuid + "/"), timeout=60,
                      what="the failure record")
    assert len(failed) == 1
    seen = {}
    for k in keys_under(s3, "retry-bucket", "seen/"):
        seen[k.split("/")[1]] = seen.get(k.split("/")[1], 0) + 1
    assert seen == {"testId0": 1, "testId1": 1, "testId2": 1, "testId3": 1, "testId4": 1, "testId5": 5}
    record = json.loads(s3.get_object(Bucket="retry-failures", Key=failed[0])["Body"].read())
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 4
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": None}
    assert record["DDBStreamBatchInfo"]["batchSize"] == 1
    payload = json.loads(record["payload"])
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in payload["Records"]] == ["testId5"]
    lam.delete_event_source_mapping(UUID=uuid)
