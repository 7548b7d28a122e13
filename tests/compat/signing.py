"""Raw signed requests for wire-level compat tests: botocore's own SigV4 signer, at a chosen
time, sent with urllib so tests see exactly the status, headers and body tarn answers."""
import datetime
import urllib.error
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None


def send(url, method="GET", body=b"", headers=None):
    if isinstance(body, str):
        body = body.encode()
    req = urllib.request.Request(url, data=body if method not in ("GET", "HEAD") or body else None,
                                 headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Response(resp.status, dict(resp.headers), resp.read().decode(errors="replace"))
    except urllib.error.HTTPError as e:
        return Response(e.code, dict(e.headers), e.read().decode(errors="replace"))


def send_signed(tarn, service, body="", method="POST", path="/", headers=None, when=None, secret=None,
                access_key=None, region="us-east-1", send_body=None):
    """Signs with botocore's SigV4Auth at `when` (default now) and sends; send_body replaces the
    body after signing (tampering tests)."""
    prepared = sign(tarn, service, body, method, path, headers, when, secret, access_key, region)
    return send(prepared.url, method, prepared.body if send_body is None else send_body, dict(prepared.headers))


def sign(tarn, service, body="", method="POST", path="/", headers=None, when=None, secret=None,
         access_key=None, region="us-east-1"):
    """The request signed with botocore's SigV4Auth at `when` (default now), prepared (url, headers,
    body), for tests that send it their own way."""
    creds = tarn.credentials()
    credentials = botocore.credentials.Credentials(access_key or creds["AWS_ACCESS_KEY_ID"],
                                                   secret or creds["AWS_SECRET_ACCESS_KEY"])
    request = botocore.awsrequest.AWSRequest(method=method, url=tarn.endpoint + path, data=body,
                                             headers=dict(headers or {}))
    signer = botocore.auth.SigV4Auth(credentials, service, region)
    # add_auth stamps the current time; do its steps with ours instead.
    request.context["timestamp"] = (when or utcnow()).strftime(botocore.auth.SIGV4_TIMESTAMP)
    signer._modify_request_before_signing(request)
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    signer._inject_signature_to_request(request, signer.signature(string_to_sign, request))
    return request.prepare()


FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
