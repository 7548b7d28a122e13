"""The seed's first lesson, enforced: a least-privilege IAM user (group policy, tags, permissions
boundary, access key) can write `student` and its own bucket prefix, and nothing else, with the
exact AccessDenied errors of each service; deleting the key locks the user out at once."""
import botocore.exceptions
import pytest

import seed_setup
from seed_setup import BUCKET, STUDENT_ARN, denial


@pytest.fixture
def app(tarn):
    seed_setup.create_tables_and_bucket(tarn)
    key_id, secret = seed_setup.build(tarn.client("iam"))
    return tarn, key_id, secret


def as_app(tarn, key_id, secret, service):
    return tarn.client(service, aws_access_key_id=key_id, aws_secret_access_key=secret)


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    return (e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"],
            e.value.response["Error"].get("Message"))


def test_app_user_writes_student_and_is_denied_the_rest(app):
    tarn, key_id, secret = app
    ddb = as_app(tarn, key_id, secret, "dynamodb")
    ddb.put_item(TableName="student", Item={"id": {"S": "s1"}, "name": {"S": "Asha"}})
    assert ddb.get_item(TableName="student", Key={"id": {"S": "s1"}})["Item"]["name"]["S"] == "Asha"

    assert error_of(ddb.delete_table, TableName="student") == (
        "AccessDeniedException", 400, denial("dynamodb:DeleteTable", STUDENT_ARN))
    marks = STUDENT_ARN.replace("student", "marks")
    assert error_of(ddb.put_item, TableName="marks", Item={"id": {"S": "m"}}) == (
        "AccessDeniedException", 400, denial("dynamodb:PutItem", marks))
    # The group allows DescribeTable on marks, the boundary does not.
    assert error_of(ddb.describe_table, TableName="marks") == (
        "AccessDeniedException", 400, denial("dynamodb:DescribeTable", marks, "no permissions boundary allows"))

    s3 = as_app(tarn, key_id, secret, "s3")
    s3.put_object(Bucket=BUCKET, Key="staging/student/1.json", Body=b"{}")
    assert s3.get_object(Bucket=BUCKET, Key="staging/student/1.json")["Body"].read() == b"{}"
    assert error_of(s3.get_object, Bucket=BUCKET, Key="dw/student/part-0.parquet") == (
        "AccessDenied", 403, "Access Denied")

    # Callers always know who they are; IAM itself is off limits.
    sts = as_app(tarn, key_id, secret, "sts")
    assert sts.get_caller_identity()["Arn"] == seed_setup.USER_ARN
    code, status, message = error_of(as_app(tarn, key_id, secret, "iam").list_users)
    assert (code, status) == ("AccessDenied", 403)
    assert message == denial("iam:ListUsers", "arn:aws:iam::000000000000:user/")


def test_deleting_the_access_key_locks_the_user_out_at_once(app):
    tarn, key_id, secret = app
    ddb = as_app(tarn, key_id, secret, "dynamodb")
    ddb.put_item(TableName="student", Item={"id": {"S": "s1"}})
    iam = tarn.client("iam")
    iam.update_access_key(UserName="app", AccessKeyId=key_id, Status="Inactive")
    assert error_of(ddb.put_item, TableName="student", Item={"id": {"S": "s2"}})[:2] == (
        "UnrecognizedClientException", 400)
    iam.update_access_key(UserName="app", AccessKeyId=key_id, Status="Active")
    ddb.put_item(TableName="student", Item={"id": {"S": "s3"}})
    iam.delete_access_key(UserName="app", AccessKeyId=key_id)
    assert error_of(ddb.put_item, TableName="student", Item={"id": {"S": "s4"}}) == (
        "UnrecognizedClientException", 400, "The security token included in the request is invalid.")
    assert error_of(as_app(tarn, key_id, secret, "sts").get_caller_identity) == (
        "InvalidClientTokenId", 403, "The security token included in the request is invalid.")


def test_policy_changes_apply_to_the_next_request(app):
    tarn, key_id, secret = app
    ddb = as_app(tarn, key_id, secret, "dynamodb")
    iam = tarn.client("iam")
    ddb.put_item(TableName="student", Item={"id": {"S": "s1"}})
    iam.remove_user_from_group(GroupName="student-writers", UserName="app")
    assert error_of(ddb.put_item, TableName="student", Item={"id": {"S": "s2"}})[0] == "AccessDeniedException"
    iam.put_user_policy(UserName="app", PolicyName="direct", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem",'
        f'"Resource":"{STUDENT_ARN}"}}]}}'))
    ddb.put_item(TableName="student", Item={"id": {"S": "s3"}})
    sim = iam.simulate_principal_policy(PolicySourceArn=seed_setup.USER_ARN,
                                        ActionNames=["dynamodb:PutItem", "dynamodb:DeleteTable"],
                                        ResourceArns=[STUDENT_ARN])
    assert [r["EvalDecision"] for r in sim["EvaluationResults"]] == ["allowed", "implicitDeny"]


@pytest.mark.tarn_only
def test_iam_off_allows_every_signed_request_and_says_so(tmp_path):
    from conftest import Tarn
    t = Tarn(tmp_path / "data").start("--iam", "off")
    try:
        assert "policies are NOT enforced" in t.output()
        seed_setup.create_tables_and_bucket(t)
        key_id, secret = seed_setup.build(t.client("iam"))
        as_app(t, key_id, secret, "dynamodb").delete_table(TableName="marks")
        # Authentication still applies.
        unknown = t.client("dynamodb", aws_access_key_id="AKIAIOSFODNN7EXAMPLE")
        assert error_of(unknown.list_tables)[0] == "UnrecognizedClientException"
    finally:
        t.stop()
