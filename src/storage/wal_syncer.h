#pragma once
// WalSyncer: the group-commit thread of a Rocks (see core/deferred_durability.h). Requests that
// arrive while a sync runs are all answered by the next one: under load one fsync acknowledges as
// many writes as arrived during the previous fsync, without any request thread waiting on it.
// Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tarn::storage {

// When the last sync answered at least `siblings` requests, many writers are active and the next
// sync starts no sooner than `interval` after the last one started (PostgreSQL's commit_delay and
// commit_siblings): on a VM an fsync costs ~150 us of CPU whatever it carries, so under load
// fewer, larger groups leave that CPU to the requests. A lone writer's batches are small, so its
// syncs start at once; a sync slower than `interval` is never held back.
struct SyncPacing {
  std::chrono::microseconds interval{1000};
  size_t siblings = 8;
};

class WalSyncer {
 public:
  // sync makes every write that returned before the call durable; true on success.
  explicit WalSyncer(std::function<bool()> sync, SyncPacing pacing = {});
  // Answers every pending request (with one last sync) before returning.
  ~WalSyncer();
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  // done(ok) runs on the syncer thread after a sync that started after this call.
  void Request(std::function<void(bool ok)> done);

 private:
  void Run();

  std::function<bool()> sync_;
  const SyncPacing pacing_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<std::function<void(bool)>> pending_;  // guarded by mu_
  bool stopping_ = false;                           // guarded by mu_
  std::thread thread_;
};

}  // namespace tarn::storage
