"""S3 on the wire where SDKs hide it: aws-chunked uploads with checksum trailers (what current
SDKs send over TLS), virtual-hosted-style addressing, S3's XML error shape, and Expect: 100-continue
refused before the body."""
import hashlib
import os
import socket
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET

import botocore.config

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from signing import send_signed, sign  # noqa: E402

HELLO_CRC32 = "NhCmhg=="


def s3_request(tarn, method, path, body=b"", headers=None):
    """A SigV4-signed S3 request; S3 requires x-amz-content-sha256 on every signed request."""
    headers = dict(headers or {})
    headers.setdefault("x-amz-content-sha256", hashlib.sha256(body).hexdigest())
    return send_signed(tarn, "s3", method=method, path=path, body=body, headers=headers)


def chunked(body, trailer_name, trailer_value):
    return (f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n" +
            f"{trailer_name}:{trailer_value}\r\n\r\n".encode())


def trailer_headers(decoded_length):
    return {"x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding": "aws-chunked",
            "x-amz-decoded-content-length": str(decoded_length), "x-amz-trailer": "x-amz-checksum-crc32",
            "x-amz-sdk-checksum-algorithm": "CRC32"}


def test_aws_chunked_upload_with_crc32_trailer(tarn):
    tarn.client("s3").create_bucket(Bucket="wire")
    put = send_signed(tarn, "s3", method="PUT", path="/wire/t.txt", headers=trailer_headers(5),
                      body=chunked(b"hello", "x-amz-checksum-crc32", HELLO_CRC32))
    assert put.status == 200, put.body
    assert put.header("x-amz-checksum-crc32") == HELLO_CRC32
    s3 = tarn.client("s3")
    got = s3.get_object(Bucket="wire", Key="t.txt", ChecksumMode="ENABLED")
    assert got["Body"].read() == b"hello"
    assert got["ChecksumCRC32"] == HELLO_CRC32
    assert "ContentEncoding" not in got  # aws-chunked is framing, not the object's encoding

    bad = send_signed(tarn, "s3", method="PUT", path="/wire/bad.txt", headers=trailer_headers(5),
                      body=chunked(b"hello", "x-amz-checksum-crc32", "AAAAAA=="))
    assert bad.status == 400
    assert ET.fromstring(bad.body).findtext("Code") == "BadDigest"
    missing = s3_request(tarn, "HEAD", "/wire/bad.txt")
    assert missing.status == 404


def test_virtual_hosted_style(tarn):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="vhost")
    s3.put_object(Bucket="vhost", Key="dir/a.txt", Body=b"A")
    port = tarn.endpoint.rsplit(":", 1)[1]
    got = s3_request(tarn, "GET", "/dir/a.txt", headers={"Host": f"vhost.localhost:{port}"})
    assert got.status == 200 and got.body == "A"
    listed = s3_request(tarn, "GET", "/?list-type=2", headers={"Host": f"vhost.localhost:{port}"})
    assert listed.status == 200
    ns = "{http://s3.amazonaws.com/doc/2006-03-01/}"
    root = ET.fromstring(listed.body)
    assert root.tag == ns + "ListBucketResult"
    assert [k.text for k in root.iter(ns + "Key")] == ["dir/a.txt"]


def test_error_shape(tarn):
    r = s3_request(tarn, "GET", "/no-such-bucket/k")
    assert r.status == 404
    assert r.header("Content-Type") == "application/xml"
    root = ET.fromstring(r.body)
    assert root.tag == "Error"
    assert root.findtext("Code") == "NoSuchBucket"
    assert root.findtext("Message") == "The specified bucket does not exist"
    assert root.findtext("BucketName") == "no-such-bucket"
    assert root.findtext("RequestId") == r.header("x-amz-request-id")
    assert root.findtext("HostId")
    r = s3_request(tarn, "PUT", "/UPPER")
    assert r.status == 400 and ET.fromstring(r.body).findtext("Code") == "InvalidBucketName"


def test_upload_without_a_checksum_gets_the_default_crc64nvme(tarn):
    # What an SDK that sends no flexible checksum (Debian's boto3 1.26) puts on the wire.
    tarn.client("s3").create_bucket(Bucket="plain")
    put = s3_request(tarn, "PUT", "/plain/n.txt", body=b"123456789")
    assert put.status == 200
    # CRC64NVME("123456789") = 0xAE8B14860A799888, base64 of its big-endian bytes.
    assert put.header("x-amz-checksum-crc64nvme") == "rosUhgp5mIg="
    assert put.header("x-amz-checksum-type") == "FULL_OBJECT"
    head = s3_request(tarn, "HEAD", "/plain/n.txt", headers={"x-amz-checksum-mode": "ENABLED"})
    assert head.header("x-amz-checksum-crc64nvme") == "rosUhgp5mIg="
    plain = s3_request(tarn, "HEAD", "/plain/n.txt")
    assert plain.header("x-amz-checksum-crc64nvme") is None, "only with ChecksumMode=ENABLED"
    # A checksum the client names is the one kept.
    named = s3_request(tarn, "PUT", "/plain/c.txt", body=b"123456789",
                       headers={"x-amz-checksum-crc32c": "4waSgw=="})
    assert named.header("x-amz-checksum-crc32c") == "4waSgw=="
    assert named.header("x-amz-checksum-crc64nvme") is None


