#pragma once
// EventSourceMapping: one event source mapping (DynamoDB Streams → function) as stored in RocksDB family
// "lambda" under "event-source-mapping/<uuid>" (JSON value), its EventSourceMappingConfiguration shape,
// and the validation of CreateEventSourceMapping/UpdateEventSourceMapping input. MappingStore keeps the
// records and the per-shard checkpoints ("event-source-mapping-checkpoint/<uuid>/<shard id>": the
// position of the next record to deliver, or "done" once a closed shard is finished) and the
// LastProcessingResult ("event-source-mapping-result/<uuid>"). Pure values;
// MappingStore is thread-safe (callers serialize read-modify-write of one mapping).

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/rocks.h"

namespace tarn::lambda {

// https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
inline constexpr int kDefaultStreamBatchSize = 100;
inline constexpr int kMaxBatchSize = 10000;
inline constexpr int kMaxBatchingWindowSeconds = 300;
inline constexpr int kMaxRetryAttempts = 10000;
inline constexpr int kMinRecordAgeSeconds = 60;
inline constexpr int kMaxRecordAgeSeconds = 604800;
inline constexpr int kMaxParallelizationFactor = 10;
inline constexpr int kMaxTumblingWindowSeconds = 900;
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html: 5 filters per mapping.
inline constexpr size_t kMaxFilters = 5;
inline constexpr size_t kMaxFilterPatternChars = 4096;

struct EventSourceMapping {
  std::string uuid;
  std::string account_id;
  std::string region;
  std::string function_name;
  std::string function_qualifier;  // a version or alias the FunctionName named, or ""
  std::string event_source_arn;
  std::string starting_position;  // TRIM_HORIZON or LATEST
  int batch_size = kDefaultStreamBatchSize;
  int maximum_batching_window = 0;
  std::vector<std::string> filter_patterns;
  int maximum_retry_attempts = -1;
  int maximum_record_age = -1;
  bool bisect_batch_on_function_error = false;
  int parallelization_factor = 1;
  int tumbling_window = 0;
  bool report_batch_item_failures = false;
  std::string on_failure_destination;  // an S3 bucket, SNS topic or SQS queue ARN, or ""
  bool enabled = true;
  double last_modified = 0;  // epoch seconds
  std::string last_processing_result = "No records processed";

  std::string Arn() const;
  std::string FunctionArn() const;
  // EventSourceMappingConfiguration; `state` is what the calling operation reports (Creating, Updating,
  // Deleting...) — the stored state is Enabled or Disabled.
  boost::json::object Configuration(std::string_view state) const;
  std::string StoredState() const { return enabled ? "Enabled" : "Disabled"; }
  boost::json::object ToJson() const;
  static core::Result<EventSourceMapping> FromJson(std::string_view text);
};

// Applies the members of a Create (creating) or Update request to `mapping`, with Lambda's validation:
// ValidationException for model constraints, InvalidParameterValueException for the rest ("Invalid
// filter pattern definition." for a bad FilterCriteria). The function, the event source and
// FunctionName are the caller's concern.
core::Status ApplyMappingInput(const boost::json::object& input, bool creating, EventSourceMapping& mapping);

// A shard's checkpoint: the position of the next record to deliver, or done.
struct Checkpoint {
  uint64_t next = 0;
  bool done = false;
};

class MappingStore {
 public:
  explicit MappingStore(storage::Rocks& rocks);
  core::Result<std::optional<EventSourceMapping>> Get(std::string_view uuid) const;
  core::Status Put(const EventSourceMapping& mapping);
  // Deletes the mapping and its checkpoints in one batch.
  core::Status Delete(std::string_view uuid);
  // Every mapping, in UUID order.
  core::Result<std::vector<EventSourceMapping>> List() const;

  core::Result<std::map<std::string, Checkpoint>> Checkpoints(std::string_view uuid) const;
  core::Status PutCheckpoint(std::string_view uuid, std::string_view shard_id, const Checkpoint& checkpoint);
  // LastProcessingResult as the mapping's worker last reached it (Get and List read it back).
  core::Status PutResult(std::string_view uuid, std::string_view result);

 private:
  core::Status ReadResult(EventSourceMapping& mapping) const;
  storage::Rocks& rocks_;
  storage::ColumnFamily& cf_;
};

}  // namespace tarn::lambda
