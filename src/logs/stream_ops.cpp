// Implements: CreateLogStream, DeleteLogStream, DescribeLogStreams.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
#include <algorithm>
#include <charconv>

#include "logs/errors.h"
#include "logs/input.h"
#include "logs/log_store.h"
#include "logs/logs.h"

namespace tarn::logs {
namespace {

namespace json = boost::json;

constexpr int64_t kDefaultDescribeLimit = 50;

json::object StreamJson(const net::Call& call, std::string_view group, const StreamRecord& s) {
  json::object o{{"logStreamName", s.name},
                 {"creationTime", s.creation_time},
                 {"arn", StreamArn(call.context.region, call.context.account_id, group, s.name)},
                 {"storedBytes", 0}};
  if (s.first_event_timestamp) o["firstEventTimestamp"] = *s.first_event_timestamp;
  if (s.last_event_timestamp) o["lastEventTimestamp"] = *s.last_event_timestamp;
  if (s.last_ingestion_time) {
    o["lastIngestionTime"] = *s.last_ingestion_time;
    // Deprecated and ignored by PutLogEvents, still described.
    o["uploadSequenceToken"] = std::to_string(*s.last_ingestion_time);
  }
  return o;
}

}  // namespace

core::Result<net::Output> Service::CreateLogStream(const net::Call& call) {
  std::string group = *GetString(call.input, "logGroupName");
  std::string name = *GetString(call.input, "logStreamName");
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(call.context.region, group));
  if (!g) return LogGroupNotFound();
  TARN_ASSIGN_OR_RETURN(auto existing, store_->GetStream(call.context.region, group, name));
  if (existing) return LogStreamAlreadyExists();
  StreamRecord stream;
  stream.name = name;
  stream.creation_time = NowMs();
  TARN_TRY(store_->PutStream(call.context.region, group, stream));
  return net::Output{};
}

core::Result<net::Output> Service::DeleteLogStream(const net::Call& call) {
  std::string group = *GetString(call.input, "logGroupName");
  std::string name = *GetString(call.input, "logStreamName");
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(call.context.region, group));
  if (!g) return LogGroupNotFound();
  TARN_ASSIGN_OR_RETURN(auto existing, store_->GetStream(call.context.region, group, name));
  if (!existing) return LogStreamNotFound();
  TARN_TRY(store_->DeleteStream(call.context.region, group, name));
  return net::Output{};
}

core::Result<net::Output> Service::DescribeLogStreams(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string group, GroupOf(call.input));
  auto prefix = GetString(call.input, "logStreamNamePrefix");
  std::string order = GetString(call.input, "orderBy").value_or("LogStreamName");
  bool descending = GetBool(call.input, "descending");
  int64_t limit = GetInt(call.input, "limit").value_or(kDefaultDescribeLimit);
  if (order == "LastEventTime" && prefix)
    return InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.");
  size_t offset = 0;
  if (auto token = GetString(call.input, "nextToken")) {
    std::string_view digits = std::string_view(*token).substr(token->starts_with("s/") ? 2 : token->size());
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
      return InvalidParameterException("The specified nextToken is invalid.");
  }
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(call.context.region, group));
  if (!g) return LogGroupNotFound();
  TARN_ASSIGN_OR_RETURN(auto streams, store_->ListStreams(call.context.region, group));
  if (prefix) {
    std::erase_if(streams, [&](const StreamRecord& s) { return !s.name.starts_with(*prefix); });
  }
  if (order == "LastEventTime") {
    // Streams without events sort first, as if their last event were at time 0.
    std::stable_sort(streams.begin(), streams.end(), [](const StreamRecord& a, const StreamRecord& b) {
      return a.last_event_timestamp.value_or(0) < b.last_event_timestamp.value_or(0);
    });
  }
  if (descending) std::reverse(streams.begin(), streams.end());
  json::array out;
  size_t i = offset;
  for (; i < streams.size() && static_cast<int64_t>(out.size()) < limit; ++i) {
    out.push_back(StreamJson(call, group, streams[i]));
  }
  net::Output result;
  result.json["logStreams"] = std::move(out);
  if (i < streams.size()) result.json["nextToken"] = "s/" + std::to_string(i);
  return result;
}

}  // namespace tarn::logs
