#include "iam/policy/wildcard.h"

#include <gtest/gtest.h>

namespace tarn::iam::policy {
namespace {

TEST(WildcardTest, TextPatterns) {
  struct Case {
    const char* pattern;
    const char* text;
    CaseSensitivity sensitivity;
    bool match;
  };
  const Case cases[] = {
      {"*", "", CaseSensitivity::kSensitive, true},
      {"*", "anything:at/all", CaseSensitivity::kSensitive, true},
      {"s3:Get*", "s3:GetObject", CaseSensitivity::kInsensitive, true},
      {"s3:get*", "S3:GETOBJECT", CaseSensitivity::kInsensitive, true},
      {"s3:get*", "S3:GETOBJECT", CaseSensitivity::kSensitive, false},
      {"s3:?etObject", "s3:GetObject", CaseSensitivity::kSensitive, true},
      {"s3:?etObject", "s3:etObject", CaseSensitivity::kSensitive, false},
      {"iam:*User*", "iam:ListUsersForGroup", CaseSensitivity::kInsensitive, true},
      {"iam:*User*", "iam:ListGroups", CaseSensitivity::kInsensitive, false},
      {"a*b*c", "aXbYbZc", CaseSensitivity::kSensitive, true},
      {"a*b*c", "aXbYbZ", CaseSensitivity::kSensitive, false},
      {"home/\\*", "home/*", CaseSensitivity::kSensitive, true},  // escaped star is literal
      {"home/\\*", "home/x", CaseSensitivity::kSensitive, false},
      {"a\\\\b", "a\\b", CaseSensitivity::kSensitive, true},  // escaped backslash
      {"**", "x", CaseSensitivity::kSensitive, true},
      {"", "", CaseSensitivity::kSensitive, true},
      {"", "x", CaseSensitivity::kSensitive, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MatchWildcard(c.pattern, c.text, c.sensitivity), c.match) << c.pattern << " ~ " << c.text;
    Wildcard compiled(c.pattern, Wildcard::Kind::kText, c.sensitivity);
    EXPECT_EQ(compiled.Matches(c.text), c.match) << "compiled " << c.pattern << " ~ " << c.text;
  }
}

TEST(WildcardTest, ArnsMatchPartByPart) {
  struct Case {
    const char* pattern;
    const char* arn;
    bool match;
  };
  const Case cases[] = {
      {"*", "arn:aws:s3:::bucket", true},
      {"*", "*", true},
      {"arn:aws:s3:::*", "*", false},
      {"arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
      {"arn:aws:s3:::bucket", "arn:aws:s3:::Bucket", false},  // resources are case-sensitive
      {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", true},
      {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key:with:colons", true},
      {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
      {"arn:aws:s3:::*", "arn:aws:s3:::any/thing", true},
      {"arn:aws:dynamodb:*:*:table/student", "arn:aws:dynamodb:us-east-1:000000000000:table/student", true},
      {"arn:aws:dynamodb:*:*:table/student", "arn:aws:dynamodb:us-east-1:000000000000:table/students", false},
      {"arn:aws:dynamodb:us-*-1:*:table/*", "arn:aws:dynamodb:us-east-1:000000000000:table/x", true},
      {"arn:aws:dynamodb:us-*-1:*:table/*", "arn:aws:dynamodb:eu-west-1:000000000000:table/x", false},
      // `?` stays inside its part
      {"arn:aws:iam::00000000000?:user/app", "arn:aws:iam::000000000000:user/app", true},
      // a `*` ending a part runs on across colons, as the Resource documentation allows
      {"arn:aws:iam::*", "arn:aws:iam::000000000000:user/app", true},
      {"arn:aws:*", "arn:aws:dynamodb:us-east-1:000000000000:table/x", true},
      // a `*` inside a part does not: "us*1" cannot eat the colons up to "...:1"
      {"arn:aws:dynamodb:us*1:000000000000:table/x", "arn:aws:dynamodb:us-east-1:000000000000:table/x", true},
      {"arn:aws:lambda:*:*:function:fn", "arn:aws:lambda:us-east-1:000000000000:function:fn", true},
      {"arn:aws:lambda:*:*:function:fn", "arn:aws:lambda:us-east-1:000000000000:function:fn:PROD", false},
      {"arn:aws:lambda:*:*:function:fn*", "arn:aws:lambda:us-east-1:000000000000:function:fn:PROD", true},
      {"arn:aws:s3:::b?cket", "arn:aws:s3:::bucket", true},
      {"arn:aws:iam::000000000000:user/*", "arn:aws:iam::111111111111:user/app", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MatchArn(c.pattern, c.arn), c.match) << c.pattern << " ~ " << c.arn;
    Wildcard compiled(c.pattern, Wildcard::Kind::kArn, CaseSensitivity::kSensitive);
    EXPECT_EQ(compiled.Matches(c.arn), c.match) << "compiled " << c.pattern << " ~ " << c.arn;
  }
}

TEST(WildcardTest, EscapingKeepsValuesLiteral) {
  std::string out;
  AppendEscaped("a*b?c\\", out);
  EXPECT_EQ(out, "a\\*b\\?c\\\\");
  EXPECT_EQ(EscapePolicyText("a*\\b"), "a*\\\\b");
}

}  // namespace
}  // namespace tarn::iam::policy
