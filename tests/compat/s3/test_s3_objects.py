"""S3 buckets and objects through boto3: the calls the student pipeline and users make, with the
exact errors S3 answers (codes, statuses) in its XML error shape."""
import hashlib
import os
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import botocore.config
import botocore.exceptions
import pytest


def error_of(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def s3(tarn):
    client = tarn.client("s3")
    client.create_bucket(Bucket="data")
    return client


def test_bucket_lifecycle(tarn):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="first-bucket")
    s3.head_bucket(Bucket="first-bucket")
    assert s3.get_bucket_location(Bucket="first-bucket")["LocationConstraint"] is None
    eu = tarn.client("s3", region_name="eu-west-1")
    eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert eu.get_bucket_location(Bucket="eu-bucket")["LocationConstraint"] == "eu-west-1"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_of(e) == ("BucketAlreadyOwnedByYou", 409)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        eu.create_bucket(Bucket="other-eu-bucket")  # no constraint on a regional endpoint
    assert error_of(e) == ("IllegalLocationConstraintException", 400)
    assert "Status" not in s3.get_bucket_versioning(Bucket="first-bucket")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_bucket_tagging(Bucket="first-bucket")
    assert error_of(e) == ("NoSuchTagSet", 404)
    tags = [{"Key": "project", "Value": "school"}, {"Key": "env", "Value": "dev"}]
    s3.put_bucket_tagging(Bucket="first-bucket", Tagging={"TagSet": tags})
    assert s3.get_bucket_tagging(Bucket="first-bucket")["TagSet"] == tags
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_bucket_tagging(Bucket="first-bucket", Tagging={"TagSet": [tags[0], tags[0]]})
    assert error_of(e) == ("InvalidTag", 400)
    s3.delete_bucket_tagging(Bucket="first-bucket")
    with pytest.raises(botocore.exceptions.ClientError):
        s3.get_bucket_tagging(Bucket="first-bucket")
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert names == ["eu-bucket", "first-bucket"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.create_bucket(Bucket="Bad_Name")
    assert error_of(e) == ("InvalidBucketName", 400)
    s3.put_object(Bucket="first-bucket", Key="k", Body=b"x")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.delete_bucket(Bucket="first-bucket")
    assert error_of(e) == ("BucketNotEmpty", 409)
    s3.delete_object(Bucket="first-bucket", Key="k")
    s3.delete_bucket(Bucket="first-bucket")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_bucket(Bucket="first-bucket")
    assert error_of(e) == ("404", 404)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.list_objects_v2(Bucket="first-bucket")
    assert error_of(e) == ("NoSuchBucket", 404)


def test_put_get_head_with_metadata(s3):
    body = b"student,mark\nann,91\n"
    put = s3.put_object(Bucket="data", Key="staging/marks.csv", Body=body, ContentType="text/csv",
                        Metadata={"Source": "form", "run": "7"}, CacheControl="max-age=60",
                        ContentDisposition='attachment; filename="m.csv"', ContentEncoding="identity",
                        ContentLanguage="en")
    assert put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
    got = s3.get_object(Bucket="data", Key="staging/marks.csv")
    assert got["Body"].read() == body
    assert got["ContentType"] == "text/csv"
    assert got["Metadata"] == {"source": "form", "run": "7"}
    assert got["CacheControl"] == "max-age=60"
    assert got["ContentDisposition"] == 'attachment; filename="m.csv"'
    assert got["ContentEncoding"] == "identity"
    assert got["ContentLanguage"] == "en"
    assert got["ETag"] == put["ETag"]
    assert got["ContentLength"] == len(body)
    head = s3.head_object(Bucket="data", Key="staging/marks.csv")
    assert head["ContentLength"] == len(body) and head["ETag"] == put["ETag"]
    assert abs((head["LastModified"] - datetime.now(timezone.utc)).total_seconds()) < 60
    over = s3.get_object(Bucket="data", Key="staging/marks.csv", ResponseContentType="text/plain",
                         ResponseContentDisposition="inline", ResponseCacheControl="no-cache")
    assert over["ContentType"] == "text/plain" and over["ContentDisposition"] == "inline"
    assert over["CacheControl"] == "no-cache"
    s3.put_object(Bucket="data", Key="empty", Body=b"")
    empty = s3.get_object(Bucket="data", Key="empty")
    assert empty["Body"].read() == b"" and empty["ContentType"] == "binary/octet-stream"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="data", Key="missing")
    assert error_of(e) == ("NoSuchKey", 404)
    assert e.value.response["Error"]["Key"] == "missing"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket="data", Key="missing")
    assert error_of(e) == ("404", 404)
    s3.delete_object(Bucket="data", Key="missing")  # idempotent
    s3.delete_object(Bucket="data", Key="empty")
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_object(Bucket="data", Key="empty")


