"""S3 object tags: x-amz-tagging on PutObject/CopyObject/CreateMultipartUpload, the ?tagging
subresource, x-amz-tagging-count, S3's limits and errors, and the object-tag IAM condition keys
(s3:RequestObjectTag/<key>, s3:RequestObjectTagKeys, s3:ExistingObjectTag/<key>).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html"""
import json

import botocore.exceptions
import pytest


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"].get("Message")


@pytest.fixture
def s3(tarn):
    client = tarn.client("s3")
    client.create_bucket(Bucket="data")
    return client


def tags_of(s3, key):
    return {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket="data", Key=key)["TagSet"]}


def test_tags_set_on_upload_read_replaced_and_deleted(s3):
    s3.put_object(Bucket="data", Key="a.json", Body=b"{}", Tagging="layer=staging&owner=Asha%20K")
    assert tags_of(s3, "a.json") == {"layer": "staging", "owner": "Asha K"}
    assert s3.get_object(Bucket="data", Key="a.json")["TagCount"] == 2
    # Older botocore models lack HeadObject's TagCount: read the header itself.
    head = s3.head_object(Bucket="data", Key="a.json")
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "2"
    s3.put_object_tagging(Bucket="data", Key="a.json", Tagging={"TagSet": [{"Key": "layer", "Value": "dw"}]})
    assert tags_of(s3, "a.json") == {"layer": "dw"}
    # Tagging does not rewrite the object.
    assert s3.get_object(Bucket="data", Key="a.json")["Body"].read() == b"{}"
    s3.delete_object_tagging(Bucket="data", Key="a.json")
    assert tags_of(s3, "a.json") == {}
    assert "TagCount" not in s3.get_object(Bucket="data", Key="a.json")
    # A new PutObject without tags replaces the tags with none.
    s3.put_object(Bucket="data", Key="b", Body=b"1", Tagging="x=1")
    s3.put_object(Bucket="data", Key="b", Body=b"2")
    assert tags_of(s3, "b") == {}


def test_copy_keeps_or_replaces_tags(s3):
    s3.put_object(Bucket="data", Key="src", Body=b"x", Tagging="k=v")
    s3.copy_object(Bucket="data", Key="copy", CopySource="data/src")
    assert tags_of(s3, "copy") == {"k": "v"}
    s3.copy_object(Bucket="data", Key="copy2", CopySource="data/src", MetadataDirective="REPLACE",
                   ContentType="text/plain")
    assert tags_of(s3, "copy2") == {"k": "v"}
    s3.copy_object(Bucket="data", Key="copy3", CopySource="data/src", TaggingDirective="REPLACE", Tagging="n=1")
    assert tags_of(s3, "copy3") == {"n": "1"}


def test_multipart_upload_carries_its_tags(s3):
    upload = s3.create_multipart_upload(Bucket="data", Key="big", Tagging="kind=lake")
    part = s3.upload_part(Bucket="data", Key="big", UploadId=upload["UploadId"], PartNumber=1, Body=b"z" * 10)
    s3.complete_multipart_upload(Bucket="data", Key="big", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert tags_of(s3, "big") == {"kind": "lake"}


def test_tag_errors(s3):
    s3.put_object(Bucket="data", Key="k", Body=b"")
    eleven = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
    # BadRequest, as moto's aws_verified test_put_object_tagging records S3.
    assert error_of(s3.put_object_tagging, Bucket="data", Key="k", Tagging={"TagSet": eleven}) == (
        "BadRequest", 400, "Object tags cannot be greater than 10")
    # A header that is no tag set (a repeated key, a comma) is refused as a whole.
    for header in ("a=1&a=2", "key1=val1,key2=val2"):
        assert error_of(s3.put_object, Bucket="data", Key="k2", Body=b"", Tagging=header) == (
            "InvalidArgument", 400, "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL "
            "query parameters without tag name duplicates.")
    assert error_of(s3.put_object_tagging, Bucket="data", Key="k",
                    Tagging={"TagSet": [{"Key": "Key1,Key2", "Value": "v"}]}) == (
        "InvalidTag", 400, "The TagKey you have provided is invalid")
    assert error_of(s3.put_bucket_tagging, Bucket="data",
                    Tagging={"TagSet": [{"Key": "k", "Value": "Val1,Val2"}]}) == (
        "InvalidTag", 400, "The TagValue you have provided is invalid")
    assert error_of(s3.put_object_tagging, Bucket="data", Key="k",
                    Tagging={"TagSet": [{"Key": "x" * 129, "Value": "v"}]})[:2] == ("InvalidTag", 400)
    assert error_of(s3.put_object_tagging, Bucket="data", Key="k",
                    Tagging={"TagSet": [{"Key": "aws:x", "Value": "v"}]}) == (
        "InvalidTag", 400, "Your TagKey cannot be prefixed with aws:")
    assert error_of(s3.get_object_tagging, Bucket="data", Key="missing")[:2] == ("NoSuchKey", 404)
    assert error_of(s3.put_object_tagging, Bucket="data", Key="missing", Tagging={"TagSet": []})[:2] == (
        "NoSuchKey", 404)
    # A refused upload leaves nothing behind.
    assert error_of(s3.head_object, Bucket="data", Key="k2")[:2] == ("404", 404)


def test_object_tag_condition_keys(tarn, s3):
    iam = tarn.client("iam")
    iam.create_user(UserName="reader")
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    iam.put_user_policy(UserName="reader", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*",
             "Condition": {"StringEquals": {"s3:ExistingObjectTag/layer": "public"}}},
            {"Effect": "Allow", "Action": ["s3:PutObject", "s3:PutObjectTagging"], "Resource": "arn:aws:s3:::data/*",
             "Condition": {"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["layer"]}}},
            {"Effect": "Deny", "Action": ["s3:PutObject", "s3:PutObjectTagging"], "Resource": "*",
             "Condition": {"StringEquals": {"s3:RequestObjectTag/layer": "public"}}}]}))
    user = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    s3.put_object(Bucket="data", Key="open", Body=b"o", Tagging="layer=public")
    s3.put_object(Bucket="data", Key="closed", Body=b"c", Tagging="layer=private")
    assert user.get_object(Bucket="data", Key="open")["Body"].read() == b"o"
    assert error_of(user.get_object, Bucket="data", Key="closed")[:2] == ("AccessDenied", 403)
    user.put_object(Bucket="data", Key="new", Body=b"n", Tagging="layer=private")
    assert error_of(user.put_object, Bucket="data", Key="new2", Body=b"n", Tagging="layer=public")[:2] == (
        "AccessDenied", 403)
    assert error_of(user.put_object, Bucket="data", Key="new3", Body=b"n", Tagging="team=x")[:2] == (
        "AccessDenied", 403)
    assert error_of(user.put_object_tagging, Bucket="data", Key="new",
                    Tagging={"TagSet": [{"Key": "layer", "Value": "public"}]})[:2] == ("AccessDenied", 403)
