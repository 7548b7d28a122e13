"""Raw signed DynamoDB JSON calls for wire-level compat tests: the request exactly as written (members the
older botocore does not know, values its validator refuses) and the status and body tarn answers."""
import json

from signing import send_signed


def call(tarn, operation, body):
    """(HTTP status, parsed body) of one DynamoDB_20120810 operation."""
    r = send_signed(tarn, "dynamodb", json.dumps(body),
                    headers={"Content-Type": "application/x-amz-json-1.0",
                             "X-Amz-Target": "DynamoDB_20120810." + operation})
    return r.status, json.loads(r.body) if r.body else {}


def ok(tarn, operation, body):
    """The body of a call that must succeed."""
    status, out = call(tarn, operation, body)
    assert status == 200, (operation, out)
    return out
