#pragma once
// AWS Identity and Access Management (Query protocol, 2010-05-08) on RocksDB family "iam", the
// temporary credentials STS issues (family "sts"), the credential lookup behind SigV4 and the
// authorizer that evaluates IAM policies on every request. The only header other modules may
// include from src/iam (besides iam/policy/policy.h).
//
// Thread-safety: Service, CredentialStore and Authorizer are safe to share between all worker
// threads. IAM state lives in memory behind one reader-writer lock (store.h); every change is one
// durable WriteBatch. One account (core::kDefaultAccountId).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/credentials.h"
#include "core/clock.h"
#include "core/principal.h"
#include "net/registry.h"
#include "storage/rocks.h"

namespace tarn::iam {

class Store;
class SessionStore;

struct Options {
  // Caps the lifetime of temporary credentials (0: no cap, AWS's behaviour). A test hook
  // (`tarn serve --sts-lifetime-cap`) so compat tests can watch credentials expire.
  std::chrono::seconds session_lifetime_cap{0};
};

// https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html
struct TemporaryCredentials {
  std::string access_key_id, secret_access_key, session_token;
  core::TimePoint expiration;
  std::string assumed_role_id;  // AROA...:session (AssumeRole only)
  std::string arn;              // arn:aws:sts::<account>:assumed-role/<role>/<session>
};

struct AssumeRoleInput {
  std::string role_arn, session_name;
  int64_t duration_seconds = 3600;
  std::optional<std::string> policy;  // session policy document
  std::vector<std::pair<std::string, std::string>> tags;
};

class Service {
 public:
  // Loads IAM and STS state. InternalFailure on storage errors or unreadable records.
  static core::Result<std::unique_ptr<Service>> Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       Options options = {});
  ~Service();
  void RegisterOperations(net::Registry& registry);

  // Users and tags (user_ops.cpp).
  core::Result<net::Output> CreateUser(const net::Call& call);
  core::Result<net::Output> GetUser(const net::Call& call);  // no UserName: the caller
  core::Result<net::Output> ListUsers(const net::Call& call);
  core::Result<net::Output> UpdateUser(const net::Call& call);
  core::Result<net::Output> DeleteUser(const net::Call& call);
  core::Result<net::Output> TagUser(const net::Call& call);
  core::Result<net::Output> UntagUser(const net::Call& call);
  core::Result<net::Output> ListUserTags(const net::Call& call);

  // Groups (group_ops.cpp).
  core::Result<net::Output> CreateGroup(const net::Call& call);
  core::Result<net::Output> GetGroup(const net::Call& call);
  core::Result<net::Output> ListGroups(const net::Call& call);
  core::Result<net::Output> DeleteGroup(const net::Call& call);
  core::Result<net::Output> UpdateGroup(const net::Call& call);
  core::Result<net::Output> AddUserToGroup(const net::Call& call);
  core::Result<net::Output> RemoveUserFromGroup(const net::Call& call);
  core::Result<net::Output> ListGroupsForUser(const net::Call& call);

  // Access keys (access_key_ops.cpp).
  core::Result<net::Output> CreateAccessKey(const net::Call& call);
  core::Result<net::Output> ListAccessKeys(const net::Call& call);
  core::Result<net::Output> UpdateAccessKey(const net::Call& call);
  core::Result<net::Output> DeleteAccessKey(const net::Call& call);
  core::Result<net::Output> GetAccessKeyLastUsed(const net::Call& call);

  // Managed policies and their versions (policy_ops.cpp).
  core::Result<net::Output> CreatePolicy(const net::Call& call);
  core::Result<net::Output> GetPolicy(const net::Call& call);
  core::Result<net::Output> DeletePolicy(const net::Call& call);
  core::Result<net::Output> ListPolicies(const net::Call& call);
  core::Result<net::Output> CreatePolicyVersion(const net::Call& call);
  core::Result<net::Output> GetPolicyVersion(const net::Call& call);
  core::Result<net::Output> DeletePolicyVersion(const net::Call& call);
  core::Result<net::Output> ListPolicyVersions(const net::Call& call);
  core::Result<net::Output> SetDefaultPolicyVersion(const net::Call& call);
  core::Result<net::Output> TagPolicy(const net::Call& call);
  core::Result<net::Output> UntagPolicy(const net::Call& call);
  core::Result<net::Output> ListPolicyTags(const net::Call& call);

