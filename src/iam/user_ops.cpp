// Implements: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser, ListUserTags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html (and the pages of the others)
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

core::Result<User*> NeedUser(Store& store, std::string_view name) {
  User* user = store.FindUser(name);
  if (!user) return NoSuchNamedEntity("user", name);
  return user;
}

core::Status CheckBoundary(Store& store, std::string_view arn) {
  if (arn.empty()) return core::Ok();
  if (!IsPolicyArn(arn)) return InvalidInput("ARN " + std::string(arn) + " is not valid.");
  if (!store.FindPolicy(arn))
    return NoSuchEntity("Scope ARN: " + std::string(arn) + " does not exist or is not attachable.");
  return core::Ok();
}

}  // namespace

core::Result<net::Output> Service::CreateUser(const net::Call& call) {
  std::string name = InputString(call, "UserName");
  std::unique_lock lock(store_->mutex());
  if (store_->FindUser(name)) return EntityAlreadyExists("User with name " + name + " already exists.");
  User user;
  user.name = name;
  user.path = InputPath(call);
  user.id = core::NewUniqueId("AIDA");
  user.arn = IamArn("user", user.path, name);
  user.create_date = Now();
  TARN_TRY(MergeTags(user.tags, InputTags(call)));
  user.boundary = InputString(call, "PermissionsBoundary");
  TARN_TRY(CheckBoundary(*store_, user.boundary));
  storage::WriteBatch batch;
  store_->Stage(batch, user);
  TARN_TRY(store_->Commit(batch));
  net::Output out;
  out.json["User"] = UserShape(user, true);
  store_->users.emplace(Fold(name), std::move(user));
  return out;
}

core::Result<net::Output> Service::GetUser(const net::Call& call) {
  std::string name = InputString(call, "UserName");
  const core::Principal& caller = call.context.principal;
  net::Output out;
  if (name.empty()) {
    if (caller.type == core::Principal::Type::kRoot) {
      json::object root;
      root["UserId"] = caller.account_id;
      root["Arn"] = caller.arn;
      root["CreateDate"] = 0.0;
      root["Path"] = "/";
      out.json["User"] = std::move(root);
      return out;
    }
    if (caller.type != core::Principal::Type::kUser)
      return ValidationError("Must specify userName when calling with non-User credentials");
    name = caller.name;
  }
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(User * user, NeedUser(*store_, name));
  out.json["User"] = UserShape(*user, true);
  return out;
}

core::Result<net::Output> Service::ListUsers(const net::Call& call) {
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  std::vector<std::string> keys;
  std::vector<const User*> users;
  for (const auto& [key, user] : store_->users) {
    if (!user.path.starts_with(prefix)) continue;
    keys.push_back(key);
    users.push_back(&user);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(UserShape(*users[i], false));
  net::Output out;
  out.json["Users"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::UpdateUser(const net::Call& call) {
  std::string name = InputString(call, "UserName");
  std::string new_name = InputString(call, "NewUserName");
  std::string new_path = InputString(call, "NewPath");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(User * found, NeedUser(*store_, name));
  User user = *found;
  bool renamed = !new_name.empty() && new_name != user.name;
  if (renamed && Fold(new_name) != Fold(user.name) && store_->FindUser(new_name))
    return EntityAlreadyExists("User with name " + new_name + " already exists.");
  std::string old_name = user.name;
  if (renamed) user.name = new_name;
  if (!new_path.empty()) user.path = new_path;
  user.arn = IamArn("user", user.path, user.name);

  storage::WriteBatch batch;
  std::vector<Group> groups;
  std::vector<AccessKey> keys;
  if (renamed) {
    store_->StageDeleteUser(batch, old_name);
    for (const Group* g : store_->GroupsOf(old_name)) {
      Group changed = *g;
      for (auto& m : changed.members)
        if (Fold(m) == Fold(old_name)) m = user.name;
      store_->Stage(batch, changed);
      groups.push_back(std::move(changed));
    }
    for (const auto& [_, k] : store_->keys) {
      if (Fold(k.user_name) != Fold(old_name)) continue;
      AccessKey changed = k;
      changed.user_name = user.name;
      store_->Stage(batch, changed);
      keys.push_back(std::move(changed));
    }
  }
  store_->Stage(batch, user);
  TARN_TRY(store_->Commit(batch));
  for (auto& g : groups) store_->groups[Fold(g.name)] = std::move(g);
  for (auto& k : keys) store_->keys[k.id] = std::move(k);
  store_->users.erase(Fold(old_name));
  store_->users[Fold(user.name)] = std::move(user);
  return net::Output{};
}

core::Result<net::Output> Service::DeleteUser(const net::Call& call) {
  std::string name = InputString(call, "UserName");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(User * user, NeedUser(*store_, name));
  // IAM refuses to delete a user that still has attached things, naming the first it finds
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_manage.html#id_users_deleting_cli).
  if (store_->FindDocument("login-profile", user->name))
    return DeleteConflict("Cannot delete entity, must delete login profile first.");
  for (const auto& [_, k] : store_->keys)
    if (Fold(k.user_name) == Fold(user->name))
      return DeleteConflict("Cannot delete entity, must delete access keys first.");
  if (!store_->GroupsOf(user->name).empty())
    return DeleteConflict("Cannot delete entity, must remove users from group first.");
  if (!user->permissions.inline_policies.empty())
    return DeleteConflict("Cannot delete entity, must delete policies first.");
  if (!user->permissions.attached.empty())
    return DeleteConflict("Cannot delete entity, must detach all policies first.");
  storage::WriteBatch batch;
  store_->StageDeleteUser(batch, user->name);
  TARN_TRY(store_->Commit(batch));
  store_->users.erase(Fold(name));
  return net::Output{};
}

core::Result<net::Output> Service::TagUser(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(User * found, NeedUser(*store_, InputString(call, "UserName")));
  User user = *found;
  TARN_TRY(MergeTags(user.tags, InputTags(call)));
  storage::WriteBatch batch;
  store_->Stage(batch, user);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(user);
  return net::Output{};
}

core::Result<net::Output> Service::UntagUser(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(User * found, NeedUser(*store_, InputString(call, "UserName")));
  User user = *found;
  TARN_TRY(RemoveTags(user.tags, InputStrings(call, "TagKeys")));
  storage::WriteBatch batch;
  store_->Stage(batch, user);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(user);
  return net::Output{};
}

core::Result<net::Output> Service::ListUserTags(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(User * user, NeedUser(*store_, InputString(call, "UserName")));
  net::Output out;
  out.json["Tags"] = TagsShape(user->tags);
  out.json["IsTruncated"] = false;
  return out;
}

}  // namespace tarn::iam
