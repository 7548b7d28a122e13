"""S3 bucket policies and Block Public Access through boto3 and the awscli: Put/Get/DeleteBucketPolicy,
GetBucketPolicyStatus, Put/Get/DeletePublicAccessBlock, and the policy taking part in every request's
authorization (anonymous callers, IAM users it names, explicit denies that bind the root user too,
DeleteObjects authorized key by key).

Expected answers are those recorded against AWS: LocalStack's `markers.aws.validated` tests
TestS3BucketPolicy / TestS3PublicAccessBlock (tests/aws/services/s3/test_s3_api.py and its snapshot,
cited "LS <test>: <snapshot key>"), moto's aws_verified test_deny_delete_policy, errors users quote
from AWS, and the S3 API reference (API_PutBucketPolicy.html, access-control-block-public-access.html)."""
import json
import signal

import botocore
import botocore.exceptions
import pytest
from botocore.config import Config

NO_POLICY = "The bucket policy does not exist"


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Message"]


def status(response):
    return response["ResponseMetadata"]["HTTPStatusCode"]


def policy(*statements, version="2012-10-17"):
    doc = {"Statement": list(statements)}
    if version:
        doc["Version"] = version
    return json.dumps(doc)


def public_read(bucket):
    return policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": f"arn:aws:s3:::{bucket}/*"})


@pytest.fixture
def s3(tarn):
    return tarn.client("s3")


@pytest.fixture
def anonymous(tarn):
    return tarn.client("s3", config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))


def test_policy_crud(s3):
    # LS test_bucket_policy_crud.
    s3.create_bucket(Bucket="crud")
    for call in (s3.get_bucket_policy, s3.get_bucket_policy_status):
        with pytest.raises(botocore.exceptions.ClientError) as e:  # get-bucket-default-policy
            call(Bucket="crud")
        assert error_of(e) == ("NoSuchBucketPolicy", 404, NO_POLICY)
        assert e.value.response["Error"]["BucketName"] == "crud"
    doc = {"Version": "2012-10-17", "Statement": [{
        "Action": ["s3:GetObject"], "Effect": "Allow", "Resource": ["arn:aws:s3:::crud/*"],
        "Principal": {"AWS": ["arn:aws:iam::000000000000:root"]}}]}
    assert status(s3.put_bucket_policy(Bucket="crud", Policy=json.dumps(doc, indent=2))) == 204
    stored = s3.get_bucket_policy(Bucket="crud")["Policy"]
    # Minified, in S3's member order, one-element lists shown as their element.
    assert stored == ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
                      '"arn:aws:iam::000000000000:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::crud/*"}]}')
    assert s3.get_bucket_policy_status(Bucket="crud")["PolicyStatus"] == {"IsPublic": False}
    # No Version: S3 keeps the document as the 2008-10-17 language (aws-cli#849, recorded from S3).
    s3.put_bucket_policy(Bucket="crud", Policy=json.dumps({"Statement": doc["Statement"]}))
    assert json.loads(s3.get_bucket_policy(Bucket="crud")["Policy"])["Version"] == "2008-10-17"
    assert status(s3.delete_bucket_policy(Bucket="crud")) == 204  # delete-bucket-policy
    assert status(s3.delete_bucket_policy(Bucket="crud")) == 204  # delete-bucket-policy-after-delete
    with pytest.raises(botocore.exceptions.ClientError) as e:  # get-bucket-policy-after-delete
        s3.get_bucket_policy(Bucket="crud")
    assert error_of(e) == ("NoSuchBucketPolicy", 404, NO_POLICY)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_bucket_policy(Bucket="no-such-bucket-here")
    assert error_of(e)[:2] == ("NoSuchBucket", 404)


def test_malformed_policies(s3):
    s3.create_bucket(Bucket="malformed")
    arn = "arn:aws:s3:::malformed"
    cases = [
        # LS test_bucket_policy_exc: put-empty-bucket-policy, put-bucket-policy-randomstring,
        # put-bucket-policy-empty-json.
        ("", "Policies must be valid JSON and the first byte must be '{'"),
        ("invalid json", "Policies must be valid JSON and the first byte must be '{'"),
        ("{}", "Missing required field Statement"),
        ("{not json", "This policy contains invalid Json"),
        (policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": arn + "/*"}),
         "Missing required field Principal"),
        (policy({"Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject", "Resource": arn + "/*"}),
         "Invalid principal in policy"),
        (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::another-bucket/*"}), "Policy has invalid resource"),
        (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}),
         "Policy has invalid resource"),
        (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": arn}),
         "Action does not apply to any resource(s) in statement"),
        (policy({"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem", "Resource": arn + "/*"}),
         "Policy has invalid action"),
    ]
    for document, message in cases:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.put_bucket_policy(Bucket="malformed", Policy=document)
        assert error_of(e) == ("MalformedPolicy", 400, message), document
    with pytest.raises(botocore.exceptions.ClientError) as e:  # nothing was stored
        s3.get_bucket_policy(Bucket="malformed")
    assert error_of(e)[0] == "NoSuchBucketPolicy"


def test_public_access_block_crud(s3):
    # LS test_crud_public_access_block: a new bucket blocks public access with all four settings.
    s3.create_bucket(Bucket="pab")
    default = s3.get_public_access_block(Bucket="pab")["PublicAccessBlockConfiguration"]
    assert default == {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                       "RestrictPublicBuckets": True}
    s3.put_public_access_block(Bucket="pab", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True})
    assert s3.get_public_access_block(Bucket="pab")["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": False}  # left out: false
    assert status(s3.delete_public_access_block(Bucket="pab")) == 204
    with pytest.raises(botocore.exceptions.ClientError) as e:  # get-public-access-block-after-delete
        s3.get_public_access_block(Bucket="pab")
    assert error_of(e) == ("NoSuchPublicAccessBlockConfiguration", 404,
                           "The public access block configuration was not found")
    assert e.value.response["Error"]["BucketName"] == "pab"
    assert status(s3.delete_public_access_block(Bucket="pab")) == 204  # idempotent-delete


def test_public_policy_needs_block_public_access_off(s3, anonymous):
    s3.create_bucket(Bucket="website")
    s3.put_object(Bucket="website", Key="index.html", Body=b"<h1>hi</h1>")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_bucket_policy(Bucket="website", Policy=public_read("website"))
    assert error_of(e) == (
        "AccessDenied", 403,
        'User: arn:aws:iam::000000000000:root is not authorized to perform: s3:PutBucketPolicy on resource: '
        '"arn:aws:s3:::website" because public policies are blocked by the BlockPublicPolicy block public '
        'access setting.')
    with pytest.raises(botocore.exceptions.ClientError) as e:
        anonymous.get_object(Bucket="website", Key="index.html")
    assert error_of(e)[:2] == ("AccessDenied", 403)

    # The blog post's way to a public bucket: delete the block, then set the policy.
    s3.delete_public_access_block(Bucket="website")
    s3.put_bucket_policy(Bucket="website", Policy=public_read("website"))
    assert s3.get_bucket_policy_status(Bucket="website")["PolicyStatus"] == {"IsPublic": True}
    assert anonymous.get_object(Bucket="website", Key="index.html")["Body"].read() == b"<h1>hi</h1>"
    for call in (lambda: anonymous.put_object(Bucket="website", Key="x", Body=b"x"),
                 lambda: anonymous.list_objects_v2(Bucket="website"),
                 lambda: anonymous.delete_object(Bucket="website", Key="index.html")):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call()
        assert error_of(e) == ("AccessDenied", 403, "Access Denied")

    # RestrictPublicBuckets: the public grant no longer reaches callers outside the account.
    s3.put_public_access_block(Bucket="website", PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        anonymous.get_object(Bucket="website", Key="index.html")
    assert error_of(e)[:2] == ("AccessDenied", 403)


def test_status_is_public_unless_pinned_to_fixed_values(s3):
    # access-control-block-public-access.html, "The meaning of public", and its examples.
    s3.create_bucket(Bucket="meaning")
    s3.delete_public_access_block(Bucket="meaning")
    base = {"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::meaning/*"}
    for condition, public in [
        (None, True),
        ({"StringLike": {"aws:SourceVpc": "vpc-*"}}, True),
        ({"StringEquals": {"aws:SourceVpc": "vpc-91237329"}}, False),
        ({"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}}, True),
        ({"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}, False),
        ({"StringNotEquals": {"aws:SourceAccount": "111122223333"}}, True),
    ]:
        statement = dict(base, Condition=condition) if condition else base
        s3.put_bucket_policy(Bucket="meaning", Policy=policy(statement))
        assert s3.get_bucket_policy_status(Bucket="meaning")["PolicyStatus"]["IsPublic"] is public, condition
    s3.put_bucket_policy(Bucket="meaning", Policy=policy(dict(base, Effect="Deny")))  # denies are never public
    assert s3.get_bucket_policy_status(Bucket="meaning")["PolicyStatus"]["IsPublic"] is False


def test_policy_naming_a_user_allows_on_its_own(tarn, s3):
    s3.create_bucket(Bucket="shared")
    s3.put_object(Bucket="shared", Key="report.csv", Body=b"a,b\n")
    iam = tarn.client("iam")
    user_arn = iam.create_user(UserName="analyst")["User"]["Arn"]
    key = iam.create_access_key(UserName="analyst")["AccessKey"]
    analyst = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    with pytest.raises(botocore.exceptions.ClientError) as e:  # no policy anywhere allows it
        analyst.get_object(Bucket="shared", Key="report.csv")
    assert error_of(e)[:2] == ("AccessDenied", 403)

    # Naming the account only delegates to the user's own (absent) identity policies.
    s3.put_bucket_policy(Bucket="shared", Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::shared/*"}))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        analyst.get_object(Bucket="shared", Key="report.csv")
    assert error_of(e)[:2] == ("AccessDenied", 403)

    # Naming the user allows it without any identity policy.
    s3.put_bucket_policy(Bucket="shared", Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"]}))
    assert analyst.get_object(Bucket="shared", Key="report.csv")["Body"].read() == b"a,b\n"
    assert [o["Key"] for o in analyst.list_objects_v2(Bucket="shared")["Contents"]] == ["report.csv"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        analyst.put_object(Bucket="shared", Key="new.csv", Body=b"x")
    assert error_of(e)[:2] == ("AccessDenied", 403)


def test_explicit_deny_binds_the_root_user_but_not_its_policy_calls(s3):
    # moto's aws_verified test_deny_delete_policy: a Deny of s3:DeleteObject to "*" refuses DeleteObject,
    # and DeleteObjects reports the key as AccessDenied. The root user can still read, replace and delete
    # the policy itself (API_PutBucketPolicy.html).
    s3.create_bucket(Bucket="locked")
    s3.put_object(Bucket="locked", Key="keep", Body=b"1")
    s3.put_bucket_policy(Bucket="locked", Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::locked/*"}))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.delete_object(Bucket="locked", Key="keep")
    assert error_of(e)[:2] == ("AccessDenied", 403)
    answer = s3.delete_objects(Bucket="locked", Delete={"Objects": [{"Key": "keep"}]})
    assert answer["Errors"] == [{"Key": "keep", "Code": "AccessDenied", "Message": "Access Denied"}]
    assert "Deleted" not in answer
    assert s3.get_object(Bucket="locked", Key="keep")["Body"].read() == b"1"  # reads are not denied
    s3.put_bucket_policy(Bucket="locked", Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::locked", "arn:aws:s3:::locked/*"]}))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="locked", Key="keep")
    assert error_of(e)[:2] == ("AccessDenied", 403)
    assert "s3:*" in s3.get_bucket_policy(Bucket="locked")["Policy"]
    s3.delete_bucket_policy(Bucket="locked")
    s3.delete_object(Bucket="locked", Key="keep")


def test_delete_objects_is_authorized_key_by_key(tarn, s3):
    # API_DeleteObjects.html: s3:DeleteObject on each key, s3:DeleteObjectVersion for a version.
    s3.create_bucket(Bucket="cleanup")
    s3.put_bucket_versioning(Bucket="cleanup", VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket="cleanup", Key="tmp/a", Body=b"a")["VersionId"]
    s3.put_object(Bucket="cleanup", Key="keep/b", Body=b"b")
    iam = tarn.client("iam")
    iam.create_user(UserName="janitor")
    iam.put_user_policy(UserName="janitor", PolicyName="tmp-only", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::cleanup/tmp/*"}]}))
    key = iam.create_access_key(UserName="janitor")["AccessKey"]
    janitor = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    answer = janitor.delete_objects(Bucket="cleanup", Delete={"Objects": [
        {"Key": "tmp/a"}, {"Key": "keep/b"}, {"Key": "tmp/a", "VersionId": version}]})
    assert [d["Key"] for d in answer["Deleted"]] == ["tmp/a"] and answer["Deleted"][0]["DeleteMarker"] is True
    assert answer["Errors"] == [
        {"Key": "keep/b", "Code": "AccessDenied", "Message": "Access Denied"},
        {"Key": "tmp/a", "VersionId": version, "Code": "AccessDenied", "Message": "Access Denied"}]
    assert s3.get_object(Bucket="cleanup", Key="tmp/a", VersionId=version)["Body"].read() == b"a"
    assert s3.get_object(Bucket="cleanup", Key="keep/b")["Body"].read() == b"b"


def test_policy_survives_kill_9_and_the_cli_reads_it(tarn, tmp_path):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="durable-policy")
    s3.put_object(Bucket="durable-policy", Key="page", Body=b"public")
    assert tarn.aws("s3api", "delete-public-access-block", "--bucket", "durable-policy").returncode == 0
    path = tmp_path / "policy.json"
    path.write_text(public_read("durable-policy"))
    put = tarn.aws("s3api", "put-bucket-policy", "--bucket", "durable-policy", "--policy", f"file://{path}")
    assert put.returncode == 0, put.stderr
    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    got = tarn.aws("s3api", "get-bucket-policy", "--bucket", "durable-policy", "--output", "json")
    assert got.returncode == 0, got.stderr
    assert json.loads(json.loads(got.stdout)["Policy"])["Statement"][0]["Principal"] == "*"
    reader = tarn.client("s3", config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1}))
    assert reader.get_object(Bucket="durable-policy", Key="page")["Body"].read() == b"public"
    state = tarn.aws("s3api", "get-bucket-policy-status", "--bucket", "durable-policy", "--output", "json")
    assert json.loads(state.stdout)["PolicyStatus"]["IsPublic"] is True
