// The ClientRequestToken table (client_tokens.h).
#include "dynamodb/client_tokens.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/log.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr uint8_t kTokenTag = 'K';

std::string RecordKey(const std::string& scope, const std::string& token) {
  return storage::KeyBuilder().Byte(kTokenTag).String(scope).String(token).Take();
}

int64_t EpochMillis(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

core::Status ClientTokens::Load(core::TimePoint now) {
  std::lock_guard lock(mu_);
  storage::WriteBatch expired;
  std::vector<std::pair<core::TimePoint, std::string>> live;
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(std::string(1, char(kTokenTag))));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    boost::system::error_code ec;
    json::value record = json::parse(it.value(), ec);
    const json::object* o = ec ? nullptr : record.if_object();
    const json::value* expires = o ? o->if_contains("expires") : nullptr;
    if (!o || !expires || !expires->is_int64() || !o->contains("request") || !o->at("request").is_string() ||
        !o->contains("output") || !o->at("output").is_object()) {
      log::warn("dynamodb: dropping an unreadable client token record");
      expired.Delete(cf_, it.key());
      continue;
    }
    core::TimePoint at{std::chrono::milliseconds(expires->as_int64())};
    if (at <= now) {
      expired.Delete(cf_, it.key());
      continue;
    }
    Entry& entry = entries_[std::string(it.key())];
    entry.request = std::string(o->at("request").as_string());
    entry.done = true;
    entry.output = o->at("output").as_object();
    entry.expires = at;
    live.emplace_back(at, std::string(it.key()));
  }
  TARN_TRY(it.status());
  std::sort(live.begin(), live.end());
  for (auto& e : live) expiry_.push_back(std::move(e));
  return rocks_.Write(expired);
}

void ClientTokens::Expire(core::TimePoint now) {
  storage::WriteBatch gone;
  while (!expiry_.empty() && expiry_.front().first <= now) {
    auto found = entries_.find(expiry_.front().second);
    // A token re-used after expiry has a later entry: only the entry that expires now goes.
    if (found != entries_.end() && found->second.done && found->second.expires <= now) {
      gone.Delete(cf_, found->first);
      entries_.erase(found);
    }
    expiry_.pop_front();
  }
  // Under mu_, so a token re-used right now cannot have its new record deleted by this batch. A
  // failure only leaves records that the next Load drops.
  if (auto deleted = rocks_.Write(gone); !deleted.ok())
    log::warn("dynamodb: deleting expired client tokens: {}", deleted.error().message);
}

ClientTokens::Lookup ClientTokens::Begin(const std::string& scope, const std::string& token,
                                         const std::string& request, core::TimePoint now) {
  std::lock_guard lock(mu_);
  Expire(now);
  std::string key = RecordKey(scope, token);
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    entries_[key].request = request;
    return {};
  }
  const Entry& entry = found->second;
  if (entry.request != request) return {State::kMismatch, {}};
  if (!entry.done) return {State::kInProgress, {}};
  return {State::kReplay, entry.output};
}

void ClientTokens::StageComplete(const std::string& scope, const std::string& token,
                                 const std::string& request, const boost::json::object& output,
                                 core::TimePoint now, storage::WriteBatch& batch) const {
  json::object record;
  record["request"] = request;
  record["output"] = output;
  record["expires"] = EpochMillis(now + kClientTokenLifetime);
  batch.Put(cf_, RecordKey(scope, token), json::serialize(record));
}

void ClientTokens::Complete(const std::string& scope, const std::string& token, boost::json::object output,
                            core::TimePoint now) {
  std::lock_guard lock(mu_);
  std::string key = RecordKey(scope, token);
  Entry& entry = entries_[key];
  entry.done = true;
  entry.output = std::move(output);
  entry.expires = now + kClientTokenLifetime;
  expiry_.emplace_back(entry.expires, key);
}

void ClientTokens::Abandon(const std::string& scope, const std::string& token) {
  std::lock_guard lock(mu_);
  auto found = entries_.find(RecordKey(scope, token));
  if (found != entries_.end() && !found->second.done) entries_.erase(found);
}

size_t ClientTokens::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace tarn::dynamodb
