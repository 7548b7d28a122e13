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

// The role name of arn:aws:iam::<account>:role[/path]/<name>; empty if it is not a role ARN.
std::string RoleNameOf(std::string_view arn) {
  auto colon = arn.rfind(':');
  if (colon == std::string_view::npos) return "";
  std::string_view resource = arn.substr(colon + 1);
  if (!resource.starts_with("role/")) return "";
  return std::string(resource.substr(resource.rfind('/') + 1));
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
  if (principal.type == Type::kRoot) return core::Ok();
  const std::string& action = extras.action.empty() ? operation.iam_action : extras.action;
  std::string_view first_resource =
      resources.empty() ? std::string_view("*") : std::string_view(resources.front());
  if (principal.type == Type::kAnonymous) {
    return AccessDeniedFor(context.service, policy::DenialMessage("anonymous", action, first_resource,
                                                                  policy::Decision::kNoIdentityAllow));
  }
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
    policy::Decision decision = policy::Evaluate(set, request);
    if (decision == policy::Decision::kAllow) return core::Ok();
    return AccessDeniedFor(context.service, policy::DenialMessage(principal.arn, action, resource, decision));
  };
  // An empty action: the request's actions are all in extras (DynamoDB PartiQL, per statement kind).
  if (!action.empty() && resources.empty()) TARN_TRY(check(action, "*"));
  if (!action.empty())
    for (const auto& resource : resources) TARN_TRY(check(action, resource));
  for (const auto& [also, resource] : extras.also_required) TARN_TRY(check(also, resource));
  return core::Ok();
}

}  // namespace tarn::iam
