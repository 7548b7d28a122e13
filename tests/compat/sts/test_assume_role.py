"""STS AssumeRole and GetSessionToken with boto3: temporary credentials (ASIA..., session token) that
work for what the role allows, survive a restart, and expire with ExpiredToken. tarn runs with the
hidden --sts-lifetime-cap so that DurationSeconds=900 credentials expire within seconds."""
import json
import time

import botocore.exceptions
import pytest

from conftest import Tarn

ACCOUNT = "000000000000"
STUDENT_ARN = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/student"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/writer"
LIFETIME_CAP = 15  # long enough for a restart of an ASan build on a loaded machine


@pytest.fixture
def capped(tmp_path):
    t = Tarn(tmp_path / "data").start("--sts-lifetime-cap", str(LIFETIME_CAP))
    yield t
    t.stop()
    assert "AddressSanitizer" not in t.output() and "runtime error:" not in t.output(), t.output()


def make_dev(tarn):
    iam = tarn.client("iam")
    tarn.client("dynamodb").create_table(
        TableName="student", AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    iam.create_user(UserName="dev")
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="writer", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="writer", PolicyName="student", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"], "Resource": STUDENT_ARN}]}))
    nobody = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=json.dumps(nobody))
    return tarn.client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])


def with_credentials(tarn, service, creds, token=None):
    return tarn.client(service, aws_access_key_id=creds["AccessKeyId"],
                       aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=token or creds["SessionToken"])


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return (e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"],
            e.value.response["Error"]["Message"])


@pytest.mark.tarn_only
def test_assumed_role_credentials_work_survive_restart_and_expire(capped):
    dev_sts = make_dev(capped)
    out = dev_sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1", DurationSeconds=900)
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40 and creds["SessionToken"]
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/writer/s1"
    assert out["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
    assert out["AssumedRoleUser"]["AssumedRoleId"].endswith(":s1")

    ident = with_credentials(capped, "sts", creds).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/writer/s1"
    assert ident["UserId"] == out["AssumedRoleUser"]["AssumedRoleId"]
    ddb = with_credentials(capped, "dynamodb", creds)
    ddb.put_item(TableName="student", Item={"id": {"S": "s1"}})
    assert error_of(ddb.delete_table, TableName="student") == (
        "AccessDeniedException", 400,
        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/writer/s1 is not authorized to perform: "
        f"dynamodb:DeleteTable on resource: {STUDENT_ARN} because no identity-based policy allows the "
        "dynamodb:DeleteTable action")
    # The session token is part of the credential.
    forged = with_credentials(capped, "sts", creds, token=creds["SessionToken"][:-4] + "AAAA")
    assert error_of(forged.get_caller_identity)[:2] == ("InvalidClientTokenId", 403)

    capped.stop()
    capped.start("--sts-lifetime-cap", str(LIFETIME_CAP))
    ddb = with_credentials(capped, "dynamodb", creds)
    ddb.put_item(TableName="student", Item={"id": {"S": "s2"}})

    remaining = (creds["Expiration"] - creds["Expiration"].now(creds["Expiration"].tzinfo)).total_seconds()
    time.sleep(max(0.0, remaining) + 1.1)
    assert error_of(with_credentials(capped, "sts", creds).get_caller_identity) == (
        "ExpiredToken", 403, "The security token included in the request is expired")
    assert error_of(ddb.put_item, TableName="student", Item={"id": {"S": "s3"}}) == (
        "ExpiredTokenException", 400, "The security token included in the request is expired")


def test_assume_role_refusals(tarn):
    dev_sts = make_dev(tarn)
    assert error_of(dev_sts.assume_role, RoleArn=f"arn:aws:iam::{ACCOUNT}:role/other", RoleSessionName="xx") == (
        "AccessDenied", 403, f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: "
                             f"sts:AssumeRole on resource: arn:aws:iam::{ACCOUNT}:role/other")
    assert error_of(dev_sts.assume_role, RoleArn=f"arn:aws:iam::{ACCOUNT}:role/ghost", RoleSessionName="xx")[:2] == (
        "AccessDenied", 403)
    code, status, _ = error_of(dev_sts.assume_role, RoleArn=ROLE_ARN, RoleSessionName="xx", DurationSeconds=7200)
    assert (code, status) == ("ValidationError", 400)
    assert error_of(tarn.client("sts").assume_role, RoleArn=ROLE_ARN, RoleSessionName="xx") == (
        "AccessDenied", 403, "Roles may not be assumed by root accounts.")


def test_session_policy_narrows_the_role(tarn):
    dev_sts = make_dev(tarn)
    only_get = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": STUDENT_ARN}]}
    creds = dev_sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="narrow", Policy=json.dumps(only_get))["Credentials"]
    ddb = with_credentials(tarn, "dynamodb", creds)
    ddb.get_item(TableName="student", Key={"id": {"S": "s1"}})
    assert error_of(ddb.put_item, TableName="student", Item={"id": {"S": "s1"}}) == (
        "AccessDeniedException", 400,
        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/writer/narrow is not authorized to perform: "
        f"dynamodb:PutItem on resource: {STUDENT_ARN} because no session policy allows the dynamodb:PutItem action")


def test_get_session_token_for_a_user(tarn):
    dev_sts = make_dev(tarn)
    creds = dev_sts.get_session_token(DurationSeconds=900)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    session_sts = with_credentials(tarn, "sts", creds)
    assert session_sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/dev"
    assert error_of(session_sts.get_session_token) == (
        "AccessDenied", 403, "Cannot call GetSessionToken with session credentials")


def test_trust_policy_conditions_on_external_id_and_session_tags(tarn):
    dev_sts = make_dev(tarn)
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"},
         "Action": ["sts:AssumeRole", "sts:TagSession"],
         "Condition": {"StringEquals": {"sts:ExternalId": "partner-42"},
                       "StringLike": {"sts:RoleSessionName": "etl-*"}}},
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"aws:RequestTag/team": "intruder"}}}]}
    tarn.client("iam").update_assume_role_policy(RoleName="writer", PolicyDocument=json.dumps(trust))
    assert error_of(dev_sts.assume_role, RoleArn=ROLE_ARN, RoleSessionName="etl-1")[:2] == ("AccessDenied", 403)
    assert error_of(dev_sts.assume_role, RoleArn=ROLE_ARN, RoleSessionName="etl-1", ExternalId="wrong-id")[:2] == (
        "AccessDenied", 403)
    assert error_of(dev_sts.assume_role, RoleArn=ROLE_ARN, RoleSessionName="adhoc", ExternalId="partner-42")[:2] == (
        "AccessDenied", 403)
    assert error_of(dev_sts.assume_role, RoleArn=ROLE_ARN, RoleSessionName="etl-1", ExternalId="partner-42",
                    Tags=[{"Key": "team", "Value": "intruder"}])[:2] == ("AccessDenied", 403)
    creds = dev_sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="etl-1", ExternalId="partner-42",
                                Tags=[{"Key": "team", "Value": "data"}])["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
