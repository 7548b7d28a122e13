// Change capture: an item write and its stream record commit in one RocksDB WriteBatch, so a change is
// never lost and never recorded without happening (DESIGN.md, "Durable and exact").
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
// A write that leaves the item as it was (a put of an identical item, an update that changes nothing)
// records nothing: the Streams guide says so for PutItem and UpdateItem, and DynamoDB behaves so.
// StageItemWrite is the one place an item write enters a batch: single-item writes, transactions
// (several staged writes, one batch) and time-to-live deletions all go through it, so it also keeps
// point-in-time recovery's history.
#include "dynamodb/dynamodb.h"
#include "dynamodb/item_size.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {

core::Result<streams::PendingAppend> Service::StageItemWrite(const TableInfo& table,
                                                             std::string_view item_key,
                                                             const std::optional<Item>& old, const Item* now,
                                                             storage::WriteBatch& batch,
                                                             const streams::UserIdentity* identity) {
  std::string encoded;
  if (now) {
    encoded = EncodeItem(*now);
    batch.Put(cf_, item_key, encoded);
  } else {
    batch.Delete(cf_, item_key);
  }
  TARN_TRY(StageIndexWrites(table, old, now, batch));
  streams::PendingAppend pending;
  bool changed = now ? !old || !(*old == *now) : old.has_value();
  // Point-in-time recovery keeps what the item was before each change (point_in_time.h).
  if (table.pitr_enabled && changed) {
    const int64_t ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count();
    batch.Put(cf_,
              PitrHistoryKey(table.id, item_key.substr(ItemPrefix(table.id).size()), ms,
                             pitr_sequence_.fetch_add(1, std::memory_order_relaxed)),
              old ? EncodeItem(*old) : std::string());
  }
  if (streams_ && table.stream_enabled && changed) {
    const std::string& view = table.stream_view_type;
    streams::Change change;
    change.event_name = !old ? "INSERT" : !now ? "REMOVE" : "MODIFY";
    Item keys = ExtractKey(table.key_schema, now ? *now : *old);
    change.keys = EncodeItem(keys);
    change.keys_bytes = ItemSize(keys);
    // Only the images the view keeps are encoded: KEYS_ONLY streams pay for the keys alone. The new
    // image is the text just written for the item.
    if (old && streams::KeepsOldImage(view)) {
      change.old_image = EncodeItem(*old);
      change.old_bytes = ItemSize(*old);
    }
    if (now && streams::KeepsNewImage(view)) {
      change.new_image = std::move(encoded);
      change.new_bytes = ItemSize(*now);
    }
    if (identity) change.user_identity = *identity;
    TARN_ASSIGN_OR_RETURN(pending, streams_->AppendToBatch(table.StreamArn(), change, batch));
  }
  return pending;
}

core::Status Service::WriteItem(const TableInfo& table, std::string_view item_key,
                                const std::optional<Item>& old, const Item* now,
                                const streams::UserIdentity* identity) {
  storage::WriteBatch batch;
  TARN_ASSIGN_OR_RETURN(auto pending, StageItemWrite(table, item_key, old, now, batch, identity));
  TARN_TRY(rocks_.Write(batch));
  pending.Commit();
  return core::Ok();
}

}  // namespace tarn::dynamodb
