#pragma once
// Amazon DynamoDB Streams (JSON 1.0, DynamoDBStreams_20120810) on RocksDB family "streams": the change
// log of tables with a StreamSpecification, the four read operations, background trimming and an
// in-process subscription. The only header other modules may include from src/streams. DynamoDB puts
// each change record into the item's own WriteBatch (AppendToBatch), so a change is never lost nor
// recorded without happening. Thread-safe: every member may be called from any thread.

#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "net/registry.h"
#include "storage/rocks.h"

namespace tarn::streams {

struct Options {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html: records are kept 24 h.
  std::chrono::seconds retention{std::chrono::hours(24)};
  // A shard takes new records for this long, then a child shard follows it (docs/storage-formats.md).
  std::chrono::seconds shard_lifetime{std::chrono::hours(4)};
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html
  std::chrono::seconds iterator_lifetime{std::chrono::minutes(15)};
  // How often the trimmer looks for records older than the retention.
  std::chrono::milliseconds trim_interval{std::chrono::seconds(60)};
};

// What DynamoDB tells the stream store when a table's stream is enabled.
struct StreamSpec {
  std::string account_id;
  std::string region;
  std::string table_name;
  std::string stream_arn;         // <table arn>/stream/<label>
  std::string stream_label;       // "2026-11-25T11:20:14.123"
  std::string view_type;          // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
  boost::json::array key_schema;  // [{"AttributeName", "KeyType"}], as DescribeTable
};

// Who made a change, when not a user: DynamoDB's TTL deletions carry {"Type": "Service",
// "PrincipalId": "dynamodb.amazonaws.com"} (API_streams_Record.html, API_streams_Identity.html).
struct UserIdentity {
  std::string type;
  std::string principal_id;
};

// One item change; the stream keeps the images its StreamViewType asks for. Keys and images are
// DynamoDB JSON text ({"id":{"S":"a"}}), as the item store keeps items, so the record is assembled
// without re-encoding them; the caller vouches that they are well-formed.
struct Change {
  std::string event_name;  // INSERT, MODIFY, REMOVE
  std::string keys;
  std::optional<std::string> old_image;  // absent for INSERT (and may be left out when not kept)
  std::optional<std::string> new_image;  // absent for REMOVE (and may be left out when not kept)
  // DynamoDB item sizes of keys and images: SizeBytes sums those the view type keeps.
  size_t keys_bytes = 0;
  size_t old_bytes = 0;
  size_t new_bytes = 0;
  // Rendered as the record's userIdentity when set (time-to-live deletions); absent for user writes.
  std::optional<UserIdentity> user_identity;
};

// Sequence numbers on the wire: 21 decimal digits, "1" then the counter zero-padded to 20 digits
// (the API's SequenceNumber is 21 to 40 digits). Parse returns nullopt for anything else.
std::string FormatSequenceNumber(uint64_t n);
std::optional<uint64_t> ParseSequenceNumber(std::string_view s);

// A record's ApproximateCreationDateTime as DynamoDB Streams writes it, in GetRecords and in Lambda
// events alike: whole epoch seconds as a Java double, 1.684934517E9 (JSON readers see a float).
std::string FormatApproximateCreationDateTime(int64_t epoch_seconds);

// The images a StreamViewType keeps.
bool KeepsNewImage(std::string_view view_type);
bool KeepsOldImage(std::string_view view_type);

// What an in-process consumer (Lambda's event source mappings) sees of a stream: its shards in lineage
// order (a child after its parent) with positions. A position is the sequence counter of the next record
// to read, as in shard iterators.
struct ConsumerShard {
  std::string shard_id;
  std::string parent_shard_id;
  uint64_t trim_horizon = 0;  // the first position still readable
  bool closed = false;        // a child shard follows it
};
struct ConsumerView {
  std::string account_id;
  std::string region;
  bool enabled = false;
  std::vector<ConsumerShard> shards;
  uint64_t latest = 0;        // the position after the last committed record (LATEST)
  std::string partition_key;  // the table's HASH key attribute (records' Keys name it)
};
// One record as GetRecords returns it (the AWS JSON text of a Record), with its position.
struct ConsumedRecord {
  uint64_t sequence = 0;
  int64_t created_ms = 0;
  std::string json;
};
struct ShardRead {
  std::vector<ConsumedRecord> records;
  uint64_t next = 0;          // where the following read starts
  bool end_of_shard = false;  // closed and read to its end (also: trimmed away): go on with the child
};

class Service;

// A record placed in a WriteBatch whose write has not been acknowledged yet. Readers see nothing at
// or after its sequence number until it is committed (the write succeeded) or dropped (destroyed
// without Commit: the write failed, and its sequence number stays unused). Move-only, one thread.
class PendingAppend {
 public:
  PendingAppend() = default;
  PendingAppend(PendingAppend&& other) noexcept;
  PendingAppend& operator=(PendingAppend&& other) noexcept;
  ~PendingAppend();
  // Call once the batch is durably written: publishes the record and wakes subscribers.
  void Commit();
  bool empty() const { return service_ == nullptr; }
  uint64_t sequence_number() const { return sequence_; }

