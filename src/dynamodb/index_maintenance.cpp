// Index maintenance: the entries an item write adds, moves and removes in the table's secondary
// indexes, staged into the item's own WriteBatch so an item and its index entries never disagree, even
// after a crash. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes
// The table's indexes are read from the catalog's current record, not from the caller's snapshot: with
// the item lock held, that makes a write racing with UpdateTable either visible to the backfill or
// indexed by itself (index_builder.cpp).
#include "dynamodb/dynamodb.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {

core::Status Service::StageIndexWrites(const TableInfo& table, const std::optional<Item>& old,
                                       const Item* now, storage::WriteBatch& batch) {
  std::shared_ptr<const TableInfo> current;
  if (auto found = catalog_->Get(table.account_id, table.region, table.name);
      found.ok() && (*found)->id == table.id)
    current = std::move(found).value();
  const TableInfo& t = current ? *current : table;
  if (t.indexes.empty()) return core::Ok();
  if (now) TARN_TRY(ValidateIndexKeys(t, *now));
  for (const SecondaryIndex& index : t.indexes) {
    if (index.status == kIndexDeleting) continue;
    std::string old_key = old && index.Covers(*old) ? IndexEntryKey(t, index, *old) : std::string();
    std::string new_key = now && index.Covers(*now) ? IndexEntryKey(t, index, *now) : std::string();
    if (!old_key.empty() && old_key != new_key) batch.Delete(cf_, old_key);
    if (!new_key.empty()) batch.Put(cf_, new_key, EncodeItem(ProjectIntoIndex(t, index, *now)));
  }
  return core::Ok();
}

}  // namespace tarn::dynamodb
