// Implements: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus,
// Put/Get/DeletePublicAccessBlock, and the bucket policy the authorizer evaluates per request.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
// Answers as LocalStack's TestS3BucketPolicy and TestS3PublicAccessBlock recorded them against AWS.
#include <boost/json.hpp>

#include "s3/body_receiver.h"
#include "s3/bucket_policy.h"
#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

constexpr std::string_view kPublicAccessSettings[] = {"BlockPublicAcls", "IgnorePublicAcls",
                                                      "BlockPublicPolicy", "RestrictPublicBuckets"};

bool Setting(const json::object& block, std::string_view name) {
  const json::value* v = block.if_contains(name);
  return v && v->is_bool() && v->get_bool();
}

core::Result<BucketRecord> RequireRecord(const ObjectStore& store, const std::string& bucket) {
  TARN_ASSIGN_OR_RETURN(auto record, store.GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  return std::move(*record);
}

// The record of a bucket that has a policy: NoSuchBucket, or NoSuchBucketPolicy.
core::Result<BucketRecord> RecordWithPolicy(const ObjectStore& store, const std::string& bucket) {
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RequireRecord(store, bucket));
  if (record.policy.empty())
    return NoSuchBucketConfiguration("NoSuchBucketPolicy", "The bucket policy does not exist", bucket);
  return record;
}

}  // namespace

void Service::NotePolicy(const BucketRecord& record, const CheckedPolicy* checked) {
  if (record.policy.empty()) return policies_->Erase(record.name);
  const bool restrict_public = Setting(record.public_access_block, "RestrictPublicBuckets");
  if (checked) return policies_->Set(record.name, {checked->compiled, checked->is_public, restrict_public});
  // The same policy under new block settings: compiled already (except at start-up).
  if (auto known = policies_->Of(record.name))
    return policies_->Set(record.name, {known->policy, known->is_public, restrict_public});
  auto parsed = CheckBucketPolicy(record.name, record.policy);
  if (!parsed.ok()) return policies_->Erase(record.name);  // stored by this check: cannot happen
  policies_->Set(record.name, {parsed->compiled, parsed->is_public, restrict_public});
}

std::shared_ptr<const iam::policy::Policy> Service::PolicyFor(core::Principal::Type caller,
                                                              std::string_view operation,
                                                              std::string_view arn) const {
  constexpr std::string_view kPrefix = "arn:aws:s3:::";
  if (!arn.starts_with(kPrefix)) return nullptr;
  std::string_view bucket = arn.substr(kPrefix.size());
  bucket = bucket.substr(0, bucket.find('/'));
  auto entry = policies_->Of(bucket);
  if (!entry) return nullptr;
  using Type = core::Principal::Type;
  // RestrictPublicBuckets: a public policy grants nothing to callers outside the account.
  if (caller == Type::kAnonymous && entry->restrict_public && entry->is_public) return nullptr;
  // "the root principal in a bucket owner's AWS account can perform the GetBucketPolicy,
  // PutBucketPolicy, and DeleteBucketPolicy API actions, even if their bucket policy explicitly
  // denies the root principal's access" (API_PutBucketPolicy.html).
  if (caller == Type::kRoot &&
      (operation == "GetBucketPolicy" || operation == "PutBucketPolicy" || operation == "DeleteBucketPolicy"))
    return nullptr;
  return entry->policy;
}

core::Result<net::Output> Service::PutBucketPolicy(const net::Call& call) {
  TARN_TRY(VerifyPayload(call.payload));
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RequireRecord(*store_, bucket));
  TARN_ASSIGN_OR_RETURN(CheckedPolicy checked, CheckBucketPolicy(bucket, String(call.input, "Policy")));
  if (checked.is_public && Setting(record.public_access_block, "BlockPublicPolicy")) {
    return core::AwsError(
        "AccessDenied",
        "User: " + call.context.principal.arn +
            " is not authorized to perform: s3:PutBucketPolicy on resource: \"arn:aws:s3:::" + bucket +
            "\" because public policies are blocked by the BlockPublicPolicy block "
            "public access setting.",
        403);
  }
  TARN_TRY(store_->SetBucketPolicy(bucket, checked.canonical));
  TARN_ASSIGN_OR_RETURN(record, RequireRecord(*store_, bucket));  // with the block settings of now
  NotePolicy(record, &checked);
  net::Output out;
  out.http_status = 204;
  return out;
}

core::Result<net::Output> Service::GetBucketPolicy(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RecordWithPolicy(*store_, bucket));
  net::Output out;
  out.json["Policy"] = record.policy;
  return out;
}

core::Result<net::Output> Service::DeleteBucketPolicy(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_TRY(store_->SetBucketPolicy(bucket, ""));
  policies_->Erase(bucket);
  net::Output out;
  out.http_status = 204;
  return out;
}

core::Result<net::Output> Service::GetBucketPolicyStatus(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RecordWithPolicy(*store_, bucket));
  auto known = policies_->Of(record.name);  // NotePolicy keeps one for every bucket with a policy
  net::Output out;
  out.json["PolicyStatus"] = json::object{{"IsPublic", known && known->is_public}};
  return out;
}

core::Result<net::Output> Service::PutPublicAccessBlock(const net::Call& call) {
  TARN_TRY(VerifyPayload(call.payload));
  std::string bucket = String(call.input, "Bucket");
  json::object block;
  const json::value* config = call.input.if_contains("PublicAccessBlockConfiguration");
  // Settings left out are false (LocalStack's test_crud_public_access_block, recorded against AWS).
  for (std::string_view name : kPublicAccessSettings)
    block[name] = config && config->is_object() && Setting(config->get_object(), name);
  TARN_TRY(store_->SetPublicAccessBlock(bucket, block));
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RequireRecord(*store_, bucket));
  NotePolicy(record);
  return net::Output{};
}

core::Result<net::Output> Service::GetPublicAccessBlock(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RequireRecord(*store_, bucket));
  if (record.public_access_block.empty()) {
    return NoSuchBucketConfiguration("NoSuchPublicAccessBlockConfiguration",
                                     "The public access block configuration was not found", bucket);
  }
  net::Output out;
  out.json["PublicAccessBlockConfiguration"] = record.public_access_block;
  return out;
}

core::Result<net::Output> Service::DeletePublicAccessBlock(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_TRY(store_->SetPublicAccessBlock(bucket, {}));
  TARN_ASSIGN_OR_RETURN(BucketRecord record, RequireRecord(*store_, bucket));
  NotePolicy(record);
  net::Output out;
  out.http_status = 204;
  return out;
}

}  // namespace tarn::s3
