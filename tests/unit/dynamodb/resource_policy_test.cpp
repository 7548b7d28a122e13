// CheckResourcePolicy: DynamoDB's answers to malformed and refused documents (client bytes), the
// canonical form, and the compiled policy that results.
#include "dynamodb/resource_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::dynamodb {
namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: Invalid policy document: ";

std::string Statement(std::string_view extra = "") {
  return R"({"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"dynamodb:GetItem","Resource":"*")" +
         std::string(extra) + "}";
}

std::string Refusal(std::string_view document, bool stream = false) {
  auto checked = CheckResourcePolicy(document, stream);
  if (checked.ok()) return "accepted";
  EXPECT_EQ(checked.error().code, "ValidationException");
  EXPECT_EQ(checked.error().http_status, 400);
  return checked.error().message;
}

TEST(ResourcePolicyTest, MalformedBytesAreInvalidJson) {
  const std::string invalid_json = std::string(kInvalid) + "This policy contains invalid Json";
  for (std::string_view bytes : {"", "{", "}", "[]", "\"text\"", "null", "{\"Statement\":[}", "{\"a\":1}}",
                                 "\xff\xfe", "{\"Statement\":\"\x01\"", "42"}) {
    EXPECT_EQ(Refusal(bytes), invalid_json) << bytes;
  }
  // Deeply nested brackets (within the size limit) neither crash nor pass.
  std::string deep(10000, '[');
  EXPECT_EQ(Refusal("{\"Statement\":" + deep), invalid_json);
}

TEST(ResourcePolicyTest, SizeCountsWhitespace) {
  std::string document = "{\"Statement\":[" + Statement() + "]}";
  std::string at_limit = document + std::string(kMaxResourcePolicyBytes - document.size(), ' ');
  EXPECT_TRUE(CheckResourcePolicy(at_limit).ok());
  EXPECT_EQ(Refusal(at_limit + " "),
            "One or more parameter values were invalid: Maximum policy size of 20480 bytes exceeded");
}

TEST(ResourcePolicyTest, StatementRules) {
  EXPECT_EQ(Refusal(R"({"Version":"2012-10-17"})"),
            std::string(kInvalid) + "Missing required field Statement");
  EXPECT_EQ(Refusal(R"({"Statement":[]})"),
            std::string(kInvalid) + "Could not parse the policy: Statement is empty!");
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"dynamodb:GetItem"}]})"),
      std::string(kInvalid) + "Missing required field Resource");
  EXPECT_EQ(Refusal(R"({"Statement":[{"Principal":{"AWS":"000000000000"},"Action":"a:b","Resource":"*"}]})"),
            std::string(kInvalid) + "Missing required field Effect");
  EXPECT_EQ(Refusal(R"({"Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]})"),
            std::string(kInvalid) + "Missing required field Principal");
  EXPECT_EQ(
      Refusal("{\"Statement\":[" + Statement(R"(,"Sid":"s")") + "," + Statement(R"(,"Sid":"s")") + "]}"),
      std::string(kInvalid) + "The Statement Ids in the policy are not unique");
  // A bare account id where {"AWS": ...} belongs: a syntax error at the value's position.
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Allow","Principal":"000000000000","Action":"dynamodb:GetItem","Resource":"*"}]})"),
      std::string(kInvalid) + "Syntax error at position (1,45)");
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":["dynamodb:GetRecords","dynamodb:GetItem","dynamodb:ListStreams"],"Resource":"*"}]})"),
      std::string(kInvalid) +
          R"(The following action names are invalid: "dynamodb:GetRecords", "dynamodb:ListStreams")");
  // ... which a stream's policy may name.
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"dynamodb:GetRecords","Resource":"*"}]})",
          /*stream=*/true),
      "accepted");
}

