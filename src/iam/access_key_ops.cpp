// Implements: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html (and the pages of the others)
#include <mutex>
#include <shared_mutex>

#include "core/ids.h"
#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/store.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
constexpr size_t kMaxAccessKeysPerUser = 2;

// The user whose key UpdateAccessKey or DeleteAccessKey names: UserName, else the calling user. The
// account's root addresses its own keys, which are not IAM users' (so a user's key is not found); role
// sessions must name the user.
core::Result<std::string> KeyOwner(const net::Call& call) {
  std::string name = InputString(call, "UserName");
  if (!name.empty()) return name;
  const core::Principal& caller = call.context.principal;
  if (caller.type == core::Principal::Type::kUser) return caller.name;
  if (caller.type == core::Principal::Type::kRoot || caller.type == core::Principal::Type::kService)
    return NoSuchEntity("The Access Key with id " + InputString(call, "AccessKeyId") + " cannot be found.");
  return ValidationError("Must specify userName when calling with non-User credentials");
}

core::Result<AccessKey*> NeedKey(Store& store, std::string_view id, std::string_view user) {
  auto it = store.keys.find(std::string(id));
  if (it == store.keys.end() || (!user.empty() && Fold(it->second.user_name) != Fold(user)))
    return NoSuchEntity("The Access Key with id " + std::string(id) + " cannot be found.");
  return &it->second;
}

}  // namespace

core::Result<net::Output> Service::CreateAccessKey(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, NamedOrCallingUser(call));
  std::unique_lock lock(store_->mutex());
  const User* user = store_->FindUser(user_name);
  if (!user) return NoSuchNamedEntity("user", user_name);
  size_t count = 0;
  for (const auto& [_, k] : store_->keys)
    if (Fold(k.user_name) == Fold(user_name)) ++count;
  if (count >= kMaxAccessKeysPerUser)
    return LimitExceeded("Cannot exceed quota for AccessKeysPerUser: " +
                         std::to_string(kMaxAccessKeysPerUser));
  AccessKey key;
  key.id = core::NewAwsId("AKIA");
  key.secret = core::NewSecretAccessKey();
  key.user_name = user->name;
  key.create_date = Now();
  storage::WriteBatch batch;
  store_->Stage(batch, key);
  TARN_TRY(store_->Commit(batch));
  json::object shape = AccessKeyMetadataShape(key);
  shape["SecretAccessKey"] = key.secret;
  net::Output out;
  out.json["AccessKey"] = std::move(shape);
  std::string id = key.id;
  store_->keys.emplace(std::move(id), std::move(key));
  return out;
}

core::Result<net::Output> Service::ListAccessKeys(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, NamedOrCallingUser(call));
  std::shared_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  std::vector<std::string> ids;
  std::vector<const AccessKey*> keys;
  for (const auto& [id, k] : store_->keys) {
    if (Fold(k.user_name) != Fold(user_name)) continue;
    ids.push_back(id);
    keys.push_back(&k);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, ids));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(AccessKeyMetadataShape(*keys[i]));
  net::Output out;
  out.json["AccessKeyMetadata"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::UpdateAccessKey(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, KeyOwner(call));
  std::unique_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  TARN_ASSIGN_OR_RETURN(AccessKey * found, NeedKey(*store_, InputString(call, "AccessKeyId"), user_name));
  AccessKey key = *found;
  key.status = InputString(call, "Status");
  storage::WriteBatch batch;
  store_->Stage(batch, key);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(key);
  return net::Output{};
}

core::Result<net::Output> Service::DeleteAccessKey(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, KeyOwner(call));
  std::unique_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  TARN_ASSIGN_OR_RETURN(AccessKey * key, NeedKey(*store_, InputString(call, "AccessKeyId"), user_name));
  std::string id = key->id;
  storage::WriteBatch batch;
  store_->StageDeleteKey(batch, id);
  TARN_TRY(store_->Commit(batch));
  store_->keys.erase(id);
  return net::Output{};
}

core::Result<net::Output> Service::GetAccessKeyLastUsed(const net::Call& call) {
  std::string id = InputString(call, "AccessKeyId");
  std::shared_lock lock(store_->mutex());
  // IAM does not say whether a key exists: an unknown one is a refusal (test_access_key_errors, recorded).
  if (store_->keys.find(id) == store_->keys.end()) {
    return core::AwsError(
        "AccessDenied",
        "User: " + call.context.principal.arn +
            " is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key " + id,
        403);
  }
  TARN_ASSIGN_OR_RETURN(AccessKey * key, NeedKey(*store_, id, ""));
  json::object used;
  if (auto last = store_->LastUse(id)) {
    used["LastUsedDate"] = last->date;
    used["ServiceName"] = last->service;
    used["Region"] = last->region;
  } else {
    used["ServiceName"] = "N/A";
    used["Region"] = "N/A";
  }
  net::Output out;
  out.json["UserName"] = key->user_name;
  out.json["AccessKeyLastUsed"] = std::move(used);
  return out;
}

}  // namespace tarn::iam
