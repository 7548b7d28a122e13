#include "core/group_sync.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

namespace tarn::core {
namespace {

// Each caller's write is covered by a sync that started after it, and concurrent callers share syncs.
TEST(GroupSyncTest, EverySyncCoversTheWritesBeforeItAndCallersShareThem) {
  std::atomic<int> written{0};
  std::atomic<int> durable{0};  // writes seen by the start of the last finished sync
  GroupSync group([&] {
    int seen = written.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    int prev = durable.load();
    while (prev < seen && !durable.compare_exchange_weak(prev, seen)) {
    }
    return 0;
  });
  constexpr int kThreads = 16, kCalls = 40;
  std::atomic<int> uncovered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        int mine = ++written;
        if (group.Sync() != 0) ++uncovered;
        if (durable.load() < mine) ++uncovered;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(uncovered.load(), 0);
  EXPECT_LT(group.syncs(), static_cast<uint64_t>(kThreads * kCalls));
}

TEST(GroupSyncTest, AFailedSyncFailsItsCallersAndEveryLaterOne) {
  int calls = 0;
  GroupSync group([&] { return ++calls == 2 ? EIO : 0; });
  EXPECT_EQ(group.Sync(), 0);
  EXPECT_EQ(group.Sync(), EIO);
  EXPECT_EQ(group.Sync(), EIO);  // the sync itself succeeded, but the failure sticks
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace tarn::core
