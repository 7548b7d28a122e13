#pragma once
// Amazon S3 (REST-XML): buckets, objects and multipart uploads, with object bytes in files under
// DATA/objects (objects up to 64 KiB inline in their record) and their metadata in RocksDB family
// "s3" (docs/storage-formats.md). The only
// header other modules may include from src/s3. Handlers are thread-safe: every metadata change
// of one key runs under a striped per-key mutex and commits in one RocksDB WriteBatch; bucket
// creation/deletion excludes object commits with a reader-writer lock. Object files are written
// once under a fresh name and never modified, so a reader holding one open is never disturbed.
// Not yet: versioning, object tagging, ACLs/policies, notifications configuration.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "net/registry.h"
#include "storage/rocks.h"

namespace tarn::s3 {

class ObjectStore;
class BucketPolicies;
struct CheckedPolicy;
struct BucketRecord;
struct ObjectRecord;
struct ObjectDeletion;

// An object as a local file, for in-process readers (the SQL engine reads Parquet/JSON in place).
struct LocalObject {
  std::string key;
  std::string path;  // absolute or data-dir-relative path of the object's bytes; read-only
  uint64_t size = 0;
  std::string etag;  // quoted, as S3 shows it
  core::TimePoint last_modified;
};

// What other modules hear about: an object was created (PutObject, CopyObject,
// CompleteMultipartUpload, PutObjectFromFile) or removed (DeleteObject, DeleteObjects).
struct ObjectEvent {
  enum class Type { kObjectCreated, kObjectRemoved };
  Type type = Type::kObjectCreated;
  std::string event_name;  // S3's: "ObjectCreated:Put", "ObjectCreated:Copy",
                           // "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete"
  std::string account_id;
  std::string region;
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  std::string etag;  // unquoted, as S3 event records carry it
  core::TimePoint time;
};
using ObjectEventListener = std::function<void(const ObjectEvent&)>;

// S3 general purpose bucket naming rules:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// Errors: InvalidBucketName (400).
core::Status ValidateBucketName(std::string_view name);

class Service {
 public:
  // data_dir: the tarn data directory (objects/, tmp/ and uploads live below it).
  // Errors: InternalFailure when the directories or the store's format version are unusable.
  static core::Result<std::unique_ptr<Service>> Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       const std::string& data_dir);
  ~Service();
  void RegisterOperations(net::Registry& registry);

  // --- In-process API for other modules (no HTTP, no IAM: callers authorize themselves) ---
  // Every object of bucket whose key starts with prefix, in key order. A path stays readable while
  // it is open, even if the object is overwritten; a path opened after an overwrite may be gone.
  // Errors: NoSuchBucket, InternalFailure.
  core::Result<std::vector<LocalObject>> ListLocalFiles(std::string_view bucket,
                                                        std::string_view prefix) const;
  // Stores local_path's bytes as bucket/key (copied, then durable like PutObject) and emits
  // ObjectCreated:Put. Returns the quoted ETag. Errors: NoSuchBucket, KeyTooLongError, InternalFailure.
  core::Result<std::string> PutObjectFromFile(std::string_view bucket, std::string_view key,
                                              const std::string& local_path,
                                              std::string_view content_type = "application/octet-stream");
  // Listeners run synchronously on the thread that committed the change, after the commit, in
  // registration order. Register them before serving; they must not call back into a handler
  // that changes the same key.
  void Subscribe(ObjectEventListener listener);

  // --- Buckets (bucket_ops.cpp) ---
  core::Result<net::Output> CreateBucket(const net::Call& call);
  core::Result<net::Output> HeadBucket(const net::Call& call);
  core::Result<net::Output> DeleteBucket(const net::Call& call);
  core::Result<net::Output> ListBuckets(const net::Call& call);
  core::Result<net::Output> GetBucketLocation(const net::Call& call);
  // Bucket configuration (bucket_config_ops.cpp): tagging; versioning reports "never enabled".
  core::Result<net::Output> PutBucketTagging(const net::Call& call);
  core::Result<net::Output> GetBucketTagging(const net::Call& call);
  core::Result<net::Output> DeleteBucketTagging(const net::Call& call);
  core::Result<net::Output> GetBucketVersioning(const net::Call& call);
  core::Result<net::Output> PutBucketVersioning(const net::Call& call);
  // Access control lists (acl_ops.cpp), disabled as on every new S3 bucket (BucketOwnerEnforced):
  // read as the owner's FULL_CONTROL; set only to that again, else AccessControlListNotSupported.
  core::Result<net::Output> GetBucketAcl(const net::Call& call);
  core::Result<net::Output> PutBucketAcl(const net::Call& call);
  core::Result<net::Output> GetObjectAcl(const net::Call& call);
  core::Result<net::Output> PutObjectAcl(const net::Call& call);
  core::Result<net::Output> GetBucketOwnershipControls(const net::Call& call);
  // CORS configuration (cors_ops.cpp), and the rules it gives the gateway (registered as the s3
  // service's net::CrossOrigin): preflights and requests with an Origin.
  core::Result<net::Output> PutBucketCors(const net::Call& call);
  core::Result<net::Output> GetBucketCors(const net::Call& call);
  core::Result<net::Output> DeleteBucketCors(const net::Call& call);
  std::shared_ptr<const net::CrossOrigin> BucketCors() const;
  // Bucket policies and Block Public Access (bucket_policy_ops.cpp).
  core::Result<net::Output> PutBucketPolicy(const net::Call& call);
  core::Result<net::Output> GetBucketPolicy(const net::Call& call);
  core::Result<net::Output> DeleteBucketPolicy(const net::Call& call);
  core::Result<net::Output> GetBucketPolicyStatus(const net::Call& call);
  core::Result<net::Output> PutPublicAccessBlock(const net::Call& call);
  core::Result<net::Output> GetPublicAccessBlock(const net::Call& call);
  core::Result<net::Output> DeletePublicAccessBlock(const net::Call& call);
  // Object Lock (object_lock_ops.cpp).
  core::Result<net::Output> PutObjectLockConfiguration(const net::Call& call);
  core::Result<net::Output> GetObjectLockConfiguration(const net::Call& call);
  core::Result<net::Output> PutObjectRetention(const net::Call& call);
  core::Result<net::Output> GetObjectRetention(const net::Call& call);
  core::Result<net::Output> PutObjectLegalHold(const net::Call& call);
  core::Result<net::Output> GetObjectLegalHold(const net::Call& call);

