"""STS, IAM and CloudWatch Logs answers recorded on AWS by LocalStack's validated test_sts.py and
test_logs_*.py that tarn once gave differently: a RoleArn that is no ARN is "<arn> is invalid"; session
tag keys are case-insensitive and a transitive key must be among them; CreateRole's answer leaves out
the default MaxSessionDuration; DescribeLogStreams with both a name and an identifier is a
ValidationException; a group found by pattern is described without storedBytes and
deletionProtectionEnabled."""
import json


from test_assume_role import make_dev
from client_errors import error_of


def test_role_arns_that_are_no_arns(tarn):
    # test_sts_invalid_parameters.
    sts = make_dev(tarn)
    for arn in ("nothing-valid-in-here", "arn::b:::something/test-role", "arn:a::::something/test-role",
                "arn:a:::something/test-role", "arn:a:a::aaaaaaaaaa:"):
        assert error_of(sts.assume_role, RoleArn=arn, RoleSessionName="session1") == (
            400, "ValidationError", arn + " is invalid")


def test_session_tag_keys(tarn):
    # test_assume_role_tag_validation.
    sts = make_dev(tarn)
    role = "arn:aws:iam::000000000000:role/writer"
    assert error_of(sts.assume_role, RoleArn=role, RoleSessionName="session1",
                    Tags=[{"Key": "SessionTag1", "Value": "v"}], TransitiveTagKeys=["InvalidKey"]) == (
        400, "InvalidParameterValue", "The specified transitive tag key must be included in the requested tags.")
    assert error_of(sts.assume_role, RoleArn=role, RoleSessionName="session1",
                    Tags=[{"Key": "SessionTag1", "Value": "v"}, {"Key": "sessiontag1", "Value": "w"}]) == (
        400, "InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")


def test_create_role_answer(tarn):
    iam = tarn.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    created = iam.create_role(RoleName="plain", AssumeRolePolicyDocument=trust)["Role"]
    assert sorted(created) == ["Arn", "AssumeRolePolicyDocument", "CreateDate", "Path", "RoleId", "RoleName"]
    assert iam.get_role(RoleName="plain")["Role"]["MaxSessionDuration"] == 3600
    longer = iam.create_role(RoleName="longer", AssumeRolePolicyDocument=trust, MaxSessionDuration=7200)["Role"]
    assert longer["MaxSessionDuration"] == 7200


def test_log_group_name_and_identifier(tarn):
    logs = tarn.client("logs")
    logs.create_log_group(logGroupName="test-log-group-abc123")
    # test_describe_log_streams_with_log_group_identifier: both names is a ValidationException.
    raw = []
    logs.meta.events.register("after-call.cloudwatch-logs.DescribeLogGroups",
                              lambda http_response, **_: raw.append(json.loads(http_response.content)))
    by_prefix = logs.describe_log_groups(logGroupNamePrefix="test-log-group-")
    by_pattern = logs.describe_log_groups(logGroupNamePattern="abc123")
    assert [g["logGroupName"] for g in by_pattern["logGroups"]] == ["test-log-group-abc123"]
    assert "storedBytes" in raw[0]["logGroups"][0] and "deletionProtectionEnabled" in raw[0]["logGroups"][0]
    assert "storedBytes" not in raw[1]["logGroups"][0] and "deletionProtectionEnabled" not in raw[1]["logGroups"][0]
    assert by_prefix["logGroups"][0]["logGroupName"] == "test-log-group-abc123"
    # DescribeLogStreams with both: this botocore may not know logGroupIdentifier; skip if so.
    shape = logs.meta.service_model.operation_model("DescribeLogStreams").input_shape
    if "logGroupIdentifier" in shape.members:
        assert error_of(logs.describe_log_streams, logGroupName="test-log-group-abc123",
                        logGroupIdentifier="test-log-group-abc123") == (
            400, "ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
