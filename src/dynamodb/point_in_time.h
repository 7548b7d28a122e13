#pragma once
// Point-in-time recovery's change history. While a table has point-in-time recovery on, every item
// change (StageItemWrite) also stores the item as it was before the change, in the change's own batch:
//   `H` Uint64(table id) String(primary key) Uint64(epoch ms) Uint64(sequence) -> the old item's wire
//   JSON, or "" when there was none (docs/storage-formats.md, "dynamodb: point-in-time history").
// The state of an item at time T is then the old image of its first change after T, or the current item
// when it has not changed since. Entries older than the recovery period are pruned; disabling recovery
// or deleting the table drops them all. Pure functions over RocksDB; thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/rocks.h"

namespace tarn::dynamodb {

struct TableInfo;

// Every history entry of a table starts with this.
std::string PitrHistoryPrefix(uint64_t table_id);
// The key of one change of the item whose encoded primary key is `primary_key`.
std::string PitrHistoryKey(uint64_t table_id, std::string_view primary_key, int64_t epoch_ms,
                           uint64_t sequence);
struct PitrHistoryEntry {
  std::string primary_key;
  int64_t epoch_ms = 0;
  uint64_t sequence = 0;
};
// nullopt unless `key` is a history key of table `table_id`.
std::optional<PitrHistoryEntry> ParsePitrHistoryKey(std::string_view key, uint64_t table_id);

// The restore window DescribeContinuousBackups shows and RestoreTableToPointInTime accepts, in epoch
// seconds: from when recovery was enabled (at most RecoveryPeriodInDays back) to five minutes before
// `now`, DynamoDB's lag (never before the start).
// Epoch seconds (a JSON timestamp, ms precision) as epoch milliseconds, rounded: the precision DynamoDB
// compares restore and export times at.
int64_t EpochMillis(double epoch_seconds);

struct RestoreWindow {
  double earliest = 0;
  double latest = 0;
};
RestoreWindow PitrWindow(const TableInfo& table, double now);

// Calls `emit(primary key, item wire JSON)` for every item table `table_id` held at `epoch_ms` (a change
// at that very millisecond counts as before it), reading the items and the history from `snapshot`.
// InternalFailure on storage errors; an error from `emit` stops the walk.
core::Status ItemsAt(const storage::Rocks& rocks, const storage::ColumnFamily& cf, uint64_t table_id,
                     int64_t epoch_ms, const storage::Snapshot& snapshot,
                     const std::function<core::Status(std::string_view, std::string_view)>& emit);

// An item that changed in a window (ChangesBetween): its state at the window's start and at its end
// (nullopt: absent), and the time of its last change in the window.
struct ItemChange {
  std::string_view primary_key;
  int64_t last_change_ms = 0;
  std::optional<std::string_view> before;  // wire JSON
  std::optional<std::string_view> after;
};
// Calls `emit` for every item of table `table_id` that changed after `from_ms` and at or before `to_ms`
// (the same rule as ItemsAt: a change at an instant counts as before it), in primary-key order, reading
// the items and the history from `snapshot`. An item that changed back to what it was is reported too.
// InternalFailure on storage errors; an error from `emit` stops the walk.
core::Status ChangesBetween(const storage::Rocks& rocks, const storage::ColumnFamily& cf, uint64_t table_id,
                            int64_t from_ms, int64_t to_ms, const storage::Snapshot& snapshot,
                            const std::function<core::Status(const ItemChange&)>& emit);

// Deletes the table's history entries older than `cutoff_ms`; returns how many it deleted.
core::Result<size_t> PruneHistory(storage::Rocks& rocks, const storage::ColumnFamily& cf, uint64_t table_id,
                                  int64_t cutoff_ms);

}  // namespace tarn::dynamodb
