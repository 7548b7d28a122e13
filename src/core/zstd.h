#pragma once
// Decompression of Zstandard data (RFC 8878): the objects an ImportTable with InputCompressionType ZSTD
// reads. Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace tarn::core {

enum class UnzstdError {
  kCorrupt,   // not zstd, truncated, or a frame whose data or checksum is wrong
  kTooLarge,  // more than the caller's limit once decompressed
};

// The decompressed bytes of one or more concatenated frames (skippable frames are skipped, as the zstd
// tool does). An empty input is kCorrupt.
std::variant<std::string, UnzstdError> Unzstd(std::string_view in, size_t max_out);

// One frame holding `in` (for tests and tools), with its content checksum.
std::string Zstd(std::string_view in);

}  // namespace tarn::core
