"""The request path end to end with raw HTTP: tarn's own endpoints, routing and protocol errors,
the data-directory lock, `tarn env`, signals and the access log."""
import json
import os
import signal
import stat
import subprocess
import time

import pytest

from conftest import TARN_BIN, Tarn
from signing import FORM, send, send_signed

pytestmark = pytest.mark.tarn_only


def test_health_needs_no_auth(tarn):
    r = send(tarn.endpoint + "/_tarn/health")
    assert r.status == 200
    assert json.loads(r.body)["status"] == "running"
    assert r.header("x-amzn-RequestId")


def test_unsigned_json_request_is_missing_authentication_token(tarn):
    r = send(tarn.endpoint + "/", "POST", "{}", {"Content-Type": "application/x-amz-json-1.0",
                                                  "X-Amz-Target": "DynamoDB_20120810.ListTables"})
    assert r.status in (400, 403), r.body
    assert json.loads(r.body)["__type"].endswith("MissingAuthenticationTokenException")


def test_unknown_query_action_is_invalid_action(tarn):
    r = send_signed(tarn, "sts", "Action=NoSuchAction&Version=2011-06-15", headers=FORM)
    assert r.status == 400, r.body
    assert "<Code>InvalidAction</Code>" in r.body
    assert "<RequestId>" in r.body


def test_unknown_json_target_is_unknown_operation(tarn):
    r = send_signed(tarn, "dynamodb", "{}", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.NoSuchOperation"})
    assert r.status == 400, r.body
    assert json.loads(r.body)["__type"].endswith("UnknownOperationException")


def test_malformed_json_body_is_serialization_exception(tarn):
    r = send_signed(tarn, "logs", "{not json", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Logs_20140328.DescribeLogGroups"})
    assert r.status == 400, r.body
    assert json.loads(r.body)["__type"].endswith("SerializationException")


def test_second_tarn_on_same_directory_fails_clearly(tarn):
    out = subprocess.run([TARN_BIN, "serve", "--data", tarn.data_dir, "--port", "0"], capture_output=True,
                         text=True, timeout=30)
    assert out.returncode != 0
    assert "is in use by another tarn process" in out.stderr


def test_root_credentials_file_is_private(tarn):
    path = os.path.join(tarn.data_dir, "root-credentials")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = open(path).read()
    assert "[default]" in text and "aws_access_key_id = AKIA" in text


def test_tarn_env_prints_exports_for_this_directory(tarn):
    out = tarn.env_exports()
    env = tarn.credentials()
    assert env["AWS_ENDPOINT_URL"] == tarn.endpoint
    assert env["AWS_DEFAULT_REGION"] == "us-east-1"
    assert env["AWS_ACCESS_KEY_ID"].startswith("AKIA") and len(env["AWS_ACCESS_KEY_ID"]) == 20
    assert len(env["AWS_SECRET_ACCESS_KEY"]) == 40
    # Evaluated by a real shell it sets the variables.
    shown = subprocess.run(["bash", "-c", out + '\necho "$AWS_ENDPOINT_URL"'], capture_output=True, text=True)
    assert shown.stdout.strip() == tarn.endpoint


def test_tarn_env_without_data_directory_fails(tmp_path):
    out = subprocess.run([TARN_BIN, "env", "--data", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert out.returncode == 1
    assert "tarn serve" in out.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_cleanly(tmp_path, sig):
    t = Tarn(tmp_path / "data").start()
    assert t.client("sts").get_caller_identity()["Account"] == "000000000000"
    assert t.stop(sig) == 0
    assert "tarn stopped" in t.output()
    # The lock is released: a new tarn starts on the same directory.
    t.start()
    t.stop()


def test_access_log_has_a_line_per_request(tarn):
    sts = tarn.client("sts")
    for _ in range(3):
        sts.get_caller_identity()
    path = os.path.join(tarn.data_dir, "access.log")
    deadline = time.time() + 10
    lines = []
    while time.time() < deadline:
        lines = [l for l in open(path).read().splitlines() if "GetCallerIdentity" in l] if os.path.exists(path) else []
        if len(lines) >= 3:
            break
        time.sleep(0.1)
    assert len(lines) >= 3
    assert " sts GetCallerIdentity 200 " in lines[0]
    assert lines[0].rstrip().endswith("us")


def test_startup_banner_names_endpoint_and_credentials(tarn):
    out = tarn.output()
    assert tarn.endpoint in out
    assert "root-credentials" in out
