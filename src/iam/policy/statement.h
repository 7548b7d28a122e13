#pragma once
// The compiled form of a policy document (private to src/iam/policy): statements with their
// matchers built once by parse.cpp and read, never written, by evaluate.cpp from any thread.

#include <optional>
#include <string>
#include <vector>

#include "iam/policy/conditions.h"
#include "iam/policy/policy.h"
#include "iam/policy/wildcard.h"

namespace tarn::iam::policy {

// A Principal or NotPrincipal element.
struct PrincipalSpec {
  bool everyone = false;               // "*" or {"AWS": "*"}
  std::vector<std::string> aws;        // account ids, arn:aws:iam::ACCOUNT:root, user/role/session ARNs
  std::vector<std::string> services;   // "lambda.amazonaws.com"
  std::vector<std::string> federated;  // identity providers ("cognito-identity.amazonaws.com", SAML ARNs)
  std::vector<std::string> canonical;  // S3 canonical user ids (never match: tarn has none)
};

// How a Principal element names the caller; stronger values stand more on their own in the
// single-account evaluation (evaluate.cpp).
enum class PrincipalMatch { kNone, kAccount, kRole, kCaller };

PrincipalMatch MatchPrincipal(const PrincipalSpec& spec, const Request& request);
// NotPrincipal excludes a caller only when its own ARN (or service) and its account are both
// listed, as the NotPrincipal documentation requires.
bool ExcludedByNotPrincipal(const PrincipalSpec& spec, const Request& request);

struct Statement {
  std::string sid;
  bool allow = false;
  bool not_action = false;
  std::vector<Wildcard> actions;
  bool not_resource = false;
  bool any_resource = false;                    // no Resource element (trust policies)
  std::vector<Wildcard> resources;              // without policy variables
  std::vector<std::string> variable_resources;  // with ${...}: expanded per request
  std::optional<PrincipalSpec> principal;
  bool not_principal = false;
  std::vector<Condition> conditions;
};

struct Policy::Compiled {
  PolicyKind kind = PolicyKind::kIdentity;
  std::vector<Statement> statements;
};

}  // namespace tarn::iam::policy
