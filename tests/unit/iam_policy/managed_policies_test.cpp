#include "iam/policy/managed_policies.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "iam/policy/policy.h"

namespace tarn::iam::policy {
namespace {

const ManagedPolicy* Find(std::string_view name) {
  const auto& all = AwsManagedPolicies();
  auto it = std::find_if(all.begin(), all.end(), [&](const ManagedPolicy& p) { return p.name == name; });
  return it == all.end() ? nullptr : &*it;
}

TEST(ManagedPoliciesTest, EveryBundledDocumentParses) {
  const auto& all = AwsManagedPolicies();
  EXPECT_EQ(all.size(), 16u);
  for (const ManagedPolicy& p : all) {
    auto parsed =
        Policy::Parse(p.document, PolicyKind::kIdentity, ParseOptions{.require_version_2012 = true});
    EXPECT_TRUE(parsed.ok()) << p.name << ": " << (parsed.ok() ? "" : parsed.error().message);
    EXPECT_EQ(p.arn, "arn:aws:iam::aws:policy" + p.path + p.name);
    EXPECT_TRUE(p.path == "/" || p.path == "/service-role/") << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_EQ(p.default_version_id.front(), 'v') << p.name;
  }
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](const ManagedPolicy& a, const ManagedPolicy& b) { return a.name < b.name; }));
}

TEST(ManagedPoliciesTest, ThePipelinesPoliciesAreThere) {
  for (const char* name :
       {"AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "AmazonDynamoDBFullAccess",
        "AmazonDynamoDBReadOnlyAccess", "AmazonS3FullAccess", "AmazonS3ReadOnlyAccess",
        "AWSLambdaBasicExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambda_FullAccess",
        "AWSGlueServiceRole", "AmazonAthenaFullAccess", "CloudWatchLogsFullAccess", "AmazonSNSFullAccess",
        "IAMFullAccess", "IAMReadOnlyAccess"}) {
    EXPECT_NE(Find(name), nullptr) << name;
  }
  const ManagedPolicy* basic = Find("AWSLambdaBasicExecutionRole");
  ASSERT_NE(basic, nullptr);
  EXPECT_EQ(basic->arn, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  EXPECT_EQ(basic->default_version_id, "v1");
}

Effect EvaluateManaged(std::string_view name, std::string_view action, std::string_view resource) {
  const ManagedPolicy* p = Find(name);
  EXPECT_NE(p, nullptr) << name;
  if (p == nullptr) return Effect::kNotApplicable;
  auto parsed = Policy::Parse(p->document, PolicyKind::kIdentity);
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return Effect::kNotApplicable;
  ConditionContext context;
  Request request{.action = action,
                  .resource = resource,
                  .principal_arn = "arn:aws:iam::000000000000:user/app",
                  .account_id = "000000000000",
                  .context = &context};
  return (*parsed)->Evaluate(request);
}

TEST(ManagedPoliciesTest, DocumentsGrantWhatTheirNamesSay) {
  const std::string table = "arn:aws:dynamodb:us-east-1:000000000000:table/student";
  EXPECT_EQ(EvaluateManaged("AdministratorAccess", "iam:CreateUser", "arn:aws:iam::000000000000:user/x"),
            Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("AmazonDynamoDBFullAccess", "dynamodb:DeleteTable", table), Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("AmazonDynamoDBReadOnlyAccess", "dynamodb:GetItem", table), Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("AmazonDynamoDBReadOnlyAccess", "dynamodb:PutItem", table),
            Effect::kNotApplicable);
  EXPECT_EQ(EvaluateManaged("AmazonS3ReadOnlyAccess", "s3:GetObject", "arn:aws:s3:::b/k"), Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("AmazonS3ReadOnlyAccess", "s3:PutObject", "arn:aws:s3:::b/k"),
            Effect::kNotApplicable);
  EXPECT_EQ(EvaluateManaged("AmazonS3FullAccess", "s3:PutObject", "arn:aws:s3:::b/k"), Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("AWSLambdaBasicExecutionRole", "logs:PutLogEvents",
                            "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:log-stream:x"),
            Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("AWSLambdaBasicExecutionRole", "dynamodb:GetItem", table),
            Effect::kNotApplicable);
  EXPECT_EQ(EvaluateManaged("AWSLambdaDynamoDBExecutionRole", "dynamodb:GetRecords", table + "/stream/x"),
            Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("IAMReadOnlyAccess", "iam:GetUser", "arn:aws:iam::000000000000:user/x"),
            Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("IAMReadOnlyAccess", "iam:CreateUser", "arn:aws:iam::000000000000:user/x"),
            Effect::kNotApplicable);
  // PowerUserAccess: everything but IAM (except a few), expressed with NotAction.
  EXPECT_EQ(EvaluateManaged("PowerUserAccess", "dynamodb:PutItem", table), Effect::kAllow);
  EXPECT_EQ(EvaluateManaged("PowerUserAccess", "iam:CreateUser", "arn:aws:iam::000000000000:user/x"),
            Effect::kNotApplicable);
}

}  // namespace
}  // namespace tarn::iam::policy
