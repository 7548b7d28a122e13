"""Lambda versions and aliases with boto3 and the awscli: PublishVersion (also through Publish on
create/update), versions that keep running their own code and configuration, ListVersionsByFunction
and ListAliases paging, aliases with weighted routing, qualifiers on Invoke/GetFunction/DeleteFunction,
event source mappings on an alias, and the exact errors."""
import base64
import io
import json
import subprocess
import time
import zipfile

import botocore.exceptions
import pytest

from client_errors import error_of as call_error
from conftest import AWS_CLI, Tarn

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"

APP = '''
import json, os

import boto3


def which(event, context):
    print("release", RELEASE)
    return {"release": RELEASE, "version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"],
            "invoked": context.invoked_function_arn, "color": os.environ.get("COLOR")}


def put(event, context):
    boto3.client("s3").put_object(Bucket=event["bucket"], Key=event["key"] + "-" + RELEASE, Body=b"x")
    return "ok"


def boom(event, context):
    raise ValueError("boom " + str(event.get("n")))


def keep(event, context):
    # An asynchronous invocation record, kept in S3 under its condition.
    ctx = event["requestContext"]
    boto3.client("s3").put_object(Bucket="records", Key=ctx["condition"] + "/" + ctx["requestId"],
                                  Body=json.dumps(event).encode())
'''


