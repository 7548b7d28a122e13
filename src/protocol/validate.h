#pragma once
// Model constraint validation shared by every codec: runs on the decoded input document (the
// in-memory JSON of codec.h) against the operation's input shape, collecting every violation the
// way AWS does ("2 validation errors detected: Value null at 'tableName' failed to satisfy
// constraint: Member must not be null; ..."). Pure; safe from any thread.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/result.h"
#include "protocol/model.h"

namespace tarn::protocol {

// OK when input satisfies required/length/range/enum/pattern constraints of operation's input.
// The error code depends on the service's dialect (ValidationException for JSON services,
// ValidationError for IAM/STS, InvalidParameter for SNS, ...; see validate.cpp for sources).
core::Status Validate(const ServiceModel& service, const OperationModel& operation,
                      const boost::json::object& input);

// A value as AWS's validator echoes it ("Value '{pk={S=a}}' at ..."): Java's toString of the
// decoded document (maps as {k=v, ...}, lists as [a, b], strings bare).
std::string ValueText(const boost::json::value& value);

// Whether DynamoDB's newer request validator reads this request: not one nesting deeper than 128 JSON
// levels, which the older validator answers in its own words and order (paritysuite/dynamodb-conformance's
// deepRequests: a value nested 63 levels). Costs a walk of the request: for error paths.
bool DynamoDbNewerValidatorReads(const boost::json::object& input);

}  // namespace tarn::protocol
