// With wal_file_system.cpp, the only file that includes rocksdb headers (STYLE.md). RocksDB's own LOCK file
// keeps a second process (and, via its process-wide lock table, a second Open in this process) off the
// database.
#include "storage/rocks.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <utility>

#include "core/deferred_durability.h"
#include "core/fs.h"
#include "core/log.h"
#include "storage/column_families.h"
#include "storage/key_codec.h"
#include "storage/wal_file_system.h"
#include "storage/wal_syncer.h"

namespace tarn::storage {

// ---- handles -------------------------------------------------------------------------------

class ColumnFamily {
 public:
  ColumnFamily(std::string name, rocksdb::ColumnFamilyHandle* handle)
      : name_(std::move(name)), handle_(handle) {}
  const std::string& name() const { return name_; }
  rocksdb::ColumnFamilyHandle* handle() const { return handle_; }

 private:
  std::string name_;
  rocksdb::ColumnFamilyHandle* handle_;  // owned by Rocks::Rep
};

struct Snapshot::Rep {
  rocksdb::DB* db;
  const rocksdb::Snapshot* snapshot;
  ~Rep() { db->ReleaseSnapshot(snapshot); }
};

struct WriteBatch::Rep {
  rocksdb::WriteBatch batch;
};

struct Iterator::Rep {
  // The bounds' bytes and Slices must outlive the rocksdb iterator that points at them.
  std::optional<std::string> lower, upper;
  rocksdb::Slice lower_slice, upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;
};

struct Rocks::Rep {
  // With kSync, the file system that keeps zeros ahead of the WAL (wal_file_system.h); first, so it
  // outlives the database.
  std::unique_ptr<rocksdb::Env> env;
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::map<std::string, std::unique_ptr<ColumnFamily>, std::less<>> families;
  rocksdb::WriteOptions write_options;
  rocksdb::WriteOptions deferred_write_options;  // sync=false: the WalSyncer owes the fsync
  std::unique_ptr<WalSyncer> syncer;             // with Durability::kSync only
};

namespace {

constexpr std::string_view kFormatVersionKey = "format-version";
// The in-process message names the lock table ("lock hold by current process"); the cross-process
// one is flock's ("While lock file: <path>/LOCK: Resource temporarily unavailable").
constexpr std::string_view kLockMarkers[] = {"While lock file", "lock hold by current process"};

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

// The one mapping from rocksdb::Status to the error services see. Contention is retryable (503);
// everything else is the server's fault (500) and is logged with RocksDB's own words.
core::AwsError ToAwsError(const rocksdb::Status& s) {
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut())
    return core::ServiceUnavailable("Storage is busy: " + s.ToString());
  log::error("storage: {}", s.ToString());
  if (s.IsNoSpace())
    return core::InternalFailure("Storage error: no space left on the data directory's disk");
  return core::InternalFailure("Storage error: " + s.ToString());
}

bool IsLockError(const rocksdb::Status& s) {
  if (!s.IsIOError()) return false;
  std::string text = s.ToString();
  return std::any_of(std::begin(kLockMarkers), std::end(kLockMarkers),
                     [&](std::string_view m) { return text.find(m) != std::string::npos; });
}

rocksdb::DBOptions MakeDbOptions(const RocksOptions& o) {
  rocksdb::DBOptions db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.max_background_jobs = 2;  // the target machine has 2 cores, shared with request handling
  db.bytes_per_sync = 1 << 20;
  // With kSync every acknowledged write waits for a WAL sync (sync=true, or the WalSyncer's group
  // commit, which flushes the WAL buffer first), so writes may stay in RocksDB's WAL buffer until
  // then: one write(2) per group instead of one per request. With kRelaxed each Write reaches the OS
  // before it returns, so it survives a kill -9 (not a power loss).
  db.manual_wal_flush = o.durability == Durability::kSync;
  db.max_total_wal_size = 256 << 20;  // flush idle families so the WAL does not grow unbounded
  db.db_write_buffer_size = o.write_buffer_bytes;
  db.max_open_files = 512;  // sockets share the process's descriptor limit
  // RocksDB starts this many short-lived threads per column family at every open to load table
  // handlers (default 16: 240 thread starts for our 15 families); one is plenty at our sizes.
  db.max_file_opening_threads = 1;
  db.max_log_file_size = 1 << 20;  // RocksDB's own LOG: at most ~3 MB on disk
  db.keep_log_file_num = 3;
  // The default level depends on how the library itself was built: Debian's librocksdb logs at
  // DEBUG, a line ("FlushWAL sync=true") for every group commit, and the LOG files roll over often.
  db.info_log_level = rocksdb::InfoLogLevel::INFO_LEVEL;
  return db;
}

rocksdb::ColumnFamilyOptions MakeCfOptions(const RocksOptions& o,
                                           const std::shared_ptr<rocksdb::Cache>& cache,
                                           const std::shared_ptr<const rocksdb::FilterPolicy>& bloom) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy = bloom;  // point lookups (GetItem, HeadObject) skip SST files without the key
  // Index and filter blocks stay with their open table (max_open_files bounds them) instead of
  // going through the block cache: a point lookup then costs one cache lookup (the data block), not
  // three.
  table.cache_index_and_filter_blocks = false;
  // No explicit readahead(2) when an iterator crosses blocks: Query pages are a few blocks long,
  // mostly cached, and the kernel's own readahead serves sequential reads of cold files.
  table.max_auto_readahead_size = 0;
  rocksdb::ColumnFamilyOptions cf;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.write_buffer_size = std::min<size_t>(o.write_buffer_bytes / 2, 16 << 20);
  cf.level_compaction_dynamic_level_bytes = true;
  auto supported = rocksdb::GetSupportedCompressions();
  auto has = [&](rocksdb::CompressionType t) {
    return std::find(supported.begin(), supported.end(), t) != supported.end();
  };
  cf.compression = has(rocksdb::kLZ4Compression)      ? rocksdb::kLZ4Compression
                   : has(rocksdb::kSnappyCompression) ? rocksdb::kSnappyCompression
                                                      : rocksdb::kNoCompression;
  if (has(rocksdb::kZSTD)) cf.bottommost_compression = rocksdb::kZSTD;
  return cf;
}

