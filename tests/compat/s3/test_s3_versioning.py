"""S3 object versioning through boto3: Get/PutBucketVersioning, version ids on Put/Get/Head/Copy,
delete markers, DeleteObject(s) by version, Suspended buckets and their "null" version,
ListObjectVersions (order, KeyMarker/VersionIdMarker paging, Prefix/Delimiter), tagging by version,
emptying and deleting a versioned bucket, and versions surviving a kill -9.

The expected answers are those recorded against real S3: LocalStack's `markers.aws.validated` tests
and their snapshots (tests/aws/services/s3/test_s3_api.py, test_s3_list_operations.py — cited below as
"LS <test>: <snapshot key>"), moto's `aws_verified` tests (tests/test_s3/test_s3_list_object_versions.py,
cited as "moto <test>"), and the S3 API reference / user guide
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html)."""
import hashlib
import json
import signal
import string

import boto3
import botocore.exceptions
import pytest

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
NOT_ALLOWED = "The specified method is not allowed against this resource."
NO_SUCH_VERSION = "The specified version does not exist."
# LS test_delete_objects / test_delete_objects_versioned use this well-formed id that names no version.
UNKNOWN_VERSION = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"


def etag(body):
    return '"%s"' % hashlib.md5(body).hexdigest()


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def headers_of(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]


def versioned_bucket(s3, name):
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def entries(listing):
    """Versions and DeleteMarkers of one ListObjectVersions page as (key, version id, kind, IsLatest), in
    S3's order: by key, then newest first (markers and versions interleaved by age)."""
    out = [(v["Key"], v["VersionId"], "v", v["IsLatest"]) for v in listing.get("Versions", [])]
    out += [(d["Key"], d["VersionId"], "dm", d["IsLatest"]) for d in listing.get("DeleteMarkers", [])]
    return out


@pytest.fixture
def s3(tarn):
    return tarn.client("s3")


def test_bucket_versioning_configuration(s3):
    # LS TestS3BucketVersioning::test_bucket_versioning_crud.
    s3.create_bucket(Bucket="conf")
    before = s3.get_bucket_versioning(Bucket="conf")
    assert "Status" not in before and "MFADelete" not in before  # get-versioning-before
    assert s3.put_bucket_versioning(Bucket="conf", VersioningConfiguration={"Status": "Suspended"})[
        "ResponseMetadata"]["HTTPStatusCode"] == 200  # a never-versioned bucket may be suspended
    assert s3.get_bucket_versioning(Bucket="conf")["Status"] == "Suspended"
    for bad in ("enabled", "Disabled"):  # put-versioning-enabled-lowercase, put-versioning-disabled
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.put_bucket_versioning(Bucket="conf", VersioningConfiguration={"Status": bad})
        assert error_of(e) == ("MalformedXML", 400)
        assert e.value.response["Error"]["Message"] == MALFORMED_XML
    s3.put_bucket_versioning(Bucket="conf", VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket="conf")["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket="conf", VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket="conf")["Status"] == "Suspended"
    with pytest.raises(botocore.exceptions.ClientError) as e:  # put-versioning-empty
        s3.put_bucket_versioning(Bucket="conf", VersioningConfiguration={})
    assert error_of(e) == ("IllegalVersioningConfigurationException", 400)
    assert e.value.response["Error"]["Message"] == "The Versioning element must be specified"
    assert s3.get_bucket_versioning(Bucket="conf")["Status"] == "Suspended"  # unchanged by the refusals
    # put-versioning-no-bucket, get-versioning-no-bucket
    for call, kwargs in ((s3.put_bucket_versioning, {"VersioningConfiguration": {"Status": "Suspended"}}),
                         (s3.get_bucket_versioning, {})):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call(Bucket="no-such-versioned-bucket", **kwargs)
        assert error_of(e) == ("NoSuchBucket", 404)
        assert e.value.response["Error"]["Message"] == "The specified bucket does not exist"
        assert e.value.response["Error"]["BucketName"] == "no-such-versioned-bucket"


def test_unversioned_bucket_has_null_versions(s3):
    # LS TestS3ObjectCRUD::test_list_object_versions_order_unversioned and
    # test_get_object_with_version_unversioned_bucket.
    s3.create_bucket(Bucket="plain")
    empty = s3.list_object_versions(Bucket="plain")  # list-empty
    assert "Versions" not in empty and "DeleteMarkers" not in empty
    assert empty["IsTruncated"] is False and empty["MaxKeys"] == 1000 and empty["Name"] == "plain"
    assert (empty["Prefix"], empty["KeyMarker"], empty["VersionIdMarker"]) == ("", "", "")
    bodies = {"a-test-object-1": b"test-object-1", "c-test-object-3": b"test-object-3",
              "b-test-object-2": b"test-object-2"}
    for key, body in bodies.items():
        put = s3.put_object(Bucket="plain", Key=key, Body=body)
        assert "VersionId" not in put  # put-object: no x-amz-version-id
    listing = s3.list_object_versions(Bucket="plain")  # list-object-versions
    assert "DeleteMarkers" not in listing and listing["IsTruncated"] is False
    assert [v["Key"] for v in listing["Versions"]] == sorted(bodies)
    for v in listing["Versions"]:
        assert v["VersionId"] == "null" and v["IsLatest"] is True
        assert v["ETag"] == etag(bodies[v["Key"]]) and v["Size"] == 13 and v["StorageClass"] == "STANDARD"
        assert v["LastModified"].tzinfo is not None and "ID" in v["Owner"]
    # get-obj-with-null-version: the "null" version is the object; the answer names no version.
    got = s3.get_object(Bucket="plain", Key="a-test-object-1", VersionId="null")
    assert got["Body"].read() == b"test-object-1" and "VersionId" not in got
    # get-obj-with-version: any other id is refused in a bucket that never had versioning.
    for version in (UNKNOWN_VERSION, "not-a-version-id"):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.get_object(Bucket="plain", Key="a-test-object-1", VersionId=version)
        assert error_of(e) == ("InvalidArgument", 400)
        assert e.value.response["Error"]["Message"] == "Invalid version id specified"
        assert e.value.response["Error"]["ArgumentName"] == "versionId"
    # Deleting version "null" deletes the object (user guide: objects stored before versioning have
    # version id null; DeleteObject with a versionId removes that version permanently).
    deleted = s3.delete_object(Bucket="plain", Key="a-test-object-1", VersionId="null")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204 and "DeleteMarker" not in deleted
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket="plain", Key="a-test-object-1")
    assert error_of(e)[1] == 404
    assert [v["Key"] for v in s3.list_object_versions(Bucket="plain")["Versions"]] == [
        "b-test-object-2", "c-test-object-3"]


