#pragma once
// ObjectStore: S3's durable state. Metadata (buckets, objects, uploads, parts) lives in RocksDB
// family "s3"; bytes live in immutable "blob" files DATA/objects/<bucket>/<2 hex>/<32 hex>, named
// by a random id and never by the key, so no key (`..`, `/abs`, NUL, "a/b" next to "a/b/c") can
// reach outside the bucket's directory or collide with another (docs/storage-formats.md).
// A write streams into DATA/tmp, is renamed into objects/, made durable (file and directory entry)
// by a syncfs(2) shared with every other blob published meanwhile (core::GroupSync), and only then
// does the metadata commit in one WriteBatch; the blob it replaces is unlinked after the commit. A
// crash leaves the old object or the new one, never a torn one; at worst an unreferenced blob file,
// which the next Open removes (SweepOrphans). Objects up to kInlineObjectBytes skip all of that:
// their bytes are part of the record's one WriteBatch.
// Thread-safe: changes of one key serialize on a striped mutex; bucket create/delete take the
// bucket lock exclusively, object commits take it shared.

#include <array>
#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/group_sync.h"
#include "core/result.h"
#include "net/http.h"
#include "s3/checksums.h"
#include "s3/listing.h"
#include "storage/rocks.h"

namespace tarn::s3 {

struct BucketRecord {
  std::string name;
  std::string account_id;
  std::string region;
  core::TimePoint created;
  boost::json::array tags;  // PutBucketTagging's TagSet: [{"Key", "Value"}]
  boost::json::array cors;  // PutBucketCors's CORSRules, as sent (empty: CORS not enabled)
  // PutBucketVersioning's Status: "" (never set: unversioned), "Enabled" or "Suspended". Once set,
  // a bucket never returns to unversioned.
  std::string versioning;
  std::string policy;  // PutBucketPolicy's document, as sent ("": none)
  // PutPublicAccessBlock's four settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
  // RestrictPublicBuckets: booleans); empty: none configured.
  boost::json::object public_access_block;
  // PutObjectLockConfiguration's ObjectLockConfiguration (object_lock.h); empty: Object Lock not
  // enabled. An enabled bucket stays versioned.
  boost::json::object object_lock;
};

// The headers S3 stores with an object and returns on GET/HEAD.
struct ContentHeaders {
  std::string content_type;
  std::string content_encoding;
  std::string content_disposition;
  std::string content_language;
  std::string cache_control;
  std::optional<double> expires;  // epoch seconds
  boost::json::object metadata;   // x-amz-meta-* (names lowercase, as S3 returns them)
  // x-amz-storage-class (empty: STANDARD) and x-amz-website-redirect-location. Both belong to
  // the request that wrote the object: a copy takes them from its own request, never the source.
  std::string storage_class;
  std::string website_redirect;
  // The object's tag set, [{"Key","Value"}]: set with the object (x-amz-tagging) and replaced by
  // PutObjectTagging/DeleteObjectTagging; GetObject answers only its size (x-amz-tagging-count).
  boost::json::array tags;
  // Object Lock (object_lock.h): the version's retention ("" / nullopt: none; "GOVERNANCE" or
  // "COMPLIANCE" until lock_until, epoch seconds) and legal hold ("": never set, "ON", "OFF").
  std::string lock_mode;
  std::optional<double> lock_until;
  std::string legal_hold;
};

// Objects up to this size live inline in their record (no file: one RocksDB write, group-committed
// with the WAL, instead of a file create, rename and file-system sync; MinIO inlines small objects
// into xl.meta the same way). Readers that need a path get the object materialized as a blob first
// (ObjectStore::MaterializeObject). Also the largest response body read on the io thread.
inline constexpr uint64_t kInlineObjectBytes = 64 * 1024;

struct ObjectRecord {
  std::string blob;  // blob file id; empty for an inline object, whose bytes are `data`
  std::string data;  // an inline object's bytes (when read with them)
  uint64_t size = 0;
  std::string etag;  // quoted
  core::TimePoint last_modified;
  ContentHeaders headers;
  std::string checksum_algorithm;  // "CRC32", ... or empty
  std::string checksum_value;      // base64; "<base64>-N" when COMPOSITE
  std::string checksum_type;       // "COMPOSITE" or "FULL_OBJECT" ("" reads as FULL_OBJECT)
  uint32_t parts_count = 0;        // > 0 for objects made by CompleteMultipartUpload
  // Multipart objects completed since part boundaries are kept (GetObject ?partNumber=): each
  // part's size in order, and its checksum when the object's checksum is COMPOSITE. Empty in
  // older records, which then serve only partNumber=1 as the whole object.
  std::vector<uint64_t> part_sizes;
  std::vector<std::string> part_checksums;
  // The multipart upload that made the object (empty otherwise): a repeated
  // CompleteMultipartUpload of it answers as the first did.
  std::string upload_id;
  // Versioning (object_versions.cpp). version_id: "" for an object written while the bucket was
  // unversioned, "null" for one written while versioning was suspended (both are the null
  // version), else the id ObjectStore gave it. version_seq orders a key's versions (newer is
  // larger; 0 for objects written before versioning was enabled). A delete marker has no bytes,
  // ETag or blob.
  std::string version_id;
  uint64_t version_seq = 0;
  bool delete_marker = false;
};

// A new version id for sequence number seq (object_versions.cpp tells its layout).
std::string MakeVersionId(uint64_t seq);
// The sequence number in a version id ObjectStore gave; nullopt for any other string.
std::optional<uint64_t> VersionSequence(std::string_view version_id);
// True for the version S3 calls "null" (see ObjectRecord::version_id).
inline bool IsNullVersion(std::string_view version_id) { return version_id.empty() || version_id == "null"; }
// True when two version ids name the same version (both null versions, or equal).
inline bool SameVersion(std::string_view a, std::string_view b) {
  return IsNullVersion(a) ? IsNullVersion(b) : a == b;
}

struct UploadRecord {
  std::string upload_id;
  std::string key;
  core::TimePoint initiated;
  ContentHeaders headers;
  std::string checksum_algorithm;  // CreateMultipartUpload's ChecksumAlgorithm
  std::string checksum_type;       // its ChecksumType: "COMPOSITE" or "FULL_OBJECT" (set with an algorithm)
  // The key's object when the upload began (ObjectVersionTag; "" when there was none); nullopt
  // for uploads recorded before tarn kept it. A conditional Complete conflicts when it changed.
  std::optional<std::string> base_object;
};

// What tells one stored version of an object from another: its ETag and modification time.
std::string ObjectVersionTag(const std::optional<ObjectRecord>& object);

struct PartRecord {
  uint32_t number = 0;
  std::string blob;
  uint64_t size = 0;
  std::string etag;  // quoted hex MD5
  core::TimePoint last_modified;
  std::string checksum_algorithm;
  std::string checksum_value;
};

// A blob being written in DATA/tmp; unlinked on destruction unless published.
class TempBlob {
 public:
  TempBlob(int fd, std::string path, bool sync) : fd_(fd), path_(std::move(path)), sync_(sync) {}
  TempBlob(TempBlob&& other) noexcept;
  TempBlob& operator=(TempBlob&&) = delete;
  ~TempBlob();
  core::Status Write(std::string_view data);
  // Streams body to the file, feeding digests; returns the byte count. Buffer: 256 KiB.
  core::Result<uint64_t> Fill(net::BodyReader& body, BodyDigests& digests);
  // fsync (per durability) and close; the file keeps its temporary name.
  core::Status Finish();
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  int fd_ = -1;
  std::string path_;
  bool sync_ = true;
};

// What ObjectStore::DeleteObject / DeleteObjectVersion did.
struct ObjectDeletion {
  std::optional<ObjectRecord> removed;  // the version removed, or made noncurrent by a marker
  bool delete_marker = false;           // a delete marker was created, or was the version removed
  std::string version_id;               // of that marker, or of the version removed
};

class ObjectStore {
 public:
  static core::Result<std::unique_ptr<ObjectStore>> Open(storage::Rocks& rocks, const std::string& data_dir);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // --- buckets ---
  core::Result<std::optional<BucketRecord>> GetBucket(std::string_view name) const;
  core::Result<std::vector<BucketRecord>> ListBuckets() const;
  // NoSuchBucket when absent (cheaper than GetBucket: the record is not decoded).
  core::Status RequireBucket(std::string_view bucket) const;
  // Creates the bucket unless it exists; returns the existing record when it does.
  core::Result<std::optional<BucketRecord>> CreateBucket(const BucketRecord& record);
  // Replace the bucket's tag set / CORS rules (empty: none). NoSuchBucket when absent.
  core::Status SetBucketTags(std::string_view name, boost::json::array tags);
  core::Status SetBucketCors(std::string_view name, boost::json::array rules);
  // Replace the bucket's policy / public access block ("" / empty: none). NoSuchBucket when absent.
  core::Status SetBucketPolicy(std::string_view name, std::string policy);
  core::Status SetPublicAccessBlock(std::string_view name, boost::json::object settings);
  // PutBucketVersioning: "Enabled" or "Suspended".
  core::Status SetBucketVersioning(std::string_view name, std::string status);
  // The bucket's versioning status (BucketRecord::versioning; "" also for a bucket that does not
  // exist), from memory: cheap enough for every read.
  std::string VersioningOf(std::string_view bucket) const;
  // Errors: NoSuchBucket, BucketNotEmpty. Aborts the bucket's multipart uploads.
  core::Status DeleteBucket(std::string_view name);

