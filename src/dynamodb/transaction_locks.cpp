// Lock order, in-flight items and stripe locking of transactions (transaction_locks.h).
#include "dynamodb/transaction_locks.h"

#include <algorithm>
#include <functional>

namespace tarn::dynamodb {

size_t LockStripe(std::string_view item_key, size_t stripes) {
  return std::hash<std::string_view>{}(item_key) % stripes;
}

std::vector<size_t> LockOrder(const std::vector<std::string>& item_keys, size_t stripes) {
  std::vector<size_t> order;
  order.reserve(item_keys.size());
  for (const auto& key : item_keys) order.push_back(LockStripe(key, stripes));
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  return order;
}

std::vector<size_t> InFlightItems::TryClaim(const std::vector<std::string>& item_keys) {
  std::lock_guard lock(mu_);
  std::vector<size_t> held;
  for (size_t i = 0; i < item_keys.size(); ++i)
    if (keys_.count(item_keys[i])) held.push_back(i);
  if (held.empty()) keys_.insert(item_keys.begin(), item_keys.end());
  return held;
}

std::vector<size_t> InFlightItems::Held(const std::vector<std::string>& item_keys) const {
  std::lock_guard lock(mu_);
  std::vector<size_t> held;
  for (size_t i = 0; i < item_keys.size(); ++i)
    if (keys_.count(item_keys[i])) held.push_back(i);
  return held;
}

void InFlightItems::Release(const std::vector<std::string>& item_keys) {
  std::lock_guard lock(mu_);
  for (const auto& key : item_keys) keys_.erase(key);
}

StripeLocks::StripeLocks(std::mutex* stripes, std::vector<size_t> order)
    : stripes_(stripes), order_(std::move(order)) {
  for (size_t s : order_) stripes_[s].lock();
}

StripeLocks::~StripeLocks() {
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) stripes_[*it].unlock();
}

}  // namespace tarn::dynamodb
