// IAM handlers called directly (no HTTP) over a temporary database: CRUD round trips, IAM's exact
// errors, pagination, durability across a reopen, the credential store (deleted / inactive keys,
// sessions and their expiry) and the authorizer with its compiled-policy cache invalidation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.h"
#include "iam/iam.h"
#include "iam/policy/policy.h"
#include "iam/store.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::iam {
namespace {

namespace json = boost::json;
using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;

constexpr const char* kAllowPutStudent = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
  "Action":["dynamodb:PutItem","dynamodb:GetItem"],"Resource":"arn:aws:dynamodb:us-east-1:000000000000:table/student"}]})";
constexpr const char* kAllowAll =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

class IamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyFreshDatabase(dir_.path() + "/db");
    Open();
  }
  void TearDown() override { Close(); }
  void Open() {
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    auto service = Service::Create(*rocks_, clock_);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(*service);
    registry_ = net::Registry();
    service_->RegisterOperations(registry_);
    auth::Credential root;
    root.access_key_id = "AKIAROOTROOTROOTROOT";
    root.secret_access_key = "secret";
    root.principal.type = core::Principal::Type::kRoot;
    root.principal.arn = "arn:aws:iam::000000000000:root";
    credentials_ = std::make_unique<CredentialStore>(*service_, root);
    authorizer_ = std::make_unique<Authorizer>(*service_, clock_);
  }
  void Close() {
    authorizer_.reset();
    credentials_.reset();
    service_.reset();
    rocks_.reset();
  }

  core::Result<net::Output> Run(std::string_view operation, std::string_view input,
                                const core::Principal* as = nullptr) {
    json::object in = json::parse(input).as_object();
    net::RequestContext context;
    context.service = "iam";
    context.operation = std::string(operation);
    context.principal.type = core::Principal::Type::kRoot;
    if (as) context.principal = *as;
    const net::Operation* op = registry_.Find("iam", operation);
    EXPECT_NE(op, nullptr) << operation;
    if (!op) return core::InternalFailure("no such operation");
    return op->handler(net::Call{context, in});
  }
  json::object Ok(std::string_view operation, std::string_view input) {
    auto r = Run(operation, input);
    EXPECT_TRUE(r.ok()) << operation << ": " << r.error().code << ": " << r.error().message;
    return r.ok() ? r->json : json::object();
  }
  core::AwsError Err(std::string_view operation, std::string_view input) {
    auto r = Run(operation, input);
    EXPECT_FALSE(r.ok()) << operation << " " << input;
    return r.ok() ? core::AwsError() : r.error();
  }
  core::Principal UserPrincipal(std::string_view key_id) {
    auto c = credentials_->Find(key_id);
    EXPECT_TRUE(c.has_value());
    core::Principal p = c ? c->principal : core::Principal{};
    p.access_key_id = std::string(key_id);
    return p;
  }
  core::Status Authorize(const core::Principal& who, std::string_view service, std::string_view action,
                         std::string resource, policy::PolicyPtr resource_policy = nullptr) {
    net::RequestContext context;
    context.service = std::string(service);
    context.principal = who;
    context.received_at = clock_.Now();
    net::Operation op;
    op.iam_action = std::string(action);
    net::AuthorizationExtras extras;
    if (resource_policy) extras.resource_policy = [&](std::string_view) { return resource_policy; };
    return authorizer_->Authorize(context, op, {std::move(resource)}, extras);
  }
  // A user "app" with one access key; returns the key id.
  std::string AppUserWithKey() {
    Ok("CreateUser", R"({"UserName":"app"})");
    return std::string(
        Ok("CreateAccessKey", R"({"UserName":"app"})")["AccessKey"].at("AccessKeyId").as_string());
  }

  TempDir dir_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<Service> service_;
  net::Registry registry_;
  std::unique_ptr<CredentialStore> credentials_;
  std::unique_ptr<Authorizer> authorizer_;
};

const std::string kStudent = "arn:aws:dynamodb:us-east-1:000000000000:table/student";