  // --- objects ---
  // The key's current version (never a delete marker); nullopt when it has none.
  // with_data false: an inline object's bytes are not copied out (metadata only).
  core::Result<std::optional<ObjectRecord>> GetObject(std::string_view bucket, std::string_view key,
                                                      bool with_data = true) const;
  // Makes record bucket/key's current version, as the bucket's versioning decides what happens to
  // the one it replaces: unversioned, it goes (its blob is unlinked after the commit); Enabled, it
  // stays as a noncurrent version; Suspended, it stays unless it is the null version, and any null
  // version goes. Sets record.version_id and version_seq. NoSuchBucket when the bucket is gone.
  core::Status PutObject(std::string_view bucket, std::string_view key, ObjectRecord& record);
  // Replaces the tag set of bucket/key's current version, or of the version named (NoSuchKey /
  // NoSuchVersion when absent, MethodNotAllowed naming `method` for a delete marker); ObjectStore
  // keeps the rest.
  core::Status SetObjectTags(std::string_view bucket, std::string_view key, boost::json::array tags,
                             const std::optional<std::string>& version_id = std::nullopt,
                             std::string_view method = "PUT");
  // The same for any change of a version's headers (retention, legal hold), made under the key's
  // lock; an error from change is returned and nothing is written.
  core::Status UpdateObjectHeaders(std::string_view bucket, std::string_view key,
                                   const std::optional<std::string>& version_id, std::string_view method,
                                   const std::function<core::Status(ContentHeaders&)>& change);
  core::Status SetObjectLock(std::string_view name, boost::json::object configuration);

