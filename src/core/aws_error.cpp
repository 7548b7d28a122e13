#include "core/aws_error.h"

namespace tarn::core {

AwsError InternalFailure(std::string message) { return AwsError("InternalFailure", std::move(message), 500); }

AwsError NotImplemented(std::string_view operation) {
  // MinIO's answer for a known operation it does not build: 501 NotImplemented.
  return AwsError("NotImplemented",
                  "The operation " + std::string(operation) + " is not implemented by tarn yet.", 501);
}

AwsError ServiceUnavailable(std::string message) {
  return AwsError("ServiceUnavailable", std::move(message), 503);
}

}  // namespace tarn::core
