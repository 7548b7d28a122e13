"""DynamoDB resource-based policies through boto3: Put/Get/DeleteResourcePolicy on a table and on its
stream, CreateTable's ResourcePolicy, and the table's policy taking part in the authorization of every
call on the table, its indexes and its items.

Expected answers are those recorded against AWS: moto's aws_verified
tests/test_dynamodb/test_dynamodb_resource_policy.py (cited "moto <test>") and the findings of the ACK
DynamoDB controller's API probes, verified 2026-10-09 (cited "ACK DDB-TABLE-<n>"). Departure, on
purpose: tarn applies a change at once — no 15-second window between changes (ThrottlingException),
no "pending previous resource-based policy update" ResourceInUseException, no delay before GetResourcePolicy
or enforcement sees it. Botocore releases older than resource policies (Debian's 1.29) skip this file."""
import json
import signal

import botocore.exceptions
import pytest

ACCOUNT = "000000000000"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "
INVALID = "One or more parameter values were invalid: "


def error_of(excinfo):
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Message"]


def doc(action="dynamodb:*", principal=None, effect="Allow", resource="*", **extra):
    statement = {"Principal": principal or {"AWS": ACCOUNT}, "Effect": effect, "Action": [action],
                 "Resource": resource, **extra}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def ddb(tarn):
    client = tarn.client("dynamodb")
    if not hasattr(client, "put_resource_policy"):
        pytest.skip("this botocore predates DynamoDB resource-based policies")
    return client


def create_table(ddb, name, **extra):
    return ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                            BillingMode="PAY_PER_REQUEST", **extra)["TableDescription"]["TableArn"]


def test_put_get_and_revisions(ddb):
    arn = create_table(ddb, "rp-revisions")
    with pytest.raises(botocore.exceptions.ClientError) as e:  # moto test_get_resource_policy_from_resource_without
        ddb.get_resource_policy(ResourceArn=arn)
    assert error_of(e) == ("PolicyNotFoundException", 400, NOT_FOUND + arn)

    first = ddb.put_resource_policy(ResourceArn=arn, Policy=doc())["RevisionId"]
    # ACK DDB-TABLE-207: the epoch milliseconds of the change, 13 digits.
    assert len(first) == 13 and first.isdigit()
    got = ddb.get_resource_policy(ResourceArn=arn)
    assert got["RevisionId"] == first
    assert json.loads(got["Policy"])["Statement"][0]["Action"] == "dynamodb:*"

    # moto test_put_resource_policy_multiple_times: the same policy again is no change...
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=doc())["RevisionId"] == first
    # ... nor is an equivalent one (ACK DDB-TABLE-207: pretty-printed, reordered, a string for a list).
    pretty = json.dumps({"Statement": [{"Resource": "*", "Action": "dynamodb:*", "Effect": "Allow",
                                        "Principal": {"AWS": ROOT}}], "Version": "2012-10-17"}, indent=4)
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=pretty)["RevisionId"] == first
    # Only a different policy makes a new revision, later than the one before.
    second = ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:PutItem"))["RevisionId"]
    assert second > first

    # moto test_put_resource_policy_against_current_revision / _against_previous_revision.
    third = ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:GetItem"),
                                    ExpectedRevisionId=second)["RevisionId"]
    assert ddb.get_resource_policy(ResourceArn=arn)["RevisionId"] == third
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:Query"), ExpectedRevisionId=second)
    assert error_of(e) == ("PolicyNotFoundException", 400,
                           NOT_FOUND + f"Requested update for policy with revision id {second}, but the policy "
                           f"associated to target table rp-revisions has revision id {third}.")
    # moto test_put_resource_policy_against_norevision_when_revision_exists.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:Query"), ExpectedRevisionId="NO_POLICY")
    assert error_of(e) == ("PolicyNotFoundException", 400,
                           NOT_FOUND + "Requested policy update expecting none to be present for table "
                           f"rp-revisions, but a policy exists with revision id {third}.")
    assert ddb.get_resource_policy(ResourceArn=arn)["RevisionId"] == third

    # moto test_put_resource_policy_against_norevision.
    other = create_table(ddb, "rp-norevision")
    revision = ddb.put_resource_policy(ResourceArn=other, Policy=doc(), ExpectedRevisionId="NO_POLICY")["RevisionId"]
    assert ddb.get_resource_policy(ResourceArn=other)["RevisionId"] == revision


