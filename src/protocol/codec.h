#pragma once
// Protocol codecs: turn an AWS wire request (JSON 1.0/1.1, Query, REST-JSON, REST-XML) into one
// operation + one JSON document, and an Output or AwsError back into the protocol's exact wire
// form. Codecs know the service models and nothing of services, storage or business rules
// (STYLE.md). The codecs are stateless singletons: CodecFor() may be called from any thread and
// every method is const and thread-safe.
//
// In-memory document conventions (net::Call::input / net::Output::json): member names exactly as
// in the model; integers/longs as JSON integers; floats/doubles as doubles; booleans; timestamps
// as epoch seconds (a JSON number, possibly fractional); blobs as base64 strings; documents as
// JSON; maps as objects; lists as arrays. Streaming payload members are never in the document
// (net::Call::body / net::Output::body carry them).

#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.h"
#include "net/http.h"
#include "net/registry.h"
#include "protocol/model.h"

namespace tarn::protocol {

class Codec {
 public:
  virtual ~Codec() = default;
  virtual Protocol protocol() const = 0;
  // The operation this request calls. JSON: X-Amz-Target "<prefix>.<Operation>"; Query: Action
  // (query string for GET, form body for POST); REST: method + requestUri template match.
  // Errors as AWS gives them: JSON UnknownOperationException (400); Query InvalidAction (400,
  // "The action X is not valid for this web service.") or MissingAction; REST: what the service
  // answers (Lambda UnknownOperationException 404; S3 MethodNotAllowed 405).
  virtual core::Result<const OperationModel*> Identify(const ServiceModel& service,
                                                       const net::HttpRequest& request,
                                                       std::string_view body) const = 0;
  // The operation's input as one JSON object, validated against the model (validate.h).
  // body is empty for operations whose input payload streams (the handler reads it itself).
  // Errors: SerializationException (JSON), MalformedXML (S3), the service's validation error
  // (ValidationException / ValidationError / InvalidParameter ...), MissingParameter.
  virtual core::Result<boost::json::object> DecodeInput(const ServiceModel& service,
                                                        const OperationModel& operation,
                                                        const net::HttpRequest& request,
                                                        std::string_view body) const = 0;
  // The handler's output in the protocol's wire form, with the request id header(s).
  virtual net::HttpResponse EncodeOutput(const ServiceModel& service, const OperationModel& operation,
                                         net::Output&& output, std::string_view request_id) const = 0;
  // The error in the protocol's exact error shape, with error.http_status and the request id.
  virtual net::HttpResponse EncodeError(const ServiceModel& service, const core::AwsError& error,
                                        std::string_view request_id) const = 0;
};

// The codec for a protocol; lives for the whole process.
const Codec& CodecFor(Protocol protocol);

}  // namespace tarn::protocol
