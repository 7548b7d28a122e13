// DynamoDB Streams error factories; the messages follow what DynamoDB Streams answers.
#include "streams/errors.h"

namespace tarn::streams {

core::AwsError ValidationException(std::string message) {
  return core::AwsError("ValidationException", std::move(message));
}

bool IsStreamArn(std::string_view arn) {
  size_t table = arn.find(":table/");
  size_t stream = arn.rfind("/stream/");
  return arn.starts_with("arn:") && table != std::string_view::npos && stream != std::string_view::npos &&
         stream > table + 7 && stream + 8 < arn.size();
}

core::AwsError StreamNotFound(std::string_view stream_arn) {
  // Only a well-formed ARN can name a stream that is not there; anything else is bad input.
  if (!IsStreamArn(stream_arn)) return ValidationException("Invalid StreamArn: " + std::string(stream_arn));
  return core::AwsError("ResourceNotFoundException",
                        "Requested resource not found: Stream: " + std::string(stream_arn) + " not found");
}

core::AwsError ShardNotFound(std::string_view shard_id) {
  return core::AwsError("ResourceNotFoundException",
                        "Requested resource not found: Shard: " + std::string(shard_id) + " not found");
}

core::AwsError ExpiredIteratorException() {
  return core::AwsError("ExpiredIteratorException", "Shard iterator has expired");
}

core::AwsError TrimmedDataAccessException() {
  return core::AwsError("TrimmedDataAccessException",
                        "The operation attempted to read past the oldest stream record in a shard.");
}

core::AwsError InternalServerError(std::string message) {
  return core::AwsError("InternalServerError", std::move(message), 500);
}

}  // namespace tarn::streams
