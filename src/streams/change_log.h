#pragma once
// ChangeLog: the streams, shards and change records of family "streams" (layout:
// docs/storage-formats.md, "streams"), with the in-memory sequence state. Sequence numbers come from
// one counter; each stream tracks the numbers handed out but not yet committed, and readers see a
// stream's records only up to its watermark (the highest number below every in-flight one), so a
// reader never skips a record that was allocated earlier but committed later. Thread-safe: the stream
// map has a shared lock, each stream its own mutex, held only for bookkeeping (never around a write).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/rocks.h"
#include "streams/streams.h"

namespace tarn::streams {

struct ShardState {
  uint64_t index = 0;  // position in the stream's lineage, the key component
  std::string shard_id;
  std::string parent_shard_id;
  uint64_t start = 0;           // StartingSequenceNumber: reserved, never a record's
  std::optional<uint64_t> end;  // EndingSequenceNumber, once closed
  int64_t created_ms = 0;
  int64_t closed_ms = 0;
  uint64_t trimmed_through = 0;  // every record of the shard at or below it is gone
};

// A copy of a stream's description and read state, taken under its lock.
struct StreamView {
  uint64_t id = 0;
  StreamSpec spec;
  bool enabled = false;
  int64_t created_ms = 0;
  std::vector<ShardState> shards;
  uint64_t watermark = 0;  // every record numbered at or below it is committed
};

struct Allocation {
  uint64_t stream_id = 0;
  uint64_t shard_index = 0;
  uint64_t sequence = 0;
  std::string view_type;
  std::string region;
};

struct StoredRecord {
  uint64_t sequence = 0;
  int64_t created_ms = 0;
  std::string_view json;  // valid until the next read
};

class ChangeLog {
 public:
  static core::Result<std::unique_ptr<ChangeLog>> Open(storage::Rocks& rocks, int64_t now_ms);

  core::Status Create(const StreamSpec& spec, int64_t now_ms);
  core::Status Disable(std::string_view arn, int64_t now_ms);
  core::Status Drop(std::string_view arn);

  // The next sequence number in the stream's open shard (rolled over first when it was opened
  // shard_lifetime_ms ago or more); nullopt when the stream is unknown or disabled.
  core::Result<std::optional<Allocation>> Allocate(std::string_view arn, int64_t now_ms,
                                                   int64_t shard_lifetime_ms);
  // Ends an allocation: the record is readable (committed) or its number is never used.
  void Finish(uint64_t stream_id, uint64_t sequence);

  std::optional<StreamView> Find(std::string_view arn) const;
  std::optional<StreamView> FindById(uint64_t id) const;
  std::optional<uint64_t> IdOf(std::string_view arn) const;
  // Streams of one account and region, ordered by (table name, creation).
  std::vector<StreamView> List(std::string_view account_id, std::string_view region) const;

  // Calls visit for the records of a shard numbered in [from, through] in order until it returns
  // false. InternalFailure on storage errors.
  template <class Visit>
  core::Status Scan(uint64_t stream_id, uint64_t shard_index, uint64_t from, uint64_t through,
                    Visit visit) const;

  // Deletes records created before cutoff_ms, then closed shards left empty and disabled streams left
  // without shards.
  core::Status Trim(int64_t cutoff_ms);

  // The secret that authenticates shard iterators (kept in the store, so iterators survive restarts).
  const std::string& iterator_key() const { return iterator_key_; }
  const storage::ColumnFamily& cf() const { return cf_; }

  static std::string RecordKey(uint64_t stream_id, uint64_t shard_index, uint64_t sequence);
  static std::string RecordValue(int64_t created_ms, std::string_view json);

 private:
  struct Stream;
  explicit ChangeLog(storage::Rocks& rocks);
  core::Status Load(int64_t now_ms);
  core::Status PutShard(storage::WriteBatch& batch, const Stream& stream, const ShardState& shard) const;
  core::Status PutStream(storage::WriteBatch& batch, const Stream& stream) const;
  std::shared_ptr<Stream> Get(std::string_view arn) const;
  std::shared_ptr<Stream> GetById(uint64_t id) const;
  ShardState NewShard(const Stream& stream, std::string parent, int64_t now_ms);
  core::Status ScanRaw(uint64_t stream_id, uint64_t shard_index, uint64_t from, uint64_t through,
                       const std::function<bool(const StoredRecord&)>& visit) const;

  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  std::string iterator_key_;
  std::atomic<uint64_t> next_sequence_{1};
  mutable std::shared_mutex mu_;  // guards the maps and next_stream_id_
  uint64_t next_stream_id_ = 1;
  std::map<uint64_t, std::shared_ptr<Stream>> streams_;
  std::map<std::string, uint64_t, std::less<>> by_arn_;
};

template <class Visit>
core::Status ChangeLog::Scan(uint64_t stream_id, uint64_t shard_index, uint64_t from, uint64_t through,
                             Visit visit) const {
  return ScanRaw(stream_id, shard_index, from, through, std::function<bool(const StoredRecord&)>(visit));
}

}  // namespace tarn::streams