def test_enabling_versioning_keeps_the_existing_object_as_null_version(s3):
    # User guide, "How S3 Versioning works": objects stored before versioning was enabled keep version
    # id null; enabling versioning does not change them, new PUTs add versions on top.
    s3.create_bucket(Bucket="late")
    s3.put_object(Bucket="late", Key="k", Body=b"before")
    s3.put_bucket_versioning(Bucket="late", VersioningConfiguration={"Status": "Enabled"})
    v2 = s3.put_object(Bucket="late", Key="k", Body=b"after")["VersionId"]
    assert v2 != "null"
    assert entries(s3.list_object_versions(Bucket="late")) == [("k", v2, "v", True), ("k", "null", "v", False)]
    old = s3.get_object(Bucket="late", Key="k", VersionId="null")
    assert old["Body"].read() == b"before" and old["VersionId"] == "null"
    assert s3.get_object(Bucket="late", Key="k")["Body"].read() == b"after"
    # LS test_s3_put_object_versioned: an object written before versioning answers version "null"
    # once its bucket is versioned (Enabled or Suspended), also when read without a version id.
    s3.create_bucket(Bucket="late-src")
    s3.put_object(Bucket="late-src", Key="k", Body=b"old")
    assert "VersionId" not in s3.get_object(Bucket="late-src", Key="k")
    for status in ("Enabled", "Suspended"):
        s3.put_bucket_versioning(Bucket="late-src", VersioningConfiguration={"Status": status})
        assert s3.get_object(Bucket="late-src", Key="k")["VersionId"] == "null"
        assert s3.head_object(Bucket="late-src", Key="k")["VersionId"] == "null"
        assert s3.get_object_tagging(Bucket="late-src", Key="k")["VersionId"] == "null"
        copied = s3.copy_object(Bucket="late", Key="copy", CopySource={"Bucket": "late-src", "Key": "k"})
        assert copied["CopySourceVersionId"] == "null"


def test_enabled_put_get_head_by_version(s3):
    versioned_bucket(s3, "vers")
    puts = [s3.put_object(Bucket="vers", Key="doc", Body=body) for body in (b"one", b"two", b"three")]
    ids = [p["VersionId"] for p in puts]
    assert len(set(ids)) == 3 and "null" not in ids
    for version_id in ids:  # LS TestS3BucketVersioning::test_object_version_id_format
        assert len(version_id) == 32
        assert all(c in string.ascii_letters + string.digits + "._" for c in version_id)
    assert [p["ETag"] for p in puts] == [etag(b"one"), etag(b"two"), etag(b"three")]
    # The newest version is the object (moto test_list_object_versions, aws_verified paging tests).
    latest = s3.get_object(Bucket="vers", Key="doc")
    assert latest["Body"].read() == b"three" and latest["VersionId"] == ids[2]
    for version_id, body in zip(ids, (b"one", b"two", b"three")):
        # LS test_delete_object_versioned: get-object-with-version carries that version's id and ETag.
        got = s3.get_object(Bucket="vers", Key="doc", VersionId=version_id)
        assert got["Body"].read() == body and got["VersionId"] == version_id and got["ETag"] == etag(body)
        head = s3.head_object(Bucket="vers", Key="doc", VersionId=version_id)
        assert head["VersionId"] == version_id and head["ETag"] == etag(body)
        assert head["ContentLength"] == len(body)
    listing = s3.list_object_versions(Bucket="vers")
    # Newest first, exactly one IsLatest (LS test_put_object_on_suspended_bucket: list-enabled).
    assert entries(listing) == [("doc", ids[2], "v", True), ("doc", ids[1], "v", False),
                                ("doc", ids[0], "v", False)]
    assert [v["Size"] for v in listing["Versions"]] == [5, 3, 3]
    assert all(v["StorageClass"] == "STANDARD" for v in listing["Versions"])


