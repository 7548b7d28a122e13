"""Access control lists as S3 has them on every bucket created since April 2023: Object Ownership
BucketOwnerEnforced, ACLs disabled. GetBucketAcl/GetObjectAcl show the owner's FULL_CONTROL;
PutBucketAcl/PutObjectAcl accept only that again (canned private or bucket-owner-full-control, or
the same grant in XML) and refuse anything else with AccessControlListNotSupported; access is decided
by IAM policies. https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html"""
import json
import xml.etree.ElementTree as ET

import botocore.exceptions
import pytest

from signing import sign, send


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"].get("Message")


@pytest.fixture
def s3(tarn):
    client = tarn.client("s3")
    client.create_bucket(Bucket="owned")
    client.put_object(Bucket="owned", Key="k", Body=b"x")
    return client


def owner_only(policy):
    owner = policy["Owner"]
    assert len(owner["ID"]) == 64
    assert policy["Grants"] == [{"Grantee": dict(owner, Type="CanonicalUser"), "Permission": "FULL_CONTROL"}]
    return owner["ID"]


def test_reading_acls_shows_the_owner_alone(tarn, s3):
    bucket_owner = owner_only(s3.get_bucket_acl(Bucket="owned"))
    assert owner_only(s3.get_object_acl(Bucket="owned", Key="k")) == bucket_owner
    assert s3.list_buckets()["Owner"]["ID"] == bucket_owner
    assert s3.get_bucket_ownership_controls(Bucket="owned")["OwnershipControls"] == {
        "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    # On the wire: the xsi namespace of the grantee's type is declared where it is used.
    prepared = sign(tarn, "s3", method="GET", path="/owned?acl",
                    headers={"x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    raw = send(prepared.url, "GET", b"", dict(prepared.headers))
    grantee = ET.fromstring(raw.body).find(".//{http://s3.amazonaws.com/doc/2006-03-01/}Grantee")
    assert grantee.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "CanonicalUser"


def test_setting_acls_other_than_the_owners_is_refused(s3):
    refused = ("AccessControlListNotSupported", 400, "The bucket does not allow ACLs")
    s3.put_bucket_acl(Bucket="owned", ACL="bucket-owner-full-control")
    s3.put_object_acl(Bucket="owned", Key="k", ACL="bucket-owner-full-control")
    # Even "private" (S3 refused Terraform's PutBucketAcl "private": terraform-provider-aws#34079).
    for acl in ("private", "public-read", "public-read-write", "authenticated-read"):
        assert error_of(s3.put_bucket_acl, Bucket="owned", ACL=acl) == refused
        assert error_of(s3.put_object_acl, Bucket="owned", Key="k", ACL=acl) == refused
    all_users = "uri=http://acs.amazonaws.com/groups/global/AllUsers"
    assert error_of(s3.put_bucket_acl, Bucket="owned", GrantRead=all_users) == refused
    assert error_of(s3.put_object_acl, Bucket="owned", Key="k", GrantFullControl=all_users) == refused
    # The same policy in XML is accepted; one more grant is not.
    policy = s3.get_bucket_acl(Bucket="owned")
    same = {"Owner": policy["Owner"], "Grants": policy["Grants"]}
    s3.put_bucket_acl(Bucket="owned", AccessControlPolicy=same)
    s3.put_object_acl(Bucket="owned", Key="k", AccessControlPolicy=same)
    wider = {"Owner": policy["Owner"], "Grants": policy["Grants"] + [
        {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}
    assert error_of(s3.put_bucket_acl, Bucket="owned", AccessControlPolicy=wider) == refused
    assert owner_only(s3.get_object_acl(Bucket="owned", Key="k"))


def test_object_writes_may_name_only_the_owners_acl(tarn, s3):
    """PutObject, CopyObject and CreateMultipartUpload "only accept PUT requests that don't specify an
    ACL or PUT requests that specify bucket owner full control ACLs" (API_PutObject.html)."""
    refused = ("AccessControlListNotSupported", 400, "The bucket does not allow ACLs")
    s3.put_object(Bucket="owned", Key="plain", Body=b"x")
    s3.put_object(Bucket="owned", Key="owner", Body=b"x", ACL="bucket-owner-full-control")
    assert error_of(s3.put_object, Bucket="owned", Key="public", Body=b"x", ACL="public-read") == refused
    assert error_of(s3.put_object, Bucket="owned", Key="granted", Body=b"x",
                    GrantRead='id="' + "0" * 64 + '"') == refused
    assert error_of(s3.copy_object, Bucket="owned", Key="copy", CopySource="owned/plain", ACL="public-read") == refused
    s3.copy_object(Bucket="owned", Key="copy", CopySource="owned/plain", ACL="bucket-owner-full-control")
    assert error_of(s3.create_multipart_upload, Bucket="owned", Key="mpu", ACL="authenticated-read") == refused
    assert error_of(s3.put_object, Bucket="no-such-bucket-here", Key="k", Body=b"x", ACL="public-read")[:2] == (
        "NoSuchBucket", 404)
    listed = {o["Key"] for o in s3.list_objects_v2(Bucket="owned")["Contents"]}
    assert listed == {"k", "plain", "owner", "copy"}
    # The awscli's high-level cp passes --acl through.
    local = tarn.data_dir + "/acl-upload.txt"
    with open(local, "w") as f:
        f.write("hello")
    out = tarn.aws("s3", "cp", local, "s3://owned/cli.txt", "--acl", "public-read")
    assert out.returncode != 0 and "AccessControlListNotSupported" in out.stderr
    tarn.aws("s3", "cp", local, "s3://owned/cli.txt", "--acl", "bucket-owner-full-control", check=True)


def test_a_new_bucket_takes_no_acl_but_the_owners(s3):
    s3.create_bucket(Bucket="private-one", ACL="private")
    assert owner_only(s3.get_bucket_acl(Bucket="private-one"))
    refused = ("InvalidBucketAclWithObjectOwnership", 400,
               "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
    assert error_of(s3.create_bucket, Bucket="public-one", ACL="public-read") == refused
    assert error_of(s3.create_bucket, Bucket="public-one",
                    GrantRead="uri=http://acs.amazonaws.com/groups/global/AllUsers") == refused
    assert "public-one" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_missing_bucket_object_or_version(s3):
    assert error_of(s3.get_bucket_acl, Bucket="no-such-bucket-here")[:2] == ("NoSuchBucket", 404)
    assert error_of(s3.get_object_acl, Bucket="owned", Key="nope")[:2] == ("NoSuchKey", 404)
    assert error_of(s3.put_object_acl, Bucket="owned", Key="nope", ACL="bucket-owner-full-control")[:2] == (
        "NoSuchKey", 404)
    assert error_of(s3.get_object_acl, Bucket="owned", Key="k", VersionId="abc")[:2] == ("InvalidArgument", 400)
    assert owner_only(s3.get_object_acl(Bucket="owned", Key="k", VersionId="null"))


def test_each_has_its_iam_action(tarn, s3):
    iam = tarn.client("iam")
    iam.create_user(UserName="auditor")
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    user = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    iam.put_user_policy(UserName="auditor", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetBucketAcl", "s3:GetObjectAcl"],
                       "Resource": ["arn:aws:s3:::owned", "arn:aws:s3:::owned/*"]}]}))
    owner_only(user.get_bucket_acl(Bucket="owned"))
    owner_only(user.get_object_acl(Bucket="owned", Key="k"))
    owner = "bucket-owner-full-control"
    assert error_of(user.put_bucket_acl, Bucket="owned", ACL=owner)[:2] == ("AccessDenied", 403)
    assert error_of(user.put_object_acl, Bucket="owned", Key="k", ACL=owner)[:2] == ("AccessDenied", 403)
    assert error_of(user.get_bucket_ownership_controls, Bucket="owned")[:2] == ("AccessDenied", 403)


def test_awscli(tarn, s3):
    out = tarn.aws("s3api", "get-bucket-acl", "--bucket", "owned", check=True)
    assert json.loads(out.stdout)["Grants"][0]["Permission"] == "FULL_CONTROL"
    refused = tarn.aws("s3api", "put-object-acl", "--bucket", "owned", "--key", "k", "--acl", "public-read")
    assert refused.returncode != 0 and "AccessControlListNotSupported" in refused.stderr
