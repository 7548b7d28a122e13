"""IAM instance profiles, login profiles and the account's alias, password policy and summary: the
round trips, IAM's refusals, the delete conflicts they add to roles and users, and that they survive
kill -9."""
import json
import signal

from client_errors import error_of

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def test_instance_profiles(tarn):
    iam = tarn.client("iam")
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=TRUST)
    created = iam.create_instance_profile(InstanceProfileName="web-profile", Path="/app/",
                                          Tags=[{"Key": "team", "Value": "data"}])["InstanceProfile"]
    assert created["Arn"] == "arn:aws:iam::000000000000:instance-profile/app/web-profile"
    assert created["InstanceProfileId"].startswith("AIPA") and created["Roles"] == []
    assert error_of(iam.create_instance_profile, InstanceProfileName="web-profile") == (
        409, "EntityAlreadyExists", "Instance Profile web-profile already exists.")
    iam.add_role_to_instance_profile(InstanceProfileName="web-profile", RoleName="web")
    assert error_of(iam.add_role_to_instance_profile, InstanceProfileName="web-profile", RoleName="other") == (
        409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
    got = iam.get_instance_profile(InstanceProfileName="web-profile")["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == ["web"] and got["Tags"] == [{"Key": "team", "Value": "data"}]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles(PathPrefix="/app/")["InstanceProfiles"]] == [
        "web-profile"]
    assert iam.list_instance_profiles(PathPrefix="/other/")["InstanceProfiles"] == []
    assert [p["InstanceProfileName"] for p in
            iam.list_instance_profiles_for_role(RoleName="web")["InstanceProfiles"]] == ["web-profile"]
    assert iam.list_instance_profiles_for_role(RoleName="other")["InstanceProfiles"] == []
    iam.tag_instance_profile(InstanceProfileName="web-profile", Tags=[{"Key": "env", "Value": "dev"}])
    iam.untag_instance_profile(InstanceProfileName="web-profile", TagKeys=["team"])
    assert iam.list_instance_profile_tags(InstanceProfileName="web-profile")["Tags"] == [
        {"Key": "env", "Value": "dev"}]
    conflict = (409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
    assert error_of(iam.delete_role, RoleName="web") == conflict
    assert error_of(iam.delete_instance_profile, InstanceProfileName="web-profile") == conflict

    tarn.stop(sig=signal.SIGKILL)  # acknowledged writes survive
    tarn.start()
    iam = tarn.client("iam")
    got = iam.get_instance_profile(InstanceProfileName="web-profile")["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == ["web"]
    iam.remove_role_from_instance_profile(InstanceProfileName="web-profile", RoleName="web")
    iam.delete_instance_profile(InstanceProfileName="web-profile")
    assert error_of(iam.get_instance_profile, InstanceProfileName="web-profile") == (
        404, "NoSuchEntity", "Instance Profile web-profile cannot be found.")
    iam.delete_role(RoleName="web")


def test_login_profiles(tarn):
    iam = tarn.client("iam")
    iam.create_user(UserName="analyst")
    profile = iam.create_login_profile(UserName="analyst", Password="Str0ng!pass",
                                       PasswordResetRequired=True)["LoginProfile"]
    assert profile["UserName"] == "analyst" and profile["PasswordResetRequired"] is True
    assert "Password" not in profile
    assert error_of(iam.create_login_profile, UserName="analyst", Password="Str0ng!pass") == (
        409, "EntityAlreadyExists", "Login Profile for user analyst already exists.")
    iam.update_login_profile(UserName="analyst", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="analyst")["LoginProfile"]["PasswordResetRequired"] is False
    assert error_of(iam.delete_user, UserName="analyst") == (
        409, "DeleteConflict", "Cannot delete entity, must delete login profile first.")
    iam.delete_login_profile(UserName="analyst")
    assert error_of(iam.get_login_profile, UserName="analyst") == (
        404, "NoSuchEntity", "Login Profile for User analyst cannot be found.")
    assert error_of(iam.get_login_profile, UserName="ghost") == (
        404, "NoSuchEntity", "The user with name ghost cannot be found.")
    iam.delete_user(UserName="analyst")


def test_account_alias_password_policy_and_summary(tarn):
    iam = tarn.client("iam")
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="student-records")
    assert iam.list_account_aliases()["AccountAliases"] == ["student-records"]
    assert error_of(iam.delete_account_alias, AccountAlias="other") == (
        404, "NoSuchEntity", "The account alias other cannot be found.")
    iam.delete_account_alias(AccountAlias="student-records")
    assert iam.list_account_aliases()["AccountAliases"] == []

    assert error_of(iam.get_account_password_policy) == (
        404, "NoSuchEntity", "The Password Policy with domain name 000000000000 cannot be found.")
    iam.update_account_password_policy(MinimumPasswordLength=12, RequireSymbols=True, MaxPasswordAge=90)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 12 and policy["RequireSymbols"] is True
    assert policy["MaxPasswordAge"] == 90 and policy["ExpirePasswords"] is True
    assert policy["RequireNumbers"] is False
    iam.delete_account_password_policy()
    assert error_of(iam.delete_account_password_policy)[:2] == (404, "NoSuchEntity")

    iam.create_user(UserName="u1")
    iam.create_role(RoleName="r1", AssumeRolePolicyDocument=TRUST)
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["Users"] == 1 and summary["Roles"] == 1 and summary["Groups"] == 0
    assert summary["AccessKeysPerUserQuota"] == 2 and summary["UsersQuota"] == 5000


def test_openid_connect_providers(tarn):
    # LocalStack's test_iam_oidc.py, recorded against AWS.
    iam = tarn.client("iam")
    arn = iam.create_open_id_connect_provider(Url="https://token.example.com/oidc", ThumbprintList=["a" * 40],
                                              ClientIDList=["sts.amazonaws.com"],
                                              Tags=[{"Key": "k1", "Value": "v1"}])["OpenIDConnectProviderArn"]
    assert arn == "arn:aws:iam::000000000000:oidc-provider/token.example.com/oidc"
    assert error_of(iam.create_open_id_connect_provider, Url="https://token.example.com/oidc",
                    ThumbprintList=["a" * 40]) == (
        409, "EntityAlreadyExists", "Provider with url https://token.example.com/oidc already exists.")
    assert error_of(iam.create_open_id_connect_provider, Url="example.org", ThumbprintList=["a" * 40]) == (
        400, "ValidationError", "Invalid Open ID Connect Provider URL")
    assert error_of(iam.create_open_id_connect_provider, Url="https://thumbs.example.com",
                    ThumbprintList=[c * 40 for c in "abcdef"]) == (
        400, "InvalidInput", "Thumbprint list must contain fewer than 5 entries.")
    assert error_of(iam.create_open_id_connect_provider, Url="https://clients.example.com",
                    ThumbprintList=["a" * 40], ClientIDList=[str(i) for i in range(101)]) == (
        409, "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100")

    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["Url"] == "token.example.com/oidc" and got["ClientIDList"] == ["sts.amazonaws.com"]
    assert got["ThumbprintList"] == ["a" * 40] and got["Tags"] == [{"Key": "k1", "Value": "v1"}]
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="web")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn,
                                                   ThumbprintList=["c" * 40, "d" * 40])
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["ClientIDList"] == ["web"] and got["ThumbprintList"] == ["c" * 40, "d" * 40]
    assert [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]] == [arn]

    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn,
                                     Tags=[{"Key": f"t{i}", "Value": str(i)} for i in range(9)])
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=["k1"])
    first = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn, MaxItems=4)
    second = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn, MaxItems=4, Marker=first["Marker"])
    last = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn, Marker=second["Marker"])
    assert (len(first["Tags"]), len(second["Tags"]), len(last["Tags"]), "Marker" in last) == (4, 4, 1, False)
    assert [t["Key"] for t in first["Tags"] + second["Tags"] + last["Tags"]] == [f"t{i}" for i in range(9)]

    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert error_of(iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn) == (
        404, "NoSuchEntity", f"OpenIDConnect Provider not found for arn {arn}")
    assert error_of(iam.delete_open_id_connect_provider, OpenIDConnectProviderArn=arn) == (
        404, "NoSuchEntity", f"OpenId connect Provider {arn} cannot be found.")


