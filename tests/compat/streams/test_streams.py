"""DynamoDB Streams end to end with boto3's `dynamodbstreams` client and the AWS CLI: the exact record
sequence of a mix of writes to the seed's `student` table, every iterator type, paging, disable and
re-enable, AWS's errors, iterator expiry, and kill -9 during a write loop (exactly one record per
acknowledged write, none for a write that did not happen)."""
import concurrent.futures
import datetime
import json
import threading
import time

import botocore.exceptions
import pytest

from conftest import Tarn

STUDENT = dict(TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
               AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
               BillingMode="PAY_PER_REQUEST")


def create_student(ddb, view="NEW_AND_OLD_IMAGES", name="student"):
    spec = dict(STUDENT, TableName=name, StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    arn = ddb.create_table(**spec)["TableDescription"]["LatestStreamArn"]
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    return arn


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def shards(streams, arn):
    out, start = [], None
    while True:
        kw = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
        d = streams.describe_stream(**kw)["StreamDescription"]
        out += d["Shards"]
        start = d.get("LastEvaluatedShardId")
        if not start:
            return out


def read_shard(streams, arn, shard_id, iterator_type="TRIM_HORIZON", **kw):
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=iterator_type,
                                    **kw)["ShardIterator"]
    records = []
    while it:
        r = streams.get_records(ShardIterator=it)
        records += r["Records"]
        if not r["Records"]:
            break
        it = r.get("NextShardIterator")
    return records


def read_stream(streams, arn):
    """Every record of every shard, parents first (lineage order)."""
    records = []
    for shard in shards(streams, arn):
        records += read_shard(streams, arn, shard["ShardId"])
    return records


@pytest.fixture
def clients(tarn):
    return tarn.client("dynamodb"), tarn.client("dynamodbstreams")


