"""Lambda with boto3 and the awscli: functions (create from a zip or S3, get, list with paging,
update code and configuration, delete, exact errors, waiters) and real execution through the
Runtime API: a Python function invoked synchronously (payload round trip, LogType Tail) and
asynchronously (its boto3 writes an S3 object, which proves AWS_ENDPOINT_URL and the credentials
reach it), a `provided` bootstrap written in shell, a timeout, unhandled errors, a crash, reserved
concurrency, and the function's logs read back with filter_log_events."""
import base64
import hashlib
import io
import json
import os
import subprocess
import time
import zipfile

import botocore.exceptions
import pytest

from conftest import AWS_CLI, Tarn

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def make_zip(files):
    """files: {name: text or (text, mode)}"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            mode = 0o644
            if isinstance(content, tuple):
                content, mode = content
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content)
    return buf.getvalue()


APP = '''
import json, os, sys, time

import boto3


def echo(event, context):
    print("echo got", json.dumps(event))
    return {"event": event, "function": context.function_name, "region": os.environ["AWS_REGION"],
            "request_id": context.aws_request_id, "remaining": context.get_remaining_time_in_millis() > 0,
            "color": os.environ.get("COLOR")}


def put(event, context):
    s3 = boto3.client("s3")
    s3.put_object(Bucket=event["bucket"], Key=event["key"], Body=json.dumps(event).encode())
    print("wrote", event["key"])
    return "ok"


def slow(event, context):
    print("sleeping")
    time.sleep(event.get("seconds", 5))
    return "woke"


def fail(event, context):
    raise ValueError("boom: " + str(event.get("why")))


def crash(event, context):
    print("crashing")
    sys.stdout.flush()
    os._exit(3)
'''

SHELL_BOOTSTRAP = '''#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')
  rm -f "$HEADERS"
  echo "shell handling $EVENT with $_HANDLER"
  curl -sS -o /dev/null -X POST "$API/invocation/$REQUEST_ID/response" -d "{\\"shell\\": $EVENT}"
done
'''


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    t = Tarn(tmp_path_factory.mktemp("lambda") / "data").start()
    t.lambda_role()
    yield t
    t.stop()
    out = t.output()
    assert "AddressSanitizer" not in out and "runtime error:" not in out, out
    assert "unhandled exception" not in out, out


@pytest.fixture(scope="module")
def app_zip():
    return make_zip({"app.py": APP})


def create(lam, name, zip_bytes, handler="app.echo", runtime="python3.11", **kwargs):
    return lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                               Code={"ZipFile": zip_bytes}, **kwargs)


def invoke(lam, name, payload, **kwargs):
    r = lam.invoke(FunctionName=name, Payload=json.dumps(payload).encode(), **kwargs)
    return r, r["Payload"].read()


def test_function_lifecycle_and_errors(server, app_zip):
    lam = server.client("lambda")
    c = create(lam, "life", app_zip, Description="d", Timeout=7, MemorySize=256,
               Environment={"Variables": {"COLOR": "blue"}}, Tags={"team": "data"})
    assert c["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert c["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:life"
    assert c["CodeSha256"] == base64.b64encode(hashlib.sha256(app_zip).digest()).decode()
    assert c["CodeSize"] == len(app_zip)
    assert c["State"] == "Pending" and c["Version"] == "$LATEST"
    assert c["Timeout"] == 7 and c["MemorySize"] == 256 and c["Environment"]["Variables"] == {"COLOR": "blue"}
    assert len(c["LastModified"]) == 28 and c["LastModified"].endswith("+0000")
    lam.get_waiter("function_active_v2").wait(FunctionName="life", WaiterConfig={"Delay": 1})

    g = lam.get_function(FunctionName="life")
    assert g["Configuration"]["State"] == "Active"
    assert g["Configuration"]["LastUpdateStatus"] == "Successful"
    assert g["Tags"] == {"team": "data"}
    assert g["Code"]["RepositoryType"] == "S3"
    assert lam.get_function_configuration(
        FunctionName="arn:aws:lambda:us-east-1:000000000000:function:life")["Handler"] == "app.echo"

    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(lam, "life", app_zip)
    assert error_of(e) == ("ResourceConflictException", "Function already exist: life")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_function(FunctionName="nope")
    assert error_of(e) == ("ResourceNotFoundException",
                           "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404

    u = lam.update_function_configuration(FunctionName="life", Timeout=9, Environment={"Variables": {"COLOR": "red"}})
    assert u["Timeout"] == 9 and u["LastUpdateStatus"] == "InProgress"
    lam.get_waiter("function_updated_v2").wait(FunctionName="life", WaiterConfig={"Delay": 1})
    new_zip = make_zip({"app.py": APP + "\n# v2\n"})
    u = lam.update_function_code(FunctionName="life", ZipFile=new_zip)
    assert u["CodeSha256"] == base64.b64encode(hashlib.sha256(new_zip).digest()).decode()
    assert u["Environment"]["Variables"] == {"COLOR": "red"}
    r, body = invoke(lam, "life", {"a": 1})
    assert json.loads(body)["color"] == "red"

    for i in range(3):
        create(lam, f"page-{i}", app_zip)
    names, marker = [], None
    while True:
        kwargs = {"MaxItems": 2}
        if marker:
            kwargs["Marker"] = marker
        page = lam.list_functions(**kwargs)
        names += [f["FunctionName"] for f in page["Functions"]]
        marker = page.get("NextMarker")
        if not marker:
            break
    assert [n for n in names if n.startswith("page-") or n == "life"] == ["life", "page-0", "page-1", "page-2"]

    for i in range(3):
        lam.delete_function(FunctionName=f"page-{i}")
    d = lam.delete_function(FunctionName="life")
    assert d["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.delete_function(FunctionName="life")
    assert error_of(e)[0] == "ResourceNotFoundException"


def test_bad_packages_and_parameters(server, app_zip):
    lam = server.client("lambda")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(lam, "badzip", b"this is not a zip")
    assert error_of(e) == ("InvalidParameterValueException",
                           "Could not unzip uploaded file. Please check your file, then try to upload again.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(lam, "slip", make_zip({"../evil.py": "x = 1"}))
    assert error_of(e)[0] == "InvalidParameterValueException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(lam, "old", app_zip, runtime="python2.7")
    assert error_of(e)[0] == "InvalidParameterValueException"
    assert "python2.7 is no longer supported" in error_of(e)[1]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_function(FunctionName="nohandler", Runtime="python3.11", Role=ROLE, Code={"ZipFile": app_zip})
    assert error_of(e)[0] == "InvalidParameterValueException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create(lam, "toolong", app_zip, Timeout=901)
    assert error_of(e)[0] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.list_functions()  # still works after the failures
        create(lam, "bad name!", app_zip)
    assert error_of(e)[0] == "ValidationException"
    assert [f["FunctionName"] for f in lam.list_functions()["Functions"]
            if f["FunctionName"] in ("badzip", "slip", "old", "nohandler", "toolong")] == []


def test_invoke_sync_round_trip_and_tail(server, app_zip):
    lam = server.client("lambda")
    create(lam, "echo", app_zip, Environment={"Variables": {"COLOR": "green"}})
    r, body = invoke(lam, "echo", {"hello": "world", "n": [1, 2]}, LogType="Tail")
    assert r["StatusCode"] == 200 and r["ExecutedVersion"] == "$LATEST" and "FunctionError" not in r
    out = json.loads(body)
    assert out["event"] == {"hello": "world", "n": [1, 2]}
    assert out["function"] == "echo" and out["region"] == "us-east-1" and out["color"] == "green"
    assert out["remaining"] is True
    assert out["request_id"] == r["ResponseMetadata"]["RequestId"]
    tail = base64.b64decode(r["LogResult"]).decode()
    lines = tail.splitlines()
    assert lines[0] == f"START RequestId: {out['request_id']} Version: $LATEST"
    assert 'echo got {"hello": "world", "n": [1, 2]}' in lines
    assert lines[-2] == f"END RequestId: {out['request_id']}"
    assert lines[-1].startswith(f"REPORT RequestId: {out['request_id']}\tDuration: ")
    assert "\tMemory Size: 128 MB\tMax Memory Used: " in lines[-1]
    # Warm: a second invocation reuses the instance (same log stream).
    r2, body2 = invoke(lam, "echo", {"again": True})
    assert json.loads(body2)["event"] == {"again": True}
    assert "LogResult" not in r2
    dry = lam.invoke(FunctionName="echo", InvocationType="DryRun")
    assert dry["StatusCode"] == 204
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.invoke(FunctionName="missing", Payload=b"{}")
    assert error_of(e)[0] == "ResourceNotFoundException"

    logs = server.client("logs")
    deadline = time.time() + 10
    while True:
        events = logs.filter_log_events(logGroupName="/aws/lambda/echo", filterPattern="REPORT")["events"]
        if len(events) >= 2 or time.time() > deadline:
            break
        time.sleep(0.2)
    assert len(events) == 2
    streams = {e["logStreamName"] for e in events}
    assert len(streams) == 1
    stream = streams.pop()
    assert stream[:11].count("/") == 3 and "[$LATEST]" in stream and len(stream.split("]")[1]) == 32
    printed = logs.filter_log_events(logGroupName="/aws/lambda/echo", filterPattern='"echo got"')["events"]
    assert len(printed) == 2


def test_invoke_async_writes_through_boto3(server, app_zip):
    lam = server.client("lambda")
    s3 = server.client("s3")
    s3.create_bucket(Bucket="lambda-out")
    create(lam, "writer", app_zip, handler="app.put")
    r = lam.invoke(FunctionName="writer", InvocationType="Event",
                   Payload=json.dumps({"bucket": "lambda-out", "key": "async/1.json"}).encode())
    assert r["StatusCode"] == 202
    deadline = time.time() + 30
    while time.time() < deadline:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="lambda-out").get("Contents", [])]
        if keys:
            break
        time.sleep(0.2)
    assert keys == ["async/1.json"]
    body = json.loads(s3.get_object(Bucket="lambda-out", Key="async/1.json")["Body"].read())
    assert body == {"bucket": "lambda-out", "key": "async/1.json"}
    # And synchronously, from a package stored in S3.
    s3.put_object(Bucket="lambda-out", Key="code/app.zip", Body=app_zip)
    lam.create_function(FunctionName="writer-s3", Runtime="python3.12", Role=ROLE, Handler="app.put",
                        Code={"S3Bucket": "lambda-out", "S3Key": "code/app.zip"})
    r, body = invoke(lam, "writer-s3", {"bucket": "lambda-out", "key": "sync/2.json"})
    assert json.loads(body) == "ok", body
    assert s3.head_object(Bucket="lambda-out", Key="sync/2.json")["ContentLength"] > 0
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_function(FunctionName="writer-missing", Runtime="python3.12", Role=ROLE, Handler="app.put",
                            Code={"S3Bucket": "lambda-out", "S3Key": "code/none.zip"})
    assert error_of(e)[0] == "InvalidParameterValueException" and "NoSuchKey" in error_of(e)[1]


def test_provided_runtime_shell_bootstrap(server):
    lam = server.client("lambda")
    zip_bytes = make_zip({"bootstrap": (SHELL_BOOTSTRAP, 0o755)})
    create(lam, "shell", zip_bytes, handler="function.handler", runtime="provided.al2023")
    r, body = invoke(lam, "shell", {"from": "sh"}, LogType="Tail")
    assert r["StatusCode"] == 200 and "FunctionError" not in r, body
    assert json.loads(body) == {"shell": {"from": "sh"}}
    assert "shell handling" in base64.b64decode(r["LogResult"]).decode()
    r, body = invoke(lam, "shell", [1, 2, 3])
    assert json.loads(body) == {"shell": [1, 2, 3]}
    # No bootstrap in the package.
    create(lam, "nobootstrap", make_zip({"readme.txt": "x"}), handler="x", runtime="provided.al2")
    r, body = invoke(lam, "nobootstrap", {})
    assert r["FunctionError"] == "Unhandled"
    assert json.loads(body)["errorType"] == "Runtime.InvalidEntrypoint"


def test_timeout_error_and_crash(server, app_zip):
    lam = server.client("lambda")
    create(lam, "slow", app_zip, handler="app.slow", Timeout=1)
    start = time.time()
    r, body = invoke(lam, "slow", {"seconds": 5}, LogType="Tail")
    assert time.time() - start < 4.5
    assert r["FunctionError"] == "Unhandled"
    err = json.loads(body)
    assert "Task timed out after 1.00 seconds" in err["errorMessage"]
    assert "Task timed out after 1.00 seconds" in base64.b64decode(r["LogResult"]).decode()
    # A fresh instance serves the next invocation.
    r, body = invoke(lam, "slow", {"seconds": 0})
    assert json.loads(body) == "woke" and "FunctionError" not in r

    create(lam, "fail", app_zip, handler="app.fail")
    r, body = invoke(lam, "fail", {"why": "bad input"})
    assert r["FunctionError"] == "Unhandled"
    err = json.loads(body)
    assert err["errorType"] == "ValueError" and err["errorMessage"] == "boom: bad input"
    assert isinstance(err["stackTrace"], list) and err["stackTrace"]
    r, body = invoke(lam, "fail", {"why": "again"})  # the instance survives handled exceptions
    assert json.loads(body)["errorMessage"] == "boom: again"

    create(lam, "crash", app_zip, handler="app.crash")
    r, body = invoke(lam, "crash", {})
    assert r["FunctionError"] == "Unhandled"
    err = json.loads(body)
    assert err["errorType"] == "Runtime.ExitError"
    assert "exit status 3" in err["errorMessage"]

    create(lam, "badhandler", app_zip, handler="nomodule.handler")
    r, body = invoke(lam, "badhandler", {})
    assert r["FunctionError"] == "Unhandled"
    assert json.loads(body)["errorType"] == "Runtime.ImportModuleError"


def test_reserved_concurrency(server, app_zip):
    lam = server.client("lambda")
    create(lam, "limited", app_zip)
    assert lam.put_function_concurrency(FunctionName="limited", ReservedConcurrentExecutions=0)[
        "ReservedConcurrentExecutions"] == 0
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.invoke(FunctionName="limited", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert lam.get_function_concurrency(FunctionName="limited")["ReservedConcurrentExecutions"] == 0
    assert lam.get_function(FunctionName="limited")["Concurrency"] == {"ReservedConcurrentExecutions": 0}
    lam.delete_function_concurrency(FunctionName="limited")
    r, body = invoke(lam, "limited", {"ok": 1})
    assert json.loads(body)["event"] == {"ok": 1}

    # One reserved: a second invocation while the first runs is throttled; afterwards it runs.
    import threading
    create(lam, "single", app_zip, handler="app.slow", Timeout=20)
    lam.put_function_concurrency(FunctionName="single", ReservedConcurrentExecutions=1)
    results = []
    other = server.client("lambda")
    first = threading.Thread(target=lambda: results.append(invoke(other, "single", {"seconds": 2})))
    first.start()
    time.sleep(1)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.invoke(FunctionName="single", Payload=json.dumps({"seconds": 0}).encode())
    assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
    first.join()
    assert json.loads(results[0][1]) == "woke"
    r, body = invoke(lam, "single", {"seconds": 0})
    assert json.loads(body) == "woke"


def test_awscli_create_wait_invoke(server, app_zip, tmp_path):
    zip_path = tmp_path / "app.zip"
    zip_path.write_bytes(app_zip)
    p = server.aws("lambda", "create-function", "--function-name", "cli", "--runtime", "python3.11",
                   "--role", ROLE, "--handler", "app.echo", "--zip-file", f"fileb://{zip_path}")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["FunctionName"] == "cli"
    p = server.aws("lambda", "wait", "function-active-v2", "--function-name", "cli")
    assert p.returncode == 0, p.stderr
    out = tmp_path / "out.json"
    args = ["lambda", "invoke", "--function-name", "cli", "--payload", '{"via": "cli"}', str(out)]
    version = subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True).stdout
    if version.startswith("aws-cli/2"):
        args[1:1] = ["--cli-binary-format", "raw-in-base64-out"]
    p = server.aws(*args)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["StatusCode"] == 200
    assert json.loads(out.read_text())["event"] == {"via": "cli"}
    p = server.aws("lambda", "get-function", "--function-name", "nope")
    assert p.returncode != 0 and "ResourceNotFoundException" in p.stderr


PID_APP = '''
import os, time


def pid(event, context):
    if event.get("sleep"):
        time.sleep(event["sleep"])
    return os.getpid()
'''


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone between the open and the read
        return False


@pytest.mark.tarn_only
def test_function_processes_end_with_tarn(tmp_path):
    t = Tarn(tmp_path / "data").start()
    t.lambda_role()
    try:
        lam = t.client("lambda")
        create(lam, "pid", make_zip({"app.py": PID_APP}), handler="app.pid")
        r, body = invoke(lam, "pid", {})
        first = json.loads(body)
        r, body = invoke(lam, "pid", {})
        assert json.loads(body) == first  # the warm instance served both
        assert alive(first)
        # SIGTERM while an invocation is running: tarn stops promptly and takes its children along.
        import threading
        slow = threading.Thread(target=lambda: invoke(t.client("lambda"), "pid", {"sleep": 30}), daemon=True)
        slow.start()
        time.sleep(1)
        start = time.time()
        assert t.stop() == 0
        assert time.time() - start < 15
        assert not alive(first)
        # kill -9: the kernel ends the children (PR_SET_PDEATHSIG).
        t.start()
        lam = t.client("lambda")
        r, body = invoke(lam, "pid", {})
        second = json.loads(body)
        assert alive(second)
        t.proc.kill()
        t.proc.wait()
        deadline = time.time() + 5
        while alive(second) and time.time() < deadline:
            time.sleep(0.1)
        assert not alive(second)
    finally:
        if t.proc and t.proc.poll() is None:
            t.stop()


@pytest.mark.tarn_only
def test_idle_instances_are_stopped(tmp_path):
    t = Tarn(tmp_path / "data").start("--lambda-idle-timeout", "1")
    t.lambda_role()
    try:
        lam = t.client("lambda")
        create(lam, "idle", make_zip({"app.py": PID_APP}), handler="app.pid")
        first = json.loads(invoke(lam, "idle", {})[1])
        assert alive(first)
        deadline = time.time() + 10
        while alive(first) and time.time() < deadline:
            time.sleep(0.1)
        assert not alive(first)
        # The next invocation starts a new instance.
        second = json.loads(invoke(lam, "idle", {})[1])
        assert second != first and alive(second)
    finally:
        t.stop()


@pytest.mark.tarn_only
def test_accepted_event_invocation_survives_kill_9(tmp_path, app_zip):
    t = Tarn(tmp_path / "data").start()
    t.lambda_role()
    try:
        lam = t.client("lambda")
        s3 = t.client("s3")
        s3.create_bucket(Bucket="survivor")
        create(lam, "later", app_zip, handler="app.put")
        # Reserved concurrency 0 holds the accepted invocation in the queue (throttled, retried).
        lam.put_function_concurrency(FunctionName="later", ReservedConcurrentExecutions=0)
        r = lam.invoke(FunctionName="later", InvocationType="Event",
                       Payload=json.dumps({"bucket": "survivor", "key": "after-crash.json"}).encode())
        assert r["StatusCode"] == 202
        t.proc.kill()
        t.proc.wait()
        t.start()
        lam = t.client("lambda")
        s3 = t.client("s3")
        lam.delete_function_concurrency(FunctionName="later")
        deadline = time.time() + 30
        keys = []
        while time.time() < deadline and not keys:
            keys = [o["Key"] for o in s3.list_objects_v2(Bucket="survivor").get("Contents", [])]
            time.sleep(0.2)
        assert keys == ["after-crash.json"]
        # Run once: the queue entry is gone, a restart does not run it again.
        s3.delete_object(Bucket="survivor", Key="after-crash.json")
        assert t.stop() == 0
        t.start()
        time.sleep(2)
        assert t.client("s3").list_objects_v2(Bucket="survivor").get("KeyCount") == 0
    finally:
        if t.proc and t.proc.poll() is None:
            t.stop()


NODE_APP = '''
exports.echo = async (event, context) => {
  console.log("node got", JSON.stringify(event));
  return { event, function: context.functionName, remaining: context.getRemainingTimeInMillis() > 0 };
};
exports.callback = (event, context, callback) => { callback(null, { called: event.n + 1 }); };
exports.fail = async () => { throw new TypeError("node boom"); };
'''


def test_nodejs_runtime(server):
    lam = server.client("lambda")
    zip_bytes = make_zip({"index.js": NODE_APP})
    create(lam, "node-echo", zip_bytes, handler="index.echo", runtime="nodejs20.x")
    r, body = invoke(lam, "node-echo", {"js": True}, LogType="Tail")
    assert "FunctionError" not in r, body
    assert json.loads(body) == {"event": {"js": True}, "function": "node-echo", "remaining": True}
    tail = base64.b64decode(r["LogResult"]).decode()
    assert '\tINFO\tnode got {"js":true}' in tail
    create(lam, "node-cb", zip_bytes, handler="index.callback", runtime="nodejs22.x")
    r, body = invoke(lam, "node-cb", {"n": 41})
    assert json.loads(body) == {"called": 42}
    create(lam, "node-fail", zip_bytes, handler="index.fail", runtime="nodejs20.x")
    r, body = invoke(lam, "node-fail", {})
    assert r["FunctionError"] == "Unhandled"
    err = json.loads(body)
    assert err["errorType"] == "TypeError" and err["errorMessage"] == "node boom" and err["trace"]


def test_function_tags(server, app_zip):
    lam = server.client("lambda")
    arn = create(lam, "tagged", app_zip, Tags={"team": "data"})["FunctionArn"]
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "data"}
    lam.tag_resource(Resource=arn, Tags={"stage": "dev", "team": "lake"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "lake", "stage": "dev"}
    assert lam.get_function(FunctionName="tagged")["Tags"] == {"team": "lake", "stage": "dev"}
    lam.untag_resource(Resource=arn, TagKeys=["team", "absent"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"stage": "dev"}

    missing = arn.replace(":tagged", ":nobody")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.list_tags(Resource=missing)
    assert error_of(e)[0] == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.tag_resource(Resource=arn, Tags={f"k{i}": "v" for i in range(50)})
    assert error_of(e)[0] == "InvalidParameterValueException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert lam.list_tags(Resource=arn)["Tags"] == {"stage": "dev"}, "a refused request changes nothing"
