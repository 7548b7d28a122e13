"""Parses responses produced by tarn's codecs with botocore's own response parsers.

Used by botocore_crosscheck_test.cpp. Reads a JSON list of cases from argv[1]:
  {"protocol", "service", "operation", "status", "headers": {..}, "body_b64"}
and prints a JSON list of botocore's parsed results (datetimes as ISO strings, bytes decoded).
Exit code 3 when botocore is not importable (the test then skips).
"""
import base64
import datetime
import json
import sys

try:
    import botocore.session
    from botocore import parsers
    from botocore.awsrequest import HeadersDict
except ImportError:
    sys.exit(3)


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata" or True}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if hasattr(value, "read"):
        return value.read().decode("utf-8", "replace")
    return value


def main():
    session = botocore.session.get_session()
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    results = []
    for case in cases:
        model = session.get_service_model(case["service"])
        operation = model.operation_model(case["operation"])
        parser = parsers.create_parser(case["protocol"])
        response = {
            "status_code": case["status"],
            "headers": HeadersDict(case["headers"]),
            "body": base64.b64decode(case["body_b64"]),
        }
        shape = operation.output_shape
        parsed = parser.parse(response, shape)
        results.append(plain(parsed))
    print(json.dumps(results, sort_keys=True))


main()
