#include "s3/object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

#include "core/encoding.h"
#include "core/fs.h"
#include "core/ids.h"
#include "core/log.h"
#include "s3/errors.h"
#include "s3/records.h"
#include "s3/store_keys.h"
#include "storage/key_codec.h"

namespace tarn::s3 {
namespace {

// 2.0: object records may carry their bytes inline (1.x stores are read as they are).
// 3.0: versioned buckets keep noncurrent versions and delete markers in 'V' records, whose blobs an
// older tarn would sweep away as orphans (2.x stores are read as they are).
constexpr storage::FormatVersion kStoreVersion{3, 0};
constexpr uint32_t kOldestReadableMajor = 1;
constexpr size_t kCopyBufferBytes = 256 * 1024;

core::AwsError Corrupt(std::string_view what) {
  return core::InternalFailure("unreadable S3 " + std::string(what) + " record");
}
core::AwsError IoError(std::string_view what, const std::string& path, int err) {
  return core::InternalFailure(std::string(what) + " " + path + ": " + std::strerror(err));
}

// A cursor over one bucket's object records, keys without the record prefix.
class RocksKeyCursor final : public KeyCursor {
 public:
  RocksKeyCursor(storage::Iterator it, std::string prefix) : it_(std::move(it)), prefix_(std::move(prefix)) {}
  void Seek(std::string_view target) override { it_.Seek(prefix_ + std::string(target)); }
  bool Valid() const override { return it_.Valid(); }
  std::string_view key() const override { return it_.key().substr(prefix_.size()); }
  std::string_view value() const override { return ObjectRecordJson(it_.value()); }
  void Next() override { it_.Next(); }
  core::Status status() const override { return it_.status(); }

 private:
  storage::Iterator it_;
  std::string prefix_;
};

// Uploads cut short by a crash leave s3-* temp files; nothing references them (the data directory
// lock guarantees no other tarn is writing them), so they go at start-up.
void RemoveTempLeftovers(const std::string& tmp_dir) {
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(tmp_dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (it->path().filename().string().starts_with("s3-")) {
      std::error_code removed;
      std::filesystem::remove(it->path(), removed);
    }
  }
}

}  // namespace

// --- TempBlob ---

TempBlob::TempBlob(TempBlob&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), sync_(other.sync_) {
  other.path_.clear();
}

TempBlob::~TempBlob() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

core::Status TempBlob::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path_, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return core::Ok();
}

core::Result<uint64_t> TempBlob::Fill(net::BodyReader& body, BodyDigests& digests) {
  auto buffer = std::make_unique<char[]>(kCopyBufferBytes);
  uint64_t total = 0;
  while (true) {
    TARN_ASSIGN_OR_RETURN(size_t n, body.Read(buffer.get(), kCopyBufferBytes));
    if (n == 0) break;
    std::string_view chunk(buffer.get(), n);
    digests.Update(chunk);
    TARN_TRY(Write(chunk));
    total += n;
  }
  return total;
}

core::Status TempBlob::Finish() {
  if (sync_ && ::fsync(fd_) != 0) return IoError("cannot fsync", path_, errno);
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return IoError("cannot close", path_, errno);
  return core::Ok();
}

// --- ObjectStore ---

core::Result<std::unique_ptr<ObjectStore>> ObjectStore::Open(storage::Rocks& rocks,
                                                             const std::string& data_dir) {
  TARN_TRY(rocks.CheckFormatVersion("s3", kStoreVersion, kOldestReadableMajor));
  TARN_TRY(core::CreateDirectories(data_dir + "/objects"));
  TARN_TRY(core::CreateDirectories(data_dir + "/tmp"));
  RemoveTempLeftovers(data_dir + "/tmp");
  int fd = -1;
  if (rocks.durability() == storage::Durability::kSync) {
    fd = ::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return IoError("cannot open", data_dir, errno);
  }
  std::unique_ptr<ObjectStore> store(new ObjectStore(rocks, data_dir, fd));
  TARN_ASSIGN_OR_RETURN(auto buckets, store->ListBuckets());
  for (const BucketRecord& bucket : buckets)
    if (!bucket.versioning.empty()) store->NoteVersioning(bucket.name, bucket.versioning);
  TARN_ASSIGN_OR_RETURN(SweepReport swept, store->SweepOrphans());
  if (swept.blobs || swept.directories) {
    log::info("s3: removed {} unreferenced blob(s) and {} directory(ies) of deleted buckets", swept.blobs,
              swept.directories);
  }
  return store;
}

