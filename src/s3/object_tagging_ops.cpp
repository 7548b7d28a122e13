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

core::Result<net::Output> Service::PutObjectTagging(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(json::array tags, TagSetFromTagging(call.input, kMaxObjectTags));
  TARN_TRY(store_->SetObjectTags(String(call.input, "Bucket"), String(call.input, "Key"), std::move(tags)));
  return net::Output{};
}

core::Result<net::Output> Service::GetObjectTagging(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetObject(bucket, key));
  // S3 names the missing object "bucket/key" here alone (LocalStack's test_object_tagging_exc,
  // recorded against AWS; Put and Delete name the key).
  if (!record) return NoSuchKey(bucket + "/" + key);
  net::Output out;
  out.json["TagSet"] = record->headers.tags;
  return out;
}

core::Result<net::Output> Service::DeleteObjectTagging(const net::Call& call) {
  TARN_TRY(store_->SetObjectTags(String(call.input, "Bucket"), String(call.input, "Key"), {}));
  return net::Output{};
}

}  // namespace tarn::s3
