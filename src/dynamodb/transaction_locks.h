#pragma once
// Concurrency control of transactions (transact_ops.cpp): which item-lock stripes a transaction takes
// and in what order, and the set of items that write transactions hold right now.
//
// Why this is serializable and deadlock-free: a transaction takes the stripes of all its items
// before it reads any of them and keeps them until its one WriteBatch is written (two-phase
// locking), in ascending stripe order with duplicates removed (two items may share a stripe, and a
// std::mutex must not be locked twice). Single-item writes take one stripe, so no cycle of waits
// can form. Conflicts are decided on exact item keys, not stripes: a write transaction first claims
// all its items in InFlightItems, atomically; if another transaction holds one of them, it is
// cancelled with TransactionConflict for those items, as DynamoDB does
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html,
// "Transaction conflict handling"). Of two racing transactions on one item exactly one claims it.
// Thread-safe.

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace tarn::dynamodb {

// The stripe of an item key among `stripes` (the same function Service::ItemLock uses).
size_t LockStripe(std::string_view item_key, size_t stripes);

// The stripes of `item_keys`, ascending, each once: the order in which a transaction locks them.
std::vector<size_t> LockOrder(const std::vector<std::string>& item_keys, size_t stripes);

class InFlightItems {
 public:
  // Claims every key, or none: returns the indexes (into item_keys) of the keys another transaction
  // holds; empty means all are now claimed by the caller, who must Release them.
  std::vector<size_t> TryClaim(const std::vector<std::string>& item_keys);
  // Keys other transactions hold, without claiming (TransactGetItems).
  std::vector<size_t> Held(const std::vector<std::string>& item_keys) const;
  void Release(const std::vector<std::string>& item_keys);

 private:
  mutable std::mutex mu_;
  std::unordered_set<std::string> keys_;
};

// Locks the given stripes in the given order (LockOrder) and unlocks them on destruction.
class StripeLocks {
 public:
  StripeLocks(std::mutex* stripes, std::vector<size_t> order);
  ~StripeLocks();
  StripeLocks(const StripeLocks&) = delete;
  StripeLocks& operator=(const StripeLocks&) = delete;

 private:
  std::mutex* stripes_;
  std::vector<size_t> order_;
};

}  // namespace tarn::dynamodb