def test_delete_marker_hides_the_object_until_it_is_deleted(s3):
    # LS TestS3ObjectCRUD::test_delete_object_versioned.
    versioned_bucket(s3, "marks")
    v1 = s3.put_object(Bucket="marks", Key="test-delete", Body=b"test-delete")["VersionId"]
    s3.put_object(Bucket="marks", Key="other", Body=b"stays")
    deleted = s3.delete_object(Bucket="marks", Key="test-delete")  # delete-object
    assert deleted["DeleteMarker"] is True and deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    marker = deleted["VersionId"]
    assert marker not in (v1, "null")

    with pytest.raises(botocore.exceptions.ClientError) as e:  # get-deleted-object
        s3.get_object(Bucket="marks", Key="test-delete")
    assert error_of(e) == ("NoSuchKey", 404)
    assert e.value.response["Error"]["Message"] == "The specified key does not exist."
    assert e.value.response["Error"]["Key"] == "test-delete"
    assert headers_of(e)["x-amz-delete-marker"] == "true"
    assert headers_of(e)["x-amz-version-id"] == marker
    # HeadObject: "If the current version of the object is a delete marker, Amazon S3 behaves as if the
    # object was deleted and includes x-amz-delete-marker: true in the response" (API reference).
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket="marks", Key="test-delete")
    assert error_of(e)[1] == 404 and headers_of(e)["x-amz-delete-marker"] == "true"

    with pytest.raises(botocore.exceptions.ClientError) as e:  # get-delete-marker
        s3.get_object(Bucket="marks", Key="test-delete", VersionId=marker)
    assert error_of(e) == ("MethodNotAllowed", 405)
    err = e.value.response["Error"]
    assert (err["Message"], err["Method"], err["ResourceType"]) == (NOT_ALLOWED, "GET", "DeleteMarker")
    assert headers_of(e)["x-amz-delete-marker"] == "true"
    assert headers_of(e)["x-amz-version-id"] == marker
    assert headers_of(e)["allow"] == "DELETE"
    # HeadObject: "If the specified version in the request is a delete marker, the response returns a
    # 405 Method Not Allowed error" (API reference; HEAD carries no error body).
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket="marks", Key="test-delete", VersionId=marker)
    assert error_of(e)[1] == 405

    # The version under the marker is still there, by id.
    assert s3.get_object(Bucket="marks", Key="test-delete", VersionId=v1)["Body"].read() == b"test-delete"
    # ListObjectsV2 shows current objects only; ListObjectVersions shows the marker on top.
    assert [c["Key"] for c in s3.list_objects_v2(Bucket="marks")["Contents"]] == ["other"]
    listing = s3.list_object_versions(Bucket="marks", Prefix="test-delete")  # list-object-versions
    assert entries(listing) == [("test-delete", v1, "v", False), ("test-delete", marker, "dm", True)]
    dm = listing["DeleteMarkers"][0]
    assert dm["LastModified"].tzinfo is not None and "ID" in dm["Owner"]
    assert "ETag" not in dm and "Size" not in dm
    assert listing["Prefix"] == "test-delete"

    # delete-delete-marker: deleting the marker by id answers DeleteMarker true and its id ...
    undone = s3.delete_object(Bucket="marks", Key="test-delete", VersionId=marker)
    assert undone["DeleteMarker"] is True and undone["VersionId"] == marker
    # ... and the version below becomes current again (user guide, "Managing delete markers").
    restored = s3.get_object(Bucket="marks", Key="test-delete")
    assert restored["Body"].read() == b"test-delete" and restored["VersionId"] == v1
    assert sorted(c["Key"] for c in s3.list_objects_v2(Bucket="marks")["Contents"]) == ["other", "test-delete"]
    # delete-wrong-key: a plain DELETE of a key that never existed still adds a marker.
    ghost = s3.delete_object(Bucket="marks", Key="wrong-key")
    assert ghost["DeleteMarker"] is True and ghost["VersionId"] not in (v1, marker)


def test_deleting_a_specific_version(s3):
    # LS TestS3ObjectCRUD::test_delete_object_versioned: delete-object-version,
    # get-deleted-object-with-version, delete-with-bad-version.
    versioned_bucket(s3, "perm")
    v1 = s3.put_object(Bucket="perm", Key="k", Body=b"first")["VersionId"]
    v2 = s3.put_object(Bucket="perm", Key="k", Body=b"second")["VersionId"]
    gone = s3.delete_object(Bucket="perm", Key="k", VersionId=v2)
    assert gone["VersionId"] == v2 and "DeleteMarker" not in gone
    assert gone["ResponseMetadata"]["HTTPStatusCode"] == 204
    # Deleting the current version makes the previous one current: no marker was added.
    current = s3.get_object(Bucket="perm", Key="k")
    assert current["Body"].read() == b"first" and current["VersionId"] == v1
    assert entries(s3.list_object_versions(Bucket="perm")) == [("k", v1, "v", True)]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="perm", Key="k", VersionId=v2)
    assert error_of(e) == ("NoSuchVersion", 404)
    err = e.value.response["Error"]
    assert (err["Message"], err["Key"], err["VersionId"]) == (NO_SUCH_VERSION, "k", v2)
    assert "x-amz-delete-marker" not in headers_of(e) and "x-amz-version-id" not in headers_of(e)
    # delete-with-bad-version: a real id with its last 4 characters changed is no id at all.
    for bad in ("not-a-version-id", v1[:-4] + ("ABCD" if v1[-4:] != "ABCD" else "DCBA")):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.delete_object(Bucket="perm", Key="k", VersionId=bad)
        assert error_of(e) == ("InvalidArgument", 400)
        assert e.value.response["Error"]["Message"] == "Invalid version id specified"
        assert e.value.response["Error"]["ArgumentName"] == "versionId"
        assert "x-amz-version-id" not in headers_of(e)
    # Deleting the last version leaves no trace of the key.
    s3.delete_object(Bucket="perm", Key="k", VersionId=v1)
    listing = s3.list_object_versions(Bucket="perm")
    assert "Versions" not in listing and "DeleteMarkers" not in listing
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="perm", Key="k")
    assert error_of(e) == ("NoSuchKey", 404)
    assert "x-amz-delete-marker" not in headers_of(e)


