"""Bucket CORS: Put/Get/DeleteBucketCors, preflights (OPTIONS) answered by the bucket's rules, and
the headers those rules grant to requests that carry an Origin — as LocalStack's test_s3_cors.py
recorded S3's answers (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html)."""
import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import botocore.exceptions
import pytest

NOT_ALLOWED = ("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "
               "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not "
               "whitelisted by the resource's CORS spec.")
VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"


@pytest.fixture
def s3(tarn):
    s3 = tarn.client("s3")
    s3.create_bucket(Bucket="web")
    s3.put_object(Bucket="web", Key="page.txt", Body=b"test-cors")
    return s3


def fetch(tarn, method, path, headers=None, data=None):
    url = path if path.startswith("http") else tarn.endpoint + path
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def error_of(body):
    root = ET.fromstring(body)
    return {child.tag: child.text for child in root if child.tag not in ("RequestId", "HostId")}


def cors_headers(headers):
    return {k: v for k, v in headers.items() if k.lower().startswith("access-control-") or k.lower() == "vary"}


def test_configuration_round_trip_and_errors(s3):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_bucket_cors(Bucket="web")
    assert e.value.response["Error"]["Code"] == "NoSuchCORSConfiguration"
    assert e.value.response["Error"]["Message"] == "The CORS configuration does not exist"
    assert e.value.response["Error"]["BucketName"] == "web"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert s3.delete_bucket_cors(Bucket="web")["ResponseMetadata"]["HTTPStatusCode"] == 204
    rules = [{"AllowedHeaders": ["x-amz-expected-bucket-owner", "x-AMZ-server-SIDE-encryption"],
              "AllowedMethods": ["GET", "PUT", "HEAD"],
              "AllowedOrigins": ["https://test.com", "https://app.test.com", "http://test.com:80"],
              "ExposeHeaders": ["x-amz-request-id"], "MaxAgeSeconds": 3000},
             {"ID": "second", "AllowedMethods": ["GET"], "AllowedOrigins": [""]}]
    s3.put_bucket_cors(Bucket="web", CORSConfiguration={"CORSRules": rules})
    assert s3.get_bucket_cors(Bucket="web")["CORSRules"] == rules
    for bad, code, message in (
            ([{"AllowedMethods": ["MYMETHOD"], "AllowedOrigins": ["*"]}], "InvalidRequest",
             "Found unsupported HTTP method in CORS config. Unsupported method is MYMETHOD"),
            ([], "MalformedXML",
             "The XML you provided was not well-formed or did not validate against our published schema"),
            ([{"AllowedMethods": ["GET"], "AllowedOrigins": ["http://*.a.*"]}], "InvalidRequest",
             'AllowedOrigin "http://*.a.*" can not have more than one wildcard.')):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.put_bucket_cors(Bucket="web", CORSConfiguration={"CORSRules": bad})
        assert (e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]) == (code, message)
    assert s3.get_bucket_cors(Bucket="web")["CORSRules"] == rules  # unchanged by the refusals
    s3.delete_bucket_cors(Bucket="web")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_bucket_cors(Bucket="web")
    assert e.value.response["Error"]["Code"] == "NoSuchCORSConfiguration"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_bucket_cors(Bucket="no-such-bucket")
    assert e.value.response["Error"]["Code"] == "NoSuchBucket"


def test_preflights_without_rules(tarn, s3):
    status, _, body = fetch(tarn, "OPTIONS", "/web/page.txt")
    assert status == 400
    assert error_of(body) == {"Code": "BadRequest", "Message": "Insufficient information. Origin request header needed."}
    status, _, body = fetch(tarn, "OPTIONS", "/web/page.txt", {"Origin": "whatever", "Access-Control-Request-Method": "PUT"})
    assert status == 403
    assert error_of(body) == {"Code": "AccessForbidden", "Message": "CORSResponse: CORS is not enabled for this bucket.",
                              "Method": "PUT", "ResourceType": "BUCKET"}
    status, _, body = fetch(tarn, "OPTIONS", "/web/page.txt", {"Origin": "whatever"})
    assert (status, error_of(body)["Method"]) == (403, "OPTIONS")
    status, _, body = fetch(tarn, "OPTIONS", "/fake-bucket-x/k", {"Origin": "whatever"})
    assert status == 403
    assert error_of(body) == {"Code": "AccessForbidden", "Message": "CORSResponse: Bucket not found",
                              "Method": "OPTIONS", "ResourceType": "BUCKET"}
    # Without rules a GET with an Origin gets no CORS headers.
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "web", "Key": "page.txt"})
    status, headers, body = fetch(tarn, "GET", url, {"Origin": "whatever"})
    assert (status, body, cors_headers(headers)) == (200, b"test-cors", {})


