#pragma once
// Rocks: the one RocksDB database of a data directory (<data>/db), locked against a second opener
// in this or any other process. Callers never see rocksdb types: a ColumnFamily is an opaque
// handle owned by Rocks; WriteBatch, Iterator and Snapshot wrap their rocksdb counterparts.
// Thread-safety: Rocks is safe to use from many threads; a WriteBatch or an Iterator belongs to
// one thread at a time; a Snapshot may be shared. Every handle must be destroyed before its Rocks.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/wal_file_system.h"

namespace tarn::storage {

enum class Durability {
  kSync,     // every Write is in the fsync'ed WAL before it returns: survives kill -9 and power loss
  kRelaxed,  // Write returns once the WAL is in the OS page cache: survives kill -9, not power loss
};

struct RocksOptions {
  std::string path;  // the database directory, created (mode 0700: it holds IAM secrets) if missing
  Durability durability = Durability::kSync;
  size_t block_cache_bytes = 64 << 20;   // shared by every column family
  size_t write_buffer_bytes = 64 << 20;  // memtable budget shared by every column family
  // Families to create besides column_families.h: what a newer tarn would add (tests use it to
  // check that an older tarn still opens such a database).
  std::vector<std::string> extra_column_families;
  // With kSync: how the WAL's zeros are kept ahead of its writer (tests make the steps small).
  WalZeroing wal_zeroing;
};

// The version of the database-wide layout (column families, "meta" keys). A different major
// version is unreadable; a newer minor version only adds things an older tarn can ignore.
struct FormatVersion {
  uint32_t major = 0;
  uint32_t minor = 0;
};
inline constexpr FormatVersion kFormatVersion{1, 0};

// An opaque column family handle (see column_families.h), valid as long as its Rocks.
class ColumnFamily;

// A consistent point-in-time view for Get and iterators. Releases itself on destruction.
class Snapshot {
 public:
  Snapshot(Snapshot&&) noexcept;
  Snapshot& operator=(Snapshot&&) noexcept;
  ~Snapshot();
  // The database sequence number this snapshot sees.
  uint64_t sequence() const;

 private:
  friend class Rocks;
  struct Rep;
  explicit Snapshot(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// Writes collected here commit together, in order, or not at all (Rocks::Write).
class WriteBatch {
 public:
  WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;
  ~WriteBatch();

  void Put(const ColumnFamily& cf, std::string_view key, std::string_view value);
  void Delete(const ColumnFamily& cf, std::string_view key);
  // Deletes every key in [begin, end).
  void DeleteRange(const ColumnFamily& cf, std::string_view begin, std::string_view end);
  void Clear();

  size_t size() const;  // number of operations
  bool empty() const { return size() == 0; }
  size_t ByteSize() const;

 private:
  friend class Rocks;
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

struct IteratorOptions {
  std::optional<std::string> lower_bound;  // inclusive; nothing before it is visible
  std::optional<std::string> upper_bound;  // exclusive; nothing at or after it is visible
  const Snapshot* snapshot = nullptr;      // must outlive the iterator
  bool fill_cache = true;                  // false for one-off full scans

  // Only the keys that start with prefix.
  static IteratorOptions Prefix(std::string_view prefix);
};

// Walks one column family in bytewise key order, within the bounds it was created with.
// key()/value() are valid only while Valid() and until the next move. After the walk, check
// status(): an I/O error also ends it.
class Iterator {
 public:
  Iterator(Iterator&&) noexcept;
  Iterator& operator=(Iterator&&) noexcept;
  ~Iterator();

  void SeekToFirst();
  void SeekToLast();
  void Seek(std::string_view target);         // first key >= target (and >= the lower bound)
  void SeekForPrev(std::string_view target);  // last key <= target (and < the upper bound)
  bool Valid() const;
  void Next();
  void Prev();
  std::string_view key() const;
  std::string_view value() const;
  core::Status status() const;

 private:
  friend class Rocks;
  struct Rep;
  explicit Iterator(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

class Rocks {
 public:
  // Opens (creating if missing) the database at options.path with every family of
  // column_families.h plus any other found on disk, and checks "meta" format-version.
  // Errors (InternalFailure, with a message for the operator): "data directory <path> is in use by
  // another tarn process"; a different major format version; corruption; I/O errors.
  static core::Result<std::unique_ptr<Rocks>> Open(const RocksOptions& options);

  Rocks(const Rocks&) = delete;
  Rocks& operator=(const Rocks&) = delete;
  ~Rocks();  // Close(), logging an error

  // Syncs the WAL, flushes memtables and releases the lock. No other call is allowed after it.
  core::Status Close();

  // The family named name; asking for one that does not exist is a programming error (TARN_CHECK).
  ColumnFamily& Cf(std::string_view name) const;
  bool HasCf(std::string_view name) const;
  std::vector<std::string> ColumnFamilyNames() const;

  // Reads and writes fail only for the storage's own reasons: InternalFailure (500; I/O error,
  // corruption, disk full: logged with RocksDB's message) or ServiceUnavailable (503; contention).
  // Get returns nullopt when the key is absent.
  core::Result<std::optional<std::string>> Get(const ColumnFamily& cf, std::string_view key,
                                               const Snapshot* snapshot = nullptr) const;
  // Atomic, and durable per RocksOptions::durability when it returns Ok — except inside a
  // core::DeferredDurability scope, where kSync's fsync is owed to that scope (group commit) and
  // Write returns once the batch is in the OS. The batch is left as is.
  core::Status Write(WriteBatch& batch);
  // As Write, but durable per RocksOptions::durability when it returns even inside a
  // DeferredDurability scope: for a change followed by a step that cannot be taken back (S3
  // unlinking the blob a record no longer names), which must not run before the change is safe.
  core::Status WriteDurably(WriteBatch& batch);
  core::Status Put(const ColumnFamily& cf, std::string_view key, std::string_view value);
  core::Status Delete(const ColumnFamily& cf, std::string_view key);

  Iterator NewIterator(const ColumnFamily& cf, IteratorOptions options = {}) const;
  Snapshot GetSnapshot() const;
  // Each write advances it by the number of operations in its batch; never goes back.
  uint64_t GetLatestSequenceNumber() const;

  // Each store records the layout version of its keys in "meta" under "format-version/<store>"
  // (docs/storage-formats.md). Writes current when absent or older (same major); refuses a
  // different major with an InternalFailure whose message names the store and both versions.
  // A store whose code still reads older majors names the oldest (oldest_readable_major, 0: none
  // older than current's): such a stored version is raised to current, since from now on records
  // an older tarn cannot read may be written. (Open checks the database-wide key, "format-version",
  // as store "".)
  core::Status CheckFormatVersion(std::string_view store, FormatVersion current,
                                  uint32_t oldest_readable_major = 0);

  // Flushes every memtable to SST files and syncs the WAL (for tests and clean shutdown).
  core::Status Flush();

  const std::string& path() const { return options_.path; }
  Durability durability() const { return options_.durability; }

 private:
  struct Rep;
  Rocks(RocksOptions options, std::unique_ptr<Rep> rep);
  RocksOptions options_;
  std::unique_ptr<Rep> rep_;
};

}  // namespace tarn::storage
