#pragma once
// CloudWatch Logs' errors as core::AwsError values, with the codes of the API reference
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html and each
// operation's Errors section). Pure factories; safe from any thread.

#include <string>

#include "core/aws_error.h"

namespace tarn::logs {

// 400. Bad input: out-of-order events, bad tokens, bad filter patterns, conflicting parameters.
core::AwsError InvalidParameterException(std::string message);
// 400. "The specified log group does not exist." / "The specified log stream does not exist."
core::AwsError LogGroupNotFound();
core::AwsError LogStreamNotFound();
core::AwsError ResourceNotFoundException(std::string message);
// 400. "The specified log group already exists" / "The specified log stream already exists"
core::AwsError LogGroupAlreadyExists();
core::AwsError LogStreamAlreadyExists();
// 400. More than 50 tags on a log group.
core::AwsError TooManyTagsException(std::string message);
// 500.
core::AwsError ServiceUnavailableException(std::string message = "The service cannot complete the request.");

}  // namespace tarn::logs