def test_rules_answer_preflights_and_requests(tarn, s3):
    s3.put_bucket_cors(Bucket="web", CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["https://localhost:4200"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 3000,
         "AllowedHeaders": ["x-amz-expected-bucket-owner", "x-AMZ-server-SIDE-encryption"]}]})
    right = {"Origin": "https://localhost:4200", "Access-Control-Request-Method": "PUT"}
    status, headers, body = fetch(tarn, "OPTIONS", "/web/page.txt", right)
    assert (status, body) == (200, b"")
    assert cors_headers(headers) == {
        "Access-Control-Allow-Origin": "https://localhost:4200", "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Max-Age": "3000", "Access-Control-Allow-Credentials": "true", "Vary": VARY}
    # Requested headers must each be allowed (any case); they are echoed lowercase.
    status, headers, _ = fetch(tarn, "OPTIONS", "/web/page.txt", {
        **right, "Access-Control-Request-Headers": "X-Amz-Expected-Bucket-Owner, x-amz-server-side-encryption"})
    assert status == 200
    assert headers["Access-Control-Allow-Headers"] == "x-amz-expected-bucket-owner, x-amz-server-side-encryption"
    status, _, body = fetch(tarn, "OPTIONS", "/web/page.txt", {**right, "Access-Control-Request-Headers": "x-amz-request-payer"})
    assert status == 403
    assert error_of(body) == {"Code": "AccessForbidden", "Message": NOT_ALLOWED, "Method": "PUT", "ResourceType": "OBJECT"}
    # Another origin (scheme included), another method, or the bucket itself.
    for path, headers, method, resource in (
            ("/web/page.txt", {"Origin": "http://localhost:4200", "Access-Control-Request-Method": "PUT"}, "PUT", "OBJECT"),
            ("/web/page.txt", {"Origin": "https://localhost:4200", "Access-Control-Request-Method": "DELETE"},
             "DELETE", "OBJECT"),
            ("/web", {"Origin": "https://evil", "Access-Control-Request-Method": "GET"}, "GET", "BUCKET")):
        status, _, body = fetch(tarn, "OPTIONS", path, headers)
        assert status == 403
        assert error_of(body) == {"Code": "AccessForbidden", "Message": NOT_ALLOWED, "Method": method,
                                  "ResourceType": resource}
    # Actual requests: the matching rule's headers, on errors too; none for another origin.
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "web", "Key": "page.txt"})
    status, headers, body = fetch(tarn, "GET", url, {"Origin": "https://localhost:4200"})
    assert (status, body) == (200, b"test-cors")
    assert cors_headers(headers) == {
        "Access-Control-Allow-Origin": "https://localhost:4200", "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Max-Age": "3000", "Access-Control-Allow-Credentials": "true", "Vary": VARY}
    status, headers, body = fetch(tarn, "GET", "/web/missing.txt", {"Origin": "https://localhost:4200"})
    assert status in (403, 404)
    assert headers["Access-Control-Allow-Origin"] == "https://localhost:4200"
    assert headers["Vary"] == VARY
    status, headers, _ = fetch(tarn, "GET", "/web/missing.txt", {"Origin": "http://localhost:4200"})
    assert cors_headers(headers) == {}
    # A GET that names another method in Access-Control-Request-Method is judged by that one.
    status, headers, _ = fetch(tarn, "GET", "/web/missing.txt",
                               {"Origin": "https://localhost:4200", "Access-Control-Request-Method": "DELETE"})
    assert cors_headers(headers) == {}
    # Without an Origin, nothing.
    got = s3.get_object(Bucket="web", Key="page.txt")
    assert "access-control-allow-origin" not in got["ResponseMetadata"]["HTTPHeaders"]


def test_wildcards(tarn, s3):
    s3.put_bucket_cors(Bucket="web", CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["http://*.origin.com"], "AllowedMethods": ["PUT"], "AllowedHeaders": ["x-amz-meta-*"]},
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"],
         "ExposeHeaders": ["x-amz-id-2", "x-amz-request-id", "x-amz-request-payer"]}]})
    status, headers, _ = fetch(tarn, "OPTIONS", "/web/page.txt", {
        "Origin": "http://test.origin.com", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "x-amz-meta-owner"})
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "http://test.origin.com"
    assert headers["Access-Control-Allow-Headers"] == "x-amz-meta-owner"
    assert fetch(tarn, "OPTIONS", "/web/page.txt", {"Origin": "http://test.origin.com.evil",
                                                    "Access-Control-Request-Method": "PUT"})[0] == 403
    status, headers, _ = fetch(tarn, "OPTIONS", "/web/page.txt", {"Origin": "http://random:1234",
                                                                  "Access-Control-Request-Method": "GET"})
    assert status == 200
    assert cors_headers(headers) == {
        "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET",
        "Access-Control-Expose-Headers": "x-amz-id-2, x-amz-request-id, x-amz-request-payer", "Vary": VARY}
    # A rule without AllowedHeaders allows no requested header.
    assert fetch(tarn, "OPTIONS", "/web/page.txt", {"Origin": "http://random:1234", "Access-Control-Request-Method": "GET",
                                                    "Access-Control-Request-Headers": "x-amz-date"})[0] == 403


def test_each_has_its_iam_action(tarn, s3):
    iam = tarn.client("iam")
    iam.create_user(UserName="web-admin")
    key = iam.create_access_key(UserName="web-admin")["AccessKey"]
    iam.put_user_policy(UserName="web-admin", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetBucketCORS", "Resource": "arn:aws:s3:::web"}]}))
    user = tarn.client("s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    rules = {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}
    for call in (lambda: user.put_bucket_cors(Bucket="web", CORSConfiguration=rules),
                 lambda: user.delete_bucket_cors(Bucket="web")):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] == "AccessDenied"
    s3.put_bucket_cors(Bucket="web", CORSConfiguration=rules)
    assert user.get_bucket_cors(Bucket="web")["CORSRules"] == rules["CORSRules"]
    # The configuration survives a restart.
    tarn.stop()
    tarn.start()
    assert tarn.client("s3").get_bucket_cors(Bucket="web")["CORSRules"] == rules["CORSRules"]
