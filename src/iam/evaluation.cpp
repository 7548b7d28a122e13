// Global condition keys and decision names (evaluation.h).
#include "iam/evaluation.h"

#include <string>

#include "core/time_format.h"
#include "iam/store.h"

namespace tarn::iam {

policy::ConditionContext GlobalContext(const CallerKeys& caller, const net::RequestContext& request,
                                       core::TimePoint now, const net::AuthorizationExtras& extras) {
  policy::ConditionContext c;
  const core::Principal& p = *caller.principal;
  c.Set("aws:PrincipalAccount", p.account_id);
  switch (p.type) {
    case core::Principal::Type::kRoot:
      c.Set("aws:PrincipalType", std::string("Account"));
      c.Set("aws:userid", p.account_id);
      c.Set("aws:PrincipalArn", p.arn);
      break;
    case core::Principal::Type::kUser:
      c.Set("aws:PrincipalType", std::string("User"));
      c.Set("aws:username", p.name);
      c.Set("aws:userid", caller.compiled ? caller.compiled->id : p.user_id);
      c.Set("aws:PrincipalArn", p.arn);
      break;
    case core::Principal::Type::kAssumedRole:
      c.Set("aws:PrincipalType", std::string("AssumedRole"));
      c.Set("aws:userid", p.user_id);
      // For role sessions aws:PrincipalArn is the role's ARN, not the session's.
      c.Set("aws:PrincipalArn", caller.compiled ? caller.compiled->arn : p.arn);
      break;
    default:
      c.Set("aws:PrincipalType", std::string("Anonymous"));
      break;
  }
  if (caller.compiled) {
    for (const auto& [k, v] : caller.compiled->tags) {
      bool overridden = false;
      if (caller.session_tags)
        for (const auto& [sk, _] : *caller.session_tags) overridden |= sk == k;
      if (!overridden) c.Set("aws:PrincipalTag/" + k, v);
    }
  }
  if (caller.session_tags)
    for (const auto& [k, v] : *caller.session_tags) c.Set("aws:PrincipalTag/" + k, v);
  if (!request.source_ip.empty()) c.Set("aws:SourceIp", request.source_ip);
  c.Set("aws:CurrentTime", core::FormatIso8601(now));
  c.Set("aws:EpochTime",
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()));
  c.Set("aws:SecureTransport", std::string(request.secure_transport ? "true" : "false"));
  c.Set("aws:RequestedRegion", request.region);
  for (const auto& [key, values] : extras.condition_keys) c.Set(key, values);
  return c;
}

std::string_view DecisionName(policy::Decision decision) {
  if (decision == policy::Decision::kAllow) return "allowed";
  return IsExplicitDeny(decision) ? "explicitDeny" : "implicitDeny";
}

bool IsExplicitDeny(policy::Decision decision) {
  switch (decision) {
    case policy::Decision::kExplicitDenyIdentity:
    case policy::Decision::kExplicitDenyResource:
    case policy::Decision::kExplicitDenyBoundary:
    case policy::Decision::kExplicitDenySession:
      return true;
    default:
      return false;
  }
}

}  // namespace tarn::iam
