// Implements: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup,
// RemoveUserFromGroup, ListGroupsForUser.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html (and the pages of the others)
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

core::Result<Group*> NeedGroup(Store& store, std::string_view name) {
  Group* group = store.FindGroup(name);
  if (!group) return NoSuchNamedEntity("group", name);
  return group;
}

bool IsMember(const Group& group, std::string_view user) {
  for (const auto& m : group.members)
    if (Fold(m) == Fold(user)) return true;
  return false;
}

}  // namespace

core::Result<net::Output> Service::CreateGroup(const net::Call& call) {
  std::string name = InputString(call, "GroupName");
  std::unique_lock lock(store_->mutex());
  if (store_->FindGroup(name)) return EntityAlreadyExists("Group with name " + name + " already exists.");
  Group group;
  group.name = name;
  group.path = InputPath(call);
  group.id = core::NewUniqueId("AGPA");
  group.arn = IamArn("group", group.path, name);
  group.create_date = Now();
  storage::WriteBatch batch;
  store_->Stage(batch, group);
  TARN_TRY(store_->Commit(batch));
  net::Output out;
  out.json["Group"] = GroupShape(group);
  store_->groups.emplace(Fold(name), std::move(group));
  return out;
}

core::Result<net::Output> Service::GetGroup(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Group * group, NeedGroup(*store_, InputString(call, "GroupName")));
  std::vector<std::string> keys;
  std::vector<const User*> users;
  std::map<std::string, const User*> sorted;
  for (const auto& m : group->members)
    if (const User* u = store_->FindUser(m)) sorted.emplace(Fold(m), u);
  for (const auto& [k, u] : sorted) {
    keys.push_back(k);
    users.push_back(u);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(UserShape(*users[i], false));
  net::Output out;
  out.json["Group"] = GroupShape(*group);
  out.json["Users"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::ListGroups(const net::Call& call) {
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  std::vector<std::string> keys;
  std::vector<const Group*> groups;
  for (const auto& [key, group] : store_->groups) {
    if (!group.path.starts_with(prefix)) continue;
    keys.push_back(key);
    groups.push_back(&group);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(GroupShape(*groups[i]));
  net::Output out;
  out.json["Groups"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::DeleteGroup(const net::Call& call) {
  std::string name = InputString(call, "GroupName");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Group * group, NeedGroup(*store_, name));
  if (!group->members.empty())
    return DeleteConflict("Cannot delete entity, must remove users from group first.");
  if (!group->permissions.inline_policies.empty())
    return DeleteConflict("Cannot delete entity, must delete policies first.");
  if (!group->permissions.attached.empty())
    return DeleteConflict("Cannot delete entity, must detach all policies first.");
  storage::WriteBatch batch;
  store_->StageDeleteGroup(batch, group->name);
  TARN_TRY(store_->Commit(batch));
  store_->groups.erase(Fold(name));
  return net::Output{};
}

core::Result<net::Output> Service::AddUserToGroup(const net::Call& call) {
  std::string user_name = InputString(call, "UserName");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Group * found, NeedGroup(*store_, InputString(call, "GroupName")));
  const User* user = store_->FindUser(user_name);
  if (!user) return NoSuchNamedEntity("user", user_name);
  if (IsMember(*found, user_name)) return net::Output{};
  Group group = *found;
  group.members.push_back(user->name);
  storage::WriteBatch batch;
  store_->Stage(batch, group);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(group);
  return net::Output{};
}

core::Result<net::Output> Service::UpdateGroup(const net::Call& call) {
  std::string name = InputString(call, "GroupName");
  std::string new_name = InputString(call, "NewGroupName");
  std::string new_path = InputString(call, "NewPath");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Group * found, NeedGroup(*store_, name));
  Group group = *found;
  const bool renamed = !new_name.empty() && new_name != group.name;
  if (renamed && Fold(new_name) != Fold(group.name) && store_->FindGroup(new_name))
    return EntityAlreadyExists("Group with name " + new_name + " already exists.");
  const std::string old_name = group.name;
  if (renamed) group.name = new_name;
  if (!new_path.empty()) group.path = new_path;
  group.arn = IamArn("group", group.path, group.name);
  storage::WriteBatch batch;
  if (renamed) store_->StageDeleteGroup(batch, old_name);
  store_->Stage(batch, group);
  TARN_TRY(store_->Commit(batch));
  store_->groups.erase(Fold(old_name));
  store_->groups[Fold(group.name)] = std::move(group);
  return net::Output{};
}

core::Result<net::Output> Service::RemoveUserFromGroup(const net::Call& call) {
  std::string user_name = InputString(call, "UserName");
  std::unique_lock lock(store_->mutex());
  // The user is looked for first (test_remove_user_from_unknown_group, recorded).
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  TARN_ASSIGN_OR_RETURN(Group * found, NeedGroup(*store_, InputString(call, "GroupName")));
  if (!IsMember(*found, user_name)) return net::Output{};
  Group group = *found;
  std::erase_if(group.members, [&](const std::string& m) { return Fold(m) == Fold(user_name); });
  storage::WriteBatch batch;
  store_->Stage(batch, group);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(group);
  return net::Output{};
}

core::Result<net::Output> Service::ListGroupsForUser(const net::Call& call) {
  std::string user_name = InputString(call, "UserName");
  std::shared_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  std::vector<const Group*> groups = store_->GroupsOf(user_name);
  std::vector<std::string> keys;
  for (const Group* g : groups) keys.push_back(Fold(g->name));
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(GroupShape(*groups[i]));
  net::Output out;
  out.json["Groups"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

}  // namespace tarn::iam