def test_student_mix_gives_the_exact_record_sequence(clients):
    ddb, streams = clients
    arn = create_student(ddb)
    s = lambda v: {"S": v}  # noqa: E731
    ada = {"id": s("s1"), "name": s("Ada"), "standard": {"N": "7"}, "email": s("ada@example.com")}
    bob = {"id": s("s2"), "name": s("Bob"), "standard": {"N": "8"}}
    ddb.put_item(TableName="student", Item=ada)                                       # INSERT s1
    ddb.put_item(TableName="student", Item=bob)                                       # INSERT s2
    ddb.update_item(TableName="student", Key={"id": s("s1")}, UpdateExpression="SET standard = :n",
                    ExpressionAttributeValues={":n": {"N": "8"}})                     # MODIFY s1
    ada8 = dict(ada, standard={"N": "8"})
    ddb.put_item(TableName="student", Item=ada8)                                      # identical: nothing
    ddb.update_item(TableName="student", Key={"id": s("s2")}, UpdateExpression="SET #n = :n",
                    ExpressionAttributeNames={"#n": "name"},
                    ExpressionAttributeValues={":n": s("Bob")})                       # no change: nothing
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.put_item(TableName="student", Item={"id": s("s1")}, ConditionExpression="attribute_not_exists(id)")
    assert error_of(e)[0] == "ConditionalCheckFailedException"                        # failed: nothing
    ddb.delete_item(TableName="student", Key={"id": s("nobody")})                     # missing: nothing
    ddb.delete_item(TableName="student", Key={"id": s("s2")})                         # REMOVE s2
    carl = {"id": s("s3"), "name": s("Carl"), "marks": {"L": [{"N": "1"}, {"M": {"x": {"BOOL": True}}}]}}
    ddb.batch_write_item(RequestItems={"student": [{"PutRequest": {"Item": carl}},
                                                   {"DeleteRequest": {"Key": {"id": s("s1")}}}]})  # INSERT, REMOVE

    records = read_stream(streams, arn)
    got = [(r["eventName"], r["dynamodb"]["Keys"], r["dynamodb"].get("OldImage"), r["dynamodb"].get("NewImage"))
           for r in records]
    assert got == [
        ("INSERT", {"id": s("s1")}, None, ada),
        ("INSERT", {"id": s("s2")}, None, bob),
        ("MODIFY", {"id": s("s1")}, ada, ada8),
        ("REMOVE", {"id": s("s2")}, bob, None),
        ("INSERT", {"id": s("s3")}, None, carl),
        ("REMOVE", {"id": s("s1")}, ada8, None),
    ]
    sequence_numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence_numbers == sorted(sequence_numbers) and len(set(sequence_numbers)) == len(records)
    assert len({r["eventID"] for r in records}) == len(records)
    for r in records:
        assert r["eventSource"] == "aws:dynamodb" and r["eventVersion"] == "1.1" and r["awsRegion"] == "us-east-1"
        assert r["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert 21 <= len(r["dynamodb"]["SequenceNumber"]) <= 40
        assert isinstance(r["dynamodb"]["SizeBytes"], int) and r["dynamodb"]["SizeBytes"] > 0
        created = r["dynamodb"]["ApproximateCreationDateTime"]
        assert isinstance(created, datetime.datetime)
        assert abs(created.timestamp() - time.time()) < 120


def test_describe_stream_and_table_agree(clients):
    ddb, streams = clients
    arn = create_student(ddb, view="KEYS_ONLY")
    table = ddb.describe_table(TableName="student")["Table"]
    assert table["LatestStreamArn"] == arn
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert arn.endswith("/stream/" + table["LatestStreamLabel"])
    d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert d["StreamArn"] == arn and d["StreamLabel"] == table["LatestStreamLabel"]
    assert d["StreamStatus"] == "ENABLED" and d["StreamViewType"] == "KEYS_ONLY" and d["TableName"] == "student"
    assert d["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert isinstance(d["CreationRequestDateTime"], datetime.datetime)
    [shard] = d["Shards"]
    assert shard["ShardId"].startswith("shardId-")
    assert "StartingSequenceNumber" in shard["SequenceNumberRange"]
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]
    ddb.put_item(TableName="student", Item={"id": {"S": "k"}, "big": {"S": "x" * 100}})
    [record] = read_stream(streams, arn)
    assert record["dynamodb"]["Keys"] == {"id": {"S": "k"}}
    assert "NewImage" not in record["dynamodb"] and "OldImage" not in record["dynamodb"]


def test_iterator_types(clients):
    ddb, streams = clients
    arn = create_student(ddb, view="NEW_IMAGE")
    for i in range(5):
        ddb.put_item(TableName="student", Item={"id": {"S": f"s{i}"}})
    shard = shards(streams, arn)[0]["ShardId"]
    everything = read_shard(streams, arn, shard)
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in everything] == [f"s{i}" for i in range(5)]
    third = everything[2]["dynamodb"]["SequenceNumber"]
    at = read_shard(streams, arn, shard, "AT_SEQUENCE_NUMBER", SequenceNumber=third)
    assert [r["dynamodb"]["SequenceNumber"] for r in at] == [r["dynamodb"]["SequenceNumber"] for r in everything[2:]]
    after = read_shard(streams, arn, shard, "AFTER_SEQUENCE_NUMBER", SequenceNumber=third)
    assert after == everything[3:]
    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    r = streams.get_records(ShardIterator=latest)
    assert r["Records"] == [] and r["NextShardIterator"]
    ddb.put_item(TableName="student", Item={"id": {"S": "new"}})
    r = streams.get_records(ShardIterator=r["NextShardIterator"])
    assert [x["dynamodb"]["Keys"]["id"]["S"] for x in r["Records"]] == ["new"]
    # Limit pages through the shard in order.
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    paged = []
    for _ in range(10):
        r = streams.get_records(ShardIterator=it, Limit=2)
        assert len(r["Records"]) <= 2
        paged += r["Records"]
        it = r["NextShardIterator"]
    assert [x["eventID"] for x in paged] == [x["eventID"] for x in everything] + [paged[-1]["eventID"]]