def package(release):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", f"RELEASE = {release!r}\n" + APP)
    return buf.getvalue()


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def invoke(lam, name, **kwargs):
    r = lam.invoke(FunctionName=name, Payload=b"{}", **kwargs)
    assert "FunctionError" not in r, r["Payload"].read()
    return r, json.loads(r["Payload"].read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Failed Event invocations are retried after 300 ms and 600 ms instead of Lambda's 1 and 2 minutes.
    t = Tarn(tmp_path_factory.mktemp("lambda-versions") / "data").start("--lambda-async-retry-delay-ms", "300")
    t.lambda_role()
    yield t
    t.stop()
    out = t.output()
    assert "AddressSanitizer" not in out and "runtime error:" not in out, out


def test_versions_keep_their_code_and_configuration(server):
    lam = server.client("lambda")
    lam.create_function(FunctionName="rel", Runtime="python3.11", Role=ROLE, Handler="app.which",
                        Code={"ZipFile": package("one")}, Environment={"Variables": {"COLOR": "red"}})
    v1 = lam.publish_version(FunctionName="rel", Description="first")
    assert v1["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert v1["Version"] == "1" and v1["FunctionArn"] == ARN + "rel:1" and v1["Description"] == "first"
    # Unchanged since version 1: publishing again answers with version 1.
    assert lam.publish_version(FunctionName="rel")["Version"] == "1"

    lam.update_function_configuration(FunctionName="rel", Environment={"Variables": {"COLOR": "blue"}})
    lam.get_waiter("function_updated_v2").wait(FunctionName="rel", WaiterConfig={"Delay": 1})
    v2 = lam.update_function_code(FunctionName="rel", ZipFile=package("two"), Publish=True)
    assert v2["Version"] == "2" and v2["FunctionArn"] == ARN + "rel:2"

    r, out = invoke(lam, "rel", Qualifier="1", LogType="Tail")
    assert r["ExecutedVersion"] == "1"
    assert out == {"release": "one", "version": "1", "invoked": ARN + "rel:1", "color": "red"}
    assert base64.b64decode(r["LogResult"]).decode().startswith("START RequestId: ")
    assert " Version: 1\n" in base64.b64decode(r["LogResult"]).decode()
    r, out = invoke(lam, "rel:2")
    assert r["ExecutedVersion"] == "2" and out["release"] == "two" and out["color"] == "blue"
    r, out = invoke(lam, "rel")
    assert r["ExecutedVersion"] == "$LATEST" and out["release"] == "two" and out["version"] == "$LATEST"
    assert out["invoked"] == ARN + "rel"

    # Changing $LATEST leaves the versions alone.
    lam.update_function_code(FunctionName="rel", ZipFile=package("three"))
    lam.get_waiter("function_updated_v2").wait(FunctionName="rel", WaiterConfig={"Delay": 1})
    assert invoke(lam, "rel:2")[1]["release"] == "two"
    assert invoke(lam, "rel")[1]["release"] == "three"

    got = lam.get_function(FunctionName="rel", Qualifier="1")
    assert got["Configuration"]["Version"] == "1" and got["Configuration"]["FunctionArn"] == ARN + "rel:1"
    assert got["Configuration"]["Environment"]["Variables"] == {"COLOR": "red"}
    assert lam.get_function_configuration(FunctionName=ARN + "rel:$LATEST")["FunctionArn"] == ARN + "rel:$LATEST"

    pages = lam.get_paginator("list_versions_by_function").paginate(FunctionName="rel",
                                                                    PaginationConfig={"PageSize": 2})
    versions = [v["Version"] for page in pages for v in page["Versions"]]
    assert versions == ["$LATEST", "1", "2"]
    everything = [f["FunctionArn"] for page in lam.get_paginator("list_functions").paginate(FunctionVersion="ALL")
                  for f in page["Functions"] if f["FunctionName"] == "rel"]
    assert everything == [ARN + "rel:$LATEST", ARN + "rel:1", ARN + "rel:2"]

    # The function's log stream names the version that wrote it.
    logs = server.client("logs")
    deadline = time.time() + 10
    streams = []
    while time.time() < deadline:
        streams = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/aws/lambda/rel")["logStreams"]]
        if any("[1]" in s for s in streams) and any("[2]" in s for s in streams):
            break
        time.sleep(0.2)
    assert any("[1]" in s for s in streams) and any("[2]" in s for s in streams), streams

    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.publish_version(FunctionName="rel", CodeSha256="bogus")
    assert error_of(e)[0] == "InvalidParameterValueException"
    assert error_of(e)[1].startswith("CodeSHA256 (bogus) is different from current CodeSHA256 in $LATEST (")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.publish_version(FunctionName="rel", RevisionId="00000000-0000-0000-0000-000000000000")
    assert error_of(e)[0] == "PreconditionFailedException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.invoke(FunctionName="rel", Qualifier="9", Payload=b"{}")
    assert error_of(e) == ("ResourceNotFoundException", "Function not found: " + ARN + "rel:9")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_function(FunctionName="rel:1", Qualifier="2")
    assert error_of(e)[0] == "InvalidParameterValueException"

    lam.delete_function(FunctionName="rel", Qualifier="1")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.invoke(FunctionName="rel", Qualifier="1", Payload=b"{}")
    assert error_of(e)[0] == "ResourceNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.delete_function(FunctionName="rel", Qualifier="$LATEST")
    assert error_of(e) == ("InvalidParameterValueException",
                           "$LATEST version cannot be deleted without deleting the function.")
    # Numbers are not reused.
    assert lam.publish_version(FunctionName="rel")["Version"] == "3"


def test_aliases_route_invocations(server):
    lam = server.client("lambda")
    lam.create_function(FunctionName="al", Runtime="python3.11", Role=ROLE, Handler="app.which",
                        Code={"ZipFile": package("one")}, Publish=True)
    lam.update_function_code(FunctionName="al", ZipFile=package("two"), Publish=True)
    live = lam.create_alias(FunctionName="al", Name="live", FunctionVersion="1", Description="prod")
    assert live["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert live["AliasArn"] == ARN + "al:live" and live["FunctionVersion"] == "1" and live["Description"] == "prod"
    assert "RoutingConfig" not in live
    r, out = invoke(lam, "al", Qualifier="live")
    assert r["ExecutedVersion"] == "1" and out["release"] == "one" and out["invoked"] == ARN + "al:live"

    moved = lam.update_alias(FunctionName="al", Name="live", FunctionVersion="2", RevisionId=live["RevisionId"])
    assert moved["FunctionVersion"] == "2" and moved["RevisionId"] != live["RevisionId"]
    assert invoke(lam, ARN + "al:live")[1]["release"] == "two"
    got = lam.get_function(FunctionName="al", Qualifier="live")["Configuration"]
    assert got["FunctionArn"] == ARN + "al:live" and got["Version"] == "2"

    # Half of the invocations go to version 1.
    shifted = lam.update_alias(FunctionName="al", Name="live",
                               RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}})
    assert shifted["RoutingConfig"] == {"AdditionalVersionWeights": {"1": 0.5}}
    executed = {invoke(lam, "al", Qualifier="live")[0]["ExecutedVersion"] for _ in range(40)}
    assert executed == {"1", "2"}

    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_alias(FunctionName="al", Name="live", FunctionVersion="1")
    assert error_of(e) == ("ResourceConflictException", "Alias already exists: " + ARN + "al:live")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_alias(FunctionName="al", Name="nope")
    assert error_of(e) == ("ResourceNotFoundException", "Cannot find alias arn: " + ARN + "al:nope")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_alias(FunctionName="al", Name="v9", FunctionVersion="9")
    assert error_of(e) == ("ResourceNotFoundException", "Function not found: " + ARN + "al:9")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_alias(FunctionName="al", Name="123", FunctionVersion="1")
    assert error_of(e)[0] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.update_alias(FunctionName="al", Name="live", RevisionId="stale")
    assert error_of(e)[0] == "PreconditionFailedException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.delete_function(FunctionName="al", Qualifier="1")
    assert error_of(e) == ("ResourceConflictException",
                           "Unable to delete version because the following aliases reference it: [live]")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.invoke(FunctionName="al", Qualifier="gone", Payload=b"{}")
    assert error_of(e) == ("ResourceNotFoundException", "Function not found: " + ARN + "al:gone")

    for name in ("a1", "a2", "a3"):
        lam.create_alias(FunctionName="al", Name=name, FunctionVersion="$LATEST")
    pages = lam.get_paginator("list_aliases").paginate(FunctionName="al", PaginationConfig={"PageSize": 2})
    assert [a["Name"] for page in pages for a in page["Aliases"]] == ["a1", "a2", "a3", "live"]
    assert [a["Name"] for a in lam.list_aliases(FunctionName="al", FunctionVersion="2")["Aliases"]] == ["live"]
    lam.delete_alias(FunctionName="al", Name="a1")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_alias(FunctionName="al", Name="a1")
    assert error_of(e)[0] == "ResourceNotFoundException"

    # An Event invocation through the alias runs the alias's version.
    s3 = server.client("s3")
    s3.create_bucket(Bucket="alias-out")
    lam.create_function(FunctionName="alw", Runtime="python3.11", Role=ROLE, Handler="app.put",
                        Code={"ZipFile": package("old")}, Publish=True)
    lam.update_function_code(FunctionName="alw", ZipFile=package("new"))
    lam.create_alias(FunctionName="alw", Name="stable", FunctionVersion="1")
    r = lam.invoke(FunctionName="alw:stable", InvocationType="Event",
                   Payload=json.dumps({"bucket": "alias-out", "key": "k"}).encode())
    assert r["StatusCode"] == 202
    deadline = time.time() + 30
    keys = []
    while time.time() < deadline and not keys:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="alias-out").get("Contents", [])]
        time.sleep(0.2)
    assert keys == ["k-old"]

    # Deleting the function removes its versions and aliases.
    lam.delete_function(FunctionName="al")
    lam.create_function(FunctionName="al", Runtime="python3.11", Role=ROLE, Handler="app.which",
                        Code={"ZipFile": package("fresh")})
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="al")["Versions"]] == ["$LATEST"]
    assert lam.list_aliases(FunctionName="al")["Aliases"] == []


