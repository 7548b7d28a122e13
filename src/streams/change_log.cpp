// ChangeLog: streams, shards and records in family "streams", and the sequence watermark.
#include "streams/change_log.h"

#include <boost/json.hpp>
#include <cinttypes>
#include <cstdio>

#include "core/aws_error.h"
#include "core/ids.h"
#include "core/log.h"
#include "storage/key_codec.h"

namespace tarn::streams {
namespace {

namespace json = boost::json;

constexpr uint8_t kStreamCounterTag = 'C';
constexpr uint8_t kIteratorKeyTag = 'K';
constexpr uint8_t kStreamTag = 'S';
constexpr uint8_t kShardTag = 'H';
constexpr uint8_t kRecordTag = 'R';
constexpr storage::FormatVersion kStoreVersion{1, 0};
constexpr size_t kIteratorKeyBytes = 32;

std::string StreamKey(uint64_t id) { return storage::KeyBuilder().Byte(kStreamTag).Uint64(id).Take(); }
std::string ShardKey(uint64_t stream, uint64_t index) {
  return storage::KeyBuilder().Byte(kShardTag).Uint64(stream).Uint64(index).Take();
}
std::string RecordPrefix(uint64_t stream) {
  return storage::KeyBuilder().Byte(kRecordTag).Uint64(stream).Take();
}
std::string ShardRecordPrefix(uint64_t stream, uint64_t shard) {
  return storage::KeyBuilder().Byte(kRecordTag).Uint64(stream).Uint64(shard).Take();
}

int64_t Int(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_int64()    ? v->get_int64()
         : v && v->is_uint64() ? static_cast<int64_t>(v->get_uint64())
                               : 0;
}
std::string Str(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// "shardId-" + 20 digits of the creation time in ms + "-" + 8 hex digits, as DynamoDB names shards.
std::string NewShardId(int64_t now_ms) {
  std::string rnd = core::RandomBytes(4);
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020" PRId64 "-%02x%02x%02x%02x", now_ms,
                static_cast<unsigned char>(rnd[0]), static_cast<unsigned char>(rnd[1]),
                static_cast<unsigned char>(rnd[2]), static_cast<unsigned char>(rnd[3]));
  return buf;
}

}  // namespace

struct ChangeLog::Stream {
  uint64_t id = 0;
  StreamSpec spec;
  int64_t created_ms = 0;
  mutable std::mutex mu;
  // Guarded by mu:
  bool enabled = true;
  int64_t disabled_ms = 0;
  std::vector<ShardState> shards;  // in lineage order; the last is open while enabled
  std::set<uint64_t> in_flight;
  uint64_t last_allocated = 0;
  uint64_t watermark = 0;