// Every blob a record names (objects and parts of in-progress uploads) is kept; any other file in
// a bucket's directory is a crash leftover (renamed into place, metadata never committed), and a
// directory without a bucket record is what a crashed DeleteBucket left. Runs from Open, before
// the service exists, so no request can be publishing a blob meanwhile.
core::Result<ObjectStore::SweepReport> ObjectStore::SweepOrphans() {
  namespace fs = std::filesystem;
  SweepReport report;
  std::error_code ec;
  for (auto dir = fs::directory_iterator(data_dir_ + "/objects", ec); !ec && dir != fs::directory_iterator();
       dir.increment(ec)) {
    if (!dir->is_directory()) continue;
    std::string bucket = dir->path().filename().string();
    TARN_ASSIGN_OR_RETURN(auto record, GetBucket(bucket));
    if (!record) {
      std::error_code removed;
      fs::remove_all(dir->path(), removed);
      if (!removed) ++report.directories;
      continue;
    }
    TARN_ASSIGN_OR_RETURN(std::unordered_set<std::string> referenced, ReferencedBlobs(bucket));
    std::error_code walk;
    for (auto file = fs::recursive_directory_iterator(dir->path(), walk);
         !walk && file != fs::recursive_directory_iterator(); file.increment(walk)) {
      if (!file->is_regular_file()) continue;
      if (referenced.contains(file->path().filename().string())) continue;
      std::error_code removed;
      if (fs::remove(file->path(), removed)) ++report.blobs;
    }
    if (walk) log::warn("s3: cannot scan {}: {}", dir->path().string(), walk.message());
  }
  if (ec) return core::InternalFailure("cannot scan " + data_dir_ + "/objects: " + ec.message());
  return report;
}

core::Result<std::unordered_set<std::string>> ObjectStore::ReferencedBlobs(std::string_view bucket) const {
  std::unordered_set<std::string> out;
  {
    for (const std::string& prefix : {keys::ObjectPrefix(bucket), keys::VersionPrefix(bucket)}) {
      auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
      for (it.SeekToFirst(); it.Valid(); it.Next()) {
        auto record = DecodeObjectRecord(it.value(), /*with_data=*/false);
        if (!record) return Corrupt("object");
        if (!record->blob.empty()) out.insert(record->blob);
      }
      TARN_TRY(it.status());
    }
  }
  std::string parts = keys::BucketPartsPrefix(bucket);
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(parts));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto record = DecodePartRecord(it.value());
    if (!record) return Corrupt("part");
    out.insert(record->blob);
  }
  TARN_TRY(it.status());
  return out;
}

ObjectStore::ObjectStore(storage::Rocks& rocks, std::string data_dir, int data_dir_fd)
    : rocks_(rocks),
      cf_(rocks.Cf("s3")),
      data_dir_(std::move(data_dir)),
      sync_files_(data_dir_fd >= 0),
      data_dir_fd_(data_dir_fd) {
  if (sync_files_) {
    blob_sync_ =
        std::make_unique<core::GroupSync>([fd = data_dir_fd_] { return ::syncfs(fd) == 0 ? 0 : errno; });
  }
}

ObjectStore::~ObjectStore() {
  if (data_dir_fd_ >= 0) ::close(data_dir_fd_);
}

core::Status ObjectStore::SyncBlobs(const std::string& path) const {
  if (!blob_sync_) return core::Ok();
  if (int error = blob_sync_->Sync(); error != 0)
    return IoError("cannot sync the file system of", path, error);
  return core::Ok();
}

std::string ObjectVersionTag(const std::optional<ObjectRecord>& object) {
  if (!object) return "";
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(object->last_modified.time_since_epoch());
  return object->etag + "@" + std::to_string(ms.count());
}

