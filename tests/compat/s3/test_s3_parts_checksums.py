"""GetObject/HeadObject by part number, multipart checksums (COMPOSITE and FULL_OBJECT),
DeleteObjects' required integrity header, and the start-up sweep of blobs a kill -9 left behind."""
import base64
import hashlib
import os
import pathlib
import signal
import sys
import xml.etree.ElementTree as ET
import zlib

import urllib.error
import urllib.request

import boto3.s3.transfer
import botocore
import botocore.config
import botocore.exceptions
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from signing import send_signed  # noqa: E402

MB = 1024 * 1024


def error_of(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]


def b64(raw):
    return base64.b64encode(raw).decode()


def crc32(data):
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def sha256(data):
    return b64(hashlib.sha256(data).digest())


def botocore_at_least(major, minor):
    return tuple(int(x) for x in botocore.__version__.split(".")[:2]) >= (major, minor)


@pytest.fixture
def s3(tarn):
    client = tarn.client("s3")
    client.create_bucket(Bucket="parts")
    return client


def test_get_and_head_each_part(tarn, s3, tmp_path):
    parts = [os.urandom(5 * MB), os.urandom(5 * MB), b"the last part"]
    path = tmp_path / "three.bin"
    path.write_bytes(b"".join(parts))
    config = boto3.s3.transfer.TransferConfig(multipart_threshold=5 * MB, multipart_chunksize=5 * MB,
                                              max_concurrency=2)
    s3.upload_file(str(path), "parts", "three.bin", Config=config)
    offset = 0
    for number, data in enumerate(parts, start=1):
        head = s3.head_object(Bucket="parts", Key="three.bin", PartNumber=number)
        assert head["PartsCount"] == 3
        assert head["ContentLength"] == len(data)
        assert head["ResponseMetadata"]["HTTPStatusCode"] == 206
        got = s3.get_object(Bucket="parts", Key="three.bin", PartNumber=number)
        assert got["ContentRange"] == "bytes %d-%d/%d" % (offset, offset + len(data) - 1, path.stat().st_size)
        assert got["Body"].read() == data
        offset += len(data)
    assert "PartsCount" not in s3.head_object(Bucket="parts", Key="three.bin")
    out = tmp_path / "part3"
    cli = tarn.aws("s3api", "get-object", "--bucket", "parts", "--key", "three.bin", "--part-number", "3",
                   str(out), "--region", "us-east-1")
    assert cli.returncode == 0, cli.stderr
    assert out.read_bytes() == parts[2]
    assert '"PartsCount": 3' in cli.stdout
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="parts", Key="three.bin", PartNumber=4)
    assert error_of(e) == ("InvalidPartNumber", 416)
    assert "not satisfiable" in e.value.response["Error"]["Message"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket="parts", Key="three.bin", PartNumber=4)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 416
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="parts", Key="three.bin", PartNumber=0)
    assert error_of(e) == ("InvalidArgument", 400)
    # A single-part object is its own part 1.
    s3.put_object(Bucket="parts", Key="one", Body=b"single")
    one = s3.get_object(Bucket="parts", Key="one", PartNumber=1)
    assert one["Body"].read() == b"single" and "PartsCount" not in one
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket="parts", Key="one", PartNumber=2)
    assert error_of(e) == ("InvalidPartNumber", 416)


def test_composite_multipart_checksums(s3):
    for algorithm, digest in (("SHA256", sha256), ("CRC32", crc32)):
        check_composite_multipart_checksum(s3, algorithm, digest)


