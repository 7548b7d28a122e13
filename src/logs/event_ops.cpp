// Implements: PutLogEvents, GetLogEvents, FilterLogEvents, and Service::Write for other modules.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
// Tokens name an event position (timestamp, sequence) in the stream order of LogStore: a forward or
// FilterLogEvents token is where the next read starts (inclusive), a backward token where the
// previous read ended (exclusive). So a repeated forward read past the end gives back its own token,
// which is how clients (awscli's paginator) know they are done.
#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <limits>

#include "logs/errors.h"
#include "logs/filter_pattern.h"
#include "logs/input.h"
#include "logs/log_store.h"
#include "logs/logs.h"

namespace tarn::logs {
namespace {

namespace json = boost::json;

// PutLogEvents' rules as the current API reference states them: 1 MB events, rejected (not failed)
// too-old/too-new events, chronological order; the older "cannot span more than 24 hours" rule is
// no longer listed there, so a batch may span any time within the accepted window.
constexpr size_t kMaxBatchBytes = 1048576;  // sum of UTF-8 message bytes + 26 per event
constexpr size_t kEventOverhead = 26;
constexpr size_t kMaxEventBytes = 1048576;
constexpr int64_t kHourMs = 3600 * 1000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr size_t kDefaultReadLimit = 10000;
constexpr size_t kMaxResponseBytes = 1048576;
constexpr size_t kScanChunk = 1000;

constexpr EventPosition kFirst{std::numeric_limits<int64_t>::min(), 0};
constexpr EventPosition kLast{std::numeric_limits<int64_t>::max(), std::numeric_limits<uint64_t>::max()};

EventPosition After(EventPosition p) {
  if (p.sequence == std::numeric_limits<uint64_t>::max()) return {p.timestamp + 1, 0};
  return {p.timestamp, p.sequence + 1};
}

uint64_t Biased(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }

std::string Digits(EventPosition p) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%020" PRIu64 "%020" PRIu64, Biased(p.timestamp), p.sequence);
  return buf;
}

std::string Token(char direction, EventPosition p) { return std::string(1, direction) + "/" + Digits(p); }

core::Result<EventPosition> ParseToken(std::string_view token, char direction) {
  auto invalid = [] { return InvalidParameterException("The specified nextToken is invalid."); };
  if (token.size() != 42 || token[0] != direction || token[1] != '/') return invalid();
  uint64_t ts = 0, seq = 0;
  auto r1 = std::from_chars(token.data() + 2, token.data() + 22, ts);
  auto r2 = std::from_chars(token.data() + 22, token.data() + 42, seq);
  if (r1.ec != std::errc() || r1.ptr != token.data() + 22 || r2.ec != std::errc() ||
      r2.ptr != token.data() + 42)
    return invalid();
  return EventPosition{static_cast<int64_t>(ts ^ (uint64_t{1} << 63)), seq};
}

// startTime (inclusive) and endTime (exclusive) as positions.
std::pair<EventPosition, EventPosition> TimeRange(const json::object& input) {
  EventPosition from = kFirst, to = kLast;
  if (auto start = GetInt(input, "startTime")) from = {*start, 0};
  if (auto end = GetInt(input, "endTime")) to = {*end, 0};
  return {from, to};
}

json::object OutputEvent(const EventRecord& e) {
  return json::object{
      {"timestamp", e.position.timestamp}, {"message", e.message}, {"ingestionTime", e.ingestion_time}};
}

}  // namespace