def test_delete_objects_with_and_without_version_ids(s3):
    # LS TestS3ObjectCRUD::test_delete_objects_versioned.
    versioned_bucket(s3, "batch")
    v1 = s3.put_object(Bucket="batch", Key="test-delete", Body=b"test-delete")["VersionId"]
    r = s3.delete_objects(Bucket="batch", Delete={"Objects": [
        {"Key": "test-delete"}, {"Key": "wrongkey"}, {"Key": "wrongkey-x"}]})  # delete-objects-no-version-id
    deleted = sorted(r["Deleted"], key=lambda d: d["Key"])
    assert "Errors" not in r
    assert [sorted(d) for d in deleted] == [["DeleteMarker", "DeleteMarkerVersionId", "Key"]] * 3
    assert [d["Key"] for d in deleted] == ["test-delete", "wrongkey", "wrongkey-x"]
    assert all(d["DeleteMarker"] is True for d in deleted)
    marker = deleted[0]["DeleteMarkerVersionId"]
    assert len({d["DeleteMarkerVersionId"] for d in deleted} | {v1}) == 4
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="batch", Key="test-delete")
    assert error_of(e) == ("NoSuchKey", 404)

    r = s3.delete_objects(Bucket="batch", Delete={"Objects": [
        {"Key": "test-delete", "VersionId": marker}]})  # delete-objects-marker
    assert r["Deleted"] == [{"DeleteMarker": True, "DeleteMarkerVersionId": marker, "Key": "test-delete",
                             "VersionId": marker}]
    assert s3.get_object(Bucket="batch", Key="test-delete")["Body"].read() == b"test-delete"

    r = s3.delete_objects(Bucket="batch", Delete={"Objects": [  # delete-objects-wrong-version-id
        {"Key": "test-delete", "VersionId": UNKNOWN_VERSION}, {"Key": "wrong-key-2", "VersionId": UNKNOWN_VERSION}]})
    assert "Deleted" not in r
    assert sorted(r["Errors"], key=lambda x: x["Key"]) == [
        {"Code": "NoSuchVersion", "Key": k, "Message": NO_SUCH_VERSION, "VersionId": UNKNOWN_VERSION}
        for k in ("test-delete", "wrong-key-2")]

    r = s3.delete_objects(Bucket="batch", Delete={"Objects": [
        {"Key": "test-delete", "VersionId": v1}]})  # delete-objects-version-id
    assert r["Deleted"] == [{"Key": "test-delete", "VersionId": v1}]
    listing = s3.list_object_versions(Bucket="batch")
    assert "Versions" not in listing
    assert sorted(d["Key"] for d in listing["DeleteMarkers"]) == ["wrongkey", "wrongkey-x"]


def test_copy_object_from_a_source_version(s3):
    # CopyObject API reference: x-amz-copy-source-version-id is the version of the source that was
    # copied; "If you enable versioning on the target bucket, Amazon S3 generates a unique version ID for
    # the object being copied" and returns it in x-amz-version-id.
    versioned_bucket(s3, "copies")
    v1 = s3.put_object(Bucket="copies", Key="src", Body=b"first")["VersionId"]
    v2 = s3.put_object(Bucket="copies", Key="src", Body=b"second")["VersionId"]
    copied = s3.copy_object(Bucket="copies", Key="dst", CopySource={"Bucket": "copies", "Key": "src", "VersionId": v1})
    assert copied["CopySourceVersionId"] == v1
    assert copied["CopyObjectResult"]["ETag"] == etag(b"first")
    new = copied["VersionId"]
    assert new not in (v1, v2, "null")
    got = s3.get_object(Bucket="copies", Key="dst")
    assert got["Body"].read() == b"first" and got["VersionId"] == new
    assert s3.get_object(Bucket="copies", Key="src")["Body"].read() == b"second"  # the source is untouched
    # Copying a version over its own key makes it the newest version there (user guide, "Restoring
    # previous versions": copy a previous version into the same bucket, it becomes the current version).
    again = s3.copy_object(Bucket="copies", Key="src", CopySource={"Bucket": "copies", "Key": "src", "VersionId": v1})
    assert again["CopySourceVersionId"] == v1 and again["VersionId"] not in (v1, v2, new)
    assert s3.get_object(Bucket="copies", Key="src")["Body"].read() == b"first"
    assert [x[1] for x in entries(s3.list_object_versions(Bucket="copies", Prefix="src"))] == [
        again["VersionId"], v2, v1]
    # From an unversioned source into the versioned bucket: the copy still gets a version id.
    s3.create_bucket(Bucket="copies-plain")
    s3.put_object(Bucket="copies-plain", Key="p", Body=b"plain")
    from_plain = s3.copy_object(Bucket="copies", Key="p", CopySource={"Bucket": "copies-plain", "Key": "p"})
    assert from_plain["VersionId"] not in ("null", v1, v2, new)
    assert s3.get_object(Bucket="copies", Key="p")["VersionId"] == from_plain["VersionId"]


