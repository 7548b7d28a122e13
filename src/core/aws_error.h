#pragma once
// AwsError: the one error type that crosses module boundaries (DESIGN.md, "Request path").
// Codes are spelled exactly as AWS documents them; only protocol codecs render them on the wire.
// A plain value type: copy it freely between threads.

#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

namespace tarn::core {

struct AwsError {
  std::string code;          // e.g. "ResourceNotFoundException", "NoSuchKey"
  std::string message;       // AWS's wording: client test suites match on fragments of it
  int http_status = 400;     // the status AWS answers with
  bool sender_fault = true;  // Query protocol <Type>: Sender (client) or Receiver (server)
  // Protocol-specific extra members: DynamoDB "Item", S3 "Key"/"BucketName"/"Resource", ...
  // JSON codecs merge them into the error body; XML codecs add them as child elements.
  boost::json::object extra;
  // Response headers the error carries (S3's x-amz-delete-marker on a 404 or 405); REST codecs only.
  std::vector<std::pair<std::string, std::string>> headers;

  AwsError() = default;
  AwsError(std::string code, std::string message, int http_status = 400)
      : code(std::move(code)),
        message(std::move(message)),
        http_status(http_status),
        sender_fault(http_status < 500) {}
};

// Errors shared by every service. Service-specific factories live in <svc>/errors.h.
AwsError InternalFailure(std::string message =
                             "The request processing has failed because of an unknown "
                             "error, exception or failure.");
AwsError NotImplemented(std::string_view operation);
AwsError ServiceUnavailable(std::string message = "Service is unavailable.");

}  // namespace tarn::core
