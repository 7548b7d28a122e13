"""Attribute-based access control: aws:RequestTag/<key>, aws:TagKeys and aws:ResourceTag/<key> reach
policy conditions from DynamoDB, IAM, CloudWatch Logs and Lambda requests.
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html"""
import json

import botocore.exceptions
import pytest

ACCOUNT = "000000000000"


def error_code(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    return e.value.response["Error"]["Code"]


@pytest.fixture
def user(tarn):
    """A user whose only policy is `document`; returns a client factory acting as that user."""
    iam = tarn.client("iam")
    iam.create_user(UserName="abac")
    key = iam.create_access_key(UserName="abac")["AccessKey"]

    def set_policy(document):
        iam.put_user_policy(UserName="abac", PolicyName="p", PolicyDocument=json.dumps(document))

    def client(service):
        return tarn.client(service, aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])
    return set_policy, client


def allow(actions, resource="*", condition=None):
    statement = {"Effect": "Allow", "Action": actions, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


TABLE_SPEC = dict(AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                  KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")


def test_dynamodb_resource_tags_decide_item_access(tarn, user):
    set_policy, client = user
    root = tarn.client("dynamodb")
    root.create_table(TableName="dev-table", Tags=[{"Key": "env", "Value": "dev"}], **TABLE_SPEC)
    root.create_table(TableName="prod-table", Tags=[{"Key": "env", "Value": "prod"}], **TABLE_SPEC)
    root.create_table(TableName="untagged", **TABLE_SPEC)
    set_policy(allow(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:BatchWriteItem"],
                     condition={"StringEquals": {"aws:ResourceTag/env": "dev"}}))
    ddb = client("dynamodb")
    ddb.put_item(TableName="dev-table", Item={"id": {"S": "1"}})
    assert ddb.get_item(TableName="dev-table", Key={"id": {"S": "1"}})["Item"]["id"]["S"] == "1"
    assert error_code(ddb.put_item, TableName="prod-table", Item={"id": {"S": "1"}}) == "AccessDeniedException"
    assert error_code(ddb.put_item, TableName="untagged", Item={"id": {"S": "1"}}) == "AccessDeniedException"
    # A batch is checked table by table, each with its own tags.
    ddb.batch_write_item(RequestItems={"dev-table": [{"PutRequest": {"Item": {"id": {"S": "2"}}}}]})
    assert error_code(ddb.batch_write_item, RequestItems={
        "dev-table": [{"PutRequest": {"Item": {"id": {"S": "3"}}}}],
        "prod-table": [{"PutRequest": {"Item": {"id": {"S": "3"}}}}]}) == "AccessDeniedException"
    # Tags changed by the owner apply to the next request.
    arn = root.describe_table(TableName="prod-table")["Table"]["TableArn"]
    root.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}])
    ddb.put_item(TableName="prod-table", Item={"id": {"S": "1"}})


def test_dynamodb_request_tags_and_tag_keys(tarn, user):
    set_policy, client = user
    set_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["dynamodb:CreateTable", "dynamodb:TagResource"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/team": "data"},
                       "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}},
        {"Effect": "Allow", "Action": "dynamodb:UntagResource", "Resource": "*",
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}}]})
    ddb = client("dynamodb")
    assert error_code(ddb.create_table, TableName="team-table", **TABLE_SPEC) == "AccessDeniedException"
    assert error_code(ddb.create_table, TableName="team-table", Tags=[{"Key": "team", "Value": "web"}],
                      **TABLE_SPEC) == "AccessDeniedException"
    assert error_code(ddb.create_table, TableName="team-table", Tags=[
        {"Key": "team", "Value": "data"}, {"Key": "owner", "Value": "x"}], **TABLE_SPEC) == "AccessDeniedException"
    arn = ddb.create_table(TableName="team-table", Tags=[{"Key": "team", "Value": "data"}, {"Key": "env", "Value": "a"}],
                           **TABLE_SPEC)["TableDescription"]["TableArn"]
    ddb.untag_resource(ResourceArn=arn, TagKeys=["env"])
    assert error_code(ddb.untag_resource, ResourceArn=arn, TagKeys=["team"]) == "AccessDeniedException"


