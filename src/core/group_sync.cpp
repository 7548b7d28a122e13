#include "core/group_sync.h"

namespace tarn::core {

GroupSync::GroupSync(std::function<int()> sync) : sync_(std::move(sync)) {}

int GroupSync::Sync() {
  std::unique_lock lock(mu_);
  const uint64_t ticket = ++tickets_;
  while (synced_through_ < ticket) {
    if (running_) {
      done_.wait(lock);
      continue;
    }
    // Lead: this sync starts after every ticket handed out so far was taken, so it serves them all.
    running_ = true;
    const uint64_t through = tickets_;
    lock.unlock();
    const int error = sync_();
    lock.lock();
    running_ = false;
    ++syncs_;
    if (error != 0 && failure_ == 0) failure_ = error;
    synced_through_ = through;
    done_.notify_all();
  }
  return failure_;
}

uint64_t GroupSync::syncs() const {
  std::lock_guard lock(mu_);
  return syncs_;
}

}  // namespace tarn::core
