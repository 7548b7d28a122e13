#pragma once
// What the authorizer and SimulatePrincipalPolicy share: the request context keys IAM sets for
// every request (global condition keys) and the names of decisions. Pure functions; safe from any
// thread.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

#include <string_view>

#include "core/clock.h"
#include "core/principal.h"
#include "iam/policy/policy.h"
#include "iam/records.h"
#include "net/registry.h"

namespace tarn::iam {

struct CompiledPrincipal;

// The identity of the caller as condition keys see it.
struct CallerKeys {
  const core::Principal* principal = nullptr;
  const CompiledPrincipal* compiled = nullptr;  // the user or role; nullptr for root/anonymous
  const Tags* session_tags = nullptr;           // AssumeRole session tags (override the role's)
};

// aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
// aws:PrincipalTag/<k>, aws:SourceIp, aws:CurrentTime, aws:EpochTime, aws:SecureTransport,
// aws:RequestedRegion, then the request's own keys (extras).
policy::ConditionContext GlobalContext(const CallerKeys& caller, const net::RequestContext& request,
                                       core::TimePoint now, const net::AuthorizationExtras& extras);

// SimulatePrincipalPolicy's EvalDecision: "allowed", "explicitDeny" or "implicitDeny".
std::string_view DecisionName(policy::Decision decision);
bool IsExplicitDeny(policy::Decision decision);

}  // namespace tarn::iam
