#pragma once
// Access control lists are disabled on every bucket, as on every bucket S3 has created since April
// 2023 (Object Ownership "BucketOwnerEnforced"): a write may name no ACL, or the bucket owner's full
// control; "PUT requests that contain other ACLs ... fail and return a 400 error with the error code
// AccessControlListNotSupported" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
// Pure.

#include <boost/json/object.hpp>

#include "core/result.h"

namespace tarn::s3 {

// The x-amz-acl and x-amz-grant-* members of an object write (PutObject, CopyObject,
// CreateMultipartUpload): none, or the canned bucket-owner-full-control.
core::Status RequireNoObjectAcl(const boost::json::object& input);

// The x-amz-acl and x-amz-grant-* members of a CreateBucket: none, or the canned "private" (the
// owner's full control alone); anything else is InvalidBucketAclWithObjectOwnership.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html
core::Status RequireNoBucketAcl(const boost::json::object& input);

}  // namespace tarn::s3
