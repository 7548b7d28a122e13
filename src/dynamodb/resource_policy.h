#pragma once
// DynamoDB resource-based policies (PutResourcePolicy, CreateTable's ResourcePolicy): the checks
// DynamoDB makes of a document before accepting it, and the canonical form GetResourcePolicy answers
// and equivalence is decided on (a re-put of an equivalent document keeps its RevisionId).
//   https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
// Messages and the canonical form as AWS answered them (recorded against AWS in moto's aws_verified
// test_dynamodb_resource_policy.py and in the ACK DynamoDB controller's API findings).

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "iam/policy/policy.h"

namespace tarn::dynamodb {

// "The maximum size supported for a resource-based policy document is 20 KB. DynamoDB counts
// whitespaces when calculating the size of a policy against this limit."
inline constexpr size_t kMaxResourcePolicyBytes = 20 * 1024;

struct CheckedResourcePolicy {
  std::shared_ptr<const iam::policy::Policy> compiled;
  // Minified; members in the order Version, Id, Statement and Sid, Effect, Principal, NotPrincipal,
  // Action, NotAction, Resource, NotResource, Condition; a one-element Action/Resource list as its
  // element; {"AWS": "<account id>"} as the account's root ARN, a principal list without repeats.
  std::string canonical;
  // The document named no Version: GetResourcePolicy shows "2008-10-17", but a re-put of that shown
  // form is a change (AWS judges equivalence on the Version as sent).
  bool versionless = false;
};

// ValidationException with DynamoDB's words for a document it refuses. `stream`: the policy is for a
// table's stream (stream actions are refused in a table's policy).
core::Result<CheckedResourcePolicy> CheckResourcePolicy(std::string_view document, bool stream = false);

// The stored canonical form compiled again (at start-up); nullptr if it no longer parses.
std::shared_ptr<const iam::policy::Policy> CompileStoredPolicy(std::string_view canonical);

}  // namespace tarn::dynamodb
