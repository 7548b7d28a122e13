"""STS GetCallerIdentity end to end: the first real operation, through SigV4, routing, the Query
codec and the dispatcher, with awscli and boto3."""
import datetime
import json
import os
import subprocess

import botocore.exceptions
import pytest

from conftest import AWS_CLI, TARN_BIN, aws_cli_supports_endpoint_env
from signing import FORM, send_signed, utcnow

ROOT_ARN = "arn:aws:iam::000000000000:root"
CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15"


def test_boto3_get_caller_identity(tarn):
    ident = tarn.client("sts").get_caller_identity()
    assert ident["Arn"] == ROOT_ARN
    assert ident["Account"] == "000000000000"
    assert ident["UserId"] == "000000000000"
    assert ident["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert ident["ResponseMetadata"]["RequestId"]


def test_aws_cli_after_eval_tarn_env(tarn):
    # The README's promise: eval "$(tarn env)" then plain aws commands hit tarn.
    script = f'eval "$({TARN_BIN} env --data {tarn.data_dir})" && aws sts get-caller-identity --output json'
    if not aws_cli_supports_endpoint_env():
        script += ' --endpoint-url "$AWS_ENDPOINT_URL"'
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["HOME"] = tarn.data_dir
    env["PATH"] = os.path.dirname(AWS_CLI) + ":" + env.get("PATH", "")
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Arn"] == ROOT_ARN


def test_wrong_secret_is_signature_does_not_match(tarn):
    out = tarn.aws("sts", "get-caller-identity", extra_env={"AWS_SECRET_ACCESS_KEY": "x" * 40})
    assert out.returncode != 0
    assert "SignatureDoesNotMatch" in out.stderr

    creds = tarn.credentials()
    sts = tarn.client("sts", aws_secret_access_key="wrong" + creds["AWS_SECRET_ACCESS_KEY"][5:])
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sts.get_caller_identity()
    assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_unknown_access_key_is_invalid_client_token_id(tarn):
    sts = tarn.client("sts", aws_access_key_id="AKIAIOSFODNN7EXAMPLE")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        sts.get_caller_identity()
    assert e.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_signed_now_by_botocore_signer_succeeds(tarn):
    r = send_signed(tarn, "sts", CALLER_IDENTITY, headers=FORM)
    assert r.status == 200, r.body
    assert f"<Arn>{ROOT_ARN}</Arn>" in r.body
    assert r.header("x-amzn-RequestId")


def test_request_signed_20_minutes_ago_is_rejected_for_clock_skew(tarn):
    when = utcnow() - datetime.timedelta(minutes=20)
    r = send_signed(tarn, "sts", CALLER_IDENTITY, headers=FORM, when=when)
    assert r.status == 403, r.body
    assert "<Code>SignatureDoesNotMatch</Code>" in r.body
    assert "Signature expired: " + when.strftime("%Y%m%dT%H%M%SZ") + " is now earlier than" in r.body


def test_request_signed_20_minutes_ahead_is_rejected(tarn):
    when = utcnow() + datetime.timedelta(minutes=20)
    r = send_signed(tarn, "sts", CALLER_IDENTITY, headers=FORM, when=when)
    assert r.status == 403, r.body
    assert "Signature not yet current: " + when.strftime("%Y%m%dT%H%M%SZ") in r.body


def test_tampered_body_fails(tarn):
    assert send_signed(tarn, "sts", CALLER_IDENTITY, headers=FORM).status == 200
    # Sign one body, send another: the payload hash no longer matches.
    r = send_signed(tarn, "sts", CALLER_IDENTITY, headers=FORM,
                    send_body=CALLER_IDENTITY.replace("2011", "2012"))
    assert r.status == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in r.body


def test_get_request_with_query_string(tarn):
    # The Query protocol also accepts GET with the parameters in the query string.
    r = send_signed(tarn, "sts", "", method="GET", path="/?" + CALLER_IDENTITY)
    assert r.status == 200, r.body
    assert f"<Arn>{ROOT_ARN}</Arn>" in r.body


@pytest.mark.tarn_only
def test_credentials_survive_restart(tarn):
    before = tarn.credentials()
    assert tarn.client("sts").get_caller_identity()["Arn"] == ROOT_ARN
    assert tarn.stop() == 0
    tarn.start()
    after = tarn.credentials()
    assert after["AWS_ACCESS_KEY_ID"] == before["AWS_ACCESS_KEY_ID"]
    assert after["AWS_SECRET_ACCESS_KEY"] == before["AWS_SECRET_ACCESS_KEY"]
    assert tarn.client("sts").get_caller_identity()["Arn"] == ROOT_ARN