 private:
  friend class Service;
  PendingAppend(Service* service, uint64_t stream_id, uint64_t sequence)
      : service_(service), stream_id_(stream_id), sequence_(sequence) {}
  void Finish(bool committed);
  Service* service_ = nullptr;
  uint64_t stream_id_ = 0;
  uint64_t sequence_ = 0;
};

class ChangeLog;

class Service {
 public:
  // Loads every stream and shard and checks format-version/streams (InternalFailure on storage errors).
  static core::Result<std::unique_ptr<Service>> Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       Options options = {});
  ~Service();  // stops the trimmer
  void RegisterOperations(net::Registry& registry);

  // Control plane, called by DynamoDB. CreateStream opens a new ENABLED stream with one open shard;
  // DisableStream closes its shards (it stays readable, DISABLED, until the retention ends; no-op
  // when unknown or already disabled); DropStream forgets a stream that never took a record (undoes a
  // CreateStream whose table change failed). InternalFailure on storage errors.
  core::Status CreateStream(const StreamSpec& spec);
  core::Status DisableStream(std::string_view stream_arn);
  core::Status DropStream(std::string_view stream_arn);

  // Puts the record of `change` into `batch` with the next sequence number of the stream's open shard
  // (rolling the shard over when it is older than Options::shard_lifetime). Call it while holding the
  // item's lock, so the records of one item are in write order. Returns an empty PendingAppend when the
  // stream is unknown or disabled (the write simply has no record). InternalFailure on storage errors.
  core::Result<PendingAppend> AppendToBatch(std::string_view stream_arn, const Change& change,
                                            storage::WriteBatch& batch);

  // Calls `on_append` (from the writer's thread, after the record became readable; keep it short, e.g.
  // notify a condition variable) whenever records are committed to the stream. Returns an id for
  // Unsubscribe. Unknown streams are allowed (the callback fires once one with that ARN takes records).
  uint64_t Subscribe(std::string_view stream_arn, std::function<void()> on_append);
  void Unsubscribe(uint64_t subscription_id);

  // For in-process consumers. Describe: nullopt when the stream is unknown. ReadRecords returns up to
  // `max` committed records of the shard from position `from` on (records trimmed meanwhile are
  // skipped: they expired). Errors: ResourceNotFoundException (stream or shard unknown),
  // InternalServerError on storage errors.
  std::optional<ConsumerView> DescribeForConsumer(std::string_view stream_arn) const;
  core::Result<ShardRead> ReadRecords(std::string_view stream_arn, std::string_view shard_id, uint64_t from,
                                      size_t max) const;

  // Background trimming of records older than Options::retention (and of shards and disabled streams
  // left empty by it). Start/Stop are idempotent; TrimNow runs one pass on the caller's thread.
  void StartTrimmer();
  void StopTrimmer();
  core::Status TrimNow();

  // The operations (stream_ops.cpp, record_ops.cpp). Errors: ResourceNotFoundException "Requested
  // resource not found: Stream: <arn> not found", ValidationException, ExpiredIteratorException,
  // TrimmedDataAccessException, InternalServerError.
  core::Result<net::Output> ListStreams(const net::Call& call);
  core::Result<net::Output> DescribeStream(const net::Call& call);
  core::Result<net::Output> GetShardIterator(const net::Call& call);
  core::Result<net::Output> GetRecords(const net::Call& call);

  // The resource-based policy of a stream ARN (a table's stream policy, kept by DynamoDB), which takes
  // part in authorizing the stream operations. Set by DynamoDB before requests are served.
  using PolicyLookup = std::function<std::shared_ptr<const iam::policy::Policy>(std::string_view stream_arn)>;
  void SetResourcePolicies(PolicyLookup lookup) { policies_ = std::move(lookup); }

 private:
  friend class PendingAppend;
  Service(storage::Rocks& rocks, const core::Clock& clock, Options options, std::unique_ptr<ChangeLog> log);
  void Notify(uint64_t stream_id);

  struct Subscribers;
  struct Trimmer;
  storage::Rocks& rocks_;
  const core::Clock& clock_;
  Options options_;
  std::unique_ptr<ChangeLog> log_;
  std::unique_ptr<Subscribers> subscribers_;
  std::unique_ptr<Trimmer> trimmer_;
  PolicyLookup policies_;
};

}  // namespace tarn::streams
