// Implements: CreateInstanceProfile, GetInstanceProfile, DeleteInstanceProfile, ListInstanceProfiles,
// AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole,
// TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html (and the pages of the
// others). tarn runs no EC2 instances: a profile is kept and described as IAM does, for templates and
// tools that create them alongside their roles.
#include <boost/json/value_to.hpp>
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

constexpr std::string_view kKind = "instance-profile";
// "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1": a profile holds one role.
constexpr size_t kMaxRolesPerProfile = 1;

core::Result<json::object*> NeedProfile(Store& store, std::string_view name) {
  json::object* profile = store.FindDocument(kKind, name);
  if (!profile) return NoSuchEntity("Instance Profile " + std::string(name) + " cannot be found.");
  return profile;
}

std::vector<std::string> RoleNames(const json::object& profile) {
  std::vector<std::string> names;
  if (const auto* roles = profile.if_contains("role_names"); roles && roles->is_array())
    for (const auto& r : roles->get_array())
      if (r.is_string()) names.emplace_back(r.get_string());
  return names;
}

// The InstanceProfile shape: the stored fields and the roles it holds, as they are now.
json::object ProfileShape(Store& store, const json::object& profile, bool with_tags) {
  json::object shape;
  for (const char* field : {"Path", "InstanceProfileName", "InstanceProfileId", "Arn", "CreateDate"})
    if (const auto* v = profile.if_contains(field)) shape[field] = *v;
  json::array roles;
  for (const std::string& name : RoleNames(profile))
    if (const Role* role = store.FindRole(name)) {
      json::object shape = RoleShape(*role, false);
      shape.erase("MaxSessionDuration");  // as IAM lists a profile's roles
      roles.push_back(std::move(shape));
    }
  shape["Roles"] = std::move(roles);
  if (with_tags) shape["Tags"] = TagsShape(TagsOf(profile));
  return shape;
}

// One MaxItems page of the profiles `wanted` picks, in name order (ListInstanceProfiles[ForRole]).
template <class Wanted>
core::Result<net::Output> ProfilesPage(Store& store, const net::Call& call, Wanted&& wanted) {
  std::vector<std::string> keys;
  std::vector<const json::object*> profiles;
  for (const auto& [key, profile] : store.DocumentsOf(kKind)) {
    if (!wanted(profile)) continue;
    keys.push_back(key);
    profiles.push_back(&profile);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(ProfileShape(store, *profiles[i], false));
  net::Output out;
  out.json["InstanceProfiles"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

// Applies `change` to a copy of the named profile and stores it.
template <class Change>
core::Status ChangeProfile(Store& store, const std::string& name, Change&& change) {
  TARN_ASSIGN_OR_RETURN(json::object * found, NeedProfile(store, name));
  json::object profile = *found;
  TARN_TRY(change(profile));
  return store.PutDocument(kKind, name, std::move(profile));
}

}  // namespace

core::Result<net::Output> Service::CreateInstanceProfile(const net::Call& call) {
  std::string name = InputString(call, "InstanceProfileName");
  std::string path = InputPath(call);
  Tags tags;
  TARN_TRY(MergeTags(tags, InputTags(call)));
  std::unique_lock lock(store_->mutex());
  if (store_->FindDocument(kKind, name))
    return EntityAlreadyExists("Instance Profile " + name + " already exists.");
  json::object profile;
  profile["Path"] = path;
  profile["InstanceProfileName"] = name;
  profile["InstanceProfileId"] = core::NewUniqueId("AIPA");
  profile["Arn"] = IamArn("instance-profile", path, name);
  profile["CreateDate"] = Now();
  profile["role_names"] = json::array();
  if (!tags.empty()) profile["Tags"] = TagsShape(tags);
  TARN_TRY(store_->PutDocument(kKind, name, profile));
  net::Output out;
  out.json["InstanceProfile"] = ProfileShape(*store_, profile, true);
  return out;
}

core::Result<net::Output> Service::GetInstanceProfile(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(json::object * profile,
                        NeedProfile(*store_, InputString(call, "InstanceProfileName")));
  net::Output out;
  out.json["InstanceProfile"] = ProfileShape(*store_, *profile, true);
  return out;
}

core::Result<net::Output> Service::DeleteInstanceProfile(const net::Call& call) {
  std::string name = InputString(call, "InstanceProfileName");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(json::object * profile, NeedProfile(*store_, name));
  if (!RoleNames(*profile).empty())
    return DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
  TARN_TRY(store_->EraseDocument(kKind, name));
  return net::Output{};
}

core::Result<net::Output> Service::ListInstanceProfiles(const net::Call& call) {
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  return ProfilesPage(*store_, call, [&](const json::object& profile) {
    const auto* path = profile.if_contains("Path");
    return path && path->is_string() && std::string_view(path->get_string()).starts_with(prefix);
  });
}

core::Result<net::Output> Service::ListInstanceProfilesForRole(const net::Call& call) {
  std::string role_name = InputString(call, "RoleName");
  std::shared_lock lock(store_->mutex());
  if (!store_->FindRole(role_name)) return NoSuchNamedEntity("role", role_name);
  return ProfilesPage(*store_, call, [&](const json::object& profile) {
    for (const std::string& r : RoleNames(profile))
      if (Fold(r) == Fold(role_name)) return true;
    return false;
  });
}

core::Result<net::Output> Service::AddRoleToInstanceProfile(const net::Call& call) {
  std::string role_name = InputString(call, "RoleName");
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProfile(
      *store_, InputString(call, "InstanceProfileName"), [&](json::object& profile) -> core::Status {
        const Role* role = store_->FindRole(role_name);
        if (!role) return NoSuchNamedEntity("role", role_name);
        if (RoleNames(profile).size() >= kMaxRolesPerProfile)
          return LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: " +
                               std::to_string(kMaxRolesPerProfile));
        profile["role_names"] = json::array{json::value(role->name)};
        return core::Ok();
      }));
  return net::Output{};
}

