"""The awscli's high-level `aws s3` commands and `aws s3api` against tarn, as a user types them
after `eval "$(tarn env)"`: mb, cp --recursive up (including a multipart-sized file) and down,
ls --recursive, list-objects-v2 with a delimiter, sync, rm --recursive, rb --force, and an error.
Few CLI invocations (each costs a second or more); results are checked with boto3."""
import json
import os


def run(tarn, *args):
    out = tarn.aws(*args, "--region", "us-east-1")
    assert out.returncode == 0, out.stderr + out.stdout
    return out.stdout


def test_s3_commands_round_trip(tarn, tmp_path):
    s3 = tarn.client("s3")
    run(tarn, "s3", "mb", "s3://lake")
    src = tmp_path / "src"
    (src / "staging" / "marks").mkdir(parents=True)
    (src / "dw").mkdir()
    (src / "staging" / "marks" / "1.json").write_text('{"id": 1}\n')
    (src / "staging" / "marks" / "2.json").write_text('{"id": 2}\n')
    (src / "top.txt").write_text("top\n")
    big = src / "dw" / "big.bin"
    big.write_bytes(os.urandom(9 * 1024 * 1024))  # over the CLI's 8 MB multipart threshold: 2 parts

    run(tarn, "s3", "cp", "--recursive", str(src), "s3://lake/")
    assert s3.head_object(Bucket="lake", Key="dw/big.bin")["ETag"].endswith('-2"')

    listing = run(tarn, "s3", "ls", "--recursive", "s3://lake/")
    keys = sorted(line.split()[-1] for line in listing.splitlines() if line.strip())
    assert keys == ["dw/big.bin", "staging/marks/1.json", "staging/marks/2.json", "top.txt"]

    listed = json.loads(run(tarn, "s3api", "list-objects-v2", "--bucket", "lake", "--delimiter", "/",
                            "--output", "json"))
    assert [p["Prefix"] for p in listed["CommonPrefixes"]] == ["dw/", "staging/"]
    assert [c["Key"] for c in listed["Contents"]] == ["top.txt"]

    # sync uploads only what changed: a second run finds everything up to date.
    first = run(tarn, "s3", "sync", str(src / "staging"), "s3://lake/synced/")
    assert first.count("upload:") == 2
    assert run(tarn, "s3", "sync", str(src / "staging"), "s3://lake/synced/").strip() == ""

    down = tmp_path / "down"
    run(tarn, "s3", "cp", "--recursive", "s3://lake/dw/", str(down))
    assert (down / "big.bin").read_bytes() == big.read_bytes()

    run(tarn, "s3", "rm", "--recursive", "s3://lake/staging/")
    left = [c["Key"] for c in s3.list_objects_v2(Bucket="lake")["Contents"]]
    assert left == ["dw/big.bin", "synced/marks/1.json", "synced/marks/2.json", "top.txt"]
    run(tarn, "s3", "rb", "--force", "s3://lake")
    assert s3.list_buckets()["Buckets"] == []

    out = tarn.aws("s3api", "get-object", "--bucket", "lake", "--key", "k", str(tmp_path / "x"),
                   "--region", "us-east-1")
    assert out.returncode != 0 and "NoSuchBucket" in out.stderr
