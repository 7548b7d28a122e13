"""PartiQL for DynamoDB end to end (ExecuteStatement, BatchExecuteStatement): INSERT/SELECT/UPDATE/
DELETE round trips on the seed's tables, parameters, Scan paging with NextToken, the errors
(DuplicateItemException, ConditionalCheckFailedException, malformed statements), a mixed
success/error batch, the PartiQL IAM actions, and one `aws dynamodb execute-statement`."""
import json

import botocore.exceptions
import pytest


def make_tables(ddb):
    ddb.create_table(TableName="student", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.create_table(
        TableName="marks",
        KeySchema=[{"AttributeName": "student_id", "KeyType": "HASH"},
                   {"AttributeName": "subject", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "student_id", "AttributeType": "S"},
                              {"AttributeName": "subject", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    make_tables(client)
    return client


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return (e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"],
            e.value.response["Error"]["Message"])


def run(ddb, statement, *parameters, **kwargs):
    if parameters:
        kwargs["Parameters"] = list(parameters)
    return ddb.execute_statement(Statement=statement, **kwargs)


def test_insert_select_update_delete_round_trip(ddb):
    out = run(ddb, "INSERT INTO \"student\" VALUE {'id': 's1', 'name': 'Asha', 'standard': 7, "
                   "'tags': <<'chess', 'choir'>>, 'address': {'city': 'Pune', 'pin': [4, 1]}, 'active': true}")
    assert out["Items"] == []  # a write answers an empty list (moto's aws_verified test_insert_data)
    item = ddb.get_item(TableName="student", Key={"id": {"S": "s1"}})["Item"]
    assert item == {"id": {"S": "s1"}, "name": {"S": "Asha"}, "standard": {"N": "7"},
                    "tags": {"SS": ["chess", "choir"]}, "address": {"M": {"city": {"S": "Pune"},
                                                                          "pin": {"L": [{"N": "4"}, {"N": "1"}]}}},
                    "active": {"BOOL": True}}

    assert run(ddb, 'SELECT * FROM "student" WHERE id = \'s1\'')["Items"] == [item]
    got = run(ddb, "SELECT name, address.city FROM student WHERE id = ?", {"S": "s1"})["Items"]
    # A nested path answers under its last name (nubo-db/dynamodb-conformance, run against AWS).
    assert got == [{"name": {"S": "Asha"}, "city": {"S": "Pune"}}]
    assert run(ddb, "SELECT * FROM student WHERE id = 'nobody'")["Items"] == []

    out = run(ddb, "UPDATE student SET standard = standard + 1 SET tags = set_add(tags, <<'drama'>>) "
                   "REMOVE active WHERE id = 's1' RETURNING ALL NEW *")
    new = out["Items"][0]
    assert new["standard"] == {"N": "8"} and "active" not in new
    assert new["tags"] == {"SS": ["chess", "choir", "drama"]}
    out = run(ddb, "UPDATE student SET name = ? WHERE id = ? RETURNING MODIFIED OLD *", {"S": "Asha R"},
              {"S": "s1"})
    assert out["Items"] == [{"name": {"S": "Asha"}}]

    out = run(ddb, "DELETE FROM student WHERE id = 's1' RETURNING ALL OLD *")
    assert out["Items"][0]["name"] == {"S": "Asha R"}
    assert "Item" not in ddb.get_item(TableName="student", Key={"id": {"S": "s1"}})
    # Deleting an absent item succeeds (ql-reference.delete.html).
    assert run(ddb, "DELETE FROM student WHERE id = 's1'")["Items"] == []


def test_query_and_filters_on_marks(ddb):
    for subject, score in (("art", 40), ("bio", 75), ("chem", 90), ("math", 60)):
        run(ddb, "INSERT INTO marks VALUE {'student_id': 's1', 'subject': ?, 'score': ?}", {"S": subject},
            {"N": str(score)})
    run(ddb, "INSERT INTO marks VALUE {'student_id': 's2', 'subject': 'art', 'score': 99}")
    subjects = lambda out: [i["subject"]["S"] for i in out["Items"]]
    assert subjects(run(ddb, "SELECT * FROM marks WHERE student_id = 's1'")) == ["art", "bio", "chem", "math"]
    assert subjects(run(ddb, "SELECT * FROM marks WHERE student_id = 's1' ORDER BY subject DESC")) == [
        "math", "chem", "bio", "art"]
    assert subjects(run(ddb, "SELECT * FROM marks WHERE student_id = 's1' AND score >= 60")) == [
        "bio", "chem", "math"]
    assert subjects(run(ddb, "SELECT * FROM marks WHERE student_id = 's1' AND subject BETWEEN 'b' AND 'd'")) == [
        "bio", "chem"]
    assert subjects(run(ddb, "SELECT * FROM marks WHERE student_id = 's1' AND begins_with(subject, 'm')")) == [
        "math"]
    scanned = run(ddb, "SELECT student_id FROM marks WHERE subject = 'art' OR score IN [90]")["Items"]
    assert sorted(i["student_id"]["S"] for i in scanned) == ["s1", "s1", "s2"]
    assert len(run(ddb, "SELECT * FROM marks WHERE nothing IS MISSING AND score IS NOT MISSING")["Items"]) == 5


def test_scan_pages_with_next_token(ddb):
    for i in range(7):
        run(ddb, "INSERT INTO student VALUE {'id': ?, 'standard': ?}", {"S": f"s{i}"}, {"N": str(i)})
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"Limit": 3}
        if token:
            kwargs["NextToken"] = token
        out = run(ddb, "SELECT id FROM student", **kwargs)
        pages += 1
        seen += [i["id"]["S"] for i in out["Items"]]
        token = out.get("NextToken")
        if not token:
            break
        assert out["LastEvaluatedKey"]["id"]["S"] == seen[-1]
    assert sorted(seen) == [f"s{i}" for i in range(7)] and pages == 3
    # A filtered Scan: Limit counts items evaluated, so a page may hold fewer matches (or none).
    matched, token = 0, None
    while True:
        out = run(ddb, "SELECT * FROM student WHERE standard > 1", Limit=2, **({"NextToken": token} if token else {}))
        matched += len(out["Items"])
        token = out.get("NextToken")
        if not token:
            break
    assert matched == 5
    # A token belongs to its statement.
    first = run(ddb, "SELECT id FROM student", Limit=2)
    code, status, _ = error_of(ddb.execute_statement, Statement="SELECT * FROM student", NextToken=first["NextToken"])
    assert (code, status) == ("ValidationException", 400)


def test_errors(ddb):
    run(ddb, "INSERT INTO student VALUE {'id': 'dup', 'name': 'A', 'standard': 3}")
    assert error_of(ddb.execute_statement, Statement="INSERT INTO student VALUE {'id': 'dup'}") == (
        "DuplicateItemException", 400, "Duplicate primary key exists in table")
    assert error_of(ddb.execute_statement, Statement="UPDATE student SET name = 'B' WHERE id = 'dup' AND standard = 9") == (
        "ConditionalCheckFailedException", 400, "The conditional request failed")
    # UPDATE never creates an item.
    assert error_of(ddb.execute_statement, Statement="UPDATE student SET name = 'B' WHERE id = 'ghost'")[0] == (
        "ConditionalCheckFailedException")
    assert error_of(ddb.execute_statement, Statement="DELETE FROM student WHERE id = 'dup' AND standard > 5")[0] == (
        "ConditionalCheckFailedException")
    # ReturnValuesOnConditionCheckFailure carries the item (a member of newer models only).
    if "ReturnValuesOnConditionCheckFailure" in ddb.meta.service_model.operation_model(
            "ExecuteStatement").input_shape.members:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.execute_statement(Statement="DELETE FROM student WHERE id = 'dup' AND standard > 5",
                                  ReturnValuesOnConditionCheckFailure="ALL_OLD")
        assert e.value.response["Item"]["name"] == {"S": "A"}
    assert run(ddb, "SELECT name FROM student WHERE id = 'dup'")["Items"] == [{"name": {"S": "A"}}]

    malformed = "Statement wasn't well formed, can't be processed: "
    assert error_of(ddb.execute_statement, Statement="INSERT INTO student VALUES ('x')") == (
        "ValidationException", 400, malformed + "Unexpected keyword")
    assert error_of(ddb.execute_statement, Statement="CREATE TABLE x") == (
        "ValidationException", 400, malformed + "Expected data manipulation")
    assert error_of(ddb.execute_statement, Statement="SELECT * FROM student WHERE")[2].startswith(malformed)
    assert error_of(ddb.execute_statement, Statement="UPDATE student SET a = 1 WHERE name = 'A'") == (
        "ValidationException", 400, "Where clause does not contain a mandatory equality on all key attributes")
    assert error_of(ddb.execute_statement, Statement="SELECT * FROM student WHERE id = ?") == (
        "ValidationException", 400, "Number of parameters in request and statement don't match.")
    assert error_of(ddb.execute_statement, Statement="SELECT * FROM nosuch")[:2] == ("ResourceNotFoundException", 400)
    assert error_of(ddb.execute_statement, Statement="INSERT INTO student VALUE {'name': 'no key'}") == (
        "ValidationException", 400, "One or more parameter values were invalid: Missing the key id in the item")


def test_batch_execute_statement(ddb):
    run(ddb, "INSERT INTO student VALUE {'id': 'b0', 'name': 'old'}")
    out = ddb.batch_execute_statement(Statements=[
        {"Statement": "INSERT INTO student VALUE {'id': 'b1', 'name': 'one'}"},
        {"Statement": "INSERT INTO student VALUE {'id': 'b0', 'name': 'again'}"},
        {"Statement": "UPDATE student SET name = ? WHERE id = 'b0'", "Parameters": [{"S": "new"}]},
        {"Statement": "UPDATE student SET name = 'x' WHERE id = 'ghost'"},
        {"Statement": "INSERT INTO student VALUE {'id': 'b2'"},
    ])["Responses"]
    assert out[0] == {"TableName": "student"}
    assert out[1]["Error"] == {"Code": "DuplicateItem", "Message": "Duplicate primary key exists in table"}
    assert out[2] == {"TableName": "student"}
    assert out[3]["Error"]["Code"] == "ConditionalCheckFailed"
    assert out[4]["Error"]["Code"] == "ValidationError"
    assert out[4]["Error"]["Message"].startswith("Statement wasn't well formed, can't be processed: ")

    reads = ddb.batch_execute_statement(Statements=[
        {"Statement": "SELECT * FROM student WHERE id = 'b0'"},
        {"Statement": "SELECT name FROM student WHERE id = ?", "Parameters": [{"S": "b1"}], "ConsistentRead": True},
        {"Statement": "SELECT * FROM student WHERE id = 'nobody'"},
        {"Statement": "SELECT * FROM student WHERE name = 'one'"},
    ])["Responses"]
    assert reads[0] == {"TableName": "student", "Item": {"id": {"S": "b0"}, "name": {"S": "new"}}}
    assert reads[1] == {"TableName": "student", "Item": {"name": {"S": "one"}}}
    assert reads[2] == {"TableName": "student"}
    assert reads[3]["Error"]["Code"] == "ValidationError"

    code, status, message = error_of(ddb.batch_execute_statement, Statements=[
        {"Statement": "SELECT * FROM student WHERE id = 'b0'"},
        {"Statement": "DELETE FROM student WHERE id = 'b0'"}])
    assert (code, status) == ("ValidationException", 400)
    assert "Read and write" in message
    assert run(ddb, "SELECT * FROM student WHERE id = 'b0'")["Items"]  # nothing of that batch ran


def test_partiql_iam_actions(tarn, ddb):
    iam = tarn.client("iam")
    iam.create_user(UserName="reader")
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/student"
    iam.put_user_policy(UserName="reader", PolicyName="select", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "dynamodb:PartiQLSelect", "Resource": arn}]}))
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    reader = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"],
                         aws_secret_access_key=key["SecretAccessKey"])
    run(ddb, "INSERT INTO student VALUE {'id': 'r1'}")
    assert reader.execute_statement(Statement="SELECT * FROM student WHERE id = 'r1'")["Items"]
    code, status, message = error_of(reader.execute_statement, Statement="INSERT INTO student VALUE {'id': 'r2'}")
    assert (code, status) == ("AccessDeniedException", 400)
    assert "dynamodb:PartiQLInsert" in message and arn in message
    assert error_of(reader.execute_statement, Statement="SELECT * FROM marks")[0] == "AccessDeniedException"
    assert error_of(reader.get_item, TableName="student", Key={"id": {"S": "r1"}})[0] == "AccessDeniedException"