def test_suspended_put_writes_the_null_version(s3):
    # LS TestS3ObjectCRUD::test_put_object_on_suspended_bucket.
    versioned_bucket(s3, "susp")
    ids = [s3.put_object(Bucket="susp", Key="test-version", Body=f"test-version-{i}".encode())["VersionId"]
           for i in range(3)]
    s3.put_bucket_versioning(Bucket="susp", VersioningConfiguration={"Status": "Suspended"})
    # list-suspended: suspending changes no existing version.
    assert entries(s3.list_object_versions(Bucket="susp")) == [
        ("test-version", ids[2], "v", True), ("test-version", ids[1], "v", False),
        ("test-version", ids[0], "v", False)]
    put = s3.put_object(Bucket="susp", Key="test-version", Body=b"test-version-suspended")
    assert "VersionId" not in put  # put-object-suspended carries no x-amz-version-id
    expected = [("test-version", "null", "v", True), ("test-version", ids[2], "v", False),
                ("test-version", ids[1], "v", False), ("test-version", ids[0], "v", False)]
    assert entries(s3.list_object_versions(Bucket="susp")) == expected  # list-suspended-after-put
    # put-object-suspended-overwrite: a second PUT replaces the null version, still 4 versions.
    s3.put_object(Bucket="susp", Key="test-version", Body=b"test-version-suspended-2")
    listing = s3.list_object_versions(Bucket="susp")
    assert entries(listing) == expected
    assert listing["Versions"][0]["ETag"] == etag(b"test-version-suspended-2")
    current = s3.get_object(Bucket="susp", Key="test-version")  # get-object-current
    assert current["Body"].read() == b"test-version-suspended-2" and current["VersionId"] == "null"
    # The versions written while Enabled are still readable by id.
    assert s3.get_object(Bucket="susp", Key="test-version", VersionId=ids[0])["Body"].read() == b"test-version-0"


def test_suspended_delete_writes_a_null_delete_marker(s3):
    # LS TestS3ObjectCRUD::test_delete_object_on_suspended_bucket.
    versioned_bucket(s3, "susp-del")
    ids = [s3.put_object(Bucket="susp-del", Key="k", Body=f"test-version-{i}".encode())["VersionId"]
           for i in range(2)]
    s3.put_bucket_versioning(Bucket="susp-del", VersioningConfiguration={"Status": "Suspended"})
    deleted = s3.delete_object(Bucket="susp-del", Key="k")  # delete-object-no-version
    assert deleted["DeleteMarker"] is True and deleted["VersionId"] == "null"
    only_marker = [("k", ids[1], "v", False), ("k", ids[0], "v", False), ("k", "null", "dm", True)]
    assert entries(s3.list_object_versions(Bucket="susp-del")) == only_marker  # list-suspended-delete
    # list-suspended-put: a PUT replaces the null delete marker with a null version.
    s3.put_object(Bucket="susp-del", Key="k", Body=b"test-version-suspended-after-delete")
    assert entries(s3.list_object_versions(Bucket="susp-del")) == [
        ("k", "null", "v", True), ("k", ids[1], "v", False), ("k", ids[0], "v", False)]
    # list-suspended-after-put: a DELETE replaces the null version with a null delete marker.
    again = s3.delete_object(Bucket="susp-del", Key="k")
    assert again["DeleteMarker"] is True and again["VersionId"] == "null"
    assert entries(s3.list_object_versions(Bucket="susp-del")) == only_marker


def put_marker_history(s3, bucket):
    """LS TestS3ListObjectVersions::test_list_objects_versions_markers' history: ids in creation order."""
    keys = [f"test_{i}" for i in range(3)]
    ids = [s3.put_object(Bucket=bucket, Key=key, Body=b"version 1")["VersionId"] for key in keys]  # 1, 2, 3
    ids.append(s3.put_object(Bucket=bucket, Key=keys[2], Body=b"version 2")["VersionId"])  # 4
    ids += [s3.delete_object(Bucket=bucket, Key=key)["VersionId"] for key in keys]  # 5, 6, 7 (markers)
    ids += [s3.put_object(Bucket=bucket, Key=key, Body=b"version 2")["VersionId"] for key in keys[:2]]  # 8, 9
    return dict(zip(range(1, 10), ids))


def test_list_object_versions_order_and_markers(s3):
    # LS TestS3ListObjectVersions::test_list_objects_versions_markers (snapshot keys named below).
    versioned_bucket(s3, "order")
    v = put_marker_history(s3, "order")
    everything = [("test_0", v[8], "v", True), ("test_0", v[5], "dm", False), ("test_0", v[1], "v", False),
                  ("test_1", v[9], "v", True), ("test_1", v[6], "dm", False), ("test_1", v[2], "v", False),
                  ("test_2", v[7], "dm", True), ("test_2", v[4], "v", False), ("test_2", v[3], "v", False)]
    key_order = {k: i for i, k in enumerate(everything)}

    def in_order(listing):  # S3 returns Versions and DeleteMarkers as two lists; merge them back
        return sorted(entries(listing), key=lambda x: key_order.get(x, len(key_order)))

    all_ = s3.list_object_versions(Bucket="order")  # list-objects-versions-all
    assert in_order(all_) == everything and all_["IsTruncated"] is False
    assert [x[1] for x in entries(all_) if x[2] == "v"] == [v[8], v[1], v[9], v[2], v[4], v[3]]
    assert [x[1] for x in entries(all_) if x[2] == "dm"] == [v[5], v[6], v[7]]
    five = s3.list_object_versions(Bucket="order", MaxKeys=5)  # list-objects-versions-5
    assert in_order(five) == everything[:5] and five["IsTruncated"] is True and five["MaxKeys"] == 5
    assert (five["NextKeyMarker"], five["NextVersionIdMarker"]) == ("test_1", v[6])
    # list-objects-next-key-only: a KeyMarker alone skips every version of that key.
    r = s3.list_object_versions(Bucket="order", MaxKeys=1, KeyMarker="test_1")
    assert entries(r) == [everything[6]] and r["IsTruncated"] is True
    assert (r["KeyMarker"], r["VersionIdMarker"]) == ("test_1", "")
    assert (r["NextKeyMarker"], r["NextVersionIdMarker"]) == ("test_2", v[7])
    r = s3.list_object_versions(Bucket="order", MaxKeys=1, KeyMarker="test_2")  # list-objects-next-key-last
    assert entries(r) == [] and r["IsTruncated"] is False and "NextKeyMarker" not in r
    with pytest.raises(botocore.exceptions.ClientError) as e:  # list-objects-next-version-only
        s3.list_object_versions(Bucket="order", MaxKeys=1, VersionIdMarker=v[6])
    assert error_of(e) == ("InvalidArgument", 400)
    err = e.value.response["Error"]
    assert err["Message"] == "A version-id marker cannot be specified without a key marker."
    assert (err["ArgumentName"], err["ArgumentValue"]) == ("version-id-marker", v[6])
    # Walking MaxKeys=1 pages with both markers visits every version and marker once, in order
    # (list-objects-both-markers, list-objects-last-key-last-version, list-objects-next-key-empty;
    # moto test_list_object_versions_with_paging[_and_delete_markers]: the last page has no Next*).
    seen, key_marker, version_marker = [], None, None
    for _ in range(len(everything) + 1):
        kwargs = {} if key_marker is None else {"KeyMarker": key_marker, "VersionIdMarker": version_marker}
        page = s3.list_object_versions(Bucket="order", MaxKeys=1, **kwargs)
        assert page["MaxKeys"] == 1
        assert (page["KeyMarker"], page["VersionIdMarker"]) == (key_marker or "", version_marker or "")
        seen += entries(page)
        if not page["IsTruncated"]:
            assert "NextKeyMarker" not in page and "NextVersionIdMarker" not in page
            break
        key_marker, version_marker = page["NextKeyMarker"], page["NextVersionIdMarker"]
        assert (key_marker, version_marker) == seen[-1][:2]
    assert seen == everything