def test_shapes_recorded_for_the_new_operations(tarn):
    # LocalStack's test_iam_instance_profiles.py, test_iam_account_password_policy.py, test_iam_roles.py
    # (test_update_role) and test_iam_policies.py (policy tags), recorded against AWS.
    iam = tarn.client("iam")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="p")
    got = iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]
    assert got["Tags"] == []
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r")
    listed = iam.list_instance_profiles()["InstanceProfiles"][0]["Roles"][0]
    assert "MaxSessionDuration" not in listed and listed["RoleName"] == "r"
    iam.remove_role_from_instance_profile(InstanceProfileName="p", RoleName="r")
    assert error_of(iam.remove_role_from_instance_profile, InstanceProfileName="p", RoleName="r") == (
        404, "NoSuchEntity", "Role r in Instance Profile p cannot be found.")

    iam.update_account_password_policy()
    assert iam.get_account_password_policy()["PasswordPolicy"] == {
        "AllowUsersToChangePassword": False, "ExpirePasswords": False, "MinimumPasswordLength": 6,
        "RequireLowercaseCharacters": False, "RequireNumbers": False, "RequireSymbols": False,
        "RequireUppercaseCharacters": False}
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["AssumeRolePolicySizeQuota"] == 2048 and "AccountPasswordPresent" in summary

    role = iam.update_role_description(RoleName="r", Description="d")["Role"]
    assert "MaxSessionDuration" not in role and "RoleLastUsed" not in role

    document = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                                   "Resource": "*"}]})
    arn = iam.create_policy(PolicyName="tagged", PolicyDocument=document,
                            Tags=[{"Key": "a", "Value": "lowercase"}])["Policy"]["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "A", "Value": "uppercase"}])  # policy tag keys keep their case
    page = iam.list_policy_tags(PolicyArn=arn, MaxItems=1)
    assert page["IsTruncated"] is True and page["Tags"] == [{"Key": "a", "Value": "lowercase"}]
    rest = iam.list_policy_tags(PolicyArn=arn, Marker=page["Marker"])
    assert rest["IsTruncated"] is False and rest["Tags"] == [{"Key": "A", "Value": "uppercase"}]
    iam.untag_policy(PolicyArn=arn, TagKeys=["a"])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "A", "Value": "uppercase"}]
    missing = "arn:aws:iam::000000000000:policy/NotAPolicy"
    assert error_of(iam.tag_policy, PolicyArn=missing, Tags=[{"Key": "k", "Value": "v"}]) == (
        404, "NoSuchEntity", f"Policy {missing} was not found.")