  // Attachments and permissions boundaries (attachment_ops.cpp). kind: "User", "Group", "Role".
  core::Result<net::Output> AttachPolicy(std::string_view kind, const net::Call& call);
  core::Result<net::Output> DetachPolicy(std::string_view kind, const net::Call& call);
  core::Result<net::Output> ListAttachedPolicies(std::string_view kind, const net::Call& call);
  core::Result<net::Output> ListEntitiesForPolicy(const net::Call& call);
  core::Result<net::Output> PutPermissionsBoundary(std::string_view kind, const net::Call& call);
  core::Result<net::Output> DeletePermissionsBoundary(std::string_view kind, const net::Call& call);

  // Inline policies (inline_policy_ops.cpp). kind: "User", "Group", "Role".
  core::Result<net::Output> PutInlinePolicy(std::string_view kind, const net::Call& call);
  core::Result<net::Output> GetInlinePolicy(std::string_view kind, const net::Call& call);
  core::Result<net::Output> ListInlinePolicies(std::string_view kind, const net::Call& call);
  core::Result<net::Output> DeleteInlinePolicy(std::string_view kind, const net::Call& call);

  // Roles (role_ops.cpp).
  core::Result<net::Output> CreateRole(const net::Call& call);
  core::Result<net::Output> GetRole(const net::Call& call);
  core::Result<net::Output> ListRoles(const net::Call& call);
  core::Result<net::Output> UpdateRole(const net::Call& call);
  core::Result<net::Output> UpdateRoleDescription(const net::Call& call);
  // --- Instance profiles (instance_profile_ops.cpp) ---
  core::Result<net::Output> CreateInstanceProfile(const net::Call& call);
  core::Result<net::Output> GetInstanceProfile(const net::Call& call);
  core::Result<net::Output> DeleteInstanceProfile(const net::Call& call);
  core::Result<net::Output> ListInstanceProfiles(const net::Call& call);
  core::Result<net::Output> AddRoleToInstanceProfile(const net::Call& call);
  core::Result<net::Output> RemoveRoleFromInstanceProfile(const net::Call& call);
  core::Result<net::Output> ListInstanceProfilesForRole(const net::Call& call);
  core::Result<net::Output> TagInstanceProfile(const net::Call& call);
  core::Result<net::Output> UntagInstanceProfile(const net::Call& call);
  core::Result<net::Output> ListInstanceProfileTags(const net::Call& call);
  // --- OpenID Connect providers (oidc_provider_ops.cpp) ---
  core::Result<net::Output> CreateOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> GetOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> DeleteOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> ListOpenIDConnectProviders(const net::Call& call);
  core::Result<net::Output> AddClientIDToOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> RemoveClientIDFromOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> UpdateOpenIDConnectProviderThumbprint(const net::Call& call);
  core::Result<net::Output> TagOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> UntagOpenIDConnectProvider(const net::Call& call);
  core::Result<net::Output> ListOpenIDConnectProviderTags(const net::Call& call);
  // --- Login profiles, the account's alias, password policy and summary (account_ops.cpp) ---
  core::Result<net::Output> CreateLoginProfile(const net::Call& call);
  core::Result<net::Output> GetLoginProfile(const net::Call& call);
  core::Result<net::Output> UpdateLoginProfile(const net::Call& call);
  core::Result<net::Output> DeleteLoginProfile(const net::Call& call);
  core::Result<net::Output> CreateAccountAlias(const net::Call& call);
  core::Result<net::Output> DeleteAccountAlias(const net::Call& call);
  core::Result<net::Output> ListAccountAliases(const net::Call& call);
  core::Result<net::Output> UpdateAccountPasswordPolicy(const net::Call& call);
  core::Result<net::Output> GetAccountPasswordPolicy(const net::Call& call);
  core::Result<net::Output> DeleteAccountPasswordPolicy(const net::Call& call);
  core::Result<net::Output> GetAccountSummary(const net::Call& call);
  core::Result<net::Output> DeleteRole(const net::Call& call);
  core::Result<net::Output> UpdateAssumeRolePolicy(const net::Call& call);
  core::Result<net::Output> TagRole(const net::Call& call);
  core::Result<net::Output> UntagRole(const net::Call& call);
  core::Result<net::Output> ListRoleTags(const net::Call& call);