def test_event_source_mapping_on_an_alias(server):
    lam = server.client("lambda")
    ddb = server.client("dynamodb")
    ddb.create_table(TableName="esm-alias", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST",
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    stream = ddb.describe_table(TableName="esm-alias")["Table"]["LatestStreamArn"]
    lam.create_function(FunctionName="esmf", Runtime="python3.11", Role=ROLE, Handler="app.which",
                        Code={"ZipFile": package("one")}, Publish=True)
    lam.create_alias(FunctionName="esmf", Name="live", FunctionVersion="1")
    m = lam.create_event_source_mapping(FunctionName="esmf:live", EventSourceArn=stream,
                                        StartingPosition="TRIM_HORIZON")
    assert m["FunctionArn"] == ARN + "esmf:live"
    assert lam.get_event_source_mapping(UUID=m["UUID"])["FunctionArn"] == ARN + "esmf:live"
    ddb.put_item(TableName="esm-alias", Item={"id": {"S": "1"}})
    logs = server.client("logs")
    deadline = time.time() + 20
    streams = []
    while time.time() < deadline:
        try:
            streams = [s["logStreamName"]
                       for s in logs.describe_log_streams(logGroupName="/aws/lambda/esmf")["logStreams"]]
        except logs.exceptions.ResourceNotFoundException:
            streams = []  # the first invocation has not written yet
        if streams:
            break
        time.sleep(0.2)
    assert streams and all("[1]" in s for s in streams), streams
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.create_event_source_mapping(FunctionName="esmf:nope", EventSourceArn=stream,
                                        StartingPosition="LATEST")
    # AWS's answer for a missing function (LocalStack's test_event_source_mapping_exceptions).
    assert error_of(e) == ("InvalidParameterValueException", "Function does not exist")
    lam.delete_event_source_mapping(UUID=m["UUID"])


def test_awscli_publish_alias_invoke(server, tmp_path):
    zip_path = tmp_path / "app.zip"
    zip_path.write_bytes(package("cli"))
    assert server.aws("lambda", "create-function", "--function-name", "clif", "--runtime", "python3.11",
                      "--role", ROLE, "--handler", "app.which", "--zip-file", f"fileb://{zip_path}").returncode == 0
    p = server.aws("lambda", "publish-version", "--function-name", "clif", "--description", "v1")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["Version"] == "1"
    p = server.aws("lambda", "create-alias", "--function-name", "clif", "--name", "prod", "--function-version", "1")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["AliasArn"] == ARN + "clif:prod"
    out = tmp_path / "out.json"
    args = ["lambda", "invoke", "--function-name", "clif", "--qualifier", "prod", str(out)]
    if subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True).stdout.startswith("aws-cli/2"):
        args[1:1] = ["--cli-binary-format", "raw-in-base64-out"]
    p = server.aws(*args)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["ExecutedVersion"] == "1"
    assert json.loads(out.read_text())["invoked"] == ARN + "clif:prod"
    p = server.aws("lambda", "list-aliases", "--function-name", "clif")
    assert p.returncode == 0 and [a["Name"] for a in json.loads(p.stdout)["Aliases"]] == ["prod"]
    p = server.aws("lambda", "delete-function", "--function-name", "clif", "--qualifier", "1")
    assert p.returncode != 0 and "ResourceConflictException" in p.stderr


