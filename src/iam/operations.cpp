// The IAM operation table: one row per operation (name, IAM action, resources, handler), and the
// Service's construction.
// Resource ARNs:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
#include <shared_mutex>

#include "core/time_format.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/managed.h"
#include "iam/session_store.h"
#include "iam/store.h"
#include "net/tag_condition_keys.h"

namespace tarn::iam {
namespace {

using Method = core::Result<net::Output> (Service::*)(const net::Call&);
using KindMethod = core::Result<net::Output> (Service::*)(std::string_view, const net::Call&);

// What an operation acts on, for its resource ARN.
enum class Target { kNone, kListing, kUser, kCallerUser, kGroup, kRole, kPolicy, kPolicySource };

}  // namespace

core::Result<std::unique_ptr<Service>> Service::Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       Options options) {
  TARN_ASSIGN_OR_RETURN(auto aws_managed, AwsManagedPolicyRecords());
  TARN_ASSIGN_OR_RETURN(auto store, Store::Open(rocks, std::move(aws_managed)));
  TARN_ASSIGN_OR_RETURN(auto sessions, SessionStore::Open(rocks, clock));
  return std::unique_ptr<Service>(new Service(clock, options, std::move(store), std::move(sessions)));
}

Service::Service(const core::Clock& clock, Options options, std::unique_ptr<Store> store,
                 std::unique_ptr<SessionStore> sessions)
    : clock_(clock), options_(options), store_(std::move(store)), sessions_(std::move(sessions)) {}

Service::~Service() = default;

double Service::Now() const { return core::ToEpochSeconds(clock_.Now()); }