core::Result<net::Output> Service::RemoveRoleFromInstanceProfile(const net::Call& call) {
  std::string name = InputString(call, "InstanceProfileName");
  std::string role_name = InputString(call, "RoleName");
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProfile(*store_, name, [&](json::object& profile) -> core::Status {
    if (!store_->FindRole(role_name)) return NoSuchNamedEntity("role", role_name);
    json::array kept;
    bool removed = false;
    for (const std::string& r : RoleNames(profile)) {
      if (Fold(r) == Fold(role_name)) {
        removed = true;
      } else {
        kept.push_back(json::value(r));
      }
    }
    if (!removed)
      return NoSuchEntity("Role " + role_name + " in Instance Profile " + name + " cannot be found.");
    profile["role_names"] = std::move(kept);
    return core::Ok();
  }));
  return net::Output{};
}

core::Result<net::Output> Service::TagInstanceProfile(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProfile(*store_, InputString(call, "InstanceProfileName"),
                         [&](json::object& profile) { return TagDocument(profile, call); }));
  return net::Output{};
}

core::Result<net::Output> Service::UntagInstanceProfile(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeProfile(*store_, InputString(call, "InstanceProfileName"),
                         [&](json::object& profile) { return UntagDocument(profile, call); }));
  return net::Output{};
}

core::Result<net::Output> Service::ListInstanceProfileTags(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(json::object * profile,
                        NeedProfile(*store_, InputString(call, "InstanceProfileName")));
  net::Output out;
  TARN_TRY(PutTagsPage(call, TagsOf(*profile), out.json));
  return out;
}

// A role held by an instance profile cannot be deleted (DeleteRole's check).
bool InInstanceProfile(Store& store, std::string_view role_name) {
  for (const auto& [_, profile] : store.DocumentsOf(kKind))
    for (const std::string& r : RoleNames(profile))
      if (Fold(r) == Fold(role_name)) return true;
  return false;
}

}  // namespace tarn::iam