def test_delete(ddb):
    arn = create_table(ddb, "rp-delete")
    # ACK DDB-TABLE-205: deleting when there never was a policy answers no RevisionId.
    assert "RevisionId" not in ddb.delete_resource_policy(ResourceArn=arn)
    old = ddb.put_resource_policy(ResourceArn=arn, Policy=doc())["RevisionId"]
    new = ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:PutItem"))["RevisionId"]
    # moto test_delete_resource_policy_from_former_revision / _from_unknown_revision.
    for expected in (old, "unknown"):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=expected)
        assert error_of(e) == ("PolicyNotFoundException", 400,
                               NOT_FOUND + f"Requested update for policy with revision id {expected}, but the "
                               f"policy associated to target table rp-delete has revision id {new}.")
    # moto test_delete_resource_policy_with_revision; ACK DDB-TABLE-209: the removed policy's id.
    assert ddb.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=new)["RevisionId"] == new
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_resource_policy(ResourceArn=arn)
    assert error_of(e)[0] == "PolicyNotFoundException"
    # ACK DDB-TABLE-205: a further delete answers the deletion's own id, later than the policy's.
    tombstone = ddb.delete_resource_policy(ResourceArn=arn)["RevisionId"]
    assert tombstone > new
    assert ddb.delete_resource_policy(ResourceArn=arn)["RevisionId"] == tombstone
    # moto test_delete_resource_policy.
    ddb.put_resource_policy(ResourceArn=arn, Policy=doc())
    ddb.delete_resource_policy(ResourceArn=arn)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_resource_policy(ResourceArn=arn)
    assert error_of(e)[0] == "PolicyNotFoundException"


