#!/usr/bin/env python3
"""Event source mapping benchmark (DynamoDB Streams → Lambda). Starts a tarn (a release build, please)
on a temporary data directory, creates the student table with a NEW_AND_OLD_IMAGES stream and a Python
function whose handler only appends "<first id> <record count> <CLOCK_MONOTONIC at handler start>" to a
local file (STAMP_FILE), maps the stream to it, then measures:
  1. latency: PutItem one at a time (--latency-count, --rate per second); for each item, the time from
     its acknowledgement to the start of the handler invocation that received it (p50/p90/p99/max);
  2. throughput: --records items written with BatchWriteItem by --writers processes, BatchSize 100
     (MaximumBatchingWindowInSeconds 0); records/s = records / (last handler start - first ack);
  3. drain: as many records written while the mapping is disabled, then delivered once it is enabled:
     records/s = records / (last handler start - enabling), the mapping's rate without the writers'.
CLOCK_MONOTONIC is shared by the function's process and this one. Not part of `make test`.

  /usr/bin/python3 bench/esm_throughput.py build/release/tarn [--latency-count 300] [--rate 50]
                                          [--records 20000] [--writers 4]
"""
import argparse
import io
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import zipfile

import boto3
import botocore.config

import tarn_process  # bench/tarn_process.py: bench/ is on sys.path when a script runs

FUNCTION = '''
import os, time
STAMP_FILE = os.environ["STAMP_FILE"]


def handler(event, context):
    now = time.monotonic()
    records = event["Records"]
    with open(STAMP_FILE, "a") as f:
        f.write("%s %d %.6f\\n" % (records[0]["dynamodb"]["Keys"]["id"]["S"], len(records), now))
'''


def client(endpoint, creds, service):
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 3}, tcp_keepalive=True))


def batch_writer(endpoint, creds, start, count, out):
    ddb = client(endpoint, creds, "dynamodb")
    for base in range(start, start + count, 25):
        items = [{"PutRequest": {"Item": {"id": {"S": "t%07d" % i}, "name": {"S": "Ada"}}}}
                 for i in range(base, min(base + 25, start + count))]
        pending = {"student": items}
        while pending:
            pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
    out.put(time.monotonic())


def read_stamps(path):
    try:
        with open(path) as f:
            return [line.split() for line in f if line.strip()]
    except OSError:
        return []


def wait_records(path, prefix, total, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stamps = [s for s in read_stamps(path) if s[0].startswith(prefix)]
        if sum(int(s[1]) for s in stamps) >= total:
            return stamps
        time.sleep(0.05)
    raise SystemExit("timed out: the mapping did not deliver every record")


def percentile(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tarn")
    ap.add_argument("--latency-count", type=int, default=300)
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--writers", type=int, default=4)
    args = ap.parse_args()

    data = tempfile.mkdtemp(prefix="tarn-esm-bench-")
    stamp_file = os.path.join(data, "stamps.txt")
    proc, endpoint, creds = tarn_process.start(args.tarn, data, "--access-log", "off")
    try:
        ddb, lam = client(endpoint, creds, "dynamodb"), client(endpoint, creds, "lambda")
        arn = ddb.create_table(
            TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]["LatestStreamArn"]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("app.py", FUNCTION)
        lam.create_function(FunctionName="noop", Runtime="python3.11", Role=tarn_process.lambda_role(endpoint, creds),
                            Handler="app.handler", Code={"ZipFile": buf.getvalue()},
                            Environment={"Variables": {"STAMP_FILE": stamp_file}})
        mapping = lam.create_event_source_mapping(FunctionName="noop", EventSourceArn=arn,
                                                  StartingPosition="LATEST", BatchSize=100)["UUID"]
        # Warm the function up (its cold start is not what this measures).
        ddb.put_item(TableName="student", Item={"id": {"S": "warm"}})
        wait_records(stamp_file, "warm", 1)

        acks = {}
        gap = 1.0 / args.rate if args.rate else 0
        for i in range(args.latency_count):
            start = time.monotonic()
            ddb.put_item(TableName="student", Item={"id": {"S": "l%06d" % i}, "name": {"S": "Ada"}})
            acks["l%06d" % i] = time.monotonic()
            if gap:
                time.sleep(max(0, gap - (time.monotonic() - start)))
        stamps = wait_records(stamp_file, "l", args.latency_count)
        # One stamp per batch: every record of a batch started with it; ids are in order per shard.
        starts = {}
        ordered = sorted(acks)
        for first, n, t in stamps:
            i = ordered.index(first)
            for k in ordered[i:i + int(n)]:
                starts[k] = float(t)
        lat = sorted(max(0.0, starts[k] - acks[k]) * 1000 for k in acks if k in starts)
        print("stream->function latency (PutItem ack -> handler start), %d records: "
              "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms" % (
                  len(lat), percentile(lat, 50), percentile(lat, 90), percentile(lat, 99), lat[-1]))

        per = args.records // args.writers
        done_q = multiprocessing.Queue()
        begin = time.monotonic()
        writers = [multiprocessing.Process(target=batch_writer, args=(endpoint, creds, w * per, per, done_q))
                   for w in range(args.writers)]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        written = max(done_q.get() for _ in writers)
        stamps = wait_records(stamp_file, "t", per * args.writers)
        last = max(float(s[2]) for s in stamps)
        batches = len(stamps)
        total = per * args.writers
        print("throughput: %d records in %d invocations (BatchSize 100): %.0f records/s end to end "
              "(writes took %.2f s, delivery ended %.2f s after the last write)" % (
                  total, batches, total / (last - begin), written - begin, last - written))

        # 3. drain: the same records written while the mapping is disabled, then delivered from the
        # backlog once it is enabled again — the mapping's own rate, without the writers' limit.
        lam.update_event_source_mapping(UUID=mapping, Enabled=False)
        while lam.get_event_source_mapping(UUID=mapping)["State"] != "Disabled":
            time.sleep(0.05)
        writers = [multiprocessing.Process(target=batch_writer,
                                           args=(endpoint, creds, 10_000_000 + w * per, per, done_q))
                   for w in range(args.writers)]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        begin = time.monotonic()
        lam.update_event_source_mapping(UUID=mapping, Enabled=True)
        stamps = [st for st in wait_records(stamp_file, "t1", total) if st[0].startswith("t1")]
        last = max(float(st[2]) for st in stamps)
        print("drain: %d records in %d invocations from a backlog: %.0f records/s (%.2f s from enabling)" % (
            total, len(stamps), total / (last - begin), last - begin))
        return 0
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
