#pragma once
// LogStore: CloudWatch Logs' records in RocksDB family "logs" (layout in docs/storage-formats.md,
// "logs"): log groups, log streams, and each stream's events in (timestamp, sequence) order, so
// GetLogEvents is a range scan and retention a range delete. Values are JSON text.
// Thread-safety: reads from any thread; callers serialize read-modify-write sequences (Service's
// write mutex). Errors: InternalFailure from storage only.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/rocks.h"

namespace tarn::logs {

struct GroupRecord {
  std::string name;
  int64_t creation_time = 0;  // epoch ms
  std::optional<int64_t> retention_days;
  std::map<std::string, std::string> tags;
  std::string log_group_class = "STANDARD";
  bool deletion_protection = false;
  std::string kms_key_id;
};

struct StreamRecord {
  std::string name;
  int64_t creation_time = 0;
  std::optional<int64_t> first_event_timestamp, last_event_timestamp, last_ingestion_time;
};

// Where an event sits in its stream: events order by timestamp, then by a sequence number that is
// unique across the whole store (so it also breaks ties between streams of a group).
struct EventPosition {
  int64_t timestamp = 0;
  uint64_t sequence = 0;
  friend auto operator<=>(const EventPosition&, const EventPosition&) = default;
};

struct EventRecord {
  EventPosition position;
  int64_t ingestion_time = 0;
  std::string message;
};

class LogStore {
 public:
  explicit LogStore(storage::Rocks& rocks);

  core::Result<std::optional<GroupRecord>> GetGroup(std::string_view region, std::string_view name) const;
  core::Status PutGroup(std::string_view region, const GroupRecord& group);
  // Groups in name order, starting after `after` (empty: from the first).
  core::Result<std::vector<GroupRecord>> ListGroups(std::string_view region,
                                                    std::string_view after = {}) const;
  // The group with every stream and event.
  core::Status DeleteGroup(std::string_view region, std::string_view name);

  core::Result<std::optional<StreamRecord>> GetStream(std::string_view region, std::string_view group,
                                                      std::string_view name) const;
  core::Status PutStream(std::string_view region, std::string_view group, const StreamRecord& stream);
  core::Result<std::vector<StreamRecord>> ListStreams(std::string_view region, std::string_view group) const;
  core::Status DeleteStream(std::string_view region, std::string_view group, std::string_view name);

  // Writes the events and the stream's updated record in one batch (both or neither).
  core::Status Append(std::string_view region, std::string_view group, const StreamRecord& stream,
                      const std::vector<EventRecord>& events);

  // Events of one stream with from <= position < to, ascending; at most `limit`, stopping early once
  // `max_bytes` of messages were collected (the first event always fits).
  core::Result<std::vector<EventRecord>> ReadForward(std::string_view region, std::string_view group,
                                                     std::string_view stream, EventPosition from,
                                                     EventPosition to, size_t limit, size_t max_bytes) const;
  // The last events with from <= position < to, returned ascending.
  core::Result<std::vector<EventRecord>> ReadBackward(std::string_view region, std::string_view group,
                                                      std::string_view stream, EventPosition from,
                                                      EventPosition to, size_t limit, size_t max_bytes) const;

  // Removes the stream's events with timestamp < cutoff.
  core::Status DeleteEventsBefore(std::string_view region, std::string_view group, std::string_view stream,
                                  int64_t cutoff);
  // Every region that has log groups (for the retention sweeper).
  core::Result<std::vector<std::string>> Regions() const;

  // A sequence number larger than any this store has handed out, also across restarts: numbers are
  // reserved in blocks whose end is persisted before any is used. Callers hold the write mutex.
  core::Result<uint64_t> NextSequence();

 private:
  storage::Rocks& rocks_;
  storage::ColumnFamily& cf_;
  uint64_t next_sequence_ = 0;
  uint64_t reserved_until_ = 0;  // next_sequence_ < reserved_until_: usable without a write
};

}  // namespace tarn::logs
