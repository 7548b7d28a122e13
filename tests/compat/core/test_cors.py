"""CORS for browsers calling the JSON and Query services, as DynamoDB answers (ScyllaDB Alternator's
test_cors.py, which runs against AWS): with an Origin every answer allows any origin and exposes
DynamoDB's response headers, a preflight (OPTIONS) is allowed the method and headers it asks for,
and without an Origin no CORS header appears. S3's CORS is per bucket (not built): its answers keep
none."""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from signing import send, sign  # noqa: E402

EXPOSED = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"


def cors_of(response):
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def test_no_origin_no_cors_headers(tarn):
    for method in ("OPTIONS", "GET", "POST"):
        assert cors_of(send(tarn.endpoint + "/", method)) == {}, method


def test_preflight_allows_what_it_asks_for(tarn):
    asked = {"Origin": "http://example.com", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type,x-amz-date,x-amz-target,authorization"}
    preflight = send(tarn.endpoint + "/", "OPTIONS", headers=asked)
    assert preflight.status == 200 and preflight.body == ""
    assert cors_of(preflight) == {
        "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED,
        "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": asked["Access-Control-Request-Headers"],
        "Access-Control-Max-Age": "7200"}
    # Alternator's odd values are echoed as they are; a preflight asking for nothing gets no Allow-*.
    odd = send(tarn.endpoint + "/", "OPTIONS", headers={"Origin": "http://example.com/",
                                                          "Access-Control-Request-Method": "dog",
                                                          "Access-Control-Request-Headers": "cat, meerkat, mouse"})
    assert odd.header("Access-Control-Allow-Methods") == "dog"
    assert odd.header("Access-Control-Allow-Headers") == "cat, meerkat, mouse"
    bare = send(tarn.endpoint + "/", "OPTIONS", headers={"Origin": "http://example.com/"})
    assert bare.status == 200 and set(cors_of(bare)) == {"Access-Control-Allow-Origin",
                                                          "Access-Control-Expose-Headers", "Access-Control-Max-Age"}


def test_answers_to_a_page_allow_any_origin(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="cors", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    origin = {"Origin": "http://localhost:5173"}

    def call(target, body):
        headers = dict(origin, **{"Content-Type": "application/x-amz-json-1.0",
                                  "X-Amz-Target": "DynamoDB_20120810." + target})
        prepared = sign(tarn, "dynamodb", json.dumps(body), headers=headers)
        return send(prepared.url, "POST", prepared.body, dict(prepared.headers))

    put = call("PutItem", {"TableName": "cors", "Item": {"id": {"S": "1"}}})
    assert put.status == 200
    assert put.header("Access-Control-Allow-Origin") == "*"
    assert put.header("Access-Control-Expose-Headers") == EXPOSED
    assert put.header("Access-Control-Max-Age") is None and put.header("Access-Control-Allow-Methods") is None
    failed = call("GetItem", {"TableName": "missing", "Key": {"id": {"S": "1"}}})
    assert failed.status == 400 and failed.header("Access-Control-Allow-Origin") == "*"
    # A Query-protocol service (STS) answers a page the same way.
    prepared = sign(tarn, "sts", "Action=GetCallerIdentity&Version=2011-06-15",
                    headers=dict(origin, **{"Content-Type": "application/x-www-form-urlencoded"}))
    sts = send(prepared.url, "POST", prepared.body, dict(prepared.headers))
    assert sts.status == 200 and sts.header("Access-Control-Allow-Origin") == "*"


def test_s3_buckets_keep_their_own_cors(tarn):
    """A bucket without a CORS configuration sends no CORS headers, Origin or not."""
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="cors-bucket")
    s3.put_object(Bucket="cors-bucket", Key="k", Body=b"x")
    prepared = sign(tarn, "s3", method="GET", path="/cors-bucket/k",
                    headers={"Origin": "http://example.com", "x-amz-content-sha256": hashlib.sha256(b"").hexdigest()})
    got = send(prepared.url, "GET", b"", dict(prepared.headers))
    assert got.status == 200 and got.body == "x"
    assert cors_of(got) == {}
