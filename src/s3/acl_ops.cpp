// Implements: GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl, GetBucketOwnershipControls.
// Every bucket is as S3 has created new buckets since April 2023: Object Ownership
// "BucketOwnerEnforced", access control lists disabled (s3/acl.h). Reading an ACL shows the bucket
// owner's FULL_CONTROL; setting one is refused with AccessControlListNotSupported unless it grants
// exactly that again: the canned "bucket-owner-full-control", or the owner's FULL_CONTROL grant
// alone in XML. Access is decided by IAM policies.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html
#include <boost/json.hpp>

#include "s3/acl.h"
#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/owner.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace json = boost::json;
namespace {

// The owner's FULL_CONTROL, the only grant a bucket with ACLs disabled has.
json::object OwnerOnlyPolicy(std::string_view account_id) {
  json::object owner = OwnerJson(account_id);
  json::object grantee = owner;
  grantee["Type"] = "CanonicalUser";
  json::object out;
  out["Owner"] = std::move(owner);
  out["Grants"] = json::array{json::object{{"Grantee", std::move(grantee)}, {"Permission", "FULL_CONTROL"}}};
  return out;
}

constexpr const char* kGrantMembers[] = {"GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite",
                                         "GrantWriteACP"};
// The one canned ACL a bucket with ACLs disabled takes. Even "private" is refused: S3 answered
// Terraform's PutBucketAcl "private" on such a bucket with AccessControlListNotSupported
// (hashicorp/terraform-provider-aws#34079).
constexpr std::string_view kOwnerFullControl = "bucket-owner-full-control";

// Whether a PutBucketAcl/PutObjectAcl request only restates the owner's full control.
bool RestatesOwnerControl(const json::object& input, std::string_view account_id) {
  for (const char* grant : kGrantMembers) {
    if (input.if_contains(grant)) return false;
  }
  const json::value* policy = input.if_contains("AccessControlPolicy");
  if (auto canned = OptString(input, "ACL")) return policy == nullptr && *canned == kOwnerFullControl;
  if (policy == nullptr || !policy->is_object()) return false;
  const json::value* grants = policy->get_object().if_contains("Grants");
  if (grants == nullptr || !grants->is_array() || grants->get_array().size() != 1) return false;
  const json::value& grant = grants->get_array().front();
  if (!grant.is_object()) return false;
  const json::value* grantee = grant.get_object().if_contains("Grantee");
  const json::value* permission = grant.get_object().if_contains("Permission");
  if (grantee == nullptr || !grantee->is_object() || permission == nullptr || *permission != "FULL_CONTROL")
    return false;
  const json::value* id = grantee->get_object().if_contains("ID");
  const json::value* type = grantee->get_object().if_contains("Type");
  return type != nullptr && *type == "CanonicalUser" && id != nullptr && id->is_string() &&
         id->get_string() == OwnerJson(account_id).at("ID").get_string();
}

}  // namespace

core::Status RequireNoObjectAcl(const json::object& input) {
  for (const char* grant : kGrantMembers) {
    if (input.if_contains(grant)) return AccessControlListNotSupported();
  }
  if (auto canned = OptString(input, "ACL"); canned && *canned != kOwnerFullControl)
    return AccessControlListNotSupported();
  return core::Ok();
}

core::Status RequireNoBucketAcl(const json::object& input) {
  bool grants = false;
  for (const char* grant : kGrantMembers) grants = grants || input.if_contains(grant) != nullptr;
  auto canned = OptString(input, "ACL");
  if (!grants && (!canned || *canned == "private")) return core::Ok();
  return core::AwsError("InvalidBucketAclWithObjectOwnership",
                        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                        400);
}

core::Result<net::Output> Service::GetBucketAcl(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  net::Output out;
  out.json = OwnerOnlyPolicy(record->account_id);
  return out;
}

core::Result<net::Output> Service::PutBucketAcl(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  if (!RestatesOwnerControl(call.input, record->account_id)) return AccessControlListNotSupported();
  return net::Output{};
}

core::Result<net::Output> Service::GetObjectAcl(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_TRY(CheckVersionId(OptString(call.input, "VersionId")));
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetObject(bucket, key, /*with_data=*/false));
  if (!record) return NoSuchKey(key);
  net::Output out;
  out.json = OwnerOnlyPolicy(bucket_record->account_id);  // the bucket owner owns every object
  return out;
}

core::Result<net::Output> Service::PutObjectAcl(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_TRY(CheckVersionId(OptString(call.input, "VersionId")));
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetObject(bucket, key, /*with_data=*/false));
  if (!record) return NoSuchKey(key);
  if (!RestatesOwnerControl(call.input, bucket_record->account_id)) return AccessControlListNotSupported();
  return net::Output{};
}

core::Result<net::Output> Service::GetBucketOwnershipControls(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  net::Output out;
  out.json["OwnershipControls"] =
      json::object{{"Rules", json::array{json::object{{"ObjectOwnership", "BucketOwnerEnforced"}}}}};
  return out;
}

}  // namespace tarn::s3