def test_list_object_versions_prefix_and_delimiter(s3):
    # LS TestS3ListObjectVersions::test_list_object_versions_pagination_common_prefixes.
    versioned_bucket(s3, "folders")
    keys = ["folder/aSubfolder/subFile1", "folder/aSubfolder/subFile2", "folder/file1", "folder/file2"]
    ids = {key: s3.put_object(Bucket="folders", Key=key, Body=b"content 123")["VersionId"] for key in keys}
    r = s3.list_object_versions(Bucket="folders", Prefix="folder/", Delimiter="/", MaxKeys=1)  # -start
    assert r["CommonPrefixes"] == [{"Prefix": "folder/aSubfolder/"}] and "Versions" not in r
    assert (r["Prefix"], r["Delimiter"], r["IsTruncated"]) == ("folder/", "/", True)
    assert r["NextKeyMarker"] == "folder/aSubfolder/" and "NextVersionIdMarker" not in r
    r = s3.list_object_versions(Bucket="folders", Prefix="folder/", Delimiter="/", MaxKeys=1,
                                KeyMarker="folder/aSubfolder/")  # list-object-versions-next-1
    assert entries(r) == [("folder/file1", ids["folder/file1"], "v", True)] and "CommonPrefixes" not in r
    assert (r["IsTruncated"], r["NextKeyMarker"], r["NextVersionIdMarker"]) == (
        True, "folder/file1", ids["folder/file1"])
    r = s3.list_object_versions(Bucket="folders", Prefix="folder/", Delimiter="/", MaxKeys=1,
                                KeyMarker="folder/file1")  # list-object-versions-end
    assert entries(r) == [("folder/file2", ids["folder/file2"], "v", True)]
    assert r["IsTruncated"] is False and "NextKeyMarker" not in r
    # list-object-versions-manual-first-file: a KeyMarker inside a common prefix skips past it.
    r = s3.list_object_versions(Bucket="folders", Prefix="folder/", Delimiter="/", MaxKeys=1,
                                KeyMarker="folder/aSubfolder/subFile1")
    assert entries(r) == [("folder/file1", ids["folder/file1"], "v", True)] and "CommonPrefixes" not in r
    assert r["IsTruncated"] is True and r["NextKeyMarker"] == "folder/file1"
    # LS test_list_objects_versions_with_prefix (list-object-version-1): all versions of the direct
    # children, newest first, and one common prefix for the deeper keys.
    old = s3.put_object(Bucket="folders", Key="dir/test", Body=b"content key1-v1")["VersionId"]
    new = s3.put_object(Bucket="folders", Key="dir/test", Body=b"content key-1v2")["VersionId"]
    s3.put_object(Bucket="folders", Key="dir/subdir/test2", Body=b"content key2-v1")
    r = s3.list_object_versions(Bucket="folders", Prefix="dir/", Delimiter="/")
    assert r["CommonPrefixes"] == [{"Prefix": "dir/subdir/"}]
    assert entries(r) == [("dir/test", new, "v", True), ("dir/test", old, "v", False)]
    # Without a delimiter a prefix filters keys (moto test_list_versions).
    assert {x[0] for x in entries(s3.list_object_versions(Bucket="folders", Prefix="folder/a"))} == {
        "folder/aSubfolder/subFile1", "folder/aSubfolder/subFile2"}


