// Implements: PutObjectLockConfiguration, GetObjectLockConfiguration, PutObjectRetention,
// GetObjectRetention, PutObjectLegalHold, GetObjectLegalHold; and what Object Lock asks of the
// writes and deletes elsewhere (BucketLock, LockGuard).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
#include <boost/json.hpp>

#include "s3/body_receiver.h"
#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_lock.h"
#include "s3/object_store.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

// The bucket's lock configuration, required: InvalidRequest when Object Lock is not enabled.
core::Status RequireLock(const core::Result<json::object>& lock) {
  if (!lock.ok()) return lock.error();
  if (lock->empty()) return MissingObjectLockConfiguration();
  return core::Ok();
}

// x-amz-bypass-governance-retention counts only for a caller allowed s3:BypassGovernanceRetention on
// the object.
bool BypassGovernance(const net::Call& call, std::string_view object_arn) {
  return Bool(call.input, "BypassGovernanceRetention") &&
         (!call.items || call.items->Authorize("s3:BypassGovernanceRetention", object_arn).ok());
}

core::AwsError NoObjectLockConfiguration() {
  return core::AwsError("NoSuchObjectLockConfiguration",
                        "The specified object does not have a ObjectLock configuration", 404);
}

}  // namespace

core::Result<json::object> Service::BucketLock(std::string_view bucket) const {
  // Object Lock needs versioning: a bucket that never was versioned has none (no record decoded).
  if (store_->VersioningOf(bucket).empty()) return json::object{};
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  return std::move(record->object_lock);
}

std::function<core::Status(const ObjectRecord&)> Service::LockGuard(const net::Call& call,
                                                                    std::string_view bucket,
                                                                    std::string_view key) const {
  return [this, &call, arn = "arn:aws:s3:::" + std::string(bucket) + "/" + std::string(key)](
             const ObjectRecord& version) -> core::Status {
    const ContentHeaders& h = version.headers;
    if (h.lock_mode.empty() && h.legal_hold.empty()) return core::Ok();
    return MayRemoveVersion(h, BypassGovernance(call, arn), core::ToEpochSeconds(clock_.Now()));
  };
}

core::Result<net::Output> Service::PutObjectLockConfiguration(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  TARN_TRY(VerifyPayload(call.payload));
  TARN_ASSIGN_OR_RETURN(json::object configuration, LockConfigurationFromInput(call.input));
  // Enabling Object Lock on an existing bucket needs versioning on (moto's aws_verified
  // test_put_object_lock_on_non_versioned_bucket).
  if (record->object_lock.empty() && record->versioning != "Enabled") {
    return core::AwsError("InvalidBucketState",
                          "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
                          409);
  }
  TARN_TRY(store_->SetObjectLock(bucket, std::move(configuration)));
  return net::Output{};
}

core::Result<net::Output> Service::GetObjectLockConfiguration(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  if (record->object_lock.empty()) {
    return NoSuchBucketConfiguration("ObjectLockConfigurationNotFoundError",
                                     "Object Lock configuration does not exist for this bucket", bucket);
  }
  net::Output out;
  out.json["ObjectLockConfiguration"] = record->object_lock;
  return out;
}

core::Result<net::Output> Service::PutObjectRetention(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  TARN_TRY(RequireLock(BucketLock(bucket)));
  TARN_TRY(VerifyPayload(call.payload));
  const json::value* retention = call.input.if_contains("Retention");
  if (!retention || !retention->is_object()) return MalformedXML();
  std::string mode = String(retention->get_object(), "Mode");
  std::optional<double> until;
  if (const json::value* v = retention->get_object().if_contains("RetainUntilDate"); v && v->is_number())
    until = v->to_number<double>();
  auto version_id = OptString(call.input, "VersionId");
  TARN_TRY(CheckVersionId(version_id, true));
  const bool bypass = BypassGovernance(call, "arn:aws:s3:::" + bucket + "/" + key);
  const double now = core::ToEpochSeconds(clock_.Now());
  TARN_TRY(
      store_->UpdateObjectHeaders(bucket, key, version_id, "PUT", [&](ContentHeaders& h) -> core::Status {
        TARN_TRY(MayChangeRetention(h, mode, until, bypass, now));
        h.lock_mode = mode;
        h.lock_until = until;
        return core::Ok();
      }));
  return net::Output{};
}

core::Result<net::Output> Service::GetObjectRetention(const net::Call& call) {
  TARN_TRY(RequireLock(BucketLock(String(call.input, "Bucket"))));
  TARN_ASSIGN_OR_RETURN(ObjectRecord record, ReadVersion(call, "GET", /*with_data=*/false));
  if (record.headers.lock_mode.empty()) return NoObjectLockConfiguration();
  net::Output out;
  json::object retention{{"Mode", record.headers.lock_mode}};
  if (record.headers.lock_until) retention["RetainUntilDate"] = *record.headers.lock_until;
  out.json["Retention"] = std::move(retention);
  return out;
}

core::Result<net::Output> Service::PutObjectLegalHold(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_TRY(RequireLock(BucketLock(bucket)));
  TARN_TRY(VerifyPayload(call.payload));
  const json::value* hold = call.input.if_contains("LegalHold");
  std::string status = hold && hold->is_object() ? String(hold->get_object(), "Status") : "";
  if (status != "ON" && status != "OFF") return MalformedXML();
  auto version_id = OptString(call.input, "VersionId");
  TARN_TRY(CheckVersionId(version_id, true));
  TARN_TRY(store_->UpdateObjectHeaders(bucket, String(call.input, "Key"), version_id, "PUT",
                                       [&](ContentHeaders& h) -> core::Status {
                                         h.legal_hold = status;
                                         return core::Ok();
                                       }));
  return net::Output{};
}

core::Result<net::Output> Service::GetObjectLegalHold(const net::Call& call) {
  TARN_TRY(RequireLock(BucketLock(String(call.input, "Bucket"))));
  TARN_ASSIGN_OR_RETURN(ObjectRecord record, ReadVersion(call, "GET", /*with_data=*/false));
  if (record.headers.legal_hold.empty()) return NoObjectLockConfiguration();
  net::Output out;
  out.json["LegalHold"] = json::object{{"Status", record.headers.legal_hold}};
  return out;
}

}  // namespace tarn::s3