// The families to open: every one found on disk, including any written by a newer tarn (dropping
// one from the open list would make RocksDB refuse to open at all); and the families tarn knows
// that are not there yet, which Open creates afterwards in one call.
struct Families {
  std::vector<std::string> existing;
  std::vector<std::string> missing;
};

core::Result<Families> FamiliesToOpen(const rocksdb::DBOptions& db, const RocksOptions& o) {
  Families f;
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(o.path) / "CURRENT", ec)) {
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db, o.path, &f.existing);
    if (!s.ok()) return core::InternalFailure("cannot open the database in " + o.path + ": " + s.ToString());
  } else {
    f.existing.emplace_back(kDefaultColumnFamily);  // a new database has this one alone
  }
  auto add_missing = [&](std::string_view name) {
    auto known = [&](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    if (!known(f.existing) && !known(f.missing)) f.missing.emplace_back(name);
  };
  for (std::string_view name : kColumnFamilies) add_missing(name);
  for (const auto& name : o.extra_column_families) add_missing(name);
  return f;
}

std::string FormatText(FormatVersion v) { return std::to_string(v.major) + "." + std::to_string(v.minor); }

std::optional<FormatVersion> ParseFormat(std::string_view text) {
  FormatVersion v;
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const char* end = text.data() + dot;
  auto [p1, e1] = std::from_chars(text.data(), end, v.major);
  auto [p2, e2] = std::from_chars(end + 1, text.data() + text.size(), v.minor);
  if (e1 != std::errc() || p1 != end || e2 != std::errc() || p2 != text.data() + text.size() || dot == 0 ||
      dot + 1 == text.size())
    return std::nullopt;
  return v;
}

}  // namespace

// ---- Snapshot ------------------------------------------------------------------------------

