// The S3 operation table: one row per operation (name, IAM action, resources, handler), the
// Service's construction, bucket-name validation and event emission.
#include <boost/json.hpp>
#include <cctype>

#include "s3/bucket_policy.h"
#include "s3/call_input.h"
#include "s3/copy_source.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/object_tagging.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace json = boost::json;
namespace {

using Method = core::Result<net::Output> (Service::*)(const net::Call&);

std::vector<std::string> BucketResource(const net::Call& call) {
  return {"arn:aws:s3:::" + String(call.input, "Bucket")};
}
std::vector<std::string> ObjectResource(const net::Call& call) {
  return {"arn:aws:s3:::" + String(call.input, "Bucket") + "/" + String(call.input, "Key")};
}

// IAM condition keys of listings (s3:prefix, s3:delimiter, s3:max-keys: present when the request
// sends them) and, for copies, the s3:GetObject the caller also needs on the source object:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
net::AuthorizationExtras ListingKeys(const net::Call& call) {
  net::AuthorizationExtras extras;
  for (auto [member, key] : {std::pair{"Prefix", "s3:prefix"}, {"Delimiter", "s3:delimiter"}}) {
    if (const auto* v = call.input.if_contains(member); v && v->is_string())
      extras.condition_keys.push_back({key, {std::string(v->get_string())}});
  }
  if (const auto* v = call.input.if_contains("MaxKeys"); v && v->is_int64())
    extras.condition_keys.push_back({"s3:max-keys", {std::to_string(v->get_int64())}});
  return extras;
}

// Reading a version by its id is s3:GetObjectVersion rather than s3:GetObject (and so for the
// other *Version actions):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
net::AuthorizationExtras CopyKeys(const net::Call& call) {
  net::AuthorizationExtras extras;
  if (auto source = ParseCopySource(String(call.input, "CopySource"))) {
    extras.also_required.push_back({source->version_id ? "s3:GetObjectVersion" : "s3:GetObject",
                                    "arn:aws:s3:::" + source->bucket + "/" + source->key});
  }
  return extras;
}

// GetObjectAttributes reads the object too: its caller needs s3:GetObject on it as well.
net::AuthorizationExtras ReadAlsoRequired(const net::Call& call) {
  net::AuthorizationExtras extras;
  extras.also_required.push_back(
      {call.input.contains("VersionId") ? "s3:GetObjectVersion" : "s3:GetObject",
       "arn:aws:s3:::" + String(call.input, "Bucket") + "/" + String(call.input, "Key")});
  return extras;
}

// The action of an operation that names a version (VersionId).
const char* VersionAction(std::string_view operation) {
  static constexpr std::pair<std::string_view, const char*> kActions[] = {
      {"GetObject", "s3:GetObjectVersion"},
      {"HeadObject", "s3:GetObjectVersion"},
      {"DeleteObject", "s3:DeleteObjectVersion"},
      {"GetObjectTagging", "s3:GetObjectVersionTagging"},
      {"PutObjectTagging", "s3:PutObjectVersionTagging"},
      {"DeleteObjectTagging", "s3:DeleteObjectVersionTagging"},
      {"GetObjectAttributes", "s3:GetObjectVersionAttributes"},
  };
  for (const auto& [name, action] : kActions)
    if (name == operation) return action;
  return nullptr;
}

void Append(net::AuthorizationExtras& to, net::AuthorizationExtras from) {
  for (auto& key : from.condition_keys) to.condition_keys.push_back(std::move(key));
  for (auto& pair : from.also_required) to.also_required.push_back(std::move(pair));
  for (auto& [resource, keys] : from.resource_keys) {
    auto& into = to.resource_keys[resource];
    for (auto& key : keys) into.push_back(std::move(key));
  }
}

bool LooksLikeIpv4(std::string_view name) {
  int dots = 0;
  for (char c : name) {
    if (c == '.')
      ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return dots == 3;
}

}  // namespace

core::Status ValidateBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return InvalidBucketName(name);
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return InvalidBucketName(name);
  }
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(name.front()) || !alnum(name.back())) return InvalidBucketName(name);
  if (name.find("..") != std::string_view::npos || name.find(".-") != std::string_view::npos ||
      name.find("-.") != std::string_view::npos || LooksLikeIpv4(name)) {
    return InvalidBucketName(name);
  }
  for (std::string_view prefix : {"xn--", "sthree-", "amzn-s3-demo-"})
    if (name.starts_with(prefix)) return InvalidBucketName(name);
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"})
    if (name.ends_with(suffix)) return InvalidBucketName(name);
  return core::Ok();
}