def test_resource_arn_forms(ddb):
    arn = create_table(ddb, "rp-arns", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    calls = (lambda a: ddb.get_resource_policy(ResourceArn=a),
             lambda a: ddb.put_resource_policy(ResourceArn=a, Policy=doc()),
             lambda a: ddb.delete_resource_policy(ResourceArn=a))
    # moto test_put/get/delete_resource_policy_*unknown_resource; ACK DDB-TABLE-212 for the others.
    cases = [
        (arn + "unknown", ("ResourceNotFoundException", 400, "Requested resource not found: Table: rp-arnsunknown not found")),
        ("rp-arns", ("ValidationException", 400, INVALID + "ARNs must start with 'arn:': rp-arns")),
        (arn.replace(ACCOUNT, "111111111111"), ("ValidationException", 400,
         "This action is only supported by accounts that match the resource owner\u2019s account.")),
        (arn.replace("us-east-1", "us-west-2"), ("ValidationException", 400,
         INVALID + "Invalid resource Arn: " + arn.replace("us-east-1", "us-west-2"))),
        (arn.replace("arn:aws:", "arn:aws-cn:"), ("ValidationException", 400,
         INVALID + "Invalid resource Arn: " + arn.replace("arn:aws:", "arn:aws-cn:"))),
        (arn + "/index/by-x", ("ValidationException", 400, INVALID + "Invalid resource arn provided, only table or "
                               "stream is accepted. Provided resource arn: " + arn + "/index/by-x")),
        (arn + "/backup/01700000000000-abcdef12", ("ValidationException", 400, INVALID + "Provided Arn is not a "
                                                   "DynamoDB resource arn: " + arn + "/backup/01700000000000-abcdef12")),
        (arn + "/stream/2000-01-01T00:00:00.000", ("ResourceNotFoundException", 400, "Requested resource not found: "
                                                   "Stream: 2000-01-01T00:00:00.000 not found for Table: rp-arns")),
    ]
    for resource, expected in cases:
        for call in calls:
            with pytest.raises(botocore.exceptions.ClientError) as e:
                call(resource)
            assert error_of(e) == expected, resource


def test_stream_policy_is_a_slot_of_its_own(tarn, ddb):
    # ACK DDB-TABLE-213: own RevisionId; the table's Get does not see it.
    arn = create_table(ddb, "rp-stream", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    stream_arn = ddb.describe_table(TableName="rp-stream")["Table"]["LatestStreamArn"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_resource_policy(ResourceArn=stream_arn)
    assert error_of(e) == ("PolicyNotFoundException", 400, NOT_FOUND + stream_arn)
    stream_doc = doc("dynamodb:GetRecords", resource=stream_arn)
    revision = ddb.put_resource_policy(ResourceArn=stream_arn, Policy=stream_doc)["RevisionId"]
    assert ddb.get_resource_policy(ResourceArn=stream_arn)["RevisionId"] == revision
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_resource_policy(ResourceArn=arn)
    assert error_of(e) == ("PolicyNotFoundException", 400, NOT_FOUND + arn)
    table_revision = ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:GetItem"))["RevisionId"]
    assert table_revision != revision
    assert ddb.get_resource_policy(ResourceArn=stream_arn)["RevisionId"] == revision
    # The stream's policy takes part in authorizing the stream operations: its explicit Deny binds.
    streams = tarn.client("dynamodbstreams")
    streams.describe_stream(StreamArn=stream_arn)
    ddb.put_resource_policy(ResourceArn=stream_arn, Policy=doc("dynamodb:DescribeStream", effect="Deny",
                                                               resource=stream_arn))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        streams.describe_stream(StreamArn=stream_arn)
    assert error_of(e) == ("AccessDeniedException", 400,
                           f"User: {ROOT} is not authorized to perform: dynamodb:DescribeStream on resource: "
                           f"{stream_arn} with an explicit deny in a resource-based policy")
    ddb.scan(TableName="rp-stream")  # the table's own calls are not the stream's
    removed = ddb.get_resource_policy(ResourceArn=stream_arn)["RevisionId"]
    assert ddb.delete_resource_policy(ResourceArn=stream_arn)["RevisionId"] == removed
    streams.describe_stream(StreamArn=stream_arn)
    assert ddb.get_resource_policy(ResourceArn=arn)["RevisionId"] == table_revision
    # A new stream of the table starts without the old stream's policy.
    ddb.put_resource_policy(ResourceArn=stream_arn, Policy=stream_doc)
    ddb.update_table(TableName="rp-stream", StreamSpecification={"StreamEnabled": False})
    assert ddb.get_resource_policy(ResourceArn=stream_arn)["Policy"]  # kept while that stream is the latest
    ddb.update_table(TableName="rp-stream", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    new_stream = ddb.describe_table(TableName="rp-stream")["Table"]["LatestStreamArn"]
    assert new_stream != stream_arn
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_resource_policy(ResourceArn=new_stream)
    assert error_of(e) == ("PolicyNotFoundException", 400, NOT_FOUND + new_stream)


def test_canonical_form(ddb):
    arn = create_table(ddb, "rp-canonical")
    # ACK DDB-TABLE-208/352/353: minified, AWS's member order, one-element lists as their element,
    # an account id as its root ARN, a principal list without repeats; longer lists kept as sent.
    sent = {"Statement": {"Condition": {"StringEquals": {"aws:PrincipalAccount": [ACCOUNT]}},
                          "Resource": [arn, arn + "/index/*"], "Action": ["dynamodb:GetItem"],
                          "Principal": {"AWS": [ACCOUNT, ROOT]}, "Effect": "Allow", "Sid": "Read"},
            "Version": "2012-10-17"}
    ddb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(sent, indent=2))
    assert ddb.get_resource_policy(ResourceArn=arn)["Policy"] == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"' + ROOT + '"},'
        '"Action":"dynamodb:GetItem","Resource":["' + arn + '","' + arn + '/index/*"],'
        '"Condition":{"StringEquals":{"aws:PrincipalAccount":"' + ACCOUNT + '"}}}]}')
    # ACK DDB-TABLE-354: without a Version the policy reads back as 2008-10-17, yet putting that shown
    # form back is a change, and putting the Version-less form twice is not.
    versionless = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCOUNT},
                                             "Action": "dynamodb:Query", "Resource": arn}]})
    first = ddb.put_resource_policy(ResourceArn=arn, Policy=versionless)["RevisionId"]
    shown = ddb.get_resource_policy(ResourceArn=arn)["Policy"]
    assert json.loads(shown)["Version"] == "2008-10-17"
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=versionless)["RevisionId"] == first
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=shown)["RevisionId"] > first


