"""The seed's IAM set-up typed as awscli commands (v2 from Debian, v1 from pip) by the root user,
then DynamoDB and STS as the new user through the CLI: an allowed call, a denied one with the exact
message, and the lockout after the access key is deleted. (Kept to a few commands: each CLI start
costs seconds; boto3 covers the rest of the API.)"""
import json

ACCOUNT = "000000000000"
STUDENT_ARN = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/student"


def aws_json(tarn, *args, extra_env=None):
    out = tarn.aws(*args, "--region", "us-east-1", "--output", "json", extra_env=extra_env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else {}


def test_least_privilege_user_through_the_cli(tarn, tmp_path):
    tarn.client("dynamodb").create_table(
        TableName="student", AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"], "Resource": STUDENT_ARN}]}))
    policy = aws_json(tarn, "iam", "create-policy", "--policy-name", "student-app",
                      "--policy-document", f"file://{policy_file}")["Policy"]
    user = aws_json(tarn, "iam", "create-user", "--user-name", "app", "--tags", "Key=project,Value=student")["User"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/app"
    assert user["Tags"] == [{"Key": "project", "Value": "student"}]
    aws_json(tarn, "iam", "attach-user-policy", "--user-name", "app", "--policy-arn", policy["Arn"])
    key = aws_json(tarn, "iam", "create-access-key", "--user-name", "app")["AccessKey"]
    missing = tarn.aws("iam", "get-user", "--user-name", "ghost", "--region", "us-east-1")
    assert missing.returncode != 0
    assert "NoSuchEntity" in missing.stderr and "The user with name ghost cannot be found." in missing.stderr

    app = {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
    aws_json(tarn, "dynamodb", "put-item", "--table-name", "student", "--item", '{"id": {"S": "s1"}}',
             extra_env=app)
    denied = tarn.aws("dynamodb", "delete-table", "--table-name", "student", "--region", "us-east-1",
                      extra_env=app)
    assert denied.returncode != 0
    assert "AccessDeniedException" in denied.stderr
    assert (f"User: {user['Arn']} is not authorized to perform: dynamodb:DeleteTable on resource: "
            f"{STUDENT_ARN} because no identity-based policy allows the dynamodb:DeleteTable action") in denied.stderr

    # Deleting the key locks the user out at once.
    aws_json(tarn, "iam", "delete-access-key", "--user-name", "app", "--access-key-id", key["AccessKeyId"])
    locked = tarn.aws("sts", "get-caller-identity", "--region", "us-east-1", extra_env=app)
    assert locked.returncode != 0 and "InvalidClientTokenId" in locked.stderr