def test_permissions_and_account_settings(server):
    lam = server.client("lambda")
    lam.create_function(FunctionName="perm", Runtime="python3.11", Role=ROLE, Handler="app.which",
                        Code={"ZipFile": package("p")})
    added = lam.add_permission(FunctionName="perm", StatementId="from-events", Action="lambda:InvokeFunction",
                               Principal="events.amazonaws.com",
                               SourceArn="arn:aws:events:us-east-1:000000000000:rule/nightly")
    assert added["ResponseMetadata"]["HTTPStatusCode"] == 201
    statement = json.loads(added["Statement"])
    assert statement["Principal"] == {"Service": "events.amazonaws.com"} and statement["Resource"] == ARN + "perm"
    assert statement["Condition"] == {"ArnLike": {"AWS:SourceArn": "arn:aws:events:us-east-1:000000000000:rule/nightly"}}
    policy = lam.get_policy(FunctionName="perm")
    assert [s["Sid"] for s in json.loads(policy["Policy"])["Statement"]] == ["from-events"]
    assert policy["RevisionId"] == lam.get_function(FunctionName="perm")["Configuration"]["RevisionId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.add_permission(FunctionName="perm", StatementId="from-events", Action="lambda:InvokeFunction",
                           Principal="sns.amazonaws.com")
    assert error_of(e)[0] == "ResourceConflictException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.add_permission(FunctionName="perm", StatementId="bad id!", Action="lambda:InvokeFunction",
                           Principal="sns.amazonaws.com")
    assert error_of(e)[0] == "ValidationException"
    lam.remove_permission(FunctionName="perm", StatementId="from-events")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_policy(FunctionName="perm")
    assert error_of(e) == ("ResourceNotFoundException", "The resource you requested does not exist.")
    p = server.aws("lambda", "add-permission", "--function-name", "perm", "--statement-id", "cli",
                   "--action", "lambda:InvokeFunction", "--principal", "s3.amazonaws.com")
    assert p.returncode == 0, p.stderr
    assert json.loads(json.loads(p.stdout)["Statement"])["Sid"] == "cli"
    settings = lam.get_account_settings()
    assert settings["AccountUsage"]["FunctionCount"] >= 1
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 1000