TEST_F(IamTest, UserRoundTripAndErrors) {
  json::object created =
      Ok("CreateUser", R"({"UserName":"app","Path":"/apps/","Tags":[{"Key":"team","Value":"data"}]})");
  const json::object& user = created["User"].as_object();
  EXPECT_EQ(user.at("Arn").as_string(), "arn:aws:iam::000000000000:user/apps/app");
  EXPECT_TRUE(user.at("UserId").as_string().starts_with("AIDA"));
  EXPECT_EQ(user.at("UserId").as_string().size(), 21u);

  core::AwsError dup = Err("CreateUser", R"({"UserName":"APP"})");
  EXPECT_EQ(dup.code, "EntityAlreadyExists");
  EXPECT_EQ(dup.http_status, 409);
  EXPECT_EQ(dup.message, "User with name APP already exists.");

  core::AwsError missing = Err("GetUser", R"({"UserName":"nobody"})");
  EXPECT_EQ(missing.code, "NoSuchEntity");
  EXPECT_EQ(missing.http_status, 404);
  EXPECT_EQ(missing.message, "The user with name nobody cannot be found.");

  json::object got = Ok("GetUser", R"({"UserName":"app"})");
  EXPECT_EQ(got["User"].at("Tags").as_array().size(), 1u);
  Ok("TagUser", R"({"UserName":"app","Tags":[{"Key":"team","Value":"web"},{"Key":"env","Value":"dev"}]})");
  json::object tags = Ok("ListUserTags", R"({"UserName":"app"})");
  ASSERT_EQ(tags["Tags"].as_array().size(), 2u);
  EXPECT_EQ(tags["Tags"].as_array()[0].at("Value").as_string(), "web");
  Ok("UntagUser", R"({"UserName":"app","TagKeys":["team"]})");
  EXPECT_EQ(Ok("ListUserTags", R"({"UserName":"app"})")["Tags"].as_array().size(), 1u);

  Ok("UpdateUser", R"({"UserName":"app","NewUserName":"app2"})");
  EXPECT_EQ(Err("GetUser", R"({"UserName":"app"})").code, "NoSuchEntity");
  Ok("GetUser", R"({"UserName":"app2"})");
  Ok("DeleteUser", R"({"UserName":"app2"})");
  EXPECT_EQ(Err("DeleteUser", R"({"UserName":"app2"})").code, "NoSuchEntity");
}

TEST_F(IamTest, ListUsersPaginates) {
  for (int i = 0; i < 5; ++i) Ok("CreateUser", "{\"UserName\":\"u" + std::to_string(i) + "\"}");
  json::object page1 = Ok("ListUsers", R"({"MaxItems":2})");
  ASSERT_EQ(page1["Users"].as_array().size(), 2u);
  EXPECT_TRUE(page1["IsTruncated"].as_bool());
  std::vector<std::string> names;
  std::string marker(page1["Marker"].as_string());
  for (const auto& u : page1["Users"].as_array()) names.emplace_back(u.at("UserName").as_string());
  while (true) {
    json::object page = Ok("ListUsers", "{\"MaxItems\":2,\"Marker\":\"" + marker + "\"}");
    for (const auto& u : page["Users"].as_array()) names.emplace_back(u.at("UserName").as_string());
    if (!page["IsTruncated"].as_bool()) break;
    marker = std::string(page["Marker"].as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"u0", "u1", "u2", "u3", "u4"}));
}

TEST_F(IamTest, DeleteConflictsNameWhatIsLeft) {
  std::string key = AppUserWithKey();
  Ok("CreateGroup", R"({"GroupName":"writers"})");
  Ok("AddUserToGroup", R"({"GroupName":"writers","UserName":"app"})");
  EXPECT_EQ(Err("DeleteUser", R"({"UserName":"app"})").message,
            "Cannot delete entity, must delete access keys first.");
  Ok("DeleteAccessKey", "{\"UserName\":\"app\",\"AccessKeyId\":\"" + key + "\"}");
  core::AwsError e = Err("DeleteUser", R"({"UserName":"app"})");
  EXPECT_EQ(e.code, "DeleteConflict");
  EXPECT_EQ(e.http_status, 409);
  EXPECT_EQ(e.message, "Cannot delete entity, must remove users from group first.");
  EXPECT_EQ(Err("DeleteGroup", R"({"GroupName":"writers"})").code, "DeleteConflict");
  json::object group = Ok("GetGroup", R"({"GroupName":"writers"})");
  ASSERT_EQ(group["Users"].as_array().size(), 1u);
  EXPECT_EQ(Ok("ListGroupsForUser", R"({"UserName":"app"})")["Groups"].as_array().size(), 1u);
  Ok("RemoveUserFromGroup", R"({"GroupName":"writers","UserName":"app"})");
  Ok("DeleteUser", R"({"UserName":"app"})");
  Ok("DeleteGroup", R"({"GroupName":"writers"})");
}

