"""Every DynamoDB operation of the core API through the awscli (v2 from Debian, v1 from pip), as a
user types them after `eval "$(tarn env)"`: the seed's `marks` table, batches, auto-paginated
list-tables/query/scan (the CLI follows LastEvaluatedKey itself), conditional failures, tags."""
import json


def aws_json(tarn, *args):
    out = tarn.aws("dynamodb", *args, "--region", "us-east-1", "--output", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else {}


def marks_item(student, subject, mark):
    return {"student_id": {"S": student}, "subject": {"S": subject}, "mark": {"N": str(mark)}}


def test_every_core_operation_through_the_cli(tarn, tmp_path):
    created = aws_json(tarn, "create-table", "--table-name", "marks", "--attribute-definitions",
                       "AttributeName=student_id,AttributeType=S", "AttributeName=subject,AttributeType=S",
                       "--key-schema", "AttributeName=student_id,KeyType=HASH",
                       "AttributeName=subject,KeyType=RANGE", "--provisioned-throughput",
                       "ReadCapacityUnits=5,WriteCapacityUnits=5")
    assert created["TableDescription"]["TableStatus"] == "CREATING"
    aws_json(tarn, "wait", "table-exists", "--table-name", "marks")
    for name in ("student", "zz-extra"):
        aws_json(tarn, "create-table", "--table-name", name, "--attribute-definitions",
                 "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH",
                 "--billing-mode", "PAY_PER_REQUEST")

    # --page-size 1: the CLI sends Limit=1 and follows LastEvaluatedTableName across three pages.
    listed = aws_json(tarn, "list-tables", "--page-size", "1")
    assert listed["TableNames"] == ["marks", "student", "zz-extra"]

    subjects = ["art", "bio", "chem", "math", "music", "physics"]
    writes = {"marks": [{"PutRequest": {"Item": marks_item(s, subj, 50 + i)}}
                        for s in ("s1", "s2") for i, subj in enumerate(subjects)]}
    request_file = tmp_path / "writes.json"
    request_file.write_text(json.dumps(writes))
    result = aws_json(tarn, "batch-write-item", "--request-items", f"file://{request_file}")
    assert result["UnprocessedItems"] == {}

    keys = {"marks": {"Keys": [{"student_id": {"S": "s1"}, "subject": {"S": "math"}},
                               {"student_id": {"S": "s2"}, "subject": {"S": "art"}},
                               {"student_id": {"S": "s9"}, "subject": {"S": "art"}}]}}
    got = aws_json(tarn, "batch-get-item", "--request-items", json.dumps(keys))
    marks = sorted((i["student_id"]["S"], i["subject"]["S"], i["mark"]["N"]) for i in got["Responses"]["marks"])
    assert marks == [("s1", "math", "53"), ("s2", "art", "50")]
    assert got["UnprocessedKeys"] == {}

    # Query pages of 2 items, merged by the CLI; sort key order is by bytes.
    queried = aws_json(tarn, "query", "--table-name", "marks", "--key-condition-expression",
                       "student_id = :s AND subject > :from", "--expression-attribute-values",
                       '{":s": {"S": "s1"}, ":from": {"S": "bio"}}', "--page-size", "2")
    assert [i["subject"]["S"] for i in queried["Items"]] == ["chem", "math", "music", "physics"]
    assert queried["Count"] == 4
    scanned = aws_json(tarn, "scan", "--table-name", "marks", "--page-size", "5", "--filter-expression",
                       "mark >= :m", "--expression-attribute-values", '{":m": {"N": "54"}}')
    assert scanned["Count"] == 4 and scanned["ScannedCount"] == 12

    updated = aws_json(tarn, "update-item", "--table-name", "marks", "--key",
                       '{"student_id": {"S": "s1"}, "subject": {"S": "math"}}', "--update-expression",
                       "SET mark = mark + :d, grade = if_not_exists(grade, :g)", "--expression-attribute-values",
                       '{":d": {"N": "7.50"}, ":g": {"S": "B"}}', "--return-values", "UPDATED_NEW")
    assert updated["Attributes"] == {"mark": {"N": "60.5"}, "grade": {"S": "B"}}

    failed = tarn.aws("dynamodb", "put-item", "--table-name", "marks", "--item",
                      json.dumps(marks_item("s1", "math", 1)), "--condition-expression",
                      "attribute_not_exists(student_id)", "--region", "us-east-1")
    assert failed.returncode != 0
    assert "ConditionalCheckFailedException" in failed.stderr
    assert "The conditional request failed" in failed.stderr
    item = aws_json(tarn, "get-item", "--table-name", "marks", "--key",
                    '{"student_id": {"S": "s1"}, "subject": {"S": "math"}}', "--consistent-read")
    assert item["Item"]["mark"] == {"N": "60.5"}

    deleted = aws_json(tarn, "delete-item", "--table-name", "marks", "--key",
                       '{"student_id": {"S": "s2"}, "subject": {"S": "art"}}', "--return-values", "ALL_OLD")
    assert deleted["Attributes"]["mark"] == {"N": "50"}
    missing = tarn.aws("dynamodb", "get-item", "--table-name", "nope", "--key", '{"id": {"S": "1"}}',
                       "--region", "us-east-1")
    assert missing.returncode != 0 and "ResourceNotFoundException" in missing.stderr

    table = aws_json(tarn, "update-table", "--table-name", "marks", "--billing-mode", "PAY_PER_REQUEST")
    assert table["TableDescription"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    arn = aws_json(tarn, "describe-table", "--table-name", "marks")["Table"]["TableArn"]
    assert arn == "arn:aws:dynamodb:us-east-1:000000000000:table/marks"
    aws_json(tarn, "tag-resource", "--resource-arn", arn, "--tags", "Key=team,Value=data", "Key=env,Value=dev")
    aws_json(tarn, "untag-resource", "--resource-arn", arn, "--tag-keys", "env")
    assert aws_json(tarn, "list-tags-of-resource", "--resource-arn", arn)["Tags"] == [
        {"Key": "team", "Value": "data"}]
    endpoints = aws_json(tarn, "describe-endpoints")["Endpoints"]
    assert endpoints and endpoints[0]["CachePeriodInMinutes"] == 1440

    aws_json(tarn, "delete-table", "--table-name", "marks")
    aws_json(tarn, "wait", "table-not-exists", "--table-name", "marks")
    assert aws_json(tarn, "list-tables")["TableNames"] == ["student", "zz-extra"]
