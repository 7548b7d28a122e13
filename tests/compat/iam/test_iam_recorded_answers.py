"""IAM answers recorded on AWS by LocalStack's validated IAM tests (test_iam_users.py, test_iam_roles.py,
test_iam_groups.py, test_iam_policies.py; each test names the recording) that tarn once gave
differently: who DeleteAccessKey addresses without a UserName, ARNs that are no policy ARN, tag keys,
trust-policy actions, managed-policy documents IAM accepts or refuses, and the shapes of a few answers."""
import json

import pytest
from client_errors import error_of

ACCOUNT = "000000000000"
ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
TAG_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"


@pytest.fixture
def iam(tarn):
    return tarn.client("iam")


def role_session(tarn, iam, name):
    """An IAM client signed by a session of role `name`, which an IAM user (roots may not) assumes."""
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=ALLOW_ALL)
    iam.create_user(UserName="caller")
    iam.put_user_policy(UserName="caller", PolicyName="all", PolicyDocument=ALLOW_ALL)
    key = iam.create_access_key(UserName="caller")["AccessKey"]
    sts = tarn.client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{name}",
                                           RoleSessionName="session")["Credentials"]
    return tarn.client("iam", aws_access_key_id=creds["AccessKeyId"],
                       aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])


def test_access_keys_without_a_user_name(tarn, iam):
    # test_access_key_errors: a role session must name the user; nothing is deleted.
    iam.create_user(UserName="victim")
    key = iam.create_access_key(UserName="victim")["AccessKey"]["AccessKeyId"]
    as_role = role_session(tarn, iam, "admin")
    assert error_of(as_role.delete_access_key, AccessKeyId=key) == (
        400, "ValidationError", "Must specify userName when calling with non-User credentials")
    assert error_of(as_role.update_access_key, AccessKeyId=key, Status="Inactive")[1] == "ValidationError"
    # The root user addresses its own keys, which are no IAM user's.
    assert error_of(iam.delete_access_key, AccessKeyId=key) == (
        404, "NoSuchEntity", f"The Access Key with id {key} cannot be found.")
    assert [k["AccessKeyId"] for k in iam.list_access_keys(UserName="victim")["AccessKeyMetadata"]] == [key]
    iam.delete_access_key(UserName="victim", AccessKeyId=key)
    # get-last-used-nonexistent-key-error: IAM does not say whether a key exists.
    assert error_of(iam.get_access_key_last_used, AccessKeyId="AKIAIOSFODNN7EXAMPLE") == (
        403, "AccessDenied", f"User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform "
                             "iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE")


def test_arns_that_are_no_policy_arn(iam):
    # test_role_managed_policy_errors, test_role_permissions_boundary_errors.
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    assert error_of(iam.attach_role_policy, RoleName="r", PolicyArn="longpolicynamebutnoarn") == (
        400, "ValidationError", "ARN longpolicynamebutnoarn is not valid.")
    bad = f"arn:aws:iam::{ACCOUNT}:not_a_policy/invalid"
    assert error_of(iam.put_role_permissions_boundary, RoleName="r", PermissionsBoundary=bad) == (
        400, "InvalidInput", f"ARN {bad} is not valid.")
    assert error_of(iam.create_role, RoleName="r2", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=bad) == (
        400, "InvalidInput", f"ARN {bad} is not valid.")
    missing = f"arn:aws:iam::{ACCOUNT}:policy/missing"
    assert error_of(iam.put_role_permissions_boundary, RoleName="r", PermissionsBoundary=missing) == (
        404, "NoSuchEntity", f"Scope ARN: {missing} does not exist or is not attachable.")
    # test_policy_version_errors: a missing policy is reported as its missing version.
    assert error_of(iam.get_policy_version, PolicyArn=missing, VersionId="v1") == (
        404, "NoSuchEntity", f"Policy {missing} version v1 does not exist or is not attachable.")
    assert error_of(iam.set_default_policy_version, PolicyArn=missing, VersionId="v1") == (
        404, "NoSuchEntity", f"Policy {missing} version v1 does not exist or is not attachable.")