TEST_F(IamTest, ManagedPolicyVersionsAndAttachments) {
  json::object p = Ok("CreatePolicy", std::string(R"({"PolicyName":"student-rw","PolicyDocument":)") +
                                          json::serialize(json::string(kAllowPutStudent)) + "}");
  std::string arn(p["Policy"].at("Arn").as_string());
  EXPECT_EQ(arn, "arn:aws:iam::000000000000:policy/student-rw");
  EXPECT_TRUE(p["Policy"].at("PolicyId").as_string().starts_with("ANPA"));
  std::string doc = json::serialize(json::string(kAllowAll));
  for (int i = 2; i <= 5; ++i)
    Ok("CreatePolicyVersion", "{\"PolicyArn\":\"" + arn + "\",\"PolicyDocument\":" + doc + "}");
  core::AwsError limit =
      Err("CreatePolicyVersion", "{\"PolicyArn\":\"" + arn + "\",\"PolicyDocument\":" + doc + "}");
  EXPECT_EQ(limit.code, "LimitExceeded");
  EXPECT_EQ(Ok("ListPolicyVersions", "{\"PolicyArn\":\"" + arn + "\"}")["Versions"].as_array().size(), 5u);
  EXPECT_EQ(Err("DeletePolicyVersion", "{\"PolicyArn\":\"" + arn + "\",\"VersionId\":\"v1\"}").message,
            "Cannot delete the default version of a policy.");
  Ok("DeletePolicyVersion", "{\"PolicyArn\":\"" + arn + "\",\"VersionId\":\"v5\"}");
  Ok("CreatePolicyVersion",
     "{\"PolicyArn\":\"" + arn + "\",\"PolicyDocument\":" + doc + ",\"SetAsDefault\":true}");
  EXPECT_EQ(Ok("GetPolicy", "{\"PolicyArn\":\"" + arn + "\"}")["Policy"].at("DefaultVersionId").as_string(),
            "v6");
  json::object v = Ok("GetPolicyVersion", "{\"PolicyArn\":\"" + arn + "\",\"VersionId\":\"v1\"}");
  EXPECT_NE(v["PolicyVersion"].at("Document").as_string().find("%22Effect%22"), std::string::npos);

  Ok("CreateUser", R"({"UserName":"app"})");
  Ok("AttachUserPolicy", "{\"UserName\":\"app\",\"PolicyArn\":\"" + arn + "\"}");
  EXPECT_EQ(Ok("GetPolicy", "{\"PolicyArn\":\"" + arn + "\"}")["Policy"].at("AttachmentCount").as_int64(), 1);
  EXPECT_EQ(Err("DeletePolicy", "{\"PolicyArn\":\"" + arn + "\"}").message,
            "Cannot delete a policy attached to entities.");
  json::object attached = Ok("ListAttachedUserPolicies", R"({"UserName":"app"})");
  ASSERT_EQ(attached["AttachedPolicies"].as_array().size(), 1u);
  json::object entities = Ok("ListEntitiesForPolicy", "{\"PolicyArn\":\"" + arn + "\"}");
  EXPECT_EQ(entities["PolicyUsers"].as_array().size(), 1u);
  Ok("DetachUserPolicy", "{\"UserName\":\"app\",\"PolicyArn\":\"" + arn + "\"}");
  EXPECT_EQ(Err("DetachUserPolicy", "{\"UserName\":\"app\",\"PolicyArn\":\"" + arn + "\"}").code,
            "NoSuchEntity");
  EXPECT_EQ(Err("GetPolicy", R"({"PolicyArn":"arn:aws:iam::000000000000:policy/nope"})").message,
            "Policy arn:aws:iam::000000000000:policy/nope does not exist or is not attachable.");
}

