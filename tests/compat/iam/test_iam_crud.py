"""IAM API round trips through boto3 (Query protocol, XML responses) and IAM's error shapes:
users and tags, groups, access keys, managed policy versions, inline policies, roles, pagination."""
import json
import urllib.parse

import botocore.exceptions
import pytest

ALLOW_GET = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return (e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"],
            e.value.response["Error"]["Message"])


def test_users_tags_and_errors(tarn):
    iam = tarn.client("iam")
    user = iam.create_user(UserName="app", Path="/apps/", Tags=[{"Key": "team", "Value": "data"}])["User"]
    assert user["Arn"] == "arn:aws:iam::000000000000:user/apps/app"
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    assert user["Tags"] == [{"Key": "team", "Value": "data"}]
    assert error_of(iam.create_user, UserName="app") == (
        "EntityAlreadyExists", 409, "User with name app already exists.")
    assert error_of(iam.get_user, UserName="ghost") == (
        "NoSuchEntity", 404, "The user with name ghost cannot be found.")
    got = iam.get_user(UserName="app")["User"]
    assert got["CreateDate"] == user["CreateDate"]
    iam.tag_user(UserName="app", Tags=[{"Key": "env", "Value": "dev"}])
    assert iam.list_user_tags(UserName="app")["Tags"] == [{"Key": "team", "Value": "data"},
                                                          {"Key": "env", "Value": "dev"}]
    iam.untag_user(UserName="app", TagKeys=["team"])
    assert iam.list_user_tags(UserName="app")["Tags"] == [{"Key": "env", "Value": "dev"}]
    # Root calling GetUser without a name gets itself.
    assert iam.get_user()["User"]["Arn"] == "arn:aws:iam::000000000000:root"

    for i in range(5):
        iam.create_user(UserName=f"u{i}")
    page = iam.list_users(MaxItems=2)
    assert page["IsTruncated"] and len(page["Users"]) == 2
    names = [u["UserName"] for p in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2})
             for u in p["Users"]]
    assert names == ["app", "u0", "u1", "u2", "u3", "u4"]

    iam.update_user(UserName="u0", NewUserName="renamed")
    assert iam.get_user(UserName="renamed")["User"]["Arn"].endswith(":user/renamed")
    iam.delete_user(UserName="renamed")
    assert error_of(iam.delete_user, UserName="renamed")[0] == "NoSuchEntity"
    # Model validation: ValidationError for a name outside IAM's pattern.
    code, status, _ = error_of(iam.create_user, UserName="bad name!")
    assert (code, status) == ("ValidationError", 400)


