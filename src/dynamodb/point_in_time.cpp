// Point-in-time recovery's change history (point_in_time.h).
#include "dynamodb/point_in_time.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "dynamodb/table_catalog.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

// Record tag of family "dynamodb" (docs/storage-formats.md).
constexpr uint8_t kHistoryTag = 'H';
// DynamoDB's LatestRestorableDateTime trails the present by about five minutes.
constexpr double kLatestRestorableLag = 5 * 60;

}  // namespace

std::string PitrHistoryPrefix(uint64_t table_id) {
  return storage::KeyBuilder().Byte(kHistoryTag).Uint64(table_id).Take();
}

std::string PitrHistoryKey(uint64_t table_id, std::string_view primary_key, int64_t epoch_ms,
                           uint64_t sequence) {
  return storage::KeyBuilder()
      .Byte(kHistoryTag)
      .Uint64(table_id)
      .String(primary_key)
      .Uint64(static_cast<uint64_t>(std::max<int64_t>(0, epoch_ms)))
      .Uint64(sequence)
      .Take();
}

std::optional<PitrHistoryEntry> ParsePitrHistoryKey(std::string_view key, uint64_t table_id) {
  storage::KeyReader reader(key);
  auto tag = reader.Byte();
  auto id = reader.Uint64();
  if (tag != kHistoryTag || id != table_id) return std::nullopt;
  auto primary_key = reader.String();
  auto ms = reader.Uint64();
  auto sequence = reader.Uint64();
  if (!primary_key || !ms || !sequence || !reader.done()) return std::nullopt;
  return PitrHistoryEntry{std::move(*primary_key), static_cast<int64_t>(*ms), *sequence};
}

int64_t EpochMillis(double epoch_seconds) { return static_cast<int64_t>(std::llround(epoch_seconds * 1000)); }

RestoreWindow PitrWindow(const TableInfo& table, double now) {
  RestoreWindow window;
  window.earliest = std::max(table.pitr_since, now - static_cast<double>(table.pitr_days) * 86400);
  window.latest = std::max(window.earliest, now - kLatestRestorableLag);
  return window;
}

core::Status ItemsAt(const storage::Rocks& rocks, const storage::ColumnFamily& cf, uint64_t table_id,
                     int64_t epoch_ms, const storage::Snapshot& snapshot,
                     const std::function<core::Status(std::string_view, std::string_view)>& emit) {
  // The items changed after epoch_ms, as their first change after it found them ("" : absent).
  std::map<std::string, std::string, std::less<>> then;
  storage::IteratorOptions options = storage::IteratorOptions::Prefix(PitrHistoryPrefix(table_id));
  options.snapshot = &snapshot;
  options.fill_cache = false;
  auto history = rocks.NewIterator(cf, options);
  for (history.SeekToFirst(); history.Valid(); history.Next()) {
    auto entry = ParsePitrHistoryKey(history.key(), table_id);
    if (!entry) return core::InternalFailure("dynamodb: unreadable point-in-time history key");
    // A key's changes sort oldest first, so the first one after epoch_ms is met first.
    if (entry->epoch_ms > epoch_ms) then.try_emplace(std::move(entry->primary_key), history.value());
  }
  TARN_TRY(history.status());
  const std::string prefix = ItemPrefix(table_id);
  options = storage::IteratorOptions::Prefix(prefix);
  options.snapshot = &snapshot;
  options.fill_cache = false;
  auto items = rocks.NewIterator(cf, options);
  for (items.SeekToFirst(); items.Valid(); items.Next()) {
    std::string_view primary_key = items.key().substr(prefix.size());
    if (then.contains(primary_key)) continue;
    TARN_TRY(emit(primary_key, items.value()));
  }
  TARN_TRY(items.status());
  for (const auto& [primary_key, item] : then)
    if (!item.empty()) TARN_TRY(emit(primary_key, item));
  return core::Ok();
}

core::Status ChangesBetween(const storage::Rocks& rocks, const storage::ColumnFamily& cf, uint64_t table_id,
                            int64_t from_ms, int64_t to_ms, const storage::Snapshot& snapshot,
                            const std::function<core::Status(const ItemChange&)>& emit) {
  storage::IteratorOptions options = storage::IteratorOptions::Prefix(PitrHistoryPrefix(table_id));
  options.snapshot = &snapshot;
  options.fill_cache = false;
  auto history = rocks.NewIterator(cf, options);
  const std::string item_prefix = ItemPrefix(table_id);
  // One item's changes are consecutive keys, oldest first: the first change after from_ms holds the
  // state before the window, the first after to_ms the state at its end (else the item as it is now).
  std::string key;
  std::string before, after;
  bool changed = false, had_before = false, ended = false, had_after = false;
  int64_t last_ms = 0;
  auto finish = [&]() -> core::Status {
    if (!changed) return core::Ok();
    std::optional<std::string> current;
    if (!ended) {
      TARN_ASSIGN_OR_RETURN(current, rocks.Get(cf, item_prefix + key, &snapshot));
      had_after = current.has_value();
      if (current) after = std::move(*current);
    }
    ItemChange change;
    change.primary_key = key;
    change.last_change_ms = last_ms;
    if (had_before) change.before = before;
    if (had_after) change.after = after;
    return emit(change);
  };
  for (history.SeekToFirst(); history.Valid(); history.Next()) {
    auto entry = ParsePitrHistoryKey(history.key(), table_id);
    if (!entry) return core::InternalFailure("dynamodb: unreadable point-in-time history key");
    if (entry->primary_key != key) {
      TARN_TRY(finish());
      key = std::move(entry->primary_key);
      changed = ended = had_after = false;
    }
    if (entry->epoch_ms <= from_ms || ended) continue;
    const std::string_view image = history.value();
    if (entry->epoch_ms > to_ms) {
      // The first change after the window: what it replaced is the state at the window's end.
      ended = true;
      had_after = !image.empty();
      after = image;
      continue;
    }
    if (!changed) {
      changed = true;
      had_before = !image.empty();
      before = image;
    }
    last_ms = entry->epoch_ms;
  }
  TARN_TRY(history.status());
  return finish();
}

core::Result<size_t> PruneHistory(storage::Rocks& rocks, const storage::ColumnFamily& cf, uint64_t table_id,
                                  int64_t cutoff_ms) {
  storage::IteratorOptions options = storage::IteratorOptions::Prefix(PitrHistoryPrefix(table_id));
  options.fill_cache = false;
  auto it = rocks.NewIterator(cf, options);
  storage::WriteBatch batch;
  size_t pruned = 0;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto entry = ParsePitrHistoryKey(it.key(), table_id);
    if (!entry || entry->epoch_ms >= cutoff_ms) continue;
    batch.Delete(cf, it.key());
    ++pruned;
    if (batch.size() >= 1000) {
      TARN_TRY(rocks.Write(batch));
      batch.Clear();
    }
  }
  TARN_TRY(it.status());
  if (!batch.empty()) TARN_TRY(rocks.Write(batch));
  return pruned;
}

}  // namespace tarn::dynamodb