TEST(ResourcePolicyTest, AllowToEveryoneIsRefusedUnlessNarrowed) {
  const std::string unbounded =
      "Resource-based policy grants unbounded access in one or more elements. Please revise the policy to "
      "ensure "
      "least-privilege form of access";
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:GetItem","Resource":"*"}]})"),
      unbounded);
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":["000000000000","*"]},"Action":"dynamodb:GetItem","Resource":"*"}]})"),
      unbounded);
  EXPECT_EQ(
      Refusal(
          R"({"Statement":[{"Effect":"Deny","Principal":"*","Action":"dynamodb:GetItem","Resource":"*"}]})"),
      "accepted");
  EXPECT_EQ(
      Refusal(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:GetItem","Resource":"*",)"
              R"("Condition":{"StringEquals":{"aws:PrincipalAccount":"000000000000"}}}]})"),
      "accepted");
  auto everyone_if = [](std::string_view condition) {
    return R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:GetItem","Resource":"*",)"
           R"("Condition":)" +
           std::string(condition) + "}]}";
  };
  EXPECT_EQ(Refusal(everyone_if(R"({"Bool":{"aws:PrincipalIsAWSService":"true"}})")), "accepted");
  EXPECT_EQ(Refusal(everyone_if(R"({"StringEquals":{"AWS:SourceArn":["arn:aws:s3:::b"]}})")), "accepted");
  // Not pinned: an untrusted key, a wildcard or a variable, a negated or IfExists operator, false.
  for (std::string_view condition : {R"({"StringEquals":{"aws:RequestedRegion":"us-east-1"}})",
                                     R"({"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*"}})",
                                     R"({"StringEquals":{"aws:PrincipalArn":"${aws:username}"}})",
                                     R"({"StringNotEquals":{"aws:PrincipalAccount":"000000000000"}})",
                                     R"({"StringEqualsIfExists":{"aws:SourceAccount":"000000000000"}})",
                                     R"({"Bool":{"aws:PrincipalIsAWSService":"false"}})"}) {
    EXPECT_EQ(Refusal(everyone_if(condition)), unbounded) << condition;
  }
}

TEST(ResourcePolicyTest, CanonicalForm) {
  auto checked = CheckResourcePolicy(R"({
    "Statement": {"Condition": {"StringEquals": {"aws:PrincipalAccount": ["000000000000"]}},
                  "Resource": ["arn:aws:dynamodb:us-east-1:000000000000:table/t"],
                  "Action": ["dynamodb:GetItem", "dynamodb:GetItem"],
                  "Principal": {"AWS": ["000000000000", "arn:aws:iam::000000000000:root"]},
                  "Effect": "Allow", "Sid": "Read"},
    "Version": "2012-10-17"})");
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(
      checked->canonical,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":["dynamodb:GetItem","dynamodb:GetItem"],)"
      R"("Resource":"arn:aws:dynamodb:us-east-1:000000000000:table/t",)"
      R"("Condition":{"StringEquals":{"aws:PrincipalAccount":"000000000000"}}}]})");
  EXPECT_FALSE(checked->versionless);
  ASSERT_NE(checked->compiled, nullptr);

  auto versionless = CheckResourcePolicy("{\"Statement\":[" + Statement() + "]}");
  ASSERT_TRUE(versionless.ok());
  EXPECT_TRUE(versionless->versionless);
  EXPECT_EQ(versionless->canonical.substr(0, 26), R"({"Version":"2008-10-17","S)");
  // The stored form compiles again, as at start-up.
  EXPECT_NE(CompileStoredPolicy(versionless->canonical), nullptr);
  EXPECT_EQ(CompileStoredPolicy("not json"), nullptr);
}

TEST(ResourcePolicyTest, CompiledPolicyDecides) {
  auto checked = CheckResourcePolicy(
      R"({"Statement":[{"Effect":"Deny","Principal":{"AWS":"000000000000"},"Action":"dynamodb:Scan","Resource":"*"}]})");
  ASSERT_TRUE(checked.ok());
  iam::policy::Request request;
  request.principal_arn = "arn:aws:iam::000000000000:user/u";
  request.account_id = "000000000000";
  request.resource = "arn:aws:dynamodb:us-east-1:000000000000:table/t";
  request.action = "dynamodb:Scan";
  EXPECT_EQ(checked->compiled->Evaluate(request), iam::policy::Effect::kDeny);
  request.action = "dynamodb:GetItem";
  EXPECT_EQ(checked->compiled->Evaluate(request), iam::policy::Effect::kNotApplicable);
}

}  // namespace
}  // namespace tarn::dynamodb