def test_execute_statement_through_the_cli(tarn, ddb):
    def aws(*args):
        out = tarn.aws("dynamodb", *args, "--region", "us-east-1", "--output", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if out.stdout.strip() else {}

    aws("execute-statement", "--statement", "INSERT INTO student VALUE {'id': 'c1', 'name': 'Cli'}")
    out = aws("execute-statement", "--statement", "SELECT name FROM student WHERE id = ?",
              "--parameters", '[{"S": "c1"}]')
    assert out["Items"] == [{"name": {"S": "Cli"}}]
    failed = tarn.aws("dynamodb", "execute-statement", "--region", "us-east-1", "--statement",
                      "INSERT INTO student VALUE {'id': 'c1'}")
    assert failed.returncode != 0 and "DuplicateItemException" in failed.stderr


def test_execute_transaction(ddb):
    ddb.execute_transaction(TransactStatements=[
        {"Statement": "INSERT INTO student VALUE {'id': 't1', 'name': 'Ravi'}"},
        {"Statement": "INSERT INTO marks VALUE {'student_id': 't1', 'subject': 'maths', 'score': ?}",
         "Parameters": [{"N": "91"}]}])
    assert ddb.get_item(TableName="marks", Key={"student_id": {"S": "t1"}, "subject": {"S": "maths"}})["Item"][
        "score"] == {"N": "91"}
    # One failing statement cancels all of them, with a reason per statement in order.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE student SET name = 'Ravi K' WHERE id = 't1'"},
            {"Statement": "INSERT INTO marks VALUE {'student_id': 't1', 'subject': 'maths', 'score': 1}"}])
    assert e.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = [r["Code"] for r in e.value.response["CancellationReasons"]]
    assert reasons[0] == "None" and reasons[1] != "None"
    assert ddb.get_item(TableName="student", Key={"id": {"S": "t1"}})["Item"]["name"] == {"S": "Ravi"}
    # All SELECTs: a read transaction, answered in statement order.
    out = ddb.execute_transaction(TransactStatements=[
        {"Statement": "SELECT name FROM student WHERE id = 't1'"},
        {"Statement": "SELECT score FROM marks WHERE student_id = 't1' AND subject = 'maths'"}])
    assert [r.get("Item") for r in out["Responses"]] == [{"name": {"S": "Ravi"}}, {"score": {"N": "91"}}]
    # A read and a write cannot share a transaction; nothing is written.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": "SELECT name FROM student WHERE id = 't1'"},
            {"Statement": "INSERT INTO student VALUE {'id': 't2'}"}])
    assert e.value.response["Error"]["Code"] == "ValidationException"
    assert e.value.response["Error"]["Message"] == (
        "ExecuteTransaction API does not support both read and write operations in the same request.")
    assert "Item" not in ddb.get_item(TableName="student", Key={"id": {"S": "t2"}})


