// CloudWatch Logs error factories; the messages follow what CloudWatch Logs answers.
#include "logs/errors.h"

namespace tarn::logs {

core::AwsError InvalidParameterException(std::string message) {
  return core::AwsError("InvalidParameterException", std::move(message));
}

core::AwsError ResourceNotFoundException(std::string message) {
  return core::AwsError("ResourceNotFoundException", std::move(message));
}

core::AwsError LogGroupNotFound() {
  return ResourceNotFoundException("The specified log group does not exist.");
}

core::AwsError LogStreamNotFound() {
  return ResourceNotFoundException("The specified log stream does not exist.");
}

core::AwsError LogGroupAlreadyExists() {
  return core::AwsError("ResourceAlreadyExistsException", "The specified log group already exists");
}

core::AwsError LogStreamAlreadyExists() {
  return core::AwsError("ResourceAlreadyExistsException", "The specified log stream already exists");
}

core::AwsError TooManyTagsException(std::string message) {
  return core::AwsError("TooManyTagsException", std::move(message));
}

core::AwsError ServiceUnavailableException(std::string message) {
  return core::AwsError("ServiceUnavailableException", std::move(message), 500);
}

}  // namespace tarn::logs
