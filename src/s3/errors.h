#pragma once
// Amazon S3's errors as core::AwsError values, with the codes, statuses and messages of
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html. Extra members (BucketName,
// Key, ...) become child elements of S3's <Error>. Pure factories; safe from any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/result.h"

namespace tarn::s3 {

core::AwsError NoSuchBucket(std::string_view bucket);                            // 404
core::AwsError NoSuchKey(std::string_view key);                                  // 404
core::AwsError NoSuchUpload(std::string_view upload_id);                         // 404
core::AwsError BucketAlreadyOwnedByYou(std::string_view bucket);                 // 409
core::AwsError BucketAlreadyExists(std::string_view bucket);                     // 409
core::AwsError BucketNotEmpty(std::string_view bucket, bool versioned = false);  // 409
core::AwsError InvalidBucketName(std::string_view bucket);                       // 400
core::AwsError InvalidRange(std::string_view requested, uint64_t size);          // 416
core::AwsError InvalidPartNumber();                                              // 416
core::AwsError PreconditionFailed(std::string_view condition);                   // 412
core::AwsError NotModified();                                                    // 304
core::AwsError BadDigest(std::string_view algorithm);                            // 400
core::AwsError InvalidDigest(std::string_view content_md5);                      // 400
core::AwsError KeyTooLongError();                                                // 400
core::AwsError InvalidArgument(std::string message, std::string_view name, std::string_view value);
core::AwsError InvalidRequest(std::string message);  // 400
core::AwsError MalformedXML();                       // 400
core::AwsError InvalidPart(std::string_view upload_id, uint64_t part, std::string_view etag);
core::AwsError InvalidPartOrder(std::string_view upload_id);  // 400
core::AwsError EntityTooSmall(uint64_t proposed, uint64_t part, std::string_view etag);
core::AwsError IllegalLocationConstraint(std::string_view constraint);            // 400
core::AwsError InvalidLocationConstraint();                                       // 400
core::AwsError AccessControlListNotSupported();                                   // 400
core::AwsError NoSuchVersion(std::string_view key, std::string_view version_id);  // 404
// A bucket configuration that is not set (NoSuchTagSet, NoSuchCORSConfiguration, NoSuchBucketPolicy,
// ...): 404 with the BucketName.
core::AwsError NoSuchBucketConfiguration(std::string code, std::string message, std::string_view bucket);
// 405 for a request that names a delete marker by its version id (GET, HEAD, PUT of tags...),
// with the marker's x-amz-delete-marker, x-amz-version-id and Last-Modified headers.
core::AwsError DeleteMarkerNotAllowed(std::string_view method, std::string_view version_id,
                                      core::TimePoint last_modified);
// A 404 NoSuchKey for a key whose current version is a delete marker, with its headers.
core::AwsError NoSuchKeyDeleteMarker(std::string_view key, std::string_view version_id);
// A version id S3 could have given: "null" or one of ObjectStore's. Any other is refused as S3
// refuses it (LocalStack's test_get_object_with_version_unversioned_bucket and test_delete_object,
// recorded against AWS); so is any but "null" in a bucket that was never versioned (versioned false).
core::Status CheckVersionId(const std::optional<std::string>& version_id, bool versioned = true);

}  // namespace tarn::s3
