// Implements: GetShardIterator, GetRecords.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html
// Reads stop at the stream's watermark, so a record allocated earlier but committed later is never
// skipped: it is returned by a later call from the same iterator chain.
#include <boost/json.hpp>
#include <chrono>

#include "core/json_depth.h"
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
  if ((type == "TRIM_HORIZON" || type == "LATEST") && sequence)
    return ValidationException("Must not provide a SequenceNumber when using ShardIteratorType " + type);
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

struct ScanOutcome {
  uint64_t next = 0;
  bool end_of_shard = false;
};

// Reads a shard from `from` up to the stream's watermark: at most `limit` records and about
// kMaxGetRecordsBytes, each handed to `take`. Shared by GetRecords and ReadRecords so both see the same
// records at the same positions.
template <class Take>
core::Result<ScanOutcome> ScanShard(const ChangeLog& log, const StreamView& stream, const ShardState& shard,
                                    uint64_t from, size_t limit, Take take) {
  uint64_t through = stream.watermark;
  if (shard.end) through = std::min(through, *shard.end);
  size_t count = 0, bytes = 0;
  uint64_t next = from;
  bool full = false;
  core::Status scanned = log.Scan(stream.id, shard.index, from, through, [&](const StoredRecord& r) {
    if (count == limit || (count > 0 && bytes + r.json.size() > kMaxGetRecordsBytes)) {
      full = true;
      return false;
    }
    take(r);
    ++count;
    bytes += r.json.size();
    next = r.sequence + 1;
    return true;
  });
  if (!scanned.ok()) return InternalServerError();
  // Everything up to `through` is committed, so a reader that saw all of it may move past it.
  if (!full && through >= from) next = through + 1;
  ScanOutcome out;
  out.next = next;
  out.end_of_shard = shard.end && next > *shard.end && stream.watermark >= *shard.end;
  return out;
}

}  // namespace

std::optional<ConsumerView> Service::DescribeForConsumer(std::string_view stream_arn) const {
  auto stream = log_->Find(stream_arn);
  if (!stream) return std::nullopt;
  ConsumerView view;
  view.account_id = stream->spec.account_id;
  view.region = stream->spec.region;
  view.enabled = stream->enabled;
  view.latest = stream->watermark + 1;
  for (const auto& k : stream->spec.key_schema) {
    const auto* o = k.if_object();
    const auto* type = o ? o->if_contains("KeyType") : nullptr;
    const auto* name = o ? o->if_contains("AttributeName") : nullptr;
    if (type && name && type->is_string() && name->is_string() && type->get_string() == "HASH")
      view.partition_key = std::string(name->get_string());
  }
  for (const auto& s : stream->shards) {
    view.shards.push_back(
        {s.shard_id, s.parent_shard_id, std::max(s.start, s.trimmed_through + 1), s.end.has_value()});
  }
  return view;
}

core::Result<ShardRead> Service::ReadRecords(std::string_view stream_arn, std::string_view shard_id,
                                             uint64_t from, size_t max) const {
  auto stream = log_->Find(stream_arn);
  if (!stream) return StreamNotFound(stream_arn);
  const ShardState* shard = FindShard(*stream, shard_id);
  if (!shard) return ShardNotFound(shard_id);
  ShardRead read;
  from = std::max(from, shard->trimmed_through + 1);
  TARN_ASSIGN_OR_RETURN(
      ScanOutcome scan,
      ScanShard(*log_, *stream, *shard, from, std::max<size_t>(max, 1), [&](const StoredRecord& r) {
        read.records.push_back({r.sequence, r.created_ms, std::string(r.json)});
      }));
  read.next = scan.next;
  read.end_of_shard = scan.end_of_shard;
  return read;
}

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

  json::array records;
  TARN_ASSIGN_OR_RETURN(
      ScanOutcome scan,
      ScanShard(*log_, *stream, *shard, it.position, static_cast<size_t>(limit), [&](const StoredRecord& r) {
        boost::system::error_code ec;
        json::value v = json::parse(r.json, ec, {}, core::DeepJson());
        // Never written by tarn; skipping beats failing the
        // whole shard.
        if (!ec) records.push_back(std::move(v));
      }));
  uint64_t next = scan.next;

  net::Output out;
  out.json["Records"] = std::move(records);
  if (!scan.end_of_shard) {
    ShardIterator following = it;
    following.position = next;
    following.created_ms = now_ms;
    out.json["NextShardIterator"] = EncodeShardIterator(following, log_->iterator_key());
  }
  return out;
}

}  // namespace tarn::streams
