// Issues STS temporary credentials: AssumeRole and GetSessionToken (the STS handlers in src/sts
// parse the wire input and shape the output; this file owns roles and sessions).
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html (role chaining: at most one hour)
#include <shared_mutex>

#include "core/encoding.h"
#include "core/ids.h"
#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/session_store.h"
#include "iam/store.h"

namespace tarn::iam {
namespace {

constexpr int64_t kRoleChainingMaxSeconds = 3600;
constexpr int64_t kRootSessionMaxSeconds = 3600;

// Session tokens are opaque to clients; AWS's are long base64 strings, and so are these.
std::string NewSessionToken() { return "IQoJb3JpZ2luX2VjE" + core::Base64Encode(core::RandomBytes(192)); }

core::AwsError StsAccessDenied(std::string message) {
  return core::AwsError("AccessDenied", std::move(message), 403);
}

}  // namespace

bool Service::ServiceMayAssume(std::string_view role_arn, std::string_view service_principal) const {
  std::shared_lock lock(store_->mutex());
  auto it = store_->roles.find(Fold(RoleNameOf(role_arn)));
  if (it == store_->roles.end() || it->second.arn != role_arn || !it->second.trust.compiled) return false;
  // A service assuming a role on an account's behalf names the account (the confused-deputy guard
  // trust policies write as aws:SourceAccount).
  policy::ConditionContext keys;
  keys.Set("aws:SourceAccount", std::string(core::kDefaultAccountId));
  policy::Request request;
  request.action = "sts:AssumeRole";
  request.resource = role_arn;
  request.principal_arn = service_principal;
  request.service_principal = service_principal;
  request.context = &keys;
  return it->second.trust.compiled->Evaluate(request) == policy::Effect::kAllow;
}

bool Service::RoleAllows(std::string_view role_arn, std::string_view action,
                         std::string_view resource) const {
  auto role = store_->PoliciesOfRole(RoleNameOf(role_arn));
  if (!role || role->arn != role_arn) return false;
  policy::ConditionContext keys;
  policy::Request request;
  request.action = action;
  request.resource = resource;
  request.principal_arn = role_arn;
  request.account_id = core::kDefaultAccountId;
  request.context = &keys;
  return policy::Evaluate(role->policies, request) == policy::Decision::kAllow;
}

core::Result<TemporaryCredentials> Service::AssumeRole(const core::Principal& caller,
                                                       const AssumeRoleInput& input) {
  std::string denied =
      "User: " + caller.arn + " is not authorized to perform: sts:AssumeRole on resource: " + input.role_arn;
  if (caller.type == core::Principal::Type::kRoot)
    return StsAccessDenied("Roles may not be assumed by root accounts.");
  Session session;
  {
    std::shared_lock lock(store_->mutex());
    std::string_view arn = input.role_arn;
    std::string name(arn.substr(arn.rfind('/') == std::string_view::npos ? arn.size() : arn.rfind('/') + 1));
    auto it = store_->roles.find(Fold(name));
    if (it == store_->roles.end() || it->second.arn != input.role_arn) return StsAccessDenied(denied);
    const Role& role = it->second;
    if (caller.type == core::Principal::Type::kAssumedRole &&
        input.duration_seconds > kRoleChainingMaxSeconds)
      return ValidationError(
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role "
          "chaining.");
    if (input.duration_seconds > role.max_session_duration)
      return ValidationError(
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    session.principal.type = core::Principal::Type::kAssumedRole;
    session.principal.account_id = std::string(core::kDefaultAccountId);
    session.principal.arn = "arn:aws:sts::" + std::string(core::kDefaultAccountId) + ":assumed-role/" +
                            role.name + "/" + input.session_name;
    session.principal.user_id = role.id + ":" + input.session_name;
    session.principal.name = role.name;
    session.principal.session_name = input.session_name;
  }
  if (input.policy) {
    TARN_ASSIGN_OR_RETURN(session.policy, ParseDocument(*input.policy, policy::PolicyKind::kIdentity));
  }
  session.tags = input.tags;
  std::chrono::seconds lifetime(input.duration_seconds);
  if (options_.session_lifetime_cap.count() > 0) lifetime = std::min(lifetime, options_.session_lifetime_cap);
  session.access_key_id = core::NewAwsId("ASIA");
  session.secret_access_key = core::NewSecretAccessKey();
  session.session_token = NewSessionToken();
  session.expiration = clock_.Now() + lifetime;
  TemporaryCredentials out{session.access_key_id, session.secret_access_key, session.session_token,
                           session.expiration,    session.principal.user_id, session.principal.arn};
  TARN_TRY(sessions_->Add(std::move(session)));
  return out;
}

core::Result<TemporaryCredentials> Service::GetSessionToken(const core::Principal& caller,
                                                            int64_t duration_seconds) {
  if (!caller.session_token.empty() || caller.type == core::Principal::Type::kAssumedRole)
    return StsAccessDenied("Cannot call GetSessionToken with session credentials");
  if (caller.type != core::Principal::Type::kUser && caller.type != core::Principal::Type::kRoot)
    return StsAccessDenied("Cannot call GetSessionToken with session credentials");
  if (caller.type == core::Principal::Type::kRoot)
    duration_seconds = std::min(duration_seconds, kRootSessionMaxSeconds);
  Session session;
  session.principal = caller;
  session.principal.access_key_id.clear();
  session.principal.session_token.clear();
  session.principal.expiration.reset();
  std::chrono::seconds lifetime(duration_seconds);
  if (options_.session_lifetime_cap.count() > 0) lifetime = std::min(lifetime, options_.session_lifetime_cap);
  session.access_key_id = core::NewAwsId("ASIA");
  session.secret_access_key = core::NewSecretAccessKey();
  session.session_token = NewSessionToken();
  session.expiration = clock_.Now() + lifetime;
  TemporaryCredentials out{
      session.access_key_id, session.secret_access_key, session.session_token, session.expiration, "", ""};
  TARN_TRY(sessions_->Add(std::move(session)));
  return out;
}

}  // namespace tarn::iam