def test_tagging_by_version(s3):
    # LS TestS3BucketObjectTagging::test_object_tagging_versioned.
    versioned_bucket(s3, "tags")
    v1 = s3.put_object(Bucket="tags", Key="t", Body=b"test-0", Tagging="test_tag=tagv1")["VersionId"]
    v2 = s3.put_object(Bucket="tags", Key="t", Body=b"test-1")["VersionId"]
    put = s3.put_object_tagging(Bucket="tags", Key="t", Tagging={"TagSet": [{"Key": "tag3", "Value": "tag3"}]})
    assert put["VersionId"] == v2  # put-object-tags-current-version
    got = s3.get_object_tagging(Bucket="tags", Key="t")  # get-object-tags-current-version
    assert (got["TagSet"], got["VersionId"]) == ([{"Key": "tag3", "Value": "tag3"}], v2)
    got = s3.get_object_tagging(Bucket="tags", Key="t", VersionId=v1)  # get-object-tags-previous-version
    assert (got["TagSet"], got["VersionId"]) == ([{"Key": "test_tag", "Value": "tagv1"}], v1)
    put = s3.put_object_tagging(Bucket="tags", Key="t", VersionId=v1,
                                Tagging={"TagSet": [{"Key": "tag1", "Value": "tag1"}]})
    assert put["VersionId"] == v1  # put-object-tags-previous-version
    got = s3.get_object_tagging(Bucket="tags", Key="t", VersionId=v1)  # ...-previous-version-again
    assert (got["TagSet"], got["VersionId"]) == ([{"Key": "tag1", "Value": "tag1"}], v1)
    assert s3.get_object_tagging(Bucket="tags", Key="t", VersionId=v2)["TagSet"] == [{"Key": "tag3", "Value": "tag3"}]
    marker = s3.delete_object(Bucket="tags", Key="t")["VersionId"]  # put-delete-marker
    tags = {"TagSet": [{"Key": "tag1", "Value": "tag1"}]}
    for version in ({"VersionId": marker}, {}):  # ...-delete-marker-id, ...-delete-marker-latest
        for method, call, kwargs in (("PUT", s3.put_object_tagging, {"Tagging": tags}),
                                     ("GET", s3.get_object_tagging, {}),
                                     ("DELETE", s3.delete_object_tagging, {})):
            with pytest.raises(botocore.exceptions.ClientError) as e:
                call(Bucket="tags", Key="t", **version, **kwargs)
            assert error_of(e) == ("MethodNotAllowed", 405), (method, version)
            err = e.value.response["Error"]
            assert (err["Message"], err["Method"], err["ResourceType"]) == (NOT_ALLOWED, method, "DeleteMarker")
    # The versions below the marker keep their own tags.
    assert s3.get_object_tagging(Bucket="tags", Key="t", VersionId=v1)["TagSet"] == [{"Key": "tag1", "Value": "tag1"}]


def test_delete_bucket_with_only_versions_or_markers_left(s3):
    # LS TestS3BucketCRUD::test_delete_versioned_bucket_with_objects.
    versioned_bucket(s3, "leftovers")
    version = s3.put_object(Bucket="leftovers", Key="test-delete-versioned", Body=b"test-delete")["VersionId"]
    marker = s3.delete_object(Bucket="leftovers", Key="test-delete-versioned")["VersionId"]
    assert "Contents" not in s3.list_objects_v2(Bucket="leftovers")
    for _ in range(2):  # delete-with-obj-and-delete-marker, then delete-with-only-delete-marker
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.delete_bucket(Bucket="leftovers")
        assert error_of(e) == ("BucketNotEmpty", 409)
        assert e.value.response["Error"]["Message"] == (
            "The bucket you tried to delete is not empty. You must delete all versions in the bucket.")
        assert e.value.response["Error"]["BucketName"] == "leftovers"
        if version:
            assert s3.delete_object(Bucket="leftovers", Key="test-delete-versioned", VersionId=version)[
                "VersionId"] == version  # delete-obj-by-version
            version = None
    r = s3.delete_object(Bucket="leftovers", Key="test-delete-versioned", VersionId=marker)  # delete-marker-by-version
    assert r["DeleteMarker"] is True and r["VersionId"] == marker
    assert s3.delete_bucket(Bucket="leftovers")["ResponseMetadata"]["HTTPStatusCode"] == 204  # success-delete-bucket


def test_boto3_resource_empties_a_versioned_bucket(tarn, s3):
    # The documented boto3 idiom for emptying a versioned bucket: Bucket.object_versions.delete() pages
    # ListObjectVersions and sends DeleteObjects with each Key and VersionId.
    creds = tarn.credentials()
    resource = boto3.session.Session().resource(
        "s3", endpoint_url=tarn.endpoint, region_name="us-east-1",
        aws_access_key_id=creds["AWS_ACCESS_KEY_ID"], aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"])
    bucket = resource.Bucket("emptied")
    bucket.create()
    bucket.Versioning().enable()
    assert resource.BucketVersioning("emptied").status == "Enabled"
    for i in range(3):
        for n in range(2):
            bucket.put_object(Key=f"dir/k{i}", Body=f"{i}-{n}".encode())
    s3.delete_object(Bucket="emptied", Key="dir/k0")
    s3.delete_object(Bucket="emptied", Key="never-existed")
    # 6 versions and 2 delete markers; under dir/k0's marker both its versions are noncurrent.
    assert sorted((v.object_key, v.is_latest) for v in bucket.object_versions.all()) == sorted(
        [("dir/k0", True), ("dir/k0", False), ("dir/k0", False), ("dir/k1", True), ("dir/k1", False),
         ("dir/k2", True), ("dir/k2", False), ("never-existed", True)])
    bucket.object_versions.delete()
    listing = s3.list_object_versions(Bucket="emptied")
    assert "Versions" not in listing and "DeleteMarkers" not in listing
    bucket.delete()
    assert "emptied" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


@pytest.mark.tarn_only
def test_versions_and_markers_survive_kill_9(tarn, s3):
    versioned_bucket(s3, "durable")
    ids = [s3.put_object(Bucket="durable", Key="k", Body=f"v{i}".encode() * (1 + i * 40000))["VersionId"]
           for i in range(3)]  # small (inline) and larger versions
    marker = s3.delete_object(Bucket="durable", Key="k")["VersionId"]
    s3.put_object(Bucket="durable", Key="other", Body=b"x")
    s3.put_bucket_versioning(Bucket="durable", VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket="durable", Key="other", Body=b"null version")
    before = entries(s3.list_object_versions(Bucket="durable"))
    tarn.stop(signal.SIGKILL)

    tarn.start()
    s3 = tarn.client("s3")
    assert s3.get_bucket_versioning(Bucket="durable")["Status"] == "Suspended"
    assert entries(s3.list_object_versions(Bucket="durable")) == before
    for i, version_id in enumerate(ids):
        got = s3.get_object(Bucket="durable", Key="k", VersionId=version_id)
        assert got["Body"].read() == f"v{i}".encode() * (1 + i * 40000) and got["VersionId"] == version_id
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="durable", Key="k")
    assert error_of(e) == ("NoSuchKey", 404) and headers_of(e)["x-amz-version-id"] == marker
    assert s3.get_object(Bucket="durable", Key="other")["Body"].read() == b"null version"
    # New versions after recovery get fresh ids.
    s3.put_bucket_versioning(Bucket="durable", VersioningConfiguration={"Status": "Enabled"})
    fresh = s3.put_object(Bucket="durable", Key="k", Body=b"after")["VersionId"]
    assert fresh not in ids + [marker, "null"]
    assert s3.get_object(Bucket="durable", Key="k")["Body"].read() == b"after"


