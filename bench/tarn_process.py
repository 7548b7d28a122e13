"""A tarn for the Python benchmarks: started on a data directory with a free port, its endpoint and
root credentials read back the way a user gets them (server.json, `tarn env`)."""
import json
import os
import subprocess
import time

import boto3


def start(tarn, data, *extra):
    """Starts `tarn serve` on `data` (extra: more serve flags); returns (process, endpoint, credentials),
    credentials as {"AWS_ACCESS_KEY_ID": ..., "AWS_SECRET_ACCESS_KEY": ..., ...}."""
    proc = subprocess.Popen([tarn, "serve", "--data", data, "--port", "0", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(400):
        if os.path.exists(os.path.join(data, "server.json")):
            break
        time.sleep(0.05)
    endpoint = json.load(open(os.path.join(data, "server.json")))["endpoint"]
    env = subprocess.run([tarn, "env", "--data", data], capture_output=True, text=True, check=True).stdout
    creds = {}
    for line in env.splitlines():
        if line.startswith("export "):
            k, v = line[len("export "):].split("=", 1)
            creds[k] = v.strip("'")
    return proc, endpoint, creds


def lambda_role(endpoint, creds, name="bench-lambda"):
    """A role Lambda may assume (CreateFunction refuses others), allowed everything; returns its ARN."""
    iam = boto3.session.Session().client("iam", endpoint_url=endpoint, region_name="us-east-1",
                                         aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
                                         aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"])
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    return arn