def test_expect_100_continue_is_refused_before_the_body_when_the_signature_is_wrong(tarn):
    """S3 checks the signature (over the declared x-amz-content-sha256) before it asks for the body:
    a client with wrong keys gets the error instead of "100 Continue" and never sends its body."""
    tarn.client("s3").create_bucket(Bucket="expect")
    body = b"x" * 1000
    host, port = urllib.parse.urlsplit(tarn.endpoint).netloc.rsplit(":", 1)

    def head_answer(secret):
        prepared = sign(tarn, "s3", method="PUT", path="/expect/k", body=body, secret=secret,
                        headers={"x-amz-content-sha256": hashlib.sha256(body).hexdigest(),
                                 "Expect": "100-continue"})
        lines = [f"PUT {urllib.parse.urlsplit(prepared.url).path} HTTP/1.1", f"Host: {host}:{port}"]
        lines += [f"{k}: {v}" for k, v in prepared.headers.items() if k.lower() not in ("content-length", "host")]
        lines.append(f"Content-Length: {len(body)}")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            first = s.recv(65536)
            if first.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"):
                s.sendall(body)
                rest = first[len(b"HTTP/1.1 100 Continue\r\n\r\n"):]
                while b"\r\n\r\n" not in rest:
                    rest += s.recv(65536)
                return b"100 then " + rest.split(b"\r\n", 1)[0]
            while chunk := s.recv(65536):  # refused: the whole error, then the connection closes
                first += chunk
            return first.split(b"\r\n", 1)[0] + (b" SignatureDoesNotMatch" if b"SignatureDoesNotMatch" in first else b"")

    assert head_answer(secret="wrong-secret") == b"HTTP/1.1 403 Forbidden SignatureDoesNotMatch"
    assert head_answer(secret=None) == b"100 then HTTP/1.1 200 OK"
    assert tarn.client("s3").get_object(Bucket="expect", Key="k")["Body"].read() == body


def test_expect_100_continue_is_answered_for_an_empty_body_too(tarn):
    """botocore sends "Expect: 100-continue" with an empty PutObject body and waits for the interim
    response; answered with the final one alone, its next request on the connection stalled until
    the read timeout and was sent twice (boto/botocore#3755)."""
    s3 = tarn.client("s3", config=botocore.config.Config(read_timeout=5, retries={"max_attempts": 0}))
    s3.create_bucket(Bucket="empty-expect")
    s3.put_bucket_versioning(Bucket="empty-expect", VersioningConfiguration={"Status": "Enabled"})
    host, port = urllib.parse.urlsplit(tarn.endpoint).netloc.rsplit(":", 1)
    prepared = sign(tarn, "s3", method="PUT", path="/empty-expect/raw", body=b"",
                    headers={"x-amz-content-sha256": hashlib.sha256(b"").hexdigest(), "Expect": "100-continue"})
    lines = [f"PUT {urllib.parse.urlsplit(prepared.url).path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{k}: {v}" for k, v in prepared.headers.items() if k.lower() not in ("content-length", "host")]
    lines.append("Content-Length: 0")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while answer.count(b"\r\n\r\n") < 2:
            answer += sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")
    # The same through boto3: each put answered at once, each written once.
    started = time.monotonic()
    for body in (b"", b"data", b"", b"more"):
        s3.put_object(Bucket="empty-expect", Key="k", Body=body)
    assert time.monotonic() - started < 4
    assert len(s3.list_object_versions(Bucket="empty-expect", Prefix="k")["Versions"]) == 4


def test_http_chunked_body_whose_last_chunk_arrives_later(tarn):
    """Transfer-Encoding: chunked (HTTP's framing, not aws-chunked): the first chunk arrives with the
    head and the terminating chunk in a later segment, as urllib3 sends a chunked body. The body is
    whole once the terminator comes; what was buffered before it ends inside the framing."""
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="http-chunked")
    host, port = urllib.parse.urlsplit(tarn.endpoint).netloc.rsplit(":", 1)
    prepared = sign(tarn, "s3", method="PUT", path="/http-chunked/split", body=b"",
                    headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD", "Transfer-Encoding": "chunked"})
    lines = ["PUT /http-chunked/split HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{k}: {v}" for k, v in prepared.headers.items() if k.lower() not in ("content-length", "host")]
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(("\r\n".join(lines) + "\r\n\r\n3\r\nbar\r\n").encode())
        time.sleep(0.1)
        s.sendall(b"0\r\n\r\n")
        answer = s.recv(65536)
    assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.1 200 OK", answer
    assert s3.get_object(Bucket="http-chunked", Key="split")["Body"].read() == b"bar"

    # botocore itself, as Ceph's s3-tests drive it: urllib3 frames the body and sends each piece.
    def transfer_encoding_chunked(request, **_):
        request.headers.add_header("Transfer-Encoding", "chunked")

    s3.meta.events.register_first("before-sign.s3.PutObject", transfer_encoding_chunked)
    try:
        for i in range(5):
            s3.put_object(Bucket="http-chunked", Key=f"boto{i}", Body=b"bar")
    finally:
        s3.meta.events.unregister("before-sign.s3.PutObject", transfer_encoding_chunked)
    assert s3.get_object(Bucket="http-chunked", Key="boto4")["Body"].read() == b"bar"
