"""S3 answers that LocalStack's AWS-validated tests (test_s3_api.py, test_s3_list_operations.py,
test_s3_preconditions.py: snapshots recorded against real S3) pin down and tarn once gave
differently: ListMultipartUploads' markers around common prefixes, timestamps with milliseconds,
a conditional CompleteMultipartUpload overtaken by another write, a governance bypass without
Object Lock, GetObjectTagging's NoSuchKey, refused conditional values, an empty continuation
token and bodies outside the schema."""
import hashlib
import re
import xml.etree.ElementTree as ET

import botocore.exceptions
import pytest

from signing import send_signed

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


@pytest.fixture
def s3(tarn):
    client = tarn.client("s3")
    client.create_bucket(Bucket="rec")
    return client


def raw_s3(tarn, method, path, body=b"", headers=None):
    return send_signed(tarn, "s3", body, method=method, path=path,
                       headers={"x-amz-content-sha256": hashlib.sha256(body).hexdigest(), **(headers or {})})


def error(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    err = dict(e.value.response["Error"])
    err["Status"] = e.value.response["ResponseMetadata"]["HTTPStatusCode"]
    return err


def test_list_multipart_uploads_around_common_prefixes(s3):
    for key in ("folder/aSubfolder/subFile1", "folder/aSubfolder/subFile2", "folder/file1", "test/bar/x",
                "test/foo/bar/y"):
        s3.create_multipart_upload(Bucket="rec", Key=key)
    page = s3.list_multipart_uploads(Bucket="rec", Prefix="folder/", Delimiter="/", MaxUploads=1)
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["folder/aSubfolder/"]
    assert page["IsTruncated"] is True
    assert page["NextKeyMarker"] == "" and page["NextUploadIdMarker"] == ""
    # A marker on or inside the common prefix is past all of it.
    for marker in ("folder/aSubfolder/", "folder/aSubfolder/subFile1"):
        page = s3.list_multipart_uploads(Bucket="rec", Prefix="folder/", Delimiter="/", MaxUploads=1, KeyMarker=marker)
        assert [u["Key"] for u in page["Uploads"]] == ["folder/file1"]
        assert "CommonPrefixes" not in page
        assert page["NextKeyMarker"] == "folder/file1"
    page = s3.list_multipart_uploads(Bucket="rec", Prefix="test/", Delimiter="/", EncodingType="url")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["test/bar/", "test/foo/"]
    assert page["NextKeyMarker"] == "" and page["IsTruncated"] is False


def test_timestamps_carry_milliseconds(tarn, s3):
    s3.put_object(Bucket="rec", Key="k", Body=b"data")
    upload = s3.create_multipart_upload(Bucket="rec", Key="m")["UploadId"]
    s3.upload_part(Bucket="rec", Key="m", UploadId=upload, PartNumber=1, Body=b"data")
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$")
    for path, element in (("/rec?list-type=2", "LastModified"), ("/rec", "LastModified"),
                          ("/rec?uploads", "Initiated"), (f"/rec/m?uploadId={upload}", "LastModified")):
        r = raw_s3(tarn, "GET", path)
        assert r.status == 200, r.body
        found = [e.text for e in ET.fromstring(r.body).iter(NS + element)]
        assert found and all(stamp.match(t) for t in found), (path, found)


def test_conditional_complete_overtaken_by_another_write(tarn, s3):
    def start(key):
        upload = s3.create_multipart_upload(Bucket="rec", Key=key)["UploadId"]
        etag = s3.upload_part(Bucket="rec", Key=key, UploadId=upload, PartNumber=1, Body=b"part")["ETag"]
        body = (f'<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part>'
                f'</CompleteMultipartUpload>').encode()
        return upload, body
    s3.put_object(Bucket="rec", Key="deleted", Body=b"old")
    upload, body = start("deleted")
    s3.delete_object(Bucket="rec", Key="deleted")
    r = raw_s3(tarn, "POST", f"/rec/deleted?uploadId={upload}", body, {"If-None-Match": "*"})
    assert r.status == 409, r.body
    root = ET.fromstring(r.body)
    assert root.findtext("Code") == "ConditionalRequestConflict"
    assert root.findtext("Message") == ("The conditional request cannot succeed due to a conflicting operation "
                                        "against this resource.")
    assert root.findtext("Condition") == "If-None-Match" and root.findtext("Key") == "deleted"
    # The upload stays open; a new one, begun after the delete, completes.
    again, body2 = start("deleted")
    assert raw_s3(tarn, "POST", f"/rec/deleted?uploadId={again}", body2, {"If-None-Match": "*"}).status == 200
    s3.put_object(Bucket="rec", Key="rewritten", Body=b"one")
    upload, body = start("rewritten")
    etag = s3.put_object(Bucket="rec", Key="rewritten", Body=b"one")["ETag"]  # same bytes, a new write
    r = raw_s3(tarn, "POST", f"/rec/rewritten?uploadId={upload}", body, {"If-Match": etag})
    assert r.status == 409 and ET.fromstring(r.body).findtext("Condition") == "If-Match"
    # Without a condition nothing is compared.
    assert raw_s3(tarn, "POST", f"/rec/rewritten?uploadId={upload}", body).status == 200


def test_refusals_recorded_from_s3(tarn, s3):
    s3.put_object(Bucket="rec", Key="k", Body=b"v")
    for call, kwargs in ((s3.delete_object, {"Key": "k", "BypassGovernanceRetention": True}),
                         (s3.delete_object, {"Key": "k", "BypassGovernanceRetention": False}),
                         (s3.delete_objects, {"Delete": {"Objects": [{"Key": "k"}]}, "BypassGovernanceRetention": True})):
        err = error(call, Bucket="rec", **kwargs)
        assert (err["Code"], err["Status"]) == ("InvalidArgument", 400)
        assert err["Message"] == "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets."
        assert err["ArgumentName"] == "x-amz-bypass-governance-retention"
    assert s3.get_object(Bucket="rec", Key="k")["Body"].read() == b"v"
    assert error(s3.get_object_tagging, Bucket="rec", Key="fake-key")["Key"] == "rec/fake-key"
    assert error(s3.delete_object_tagging, Bucket="rec", Key="fake-key")["Key"] == "fake-key"
    for headers, named in (({"If-None-Match": '"abc"'}, "If-None-Match"), ({"If-Match": "*"}, "If-Match")):
        r = raw_s3(tarn, "PUT", "/rec/k", b"x", headers)
        root = ET.fromstring(r.body)
        assert r.status == 501 and root.findtext("Header") == named
        assert root.findtext("additionalMessage") == f"We don't accept the provided value of {named} header for this API"
    r = raw_s3(tarn, "GET", "/rec?list-type=2&continuation-token=")
    root = ET.fromstring(r.body)
    assert (r.status, root.findtext("Code"), root.findtext("ArgumentName")) == (400, "InvalidArgument",
                                                                                "continuation-token")
    assert root.find("ArgumentValue") is None
    # A body outside the schema is MalformedXML.
    r = raw_s3(tarn, "PUT", "/rec?accelerate",
               b'<AccelerateConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>enabled</Status>'
               b'</AccelerateConfiguration>')
    assert (r.status, ET.fromstring(r.body).findtext("Code")) == (400, "MalformedXML")
