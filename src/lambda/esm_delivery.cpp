// Event rendering, invocation records and the retry/bisect state machine of event source mappings.
// https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html: a failed batch is retried
// until MaximumRetryAttempts or MaximumRecordAgeInSeconds; BisectBatchOnFunctionError splits it in two
// (splitting does not consume retries); errors before invocation (throttling, a missing function) are
// retried until the records are too old.
// https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html: with
// ReportBatchItemFailures, Lambda checkpoints before the lowest failed sequence number and retries from
// it; an empty or invalid itemIdentifier fails the whole batch.
#include "lambda/esm_delivery.h"

#include <algorithm>
#include <boost/json.hpp>
#include <deque>

#include "core/json_depth.h"
#include "core/time_format.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

constexpr auto kFirstBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);

core::TimePoint FromMillis(int64_t ms) { return core::TimePoint(std::chrono::milliseconds(ms)); }

// A part of the batch still to deliver: [begin, end) with its invocation and retry counts.
struct Part {
  size_t begin = 0;
  size_t end = 0;
  int invocations = 0;
  int retries = 0;
};

// With ReportBatchItemFailures: the index (within `records`) of the lowest reported failure, records.size()
// when none is reported, or nullopt when the response fails the whole batch.
std::optional<size_t> LowestReportedFailure(std::span<const streams::ConsumedRecord> records,
                                            const std::string& payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec, {}, core::DeepJson());
  if (ec || !v.is_object()) return records.size();
  const auto* failures = v.get_object().if_contains("batchItemFailures");
  if (!failures || failures->is_null()) return records.size();
  if (!failures->is_array()) return std::nullopt;
  size_t lowest = records.size();
  for (const auto& f : failures->get_array()) {
    const auto* id = f.is_object() ? f.get_object().if_contains("itemIdentifier") : nullptr;
    if (!id || !id->is_string() || id->get_string().empty()) return std::nullopt;
    auto sequence = streams::ParseSequenceNumber(id->get_string());
    auto it = std::find_if(records.begin(), records.end(), [&](const streams::ConsumedRecord& r) {
      return sequence && r.sequence == *sequence;
    });
    if (it == records.end()) return std::nullopt;
    lowest = std::min(lowest, static_cast<size_t>(it - records.begin()));
  }
  return lowest;
}

// The record with its userIdentity in the member names Lambda events use.
std::string LambdaUserIdentity(const std::string& record) {
  boost::system::error_code ec;
  json::value v = json::parse(record, ec, {}, core::DeepJson());
  if (ec || !v.is_object()) return record;
  json::object& o = v.get_object();
  auto* identity = o.if_contains("userIdentity");
  if (!identity || !identity->is_object()) return record;
  json::object renamed;
  if (const auto* type = identity->get_object().if_contains("Type")) renamed["type"] = *type;
  if (const auto* principal = identity->get_object().if_contains("PrincipalId"))
    renamed["principalId"] = *principal;
  *identity = std::move(renamed);
  return json::serialize(o);
}

}  // namespace

std::string RenderStreamEvent(std::span<const streams::ConsumedRecord> records, std::string_view stream_arn) {
  std::string arn = json::serialize(json::string(stream_arn));
  std::string out = R"({"Records":[)";
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string& r = records[i].json;
    if (i) out += ',';
    // The stored record is a JSON object; the event's record is the same with one more member at the end.
    // One difference: a service's change (a TTL deletion) carries userIdentity in the Streams model's
    // member names (PrincipalId, Type), while Lambda events spell them as
    // {"type":"Service","principalId":"dynamodb.amazonaws.com"}
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
    if (r.find(R"("userIdentity":)") != std::string::npos) {
      std::string renamed = LambdaUserIdentity(r);
      out.append(renamed, 0, renamed.size() - 1);
    } else {
      out.append(r, 0, r.size() - 1);
    }
    out += R"(,"eventSourceARN":)";
    out += arn;
    out += '}';
  }
  out += "]}";
  return out;
}

