// Implements: AttachUserPolicy, DetachUserPolicy, ListAttachedUserPolicies and the Group and Role
// variants; ListEntitiesForPolicy; PutUserPermissionsBoundary, DeleteUserPermissionsBoundary,
// PutRolePermissionsBoundary, DeleteRolePermissionsBoundary.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html (and the pages of the others)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "iam/entity.h"
#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: managed policies
// attached to a user, group or role (the default quota).
constexpr size_t kMaxAttachedPolicies = 10;

std::string NameMember(std::string_view kind) { return std::string(kind) + "Name"; }

}  // namespace

core::Result<net::Output> Service::AttachPolicy(std::string_view kind, const net::Call& call) {
  std::string arn = InputString(call, "PolicyArn");
  if (!IsPolicyArn(arn)) return ValidationError("ARN " + arn + " is not valid.");
  std::unique_lock lock(store_->mutex());
  if (!store_->FindPolicy(arn)) return NoSuchPolicy(arn);
  TARN_TRY(ChangeEntity(*store_, kind, InputString(call, NameMember(kind)),
                        [&](Permissions& p, std::string*) -> core::Status {
                          if (std::find(p.attached.begin(), p.attached.end(), arn) != p.attached.end())
                            return core::Ok();
                          if (p.attached.size() >= kMaxAttachedPolicies)
                            return LimitExceeded("Cannot exceed quota for PoliciesPer" + std::string(kind) +
                                                 ": " + std::to_string(kMaxAttachedPolicies));
                          p.attached.push_back(arn);
                          return core::Ok();
                        }));
  return net::Output{};
}

core::Result<net::Output> Service::DetachPolicy(std::string_view kind, const net::Call& call) {
  std::string arn = InputString(call, "PolicyArn");
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeEntity(*store_, kind, InputString(call, NameMember(kind)),
                        [&](Permissions& p, std::string*) -> core::Status {
                          auto it = std::find(p.attached.begin(), p.attached.end(), arn);
                          if (it == p.attached.end())
                            return NoSuchEntity("Policy " + arn + " was not found.");
                          p.attached.erase(it);
                          return core::Ok();
                        }));
  return net::Output{};
}

core::Result<net::Output> Service::ListAttachedPolicies(std::string_view kind, const net::Call& call) {
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(EntityView entity, ViewEntity(*store_, kind, InputString(call, NameMember(kind))));
  std::map<std::string, const ManagedPolicy*> sorted;
  for (const auto& arn : entity.permissions->attached) {
    const ManagedPolicy* p = store_->FindPolicy(arn);
    if (p && p->path.starts_with(prefix)) sorted.emplace(Fold(p->name) + "\n" + arn, p);
  }
  std::vector<std::string> keys;
  for (const auto& [k, _] : sorted) keys.push_back(k);
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) {
    const ManagedPolicy* p = sorted.at(keys[i]);
    json::object o;
    o["PolicyName"] = p->name;
    o["PolicyArn"] = p->arn;
    list.push_back(std::move(o));
  }
  net::Output out;
  out.json["AttachedPolicies"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::ListEntitiesForPolicy(const net::Call& call) {
  std::string arn = InputString(call, "PolicyArn");
  std::string filter = InputString(call, "EntityFilter");
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  if (!store_->FindPolicy(arn)) return NoSuchPolicy(arn);
  auto has = [&](const Permissions& p) {
    return std::find(p.attached.begin(), p.attached.end(), arn) != p.attached.end();
  };
  auto wanted = [&](std::string_view kind) { return filter.empty() || filter == kind; };
  json::array users, groups, roles;
  if (wanted("User"))
    for (const auto& [_, u] : store_->users)
      if (has(u.permissions) && u.path.starts_with(prefix)) {
        json::object o;
        o["UserName"] = u.name;
        o["UserId"] = u.id;
        users.push_back(std::move(o));
      }
  if (wanted("Group"))
    for (const auto& [_, g] : store_->groups)
      if (has(g.permissions) && g.path.starts_with(prefix)) {
        json::object o;
        o["GroupName"] = g.name;
        o["GroupId"] = g.id;
        groups.push_back(std::move(o));
      }
  if (wanted("Role"))
    for (const auto& [_, r] : store_->roles)
      if (has(r.permissions) && r.path.starts_with(prefix)) {
        json::object o;
        o["RoleName"] = r.name;
        o["RoleId"] = r.id;
        roles.push_back(std::move(o));
      }
  net::Output out;
  out.json["PolicyGroups"] = std::move(groups);
  out.json["PolicyUsers"] = std::move(users);
  out.json["PolicyRoles"] = std::move(roles);
  out.json["IsTruncated"] = false;
  return out;
}

core::Result<net::Output> Service::PutPermissionsBoundary(std::string_view kind, const net::Call& call) {
  std::string arn = InputString(call, "PermissionsBoundary");
  if (!IsPolicyArn(arn)) return InvalidInput("ARN " + arn + " is not valid.");
  std::unique_lock lock(store_->mutex());
  if (!store_->FindPolicy(arn))
    return NoSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
  TARN_TRY(ChangeEntity(*store_, kind, InputString(call, NameMember(kind)),
                        [&](Permissions&, std::string* boundary) -> core::Status {
                          *boundary = arn;
                          return core::Ok();
                        }));
  return net::Output{};
}

core::Result<net::Output> Service::DeletePermissionsBoundary(std::string_view kind, const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeEntity(*store_, kind, InputString(call, NameMember(kind)),
                        [&](Permissions&, std::string* boundary) -> core::Status {
                          boundary->clear();
                          return core::Ok();
                        }));
  return net::Output{};
}

}  // namespace tarn::iam