def test_groups_keys_and_delete_conflicts(tarn):
    iam = tarn.client("iam")
    iam.create_user(UserName="app")
    group = iam.create_group(GroupName="writers")["Group"]
    assert group["GroupId"].startswith("AGPA")
    iam.add_user_to_group(GroupName="writers", UserName="app")
    got = iam.get_group(GroupName="writers")
    assert [u["UserName"] for u in got["Users"]] == ["app"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="app")["Groups"]] == ["writers"]

    key = iam.create_access_key(UserName="app")["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40 and key["Status"] == "Active"
    iam.create_access_key(UserName="app")
    assert error_of(iam.create_access_key, UserName="app") == (
        "LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2")
    listed = iam.list_access_keys(UserName="app")["AccessKeyMetadata"]
    assert len(listed) == 2 and all("SecretAccessKey" not in k for k in listed)
    iam.update_access_key(UserName="app", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    statuses = {k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName="app")["AccessKeyMetadata"]}
    assert statuses[key["AccessKeyId"]] == "Inactive"
    last = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert last["UserName"] == "app" and last["AccessKeyLastUsed"]["ServiceName"] == "N/A"

    assert error_of(iam.delete_user, UserName="app") == (
        "DeleteConflict", 409, "Cannot delete entity, must delete access keys first.")
    for k in iam.list_access_keys(UserName="app")["AccessKeyMetadata"]:
        iam.delete_access_key(UserName="app", AccessKeyId=k["AccessKeyId"])
    assert error_of(iam.delete_access_key, UserName="app", AccessKeyId=key["AccessKeyId"]) == (
        "NoSuchEntity", 404, f"The Access Key with id {key['AccessKeyId']} cannot be found.")
    assert error_of(iam.delete_group, GroupName="writers") == (
        "DeleteConflict", 409, "Cannot delete entity, must remove users from group first.")
    iam.remove_user_from_group(GroupName="writers", UserName="app")
    iam.delete_group(GroupName="writers")
    iam.delete_user(UserName="app")


def test_managed_policy_versions_and_attachments(tarn):
    iam = tarn.client("iam")
    policy = iam.create_policy(PolicyName="reader", PolicyDocument=json.dumps(ALLOW_GET))["Policy"]
    arn = policy["Arn"]
    assert arn == "arn:aws:iam::000000000000:policy/reader"
    assert policy["PolicyId"].startswith("ANPA") and policy["DefaultVersionId"] == "v1"
    assert error_of(iam.create_policy, PolicyName="reader", PolicyDocument=json.dumps(ALLOW_GET)) == (
        "EntityAlreadyExists", 409, "A policy called reader already exists. Duplicate names are not allowed.")
    code, status, _ = error_of(iam.create_policy, PolicyName="bad", PolicyDocument="{not json")
    assert (code, status) == ("MalformedPolicyDocument", 400)

    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(ALLOW_GET))
    code, status, message = error_of(iam.create_policy_version, PolicyArn=arn,
                                     PolicyDocument=json.dumps(ALLOW_GET))
    assert (code, status) == ("LimitExceeded", 409)
    assert message.startswith("A managed policy can have up to 5 versions.")
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v3", "v2", "v1"]
    assert error_of(iam.delete_policy_version, PolicyArn=arn, VersionId="v1") == (
        "DeleteConflict", 409, "Cannot delete the default version of a policy.")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v5")
    made = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(ALLOW_GET), SetAsDefault=True)
    assert made["PolicyVersion"] == {**made["PolicyVersion"], "VersionId": "v6", "IsDefaultVersion": True}
    # boto3 decodes the URL-encoded document into a dict.
    doc = iam.get_policy_version(PolicyArn=arn, VersionId="v6")["PolicyVersion"]["Document"]
    assert doc == ALLOW_GET

    iam.create_user(UserName="app")
    iam.attach_user_policy(UserName="app", PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
    assert iam.list_attached_user_policies(UserName="app")["AttachedPolicies"] == [
        {"PolicyName": "reader", "PolicyArn": arn}]
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local", OnlyAttached=True)["Policies"]] == ["reader"]
    assert iam.list_entities_for_policy(PolicyArn=arn)["PolicyUsers"][0]["UserName"] == "app"
    assert error_of(iam.delete_policy, PolicyArn=arn) == (
        "DeleteConflict", 409, "Cannot delete a policy attached to entities.")
    iam.detach_user_policy(UserName="app", PolicyArn=arn)
    for v in ("v1", "v2", "v3", "v4"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=v)
    iam.delete_policy(PolicyArn=arn)
    assert error_of(iam.get_policy, PolicyArn=arn) == (
        "NoSuchEntity", 404, f"Policy {arn} does not exist or is not attachable.")


def test_aws_managed_policies_are_listed_and_attachable(tarn):
    iam = tarn.client("iam")
    aws = [p for page in iam.get_paginator("list_policies").paginate(Scope="AWS") for p in page["Policies"]]
    by_name = {p["PolicyName"]: p for p in aws}
    assert "AdministratorAccess" in by_name
    admin = by_name["AdministratorAccess"]["Arn"]
    assert admin == "arn:aws:iam::aws:policy/AdministratorAccess"
    iam.create_user(UserName="ops")
    iam.attach_user_policy(UserName="ops", PolicyArn=admin)
    assert iam.list_attached_user_policies(UserName="ops")["AttachedPolicies"][0]["PolicyArn"] == admin


def test_inline_policies_boundaries_and_roles(tarn):
    iam = tarn.client("iam")
    iam.create_user(UserName="app")
    iam.put_user_policy(UserName="app", PolicyName="get", PolicyDocument=json.dumps(ALLOW_GET))
    got = iam.get_user_policy(UserName="app", PolicyName="get")
    assert got["PolicyDocument"] == ALLOW_GET
    assert iam.list_user_policies(UserName="app")["PolicyNames"] == ["get"]
    assert error_of(iam.get_user_policy, UserName="app", PolicyName="nope") == (
        "NoSuchEntity", 404, "The user policy with name nope cannot be found.")
    boundary = iam.create_policy(PolicyName="b", PolicyDocument=json.dumps(ALLOW_GET))["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName="app", PermissionsBoundary=boundary)
    assert iam.get_user(UserName="app")["User"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}
    iam.delete_user_permissions_boundary(UserName="app")
    assert "PermissionsBoundary" not in iam.get_user(UserName="app")["User"]

    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(TRUST),
                           Description="lambda", Tags=[{"Key": "k", "Value": "v"}])["Role"]
    assert role["RoleId"].startswith("AROA") and role["Arn"] == "arn:aws:iam::000000000000:role/fn"
    assert role["AssumeRolePolicyDocument"] == TRUST
    assert error_of(iam.create_role, RoleName="fn", AssumeRolePolicyDocument=json.dumps(TRUST)) == (
        "EntityAlreadyExists", 409, "Role with name fn already exists.")
    assert error_of(iam.get_role, RoleName="nope") == (
        "NoSuchEntity", 404, "The role with name nope cannot be found.")
    iam.update_role(RoleName="fn", MaxSessionDuration=7200)
    assert iam.get_role(RoleName="fn")["Role"]["MaxSessionDuration"] == 7200
    iam.attach_role_policy(RoleName="fn", PolicyArn=boundary)
    iam.put_role_policy(RoleName="fn", PolicyName="inline", PolicyDocument=json.dumps(ALLOW_GET))
    assert error_of(iam.delete_role, RoleName="fn") == (
        "DeleteConflict", 409, "Cannot delete entity, must detach all policies first.")
    iam.detach_role_policy(RoleName="fn", PolicyArn=boundary)
    assert error_of(iam.delete_role, RoleName="fn") == (
        "DeleteConflict", 409, "Cannot delete entity, must delete policies first.")
    iam.delete_role_policy(RoleName="fn", PolicyName="inline")
    trust2 = dict(TRUST, Statement=[dict(TRUST["Statement"][0], Principal={"Service": "glue.amazonaws.com"})])
    iam.update_assume_role_policy(RoleName="fn", PolicyDocument=json.dumps(trust2))
    assert iam.get_role(RoleName="fn")["Role"]["AssumeRolePolicyDocument"] == trust2
    iam.tag_role(RoleName="fn", Tags=[{"Key": "k2", "Value": "v2"}])
    assert len(iam.list_role_tags(RoleName="fn")["Tags"]) == 2
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["fn"]
    iam.delete_role(RoleName="fn")


def test_documents_are_url_encoded_on_the_wire(tarn):
    from signing import FORM, send_signed
    iam = tarn.client("iam")
    iam.create_user(UserName="app")
    iam.put_user_policy(UserName="app", PolicyName="get", PolicyDocument=json.dumps(ALLOW_GET))
    r = send_signed(tarn, "iam", "Action=GetUserPolicy&Version=2010-05-08&UserName=app&PolicyName=get",
                    headers=FORM)
    assert r.status == 200, r.body
    encoded = r.body.split("<PolicyDocument>")[1].split("</PolicyDocument>")[0]
    assert "%22" in encoded and json.loads(urllib.parse.unquote(encoded)) == ALLOW_GET


def test_update_group_role_description_and_policy_tags(tarn):
    iam = tarn.client("iam")
    iam.create_group(GroupName="g1")
    iam.create_group(GroupName="taken")
    iam.create_user(UserName="u1")
    iam.add_user_to_group(GroupName="g1", UserName="u1")
    assert error_of(iam.update_group, GroupName="g1", NewGroupName="taken") == (
        "EntityAlreadyExists", 409, "Group with name taken already exists.")
    iam.update_group(GroupName="g1", NewGroupName="g2", NewPath="/team/")
    got = iam.get_group(GroupName="g2")
    assert got["Group"]["Arn"] == "arn:aws:iam::000000000000:group/team/g2" and got["Group"]["Path"] == "/team/"
    assert [u["UserName"] for u in got["Users"]] == ["u1"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="u1")["Groups"]] == ["g2"]
    assert error_of(iam.get_group, GroupName="g1")[:2] == ("NoSuchEntity", 404)
    assert error_of(iam.update_group, GroupName="g1", NewPath="/x/") == (
        "NoSuchEntity", 404, "The group with name g1 cannot be found.")

    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    role = iam.update_role_description(RoleName="r", Description="reads the lake")["Role"]
    assert role["RoleName"] == "r" and role["Description"] == "reads the lake"
    assert iam.get_role(RoleName="r")["Role"]["Description"] == "reads the lake"

    arn = iam.create_policy(PolicyName="p", PolicyDocument=json.dumps(ALLOW_GET))["Policy"]["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    iam.untag_policy(PolicyArn=arn, TagKeys=["a"])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["Tags"] == [{"Key": "b", "Value": "2"}]
    missing = "arn:aws:iam::000000000000:policy/missing"
    assert error_of(iam.tag_policy, PolicyArn=missing, Tags=[{"Key": "a", "Value": "1"}])[:2] == ("NoSuchEntity", 404)
