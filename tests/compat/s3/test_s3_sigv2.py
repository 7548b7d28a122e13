"""S3's Signature Version 2: the presigned URLs botocore and the AWS CLI v1 make by default
(?AWSAccessKeyId=&Signature=&Expires=), and clients configured with signature_version="s3".
https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html"""
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import botocore
import botocore.config
import pytest


@pytest.fixture
def s3(tarn):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="sigv2")
    s3.put_object(Bucket="sigv2", Key="report/q1 results+x.csv", Body=b"a,b\n1,2\n")
    return s3


def fetch(url, method="GET", data=None, headers=None):
    req = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def code_of(body):
    return ET.fromstring(body).findtext("Code")


def test_default_presigned_urls_are_sigv2_and_work(tarn, s3):
    url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": "sigv2", "Key": "report/q1 results+x.csv", "ResponseContentType": "text/csv",
                              "ResponseContentDisposition": "attachment; filename=q1.csv"})
    assert "AWSAccessKeyId=" in url and "X-Amz-Signature" not in url
    status, headers, body = fetch(url)
    assert (status, body) == (200, b"a,b\n1,2\n")
    assert headers["Content-Type"] == "text/csv"
    assert headers["Content-Disposition"] == "attachment; filename=q1.csv"
    # A presigned PUT: the uploader sends no Content-Type the signer did not sign.
    put = s3.generate_presigned_url("put_object", Params={"Bucket": "sigv2", "Key": "upload"})
    assert fetch(put, "PUT", b"uploaded", {"Content-Type": ""})[0] == 200
    assert s3.get_object(Bucket="sigv2", Key="upload")["Body"].read() == b"uploaded"
    # Signed with a Content-Type: the upload must send that one.
    typed = s3.generate_presigned_url("put_object", Params={"Bucket": "sigv2", "Key": "typed", "ContentType": "text/plain"})
    assert fetch(typed, "PUT", b"t", {"Content-Type": "text/plain"})[0] == 200
    status, _, body = fetch(typed, "PUT", b"t", {"Content-Type": "image/png"})
    assert (status, code_of(body)) == (403, "SignatureDoesNotMatch")
    # Bucket-level: ListObjects through a presigned URL.
    listing = s3.generate_presigned_url("list_objects", Params={"Bucket": "sigv2"})
    status, _, body = fetch(listing)
    assert status == 200 and b"<Key>upload</Key>" in body


def test_presigned_errors(tarn, s3):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "sigv2", "Key": "report/q1 results+x.csv"})
    status, _, body = fetch(url.replace("Signature=", "Signature=0"))
    root = ET.fromstring(body)
    assert (status, root.findtext("Code")) == (403, "SignatureDoesNotMatch")
    assert root.findtext("StringToSign").endswith("\n/sigv2/report/q1%20results%2Bx.csv")
    expired = s3.generate_presigned_url("get_object", Params={"Bucket": "sigv2", "Key": "report/q1 results+x.csv"},
                                        ExpiresIn=-60)
    status, _, body = fetch(expired)
    root = ET.fromstring(body)
    assert (status, root.findtext("Code"), root.findtext("Message")) == (403, "AccessDenied", "Request has expired")
    assert root.findtext("Expires") and root.findtext("ServerTime")
    parts = urllib.parse.urlsplit(url)
    query = [p for p in parts.query.split("&") if not p.startswith("Expires=")]
    status, _, body = fetch(urllib.parse.urlunsplit(parts._replace(query="&".join(query))))
    root = ET.fromstring(body)
    assert (status, root.findtext("Code")) == (403, "AccessDenied")
    assert root.findtext("Message") == \
        "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"
    missing = s3.generate_presigned_url("get_object", Params={"Bucket": "sigv2", "Key": "nope"})
    status, _, body = fetch(missing)
    assert (status, code_of(body)) == (404, "NoSuchKey")


def test_header_signed_client(tarn, s3):
    v2 = tarn.client("s3", config=botocore.config.Config(signature_version="s3", retries={"max_attempts": 1}))
    v2.put_object(Bucket="sigv2", Key="h", Body=b"xyz", Metadata={"Reviewed-By": "a"}, ContentType="text/plain")
    got = v2.get_object(Bucket="sigv2", Key="h")
    assert got["Body"].read() == b"xyz" and got["Metadata"] == {"reviewed-by": "a"}
    assert [o["Key"] for o in v2.list_objects(Bucket="sigv2")["Contents"]] == ["h", "report/q1 results+x.csv"]
    wrong = tarn.client("s3", aws_secret_access_key="wrong",
                        config=botocore.config.Config(signature_version="s3", retries={"max_attempts": 1}))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        wrong.get_object(Bucket="sigv2", Key="h")
    assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    if tuple(int(p) for p in botocore.__version__.split(".")[:2]) < (1, 31):
        return  # Debian's botocore 1.29 signs sub-resources twice ("/b/k?tagging?tagging"): S3 refuses it too
    v2.put_object_tagging(Bucket="sigv2", Key="h", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    assert v2.get_object_tagging(Bucket="sigv2", Key="h")["TagSet"] == [{"Key": "k", "Value": "v"}]
    up = v2.create_multipart_upload(Bucket="sigv2", Key="mp")["UploadId"]
    etag = v2.upload_part(Bucket="sigv2", Key="mp", UploadId=up, PartNumber=1, Body=b"p" * 10)["ETag"]
    v2.complete_multipart_upload(Bucket="sigv2", Key="mp", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert v2.head_object(Bucket="sigv2", Key="mp")["ContentLength"] == 10
    assert v2.delete_objects(Bucket="sigv2", Delete={"Objects": [{"Key": "mp"}]})["Deleted"] == [{"Key": "mp"}]


def test_sigv2_answers_to_iam(tarn, s3):
    iam = tarn.client("iam")
    iam.create_user(UserName="reader")
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    iam.put_user_policy(UserName="reader", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::sigv2/report/*"}]}))
    time.sleep(0.1)
    user = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    allowed = user.generate_presigned_url("get_object", Params={"Bucket": "sigv2", "Key": "report/q1 results+x.csv"})
    assert fetch(allowed)[0] == 200
    s3.put_object(Bucket="sigv2", Key="private", Body=b"p")
    denied = user.generate_presigned_url("get_object", Params={"Bucket": "sigv2", "Key": "private"})
    status, _, body = fetch(denied)
    assert (status, code_of(body)) == (403, "AccessDenied")
    # STS session credentials: the token travels in the query.
    sts = tarn.client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    c = sts.get_session_token()["Credentials"]
    session = tarn.client("s3", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                          aws_session_token=c["SessionToken"])
    url = session.generate_presigned_url("get_object", Params={"Bucket": "sigv2", "Key": "report/q1 results+x.csv"})
    assert "x-amz-security-token=" in url
    assert fetch(url)[0] == 200
    assert fetch(url.replace("x-amz-security-token=", "x-amz-security-token=X"))[0] == 400


def test_aws_cli_presign(tarn, s3):
    out = tarn.aws("s3", "presign", "s3://sigv2/report/q1 results+x.csv", "--expires-in", "120", check=True)
    url = out.stdout.strip()
    assert fetch(url)[:3:2] == (200, b"a,b\n1,2\n")
