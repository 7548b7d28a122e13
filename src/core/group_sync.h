#pragma once
// GroupSync: many threads each needing "everything I wrote so far is on disk" share one sync call
// (group commit, leader/follower: no thread of its own). A caller takes a ticket; the first caller
// to find no sync running runs one for every ticket taken so far, the others wait for it; tickets
// taken while it runs are served by the next one. S3 uses it with syncfs(2): one flush makes a whole
// batch of new object files and their directory entries durable, where fsync per file and per
// directory cost two disk flushes (and ~300 us of CPU on a VM) per object.
// Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace tarn::core {

class GroupSync {
 public:
  // sync makes durable every write that completed before it was called; 0 on success, else errno.
  explicit GroupSync(std::function<int()> sync);
  GroupSync(const GroupSync&) = delete;
  GroupSync& operator=(const GroupSync&) = delete;

  // Blocks until a sync that started after this call has finished. 0, or the errno of the first
  // failed sync: a failure sticks (after a failed fsync the kernel may have dropped the dirty pages,
  // so nothing written since can be promised durable either).
  int Sync();

  // Syncs run so far (for tests and figures).
  uint64_t syncs() const;

 private:
  std::function<int()> sync_;
  mutable std::mutex mu_;
  std::condition_variable done_;
  uint64_t tickets_ = 0;         // guarded by mu_: tickets handed out
  uint64_t synced_through_ = 0;  // guarded by mu_: every ticket <= this has been served
  bool running_ = false;         // guarded by mu_
  int failure_ = 0;              // guarded by mu_: sticky errno
  uint64_t syncs_ = 0;           // guarded by mu_
};

}  // namespace tarn::core