core::Result<net::Output> Service::PutLogEvents(const net::Call& call) {
  std::string group = *GetString(call.input, "logGroupName");
  std::string name = *GetString(call.input, "logStreamName");
  const auto& events = call.input.at("logEvents").as_array();
  std::vector<Event> batch;
  batch.reserve(events.size());
  size_t bytes = 0;
  for (const auto& e : events) {
    const auto& o = e.as_object();
    Event event{GetInt(o, "timestamp").value_or(0), GetString(o, "message").value_or("")};
    if (event.message.size() > kMaxEventBytes)
      return InvalidParameterException("Log event too large: " + std::to_string(event.message.size()) +
                                       " bytes exceeds limit of " + std::to_string(kMaxEventBytes));
    bytes += event.message.size() + kEventOverhead;
    if (!batch.empty() && event.timestamp < batch.back().timestamp)
      return InvalidParameterException(
          "Log events in a single PutLogEvents request must be in chronological order.");
    batch.push_back(std::move(event));
  }
  if (bytes > kMaxBatchBytes)
    return InvalidParameterException("Upload too large: " + std::to_string(bytes) +
                                     " bytes exceeds limit of " + std::to_string(kMaxBatchBytes));

  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(call.context.region, group));
  if (!g) return LogGroupNotFound();
  TARN_ASSIGN_OR_RETURN(auto stream, store_->GetStream(call.context.region, group, name));
  if (!stream) return LogStreamNotFound();

  // Events too old (14 days, or the group's retention) or too new (2 hours ahead) are rejected, the
  // rest accepted; the batch is in time order, so the rejected ones are a prefix and a suffix.
  const int64_t now = NowMs();
  const int64_t too_old = now - 14 * kDayMs;
  const int64_t expired = g->retention_days ? now - *g->retention_days * kDayMs : too_old;
  const int64_t too_new = now + 2 * kHourMs;
  json::object rejected;
  std::vector<EventRecord> accepted;
  for (size_t i = 0; i < batch.size(); ++i) {
    int64_t ts = batch[i].timestamp;
    if (ts > too_new) {
      if (!rejected.contains("tooNewLogEventStartIndex")) rejected["tooNewLogEventStartIndex"] = i;
      continue;
    }
    if (ts < too_old) {
      rejected["tooOldLogEventEndIndex"] = i;
      continue;
    }
    if (ts < expired) {
      rejected["expiredLogEventEndIndex"] = i;
      continue;
    }
    TARN_ASSIGN_OR_RETURN(uint64_t seq, store_->NextSequence());
    accepted.push_back({{ts, seq}, now, std::move(batch[i].message)});
  }
  if (!accepted.empty()) {
    int64_t first = accepted.front().position.timestamp, last = accepted.back().position.timestamp;
    stream->first_event_timestamp = std::min(stream->first_event_timestamp.value_or(first), first);
    stream->last_event_timestamp = std::max(stream->last_event_timestamp.value_or(last), last);
    stream->last_ingestion_time = now;
    TARN_TRY(store_->Append(call.context.region, group, *stream, accepted));
  }
  net::Output out;
  // Deprecated (PutLogEvents ignores sequence tokens) but still returned.
  out.json["nextSequenceToken"] = Digits({now, accepted.empty() ? 0 : accepted.back().position.sequence});
  if (!rejected.empty()) out.json["rejectedLogEventsInfo"] = std::move(rejected);
  return out;
}

core::Status Service::Write(std::string_view region, std::string_view group, std::string_view stream,
                            std::vector<Event> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.timestamp < b.timestamp; });
  std::lock_guard lock(write_mutex_);
  const int64_t now = NowMs();
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(region, group));
  if (!g) {
    GroupRecord created;
    created.name = std::string(group);
    created.creation_time = now;
    TARN_TRY(store_->PutGroup(region, created));
  }
  TARN_ASSIGN_OR_RETURN(auto s, store_->GetStream(region, group, stream));
  StreamRecord record = s ? *s : StreamRecord{std::string(stream), now, {}, {}, {}};
  std::vector<EventRecord> records;
  for (auto& e : events) {
    TARN_ASSIGN_OR_RETURN(uint64_t seq, store_->NextSequence());
    records.push_back({{e.timestamp, seq}, now, std::move(e.message)});
  }
  if (!records.empty()) {
    int64_t first = records.front().position.timestamp, last = records.back().position.timestamp;
    record.first_event_timestamp = std::min(record.first_event_timestamp.value_or(first), first);
    record.last_event_timestamp = std::max(record.last_event_timestamp.value_or(last), last);
    record.last_ingestion_time = now;
  }
  return store_->Append(region, group, record, records);
}

