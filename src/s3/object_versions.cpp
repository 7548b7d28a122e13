// ObjectStore's versioning: which version is current, what a write or delete does to the others,
// and the ListObjectVersions walk (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html).
// A key's current version lives in its 'O' record, as in an unversioned bucket, so reads, listings
// and the SQL engine's file lists never look at versions; noncurrent versions and delete markers
// live in 'V' records ordered newest first. Invariant: when a key has no 'O' record but has 'V'
// records, the newest 'V' record is a delete marker.
#include <algorithm>
#include <chrono>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/ids.h"
#include "s3/errors.h"
#include "s3/object_store.h"
#include "s3/records.h"
#include "s3/store_keys.h"

namespace tarn::s3 {
namespace {

// A version id: 16 hex digits of the sequence number, 12 random alphanumerics, and 4 check
// characters over the 28 before them, so that an id altered by hand is told from one that names
// no version (S3 answers the first InvalidArgument, LocalStack's test_delete_object_versioned).
constexpr size_t kVersionIdBytes = 32;
constexpr size_t kCheckedBytes = 28;
constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

core::AwsError Corrupt() { return core::InternalFailure("unreadable S3 object version record"); }

std::string CheckCharacters(std::string_view checked) {
  uint32_t crc = core::Crc32(checked);
  std::string out(4, 'A');
  for (char& c : out) {
    c = kAlnum[crc % 62];
    crc /= 62;
  }
  return out;
}

bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string MakeVersionId(uint64_t seq) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(kCheckedBytes, '0');
  for (int i = 15; i >= 0; --i, seq >>= 4) id[i] = kHex[seq & 0xF];
  std::string random = core::RandomBytes(kCheckedBytes - 16);
  for (size_t i = 16; i < kCheckedBytes; ++i) id[i] = kAlnum[static_cast<unsigned char>(random[i - 16]) % 62];
  return id + CheckCharacters(id);
}

std::optional<uint64_t> VersionSequence(std::string_view version_id) {
  if (version_id.size() != kVersionIdBytes) return std::nullopt;
  if (version_id.substr(kCheckedBytes) != CheckCharacters(version_id.substr(0, kCheckedBytes)))
    return std::nullopt;
  uint64_t seq = 0;
  for (size_t i = 0; i < 16; ++i) {
    char c = version_id[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return std::nullopt;
    seq = seq << 4 | static_cast<uint64_t>(digit);
  }
  if (!std::all_of(version_id.begin() + 16, version_id.end(), IsAlnum)) return std::nullopt;
  return seq;
}

// Wall-clock nanoseconds, kept increasing: a key's versions sort by it, also across restarts.
uint64_t ObjectStore::NextVersionSeq() {
  auto now = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  uint64_t last = last_version_seq_.load();
  uint64_t next;
  do {
    next = std::max(now, last + 1);
  } while (!last_version_seq_.compare_exchange_weak(last, next));
  return next;
}

core::Result<std::string> ObjectStore::Versioning(std::string_view bucket) const {
  TARN_TRY(RequireBucket(bucket));
  return VersioningOf(bucket);
}

std::string ObjectStore::VersioningOf(std::string_view bucket) const {
  if (!any_versioned_.load(std::memory_order_acquire)) return "";
  std::lock_guard lock(versioning_mutex_);
  auto it = versioning_.find(std::string(bucket));
  return it == versioning_.end() ? "" : it->second;
}

void ObjectStore::NoteVersioning(const std::string& bucket, const std::string& status) {
  std::lock_guard lock(versioning_mutex_);
  if (status.empty()) {
    versioning_.erase(bucket);
  } else {
    versioning_[bucket] = status;
    any_versioned_.store(true, std::memory_order_release);
  }
}

core::Result<std::vector<ObjectStore::StoredVersion>> ObjectStore::Noncurrent(std::string_view bucket,
                                                                              std::string_view key) const {
  std::vector<StoredVersion> out;
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(keys::KeyVersionsPrefix(bucket, key)));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto record = DecodeObjectRecord(it.value());
    if (!record) return Corrupt();
    out.push_back({std::string(it.key()), std::move(*record)});
  }
  TARN_TRY(it.status());
  return out;
}

