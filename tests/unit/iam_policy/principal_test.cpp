#include <gtest/gtest.h>

#include "iam/policy/statement.h"

namespace tarn::iam::policy {
namespace {

Request Caller(std::string_view arn, std::string_view service = "") {
  return Request{.action = "s3:GetObject",
                 .resource = "arn:aws:s3:::b/k",
                 .principal_arn = arn,
                 .account_id = "000000000000",
                 .service_principal = service};
}

TEST(PrincipalTest, MatchesAsAwsDoes) {
  PrincipalSpec spec;
  spec.aws = {"111111111111", "arn:aws:iam::000000000000:user/app",
              "arn:aws:iam::000000000000:role/path/worker"};
  spec.services = {"lambda.amazonaws.com"};
  EXPECT_EQ(MatchPrincipal(spec, Caller("arn:aws:iam::000000000000:user/app")), PrincipalMatch::kCaller);
  EXPECT_EQ(MatchPrincipal(spec, Caller("arn:aws:iam::000000000000:user/other")), PrincipalMatch::kNone);
  // A role ARN matches its sessions (the role path is not part of a session ARN).
  EXPECT_EQ(MatchPrincipal(spec, Caller("arn:aws:sts::000000000000:assumed-role/worker/s1")),
            PrincipalMatch::kRole);
  EXPECT_EQ(MatchPrincipal(spec, Caller("arn:aws:sts::000000000000:assumed-role/workers/s1")),
            PrincipalMatch::kNone);
  EXPECT_EQ(MatchPrincipal(spec, Caller("arn:aws:sts::111111111111:assumed-role/worker/s1")),
            PrincipalMatch::kNone);
  EXPECT_EQ(MatchPrincipal(spec, Caller("arn:aws:sts::000000000000:assumed-role/worker/")),
            PrincipalMatch::kNone);
  EXPECT_EQ(MatchPrincipal(spec, Caller("", "lambda.amazonaws.com")), PrincipalMatch::kCaller);
  EXPECT_EQ(MatchPrincipal(spec, Caller("", "s3.amazonaws.com")), PrincipalMatch::kNone);

  PrincipalSpec account;
  account.aws = {"arn:aws:iam::000000000000:root"};
  EXPECT_EQ(MatchPrincipal(account, Caller("arn:aws:iam::000000000000:user/app")), PrincipalMatch::kAccount);
  EXPECT_EQ(MatchPrincipal(account, Caller("arn:aws:iam::000000000000:root")), PrincipalMatch::kCaller);
  Request other_account = Caller("arn:aws:iam::222222222222:user/app");
  other_account.account_id = "222222222222";
  EXPECT_EQ(MatchPrincipal(account, other_account), PrincipalMatch::kNone);

  PrincipalSpec everyone;
  everyone.everyone = true;
  EXPECT_EQ(MatchPrincipal(everyone, Caller("")), PrincipalMatch::kCaller);
}

TEST(PrincipalTest, NotPrincipalNeedsTheCallerAndItsAccount) {
  PrincipalSpec both;
  both.aws = {"arn:aws:iam::000000000000:user/app", "000000000000"};
  EXPECT_TRUE(ExcludedByNotPrincipal(both, Caller("arn:aws:iam::000000000000:user/app")));
  EXPECT_FALSE(ExcludedByNotPrincipal(both, Caller("arn:aws:iam::000000000000:user/other")));
  EXPECT_TRUE(ExcludedByNotPrincipal(both, Caller("arn:aws:iam::000000000000:root")));
  PrincipalSpec user_only;
  user_only.aws = {"arn:aws:iam::000000000000:user/app"};
  EXPECT_FALSE(ExcludedByNotPrincipal(user_only, Caller("arn:aws:iam::000000000000:user/app")));
}

}  // namespace
}  // namespace tarn::iam::policy
