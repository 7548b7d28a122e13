"""kill -9 in the middle of a large overwrite leaves the old object intact and nothing torn."""
import http.client
import signal
import time
import urllib.parse

import botocore.config
import pytest


@pytest.mark.tarn_only
def test_kill_during_large_overwrite_keeps_the_old_object(tarn):
    s3 = tarn.client("s3", config=botocore.config.Config(signature_version="s3v4", retries={"max_attempts": 1}))
    s3.create_bucket(Bucket="crash")
    s3.put_object(Bucket="crash", Key="table.parquet", Body=b"old version")
    url = urllib.parse.urlsplit(s3.generate_presigned_url(
        "put_object", Params={"Bucket": "crash", "Key": "table.parquet"}, ExpiresIn=300))
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    declared = 256 * 1024 * 1024
    conn.putrequest("PUT", url.path + "?" + url.query, skip_accept_encoding=True)
    conn.putheader("Content-Length", str(declared))
    conn.endheaders()
    chunk = b"n" * (1024 * 1024)
    for _ in range(16):  # 16 MB of 256 MB, then the server dies
        conn.send(chunk)
    time.sleep(0.5)
    tarn.stop(signal.SIGKILL)
    conn.close()

    tarn.start()
    s3 = tarn.client("s3")
    assert s3.get_object(Bucket="crash", Key="table.parquet")["Body"].read() == b"old version"
    assert [c["Key"] for c in s3.list_objects_v2(Bucket="crash")["Contents"]] == ["table.parquet"]
    # The store still works for new writes after recovery.
    s3.put_object(Bucket="crash", Key="table.parquet", Body=b"new version")
    assert s3.get_object(Bucket="crash", Key="table.parquet")["Body"].read() == b"new version"