  // --- Objects (object_ops.cpp, copy_ops.cpp, list_ops.cpp) ---
  core::Result<net::Output> PutObject(const net::Call& call);
  core::Result<net::Output> GetObject(const net::Call& call);
  core::Result<net::Output> HeadObject(const net::Call& call);
  core::Result<net::Output> GetObjectAttributes(const net::Call& call);
  // Object tag sets (object_tagging_ops.cpp): at most 10 tags; InvalidTag, NoSuchKey, NoSuchBucket.
  core::Result<net::Output> PutObjectTagging(const net::Call& call);
  core::Result<net::Output> GetObjectTagging(const net::Call& call);
  core::Result<net::Output> DeleteObjectTagging(const net::Call& call);
  core::Result<net::Output> DeleteObject(const net::Call& call);
  core::Result<net::Output> DeleteObjects(const net::Call& call);
  core::Result<net::Output> CopyObject(const net::Call& call);
  core::Result<net::Output> ListObjects(const net::Call& call);
  core::Result<net::Output> ListObjectsV2(const net::Call& call);
  core::Result<net::Output> ListObjectVersions(const net::Call& call);

  // --- Multipart uploads (multipart_ops.cpp) ---
  core::Result<net::Output> CreateMultipartUpload(const net::Call& call);
  core::Result<net::Output> UploadPart(const net::Call& call);
  core::Result<net::Output> UploadPartCopy(const net::Call& call);  // copy_ops.cpp
  core::Result<net::Output> CompleteMultipartUpload(const net::Call& call);
  core::Result<net::Output> AbortMultipartUpload(const net::Call& call);
  core::Result<net::Output> ListParts(const net::Call& call);
  core::Result<net::Output> ListMultipartUploads(const net::Call& call);

 private:
  Service(const core::Clock& clock, std::unique_ptr<ObjectStore> store);
  core::Result<net::Output> ReadObject(const net::Call& call, bool with_body);
  core::Result<ObjectRecord> ReadVersion(const net::Call& call, std::string_view method, bool with_data);
  // The x-amz-version-id of an answer about record: its id; "null" for an object written before
  // its bucket was versioned; "" (none) in a bucket that never was (LocalStack's
  // test_s3_put_object_versioned, recorded against AWS).
  std::string ShownVersionId(std::string_view bucket, const ObjectRecord& record) const;
  // Put/DeleteObjectTagging: the tags of the version named by VersionId, or of the current one.
  core::Result<net::Output> SetTags(const net::Call& call, boost::json::array tags, std::string_view method);
  // DeleteObject's and DeleteObjects' one key: the version named, or per the bucket's versioning.
  core::Result<ObjectDeletion> DeleteOne(const net::Call& call, const std::string& bucket,
                                         const std::string& key,
                                         const std::optional<std::string>& version_id);
  // A conditional write's If-None-Match/If-Match against the key's current object (PutObject,
  // CompleteMultipartUpload); nothing to check without them.
  core::Status CheckWriteConditions(const net::Call& call, const std::string& bucket, const std::string& key);
  // The object-tag IAM condition keys of a request (operations.cpp): s3:RequestObjectTag/<key> and
  // s3:RequestObjectTagKeys of the tags it sets, s3:ExistingObjectTag/<key> of the object it reads.
  net::AuthorizationExtras ObjectTagKeys(const net::Call& call) const;
  // The bucket's Object Lock configuration (empty: not enabled). NoSuchBucket when absent.
  core::Result<boost::json::object> BucketLock(std::string_view bucket) const;
  // What DeleteObjectVersion asks of the version it would remove: its retention and legal hold,
  // with the call's x-amz-bypass-governance-retention (object_lock_ops.cpp).
  std::function<core::Status(const ObjectRecord&)> LockGuard(const net::Call& call, std::string_view bucket,
                                                             std::string_view key) const;
  // Keeps the authorizer's copy of a bucket's policy and Block Public Access settings current.
  // checked: the policy PutBucketPolicy just compiled (else the one known, else compiled now).
  void NotePolicy(const BucketRecord& record, const CheckedPolicy* checked = nullptr);
  // The bucket policy to evaluate for a call on resource arn (AuthorizationExtras::resource_policy),
  // or nullptr: none, or one that does not apply to this caller.
  std::shared_ptr<const iam::policy::Policy> PolicyFor(core::Principal::Type caller,
                                                       std::string_view operation,
                                                       std::string_view arn) const;
  void Emit(const ObjectEvent& event) const;
  ObjectEvent MakeEvent(const net::Call* call, ObjectEvent::Type type, std::string name,
                        std::string_view bucket, std::string_view key, const ObjectRecord* record) const;

  const core::Clock& clock_;
  std::unique_ptr<ObjectStore> store_;
  std::unique_ptr<BucketPolicies> policies_;
  std::vector<ObjectEventListener> listeners_;
};

}  // namespace tarn::s3
