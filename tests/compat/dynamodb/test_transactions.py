"""TransactWriteItems and TransactGetItems with boto3 and the awscli: a transaction that must cancel
with its reasons in item order and leave nothing applied, a cross-table transaction and its stream
records, two racing transactions on one item (exactly one succeeds), idempotent retries with a
ClientRequestToken, TransactGetItems with a projection, and DynamoDB's validation errors."""
import json
import signal
import threading

import botocore.exceptions
import pytest


def create(ddb, name, stream=False):
    spec = dict(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST")
    if stream:
        spec["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return ddb.create_table(**spec)["TableDescription"].get("LatestStreamArn")


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    create(client, "student")
    create(client, "marks")
    return client


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def cancel_of(excinfo):
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], err.get("CancellationReasons")


def test_cancelled_transaction_gives_reasons_in_order_and_applies_nothing(ddb):
    ddb.put_item(TableName="student", Item={"id": s("s1"), "standard": n(7)})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "marks", "Item": {"id": s("m1"), "score": n(90)}}},
            {"Update": {"TableName": "student", "Key": {"id": s("s1")}, "UpdateExpression": "SET standard = :s",
                        "ConditionExpression": "standard = :old", "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                        "ExpressionAttributeValues": {":s": n(8), ":old": n(6)}}},
            {"Delete": {"TableName": "student", "Key": {"id": s("s2")}}},
        ])
    code, message, reasons = cancel_of(e)
    assert code == "TransactionCanceledException"
    assert message == ("Transaction cancelled, please refer cancellation reasons for specific reasons "
                       "[None, ConditionalCheckFailed, None]")
    assert reasons == [{"Code": "None"},
                       {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
                        "Item": {"id": s("s1"), "standard": n(7)}},
                       {"Code": "None"}]
    assert "Item" not in ddb.get_item(TableName="marks", Key={"id": s("m1")})
    assert ddb.get_item(TableName="student", Key={"id": s("s1")})["Item"]["standard"] == n(7)


