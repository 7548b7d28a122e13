#!/usr/bin/env python3
"""Bundles the AWS managed policies (data/iam/managed-policies/<PolicyName>.json) into one JSON
array, embedded in the binary by src/iam/policy/embedded_managed_policies.S.
usage: gen_managed_policies.py --out FILE"""
import argparse
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
REQUIRED = ("PolicyName", "Path", "Arn", "Description", "DefaultVersionId", "CreateDate", "UpdateDate",
            "Source", "Document")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    out = pathlib.Path(parser.parse_args().out)
    policies = []
    for path in sorted((ROOT / "data" / "iam" / "managed-policies").glob("*.json")):
        policy = json.loads(path.read_text())
        missing = [key for key in REQUIRED if key not in policy]
        if missing or policy["PolicyName"] != path.stem:
            raise SystemExit(f"{path}: missing {missing} or PolicyName is not the file name")
        policies.append(policy)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(policies, separators=(",", ":"))
    if not out.exists() or out.read_text() != text:  # keep the timestamp when nothing changed
        out.write_text(text)


if __name__ == "__main__":
    main()
