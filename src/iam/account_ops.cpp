// Implements: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile,
// CreateAccountAlias, DeleteAccountAlias, ListAccountAliases, UpdateAccountPasswordPolicy,
// GetAccountPasswordPolicy, DeleteAccountPasswordPolicy, GetAccountSummary.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html (and the pages of the
// others). tarn has no console: a login profile records that a user may sign in (never the password),
// and the password policy is kept and described for the tools that set and read it.
#include <mutex>
#include <shared_mutex>

#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/store.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

constexpr std::string_view kLoginKind = "login-profile";
constexpr std::string_view kAccountKind = "account";
constexpr std::string_view kAliasName = "alias";
constexpr std::string_view kPasswordPolicyName = "password-policy";

core::AwsError NoLoginProfile(std::string_view user) {
  return NoSuchEntity("Login Profile for User " + std::string(user) + " cannot be found.");
}

}  // namespace

core::Result<net::Output> Service::CreateLoginProfile(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, NamedOrCallingUser(call));
  std::unique_lock lock(store_->mutex());
  const User* user = store_->FindUser(user_name);
  if (!user) return NoSuchNamedEntity("user", user_name);
  if (store_->FindDocument(kLoginKind, user_name))
    return EntityAlreadyExists("Login Profile for user " + user->name + " already exists.");
  json::object profile;
  profile["UserName"] = user->name;
  profile["CreateDate"] = Now();
  profile["PasswordResetRequired"] = call.input.contains("PasswordResetRequired") &&
                                     call.input.at("PasswordResetRequired").is_bool() &&
                                     call.input.at("PasswordResetRequired").get_bool();
  TARN_TRY(store_->PutDocument(kLoginKind, user->name, profile));
  net::Output out;
  out.json["LoginProfile"] = std::move(profile);
  return out;
}

core::Result<net::Output> Service::GetLoginProfile(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, NamedOrCallingUser(call));
  std::shared_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  const json::object* profile = store_->FindDocument(kLoginKind, user_name);
  if (!profile) return NoLoginProfile(user_name);
  net::Output out;
  out.json["LoginProfile"] = *profile;
  return out;
}

core::Result<net::Output> Service::UpdateLoginProfile(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, NamedOrCallingUser(call));
  std::unique_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  const json::object* found = store_->FindDocument(kLoginKind, user_name);
  if (!found) return NoLoginProfile(user_name);
  json::object profile = *found;
  if (const auto* reset = call.input.if_contains("PasswordResetRequired"); reset && reset->is_bool())
    profile["PasswordResetRequired"] = reset->get_bool();
  TARN_TRY(store_->PutDocument(kLoginKind, user_name, std::move(profile)));
  return net::Output{};
}

core::Result<net::Output> Service::DeleteLoginProfile(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string user_name, NamedOrCallingUser(call));
  std::unique_lock lock(store_->mutex());
  if (!store_->FindUser(user_name)) return NoSuchNamedEntity("user", user_name);
  if (!store_->FindDocument(kLoginKind, user_name)) return NoLoginProfile(user_name);
  TARN_TRY(store_->EraseDocument(kLoginKind, user_name));
  return net::Output{};
}

core::Result<net::Output> Service::CreateAccountAlias(const net::Call& call) {
  std::string alias = InputString(call, "AccountAlias");
  std::unique_lock lock(store_->mutex());
  // An account has one alias: a new one replaces it.
  TARN_TRY(store_->PutDocument(kAccountKind, kAliasName, json::object{{"AccountAlias", alias}}));
  return net::Output{};
}

core::Result<net::Output> Service::DeleteAccountAlias(const net::Call& call) {
  std::string alias = InputString(call, "AccountAlias");
  std::unique_lock lock(store_->mutex());
  const json::object* found = store_->FindDocument(kAccountKind, kAliasName);
  if (!found || found->at("AccountAlias").as_string() != alias)
    return NoSuchEntity("The account alias " + alias + " cannot be found.");
  TARN_TRY(store_->EraseDocument(kAccountKind, kAliasName));
  return net::Output{};
}

core::Result<net::Output> Service::ListAccountAliases(const net::Call&) {
  std::shared_lock lock(store_->mutex());
  json::array aliases;
  if (const json::object* found = store_->FindDocument(kAccountKind, kAliasName))
    aliases.push_back(found->at("AccountAlias"));
  net::Output out;
  out.json["AccountAliases"] = std::move(aliases);
  out.json["IsTruncated"] = false;
  return out;
}

