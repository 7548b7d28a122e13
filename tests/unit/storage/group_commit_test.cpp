// Group commit: core::DeferredDurability scopes, storage::WalSyncer, and Rocks::Write under a scope.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "core/deferred_durability.h"
#include "storage/key_codec.h"
#include "storage/rocks.h"
#include "storage/wal_syncer.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::storage {
namespace {

using namespace std::chrono_literals;

bool WaitFor(const core::DurabilityWait& wait) {
  std::promise<bool> result;
  wait([&result](bool ok) { result.set_value(ok); });
  auto future = result.get_future();
  EXPECT_EQ(future.wait_for(10s), std::future_status::ready) << "the owed sync never reported";
  return future.get();
}

TEST(DeferredDurabilityTest, ScopesNestAndRestore) {
  EXPECT_EQ(core::DeferredDurability::Current(), nullptr);
  {
    core::DeferredDurability outer;
    EXPECT_EQ(core::DeferredDurability::Current(), &outer);
    {
      core::DeferredDurability inner;
      EXPECT_EQ(core::DeferredDurability::Current(), &inner);
    }
    EXPECT_EQ(core::DeferredDurability::Current(), &outer);
    // Another thread has no scope.
    std::thread([] { EXPECT_EQ(core::DeferredDurability::Current(), nullptr); }).join();
  }
  EXPECT_EQ(core::DeferredDurability::Current(), nullptr);
}

TEST(DeferredDurabilityTest, OneWaitPerStoreAndJoinedAcrossStores) {
  core::DeferredDurability scope;
  EXPECT_FALSE(scope.Take()) << "nothing owed";
  int a_calls = 0, b_calls = 0;
  int store_a = 0, store_b = 0;
  scope.Owe(&store_a, [&a_calls](std::function<void(bool)> done) {
    ++a_calls;
    done(true);
  });
  scope.Owe(&store_a, [&a_calls](std::function<void(bool)> done) {
    ++a_calls;
    done(true);
  });
  auto single = scope.Take();
  ASSERT_TRUE(single);
  EXPECT_TRUE(WaitFor(single));
  EXPECT_EQ(a_calls, 1) << "a store owes one sync however often it wrote";
  EXPECT_FALSE(scope.Take()) << "Take leaves nothing owed";

  scope.Owe(&store_a, [](std::function<void(bool)> done) { done(true); });
  scope.Owe(&store_b, [&b_calls](std::function<void(bool)> done) {
    ++b_calls;
    std::thread([done] { done(false); }).detach();
  });
  auto joined = scope.Take();
  ASSERT_TRUE(joined);
  EXPECT_FALSE(WaitFor(joined)) << "one failed sync fails the whole wait";
  EXPECT_EQ(b_calls, 1);
}

TEST(WalSyncerTest, EveryRequestIsAnsweredOnceAfterASyncThatStartedLater) {
  std::atomic<int> syncs{0};
  std::atomic<int> writes{0};
  std::atomic<int> answered{0};
  std::atomic<bool> covered{true};
  {
    // "sync" makes durable what was written before it started; record that watermark.
    std::atomic<int> durable{0};
    WalSyncer syncer([&] {
      int upto = writes.load();
      std::this_thread::sleep_for(1ms);
      durable = upto;
      ++syncs;
      return true;
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 50; ++i) {
          int mine = ++writes;
          std::promise<void> done;
          syncer.Request([&, mine](bool ok) {
            if (!ok || durable.load() < mine) covered = false;
            ++answered;
            done.set_value();
          });
          done.get_future().wait();
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  EXPECT_EQ(answered.load(), 400);
  EXPECT_TRUE(covered.load()) << "a request was answered by a sync that began before its write";
  EXPECT_LT(syncs.load(), 400) << "concurrent requests share syncs";
}

TEST(WalSyncerTest, AfterALargeGroupTheNextSyncWaitsForTheInterval) {
  std::vector<std::chrono::steady_clock::time_point> starts;  // written by the syncer thread only
  std::promise<void> first_started;
  std::promise<void> release_first;
  std::shared_future<void> released = release_first.get_future().share();
  std::atomic<int> answered{0};
  {
    WalSyncer syncer(
        [&] {
          starts.push_back(std::chrono::steady_clock::now());
          if (starts.size() == 1) {
            first_started.set_value();
            released.wait();
          }
          return true;
        },
        SyncPacing{200ms, 3});
    syncer.Request([&](bool) { ++answered; });
    first_started.get_future().wait();
    // Three requests queue behind the running sync: the next group has three, so the group after
    // it waits for the interval.
    for (int i = 0; i < 3; ++i) syncer.Request([&](bool) { ++answered; });
    release_first.set_value();
    while (answered.load() < 4) std::this_thread::sleep_for(1ms);
    syncer.Request([&](bool) { ++answered; });
    while (answered.load() < 5) std::this_thread::sleep_for(1ms);  // stopping would cut the wait
  }
  EXPECT_EQ(answered.load(), 5);
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_GE(starts[2] - starts[1], 200ms) << "a sync after a group of three started early";
}

TEST(WalSyncerTest, ALoneWriterIsNotHeldBack) {
  // With an interval far longer than the test, lone requests (groups of one) must still be
  // answered: pacing applies only after a group of `siblings`.
  std::atomic<int> syncs{0};
  WalSyncer syncer(
      [&] {
        ++syncs;
        return true;
      },
      SyncPacing{std::chrono::hours(1), 2});
  for (int i = 0; i < 20; ++i) {
    std::promise<bool> done;
    syncer.Request([&done](bool ok) { done.set_value(ok); });
    auto future = done.get_future();
    ASSERT_EQ(future.wait_for(30s), std::future_status::ready) << "request " << i << " was held back";
    EXPECT_TRUE(future.get());
  }
  EXPECT_EQ(syncs.load(), 20);
}

TEST(WalSyncerTest, DestructionAnswersPendingRequests) {
  std::atomic<int> answered{0};
  {
    WalSyncer syncer([] {
      std::this_thread::sleep_for(5ms);
      return true;
    });
    for (int i = 0; i < 10; ++i) syncer.Request([&answered](bool ok) { answered += ok ? 1 : 0; });
  }
  EXPECT_EQ(answered.load(), 10);
}

TEST(GroupCommitTest, WritesUnderAScopeOweOneSyncAndAreReadable) {
  test_util::TempDir dir;
  RocksOptions options;
  options.path = dir.path() + "/db";
  auto rocks = Rocks::Open(options);
  ASSERT_TRUE(rocks.ok()) << rocks.error().message;
  auto& cf = (*rocks)->Cf("dynamodb");

  ASSERT_TRUE((*rocks)->Put(cf, "outside", "1").ok()) << "no scope: a plain synchronous write";

  core::DeferredDurability scope;
  ASSERT_TRUE((*rocks)->Put(cf, "a", "1").ok());
  ASSERT_TRUE((*rocks)->Put(cf, "b", "2").ok());
  auto value = (*rocks)->Get(cf, "b");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "2");
  auto wait = scope.Take();
  ASSERT_TRUE(wait) << "the writes owe their fsync";
  EXPECT_TRUE(WaitFor(wait));

  // Concurrent scopes on many threads all get answered.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        core::DeferredDurability mine;
        if (!(*rocks)->Put(cf, EncodeUint64(static_cast<uint64_t>(t * 100 + i)), "v").ok()) continue;
        auto w = mine.Take();
        if (w && WaitFor(w)) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
}

TEST(GroupCommitTest, RelaxedDurabilityOwesNothing) {
  test_util::TempDir dir;
  RocksOptions options;
  options.path = dir.path() + "/db";
  options.durability = Durability::kRelaxed;
  auto rocks = Rocks::Open(options);
  ASSERT_TRUE(rocks.ok()) << rocks.error().message;
  core::DeferredDurability scope;
  ASSERT_TRUE((*rocks)->Put((*rocks)->Cf("dynamodb"), "a", "1").ok());
  EXPECT_FALSE(scope.Take()) << "kRelaxed never syncs, so nothing is owed";
}

}  // namespace
}  // namespace tarn::storage