def test_awscli_reads_the_stream(tarn, clients):
    ddb, _ = clients
    arn = create_student(ddb)
    ddb.put_item(TableName="student", Item={"id": {"S": "cli"}, "name": {"S": "Dee"}})
    out = tarn.aws("dynamodbstreams", "list-streams", "--table-name", "student", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Streams"][0]["StreamArn"] == arn
    out = tarn.aws("dynamodbstreams", "describe-stream", "--stream-arn", arn, "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    shard = json.loads(out.stdout)["StreamDescription"]["Shards"][0]["ShardId"]
    out = tarn.aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id", shard,
                   "--shard-iterator-type", "TRIM_HORIZON", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    it = json.loads(out.stdout)["ShardIterator"]
    out = tarn.aws("dynamodbstreams", "get-records", "--shard-iterator", it, "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    [record] = json.loads(out.stdout)["Records"]
    assert record["eventName"] == "INSERT"
    assert record["dynamodb"]["NewImage"] == {"id": {"S": "cli"}, "name": {"S": "Dee"}}
    out = tarn.aws("dynamodbstreams", "get-records", "--shard-iterator", "nonsense", "--region", "us-east-1")
    assert out.returncode != 0 and "ValidationException" in out.stderr


def test_list_streams_paging_and_filter(clients):
    ddb, streams = clients
    arns = sorted(create_student(ddb, name=f"student{i}", view="KEYS_ONLY") for i in range(3))
    create_student(ddb, name="other", view="KEYS_ONLY")
    ddb.create_table(**dict(STUDENT, TableName="nostream"))
    seen, kw = [], {}
    while True:
        page = streams.list_streams(Limit=1, **kw)
        assert len(page["Streams"]) <= 1
        seen += page["Streams"]
        if "LastEvaluatedStreamArn" not in page:
            break
        kw = {"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]}
    assert sorted(s["TableName"] for s in seen) == ["other", "student0", "student1", "student2"]
    mine = streams.list_streams(TableName="student1")["Streams"]
    assert [(s["TableName"], s["StreamArn"]) for s in mine] == [("student1", arns[1])]
    assert mine[0]["StreamLabel"] == arns[1].rsplit("/", 1)[1]
    assert streams.list_streams(TableName="nostream")["Streams"] == []


def test_disable_and_reenable_gives_a_new_arn(clients):
    ddb, streams = clients
    first = create_student(ddb)
    ddb.put_item(TableName="student", Item={"id": {"S": "a"}})
    t = ddb.update_table(TableName="student", StreamSpecification={"StreamEnabled": False})["TableDescription"]
    assert "StreamSpecification" not in t or not t["StreamSpecification"].get("StreamEnabled")
    ddb.put_item(TableName="student", Item={"id": {"S": "unrecorded"}})
    d = streams.describe_stream(StreamArn=first)["StreamDescription"]
    assert d["StreamStatus"] == "DISABLED"
    assert all("EndingSequenceNumber" in s["SequenceNumberRange"] for s in d["Shards"])
    t = ddb.update_table(TableName="student", StreamSpecification={"StreamEnabled": True,
                                                                  "StreamViewType": "NEW_IMAGE"})
    second = t["TableDescription"]["LatestStreamArn"]
    assert second != first
    ddb.put_item(TableName="student", Item={"id": {"S": "b"}})
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in read_stream(streams, first)] == ["a"]
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in read_stream(streams, second)] == ["b"]
    assert streams.describe_stream(StreamArn=second)["StreamDescription"]["StreamStatus"] == "ENABLED"
    assert {s["StreamArn"] for s in streams.list_streams(TableName="student")["Streams"]} == {first, second}
    ddb.delete_table(TableName="student")
    assert streams.describe_stream(StreamArn=second)["StreamDescription"]["StreamStatus"] == "DISABLED"


def test_errors(clients):
    ddb, streams = clients
    arn = create_student(ddb)
    missing = arn.replace("student", "nosuchtable")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        streams.describe_stream(StreamArn=missing)
    assert error_of(e) == ("ResourceNotFoundException", f"Requested resource not found: Stream: {missing} not found")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        streams.get_shard_iterator(StreamArn=missing, ShardId="shardId-00000000000000000000-00000000",
                                   ShardIteratorType="LATEST")
    assert error_of(e)[0] == "ResourceNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000",
                                   ShardIteratorType="LATEST")
    assert error_of(e)[0] == "ResourceNotFoundException"
    shard = shards(streams, arn)[0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    for bad in ["x" * 10, it[:-2] + ("AA" if not it.endswith("AA") else "BB"), it.replace("student", "studenu")]:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            streams.get_records(ShardIterator=bad)
        assert error_of(e)[0] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        streams.get_records(ShardIterator=it, Limit=1001)
    assert error_of(e)[0] == "ValidationException"


@pytest.mark.tarn_only
def test_iterators_expire(tmp_path):
    t = Tarn(tmp_path / "data").start("--streams-iterator-lifetime", "1")
    try:
        ddb, streams = t.client("dynamodb"), t.client("dynamodbstreams")
        arn = create_student(ddb)
        shard = shards(streams, arn)[0]["ShardId"]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        time.sleep(1.5)
        with pytest.raises(botocore.exceptions.ClientError) as e:
            streams.get_records(ShardIterator=it["ShardIterator"])
        assert error_of(e)[0] == "ExpiredIteratorException"
    finally:
        t.stop()


@pytest.mark.tarn_only
def test_records_are_trimmed_after_the_retention(tmp_path):
    t = Tarn(tmp_path / "data").start("--streams-retention", "1", "--streams-trim-interval-ms", "100")
    try:
        ddb, streams = t.client("dynamodb"), t.client("dynamodbstreams")
        arn = create_student(ddb)
        ddb.put_item(TableName="student", Item={"id": {"S": "old"}})
        shard = shards(streams, arn)[0]["ShardId"]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        time.sleep(2)
        with pytest.raises(botocore.exceptions.ClientError) as e:
            streams.get_records(ShardIterator=it["ShardIterator"])
        assert error_of(e)[0] == "TrimmedDataAccessException"
        assert read_shard(streams, arn, shard) == []
    finally:
        t.stop()


@pytest.mark.tarn_only
def test_kill9_during_writes_loses_and_invents_nothing(tmp_path):
    t = Tarn(tmp_path / "data").start()
    ddb = t.client("dynamodb")
    arn = create_student(ddb)
    attempted, acked = set(), set()
    lock = threading.Lock()
    stop = threading.Event()

    def writer(w):
        client = t.client("dynamodb")
        n = 0
        while not stop.is_set():
            n += 1
            key, value = f"s{w}-{n % 5}", f"{w}:{n}"
            with lock:
                attempted.add((key, value))
            try:
                client.put_item(TableName="student", Item={"id": {"S": key}, "v": {"S": value}})
            except Exception:  # noqa: BLE001 - the server died mid-request: not acknowledged
                return
            with lock:
                acked.add((key, value))

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(writer, w) for w in range(4)]
        # Kill once enough writes were acknowledged (a fixed sleep is too short on a loaded machine,
        # where creating the clients alone can take seconds), while the writers are still going.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with lock:
                if len(acked) > 40:
                    break
            time.sleep(0.05)
        t.proc.kill()  # SIGKILL: no drain, no flush
        t.proc.wait()
        stop.set()
        for f in futures:
            f.result()
    t.stop()
    assert len(acked) > 20

    t = Tarn(tmp_path / "data").start()
    try:
        ddb, streams = t.client("dynamodb"), t.client("dynamodbstreams")
        records = read_stream(streams, arn)
        seen = [(r["dynamodb"]["Keys"]["id"]["S"], r["dynamodb"]["NewImage"]["v"]["S"]) for r in records]
        assert len(seen) == len(set(seen)), "a write was recorded twice"
        assert acked <= set(seen), f"acknowledged writes without a record: {sorted(acked - set(seen))[:5]}"
        assert set(seen) <= attempted, "a record of a write that never happened"
        # The table and its stream agree: each item is the last image its stream shows.
        last = {}
        for key, value in seen:
            last[key] = value
        items = ddb.scan(TableName="student")["Items"]
        assert {i["id"]["S"]: i["v"]["S"] for i in items} == last
        # Writes after the restart continue the stream.
        ddb.put_item(TableName="student", Item={"id": {"S": "after"}, "v": {"S": "restart"}})
        tail = read_stream(streams, arn)[-1]
        assert tail["dynamodb"]["Keys"] == {"id": {"S": "after"}}
        assert int(tail["dynamodb"]["SequenceNumber"]) > int(records[-1]["dynamodb"]["SequenceNumber"])
    finally:
        t.stop()


def test_items_nested_as_deep_as_dynamodb_allows_are_read_back_everywhere(clients):
    # 31 levels of maps and lists (DynamoDB allows 32) were stored, then every read of them failed
    # with InternalFailure and their stream records were left out.
    ddb, streams = clients
    arn = create_student(ddb)
    value = {"S": "leaf"}
    for level in range(31):
        value = {"L": [value]} if level % 2 else {"M": {"a": value}}
    item = {"id": {"S": "deep"}, "v": value}
    ddb.put_item(TableName="student", Item=item)
    assert ddb.get_item(TableName="student", Key={"id": {"S": "deep"}}, ConsistentRead=True)["Item"] == item
    assert ddb.scan(TableName="student")["Items"] == [item]
    assert ddb.query(TableName="student", KeyConditionExpression="id = :i",
                     ExpressionAttributeValues={":i": {"S": "deep"}})["Items"] == [item]
    got = ddb.batch_get_item(RequestItems={"student": {"Keys": [{"id": {"S": "deep"}}]}})
    assert got["Responses"]["student"] == [item]
    ddb.update_item(TableName="student", Key={"id": {"S": "deep"}}, UpdateExpression="SET n = :n",
                    ExpressionAttributeValues={":n": {"N": "1"}})
    records = read_stream(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY"]
    assert records[0]["dynamodb"]["NewImage"] == item
    assert records[1]["dynamodb"]["OldImage"] == item
    assert records[1]["dynamodb"]["NewImage"] == dict(item, n={"N": "1"})
