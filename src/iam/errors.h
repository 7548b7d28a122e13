#pragma once
// IAM's errors as core::AwsError values, with the codes and HTTP statuses of botocore's iam model
// and IAM's own messages (e.g. "The user with name app cannot be found."). Pure factories; safe
// from any thread.

#include <string>
#include <string_view>

#include "core/aws_error.h"

namespace tarn::iam {

// 404 NoSuchEntity.
core::AwsError NoSuchEntity(std::string message);
// "The user with name <name> cannot be found." (kind: user, group, role)
core::AwsError NoSuchNamedEntity(std::string_view kind, std::string_view name);
// "Policy <arn> does not exist or is not attachable."
core::AwsError NoSuchPolicy(std::string_view arn);
// Whether `arn` has the form of a managed policy's ARN (arn:aws:iam::<account>|aws:policy/...): IAM
// refuses any other text as "ARN <arn> is not valid." before looking for the policy.
bool IsPolicyArn(std::string_view arn);
// 409 EntityAlreadyExists.
core::AwsError EntityAlreadyExists(std::string message);
// 409 DeleteConflict.
core::AwsError DeleteConflict(std::string message);
// 409 LimitExceeded.
core::AwsError LimitExceeded(std::string message);
// 400 InvalidInput.
core::AwsError InvalidInput(std::string message);
// 400 ValidationError (the Query services' validation code).
core::AwsError ValidationError(std::string message);
// 400 PolicyNotAttachable.
core::AwsError PolicyNotAttachable(std::string message);

}  // namespace tarn::iam
