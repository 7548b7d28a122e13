"""DynamoDB compresses a response of 4 KB or more for a client that accepts gzip or deflate, and signs
the compressed bytes with x-amz-crc32 (ScyllaDB's test_compressed_response.py and test_crc.py, run
against AWS); and answers an unsigned GET of "/" as its health check."""
import gzip
import json
import urllib.error
import urllib.request
import zlib

import pytest

from dynamodb_wire import ok
from signing import sign


def raw_call(tarn, operation, body, accept_encoding=None):
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + operation}
    if accept_encoding is not None:
        headers["Accept-Encoding"] = accept_encoding
    prepared = sign(tarn, "dynamodb", json.dumps(body), headers=headers)
    request = urllib.request.Request(prepared.url, data=prepared.body.encode(), headers=dict(prepared.headers),
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


@pytest.fixture
def table(tarn):
    ok(tarn, "CreateTable", {"TableName": "compressed", "BillingMode": "PAY_PER_REQUEST",
                             "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"}],
                             "AttributeDefinitions": [{"AttributeName": "p", "AttributeType": "S"}]})
    ok(tarn, "PutItem", {"TableName": "compressed", "Item": {"p": {"S": "k"}, "x": {"S": "x" * 4071}}})
    return "compressed"


@pytest.mark.parametrize("accept, coding, decompress", [
    ("gzip", "gzip", gzip.decompress),
    ("deflate", "deflate", zlib.decompress),
    ("br, identity, deflate, gzip", "deflate", zlib.decompress),
    ("*, gzip;q=0.5", "deflate", zlib.decompress),
])
def test_a_large_response_comes_compressed_and_signed(tarn, table, accept, coding, decompress):
    headers, body = raw_call(tarn, "GetItem", {"TableName": table, "Key": {"p": {"S": "k"}}}, accept)
    assert headers["Content-Encoding"] == coding
    assert int(headers["Content-Length"]) == len(body) < 200
    assert headers["x-amz-crc32"] == str(zlib.crc32(body))
    assert json.loads(decompress(body))["Item"]["x"] == {"S": "x" * 4071}


@pytest.mark.parametrize("accept, projection", [
    (None, None),            # not asked for
    ("identity", None),
    ("gzip;q=0", None),
    ("\"gzip\"", None),
    ("gzip", "x"),           # {"Item":{"x":{"S":"x..."}}} is 4,092 bytes: under 4 KB
])
def test_other_responses_come_as_they_are(tarn, table, accept, projection):
    body = {"TableName": table, "Key": {"p": {"S": "k"}}}
    if projection:
        body["ProjectionExpression"] = projection
    headers, raw = raw_call(tarn, "GetItem", body, accept)
    assert "Content-Encoding" not in headers
    assert headers["x-amz-crc32"] == str(zlib.crc32(raw))
    assert json.loads(raw)["Item"]["x"] == {"S": "x" * 4071}


def test_an_unsigned_get_of_the_root_is_dynamodbs_health_check(tarn):
    # ScyllaDB's test_health.py, run against AWS: "healthy: " and the host asked for; other paths are
    # not the health check.
    host = tarn.endpoint.split("//", 1)[1]
    with urllib.request.urlopen(tarn.endpoint + "/", timeout=30) as response:
        assert (response.status, response.read().decode()) == (200, "healthy: " + host)
    for path in ("/abc", "/health", "/?list-type=2"):
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(tarn.endpoint + path, timeout=30)
        assert 400 <= e.value.code <= 404, path
    # With an Origin, the CORS headers every answer at "/" carries (ScyllaDB's test_cors.py, run against AWS).
    request = urllib.request.Request(tarn.endpoint + "/", headers={"Origin": "http://example.com/"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Access-Control-Expose-Headers"]
        assert response.headers["Access-Control-Max-Age"] is None