  // DeleteObject without a version id: unversioned, the object goes; otherwise a delete marker
  // (made at `now`) becomes the current version (Suspended: the null one, replacing any null version).
  core::Result<ObjectDeletion> DeleteObject(std::string_view bucket, std::string_view key,
                                            core::TimePoint now);
  // Removes one version (a well-formed id: CheckVersionId); the next newest becomes current when it
  // was. A version that does not exist is no error (removed stays nullopt, delete_marker false).
  // may_remove, when given, is asked about the version under the key's lock (Object Lock).
  core::Result<ObjectDeletion> DeleteObjectVersion(
      std::string_view bucket, std::string_view key, std::string_view version_id,
      const std::function<core::Status(const ObjectRecord&)>& may_remove = nullptr);
  // One version of bucket/key, current or not, possibly a delete marker; nullopt when absent.
  core::Result<std::optional<ObjectRecord>> GetObjectVersion(std::string_view bucket, std::string_view key,
                                                             std::string_view version_id,
                                                             bool with_data = true) const;
  // The delete marker that is bucket/key's newest version, if it is one (then GetObject finds none).
  core::Result<std::optional<ObjectRecord>> CurrentDeleteMarker(std::string_view bucket,
                                                                std::string_view key) const;
  // ListObjectVersions' walk: every version of every key from request.start_after (exclusive, or
  // after version_id_marker of that key), keys in byte order, each key's versions newest first.
  core::Result<VersionPage> ListVersions(std::string_view bucket, const VersionListRequest& request) const;
  // The bucket's object keys (without the record prefix) in order; values are the records' JSON
  // without inline bytes (DecodeObjectRecord(value, false)).
  std::unique_ptr<KeyCursor> Objects(std::string_view bucket) const;
  // For readers that need a file (ListLocalFiles): moves an inline object's bytes into a blob and
  // commits the record naming it, unless the object changed meanwhile (then it tries the new one).
  // Returns the record as committed, with a blob; nullopt when the object is gone.
  core::Result<std::optional<ObjectRecord>> MaterializeObject(std::string_view bucket, std::string_view key);
  // length bytes of record's object from offset: from its blob file, or from its inline bytes
  // (record read with data). A blob unlinked by a concurrent overwrite gives an InternalFailure.
  core::Result<std::unique_ptr<net::BodySource>> OpenObjectRange(std::string_view bucket,
                                                                 const ObjectRecord& record, uint64_t offset,
                                                                 uint64_t length) const;

