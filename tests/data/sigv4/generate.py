#!/usr/bin/env python3
"""Regenerates the SigV4 vectors in this folder with botocore's SigV4Auth.

The requests are those of AWS's aws-sig-v4-test-suite (2015-08-30T12:36:00Z, AKIDEXAMPLE,
us-east-1, service "service"), written as a server receives them: the request-target is already
percent-encoded, so for non-S3 services the canonical URI is that path normalized and encoded
again ("double-encoded"), exactly as botocore computes it.
Run: /root/.pyenv/shims/python3 tests/data/sigv4/generate.py
"""
import os

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = "20150830T123600Z"
HOST = "example.amazonaws.com"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

CASES = [
    ("get-vanilla", "GET", "/", [], b""),
    ("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", [], b""),
    ("get-vanilla-query-order-value", "GET", "/?Param1=value2&Param1=Value1", [], b""),
    ("get-vanilla-query-unreserved", "GET",
     "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
     "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], b""),
    ("get-vanilla-empty-query-key", "GET", "/?Param1=value1&Param2", [], b""),
    ("get-vanilla-utf8-query", "GET", "/?%E1%88%B4=bar", [], b""),
    ("get-header-value-trim", "GET", "/", [("My-Header1", " value1"), ("My-Header2", ' "a   b   c"')], b""),
    ("get-header-key-duplicate", "GET", "/",
     [("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")], b""),
    ("get-header-value-order", "GET", "/",
     [("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2")], b""),
    ("get-slash-dot-slash", "GET", "/./", [], b""),
    ("get-slash-pointless-dot", "GET", "/./example", [], b""),
    ("get-relative-relative", "GET", "/example1/example2/../..", [], b""),
    ("get-relative", "GET", "/example/..", [], b""),
    ("get-slashes", "GET", "//example//", [], b""),
    ("get-space", "GET", "/example%20space/", [], b""),
    ("get-utf8", "GET", "/%E1%88%B4", [], b""),
    ("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], b""),
    ("post-vanilla", "POST", "/", [], b""),
    ("post-vanilla-query", "POST", "/?Param1=value1", [], b""),
    ("post-x-www-form-urlencoded", "POST", "/",
     [("Content-Type", "application/x-www-form-urlencoded")], b"Param1=value1"),
    ("post-x-www-form-urlencoded-parameters", "POST", "/",
     [("Content-Type", "application/x-www-form-urlencoded; charset=utf8")], b"Param1=value1"),
    ("post-sts-header-after", "POST", "/", [("X-Amz-Security-Token", "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==")], b""),
]


def main():
    creds = Credentials("AKIDEXAMPLE", SECRET)
    for name, method, target, headers, body in CASES:
        req = AWSRequest(method=method, url="https://" + HOST + target, data=body)
        req.headers["Host"] = HOST
        for k, v in headers:
            req.headers.add_header(k, v) if hasattr(req.headers, "add_header") else req.headers.__setitem__(k, v)
        req.headers["X-Amz-Date"] = DATE
        req.context["timestamp"] = DATE
        auth = SigV4Auth(creds, "service", "us-east-1")
        creq = auth.canonical_request(req)
        sts = auth.string_to_sign(req, creq)
        sig = auth.signature(sts, req)
        signed = auth.signed_headers(auth.headers_to_sign(req))
        authz = (f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                 f"SignedHeaders={signed}, Signature={sig}")
        lines = [f"{method} {target} HTTP/1.1", f"Host: {HOST}"]
        lines += [f"{k}:{v}" for k, v in headers]
        lines += [f"X-Amz-Date:{DATE}"]
        with open(os.path.join(HERE, name + ".req"), "wb") as f:
            f.write(("\n".join(lines) + "\n\n").encode() + body)
        for ext, text in (("creq", creq), ("sts", sts), ("authz", authz)):
            with open(os.path.join(HERE, f"{name}.{ext}"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
