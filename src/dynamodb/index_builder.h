#pragma once
// IndexBuilder: the background threads of secondary index work (a new GSI's backfill, a deleted GSI's
// removal), owned by dynamodb::Service. Thread-safe; the destructor asks every job to stop and joins
// it, and a stopped job leaves its index as it was (CREATING/DELETING), to be resumed at the next start.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tarn::dynamodb {

class IndexBuilder {
 public:
  IndexBuilder() = default;
  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;
  ~IndexBuilder();

  // Runs `job` on a thread of its own; no-op once stopping.
  void Run(std::function<void()> job);
  // True once the owner is shutting down: long jobs check it between items.
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }

 private:
  struct Job {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex mu_;
  std::vector<Job> jobs_;
  std::atomic<bool> stopping_{false};
};

}  // namespace tarn::dynamodb