def check_composite_multipart_checksum(s3, algorithm, digest):
    member = "Checksum" + algorithm
    up = s3.create_multipart_upload(Bucket="parts", Key="c", ChecksumAlgorithm=algorithm)
    assert up["ChecksumAlgorithm"] == algorithm
    bodies = [os.urandom(5 * MB), b"end"]
    parts = []
    for n, body in enumerate(bodies, start=1):
        # botocore computes the part's checksum itself when ChecksumAlgorithm is given.
        r = s3.upload_part(Bucket="parts", Key="c", UploadId=up["UploadId"], PartNumber=n, Body=body,
                           ChecksumAlgorithm=algorithm)
        assert r[member] == digest(body)
        parts.append({"PartNumber": n, "ETag": r["ETag"], member: r[member]})
    listed = s3.list_parts(Bucket="parts", Key="c", UploadId=up["UploadId"])
    assert [p[member] for p in listed["Parts"]] == [p[member] for p in parts]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        wrong = [dict(parts[0], **{member: parts[1][member]}), parts[1]]
        s3.complete_multipart_upload(Bucket="parts", Key="c", UploadId=up["UploadId"],
                                     MultipartUpload={"Parts": wrong})
    assert error_of(e) == ("InvalidPart", 400)
    done = s3.complete_multipart_upload(Bucket="parts", Key="c", UploadId=up["UploadId"],
                                        MultipartUpload={"Parts": parts})
    raw = b"".join(base64.b64decode(p[member]) for p in parts)
    composite = digest(raw) + "-2"
    assert done[member] == composite
    head = s3.head_object(Bucket="parts", Key="c", ChecksumMode="ENABLED")
    assert head[member] == composite
    if botocore_at_least(1, 36):
        assert head["ChecksumType"] == "COMPOSITE"
    part2 = s3.get_object(Bucket="parts", Key="c", PartNumber=2, ChecksumMode="ENABLED")
    assert part2[member] == parts[1][member]
    assert part2["Body"].read() == b"end"