std::mutex& ObjectStore::KeyLock(std::string_view bucket, std::string_view key) {
  size_t h = std::hash<std::string_view>{}(bucket)*31 + std::hash<std::string_view>{}(key);
  return key_locks_[h % kKeyLockStripes];
}

core::Result<std::optional<BucketRecord>> ObjectStore::GetBucket(std::string_view name) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, keys::Bucket(name)));
  if (!value) return std::optional<BucketRecord>();
  auto record = DecodeBucketRecord(*value);
  if (!record) return Corrupt("bucket");
  return std::optional<BucketRecord>(std::move(*record));
}

core::Status ObjectStore::RequireBucket(std::string_view bucket) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, keys::Bucket(bucket)));
  if (!value) return NoSuchBucket(bucket);
  return core::Ok();
}

core::Result<std::vector<BucketRecord>> ObjectStore::ListBuckets() const {
  std::vector<BucketRecord> out;
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(std::string(1, char(keys::kBucketTag))));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto record = DecodeBucketRecord(it.value());
    if (!record) return Corrupt("bucket");
    out.push_back(std::move(*record));
  }
  TARN_TRY(it.status());
  return out;
}

core::Result<std::optional<BucketRecord>> ObjectStore::CreateBucket(const BucketRecord& record) {
  std::unique_lock lock(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(auto existing, GetBucket(record.name));
  if (existing) return existing;
  TARN_TRY(core::CreateDirectories(data_dir_ + "/objects/" + record.name));
  TARN_TRY(rocks_.Put(cf_, keys::Bucket(record.name), EncodeBucketRecord(record)));
  if (!record.versioning.empty()) NoteVersioning(record.name, record.versioning);  // Object Lock's
  return std::optional<BucketRecord>();
}

core::Status ObjectStore::UpdateBucket(std::string_view name,
                                       const std::function<void(BucketRecord&)>& change) {
  std::unique_lock lock(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(auto record, GetBucket(name));
  if (!record) return NoSuchBucket(name);
  change(*record);
  return rocks_.Put(cf_, keys::Bucket(name), EncodeBucketRecord(*record));
}

core::Status ObjectStore::SetBucketTags(std::string_view name, boost::json::array tags) {
  return UpdateBucket(name, [&](BucketRecord& r) { r.tags = std::move(tags); });
}

core::Status ObjectStore::SetBucketCors(std::string_view name, boost::json::array rules) {
  return UpdateBucket(name, [&](BucketRecord& r) { r.cors = std::move(rules); });
}

core::Status ObjectStore::SetBucketPolicy(std::string_view name, std::string policy) {
  return UpdateBucket(name, [&](BucketRecord& r) { r.policy = std::move(policy); });
}

core::Status ObjectStore::SetObjectLock(std::string_view name, boost::json::object configuration) {
  return UpdateBucket(name, [&](BucketRecord& r) { r.object_lock = std::move(configuration); });
}

core::Status ObjectStore::SetPublicAccessBlock(std::string_view name, boost::json::object settings) {
  return UpdateBucket(name, [&](BucketRecord& r) { r.public_access_block = std::move(settings); });
}

// Under the exclusive bucket lock, so that no object write sees the record and the in-memory copy
// disagree.
core::Status ObjectStore::SetBucketVersioning(std::string_view name, std::string status) {
  std::unique_lock lock(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(auto record, GetBucket(name));
  if (!record) return NoSuchBucket(name);
  record->versioning = status;
  TARN_TRY(rocks_.Put(cf_, keys::Bucket(name), EncodeBucketRecord(*record)));
  NoteVersioning(std::string(name), status);
  return core::Ok();
}

core::Status ObjectStore::DeleteBucket(std::string_view name) {
  std::unique_lock lock(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(std::string versioning, Versioning(name));
  {
    // Noncurrent versions and delete markers keep a bucket from being deleted too.
    for (const std::string& prefix : {keys::ObjectPrefix(name), keys::VersionPrefix(name)}) {
      auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
      it.SeekToFirst();
      if (it.Valid()) return BucketNotEmpty(name, !versioning.empty());
      TARN_TRY(it.status());
    }
  }
  storage::WriteBatch batch;
  batch.Delete(cf_, keys::Bucket(name));
  for (const std::string& prefix : {keys::UploadPrefix(name), keys::BucketPartsPrefix(name)}) {
    if (auto end = storage::PrefixSuccessor(prefix)) batch.DeleteRange(cf_, prefix, *end);
  }
  TARN_TRY(CommitBeforeUnlink(batch, true));  // the directory goes next
  // Only unreferenced blobs (parts of aborted uploads, crash leftovers) remain in the directory.
  NoteVersioning(std::string(name), "");
  std::error_code ec;
  std::filesystem::remove_all(data_dir_ + "/objects/" + std::string(name), ec);
  if (ec) log::warn("s3: cannot remove the directory of deleted bucket {}: {}", name, ec.message());
  return core::Ok();
}

core::Result<std::optional<ObjectRecord>> ObjectStore::GetObject(std::string_view bucket,
                                                                 std::string_view key, bool with_data) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, keys::Object(bucket, key)));
  if (!value) return std::optional<ObjectRecord>();
  auto record = DecodeObjectRecord(*value, with_data);
  if (!record) return Corrupt("object");
  return std::optional<ObjectRecord>(std::move(*record));
}

core::Status ObjectStore::PutObject(std::string_view bucket, std::string_view key, ObjectRecord& record) {
  std::shared_lock buckets(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(std::string versioning, Versioning(bucket));
  std::vector<std::string> unlink;
  {
    std::lock_guard lock(KeyLock(bucket, key));
    storage::WriteBatch batch;
    TARN_TRY(StageCurrent(batch, bucket, key, versioning, record, unlink));
    TARN_TRY(CommitBeforeUnlink(batch, !unlink.empty()));
  }
  for (const std::string& blob : unlink) Unlink(bucket, blob);
  return core::Ok();
}

std::unique_ptr<KeyCursor> ObjectStore::Objects(std::string_view bucket) const {
  std::string prefix = keys::ObjectPrefix(bucket);
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
  return std::make_unique<RocksKeyCursor>(std::move(it), std::move(prefix));
}

core::Result<std::optional<ObjectRecord>> ObjectStore::MaterializeObject(std::string_view bucket,
                                                                         std::string_view key) {
  while (true) {
    TARN_ASSIGN_OR_RETURN(auto record, GetObject(bucket, key));
    if (!record || !record->blob.empty()) return record;
    TARN_ASSIGN_OR_RETURN(TempBlob temp, NewTempBlob());
    TARN_TRY(temp.Write(record->data));
    TARN_TRY(temp.Finish());
    TARN_ASSIGN_OR_RETURN(std::string blob, Publish(temp, bucket));
    {
      std::shared_lock buckets(bucket_mutex_);
      std::lock_guard lock(KeyLock(bucket, key));
      auto current = GetObject(bucket, key, /*with_data=*/false);
      bool unchanged = current.ok() && *current && (*current)->blob.empty() &&
                       (*current)->etag == record->etag && (*current)->last_modified == record->last_modified;
      if (unchanged) {
        ObjectRecord flipped = std::move(**current);  // its tags may have changed meanwhile
        flipped.blob = blob;
        if (auto put = rocks_.Put(cf_, keys::Object(bucket, key), EncodeObjectRecord(flipped)); !put.ok()) {
          Unlink(bucket, blob);
          return std::move(put).error();
        }
        return std::optional<ObjectRecord>(std::move(flipped));
      }
    }
    Unlink(bucket, blob);  // overwritten or deleted meanwhile: look again
  }
}

core::Result<std::unique_ptr<net::BodySource>> ObjectStore::OpenObjectRange(std::string_view bucket,
                                                                            const ObjectRecord& record,
                                                                            uint64_t offset,
                                                                            uint64_t length) const {
  if (!record.blob.empty()) return net::OpenFileRange(BlobPath(bucket, record.blob), offset, length);
  if (record.data.size() != record.size || offset + length > record.size)
    return core::InternalFailure("inline object read without its bytes");
  return std::unique_ptr<net::BodySource>(
      std::make_unique<net::StringBodySource>(record.data.substr(offset, length)));
}

// --- multipart ---

core::Status ObjectStore::PutUpload(std::string_view bucket, const UploadRecord& upload) {
  std::shared_lock buckets(bucket_mutex_);
  TARN_TRY(RequireBucket(bucket));
  return rocks_.Put(cf_, keys::Upload(bucket, upload.key, upload.upload_id), EncodeUploadRecord(upload));
}

core::Result<std::optional<UploadRecord>> ObjectStore::GetUpload(std::string_view bucket,
                                                                 std::string_view key,
                                                                 std::string_view upload_id) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, keys::Upload(bucket, key, upload_id)));
  if (!value) return std::optional<UploadRecord>();
  auto record = DecodeUploadRecord(*value);
  if (!record) return Corrupt("upload");
  return std::optional<UploadRecord>(std::move(*record));
}

