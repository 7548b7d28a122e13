// Validation on write: each document IAM refuses, with the message IAM gives; and documents it takes.
#include <gtest/gtest.h>

#include "iam/policy/policy.h"
#include "policy_test_util.h"

namespace tarn::iam::policy {
namespace {

using testing::Doc;
using testing::Stmt;

struct Malformed {
  const char* name;
  std::string document;
  PolicyKind kind;
  std::string message;
};

const std::string kSyntax = "Syntax errors in policy.";
const std::string kAllowAll = Stmt("Allow", "\"*\"", "\"*\"");
const std::string kTrustStatement =
    R"({"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"lambda.amazonaws.com"}})";

std::vector<Malformed> MalformedCases() {
  const PolicyKind id = PolicyKind::kIdentity;
  const PolicyKind res = PolicyKind::kResource;
  const PolicyKind trust = PolicyKind::kTrust;
  return {
      {"not JSON", "{\"Version\":", id, kSyntax},
      {"trailing comma",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",}]})", id,
       kSyntax},
      {"not an object", "[]", id, kSyntax},
      {"a string", "\"policy\"", id, kSyntax},
      {"empty document", "{}", id, kSyntax},
      {"no Statement", R"({"Version":"2012-10-17"})", id, kSyntax},
      {"empty Statement list", R"({"Version":"2012-10-17","Statement":[]})", id, kSyntax},
      {"Statement is a string", R"({"Version":"2012-10-17","Statement":"Allow"})", id, kSyntax},
      {"statement is a string", Doc("\"Allow\""), id, kSyntax},
      {"unknown top-level field", R"({"Version":"2012-10-17","Foo":1,"Statement":[)" + kAllowAll + "]}", id,
       kSyntax},
      {"unknown statement field", Doc(Stmt("Allow", "\"*\"", "\"*\"", "\"Foo\":\"bar\"")), id, kSyntax},
      {"bad Version", Doc(kAllowAll, "2012-10-18"), id, kSyntax},
      {"Version not a string", R"({"Version":2012,"Statement":[)" + kAllowAll + "]}", id, kSyntax},
      {"Id not a string", R"({"Version":"2012-10-17","Id":5,"Statement":[)" + kAllowAll + "]}", id, kSyntax},
      {"missing Effect", Doc(R"({"Action":"*","Resource":"*"})"), id, kSyntax},
      {"Effect not allow/deny", Doc(Stmt("Permit", "\"*\"", "\"*\"")), id, kSyntax},
      {"Effect not a string", Doc(R"({"Effect":true,"Action":"*","Resource":"*"})"), id, kSyntax},
      {"Action a number", Doc(Stmt("Allow", "5", "\"*\"")), id, kSyntax},
      {"Action list with a number", Doc(Stmt("Allow", "[\"s3:GetObject\",5]", "\"*\"")), id, kSyntax},
      {"Resource an object", Doc(Stmt("Allow", "\"*\"", "{\"a\":1}")), id, kSyntax},
      {"Action and NotAction", Doc(R"({"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"})"),
       id, kSyntax},
      {"Resource and NotResource", Doc(R"({"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"})"),
       id, kSyntax},
      {"Sid not a string", Doc(Stmt("Allow", "\"*\"", "\"*\"", "\"Sid\":1")), id, kSyntax},
      {"Condition not an object", Doc(Stmt("Allow", "\"*\"", "\"*\"", "\"Condition\":\"x\"")), id, kSyntax},
      {"Condition operator block not an object",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"StringEquals":"x"})")), id, kSyntax},
      {"Condition value an object",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"StringEquals":{"aws:username":{"a":1}}})")), id,
       kSyntax},
      {"unknown condition operator",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"StringEqualz":{"aws:username":"a"}})")), id,
       kSyntax},
      {"operator case matters",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"stringequals":{"aws:username":"a"}})")), id,
       kSyntax},
      {"unknown set operator",
       Doc(Stmt("Allow", "\"*\"", "\"*\"",
                R"("Condition":{"ForSomeValues:StringEquals":{"aws:TagKeys":"a"}})")),
       id, kSyntax},
      {"Principal in an identity policy", Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Principal":"*")")), id,
       "Policy document should not specify a principal."},
      {"NotPrincipal in an identity policy",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("NotPrincipal":{"AWS":"000000000000"})")), id,
       "Policy document should not specify a principal."},
      {"lower-case effect", Doc(Stmt("allow", "\"*\"", "\"*\"")), id, "The policy failed legacy parsing"},
      {"bad date",
       Doc(Stmt("Allow", "\"*\"", "\"*\"",
                R"("Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}})")),
       id, "The policy failed legacy parsing"},
      {"ARN with too few parts", Doc(Stmt("Allow", "\"*\"", "\"arn:aws:s3::bucket\"")), id,
       "The policy failed legacy parsing"},
      {"duplicate Sid",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", "\"Sid\":\"A\"") + "," +
           Stmt("Deny", "\"s3:*\"", "\"*\"", "\"Sid\":\"A\"")),
       id, "Statement IDs (SID) in a single policy must be unique."},
      {"Sid with a space", Doc(Stmt("Allow", "\"*\"", "\"*\"", "\"Sid\":\"Allow all\"")), id,
       "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression "
       "[0-9A-Za-z]*"},
      {"no Action", Doc(R"({"Effect":"Allow","Resource":"*"})"), id,
       "Policy statement must contain actions."},
      {"empty Action list", Doc(Stmt("Allow", "[]", "\"*\"")), id, "Policy statement must contain actions."},
      {"no Resource", Doc(R"({"Effect":"Allow","Action":"*"})"), id,
       "Policy statement must contain resources."},
      {"empty Resource list", Doc(Stmt("Allow", "\"*\"", "[]")), id,
       "Policy statement must contain resources."},
      {"Resource not an ARN", Doc(Stmt("Allow", "\"s3:*\"", "\"my-bucket\"")), id,
       "Resource my-bucket must be in ARN format or \"*\"."},
      {"bad partition", Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws-x:s3:::b\"")), id,
       "Partition \"aws-x\" is not valid for resource \"arn:aws-x:s3:::b\"."},
      {"wildcard vendor in Resource", Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s*:::b\"")), id,
       "Resource vendor must be fully qualified and cannot contain regexes."},
      {"IAM resource with a region",
       Doc(Stmt("Allow", "\"iam:*\"", "\"arn:aws:iam:us-east-1:000000000000:user/x\"")), id,
       "IAM resource arn:aws:iam:us-east-1:000000000000:user/x cannot contain region information."},
      {"vendor-less action", Doc(Stmt("Allow", "\"GetObject\"", "\"*\"")), id,
       "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
      {"vendor-less NotAction", Doc(R"({"Effect":"Allow","NotAction":"Delete*","Resource":"*"})"), id,
       "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
      {"partition of a resource that is no ARN", Doc(Stmt("Allow", "\"s3:*\"", "\"a:bsdfdsafsad\"")), id,
       "Partition \"bsdfdsafsad\" is not valid for resource \"arn:bsdfdsafsad:*:*:*:*\"."},
      {"partition padded to six fields", Doc(Stmt("Allow", "\"s3:*\"", "\"aws:s3:::example_bucket\"")), id,
       "Partition \"s3\" is not valid for resource \"arn:s3:::example_bucket:*\"."},
      {"resource without a vendor", Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws\"")), id,
       "Resource vendor must be fully qualified and cannot contain regexes."},
      {"IAM resource path", Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:iam:::example_bucket\"")), id,
       "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/, group/, "
       "instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, "
       "report/, "
       "access-report/."},
      {"date IAM cannot read",
       Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"DateGreaterThan":{"a":"sdfdsf"}})")), id,
       "The policy failed legacy parsing"},
      {"trust policy granting another action",
       Doc(R"({"Effect":"Allow","Action":"sts:InvalidAction","Principal":{"Service":"lambda.amazonaws.com"}})"),
       PolicyKind::kTrust, "AssumeRole policy may only specify STS AssumeRole actions."},
      {"two colons in an action", Doc(Stmt("Allow", "\"s3:Get:Object\"", "\"*\"")), id,
       "Actions/Condition can contain only one colon."},
      {"bad vendor", Doc(Stmt("Allow", "\"s3_x:GetObject\"", "\"*\"")), id, "Vendor s3_x is not valid"},
      {"resource policy without Principal", Doc(kAllowAll), res, "Missing required field Principal"},
      {"bad AWS principal", Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", R"("Principal":{"AWS":"bob"})")), res,
       "Invalid principal in policy: \"AWS\":\"bob\""},
      {"wildcard inside a principal ARN",
       Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", R"("Principal":{"AWS":"arn:aws:iam::000000000000:user/*"})")),
       res, "Invalid principal in policy: \"AWS\":\"arn:aws:iam::000000000000:user/*\""},
      {"short account id", Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", R"("Principal":{"AWS":"12345"})")), res,
       "Invalid principal in policy: \"AWS\":\"12345\""},
      {"unknown principal type", Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", R"("Principal":{"Group":"x"})")), res,
       "Invalid principal in policy: \"Group\":\"x\""},
      {"Principal string other than *",
       Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", R"("Principal":"000000000000")")), res,
       "Invalid principal in policy: \"AWS\":\"000000000000\""},
      {"Service *", Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", R"("Principal":{"Service":"*"})")), res,
       "Invalid principal in policy: \"Service\":\"*\""},
      {"trust policy, invalid JSON", "{\"Version\":\"2012-10-17\",", trust,
       "This policy contains invalid Json"},
      {"trust policy without Principal", Doc(R"({"Effect":"Allow","Action":"sts:AssumeRole"})"), trust,
       "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has "
       "a "
       "statement with no principals!"},
      {"trust policy with Resource",
       Doc(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Principal":{"AWS":"000000000000"}})"),
       trust, "Has prohibited field Resource"},
      {"trust policy without Action", Doc(R"({"Effect":"Allow","Principal":{"AWS":"000000000000"}})"), trust,
       "Policy statement must contain actions."},
  };
}