@pytest.mark.skipif(not botocore_at_least(1, 36), reason="ChecksumType arrived in botocore 1.36")
def test_full_object_multipart_checksum(s3):
    up = s3.create_multipart_upload(Bucket="parts", Key="f", ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    assert up["ChecksumType"] == "FULL_OBJECT"
    bodies = [os.urandom(5 * MB), b"end"]
    parts = []
    for n, body in enumerate(bodies, start=1):
        r = s3.upload_part(Bucket="parts", Key="f", UploadId=up["UploadId"], PartNumber=n, Body=body,
                           ChecksumAlgorithm="CRC32")
        parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
    whole = crc32(b"".join(bodies))
    done = s3.complete_multipart_upload(Bucket="parts", Key="f", UploadId=up["UploadId"],
                                        MultipartUpload={"Parts": parts}, ChecksumCRC32=whole,
                                        ChecksumType="FULL_OBJECT")
    assert done["ChecksumCRC32"] == whole and done["ChecksumType"] == "FULL_OBJECT"
    head = s3.head_object(Bucket="parts", Key="f", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == whole and head["ChecksumType"] == "FULL_OBJECT"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.create_multipart_upload(Bucket="parts", Key="x", ChecksumAlgorithm="SHA256", ChecksumType="FULL_OBJECT")
    assert error_of(e) == ("InvalidRequest", 400)


def test_delete_objects_requires_an_integrity_header(tarn, s3):
    s3.put_object(Bucket="parts", Key="a", Body=b"1")
    s3.put_object(Bucket="parts", Key="b", Body=b"2")
    # boto3 1.26 sends Content-MD5, newer botocore x-amz-checksum-crc32: both are accepted.
    out = s3.delete_objects(Bucket="parts", Delete={"Objects": [{"Key": "a"}]})
    assert [d["Key"] for d in out["Deleted"]] == ["a"]
    body = b'<Delete><Object><Key>b</Key></Object></Delete>'
    sha = hashlib.sha256(body).hexdigest()
    bare = send_signed(tarn, "s3", method="POST", path="/parts?delete", body=body,
                       headers={"x-amz-content-sha256": sha})
    assert bare.status == 400, bare.body
    error = ET.fromstring(bare.body)
    assert error.findtext("Code") == "InvalidRequest"
    assert error.findtext("Message") == "Missing required header for this request: Content-MD5 OR x-amz-checksum-*"
    wrong = send_signed(tarn, "s3", method="POST", path="/parts?delete", body=body,
                        headers={"x-amz-content-sha256": sha, "Content-MD5": b64(hashlib.md5(b"x").digest())})
    assert wrong.status == 400 and ET.fromstring(wrong.body).findtext("Code") == "BadDigest"
    assert s3.get_object(Bucket="parts", Key="b")["Body"].read() == b"2"
    good = send_signed(tarn, "s3", method="POST", path="/parts?delete", body=body,
                       headers={"x-amz-content-sha256": sha, "x-amz-checksum-crc32": crc32(body)})
    assert good.status == 200, good.body
    assert "Contents" not in s3.list_objects_v2(Bucket="parts")


@pytest.mark.tarn_only
def test_kill_9_leftovers_are_swept_at_start_up(tarn, s3):
    s3.put_object(Bucket="parts", Key="kept", Body=b"kept bytes")
    up = s3.create_multipart_upload(Bucket="parts", Key="pending")["UploadId"]
    etag = s3.upload_part(Bucket="parts", Key="pending", UploadId=up, PartNumber=1, Body=b"p")["ETag"]
    tarn.stop(signal.SIGKILL)
    # What a kill -9 between the blob's rename and the metadata commit leaves: a blob no record names.
    objects = pathlib.Path(tarn.data_dir) / "objects" / "parts"
    orphan = objects / "ee" / ("ee" + "0" * 30)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"never committed")
    before = sorted(p for p in objects.rglob("*") if p.is_file())
    tarn.start()
    after = sorted(p for p in objects.rglob("*") if p.is_file())
    assert orphan not in after and len(after) == len(before) - 1
    s3 = tarn.client("s3")
    assert s3.get_object(Bucket="parts", Key="kept")["Body"].read() == b"kept bytes"
    s3.complete_multipart_upload(Bucket="parts", Key="pending", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.get_object(Bucket="parts", Key="pending")["Body"].read() == b"p"


def test_presigned_put_with_urllib(tarn, s3):
    # SigV4 presigning (boto3 defaults to SigV2 for S3 URLs: test_s3_sigv2.py).
    signer = tarn.client("s3", config=botocore.config.Config(signature_version="s3v4"))
    url = signer.generate_presigned_url("put_object", Params={"Bucket": "parts", "Key": "from-browser.txt"},
                                    ExpiresIn=300)
    req = urllib.request.Request(url, data=b"uploaded without an SDK", method="PUT")
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        assert resp.headers["ETag"] == '"%s"' % hashlib.md5(b"uploaded without an SDK").hexdigest()
    assert s3.get_object(Bucket="parts", Key="from-browser.txt")["Body"].read() == b"uploaded without an SDK"
    # The signature covers the key: the same URL cannot write another object.
    other = urllib.request.Request(url.replace("from-browser.txt", "other.txt"), data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(other, timeout=30)
    assert e.value.code == 403


@pytest.mark.skipif(not botocore_at_least(1, 36), reason="CRC64NVME and ChecksumType arrived in botocore 1.36")
def test_multipart_and_copies_get_the_default_crc64nvme(s3):
    # CRC64NVME("123456789") = 0xAE8B14860A799888, base64 of its big-endian bytes.
    default = "rosUhgp5mIg="
    up = s3.create_multipart_upload(Bucket="parts", Key="plain")
    r = s3.upload_part(Bucket="parts", Key="plain", UploadId=up["UploadId"], PartNumber=1, Body=b"123456789")
    done = s3.complete_multipart_upload(Bucket="parts", Key="plain", UploadId=up["UploadId"],
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": r["ETag"]}]})
    assert done["ChecksumCRC64NVME"] == default and done["ChecksumType"] == "FULL_OBJECT"
    head = s3.head_object(Bucket="parts", Key="plain", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == default and head["ChecksumType"] == "FULL_OBJECT"
    # A copy of an object whose checksum describes its parts (COMPOSITE) gets a full-object one.
    up = s3.create_multipart_upload(Bucket="parts", Key="composite", ChecksumAlgorithm="CRC32")
    r = s3.upload_part(Bucket="parts", Key="composite", UploadId=up["UploadId"], PartNumber=1, Body=b"123456789",
                       ChecksumAlgorithm="CRC32")
    s3.complete_multipart_upload(Bucket="parts", Key="composite", UploadId=up["UploadId"], MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]}]})
    copied = s3.copy_object(Bucket="parts", Key="copy", CopySource={"Bucket": "parts", "Key": "composite"})
    assert copied["CopyObjectResult"]["ChecksumCRC64NVME"] == default
    assert copied["CopyObjectResult"]["ChecksumType"] == "FULL_OBJECT"
    # x-amz-checksum-algorithm picks the copy's algorithm; a full-object checksum otherwise carries over.
    named = s3.copy_object(Bucket="parts", Key="copy32", CopySource={"Bucket": "parts", "Key": "plain"},
                           ChecksumAlgorithm="CRC32")
    assert named["CopyObjectResult"]["ChecksumCRC32"] == crc32(b"123456789")
    head = s3.head_object(Bucket="parts", Key="copy32", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == crc32(b"123456789") and "ChecksumCRC64NVME" not in head
    kept = s3.copy_object(Bucket="parts", Key="copy64", CopySource={"Bucket": "parts", "Key": "plain"})
    assert kept["CopyObjectResult"]["ChecksumCRC64NVME"] == default
