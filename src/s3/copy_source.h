#pragma once
// The x-amz-copy-source header of CopyObject and UploadPartCopy: "bucket/key" or "/bucket/key",
// percent-encoded, optionally followed by "?versionId=...". Pure; safe from any thread.

#include <optional>
#include <string>
#include <string_view>

namespace tarn::s3 {

struct CopySource {
  std::string bucket;
  std::string key;
  std::optional<std::string> version_id;  // ?versionId=
};

// nullopt when the value names no bucket and key or is not valid percent-encoding.
std::optional<CopySource> ParseCopySource(std::string_view raw);

}  // namespace tarn::s3
