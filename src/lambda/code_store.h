#pragma once
// Deployment packages: a .zip's identity (CodeSha256 = base64 of its SHA-256, CodeSize) and its
// extraction with libzip into DATA/lambda/<function>/<sha256 hex>/, the function's
// LAMBDA_TASK_ROOT. Entries that would land outside the root ("../x", absolute paths, symlinks
// pointing out) are refused. Thread-safe: a package is unzipped into a fresh temporary directory
// and renamed into place, so concurrent uploads of the same package do not disturb each other.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tarn::lambda {

// Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
inline constexpr uint64_t kMaxZippedBytes = 50ull * 1024 * 1024;  // direct upload
inline constexpr uint64_t kMaxUnzippedBytes = 262144000;          // 250 MB, unzipped

struct CodePackage {
  std::string sha256_base64;  // CodeSha256
  std::string sha256_hex;     // the directory name
  uint64_t size = 0;          // CodeSize: the zip's bytes
};

// The relative path an archive entry unpacks to, or nullopt when it would escape the root
// (absolute, "..", empty components are dropped). Pure.
std::optional<std::string> SafeEntryPath(std::string_view name);

// Unzips zip into dest (which must not exist), keeping Unix permission bits.
// Errors: InvalidParameterValueException "Could not unzip uploaded file..." for a malformed
// archive or an escaping entry; "Unzipped size must be smaller than 262144000 bytes" past the quota.
core::Status ExtractZip(std::string_view zip, const std::string& dest);

class CodeStore {
 public:
  explicit CodeStore(std::string root) : root_(std::move(root)) {}  // DATA/lambda
  core::Status Init() const;
  // Validates and unpacks a package for function (idempotent for the same bytes).
  core::Result<CodePackage> Store(std::string_view function, std::string_view zip) const;
  std::string TaskRoot(std::string_view function, std::string_view sha256_hex) const;
  std::string ZipPath(std::string_view function, std::string_view sha256_hex) const;
  // Removes every package of the function.
  void Remove(std::string_view function) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

}  // namespace tarn::lambda
