// The S3 operation table: one row per operation (name, IAM action, resources, handler), the
// Service's construction, bucket-name validation and event emission.
#include <cctype>

#include "s3/call_input.h"
#include "s3/copy_source.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/s3.h"

namespace tarn::s3 {
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

net::AuthorizationExtras CopyKeys(const net::Call& call) {
  net::AuthorizationExtras extras;
  if (auto source = ParseCopySource(String(call.input, "CopySource")))
    extras.also_required.push_back({"s3:GetObject", "arn:aws:s3:::" + source->bucket + "/" + source->key});
  return extras;
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
  return std::unique_ptr<Service>(new Service(clock, std::move(store)));
}

Service::Service(const core::Clock& clock, std::unique_ptr<ObjectStore> store)
    : clock_(clock), store_(std::move(store)) {}

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
      {"PutObject", "s3:PutObject", &Service::PutObject, ObjectResource},
      {"GetObject", "s3:GetObject", &Service::GetObject, ObjectResource},
      {"HeadObject", "s3:GetObject", &Service::HeadObject, ObjectResource},
      {"DeleteObject", "s3:DeleteObject", &Service::DeleteObject, ObjectResource},
      {"DeleteObjects", "s3:DeleteObject", &Service::DeleteObjects, BucketResource},
      {"CopyObject", "s3:PutObject", &Service::CopyObject, ObjectResource},
      {"ListObjects", "s3:ListBucket", &Service::ListObjects, BucketResource},
      {"ListObjectsV2", "s3:ListBucket", &Service::ListObjectsV2, BucketResource},
      {"CreateMultipartUpload", "s3:PutObject", &Service::CreateMultipartUpload, ObjectResource},
      {"UploadPart", "s3:PutObject", &Service::UploadPart, ObjectResource},
      {"UploadPartCopy", "s3:PutObject", &Service::UploadPartCopy, ObjectResource},
      {"CompleteMultipartUpload", "s3:PutObject", &Service::CompleteMultipartUpload, ObjectResource},
      {"AbortMultipartUpload", "s3:AbortMultipartUpload", &Service::AbortMultipartUpload, ObjectResource},
      {"ListParts", "s3:ListMultipartUploadParts", &Service::ListParts, ObjectResource},
      {"ListMultipartUploads", "s3:ListBucketMultipartUploads", &Service::ListMultipartUploads,
       BucketResource},
  };
  for (const Row& row : rows) {
    Method method = row.method;
    net::Operation op;
    op.name = row.name;
    op.iam_action = row.action;
    op.resources = row.resources;
    op.handler = [this, method](const net::Call& call) { return (this->*method)(call); };
    std::string_view name = row.name;
    if (name == "ListObjects" || name == "ListObjectsV2") op.extras = ListingKeys;
    if (name == "CopyObject" || name == "UploadPartCopy") op.extras = CopyKeys;
    registry.Add("s3", std::move(op));
  }
}

}  // namespace tarn::s3
