"""Time to live with boto3 and the awscli: UpdateTimeToLive/DescribeTimeToLive and their errors, and
expiry by the sweeper (tarn started with --ttl-interval 1): an item whose TTL attribute is a Number of
epoch seconds in the past goes within a few seconds with a REMOVE stream record carrying
userIdentity {Type: Service, PrincipalId: dynamodb.amazonaws.com}; items without the attribute, with
another type, in the future or more than five years in the past stay."""
import json
import time

import botocore.exceptions
import pytest

from conftest import Tarn


@pytest.fixture
def fast_tarn(tmp_path):
    t = Tarn(tmp_path / "data").start("--ttl-interval", "1")
    yield t
    t.stop()
    assert "AddressSanitizer" not in t.output() and "runtime error:" not in t.output(), t.output()


def create(ddb, name="session", stream=True):
    spec = dict(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST")
    if stream:
        spec["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return ddb.create_table(**spec)["TableDescription"].get("LatestStreamArn")


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def test_update_and_describe_time_to_live(tarn):
    ddb = tarn.client("dynamodb")
    create(ddb, stream=False)
    assert ddb.describe_time_to_live(TableName="session")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}

    def error(**spec):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.update_time_to_live(TableName="session", TimeToLiveSpecification=spec)
        return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]
    assert error(Enabled=False, AttributeName="expires") == ("ValidationException", "TimeToLive is already disabled")
    out = ddb.update_time_to_live(TableName="session",
                                  TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    assert out["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    assert ddb.describe_time_to_live(TableName="session")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    assert error(Enabled=True, AttributeName="expires") == ("ValidationException", "TimeToLive is already enabled")
    assert error(Enabled=True, AttributeName="other") == (
        "ValidationException", "TimeToLive is active on a different AttributeName: current AttributeName is expires")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.describe_time_to_live(TableName="missing")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    # The awscli reads the same settings.
    out = tarn.aws("dynamodb", "describe-time-to-live", "--table-name", "session", "--region", "us-east-1",
                   "--output", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
    out = tarn.aws("dynamodb", "update-time-to-live", "--table-name", "session", "--region", "us-east-1",
                   "--time-to-live-specification", "Enabled=false,AttributeName=expires", "--output", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["TimeToLiveSpecification"] == {"Enabled": False, "AttributeName": "expires"}
    assert ddb.describe_time_to_live(TableName="session")["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"


def test_expired_items_go_with_a_service_remove_record(fast_tarn):
    ddb, streams = fast_tarn.client("dynamodb"), fast_tarn.client("dynamodbstreams")
    arn = create(ddb)
    ddb.update_time_to_live(TableName="session", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    now = int(time.time())
    ddb.put_item(TableName="session", Item={"id": s("expired"), "exp": n(now - 60)})
    ddb.put_item(TableName="session", Item={"id": s("future"), "exp": n(now + 3600)})
    ddb.put_item(TableName="session", Item={"id": s("string"), "exp": s(str(now - 60))})
    ddb.put_item(TableName="session", Item={"id": s("none")})
    ddb.put_item(TableName="session", Item={"id": s("ancient"), "exp": n(now - 6 * 365 * 24 * 3600)})
    ddb.put_item(TableName="session", Item={"id": s("user-deleted"), "exp": n(now + 3600)})
    ddb.delete_item(TableName="session", Key={"id": s("user-deleted")})

    deadline = time.time() + 10
    while "Item" in ddb.get_item(TableName="session", Key={"id": s("expired")}) and time.time() < deadline:
        time.sleep(0.2)
    assert "Item" not in ddb.get_item(TableName="session", Key={"id": s("expired")})
    left = sorted(i["id"]["S"] for i in ddb.scan(TableName="session")["Items"])
    assert left == ["ancient", "future", "none", "string"]

    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=it)["Records"]
    removes = {r["dynamodb"]["Keys"]["id"]["S"]: r for r in records if r["eventName"] == "REMOVE"}
    assert sorted(removes) == ["expired", "user-deleted"]
    assert "userIdentity" not in removes["user-deleted"]
    assert removes["expired"]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
    assert removes["expired"]["dynamodb"]["OldImage"] == {"id": s("expired"), "exp": n(now - 60)}
