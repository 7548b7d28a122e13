#pragma once
// DynamoDB Streams' errors as core::AwsError values, with the codes of the API reference
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html).
// Pure factories; safe from any thread.

#include <string>
#include <string_view>

#include "core/aws_error.h"

namespace tarn::streams {

// 400. Bad input (Limit out of range, malformed iterator or sequence number).
core::AwsError ValidationException(std::string message);
// Whether arn has a stream ARN's shape: arn:...:table/<name>/stream/<label>.
bool IsStreamArn(std::string_view arn);
// 400. "Requested resource not found: Stream: <arn> not found" and the shard variant; a
// ValidationException "Invalid StreamArn: <arn>" when arn is no stream ARN at all.
core::AwsError StreamNotFound(std::string_view stream_arn);
core::AwsError ShardNotFound(std::string_view shard_id);
// 400. The shard iterator is older than 15 minutes.
core::AwsError ExpiredIteratorException();
// 400. The position lies before the trim horizon (records older than the retention are gone).
core::AwsError TrimmedDataAccessException();
// 500.
core::AwsError InternalServerError(std::string message = "Internal server error");

}  // namespace tarn::streams
