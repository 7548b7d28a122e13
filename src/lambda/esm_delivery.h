#pragma once
// The pure core of event source mapping delivery: the event a function receives for a batch of stream
// records, the invocation record of a discarded batch, and the retry/bisect state machine that takes one
// batch to success or to the on-failure destination. No threads, processes or storage here: the poller
// (esm_poller.cpp) supplies them as callbacks, so tests drive it with fakes.
// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
// https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
// https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "streams/streams.h"

namespace tarn::lambda {

// {"Records":[...]}: each record is the stream record's AWS JSON with "eventSourceARN" appended, the
// member order of Lambda's events (eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb,
// eventSourceARN).
std::string RenderStreamEvent(std::span<const streams::ConsumedRecord> records, std::string_view stream_arn);

// How one invocation of a batch ended.
struct DeliveryAttempt {
  bool invoked = false;        // false: the function could not be called (missing, throttled, ...)
  std::string function_error;  // "Unhandled" etc. when the function failed
  std::string payload;         // the function's response
  std::string request_id;
  std::string detail;  // why it could not be called
};

struct RetryPolicy {
  int maximum_retry_attempts = -1;  // -1: until the records expire
  int maximum_record_age = -1;      // seconds; -1: until the records expire
  bool bisect_batch_on_function_error = false;
  bool report_batch_item_failures = false;
};

// A batch given up on: what goes to the on-failure destination.
struct DiscardedBatch {
  std::span<const streams::ConsumedRecord> records;
  std::string condition;  // RetryAttemptsExhausted, RecordAgeExceeded
  int approximate_invoke_count = 0;
  DeliveryAttempt last;
};

struct DeliveryCallbacks {
  std::function<DeliveryAttempt(std::span<const streams::ConsumedRecord>)> invoke;
  std::function<void(const DiscardedBatch&)> discard;
  // Sleeps before a retry; false when the poller is stopping (the batch is then left undelivered).
  std::function<bool(std::chrono::milliseconds)> wait;
  std::function<int64_t()> now_ms;
};

// Result of DeliverBatch: every record was delivered or discarded (true), or the poller stopped first.
// `result` is the LastProcessingResult to show.
struct DeliveryOutcome {
  bool finished = false;
  std::string result;
};

// Takes `records` (one shard, in order) through invocation, retries (with backoff), bisection on function
// errors, partial batch responses, and discard. Records are delivered in order: a later part of a batch
// is never invoked before an earlier part succeeded or was discarded.
DeliveryOutcome DeliverBatch(std::span<const streams::ConsumedRecord> records, const RetryPolicy& policy,
                             const DeliveryCallbacks& callbacks);

// The invocation record Lambda sends to the on-failure destination; with_payload adds the event
// (S3 destinations).
std::string RenderInvocationRecord(const DiscardedBatch& batch, std::string_view function_arn,
                                   std::string_view shard_id, std::string_view stream_arn, int64_t now_ms,
                                   bool with_payload);
// The S3 object key: aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>.
std::string FailureObjectKey(std::string_view mapping_uuid, std::string_view shard_id, int64_t now_ms,
                             std::string_view random_uuid);

}  // namespace tarn::lambda