core::Result<net::Output> Service::UpdateAccountPasswordPolicy(const net::Call& call) {
  // The members IAM describes, with its defaults for those not given.
  json::object policy{{"MinimumPasswordLength", 6},
                      {"RequireSymbols", false},
                      {"RequireNumbers", false},
                      {"RequireUppercaseCharacters", false},
                      {"RequireLowercaseCharacters", false},
                      {"AllowUsersToChangePassword", false},
                      {"ExpirePasswords", false}};
  for (const char* field :
       {"MinimumPasswordLength", "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
        "RequireLowercaseCharacters", "AllowUsersToChangePassword", "MaxPasswordAge",
        "PasswordReusePrevention", "HardExpiry"})
    if (const auto* v = call.input.if_contains(field)) policy[field] = *v;
  if (const auto* age = policy.if_contains("MaxPasswordAge"); age && age->is_int64() && age->get_int64() > 0)
    policy["ExpirePasswords"] = true;
  std::unique_lock lock(store_->mutex());
  TARN_TRY(store_->PutDocument(kAccountKind, kPasswordPolicyName, std::move(policy)));
  return net::Output{};
}

core::Result<net::Output> Service::GetAccountPasswordPolicy(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  const json::object* policy = store_->FindDocument(kAccountKind, kPasswordPolicyName);
  if (!policy) {
    return NoSuchEntity("The Password Policy with domain name " + call.context.principal.account_id +
                        " cannot be found.");
  }
  net::Output out;
  out.json["PasswordPolicy"] = *policy;
  return out;
}

core::Result<net::Output> Service::DeleteAccountPasswordPolicy(const net::Call&) {
  std::unique_lock lock(store_->mutex());
  if (!store_->FindDocument(kAccountKind, kPasswordPolicyName)) {
    return NoSuchEntity("The account policy with name PasswordPolicy cannot be found.");
  }
  TARN_TRY(store_->EraseDocument(kAccountKind, kPasswordPolicyName));
  return net::Output{};
}

core::Result<net::Output> Service::GetAccountSummary(const net::Call&) {
  std::shared_lock lock(store_->mutex());
  int64_t customer_policies = 0, versions = 0;
  for (const auto& [_, p] : store_->policies) {
    if (p.aws_managed) continue;
    ++customer_policies;
    versions += static_cast<int64_t>(p.versions.size());
  }
  // Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
  json::object summary{
      {"Users", static_cast<int64_t>(store_->users.size())},
      {"UsersQuota", 5000},
      {"Groups", static_cast<int64_t>(store_->groups.size())},
      {"GroupsQuota", 300},
      {"Roles", static_cast<int64_t>(store_->roles.size())},
      {"RolesQuota", 1000},
      {"Policies", customer_policies},
      {"PoliciesQuota", 1500},
      {"PolicyVersionsInUse", versions},
      {"PolicyVersionsInUseQuota", 10000},
      {"InstanceProfiles", static_cast<int64_t>(store_->DocumentsOf("instance-profile").size())},
      {"InstanceProfilesQuota", 1000},
      {"ServerCertificates", 0},
      {"ServerCertificatesQuota", 20},
      {"Providers", 0},
      {"AccountAccessKeysPresent", 0},
      {"AccountMFAEnabled", 0},
      {"AccountPasswordPresent", 0},
      {"AssumeRolePolicySizeQuota", 2048},
      {"AccountSigningCertificatesPresent", 0},
      {"MFADevices", 0},
      {"MFADevicesInUse", 0},
      {"AccessKeysPerUserQuota", 2},
      {"AttachedPoliciesPerUserQuota", 10},
      {"AttachedPoliciesPerGroupQuota", 10},
      {"AttachedPoliciesPerRoleQuota", 10},
      {"GroupsPerUserQuota", 10},
      {"SigningCertificatesPerUserQuota", 2},
      {"PolicySizeQuota", 6144},
      {"GroupPolicySizeQuota", 5120},
      {"UserPolicySizeQuota", 2048},
      {"RolePolicySizeQuota", 10240},
      {"VersionsPerPolicyQuota", 5},
      {"GlobalEndpointTokenVersion", 1},
  };
  net::Output out;
  out.json["SummaryMap"] = std::move(summary);
  return out;
}

}  // namespace tarn::iam
