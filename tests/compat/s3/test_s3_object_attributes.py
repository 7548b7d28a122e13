"""GetObjectAttributes (GET /bucket/key?attributes with x-amz-object-attributes): the shapes S3
answers (LocalStack's test_get_object_attributes* recorded against AWS; AWS answers quoted by S3
implementers for ChecksumType and the Part list), its errors, and its two IAM actions.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html"""
import json

import botocore.exceptions
import pytest

ALL = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    r = e.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"].get("Message")


@pytest.fixture
def s3(tarn):
    client = tarn.client("s3")
    client.create_bucket(Bucket="lake")
    return client


def attributes(s3, key, names, **kwargs):
    r = s3.get_object_attributes(Bucket="lake", Key=key, ObjectAttributes=names, **kwargs)
    headers = r.pop("ResponseMetadata")["HTTPHeaders"]
    return r, headers


def test_single_part_object(s3):
    put = s3.put_object(Bucket="lake", Key="marks.csv", Body=b"69\n420\n", ChecksumAlgorithm="SHA256")
    r, headers = attributes(s3, "marks.csv", ALL)
    # The ETag without its quotes; no ObjectParts for an object that was not uploaded in parts.
    assert r["ETag"] == put["ETag"].strip('"') == "e92499db864217242396e8ef766079a9"
    assert r["Checksum"]["ChecksumSHA256"] == put["ChecksumSHA256"]
    assert "ObjectParts" not in r
    assert r["StorageClass"] == "STANDARD"
    assert r["ObjectSize"] == 7
    assert "last-modified" in headers and r["LastModified"]
    # Only what is asked for; Last-Modified always.
    r, _ = attributes(s3, "marks.csv", ["ObjectSize"])
    assert set(r) == {"LastModified", "ObjectSize"}
    s3.put_object(Bucket="lake", Key="cold", Body=b"x", StorageClass="STANDARD_IA")
    assert attributes(s3, "cold", ["StorageClass"])[0]["StorageClass"] == "STANDARD_IA"


def test_checksum_type_on_the_wire(tarn, s3):
    s3.put_object(Bucket="lake", Key="k", Body=b"abc", ChecksumAlgorithm="CRC32")
    raw = tarn.client("s3")
    body = {}

    def keep(http_response, **kwargs):
        body["xml"] = http_response.content.decode()

    raw.meta.events.register("after-call.s3.GetObjectAttributes", keep)
    raw.get_object_attributes(Bucket="lake", Key="k", ObjectAttributes=["Checksum"])
    assert "<ChecksumCRC32>NSRBwg==</ChecksumCRC32><ChecksumType>FULL_OBJECT</ChecksumType>" in body["xml"]
    assert body["xml"].startswith("<?xml") and "<GetObjectAttributesResponse" in body["xml"]


def multipart(s3, key, algorithm=None, sizes=(5 << 20, 5 << 20, 4)):
    extra = {"ChecksumAlgorithm": algorithm} if algorithm else {}
    upload = s3.create_multipart_upload(Bucket="lake", Key=key, **extra)["UploadId"]
    parts = []
    for number, size in enumerate(sizes, start=1):
        r = s3.upload_part(Bucket="lake", Key=key, UploadId=upload, PartNumber=number, Body=b"p" * size, **extra)
        part = {"PartNumber": number, "ETag": r["ETag"]}
        if algorithm:
            part["Checksum" + algorithm] = r["Checksum" + algorithm]
        parts.append(part)
    return s3.complete_multipart_upload(Bucket="lake", Key=key, UploadId=upload,
                                        MultipartUpload={"Parts": parts}), parts