Snapshot::Snapshot(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Snapshot::Snapshot(Snapshot&&) noexcept = default;
Snapshot& Snapshot::operator=(Snapshot&&) noexcept = default;
Snapshot::~Snapshot() = default;
uint64_t Snapshot::sequence() const { return rep_->snapshot->GetSequenceNumber(); }

// ---- WriteBatch ----------------------------------------------------------------------------

WriteBatch::WriteBatch() : rep_(std::make_unique<Rep>()) {}
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;
WriteBatch::~WriteBatch() = default;

void WriteBatch::Put(const ColumnFamily& cf, std::string_view key, std::string_view value) {
  rocksdb::Status s = rep_->batch.Put(cf.handle(), ToSlice(key), ToSlice(value));
  TARN_CHECK(s.ok());  // fails only past WriteBatch's 4 GB size limit
}

void WriteBatch::Delete(const ColumnFamily& cf, std::string_view key) {
  rocksdb::Status s = rep_->batch.Delete(cf.handle(), ToSlice(key));
  TARN_CHECK(s.ok());
}

void WriteBatch::DeleteRange(const ColumnFamily& cf, std::string_view begin, std::string_view end) {
  rocksdb::Status s = rep_->batch.DeleteRange(cf.handle(), ToSlice(begin), ToSlice(end));
  TARN_CHECK(s.ok());
}

void WriteBatch::Clear() { rep_->batch.Clear(); }
size_t WriteBatch::size() const { return static_cast<size_t>(rep_->batch.Count()); }
size_t WriteBatch::ByteSize() const { return rep_->batch.GetDataSize(); }

// ---- Iterator ------------------------------------------------------------------------------

IteratorOptions IteratorOptions::Prefix(std::string_view prefix) {
  IteratorOptions o;
  o.lower_bound = std::string(prefix);
  o.upper_bound = PrefixSuccessor(prefix);
  return o;
}

Iterator::Iterator(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Iterator::Iterator(Iterator&&) noexcept = default;
Iterator& Iterator::operator=(Iterator&&) noexcept = default;
Iterator::~Iterator() = default;

void Iterator::SeekToFirst() { rep_->it->SeekToFirst(); }
void Iterator::SeekToLast() { rep_->it->SeekToLast(); }

void Iterator::Seek(std::string_view target) {
  // RocksDB applies the lower bound only when moving backwards; clamp so Seek honours it too.
  if (rep_->lower && target < std::string_view(*rep_->lower)) target = *rep_->lower;
  rep_->it->Seek(ToSlice(target));
}

void Iterator::SeekForPrev(std::string_view target) {
  if (rep_->upper && target >= std::string_view(*rep_->upper)) {
    rep_->it->SeekToLast();
    return;
  }
  rep_->it->SeekForPrev(ToSlice(target));
}

bool Iterator::Valid() const { return rep_->it->Valid(); }
void Iterator::Next() { rep_->it->Next(); }
void Iterator::Prev() { rep_->it->Prev(); }
std::string_view Iterator::key() const { return ToView(rep_->it->key()); }
std::string_view Iterator::value() const { return ToView(rep_->it->value()); }

core::Status Iterator::status() const {
  rocksdb::Status s = rep_->it->status();
  if (!s.ok()) return ToAwsError(s);
  return core::Ok();
}

// ---- Rocks ---------------------------------------------------------------------------------

Rocks::Rocks(RocksOptions options, std::unique_ptr<Rep> rep)
    : options_(std::move(options)), rep_(std::move(rep)) {}

core::Result<std::unique_ptr<Rocks>> Rocks::Open(const RocksOptions& options) {
  if (options.path.empty()) return core::InternalFailure("storage: the database path is empty");
  TARN_TRY(core::CreateDirectories(options.path, 0700));

  auto rep = std::make_unique<Rep>();
  rocksdb::DBOptions db_options = MakeDbOptions(options);
  if (options.durability == Durability::kSync) {
    rep->env =
        rocksdb::NewCompositeEnv(NewZeroedWalFileSystem(rocksdb::FileSystem::Default(), options.wal_zeroing));
    db_options.env = rep->env.get();
  }
  TARN_ASSIGN_OR_RETURN(Families families, FamiliesToOpen(db_options, options));
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::shared_ptr<const rocksdb::FilterPolicy> bloom(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options = MakeCfOptions(options, cache, bloom);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : families.existing) descriptors.emplace_back(name, cf_options);

  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors, &rep->handles, &rep->db);
  if (IsLockError(s))
    return core::InternalFailure("data directory " + options.path + " is in use by another tarn process");
  if (!s.ok())
    return core::InternalFailure("cannot open the database in " + options.path + ": " + s.ToString());
  if (!families.missing.empty()) {
    // One call for all of them: RocksDB rewrites and re-parses its OPTIONS file after each
    // CreateColumnFamily (which is what Open's create_missing_column_families does, one by one),
    // and for the 15 families of a new data directory that was most of tarn's start-up time.
    std::vector<rocksdb::ColumnFamilyHandle*> created;
    s = rep->db->CreateColumnFamilies(cf_options, families.missing, &created);
    rep->handles.insert(rep->handles.end(), created.begin(), created.end());
    if (!s.ok()) {
      for (auto* handle : rep->handles) rep->db->DestroyColumnFamilyHandle(handle);
      delete rep->db;
      return core::InternalFailure("cannot create column families in " + options.path + ": " + s.ToString());
    }
  }
  for (auto* handle : rep->handles)
    rep->families.emplace(handle->GetName(), std::make_unique<ColumnFamily>(handle->GetName(), handle));
  rep->write_options.sync = options.durability == Durability::kSync;
  rep->deferred_write_options.sync = false;
  if (options.durability == Durability::kSync) {
    rep->syncer = std::make_unique<WalSyncer>([db = rep->db] {
      rocksdb::Status synced = db->FlushWAL(/*sync=*/true);
      if (!synced.ok()) log::error("storage: syncing the WAL: {}", synced.ToString());
      return synced.ok();
    });
  }

  std::unique_ptr<Rocks> rocks(new Rocks(options, std::move(rep)));
  TARN_TRY(rocks->CheckFormatVersion("", kFormatVersion));
  return rocks;
}

Rocks::~Rocks() {
  if (auto closed = Close(); !closed.ok())
    log::error("closing {}: {}", options_.path, closed.error().message);
}

core::Status Rocks::Close() {
  if (rep_->db == nullptr) return core::Ok();
  rep_->syncer.reset();  // answers whatever is still owed
  core::Status flushed = Flush();
  for (auto* handle : rep_->handles) rep_->db->DestroyColumnFamilyHandle(handle);
  rep_->handles.clear();
  rep_->families.clear();
  rocksdb::Status s = rep_->db->Close();
  delete rep_->db;
  rep_->db = nullptr;
  if (!flushed.ok()) return flushed;
  if (!s.ok()) return ToAwsError(s);
  return core::Ok();
}

ColumnFamily& Rocks::Cf(std::string_view name) const {
  auto it = rep_->families.find(name);
  TARN_CHECK(it != rep_->families.end());
  return *it->second;
}

bool Rocks::HasCf(std::string_view name) const { return rep_->families.find(name) != rep_->families.end(); }

std::vector<std::string> Rocks::ColumnFamilyNames() const {
  std::vector<std::string> names;
  for (const auto& [name, cf] : rep_->families) names.push_back(name);
  return names;
}

core::Result<std::optional<std::string>> Rocks::Get(const ColumnFamily& cf, std::string_view key,
                                                    const Snapshot* snapshot) const {
  rocksdb::ReadOptions read;
  if (snapshot != nullptr) read.snapshot = snapshot->rep_->snapshot;
  rocksdb::PinnableSlice value;
  rocksdb::Status s = rep_->db->Get(read, cf.handle(), ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return ToAwsError(s);
  return std::optional<std::string>(value.ToString());
}

core::Status Rocks::Write(WriteBatch& batch) {
  if (batch.empty()) return core::Ok();
  // Under a DeferredDurability scope the fsync is owed to the response, not waited for here.
  core::DeferredDurability* deferred = rep_->syncer ? core::DeferredDurability::Current() : nullptr;
  rocksdb::Status s =
      rep_->db->Write(deferred ? rep_->deferred_write_options : rep_->write_options, &batch.rep_->batch);
  if (!s.ok()) return ToAwsError(s);
  if (deferred) {
    deferred->Owe(this, [syncer = rep_->syncer.get()](std::function<void(bool)> done) {
      syncer->Request(std::move(done));
    });
  }
  return core::Ok();
}

core::Status Rocks::WriteDurably(WriteBatch& batch) {
  if (batch.empty()) return core::Ok();
  rocksdb::Status s = rep_->db->Write(rep_->write_options, &batch.rep_->batch);
  if (!s.ok()) return ToAwsError(s);
  return core::Ok();
}

core::Status Rocks::Put(const ColumnFamily& cf, std::string_view key, std::string_view value) {
  WriteBatch batch;
  batch.Put(cf, key, value);
  return Write(batch);
}

core::Status Rocks::Delete(const ColumnFamily& cf, std::string_view key) {
  WriteBatch batch;
  batch.Delete(cf, key);
  return Write(batch);
}

Iterator Rocks::NewIterator(const ColumnFamily& cf, IteratorOptions options) const {
  auto rep = std::make_unique<Iterator::Rep>();
  rep->lower = std::move(options.lower_bound);
  rep->upper = std::move(options.upper_bound);
  rocksdb::ReadOptions read;
  read.fill_cache = options.fill_cache;
  if (options.snapshot != nullptr) read.snapshot = options.snapshot->rep_->snapshot;
  if (rep->lower) {
    rep->lower_slice = ToSlice(*rep->lower);
    read.iterate_lower_bound = &rep->lower_slice;
  }
  if (rep->upper) {
    rep->upper_slice = ToSlice(*rep->upper);
    read.iterate_upper_bound = &rep->upper_slice;
  }
  rep->it.reset(rep_->db->NewIterator(read, cf.handle()));
  return Iterator(std::move(rep));
}

Snapshot Rocks::GetSnapshot() const {
  auto rep = std::make_unique<Snapshot::Rep>();
  rep->db = rep_->db;
  rep->snapshot = rep_->db->GetSnapshot();
  return Snapshot(std::move(rep));
}

uint64_t Rocks::GetLatestSequenceNumber() const { return rep_->db->GetLatestSequenceNumber(); }

core::Status Rocks::CheckFormatVersion(std::string_view store, FormatVersion current,
                                       uint32_t oldest_readable_major) {
  if (oldest_readable_major == 0 || oldest_readable_major > current.major)
    oldest_readable_major = current.major;
  std::string key(kFormatVersionKey);
  if (!store.empty()) key.append("/").append(store);
  std::string what = store.empty() ? "data directory " + options_.path
                                   : "the " + std::string(store) + " store in " + options_.path;
  const ColumnFamily& meta = Cf(kMetaColumnFamily);
  TARN_ASSIGN_OR_RETURN(std::optional<std::string> stored, Get(meta, key));
  if (stored) {
    auto found = ParseFormat(*stored);
    if (!found) return core::InternalFailure(what + " has an unreadable format version \"" + *stored + "\"");
    if (found->major > current.major || found->major < oldest_readable_major) {
      std::string readable = std::to_string(current.major) + ".x";
      if (oldest_readable_major < current.major)
        readable = std::to_string(oldest_readable_major) + ".x to " + readable;
      return core::InternalFailure(what + " has storage format " + FormatText(*found) +
                                   ", but this tarn reads " + readable + " only" +
                                   (found->major > current.major ? "; use a newer tarn" : ""));
    }
    if (found->major == current.major && found->minor >= current.minor) return core::Ok();
  }
  return Put(meta, key, FormatText(current));
}

core::Status Rocks::Flush() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  rocksdb::Status s = rep_->db->Flush(flush, rep_->handles);
  if (s.ok()) s = rep_->db->FlushWAL(/*sync=*/true);
  if (!s.ok()) return ToAwsError(s);
  return core::Ok();
}

}  // namespace tarn::storage
