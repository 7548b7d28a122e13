// The WAL file system keeps zeros ahead of the writer without ever putting a zero where the writer
// wrote, cuts the zeros off at Close, leaves every other file alone, and a database whose WAL ends
// in zeros (as a crash leaves it) recovers every synced write.
#include "storage/wal_file_system.h"

#include <gtest/gtest.h>
#include <rocksdb/file_system.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "storage/key_codec.h"
#include "storage/rocks.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::storage {
namespace {

using rocksdb::FileOptions;
using rocksdb::FSWritableFile;
using rocksdb::IOOptions;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool AllZero(std::string_view bytes) { return bytes.find_first_not_of('\0') == std::string_view::npos; }

// Waits (up to 10 s) for the zeroer to have run: true once done() holds.
template <class Done>
bool WaitFor(Done done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(WalFileSystem, ZerosAheadNeverOverwriteWrittenBytes) {
  test_util::TempDir dir;
  // No headroom, and a zeroer slow to start: every chunk begins right at the writer's end, so the
  // writer's next bytes are due where zeros are about to be written, and must wait for them.
  auto fs = NewZeroedWalFileSystem(rocksdb::FileSystem::Default(),
                                   {.chunk_bytes = 256 << 10, .headroom_bytes = 0, .before_chunk = [] {
                                      std::this_thread::sleep_for(std::chrono::milliseconds(5));
                                    }});
  const std::string path = dir.path() + "/000007.log";
  std::unique_ptr<FSWritableFile> file;
  ASSERT_TRUE(fs->NewWritableFile(path, FileOptions(), &file, nullptr).ok());

  // Pieces of random sizes and contents, synced now and then as RocksDB's group commit does: the
  // writer crosses several chunks.
  std::mt19937 random(42);
  std::string expected;
  bool saw_zeros_ahead = false;
  for (int i = 0; i < 3000; ++i) {
    std::string piece(1 + random() % 700, '\0');
    for (char& c : piece) c = static_cast<char>('a' + random() % 26);
    ASSERT_TRUE(file->Append(piece, IOOptions(), nullptr).ok());
    expected += piece;
    if (i % 50 == 0) {
      ASSERT_TRUE(file->Flush(IOOptions(), nullptr).ok());
      ASSERT_TRUE(file->Sync(IOOptions(), nullptr).ok());
      std::string on_disk = ReadAll(path);
      ASSERT_GE(on_disk.size(), expected.size());
      ASSERT_EQ(on_disk.substr(0, expected.size()), expected) << "after " << i << " appends";
      ASSERT_TRUE(AllZero(std::string_view(on_disk).substr(expected.size())))
          << "past the writer's end there are only zeros";
      saw_zeros_ahead = saw_zeros_ahead || on_disk.size() > expected.size();
    }
    if (i == 1500) {
      // A pause lets the zeroer finish: from here on the file is longer than what was written.
      ASSERT_TRUE(WaitFor([&] { return std::filesystem::file_size(path) > expected.size(); }));
    }
  }
  EXPECT_TRUE(saw_zeros_ahead);
  EXPECT_EQ(file->GetFileSize(IOOptions(), nullptr), expected.size());

  ASSERT_TRUE(file->Close(IOOptions(), nullptr).ok());
  EXPECT_EQ(ReadAll(path), expected) << "Close cuts the zeros off";
}

TEST(WalFileSystem, OtherFilesGetNoZeros) {
  test_util::TempDir dir;
  auto fs =
      NewZeroedWalFileSystem(rocksdb::FileSystem::Default(), {.chunk_bytes = 64 << 10, .headroom_bytes = 0});
  for (const char* name : {"/000009.sst", "/MANIFEST-000005", "/LOG"}) {
    const std::string path = dir.path() + name;
    std::unique_ptr<FSWritableFile> file;
    ASSERT_TRUE(fs->NewWritableFile(path, FileOptions(), &file, nullptr).ok());
    ASSERT_TRUE(file->Append(std::string(100 << 10, 'x'), IOOptions(), nullptr).ok());
    ASSERT_TRUE(file->Flush(IOOptions(), nullptr).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(std::filesystem::file_size(path), 100u << 10) << name;
    ASSERT_TRUE(file->Close(IOOptions(), nullptr).ok());
  }
}

// A copy of a live database is what a crash leaves (the WAL's synced bytes, then zeros). Opening
// the copy recovers every write; the zeros read as the preallocated tail they are.
TEST(WalFileSystem, DatabaseWhoseWalEndsInZerosRecoversEveryWrite) {
  test_util::TempDir dir;
  const std::string live = dir.path() + "/live";
  const std::string crashed = dir.path() + "/crashed";
  test_util::CopyFreshDatabase(live);
  RocksOptions options;
  options.path = live;
  options.wal_zeroing = {.chunk_bytes = 64 << 10, .headroom_bytes = 4 << 10};
  auto rocks = Rocks::Open(options);
  ASSERT_TRUE(rocks.ok()) << rocks.error().message;
  auto& items = (*rocks)->Cf("dynamodb");
  constexpr uint64_t kWrites = 2000;
  for (uint64_t n = 0; n < kWrites; ++n) {
    WriteBatch batch;
    batch.Put(items, EncodeUint64(n), std::string(200, static_cast<char>('a' + n % 26)));
    ASSERT_TRUE((*rocks)->Write(batch).ok());
  }

  // The newest WAL, as a crash would leave it: longer than its records, ending in zeros.
  std::filesystem::path wal;
  for (const auto& entry : std::filesystem::directory_iterator(live))
    if (entry.path().extension() == ".log" && entry.path() > wal) wal = entry.path();
  ASSERT_FALSE(wal.empty());
  ASSERT_TRUE(WaitFor([&] {
    std::string bytes = ReadAll(wal.string());
    return bytes.size() > 4096 && AllZero(std::string_view(bytes).substr(bytes.size() - 4096));
  })) << "the WAL ends in zeros";
  std::filesystem::copy(live, crashed, std::filesystem::copy_options::recursive);
  std::filesystem::remove(std::filesystem::path(crashed) / "LOCK");

  RocksOptions crashed_options;
  crashed_options.path = crashed;
  auto recovered = Rocks::Open(crashed_options);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  for (uint64_t n = 0; n < kWrites; ++n) {
    auto item = (*recovered)->Get((*recovered)->Cf("dynamodb"), EncodeUint64(n));
    ASSERT_TRUE(item.ok()) << n;
    ASSERT_EQ(*item, std::string(200, static_cast<char>('a' + n % 26))) << "write " << n << " was lost";
  }
  // And the live one closes cleanly, its WAL cut back, and reopens with the same items.
  rocks->reset();
  auto reopened = Rocks::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  auto last = (*reopened)->Get((*reopened)->Cf("dynamodb"), EncodeUint64(kWrites - 1));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, std::string(200, static_cast<char>('a' + (kWrites - 1) % 26)));
}

}  // namespace
}  // namespace tarn::storage