  // --- multipart ---
  core::Status PutUpload(std::string_view bucket, const UploadRecord& upload);
  core::Result<std::optional<UploadRecord>> GetUpload(std::string_view bucket, std::string_view key,
                                                      std::string_view upload_id) const;
  // Uploads of bucket whose key starts with prefix, ordered by key then upload id.
  core::Result<std::vector<UploadRecord>> ListUploads(std::string_view bucket, std::string_view prefix) const;
  // Stores a part (replacing one with the same number). NoSuchUpload when the upload is gone.
  core::Status PutPart(std::string_view bucket, std::string_view key, std::string_view upload_id,
                       const PartRecord& part);
  core::Result<std::vector<PartRecord>> ListParts(std::string_view bucket, std::string_view upload_id) const;
  // Commits record as bucket/key and removes the upload with all its parts in one batch.
  // NoSuchUpload when it was completed or aborted meanwhile.
  // Versions like PutObject (sets record.version_id and version_seq).
  core::Status CompleteUpload(std::string_view bucket, std::string_view key, std::string_view upload_id,
                              ObjectRecord& record);
  // NoSuchUpload when absent.
  core::Status AbortUpload(std::string_view bucket, std::string_view key, std::string_view upload_id);

  // --- blobs ---
  core::Result<TempBlob> NewTempBlob() const;
  // Renames a finished temp blob into the bucket's directory; returns its blob id.
  core::Result<std::string> Publish(TempBlob& blob, std::string_view bucket) const;
  // A new blob with the same bytes (a hard link: blobs are immutable). For CopyObject.
  core::Result<std::string> LinkBlob(std::string_view from_bucket, std::string_view blob,
                                     std::string_view to_bucket) const;
  // DATA/objects/<bucket>/<id[0:2]>/<id>. bucket must be a validated name, blob an id from Publish.
  std::string BlobPath(std::string_view bucket, std::string_view blob) const;
  // Removes a blob no record references (after a failed commit; "" for an inline object: nothing);
  // logs failures.
  void RemoveBlob(std::string_view bucket, std::string_view blob) const { Unlink(bucket, blob); }

