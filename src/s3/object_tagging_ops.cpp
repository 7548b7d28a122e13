// Implements: PutObjectTagging, GetObjectTagging, DeleteObjectTagging.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html
#include <boost/json.hpp>

#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/object_tagging.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace json = boost::json;

// The answer names the version whose tags changed.
core::Result<net::Output> Service::SetTags(const net::Call& call, json::array tags, std::string_view method) {
  std::string bucket = String(call.input, "Bucket");
  auto version_id = OptString(call.input, "VersionId");
  if (version_id) {
    TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
    if (!bucket_record) return NoSuchBucket(bucket);
    TARN_TRY(CheckVersionId(version_id, !bucket_record->versioning.empty()));
  }
  TARN_TRY(store_->SetObjectTags(bucket, String(call.input, "Key"), std::move(tags), version_id, method));
  net::Output out;
  if (version_id) {
    out.json["VersionId"] = *version_id;
  } else if (auto record = store_->GetObject(bucket, String(call.input, "Key"), false);
             record.ok() && *record) {
    if (std::string version = ShownVersionId(bucket, **record); !version.empty())
      out.json["VersionId"] = version;
  }
  return out;
}

core::Result<net::Output> Service::PutObjectTagging(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(json::array tags, TagSetFromTagging(call.input, kMaxObjectTags));
  return SetTags(call, std::move(tags), "PUT");
}

core::Result<net::Output> Service::GetObjectTagging(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  if (call.input.contains("VersionId")) {
    TARN_ASSIGN_OR_RETURN(ObjectRecord record, ReadVersion(call, "GET", /*with_data=*/false));
    net::Output out;
    out.json["TagSet"] = record.headers.tags;
    out.json["VersionId"] = record.version_id.empty() ? "null" : record.version_id;
    return out;
  }
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetObject(bucket, key, /*with_data=*/false));
  // S3 names the missing object "bucket/key" here alone (LocalStack's test_object_tagging_exc,
  // recorded against AWS; Put and Delete name the key).
  if (!record) {
    if (!bucket_record->versioning.empty()) {
      TARN_ASSIGN_OR_RETURN(auto marker, store_->CurrentDeleteMarker(bucket, key));
      if (marker) return DeleteMarkerNotAllowed("GET", marker->version_id, marker->last_modified);
    }
    return NoSuchKey(bucket + "/" + key);
  }
  net::Output out;
  out.json["TagSet"] = record->headers.tags;
  if (std::string version = ShownVersionId(bucket, *record); !version.empty())
    out.json["VersionId"] = version;
  return out;
}

core::Result<net::Output> Service::DeleteObjectTagging(const net::Call& call) {
  return SetTags(call, {}, "DELETE");
}

}  // namespace tarn::s3