core::Result<std::vector<UploadRecord>> ObjectStore::ListUploads(std::string_view bucket,
                                                                 std::string_view prefix) const {
  std::vector<UploadRecord> out;
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(keys::UploadPrefix(bucket)));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto record = DecodeUploadRecord(it.value());
    if (!record) return Corrupt("upload");
    if (record->key.starts_with(prefix)) out.push_back(std::move(*record));
  }
  TARN_TRY(it.status());
  return out;
}

core::Status ObjectStore::PutPart(std::string_view bucket, std::string_view key, std::string_view upload_id,
                                  const PartRecord& part) {
  std::shared_lock buckets(bucket_mutex_);
  std::optional<PartRecord> old;
  {
    std::lock_guard lock(KeyLock(bucket, key));
    TARN_ASSIGN_OR_RETURN(auto upload, GetUpload(bucket, key, upload_id));
    if (!upload) return NoSuchUpload(upload_id);
    std::string part_key = keys::Part(bucket, upload_id, part.number);
    TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, part_key));
    if (value) old = DecodePartRecord(*value);
    storage::WriteBatch batch;
    batch.Put(cf_, part_key, EncodePartRecord(part));
    TARN_TRY(CommitBeforeUnlink(batch, old && old->blob != part.blob));
  }
  if (old && old->blob != part.blob) Unlink(bucket, old->blob);
  return core::Ok();
}