  void UpdateWatermark() { watermark = in_flight.empty() ? last_allocated : *in_flight.begin() - 1; }
  StreamView View() const {
    std::lock_guard lock(mu);
    return StreamView{id, spec, enabled, created_ms, shards, watermark};
  }
};

std::string FormatSequenceNumber(uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020" PRIu64, n);
  return buf;
}

std::string FormatApproximateCreationDateTime(int64_t epoch_seconds) {
  // Java's Double.toString: plain with ".0" below 10^7, else one digit, the rest without trailing
  // zeros (at least one), and the exponent.
  if (epoch_seconds < 10'000'000) return std::to_string(epoch_seconds) + ".0";
  std::string digits = std::to_string(epoch_seconds);
  std::string fraction = digits.substr(1);
  while (fraction.size() > 1 && fraction.back() == '0') fraction.pop_back();
  return digits.substr(0, 1) + "." + fraction + "E" + std::to_string(digits.size() - 1);
}

std::optional<uint64_t> ParseSequenceNumber(std::string_view s) {
  if (s.size() != 21 || s[0] != '1') return std::nullopt;
  uint64_t n = 0;
  for (char c : s.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (n > (UINT64_MAX - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

std::string ChangeLog::RecordKey(uint64_t stream_id, uint64_t shard_index, uint64_t sequence) {
  return storage::KeyBuilder().Byte(kRecordTag).Uint64(stream_id).Uint64(shard_index).Uint64(sequence).Take();
}

std::string ChangeLog::RecordValue(int64_t created_ms, std::string_view json_text) {
  std::string v = storage::EncodeInt64(created_ms);
  v.append(json_text);
  return v;
}

ChangeLog::ChangeLog(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("streams")) {}

core::Result<std::unique_ptr<ChangeLog>> ChangeLog::Open(storage::Rocks& rocks, int64_t now_ms) {
  TARN_TRY(rocks.CheckFormatVersion("streams", kStoreVersion));
  std::unique_ptr<ChangeLog> log(new ChangeLog(rocks));
  TARN_TRY(log->Load(now_ms));
  return log;
}

core::Status ChangeLog::Load(int64_t now_ms) {
  std::string key_key(1, static_cast<char>(kIteratorKeyTag));
  TARN_ASSIGN_OR_RETURN(auto secret, rocks_.Get(cf_, key_key));
  if (!secret) {
    secret = core::RandomBytes(kIteratorKeyBytes);
    TARN_TRY(rocks_.Put(cf_, key_key, *secret));
  }
  iterator_key_ = *secret;
  std::string counter_key(1, static_cast<char>(kStreamCounterTag));
  TARN_ASSIGN_OR_RETURN(auto counter, rocks_.Get(cf_, counter_key));
  if (counter) next_stream_id_ = storage::DecodeUint64(*counter).value_or(1);

  // Sequence numbers continue above everything stored, and above the clock in microseconds, so they
  // keep growing across restarts even after the trimmer deleted every record.
  uint64_t highest = static_cast<uint64_t>(now_ms) * 1000;
  auto sit = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(std::string(1, char(kStreamTag))));
  for (sit.SeekToFirst(); sit.Valid(); sit.Next()) {
    boost::system::error_code ec;
    json::value v = json::parse(sit.value(), ec);
    if (ec || !v.is_object()) return core::InternalFailure("unreadable stream record in family streams");
    const json::object& o = v.get_object();
    auto s = std::make_shared<Stream>();
    s->id = static_cast<uint64_t>(Int(o, "id"));
    s->spec.account_id = Str(o, "account");
    s->spec.region = Str(o, "region");
    s->spec.table_name = Str(o, "table");
    s->spec.stream_arn = Str(o, "arn");
    s->spec.stream_label = Str(o, "label");
    s->spec.view_type = Str(o, "view");
    if (const auto* ks = o.if_contains("key_schema"); ks && ks->is_array())
      s->spec.key_schema = ks->get_array();
    s->created_ms = Int(o, "created");
    s->enabled = o.contains("enabled") && o.at("enabled").is_bool() && o.at("enabled").get_bool();
    s->disabled_ms = Int(o, "disabled");
    streams_[s->id] = s;
    by_arn_[s->spec.stream_arn] = s->id;
  }
  TARN_TRY(sit.status());
  for (auto& [id, s] : streams_) {
    auto hit = rocks_.NewIterator(
        cf_, storage::IteratorOptions::Prefix(storage::KeyBuilder().Byte(kShardTag).Uint64(id).Take()));
    for (hit.SeekToFirst(); hit.Valid(); hit.Next()) {
      boost::system::error_code ec;
      json::value v = json::parse(hit.value(), ec);
      if (ec || !v.is_object()) return core::InternalFailure("unreadable shard record in family streams");
      const json::object& o = v.get_object();
      ShardState sh;
      sh.index = static_cast<uint64_t>(Int(o, "index"));
      sh.shard_id = Str(o, "id");
      sh.parent_shard_id = Str(o, "parent");
      sh.start = static_cast<uint64_t>(Int(o, "start"));
      if (o.contains("end")) sh.end = static_cast<uint64_t>(Int(o, "end"));
      sh.created_ms = Int(o, "created");
      sh.closed_ms = Int(o, "closed");
      sh.trimmed_through = static_cast<uint64_t>(Int(o, "trimmed"));
      highest = std::max({highest, sh.start, sh.end.value_or(0), sh.trimmed_through});
      s->shards.push_back(std::move(sh));
    }
    TARN_TRY(hit.status());
    // The last record of the stream (in its newest shard holding any) bounds the counter too.
    storage::IteratorOptions ro = storage::IteratorOptions::Prefix(RecordPrefix(id));
    auto rit = rocks_.NewIterator(cf_, ro);
    rit.SeekToLast();  // numbers grow with the shard index, so the stream's last key holds its highest
    if (rit.Valid()) {
      storage::KeyReader r(rit.key());
      r.Byte();
      r.Uint64();
      r.Uint64();
      auto seq = r.Uint64();
      if (seq) highest = std::max(highest, *seq);
    }
    TARN_TRY(rit.status());
  }
  next_sequence_ = highest + 1;
  // Every stored record is committed: the watermark starts at the top.
  for (auto& [id, s] : streams_) s->last_allocated = s->watermark = highest;
  return core::Ok();
}

core::Status ChangeLog::PutStream(storage::WriteBatch& batch, const Stream& s) const {
  json::object o{{"id", s.id},
                 {"account", s.spec.account_id},
                 {"region", s.spec.region},
                 {"table", s.spec.table_name},
                 {"arn", s.spec.stream_arn},
                 {"label", s.spec.stream_label},
                 {"view", s.spec.view_type},
                 {"key_schema", s.spec.key_schema},
                 {"created", s.created_ms},
                 {"enabled", s.enabled},
                 {"disabled", s.disabled_ms}};
  batch.Put(cf_, StreamKey(s.id), json::serialize(o));
  return core::Ok();
}

core::Status ChangeLog::PutShard(storage::WriteBatch& batch, const Stream& s, const ShardState& sh) const {
  json::object o{{"index", sh.index},
                 {"id", sh.shard_id},
                 {"parent", sh.parent_shard_id},
                 {"start", sh.start},
                 {"created", sh.created_ms},
                 {"closed", sh.closed_ms},
                 {"trimmed", sh.trimmed_through}};
  if (sh.end) o["end"] = *sh.end;
  batch.Put(cf_, ShardKey(s.id, sh.index), json::serialize(o));
  return core::Ok();
}

ShardState ChangeLog::NewShard(const Stream& s, std::string parent, int64_t now_ms) {
  ShardState sh;
  sh.index = s.shards.empty() ? 0 : s.shards.back().index + 1;
  sh.shard_id = NewShardId(now_ms);
  sh.parent_shard_id = std::move(parent);
  // A number of its own, so the range is non-empty and below every record the shard will hold.
  sh.start = next_sequence_.fetch_add(1);
  sh.created_ms = now_ms;
  return sh;
}

core::Status ChangeLog::Create(const StreamSpec& spec, int64_t now_ms) {
  std::unique_lock lock(mu_);
  if (by_arn_.contains(spec.stream_arn)) return core::Ok();
  auto s = std::make_shared<Stream>();
  s->id = next_stream_id_;
  s->spec = spec;
  s->created_ms = now_ms;
  ShardState shard = NewShard(*s, "", now_ms);
  s->shards.push_back(shard);
  s->last_allocated = s->watermark = shard.start;
  storage::WriteBatch batch;
  batch.Put(cf_, std::string(1, char(kStreamCounterTag)), storage::EncodeUint64(s->id + 1));
  TARN_TRY(PutStream(batch, *s));
  TARN_TRY(PutShard(batch, *s, shard));
  TARN_TRY(rocks_.Write(batch));
  ++next_stream_id_;
  streams_[s->id] = s;
  by_arn_[spec.stream_arn] = s->id;
  return core::Ok();
}

core::Status ChangeLog::Disable(std::string_view arn, int64_t now_ms) {
  auto s = Get(arn);
  if (!s) return core::Ok();
  std::lock_guard lock(s->mu);
  if (!s->enabled) return core::Ok();
  storage::WriteBatch batch;
  s->enabled = false;
  s->disabled_ms = now_ms;
  ShardState& open = s->shards.back();
  open.end = std::max(open.start, s->last_allocated);
  open.closed_ms = now_ms;
  TARN_TRY(PutStream(batch, *s));
  TARN_TRY(PutShard(batch, *s, open));
  return rocks_.Write(batch);
}

core::Status ChangeLog::Drop(std::string_view arn) {
  std::unique_lock lock(mu_);
  auto it = by_arn_.find(arn);
  if (it == by_arn_.end()) return core::Ok();
  uint64_t id = it->second;
  storage::WriteBatch batch;
  batch.Delete(cf_, StreamKey(id));
  std::string shards = storage::KeyBuilder().Byte(kShardTag).Uint64(id).Take();
  batch.DeleteRange(cf_, shards, *storage::PrefixSuccessor(shards));
  std::string records = RecordPrefix(id);
  batch.DeleteRange(cf_, records, *storage::PrefixSuccessor(records));
  TARN_TRY(rocks_.Write(batch));
  streams_.erase(id);
  by_arn_.erase(it);
  return core::Ok();
}

std::shared_ptr<ChangeLog::Stream> ChangeLog::Get(std::string_view arn) const {
  std::shared_lock lock(mu_);
  auto it = by_arn_.find(arn);
  if (it == by_arn_.end()) return nullptr;
  return streams_.at(it->second);
}

std::shared_ptr<ChangeLog::Stream> ChangeLog::GetById(uint64_t id) const {
  std::shared_lock lock(mu_);
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second;
}

core::Result<std::optional<Allocation>> ChangeLog::Allocate(std::string_view arn, int64_t now_ms,
                                                            int64_t shard_lifetime_ms) {
  auto s = Get(arn);
  if (!s) return std::optional<Allocation>();
  std::lock_guard lock(s->mu);
  if (!s->enabled) return std::optional<Allocation>();
  if (now_ms - s->shards.back().created_ms >= shard_lifetime_ms) {
    // Rollover: close the open shard after the last number it handed out and open its child. Rare
    // (once per shard_lifetime), so the extra write under the stream's lock costs nothing in practice.
    ShardState closed = s->shards.back();
    closed.end = std::max(closed.start, s->last_allocated);
    closed.closed_ms = now_ms;
    ShardState child = NewShard(*s, closed.shard_id, now_ms);
    storage::WriteBatch batch;
    TARN_TRY(PutShard(batch, *s, closed));
    TARN_TRY(PutShard(batch, *s, child));
    TARN_TRY(rocks_.Write(batch));
    s->shards.back() = closed;
    s->shards.push_back(child);
    s->last_allocated = std::max(s->last_allocated, child.start);
    s->UpdateWatermark();
  }
  Allocation a;
  a.stream_id = s->id;
  a.shard_index = s->shards.back().index;
  a.sequence = next_sequence_.fetch_add(1);
  a.view_type = s->spec.view_type;
  a.region = s->spec.region;
  s->in_flight.insert(a.sequence);
  s->last_allocated = a.sequence;
  return std::optional<Allocation>(std::move(a));
}

void ChangeLog::Finish(uint64_t stream_id, uint64_t sequence) {
  auto s = GetById(stream_id);
  if (!s) return;
  std::lock_guard lock(s->mu);
  s->in_flight.erase(sequence);
  s->UpdateWatermark();
}

std::optional<StreamView> ChangeLog::Find(std::string_view arn) const {
  auto s = Get(arn);
  if (!s) return std::nullopt;
  return s->View();
}

std::optional<StreamView> ChangeLog::FindById(uint64_t id) const {
  auto s = GetById(id);
  if (!s) return std::nullopt;
  return s->View();
}

std::optional<uint64_t> ChangeLog::IdOf(std::string_view arn) const {
  std::shared_lock lock(mu_);
  auto it = by_arn_.find(arn);
  if (it == by_arn_.end()) return std::nullopt;
  return it->second;
}

std::vector<StreamView> ChangeLog::List(std::string_view account_id, std::string_view region) const {
  std::vector<std::shared_ptr<Stream>> all;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, s] : streams_)
      if (s->spec.account_id == account_id && s->spec.region == region) all.push_back(s);
  }
  std::vector<StreamView> out;
  for (const auto& s : all) out.push_back(s->View());
  std::sort(out.begin(), out.end(), [](const StreamView& a, const StreamView& b) {
    return std::tie(a.spec.table_name, a.created_ms, a.id) < std::tie(b.spec.table_name, b.created_ms, b.id);
  });
  return out;
}

core::Status ChangeLog::ScanRaw(uint64_t stream_id, uint64_t shard_index, uint64_t from, uint64_t through,
                                const std::function<bool(const StoredRecord&)>& visit) const {
  if (from > through) return core::Ok();
  storage::IteratorOptions o;
  o.lower_bound = RecordKey(stream_id, shard_index, from);
  o.upper_bound = through == UINT64_MAX ? *storage::PrefixSuccessor(ShardRecordPrefix(stream_id, shard_index))
                                        : RecordKey(stream_id, shard_index, through + 1);
  auto it = rocks_.NewIterator(cf_, o);
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    storage::KeyReader r(it.key());
    r.Byte();
    r.Uint64();
    r.Uint64();
    auto seq = r.Uint64();
    std::string_view value = it.value();
    if (!seq || value.size() < 8) return core::InternalFailure("corrupt stream record in family streams");
    StoredRecord rec{*seq, storage::DecodeInt64(value.substr(0, 8)).value_or(0), value.substr(8)};
    if (!visit(rec)) break;
  }
  return it.status();
}