class MalformedTable : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedTable, RefusedWithIamsMessage) {
  const Malformed& c = GetParam();
  auto parsed = Policy::Parse(c.document, c.kind);
  ASSERT_FALSE(parsed.ok()) << c.name;
  EXPECT_EQ(parsed.error().code, "MalformedPolicyDocument") << c.name;
  EXPECT_EQ(parsed.error().http_status, 400) << c.name;
  EXPECT_EQ(parsed.error().message, c.message) << c.name << ": " << c.document;
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const Malformed& c, std::ostream* os) { *os << c.name; }

std::string CaseName(const ::testing::TestParamInfo<Malformed>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* p = info.param.name; *p != '\0'; ++p)
    name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Documents, MalformedTable, ::testing::ValuesIn(MalformedCases()), CaseName);

TEST(ParseTest, ManagedPoliciesNeedVersion2012) {
  const ParseOptions managed{.require_version_2012 = true};
  const std::string message = "Policy document must be version 2012-10-17 or greater.";
  for (const std::string& doc :
       {std::string(R"({"Statement":[)") + kAllowAll + "]}", Doc(kAllowAll, "2008-10-17")}) {
    auto parsed = Policy::Parse(doc, PolicyKind::kIdentity, managed);
    ASSERT_FALSE(parsed.ok()) << doc;
    EXPECT_EQ(parsed.error().message, message);
    EXPECT_TRUE(Policy::Parse(doc, PolicyKind::kIdentity).ok())
        << "inline policies keep the old grammar: " << doc;
  }
  EXPECT_TRUE(Policy::Parse(Doc(kAllowAll), PolicyKind::kIdentity, managed).ok());
}

