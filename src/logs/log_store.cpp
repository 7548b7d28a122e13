// LogStore: key layout (docs/storage-formats.md, "logs"), all keys built with storage::KeyBuilder:
//   'g' region group                                  -> group JSON
//   's' region group stream                           -> stream JSON
//   'e' region group stream timestamp:i64 seq:u64     -> {"i": ingestion ms, "m": message}
//   'q'                                               -> the end of the reserved sequence block (u64)
#include "logs/log_store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <limits>

#include "storage/key_codec.h"

namespace tarn::logs {
namespace {

namespace json = boost::json;
using storage::KeyBuilder;

constexpr uint64_t kSequenceBlock = 1 << 16;

std::string GroupKey(std::string_view region, std::string_view name) {
  return KeyBuilder().Byte('g').String(region).String(name).Take();
}
std::string StreamPrefix(std::string_view region, std::string_view group) {
  return KeyBuilder().Byte('s').String(region).String(group).Take();
}
std::string StreamKey(std::string_view region, std::string_view group, std::string_view name) {
  return KeyBuilder().Byte('s').String(region).String(group).String(name).Take();
}
std::string EventPrefix(std::string_view region, std::string_view group, std::string_view stream) {
  return KeyBuilder().Byte('e').String(region).String(group).String(stream).Take();
}
std::string GroupEventsPrefix(std::string_view region, std::string_view group) {
  return KeyBuilder().Byte('e').String(region).String(group).Take();
}
std::string EventKey(const std::string& prefix, EventPosition p) {
  return KeyBuilder(prefix).Int64(p.timestamp).Uint64(p.sequence).Take();
}

core::AwsError Corrupt(std::string_view what) {
  return core::InternalFailure("corrupt CloudWatch Logs record: " + std::string(what));
}

json::value ParseRecord(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value() : v;
}

std::optional<int64_t> OptInt(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}

std::string GroupJson(const GroupRecord& g) {
  json::object o{{"name", g.name}, {"creationTime", g.creation_time}, {"class", g.log_group_class}};
  if (g.retention_days) o["retentionInDays"] = *g.retention_days;
  if (g.deletion_protection) o["deletionProtection"] = true;
  if (!g.kms_key_id.empty()) o["kmsKeyId"] = g.kms_key_id;
  json::object tags;
  for (const auto& [k, v] : g.tags) tags[k] = v;
  o["tags"] = std::move(tags);
  return json::serialize(o);
}

std::optional<GroupRecord> GroupFromJson(std::string_view text) {
  json::value v = ParseRecord(text);
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  GroupRecord g;
  const auto* name = o.if_contains("name");
  if (!name || !name->is_string()) return std::nullopt;
  g.name = std::string(name->get_string());
  g.creation_time = OptInt(o, "creationTime").value_or(0);
  g.retention_days = OptInt(o, "retentionInDays");
  if (const auto* c = o.if_contains("class"); c && c->is_string())
    g.log_group_class = std::string(c->get_string());
  if (const auto* d = o.if_contains("deletionProtection"); d && d->is_bool())
    g.deletion_protection = d->get_bool();
  if (const auto* k = o.if_contains("kmsKeyId"); k && k->is_string())
    g.kms_key_id = std::string(k->get_string());
  if (const auto* t = o.if_contains("tags"); t && t->is_object()) {
    for (const auto& kv : t->get_object())
      if (kv.value().is_string()) g.tags[std::string(kv.key())] = std::string(kv.value().get_string());
  }
  return g;
}

std::string StreamJson(const StreamRecord& s) {
  json::object o{{"name", s.name}, {"creationTime", s.creation_time}};
  if (s.first_event_timestamp) o["firstEventTimestamp"] = *s.first_event_timestamp;
  if (s.last_event_timestamp) o["lastEventTimestamp"] = *s.last_event_timestamp;
  if (s.last_ingestion_time) o["lastIngestionTime"] = *s.last_ingestion_time;
  return json::serialize(o);
}

std::optional<StreamRecord> StreamFromJson(std::string_view text) {
  json::value v = ParseRecord(text);
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  const auto* name = o.if_contains("name");
  if (!name || !name->is_string()) return std::nullopt;
  StreamRecord s;
  s.name = std::string(name->get_string());
  s.creation_time = OptInt(o, "creationTime").value_or(0);
  s.first_event_timestamp = OptInt(o, "firstEventTimestamp");
  s.last_event_timestamp = OptInt(o, "lastEventTimestamp");
  s.last_ingestion_time = OptInt(o, "lastIngestionTime");
  return s;
}

std::optional<EventRecord> EventFromEntry(std::string_view prefix, std::string_view key,
                                          std::string_view value) {
  storage::KeyReader reader(key.substr(prefix.size()));
  auto ts = reader.Int64();
  auto seq = reader.Uint64();
  if (!ts || !seq || !reader.done()) return std::nullopt;
  json::value v = ParseRecord(value);
  if (!v.is_object()) return std::nullopt;
  const auto* m = v.get_object().if_contains("m");
  if (!m || !m->is_string()) return std::nullopt;
  return EventRecord{{*ts, *seq}, OptInt(v.get_object(), "i").value_or(0), std::string(m->get_string())};
}

}  // namespace

LogStore::LogStore(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("logs")) {}

core::Result<std::optional<GroupRecord>> LogStore::GetGroup(std::string_view region,
                                                            std::string_view name) const {
  TARN_ASSIGN_OR_RETURN(auto raw, rocks_.Get(cf_, GroupKey(region, name)));
  if (!raw) return std::optional<GroupRecord>();
  auto group = GroupFromJson(*raw);
  if (!group) return Corrupt("log group " + std::string(name));
  return group;
}

core::Status LogStore::PutGroup(std::string_view region, const GroupRecord& group) {
  return rocks_.Put(cf_, GroupKey(region, group.name), GroupJson(group));
}

core::Result<std::vector<GroupRecord>> LogStore::ListGroups(std::string_view region,
                                                            std::string_view after) const {
  std::string prefix = KeyBuilder().Byte('g').String(region).Take();
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
  if (after.empty()) {
    it.SeekToFirst();
  } else {
    it.Seek(GroupKey(region, after) + '\0');  // strictly after
  }
  std::vector<GroupRecord> out;
  for (; it.Valid(); it.Next()) {
    auto group = GroupFromJson(it.value());
    if (!group) return Corrupt("log group list");
    if (!after.empty() && group->name <= after) continue;
    out.push_back(std::move(*group));
  }
  TARN_TRY(it.status());
  return out;
}

core::Status LogStore::DeleteGroup(std::string_view region, std::string_view name) {
  storage::WriteBatch batch;
  batch.Delete(cf_, GroupKey(region, name));
  std::string streams = StreamPrefix(region, name);
  std::string events = GroupEventsPrefix(region, name);
  batch.DeleteRange(cf_, streams, *storage::PrefixSuccessor(streams));
  batch.DeleteRange(cf_, events, *storage::PrefixSuccessor(events));
  return rocks_.Write(batch);
}

core::Result<std::optional<StreamRecord>> LogStore::GetStream(std::string_view region, std::string_view group,
                                                              std::string_view name) const {
  TARN_ASSIGN_OR_RETURN(auto raw, rocks_.Get(cf_, StreamKey(region, group, name)));
  if (!raw) return std::optional<StreamRecord>();
  auto stream = StreamFromJson(*raw);
  if (!stream) return Corrupt("log stream " + std::string(name));
  return stream;
}

core::Status LogStore::PutStream(std::string_view region, std::string_view group,
                                 const StreamRecord& stream) {
  return rocks_.Put(cf_, StreamKey(region, group, stream.name), StreamJson(stream));
}

core::Result<std::vector<StreamRecord>> LogStore::ListStreams(std::string_view region,
                                                              std::string_view group) const {
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(StreamPrefix(region, group)));
  std::vector<StreamRecord> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto stream = StreamFromJson(it.value());
    if (!stream) return Corrupt("log stream list");
    out.push_back(std::move(*stream));
  }
  TARN_TRY(it.status());
  return out;
}