core::Result<std::vector<PartRecord>> ObjectStore::ListParts(std::string_view bucket,
                                                             std::string_view upload_id) const {
  std::vector<PartRecord> out;
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(keys::PartPrefix(bucket, upload_id)));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto record = DecodePartRecord(it.value());
    if (!record) return Corrupt("part");
    out.push_back(std::move(*record));
  }
  TARN_TRY(it.status());
  return out;
}

core::Status ObjectStore::CompleteUpload(std::string_view bucket, std::string_view key,
                                         std::string_view upload_id, ObjectRecord& record) {
  std::shared_lock buckets(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(std::string versioning, Versioning(bucket));
  std::vector<std::string> unlink;
  std::vector<PartRecord> parts;
  {
    std::lock_guard lock(KeyLock(bucket, key));
    TARN_ASSIGN_OR_RETURN(auto upload, GetUpload(bucket, key, upload_id));
    if (!upload) return NoSuchUpload(upload_id);
    TARN_ASSIGN_OR_RETURN(parts, ListParts(bucket, upload_id));
    storage::WriteBatch batch;
    TARN_TRY(StageCurrent(batch, bucket, key, versioning, record, unlink));
    batch.Delete(cf_, keys::Upload(bucket, key, upload_id));
    std::string parts_prefix = keys::PartPrefix(bucket, upload_id);
    batch.DeleteRange(cf_, parts_prefix, *storage::PrefixSuccessor(parts_prefix));
    TARN_TRY(CommitBeforeUnlink(batch, true));
  }
  for (const std::string& blob : unlink) Unlink(bucket, blob);
  for (const PartRecord& p : parts) Unlink(bucket, p.blob);
  return core::Ok();
}

core::Status ObjectStore::AbortUpload(std::string_view bucket, std::string_view key,
                                      std::string_view upload_id) {
  std::shared_lock buckets(bucket_mutex_);
  std::vector<PartRecord> parts;
  {
    std::lock_guard lock(KeyLock(bucket, key));
    TARN_ASSIGN_OR_RETURN(auto upload, GetUpload(bucket, key, upload_id));
    if (!upload) return NoSuchUpload(upload_id);
    TARN_ASSIGN_OR_RETURN(parts, ListParts(bucket, upload_id));
    storage::WriteBatch batch;
    batch.Delete(cf_, keys::Upload(bucket, key, upload_id));
    std::string parts_prefix = keys::PartPrefix(bucket, upload_id);
    batch.DeleteRange(cf_, parts_prefix, *storage::PrefixSuccessor(parts_prefix));
    TARN_TRY(CommitBeforeUnlink(batch, !parts.empty()));
  }
  for (const PartRecord& p : parts) Unlink(bucket, p.blob);
  return core::Ok();
}

// The files a change stops naming are unlinked after it, and an unlink cannot be taken back: the
// change must be durable first, or a crash (even kill -9: the WAL may still be in RocksDB's buffer
// under group commit) could bring back a record naming a file that is gone. Changes that unlink
// nothing (inline objects) stay group-committed.
core::Status ObjectStore::CommitBeforeUnlink(storage::WriteBatch& batch, bool unlinks) const {
  return unlinks ? rocks_.WriteDurably(batch) : rocks_.Write(batch);
}

// --- blobs ---

core::Result<TempBlob> ObjectStore::NewTempBlob() const {
  std::string path = data_dir_ + "/tmp/s3-" + core::HexEncode(core::RandomBytes(16));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create", path, errno);
  // Not fsync'ed by itself: Publish syncs it with the other blobs published meanwhile.
  return TempBlob(fd, std::move(path), /*sync=*/false);
}

std::string ObjectStore::BlobPath(std::string_view bucket, std::string_view blob) const {
  std::string path = data_dir_ + "/objects/";
  path.append(bucket);
  path += '/';
  path.append(blob.substr(0, 2));
  path += '/';
  path.append(blob);
  return path;
}

core::Result<std::string> ObjectStore::NewBlobPathFor(std::string_view bucket, std::string& id) const {
  id = core::HexEncode(core::RandomBytes(16));
  std::string path = BlobPath(bucket, id);
  std::string dir = path.substr(0, path.rfind('/'));
  if (::access(dir.c_str(), F_OK) != 0) {
    TARN_TRY(core::CreateDirectories(dir));
    if (sync_files_) TARN_TRY(core::SyncDirectory(dir.substr(0, dir.rfind('/'))));
  }
  return path;
}

core::Result<std::string> ObjectStore::Publish(TempBlob& blob, std::string_view bucket) const {
  std::string id;
  TARN_ASSIGN_OR_RETURN(std::string path, NewBlobPathFor(bucket, id));
  if (::rename(blob.path().c_str(), path.c_str()) != 0) return IoError("cannot rename into", path, errno);
  blob.Release();
  TARN_TRY(SyncBlobs(path));
  return id;
}

core::Result<std::string> ObjectStore::LinkBlob(std::string_view from_bucket, std::string_view blob,
                                                std::string_view to_bucket) const {
  std::string id;
  TARN_ASSIGN_OR_RETURN(std::string path, NewBlobPathFor(to_bucket, id));
  std::string from = BlobPath(from_bucket, blob);
  if (::link(from.c_str(), path.c_str()) != 0) {
    if (errno == ENOENT) return NoSuchKey("");  // replaced meanwhile; the caller retries
    return IoError("cannot link", path, errno);
  }
  TARN_TRY(SyncBlobs(path));
  return id;
}

void ObjectStore::Unlink(std::string_view bucket, std::string_view blob) const {
  if (blob.empty()) return;  // an inline object
  std::string path = BlobPath(bucket, blob);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    log::warn("s3: cannot remove replaced blob {}: {}", path, std::strerror(errno));
}

}  // namespace tarn::s3
