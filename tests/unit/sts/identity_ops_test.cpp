#include <gtest/gtest.h>

#include "net/registry.h"
#include "sts/sts.h"

namespace tarn::sts {
namespace {

TEST(GetCallerIdentity, AnswersForTheCallingPrincipal) {
  Service sts;
  net::Registry registry;
  sts.RegisterOperations(registry);
  const net::Operation* op = registry.Find("sts", "GetCallerIdentity");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->iam_action, "sts:GetCallerIdentity");

  net::RequestContext ctx;
  ctx.principal.type = core::Principal::Type::kUser;
  ctx.principal.arn = "arn:aws:iam::000000000000:user/app";
  ctx.principal.user_id = "AIDAEXAMPLEEXAMPLE01";
  boost::json::object input;
  net::Call call{ctx, input, nullptr};
  auto out = op->handler(call);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->json.at("Arn").as_string(), "arn:aws:iam::000000000000:user/app");
  EXPECT_EQ(out->json.at("UserId").as_string(), "AIDAEXAMPLEEXAMPLE01");
  EXPECT_EQ(out->json.at("Account").as_string(), "000000000000");
}

}  // namespace
}  // namespace tarn::sts