def wait_for_keys(s3, bucket, count, timeout=30):
    deadline = time.time() + timeout
    keys = []
    while time.time() < deadline:
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        if len(keys) >= count:
            break
        time.sleep(0.2)
    return keys


def test_event_invoke_config_retries_and_destinations(server):
    lam = server.client("lambda")
    s3 = server.client("s3")
    s3.create_bucket(Bucket="records")
    for name, handler in (("flaky", "app.boom"), ("fine", "app.which"), ("recorder", "app.keep")):
        lam.create_function(FunctionName=name, Runtime="python3.11", Role=ROLE, Handler=handler,
                            Code={"ZipFile": package(name)})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.get_function_event_invoke_config(FunctionName="flaky")
    assert error_of(e) == ("ResourceNotFoundException",
                           f"The function {ARN}flaky:$LATEST doesn't have an EventInvokeConfig")
    config = lam.put_function_event_invoke_config(
        FunctionName="flaky", MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": ARN + "recorder"}})
    assert config["FunctionArn"] == ARN + "flaky:$LATEST" and config["MaximumRetryAttempts"] == 1
    assert config["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {"Destination": ARN + "recorder"}}
    merged = lam.update_function_event_invoke_config(FunctionName="flaky", MaximumEventAgeInSeconds=600)
    assert merged["MaximumRetryAttempts"] == 1 and merged["MaximumEventAgeInSeconds"] == 600
    assert merged["DestinationConfig"]["OnFailure"] == {"Destination": ARN + "recorder"}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.put_function_event_invoke_config(FunctionName="flaky", MaximumRetryAttempts=3)
    assert error_of(e)[0] == "ValidationException"
    lam.put_function_event_invoke_config(FunctionName="fine", MaximumRetryAttempts=0,
                                         DestinationConfig={"OnSuccess": {"Destination": ARN + "recorder"}})
    listed = lam.list_function_event_invoke_configs(FunctionName="flaky")["FunctionEventInvokeConfigs"]
    assert [c["FunctionArn"] for c in listed] == [ARN + "flaky:$LATEST"]

    lam.invoke(FunctionName="flaky", InvocationType="Event", Payload=json.dumps({"n": 7}).encode())
    lam.invoke(FunctionName="fine", InvocationType="Event", Payload=json.dumps({"ok": True}).encode())
    keys = wait_for_keys(s3, "records", 2)
    assert sorted(k.split("/")[0] for k in keys) == ["RetriesExhausted", "Success"], keys
    failed = json.loads(s3.get_object(Bucket="records", Key=[k for k in keys if k.startswith("Retries")][0])["Body"].read())
    assert failed["version"] == "1.0"
    assert failed["requestContext"]["functionArn"] == ARN + "flaky:$LATEST"
    assert failed["requestContext"]["approximateInvokeCount"] == 2  # the first attempt and one retry
    assert failed["requestPayload"] == {"n": 7}
    assert failed["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST",
                                         "functionError": "Unhandled"}
    assert failed["responsePayload"]["errorMessage"] == "boom 7"
    ok = json.loads(s3.get_object(Bucket="records", Key=[k for k in keys if k.startswith("Success")][0])["Body"].read())
    assert ok["requestContext"]["approximateInvokeCount"] == 1 and ok["responsePayload"]["release"] == "fine"
    # Each attempt ran the function: two START lines for the failed invocation.
    logs = server.client("logs")
    starts = logs.filter_log_events(logGroupName="/aws/lambda/flaky", filterPattern="START")["events"]
    assert len(starts) == 2

    lam.delete_function_event_invoke_config(FunctionName="flaky")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        lam.delete_function_event_invoke_config(FunctionName="flaky")
    assert error_of(e)[0] == "ResourceNotFoundException"


ROLE_APP = '''
import os

import boto3


def who(event, context):
    arn = boto3.client("sts").get_caller_identity()["Arn"]
    try:
        boto3.client("s3").put_object(Bucket=event["bucket"], Key="by-role", Body=b"x")
        wrote = "yes"
    except Exception as e:
        wrote = type(e).__name__ + ": " + str(e)
    return {"arn": arn, "session": bool(os.environ.get("AWS_SESSION_TOKEN")), "wrote": wrote}
'''


def test_functions_run_as_their_execution_role(server):
    iam = server.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    for name, actions in (("writer-role", ["s3:PutObject"]), ("reader-role", ["s3:GetObject"])):
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"},
                                                    {"Effect": "Allow", "Action": "sts:GetCallerIdentity",
                                                     "Resource": "*"}]}))
    server.client("s3").create_bucket(Bucket="role-out")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", ROLE_APP)
    lam = server.client("lambda")
    for fn, role in (("as-writer", "writer-role"), ("as-reader", "reader-role")):
        lam.create_function(FunctionName=fn, Runtime="python3.11", Role=f"arn:aws:iam::000000000000:role/{role}",
                            Handler="app.who", Code={"ZipFile": buf.getvalue()})
    # The role's session is named after the function, as Lambda names it.
    _, out = invoke_with(lam, "as-writer", {"bucket": "role-out"})
    assert out["arn"] == "arn:aws:sts::000000000000:assumed-role/writer-role/as-writer", out
    assert out["session"] is True and out["wrote"] == "yes", out
    _, out = invoke_with(lam, "as-reader", {"bucket": "role-out"})
    assert out["arn"] == "arn:aws:sts::000000000000:assumed-role/reader-role/as-reader", out
    assert "AccessDenied" in out["wrote"], out