core::Status LogStore::DeleteStream(std::string_view region, std::string_view group, std::string_view name) {
  storage::WriteBatch batch;
  batch.Delete(cf_, StreamKey(region, group, name));
  std::string events = EventPrefix(region, group, name);
  batch.DeleteRange(cf_, events, *storage::PrefixSuccessor(events));
  return rocks_.Write(batch);
}

core::Status LogStore::Append(std::string_view region, std::string_view group, const StreamRecord& stream,
                              const std::vector<EventRecord>& events) {
  storage::WriteBatch batch;
  std::string prefix = EventPrefix(region, group, stream.name);
  for (const auto& e : events) {
    json::object value{{"i", e.ingestion_time}, {"m", e.message}};
    batch.Put(cf_, EventKey(prefix, e.position), json::serialize(value));
  }
  batch.Put(cf_, StreamKey(region, group, stream.name), StreamJson(stream));
  return rocks_.Write(batch);
}

namespace {

// The walk both read directions share: events in [from, to), nearest the start (forward) or the end
// (backward) first, until `limit` or `max_bytes`; returned in ascending order either way.
core::Result<std::vector<EventRecord>> ReadEvents(const storage::Rocks& rocks,
                                                  const storage::ColumnFamily& cf, const std::string& prefix,
                                                  EventPosition from, EventPosition to, size_t limit,
                                                  size_t max_bytes, bool backward) {
  storage::IteratorOptions options;
  options.lower_bound = EventKey(prefix, from);
  options.upper_bound = EventKey(prefix, to);
  auto it = rocks.NewIterator(cf, options);
  std::vector<EventRecord> out;
  size_t bytes = 0;
  for (backward ? it.SeekToLast() : it.SeekToFirst(); it.Valid() && out.size() < limit;
       backward ? it.Prev() : it.Next()) {
    auto event = EventFromEntry(prefix, it.key(), it.value());
    if (!event) return Corrupt("log event");
    bytes += event->message.size() + 26;
    if (!out.empty() && bytes > max_bytes) break;
    out.push_back(std::move(*event));
  }
  TARN_TRY(it.status());
  if (backward) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

core::Result<std::vector<EventRecord>> LogStore::ReadForward(std::string_view region, std::string_view group,
                                                             std::string_view stream, EventPosition from,
                                                             EventPosition to, size_t limit,
                                                             size_t max_bytes) const {
  return ReadEvents(rocks_, cf_, EventPrefix(region, group, stream), from, to, limit, max_bytes, false);
}

core::Result<std::vector<EventRecord>> LogStore::ReadBackward(std::string_view region, std::string_view group,
                                                              std::string_view stream, EventPosition from,
                                                              EventPosition to, size_t limit,
                                                              size_t max_bytes) const {
  return ReadEvents(rocks_, cf_, EventPrefix(region, group, stream), from, to, limit, max_bytes, true);
}

core::Status LogStore::DeleteEventsBefore(std::string_view region, std::string_view group,
                                          std::string_view stream, int64_t cutoff) {
  std::string prefix = EventPrefix(region, group, stream);
  storage::WriteBatch batch;
  batch.DeleteRange(cf_, EventKey(prefix, {std::numeric_limits<int64_t>::min(), 0}),
                    EventKey(prefix, {cutoff, 0}));
  return rocks_.Write(batch);
}

core::Result<std::vector<std::string>> LogStore::Regions() const {
  std::vector<std::string> out;
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix("g"));
  it.SeekToFirst();
  while (it.Valid()) {
    storage::KeyReader reader(it.key().substr(1));
    auto region = reader.String();
    if (!region) return Corrupt("log group key");
    out.push_back(*region);
    std::string next = KeyBuilder().Byte('g').String(*region).Take();
    auto after = storage::PrefixSuccessor(next);
    if (!after) break;
    it.Seek(*after);
  }
  TARN_TRY(it.status());
  return out;
}

core::Result<uint64_t> LogStore::NextSequence() {
  if (next_sequence_ >= reserved_until_) {
    if (reserved_until_ == 0) {
      TARN_ASSIGN_OR_RETURN(auto raw, rocks_.Get(cf_, "q"));
      if (raw) {
        auto end = storage::DecodeUint64(*raw);
        if (!end) return Corrupt("sequence block");
        next_sequence_ = *end;
      }
      next_sequence_ = std::max<uint64_t>(next_sequence_, 1);
    }
    uint64_t end = next_sequence_ + kSequenceBlock;
    TARN_TRY(rocks_.Put(cf_, "q", storage::EncodeUint64(end)));
    reserved_until_ = end;
  }
  return next_sequence_++;
}

}  // namespace tarn::logs
