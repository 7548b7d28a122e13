#pragma once
// MalformedPolicyDocument (HTTP 400): IAM's answer to a policy document it refuses on write, with
// the messages IAM uses (client code and test suites match on them). Pure values.
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html (Errors)

#include <string>
#include <string_view>

#include "core/aws_error.h"

namespace tarn::iam::policy {

inline constexpr std::string_view kSyntaxErrors = "Syntax errors in policy.";
inline constexpr std::string_view kVersionTooOld = "Policy document must be version 2012-10-17 or greater.";
inline constexpr std::string_view kLegacyParsing = "The policy failed legacy parsing";
inline constexpr std::string_view kShouldNotSpecifyPrincipal =
    "Policy document should not specify a principal.";
// Resource policies (S3, SNS and Lambda word it so; the caller maps the code to its service's).
inline constexpr std::string_view kMissingPrincipal = "Missing required field Principal";
// Trust policies (CreateRole, UpdateAssumeRolePolicy): IAM's own wordings.
inline constexpr std::string_view kTrustInvalidJson = "This policy contains invalid Json";
inline constexpr std::string_view kTrustNoPrincipal =
    "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a "
    "statement with no principals!";
inline constexpr std::string_view kTrustProhibitedResource = "Has prohibited field Resource";
inline constexpr std::string_view kTrustActions =
    "AssumeRole policy may only specify STS AssumeRole actions.";
inline constexpr std::string_view kMissingActions = "Policy statement must contain actions.";
inline constexpr std::string_view kMissingResources = "Policy statement must contain resources.";
inline constexpr std::string_view kDuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
inline constexpr std::string_view kSidNotAlphanumeric =
    "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression "
    "[0-9A-Za-z]*";
inline constexpr std::string_view kMissingVendor =
    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
inline constexpr std::string_view kOneColon = "Actions/Condition can contain only one colon.";

inline core::AwsError MalformedPolicyDocument(std::string_view message) {
  return core::AwsError("MalformedPolicyDocument", std::string(message), 400);
}

}  // namespace tarn::iam::policy