def test_tag_keys(iam):
    # test_role_tag_errors, test_policy_tag_create_errors.
    duplicate = "Duplicate tag keys found. Please note that Tag keys are case insensitive."
    assert error_of(iam.create_role, RoleName="t", AssumeRolePolicyDocument=TRUST,
                    Tags=[{"Key": "mykey", "Value": "a"}, {"Key": "MyKey", "Value": "b"}]) == (
        400, "InvalidInput", duplicate)
    iam.create_role(RoleName="t", AssumeRolePolicyDocument=TRUST, Tags=[{"Key": "team", "Value": "a"}])
    assert error_of(iam.tag_role, RoleName="t", Tags=[{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]) == (
        400, "InvalidInput", duplicate)
    assert error_of(iam.tag_role, RoleName="t", Tags=[{"Key": "invalid!key", "Value": "v"}]) == (
        400, "ValidationError", "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy "
                                "constraint: Member must satisfy regular expression pattern: " + TAG_PATTERN)
    assert error_of(iam.untag_role, RoleName="t", TagKeys=["invalid!key"]) == (
        400, "ValidationError", "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: "
                                "Member must satisfy constraint: [Member must have length less than or equal to "
                                "128, Member must have length greater than or equal to 1, Member must satisfy "
                                "regular expression pattern: " + TAG_PATTERN + ", Member must not be null]")
    # Keys compare case-insensitively: TEAM replaces team.
    iam.tag_role(RoleName="t", Tags=[{"Key": "TEAM", "Value": "b"}])
    assert iam.list_role_tags(RoleName="t")["Tags"] == [{"Key": "TEAM", "Value": "b"}]
    assert error_of(iam.create_policy, PolicyName="p", PolicyDocument=ALLOW_ALL,
                    Tags=[{"Key": "dupkey", "Value": "a"}, {"Key": "dupkey", "Value": "b"}]) == (
        400, "InvalidInput", "Duplicate tag keys found.")


def test_trust_policies_grant_only_assume_role(iam):
    # test_update_assume_role_policy_errors.
    iam.create_role(RoleName="tr", AssumeRolePolicyDocument=TRUST)
    bad = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:InvalidAction"}]})
    assert error_of(iam.update_assume_role_policy, RoleName="tr", PolicyDocument=bad) == (
        400, "MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions.")
    good = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
         "Action": ["sts:AssumeRole", "sts:TagSession"]}]})
    iam.update_assume_role_policy(RoleName="tr", PolicyDocument=good)


@pytest.mark.parametrize("document, message", [
    # invalid-1, invalid-2
    ({"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}},
     "Policy document must be version 2012-10-17 or greater."),
    ({"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}},
     "Policy document must be version 2012-10-17 or greater."),
    # invalid-35
    ({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket",
                                             "Resource": "arn:aws:iam:::example_bucket"}},
     'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, '
     "instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, "
     "access-report/."),
    # invalid-21, invalid-24, invalid-25, invalid-38
    ({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "s3s:ListBucket",
                                             "Resource": "a:bsdfdsafsad"}},
     'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'),
    ({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket",
                                             "Resource": "aws:s3:::example_bucket"}},
     'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'),
    ({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket",
                                             "Resource": ["arn:error:s3:::example_bucket",
                                                          "arn:error:s3::example_bucket"]}},
     'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".'),
    ({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws"}},
     "Resource vendor must be fully qualified and cannot contain regexes."),
])
def test_managed_policy_documents_refused(iam, document, message):
    # test_create_policy_invalid_document.
    assert error_of(iam.create_policy, PolicyName="p", PolicyDocument=json.dumps(document)) == (
        400, "MalformedPolicyDocument", message)


@pytest.mark.parametrize("condition", [
    {"DateGreaterThan": {"a": []}},                                   # valid-18
    {"DateGreaterThan": {"a": "01T"}},                                # valid-30
    {"ForAnyValue:StringEqualsIfExists": {"a": "asf"}},               # valid-33
    {"DateLessThanEquals": {"a": "2016-12-13t2:00:00.593194+23"}},    # valid-36
    {"DateLessThan": {"a": "-292275054"}},                            # valid-37
])
def test_managed_policy_documents_accepted(iam, condition):
    # test_create_policy_valid_document.
    document = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket",
                                                       "Resource": "arn:aws:s3:::example_bucket",
                                                       "Condition": condition}}
    iam.create_policy(PolicyName="p", PolicyDocument=json.dumps(document))


def test_access_point_arns_carry_a_region(iam):
    # test_create_policy_valid_document[valid-50].
    document = {"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": ["s3:*"],
                "Resource": ["arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point"]}]}
    iam.create_policy(PolicyName="ap", PolicyDocument=json.dumps(document))


def test_answer_shapes_and_lookup_order(iam):
    # test_policy_lifecycle (GetPolicy always has Tags), test_policy_tag_lifecycle and
    # test_role_permissions_boundary_lifecycle (Create answers leave Description out),
    # test_remove_user_from_unknown_group (the user is looked for first).
    created = iam.create_policy(PolicyName="shape", PolicyDocument=ALLOW_ALL, Description="d")["Policy"]
    assert "Description" not in created
    got = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert got["Tags"] == [] and got["Description"] == "d"
    role = iam.create_role(RoleName="shape", AssumeRolePolicyDocument=TRUST, Description="d")["Role"]
    assert "Description" not in role
    assert iam.get_role(RoleName="shape")["Role"]["Description"] == "d"
    assert error_of(iam.remove_user_from_group, GroupName="non-existent-group", UserName="any-user") == (
        404, "NoSuchEntity", "The user with name any-user cannot be found.")
