"""The HTTP transport as clients meet it: presigned URLs, keep-alive, limits and malformed input
over a real socket. Each case names the AWS behaviour it mirrors."""
import http.client
import re
import socket
import urllib.parse
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

ROOT_ARN = "arn:aws:iam::000000000000:root"


def host_port(tarn):
    u = urllib.parse.urlparse(tarn.endpoint)
    return u.hostname, u.port


def raw_exchange(tarn, data, timeout=10):
    """Sends raw bytes and returns everything the server wrote before closing."""
    with socket.create_connection(host_port(tarn), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
        except (ConnectionResetError, socket.timeout):
            pass
        return b"".join(chunks)


def test_presigned_get_caller_identity_url_works(tarn):
    # What `aws eks get-token` does: a presigned GET GetCallerIdentity URL.
    sts = tarn.client("sts")
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    assert "X-Amz-Signature=" in url
    body = urllib.request.urlopen(url, timeout=10).read().decode()
    assert f"<Arn>{ROOT_ARN}</Arn>" in body
    assert "<GetCallerIdentityResponse" in body


def test_tampered_presigned_url_is_rejected(tarn):
    url = tarn.client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    bad = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(bad, timeout=10)
    assert e.value.code == 403
    assert b"SignatureDoesNotMatch" in e.value.read()


def test_keep_alive_connection_serves_many_signed_requests(tarn):
    sts = tarn.client("sts")
    ids = {sts.get_caller_identity()["ResponseMetadata"]["RequestId"] for _ in range(20)}
    assert len(ids) == 20  # every response has its own request id


def test_every_response_carries_a_request_id(tarn):
    # An error from the router (unknown JSON target) still has a request id header and body field.
    conn = http.client.HTTPConnection(*host_port(tarn), timeout=10)
    conn.request("POST", "/", body="{}", headers={"Content-Type": "application/x-amz-json-1.0",
                                                  "X-Amz-Target": "DynamoDB_20120810.NoSuchOperation"})
    r = conn.getresponse()
    r.read()
    assert r.status == 400
    # DynamoDB's shape: 52 characters of [0-9A-Z] (dynalite's connection tests, recorded against AWS).
    assert re.fullmatch(r"[0-9A-Z]{52}", r.getheader("x-amzn-RequestId"))
    conn.request("GET", "/_tarn/health")
    r = conn.getresponse()  # same keep-alive connection
    assert r.status == 200 and r.getheader("x-amzn-RequestId")
    r.read()


def test_malformed_request_line_gets_400_not_a_hang(tarn):
    out = raw_exchange(tarn, b"THIS IS NOT HTTP\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 400")
    # and tarn still serves
    assert tarn.client("sts").get_caller_identity()["Arn"] == ROOT_ARN


def test_oversized_header_section_is_refused(tarn):
    req = b"GET /_tarn/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (80 * 1024) + b"\r\n\r\n"
    out = raw_exchange(tarn, req)
    assert out.startswith(b"HTTP/1.1 400")
    assert b"RequestHeaderSectionTooLarge" in out


def signed_head(tarn, body, extra):
    """A SigV4-signed GetCallerIdentity head (botocore's signer) as raw bytes."""
    creds = tarn.credentials()
    host = "%s:%d" % host_port(tarn)
    request = botocore.awsrequest.AWSRequest(method="POST", url=tarn.endpoint + "/", data=body,
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(creds["AWS_ACCESS_KEY_ID"],
                                                             creds["AWS_SECRET_ACCESS_KEY"]),
                            "sts", "us-east-1").add_auth(request)
    lines = [b"POST / HTTP/1.1", b"Host: " + host.encode()]
    lines += [f"{k}: {v}".encode() for k, v in request.headers.items()]
    lines += extra
    return b"\r\n".join(lines) + b"\r\n\r\n"


def test_expect_100_continue_is_answered(tarn):
    with socket.create_connection(host_port(tarn), timeout=10) as s:
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        s.sendall(signed_head(tarn, body, [b"Expect: 100-continue", b"Content-Length: %d" % len(body)]))
        first = s.recv(4096)
        assert first.startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        s.sendall(body)
        rest = first[len(b"HTTP/1.1 100 Continue\r\n\r\n"):]
        while b"</GetCallerIdentityResponse>" not in rest:
            b = s.recv(65536)
            if not b:
                break
            rest += b
        assert rest.startswith(b"HTTP/1.1 200")
        assert f"<Arn>{ROOT_ARN}</Arn>".encode() in rest


def test_chunked_request_body_is_accepted(tarn):
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    out = raw_exchange(tarn, signed_head(tarn, body, [b"Connection: close", b"Transfer-Encoding: chunked"]) + chunked)
    assert out.startswith(b"HTTP/1.1 200")
    assert f"<Arn>{ROOT_ARN}</Arn>".encode() in out  # decoded, signature verified over the decoded body
