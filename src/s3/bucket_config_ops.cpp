// Implements: PutBucketTagging, GetBucketTagging, DeleteBucketTagging, PutBucketVersioning,
// GetBucketVersioning.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
#include <boost/json.hpp>

#include "s3/body_receiver.h"
#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/object_tagging.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace json = boost::json;

core::Result<net::Output> Service::PutBucketTagging(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(json::array tags, TagSetFromTagging(call.input, kMaxBucketTags));
  TARN_TRY(store_->SetBucketTags(String(call.input, "Bucket"), std::move(tags)));
  net::Output out;
  out.http_status = 204;  // as S3 answers (LocalStack's test_bucket_tagging_crud, recorded against AWS)
  return out;
}

core::Result<net::Output> Service::GetBucketTagging(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  if (record->tags.empty())
    return NoSuchBucketConfiguration("NoSuchTagSet", "The TagSet does not exist", bucket);
  net::Output out;
  out.json["TagSet"] = record->tags;
  return out;
}

core::Result<net::Output> Service::DeleteBucketTagging(const net::Call& call) {
  TARN_TRY(store_->SetBucketTags(String(call.input, "Bucket"), {}));
  return net::Output{};
}

core::Result<net::Output> Service::GetBucketVersioning(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  // A bucket whose versioning was never enabled answers an empty configuration (no Status).
  net::Output out;
  if (!record->versioning.empty()) out.json["Status"] = record->versioning;
  return out;
}

// MFA delete (x-amz-mfa) is not kept: an MFADelete element is accepted and not echoed.
core::Result<net::Output> Service::PutBucketVersioning(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  TARN_TRY(VerifyPayload(call.payload));
  const auto* config = call.input.if_contains("VersioningConfiguration");
  if (!config || !config->is_object()) return MalformedXML();
  // An empty configuration is its own error (LocalStack's test_bucket_versioning_crud, recorded
  // against AWS); any Status but the two is not in the schema.
  if (!config->get_object().contains("Status")) {
    return core::AwsError("IllegalVersioningConfigurationException",
                          "The Versioning element must be specified", 400);
  }
  std::string status = String(config->get_object(), "Status");
  if (status != "Enabled" && status != "Suspended") return MalformedXML();
  if (!record->object_lock.empty() && status != "Enabled") {
    return core::AwsError(
        "InvalidBucketState",
        "An Object Lock configuration is present on this bucket, so the versioning state cannot "
        "be changed.",
        409);
  }
  TARN_TRY(store_->SetBucketVersioning(bucket, std::move(status)));
  return net::Output{};
}

}  // namespace tarn::s3
