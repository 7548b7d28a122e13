#pragma once
// IAM policy documents and their evaluation: pure functions and immutable values, no I/O, no
// locks. The only header other code includes from src/iam/policy.
//
// Policy::Parse validates a JSON policy document as IAM does on write (MalformedPolicyDocument
// with IAM's message) and compiles it once; a compiled Policy is immutable and shared between
// threads (callers cache them and drop them when the document changes). Evaluate() implements the
// AWS policy evaluation logic for a single account:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// explicit Deny anywhere > Allow > implicit deny; identity policies and an optional permissions
// boundary intersect; a resource-based policy can allow on its own; a session policy intersects.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace boost::json {
class object;
}

namespace tarn::iam::policy {

// What a document is used as: the grammar differs (identity and boundary documents must not name a
// Principal; resource and trust documents must).
enum class PolicyKind {
  kIdentity,  // managed or inline policy attached to a user, group or role; also boundaries
  kResource,  // bucket policy, topic policy, function policy
  kTrust,     // a role's AssumeRolePolicyDocument
};

// The request context keys of one request: global keys (aws:username, aws:userid,
// aws:PrincipalArn, aws:SourceIp, aws:CurrentTime, aws:EpochTime, aws:SecureTransport,
// aws:PrincipalTag/<k>, aws:RequestTag/<k>, aws:ResourceTag/<k>, aws:TagKeys, ...) and service keys
// (dynamodb:LeadingKeys, s3:prefix, ...). Key names compare case-insensitively, values are strings
// as IAM sees them (numbers and dates in their text form, booleans "true"/"false"). A key may have
// several values (multivalued keys for ForAllValues/ForAnyValue).
class ConditionContext {
 public:
  void Set(std::string_view key, std::string value);
  void Set(std::string_view key, std::vector<std::string> values);
  // nullptr when the request has no such key.
  const std::vector<std::string>* Find(std::string_view key) const;

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> keys_;  // lower-cased key names
};

// One authorization question: may `principal_arn` perform `action` on `resource`?
struct Request {
  std::string_view action;         // "dynamodb:PutItem"; service prefix compares case-insensitively
  std::string_view resource;       // an ARN, or "*" for actions without a resource
  std::string_view principal_arn;  // the caller (matched by resource/trust policies' Principal)
  std::string_view account_id;     // the caller's account ("AWS": "123456789012" principals)
  // Service principals asking (a trust policy "Service": "lambda.amazonaws.com"); empty for users.
  std::string_view service_principal;
  const ConditionContext* context = nullptr;  // also the source of ${aws:...} policy variables
};

// What one document says about one request.
enum class Effect { kNotApplicable, kAllow, kDeny };

// Rules that depend on where a document is written rather than on its kind.
struct ParseOptions {
  // CreatePolicy/CreatePolicyVersion (managed policies) refuse documents without
  // "Version": "2012-10-17" ("Policy document must be version 2012-10-17 or greater."); inline
  // policies and trust policies still accept 2008-10-17 or no Version.
  bool require_version_2012 = false;
};

class Policy {
 public:
  // Validates and compiles `document`. Errors: MalformedPolicyDocument (400) with IAM's message,
  // e.g. "Syntax errors in policy.", "Policy document should not specify a principal.".
  static core::Result<std::shared_ptr<const Policy>> Parse(std::string_view document, PolicyKind kind);
  static core::Result<std::shared_ptr<const Policy>> Parse(std::string_view document, PolicyKind kind,
                                                           const ParseOptions& options);

  // Deny if any matching statement denies, else Allow if any matching statement allows.
  Effect Evaluate(const Request& request) const;

  // For resource and trust policies: also how the strongest matching Allow named the caller.
  // Within one account an Allow naming the caller itself stands on its own, one naming its role
  // still needs the boundary and session policy, and one naming its account delegates to the
  // identity policies (see Evaluate(PolicySet, Request)).
  enum class AllowedBy { kNone, kAccount, kRole, kCaller };
  struct Detail {
    Effect effect = Effect::kNotApplicable;
    AllowedBy allowed_by = AllowedBy::kNone;
  };
  Detail EvaluateDetail(const Request& request) const;

  PolicyKind kind() const;
  ~Policy();

  struct Compiled;  // implementation detail (statements, compiled matchers)
  explicit Policy(std::unique_ptr<Compiled> compiled);

 private:
  std::unique_ptr<Compiled> compiled_;
};

using PolicyPtr = std::shared_ptr<const Policy>;

// Every policy that applies to one principal's request.
struct PolicySet {
  std::vector<PolicyPtr> identity;  // the user's, its groups', or the role's policies
  PolicyPtr boundary;               // the permissions boundary, or nullptr
  PolicyPtr session;                // an AssumeRole/GetFederationToken session policy, or nullptr
  PolicyPtr resource;               // the resource's own policy, or nullptr
};

// Why a request was allowed or denied; selects the wording of AccessDenied messages.
enum class Decision {
  kAllow,
  kExplicitDenyIdentity,  // "... with an explicit deny in an identity-based policy"
  kExplicitDenyResource,  // "... with an explicit deny in a resource-based policy"
  kExplicitDenyBoundary,  // "... with an explicit deny in a permissions boundary"
  kExplicitDenySession,   // "... with an explicit deny in a session policy"
  kNoIdentityAllow,       // "... because no identity-based policy allows the <action> action"
  kNoBoundaryAllow,       // "... because no permissions boundary allows the <action> action"
  kNoSessionAllow,        // "... because no session policy allows the <action> action"
  kNoResourceAllow,       // "... because no resource-based policy allows the <action> action"
};

Decision Evaluate(const PolicySet& policies, const Request& request);

// AWS's AccessDenied message for a denial, e.g. "User: arn:aws:iam::000000000000:user/app is not
// authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:...:table/student because
// no identity-based policy allows the dynamodb:PutItem action". An empty principal_arn reads
// "anonymous"; a resource of "*" (actions without resource-level permissions) is left out.
std::string DenialMessage(std::string_view principal_arn, std::string_view action, std::string_view resource,
                          Decision decision);

// The condition keys that pin a statement's grant to fixed values (pinned_keys.cpp): the test behind
// "public" in S3's and DynamoDB's block public access ("The meaning of public",
// access-control-block-public-access.html; rbac-bpa-rbp.html). Each service decides which keys count.
struct PinnedKey {
  std::string key;                  // lower-cased, e.g. "aws:sourcearn"
  std::vector<std::string> values;  // as IAM compares them: strings, and booleans/numbers as text
};
// Every key of a Condition block whose values are all scalars without wildcards (* ?) or policy
// variables (${...}), under an operator that is neither negated nor ...IfExists (those let requests
// without the key through, so they pin nothing).
std::vector<PinnedKey> PinnedConditionKeys(const boost::json::object& condition);

}  // namespace tarn::iam::policy
