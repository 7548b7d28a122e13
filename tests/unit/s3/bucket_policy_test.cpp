#include "s3/bucket_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::s3 {
namespace {

std::string Refusal(std::string_view document, std::string_view bucket = "b1") {
  auto checked = CheckBucketPolicy(bucket, document);
  if (checked.ok()) return "accepted";
  EXPECT_EQ(checked.error().code, "MalformedPolicy");
  EXPECT_EQ(checked.error().http_status, 400);
  return checked.error().message;
}

std::string Statement(std::string_view members) {
  return std::string(R"({"Version":"2012-10-17","Statement":[{)") + std::string(members) + "}]}";
}

constexpr std::string_view kJsonFirstByte = "Policies must be valid JSON and the first byte must be '{'";

TEST(BucketPolicyTest, MalformedBytesAreRefusedWithS3sWords) {
  EXPECT_EQ(Refusal(""), kJsonFirstByte);
  EXPECT_EQ(Refusal(" {}"), kJsonFirstByte);
  EXPECT_EQ(Refusal("[]"), kJsonFirstByte);
  EXPECT_EQ(Refusal(std::string("\0{", 2)), kJsonFirstByte);
  EXPECT_EQ(Refusal("{"), "This policy contains invalid Json");
  EXPECT_EQ(Refusal("{\"Statement\":[}"), "This policy contains invalid Json");
  EXPECT_EQ(Refusal("{\"a\":1}{}"), "This policy contains invalid Json");
  EXPECT_EQ(Refusal("{\"Statement\":\xff}"), "This policy contains invalid Json");
  EXPECT_EQ(Refusal("{" + std::string(100000, '[')), "This policy contains invalid Json");
  EXPECT_EQ(Refusal("{}"), "Missing required field Statement");
  EXPECT_EQ(Refusal(R"({"Statement":[]})"), "Could not parse the policy: Statement is empty!");
  EXPECT_EQ(Refusal(R"({"Statement":"x"})"), "Invalid policy syntax.");
  EXPECT_EQ(Refusal(R"({"Statement":[1]})"), "Invalid policy syntax.");
  EXPECT_EQ(Refusal(R"({"Version":"2020-01-01","Statement":[]})"),
            "The policy must contain a valid version string");
  EXPECT_EQ(Refusal(R"({"Version":7,"Statement":[]})"), "The policy must contain a valid version string");
}

TEST(BucketPolicyTest, StatementsAreCheckedMemberByMember) {
  const std::string rest = R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*")";
  EXPECT_EQ(Refusal(Statement(R"("Principal":"*",)" + rest)), "Missing required field Effect");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Permit","Principal":"*",)" + rest)), "Invalid effect: Permit");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow",)" + rest)), "Missing required field Principal");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":"",)" + rest)),
            "Missing required field Principal cannot be empty!");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":{},)" + rest)),
            "Missing required field Principal cannot be empty!");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":"arn:aws:iam::000000000000:root",)" + rest)),
            "Invalid policy syntax.");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":{"AWS":"alice"},)" + rest)),
            "Invalid principal in policy");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":{"AWS":"arn:aws:iam::12:user/a"},)" + rest)),
            "Invalid principal in policy");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":{"Nobody":"x"},)" + rest)),
            "Invalid principal in policy");
  EXPECT_EQ(Refusal(Statement(R"("Effect":"Allow","Principal":{"AWS":7},)" + rest)),
            "Invalid policy syntax.");
  const std::string who = R"("Effect":"Allow","Principal":"*",)";
  EXPECT_EQ(Refusal(Statement(who + R"("Resource":"arn:aws:s3:::b1/*")")), "Missing required field Action");
  EXPECT_EQ(Refusal(Statement(who + R"("Action":"s3:GetObject")")), "Missing required field Resource");
  for (std::string_view action : {"GetObject", "sqs:SendMessage", "s3:", "s3:Get Object", "s3:a:b"}) {
    EXPECT_EQ(Refusal(Statement(who + R"("Action":")" + std::string(action) +
                                R"(","Resource":"arn:aws:s3:::b1/*")")),
              "Policy has invalid action")
        << action;
  }
  EXPECT_EQ(Refusal(Statement(who + R"("Action":[],"Resource":"arn:aws:s3:::b1/*")")),
            "Policy has invalid action");
  for (std::string_view resource : {"*", "arn:aws:s3:::*", "arn:aws:s3:::b2/*", "arn:aws:s3:::b1*",
                                    "arn:aws:s3:::b10", "arn:aws:s3::b1/*", "b1/*"}) {
    EXPECT_EQ(
        Refusal(Statement(who + R"("Action":"s3:GetObject","Resource":")" + std::string(resource) + "\"")),
        "Policy has invalid resource")
        << resource;
  }
  // Object actions need an object resource, bucket actions the bucket; a wildcard action may match either.
  EXPECT_EQ(Refusal(Statement(who + R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::b1")")),
            "Action does not apply to any resource(s) in statement");
  EXPECT_EQ(Refusal(Statement(who + R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1/*")")),
            "Action does not apply to any resource(s) in statement");
  EXPECT_EQ(Refusal(Statement(who + R"("Action":"s3:Get*","Resource":"arn:aws:s3:::b1")")), "accepted");
  EXPECT_EQ(
      Refusal(Statement(who + R"("Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::b1")")),
      "accepted");
  EXPECT_EQ(
      Refusal(Statement(who + R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*","Condition":[])")),
      "Invalid policy syntax.");
}

TEST(BucketPolicyTest, CanonicalFormIsMinifiedInS3sOrder) {
  auto checked = CheckBucketPolicy("b1", R"({
    "Statement": [{"Resource": ["arn:aws:s3:::b1/*"], "Action": ["s3:GetObject", "s3:PutObject"],
                   "Principal": {"Service": ["lambda.amazonaws.com"], "AWS": ["123456789012"]},
                   "Effect": "Allow", "Sid": "One",
                   "Condition": {"StringEquals": {"aws:SourceAccount": ["123456789012"]}}}],
    "Id": "doc"})");
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(
      checked->canonical,
      R"({"Version":"2008-10-17","Id":"doc","Statement":[{"Sid":"One","Effect":"Allow","Principal":{"AWS":)"
      R"("123456789012","Service":"lambda.amazonaws.com"},"Action":["s3:GetObject","s3:PutObject"],)"
      R"("Resource":"arn:aws:s3:::b1/*","Condition":{"StringEquals":{"aws:SourceAccount":["123456789012"]}}}]})");
  EXPECT_FALSE(checked->is_public);
  ASSERT_NE(checked->compiled, nullptr);
  // The canonical form is itself accepted and canonical.
  auto again = CheckBucketPolicy("b1", checked->canonical);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->canonical, checked->canonical);
}

TEST(BucketPolicyTest, PublicUnlessPinnedToFixedValues) {
  auto is_public = [](std::string_view statement) {
    auto checked = CheckBucketPolicy("b1", R"({"Statement":[)" + std::string(statement) + "]}");
    EXPECT_TRUE(checked.ok()) << statement << ": " << checked.error().message;
    return checked.ok() && checked->is_public;
  };
  const std::string allow = R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*",)";
  EXPECT_TRUE(is_public(allow + R"("Principal":"*"})"));
  EXPECT_TRUE(is_public(allow + R"("Principal":{"AWS":["111122223333","*"]}})"));
  EXPECT_TRUE(is_public(allow + R"("NotPrincipal":{"AWS":"111122223333"}})"));
  EXPECT_FALSE(is_public(allow + R"("Principal":{"AWS":"111122223333"}})"));
  EXPECT_FALSE(is_public(
      R"({"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/*","Principal":"*"})"));
  EXPECT_FALSE(
      is_public(allow + R"("Principal":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}}})"));
  EXPECT_FALSE(is_public(
      allow +
      R"("Principal":"*","Condition":{"ArnEquals":{"AWS:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}})"));
  EXPECT_TRUE(is_public(allow + R"("Principal":"*","Condition":{"StringLike":{"aws:SourceVpc":"vpc-*"}}})"));
  EXPECT_TRUE(is_public(
      allow + R"("Principal":"*","Condition":{"StringEquals":{"aws:SourceVpc":"${aws:username}"}}})"));
  EXPECT_TRUE(is_public(
      allow + R"("Principal":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}})"));
  EXPECT_TRUE(is_public(allow + R"("Principal":"*","Condition":{"StringEquals":{"s3:prefix":"home/"}}})"));
  EXPECT_TRUE(
      is_public(allow + R"("Principal":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/7"}}})"));
  EXPECT_FALSE(is_public(
      allow + R"("Principal":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.7"]}}})"));
  EXPECT_TRUE(
      is_public(allow + R"("Principal":"*","Condition":{"IpAddress":{"aws:SourceIp":"2001:db8::/16"}}})"));
}

TEST(BucketPolicyTest, PoliciesAreFoundByBucketUntilErased) {
  BucketPolicies policies;
  EXPECT_EQ(policies.Of("b1"), nullptr);
  auto checked =
      CheckBucketPolicy("b1", Statement(R"("Effect":"Allow","Principal":"*","Action":"s3:GetObject",)"
                                        R"("Resource":"arn:aws:s3:::b1/*")"));
  ASSERT_TRUE(checked.ok());
  policies.Set("b1", {checked->compiled, checked->is_public, true});
  ASSERT_NE(policies.Of("b1"), nullptr);
  EXPECT_TRUE(policies.Of("b1")->is_public);
  EXPECT_TRUE(policies.Of("b1")->restrict_public);
  EXPECT_EQ(policies.Of("b2"), nullptr);
  policies.Set("b1", {});  // no policy: erased
  EXPECT_EQ(policies.Of("b1"), nullptr);
  policies.Set("b1", {checked->compiled, false, false});
  policies.Erase("b1");
  EXPECT_EQ(policies.Of("b1"), nullptr);
}

TEST(BucketPolicyTest, NewBucketsBlockPublicAccess) {
  auto block = DefaultPublicAccessBlock();
  EXPECT_EQ(block.size(), 4u);
  for (const auto& [name, value] : block) EXPECT_EQ(value, true) << name;
}

}  // namespace
}  // namespace tarn::s3
