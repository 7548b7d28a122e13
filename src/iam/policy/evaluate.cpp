// Policy evaluation: one document (Policy::Evaluate) and every document of a request in one
// account (Evaluate(PolicySet, Request)), following
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// Allocation-free except for statements whose Resource or condition values hold policy variables.

#include <algorithm>

#include "iam/policy/statement.h"
#include "iam/policy/variables.h"

namespace tarn::iam::policy {
namespace {

bool ActionMatches(const Statement& s, std::string_view action) {
  const bool listed =
      std::any_of(s.actions.begin(), s.actions.end(), [&](const Wildcard& w) { return w.Matches(action); });
  return listed != s.not_action;
}

// False also when a policy variable of a NotResource entry has no value: a statement whose
// variables cannot be resolved does not match.
bool ResourceMatches(const Statement& s, const Request& request) {
  if (s.any_resource) return true;
  bool listed = std::any_of(s.resources.begin(), s.resources.end(),
                            [&](const Wildcard& w) { return w.Matches(request.resource); });
  if (!listed && !s.variable_resources.empty()) {
    std::string expanded;
    for (const std::string& raw : s.variable_resources) {
      if (!ExpandPolicyVariables(raw, request.context, Expansion::kPattern, expanded)) {
        if (s.not_resource) return false;
        continue;
      }
      if (MatchArn(expanded, request.resource)) {
        listed = true;
        break;
      }
    }
  }
  return listed != s.not_resource;
}

PrincipalMatch PrincipalMatches(const Statement& s, const Request& request) {
  if (!s.principal) return PrincipalMatch::kCaller;  // identity policies speak about their holder
  if (s.not_principal)
    return ExcludedByNotPrincipal(*s.principal, request) ? PrincipalMatch::kNone : PrincipalMatch::kCaller;
  return MatchPrincipal(*s.principal, request);
}

bool ConditionsHold(const Statement& s, const Request& request) {
  return std::all_of(s.conditions.begin(), s.conditions.end(), [&](const Condition& c) {
    return c.Evaluate(request.context) == Condition::Outcome::kTrue;
  });
}

Policy::AllowedBy ToAllowedBy(PrincipalMatch match) {
  switch (match) {
    case PrincipalMatch::kCaller:
      return Policy::AllowedBy::kCaller;
    case PrincipalMatch::kRole:
      return Policy::AllowedBy::kRole;
    case PrincipalMatch::kAccount:
      return Policy::AllowedBy::kAccount;
    case PrincipalMatch::kNone:
      break;
  }
  return Policy::AllowedBy::kNone;
}

Effect EffectOf(const PolicyPtr& policy, const Request& request) {
  return policy == nullptr ? Effect::kNotApplicable : policy->Evaluate(request);
}

}  // namespace

Policy::Detail Policy::EvaluateDetail(const Request& request) const {
  Detail detail;
  for (const Statement& s : compiled_->statements) {
    if (!ActionMatches(s, request.action) || !ResourceMatches(s, request)) continue;
    const PrincipalMatch principal = PrincipalMatches(s, request);
    if (principal == PrincipalMatch::kNone || !ConditionsHold(s, request)) continue;
    if (!s.allow) return Detail{Effect::kDeny, AllowedBy::kNone};  // an explicit deny ends it
    detail.effect = Effect::kAllow;
    detail.allowed_by = std::max(detail.allowed_by, ToAllowedBy(principal));
  }
  return detail;
}

Effect Policy::Evaluate(const Request& request) const { return EvaluateDetail(request).effect; }

Decision Evaluate(const PolicySet& policies, const Request& request) {
  // Each document is evaluated once: an explicit deny anywhere wins, reported in this order.
  bool identity_allows = false;
  for (const PolicyPtr& p : policies.identity) {
    const Effect effect = p == nullptr ? Effect::kNotApplicable : p->Evaluate(request);
    if (effect == Effect::kDeny) return Decision::kExplicitDenyIdentity;
    identity_allows = identity_allows || effect == Effect::kAllow;
  }
  Policy::Detail resource;
  if (policies.resource != nullptr) {
    resource = policies.resource->EvaluateDetail(request);
    if (resource.effect == Effect::kDeny) return Decision::kExplicitDenyResource;
  }
  const Effect boundary = EffectOf(policies.boundary, request);
  if (boundary == Effect::kDeny) return Decision::kExplicitDenyBoundary;
  const Effect session = EffectOf(policies.session, request);
  if (session == Effect::kDeny) return Decision::kExplicitDenySession;

  // Within one account, a resource-based policy naming the caller itself (its user or session
  // ARN) allows on its own: identity policies, boundary and session policy do not limit it.
  const bool resource_allows = resource.effect == Effect::kAllow;
  if (resource_allows && resource.allowed_by == Policy::AllowedBy::kCaller) return Decision::kAllow;
  // A trust policy must allow the caller in any case (AssumeRole).
  if (policies.resource != nullptr && policies.resource->kind() == PolicyKind::kTrust && !resource_allows) {
    return Decision::kNoResourceAllow;
  }
  // Identity policies must allow, unless the resource policy allowed the caller's role; an Allow
  // naming only the account delegates to the identity policies.
  if (!identity_allows && !(resource_allows && resource.allowed_by == Policy::AllowedBy::kRole)) {
    return Decision::kNoIdentityAllow;
  }
  // The permissions boundary and the session policy intersect.
  if (policies.boundary != nullptr && boundary != Effect::kAllow) return Decision::kNoBoundaryAllow;
  if (policies.session != nullptr && session != Effect::kAllow) return Decision::kNoSessionAllow;
  return Decision::kAllow;
}

std::string DenialMessage(std::string_view principal_arn, std::string_view action, std::string_view resource,
                          Decision decision) {
  if (decision == Decision::kAllow) return {};
  std::string message = "User: ";
  message.append(principal_arn.empty() ? std::string_view("anonymous") : principal_arn)
      .append(" is not authorized to perform: ")
      .append(action);
  // Actions without resource-level permissions are denied without naming a resource.
  if (!resource.empty() && resource != "*") message.append(" on resource: ").append(resource);
  auto because_no = [&](std::string_view policy_type) {
    message.append(" because no ")
        .append(policy_type)
        .append(" allows the ")
        .append(action)
        .append(" action");
  };
  switch (decision) {
    case Decision::kExplicitDenyIdentity:
      message += " with an explicit deny in an identity-based policy";
      break;
    case Decision::kExplicitDenyResource:
      message += " with an explicit deny in a resource-based policy";
      break;
    case Decision::kExplicitDenyBoundary:
      message += " with an explicit deny in a permissions boundary";
      break;
    case Decision::kExplicitDenySession:
      message += " with an explicit deny in a session policy";
      break;
    case Decision::kNoIdentityAllow:
      because_no("identity-based policy");
      break;
    case Decision::kNoBoundaryAllow:
      because_no("permissions boundary");
      break;
    case Decision::kNoSessionAllow:
      because_no("session policy");
      break;
    case Decision::kNoResourceAllow:
      because_no("resource-based policy");
      break;
    case Decision::kAllow:
      break;
  }
  return message;
}

}  // namespace tarn::iam::policy