core::Result<std::unique_ptr<Service>> Service::Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       const std::string& data_dir) {
  TARN_ASSIGN_OR_RETURN(auto store, ObjectStore::Open(rocks, data_dir));
  TARN_ASSIGN_OR_RETURN(auto buckets, store->ListBuckets());
  std::unique_ptr<Service> service(new Service(clock, std::move(store)));
  for (const BucketRecord& bucket : buckets) service->NotePolicy(bucket);
  return service;
}

Service::Service(const core::Clock& clock, std::unique_ptr<ObjectStore> store)
    : clock_(clock), store_(std::move(store)), policies_(std::make_unique<BucketPolicies>()) {}

Service::~Service() = default;

void Service::Subscribe(ObjectEventListener listener) { listeners_.push_back(std::move(listener)); }

void Service::Emit(const ObjectEvent& event) const {
  for (const auto& listener : listeners_) listener(event);
}

ObjectEvent Service::MakeEvent(const net::Call* call, ObjectEvent::Type type, std::string name,
                               std::string_view bucket, std::string_view key,
                               const ObjectRecord* record) const {
  ObjectEvent e;
  e.type = type;
  e.event_name = std::move(name);
  if (call) {
    e.account_id = call->context.account_id;
    e.region = call->context.region;
  }
  e.bucket = std::string(bucket);
  e.key = std::string(key);
  if (record) {
    e.size = record->size;
    e.etag = std::string(UnquoteETag(record->etag));
  }
  e.time = clock_.Now();
  return e;
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html: the tags a request
// sets (x-amz-tagging, PutObjectTagging's TagSet) and the tags of the object a read acts on;
// s3:ExistingObjectTag does not apply to PutObject/DeleteObject. Uploading with tags also takes
// s3:PutObjectTagging (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
net::AuthorizationExtras Service::ObjectTagKeys(const net::Call& call) const {
  net::AuthorizationExtras extras;
  const std::string& op = call.context.operation;
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string object_arn = "arn:aws:s3:::" + bucket + "/" + key;
  json::array tags;
  if (op == "PutObjectTagging") {
    if (auto set = TagSetFromTagging(call.input, kMaxObjectTags); set.ok()) tags = std::move(*set);
  } else if (auto header = OptString(call.input, "Tagging")) {
    if (auto set = TagSetFromHeader(*header); set.ok()) tags = std::move(*set);
    if (!tags.empty()) extras.also_required.push_back({"s3:PutObjectTagging", object_arn});
  }
  std::vector<std::string> tag_keys;
  for (const json::value& tag : tags) {
    std::string tag_key(tag.at("Key").as_string());
    extras.condition_keys.push_back(
        {"s3:RequestObjectTag/" + tag_key, {std::string(tag.at("Value").as_string())}});
    tag_keys.push_back(std::move(tag_key));
  }
  if (!tag_keys.empty()) extras.condition_keys.push_back({"s3:RequestObjectTagKeys", std::move(tag_keys)});
  if (op == "GetObject" || op == "HeadObject" || op == "GetObjectTagging" || op == "PutObjectTagging" ||
      op == "DeleteObjectTagging") {
    auto record = store_->GetObject(bucket, key, /*with_data=*/false);
    if (record.ok() && *record && !(*record)->headers.tags.empty()) {
      auto& keys = extras.resource_keys[object_arn];
      for (const json::value& tag : (*record)->headers.tags) {
        keys.push_back({"s3:ExistingObjectTag/" + std::string(tag.at("Key").as_string()),
                        {std::string(tag.at("Value").as_string())}});
      }
    }
  }
  if (op == "CopyObject") Append(extras, CopyKeys(call));
  return extras;
}

void Service::RegisterOperations(net::Registry& registry) {
  struct Row {
    const char* name;
    const char* action;
    Method method;
    net::ResourceFunction resources;
  };
  const Row rows[] = {
      {"CreateBucket", "s3:CreateBucket", &Service::CreateBucket, BucketResource},
      {"HeadBucket", "s3:ListBucket", &Service::HeadBucket, BucketResource},
      {"DeleteBucket", "s3:DeleteBucket", &Service::DeleteBucket, BucketResource},
      {"ListBuckets", "s3:ListAllMyBuckets", &Service::ListBuckets, nullptr},
      {"GetBucketLocation", "s3:GetBucketLocation", &Service::GetBucketLocation, BucketResource},
      {"PutBucketTagging", "s3:PutBucketTagging", &Service::PutBucketTagging, BucketResource},
      {"GetBucketTagging", "s3:GetBucketTagging", &Service::GetBucketTagging, BucketResource},
      {"DeleteBucketTagging", "s3:PutBucketTagging", &Service::DeleteBucketTagging, BucketResource},
      {"GetBucketVersioning", "s3:GetBucketVersioning", &Service::GetBucketVersioning, BucketResource},
      {"PutBucketVersioning", "s3:PutBucketVersioning", &Service::PutBucketVersioning, BucketResource},
      {"PutBucketCors", "s3:PutBucketCORS", &Service::PutBucketCors, BucketResource},
      {"GetBucketCors", "s3:GetBucketCORS", &Service::GetBucketCors, BucketResource},
      {"DeleteBucketCors", "s3:PutBucketCORS", &Service::DeleteBucketCors, BucketResource},
      {"PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration",
       &Service::PutObjectLockConfiguration, BucketResource},
      {"GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration",
       &Service::GetObjectLockConfiguration, BucketResource},
      {"PutObjectRetention", "s3:PutObjectRetention", &Service::PutObjectRetention, ObjectResource},
      {"GetObjectRetention", "s3:GetObjectRetention", &Service::GetObjectRetention, ObjectResource},
      {"PutObjectLegalHold", "s3:PutObjectLegalHold", &Service::PutObjectLegalHold, ObjectResource},
      {"GetObjectLegalHold", "s3:GetObjectLegalHold", &Service::GetObjectLegalHold, ObjectResource},
      {"PutBucketPolicy", "s3:PutBucketPolicy", &Service::PutBucketPolicy, BucketResource},
      {"GetBucketPolicy", "s3:GetBucketPolicy", &Service::GetBucketPolicy, BucketResource},
      {"DeleteBucketPolicy", "s3:DeleteBucketPolicy", &Service::DeleteBucketPolicy, BucketResource},
      {"GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", &Service::GetBucketPolicyStatus, BucketResource},
      {"PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock", &Service::PutPublicAccessBlock,
       BucketResource},
      {"GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", &Service::GetPublicAccessBlock,
       BucketResource},
      {"DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock", &Service::DeletePublicAccessBlock,
       BucketResource},
      {"GetBucketAcl", "s3:GetBucketAcl", &Service::GetBucketAcl, BucketResource},
      {"PutBucketAcl", "s3:PutBucketAcl", &Service::PutBucketAcl, BucketResource},
      {"GetBucketOwnershipControls", "s3:GetBucketOwnershipControls", &Service::GetBucketOwnershipControls,
       BucketResource},
      {"PutObject", "s3:PutObject", &Service::PutObject, ObjectResource},
      {"GetObject", "s3:GetObject", &Service::GetObject, ObjectResource},
      {"HeadObject", "s3:GetObject", &Service::HeadObject, ObjectResource},
      {"GetObjectAttributes", "s3:GetObjectAttributes", &Service::GetObjectAttributes, ObjectResource},
      {"DeleteObject", "s3:DeleteObject", &Service::DeleteObject, ObjectResource},
      // Authorized per key by the handler (s3:DeleteObject or s3:DeleteObjectVersion on each object).
      {"DeleteObjects", "", &Service::DeleteObjects, BucketResource},
      {"CopyObject", "s3:PutObject", &Service::CopyObject, ObjectResource},
      {"ListObjects", "s3:ListBucket", &Service::ListObjects, BucketResource},
      {"ListObjectsV2", "s3:ListBucket", &Service::ListObjectsV2, BucketResource},
      {"ListObjectVersions", "s3:ListBucketVersions", &Service::ListObjectVersions, BucketResource},
      {"CreateMultipartUpload", "s3:PutObject", &Service::CreateMultipartUpload, ObjectResource},
      {"UploadPart", "s3:PutObject", &Service::UploadPart, ObjectResource},
      {"UploadPartCopy", "s3:PutObject", &Service::UploadPartCopy, ObjectResource},
      {"CompleteMultipartUpload", "s3:PutObject", &Service::CompleteMultipartUpload, ObjectResource},
      {"AbortMultipartUpload", "s3:AbortMultipartUpload", &Service::AbortMultipartUpload, ObjectResource},
      {"ListParts", "s3:ListMultipartUploadParts", &Service::ListParts, ObjectResource},
      {"ListMultipartUploads", "s3:ListBucketMultipartUploads", &Service::ListMultipartUploads,
       BucketResource},
      {"PutObjectTagging", "s3:PutObjectTagging", &Service::PutObjectTagging, ObjectResource},
      {"GetObjectTagging", "s3:GetObjectTagging", &Service::GetObjectTagging, ObjectResource},
      {"DeleteObjectTagging", "s3:DeleteObjectTagging", &Service::DeleteObjectTagging, ObjectResource},
      {"GetObjectAcl", "s3:GetObjectAcl", &Service::GetObjectAcl, ObjectResource},
      {"PutObjectAcl", "s3:PutObjectAcl", &Service::PutObjectAcl, ObjectResource},
  };
  for (const Row& row : rows) {
    Method method = row.method;
    net::Operation op;
    op.name = row.name;
    op.iam_action = row.action;
    op.resources = row.resources;
    op.handler = [this, method](const net::Call& call) { return (this->*method)(call); };
    std::string_view name = row.name;
    if (name == "ListObjects" || name == "ListObjectsV2" || name == "ListObjectVersions")
      op.extras = ListingKeys;
    if (name == "UploadPartCopy") op.extras = CopyKeys;
    // "If the bucket is not versioned, you need the s3:GetObject and s3:GetObjectAttributes
    // permissions" (API_GetObjectAttributes.html).
    if (name == "GetObjectAttributes") op.extras = ReadAlsoRequired;
    if (name == "PutObject" || name == "CopyObject" || name == "CreateMultipartUpload" ||
        name == "GetObject" || name == "HeadObject" || name.ends_with("ObjectTagging"))
      op.extras = [this](const net::Call& call) { return ObjectTagKeys(call); };
    if (const char* version_action = VersionAction(name)) {
      op.extras = [inner = std::move(op.extras), version_action](const net::Call& call) {
        net::AuthorizationExtras extras = inner ? inner(call) : net::AuthorizationExtras{};
        if (call.input.contains("VersionId")) extras.action = version_action;
        return extras;
      };
    }
    // The bucket's policy takes part in every decision about the bucket and its objects.
    if (row.resources != nullptr) {
      op.resource_policy = [this](const net::Call& call, std::string_view arn) {
        return PolicyFor(call.context.principal.type, call.context.operation, arn);
      };
    }
    // A bucket that does not exist is NoSuchBucket (404) whoever asks, before any AccessDenied:
    // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (NoSuchBucket).
    if (row.resources != nullptr && name != "CreateBucket") {
      op.precedes_access_denied = [this](const net::Call& call) {
        return store_->RequireBucket(String(call.input, "Bucket"));
      };
    }
    // Reads run on the io thread: metadata comes from RocksDB, small bodies from the page cache, and
    // a large body is still read by workers while it is written (net/server_session.cpp).
    op.cpu_only = name == "GetObject" || name == "HeadObject" || name == "HeadBucket" ||
                  name == "ListObjects" || name == "ListObjectsV2" || name == "ListObjectVersions" ||
                  name == "ListBuckets" || name == "GetBucketLocation" || name == "GetObjectTagging" ||
                  name == "GetBucketTagging" || name == "GetObjectAttributes" || name == "GetBucketAcl" ||
                  name == "GetObjectAcl" || name == "GetBucketOwnershipControls" || name == "GetBucketCors";
    // A PutObject body small enough to be stored inline touches no file: io thread too.
    if (name == "PutObject") op.cpu_only_body_bytes = kInlineObjectBytes;
    registry.Add("s3", std::move(op));
  }
  registry.SetCrossOrigin("s3", BucketCors());
}

}  // namespace tarn::s3