TEST_F(IamTest, MalformedDocumentsAreRefused) {
  core::AwsError e =
      Err("PutUserPolicy", R"({"UserName":"x","PolicyName":"p","PolicyDocument":"{not json"})");
  EXPECT_EQ(e.code, "MalformedPolicyDocument");
  Ok("CreateUser", R"({"UserName":"x"})");
  EXPECT_EQ(Err("PutUserPolicy", R"({"UserName":"x","PolicyName":"p","PolicyDocument":"{not json"})").code,
            "MalformedPolicyDocument");
}

TEST_F(IamTest, InlinePoliciesRoundTrip) {
  Ok("CreateUser", R"({"UserName":"app"})");
  std::string doc = json::serialize(json::string(kAllowPutStudent));
  Ok("PutUserPolicy", "{\"UserName\":\"app\",\"PolicyName\":\"p\",\"PolicyDocument\":" + doc + "}");
  EXPECT_EQ(Ok("ListUserPolicies", R"({"UserName":"app"})")["PolicyNames"].as_array().size(), 1u);
  json::object got = Ok("GetUserPolicy", R"({"UserName":"app","PolicyName":"p"})");
  EXPECT_EQ(got["UserName"].as_string(), "app");
  EXPECT_EQ(Err("GetUserPolicy", R"({"UserName":"app","PolicyName":"q"})").message,
            "The user policy with name q cannot be found.");
  EXPECT_EQ(Err("DeleteUser", R"({"UserName":"app"})").message,
            "Cannot delete entity, must delete policies first.");
  Ok("DeleteUserPolicy", R"({"UserName":"app","PolicyName":"p"})");
  Ok("DeleteUser", R"({"UserName":"app"})");
}

TEST_F(IamTest, StateSurvivesReopen) {
  std::string key = AppUserWithKey();
  Ok("CreateRole",
     R"({"RoleName":"r","AssumeRolePolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}"})");
  Close();
  Open();
  Ok("GetUser", R"({"UserName":"app"})");
  Ok("GetRole", R"({"RoleName":"r"})");
  ASSERT_TRUE(credentials_->Find(key).has_value());
  EXPECT_EQ(credentials_->Find(key)->principal.arn, "arn:aws:iam::000000000000:user/app");
}

TEST_F(IamTest, DeletedOrInactiveKeysLockTheUserOut) {
  std::string key = AppUserWithKey();
  ASSERT_TRUE(credentials_->Find(key)->active);
  Ok("UpdateAccessKey", "{\"UserName\":\"app\",\"AccessKeyId\":\"" + key + "\",\"Status\":\"Inactive\"}");
  EXPECT_FALSE(credentials_->Find(key)->active);
  Ok("DeleteAccessKey", "{\"UserName\":\"app\",\"AccessKeyId\":\"" + key + "\"}");
  EXPECT_FALSE(credentials_->Find(key).has_value());
  EXPECT_EQ(credentials_->Find("AKIAROOTROOTROOTROOT")->principal.type, core::Principal::Type::kRoot);
}

TEST_F(IamTest, AuthorizerFollowsPolicyChangesAtOnce) {
  std::string key = AppUserWithKey();
  core::Principal app = UserPrincipal(key);
  core::Status denied = Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "AccessDeniedException");
  EXPECT_EQ(denied.error().http_status, 400);
  EXPECT_EQ(denied.error().message,
            "User: arn:aws:iam::000000000000:user/app is not authorized to perform: dynamodb:PutItem on "
            "resource: " +
                kStudent + " because no identity-based policy allows the dynamodb:PutItem action");

  // Through a group's managed policy: allowed at once (the cache is invalidated).
  Ok("CreateGroup", R"({"GroupName":"writers"})");
  Ok("AddUserToGroup", R"({"GroupName":"writers","UserName":"app"})");
  std::string doc = json::serialize(json::string(kAllowPutStudent));
  std::string arn(Ok("CreatePolicy", "{\"PolicyName\":\"rw\",\"PolicyDocument\":" + doc + "}")["Policy"]
                      .at("Arn")
                      .as_string());
  EXPECT_FALSE(Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent).ok());
  Ok("AttachGroupPolicy", "{\"GroupName\":\"writers\",\"PolicyArn\":\"" + arn + "\"}");
  EXPECT_TRUE(Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent).ok());
  EXPECT_FALSE(Authorize(app, "dynamodb", "dynamodb:DeleteTable", kStudent).ok());
  EXPECT_FALSE(Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent + "x").ok());

  // A boundary that does not allow the action takes it away again.
  std::string none = json::serialize(json::string(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"));
  std::string boundary(Ok("CreatePolicy", "{\"PolicyName\":\"b\",\"PolicyDocument\":" + none + "}")["Policy"]
                           .at("Arn")
                           .as_string());
  Ok("PutUserPermissionsBoundary", "{\"UserName\":\"app\",\"PermissionsBoundary\":\"" + boundary + "\"}");
  core::Status bounded = Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent);
  ASSERT_FALSE(bounded.ok());
  EXPECT_NE(bounded.error().message.find("permissions boundary"), std::string::npos)
      << bounded.error().message;
  Ok("DeleteUserPermissionsBoundary", R"({"UserName":"app"})");
  EXPECT_TRUE(Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent).ok());

  // A new default version that no longer allows it.
  std::string s3only = none;
  Ok("CreatePolicyVersion",
     "{\"PolicyArn\":\"" + arn + "\",\"PolicyDocument\":" + s3only + ",\"SetAsDefault\":true}");
  EXPECT_FALSE(Authorize(app, "dynamodb", "dynamodb:PutItem", kStudent).ok());

  // Query and S3 services have their own AccessDenied shapes.
  core::Status s3 = Authorize(app, "s3", "s3:PutObject", "arn:aws:s3:::b/k");
  EXPECT_EQ(s3.error().code, "AccessDenied");
  EXPECT_EQ(s3.error().message, "Access Denied");
  EXPECT_EQ(s3.error().http_status, 403);
  core::Status iam = Authorize(app, "iam", "iam:ListUsers", "*");
  EXPECT_EQ(iam.error().code, "AccessDenied");
  EXPECT_EQ(iam.error().http_status, 403);
}