def test_select_from_an_index_queries_it(ddb):
    ddb.create_table(
        TableName="pupils",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                              {"AttributeName": "standard", "AttributeType": "N"},
                              {"AttributeName": "name", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "by_standard",
            "KeySchema": [{"AttributeName": "standard", "KeyType": "HASH"},
                          {"AttributeName": "name", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}],
        BillingMode="PAY_PER_REQUEST")
    for i, (name, standard) in enumerate([("Asha", 7), ("Bela", 7), ("Chen", 8), ("Dev", 7)]):
        run(ddb, "INSERT INTO pupils VALUE {'id': ?, 'name': ?, 'standard': ?}",
            {"S": f"p{i}"}, {"S": name}, {"N": str(standard)})

    out = run(ddb, 'SELECT name FROM "pupils"."by_standard" WHERE standard = 7 ORDER BY name DESC')
    assert [i["name"]["S"] for i in out["Items"]] == ["Dev", "Bela", "Asha"]
    out = run(ddb, 'SELECT id FROM "pupils"."by_standard" WHERE standard = ? AND name = ?',
              {"N": "8"}, {"S": "Chen"})
    assert out["Items"] == [{"id": {"S": "p2"}}]
    out = run(ddb, 'SELECT name FROM "pupils"."by_standard" WHERE standard = 7 AND begins_with(name, \'B\')')
    assert out["Items"] == [{"name": {"S": "Bela"}}]
    # Without the index's partition key it is a scan of the index.
    out = run(ddb, 'SELECT name FROM "pupils"."by_standard" WHERE name = \'Chen\'')
    assert out["Items"] == [{"name": {"S": "Chen"}}]
    code, status, _ = error_of(run, ddb=ddb, statement='SELECT * FROM "pupils"."nope" WHERE standard = 7')
    assert (code, status) == ("ValidationException", 400)
