// Implements: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (and the pages of the others)
#include <boost/json.hpp>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/regions.h"
#include "s3/acl.h"
#include "s3/bucket_policy.h"
#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/owner.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;
constexpr std::string_view kUsEast1 = "us-east-1";
}  // namespace

json::object OwnerJson(std::string_view account_id) {
  // S3 identifies owners by a 64-hex canonical user id; derived here so it is stable per account.
  return json::object{{"ID", core::Sha256Hex("tarn-canonical-user:" + std::string(account_id))},
                      {"DisplayName", "tarn"}};
}

core::Result<net::Output> Service::CreateBucket(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_TRY(ValidateBucketName(bucket));
  std::string constraint;
  if (const auto* config = call.input.if_contains("CreateBucketConfiguration"); config && config->is_object())
    constraint = String(config->get_object(), "LocationConstraint");
  // A regional endpoint takes only its own region (us-east-1 named explicitly is incompatible there
  // too); us-east-1's endpoint creates a bucket in any region but refuses its own name. Both as
  // moto's aws_verified test_create_bucket_* record S3.
  const std::string& region = call.context.region;
  if (region != kUsEast1 && constraint != region)
    return IllegalLocationConstraint(constraint.empty() ? "unspecified" : constraint);
  if (constraint == kUsEast1) return InvalidLocationConstraint();
  TARN_TRY(RequireNoBucketAcl(call.input));

  BucketRecord record{bucket, call.context.account_id,
                      constraint.empty() ? std::string(kUsEast1) : constraint, clock_.Now()};
  record.public_access_block = DefaultPublicAccessBlock();
  // x-amz-bucket-object-lock-enabled: Object Lock from the start, and with it versioning, in the
  // bucket's first record.
  if (Bool(call.input, "ObjectLockEnabledForBucket")) {
    record.versioning = "Enabled";
    record.object_lock = json::object{{"ObjectLockEnabled", "Enabled"}};
  }
  TARN_ASSIGN_OR_RETURN(auto existing, store_->CreateBucket(record));
  if (existing) {
    if (existing->account_id != call.context.account_id) return BucketAlreadyExists(bucket);
    // us-east-1 keeps S3's legacy answer: re-creating your own bucket there succeeds.
    if (existing->region != kUsEast1 || region != kUsEast1) return BucketAlreadyOwnedByYou(bucket);
  }
  net::Output out;
  out.json["Location"] = "/" + bucket;
  return out;
}

core::Result<net::Output> Service::HeadBucket(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  net::Output out;
  out.json["BucketRegion"] = record->region;
  out.json["AccessPointAlias"] = false;
  return out;
}

core::Result<net::Output> Service::DeleteBucket(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_TRY(store_->DeleteBucket(bucket));
  policies_->Erase(bucket);
  return net::Output{};
}

core::Result<net::Output> Service::ListBuckets(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(auto buckets, store_->ListBuckets());
  std::string prefix = String(call.input, "Prefix");
  std::optional<std::string> region = OptString(call.input, "BucketRegion");
  // AWS's answer (LocalStack's test_list_buckets_region_validation, recorded on AWS); the caller's own
  // region is always one, whatever tarn was asked to call it.
  if (region && !core::IsAwsRegion(*region) && *region != call.context.region) {
    core::AwsError error("InvalidArgument", "Argument value " + *region + " is not a valid AWS Region", 400);
    error.extra["ArgumentName"] = "bucket-region";
    return error;
  }
  // Pages in name order; the token (opaque to clients) is the last name returned.
  std::optional<int64_t> max_buckets = OptInt(call.input, "MaxBuckets");
  std::string after;
  if (auto token = OptString(call.input, "ContinuationToken"); token && !token->empty()) {
    auto decoded = core::Base64Decode(*token);
    if (!decoded || decoded->empty())
      return InvalidArgument("The continuation token provided is incorrect", "continuation-token", *token);
    after = *decoded;
  }
  json::array list;
  std::string last;
  bool more = false;
  for (const BucketRecord& b : buckets) {
    if (b.account_id != call.context.account_id || !b.name.starts_with(prefix)) continue;
    if (region && b.region != *region) continue;
    if (!after.empty() && b.name <= after) continue;
    if (max_buckets && static_cast<int64_t>(list.size()) >= *max_buckets) {
      more = true;
      break;
    }
    list.push_back(json::object{
        {"Name", b.name}, {"CreationDate", EpochSeconds(b.created)}, {"BucketRegion", b.region}});
    last = b.name;
  }
  net::Output out;
  out.json["Buckets"] = std::move(list);
  out.json["Owner"] = OwnerJson(call.context.account_id);
  if (!prefix.empty()) out.json["Prefix"] = prefix;
  if (more) out.json["ContinuationToken"] = core::Base64Encode(last);
  return out;
}

core::Result<net::Output> Service::GetBucketLocation(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  net::Output out;
  // us-east-1 is the empty constraint.
  if (record->region != kUsEast1) out.json["LocationConstraint"] = record->region;
  return out;
}

}  // namespace tarn::s3