TEST(ParseTest, AcceptsWhatIamAccepts) {
  const std::vector<std::pair<std::string, PolicyKind>> valid = {
      {Doc(kAllowAll), PolicyKind::kIdentity},
      {R"({"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}})",
       PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"s3:*\"", "\"*\"", "\"Sid\":\"\"")), PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"*\"", "\"*\"",
                R"("Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}})")),
       PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"UnknownButEmpty":{}})")), PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"*\"", "\"*\"",
                R"("Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a*","b"]}})")),
       PolicyKind::kIdentity},
      {Doc(Stmt(
           "Allow", "\"*\"", "\"*\"",
           R"("Condition":{"DateLessThan":{"aws:CurrentTime":["2030-01-01T00:00:00Z","2030-01-01",1893456000]}})")),
       PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"*\"", "\"arn:aws:s3:::b/${aws:username}/*\"")), PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"",
                R"("Sid":"Public read","Principal":"*")")),
       PolicyKind::kResource},
      {Doc(Stmt(
           "Allow", "\"s3:*\"", "\"*\"",
           R"("Principal":{"AWS":["000000000000","arn:aws:iam::000000000000:root","arn:aws:iam::000000000000:user/a","arn:aws:iam::000000000000:role/r","arn:aws:sts::000000000000:assumed-role/r/s","*"],"Service":"lambda.amazonaws.com","CanonicalUser":"79a59df9"})")),
       PolicyKind::kResource},
      {Doc(R"({"Effect":"Deny","Action":"s3:*","Resource":"*","NotPrincipal":{"AWS":"000000000000"}})"),
       PolicyKind::kResource},
      {Doc(Stmt("Allow", "\"*\"", "\"*\"",
                R"("Condition":{"StringEquals":{"aws:ResourceTag/aws:cloudformation:stack-name":"s"}})")),
       PolicyKind::kIdentity},
      {Doc(R"({"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::000000000000:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"},"Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub":"system:serviceaccount:ns:sa"}}})"),
       PolicyKind::kTrust},
      // Condition keys need no vendor (test_create_policy_valid_document[valid-18, valid-33], recorded).
      {Doc(Stmt("Allow", "\"*\"", "\"*\"", R"("Condition":{"DateGreaterThan":{"a":[]}})")),
       PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"*\"", "\"*\"",
                R"("Condition":{"ForAnyValue:StringEqualsIfExists":{"a":"asf"}})")),
       PolicyKind::kIdentity},
      // Dates as Joda-Time's lenient parser reads them (valid-30, valid-36, valid-37).
      {Doc(Stmt(
           "Allow", "\"*\"", "\"*\"",
           R"("Condition":{"DateGreaterThan":{"a":["01T","2016-12-13t2:00:00.593194+23","-292275054"]}})")),
       PolicyKind::kIdentity},
      {Doc(Stmt("Allow", "\"s3:*\"", "\"arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point\"")),
       PolicyKind::kIdentity},
      {Doc(Stmt(
           "Allow", "\"iam:*\"",
           R"(["arn:aws:iam::000000000000:root","arn:aws:iam::*:role/*","arn:aws:iam::000000000000:*"])")),
       PolicyKind::kIdentity},
      {Doc(R"({"Effect":"Allow","Action":"sts:*","Principal":{"Service":"lambda.amazonaws.com"}})"),
       PolicyKind::kTrust},
      {Doc(kTrustStatement), PolicyKind::kTrust},
      {Doc(kTrustStatement, "2008-10-17"), PolicyKind::kTrust},
      {Doc(R"({"Effect":"Allow","Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Principal":{"Federated":"cognito-identity.amazonaws.com"}})"),
       PolicyKind::kTrust},
  };
  for (const auto& [doc, kind] : valid) {
    auto parsed = Policy::Parse(doc, kind);
    EXPECT_TRUE(parsed.ok()) << doc << " -> " << (parsed.ok() ? "" : parsed.error().message);
    if (parsed.ok()) {
      EXPECT_EQ((*parsed)->kind(), kind);
    }
  }
}

}  // namespace
}  // namespace tarn::iam::policy
