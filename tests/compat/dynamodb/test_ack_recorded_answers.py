"""DynamoDB answers the ACK controller's probes of DynamoDB recorded (aws-controllers-k8s/dynamodb-controller
docs/api-quirks, verified 2026-10) and tarn once gave differently: what the tagging operations and the
table operations answer for ARNs of other forms, regions and accounts."""
import botocore.config
import botocore.exceptions
import pytest


@pytest.fixture
def ddb(tarn):
    # Client-side validation off, so that the service's own answer is what the test sees.
    client = tarn.client("dynamodb", config=botocore.config.Config(parameter_validation=False,
                                                                  retries={"max_attempts": 0}))
    client.create_table(TableName="arns", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}])
    client.get_waiter("table_exists").wait(TableName="arns")
    return client


def error(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def other(arn, field, value):
    parts = arn.split(":", 5)
    parts[{"partition": 1, "region": 3, "account": 4}[field]] = value
    return ":".join(parts)


@pytest.mark.parametrize("operation", ["list_tags_of_resource", "tag_resource", "untag_resource"])
def test_tagging_operations_answer_each_arn_form(ddb, operation):
    # DDB-TABLE-070/071 and DDB-TABLE-442's catalogue.
    arn = ddb.describe_table(TableName="arns")["Table"]["TableArn"]
    extra = {"tag_resource": {"Tags": [{"Key": "k", "Value": "v"}]}, "untag_resource": {"TagKeys": ["k"]}}.get(
        operation, {})
    call = getattr(ddb, operation)
    for text in ("arns", "not-an-arn"):
        assert error(call, ResourceArn=text, **extra) == (
            "ValidationException", f"One or more parameter values were invalid: ARNs must start with 'arn:': {text}")
    for wrong in (other(arn, "region", "us-west-2"), arn + "/index/gsi"):
        assert error(call, ResourceArn=wrong, **extra) == (
            "ValidationException", f"Invalid TableArn: Invalid ResourceArn provided as input {wrong}")
    assert error(call, ResourceArn=other(arn, "account", "111122223333"), **extra) == (
        "AccessDeniedException", "Access is denied")
    for missing in (arn + "x", arn + "/stream/2026-10-08T00:00:00.000"):
        assert error(call, ResourceArn=missing, **extra) == (
            "ResourceNotFoundException", f"Requested resource not found: ResourceArn: {missing} not found")
    call(ResourceArn=arn, **extra)


@pytest.mark.parametrize("operation", ["describe_table", "describe_time_to_live", "describe_continuous_backups",
                                       "describe_contributor_insights"])
def test_table_operations_answer_arns_of_other_regions_and_accounts(ddb, operation):
    # DDB-TABLE-011: a table's ARN is accepted as its name; another region's or partition's ARN is a
    # ValidationException naming it, another account's "Access is denied".
    arn = ddb.describe_table(TableName="arns")["Table"]["TableArn"]
    call = getattr(ddb, operation)
    call(TableName=arn)
    for field, value, what in (("region", "eu-west-1", "AWS region"), ("partition", "aws-cn", "AWS partition")):
        wrong = other(arn, field, value)
        assert error(call, TableName=wrong) == (
            "ValidationException", f"1 validation error detected: Invalid {what} in '{wrong}'")
    assert error(call, TableName=other(arn, "account", "111122223333")) == ("AccessDeniedException",
                                                                           "Access is denied")
