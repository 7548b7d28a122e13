#include "storage/wal_syncer.h"

namespace tarn::storage {

WalSyncer::WalSyncer(std::function<bool()> sync) : sync_(std::move(sync)), thread_([this] { Run(); }) {}

WalSyncer::~WalSyncer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalSyncer::Request(std::function<void(bool)> done) {
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(done));
  }
  wake_.notify_one();
}

void WalSyncer::Run() {
  std::vector<std::function<void(bool)>> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, nothing owed
      batch.swap(pending_);
    }
    // Every request in the batch was made after its write returned, so this sync covers it.
    const bool ok = sync_();
    for (auto& done : batch) done(ok);
    batch.clear();
  }
}

}  // namespace tarn::storage