def test_policies_refused(ddb):
    arn = create_table(ddb, "rp-refused")
    kept = ddb.put_resource_policy(ResourceArn=arn, Policy=doc())["RevisionId"]
    statement = {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "dynamodb:GetItem", "Resource": "*"}
    cases = [  # ACK DDB-TABLE-211, 352, 356 and the summary of policy validation
        ("{", INVALID + "Invalid policy document: This policy contains invalid Json"),
        (json.dumps({"Version": "2012-10-17", "Statement": []}),
         INVALID + "Invalid policy document: Could not parse the policy: Statement is empty!"),
        (json.dumps({"Statement": [{k: v for k, v in statement.items() if k != "Resource"}]}),
         INVALID + "Invalid policy document: Missing required field Resource"),
        (json.dumps({"Statement": [dict(statement, Sid="a"), dict(statement, Sid="a")]}),
         INVALID + "Invalid policy document: The Statement Ids in the policy are not unique"),
        (json.dumps({"Statement": [dict(statement, Principal="*")]}),
         "Resource-based policy grants unbounded access in one or more elements. Please revise the policy to "
         "ensure least-privilege form of access"),
        (json.dumps({"Statement": [dict(statement, Principal={"AWS": "*"})]}),
         "Resource-based policy grants unbounded access in one or more elements. Please revise the policy to "
         "ensure least-privilege form of access"),
        (json.dumps({"Statement": [dict(statement, Action=["dynamodb:GetRecords", "dynamodb:DescribeStream"])]}),
         INVALID + 'Invalid policy document: The following action names are invalid: "dynamodb:GetRecords", '
         '"dynamodb:DescribeStream"'),
        (doc() + " " * (20480 - len(doc()) + 1), INVALID + "Maximum policy size of 20480 bytes exceeded"),
    ]
    for policy, message in cases:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.put_resource_policy(ResourceArn=arn, Policy=policy)
        assert error_of(e) == ("ValidationException", 400, message), policy
    # At the limit (whitespace counts) is accepted; a Deny to everyone is too.
    ddb.put_resource_policy(ResourceArn=arn, Policy=doc() + " " * (20480 - len(doc())))
    assert ddb.get_resource_policy(ResourceArn=arn)["RevisionId"] == kept  # the same policy
    ddb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(
        {"Statement": [dict(statement, Effect="Deny", Principal="*")]}))
    # CreateTable checks its ResourcePolicy the same way, before creating anything.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        create_table(ddb, "rp-refused-create", ResourcePolicy="{")
    assert error_of(e)[0] == "ValidationException"
    assert "rp-refused-create" not in ddb.list_tables()["TableNames"]


