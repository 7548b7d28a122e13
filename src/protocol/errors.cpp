// The protocol layer's own AWS errors (errors.h). Wording from AWS's common-error pages:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (Query family),
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (S3).

#include "protocol/errors.h"

#include <string>

namespace tarn::protocol {

core::AwsError UnknownOperation() { return core::AwsError("UnknownOperationException", "", 400); }

core::AwsError SerializationError(std::string message) {
  return core::AwsError("SerializationException", std::move(message), 400);
}

core::AwsError InvalidAction(std::string_view action) {
  return core::AwsError("InvalidAction",
                        "The action " + std::string(action) + " is not valid for this web service.", 400);
}

core::AwsError MissingAction() {
  return core::AwsError("MissingAction", "The request must contain the parameter Action.", 400);
}

core::AwsError MalformedQueryString(std::string_view detail) {
  return core::AwsError("MalformedQueryString", std::string(detail), 400);
}

core::AwsError MalformedXml() {
  return core::AwsError("MalformedXML",
                        "The XML you provided was not well-formed or did not validate against our published "
                        "schema",
                        400);
}

core::AwsError MethodNotAllowed() {
  return core::AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.",
                        405);
}

std::string_view ValidationErrorCode(const ServiceModel& service) {
  const std::string& name = service.name();
  if (name == "iam" || name == "sts" || name == "cloudformation") return "ValidationError";
  if (name == "sns") return "InvalidParameter";
  if (name == "logs") return "InvalidParameterException";
  if (name == "cloudwatch") return "InvalidParameterValue";
  if (name == "s3") return "InvalidArgument";
  return "ValidationException";
}

core::AwsError InvalidValue(const ServiceModel& service, std::string_view member, std::string_view value,
                            std::string_view type) {
  return core::AwsError(std::string(ValidationErrorCode(service)),
                        "1 validation error detected: Value '" + std::string(value) + "' at '" +
                            std::string(member) + "' failed to satisfy constraint: Member must be of type " +
                            std::string(type),
                        400);
}

}  // namespace tarn::protocol
