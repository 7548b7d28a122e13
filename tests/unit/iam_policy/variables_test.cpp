#include "iam/policy/variables.h"

#include <gtest/gtest.h>

#include "iam/policy/policy.h"

namespace tarn::iam::policy {
namespace {

TEST(VariablesTest, FindsVariables) {
  EXPECT_TRUE(ContainsPolicyVariable("home/${aws:username}/*"));
  EXPECT_TRUE(ContainsPolicyVariable("${*}"));
  EXPECT_FALSE(ContainsPolicyVariable("home/$/{x}"));
  EXPECT_FALSE(ContainsPolicyVariable("home/${unclosed"));
  EXPECT_FALSE(ContainsPolicyVariable("arn:aws:s3:::b/*"));
}

TEST(VariablesTest, ExpandsFromTheContext) {
  ConditionContext context;
  context.Set("aws:username", "app");
  context.Set("aws:PrincipalTag/team", "data*");
  context.Set("aws:TagKeys", std::vector<std::string>{"a", "b"});
  struct Case {
    const char* text;
    Expansion mode;
    bool resolved;
    const char* out;
  };
  const Case cases[] = {
      {"home/${aws:username}/*", Expansion::kPattern, true, "home/app/*"},
      {"home/${aws:username}/*", Expansion::kLiteral, true, "home/app/*"},
      {"home/${AWS:USERNAME}", Expansion::kLiteral, true, "home/app"},         // keys ignore case
      {"t/${aws:PrincipalTag/team}", Expansion::kPattern, true, "t/data\\*"},  // values stay literal
      {"t/${aws:PrincipalTag/team}", Expansion::kLiteral, true, "t/data*"},
      {"${aws:userid}", Expansion::kLiteral, false, ""},                       // missing key
      {"${aws:userid, 'anonymous'}", Expansion::kLiteral, true, "anonymous"},  // default value
      {"${aws:username,'x'}", Expansion::kLiteral, true, "app"},               // present: no default
      {"${aws:TagKeys}", Expansion::kLiteral, false, ""},                      // multivalued
      {"a${*}b${?}c${$}", Expansion::kPattern, true, "a\\*b\\?c$"},
      {"a${*}b${?}c${$}", Expansion::kLiteral, true, "a*b?c$"},
      {"back\\slash/${aws:username}", Expansion::kPattern, true, "back\\\\slash/app"},
      {"open ${aws:username", Expansion::kLiteral, true, "open ${aws:username"},  // not a variable
      {"${ aws:username }", Expansion::kLiteral, true, "app"},
  };
  for (const Case& c : cases) {
    std::string out;
    EXPECT_EQ(ExpandPolicyVariables(c.text, &context, c.mode, out), c.resolved) << c.text;
    if (c.resolved) {
      EXPECT_EQ(out, c.out) << c.text;
    }
  }
  std::string out;
  EXPECT_FALSE(ExpandPolicyVariables("${aws:username}", nullptr, Expansion::kLiteral, out));
  EXPECT_TRUE(ExpandPolicyVariables("${aws:username, 'guest'}", nullptr, Expansion::kLiteral, out));
  EXPECT_EQ(out, "guest");
}

}  // namespace
}  // namespace tarn::iam::policy
