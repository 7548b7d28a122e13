// Store: load, lookups, staged writes and the compiled-policy cache (store.h).
#include "iam/store.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <mutex>

#include "core/log.h"
#include "core/principal.h"
#include "storage/key_codec.h"

namespace tarn::iam {
namespace {

// docs/storage-formats.md "iam": <tag byte> <account: string> <name: string>, or <tag> <arn|id>.
constexpr uint8_t kUserTag = 'u';
constexpr uint8_t kGroupTag = 'g';
constexpr uint8_t kRoleTag = 'r';
constexpr uint8_t kPolicyTag = 'p';
constexpr uint8_t kKeyTag = 'k';
constexpr uint8_t kDocumentTag = 'd';  // <tag> <account> <kind> <folded name> -> JSON
constexpr storage::FormatVersion kIamFormat{1, 0};

std::string NamedKey(uint8_t tag, std::string_view name) {
  return storage::KeyBuilder().Byte(tag).String(core::kDefaultAccountId).String(Fold(name)).Take();
}

std::string IdKey(uint8_t tag, std::string_view id) {
  return storage::KeyBuilder().Byte(tag).String(id).Take();
}

std::string DocumentKey(std::string_view kind, std::string_view name) {
  return storage::KeyBuilder()
      .Byte(kDocumentTag)
      .String(core::kDefaultAccountId)
      .String(kind)
      .String(Fold(name))
      .Take();
}

core::AwsError Unreadable(std::string_view what) {
  log::error("iam: unreadable {} record in the database", what);
  return core::InternalFailure("unreadable IAM " + std::string(what) + " record");
}

}  // namespace

std::string Fold(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string RoleNameOf(std::string_view arn) {
  auto colon = arn.rfind(':');
  if (colon == std::string_view::npos) return "";
  std::string_view resource = arn.substr(colon + 1);
  if (!resource.starts_with("role/")) return "";
  return std::string(resource.substr(resource.rfind('/') + 1));
}

Store::Store(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("iam")) {}

core::Result<std::unique_ptr<Store>> Store::Open(storage::Rocks& rocks,
                                                 std::vector<ManagedPolicy> aws_managed) {
  TARN_TRY(rocks.CheckFormatVersion("iam", kIamFormat));
  std::unique_ptr<Store> store(new Store(rocks));
  for (auto& p : aws_managed) {
    std::string arn = p.arn;
    store->policies.emplace(std::move(arn), std::move(p));
  }
  TARN_TRY(store->Load());
  return store;
}

core::Status Store::Load() {
  storage::Iterator it = rocks_.NewIterator(cf_);
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    std::string_view key = it.key(), value = it.value();
    if (key.empty()) continue;
    switch (static_cast<uint8_t>(key[0])) {
      case kUserTag: {
        auto u = UserFromRecord(value);
        if (!u) return Unreadable("user");
        std::string k = Fold(u->name);
        users.emplace(std::move(k), std::move(*u));
        break;
      }
      case kGroupTag: {
        auto g = GroupFromRecord(value);
        if (!g) return Unreadable("group");
        std::string k = Fold(g->name);
        groups.emplace(std::move(k), std::move(*g));
        break;
      }
      case kRoleTag: {
        auto r = RoleFromRecord(value);
        if (!r) return Unreadable("role");
        std::string k = Fold(r->name);
        roles.emplace(std::move(k), std::move(*r));
        break;
      }
      case kPolicyTag: {
        auto p = PolicyFromRecord(value);
        if (!p) return Unreadable("policy");
        std::string k = p->arn;
        policies.insert_or_assign(std::move(k), std::move(*p));
        break;
      }
      case kKeyTag: {
        auto k = AccessKeyFromRecord(value);
        if (!k) return Unreadable("access key");
        std::string id = k->id;
        keys.emplace(std::move(id), std::move(*k));
        break;
      }
      case kDocumentTag: {
        storage::KeyReader reader(key.substr(1));
        auto account = reader.String();
        auto kind = reader.String();
        auto name = reader.String();
        boost::system::error_code ec;
        boost::json::value doc = boost::json::parse(value, ec);
        if (!account || !kind || !name || ec || !doc.is_object()) return Unreadable("document");
        documents[*kind][*name] = std::move(doc.get_object());
        break;
      }
      default:
        break;
    }
  }
  return it.status();
}

User* Store::FindUser(std::string_view name) {
  auto it = users.find(Fold(name));
  return it == users.end() ? nullptr : &it->second;
}
Group* Store::FindGroup(std::string_view name) {
  auto it = groups.find(Fold(name));
  return it == groups.end() ? nullptr : &it->second;
}
Role* Store::FindRole(std::string_view name) {
  auto it = roles.find(Fold(name));
  return it == roles.end() ? nullptr : &it->second;
}
ManagedPolicy* Store::FindPolicy(std::string_view arn) {
  auto it = policies.find(std::string(arn));
  return it == policies.end() ? nullptr : &it->second;
}

std::vector<const Group*> Store::GroupsOf(std::string_view user_name) const {
  std::vector<const Group*> out;
  std::string folded = Fold(user_name);
  for (const auto& [_, g] : groups)
    for (const auto& m : g.members)
      if (Fold(m) == folded) {
        out.push_back(&g);
        break;
      }
  return out;
}

void Store::Stage(storage::WriteBatch& b, const User& u) {
  b.Put(cf_, NamedKey(kUserTag, u.name), ToRecord(u));
}
void Store::Stage(storage::WriteBatch& b, const Group& g) {
  b.Put(cf_, NamedKey(kGroupTag, g.name), ToRecord(g));
}
void Store::Stage(storage::WriteBatch& b, const Role& r) {
  b.Put(cf_, NamedKey(kRoleTag, r.name), ToRecord(r));
}
void Store::Stage(storage::WriteBatch& b, const ManagedPolicy& p) {
  b.Put(cf_, IdKey(kPolicyTag, p.arn), ToRecord(p));
}
void Store::Stage(storage::WriteBatch& b, const AccessKey& k) {
  b.Put(cf_, IdKey(kKeyTag, k.id), ToRecord(k));
}
void Store::StageDeleteUser(storage::WriteBatch& b, std::string_view name) {
  b.Delete(cf_, NamedKey(kUserTag, name));
}
void Store::StageDeleteGroup(storage::WriteBatch& b, std::string_view name) {
  b.Delete(cf_, NamedKey(kGroupTag, name));
}
void Store::StageDeleteRole(storage::WriteBatch& b, std::string_view name) {
  b.Delete(cf_, NamedKey(kRoleTag, name));
}
void Store::StageDeletePolicy(storage::WriteBatch& b, std::string_view arn) {
  b.Delete(cf_, IdKey(kPolicyTag, arn));
}
void Store::StageDeleteKey(storage::WriteBatch& b, std::string_view id) { b.Delete(cf_, IdKey(kKeyTag, id)); }

void Store::StageDocument(storage::WriteBatch& b, std::string_view kind, std::string_view name,
                          const boost::json::object& document) {
  b.Put(cf_, DocumentKey(kind, name), boost::json::serialize(document));
}
void Store::StageDeleteDocument(storage::WriteBatch& b, std::string_view kind, std::string_view name) {
  b.Delete(cf_, DocumentKey(kind, name));
}
core::Status Store::PutDocument(std::string_view kind, std::string_view name, boost::json::object document) {
  storage::WriteBatch batch;
  StageDocument(batch, kind, name, document);
  TARN_TRY(Commit(batch));
  documents[std::string(kind)][Fold(name)] = std::move(document);
  return core::Ok();
}
core::Status Store::EraseDocument(std::string_view kind, std::string_view name) {
  storage::WriteBatch batch;
  StageDeleteDocument(batch, kind, name);
  TARN_TRY(Commit(batch));
  documents[std::string(kind)].erase(Fold(name));
  return core::Ok();
}
const std::map<std::string, boost::json::object>& Store::DocumentsOf(std::string_view kind) const {
  static const std::map<std::string, boost::json::object> kNone;
  auto it = documents.find(std::string(kind));
  return it == documents.end() ? kNone : it->second;
}
boost::json::object* Store::FindDocument(std::string_view kind, std::string_view name) {
  auto k = documents.find(std::string(kind));
  if (k == documents.end()) return nullptr;
  auto it = k->second.find(Fold(name));
  return it == k->second.end() ? nullptr : &it->second;
}

core::Status Store::Commit(storage::WriteBatch& batch) {
  TARN_TRY(rocks_.Write(batch));
  // Bumped before the maps change: an entry built from the old state carries the old generation
  // and is never served again.
  generation_.fetch_add(1, std::memory_order_acq_rel);
  std::unique_lock lock(cache_mutex_);
  cache_.clear();
  return core::Ok();
}

void Store::AddPolicies(const Permissions& permissions, std::vector<policy::PolicyPtr>& out) const {
  for (const auto& [_, doc] : permissions.inline_policies) out.push_back(doc.compiled);
  for (const auto& arn : permissions.attached) {
    auto it = policies.find(arn);
    if (it == policies.end()) continue;
    if (const PolicyVersion* v = it->second.DefaultVersion()) out.push_back(v->document.compiled);
  }
}

policy::PolicyPtr Store::BoundaryOf(const std::string& arn) const {
  if (arn.empty()) return nullptr;
  auto it = policies.find(arn);
  if (it == policies.end()) return nullptr;
  const PolicyVersion* v = it->second.DefaultVersion();
  return v ? v->document.compiled : nullptr;
}

std::shared_ptr<const CompiledPrincipal> Store::BuildUser(const User& user) const {
  auto c = std::make_shared<CompiledPrincipal>();
  AddPolicies(user.permissions, c->policies.identity);
  for (const Group* g : GroupsOf(user.name)) AddPolicies(g->permissions, c->policies.identity);
  c->policies.boundary = BoundaryOf(user.boundary);
  c->tags = user.tags;
  c->arn = user.arn;
  c->id = user.id;
  c->name = user.name;
  return c;
}

std::shared_ptr<const CompiledPrincipal> Store::BuildRole(const Role& role) const {
  auto c = std::make_shared<CompiledPrincipal>();
  AddPolicies(role.permissions, c->policies.identity);
  c->policies.boundary = BoundaryOf(role.boundary);
  c->tags = role.tags;
  c->arn = role.arn;
  c->id = role.id;
  c->name = role.name;
  return c;
}

std::shared_ptr<const CompiledPrincipal> Store::Cached(const std::string& key) const {
  std::shared_lock lock(cache_mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end() || it->second.generation != generation()) return nullptr;
  return it->second.compiled;
}

void Store::Remember(const std::string& key, std::shared_ptr<const CompiledPrincipal> compiled,
                     uint64_t gen) const {
  std::unique_lock lock(cache_mutex_);
  if (gen != generation()) return;
  cache_.insert_or_assign(key, CacheEntry{gen, std::move(compiled)});
}

std::shared_ptr<const CompiledPrincipal> Store::PoliciesOfUser(std::string_view name) const {
  std::string key = "u:" + Fold(name);
  if (auto hit = Cached(key)) return hit;
  std::shared_lock lock(mutex_);
  auto it = users.find(Fold(name));
  if (it == users.end()) return nullptr;
  uint64_t gen = generation();
  auto built = BuildUser(it->second);
  Remember(key, built, gen);
  return built;
}

std::shared_ptr<const CompiledPrincipal> Store::PoliciesOfRole(std::string_view name) const {
  std::string key = "r:" + Fold(name);
  if (auto hit = Cached(key)) return hit;
  std::shared_lock lock(mutex_);
  auto it = roles.find(Fold(name));
  if (it == roles.end()) return nullptr;
  uint64_t gen = generation();
  auto built = BuildRole(it->second);
  Remember(key, built, gen);
  return built;
}

void Store::RecordKeyUse(std::string_view key_id, KeyLastUsed use) const {
  std::lock_guard lock(last_used_mutex_);
  last_used_.insert_or_assign(std::string(key_id), std::move(use));
}

std::optional<KeyLastUsed> Store::LastUse(std::string_view key_id) const {
  std::lock_guard lock(last_used_mutex_);
  auto it = last_used_.find(std::string(key_id));
  if (it == last_used_.end()) return std::nullopt;
  return it->second;
}

}  // namespace tarn::iam
