#!/usr/bin/env python3
"""Build-time generator of tarn's embedded service models (src/protocol/embedded_models.S).

Finds every botocore installation reachable from the usual interpreters, takes the newest, and
writes one compact JSON file {service name -> trimmed service-2.json} holding only what the
protocol codecs read: metadata, operations (http bindings, input/output refs, errors) and shapes
(types, members with their wire locations, constraints, error codes). Documentation is dropped.
Output is deterministic (sorted keys, no whitespace) so rebuilds are byte-identical.
"""

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys

# The services tarn serves, by botocore directory name.
SERVICES = [
    "sts", "iam", "dynamodb", "dynamodbstreams", "s3", "lambda", "logs", "cloudwatch", "events",
    "sns", "glue", "athena", "cloudformation",
]

METADATA_KEYS = {
    "protocol", "protocols", "apiVersion", "targetPrefix", "jsonVersion", "signingName",
    "endpointPrefix", "xmlNamespace", "serviceId", "globalEndpoint", "awsQueryCompatible",
}
HTTP_KEYS = {"method", "requestUri", "responseCode"}
INPUT_REF_KEYS = {"shape", "locationName", "xmlNamespace"}
OUTPUT_REF_KEYS = {"shape", "resultWrapper"}
MEMBER_REF_KEYS = {
    "shape", "location", "locationName", "flattened", "xmlAttribute", "xmlNamespace", "queryName",
    "timestampFormat", "idempotencyToken", "hostLabel", "jsonvalue", "streaming", "eventpayload",
}
SHAPE_KEYS = {
    "type", "required", "payload", "min", "max", "pattern", "enum", "timestampFormat", "streaming",
    "requiresLength", "exception", "error", "document", "union", "eventstream", "event",
    "flattened", "locationName", "xmlNamespace", "fault", "deprecated",
}
ERROR_KEYS = {"code", "httpStatusCode", "senderFault"}
# Members the models leave optional that the service requires, refusing a request without them as a
# missing member ("Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be
# null"): CreateTable's AttributeDefinitions and KeySchema, which newer models mark optional
# (aws-controllers-k8s' recorded DynamoDB answers; dynalite's createTable tests give both in one
# aggregate); ImportTable's ClientToken, which the SDKs fill in themselves (ScyllaDB's test_import.py,
# run against AWS). Applied whichever botocore is found, so every build validates alike.
SERVICE_REQUIRED = {
    ("dynamodb", "CreateTableInput"): ["AttributeDefinitions", "KeySchema"],
    ("dynamodb", "ImportTableInput"): ["ClientToken"],
}

PROBE = (
    "import json, os, botocore; "
    "print(json.dumps([botocore.__version__, os.path.join(os.path.dirname(botocore.__file__), 'data')]))"
)


def candidate_interpreters():
    seen = []
    for name in ("python3", "/usr/bin/python3", "/root/.pyenv/shims/python3", sys.executable):
        path = shutil.which(name) if not os.path.isabs(name) else (name if os.path.exists(name) else None)
        if path and path not in seen:
            seen.append(path)
    return seen


def version_key(version):
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return parts


def find_botocore():
    """Returns (version, data_dir, interpreter) of the newest botocore found."""
    found = []
    for interpreter in candidate_interpreters():
        try:
            out = subprocess.run([interpreter, "-c", PROBE], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode != 0:
            continue
        try:
            version, data_dir = json.loads(out.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            continue
        if os.path.isdir(data_dir):
            found.append((version_key(version), version, data_dir, interpreter))
    if not found:
        sys.exit("gen_models.py: no botocore found (install python3-botocore)")
    found.sort(key=lambda f: f[0])
    _, version, data_dir, interpreter = found[-1]
    return version, data_dir, interpreter


def load_newest_model(data_dir, service):
    service_dir = os.path.join(data_dir, service)
    versions = sorted(
        v for v in os.listdir(service_dir)
        if os.path.exists(os.path.join(service_dir, v, "service-2.json"))
        or os.path.exists(os.path.join(service_dir, v, "service-2.json.gz")))
    if not versions:
        sys.exit("gen_models.py: no service-2.json for %s in %s" % (service, data_dir))
    base = os.path.join(service_dir, versions[-1], "service-2.json")
    if os.path.exists(base):
        with open(base, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    with gzip.open(base + ".gz", "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def pick(source, keys):
    return {k: v for k, v in source.items() if k in keys}


def trim_ref(ref):
    return pick(ref, MEMBER_REF_KEYS)


def trim_shape(shape):
    out = pick(shape, SHAPE_KEYS)
    if "error" in out:
        out["error"] = pick(out["error"], ERROR_KEYS)
    if "members" in shape:
        out["members"] = {name: trim_ref(ref) for name, ref in shape["members"].items()}
    for ref in ("member", "key", "value"):
        if ref in shape:
            out[ref] = trim_ref(shape[ref])
    return out


def trim_operation(op):
    out = {"name": op["name"], "http": pick(op.get("http", {}), HTTP_KEYS)}
    if "input" in op:
        out["input"] = pick(op["input"], INPUT_REF_KEYS)
    if "output" in op:
        out["output"] = pick(op["output"], OUTPUT_REF_KEYS)
    if op.get("errors"):
        out["errors"] = [e["shape"] for e in op["errors"]]
    if "authtype" in op:
        out["authtype"] = op["authtype"]
    if op.get("deprecated"):
        out["deprecated"] = True
    return out


def trim_model(model):
    return {
        "metadata": pick(model["metadata"], METADATA_KEYS),
        "operations": {name: trim_operation(op) for name, op in model["operations"].items()},
        "shapes": {name: trim_shape(shape) for name, shape in model["shapes"].items()},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="where to write models.json")
    args = parser.parse_args()

    version, data_dir, interpreter = find_botocore()
    models = {service: trim_model(load_newest_model(data_dir, service)) for service in SERVICES}
    for (service, shape), members in SERVICE_REQUIRED.items():
        required = models[service]["shapes"][shape].setdefault("required", [])
        required.extend(m for m in members if m not in required)
    data = json.dumps(models, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(tmp, args.out)
    print("gen_models.py: botocore %s (%s via %s): %d services, %d bytes -> %s"
          % (version, data_dir, interpreter, len(models), len(data), args.out))


if __name__ == "__main__":
    main()
