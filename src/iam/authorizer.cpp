// iam::Authorizer: IAM policy evaluation on every request (iam.h). The hot path reads only memory:
// the caller's compiled policies come from the Store's cache, the session from the SessionStore.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
#include <optional>
#include <shared_mutex>

#include "core/time_format.h"
#include "iam/evaluation.h"
#include "iam/iam.h"
#include "iam/session_store.h"
#include "iam/store.h"

namespace tarn::iam {
namespace {

constexpr std::string_view kAssumeRole = "sts:AssumeRole";

// Operations every authenticated caller may call (AWS: "No permissions are required"):
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html and
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
bool NeedsNoPermission(std::string_view action) {
  return action == "sts:GetCallerIdentity" || action == "sts:GetSessionToken";
}

// AssumeRole is also decided by the role's trust policy, a resource-based policy. AWS's denial
// names no reason for it.
core::Status AuthorizeAssumeRole(const Store& store, const policy::PolicySet& base,
                                 const policy::Request& request, std::string_view service) {
  policy::PolicySet set = base;
  {
    std::shared_lock lock(store.mutex());
    auto it = store.roles.find(Fold(RoleNameOf(request.resource)));
    if (it != store.roles.end() && it->second.arn == request.resource)
      set.resource = it->second.trust.compiled;
  }
  if (set.resource && policy::Evaluate(set, request) == policy::Decision::kAllow) return core::Ok();
  return AccessDeniedFor(service, "User: " + std::string(request.principal_arn) +
                                      " is not authorized to perform: sts:AssumeRole on resource: " +
                                      std::string(request.resource));
}

// Asks check about every (action, resource) pair the request needs.
template <typename Check>
core::Status CheckEach(std::string_view action, const std::vector<std::string>& resources,
                       const net::AuthorizationExtras& extras, const Check& check) {
  // An empty action: the request's actions are all in extras (DynamoDB PartiQL, per statement kind).
  if (!action.empty() && resources.empty()) TARN_TRY(check(action, "*"));
  if (!action.empty())
    for (const auto& resource : resources) TARN_TRY(check(action, resource));
  for (const auto& [also, resource] : extras.also_required) TARN_TRY(check(also, resource));
  return core::Ok();
}

}  // namespace

core::AwsError AccessDeniedFor(std::string_view service, std::string message) {
  // S3: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (AccessDenied, 403).
  if (service == "s3") return core::AwsError("AccessDenied", "Access Denied", 403);
  // Query services (IAM, STS, SNS, CloudWatch, CloudFormation): AccessDenied, 403.
  if (service == "iam" || service == "sts" || service == "sns" || service == "monitoring" ||
      service == "cloudformation")
    return core::AwsError("AccessDenied", std::move(message), 403);
  // Lambda (REST-JSON): AccessDeniedException, 403.
  if (service == "lambda") return core::AwsError("AccessDeniedException", std::move(message), 403);
  // JSON services (DynamoDB, Streams, Logs, Glue, Athena, EventBridge): AccessDeniedException, 400.
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
  return core::AwsError("AccessDeniedException", std::move(message), 400);
}

Authorizer::Authorizer(const Service& iam, const core::Clock& clock, bool enforce)
    : iam_(iam), clock_(clock), enforce_(enforce) {}

core::Status Authorizer::Authorize(const net::RequestContext& context, const net::Operation& operation,
                                   const std::vector<std::string>& resources,
                                   const net::AuthorizationExtras& extras) const {
  const core::Principal& principal = context.principal;
  using Type = core::Principal::Type;
  const std::string& action = extras.action.empty() ? operation.iam_action : extras.action;
  if (principal.type == Type::kRoot) return AuthorizeRoot(context, action, resources, extras);
  // An unsigned request has no identity policies: only a resource's policy naming everyone
  // ("Principal": "*", e.g. a public-read bucket) allows it, --iam off or not.
  if (principal.type == Type::kAnonymous) return AuthorizeAnonymous(context, action, resources, extras);
  if (!enforce_ || NeedsNoPermission(action)) return core::Ok();

  const Store& store = iam_.store();
  std::shared_ptr<const CompiledPrincipal> compiled;
  std::shared_ptr<const Session> session;
  if (principal.type == Type::kAssumedRole) {
    compiled = store.PoliciesOfRole(principal.name);
    session = iam_.sessions().Find(principal.access_key_id);
  } else if (principal.type == Type::kUser) {
    compiled = store.PoliciesOfUser(principal.name);
    if (principal.access_key_id.starts_with("AKIA")) {
      store.RecordKeyUse(principal.access_key_id,
                         {core::ToEpochSeconds(context.received_at), context.service, context.region});
    }
  }
  // The user or role was deleted after the credentials were issued: nothing allows anything.
  static const CompiledPrincipal kNobody;
  const CompiledPrincipal& who = compiled ? *compiled : kNobody;
  policy::PolicySet set = who.policies;
  if (session) set.session = session->policy.compiled;

  policy::ConditionContext keys = GlobalContext(
      {&principal, compiled.get(), session ? &session->tags : nullptr}, context, clock_.Now(), extras);
  policy::Request request;
  request.principal_arn = principal.arn;
  request.account_id = principal.account_id;
  request.context = &keys;

  auto check = [&](std::string_view action, std::string_view resource) -> core::Status {
    request.action = action;
    request.resource = resource;
    // aws:ResourceTag/<key> and the like hold for this resource only.
    std::optional<policy::ConditionContext> with_resource_keys;
    request.context = &keys;
    if (auto it = extras.resource_keys.find(std::string(resource)); it != extras.resource_keys.end()) {
      with_resource_keys.emplace(keys);
      for (const auto& [key, values] : it->second) with_resource_keys->Set(key, values);
      request.context = &*with_resource_keys;
    }
    if (action == kAssumeRole) return AuthorizeAssumeRole(store, set, request, context.service);
    set.resource = extras.resource_policy ? extras.resource_policy(resource) : nullptr;
    policy::Decision decision = policy::Evaluate(set, request);
    if (decision == policy::Decision::kAllow) return core::Ok();
    return AccessDeniedFor(context.service, policy::DenialMessage(principal.arn, action, resource, decision));
  };
  return CheckEach(action, resources, extras, check);
}

// The account's root user may do everything its account owns, unless a resource's own policy
// denies it explicitly (a bucket policy can; S3 exempts the bucket policy calls themselves). Its
// requests carry no computed condition keys (the dispatcher skips them), so only the global ones
// decide such a Deny's conditions.
core::Status Authorizer::AuthorizeRoot(const net::RequestContext& context, std::string_view action,
                                       const std::vector<std::string>& resources,
                                       const net::AuthorizationExtras& extras) const {
  if (!extras.resource_policy) return core::Ok();
  std::optional<policy::ConditionContext> keys;  // built only when some resource has a policy
  policy::Request request;
  request.principal_arn = context.principal.arn;
  request.account_id = context.principal.account_id;
  auto check = [&](std::string_view action, std::string_view resource) -> core::Status {
    std::shared_ptr<const policy::Policy> resource_policy = extras.resource_policy(resource);
    if (!resource_policy) return core::Ok();
    if (!keys) keys = GlobalContext({&context.principal, nullptr, nullptr}, context, clock_.Now(), extras);
    request.context = &*keys;
    request.action = action;
    request.resource = resource;
    if (resource_policy->Evaluate(request) != policy::Effect::kDeny) return core::Ok();
    return AccessDeniedFor(context.service, policy::DenialMessage(context.principal.arn, action, resource,
                                                                  policy::Decision::kExplicitDenyResource));
  };
  return CheckEach(action, resources, extras, check);
}

core::Status Authorizer::AuthorizeAnonymous(const net::RequestContext& context, std::string_view action,
                                            const std::vector<std::string>& resources,
                                            const net::AuthorizationExtras& extras) const {
  std::optional<policy::ConditionContext> keys;  // built only when some resource has a policy
  policy::Request request;                       // principal_arn and account_id stay empty: nobody's
  auto check = [&](std::string_view action, std::string_view resource) -> core::Status {
    policy::PolicySet set;
    set.resource = extras.resource_policy ? extras.resource_policy(resource) : nullptr;
    policy::Decision decision = policy::Decision::kNoIdentityAllow;
    if (set.resource) {
      if (!keys) keys = GlobalContext({&context.principal, nullptr, nullptr}, context, clock_.Now(), extras);
      request.context = &*keys;
      request.action = action;
      request.resource = resource;
      decision = policy::Evaluate(set, request);
    }
    if (decision == policy::Decision::kAllow) return core::Ok();
    return AccessDeniedFor(context.service, policy::DenialMessage("anonymous", action, resource, decision));
  };
  return CheckEach(action, resources, extras, check);
}

}  // namespace tarn::iam