def test_a_role_lambda_cannot_assume_is_refused(server):
    # CreateFunction proves the role can be assumed: a missing role, or one whose trust policy names
    # another service, is InvalidParameterValueException; a function never runs with other credentials.
    iam, lam = server.client("iam"), server.client("lambda")
    ec2_trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    ec2_role = iam.create_role(RoleName="ec2-only", AssumeRolePolicyDocument=json.dumps(ec2_trust))["Role"]["Arn"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", ROLE_APP)
    refused = (400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.")
    for role in (ec2_role, "arn:aws:iam::000000000000:role/no-such-role"):
        assert call_error(lam.create_function, FunctionName="unassumable", Runtime="python3.11", Role=role,
                        Handler="app.who", Code={"ZipFile": buf.getvalue()}) == refused
    assert call_error(lam.get_function, FunctionName="unassumable")[1] == "ResourceNotFoundException"
    # UpdateFunctionConfiguration judges a new role the same way and keeps the old one.
    lam.create_function(FunctionName="keeps-role", Runtime="python3.11", Role=server.lambda_role(),
                        Handler="app.who", Code={"ZipFile": buf.getvalue()})
    lam.get_waiter("function_active_v2").wait(FunctionName="keeps-role", WaiterConfig={"Delay": 1})
    assert call_error(lam.update_function_configuration, FunctionName="keeps-role", Role=ec2_role) == refused
    assert lam.get_function_configuration(FunctionName="keeps-role")["Role"] == server.lambda_role()
    # A role that stops trusting Lambda after the function was created: its invocations are refused.
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="revoked", AssumeRolePolicyDocument=json.dumps(trust))
    lam.create_function(FunctionName="revoked-fn", Runtime="python3.11",
                        Role="arn:aws:iam::000000000000:role/revoked", Handler="app.who",
                        Code={"ZipFile": buf.getvalue()})
    lam.get_waiter("function_active_v2").wait(FunctionName="revoked-fn", WaiterConfig={"Delay": 1})
    iam.update_assume_role_policy(RoleName="revoked", PolicyDocument=json.dumps(ec2_trust))
    assert call_error(lam.invoke, FunctionName="revoked-fn", Payload=b"{}") == refused


def invoke_with(lam, name, payload):
    r = lam.invoke(FunctionName=name, Payload=json.dumps(payload).encode())
    body = r["Payload"].read()
    assert "FunctionError" not in r, body
    return r, json.loads(body)
