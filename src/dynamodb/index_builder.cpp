// Background work of UpdateTable GlobalSecondaryIndexUpdates: the backfill of a new GSI from the items
// already in the table, and the removal of a deleted GSI's entries.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html
// Backfill: each existing item is indexed under its item lock after re-reading it, and writes maintain
// the CREATING index from the moment its record is published (index_maintenance.cpp reads the current
// record under the same lock), so a write racing with the backfill is indexed either by itself or by the
// backfill, from its committed state. Removal: the index turns DELETING (writes stop maintaining it),
// in-flight writes that still saw it ACTIVE are waited for, then its key range is deleted and the index
// leaves the table record.
#include "dynamodb/index_builder.h"

#include <algorithm>

#include "dynamodb/dynamodb.h"
#include "dynamodb/table_catalog.h"
#include "storage/column_families.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

SecondaryIndex* IndexById(TableInfo& table, uint64_t id) {
  for (auto& index : table.indexes)
    if (index.id == id) return &index;
  return nullptr;
}

}  // namespace

IndexBuilder::~IndexBuilder() {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    jobs.swap(jobs_);
  }
  for (auto& job : jobs) job.thread.join();
}

void IndexBuilder::Run(std::function<void()> job) {
  std::lock_guard lock(mu_);
  if (stopping_) return;
  // Finished jobs are joined here, so a long-running server keeps no handles of old builds.
  std::erase_if(jobs_, [](Job& j) {
    if (!j.done->load()) return false;
    j.thread.join();
    return true;
  });
  auto done = std::make_shared<std::atomic<bool>>(false);
  jobs_.push_back(Job{std::thread([job = std::move(job), done] {
                        job();
                        done->store(true);
                      }),
                      done});
}

void Service::StartIndexWork(const TableInfo& table) {
  for (const auto& index : table.indexes) {
    uint64_t id = index.id;
    auto snapshot = std::make_shared<const TableInfo>(table);
    if (index.status == kIndexCreating)
      index_builder_->Run([this, snapshot, id] { BackfillIndex(*snapshot, id); });
    else if (index.status == kIndexDeleting)
      index_builder_->Run([this, snapshot, id] { RemoveIndex(*snapshot, id); });
  }
}

void Service::WaitForInflightWrites() {
  for (auto& stripe : item_locks_) std::lock_guard lock(stripe);
}

void Service::BackfillIndex(const TableInfo& table, uint64_t index_id) {
  WaitForInflightWrites();
  std::string prefix = ItemPrefix(table.id);
  storage::IteratorOptions options = storage::IteratorOptions::Prefix(prefix);
  options.fill_cache = false;
  auto it = rocks_.NewIterator(cf_, options);
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    if (index_builder_->stopping()) return;
    std::string key(it.key());
    std::lock_guard lock(ItemLock(key));
    auto current = catalog_->Get(table.account_id, table.region, table.name);
    if (!current.ok() || (*current)->id != table.id) return;  // the table was deleted
    const TableInfo& t = **current;
    const SecondaryIndex* index = nullptr;
    for (const auto& i : t.indexes)
      if (i.id == index_id && i.status == kIndexCreating) index = &i;
    if (!index) return;  // deleted meanwhile
    auto item = ReadItem(key);
    // Items whose index key has another type than the definition stay out of the index, as DynamoDB
    // reports them as violations instead of failing the build.
    if (!item.ok() || !*item || !index->Covers(**item) || !ValidateIndexKeys(t, **item).ok()) continue;
    storage::WriteBatch batch;
    batch.Put(cf_, IndexEntryKey(t, *index, **item), EncodeItem(ProjectIntoIndex(t, *index, **item)));
    if (!rocks_.Write(batch).ok()) return;  // left CREATING: resumed at the next start
  }
  if (!it.status().ok()) return;
  (void)catalog_->Update(table.account_id, table.region, table.name, table.id, [&](TableInfo& t) {
    if (SecondaryIndex* index = IndexById(t, index_id); index && index->status == kIndexCreating) {
      index->status = std::string(kIndexActive);
      index->backfilling = false;
    }
    return core::Ok();
  });
}

void Service::RemoveIndex(const TableInfo& table, uint64_t index_id) {
  WaitForInflightWrites();
  std::string prefix = IndexEntryPrefix(table.id, index_id);
  storage::WriteBatch batch;
  batch.DeleteRange(cf_, prefix, storage::PrefixSuccessor(prefix).value_or(prefix + "\xff"));
  if (!rocks_.Write(batch).ok()) return;  // left DELETING: retried at the next start
  (void)catalog_->Update(table.account_id, table.region, table.name, table.id, [&](TableInfo& t) {
    std::erase_if(t.indexes, [&](const SecondaryIndex& i) { return i.id == index_id; });
    // The deleted index's key attributes leave AttributeDefinitions unless another key uses them.
    std::erase_if(t.attribute_definitions, [&](const KeyAttribute& a) {
      auto uses = [&](const KeySchema& k) { return k.Has(a.name); };
      return !uses(t.key_schema) && std::none_of(t.indexes.begin(), t.indexes.end(),
                                                 [&](const SecondaryIndex& i) { return uses(i.key_schema); });
    });
    return core::Ok();
  });
}

}  // namespace tarn::dynamodb
