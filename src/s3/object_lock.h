#pragma once
// S3 Object Lock: a bucket's lock configuration (PutObjectLockConfiguration), the retention and
// legal hold a write gives a version (x-amz-object-lock-* or the bucket's default retention), and
// what they forbid: removing a protected version, shortening its retention. Pure functions.
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
// Errors as S3 answers them (moto's aws_verified test_s3_lock.py, the S3 API reference).

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "s3/object_store.h"

namespace tarn::s3 {

// AccessDenied (403) "Access Denied because object protected by object lock."
core::AwsError ObjectLockProtected();
// InvalidRequest (400) "Bucket is missing Object Lock Configuration".
core::AwsError MissingObjectLockConfiguration();

// PutObjectLockConfiguration's ObjectLockConfiguration, checked: {"ObjectLockEnabled": "Enabled",
// optional "Rule": {"DefaultRetention": {"Mode", "Days" | "Years"}}}. Errors: MissingRequestBodyError
// (no body), MalformedXML, InvalidArgument (a period that is not positive).
core::Result<boost::json::object> LockConfigurationFromInput(const boost::json::object& input);

// Sets the lock fields of a new version's headers: the write's ObjectLockMode,
// ObjectLockRetainUntilDate and ObjectLockLegalHoldStatus, else the bucket's default retention.
// bucket_lock: the bucket's configuration (empty: Object Lock not enabled). now: epoch seconds.
core::Status ApplyObjectLock(const boost::json::object& input, const boost::json::object& bucket_lock,
                             double now, ContentHeaders& headers);

// Copies the lock fields ApplyObjectLock set in `lock` to a version's headers.
void TakeObjectLock(const ContentHeaders& lock, ContentHeaders& headers);

// Whether a version with these headers may be removed for good at `now`. bypass: the request
// asked to bypass governance retention and may (s3:BypassGovernanceRetention).
core::Status MayRemoveVersion(const ContentHeaders& headers, bool bypass, double now);

// PutObjectRetention: may the retention become {mode, until} ("" / nullopt: removed)?
core::Status MayChangeRetention(const ContentHeaders& headers, const std::string& mode,
                                std::optional<double> until, bool bypass, double now);

}  // namespace tarn::s3