def test_iam_resource_and_request_tags(tarn, user):
    set_policy, client = user
    root = tarn.client("iam")
    root.create_user(UserName="intern", Tags=[{"Key": "level", "Value": "junior"}])
    root.create_user(UserName="boss", Tags=[{"Key": "level", "Value": "senior"}])
    set_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:GetUser", "iam:TagUser"], "Resource": "*",
         "Condition": {"StringEquals": {"iam:ResourceTag/level": "junior"}}},
        {"Effect": "Deny", "Action": "iam:TagUser", "Resource": "*",
         "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["level"]}}},
        {"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/owner": "${aws:username}"}}}]})
    iam = client("iam")
    assert iam.get_user(UserName="intern")["User"]["UserName"] == "intern"
    assert error_code(iam.get_user, UserName="boss") == "AccessDenied"
    iam.tag_user(UserName="intern", Tags=[{"Key": "team", "Value": "a"}])
    assert error_code(iam.tag_user, UserName="intern", Tags=[{"Key": "level", "Value": "senior"}]) == "AccessDenied"
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                                "Principal": {"AWS": ACCOUNT}}]})
    assert error_code(iam.create_role, RoleName="r", AssumeRolePolicyDocument=trust) == "AccessDenied"
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust, Tags=[{"Key": "owner", "Value": "abac"}])


def test_logs_group_tags(tarn, user):
    set_policy, client = user
    root = tarn.client("logs")
    root.create_log_group(logGroupName="/app/dev", tags={"env": "dev"})
    root.create_log_group(logGroupName="/app/prod", tags={"env": "prod"})
    set_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "logs:CreateLogStream", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}},
        {"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*",
         "Condition": {"Null": {"aws:RequestTag/env": "false"}}}]})
    logs = client("logs")
    logs.create_log_stream(logGroupName="/app/dev", logStreamName="s")
    assert error_code(logs.create_log_stream, logGroupName="/app/prod", logStreamName="s") == "AccessDeniedException"
    assert error_code(logs.create_log_group, logGroupName="/app/new") == "AccessDeniedException"
    logs.create_log_group(logGroupName="/app/new", tags={"env": "test"})


def test_lambda_function_tags(tarn, user):
    import io
    import zipfile
    set_policy, client = user
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return event\n")
    root = tarn.client("lambda")
    role = tarn.lambda_role("fn")
    for name, env in (("dev-fn", "dev"), ("prod-fn", "prod")):
        root.create_function(FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler",
                             Code={"ZipFile": buf.getvalue()}, Tags={"env": env})
    set_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "lambda:GetFunctionConfiguration", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}},
        {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*",
         "Condition": {"StringEquals": {"aws:RequestTag/env": "dev"}}},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role}]})
    lam = client("lambda")
    assert lam.get_function_configuration(FunctionName="dev-fn")["FunctionName"] == "dev-fn"
    assert error_code(lam.get_function_configuration, FunctionName="prod-fn") == "AccessDeniedException"
    assert error_code(lam.create_function, FunctionName="new-fn", Runtime="python3.11", Role=role,
                      Handler="app.handler", Code={"ZipFile": buf.getvalue()}) == "AccessDeniedException"
    lam.create_function(FunctionName="new-fn", Runtime="python3.11", Role=role, Handler="app.handler",
                        Code={"ZipFile": buf.getvalue()}, Tags={"env": "dev"})
    # Without iam:PassRole on the role, no function gets it.
    assert error_code(lam.create_function, FunctionName="other-fn", Runtime="python3.11",
                      Role="arn:aws:iam::000000000000:role/admin", Handler="app.handler",
                      Code={"ZipFile": buf.getvalue()}, Tags={"env": "dev"}) == "AccessDeniedException"


def test_lambda_qualified_resources(tarn, user):
    """A policy on the function ARN covers the function itself; its versions and aliases are
    resources of their own (function:f:live), reached with a qualified ARN or a wildcard."""
    import io
    import zipfile
    set_policy, client = user
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return event\n")
    root = tarn.client("lambda")
    root.create_function(FunctionName="qual", Runtime="python3.11", Role=tarn.lambda_role("fn"),
                         Handler="app.handler", Code={"ZipFile": buf.getvalue()}, Publish=True)
    root.create_alias(FunctionName="qual", Name="live", FunctionVersion="1")
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:qual"
    set_policy(allow("lambda:GetFunctionConfiguration", arn))
    lam = client("lambda")
    assert lam.get_function_configuration(FunctionName="qual")["Version"] == "$LATEST"
    assert error_code(lam.get_function_configuration, FunctionName="qual:live") == "AccessDeniedException"
    assert error_code(lam.get_function_configuration, FunctionName="qual", Qualifier="1") == "AccessDeniedException"
    set_policy(allow("lambda:GetFunctionConfiguration", arn + ":live"))
    assert lam.get_function_configuration(FunctionName="qual", Qualifier="live")["Version"] == "1"
    assert error_code(lam.get_function_configuration, FunctionName="qual") == "AccessDeniedException"
    set_policy(allow("lambda:GetFunctionConfiguration", arn + "*"))
    assert lam.get_function_configuration(FunctionName="qual:1")["Version"] == "1"
    assert lam.get_function_configuration(FunctionName="qual")["Version"] == "$LATEST"