core::Status ChangeLog::Trim(int64_t cutoff_ms) {
  std::vector<std::shared_ptr<Stream>> all;
  {
    std::shared_lock lock(mu_);
    for (const auto& [id, s] : streams_) all.push_back(s);
  }
  for (const auto& s : all) {
    StreamView view = s->View();
    for (const ShardState& shard : view.shards) {
      // Records are in creation order within a shard: trim the prefix older than the cutoff.
      uint64_t trimmed = shard.trimmed_through;
      TARN_TRY(
          Scan(s->id, shard.index, shard.trimmed_through + 1, view.watermark, [&](const StoredRecord& r) {
            if (r.created_ms >= cutoff_ms) return false;
            trimmed = r.sequence;
            return true;
          }));
      bool drained = shard.end && shard.closed_ms < cutoff_ms;
      if (trimmed == shard.trimmed_through && !drained) continue;
      std::lock_guard lock(s->mu);
      ShardState* live = nullptr;
      for (auto& sh : s->shards)
        if (sh.index == shard.index) live = &sh;
      if (!live) continue;
      storage::WriteBatch batch;
      batch.DeleteRange(cf_, RecordKey(s->id, shard.index, 0), RecordKey(s->id, shard.index, trimmed + 1));
      live->trimmed_through = std::max(live->trimmed_through, trimmed);
      // A closed shard whose records are all older than the retention is gone, as on DynamoDB.
      bool remove = drained;
      if (remove) {
        bool empty = true;
        TARN_TRY(Scan(s->id, shard.index, trimmed + 1, UINT64_MAX, [&](const StoredRecord&) {
          empty = false;
          return false;
        }));
        remove = empty;
      }
      if (remove) {
        batch.Delete(cf_, ShardKey(s->id, shard.index));
      } else {
        TARN_TRY(PutShard(batch, *s, *live));
      }
      TARN_TRY(rocks_.Write(batch));
      if (remove) std::erase_if(s->shards, [&](const ShardState& sh) { return sh.index == shard.index; });
    }
    bool gone = false;
    {
      std::lock_guard lock(s->mu);
      gone = !s->enabled && s->shards.empty() && s->disabled_ms < cutoff_ms;
    }
    if (gone) TARN_TRY(Drop(s->spec.stream_arn));
  }
  return core::Ok();
}

}  // namespace tarn::streams
