#pragma once
// The ListObjects/ListObjectsV2 walk over a bucket's keys in byte order (the metadata index, never
// the file system): prefix, delimiter roll-up into CommonPrefixes, max-keys counting both, and
// resumption after a key or a common prefix. Pure logic over a KeyCursor, so it is tested without
// storage (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tarn::s3 {

// A bucket's object keys in ascending byte order, each with its stored record. One thread.
class KeyCursor {
 public:
  virtual ~KeyCursor() = default;
  // Positions at the first key >= target.
  virtual void Seek(std::string_view target) = 0;
  virtual bool Valid() const = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual void Next() = 0;
  virtual core::Status status() const = 0;
};

struct ListRequest {
  std::string prefix;
  std::string delimiter;
  // Exclusive: only keys (and common prefixes) after it (start-after, marker, continuation).
  std::string start_after;
  size_t max_keys = 1000;
};

struct ListPage {
  std::vector<std::pair<std::string, std::string>> objects;  // key, record
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // The last key or common prefix returned: NextMarker, and what a continuation token resumes after.
  std::string last;
};

core::Result<ListPage> ListKeys(KeyCursor& cursor, const ListRequest& request);

// ListObjectVersions (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html).
struct VersionListRequest {
  std::string prefix;
  std::string delimiter;
  std::string key_marker;         // resume after every version of this key (or common prefix) ...
  std::string version_id_marker;  // ... or, when set, after this version of key_marker
  size_t max_keys = 1000;
};

struct VersionEntry {
  std::string key;
  std::string record;  // the version's stored JSON (DecodeObjectRecord(record, false))
  bool is_latest = false;
};

struct VersionPage {
  std::vector<VersionEntry> versions;  // objects and delete markers, by key then newest first
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // With truncated: where the next page starts (the version id empty after a common prefix).
  std::string next_key_marker;
  std::string next_version_id_marker;
};

// S3's default and ceiling for max-keys / max-uploads / max-parts.
inline constexpr size_t kMaxListKeys = 1000;

}  // namespace tarn::s3
