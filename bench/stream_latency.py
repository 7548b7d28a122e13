#!/usr/bin/env python3
"""DynamoDB Streams latency: how long after a PutItem is acknowledged does a second client, polling
GetRecords in a tight loop, receive its record? Starts a tarn (a release build, please) on a temporary
data directory, creates the student table with a NEW_AND_OLD_IMAGES stream, runs one writer process
(PutItem, one after another, each stamped at its acknowledgement) and one poller process (GetRecords
in a tight loop, stamping each record when it arrives), and prints p50/p90/p99/max of ack-to-record
latency. CLOCK_MONOTONIC is shared by both processes. A record can arrive before its writer saw the
ack; such latencies count as 0. Not part of `make test`.

  /usr/bin/python3 bench/stream_latency.py build/release/tarn [--count 2000] [--rate 0 (as fast as possible)]
"""
import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time

import boto3
import botocore.config

import tarn_process  # bench/tarn_process.py: bench/ is on sys.path when a script runs


def client(endpoint, creds, service):
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 1}, tcp_keepalive=True))


def writer(endpoint, creds, count, rate, ready, out):
    ddb = client(endpoint, creds, "dynamodb")
    ready.wait()
    acks = {}
    gap = 1.0 / rate if rate else 0
    for i in range(count):
        start = time.monotonic()
        ddb.put_item(TableName="student", Item={"id": {"S": f"s{i}"}, "name": {"S": "Ada"}, "standard": {"N": "7"}})
        acks[f"s{i}"] = time.monotonic()
        if gap:
            time.sleep(max(0, gap - (time.monotonic() - start)))
    out.put(acks)


def poller(endpoint, creds, arn, count, ready, out):
    streams = client(endpoint, creds, "dynamodbstreams")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    seen, polls = {}, 0
    ready.set()
    deadline = time.monotonic() + 600
    while len(seen) < count and time.monotonic() < deadline:
        r = streams.get_records(ShardIterator=it)
        now = time.monotonic()
        polls += 1
        for rec in r["Records"]:
            seen[rec["dynamodb"]["Keys"]["id"]["S"]] = now
        it = r["NextShardIterator"]
    out.put((seen, polls))


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tarn")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--rate", type=float, default=0, help="PutItem per second (0: back to back)")
    ap.add_argument("--durability", default="sync")
    args = ap.parse_args()

    data = tempfile.mkdtemp(prefix="tarn-stream-bench-")
    proc, endpoint, creds = tarn_process.start(args.tarn, data, "--access-log", "off", "--durability",
                                               args.durability)
    try:
        ddb = client(endpoint, creds, "dynamodb")
        arn = ddb.create_table(
            TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]["LatestStreamArn"]

        ready = multiprocessing.Event()
        acks_q, seen_q = multiprocessing.Queue(), multiprocessing.Queue()
        p = multiprocessing.Process(target=poller, args=(endpoint, creds, arn, args.count, ready, seen_q))
        w = multiprocessing.Process(target=writer, args=(endpoint, creds, args.count, args.rate, ready, acks_q))
        p.start()
        w.start()
        acks = acks_q.get()
        seen, polls = seen_q.get()
        w.join()
        p.join()
        latencies = sorted(max(0.0, seen[k] - acks[k]) * 1000 for k in acks if k in seen)
        missing = len(acks) - len(latencies)
        print(f"{len(latencies)} records ({missing} missing), {polls} GetRecords polls, durability {args.durability}")
        print("ack-to-record latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f" % (
            percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99), latencies[-1]))
        return 0 if missing == 0 else 1
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