def test_multipart_upload_makes_a_version(s3):
    # CompleteMultipartUpload answers the new version's id (API reference: x-amz-version-id).
    versioned_bucket(s3, "mpu")
    first = s3.put_object(Bucket="mpu", Key="big", Body=b"first")["VersionId"]
    upload = s3.create_multipart_upload(Bucket="mpu", Key="big")["UploadId"]
    part = s3.upload_part(Bucket="mpu", Key="big", UploadId=upload, PartNumber=1, Body=b"p" * 10)
    done = s3.complete_multipart_upload(Bucket="mpu", Key="big", UploadId=upload,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert done["VersionId"] not in ("null", first)
    assert entries(s3.list_object_versions(Bucket="mpu")) == [("big", done["VersionId"], "v", True),
                                                              ("big", first, "v", False)]
    assert s3.get_object(Bucket="mpu", Key="big", VersionId=first)["Body"].read() == b"first"
    assert s3.head_object(Bucket="mpu", Key="big")["VersionId"] == done["VersionId"]


def test_version_requests_need_the_version_actions(tarn, s3):
    # Naming a version is another action: s3:GetObjectVersion, s3:DeleteObjectVersion,
    # s3:GetObjectVersionTagging (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
    versioned_bucket(s3, "guarded")
    version = s3.put_object(Bucket="guarded", Key="k", Body=b"v1")["VersionId"]
    iam = tarn.client("iam")
    iam.create_user(UserName="reader")
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    user = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

    def allow(actions):
        iam.put_user_policy(UserName="reader", PolicyName="p", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::guarded/*"}]}))

    allow(["s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging"])
    assert user.get_object(Bucket="guarded", Key="k")["Body"].read() == b"v1"
    for call, kwargs in ((user.get_object, {}), (user.head_object, {}), (user.get_object_tagging, {}),
                         (user.delete_object, {})):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call(Bucket="guarded", Key="k", VersionId=version, **kwargs)
        assert error_of(e)[1] == 403, call
    with pytest.raises(botocore.exceptions.ClientError) as e:
        user.copy_object(Bucket="guarded", Key="copy", CopySource={"Bucket": "guarded", "Key": "k", "VersionId": version})
    assert error_of(e) == ("AccessDenied", 403)
    allow(["s3:GetObjectVersion", "s3:GetObjectVersionTagging", "s3:DeleteObjectVersion", "s3:PutObject"])
    assert user.get_object(Bucket="guarded", Key="k", VersionId=version)["Body"].read() == b"v1"
    assert user.get_object_tagging(Bucket="guarded", Key="k", VersionId=version)["TagSet"] == []
    assert user.copy_object(Bucket="guarded", Key="copy",
                            CopySource={"Bucket": "guarded", "Key": "k", "VersionId": version})["CopySourceVersionId"] == version
    with pytest.raises(botocore.exceptions.ClientError) as e:  # no s3:GetObject now
        user.get_object(Bucket="guarded", Key="k")
    assert error_of(e) == ("AccessDenied", 403)
    assert user.delete_object(Bucket="guarded", Key="k", VersionId=version)["VersionId"] == version


def test_awscli_versioning(tarn, s3):
    s3.create_bucket(Bucket="cli-versions")
    tarn.aws("s3api", "put-bucket-versioning", "--bucket", "cli-versions", "--versioning-configuration",
             "Status=Enabled", check=True)
    assert json.loads(tarn.aws("s3api", "get-bucket-versioning", "--bucket", "cli-versions",
                               check=True).stdout)["Status"] == "Enabled"
    ids = [s3.put_object(Bucket="cli-versions", Key="k", Body=body)["VersionId"] for body in (b"1", b"2")]
    listing = json.loads(tarn.aws("s3api", "list-object-versions", "--bucket", "cli-versions", check=True).stdout)
    assert [(v["VersionId"], v["IsLatest"]) for v in listing["Versions"]] == [(ids[1], True), (ids[0], False)]
    tarn.aws("s3", "rm", "s3://cli-versions/k", check=True)  # a delete marker
    listing = json.loads(tarn.aws("s3api", "list-object-versions", "--bucket", "cli-versions", check=True).stdout)
    assert [m["IsLatest"] for m in listing["DeleteMarkers"]] == [True]
