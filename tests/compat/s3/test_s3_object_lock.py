"""S3 Object Lock through boto3: Put/GetObjectLockConfiguration (and CreateBucket's
ObjectLockEnabledForBucket), retention and legal hold given by writes or the bucket's default,
Put/GetObjectRetention, Put/GetObjectLegalHold, and what they protect: versions that cannot be removed
(DeleteObject and DeleteObjects by version id), governance bypass with s3:BypassGovernanceRetention.

Expected answers follow moto's aws_verified tests/test_s3/test_s3_lock.py (cited "moto <test>") and the
S3 user guide (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html)."""
import datetime
import json
import signal

import botocore.exceptions
import pytest

PROTECTED = "Access Denied because object protected by object lock."
NO_CONFIG = "Bucket is missing Object Lock Configuration"


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Message"]


def later(**delta):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(**delta)


@pytest.fixture
def s3(tarn):
    return tarn.client("s3")


def locked_bucket(s3, name, default=None):
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    if default:
        s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": default}})
    return name


def test_lock_configuration(s3):
    s3.create_bucket(Bucket="plain")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object_lock_configuration(Bucket="plain")
    assert error_of(e) == ("ObjectLockConfigurationNotFoundError", 404,
                           "Object Lock configuration does not exist for this bucket")
    config = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1}}}
    with pytest.raises(botocore.exceptions.ClientError) as e:  # moto test_put_object_lock_on_non_versioned_bucket
        s3.put_object_lock_configuration(Bucket="plain", ObjectLockConfiguration=config)
    assert error_of(e) == ("InvalidBucketState", 409,
                           "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
    s3.put_bucket_versioning(Bucket="plain", VersioningConfiguration={"Status": "Enabled"})
    with pytest.raises(botocore.exceptions.ClientError) as e:  # moto test_put_object_lock_misconfiguration
        s3.put_object_lock_configuration(Bucket="plain")
    assert error_of(e) == ("MissingRequestBodyError", 400, "Request Body is empty")
    for bad in ({}, {"ObjectLockEnabled": "Disabled"},
                {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE"}}},
                {"ObjectLockEnabled": "Enabled",
                 "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1, "Years": 1}}}):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.put_object_lock_configuration(Bucket="plain", ObjectLockConfiguration=bad)
        assert error_of(e)[:2] == ("MalformedXML", 400), bad
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object_lock_configuration(Bucket="plain", ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 0}}})
    assert error_of(e) == ("InvalidArgument", 400, "Default retention period must be a positive integer value")
    assert e.value.response["Error"]["ArgumentName"] == "Days"
    s3.put_object_lock_configuration(Bucket="plain", ObjectLockConfiguration=config)
    assert s3.get_object_lock_configuration(Bucket="plain")["ObjectLockConfiguration"] == config

    # Enabled at creation: versioning comes with it and cannot be suspended.
    locked_bucket(s3, "vault")
    assert s3.get_bucket_versioning(Bucket="vault")["Status"] == "Enabled"
    assert s3.get_object_lock_configuration(Bucket="vault")["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled"}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_bucket_versioning(Bucket="vault", VersioningConfiguration={"Status": "Suspended"})
    assert error_of(e)[:2] == ("InvalidBucketState", 409)


def test_writes_take_retention_and_legal_hold(s3):
    locked_bucket(s3, "records", default={"Mode": "GOVERNANCE", "Days": 1})
    put = s3.put_object(Bucket="records", Key="default", Body=b"d")
    head = s3.head_object(Bucket="records", Key="default")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    remaining = head["ObjectLockRetainUntilDate"] - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(hours=23) < remaining <= datetime.timedelta(days=1)
    assert "ObjectLockLegalHoldStatus" not in head
    retention = s3.get_object_retention(Bucket="records", Key="default", VersionId=put["VersionId"])["Retention"]
    assert retention["Mode"] == "GOVERNANCE" and retention["RetainUntilDate"] == head["ObjectLockRetainUntilDate"]

    until = later(days=3).replace(microsecond=0)
    s3.put_object(Bucket="records", Key="explicit", Body=b"e", ObjectLockMode="COMPLIANCE",
                  ObjectLockRetainUntilDate=until, ObjectLockLegalHoldStatus="ON")
    got = s3.get_object(Bucket="records", Key="explicit")
    assert (got["ObjectLockMode"], got["ObjectLockRetainUntilDate"], got["ObjectLockLegalHoldStatus"]) == (
        "COMPLIANCE", until, "ON")
    assert s3.get_object_legal_hold(Bucket="records", Key="explicit")["LegalHold"] == {"Status": "ON"}

    # A copy takes its lock from its own request or the bucket's default, not from its source.
    s3.copy_object(Bucket="records", Key="copy", CopySource={"Bucket": "records", "Key": "explicit"})
    copy = s3.head_object(Bucket="records", Key="copy")
    assert copy["ObjectLockMode"] == "GOVERNANCE" and "ObjectLockLegalHoldStatus" not in copy

    # Multipart: the lock named at CreateMultipartUpload is the completed object's.
    upload = s3.create_multipart_upload(Bucket="records", Key="big", ObjectLockMode="COMPLIANCE",
                                        ObjectLockRetainUntilDate=until)
    part = s3.upload_part(Bucket="records", Key="big", UploadId=upload["UploadId"], PartNumber=1, Body=b"p")
    s3.complete_multipart_upload(Bucket="records", Key="big", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    big = s3.head_object(Bucket="records", Key="big")
    assert (big["ObjectLockMode"], big["ObjectLockRetainUntilDate"]) == ("COMPLIANCE", until)


def test_lock_headers_are_checked(s3):
    s3.create_bucket(Bucket="unlocked")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object(Bucket="unlocked", Key="k", Body=b"x", ObjectLockLegalHoldStatus="ON")
    assert error_of(e) == ("InvalidRequest", 400, NO_CONFIG)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object_legal_hold(Bucket="unlocked", Key="k", LegalHold={"Status": "ON"})
    assert error_of(e) == ("InvalidRequest", 400, NO_CONFIG)
    locked_bucket(s3, "strict")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object(Bucket="strict", Key="k", Body=b"x", ObjectLockMode="GOVERNANCE")
    assert error_of(e) == ("InvalidArgument", 400,
                           "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object(Bucket="strict", Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=later(days=-1))
    assert error_of(e) == ("InvalidArgument", 400, "The retain until date must be in the future!")
    with pytest.raises(botocore.exceptions.ClientError) as e:  # nothing was written by the refusals
        s3.head_object(Bucket="strict", Key="k")
    assert error_of(e)[:2] == ("404", 404)
    s3.put_object(Bucket="strict", Key="k", Body=b"x")  # no default retention: none
    for call in (s3.get_object_retention, s3.get_object_legal_hold):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call(Bucket="strict", Key="k")
        assert error_of(e) == ("NoSuchObjectLockConfiguration", 404,
                               "The specified object does not have a ObjectLock configuration")


def test_protected_versions_cannot_be_removed(s3):
    # moto test_locked_object_governance_mode / test_locked_object_compliance_mode.
    locked_bucket(s3, "protected")
    gov = s3.put_object(Bucket="protected", Key="gov", Body=b"g", ObjectLockMode="GOVERNANCE",
                        ObjectLockRetainUntilDate=later(hours=1))["VersionId"]
    comp = s3.put_object(Bucket="protected", Key="comp", Body=b"c", ObjectLockMode="COMPLIANCE",
                         ObjectLockRetainUntilDate=later(hours=1))["VersionId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.delete_object(Bucket="protected", Key="gov", VersionId=gov)
    assert error_of(e) == ("AccessDenied", 403, PROTECTED)
    # A delete marker is no removal: allowed.
    marker = s3.delete_objects(Bucket="protected", Delete={"Objects": [{"Key": "gov"}, {"Key": "comp"}]})
    assert sorted(d["Key"] for d in marker["Deleted"]) == ["comp", "gov"]
    answer = s3.delete_objects(Bucket="protected", Delete={"Objects": [
        {"Key": "gov", "VersionId": gov}, {"Key": "comp", "VersionId": comp}]})
    assert answer["Errors"] == [
        {"Key": "gov", "VersionId": gov, "Code": "AccessDenied", "Message": PROTECTED},
        {"Key": "comp", "VersionId": comp, "Code": "AccessDenied", "Message": PROTECTED}]
    # Governance yields to the bypass header; compliance does not.
    answer = s3.delete_objects(Bucket="protected", BypassGovernanceRetention=True, Delete={"Objects": [
        {"Key": "gov", "VersionId": gov}, {"Key": "comp", "VersionId": comp}]})
    assert answer["Deleted"] == [{"Key": "gov", "VersionId": gov}]
    assert answer["Errors"] == [{"Key": "comp", "VersionId": comp, "Code": "AccessDenied", "Message": PROTECTED}]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.delete_object(Bucket="protected", Key="comp", VersionId=comp, BypassGovernanceRetention=True)
    assert error_of(e) == ("AccessDenied", 403, PROTECTED)
    assert s3.get_object(Bucket="protected", Key="comp", VersionId=comp)["Body"].read() == b"c"


def test_retention_can_grow_not_shrink(s3):
    locked_bucket(s3, "terms")
    version = s3.put_object(Bucket="terms", Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                            ObjectLockRetainUntilDate=later(days=2))["VersionId"]
    longer = later(days=5).replace(microsecond=0)
    s3.put_object_retention(Bucket="terms", Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": longer})
    assert s3.get_object_retention(Bucket="terms", Key="k")["Retention"] == {
        "Mode": "GOVERNANCE", "RetainUntilDate": longer}
    shorter = later(days=1).replace(microsecond=0)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object_retention(Bucket="terms", Key="k", VersionId=version,
                                Retention={"Mode": "GOVERNANCE", "RetainUntilDate": shorter})
    assert error_of(e) == ("AccessDenied", 403, PROTECTED)
    s3.put_object_retention(Bucket="terms", Key="k", VersionId=version, BypassGovernanceRetention=True,
                            Retention={"Mode": "GOVERNANCE", "RetainUntilDate": shorter})
    with pytest.raises(botocore.exceptions.ClientError) as e:  # a change of mode is a change of its settings
        s3.put_object_retention(Bucket="terms", Key="k", Retention={"Mode": "COMPLIANCE", "RetainUntilDate": longer})
    assert error_of(e) == ("AccessDenied", 403, PROTECTED)
    s3.put_object_retention(Bucket="terms", Key="k", BypassGovernanceRetention=True,
                            Retention={"Mode": "COMPLIANCE", "RetainUntilDate": longer})
    with pytest.raises(botocore.exceptions.ClientError) as e:  # compliance: not even with the bypass
        s3.put_object_retention(Bucket="terms", Key="k", BypassGovernanceRetention=True,
                                Retention={"Mode": "GOVERNANCE", "RetainUntilDate": longer})
    assert error_of(e) == ("AccessDenied", 403, PROTECTED)
    assert s3.head_object(Bucket="terms", Key="k")["ObjectLockMode"] == "COMPLIANCE"


def test_legal_hold_blocks_removal_until_released(s3):
    # moto test_put_object_legal_hold.
    locked_bucket(s3, "held", default={"Mode": "GOVERNANCE", "Days": 1})
    version = s3.put_object(Bucket="held", Key="file.txt", Body=b"test")["VersionId"]
    s3.put_object_legal_hold(Bucket="held", Key="file.txt", VersionId=version, LegalHold={"Status": "ON"})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.delete_object(Bucket="held", Key="file.txt", VersionId=version, BypassGovernanceRetention=True)
    assert error_of(e)[:2] == ("AccessDenied", 403)
    s3.put_object_legal_hold(Bucket="held", Key="file.txt", VersionId=version, LegalHold={"Status": "OFF"})
    assert s3.get_object_legal_hold(Bucket="held", Key="file.txt")["LegalHold"] == {"Status": "OFF"}
    s3.delete_object(Bucket="held", Key="file.txt", VersionId=version, BypassGovernanceRetention=True)
    assert "Versions" not in s3.list_object_versions(Bucket="held")


def test_bypass_needs_its_permission_and_lock_survives_kill_9(tarn, s3):
    locked_bucket(s3, "audited")
    version = s3.put_object(Bucket="audited", Key="log", Body=b"l", ObjectLockMode="GOVERNANCE",
                            ObjectLockRetainUntilDate=later(hours=1))["VersionId"]
    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    s3 = tarn.client("s3")
    assert s3.head_object(Bucket="audited", Key="log")["ObjectLockMode"] == "GOVERNANCE"
    iam = tarn.client("iam")
    iam.create_user(UserName="ops")
    key = iam.create_access_key(UserName="ops")["AccessKey"]
    ops = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

    def allow(actions):
        iam.put_user_policy(UserName="ops", PolicyName="p", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::audited/*"}]}))

    allow(["s3:DeleteObjectVersion"])
    with pytest.raises(botocore.exceptions.ClientError) as e:  # the header alone bypasses nothing
        ops.delete_object(Bucket="audited", Key="log", VersionId=version, BypassGovernanceRetention=True)
    assert error_of(e) == ("AccessDenied", 403, PROTECTED)
    allow(["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"])
    ops.delete_object(Bucket="audited", Key="log", VersionId=version, BypassGovernanceRetention=True)
    assert "Versions" not in s3.list_object_versions(Bucket="audited")