core::Status ObjectStore::StageNullVersionRemoval(storage::WriteBatch& batch, std::string_view bucket,
                                                  std::string_view key, std::vector<std::string>& unlink) {
  TARN_ASSIGN_OR_RETURN(auto versions, Noncurrent(bucket, key));
  for (const StoredVersion& v : versions) {
    if (!IsNullVersion(v.record.version_id)) continue;
    batch.Delete(cf_, v.rocks_key);
    if (!v.record.blob.empty()) unlink.push_back(v.record.blob);
  }
  return core::Ok();
}

core::Status ObjectStore::StageCurrent(storage::WriteBatch& batch, std::string_view bucket,
                                       std::string_view key, const std::string& versioning,
                                       ObjectRecord& record, std::vector<std::string>& unlink) {
  const bool versioned = !versioning.empty();
  TARN_ASSIGN_OR_RETURN(auto old, GetObject(bucket, key, /*with_data=*/versioned));
  if (!versioned) {
    record.version_id.clear();
    record.version_seq = 0;
    if (old && !old->blob.empty() && old->blob != record.blob) unlink.push_back(old->blob);
  } else {
    record.version_seq = NextVersionSeq();
    const bool suspended = versioning == "Suspended";
    record.version_id = suspended ? "null" : MakeVersionId(record.version_seq);
    if (old) {
      if (suspended && IsNullVersion(old->version_id)) {
        if (!old->blob.empty() && old->blob != record.blob) unlink.push_back(old->blob);
      } else {
        // The replaced version stays, noncurrent (an object written before versioning has sequence 0:
        // older than every other).
        batch.Put(cf_, keys::Version(bucket, key, old->version_seq), EncodeObjectRecord(*old));
      }
    }
    if (suspended) TARN_TRY(StageNullVersionRemoval(batch, bucket, key, unlink));
  }
  batch.Put(cf_, keys::Object(bucket, key), EncodeObjectRecord(record));
  return core::Ok();
}

// The null version has no sequence number in its id: it is looked for among the key's versions.
core::Result<std::optional<ObjectStore::StoredVersion>> ObjectStore::FindVersion(std::string_view bucket,
                                                                                 std::string_view key,
                                                                                 std::string_view version_id,
                                                                                 bool with_data) const {
  using Found = std::optional<StoredVersion>;
  TARN_ASSIGN_OR_RETURN(auto current, GetObject(bucket, key, with_data));
  if (current && SameVersion(version_id, current->version_id))
    return Found(StoredVersion{keys::Object(bucket, key), std::move(*current)});
  if (IsNullVersion(version_id)) {
    TARN_ASSIGN_OR_RETURN(auto versions, Noncurrent(bucket, key));
    for (StoredVersion& v : versions)
      if (IsNullVersion(v.record.version_id)) return Found(std::move(v));
    return Found();
  }
  auto seq = VersionSequence(version_id);
  if (!seq) return Found();
  std::string rocks_key = keys::Version(bucket, key, *seq);
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, rocks_key));
  if (!value) return Found();
  auto record = DecodeObjectRecord(*value, with_data);
  if (!record) return Corrupt();
  if (record->version_id != version_id) return Found();
  return Found(StoredVersion{std::move(rocks_key), std::move(*record)});
}

core::Result<std::optional<ObjectRecord>> ObjectStore::GetObjectVersion(std::string_view bucket,
                                                                        std::string_view key,
                                                                        std::string_view version_id,
                                                                        bool with_data) const {
  TARN_ASSIGN_OR_RETURN(auto found, FindVersion(bucket, key, version_id, with_data));
  if (!found) return std::optional<ObjectRecord>();
  return std::optional<ObjectRecord>(std::move(found->record));
}

