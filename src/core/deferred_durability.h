#pragma once
// Group commit across requests. Outside any scope a store's write waits for its own fsync before it
// returns. Inside a DeferredDurability scope (the gateway opens one around each operation's
// handler) a store may return once the write is in the operating system — it already survives
// kill -9 — and register here the fsync it still owes. The transport then holds the response until
// that fsync has completed, so a client is still only told "done" about durable writes, but one
// fsync acknowledges every request that wrote while it was pending and the handler's thread
// (often an io thread) never waits for the disk.
//
// Reads may see a write of another request whose fsync is still pending; only a machine crash
// (not a process crash) inside that window of a few milliseconds can take such a write back.
//
// Thread-safety: a scope belongs to the thread that opened it; its Wait may be called on any thread.

#include <functional>
#include <vector>

namespace tarn::core {

// Calls done(ok) on some thread once everything written before this call is durable (ok=true), or
// once that has failed (ok=false).
using DurabilityWait = std::function<void(std::function<void(bool ok)> done)>;

class DeferredDurability {
 public:
  DeferredDurability();
  ~DeferredDurability();
  DeferredDurability(const DeferredDurability&) = delete;
  DeferredDurability& operator=(const DeferredDurability&) = delete;

  // The innermost scope open on this thread, or nullptr: a store writes synchronously then.
  static DeferredDurability* Current();

  // A store that wrote without syncing registers the sync it owes; `store` identifies it so one
  // request that writes many times waits for one sync per store.
  void Owe(const void* store, DurabilityWait wait);

  // What the response must wait for (empty when nothing is owed), leaving nothing owed.
  DurabilityWait Take();

 private:
  DeferredDurability* outer_;
  std::vector<std::pair<const void*, DurabilityWait>> owed_;
};

}  // namespace tarn::core
