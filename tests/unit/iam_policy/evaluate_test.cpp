// The evaluation table: PolicySets and requests against the decision AWS's evaluation logic gives.
#include <gtest/gtest.h>

#include "iam/policy/policy.h"
#include "policy_test_util.h"

namespace tarn::iam::policy {
namespace {

using testing::ContextEntries;
using testing::Doc;
using testing::kTable;
using testing::kUserArn;
using testing::Stmt;

constexpr std::string_view kRoleArn = "arn:aws:iam::000000000000:role/service-role/worker";
constexpr std::string_view kSessionArn = "arn:aws:sts::000000000000:assumed-role/worker/job-42";
constexpr std::string_view kOtherUserArn = "arn:aws:iam::000000000000:user/other";
constexpr std::string_view kObject = "arn:aws:s3:::data/home/app/report.csv";

struct Case {
  const char* name;
  std::vector<std::string> identity;
  std::string boundary;
  std::string session;
  std::string resource_policy;
  PolicyKind resource_kind = PolicyKind::kResource;
  std::string action = "dynamodb:PutItem";
  std::string resource = std::string(kTable);
  std::string principal = std::string(kUserArn);
  std::string service;
  ContextEntries context;
  Decision expected = Decision::kAllow;
};

const std::string kAllowPut = Doc(Stmt("Allow", "\"dynamodb:PutItem\"", "\"*\""));
const std::string kAllowAll = Doc(Stmt("Allow", "\"*\"", "\"*\""));
const std::string kDenyPut = Doc(Stmt("Deny", "\"dynamodb:PutItem\"", "\"*\""));

std::vector<Case> Cases() {
  return {
      // --- identity policies: allow, implicit deny, explicit deny ---
      {.name = "no policies: implicit deny", .expected = Decision::kNoIdentityAllow},
      {.name = "exact action allows", .identity = {kAllowPut}},
      {.name = "another action does not allow",
       .identity = {kAllowPut},
       .action = "dynamodb:DeleteTable",
       .expected = Decision::kNoIdentityAllow},
      {.name = "admin allows everything",
       .identity = {kAllowAll},
       .action = "iam:CreateUser",
       .resource = "arn:aws:iam::000000000000:user/x"},
      {.name = "explicit deny beats allow",
       .identity = {kAllowAll, kDenyPut},
       .expected = Decision::kExplicitDenyIdentity},
      {.name = "deny in the same document beats allow",
       .identity = {Doc(Stmt("Allow", "\"*\"", "\"*\"") + "," + Stmt("Deny", "\"dynamodb:Put*\"", "\"*\""))},
       .expected = Decision::kExplicitDenyIdentity},
      {.name = "deny of another action leaves allow",
       .identity = {kAllowAll, kDenyPut},
       .action = "dynamodb:GetItem"},
      {.name = "one of several policies allows",
       .identity = {Doc(Stmt("Allow", "\"s3:GetObject\"", "\"*\"")), kAllowPut}},
      {.name = "statement object, not array",
       .identity =
           {R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*"}})"}},
      {.name = "deny only: implicit deny",
       .identity = {Doc(Stmt("Deny", "\"s3:*\"", "\"*\""))},
       .expected = Decision::kNoIdentityAllow},
      // --- action wildcards and case ---
      {.name = "service wildcard", .identity = {Doc(Stmt("Allow", "\"dynamodb:*\"", "\"*\""))}},
      {.name = "prefix wildcard", .identity = {Doc(Stmt("Allow", "\"dynamodb:Put*\"", "\"*\""))}},
      {.name = "infix wildcard", .identity = {Doc(Stmt("Allow", "\"dynamodb:*Item\"", "\"*\""))}},
      {.name = "question mark", .identity = {Doc(Stmt("Allow", "\"dynamodb:?utItem\"", "\"*\""))}},
      {.name = "actions compare case-insensitively",
       .identity = {Doc(Stmt("Allow", "\"DynamoDB:putitem\"", "\"*\""))}},
      {.name = "action list",
       .identity = {Doc(Stmt("Allow", R"(["s3:GetObject","dynamodb:PutItem"])", "\"*\""))}},
      {.name = "wildcard of another service",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"*\""))},
       .expected = Decision::kNoIdentityAllow},
      {.name = "prefix of a longer name does not match",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:Put\"", "\"*\""))},
       .expected = Decision::kNoIdentityAllow},
      // --- resources ---
      {.name = "exact table ARN",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:PutItem\"", "\"" + std::string(kTable) + "\""))}},
      {.name = "another table is denied",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:PutItem\"", "\"" + std::string(kTable) + "\""))},
       .resource = "arn:aws:dynamodb:us-east-1:000000000000:table/teacher",
       .expected = Decision::kNoIdentityAllow},
      {.name = "table wildcard in region and account",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:PutItem\"", "\"arn:aws:dynamodb:*:*:table/student\""))}},
      {.name = "resources are case-sensitive",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:PutItem\"", "\"arn:aws:dynamodb:*:*:table/Student\""))},
       .expected = Decision::kNoIdentityAllow},
      {.name = "table prefix does not cover its index",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:Query\"", "\"" + std::string(kTable) + "\""))},
       .action = "dynamodb:Query",
       .resource = std::string(kTable) + "/index/byName",
       .expected = Decision::kNoIdentityAllow},
      {.name = "table/* covers its index",
       .identity = {Doc(Stmt("Allow", "\"dynamodb:Query\"", "\"" + std::string(kTable) + "/*\""))},
       .action = "dynamodb:Query",
       .resource = std::string(kTable) + "/index/byName"},
      {.name = "bucket objects",
       .identity = {Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "bucket ARN is not its objects",
       .identity = {Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kNoIdentityAllow},
      {.name = "resource list",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", R"(["arn:aws:s3:::data","arn:aws:s3:::data/*"])"))},
       .action = "s3:ListBucket",
       .resource = "arn:aws:s3:::data"},
      {.name = "action without resource-level permissions needs *",
       .identity = {Doc(Stmt("Allow", "\"s3:ListAllMyBuckets\"", "\"arn:aws:s3:::*\""))},
       .action = "s3:ListAllMyBuckets",
       .resource = "*",
       .expected = Decision::kNoIdentityAllow},
      {.name = "* covers actions without resource",
       .identity = {Doc(Stmt("Allow", "\"s3:ListAllMyBuckets\"", "\"*\""))},
       .action = "s3:ListAllMyBuckets",
       .resource = "*"},
      // --- NotAction / NotResource ---
      {.name = "NotAction allows the others",
       .identity = {Doc(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")}},
      {.name = "NotAction excludes the listed",
       .identity = {Doc(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")},
       .action = "iam:CreateUser",
       .resource = "arn:aws:iam::000000000000:user/x",
       .expected = Decision::kNoIdentityAllow},
      {.name = "Deny NotAction denies everything else",
       .identity = {kAllowAll,
                    Doc(R"({"Effect":"Deny","NotAction":["s3:*","dynamodb:GetItem"],"Resource":"*"})")},
       .expected = Decision::kExplicitDenyIdentity},
      {.name = "Deny NotAction spares the listed",
       .identity = {kAllowAll,
                    Doc(R"({"Effect":"Deny","NotAction":["s3:*","dynamodb:GetItem"],"Resource":"*"})")},
       .action = "dynamodb:GetItem"},
      {.name = "NotResource allows the others",
       .identity = {Doc(
           R"({"Effect":"Allow","Action":"dynamodb:*","NotResource":"arn:aws:dynamodb:*:*:table/secret"})")}},
      {.name = "NotResource excludes the listed",
       .identity = {Doc(
           R"({"Effect":"Allow","Action":"dynamodb:*","NotResource":"arn:aws:dynamodb:*:*:table/secret"})")},
       .resource = "arn:aws:dynamodb:us-east-1:000000000000:table/secret",
       .expected = Decision::kNoIdentityAllow},
      {.name = "Deny NotResource protects all but the listed",
       .identity =
           {kAllowAll,
            Doc(R"({"Effect":"Deny","Action":"*","NotResource":"arn:aws:dynamodb:*:*:table/student"})")},
       .resource = "arn:aws:dynamodb:us-east-1:000000000000:table/other",
       .expected = Decision::kExplicitDenyIdentity},
      {.name = "Deny NotResource: the listed one stays allowed",
       .identity =
           {kAllowAll,
            Doc(R"({"Effect":"Deny","Action":"*","NotResource":"arn:aws:dynamodb:*:*:table/student"})")}},
      // --- permissions boundary ---
      {.name = "boundary allows too",
       .identity = {kAllowPut},
       .boundary = Doc(Stmt("Allow", "\"dynamodb:*\"", "\"*\""))},
      {.name = "boundary does not allow",
       .identity = {kAllowAll},
       .boundary = Doc(Stmt("Allow", "\"s3:*\"", "\"*\"")),
       .expected = Decision::kNoBoundaryAllow},
      {.name = "boundary alone grants nothing",
       .boundary = kAllowAll,
       .expected = Decision::kNoIdentityAllow},
      {.name = "boundary explicit deny",
       .identity = {kAllowAll},
       .boundary = Doc(Stmt("Allow", "\"*\"", "\"*\"") + "," + Stmt("Deny", "\"dynamodb:PutItem\"", "\"*\"")),
       .expected = Decision::kExplicitDenyBoundary},
      {.name = "identity deny reported before boundary",
       .identity = {kDenyPut},
       .boundary = kDenyPut,
       .expected = Decision::kExplicitDenyIdentity},
      {.name = "boundary limits by resource",
       .identity = {kAllowAll},
       .boundary = Doc(Stmt("Allow", "\"dynamodb:*\"", "\"arn:aws:dynamodb:*:*:table/teacher\"")),
       .expected = Decision::kNoBoundaryAllow},
      // --- session policies ---
      {.name = "session policy allows",
       .identity = {kAllowAll},
       .session = kAllowPut,
       .principal = std::string(kSessionArn)},
      {.name = "session policy does not allow",
       .identity = {kAllowAll},
       .session = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"*\"")),
       .principal = std::string(kSessionArn),
       .expected = Decision::kNoSessionAllow},
      {.name = "session policy cannot widen",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"*\""))},
       .session = kAllowAll,
       .principal = std::string(kSessionArn),
       .expected = Decision::kNoIdentityAllow},
      {.name = "session explicit deny",
       .identity = {kAllowAll},
       .session = kDenyPut,
       .principal = std::string(kSessionArn),
       .expected = Decision::kExplicitDenySession},
      {.name = "boundary and session both checked",
       .identity = {kAllowAll},
       .boundary = kAllowAll,
       .session = Doc(Stmt("Allow", "\"s3:*\"", "\"*\"")),
       .principal = std::string(kSessionArn),
       .expected = Decision::kNoSessionAllow},
      // --- resource-based policies (same account) ---
      {.name = "resource policy naming the user allows alone",
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"arn:aws:iam::000000000000:user/app"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "resource policy naming the user is not limited by the boundary",
       .boundary = Doc(Stmt("Allow", "\"dynamodb:*\"", "\"*\"")),
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"arn:aws:iam::000000000000:user/app"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "resource policy naming another user",
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"arn:aws:iam::000000000000:user/other"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kNoIdentityAllow},
      {.name = "resource policy naming the account delegates to identity policies",
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"000000000000"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kNoIdentityAllow},
      {.name = "account principal plus identity allow",
       .identity = {Doc(Stmt("Allow", "\"s3:GetObject\"", "\"*\""))},
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"arn:aws:iam::000000000000:root"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "account principal names the root itself",
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"000000000000"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .principal = "arn:aws:iam::000000000000:root"},
      {.name = "public resource policy",
       .resource_policy =
           Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"", R"("Principal":"*")")),
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "AWS * principal",
       .resource_policy =
           Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"", R"("Principal":{"AWS":"*"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "resource policy explicit deny beats identity allow",
       .identity = {kAllowAll},
       .resource_policy = Doc(Stmt("Deny", "\"s3:*\"", "\"arn:aws:s3:::data/*\"", R"("Principal":"*")")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kExplicitDenyResource},
      {.name = "identity deny beats resource allow",
       .identity = {Doc(Stmt("Deny", "\"s3:*\"", "\"*\""))},
       .resource_policy =
           Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"", R"("Principal":"*")")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kExplicitDenyIdentity},
      {.name = "role ARN matches its sessions",
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   "\"Principal\":{\"AWS\":\"" + std::string(kRoleArn) + "\"}")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .principal = std::string(kSessionArn)},
      {.name = "resource policy naming the role is limited by the session policy",
       .session = Doc(Stmt("Allow", "\"dynamodb:*\"", "\"*\"")),
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   "\"Principal\":{\"AWS\":\"" + std::string(kRoleArn) + "\"}")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .principal = std::string(kSessionArn),
       .expected = Decision::kNoSessionAllow},
      {.name = "resource policy naming the session is not limited by the session policy",
       .session = Doc(Stmt("Allow", "\"dynamodb:*\"", "\"*\"")),
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   "\"Principal\":{\"AWS\":\"" + std::string(kSessionArn) + "\"}")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .principal = std::string(kSessionArn)},
      {.name = "role ARN does not match another role's session",
       .resource_policy = Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::data/*\"",
                                   R"("Principal":{"AWS":"arn:aws:iam::000000000000:role/workers"})")),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .principal = std::string(kSessionArn),
       .expected = Decision::kNoIdentityAllow},
      {.name = "service principal",
       .resource_policy = Doc(Stmt("Allow", "\"lambda:InvokeFunction\"", "\"*\"",
                                   R"("Principal":{"Service":"s3.amazonaws.com"})")),
       .action = "lambda:InvokeFunction",
       .resource = "arn:aws:lambda:us-east-1:000000000000:function:fn",
       .principal = "",
       .service = "s3.amazonaws.com"},
      {.name = "another service principal",
       .resource_policy = Doc(Stmt("Allow", "\"lambda:InvokeFunction\"", "\"*\"",
                                   R"("Principal":{"Service":"sns.amazonaws.com"})")),
       .action = "lambda:InvokeFunction",
       .resource = "arn:aws:lambda:us-east-1:000000000000:function:fn",
       .principal = "",
       .service = "s3.amazonaws.com",
       .expected = Decision::kNoIdentityAllow},
      {.name = "NotPrincipal deny spares the listed user and account",
       .identity = {kAllowAll},
       .resource_policy = Doc(
           R"({"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":{"AWS":["arn:aws:iam::000000000000:user/app","000000000000"]}})"),
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "NotPrincipal deny hits the others",
       .identity = {kAllowAll},
       .resource_policy = Doc(
           R"({"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":{"AWS":["arn:aws:iam::000000000000:user/app","000000000000"]}})"),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .principal = std::string(kOtherUserArn),
       .expected = Decision::kExplicitDenyResource},
      {.name = "NotPrincipal without the account still denies the user",
       .identity = {kAllowAll},
       .resource_policy = Doc(
           R"({"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":{"AWS":"arn:aws:iam::000000000000:user/app"}})"),
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kExplicitDenyResource},
      // --- trust policies (AssumeRole) ---
      {.name = "trust policy naming the user",
       .identity = {},
       .resource_policy = Doc(
           R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::000000000000:user/app"}})"),
       .resource_kind = PolicyKind::kTrust,
       .action = "sts:AssumeRole",
       .resource = std::string(kRoleArn)},
      {.name = "trust policy naming the account needs an identity allow",
       .resource_policy =
           Doc(R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"000000000000"}})"),
       .resource_kind = PolicyKind::kTrust,
       .action = "sts:AssumeRole",
       .resource = std::string(kRoleArn),
       .expected = Decision::kNoIdentityAllow},
      {.name = "trust policy naming the account plus identity allow",
       .identity = {Doc(Stmt("Allow", "\"sts:AssumeRole\"", "\"" + std::string(kRoleArn) + "\""))},
       .resource_policy =
           Doc(R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"000000000000"}})"),
       .resource_kind = PolicyKind::kTrust,
       .action = "sts:AssumeRole",
       .resource = std::string(kRoleArn)},
      {.name = "trust policy must allow even with identity allow",
       .identity = {kAllowAll},
       .resource_policy = Doc(
           R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"}})"),
       .resource_kind = PolicyKind::kTrust,
       .action = "sts:AssumeRole",
       .resource = std::string(kRoleArn),
       .expected = Decision::kNoResourceAllow},
      {.name = "trust policy for a service",
       .resource_policy = Doc(
           R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["glue.amazonaws.com","lambda.amazonaws.com"]}})"),
       .resource_kind = PolicyKind::kTrust,
       .action = "sts:AssumeRole",
       .resource = std::string(kRoleArn),
       .principal = "",
       .service = "lambda.amazonaws.com"},
      // --- policy variables in Resource ---
      {.name = "${aws:username} in Resource",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username}/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .context = {{"aws:username", {"app"}}}},
      {.name = "${aws:username} of another user",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username}/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .context = {{"aws:username", {"other"}}},
       .expected = Decision::kNoIdentityAllow},
      {.name = "missing variable: statement does not match",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username}/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kNoIdentityAllow},
      {.name = "missing variable: a Deny does not match either",
       .identity = {kAllowAll, Doc(Stmt("Deny", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username}/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "variable default value",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username, 'app'}/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject)},
      {.name = "variable keys are case-insensitive",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${AWS:UserName}/*\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .context = {{"aws:username", {"app"}}}},
      {.name = "principal tag variable",
       .identity = {Doc(
           Stmt("Allow", "\"dynamodb:*\"", "\"arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}\""))},
       .context = {{"aws:PrincipalTag/team", {"student"}}}},
      {.name = "a variable's value is literal, not a wildcard",
       .identity = {Doc(
           Stmt("Allow", "\"dynamodb:*\"", "\"arn:aws:dynamodb:*:*:table/${aws:PrincipalTag/team}\""))},
       .context = {{"aws:PrincipalTag/team", {"stu*"}}},
       .expected = Decision::kNoIdentityAllow},
      {.name = "${*} is a literal star",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/${*}\""))},
       .action = "s3:GetObject",
       .resource = "arn:aws:s3:::data/*"},
      {.name = "${*} does not match other keys",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/${*}\""))},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .expected = Decision::kNoIdentityAllow},
      {.name = "variables are text in version 2008-10-17",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username}/*\""),
                        "2008-10-17")},
       .action = "s3:GetObject",
       .resource = std::string(kObject),
       .context = {{"aws:username", {"app"}}},
       .expected = Decision::kNoIdentityAllow},
      {.name = "2008-10-17: the literal text matches",
       .identity = {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:::data/home/${aws:username}/*\""),
                        "2008-10-17")},
       .action = "s3:GetObject",
       .resource = "arn:aws:s3:::data/home/${aws:username}/x"},
  };
}

class EvaluateTable : public ::testing::TestWithParam<Case> {};

TEST_P(EvaluateTable, Decides) {
  const Case& c = GetParam();
  PolicySet set;
  for (const std::string& doc : c.identity) set.identity.push_back(testing::MustParse(doc));
  if (!c.boundary.empty()) set.boundary = testing::MustParse(c.boundary);
  if (!c.session.empty()) set.session = testing::MustParse(c.session);
  if (!c.resource_policy.empty()) set.resource = testing::MustParse(c.resource_policy, c.resource_kind);
  const ConditionContext context = testing::MakeContext(c.context);
  Request request{.action = c.action,
                  .resource = c.resource,
                  .principal_arn = c.principal,
                  .account_id = testing::kAccount,
                  .service_principal = c.service,
                  .context = &context};
  EXPECT_EQ(Evaluate(set, request), c.expected) << c.name;
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* p = info.param.name; *p != '\0'; ++p)
    name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Policies, EvaluateTable, ::testing::ValuesIn(Cases()), CaseName);

TEST(DenialMessageTest, UsesAwsWording) {
  EXPECT_EQ(
      DenialMessage(kUserArn, "dynamodb:PutItem", kTable, Decision::kNoIdentityAllow),
      "User: arn:aws:iam::000000000000:user/app is not authorized to perform: dynamodb:PutItem on resource: "
      "arn:aws:dynamodb:us-east-1:000000000000:table/student because no identity-based policy allows the "
      "dynamodb:PutItem action");
  EXPECT_EQ(DenialMessage(kUserArn, "dynamodb:DeleteTable", kTable, Decision::kExplicitDenyIdentity),
            "User: arn:aws:iam::000000000000:user/app is not authorized to perform: dynamodb:DeleteTable on "
            "resource: arn:aws:dynamodb:us-east-1:000000000000:table/student with an explicit deny in an "
            "identity-based policy");
  EXPECT_EQ(
      DenialMessage(kUserArn, "s3:GetObject", "arn:aws:s3:::b/k", Decision::kNoBoundaryAllow),
      "User: arn:aws:iam::000000000000:user/app is not authorized to perform: s3:GetObject on resource: "
      "arn:aws:s3:::b/k because no permissions boundary allows the s3:GetObject action");
  EXPECT_EQ(
      DenialMessage(kSessionArn, "s3:GetObject", "arn:aws:s3:::b/k", Decision::kNoSessionAllow),
      "User: arn:aws:sts::000000000000:assumed-role/worker/job-42 is not authorized to perform: s3:GetObject "
      "on resource: arn:aws:s3:::b/k because no session policy allows the s3:GetObject action");
  EXPECT_EQ(
      DenialMessage(kUserArn, "s3:GetObject", "arn:aws:s3:::b/k", Decision::kExplicitDenyResource),
      "User: arn:aws:iam::000000000000:user/app is not authorized to perform: s3:GetObject on resource: "
      "arn:aws:s3:::b/k with an explicit deny in a resource-based policy");
  EXPECT_EQ(
      DenialMessage(kUserArn, "s3:ListAllMyBuckets", "*", Decision::kNoIdentityAllow),
      "User: arn:aws:iam::000000000000:user/app is not authorized to perform: s3:ListAllMyBuckets because no "
      "identity-based policy allows the s3:ListAllMyBuckets action");
  EXPECT_EQ(
      DenialMessage("", "s3:GetObject", "arn:aws:s3:::b/k", Decision::kNoResourceAllow),
      "User: anonymous is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no "
      "resource-based policy allows the s3:GetObject action");
  EXPECT_EQ(DenialMessage(kUserArn, "x:Y", "*", Decision::kAllow), "");
}

TEST(ConditionContextTest, KeysAreCaseInsensitive) {
  ConditionContext context;
  context.Set("aws:PrincipalTag/Team", "a");
  context.Set("AWS:principaltag/team", std::vector<std::string>{"b", "c"});
  const std::vector<std::string>* values = context.Find("aws:principaltag/TEAM");
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(*values, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(context.Find("aws:username"), nullptr);
}

}  // namespace
}  // namespace tarn::iam::policy