core::Result<std::optional<ObjectRecord>> ObjectStore::CurrentDeleteMarker(std::string_view bucket,
                                                                           std::string_view key) const {
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(keys::KeyVersionsPrefix(bucket, key)));
  it.SeekToFirst();
  TARN_TRY(it.status());
  if (!it.Valid()) return std::optional<ObjectRecord>();
  auto record = DecodeObjectRecord(it.value(), /*with_data=*/false);
  if (!record) return Corrupt();
  if (!record->delete_marker) return std::optional<ObjectRecord>();
  return std::optional<ObjectRecord>(std::move(*record));
}

core::Status ObjectStore::SetObjectTags(std::string_view bucket, std::string_view key,
                                        boost::json::array tags, const std::optional<std::string>& version_id,
                                        std::string_view method) {
  return UpdateObjectHeaders(bucket, key, version_id, method, [&](ContentHeaders& headers) {
    headers.tags = std::move(tags);
    return core::Ok();
  });
}

core::Status ObjectStore::UpdateObjectHeaders(std::string_view bucket, std::string_view key,
                                              const std::optional<std::string>& version_id,
                                              std::string_view method,
                                              const std::function<core::Status(ContentHeaders&)>& change) {
  std::shared_lock buckets(bucket_mutex_);
  TARN_TRY(RequireBucket(bucket));
  std::lock_guard lock(KeyLock(bucket, key));
  if (!version_id) {
    TARN_ASSIGN_OR_RETURN(auto record, GetObject(bucket, key));
    if (!record) {
      // The newest version a delete marker: refused as S3 refuses it (LocalStack's
      // test_object_tagging_versioned, recorded against AWS).
      TARN_ASSIGN_OR_RETURN(auto marker, CurrentDeleteMarker(bucket, key));
      if (marker) return DeleteMarkerNotAllowed(method, marker->version_id, marker->last_modified);
      return NoSuchKey(key);
    }
    TARN_TRY(change(record->headers));
    return rocks_.Put(cf_, keys::Object(bucket, key), EncodeObjectRecord(*record));
  }
  TARN_ASSIGN_OR_RETURN(auto found, FindVersion(bucket, key, *version_id, /*with_data=*/true));
  if (!found) return NoSuchVersion(key, *version_id);
  if (found->record.delete_marker)
    return DeleteMarkerNotAllowed(method, found->record.version_id, found->record.last_modified);
  TARN_TRY(change(found->record.headers));
  return rocks_.Put(cf_, found->rocks_key, EncodeObjectRecord(found->record));
}

core::Result<ObjectDeletion> ObjectStore::DeleteObject(std::string_view bucket, std::string_view key,
                                                       core::TimePoint now) {
  std::shared_lock buckets(bucket_mutex_);
  TARN_ASSIGN_OR_RETURN(std::string versioning, Versioning(bucket));
  ObjectDeletion result;
  std::vector<std::string> unlink;
  {
    std::lock_guard lock(KeyLock(bucket, key));
    const bool versioned = !versioning.empty();
    TARN_ASSIGN_OR_RETURN(result.removed, GetObject(bucket, key, /*with_data=*/versioned));
    storage::WriteBatch batch;
    if (!versioned) {
      if (!result.removed) return result;
      batch.Delete(cf_, keys::Object(bucket, key));
      if (!result.removed->blob.empty()) unlink.push_back(result.removed->blob);
    } else {
      const bool suspended = versioning == "Suspended";
      ObjectRecord marker;
      marker.delete_marker = true;
      marker.last_modified = now;
      marker.version_seq = NextVersionSeq();
      marker.version_id = suspended ? "null" : MakeVersionId(marker.version_seq);
      if (const auto& old = result.removed) {
        batch.Delete(cf_, keys::Object(bucket, key));
        if (suspended && IsNullVersion(old->version_id)) {
          if (!old->blob.empty()) unlink.push_back(old->blob);
        } else {
          batch.Put(cf_, keys::Version(bucket, key, old->version_seq), EncodeObjectRecord(*old));
        }
      }
      if (suspended) TARN_TRY(StageNullVersionRemoval(batch, bucket, key, unlink));
      batch.Put(cf_, keys::Version(bucket, key, marker.version_seq), EncodeObjectRecord(marker));
      result.delete_marker = true;
      result.version_id = marker.version_id;
    }
    TARN_TRY(CommitBeforeUnlink(batch, !unlink.empty()));
  }
  for (const std::string& blob : unlink) Unlink(bucket, blob);
  return result;
}