def test_ranges(s3):
    s3.put_object(Bucket="data", Key="digits", Body=b"0123456789")
    r = s3.get_object(Bucket="data", Key="digits", Range="bytes=2-4")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert r["Body"].read() == b"234" and r["ContentRange"] == "bytes 2-4/10" and r["ContentLength"] == 3
    assert s3.get_object(Bucket="data", Key="digits", Range="bytes=-3")["Body"].read() == b"789"
    assert s3.get_object(Bucket="data", Key="digits", Range="bytes=7-")["Body"].read() == b"789"
    assert s3.get_object(Bucket="data", Key="digits", Range="bytes=8-100")["Body"].read() == b"89"
    whole = s3.get_object(Bucket="data", Key="digits", Range="bytes=5-1")  # invalid: ignored
    assert whole["ResponseMetadata"]["HTTPStatusCode"] == 200 and whole["Body"].read() == b"0123456789"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="data", Key="digits", Range="bytes=10-")
    assert error_of(e) == ("InvalidRange", 416)
    assert e.value.response["Error"]["ActualObjectSize"] == "10"


def test_conditional_requests(s3):
    etag = s3.put_object(Bucket="data", Key="c", Body=b"v1")["ETag"]
    assert s3.get_object(Bucket="data", Key="c", IfMatch=etag)["Body"].read() == b"v1"
    # An ETag missing one of its quotes still matches (moto's aws_verified test_put_object_if_match).
    assert s3.get_object(Bucket="data", Key="c", IfMatch=etag[1:])["Body"].read() == b"v1"
    assert s3.get_object(Bucket="data", Key="c", IfMatch=etag[:-1])["Body"].read() == b"v1"
    # HeadBucket's empty answer is labelled XML, as S3 labels it (moto's test_header_content_type).
    assert s3.head_bucket(Bucket="data")["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/xml"
    # A response-expires override is echoed as an HTTP date.
    got = s3.get_object(Bucket="data", Key="c", ResponseExpires=datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc))
    assert got["ResponseMetadata"]["HTTPHeaders"]["expires"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="data", Key="c", IfMatch='"00000000000000000000000000000000"')
    assert error_of(e) == ("PreconditionFailed", 412)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="data", Key="c", IfNoneMatch=etag)
    assert error_of(e)[1] == 304
    past = datetime.now(timezone.utc) - timedelta(days=1)
    future = datetime.now(timezone.utc) + timedelta(days=1)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="data", Key="c", IfUnmodifiedSince=past)
    assert error_of(e) == ("PreconditionFailed", 412)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket="data", Key="c", IfModifiedSince=future)
    assert error_of(e)[1] == 304
    assert s3.get_object(Bucket="data", Key="c", IfModifiedSince=past)["Body"].read() == b"v1"