def test_multipart_object_with_part_checksums_lists_its_parts(s3):
    done, parts = multipart(s3, "big.parquet", "CRC32")
    r, _ = attributes(s3, "big.parquet", ALL)
    assert r["ETag"] == done["ETag"].strip('"') and r["ETag"].endswith("-3")
    # The COMPOSITE checksum without the "-3" CompleteMultipartUpload named it with.
    assert done["ChecksumCRC32"].endswith("-3")
    assert r["Checksum"]["ChecksumCRC32"] == done["ChecksumCRC32"][:-2]
    assert r["ObjectSize"] == (10 << 20) + 4
    assert r["ObjectParts"] == {
        "TotalPartsCount": 3, "PartNumberMarker": 0, "NextPartNumberMarker": 3, "MaxParts": 1000,
        "IsTruncated": False,
        "Parts": [{"PartNumber": n, "Size": s, "ChecksumCRC32": p["ChecksumCRC32"]}
                  for n, s, p in zip((1, 2, 3), (5 << 20, 5 << 20, 4), parts)]}
    # Pages of parts.
    first, _ = attributes(s3, "big.parquet", ["ObjectParts"], MaxParts=2)
    assert [p["PartNumber"] for p in first["ObjectParts"]["Parts"]] == [1, 2]
    assert first["ObjectParts"]["IsTruncated"] is True and first["ObjectParts"]["NextPartNumberMarker"] == 2
    rest, _ = attributes(s3, "big.parquet", ["ObjectParts"], MaxParts=2, PartNumberMarker=2)
    assert [p["PartNumber"] for p in rest["ObjectParts"]["Parts"]] == [3]
    assert rest["ObjectParts"]["PartNumberMarker"] == 2 and rest["ObjectParts"]["IsTruncated"] is False


def test_multipart_object_without_part_checksums_counts_its_parts(s3):
    multipart(s3, "plain", sizes=(5 << 20, 1))
    r, _ = attributes(s3, "plain", ["ObjectParts"], MaxParts=3)
    assert r["ObjectParts"] == {"TotalPartsCount": 2}


def test_errors(tarn, s3):
    s3.put_object(Bucket="lake", Key="k", Body=b"x")
    assert error_of(s3.get_object_attributes, Bucket="lake", Key="k", ObjectAttributes=["Etag"]) == (
        "InvalidArgument", 400, "Invalid attribute name specified.")
    assert error_of(s3.get_object_attributes, Bucket="lake", Key="missing", ObjectAttributes=["ETag"]) == (
        "NoSuchKey", 404, "The specified key does not exist.")
    assert error_of(s3.get_object_attributes, Bucket="nobucket", Key="k", ObjectAttributes=["ETag"])[:2] == (
        "NoSuchBucket", 404)
    assert error_of(s3.get_object_attributes, Bucket="lake", Key="k", ObjectAttributes=["ETag"],
                    VersionId="3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")[:2] == ("InvalidArgument", 400)
    assert attributes(s3, "k", ["ObjectSize"], VersionId="null")[0]["ObjectSize"] == 1

    bare = tarn.client("s3")
    bare.meta.events.register("before-sign.s3.GetObjectAttributes",
                              lambda request, **kwargs: request.headers.__delitem__("x-amz-object-attributes"))
    assert error_of(bare.get_object_attributes, Bucket="lake", Key="k", ObjectAttributes=["ETag"]) == (
        "InvalidRequest", 400,
        "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty")
    blank = tarn.client("s3")
    blank.meta.events.register("before-sign.s3.GetObjectAttributes",
                               lambda request, **kwargs: request.headers.replace_header("x-amz-object-attributes", ""))
    assert error_of(blank.get_object_attributes, Bucket="lake", Key="k", ObjectAttributes=["ETag"])[:2] == (
        "InvalidRequest", 400)


def test_needs_get_object_and_get_object_attributes(tarn, s3):
    s3.put_object(Bucket="lake", Key="k", Body=b"x")
    iam = tarn.client("iam")
    iam.create_user(UserName="analyst")
    key = iam.create_access_key(UserName="analyst")["AccessKey"]
    user = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

    def allow(actions):
        iam.put_user_policy(UserName="analyst", PolicyName="p", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::lake/*"}]}))

    allow(["s3:GetObject"])
    assert error_of(user.get_object_attributes, Bucket="lake", Key="k", ObjectAttributes=["ETag"])[:2] == (
        "AccessDenied", 403)
    allow(["s3:GetObjectAttributes"])
    assert error_of(user.get_object_attributes, Bucket="lake", Key="k", ObjectAttributes=["ETag"])[:2] == (
        "AccessDenied", 403)
    allow(["s3:GetObject", "s3:GetObjectAttributes"])
    assert user.get_object_attributes(Bucket="lake", Key="k", ObjectAttributes=["ObjectSize"])["ObjectSize"] == 1


def test_awscli(tarn, s3):
    s3.put_object(Bucket="lake", Key="a/b.json", Body=b"{}")
    out = tarn.aws("s3api", "get-object-attributes", "--bucket", "lake", "--key", "a/b.json",
                   "--object-attributes", "ETag", "ObjectSize", check=True)
    r = json.loads(out.stdout)
    assert r["ObjectSize"] == 2 and r["ETag"] == "99914b932bd37a50b983c5e7c90ae93b"