core::Result<ObjectDeletion> ObjectStore::DeleteObjectVersion(
    std::string_view bucket, std::string_view key, std::string_view version_id,
    const std::function<core::Status(const ObjectRecord&)>& may_remove) {
  std::shared_lock buckets(bucket_mutex_);
  TARN_TRY(RequireBucket(bucket));
  ObjectDeletion result;
  std::vector<std::string> unlink;
  {
    std::lock_guard lock(KeyLock(bucket, key));
    TARN_ASSIGN_OR_RETURN(auto current, GetObject(bucket, key));
    TARN_ASSIGN_OR_RETURN(auto versions, Noncurrent(bucket, key));
    storage::WriteBatch batch;
    bool promote = false;  // the newest remaining noncurrent version becomes current
    size_t removed_index = versions.size();
    if (current && SameVersion(version_id, current->version_id)) {
      batch.Delete(cf_, keys::Object(bucket, key));
      promote = true;
      result.removed = std::move(current);
    } else {
      for (size_t i = 0; i < versions.size(); ++i) {
        if (!SameVersion(version_id, versions[i].record.version_id)) continue;
        batch.Delete(cf_, versions[i].rocks_key);
        removed_index = i;
        // Removing the newest version of a key without a current one (a delete marker, by the
        // invariant) brings the next newest back.
        promote = !current && i == 0;
        result.removed = versions[i].record;
        break;
      }
    }
    if (!result.removed) return result;  // no such version: nothing to do, as S3 answers
    if (may_remove) TARN_TRY(may_remove(*result.removed));
    result.delete_marker = result.removed->delete_marker;
    result.version_id = result.removed->version_id.empty() ? "null" : result.removed->version_id;
    if (!result.removed->blob.empty()) unlink.push_back(result.removed->blob);
    if (promote) {
      for (size_t i = 0; i < versions.size(); ++i) {
        if (i == removed_index) continue;
        const StoredVersion& next = versions[i];
        if (!next.record.delete_marker) {
          batch.Delete(cf_, next.rocks_key);
          batch.Put(cf_, keys::Object(bucket, key), EncodeObjectRecord(next.record));
        }
        break;
      }
    }
    TARN_TRY(CommitBeforeUnlink(batch, !unlink.empty()));
  }
  for (const std::string& blob : unlink) Unlink(bucket, blob);
  if (result.removed) result.removed->data.clear();
  return result;
}

