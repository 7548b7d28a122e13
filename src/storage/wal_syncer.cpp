#include "storage/wal_syncer.h"

namespace tarn::storage {

WalSyncer::WalSyncer(std::function<bool()> sync, SyncPacing pacing)
    : sync_(std::move(sync)), pacing_(pacing), thread_([this] { Run(); }) {}

WalSyncer::~WalSyncer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalSyncer::Request(std::function<void(bool)> done) {
  bool first;
  {
    std::lock_guard lock(mu_);
    first = pending_.empty();
    pending_.push_back(std::move(done));
  }
  // Only the first request of a group can find the syncer waiting for work; waking it for the
  // others would only interrupt its pacing wait (a futex call and a context switch per request).
  if (first) wake_.notify_one();
}

void WalSyncer::Run() {
  using Clock = std::chrono::steady_clock;
  std::vector<std::function<void(bool)>> batch;
  Clock::time_point not_before = Clock::now();  // when the next sync may start
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      // Requests that arrive during the wait join this group; only stopping cuts it short.
      wake_.wait_until(lock, not_before, [this] { return stopping_; });
      if (pending_.empty()) return;  // stopping, nothing owed
      batch.swap(pending_);
    }
    // Every request in the batch was made after its write returned, so this sync covers it.
    const Clock::time_point started = Clock::now();
    const bool ok = sync_();
    not_before = batch.size() >= pacing_.siblings ? started + pacing_.interval : started;
    for (auto& done : batch) done(ok);
    batch.clear();
  }
}

}  // namespace tarn::storage
