#!/usr/bin/env python3
"""Creates the IAM user of the authorization benchmark against a running tarn and prints
"ACCESS_KEY SECRET": a user with 10 attached customer-managed policies (nine about other tables and
services, one allowing the DynamoDB data plane on TABLE) and a permissions boundary allowing
dynamodb:*, so every request evaluates 11 documents. Usage: iam_user_setup.py DATA_DIR TABLE"""
import json
import subprocess
import sys

import boto3


def main():
    data_dir, table = sys.argv[1], sys.argv[2]
    info = json.load(open(f"{data_dir}/server.json"))
    env = dict(line[len("export "):].split("=", 1) for line in subprocess.run(
        [sys.argv[3] if len(sys.argv) > 3 else "tarn", "env", "--data", data_dir], capture_output=True,
        text=True, check=True).stdout.splitlines() if line.startswith("export "))
    iam = boto3.client("iam", endpoint_url=info["endpoint"], region_name="us-east-1",
                       aws_access_key_id=env["AWS_ACCESS_KEY_ID"].strip("'"),
                       aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"].strip("'"))
    iam.create_user(UserName="bench")
    for i in range(9):
        doc = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "s3:GetObject"],
             "Resource": [f"arn:aws:dynamodb:us-east-1:000000000000:table/other{i}",
                          f"arn:aws:s3:::bucket{i}/prefix/*"],
             "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}]}
        arn = iam.create_policy(PolicyName=f"other{i}", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
        iam.attach_user_policy(UserName="bench", PolicyArn=arn)
    doc = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query",
                                       "dynamodb:DescribeTable"],
         "Resource": f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}"}]}
    arn = iam.create_policy(PolicyName="bench-table", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="bench", PolicyArn=arn)
    boundary = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}
    arn = iam.create_policy(PolicyName="bench-boundary", PolicyDocument=json.dumps(boundary))["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName="bench", PermissionsBoundary=arn)
    key = iam.create_access_key(UserName="bench")["AccessKey"]
    print(key["AccessKeyId"], key["SecretAccessKey"])


if __name__ == "__main__":
    main()
