#pragma once
// Policy variables in Resource and condition values (Version 2012-10-17 only): ${aws:username},
// ${aws:PrincipalTag/team}, ${s3:prefix}, a default value ${aws:username, 'anonymous'}, and the
// escapes ${*} ${?} ${$} for literal characters.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// Pure functions.

#include <string>
#include <string_view>

namespace tarn::iam::policy {

class ConditionContext;

bool ContainsPolicyVariable(std::string_view text);

enum class Expansion {
  kPattern,  // output in wildcard.h's escaped form: the policy's wildcards stay, values are literal
  kLiteral,  // output plain text (StringEquals, NumericEquals, ...)
};

// Replaces each variable of `text` with its value in `context` (or its default). Returns false
// when a variable's key is missing (or multivalued) and has no default: the statement then does
// not match, as IAM documents.
bool ExpandPolicyVariables(std::string_view text, const ConditionContext* context, Expansion mode,
                           std::string& out);

}  // namespace tarn::iam::policy
