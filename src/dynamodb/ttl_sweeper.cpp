// The time-to-live sweeper: deletes expired items (ttl.h) of tables with TTL enabled, one by one,
// through the same write path as DeleteItem (item lock, re-read, StageItemWrite), so the REMOVE stream
// record follows in the same WriteBatch and carries userIdentity {"Type": "Service", "PrincipalId":
// "dynamodb.amazonaws.com"}, which tells stream consumers an expiry from a user's delete
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
// DynamoDB deletes "within a few days"; tarn within the sweep interval (--ttl-interval), which is what
// local testing needs. One thread, owned by the Service, started and stopped by cli/serve.cpp.
#include <chrono>

#include "core/log.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/ttl.h"
#include "dynamodb/ttl_sweeper.h"

namespace tarn::dynamodb {

core::Result<size_t> Service::DeleteExpiredItems() {
  static const streams::UserIdentity kTtlIdentity{"Service", "dynamodb.amazonaws.com"};
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  size_t deleted = 0;
  for (const auto& table : catalog_->All()) {
    if (!table->ttl_enabled) continue;
    std::vector<std::string> expired;
    {
      std::string prefix = ItemPrefix(table->id);
      auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
      for (it.SeekToFirst(); it.Valid(); it.Next()) {
        TARN_ASSIGN_OR_RETURN(Item item, DecodeItem(it.value()));
        if (ExpiredByTtl(item, table->ttl_attribute, now)) expired.emplace_back(it.key());
      }
      TARN_TRY(it.status());
    }
    for (const auto& key : expired) {
      // The table as it is now: deleted, re-created or TTL switched off meanwhile means no deletion.
      auto current = catalog_->Get(table->account_id, table->region, table->name);
      if (!current.ok() || (*current)->id != table->id || !(*current)->ttl_enabled) break;
      std::lock_guard lock(ItemLock(key));
      TARN_ASSIGN_OR_RETURN(auto item, ReadItem(key));
      // Re-checked under the lock: a write since the scan may have moved the expiry or the item.
      if (!item || !ExpiredByTtl(*item, (*current)->ttl_attribute, now)) continue;
      TARN_TRY(WriteItem(**current, key, item, nullptr, &kTtlIdentity));
      ++deleted;
    }
  }
  return deleted;
}

void Service::StartTtlSweeper(std::chrono::milliseconds interval) {
  std::lock_guard lock(ttl_sweeper_->mu);
  if (ttl_sweeper_->thread.joinable()) return;
  ttl_sweeper_->stop = false;
  ttl_sweeper_->thread = std::thread([this, interval] {
    std::unique_lock lock(ttl_sweeper_->mu);
    while (!ttl_sweeper_->wake.wait_for(lock, interval, [this] { return ttl_sweeper_->stop; })) {
      lock.unlock();
      if (auto swept = DeleteExpiredItems(); !swept.ok())
        log::error("dynamodb: time-to-live sweep failed: {}", swept.error().message);
      if (auto pruned = PruneRecoveryHistory(); !pruned.ok())
        log::error("dynamodb: point-in-time history pruning failed: {}", pruned.error().message);
      lock.lock();
    }
  });
}

void Service::StopTtlSweeper() {
  std::thread thread;
  {
    std::lock_guard lock(ttl_sweeper_->mu);
    ttl_sweeper_->stop = true;
    thread = std::move(ttl_sweeper_->thread);
  }
  ttl_sweeper_->wake.notify_all();
  if (thread.joinable()) thread.join();
}

}  // namespace tarn::dynamodb
