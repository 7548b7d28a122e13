#pragma once
// The AWS errors the protocol layer itself answers with (malformed input, unknown operations),
// spelled and worded as AWS sends them. Internal to src/protocol; pure factories, thread-safe.

#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "protocol/model.h"

namespace tarn::protocol {

// JSON protocols: X-Amz-Target names no operation of the service (400, no message; DynamoDB
// sends {"__type":"com.amazon.coral.service#UnknownOperationException"}).
core::AwsError UnknownOperation();
// JSON protocols: body is not JSON or a member has the wrong JSON type. Messages are Coral's
// ("NUMBER_VALUE can not be converted to a String", "Start of list found where not expected").
core::AwsError SerializationError(std::string message = "");
// Query protocol: Action names no operation (400).
core::AwsError InvalidAction(std::string_view action);
// Query protocol: no Action parameter at all (400).
core::AwsError MissingAction();
// Query protocol: the form body or query string is not valid percent/form encoding.
core::AwsError MalformedQueryString(std::string_view detail);
// S3: XML body not well formed or not matching the schema.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
core::AwsError MalformedXml();
// S3: the route exists for the path but not for this method.
core::AwsError MethodNotAllowed();
// A query-string/header value the codec cannot convert to the member's type, in the service's
// validation dialect (see validate.h for who answers what).
core::AwsError InvalidValue(const ServiceModel& service, std::string_view member, std::string_view value,
                            std::string_view type);
// The code the service answers for constraint violations (validate.cpp documents the sources):
// ValidationException, ValidationError (IAM/STS/CloudFormation), InvalidParameter (SNS),
// InvalidParameterException (Logs), InvalidParameterValue (CloudWatch), InvalidArgument (S3).
std::string_view ValidationErrorCode(const ServiceModel& service);

}  // namespace tarn::protocol