def test_list_with_delimiter_and_pagination(s3):
    keys = ["a.txt", "dw/marks/p=1/x.parquet", "dw/marks/p=2/y.parquet", "dw/student/z.parquet",
            "staging/marks/1.json", "staging/marks/2.json", "staging/student/1.json", "with space+plus.txt",
            "ünïcode/é.txt"]
    for k in keys:
        s3.put_object(Bucket="data", Key=k, Body=k.encode())
    out = s3.list_objects_v2(Bucket="data", Delimiter="/")
    assert [c["Key"] for c in out["Contents"]] == ["a.txt", "with space+plus.txt"]
    assert [p["Prefix"] for p in out["CommonPrefixes"]] == ["dw/", "staging/", "ünïcode/"]
    assert out["KeyCount"] == 5 and out["IsTruncated"] is False
    out = s3.list_objects_v2(Bucket="data", Prefix="dw/marks/", Delimiter="/")
    assert [p["Prefix"] for p in out["CommonPrefixes"]] == ["dw/marks/p=1/", "dw/marks/p=2/"]
    assert "Contents" not in out
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="data", PaginationConfig={"PageSize": 2}))
    assert len(pages) == 5
    assert [c["Key"] for p in pages for c in p.get("Contents", [])] == sorted(keys, key=lambda k: k.encode())
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="data", Delimiter="/",
                                                              PaginationConfig={"PageSize": 1}))
    seen = [c["Key"] for p in pages for c in p.get("Contents", [])] + \
        [c["Prefix"] for p in pages for c in p.get("CommonPrefixes", [])]
    assert sorted(seen) == sorted(["a.txt", "with space+plus.txt", "dw/", "staging/", "ünïcode/"])
    v1 = list(s3.get_paginator("list_objects").paginate(Bucket="data", Delimiter="/",
                                                         PaginationConfig={"PageSize": 2}))
    seen = [c["Key"] for p in v1 for c in p.get("Contents", [])] + \
        [c["Prefix"] for p in v1 for c in p.get("CommonPrefixes", [])]
    assert sorted(seen) == sorted(["a.txt", "with space+plus.txt", "dw/", "staging/", "ünïcode/"])
    after = s3.list_objects_v2(Bucket="data", StartAfter="staging/marks/2.json")
    assert [c["Key"] for c in after["Contents"]][:1] == ["staging/student/1.json"]
    marker = s3.list_objects(Bucket="data", Marker="staging/", Prefix="staging/", MaxKeys=1)
    assert [c["Key"] for c in marker["Contents"]] == ["staging/marks/1.json"] and marker["IsTruncated"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.list_objects_v2(Bucket="data", ContinuationToken="not-a-token")
    assert error_of(e) == ("InvalidArgument", 400)


def test_copy_object(s3):
    s3.put_object(Bucket="data", Key="src/a b.csv", Body=b"1,2\n", ContentType="text/csv", Metadata={"m": "1"})
    s3.create_bucket(Bucket="other")
    res = s3.copy_object(Bucket="other", Key="copy.csv", CopySource={"Bucket": "data", "Key": "src/a b.csv"})
    head = s3.head_object(Bucket="other", Key="copy.csv")
    assert head["ContentType"] == "text/csv" and head["Metadata"] == {"m": "1"}
    assert head["ETag"] == res["CopyObjectResult"]["ETag"]
    s3.copy_object(Bucket="other", Key="copy.csv", CopySource="data/src/a b.csv", MetadataDirective="REPLACE",
                   ContentType="text/plain", Metadata={"n": "2"})
    head = s3.head_object(Bucket="other", Key="copy.csv")
    assert head["ContentType"] == "text/plain" and head["Metadata"] == {"n": "2"}
    assert s3.get_object(Bucket="other", Key="copy.csv")["Body"].read() == b"1,2\n"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.copy_object(Bucket="data", Key="src/a b.csv", CopySource="data/src/a b.csv")
    assert error_of(e) == ("InvalidRequest", 400)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.copy_object(Bucket="data", Key="x", CopySource="data/none")
    assert error_of(e) == ("NoSuchKey", 404)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.copy_object(Bucket="data", Key="x", CopySource="data/src/a b.csv", CopySourceIfNoneMatch=head["ETag"])
    assert error_of(e) == ("PreconditionFailed", 412)


def test_delete_objects(s3):
    for k in ("a", "b", "c"):
        s3.put_object(Bucket="data", Key=k, Body=b"x")
    out = s3.delete_objects(Bucket="data", Delete={"Objects": [{"Key": "a"}, {"Key": "nope"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["a", "nope"]
    quiet = s3.delete_objects(Bucket="data", Delete={"Objects": [{"Key": "b"}, {"Key": "c"}], "Quiet": True})
    assert "Deleted" not in quiet and "Errors" not in quiet
    assert s3.list_objects_v2(Bucket="data")["KeyCount"] == 0


@pytest.mark.tarn_only
def test_path_traversal_keys_stay_in_the_bucket(tarn, s3):
    hostile = ["../../../outside.txt", "/etc/passwd", "a/../../b", "..", ".", "a//b", "a/b", "a/b/c",
               "%2e%2e/x", "dir/", "\\..\\win"]
    for k in hostile:
        s3.put_object(Bucket="data", Key=k, Body=("v:" + k).encode())
    for k in hostile:
        assert s3.get_object(Bucket="data", Key=k)["Body"].read() == ("v:" + k).encode(), k
    listed = [c["Key"] for c in s3.list_objects_v2(Bucket="data")["Contents"]]
    assert sorted(listed) == sorted(hostile)
    data = os.path.realpath(tarn.data_dir)
    assert not os.path.exists(os.path.join(data, "outside.txt"))
    assert not os.path.exists(os.path.join(os.path.dirname(data), "outside.txt"))
    for root, _, files in os.walk(data):
        for f in files:
            assert os.path.realpath(os.path.join(root, f)).startswith(data)


def test_checksums(s3):
    put = s3.put_object(Bucket="data", Key="sum", Body=b"hello world", ChecksumAlgorithm="SHA256")
    expected = "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
    assert put["ChecksumSHA256"] == expected
    got = s3.get_object(Bucket="data", Key="sum", ChecksumMode="ENABLED")
    assert got["ChecksumSHA256"] == expected and got["Body"].read() == b"hello world"
    # A range over the whole object carries its checksum; a part of it none.
    whole = s3.get_object(Bucket="data", Key="sum", ChecksumMode="ENABLED", Range="bytes=0-100")
    assert whole["ContentRange"] == "bytes 0-10/11" and whole["ChecksumSHA256"] == expected
    assert "ChecksumSHA256" not in s3.get_object(Bucket="data", Key="sum", ChecksumMode="ENABLED", Range="bytes=0-3")
    # CRC32C sent precomputed: newer botocore computes it only with the CRT installed.
    s3.put_object(Bucket="data", Key="crc", Body=b"123456789", ChecksumCRC32C="4waSgw==")
    assert s3.head_object(Bucket="data", Key="crc", ChecksumMode="ENABLED")["ChecksumCRC32C"] == "4waSgw=="
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object(Bucket="data", Key="bad", Body=b"abc", ChecksumCRC32="AAAAAA==")
    assert error_of(e) == ("BadDigest", 400)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object(Bucket="data", Key="bad", Body=b"abc", ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")
    assert error_of(e) == ("BadDigest", 400)
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_object(Bucket="data", Key="bad")


def test_upload_and_download_file_with_default_transfer_config(s3, tmp_path):
    small = tmp_path / "small.bin"
    small.write_bytes(os.urandom(1000))
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(9 * 1024 * 1024 + 123))  # > 8 MB threshold: parts of 8 MB and 1 MB
    s3.upload_file(str(small), "data", "files/small.bin")
    s3.upload_file(str(big), "data", "files/big.bin")
    assert s3.head_object(Bucket="data", Key="files/big.bin")["ETag"].endswith('-2"')
    for name in ("small.bin", "big.bin"):
        out = tmp_path / ("down-" + name)
        s3.download_file("data", "files/" + name, str(out))
        assert out.read_bytes() == (tmp_path / name).read_bytes()
    assert s3.list_multipart_uploads(Bucket="data").get("Uploads", []) == []
    # The managed copy of an object over 8 MB is a multipart upload of UploadPartCopy ranges.
    s3.copy({"Bucket": "data", "Key": "files/big.bin"}, "data", "files/big-copy.bin")
    assert s3.head_object(Bucket="data", Key="files/big-copy.bin")["ETag"].endswith('-2"')
    assert s3.get_object(Bucket="data", Key="files/big-copy.bin")["Body"].read() == big.read_bytes()


def test_multipart_api_errors(s3):
    up = s3.create_multipart_upload(Bucket="data", Key="mp")["UploadId"]
    p1 = s3.upload_part(Bucket="data", Key="mp", UploadId=up, PartNumber=1, Body=b"a" * 10)["ETag"]
    p2 = s3.upload_part(Bucket="data", Key="mp", UploadId=up, PartNumber=2, Body=b"b" * 10)["ETag"]
    parts = s3.list_parts(Bucket="data", Key="mp", UploadId=up)["Parts"]
    assert [(p["PartNumber"], p["Size"], p["ETag"]) for p in parts] == [(1, 10, p1), (2, 10, p2)]
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket="data")["Uploads"]] == [up]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.complete_multipart_upload(Bucket="data", Key="mp", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": p1}, {"PartNumber": 2, "ETag": p2}]})
    assert error_of(e) == ("EntityTooSmall", 400)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.complete_multipart_upload(Bucket="data", Key="mp", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 2, "ETag": p2}, {"PartNumber": 1, "ETag": p1}]})
    assert error_of(e) == ("InvalidPartOrder", 400)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.complete_multipart_upload(Bucket="data", Key="mp", UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": p2}]})
    assert error_of(e) == ("InvalidPart", 400)
    done = s3.complete_multipart_upload(Bucket="data", Key="mp", UploadId=up, MultipartUpload={
        "Parts": [{"PartNumber": 2, "ETag": p2}]})
    md5 = hashlib.md5(bytes.fromhex(p2.strip('"'))).hexdigest()
    assert done["ETag"] == '"%s-1"' % md5
    assert s3.get_object(Bucket="data", Key="mp")["Body"].read() == b"b" * 10
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.abort_multipart_upload(Bucket="data", Key="mp", UploadId=up)
    assert error_of(e) == ("NoSuchUpload", 404)
    up2 = s3.create_multipart_upload(Bucket="data", Key="gone")["UploadId"]
    s3.abort_multipart_upload(Bucket="data", Key="gone", UploadId=up2)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.upload_part(Bucket="data", Key="gone", UploadId=up2, PartNumber=1, Body=b"x")
    assert error_of(e) == ("NoSuchUpload", 404)


def test_presigned_get_and_error_xml(tarn, s3):
    # SigV4 presigning (boto3 defaults to SigV2 for S3 URLs: test_s3_sigv2.py).
    s3 = tarn.client("s3", config=botocore.config.Config(signature_version="s3v4", retries={"max_attempts": 1}))
    s3.put_object(Bucket="data", Key="report/q1 results.csv", Body=b"a,b\n1,2\n")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "data", "Key": "report/q1 results.csv"},
                                    ExpiresIn=300)
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200 and r.read() == b"a,b\n1,2\n"
    missing = s3.generate_presigned_url("get_object", Params={"Bucket": "data", "Key": "nope.csv"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(missing, timeout=10)
    assert e.value.code == 404
    assert e.value.headers["Content-Type"] == "application/xml"
    assert e.value.headers["x-amz-request-id"]
    root = ET.fromstring(e.value.read())
    assert root.tag == "Error"
    assert root.findtext("Code") == "NoSuchKey"
    assert root.findtext("Message") == "The specified key does not exist."
    assert root.findtext("Key") == "nope.csv"
    assert root.findtext("RequestId") == e.value.headers["x-amz-request-id"]
    tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(tampered, timeout=10)
    assert e.value.code == 403
    assert ET.fromstring(e.value.read()).findtext("Code") == "SignatureDoesNotMatch"
