"""CloudWatch Logs with boto3 and the awscli: groups, streams, PutLogEvents rules (order, span,
too old / too new), GetLogEvents paging in both directions, FilterLogEvents with filter patterns
across streams with paging, retention, tags, errors, durability across a restart, and
`aws logs tail` (awscli v2 only)."""
import subprocess
import time

import botocore.exceptions
import pytest

from conftest import AWS_CLI, Tarn


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def now_ms():
    return int(time.time() * 1000)


def test_groups_streams_and_errors(tarn):
    logs = tarn.client("logs")
    logs.create_log_group(logGroupName="/aws/lambda/student-sync", tags={"team": "data"})
    logs.create_log_group(logGroupName="/aws/glue/jobs")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.create_log_group(logGroupName="/aws/glue/jobs")
    assert error_of(e) == ("ResourceAlreadyExistsException", "The specified log group already exists")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.create_log_group(logGroupName="bad name with spaces")
    assert error_of(e)[0] == "InvalidParameterException"

    groups = logs.describe_log_groups()["logGroups"]
    assert [g["logGroupName"] for g in groups] == ["/aws/glue/jobs", "/aws/lambda/student-sync"]
    assert groups[1]["arn"] == "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/student-sync:*"
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/student-sync"
    assert groups[1].get("logGroupArn", arn) == arn  # a member newer than boto3 1.26's model
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/aws/lambda")["logGroups"]] == \
        ["/aws/lambda/student-sync"]
    assert [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePattern="GLUE")["logGroups"]] == \
        ["/aws/glue/jobs"]
    page = logs.describe_log_groups(limit=1)
    assert len(page["logGroups"]) == 1 and "nextToken" in page
    rest = logs.describe_log_groups(limit=1, nextToken=page["nextToken"])
    assert [g["logGroupName"] for g in rest["logGroups"]] == ["/aws/lambda/student-sync"]
    assert "nextToken" not in rest

    logs.put_retention_policy(logGroupName="/aws/glue/jobs", retentionInDays=7)
    assert logs.describe_log_groups(logGroupNamePrefix="/aws/glue")["logGroups"][0]["retentionInDays"] == 7
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.put_retention_policy(logGroupName="/aws/glue/jobs", retentionInDays=2)
    assert error_of(e)[0] == "InvalidParameterException"
    logs.delete_retention_policy(logGroupName="/aws/glue/jobs")
    assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix="/aws/glue")["logGroups"][0]

    group = "/aws/lambda/student-sync"
    for s in ("2026/11/30/[$LATEST]b", "2026/11/30/[$LATEST]a", "other"):
        logs.create_log_stream(logGroupName=group, logStreamName=s)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.create_log_stream(logGroupName=group, logStreamName="other")
    assert error_of(e) == ("ResourceAlreadyExistsException", "The specified log stream already exists")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.create_log_stream(logGroupName="/missing", logStreamName="x")
    assert error_of(e) == ("ResourceNotFoundException", "The specified log group does not exist.")
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["2026/11/30/[$LATEST]a", "2026/11/30/[$LATEST]b", "other"]
    assert streams[2]["arn"].endswith(":log-group:" + group + ":log-stream:other")
    assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="2026",
                                                                  descending=True)["logStreams"]] == \
        ["2026/11/30/[$LATEST]b", "2026/11/30/[$LATEST]a"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime", logStreamNamePrefix="2026")
    assert error_of(e)[0] == "InvalidParameterException"

    logs.tag_resource(resourceArn=arn, tags={"env": "dev"})
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "data", "env": "dev"}
    logs.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert logs.list_tags_log_group(logGroupName=group)["tags"] == {"env": "dev"}

    logs.delete_log_stream(logGroupName=group, logStreamName="other")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.delete_log_stream(logGroupName=group, logStreamName="other")
    assert error_of(e) == ("ResourceNotFoundException", "The specified log stream does not exist.")
    logs.delete_log_group(logGroupName=group)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.describe_log_streams(logGroupName=group)
    assert error_of(e) == ("ResourceNotFoundException", "The specified log group does not exist.")


