#pragma once
// Order-preserving key encodings: RocksDB compares keys bytewise, so every encoding here makes the
// bytewise order of encoded keys equal the logical order of the values, also for composite keys
// (a, b, ...), which sort by a, then b. The byte layouts are in docs/storage-formats.md ("Key
// encodings") and are part of the on-disk format: never change one without a format-version bump.
// Pure functions and value types; KeyBuilder/KeyReader are not synchronized (one thread each).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn::storage {

// 8 bytes big-endian.
std::string EncodeUint64(uint64_t v);
// 8 bytes big-endian with the sign bit flipped, so negative numbers sort before positive ones.
std::string EncodeInt64(int64_t v);
// 8 bytes: the IEEE-754 bits, all flipped for negative numbers, only the sign flipped otherwise.
// -0.0 sorts immediately before +0.0; every NaN is stored as one canonical NaN after +infinity.
std::string EncodeDouble(double v);
// Escapes 0x00 as 0x00 0xFF and terminates with 0x00 0x01, so that a string sorts before every
// longer string it prefixes and a following component never affects the order of this one.
std::string EncodeString(std::string_view s);

// Each decoder accepts exactly one encoded value (nothing before or after it) and returns nullopt
// for anything else: wrong length, a bad escape, a missing terminator.
std::optional<uint64_t> DecodeUint64(std::string_view bytes);
std::optional<int64_t> DecodeInt64(std::string_view bytes);
std::optional<double> DecodeDouble(std::string_view bytes);
std::optional<std::string> DecodeString(std::string_view bytes);

// The smallest key greater than every key that starts with prefix: the exclusive upper bound of a
// prefix scan. nullopt when there is none (prefix is empty or all 0xFF): scan to the end.
std::optional<std::string> PrefixSuccessor(std::string_view prefix);

// Builds a composite key component by component:
//   std::string key = KeyBuilder().Byte('i').String(table).String(hash_key).Take();
class KeyBuilder {
 public:
  KeyBuilder() = default;
  explicit KeyBuilder(std::string_view raw_prefix) : key_(raw_prefix) {}

  KeyBuilder& Uint64(uint64_t v);
  KeyBuilder& Int64(int64_t v);
  KeyBuilder& Double(double v);
  KeyBuilder& String(std::string_view s);  // also for arbitrary bytes
  // A single unescaped byte: a record-type tag. Tags compare as unsigned bytes.
  KeyBuilder& Byte(uint8_t tag);
  // Unescaped bytes, for a fixed-width or final component only (no terminator is added, so a
  // variable-length Raw before another component would break the order).
  KeyBuilder& Raw(std::string_view bytes);

  const std::string& key() const& { return key_; }
  // Moves the key out and leaves the builder empty.
  std::string Take() {
    std::string out = std::move(key_);
    key_.clear();
    return out;
  }

 private:
  std::string key_;
};

// Reads a key written by KeyBuilder in the same component order. Each Read returns nullopt on
// malformed or missing input and then leaves the reader where it was.
class KeyReader {
 public:
  explicit KeyReader(std::string_view key) : rest_(key) {}

  std::optional<uint64_t> Uint64();
  std::optional<int64_t> Int64();
  std::optional<double> Double();
  std::optional<std::string> String();
  std::optional<uint8_t> Byte();
  std::optional<std::string_view> Raw(size_t n);

  bool done() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace tarn::storage