TEST_F(IamTest, ServiceMayAssumeReadsTheTrustPolicy) {
  auto trusting = [](std::string_view service) {
    return json::serialize(
        json::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":")" +
                     std::string(service) + R"("},"Action":"sts:AssumeRole"}]})"));
  };
  Ok("CreateRole", "{\"RoleName\":\"fn\",\"Path\":\"/service/\",\"AssumeRolePolicyDocument\":" +
                       trusting("lambda.amazonaws.com") + "}");
  Ok("CreateRole",
     "{\"RoleName\":\"vm\",\"AssumeRolePolicyDocument\":" + trusting("ec2.amazonaws.com") + "}");
  EXPECT_TRUE(
      service_->ServiceMayAssume("arn:aws:iam::000000000000:role/service/fn", "lambda.amazonaws.com"));
  EXPECT_FALSE(service_->ServiceMayAssume("arn:aws:iam::000000000000:role/vm", "lambda.amazonaws.com"));
  EXPECT_TRUE(service_->ServiceMayAssume("arn:aws:iam::000000000000:role/vm", "ec2.amazonaws.com"));
  // The ARN must be the role's own (its path included); a missing role is no role.
  EXPECT_FALSE(service_->ServiceMayAssume("arn:aws:iam::000000000000:role/fn", "lambda.amazonaws.com"));
  EXPECT_FALSE(service_->ServiceMayAssume("arn:aws:iam::000000000000:role/missing", "lambda.amazonaws.com"));
  EXPECT_FALSE(service_->ServiceMayAssume("not-an-arn", "lambda.amazonaws.com"));
  // A trust policy guarded by aws:SourceAccount admits the service acting for this account only.
  auto guarded = [](std::string_view account) {
    return json::serialize(json::string(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},)"
        R"("Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":")" +
        std::string(account) + R"("}}}]})"));
  };
  Ok("CreateRole", "{\"RoleName\":\"mine\",\"AssumeRolePolicyDocument\":" + guarded("000000000000") + "}");
  Ok("CreateRole", "{\"RoleName\":\"theirs\",\"AssumeRolePolicyDocument\":" + guarded("111122223333") + "}");
  EXPECT_TRUE(service_->ServiceMayAssume("arn:aws:iam::000000000000:role/mine", "lambda.amazonaws.com"));
  EXPECT_FALSE(service_->ServiceMayAssume("arn:aws:iam::000000000000:role/theirs", "lambda.amazonaws.com"));

  // RoleAllows: the role's own policies, for a session of it.
  const std::string stream = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000";
  EXPECT_FALSE(
      service_->RoleAllows("arn:aws:iam::000000000000:role/service/fn", "dynamodb:GetRecords", stream));
  std::string reads = json::serialize(json::string(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetRecords"],"Resource":"arn:aws:dynamodb:*:*:table/t/stream/*"}]})"));
  Ok("PutRolePolicy", "{\"RoleName\":\"fn\",\"PolicyName\":\"p\",\"PolicyDocument\":" + reads + "}");
  EXPECT_TRUE(
      service_->RoleAllows("arn:aws:iam::000000000000:role/service/fn", "dynamodb:GetRecords", stream));
  EXPECT_FALSE(service_->RoleAllows("arn:aws:iam::000000000000:role/service/fn", "dynamodb:PutItem", stream));
  EXPECT_FALSE(service_->RoleAllows("arn:aws:iam::000000000000:role/fn", "dynamodb:GetRecords", stream));
  EXPECT_FALSE(service_->RoleAllows("arn:aws:iam::000000000000:role/missing", "dynamodb:GetRecords", stream));
}

TEST_F(IamTest, AssumeRoleSessionsExpire) {
  std::string key = AppUserWithKey();
  Ok("PutUserPolicy", "{\"UserName\":\"app\",\"PolicyName\":\"all\",\"PolicyDocument\":" +
                          json::serialize(json::string(kAllowAll)) + "}");
  std::string trust = json::serialize(json::string(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/app"},"Action":"sts:AssumeRole"}]})"));
  Ok("CreateRole", "{\"RoleName\":\"writer\",\"AssumeRolePolicyDocument\":" + trust + "}");
  Ok("PutRolePolicy", "{\"RoleName\":\"writer\",\"PolicyName\":\"p\",\"PolicyDocument\":" +
                          json::serialize(json::string(kAllowPutStudent)) + "}");
  core::Principal app = UserPrincipal(key);
  EXPECT_TRUE(Authorize(app, "sts", "sts:AssumeRole", "arn:aws:iam::000000000000:role/writer").ok());
  core::Status other = Authorize(app, "sts", "sts:AssumeRole", "arn:aws:iam::000000000000:role/other");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(
      other.error().message,
      "User: arn:aws:iam::000000000000:user/app is not authorized to perform: sts:AssumeRole on resource: "
      "arn:aws:iam::000000000000:role/other");

  AssumeRoleInput input;
  input.role_arn = "arn:aws:iam::000000000000:role/writer";
  input.session_name = "s1";
  input.duration_seconds = 900;
  auto creds = service_->AssumeRole(app, input);
  ASSERT_TRUE(creds.ok()) << creds.error().message;
  EXPECT_TRUE(creds->access_key_id.starts_with("ASIA"));
  EXPECT_EQ(creds->arn, "arn:aws:sts::000000000000:assumed-role/writer/s1");
  auto found = credentials_->Find(creds->access_key_id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->session_token, creds->session_token);
  EXPECT_EQ(*found->expiration, clock_.Now() + std::chrono::seconds(900));
  core::Principal session = found->principal;
  session.access_key_id = creds->access_key_id;
  EXPECT_TRUE(Authorize(session, "dynamodb", "dynamodb:PutItem", kStudent).ok());
  EXPECT_FALSE(Authorize(session, "dynamodb", "dynamodb:DeleteTable", kStudent).ok());

  input.duration_seconds = 7200;
  core::Result<TemporaryCredentials> too_long = service_->AssumeRole(app, input);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "ValidationError");

  // Sessions survive a restart.
  Close();
  Open();
  ASSERT_TRUE(credentials_->Find(creds->access_key_id).has_value());
}

TEST_F(IamTest, CompiledPoliciesAreCachedUntilAChange) {
  AppUserWithKey();
  const Store& store = service_->store();
  auto first = store.PoliciesOfUser("app");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(store.PoliciesOfUser("APP"), first);  // a cache hit: no rebuild, no parse
  EXPECT_TRUE(first->policies.identity.empty());
  Ok("PutUserPolicy", "{\"UserName\":\"app\",\"PolicyName\":\"p\",\"PolicyDocument\":" +
                          json::serialize(json::string(kAllowPutStudent)) + "}");
  auto second = store.PoliciesOfUser("app");
  ASSERT_NE(second, first);
  EXPECT_EQ(second->policies.identity.size(), 1u);
  EXPECT_EQ(store.PoliciesOfUser("app"), second);
  Ok("TagUser", R"({"UserName":"app","Tags":[{"Key":"k","Value":"v"}]})");
  auto third = store.PoliciesOfUser("app");
  EXPECT_NE(third, second);
  ASSERT_EQ(third->tags.size(), 1u);
  EXPECT_EQ(store.PoliciesOfUser("nobody"), nullptr);
}

TEST_F(IamTest, SimulatePrincipalPolicyUsesTheEngine) {
  Ok("CreateUser", R"({"UserName":"app"})");
  Ok("PutUserPolicy", "{\"UserName\":\"app\",\"PolicyName\":\"p\",\"PolicyDocument\":" +
                          json::serialize(json::string(kAllowPutStudent)) + "}");
  json::object out = Ok("SimulatePrincipalPolicy",
                        R"({"PolicySourceArn":"arn:aws:iam::000000000000:user/app",
                            "ActionNames":["dynamodb:PutItem","dynamodb:DeleteTable"],
                            "ResourceArns":["arn:aws:dynamodb:us-east-1:000000000000:table/student"]})");
  const json::array& results = out["EvaluationResults"].as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].at("EvalDecision").as_string(), "allowed");
  EXPECT_EQ(results[1].at("EvalDecision").as_string(), "implicitDeny");
  EXPECT_EQ(Err("SimulatePrincipalPolicy", R"({"PolicySourceArn":"arn:aws:iam::000000000000:user/ghost",
      "ActionNames":["s3:GetObject"]})")
                .code,
            "NoSuchEntity");
}

TEST_F(IamTest, GetSessionTokenKeepsTheUser) {
  std::string key = AppUserWithKey();
  core::Principal app = UserPrincipal(key);
  auto creds = service_->GetSessionToken(app, 900);
  ASSERT_TRUE(creds.ok()) << creds.error().message;
  auto found = credentials_->Find(creds->access_key_id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->principal.type, core::Principal::Type::kUser);
  EXPECT_EQ(found->principal.arn, "arn:aws:iam::000000000000:user/app");
  core::Principal session = found->principal;
  session.session_token = found->session_token;
  auto again = service_->GetSessionToken(session, 900);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "AccessDenied");
}

TEST_F(IamTest, ResourcePoliciesAllowAnonymousAndNamedCallersAndBindTheRootUserWithDenies) {
  auto parse = [](std::string_view statements) {
    auto p = policy::Policy::Parse(
        std::string(R"({"Version":"2012-10-17","Statement":)") + std::string(statements) + "}",
        policy::PolicyKind::kResource);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : nullptr;
  };
  const std::string object = "arn:aws:s3:::b1/k";
  auto everyone_reads =
      parse(R"([{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*"}])");
  core::Principal anonymous;  // Type::kAnonymous
  EXPECT_FALSE(Authorize(anonymous, "s3", "s3:GetObject", object).ok());
  EXPECT_TRUE(Authorize(anonymous, "s3", "s3:GetObject", object, everyone_reads).ok());
  core::Status put = Authorize(anonymous, "s3", "s3:PutObject", object, everyone_reads);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, "AccessDenied");
  EXPECT_EQ(put.error().message, "Access Denied");
  // Naming the account is no grant to anyone outside it.
  auto account_reads = parse(
      R"([{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*"}])");
  EXPECT_FALSE(Authorize(anonymous, "s3", "s3:GetObject", object, account_reads).ok());

  // A user without identity policies: allowed by a policy naming it, not by one naming its account.
  core::Principal app = UserPrincipal(AppUserWithKey());
  EXPECT_FALSE(Authorize(app, "s3", "s3:GetObject", object, account_reads).ok());
  auto app_reads = parse(R"([{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/app"},)"
                         R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*"}])");
  EXPECT_TRUE(Authorize(app, "s3", "s3:GetObject", object, app_reads).ok());
  EXPECT_FALSE(Authorize(app, "s3", "s3:DeleteObject", object, app_reads).ok());

  // The root user: everything, unless the resource's policy denies it explicitly.
  core::Principal root;
  root.type = core::Principal::Type::kRoot;
  root.account_id = "000000000000";
  root.arn = "arn:aws:iam::000000000000:root";
  auto no_deletes = parse(
      R"([{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b1/*"}])");
  EXPECT_TRUE(Authorize(root, "s3", "s3:GetObject", object, no_deletes).ok());
  core::Status denied = Authorize(root, "s3", "s3:DeleteObject", object, no_deletes);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "AccessDenied");
  EXPECT_FALSE(Authorize(app, "s3", "s3:DeleteObject", object, no_deletes).ok());
  EXPECT_TRUE(Authorize(root, "s3", "s3:DeleteObject", object).ok());
}

}  // namespace
}  // namespace tarn::iam