def test_put_and_get_log_events(tarn):
    logs = tarn.client("logs")
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    t0 = now_ms() - 60_000
    events = [{"timestamp": t0 + i, "message": f"line {i}"} for i in range(25)]
    out = logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=events)
    assert "rejectedLogEventsInfo" not in out

    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.put_log_events(logGroupName="g", logStreamName="s",
                            logEvents=[{"timestamp": t0 + 5, "message": "b"}, {"timestamp": t0, "message": "a"}])
    assert error_of(e) == ("InvalidParameterException",
                           "Log events in a single PutLogEvents request must be in chronological order.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.put_log_events(logGroupName="g", logStreamName="missing", logEvents=events[:1])
    assert error_of(e) == ("ResourceNotFoundException", "The specified log stream does not exist.")

    # Too old (15 days) and too new (3 hours ahead) events are rejected, the rest stored.
    mixed = [{"timestamp": now_ms() - 15 * 86400_000, "message": "old"},
             {"timestamp": now_ms() - 15 * 86400_000 + 1, "message": "old2"},
             {"timestamp": now_ms() - 1000, "message": "fine"},
             {"timestamp": now_ms() + 3 * 3600_000, "message": "future"}]
    logs.create_log_stream(logGroupName="g", logStreamName="mixed")
    out = logs.put_log_events(logGroupName="g", logStreamName="mixed", logEvents=mixed)
    assert out["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 1, "tooNewLogEventStartIndex": 3}
    got = logs.get_log_events(logGroupName="g", logStreamName="mixed", startFromHead=True)["events"]
    assert [e["message"] for e in got] == ["fine"]

    # From the head, 10 at a time, following nextForwardToken until it repeats.
    messages, token = [], None
    while True:
        kw = {"nextToken": token} if token else {"startFromHead": True}
        page = logs.get_log_events(logGroupName="g", logStreamName="s", limit=10, **kw)
        messages += [e["message"] for e in page["events"]]
        if page["nextForwardToken"] == token:
            break
        token = page["nextForwardToken"]
    assert messages == [f"line {i}" for i in range(25)]
    # Without startFromHead: the most recent events; then backwards.
    last = logs.get_log_events(logGroupName="g", logStreamName="s", limit=10)
    assert [e["message"] for e in last["events"]] == [f"line {i}" for i in range(15, 25)]
    before = logs.get_log_events(logGroupName="g", logStreamName="s", limit=10, nextToken=last["nextBackwardToken"])
    assert [e["message"] for e in before["events"]] == [f"line {i}" for i in range(5, 15)]
    # Time window: startTime inclusive, endTime exclusive.
    window = logs.get_log_events(logGroupName="g", logStreamName="s", startTime=t0 + 3, endTime=t0 + 6,
                                 startFromHead=True)["events"]
    assert [e["message"] for e in window] == ["line 3", "line 4", "line 5"]
    assert all(e["ingestionTime"] >= e["timestamp"] for e in window)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.get_log_events(logGroupName="g", logStreamName="s", nextToken="f/garbage")
    assert error_of(e)[0] == "InvalidParameterException"

    stream = logs.describe_log_streams(logGroupName="g", logStreamNamePrefix="s")["logStreams"][0]
    assert stream["firstEventTimestamp"] == t0 and stream["lastEventTimestamp"] == t0 + 24


def test_filter_log_events_across_streams(tarn):
    logs = tarn.client("logs")
    logs.create_log_group(logGroupName="app")
    t0 = now_ms() - 10_000
    for name, offset in (("a", 0), ("b", 1)):
        logs.create_log_stream(logGroupName="app", logStreamName=name)
        logs.put_log_events(logGroupName="app", logStreamName=name, logEvents=[
            {"timestamp": t0 + 2 * i + offset, "message": f'{{"level": "{"ERROR" if i % 3 == 0 else "INFO"}", '
                                                           f'"n": {i}, "stream": "{name}"}}'}
            for i in range(10)])
    everything = logs.filter_log_events(logGroupName="app")["events"]
    assert len(everything) == 20
    assert [e["timestamp"] for e in everything] == sorted(e["timestamp"] for e in everything)
    assert [e["logStreamName"] for e in everything[:4]] == ["a", "b", "a", "b"]
    assert len({e["eventId"] for e in everything}) == 20

    errors = logs.filter_log_events(logGroupName="app", filterPattern='{ $.level = "ERROR" }')["events"]
    assert len(errors) == 8 and all('"ERROR"' in e["message"] for e in errors)
    big_n = logs.filter_log_events(logGroupName="app", filterPattern="{ $.n >= 8 && $.stream = \"b\" }")["events"]
    assert [e["message"] for e in big_n] == ['{"level": "INFO", "n": 8, "stream": "b"}',
                                             '{"level": "ERROR", "n": 9, "stream": "b"}']
    terms = logs.filter_log_events(logGroupName="app", filterPattern='ERROR -"\\"stream\\": \\"a\\""',
                                   logStreamNames=["a", "b"])["events"]
    assert {e["logStreamName"] for e in terms} == {"b"} and len(terms) == 4
    only_a = logs.filter_log_events(logGroupName="app", logStreamNamePrefix="a", startTime=t0 + 4,
                                    endTime=t0 + 10)["events"]
    assert [e["timestamp"] - t0 for e in only_a] == [4, 6, 8]

    # Paging through everything 7 at a time with nextToken, and with boto3's paginator.
    seen, token = [], None
    while True:
        page = logs.filter_log_events(logGroupName="app", limit=7, **({"nextToken": token} if token else {}))
        seen += [e["eventId"] for e in page["events"]]
        token = page.get("nextToken")
        if not token:
            break
    assert seen == [e["eventId"] for e in everything]
    paged = [e for p in logs.get_paginator("filter_log_events").paginate(logGroupName="app",
                                                                      PaginationConfig={"PageSize": 6})
             for e in p["events"]]
    assert [e["eventId"] for e in paged] == seen

    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.filter_log_events(logGroupName="app", filterPattern="{ $.level = ")
    assert error_of(e)[0] == "InvalidParameterException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.filter_log_events(logGroupName="nope")
    assert error_of(e) == ("ResourceNotFoundException", "The specified log group does not exist.")


@pytest.mark.tarn_only
def test_events_survive_a_kill(tmp_path):
    t = Tarn(tmp_path / "data").start()
    logs = t.client("logs")
    logs.create_log_group(logGroupName="durable")
    logs.create_log_stream(logGroupName="durable", logStreamName="s")
    logs.put_log_events(logGroupName="durable", logStreamName="s",
                        logEvents=[{"timestamp": now_ms(), "message": "acknowledged"}])
    t.proc.kill()
    t.proc.wait()
    t = Tarn(tmp_path / "data").start()
    try:
        logs = t.client("logs")
        got = logs.get_log_events(logGroupName="durable", logStreamName="s", startFromHead=True)["events"]
        assert [e["message"] for e in got] == ["acknowledged"]
        # Sequence numbers keep growing after the restart: a new event sorts after the old one.
        logs.put_log_events(logGroupName="durable", logStreamName="s",
                            logEvents=[{"timestamp": got[0]["timestamp"], "message": "after restart"}])
        got = logs.filter_log_events(logGroupName="durable")["events"]
        assert [e["message"] for e in got] == ["acknowledged", "after restart"]
    finally:
        t.stop()


def test_cli_tail_and_filter(tarn):
    logs = tarn.client("logs")
    logs.create_log_group(logGroupName="/aws/lambda/fn")
    logs.create_log_stream(logGroupName="/aws/lambda/fn", logStreamName="2026/11/30/[$LATEST]abc")
    logs.put_log_events(logGroupName="/aws/lambda/fn", logStreamName="2026/11/30/[$LATEST]abc", logEvents=[
        {"timestamp": now_ms() - 2000, "message": "START RequestId: 1"},
        {"timestamp": now_ms() - 1000, "message": "[ERROR] boom"}])
    out = tarn.aws("logs", "filter-log-events", "--log-group-name", "/aws/lambda/fn", "--filter-pattern", "ERROR",
                   "--region", "us-east-1", "--output", "text", "--query", "events[].message")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[ERROR] boom"
    version = subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True).stdout + \
        subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True).stderr
    if not version.startswith("aws-cli/2"):
        return  # `aws logs tail` exists in awscli v2 only
    out = tarn.aws("logs", "tail", "/aws/lambda/fn", "--since", "1h", "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[0].endswith("START RequestId: 1") and lines[1].endswith("[ERROR] boom")
    assert "2026/11/30/[$LATEST]abc" in lines[0]
