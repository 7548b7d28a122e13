"""DescribeContinuousBackups / UpdateContinuousBackups (the point-in-time recovery setting, as
Terraform and CloudFormation set and read it) and DescribeLimits, with boto3 and the awscli."""
import datetime
import json
import signal
import time

import botocore.exceptions
import pytest


def create(ddb, name="grades"):
    ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    return ddb.describe_table(TableName=name)["Table"]["TableArn"]


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def test_point_in_time_recovery_is_a_table_setting(tarn):
    ddb = tarn.client("dynamodb")
    created = time.monotonic()
    arn = create(ddb)
    # ContinuousBackupsStatus is not the point-in-time recovery flag: DISABLED for the first seconds of a
    # new table, then ENABLED for good (as DynamoDB).
    new = ddb.describe_continuous_backups(TableName="grades")["ContinuousBackupsDescription"]
    if time.monotonic() - created < 2:
        assert new["ContinuousBackupsStatus"] == "DISABLED"
    assert new["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}
    time.sleep(max(0, created + 3.5 - time.monotonic()))
    off = {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    assert ddb.describe_continuous_backups(TableName="grades")["ContinuousBackupsDescription"] == off
    assert ddb.describe_continuous_backups(TableName=arn)["ContinuousBackupsDescription"] == off

    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
    on = ddb.update_continuous_backups(
        TableName="grades", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    pitr = on["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert on["ContinuousBackupsDescription"]["ContinuousBackupsStatus"] == "ENABLED"
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["EarliestRestorableDateTime"] >= before
    assert pitr["LatestRestorableDateTime"] >= pitr["EarliestRestorableDateTime"]
    described = ddb.describe_continuous_backups(TableName="grades")["ContinuousBackupsDescription"]
    assert described["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert described["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"] == pitr["EarliestRestorableDateTime"]

    # Enabling again keeps the start of the window.
    again = ddb.update_continuous_backups(
        TableName="grades", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    assert (again["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["EarliestRestorableDateTime"]
            == pitr["EarliestRestorableDateTime"])

    off_again = ddb.update_continuous_backups(
        TableName="grades", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    assert off_again["ContinuousBackupsDescription"] == off
    assert ddb.describe_continuous_backups(TableName="grades")["ContinuousBackupsDescription"] == off


def test_missing_tables_and_bad_input(tarn):
    ddb = tarn.client("dynamodb")
    create(ddb)
    assert error_of(ddb.describe_continuous_backups, TableName="missing") == (
        "TableNotFoundException", "Table not found: missing")
    assert error_of(ddb.update_continuous_backups, TableName="missing",
                    PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}) == (
        "TableNotFoundException", "Table not found: missing")
    spec_shape = ddb.meta.service_model.shape_for("PointInTimeRecoverySpecification")
    if "RecoveryPeriodInDays" in spec_shape.members:
        code, message = error_of(ddb.update_continuous_backups, TableName="grades",
                                 PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                                   "RecoveryPeriodInDays": 36})
        assert code == "ValidationException" and "recoveryPeriodInDays" in message
        on = ddb.update_continuous_backups(TableName="grades", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7})
        assert on["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 7
        # A period means nothing to "disable", and DynamoDB says so.
        assert error_of(ddb.update_continuous_backups, TableName="grades", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 7}) == (
            "ValidationException",
            "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.")
        assert ddb.describe_continuous_backups(TableName="grades")["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 7


def test_setting_survives_a_restart_and_the_awscli_reads_it(tarn):
    ddb = tarn.client("dynamodb")
    create(ddb)
    out = tarn.aws("dynamodb", "update-continuous-backups", "--table-name", "grades", "--region", "us-east-1",
                   "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true", "--output", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ContinuousBackupsDescription"]["ContinuousBackupsStatus"] == "ENABLED"
    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    out = tarn.aws("dynamodb", "describe-continuous-backups", "--table-name", "grades", "--region", "us-east-1",
                   "--output", "json")
    assert out.returncode == 0, out.stderr
    pitr = json.loads(out.stdout)["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"


def test_describe_limits(tarn):
    limits = tarn.client("dynamodb").describe_limits()
    assert {k: v for k, v in limits.items() if k != "ResponseMetadata"} == {
        "AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000}
    out = tarn.aws("dynamodb", "describe-limits", "--region", "us-east-1", "--output", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["TableMaxWriteCapacityUnits"] == 40000
