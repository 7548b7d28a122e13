// SessionStore: STS temporary credentials in family "sts" (session_store.h).
#include "iam/session_store.h"

#include <boost/json.hpp>
#include <mutex>

#include "core/log.h"
#include "core/time_format.h"
#include "storage/key_codec.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

constexpr uint8_t kSessionTag = 's';
constexpr storage::FormatVersion kStsFormat{1, 0};

std::string SessionKey(std::string_view access_key_id) {
  return storage::KeyBuilder().Byte(kSessionTag).String(access_key_id).Take();
}

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string ToRecord(const Session& s) {
  json::object o;
  o["access_key_id"] = s.access_key_id;
  o["secret"] = s.secret_access_key;
  o["token"] = s.session_token;
  o["expiration"] = core::ToEpochSeconds(s.expiration);
  o["type"] = s.principal.type == core::Principal::Type::kAssumedRole ? "assumed-role"
              : s.principal.type == core::Principal::Type::kRoot      ? "root"
                                                                      : "user";
  o["account"] = s.principal.account_id;
  o["arn"] = s.principal.arn;
  o["user_id"] = s.principal.user_id;
  o["name"] = s.principal.name;
  o["session_name"] = s.principal.session_name;
  o["policy"] = s.policy.text;
  json::array tags;
  for (const auto& [k, v] : s.tags) tags.push_back(json::array{json::string(k), json::string(v)});
  o["tags"] = std::move(tags);
  return json::serialize(o);
}

std::optional<Session> FromRecord(std::string_view record) {
  boost::system::error_code ec;
  json::value v = json::parse(record, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  Session s;
  s.access_key_id = Str(o, "access_key_id");
  s.secret_access_key = Str(o, "secret");
  s.session_token = Str(o, "token");
  const auto* exp = o.if_contains("expiration");
  if (!exp || !exp->is_number()) return std::nullopt;
  s.expiration = core::FromEpochSeconds(exp->to_number<double>());
  std::string type = Str(o, "type");
  s.principal.type = type == "assumed-role" ? core::Principal::Type::kAssumedRole
                     : type == "root"       ? core::Principal::Type::kRoot
                                            : core::Principal::Type::kUser;
  s.principal.account_id = Str(o, "account");
  s.principal.arn = Str(o, "arn");
  s.principal.user_id = Str(o, "user_id");
  s.principal.name = Str(o, "name");
  s.principal.session_name = Str(o, "session_name");
  s.policy.text = Str(o, "policy");
  if (!s.policy.text.empty()) {
    auto compiled = policy::Policy::Parse(s.policy.text, policy::PolicyKind::kIdentity);
    if (!compiled.ok()) return std::nullopt;
    s.policy.compiled = std::move(compiled).value();
  }
  if (const auto* tags = o.if_contains("tags"); tags && tags->is_array())
    for (const auto& t : tags->get_array())
      if (t.is_array() && t.get_array().size() == 2 && t.get_array()[0].is_string() &&
          t.get_array()[1].is_string())
        s.tags.emplace_back(std::string(t.get_array()[0].get_string()),
                            std::string(t.get_array()[1].get_string()));
  if (s.access_key_id.empty() || s.session_token.empty()) return std::nullopt;
  return s;
}

}  // namespace

SessionStore::SessionStore(storage::Rocks& rocks, const core::Clock& clock)
    : rocks_(rocks), clock_(clock), cf_(rocks.Cf("sts")) {}

core::Result<std::unique_ptr<SessionStore>> SessionStore::Open(storage::Rocks& rocks,
                                                               const core::Clock& clock) {
  TARN_TRY(rocks.CheckFormatVersion("sts", kStsFormat));
  std::unique_ptr<SessionStore> store(new SessionStore(rocks, clock));
  storage::WriteBatch sweep;
  core::TimePoint cutoff = clock.Now() - kExpiredRetention;
  storage::Iterator it = rocks.NewIterator(store->cf_);
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto session = FromRecord(it.value());
    if (!session) {
      log::warn("sts: dropping an unreadable temporary credential record");
      sweep.Delete(store->cf_, it.key());
      continue;
    }
    if (session->expiration < cutoff) {
      sweep.Delete(store->cf_, it.key());
      continue;
    }
    std::string id = session->access_key_id;
    store->sessions_.emplace(std::move(id), std::make_shared<const Session>(std::move(*session)));
  }
  TARN_TRY(it.status());
  if (!sweep.empty()) TARN_TRY(rocks.Write(sweep));
  return store;
}

core::Status SessionStore::Add(Session session) {
  std::unique_lock lock(mutex_);
  storage::WriteBatch batch;
  core::TimePoint cutoff = clock_.Now() - kExpiredRetention;
  std::vector<std::string> swept;
  for (const auto& [id, s] : sessions_) {
    if (s->expiration < cutoff) {
      batch.Delete(cf_, SessionKey(id));
      swept.push_back(id);
    }
  }
  batch.Put(cf_, SessionKey(session.access_key_id), ToRecord(session));
  TARN_TRY(rocks_.Write(batch));
  for (const auto& id : swept) sessions_.erase(id);
  std::string id = session.access_key_id;
  sessions_.insert_or_assign(std::move(id), std::make_shared<const Session>(std::move(session)));
  return core::Ok();
}

std::shared_ptr<const Session> SessionStore::Find(std::string_view access_key_id) const {
  std::shared_lock lock(mutex_);
  auto it = sessions_.find(access_key_id);
  return it == sessions_.end() ? nullptr : it->second;
}

size_t SessionStore::size() const {
  std::shared_lock lock(mutex_);
  return sessions_.size();
}

}  // namespace tarn::iam
