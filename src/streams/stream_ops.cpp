// Implements: ListStreams, DescribeStream.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html
// Streams list in (table name, stream label) order and shards in lineage order, so the exclusive start
// ARN or shard id need not exist any more (a trimmed shard, a deleted stream) for paging to go on.
#include <boost/json.hpp>

#include "streams/change_log.h"
#include "streams/errors.h"
#include "streams/input.h"
#include "streams/streams.h"

namespace tarn::streams {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_ListStreams.html#API_streams_ListStreams_RequestSyntax
constexpr int64_t kMaxListLimit = 100;

core::Result<int64_t> LimitOf(const json::object& input, int64_t max) {
  int64_t limit = GetInt(input, "Limit").value_or(max);
  if (limit < 1)
    return ValidationException(
        "1 validation error detected: Value '" + std::to_string(limit) +
        "' at 'limit' failed to satisfy constraint: Member must have value greater than "
        "or equal to 1");
  if (limit > max)
    return ValidationException(
        "1 validation error detected: Value '" + std::to_string(limit) +
        "' at 'limit' failed to satisfy constraint: Member must have value less than or "
        "equal to " +
        std::to_string(max));
  return limit;
}

// (table name, label) of "arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>".
std::pair<std::string, std::string> StreamOrderKey(std::string_view arn) {
  size_t table = arn.find(":table/");
  size_t stream = arn.rfind("/stream/");
  if (table == std::string_view::npos || stream == std::string_view::npos || stream < table) return {};
  return {std::string(arn.substr(table + 7, stream - table - 7)), std::string(arn.substr(stream + 8))};
}

json::object ShardJson(const ShardState& shard) {
  json::object range{{"StartingSequenceNumber", FormatSequenceNumber(shard.start)}};
  if (shard.end) range["EndingSequenceNumber"] = FormatSequenceNumber(*shard.end);
  json::object out{{"ShardId", shard.shard_id}, {"SequenceNumberRange", std::move(range)}};
  if (!shard.parent_shard_id.empty()) out["ParentShardId"] = shard.parent_shard_id;
  return out;
}

}  // namespace

core::Result<net::Output> Service::ListStreams(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(int64_t limit, LimitOf(call.input, kMaxListLimit));
  auto table = GetString(call.input, "TableName");
  auto start = GetString(call.input, "ExclusiveStartStreamArn");
  if (start && !IsStreamArn(*start)) return ValidationException("Invalid ExclusiveStartStreamArn: " + *start);
  auto after = start ? StreamOrderKey(*start) : std::pair<std::string, std::string>();
  std::vector<StreamView> streams = log_->List(call.context.account_id, call.context.region);
  std::sort(streams.begin(), streams.end(), [](const StreamView& a, const StreamView& b) {
    return std::tie(a.spec.table_name, a.spec.stream_label) <
           std::tie(b.spec.table_name, b.spec.stream_label);
  });
  json::array page;
  std::string last;
  bool more = false;
  for (const auto& s : streams) {
    if (table && s.spec.table_name != *table) continue;
    if (start && std::tie(s.spec.table_name, s.spec.stream_label) <= std::tie(after.first, after.second))
      continue;
    if (static_cast<int64_t>(page.size()) == limit) {
      more = true;
      break;
    }
    page.push_back(json::object{{"StreamArn", s.spec.stream_arn},
                                {"TableName", s.spec.table_name},
                                {"StreamLabel", s.spec.stream_label}});
    last = s.spec.stream_arn;
  }
  net::Output out;
  out.json["Streams"] = std::move(page);
  if (more) out.json["LastEvaluatedStreamArn"] = last;
  return out;
}

core::Result<net::Output> Service::DescribeStream(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(int64_t limit, LimitOf(call.input, kMaxListLimit));
  std::string arn = GetString(call.input, "StreamArn").value_or("");
  auto stream = log_->Find(arn);
  if (!stream || stream->spec.account_id != call.context.account_id ||
      stream->spec.region != call.context.region)
    return StreamNotFound(arn);
  auto start = GetString(call.input, "ExclusiveStartShardId");
  json::array shards;
  std::string last;
  bool more = false;
  // A known start shard is skipped by position; an unknown one (trimmed meanwhile) by id, since shard ids
  // begin with their creation time (20 digits) and so sort in lineage order too.
  std::optional<uint64_t> start_index;
  for (const ShardState& shard : stream->shards)
    if (start && shard.shard_id == *start) start_index = shard.index;
  for (const ShardState& shard : stream->shards) {
    if (start_index ? shard.index <= *start_index : start && shard.shard_id <= *start) continue;
    if (static_cast<int64_t>(shards.size()) == limit) {
      more = true;
      break;
    }
    shards.push_back(ShardJson(shard));
    last = shard.shard_id;
  }
  json::object d{{"StreamArn", stream->spec.stream_arn},
                 {"StreamLabel", stream->spec.stream_label},
                 {"StreamStatus", stream->enabled ? "ENABLED" : "DISABLED"},
                 {"StreamViewType", stream->spec.view_type},
                 {"CreationRequestDateTime", static_cast<double>(stream->created_ms) / 1000.0},
                 {"TableName", stream->spec.table_name},
                 {"KeySchema", stream->spec.key_schema},
                 {"Shards", std::move(shards)}};
  if (more) d["LastEvaluatedShardId"] = last;
  net::Output out;
  out.json["StreamDescription"] = std::move(d);
  return out;
}

}  // namespace tarn::streams