core::Result<net::Output> Service::GetLogEvents(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string group, GroupOf(call.input));
  std::string name = *GetString(call.input, "logStreamName");
  size_t limit = static_cast<size_t>(GetInt(call.input, "limit").value_or(kDefaultReadLimit));
  auto [from, to] = TimeRange(call.input);
  auto token = GetString(call.input, "nextToken");
  bool forward = GetBool(call.input, "startFromHead");
  if (token) {
    if (token->starts_with("f/")) {
      TARN_ASSIGN_OR_RETURN(EventPosition at, ParseToken(*token, 'f'));
      from = std::max(from, at);
      forward = true;
    } else {
      TARN_ASSIGN_OR_RETURN(EventPosition at, ParseToken(*token, 'b'));
      to = std::min(to, at);
      forward = false;
    }
  }
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(call.context.region, group));
  if (!g) return LogGroupNotFound();
  TARN_ASSIGN_OR_RETURN(auto stream, store_->GetStream(call.context.region, group, name));
  if (!stream) return LogStreamNotFound();

  std::vector<EventRecord> events;
  if (from < to) {
    if (forward) {
      TARN_ASSIGN_OR_RETURN(
          events, store_->ReadForward(call.context.region, group, name, from, to, limit, kMaxResponseBytes));
    } else {
      TARN_ASSIGN_OR_RETURN(
          events, store_->ReadBackward(call.context.region, group, name, from, to, limit, kMaxResponseBytes));
    }
  }
  json::array out;
  for (const auto& e : events) out.push_back(OutputEvent(e));
  net::Output result;
  result.json["events"] = std::move(out);
  if (events.empty()) {
    result.json["nextForwardToken"] = Token('f', from);
    result.json["nextBackwardToken"] = Token('b', to);
  } else {
    result.json["nextForwardToken"] = Token('f', After(events.back().position));
    result.json["nextBackwardToken"] = Token('b', events.front().position);
  }
  return result;
}

core::Result<net::Output> Service::FilterLogEvents(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string group, GroupOf(call.input));
  size_t limit = static_cast<size_t>(GetInt(call.input, "limit").value_or(kDefaultReadLimit));
  auto [from, to] = TimeRange(call.input);
  if (auto token = GetString(call.input, "nextToken")) {
    TARN_ASSIGN_OR_RETURN(EventPosition at, ParseToken(*token, 'p'));
    from = std::max(from, at);
  }
  auto prefix = GetString(call.input, "logStreamNamePrefix");
  std::vector<std::string> names;
  if (const auto* list = call.input.if_contains("logStreamNames"); list && list->is_array()) {
    for (const auto& n : list->get_array())
      if (n.is_string()) names.emplace_back(n.get_string());
  }
  if (prefix && !names.empty())
    return InvalidParameterException("logStreamNames and logStreamNamePrefix are mutually exclusive.");
  TARN_ASSIGN_OR_RETURN(FilterPattern pattern,
                        FilterPattern::Compile(GetString(call.input, "filterPattern").value_or("")));
  TARN_ASSIGN_OR_RETURN(auto g, store_->GetGroup(call.context.region, group));
  if (!g) return LogGroupNotFound();
  TARN_ASSIGN_OR_RETURN(auto streams, store_->ListStreams(call.context.region, group));

  // Each stream contributes its first `limit` matches from `from`; merged by position, the first
  // `limit` of all are the answer, and any stream with more left means a next page.
  struct Match {
    EventRecord event;
    const std::string* stream;
  };
  std::vector<Match> matches;
  bool more = false;
  for (const auto& s : streams) {
    if (prefix && !s.name.starts_with(*prefix)) continue;
    if (!names.empty() && std::find(names.begin(), names.end(), s.name) == names.end()) continue;
    size_t found = 0;
    EventPosition at = from;
    while (found < limit && at < to) {
      TARN_ASSIGN_OR_RETURN(auto chunk, store_->ReadForward(call.context.region, group, s.name, at, to,
                                                            kScanChunk, std::numeric_limits<size_t>::max()));
      for (auto& e : chunk) {
        if (found == limit) {
          more = true;
          break;
        }
        if (!pattern.Matches(e.message)) continue;
        matches.push_back({std::move(e), &s.name});
        ++found;
      }
      if (chunk.size() < kScanChunk) break;
      at = After(chunk.back().position);
    }
    if (found == limit) more = true;  // perhaps: the next page may turn out empty
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.event.position < b.event.position; });
  json::array out;
  size_t bytes = 0;
  size_t taken = 0;
  for (; taken < matches.size() && taken < limit; ++taken) {
    const auto& m = matches[taken];
    bytes += m.event.message.size() + kEventOverhead;
    if (taken > 0 && bytes > kMaxResponseBytes) break;
    out.push_back(json::object{{"logStreamName", *m.stream},
                               {"timestamp", m.event.position.timestamp},
                               {"message", m.event.message},
                               {"ingestionTime", m.event.ingestion_time},
                               {"eventId", Digits(m.event.position)}});
  }
  if (taken < matches.size()) more = true;
  net::Output result;
  result.json["events"] = std::move(out);
  result.json["searchedLogStreams"] = json::array();  // deprecated: always empty, as AWS answers
  if (more && taken > 0) result.json["nextToken"] = Token('p', After(matches[taken - 1].event.position));
  return result;
}

}  // namespace tarn::logs
