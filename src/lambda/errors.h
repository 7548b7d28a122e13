#pragma once
// Lambda's errors as core::AwsError values, codes and HTTP statuses from botocore's lambda model
// and the API reference (https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html and each
// operation's Errors section); messages copy Lambda's wording. Pure factories; thread-safe.

#include <string>
#include <string_view>

#include "core/aws_error.h"

namespace tarn::lambda {

// 404 "Function not found: arn:aws:lambda:<region>:<account>:function:<name>"
core::AwsError FunctionNotFound(std::string_view function_arn);
// Whether `error` is FunctionNotFound's (not another 404, e.g. a function of another region).
bool IsFunctionNotFound(const core::AwsError& error);
// 409 "Function already exist: <name>"
core::AwsError FunctionAlreadyExists(std::string_view name);
// 400
core::AwsError InvalidParameterValue(std::string message);
// 412 a RevisionId that is not the resource's current one
core::AwsError PreconditionFailed();
// 404 "Cannot find alias arn: <alias ARN>"
core::AwsError AliasNotFound(std::string_view alias_arn);
// 409 ResourceConflictException with the message given
core::AwsError ResourceConflict(std::string message);
// 400 "Could not unzip uploaded file. Please check your file, then try to upload again."
core::AwsError CouldNotUnzip();
// 429 reserved concurrency reached ("Rate Exceeded.", Reason
// ReservedFunctionConcurrentInvocationLimitExceeded)
core::AwsError TooManyRequests(std::string_view reason);
// 413 payload over the invocation type's limit
core::AwsError RequestTooLarge(std::string message);
// 502 a runtime tarn cannot start
core::AwsError InvalidRuntime(std::string message);
// 500
core::AwsError ServiceException(std::string message);

}  // namespace tarn::lambda
