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

namespace {

// The account that owns the call's bucket and, with ACLs disabled, every object in it.
core::Result<std::string> BucketOwner(ObjectStore& store, const json::object& input) {
  std::string bucket = String(input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto record, store.GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  return record->account_id;
}

// The same for the call's object, which must exist (in its only version, "null").
core::Result<std::string> ObjectOwner(ObjectStore& store, const json::object& input) {
  TARN_ASSIGN_OR_RETURN(std::string owner, BucketOwner(store, input));
  TARN_TRY(CheckVersionId(OptString(input, "VersionId")));
  std::string key = String(input, "Key");
  TARN_ASSIGN_OR_RETURN(auto record, store.GetObject(String(input, "Bucket"), key, /*with_data=*/false));
  if (!record) return NoSuchKey(key);
  return owner;
}

}  // namespace

core::Result<net::Output> Service::GetBucketAcl(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string owner, BucketOwner(*store_, call.input));
  net::Output out;
  out.json = OwnerOnlyPolicy(owner);
  return out;
}

core::Result<net::Output> Service::PutBucketAcl(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string owner, BucketOwner(*store_, call.input));
  if (!RestatesOwnerControl(call.input, owner)) return AccessControlListNotSupported();
  return net::Output{};
}

core::Result<net::Output> Service::GetObjectAcl(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string owner, ObjectOwner(*store_, call.input));
  net::Output out;
  out.json = OwnerOnlyPolicy(owner);
  return out;
}

core::Result<net::Output> Service::PutObjectAcl(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string owner, ObjectOwner(*store_, call.input));
  if (!RestatesOwnerControl(call.input, owner)) return AccessControlListNotSupported();
  return net::Output{};
}

core::Result<net::Output> Service::GetBucketOwnershipControls(const net::Call& call) {
  TARN_TRY(BucketOwner(*store_, call.input));
  net::Output out;
  out.json["OwnershipControls"] =
      json::object{{"Rules", json::array{json::object{{"ObjectOwnership", "BucketOwnerEnforced"}}}}};
  return out;
}

}  // namespace tarn::s3
