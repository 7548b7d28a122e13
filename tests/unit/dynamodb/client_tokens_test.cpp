// The ClientRequestToken table: replay, mismatch, in progress, abandon, 10-minute expiry, scopes.
#include "dynamodb/client_tokens.h"

#include <gtest/gtest.h>

namespace tarn::dynamodb {
namespace {

using State = ClientTokens::State;

core::TimePoint At(int64_t seconds) { return core::TimePoint(std::chrono::seconds(seconds)); }

TEST(ClientTokensTest, SameTokenSameRequestReplaysTheFirstAnswer) {
  ClientTokens tokens;
  EXPECT_EQ(tokens.Begin("acct/r", "t1", "req", At(100)).state, State::kNew);
  EXPECT_EQ(tokens.Begin("acct/r", "t1", "req", At(100)).state, State::kInProgress);
  tokens.Complete("acct/r", "t1", boost::json::object{{"answer", 1}}, At(101));
  auto again = tokens.Begin("acct/r", "t1", "req", At(200));
  EXPECT_EQ(again.state, State::kReplay);
  EXPECT_EQ(again.output, (boost::json::object{{"answer", 1}}));
}

TEST(ClientTokensTest, SameTokenOtherRequestIsAMismatch) {
  ClientTokens tokens;
  tokens.Begin("acct/r", "t1", "req", At(100));
  tokens.Complete("acct/r", "t1", {}, At(100));
  EXPECT_EQ(tokens.Begin("acct/r", "t1", "other", At(101)).state, State::kMismatch);
  // Another account or region has its own tokens.
  EXPECT_EQ(tokens.Begin("acct/other", "t1", "other", At(101)).state, State::kNew);
}

TEST(ClientTokensTest, TokensExpireTenMinutesAfterCompletion) {
  ClientTokens tokens;
  tokens.Begin("s", "t", "req", At(0));
  tokens.Complete("s", "t", {}, At(10));
  EXPECT_EQ(tokens.Begin("s", "t", "req", At(10 + 599)).state, State::kReplay);
  EXPECT_EQ(tokens.Begin("s", "t", "changed", At(10 + 600)).state, State::kNew);
  EXPECT_EQ(tokens.size(), 1u);
}

TEST(ClientTokensTest, AnAbandonedTokenRunsAgain) {
  ClientTokens tokens;
  tokens.Begin("s", "t", "req", At(0));
  tokens.Abandon("s", "t");
  EXPECT_EQ(tokens.Begin("s", "t", "other", At(1)).state, State::kNew);
}

}  // namespace
}  // namespace tarn::dynamodb
