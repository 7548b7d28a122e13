#pragma once
// Keys of family "s3" (docs/storage-formats.md, "s3"), shared by ObjectStore's files. Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/key_codec.h"

namespace tarn::s3::keys {

// Record tags.
inline constexpr uint8_t kBucketTag = 'B';
inline constexpr uint8_t kObjectTag = 'O';  // a key's current version
inline constexpr uint8_t kUploadTag = 'U';
inline constexpr uint8_t kPartTag = 'P';
inline constexpr uint8_t kVersionTag = 'V';  // noncurrent versions and delete markers

inline std::string Bucket(std::string_view bucket) {
  return storage::KeyBuilder().Byte(kBucketTag).String(bucket).Take();
}
inline std::string ObjectPrefix(std::string_view bucket) {
  return storage::KeyBuilder().Byte(kObjectTag).String(bucket).Take();
}
inline std::string Object(std::string_view bucket, std::string_view key) {
  return storage::KeyBuilder().Byte(kObjectTag).String(bucket).Raw(key).Take();
}
inline std::string UploadPrefix(std::string_view bucket) {
  return storage::KeyBuilder().Byte(kUploadTag).String(bucket).Take();
}
inline std::string Upload(std::string_view bucket, std::string_view key, std::string_view upload_id) {
  return storage::KeyBuilder().Byte(kUploadTag).String(bucket).String(key).Raw(upload_id).Take();
}
inline std::string BucketPartsPrefix(std::string_view bucket) {
  return storage::KeyBuilder().Byte(kPartTag).String(bucket).Take();
}
inline std::string PartPrefix(std::string_view bucket, std::string_view upload_id) {
  return storage::KeyBuilder().Byte(kPartTag).String(bucket).String(upload_id).Take();
}
inline std::string Part(std::string_view bucket, std::string_view upload_id, uint32_t number) {
  return storage::KeyBuilder().Byte(kPartTag).String(bucket).String(upload_id).Uint64(number).Take();
}
// Versions sort by key, then newest first (the sequence number inverted).
inline std::string VersionPrefix(std::string_view bucket) {
  return storage::KeyBuilder().Byte(kVersionTag).String(bucket).Take();
}
inline std::string KeyVersionsPrefix(std::string_view bucket, std::string_view key) {
  return storage::KeyBuilder().Byte(kVersionTag).String(bucket).String(key).Take();
}
inline std::string Version(std::string_view bucket, std::string_view key, uint64_t seq) {
  return storage::KeyBuilder().Byte(kVersionTag).String(bucket).String(key).Uint64(~seq).Take();
}

}  // namespace tarn::s3::keys
