"""The seed's IAM set-up typed as awscli commands (v2 from Debian, v1 from pip) by the root user,
then DynamoDB and STS as the new user through the CLI: allowed and denied calls, AssumeRole."""
import json

ACCOUNT = "000000000000"
STUDENT_ARN = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/student"


def aws_json(tarn, *args, extra_env=None):
    out = tarn.aws(*args, "--region", "us-east-1", "--output", "json", extra_env=extra_env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else {}


def test_least_privilege_user_through_the_cli(tarn, tmp_path):
    aws_json(tarn, "dynamodb", "create-table", "--table-name", "student", "--attribute-definitions",
             "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH",
             "--billing-mode", "PAY_PER_REQUEST")
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:GetItem"], "Resource": STUDENT_ARN},
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{ACCOUNT}:role/reader"}]}))
    policy = aws_json(tarn, "iam", "create-policy", "--policy-name", "student-app",
                      "--policy-document", f"file://{policy_file}")["Policy"]
    aws_json(tarn, "iam", "create-group", "--group-name", "student-writers")
    aws_json(tarn, "iam", "attach-group-policy", "--group-name", "student-writers", "--policy-arn", policy["Arn"])
    user = aws_json(tarn, "iam", "create-user", "--user-name", "app", "--tags", "Key=project,Value=student")["User"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/app"
    aws_json(tarn, "iam", "add-user-to-group", "--group-name", "student-writers", "--user-name", "app")
    key = aws_json(tarn, "iam", "create-access-key", "--user-name", "app")["AccessKey"]
    attached = aws_json(tarn, "iam", "list-attached-group-policies", "--group-name", "student-writers")
    assert attached["AttachedPolicies"] == [{"PolicyName": "student-app", "PolicyArn": policy["Arn"]}]
    got = aws_json(tarn, "iam", "get-policy-version", "--policy-arn", policy["Arn"], "--version-id", "v1")
    assert got["PolicyVersion"]["Document"]["Statement"][0]["Resource"] == STUDENT_ARN

    missing = tarn.aws("iam", "get-user", "--user-name", "ghost", "--region", "us-east-1")
    assert missing.returncode != 0
    assert "NoSuchEntity" in missing.stderr and "The user with name ghost cannot be found." in missing.stderr

    app = {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
    aws_json(tarn, "dynamodb", "put-item", "--table-name", "student", "--item", '{"id": {"S": "s1"}}',
             extra_env=app)
    assert aws_json(tarn, "sts", "get-caller-identity", extra_env=app)["Arn"] == user["Arn"]
    denied = tarn.aws("dynamodb", "delete-table", "--table-name", "student", "--region", "us-east-1",
                      extra_env=app)
    assert denied.returncode != 0
    assert "AccessDeniedException" in denied.stderr
    assert (f"User: {user['Arn']} is not authorized to perform: dynamodb:DeleteTable on resource: "
            f"{STUDENT_ARN} because no identity-based policy allows the dynamodb:DeleteTable action") in denied.stderr

    # A role the user may assume (its identity policy allows it; the trust policy trusts the account).
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}
    aws_json(tarn, "iam", "create-role", "--role-name", "reader", "--assume-role-policy-document", json.dumps(trust))
    aws_json(tarn, "iam", "attach-role-policy", "--role-name", "reader", "--policy-arn",
             "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess")
    assumed = aws_json(tarn, "sts", "assume-role", "--role-arn", f"arn:aws:iam::{ACCOUNT}:role/reader",
                       "--role-session-name", "cli", "--duration-seconds", "900", extra_env=app)
    creds = assumed["Credentials"]
    session = {"AWS_ACCESS_KEY_ID": creds["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
               "AWS_SESSION_TOKEN": creds["SessionToken"]}
    assert aws_json(tarn, "sts", "get-caller-identity", extra_env=session)["Arn"] == \
        f"arn:aws:sts::{ACCOUNT}:assumed-role/reader/cli"
    item = aws_json(tarn, "dynamodb", "get-item", "--table-name", "student", "--key", '{"id": {"S": "s1"}}',
                    extra_env=session)
    assert item["Item"]["id"]["S"] == "s1"
    put = tarn.aws("dynamodb", "put-item", "--table-name", "student", "--item", '{"id": {"S": "s2"}}',
                   "--region", "us-east-1", extra_env=session)
    assert put.returncode != 0 and "AccessDeniedException" in put.stderr

    # Deleting the key locks the user out at once.
    aws_json(tarn, "iam", "delete-access-key", "--user-name", "app", "--access-key-id", key["AccessKeyId"])
    locked = tarn.aws("sts", "get-caller-identity", "--region", "us-east-1", extra_env=app)
    assert locked.returncode != 0 and "InvalidClientTokenId" in locked.stderr
