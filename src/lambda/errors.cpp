// Lambda error factories; the messages follow what Lambda answers.
#include "lambda/errors.h"

namespace tarn::lambda {

core::AwsError FunctionNotFound(std::string_view function_arn) {
  return core::AwsError("ResourceNotFoundException", "Function not found: " + std::string(function_arn), 404);
}

bool IsFunctionNotFound(const core::AwsError& error) {
  return error.code == "ResourceNotFoundException" && error.message.starts_with("Function not found: ");
}

core::AwsError FunctionAlreadyExists(std::string_view name) {
  return core::AwsError("ResourceConflictException", "Function already exist: " + std::string(name), 409);
}

core::AwsError InvalidParameterValue(std::string message) {
  return core::AwsError("InvalidParameterValueException", std::move(message), 400);
}

core::AwsError PreconditionFailed() {
  return core::AwsError(
      "PreconditionFailedException",
      "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/"
      "GetAlias API to retrieve the latest Revision Id",
      412);
}

core::AwsError AliasNotFound(std::string_view alias_arn) {
  return core::AwsError("ResourceNotFoundException", "Cannot find alias arn: " + std::string(alias_arn), 404);
}

core::AwsError ResourceConflict(std::string message) {
  return core::AwsError("ResourceConflictException", std::move(message), 409);
}

core::AwsError CouldNotUnzip() {
  return InvalidParameterValue(
      "Could not unzip uploaded file. Please check your file, then try to upload again.");
}

core::AwsError TooManyRequests(std::string_view reason) {
  core::AwsError error("TooManyRequestsException", "Rate Exceeded.", 429);
  error.extra["Reason"] = reason;
  return error;
}

core::AwsError RequestTooLarge(std::string message) {
  return core::AwsError("RequestTooLargeException", std::move(message), 413);
}

core::AwsError InvalidRuntime(std::string message) {
  return core::AwsError("InvalidRuntimeException", std::move(message), 502);
}

core::AwsError ServiceException(std::string message) {
  return core::AwsError("ServiceException", std::move(message), 500);
}

}  // namespace tarn::lambda