DeliveryOutcome DeliverBatch(std::span<const streams::ConsumedRecord> records, const RetryPolicy& policy,
                             const DeliveryCallbacks& callbacks) {
  DeliveryOutcome outcome;
  std::deque<Part> work{{0, records.size(), 0, 0}};
  auto backoff = kFirstBackoff;
  auto give_up = [&](const Part& part, std::string condition, DeliveryAttempt last) {
    callbacks.discard({records.subspan(part.begin, part.end - part.begin), std::move(condition),
                       part.invocations, std::move(last)});
  };
  auto retry_later = [&]() {
    bool go_on = callbacks.wait(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
    return go_on;
  };
  DeliveryAttempt last;
  while (!work.empty()) {
    Part& part = work.front();
    auto span = records.subspan(part.begin, part.end - part.begin);
    if (policy.maximum_record_age >= 0 &&
        callbacks.now_ms() - span.front().created_ms > int64_t{policy.maximum_record_age} * 1000) {
      give_up(part, "RecordAgeExceeded", last);
      work.pop_front();
      continue;
    }
    last = callbacks.invoke(span);
    if (!last.invoked) {
      outcome.result = "PROBLEM: Function call failed";
      if (!retry_later()) return outcome;
      continue;
    }
    ++part.invocations;
    std::optional<size_t> failed = span.size();
    if (last.function_error.empty() && policy.report_batch_item_failures)
      failed = LowestReportedFailure(span, last.payload);
    if (last.function_error.empty() && failed && *failed == span.size()) {
      outcome.result = "OK";
      backoff = kFirstBackoff;
      work.pop_front();
      continue;
    }
    outcome.result = "PROBLEM: Function call failed";
    if (last.function_error.empty() && failed && *failed > 0) {
      // A partial batch response: everything before the lowest failure is done. The checkpoint
      // moved, so what is left is a new batch with retries and invocations of its own (on AWS a
      // record reported failed behind a successful one is invoked 1 + MaximumRetryAttempts times
      // more, and its failure record counts only those).
      part.begin += *failed;
      part.retries = 0;
      part.invocations = 0;
      continue;
    } else if (last.function_error.empty() && failed) {
      // The first record failed: the same batch again, as a retry.
    } else if (policy.bisect_batch_on_function_error && span.size() > 1) {
      Part first = part, second = part;
      first.end = second.begin = part.begin + span.size() / 2;
      first.invocations = second.invocations = 0;
      work.pop_front();
      work.push_front(second);
      work.push_front(first);
      continue;
    }
    Part& retried = work.front();
    ++retried.retries;
    if (policy.maximum_retry_attempts >= 0 && retried.retries > policy.maximum_retry_attempts) {
      give_up(retried, "RetryAttemptsExhausted", last);
      work.pop_front();
      continue;
    }
    if (!retry_later()) return outcome;
  }
  outcome.finished = true;
  return outcome;
}

std::string RenderInvocationRecord(const DiscardedBatch& batch, std::string_view function_arn,
                                   std::string_view shard_id, std::string_view stream_arn, int64_t now_ms,
                                   bool with_payload) {
  json::object request;
  request["requestId"] = batch.last.request_id;
  request["functionArn"] = function_arn;
  request["condition"] = batch.condition;
  request["approximateInvokeCount"] = batch.approximate_invoke_count;
  json::object response;
  if (batch.last.invoked) {
    response["statusCode"] = 200;
    response["executedVersion"] = "$LATEST";
    // null when the function returned normally (a batch of reported item failures), as on AWS.
    if (batch.last.function_error.empty())
      response["functionError"] = nullptr;
    else
      response["functionError"] = batch.last.function_error;
  }
  json::object info;
  info["shardId"] = shard_id;
  info["startSequenceNumber"] = streams::FormatSequenceNumber(batch.records.front().sequence);
  info["endSequenceNumber"] = streams::FormatSequenceNumber(batch.records.back().sequence);
  info["approximateArrivalOfFirstRecord"] = core::FormatIso8601(FromMillis(batch.records.front().created_ms));
  info["approximateArrivalOfLastRecord"] = core::FormatIso8601(FromMillis(batch.records.back().created_ms));
  info["batchSize"] = batch.records.size();
  info["streamArn"] = stream_arn;
  json::object record;
  record["requestContext"] = std::move(request);
  record["responseContext"] = std::move(response);
  record["version"] = "1.0";
  record["timestamp"] = core::FormatIso8601Millis(FromMillis(now_ms));
  record["DDBStreamBatchInfo"] = std::move(info);
  if (with_payload) record["payload"] = RenderStreamEvent(batch.records, stream_arn);
  return json::serialize(record);
}

std::string FailureObjectKey(std::string_view mapping_uuid, std::string_view shard_id, int64_t now_ms,
                             std::string_view random_uuid) {
  std::string iso = core::FormatIso8601(FromMillis(now_ms));  // 2019-11-14T00:13:49Z
  std::string day = iso.substr(0, 10);
  std::string time = iso.substr(11, 8);
  std::replace(time.begin(), time.end(), ':', '.');
  return "aws/lambda/" + std::string(mapping_uuid) + "/" + std::string(shard_id) + "/" + day.substr(0, 4) +
         "/" + day.substr(5, 2) + "/" + day.substr(8, 2) + "/" + day + "T" + time + "-" +
         std::string(random_uuid);
}

}  // namespace tarn::lambda