def test_cross_table_transaction_and_its_stream_records(tarn):
    ddb, streams = tarn.client("dynamodb"), tarn.client("dynamodbstreams")
    student_arn = create(ddb, "student", stream=True)
    marks_arn = create(ddb, "marks", stream=True)
    ddb.put_item(TableName="student", Item={"id": s("s1"), "standard": n(7)})
    ddb.put_item(TableName="marks", Item={"id": s("old")})
    out = ddb.transact_write_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
        {"Put": {"TableName": "marks", "Item": {"id": s("m1"), "score": n(90)},
                 "ConditionExpression": "attribute_not_exists(id)"}},
        {"Update": {"TableName": "student", "Key": {"id": s("s1")}, "UpdateExpression": "ADD standard :one",
                    "ExpressionAttributeValues": {":one": n(1)}}},
        {"Delete": {"TableName": "marks", "Key": {"id": s("old")}}},
        {"ConditionCheck": {"TableName": "student", "Key": {"id": s("s9")},
                            "ConditionExpression": "attribute_not_exists(id)"}},
    ])
    assert [c["TableName"] for c in out["ConsumedCapacity"]] == ["marks", "student"]
    assert ddb.get_item(TableName="student", Key={"id": s("s1")})["Item"]["standard"] == n(8)
    assert ddb.get_item(TableName="marks", Key={"id": s("m1")})["Item"]["score"] == n(90)

    def records(arn):
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        return [(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in streams.get_records(
            ShardIterator=it)["Records"]]
    assert records(student_arn) == [("INSERT", "s1"), ("MODIFY", "s1")]
    assert records(marks_arn) == [("INSERT", "old"), ("INSERT", "m1"), ("REMOVE", "old")]


def test_two_racing_transactions_on_one_item_exactly_one_succeeds(tarn, ddb):
    clients = [tarn.client("dynamodb") for _ in range(2)]
    for round_ in range(5):
        seat = f"seat{round_}"
        barrier = threading.Barrier(2)
        results = [None, None]

        def book(i):
            barrier.wait()
            try:
                clients[i].transact_write_items(TransactItems=[
                    {"Put": {"TableName": "student", "Item": {"id": s(seat), "by": n(i)},
                             "ConditionExpression": "attribute_not_exists(id)"}},
                    {"Put": {"TableName": "marks", "Item": {"id": s(f"{seat}-{i}")}}},
                ])
                results[i] = "ok"
            except botocore.exceptions.ClientError as e:
                code, _, reasons = cancel_of_error(e)
                results[i] = (code, reasons[0]["Code"])
        threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results.count("ok") == 1, results
        loser = results[1 - results.index("ok")]
        assert loser[0] == "TransactionCanceledException"
        assert loser[1] in ("ConditionalCheckFailed", "TransactionConflict")
        winner = results.index("ok")
        assert ddb.get_item(TableName="student", Key={"id": s(seat)})["Item"]["by"] == n(winner)
        assert "Item" in ddb.get_item(TableName="marks", Key={"id": s(f"{seat}-{winner}")})
        assert "Item" not in ddb.get_item(TableName="marks", Key={"id": s(f"{seat}-{1 - winner}")})


def cancel_of_error(e):
    return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response.get("CancellationReasons")


def add_one(key):
    """A transaction that adds 1 to the count of student `key`."""
    return [{"Update": {"TableName": "student", "Key": {"id": s(key)}, "UpdateExpression": "ADD #c :one",
                        "ExpressionAttributeNames": {"#c": "count"}, "ExpressionAttributeValues": {":one": n(1)}}}]


def test_client_request_token_retry_is_idempotent(ddb):
    ddb.put_item(TableName="student", Item={"id": s("c"), "count": n(0)})
    items = add_one("c")
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="retry-1")
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="retry-1")
    assert ddb.get_item(TableName="student", Key={"id": s("c")})["Item"]["count"] == n(1)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": "student", "Key": {"id": s("c")}}}],
                                 ClientRequestToken="retry-1")
    assert e.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    # boto3 fills in a token of its own when none is given: two calls are two transactions.
    ddb.transact_write_items(TransactItems=items)
    ddb.transact_write_items(TransactItems=items)
    assert ddb.get_item(TableName="student", Key={"id": s("c")})["Item"]["count"] == n(3)


def test_client_request_token_survives_kill_9(tarn, ddb):
    ddb.put_item(TableName="student", Item={"id": s("k"), "count": n(0)})
    items = add_one("k")
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="across-restart")
    tarn.stop(signal.SIGKILL)
    tarn.start()
    again = tarn.client("dynamodb")
    # The retry after the crash is recognised: applied once, answered as the first call was.
    again.transact_write_items(TransactItems=items, ClientRequestToken="across-restart")
    assert again.get_item(TableName="student", Key={"id": s("k")})["Item"]["count"] == n(1)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        again.transact_write_items(TransactItems=[{"Delete": {"TableName": "student", "Key": {"id": s("k")}}}],
                                   ClientRequestToken="across-restart")
    assert e.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"


def test_transact_get_items(ddb):
    ddb.put_item(TableName="student", Item={"id": s("s1"), "name": s("Ada"), "standard": n(7)})
    ddb.put_item(TableName="marks", Item={"id": s("m1"), "score": n(90)})
    out = ddb.transact_get_items(ReturnConsumedCapacity="TOTAL", TransactItems=[
        {"Get": {"TableName": "student", "Key": {"id": s("s1")}, "ProjectionExpression": "#n",
                 "ExpressionAttributeNames": {"#n": "name"}}},
        {"Get": {"TableName": "marks", "Key": {"id": s("missing")}}},
        {"Get": {"TableName": "marks", "Key": {"id": s("m1")}}},
    ])
    assert out["Responses"] == [{"Item": {"name": s("Ada")}}, {}, {"Item": {"id": s("m1"), "score": n(90)}}]
    assert {c["TableName"] for c in out["ConsumedCapacity"]} == {"student", "marks"}


