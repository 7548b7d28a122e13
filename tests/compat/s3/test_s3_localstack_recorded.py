"""S3 answers recorded on AWS by LocalStack's validated suites (test_s3_list_operations.py,
test_s3_api.py and their snapshots) that tarn once gave differently: a version-id-marker whose
version was deleted resumes with the older versions; ListBuckets refuses a BucketRegion that is no
Region; GetObjectAttributes' NextPartNumberMarker is 0 when no part follows the marker; CreateBucket's
x-amz-object-ownership outside its values is InvalidArgument in S3's words."""
import base64
import hashlib

import botocore.exceptions
import pytest

from signing import send_signed


@pytest.fixture
def s3(tarn):
    return tarn.client("s3")


def error(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return e.value.response


def test_a_deleted_version_marker_resumes_with_older_versions(s3):
    # test_list_objects_versions_with_prefix_only_and_pagination, last step.
    s3.create_bucket(Bucket="versions")
    s3.put_bucket_versioning(Bucket="versions", VersioningConfiguration={"Status": "Enabled"})
    ids = [s3.put_object(Bucket="versions", Key="prefixed_key", Body=b"%d" % i)["VersionId"] for i in range(5)]
    newest_first = list(reversed(ids))
    page = s3.list_object_versions(Bucket="versions", Prefix="prefix", MaxKeys=2)
    assert [v["VersionId"] for v in page["Versions"]] == newest_first[:2] and page["IsTruncated"]
    marker = page["NextVersionIdMarker"]
    assert marker == newest_first[1]
    for version in newest_first[:3]:  # the marker's version among them
        s3.delete_object(Bucket="versions", Key="prefixed_key", VersionId=version)
    page = s3.list_object_versions(Bucket="versions", Prefix="prefix", MaxKeys=5, KeyMarker="prefixed_key",
                                   VersionIdMarker=marker)
    assert page["KeyMarker"] == "prefixed_key" and page["VersionIdMarker"] == marker
    assert [(v["VersionId"], v["IsLatest"]) for v in page["Versions"]] == [(newest_first[3], True),
                                                                           (newest_first[4], False)]
    assert not page["IsTruncated"]


EMPTY_SHA256 = {"x-amz-content-sha256": hashlib.sha256(b"").hexdigest()}


def test_list_buckets_refuses_a_region_that_is_none(tarn, s3):
    # test_list_buckets_region_validation.
    s3.create_bucket(Bucket="regional")
    r = send_signed(tarn, "s3", method="GET", path="/?bucket-region=eu-east-1", headers=EMPTY_SHA256)
    assert r.status == 400, r.body
    assert "<Code>InvalidArgument</Code>" in r.body
    assert "<Message>Argument value eu-east-1 is not a valid AWS Region</Message>" in r.body
    assert "<ArgumentName>bucket-region</ArgumentName>" in r.body and "<ArgumentValue>" not in r.body
    r = send_signed(tarn, "s3", method="GET", path="/?bucket-region=eu-west-1", headers=EMPTY_SHA256)
    assert r.status == 200 and "<Buckets></Buckets>" in r.body.replace("<Buckets/>", "<Buckets></Buckets>")
    r = send_signed(tarn, "s3", method="GET", path="/?bucket-region=us-east-1", headers=EMPTY_SHA256)
    assert r.status == 200 and "<Name>regional</Name>" in r.body


def test_object_parts_after_the_last_part(s3):
    # test_list_parts_via_object_attrs_pagination, step get-object-attrs-wrong-part.
    s3.create_bucket(Bucket="parts")
    upload = s3.create_multipart_upload(Bucket="parts", Key="obj", ChecksumAlgorithm="SHA256")["UploadId"]
    parts = []
    for number, body in ((1, b"a" * (5 << 20)), (2, b"b" * 1024)):
        checksum = base64.b64encode(hashlib.sha256(body).digest()).decode()
        etag = s3.upload_part(Bucket="parts", Key="obj", UploadId=upload, PartNumber=number, Body=body,
                              ChecksumSHA256=checksum)["ETag"]
        parts.append({"PartNumber": number, "ETag": etag, "ChecksumSHA256": checksum})
    s3.complete_multipart_upload(Bucket="parts", Key="obj", UploadId=upload, MultipartUpload={"Parts": parts})
    attrs = s3.get_object_attributes(Bucket="parts", Key="obj", ObjectAttributes=["ObjectParts"], MaxParts=1,
                                     PartNumberMarker=10)["ObjectParts"]
    assert attrs["TotalPartsCount"] == 2 and attrs["PartNumberMarker"] == 10 and attrs["MaxParts"] == 1
    assert attrs["NextPartNumberMarker"] == 0 and not attrs["IsTruncated"]
    assert not attrs.get("Parts")
    first = s3.get_object_attributes(Bucket="parts", Key="obj", ObjectAttributes=["ObjectParts"],
                                     MaxParts=1)["ObjectParts"]
    assert [p["PartNumber"] for p in first["Parts"]] == [1]
    assert first["NextPartNumberMarker"] == 1 and first["IsTruncated"]


def test_create_bucket_object_ownership_outside_its_values(s3):
    # test_bucket_ownership_controls_exc.
    for value in ("RandomValue", ""):
        response = error(s3.create_bucket, Bucket="owned", ObjectOwnership=value)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert response["Error"]["Code"] == "InvalidArgument"
        assert response["Error"]["Message"] == "Invalid x-amz-object-ownership header: " + value
        assert response["Error"]["ArgumentName"] == "x-amz-object-ownership"