  // SimulatePrincipalPolicy (simulate_ops.cpp).
  core::Result<net::Output> SimulatePrincipalPolicy(const net::Call& call);

  // For STS (session_ops.cpp). The caller was authorized already (sts:AssumeRole against the
  // role's trust policy). Errors: ValidationError (duration beyond the role's maximum, session
  // name), MalformedPolicyDocument / PackedPolicyTooLarge (session policy), AccessDenied for an
  // unknown role, as STS answers.
  core::Result<TemporaryCredentials> AssumeRole(const core::Principal& caller, const AssumeRoleInput& input);
  // Whether the role role_arn exists and its trust policy lets service_principal
  // ("lambda.amazonaws.com") assume it: what Lambda asks of a function's execution role.
  bool ServiceMayAssume(std::string_view role_arn, std::string_view service_principal) const;
  // Whether the policies of the role role_arn (identity and boundary) allow action on resource for a
  // session of it, as a service acting with the role (Lambda's event source mappings) is judged.
  bool RoleAllows(std::string_view role_arn, std::string_view action, std::string_view resource) const;
  // Session credentials for the calling user or root. AccessDenied "Cannot call GetSessionToken
  // with session credentials" for temporary callers.
  core::Result<TemporaryCredentials> GetSessionToken(const core::Principal& caller, int64_t duration_seconds);

  // For CredentialStore and Authorizer (same module).
  const Store& store() const { return *store_; }
  const SessionStore& sessions() const { return *sessions_; }

 private:
  Service(const core::Clock& clock, Options options, std::unique_ptr<Store> store,
          std::unique_ptr<SessionStore> sessions);
  double Now() const;

  const core::Clock& clock_;
  Options options_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SessionStore> sessions_;
};

// The credential lookup behind SigV4: the root key, IAM users' access keys (read from the Store
// on every request, so deleting or deactivating a key locks its holder out at once) and STS
// temporary credentials.
class CredentialStore final : public auth::CredentialStore {
 public:
  CredentialStore(const Service& iam, auth::Credential root);
  std::optional<auth::Credential> Find(std::string_view access_key_id) const override;

 private:
  const Service& iam_;
  auth::Credential root_;
};

// IAM policy evaluation for every request (net::Authorizer). root: allowed; users: their inline,
// attached and groups' policies within their boundary; assumed roles: the role's policies within
// its boundary and the session policy; anonymous: the service's AccessDenied. enforce = false
// (`--iam off`) allows every signed request.
class Authorizer final : public net::Authorizer {
 public:
  Authorizer(const Service& iam, const core::Clock& clock, bool enforce = true);
  core::Status Authorize(const net::RequestContext& context, const net::Operation& operation,
                         const std::vector<std::string>& resources,
                         const net::AuthorizationExtras& extras) const override;

 private:
  core::Status AuthorizeRoot(const net::RequestContext& context, std::string_view action,
                             const std::vector<std::string>& resources,
                             const net::AuthorizationExtras& extras) const;
  core::Status AuthorizeAnonymous(const net::RequestContext& context, std::string_view action,
                                  const std::vector<std::string>& resources,
                                  const net::AuthorizationExtras& extras) const;

  const Service& iam_;
  const core::Clock& clock_;
  bool enforce_;
};

// The AccessDenied error of a service, in its protocol's shape: DynamoDB/JSON services
// AccessDeniedException (400), Query services AccessDenied (403), S3 AccessDenied "Access Denied" (403).
core::AwsError AccessDeniedFor(std::string_view service, std::string message);

}  // namespace tarn::iam