def test_validation_errors(ddb):
    def error(call, **kw):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call(**kw)
        return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]

    put = {"Put": {"TableName": "student", "Item": {"id": s("a")}}}
    assert error(ddb.transact_write_items, TransactItems=[put, {"Delete": {"TableName": "student",
                                                                           "Key": {"id": s("a")}}}]) == (
        "ValidationException", "Transaction request cannot include multiple operations on one item")
    code, message = error(ddb.transact_write_items, TransactItems=[
        {"Put": {"TableName": "student", "Item": {"id": s(f"k{i}")}}} for i in range(101)])
    assert code == "ValidationException"
    assert "Member must have length less than or equal to 100" in message
    assert error(ddb.transact_write_items, TransactItems=[{"Delete": {"TableName": "student",
                                                                      "Key": {"nope": s("a")}}}]) == (
        "ValidationException", "The provided key element does not match the schema")
    assert error(ddb.transact_write_items, TransactItems=[{"Put": {"TableName": "missing",
                                                                   "Item": {"id": s("a")}}}])[0] == \
        "ResourceNotFoundException"
    assert "Item" not in ddb.get_item(TableName="student", Key={"id": s("a")})


def test_cancelled_transaction_through_the_cli(tarn, ddb, tmp_path):
    ddb.put_item(TableName="student", Item={"id": s("s1")})
    items = [{"Put": {"TableName": "marks", "Item": {"id": s("m1")}}},
             {"ConditionCheck": {"TableName": "student", "Key": {"id": s("s1")},
                                 "ConditionExpression": "attribute_not_exists(id)"}}]
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items))
    out = tarn.aws("dynamodb", "transact-write-items", "--transact-items", f"file://{path}",
                   "--region", "us-east-1")
    assert out.returncode != 0
    assert "TransactionCanceledException" in out.stderr
    assert "[None, ConditionalCheckFailed]" in out.stderr
    assert "Item" not in ddb.get_item(TableName="marks", Key={"id": s("m1")})
    items[1]["ConditionCheck"]["ConditionExpression"] = "attribute_exists(id)"
    path.write_text(json.dumps(items))
    out = tarn.aws("dynamodb", "transact-write-items", "--transact-items", f"file://{path}",
                   "--region", "us-east-1")
    assert out.returncode == 0, out.stderr
    assert "Item" in ddb.get_item(TableName="marks", Key={"id": s("m1")})


def test_each_item_needs_its_own_action(tarn, ddb):
    """Transactions have no IAM action of their own: Put needs dynamodb:PutItem, ConditionCheck
    dynamodb:ConditionCheckItem, Get dynamodb:GetItem, each on its table; dynamodb:EnclosingOperation
    names the transaction (transaction-apis-iam.html)."""
    iam = tarn.client("iam")
    iam.create_user(UserName="clerk")
    key = iam.create_access_key(UserName="clerk")["AccessKey"]
    iam.put_user_policy(UserName="clerk", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
             "Resource": "arn:aws:dynamodb:us-east-1:000000000000:table/student"},
            {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",
             "Condition": {"StringEquals": {"dynamodb:EnclosingOperation": "TransactGetItems"}}}]}))
    clerk = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])
    clerk.transact_write_items(TransactItems=[
        {"Put": {"TableName": "student", "Item": {"id": s("a")}}},
        {"ConditionCheck": {"TableName": "student", "Key": {"id": s("a0")},
                            "ConditionExpression": "attribute_not_exists(id)"}}])
    for items in ([{"Put": {"TableName": "marks", "Item": {"id": s("m")}}}],
                  [{"Update": {"TableName": "student", "Key": {"id": s("a")}, "UpdateExpression": "SET x = :x",
                               "ExpressionAttributeValues": {":x": n(1)}}}]):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            clerk.transact_write_items(TransactItems=items)
        assert e.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "Item" not in ddb.get_item(TableName="marks", Key={"id": s("m")})
    got = clerk.transact_get_items(TransactItems=[{"Get": {"TableName": "student", "Key": {"id": s("a")}}}])
    assert got["Responses"][0]["Item"] == {"id": s("a")}
    # The same GetItem outside a transaction is not allowed.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        clerk.get_item(TableName="student", Key={"id": s("a")})
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
