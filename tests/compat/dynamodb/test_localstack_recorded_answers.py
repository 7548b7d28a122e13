"""DynamoDB answers recorded on AWS by LocalStack's validated suites (test_dynamodb.py,
test_dynamodb_streams.py, test_lambda_integration_dynamodbstreams.py and their snapshots) that tarn
once gave differently: UpdateTable answers UPDATING for a change DynamoDB makes in the background (a
stream enabled) while DescribeTable goes back to ACTIVE, and CreateTable's BillingModeSummary of an
on-demand table names only the mode, DescribeTable adds LastUpdateToPayPerRequestDateTime."""
import datetime


def test_update_table_answers_updating_for_a_stream(tarn):
    ddb = tarn.client("dynamodb")
    ddb.create_table(TableName="stream_t", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    ddb.get_waiter("table_exists").wait(TableName="stream_t")
    enabled = ddb.update_table(TableName="stream_t", StreamSpecification={"StreamEnabled": True,
                                                                   "StreamViewType": "NEW_AND_OLD_IMAGES"})
    assert enabled["TableDescription"]["TableStatus"] == "UPDATING"
    assert enabled["TableDescription"]["StreamSpecification"] == {"StreamEnabled": True,
                                                                  "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert ddb.describe_table(TableName="stream_t")["Table"]["TableStatus"] == "ACTIVE"
    throughput = ddb.update_table(TableName="stream_t", ProvisionedThroughput={"ReadCapacityUnits": 6,
                                                                        "WriteCapacityUnits": 6})
    assert throughput["TableDescription"]["TableStatus"] == "UPDATING"
    billing = ddb.update_table(TableName="stream_t", BillingMode="PAY_PER_REQUEST")
    assert billing["TableDescription"]["TableStatus"] == "UPDATING"
    ddb.get_waiter("table_exists").wait(TableName="stream_t")
    assert ddb.describe_table(TableName="stream_t")["Table"]["TableStatus"] == "ACTIVE"


def test_on_demand_billing_summary(tarn):
    ddb = tarn.client("dynamodb")
    created = ddb.create_table(TableName="ondemand_t", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                               AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                               BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert created["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}
    ddb.get_waiter("table_exists").wait(TableName="ondemand_t")
    summary = ddb.describe_table(TableName="ondemand_t")["Table"]["BillingModeSummary"]
    assert summary["BillingMode"] == "PAY_PER_REQUEST"
    assert isinstance(summary["LastUpdateToPayPerRequestDateTime"], datetime.datetime)
