#pragma once
// AsyncStore: Event invocations accepted (202) and not yet run, in RocksDB family "lambda" under
// "async-invocation/<20-digit microseconds>-<request id>" (JSON value; docs/storage-formats.md), so
// an acknowledged Event invocation survives kill -9: the invokers load the queue at start, and
// delete an entry once the invocation ran (or was given up). Thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/rocks.h"

namespace tarn::lambda {

// An Event invocation waiting for an instance.
struct AsyncInvocation {
  std::string key;  // its record's key, set by AsyncStore::Put
  std::string account_id;
  std::string region;
  std::string name;
  std::string qualifier;  // as invoked: "", "$LATEST", a version or an alias
  std::string request_id;
  std::string payload;
  int64_t accepted_ms = 0;  // when Invoke accepted it (epoch milliseconds; from the key)
  // Not stored (a restart starts over): throttled attempts, and invocations that ran so far.
  int attempts = 0;
  int invoke_count = 0;
};

class AsyncStore {
 public:
  explicit AsyncStore(storage::Rocks& rocks);
  // Stores the invocation under a new key (FIFO order by acceptance time) and sets invocation.key.
  core::Status Put(AsyncInvocation& invocation, int64_t now_micros);
  core::Status Delete(const AsyncInvocation& invocation);
  // Every stored invocation, oldest first.
  core::Result<std::vector<AsyncInvocation>> List() const;

 private:
  storage::Rocks& rocks_;
  storage::ColumnFamily& cf_;
};

}  // namespace tarn::lambda