def test_self_lockout_needs_confirmation(ddb):
    # ACK DDB-TABLE-210/270: a policy denying the caller PutResourcePolicy.
    arn = create_table(ddb, "rp-lockout")
    deny = doc("dynamodb:PutResourcePolicy", effect="Deny")
    scoped = doc("dynamodb:PutResourcePolicy", effect="Deny",
                 Condition={"StringEquals": {"aws:PrincipalArn": ROOT}})
    for policy, extra in ((deny, {}), (deny, {"ConfirmRemoveSelfResourceAccess": False}), (scoped, {})):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ddb.put_resource_policy(ResourceArn=arn, Policy=policy, **extra)
        assert error_of(e) == ("AccessDeniedException", 400,
                               "The new resource policy will not allow you to update the resource policy in the future.")
    # A Deny scoped to someone else, or of DeleteResourcePolicy only, needs no confirmation.
    other = doc("dynamodb:PutResourcePolicy", effect="Deny",
                Condition={"StringEquals": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/someone"}})
    ddb.put_resource_policy(ResourceArn=arn, Policy=other)
    ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:DeleteResourcePolicy", effect="Deny"))
    ddb.put_resource_policy(ResourceArn=arn, Policy=deny, ConfirmRemoveSelfResourceAccess=True)
    # Now it binds the root user as well: no more changes, and the Get still works.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.put_resource_policy(ResourceArn=arn, Policy=doc(), ConfirmRemoveSelfResourceAccess=True)
    assert error_of(e)[0] == "AccessDeniedException"
    assert "Deny" in ddb.get_resource_policy(ResourceArn=arn)["Policy"]


def test_policy_takes_part_in_authorization(tarn, ddb):
    arn = create_table(ddb, "rp-enforced", ResourcePolicy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "NoScans", "Effect": "Deny", "Principal": {"AWS": ACCOUNT}, "Action": "dynamodb:Scan",
         "Resource": "*"}]}))
    ddb.put_item(TableName="rp-enforced", Item={"id": {"S": "a"}})
    # An explicit Deny binds the account's root user (ACK DDB-TABLE-431: AWS's words).
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.scan(TableName="rp-enforced")
    assert error_of(e) == ("AccessDeniedException", 400,
                           f"User: {ROOT} is not authorized to perform: dynamodb:Scan on resource: {arn} "
                           "with an explicit deny in a resource-based policy")
    # A user without any identity policy, named by the table's policy, may do what it allows, on the
    # table and its indexes; nothing else, and not on other tables.
    iam = tarn.client("iam")
    user_arn = iam.create_user(UserName="reader")["User"]["Arn"]
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    reader = tarn.client("dynamodb", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    create_table(ddb, "rp-elsewhere")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        reader.get_item(TableName="rp-enforced", Key={"id": {"S": "a"}})
    assert error_of(e)[0] == "AccessDeniedException"
    ddb.put_resource_policy(ResourceArn=arn, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": ["dynamodb:GetItem", "dynamodb:Query"],
         "Resource": [arn, arn + "/index/*"]}]}))
    assert reader.get_item(TableName="rp-enforced", Key={"id": {"S": "a"}})["Item"] == {"id": {"S": "a"}}
    assert reader.query(TableName="rp-enforced", KeyConditionExpression="id = :a",
                        ExpressionAttributeValues={":a": {"S": "a"}})["Count"] == 1
    for call in (lambda: reader.put_item(TableName="rp-enforced", Item={"id": {"S": "b"}}),
                 lambda: reader.get_item(TableName="rp-elsewhere", Key={"id": {"S": "a"}})):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call()
        assert error_of(e)[0] == "AccessDeniedException"
    # The root user is no longer denied Scan once that statement is gone.
    assert ddb.scan(TableName="rp-enforced")["Count"] == 1
    # A table deleted and created again under the same name starts without a policy (ACK DDB-TABLE-374).
    ddb.delete_table(TableName="rp-enforced")
    create_table(ddb, "rp-enforced")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.get_resource_policy(ResourceArn=arn)
    assert error_of(e)[0] == "PolicyNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        reader.get_item(TableName="rp-enforced", Key={"id": {"S": "a"}})
    assert error_of(e)[0] == "AccessDeniedException"


def test_policy_survives_kill_9(tarn, ddb, tmp_path):
    arn = create_table(ddb, "rp-durable")
    # Put with the awscli, as a user would (file:// policy); read back with the CLI after kill -9.
    path = tmp_path / "policy.json"
    path.write_text(doc("dynamodb:Scan", effect="Deny"))
    put = tarn.aws("dynamodb", "put-resource-policy", "--resource-arn", arn, "--policy", f"file://{path}",
                   "--output", "json")
    assert put.returncode == 0, put.stderr
    revision = json.loads(put.stdout)["RevisionId"]
    tarn.stop(sig=signal.SIGKILL)
    tarn.start()
    ddb = tarn.client("dynamodb")
    got = json.loads(tarn.aws("dynamodb", "get-resource-policy", "--resource-arn", arn, "--output", "json",
                              check=True).stdout)
    assert got["RevisionId"] == revision and "Deny" in got["Policy"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ddb.scan(TableName="rp-durable")
    assert error_of(e)[0] == "AccessDeniedException"
    # Revisions stay later than the ones given before the restart.
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=doc("dynamodb:GetItem"))["RevisionId"] > revision
