// Implements: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, DeleteRole,
// UpdateAssumeRolePolicy, TagRole, UntagRole, ListRoleTags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (and the pages of the others)
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

core::Result<Role*> NeedRole(Store& store, std::string_view name) {
  Role* role = store.FindRole(name);
  if (!role) return NoSuchNamedEntity("role", name);
  return role;
}

// Copies the role, applies change, commits and swaps the copy in.
template <class Change>
core::Status ChangeRole(Store& store, std::string_view name, Change&& change) {
  TARN_ASSIGN_OR_RETURN(Role * found, NeedRole(store, name));
  Role role = *found;
  TARN_TRY(change(role));
  storage::WriteBatch batch;
  store.Stage(batch, role);
  TARN_TRY(store.Commit(batch));
  *found = std::move(role);
  return core::Ok();
}

}  // namespace

core::Result<net::Output> Service::CreateRole(const net::Call& call) {
  std::string name = InputString(call, "RoleName");
  TARN_ASSIGN_OR_RETURN(Document trust, ParseDocument(InputString(call, "AssumeRolePolicyDocument"),
                                                      policy::PolicyKind::kTrust));
  std::unique_lock lock(store_->mutex());
  if (store_->FindRole(name)) return EntityAlreadyExists("Role with name " + name + " already exists.");
  Role role;
  role.name = name;
  role.path = InputPath(call);
  role.id = core::NewUniqueId("AROA");
  role.arn = IamArn("role", role.path, name);
  role.create_date = Now();
  role.description = InputString(call, "Description");
  role.max_session_duration = InputInt(call, "MaxSessionDuration").value_or(3600);
  role.trust = std::move(trust);
  TARN_TRY(MergeTags(role.tags, InputTags(call)));
  role.boundary = InputString(call, "PermissionsBoundary");
  if (!role.boundary.empty() && !IsPolicyArn(role.boundary))
    return InvalidInput("ARN " + role.boundary + " is not valid.");
  if (!role.boundary.empty() && !store_->FindPolicy(role.boundary))
    return NoSuchEntity("Scope ARN: " + role.boundary + " does not exist or is not attachable.");
  storage::WriteBatch batch;
  store_->Stage(batch, role);
  TARN_TRY(store_->Commit(batch));
  net::Output out;
  json::object shape = RoleShape(role, true);
  shape.erase("RoleLastUsed");
  // CreateRole's answer leaves the default out (AWS's, in LocalStack's test_sts.py recordings);
  // GetRole names it.
  if (!call.input.contains("MaxSessionDuration")) shape.erase("MaxSessionDuration");
  shape.erase("Description");  // as CreateRole answers (test_role_permissions_boundary_lifecycle, recorded)
  out.json["Role"] = std::move(shape);
  store_->roles.emplace(Fold(name), std::move(role));
  return out;
}

core::Result<net::Output> Service::GetRole(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Role * role, NeedRole(*store_, InputString(call, "RoleName")));
  net::Output out;
  out.json["Role"] = RoleShape(*role, true);
  return out;
}

core::Result<net::Output> Service::ListRoles(const net::Call& call) {
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  std::vector<std::string> keys;
  std::vector<const Role*> roles;
  for (const auto& [key, role] : store_->roles) {
    if (!role.path.starts_with(prefix)) continue;
    keys.push_back(key);
    roles.push_back(&role);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(RoleShape(*roles[i], false));
  net::Output out;
  out.json["Roles"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::UpdateRole(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeRole(*store_, InputString(call, "RoleName"), [&](Role& role) -> core::Status {
    if (call.input.contains("Description")) role.description = InputString(call, "Description");
    if (auto max = InputInt(call, "MaxSessionDuration")) role.max_session_duration = *max;
    return core::Ok();
  }));
  return net::Output{};
}

core::Result<net::Output> Service::UpdateRoleDescription(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeRole(*store_, InputString(call, "RoleName"), [&](Role& role) -> core::Status {
    role.description = InputString(call, "Description");
    return core::Ok();
  }));
  net::Output out;
  json::object shape = RoleShape(*store_->FindRole(InputString(call, "RoleName")), true);
  shape.erase("MaxSessionDuration");  // UpdateRoleDescription's answer has neither (test_update_role)
  shape.erase("RoleLastUsed");
  out.json["Role"] = std::move(shape);
  return out;
}

core::Result<net::Output> Service::DeleteRole(const net::Call& call) {
  std::string name = InputString(call, "RoleName");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Role * role, NeedRole(*store_, name));
  if (InInstanceProfile(*store_, role->name))
    return DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
  if (!role->permissions.attached.empty())
    return DeleteConflict("Cannot delete entity, must detach all policies first.");
  if (!role->permissions.inline_policies.empty())
    return DeleteConflict("Cannot delete entity, must delete policies first.");
  storage::WriteBatch batch;
  store_->StageDeleteRole(batch, role->name);
  TARN_TRY(store_->Commit(batch));
  store_->roles.erase(Fold(name));
  return net::Output{};
}

core::Result<net::Output> Service::UpdateAssumeRolePolicy(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(Document trust,
                        ParseDocument(InputString(call, "PolicyDocument"), policy::PolicyKind::kTrust));
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeRole(*store_, InputString(call, "RoleName"), [&](Role& role) -> core::Status {
    role.trust = trust;
    return core::Ok();
  }));
  return net::Output{};
}

core::Result<net::Output> Service::TagRole(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeRole(*store_, InputString(call, "RoleName"),
                      [&](Role& role) { return MergeTags(role.tags, InputTags(call)); }));
  return net::Output{};
}

core::Result<net::Output> Service::UntagRole(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeRole(*store_, InputString(call, "RoleName"), [&](Role& role) -> core::Status {
    return RemoveTags(role.tags, InputStrings(call, "TagKeys"));
  }));
  return net::Output{};
}

core::Result<net::Output> Service::ListRoleTags(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(Role * role, NeedRole(*store_, InputString(call, "RoleName")));
  net::Output out;
  out.json["Tags"] = TagsShape(role->tags);
  out.json["IsTruncated"] = false;
  return out;
}

}  // namespace tarn::iam
