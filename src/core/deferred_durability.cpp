#include "core/deferred_durability.h"

#include <atomic>
#include <memory>

namespace tarn::core {

namespace {
thread_local DeferredDurability* current_scope = nullptr;
}  // namespace

DeferredDurability::DeferredDurability() : outer_(current_scope) { current_scope = this; }

DeferredDurability::~DeferredDurability() { current_scope = outer_; }

DeferredDurability* DeferredDurability::Current() { return current_scope; }

void DeferredDurability::Owe(const void* store, DurabilityWait wait) {
  for (const auto& [owner, _] : owed_) {
    if (owner == store) return;
  }
  owed_.emplace_back(store, std::move(wait));
}

DurabilityWait DeferredDurability::Take() {
  auto owed = std::move(owed_);
  owed_.clear();
  if (owed.empty()) return nullptr;
  if (owed.size() == 1) return std::move(owed.front().second);
  // Several stores: done runs once, after the last of them, with whether all succeeded.
  return [owed = std::move(owed)](std::function<void(bool)> done) {
    struct Join {
      std::atomic<size_t> left;
      std::atomic<bool> ok{true};
      std::function<void(bool)> done;
    };
    auto join = std::make_shared<Join>();
    join->left = owed.size();
    join->done = std::move(done);
    for (const auto& [_, wait] : owed) {
      wait([join](bool ok) {
        if (!ok) join->ok = false;
        if (join->left.fetch_sub(1) == 1) join->done(join->ok.load());
      });
    }
  };
}

}  // namespace tarn::core