  // What SweepOrphans removed.
  struct SweepReport {
    uint64_t blobs = 0;        // blob files no object or part record names
    uint64_t directories = 0;  // bucket directories without a bucket record
  };
  // Removes the blobs a crash left unreferenced. Open runs it before the store is shared: it must
  // not run while requests may be publishing blobs. Errors: InternalFailure.
  core::Result<SweepReport> SweepOrphans();

 private:
  ObjectStore(storage::Rocks& rocks, std::string data_dir, int data_dir_fd);
  // Makes every blob written, renamed or linked so far durable (with durability kSync).
  core::Status SyncBlobs(const std::string& path) const;
  std::mutex& KeyLock(std::string_view bucket, std::string_view key);
  // Reads, changes and writes back the bucket's record under bucket_mutex_. NoSuchBucket when absent.
  core::Status UpdateBucket(std::string_view name, const std::function<void(BucketRecord&)>& change);
  // Writes batch; durably first when files it stops naming are unlinked after it.
  core::Status CommitBeforeUnlink(storage::WriteBatch& batch, bool unlinks) const;
  core::Result<std::string> NewBlobPathFor(std::string_view bucket, std::string& id) const;
  void Unlink(std::string_view bucket, std::string_view blob) const;
  core::Result<std::unordered_set<std::string>> ReferencedBlobs(std::string_view bucket) const;

  // --- versioning (object_versions.cpp) ---
  // The bucket's versioning status (BucketRecord::versioning). NoSuchBucket when absent.
  core::Result<std::string> Versioning(std::string_view bucket) const;
  // Under the key's lock: adds to batch what makes record bucket/key's current version (see
  // PutObject) and appends the blobs the batch stops naming to unlink.
  core::Status StageCurrent(storage::WriteBatch& batch, std::string_view bucket, std::string_view key,
                            const std::string& versioning, ObjectRecord& record,
                            std::vector<std::string>& unlink);
  // Under the key's lock: removes the key's null version wherever it is (current or not).
  core::Status StageNullVersionRemoval(storage::WriteBatch& batch, std::string_view bucket,
                                       std::string_view key, std::vector<std::string>& unlink);
  struct StoredVersion {
    std::string rocks_key;  // its 'V' record
    ObjectRecord record;
  };
  // The key's noncurrent versions and delete markers, newest first (with their bytes).
  core::Result<std::vector<StoredVersion>> Noncurrent(std::string_view bucket, std::string_view key) const;
  // One version of the key, current ('O' record) or not ('V'), possibly a delete marker.
  core::Result<std::optional<StoredVersion>> FindVersion(std::string_view bucket, std::string_view key,
                                                         std::string_view version_id, bool with_data) const;
  uint64_t NextVersionSeq();
  // Keeps VersioningOf's copy of the bucket records' versioning ("": the bucket is unversioned or gone).
  void NoteVersioning(const std::string& bucket, const std::string& status);
  std::atomic<uint64_t> last_version_seq_{0};
  mutable std::mutex versioning_mutex_;
  std::unordered_map<std::string, std::string> versioning_;  // guarded by versioning_mutex_
  std::atomic<bool> any_versioned_{false};                   // no lookup while no bucket was ever versioned

  static constexpr size_t kKeyLockStripes = 1024;
  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  std::string data_dir_;
  bool sync_files_;
  int data_dir_fd_;  // for syncfs; -1 without sync_files_
  std::unique_ptr<core::GroupSync> blob_sync_;
  std::shared_mutex bucket_mutex_;
  std::array<std::mutex, kKeyLockStripes> key_locks_;
};

}  // namespace tarn::s3
