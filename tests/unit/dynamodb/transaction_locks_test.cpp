// Lock order of transactions (ascending stripes, each once) and the in-flight item claims that decide
// TransactionConflict.
#include "dynamodb/transaction_locks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace tarn::dynamodb {
namespace {

TEST(LockOrderTest, SortsAndDedupesStripes) {
  // Keys that share a stripe must be locked once: a std::mutex locked twice deadlocks.
  std::vector<std::string> keys = {"a", "b", "a-again", "c"};
  std::vector<size_t> order = LockOrder(keys, 2);
  EXPECT_LE(order.size(), 2u);
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(std::adjacent_find(order.begin(), order.end()), order.end());
  std::vector<size_t> one = LockOrder({"x", "y", "z"}, 1);
  EXPECT_EQ(one, std::vector<size_t>{0});
}

TEST(LockOrderTest, SameKeysGiveTheSameOrderWhateverTheirRequestOrder) {
  std::vector<std::string> keys;
  for (int i = 0; i < 50; ++i) keys.push_back("item" + std::to_string(i));
  std::vector<std::string> reversed(keys.rbegin(), keys.rend());
  EXPECT_EQ(LockOrder(keys, 1024), LockOrder(reversed, 1024));
  for (const auto& k : keys) EXPECT_LT(LockStripe(k, 1024), 1024u);
}

TEST(LockOrderTest, OpposedTransactionsOnSharedStripesDoNotDeadlock) {
  std::mutex stripes[4];
  std::vector<std::string> a = {"k1", "k2", "k3", "k4", "k5"};
  std::vector<std::string> b(a.rbegin(), a.rend());
  std::atomic<int> done{0};
  auto run = [&](const std::vector<std::string>& keys) {
    for (int i = 0; i < 2000; ++i) StripeLocks locks(stripes, LockOrder(keys, 4));
    ++done;
  };
  std::thread t1(run, a), t2(run, b);
  t1.join();
  t2.join();
  EXPECT_EQ(done.load(), 2);
}

TEST(InFlightItemsTest, ClaimsAllOrNothing) {
  InFlightItems items;
  EXPECT_TRUE(items.TryClaim({"a", "b"}).empty());
  EXPECT_EQ(items.TryClaim({"c", "b", "d", "a"}), (std::vector<size_t>{1, 3}));
  // Nothing of the refused claim stuck: c and d are free.
  EXPECT_TRUE(items.TryClaim({"c", "d"}).empty());
  EXPECT_EQ(items.Held({"a", "x", "d"}), (std::vector<size_t>{0, 2}));
  items.Release({"a", "b"});
  items.Release({"c", "d"});
  EXPECT_TRUE(items.Held({"a", "b", "c", "d"}).empty());
}

TEST(InFlightItemsTest, OfRacingClaimsOnOneItemExactlyOneWins) {
  for (int round = 0; round < 200; ++round) {
    InFlightItems items;
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        if (items.TryClaim({"shared", "own" + std::to_string(t)}).empty()) ++winners;
      });
    for (auto& t : threads) t.join();
    ASSERT_EQ(winners.load(), 1);
  }
}

}  // namespace
}  // namespace tarn::dynamodb
