// The ClientRequestToken table: replay, mismatch, in progress, abandon, 10-minute expiry, scopes, and
// completed tokens read back after a restart (records written in the transaction's batch).
#include "dynamodb/client_tokens.h"

#include <gtest/gtest.h>

#include <memory>

#include "unit/storage/storage_test_util.h"

namespace tarn::dynamodb {
namespace {

using State = ClientTokens::State;
using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;

core::TimePoint At(int64_t seconds) { return core::TimePoint(std::chrono::seconds(seconds)); }

class ClientTokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyFreshDatabase(dir_.path() + "/db");
    Reopen(At(0));
  }
  // A new ClientTokens over a reopened database, as after a restart at `now`.
  void Reopen(core::TimePoint now) {
    tokens_.reset();
    rocks_.reset();
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    tokens_ = std::make_unique<ClientTokens>(*rocks_, rocks_->Cf("dynamodb"));
    ASSERT_TRUE(tokens_->Load(now).ok());
  }
  // What TransactWriteItems does on success: the record in the batch, the batch written, Complete.
  void Finish(const std::string& scope, const std::string& token, const std::string& request,
              boost::json::object output, core::TimePoint now) {
    storage::WriteBatch batch;
    tokens_->StageComplete(scope, token, request, output, now, batch);
    ASSERT_TRUE(rocks_->Write(batch).ok());
    tokens_->Complete(scope, token, std::move(output), now);
  }

  TempDir dir_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<ClientTokens> tokens_;
};

TEST_F(ClientTokensTest, SameTokenSameRequestReplaysTheFirstAnswer) {
  EXPECT_EQ(tokens_->Begin("acct/r", "t1", "req", At(100)).state, State::kNew);
  EXPECT_EQ(tokens_->Begin("acct/r", "t1", "req", At(100)).state, State::kInProgress);
  Finish("acct/r", "t1", "req", boost::json::object{{"answer", 1}}, At(101));
  auto again = tokens_->Begin("acct/r", "t1", "req", At(200));
  EXPECT_EQ(again.state, State::kReplay);
  EXPECT_EQ(again.output, (boost::json::object{{"answer", 1}}));
}

TEST_F(ClientTokensTest, SameTokenOtherRequestIsAMismatch) {
  tokens_->Begin("acct/r", "t1", "req", At(100));
  Finish("acct/r", "t1", "req", {}, At(100));
  EXPECT_EQ(tokens_->Begin("acct/r", "t1", "other", At(101)).state, State::kMismatch);
  // Another account or region has its own tokens.
  EXPECT_EQ(tokens_->Begin("acct/other", "t1", "other", At(101)).state, State::kNew);
}

TEST_F(ClientTokensTest, TokensExpireTenMinutesAfterCompletion) {
  tokens_->Begin("s", "t", "req", At(0));
  Finish("s", "t", "req", {}, At(10));
  EXPECT_EQ(tokens_->Begin("s", "t", "req", At(10 + 599)).state, State::kReplay);
  EXPECT_EQ(tokens_->Begin("s", "t", "changed", At(10 + 600)).state, State::kNew);
  EXPECT_EQ(tokens_->size(), 1u);
}

TEST_F(ClientTokensTest, AnAbandonedTokenRunsAgain) {
  tokens_->Begin("s", "t", "req", At(0));
  tokens_->Abandon("s", "t");
  EXPECT_EQ(tokens_->Begin("s", "t", "other", At(1)).state, State::kNew);
}

TEST_F(ClientTokensTest, CompletedTokensSurviveARestartUntilTheyExpire) {
  tokens_->Begin("s", "done", "req", At(0));
  Finish("s", "done", "req", boost::json::object{{"answer", 2}}, At(10));
  tokens_->Begin("s", "old", "req", At(0));
  Finish("s", "old", "req", {}, At(0));
  tokens_->Begin("s", "pending", "req", At(0));  // never completed: nothing was applied

  Reopen(At(300));
  auto replay = tokens_->Begin("s", "done", "req", At(300));
  EXPECT_EQ(replay.state, State::kReplay);
  EXPECT_EQ(replay.output, (boost::json::object{{"answer", 2}}));
  EXPECT_EQ(tokens_->Begin("s", "done", "changed", At(300)).state, State::kMismatch);
  EXPECT_EQ(tokens_->Begin("s", "pending", "other", At(300)).state, State::kNew);

  // "old" expired at 600 s: a restart after that forgets it, and drops its record.
  Reopen(At(605));
  EXPECT_EQ(tokens_->Begin("s", "old", "changed", At(605)).state, State::kNew);
  EXPECT_EQ(tokens_->Begin("s", "done", "req", At(605)).state, State::kReplay);
  auto it = rocks_->NewIterator(rocks_->Cf("dynamodb"), storage::IteratorOptions::Prefix("K"));
  int records = 0;
  for (it.SeekToFirst(); it.Valid(); it.Next()) ++records;
  EXPECT_EQ(records, 1) << "only \"done\" is still on disk";
}

}  // namespace
}  // namespace tarn::dynamodb
