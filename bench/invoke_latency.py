#!/usr/bin/env python3
"""Lambda Invoke latency (issue 8): starts a tarn (a release build, please) on a temporary data
directory, creates a Python function whose handler returns at once, and measures
  1. cold start: the first Invoke (a new python3 process, bootstrap, import, first event);
  2. warm Invoke (RequestResponse) one after another on a kept-alive connection: p50/p90/p99/max as the
     client sees it (boto3, which adds its own marshalling) and as tarn's access log records it (from
     the request's first byte to the response's last).
Prints the figures; asserts nothing. Not part of `make test`.

  /usr/bin/python3 bench/invoke_latency.py build/release/tarn [--count 1000]
"""
import argparse
import io
import os
import shutil
import tempfile
import time
import zipfile

import boto3
import botocore.config

import tarn_process  # bench/tarn_process.py: bench/ is on sys.path when a script runs

FUNCTION = "def handler(event, context):\n    return {'ok': True}\n"


def percentiles(label, values_ms):
    values = sorted(values_ms)
    pick = lambda p: values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]  # noqa: E731
    print(f"{label}: n={len(values)} p50={pick(50):.3f}ms p90={pick(90):.3f}ms p99={pick(99):.3f}ms "
          f"max={values[-1]:.3f}ms")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tarn")
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="tarn-invoke-bench-")
    proc, endpoint, creds = tarn_process.start(args.tarn, data)
    try:
        lam = boto3.session.Session().client(
            "lambda", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
            config=botocore.config.Config(retries={"max_attempts": 0}, tcp_keepalive=True))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("app.py", FUNCTION)
        lam.create_function(FunctionName="noop", Runtime="python3.11", Role=tarn_process.lambda_role(endpoint, creds),
                            Handler="app.handler", Code={"ZipFile": buf.getvalue()})
        lam.get_waiter("function_active_v2").wait(FunctionName="noop")

        start = time.monotonic()
        lam.invoke(FunctionName="noop", Payload=b"{}")["Payload"].read()
        print(f"cold start (first Invoke, python3.11): {(time.monotonic() - start) * 1000:.1f}ms")
        client_ms = []
        for _ in range(args.count):
            start = time.monotonic()
            lam.invoke(FunctionName="noop", Payload=b"{}")["Payload"].read()
            client_ms.append((time.monotonic() - start) * 1000)
        percentiles("warm Invoke, boto3 client", client_ms)
        time.sleep(1.5)  # the access log is flushed every second
        server_ms = []
        with open(os.path.join(data, "access.log")) as log:
            for line in log:
                fields = line.split()
                if len(fields) >= 9 and fields[6] == "Invoke" and fields[-1].endswith("us"):
                    server_ms.append(int(fields[-1][:-2]) / 1000)
        percentiles("warm Invoke, in tarn (access log)", server_ms[1:])
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
