// The Condition table: every operator family, IfExists, ForAllValues/ForAnyValue, missing keys and
// policy variables, each as an Allow statement that must (or must not) apply.
#include "iam/policy/conditions.h"

#include <gtest/gtest.h>

#include "iam/policy/policy.h"
#include "policy_test_util.h"

namespace tarn::iam::policy {
namespace {

using testing::ContextEntries;

struct Case {
  const char* name;
  const char* condition;  // the value of the Condition element
  ContextEntries context;
  bool applies;
};

std::vector<Case> Cases() {
  const ContextEntries app = {{"aws:username", {"app"}}};
  const ContextEntries tags_bc = {{"aws:TagKeys", {"b", "c"}}};
  const ContextEntries now = {{"aws:CurrentTime", {"2021-06-01T12:00:00Z"}}};
  return {
      // --- String ---
      {"StringEquals", R"({"StringEquals":{"aws:username":"app"}})", app, true},
      {"StringEquals is case-sensitive", R"({"StringEquals":{"aws:username":"App"}})", app, false},
      {"StringEquals values are ORed", R"({"StringEquals":{"aws:username":["x","app"]}})", app, true},
      {"StringEquals on a missing key", R"({"StringEquals":{"aws:username":"app"}})", {}, false},
      {"StringNotEquals, other value", R"({"StringNotEquals":{"aws:username":"root"}})", app, true},
      {"StringNotEquals, same value", R"({"StringNotEquals":{"aws:username":"app"}})", app, false},
      {"StringNotEquals on a missing key matches", R"({"StringNotEquals":{"aws:username":"app"}})", {}, true},
      {"StringNotEquals values are NORed", R"({"StringNotEquals":{"aws:username":["x","app"]}})", app, false},
      {"StringEqualsIgnoreCase", R"({"StringEqualsIgnoreCase":{"aws:username":"APP"}})", app, true},
      {"StringNotEqualsIgnoreCase", R"({"StringNotEqualsIgnoreCase":{"aws:username":"APP"}})", app, false},
      {"StringLike star", R"({"StringLike":{"aws:username":"a*"}})", app, true},
      {"StringLike no match", R"({"StringLike":{"aws:username":"b*"}})", app, false},
      {"StringLike question mark", R"({"StringLike":{"aws:username":"?pp"}})", app, true},
      {"StringLike is case-sensitive", R"({"StringLike":{"aws:username":"A*"}})", app, false},
      {"StringNotLike match", R"({"StringNotLike":{"aws:username":"a*"}})", app, false},
      {"StringNotLike on a missing key", R"({"StringNotLike":{"aws:username":"a*"}})", {}, true},
      {"condition keys are case-insensitive", R"({"StringEquals":{"AWS:UserName":"app"}})", app, true},
      {"StringEqualsIfExists, missing key", R"({"StringEqualsIfExists":{"aws:username":"x"}})", {}, true},
      {"StringEqualsIfExists, present and different", R"({"StringEqualsIfExists":{"aws:username":"x"}})", app,
       false},
      {"StringNotLikeIfExists, present and matching", R"({"StringNotLikeIfExists":{"aws:username":"a*"}})",
       app, false},
      {"two keys are ANDed",
       R"({"StringEquals":{"aws:username":"app","aws:PrincipalTag/team":"data"}})",
       {{"aws:username", {"app"}}, {"aws:PrincipalTag/team", {"data"}}},
       true},
      {"two keys, one fails",
       R"({"StringEquals":{"aws:username":"app","aws:PrincipalTag/team":"ops"}})",
       {{"aws:username", {"app"}}, {"aws:PrincipalTag/team", {"data"}}},
       false},
      {"two operators are ANDed",
       R"({"StringEquals":{"aws:username":"app"},"Bool":{"aws:SecureTransport":"true"}})",
       {{"aws:username", {"app"}}, {"aws:SecureTransport", {"false"}}},
       false},
      {"multivalued key without set operator: any value", R"({"StringEquals":{"aws:TagKeys":"c"}})", tags_bc,
       true},
      // --- policy variables in condition values ---
      {"variable in StringEquals",
       R"({"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}})",
       {{"aws:username", {"app"}}, {"aws:PrincipalTag/owner", {"app"}}},
       true},
      {"variable in StringLike",
       R"({"StringLike":{"s3:prefix":["home/${aws:username}/*",""]}})",
       {{"aws:username", {"app"}}, {"s3:prefix", {"home/app/2024/"}}},
       true},
      {"variable in StringLike, other user",
       R"({"StringLike":{"s3:prefix":"home/${aws:username}/*"}})",
       {{"aws:username", {"bob"}}, {"s3:prefix", {"home/app/2024/"}}},
       false},
      {"variable value is literal in StringLike",
       R"({"StringLike":{"s3:prefix":"home/${aws:username}"}})",
       {{"aws:username", {"*"}}, {"s3:prefix", {"home/app"}}},
       false},
      {"missing variable: the statement does not match",
       R"({"StringNotEquals":{"s3:prefix":"home/${aws:username}"}})",
       {{"s3:prefix", {"other"}}},
       false},
      {"variable default value",
       R"({"StringEquals":{"s3:prefix":"home/${aws:username, 'anonymous'}"}})",
       {{"s3:prefix", {"home/anonymous"}}},
       true},
      {"${$} escape",
       R"({"StringEquals":{"aws:PrincipalTag/cost":"${$}5"}})",
       {{"aws:PrincipalTag/cost", {"$5"}}},
       true},
      {"${?} escape in StringLike is literal",
       R"({"StringLike":{"aws:PrincipalTag/q":"a${?}"}})",
       {{"aws:PrincipalTag/q", {"ab"}}},
       false},
      {"LeadingKeys is the caller's user id",
       R"({"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:userid}"]}})",
       {{"aws:userid", {"AIDAEXAMPLE"}}, {"dynamodb:LeadingKeys", {"AIDAEXAMPLE"}}},
       true},
      {"LeadingKeys of someone else",
       R"({"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:userid}"]}})",
       {{"aws:userid", {"AIDAEXAMPLE"}}, {"dynamodb:LeadingKeys", {"AIDAEXAMPLE", "AIDAOTHER"}}},
       false},
      // --- Numeric ---
      {"NumericEquals", R"({"NumericEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"10"}}}, true},
      {"NumericEquals compares numbers",
       R"({"NumericEquals":{"s3:max-keys":10}})",
       {{"s3:max-keys", {"10.0"}}},
       true},
      {"NumericEquals different",
       R"({"NumericEquals":{"s3:max-keys":"10"}})",
       {{"s3:max-keys", {"11"}}},
       false},
      {"NumericNotEquals", R"({"NumericNotEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"11"}}}, true},
      {"NumericLessThan", R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"9"}}}, true},
      {"NumericLessThan, equal",
       R"({"NumericLessThan":{"s3:max-keys":"10"}})",
       {{"s3:max-keys", {"10"}}},
       false},
      {"NumericLessThanEquals",
       R"({"NumericLessThanEquals":{"s3:max-keys":"10"}})",
       {{"s3:max-keys", {"10"}}},
       true},
      {"NumericGreaterThan",
       R"({"NumericGreaterThan":{"s3:max-keys":"10"}})",
       {{"s3:max-keys", {"11"}}},
       true},
      {"NumericGreaterThanEquals",
       R"({"NumericGreaterThanEquals":{"s3:max-keys":"10"}})",
       {{"s3:max-keys", {"9"}}},
       false},
      {"Numeric on text", R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", {"ten"}}}, false},
      {"NumericLessThan on a missing key", R"({"NumericLessThan":{"s3:max-keys":"10"}})", {}, false},
      {"NumericLessThanIfExists on a missing key",
       R"({"NumericLessThanIfExists":{"s3:max-keys":"10"}})",
       {},
       true},
      // --- Date ---
      {"DateGreaterThan", R"({"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})", now, true},
      {"DateLessThan", R"({"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})", now, false},
      {"DateLessThan, a date alone", R"({"DateLessThan":{"aws:CurrentTime":"2022-01-01"}})", now, true},
      {"DateEquals epoch and ISO", R"({"DateEquals":{"aws:CurrentTime":"1622548800"}})", now, true},
      {"DateNotEquals", R"({"DateNotEquals":{"aws:CurrentTime":"2021-06-01T12:00:00Z"}})", now, false},
      {"DateLessThanEquals, equal", R"({"DateLessThanEquals":{"aws:CurrentTime":"2021-06-01T12:00:00Z"}})",
       now, true},
      {"DateGreaterThanEquals with an offset",
       R"({"DateGreaterThanEquals":{"aws:CurrentTime":"2021-06-01T13:00:00+01:00"}})", now, true},
      {"DateGreaterThan against aws:EpochTime",
       R"({"DateGreaterThan":{"aws:EpochTime":"2020-01-01T00:00:00Z"}})",
       {{"aws:EpochTime", {"1577836801"}}},
       true},
      {"DateGreaterThan on a missing key",
       R"({"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})",
       {},
       false},
      // --- Bool ---
      {"Bool true", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", {"true"}}}, true},
      {"Bool JSON true",
       R"({"Bool":{"aws:SecureTransport":true}})",
       {{"aws:SecureTransport", {"true"}}},
       true},
      {"Bool false",
       R"({"Bool":{"aws:SecureTransport":"false"}})",
       {{"aws:SecureTransport", {"false"}}},
       true},
      {"Bool mismatch",
       R"({"Bool":{"aws:SecureTransport":"true"}})",
       {{"aws:SecureTransport", {"false"}}},
       false},
      {"Bool ignores case",
       R"({"Bool":{"aws:SecureTransport":"True"}})",
       {{"aws:SecureTransport", {"true"}}},
       true},
      {"Bool on a missing key", R"({"Bool":{"aws:MultiFactorAuthPresent":"false"}})", {}, false},
      {"BoolIfExists on a missing key",
       R"({"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}})",
       {},
       true},
      // --- Binary ---
      {"BinaryEquals",
       R"({"BinaryEquals":{"aws:PrincipalTag/key":"QmluYXJ5"}})",
       {{"aws:PrincipalTag/key", {"QmluYXJ5"}}},
       true},
      {"BinaryEquals different",
       R"({"BinaryEquals":{"aws:PrincipalTag/key":"QmluYXJ5"}})",
       {{"aws:PrincipalTag/key", {"QmluYXJ6"}}},
       false},
      // --- IP ---
      {"IpAddress in the CIDR",
       R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
       {{"aws:SourceIp", {"203.0.113.5"}}},
       true},
      {"IpAddress outside",
       R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
       {{"aws:SourceIp", {"198.51.100.1"}}},
       false},
      {"IpAddress single address",
       R"({"IpAddress":{"aws:SourceIp":"203.0.113.5"}})",
       {{"aws:SourceIp", {"203.0.113.5"}}},
       true},
      {"IpAddress list",
       R"({"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}})",
       {{"aws:SourceIp", {"10.1.2.3"}}},
       true},
      {"IpAddress /0",
       R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})",
       {{"aws:SourceIp", {"192.0.2.1"}}},
       true},
      {"NotIpAddress outside",
       R"({"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
       {{"aws:SourceIp", {"198.51.100.1"}}},
       true},
      {"NotIpAddress inside",
       R"({"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
       {{"aws:SourceIp", {"203.0.113.9"}}},
       false},
      {"NotIpAddress on a missing key", R"({"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}})", {}, true},
      {"IPv6 in the CIDR",
       R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})",
       {{"aws:SourceIp", {"2001:db8:1::7"}}},
       true},
      {"IPv6 outside",
       R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})",
       {{"aws:SourceIp", {"2001:db9::1"}}},
       false},
      {"IPv4 CIDR, IPv6 caller",
       R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})",
       {{"aws:SourceIp", {"::1"}}},
       false},
      {"IpAddress on text",
       R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})",
       {{"aws:SourceIp", {"localhost"}}},
       false},
      // --- ARN ---
      {"ArnEquals",
       R"({"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}})",
       {{"aws:SourceArn", {"arn:aws:s3:::bucket"}}},
       true},
      {"ArnLike with a wildcard",
       R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::buck*"}})",
       {{"aws:SourceArn", {"arn:aws:s3:::bucket"}}},
       true},
      {"ArnLike account wildcard",
       R"({"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}})",
       {{"aws:PrincipalArn", {"arn:aws:iam::000000000000:role/admin"}}},
       true},
      {"ArnLike other role",
       R"({"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}})",
       {{"aws:PrincipalArn", {"arn:aws:iam::000000000000:role/administrator"}}},
       false},
      {"ArnNotEquals, the same ARN",
       R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}})",
       {{"aws:SourceArn", {"arn:aws:s3:::bucket"}}},
       false},
      {"ArnNotLike on a missing key", R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}})", {}, true},
      {"ArnLike on a value that is not an ARN",
       R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}})",
       {{"aws:SourceArn", {"bucket"}}},
       false},
      // --- Null ---
      {"Null true, key absent", R"({"Null":{"aws:TokenIssueTime":"true"}})", {}, true},
      {"Null true, key present",
       R"({"Null":{"aws:TokenIssueTime":"true"}})",
       {{"aws:TokenIssueTime", {"2021-01-01T00:00:00Z"}}},
       false},
      {"Null false, key present",
       R"({"Null":{"aws:TokenIssueTime":"false"}})",
       {{"aws:TokenIssueTime", {"2021-01-01T00:00:00Z"}}},
       true},
      {"Null false, key absent", R"({"Null":{"aws:TokenIssueTime":false}})", {}, false},
      // --- ForAnyValue / ForAllValues ---
      {"ForAnyValue, one in common", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}})", tags_bc,
       true},
      {"ForAnyValue, none in common", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["a","d"]}})", tags_bc,
       false},
      {"ForAnyValue on a missing key", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}})", {}, false},
      {"ForAnyValue IfExists on a missing key",
       R"({"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["a"]}})",
       {},
       true},
      {"ForAnyValue:StringNotEquals, one outside", R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["b"]}})",
       tags_bc, true},
      {"ForAllValues, all listed", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["b","c","d"]}})", tags_bc,
       true},
      {"ForAllValues, one not listed", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["b"]}})", tags_bc,
       false},
      {"ForAllValues on a missing key is true",
       R"({"ForAllValues:StringEquals":{"aws:TagKeys":["b"]}})",
       {},
       true},
      {"ForAllValues on an empty set is true",
       R"({"ForAllValues:StringEquals":{"aws:TagKeys":["b"]}})",
       {{"aws:TagKeys", {}}},
       true},
      {"ForAllValues:StringNotEquals, none listed",
       R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["a"]}})", tags_bc, true},
      {"ForAllValues:StringNotEquals, one listed",
       R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["c"]}})", tags_bc, false},
      {"ForAllValues:StringLike",
       R"({"ForAllValues:StringLike":{"aws:TagKeys":["team-*"]}})",
       {{"aws:TagKeys", {"team-a", "team-b"}}},
       true},
      {"ForAnyValue:NumericGreaterThan",
       R"({"ForAnyValue:NumericGreaterThan":{"app:sizes":"10"}})",
       {{"app:sizes", {"5", "50"}}},
       true},
  };
}

class ConditionTable : public ::testing::TestWithParam<Case> {};

TEST_P(ConditionTable, Applies) {
  const Case& c = GetParam();
  const std::string document = testing::Doc(
      testing::Stmt("Allow", "\"s3:ListBucket\"", "\"*\"", std::string("\"Condition\":") + c.condition));
  PolicyPtr policy = testing::MustParse(document);
  ASSERT_NE(policy, nullptr);
  const ConditionContext context = testing::MakeContext(c.context);
  Request request{.action = "s3:ListBucket",
                  .resource = "arn:aws:s3:::bucket",
                  .principal_arn = testing::kUserArn,
                  .account_id = testing::kAccount,
                  .context = &context};
  EXPECT_EQ(policy->Evaluate(request) == Effect::kAllow, c.applies) << c.name << ": " << c.condition;
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* p = info.param.name; *p != '\0'; ++p)
    name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Operators, ConditionTable, ::testing::ValuesIn(Cases()), CaseName);

TEST(ConditionOperatorTest, ParsesPrefixesAndSuffixes) {
  auto op = ParseConditionOperator("ForAnyValue:StringNotLikeIfExists");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->test, ConditionTest::kStringLike);
  EXPECT_TRUE(op->negated);
  EXPECT_TRUE(op->if_exists);
  EXPECT_EQ(op->set, SetOperator::kForAnyValue);
  EXPECT_FALSE(ParseConditionOperator("StringLikeIfExistsIfExists").has_value());
  EXPECT_FALSE(ParseConditionOperator("ForAllValues:ForAnyValue:StringLike").has_value());
  EXPECT_FALSE(ParseConditionOperator("").has_value());
}

TEST(ConditionValuesTest, ParsesDatesNumbersAndNetworks) {
  EXPECT_EQ(ParseConditionDate("1970-01-02T00:00:00Z"), 86400.0);
  EXPECT_EQ(ParseConditionDate("86400"), 86400.0);
  EXPECT_EQ(ParseConditionDate("1970-01-02"), 86400.0);
  EXPECT_FALSE(ParseConditionDate("tomorrow").has_value());
  EXPECT_EQ(ParseConditionNumber("-1.5"), -1.5);
  EXPECT_FALSE(ParseConditionNumber("1e").has_value());
  EXPECT_FALSE(ParseIpNetwork("10.0.0.0/33").has_value());
  EXPECT_FALSE(ParseIpNetwork("10.0.0/8").has_value());
  EXPECT_FALSE(ParseIpNetwork("::/129").has_value());
  auto network = ParseIpNetwork("10.1.0.0/16");
  auto inside = ParseIpNetwork("10.1.255.255");
  auto outside = ParseIpNetwork("10.2.0.0");
  ASSERT_TRUE(network && inside && outside);
  EXPECT_TRUE(InNetwork(*network, *inside));
  EXPECT_FALSE(InNetwork(*network, *outside));
}

}  // namespace
}  // namespace tarn::iam::policy