void Service::RegisterOperations(net::Registry& registry) {
  // The ARN of the named entity as it exists (its path), or with path "/" when it does not.
  auto arn_of = [this](std::string_view kind, const std::string& name) -> std::string {
    std::shared_lock lock(store_->mutex());
    if (kind == "user")
      if (const User* u = store_->FindUser(name)) return u->arn;
    if (kind == "group")
      if (const Group* g = store_->FindGroup(name)) return g->arn;
    if (kind == "role")
      if (const Role* r = store_->FindRole(name)) return r->arn;
    return IamArn(kind, "/", name);
  };
  auto resources = [arn_of](Target target, std::string kind_name) -> net::ResourceFunction {
    return [arn_of, target, kind_name](const net::Call& call) -> std::vector<std::string> {
      switch (target) {
        case Target::kNone:
          return {};
        case Target::kListing:
          // IAM names the path prefix as the resource of List* ("...:user/").
          return {IamArn(kind_name, InputPath(call, "PathPrefix"), "")};
        case Target::kUser:
        case Target::kCallerUser: {
          std::string name = InputString(call, "UserName");
          if (name.empty() && target == Target::kCallerUser) {
            if (call.context.principal.type != core::Principal::Type::kUser) return {};
            return {call.context.principal.arn};
          }
          if (call.context.operation == "CreateUser") return {IamArn("user", InputPath(call), name)};
          return {arn_of("user", name)};
        }
        case Target::kGroup: {
          std::string name = InputString(call, "GroupName");
          if (call.context.operation == "CreateGroup") return {IamArn("group", InputPath(call), name)};
          return {arn_of("group", name)};
        }
        case Target::kRole: {
          std::string name = InputString(call, "RoleName");
          if (call.context.operation == "CreateRole") return {IamArn("role", InputPath(call), name)};
          return {arn_of("role", name)};
        }
        case Target::kPolicy: {
          std::string arn = InputString(call, "PolicyArn");
          if (call.context.operation == "CreatePolicy")
            return {IamArn("policy", InputPath(call), InputString(call, "PolicyName"))};
          return {arn};
        }
        case Target::kPolicySource:
          return {InputString(call, "PolicySourceArn")};
      }
      return {};
    };
  };
  // Tag condition keys: the tags a request sets (CreateUser, TagRole, ...) or removes (Untag*), and
  // the tags of the user or role it acts on, as aws:ResourceTag and iam:ResourceTag.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
  auto extras = [this](const net::Call& call) {
    net::AuthorizationExtras extras;
    const std::string& op = call.context.operation;
    if (op.starts_with("Create") || op.starts_with("Tag"))
      net::AddRequestTags(extras, net::TagsOf(call.input.if_contains("Tags")));
    if (op.starts_with("Untag")) net::AddTagKeys(extras, net::TagKeysOf(call.input.if_contains("TagKeys")));
    if (op == "CreateUser" || op == "CreateRole") return extras;
    std::shared_lock lock(store_->mutex());
    if (std::string name = InputString(call, "UserName"); !name.empty())
      if (const User* u = store_->FindUser(name)) net::AddResourceTags(extras, u->arn, u->tags, "iam");
    if (std::string name = InputString(call, "RoleName"); !name.empty())
      if (const Role* r = store_->FindRole(name)) net::AddResourceTags(extras, r->arn, r->tags, "iam");
    return extras;
  };
  auto add = [&](std::string name, Target target, Method method, std::string listed = "") {
    registry.Add("iam", {.name = name,
                         .iam_action = "iam:" + name,
                         .resources = resources(target, listed),
                         .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
                         .extras = extras});
  };
  auto add_kind = [&](std::string name, std::string kind, Target target, KindMethod method) {
    registry.Add("iam", {.name = name,
                         .iam_action = "iam:" + name,
                         .resources = resources(target, kind),
                         .handler = [this, method,
                                     kind](const net::Call& call) { return (this->*method)(kind, call); },
                         .extras = extras});
  };

  add("CreateUser", Target::kUser, &Service::CreateUser);
  add("GetUser", Target::kCallerUser, &Service::GetUser);
  add("ListUsers", Target::kListing, &Service::ListUsers, "user");
  add("UpdateUser", Target::kUser, &Service::UpdateUser);
  add("DeleteUser", Target::kUser, &Service::DeleteUser);
  add("TagUser", Target::kUser, &Service::TagUser);
  add("UntagUser", Target::kUser, &Service::UntagUser);
  add("ListUserTags", Target::kUser, &Service::ListUserTags);

  add("CreateGroup", Target::kGroup, &Service::CreateGroup);
  add("GetGroup", Target::kGroup, &Service::GetGroup);
  add("ListGroups", Target::kListing, &Service::ListGroups, "group");
  add("DeleteGroup", Target::kGroup, &Service::DeleteGroup);
  add("UpdateGroup", Target::kGroup, &Service::UpdateGroup);
  add("AddUserToGroup", Target::kGroup, &Service::AddUserToGroup);
  add("RemoveUserFromGroup", Target::kGroup, &Service::RemoveUserFromGroup);
  add("ListGroupsForUser", Target::kUser, &Service::ListGroupsForUser);

  add("CreateAccessKey", Target::kCallerUser, &Service::CreateAccessKey);
  add("ListAccessKeys", Target::kCallerUser, &Service::ListAccessKeys);
  add("UpdateAccessKey", Target::kCallerUser, &Service::UpdateAccessKey);
  add("DeleteAccessKey", Target::kCallerUser, &Service::DeleteAccessKey);
  add("GetAccessKeyLastUsed", Target::kNone, &Service::GetAccessKeyLastUsed);

  add("CreatePolicy", Target::kPolicy, &Service::CreatePolicy);
  add("GetPolicy", Target::kPolicy, &Service::GetPolicy);
  add("DeletePolicy", Target::kPolicy, &Service::DeletePolicy);
  add("ListPolicies", Target::kListing, &Service::ListPolicies, "policy");
  add("CreatePolicyVersion", Target::kPolicy, &Service::CreatePolicyVersion);
  add("GetPolicyVersion", Target::kPolicy, &Service::GetPolicyVersion);
  add("DeletePolicyVersion", Target::kPolicy, &Service::DeletePolicyVersion);
  add("ListPolicyVersions", Target::kPolicy, &Service::ListPolicyVersions);
  add("SetDefaultPolicyVersion", Target::kPolicy, &Service::SetDefaultPolicyVersion);
  add("TagPolicy", Target::kPolicy, &Service::TagPolicy);
  add("UntagPolicy", Target::kPolicy, &Service::UntagPolicy);
  add("ListPolicyTags", Target::kPolicy, &Service::ListPolicyTags);
  add("ListEntitiesForPolicy", Target::kPolicy, &Service::ListEntitiesForPolicy);

  for (const auto& [kind, target] :
       {std::pair{std::string("User"), Target::kUser}, std::pair{std::string("Group"), Target::kGroup},
        std::pair{std::string("Role"), Target::kRole}}) {
    add_kind("Attach" + kind + "Policy", kind, target, &Service::AttachPolicy);
    add_kind("Detach" + kind + "Policy", kind, target, &Service::DetachPolicy);
    add_kind("ListAttached" + kind + "Policies", kind, target, &Service::ListAttachedPolicies);
    add_kind("Put" + kind + "Policy", kind, target, &Service::PutInlinePolicy);
    add_kind("Get" + kind + "Policy", kind, target, &Service::GetInlinePolicy);
    add_kind("List" + kind + "Policies", kind, target, &Service::ListInlinePolicies);
    add_kind("Delete" + kind + "Policy", kind, target, &Service::DeleteInlinePolicy);
    if (kind != "Group") {
      add_kind("Put" + kind + "PermissionsBoundary", kind, target, &Service::PutPermissionsBoundary);
      add_kind("Delete" + kind + "PermissionsBoundary", kind, target, &Service::DeletePermissionsBoundary);
    }
  }

  add("CreateRole", Target::kRole, &Service::CreateRole);
  add("GetRole", Target::kRole, &Service::GetRole);
  add("ListRoles", Target::kListing, &Service::ListRoles, "role");
  add("UpdateRole", Target::kRole, &Service::UpdateRole);
  add("UpdateRoleDescription", Target::kRole, &Service::UpdateRoleDescription);
  add("DeleteRole", Target::kRole, &Service::DeleteRole);
  add("UpdateAssumeRolePolicy", Target::kRole, &Service::UpdateAssumeRolePolicy);
  add("TagRole", Target::kRole, &Service::TagRole);
  add("UntagRole", Target::kRole, &Service::UntagRole);
  add("ListRoleTags", Target::kRole, &Service::ListRoleTags);

  add("CreateInstanceProfile", Target::kNone, &Service::CreateInstanceProfile);
  add("GetInstanceProfile", Target::kNone, &Service::GetInstanceProfile);
  add("DeleteInstanceProfile", Target::kNone, &Service::DeleteInstanceProfile);
  add("ListInstanceProfiles", Target::kListing, &Service::ListInstanceProfiles, "instance-profile");
  add("AddRoleToInstanceProfile", Target::kNone, &Service::AddRoleToInstanceProfile);
  add("RemoveRoleFromInstanceProfile", Target::kNone, &Service::RemoveRoleFromInstanceProfile);
  add("ListInstanceProfilesForRole", Target::kRole, &Service::ListInstanceProfilesForRole);
  add("TagInstanceProfile", Target::kNone, &Service::TagInstanceProfile);
  add("UntagInstanceProfile", Target::kNone, &Service::UntagInstanceProfile);
  add("ListInstanceProfileTags", Target::kNone, &Service::ListInstanceProfileTags);
  add("CreateOpenIDConnectProvider", Target::kNone, &Service::CreateOpenIDConnectProvider);
  add("GetOpenIDConnectProvider", Target::kNone, &Service::GetOpenIDConnectProvider);
  add("DeleteOpenIDConnectProvider", Target::kNone, &Service::DeleteOpenIDConnectProvider);
  add("ListOpenIDConnectProviders", Target::kNone, &Service::ListOpenIDConnectProviders);
  add("AddClientIDToOpenIDConnectProvider", Target::kNone, &Service::AddClientIDToOpenIDConnectProvider);
  add("RemoveClientIDFromOpenIDConnectProvider", Target::kNone,
      &Service::RemoveClientIDFromOpenIDConnectProvider);
  add("UpdateOpenIDConnectProviderThumbprint", Target::kNone,
      &Service::UpdateOpenIDConnectProviderThumbprint);
  add("TagOpenIDConnectProvider", Target::kNone, &Service::TagOpenIDConnectProvider);
  add("UntagOpenIDConnectProvider", Target::kNone, &Service::UntagOpenIDConnectProvider);
  add("ListOpenIDConnectProviderTags", Target::kNone, &Service::ListOpenIDConnectProviderTags);
  add("CreateLoginProfile", Target::kCallerUser, &Service::CreateLoginProfile);
  add("GetLoginProfile", Target::kCallerUser, &Service::GetLoginProfile);
  add("UpdateLoginProfile", Target::kCallerUser, &Service::UpdateLoginProfile);
  add("DeleteLoginProfile", Target::kCallerUser, &Service::DeleteLoginProfile);
  add("CreateAccountAlias", Target::kNone, &Service::CreateAccountAlias);
  add("DeleteAccountAlias", Target::kNone, &Service::DeleteAccountAlias);
  add("ListAccountAliases", Target::kNone, &Service::ListAccountAliases);
  add("UpdateAccountPasswordPolicy", Target::kNone, &Service::UpdateAccountPasswordPolicy);
  add("GetAccountPasswordPolicy", Target::kNone, &Service::GetAccountPasswordPolicy);
  add("DeleteAccountPasswordPolicy", Target::kNone, &Service::DeleteAccountPasswordPolicy);
  add("GetAccountSummary", Target::kNone, &Service::GetAccountSummary);

  add("SimulatePrincipalPolicy", Target::kPolicySource, &Service::SimulatePrincipalPolicy);
}

}  // namespace tarn::iam