// Walks the 'O' and 'V' records of the bucket side by side: both are in key order, and a key's
// current version ('O') is newer than all of its 'V' records.
core::Result<VersionPage> ObjectStore::ListVersions(std::string_view bucket,
                                                    const VersionListRequest& request) const {
  const std::string object_prefix = keys::ObjectPrefix(bucket);
  const std::string version_prefix = keys::VersionPrefix(bucket);
  auto objects = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(object_prefix));
  auto versions = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(version_prefix));
  auto seek = [&](std::string_view key) {
    objects.Seek(object_prefix + std::string(key));
    versions.Seek(version_prefix + storage::EncodeString(key));
  };
  // The key of the 'V' record under the cursor.
  auto version_key = [&]() -> core::Result<std::string> {
    storage::KeyReader reader(versions.key().substr(version_prefix.size()));
    auto key = reader.String();
    if (!key) return Corrupt();
    return std::move(*key);
  };
  VersionPage page;
  const size_t limit = request.max_keys;
  size_t count = 0;
  bool full = false;  // limit reached: the next entry found only marks the page truncated
  auto add = [&](VersionEntry entry) {
    if (full) {
      page.truncated = true;
      return false;
    }
    page.next_key_marker = entry.key;
    page.next_version_id_marker.clear();
    if (auto r = DecodeObjectRecord(entry.record, false)) page.next_version_id_marker = r->version_id;
    if (page.next_version_id_marker.empty()) page.next_version_id_marker = "null";
    page.versions.push_back(std::move(entry));
    full = ++count >= limit;
    return true;
  };
  std::string start = std::max(request.prefix, request.key_marker);
  seek(start);
  while (true) {
    TARN_TRY(objects.status());
    TARN_TRY(versions.status());
    std::optional<std::string> key;
    if (objects.Valid()) key = std::string(objects.key().substr(object_prefix.size()));
    if (versions.Valid()) {
      TARN_ASSIGN_OR_RETURN(std::string vkey, version_key());
      if (!key || vkey < *key) key = std::move(vkey);
    }
    if (!key || !key->starts_with(request.prefix)) break;
    if (limit == 0) {
      // max-keys=0 asks for nothing; S3 then says nothing more is to come.
      break;
    }
    if (!request.delimiter.empty()) {
      size_t at = key->find(request.delimiter, request.prefix.size());
      if (at != std::string::npos) {
        std::string common = key->substr(0, at + request.delimiter.size());
        // A common prefix at or before the marker (or containing it) was on an earlier page.
        if (!(request.key_marker.starts_with(common) || common <= request.key_marker)) {
          if (full) {
            page.truncated = true;
            break;
          }
          page.common_prefixes.push_back(common);
          page.next_key_marker = common;
          page.next_version_id_marker.clear();
          full = ++count >= limit;
        }
        auto after = storage::PrefixSuccessor(common);
        if (!after) break;
        seek(*after);
        continue;
      }
    }
    // Every version of this key, newest first: the current one, then the 'V' records.
    std::vector<VersionEntry> entries;
    if (objects.Valid() && objects.key().substr(object_prefix.size()) == *key) {
      entries.push_back({*key, std::string(ObjectRecordJson(objects.value())), true});
      objects.Next();
    }
    while (versions.Valid()) {
      TARN_ASSIGN_OR_RETURN(std::string vkey, version_key());
      if (vkey != *key) break;
      entries.push_back({*key, std::string(ObjectRecordJson(versions.value())), entries.empty()});
      versions.Next();
    }
    size_t first = 0;
    if (*key == request.key_marker) {
      // Resume after version_id_marker of the marker key; without one, after all of its versions.
      first = entries.size();
      if (!request.version_id_marker.empty()) {
        bool found = false;
        // A marker whose version was deleted since: S3 goes on with the versions older than it
        // (LocalStack's test_list_objects_versions_with_prefix_only_and_pagination, recorded on AWS).
        // Version ids carry their sequence, newest first here; a null version keeps its place.
        const auto marker_sequence = VersionSequence(request.version_id_marker);
        size_t after_newer = 0;
        for (size_t i = 0; i < entries.size(); ++i) {
          auto r = DecodeObjectRecord(entries[i].record, false);
          if (!r) return Corrupt();
          if (SameVersion(request.version_id_marker, r->version_id)) {
            first = i + 1;
            found = true;
            break;
          }
          auto sequence = VersionSequence(r->version_id);
          if (marker_sequence && sequence && *sequence > *marker_sequence) after_newer = i + 1;
        }
        if (!found && marker_sequence) first = after_newer;
      }
    }
    bool stopped = false;
    for (size_t i = first; i < entries.size() && !stopped; ++i) stopped = !add(std::move(entries[i]));
    if (stopped) break;
  }
  return page;
}

}  // namespace tarn::s3
