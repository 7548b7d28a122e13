// Implements: GetShardIterator, GetRecords.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html
// Reads stop at the stream's watermark, so a record allocated earlier but committed later is never
// skipped: it is returned by a later call from the same iterator chain.
#include <boost/json.hpp>
#include <chrono>

#include "streams/change_log.h"
#include "streams/errors.h"
#include "streams/input.h"
#include "streams/shard_iterator.h"
#include "streams/streams.h"

namespace tarn::streams {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html
constexpr int64_t kMaxGetRecordsLimit = 1000;
constexpr size_t kMaxGetRecordsBytes = 1024 * 1024;

int64_t Millis(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

const ShardState* FindShard(const StreamView& stream, std::string_view shard_id) {
  for (const auto& s : stream.shards)
    if (s.shard_id == shard_id) return &s;
  return nullptr;
}

const ShardState* FindShard(const StreamView& stream, uint64_t index) {
  for (const auto& s : stream.shards)
    if (s.index == index) return &s;
  return nullptr;
}

core::Result<uint64_t> PositionOf(const json::object& input, const StreamView& stream,
                                  const ShardState& shard) {
  std::string type = GetString(input, "ShardIteratorType").value_or("");
  auto sequence = GetString(input, "SequenceNumber");
  uint64_t first = std::max(shard.start, shard.trimmed_through + 1);
  if (type == "TRIM_HORIZON") return first;
  if (type == "LATEST") return std::max(first, stream.watermark + 1);
  if (type != "AT_SEQUENCE_NUMBER" && type != "AFTER_SEQUENCE_NUMBER")
    return ValidationException(
        "1 validation error detected: Value '" + type +
        "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum "
        "value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  if (!sequence)
    return ValidationException("Must provide a SequenceNumber when using ShardIteratorType " + type);
  auto n = ParseSequenceNumber(*sequence);
  if (!n) return ValidationException("Invalid SequenceNumber: " + *sequence);
  if (*n <= shard.trimmed_through) return TrimmedDataAccessException();
  return type == "AT_SEQUENCE_NUMBER" ? *n : *n + 1;
}

}  // namespace

core::Result<net::Output> Service::GetShardIterator(const net::Call& call) {
  std::string arn = GetString(call.input, "StreamArn").value_or("");
  auto stream = log_->Find(arn);
  if (!stream || stream->spec.account_id != call.context.account_id ||
      stream->spec.region != call.context.region)
    return StreamNotFound(arn);
  std::string shard_id = GetString(call.input, "ShardId").value_or("");
  const ShardState* shard = FindShard(*stream, shard_id);
  if (!shard) return ShardNotFound(shard_id);
  TARN_ASSIGN_OR_RETURN(uint64_t position, PositionOf(call.input, *stream, *shard));
  ShardIterator it{stream->spec.stream_arn, stream->id, shard->index, position, Millis(clock_.Now())};
  net::Output out;
  out.json["ShardIterator"] = EncodeShardIterator(it, log_->iterator_key());
  return out;
}

core::Result<net::Output> Service::GetRecords(const net::Call& call) {
  int64_t limit = GetInt(call.input, "Limit").value_or(kMaxGetRecordsLimit);
  if (limit < 1 || limit > kMaxGetRecordsLimit)
    return ValidationException("1 validation error detected: Value '" + std::to_string(limit) +
                               "' at 'limit' failed to satisfy constraint: Member must have value " +
                               (limit < 1 ? "greater than or equal to 1" : "less than or equal to 1000"));
  TARN_ASSIGN_OR_RETURN(
      ShardIterator it,
      DecodeShardIterator(GetString(call.input, "ShardIterator").value_or(""), log_->iterator_key()));
  int64_t now_ms = Millis(clock_.Now());
  if (now_ms - it.created_ms >
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.iterator_lifetime).count())
    return ExpiredIteratorException();
  auto stream = log_->FindById(it.stream_id);
  if (!stream || stream->spec.stream_arn != it.stream_arn ||
      stream->spec.account_id != call.context.account_id || stream->spec.region != call.context.region)
    return StreamNotFound(it.stream_arn);
  const ShardState* shard = FindShard(*stream, it.shard_index);
  // A shard that is gone was trimmed away with all its records.
  if (!shard || it.position <= shard->trimmed_through) return TrimmedDataAccessException();

  uint64_t through = stream->watermark;
  if (shard->end) through = std::min(through, *shard->end);
  json::array records;
  size_t bytes = 0;
  uint64_t next = it.position;
  bool full = false;
  core::Status scanned =
      log_->Scan(stream->id, shard->index, it.position, through, [&](const StoredRecord& r) {
        if (static_cast<int64_t>(records.size()) == limit ||
            (!records.empty() && bytes + r.json.size() > kMaxGetRecordsBytes)) {
          full = true;
          return false;
        }
        boost::system::error_code ec;
        json::value v = json::parse(r.json, ec);
        if (ec) return true;  // never written by tarn; skipping beats failing the whole shard
        records.push_back(std::move(v));
        bytes += r.json.size();
        next = r.sequence + 1;
        return true;
      });
  if (!scanned.ok()) return InternalServerError();
  // Everything up to `through` is committed, so a reader that saw all of it may move past it.
  if (!full && through >= it.position) next = through + 1;

  net::Output out;
  out.json["Records"] = std::move(records);
  bool drained = shard->end && next > *shard->end && stream->watermark >= *shard->end;
  if (!drained) {
    ShardIterator following = it;
    following.position = next;
    following.created_ms = now_ms;
    out.json["NextShardIterator"] = EncodeShardIterator(following, log_->iterator_key());
  }
  return out;
}

}  // namespace tarn::streams
