#include "storage/wal_file_system.h"

#include <fcntl.h>
#include <rocksdb/file_system.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "core/log.h"

namespace tarn::storage {
namespace {

using rocksdb::DataVerificationInfo;
using rocksdb::FSWritableFile;
using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

constexpr size_t kZerosPerWrite = 1 << 20;
const char kZeros[kZerosPerWrite] = {};

// RocksDB names its write-ahead logs <number>.log; its own info log is "LOG".
bool IsWal(std::string_view fname) { return fname.size() > 4 && fname.substr(fname.size() - 4) == ".log"; }

bool WriteZeros(int fd, uint64_t from, uint64_t to) {
  while (from < to) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(to - from, kZerosPerWrite));
    const ssize_t wrote = ::pwrite(fd, kZeros, n, static_cast<off_t>(from));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    from += static_cast<uint64_t>(wrote);
  }
  return true;
}

// The writer's bytes go through the base file (RocksDB's own buffering, syncs and preallocation
// stay as they are); this wrapper only keeps zeros ahead of them through a second descriptor of its
// own, never where the writer is or will write before the zeros are done.
class ZeroedWalFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  ZeroedWalFile(std::unique_ptr<FSWritableFile> file, int fd, std::string name, WalZeroing zeroing)
      : FSWritableFileOwnerWrapper(std::move(file)),
        fd_(fd),
        name_(std::move(name)),
        sizes_(zeroing),
        zeroer_([this] { Run(); }) {}

  ~ZeroedWalFile() override {
    StopZeroing();
    if (fd_ >= 0) ::close(fd_);
  }

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* dbg) override {
    Reserve(data.size());
    return target()->Append(data, options, dbg);
  }
  IOStatus Append(const Slice& data, const IOOptions& options, const DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    Reserve(data.size());
    return target()->Append(data, options, info, dbg);
  }
  // RocksDB positions its writes only with direct I/O, which WAL files here never use (see
  // NewWritableFile); refusing is safer than writing where zeros may be on their way.
  IOStatus PositionedAppend(const Slice&, uint64_t, const IOOptions&, IODebugContext*) override {
    return IOStatus::NotSupported("positioned appends to a WAL with zeros ahead");
  }
  IOStatus PositionedAppend(const Slice&, uint64_t, const IOOptions&, const DataVerificationInfo&,
                            IODebugContext*) override {
    return IOStatus::NotSupported("positioned appends to a WAL with zeros ahead");
  }

  IOStatus Truncate(uint64_t size, const IOOptions& options, IODebugContext* dbg) override {
    StopZeroing();
    {
      std::lock_guard lock(mu_);
      written_ = size;
    }
    return target()->Truncate(size, options, dbg);
  }

  IOStatus Close(const IOOptions& options, IODebugContext* dbg) override {
    StopZeroing();
    IOStatus s = target()->Close(options, dbg);
    // A closed WAL is never written again: cut the zeros off (RocksDB's file does the same when it
    // preallocated), so its size on disk is its contents'.
    if (s.ok() && fd_ >= 0 && ::ftruncate(fd_, static_cast<off_t>(written_)) != 0)
      log::warn("storage: cutting the zeros off {}: {}", name_, std::strerror(errno));
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return s;
  }

 private:
  // Called before the writer appends n bytes at its end. Waits only when those bytes would land in
  // the chunk being zeroed right now (the writer caught up with the zeros); asks for the next chunk
  // when fewer than half a chunk of zeros is left ahead.
  void Reserve(size_t n) {
    std::unique_lock lock(mu_);
    const uint64_t end = written_ + n;
    done_.wait(lock, [&] { return !zeroing_ || end <= zeroing_from_; });
    written_ = end;
    if (zeroing_ || stopping_ || failed_ || zeroed_ >= written_ + sizes_.chunk_bytes / 2) return;
    zeroing_ = true;
    // Never behind the writer: a writer that outran the zeros (or a new file's first bytes) keeps
    // appending plainly for headroom_bytes while the next chunk is zeroed past them.
    zeroing_from_ = std::max(zeroed_, written_ + sizes_.headroom_bytes);
    zeroing_to_ = zeroing_from_ + sizes_.chunk_bytes;
    wake_.notify_one();
  }

  void Run() {
    for (;;) {
      uint64_t from, to;
      {
        std::unique_lock lock(mu_);
        wake_.wait(lock, [this] { return stopping_ || zeroing_; });
        if (stopping_) {
          zeroing_ = false;
          done_.notify_all();
          return;
        }
        from = zeroing_from_;
        to = zeroing_to_;
      }
      // Synced here, so the writer's later fdatasync finds the blocks allocated and the size
      // already on disk, and writes nothing but its own pages.
      if (sizes_.before_chunk) sizes_.before_chunk();
      const bool ok = WriteZeros(fd_, from, to) && ::fdatasync(fd_) == 0;
      const int error = errno;
      std::lock_guard lock(mu_);
      zeroing_ = false;
      if (ok) {
        zeroed_ = to;
      } else {
        // The WAL stays correct without zeros ahead, only slower to sync: stop trying.
        failed_ = true;
        log::warn("storage: writing zeros ahead of {}: {}", name_, std::strerror(error));
      }
      done_.notify_all();
    }
  }

  void StopZeroing() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (zeroer_.joinable()) zeroer_.join();
  }

  int fd_;
  const std::string name_;
  const WalZeroing sizes_;
  std::mutex mu_;
  std::condition_variable wake_;  // the zeroer waits for a chunk to zero
  std::condition_variable done_;  // the writer waits for a chunk it would write into
  uint64_t written_ = 0;          // guarded by mu_: the writer's end, including an append under way
  uint64_t zeroed_ = 0;           // guarded by mu_: zeros are synced in [.., zeroed_) past written_
  bool zeroing_ = false;          // guarded by mu_: [zeroing_from_, zeroing_to_) is being zeroed
  uint64_t zeroing_from_ = 0, zeroing_to_ = 0;  // guarded by mu_
  bool stopping_ = false;                       // guarded by mu_
  bool failed_ = false;                         // guarded by mu_
  std::thread zeroer_;                          // last: starts once the members above exist
};

class ZeroedWalFileSystem : public rocksdb::FileSystemWrapper {
 public:
  ZeroedWalFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base, WalZeroing zeroing)
      : FileSystemWrapper(base), zeroing_(zeroing) {}

  static const char* kClassName() { return "TarnZeroedWalFileSystem"; }
  const char* Name() const override { return kClassName(); }

  IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                           std::unique_ptr<FSWritableFile>* result, IODebugContext* dbg) override {
    IOStatus s = target()->NewWritableFile(fname, options, result, dbg);
    if (!s.ok() || !IsWal(fname) || options.use_direct_writes || options.use_mmap_writes) return s;
    const int fd = ::open(fname.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      log::warn("storage: no zeros ahead of {}: {}", fname, std::strerror(errno));
      return s;
    }
    *result = std::make_unique<ZeroedWalFile>(std::move(*result), fd, fname, zeroing_);
    return s;
  }

 private:
  const WalZeroing zeroing_;
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base,
                                                            WalZeroing zeroing) {
  return std::make_shared<ZeroedWalFileSystem>(base, zeroing);
}

}  // namespace tarn::storage
