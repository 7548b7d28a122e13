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


@pytest.mark.tarn_only
def test_acknowledged_small_objects_survive_kill_9(tarn):
    """Small objects live inline in RocksDB (no file): each acknowledged PUT, overwrite and delete
    is in the WAL before its answer, so kill -9 right after loses none of them."""
    import concurrent.futures

    s3 = tarn.client("s3", config=botocore.config.Config(signature_version="s3v4", retries={"max_attempts": 1}))
    s3.create_bucket(Bucket="small")
    expected = {}

    def writer(w):
        client = tarn.client("s3")
        done = {}
        for i in range(40):
            key = f"w{w}/k{i % 25}"
            if i % 10 == 9:
                client.delete_object(Bucket="small", Key=key)
                done[key] = None
            else:
                body = f"{w}:{i}:".encode() * (1 + i * 97 % 900)  # up to ~5 KiB
                client.put_object(Bucket="small", Key=key, Body=body)
                done[key] = body
        return done

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for done in pool.map(writer, range(4)):
            expected.update(done)
    # One larger object next to them, stored as a file.
    big = b"B" * (64 * 1024 + 1)
    s3.put_object(Bucket="small", Key="big", Body=big)
    tarn.stop(signal.SIGKILL)

    tarn.start()
    s3 = tarn.client("s3")
    listed = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket="small"):
        listed.update(c["Key"] for c in page.get("Contents", []))
    assert listed == {k for k, v in expected.items() if v is not None} | {"big"}
    for key, body in expected.items():
        if body is not None:
            assert s3.get_object(Bucket="small", Key=key)["Body"].read() == body, key
    assert s3.get_object(Bucket="small", Key="big")["Body"].read() == big
    assert s3.get_object(Bucket="small", Key="w0/k3", Range="bytes=2-5")["Body"].read() == expected["w0/k3"][2:6]


@pytest.mark.tarn_only
def test_kill_during_overwrites_leaves_every_object_readable(tarn):
    """Overwrites that swap large (file) and small (inline) versions, and deletes, while tarn is
    killed at an arbitrary moment: a replaced file is unlinked only once the record that stopped
    naming it is durable, so after restart every listed object reads whole, as one of its versions."""
    import threading

    s3 = tarn.client("s3", config=botocore.config.Config(signature_version="s3v4", retries={"max_attempts": 1}))
    s3.create_bucket(Bucket="swap")
    versions = {}
    stop = threading.Event()

    def writer(w):
        client = tarn.client("s3", config=botocore.config.Config(retries={"max_attempts": 1}))
        key = f"k{w}"
        versions[key] = set()
        i = 0
        while not stop.is_set():
            body = (f"{w}:{i}:".encode() * 9000)[: (70_000 if i % 2 == 0 else 3_000) + i]
            versions[key].add(body)
            try:
                if i % 7 == 6:
                    client.delete_object(Bucket="swap", Key=key)
                else:
                    client.put_object(Bucket="swap", Key=key, Body=body)
            except Exception:
                return  # tarn is gone
            i += 1

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    tarn.stop(signal.SIGKILL)
    stop.set()
    for t in threads:
        t.join()

    tarn.start()
    s3 = tarn.client("s3")
    for c in s3.list_objects_v2(Bucket="swap").get("Contents", []):
        body = s3.get_object(Bucket="swap", Key=c["Key"])["Body"].read()
        assert body in versions[c["Key"]], c["Key"]
        assert len(body) == c["Size"]
