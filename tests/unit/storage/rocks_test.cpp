#include "storage/rocks.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/stat.h>

#include <algorithm>
#include <future>
#include <thread>

#include "core/deferred_durability.h"
#include "storage/column_families.h"
#include "storage/key_codec.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::storage {
namespace {

using namespace std::string_literals;
using test_util::Child;
using test_util::TempDir;

std::unique_ptr<Rocks> OpenOrDie(const std::string& path, Durability durability = Durability::kSync,
                                 std::vector<std::string> extra = {}) {
  RocksOptions options;
  options.path = path;
  options.durability = durability;
  options.extra_column_families = std::move(extra);
  auto rocks = Rocks::Open(options);
  EXPECT_TRUE(rocks.ok()) << rocks.error().message;
  return rocks.ok() ? std::move(rocks).value() : nullptr;
}

std::optional<std::string> GetOrDie(const Rocks& rocks, const ColumnFamily& cf, std::string_view key,
                                    const Snapshot* snapshot = nullptr) {
  auto got = rocks.Get(cf, key, snapshot);
  EXPECT_TRUE(got.ok()) << got.error().message;
  return got.ok() ? *got : std::nullopt;
}

std::vector<std::string> Keys(Iterator& it, bool reverse = false) {
  std::vector<std::string> keys;
  for (; it.Valid(); reverse ? it.Prev() : it.Next()) keys.emplace_back(it.key());
  EXPECT_TRUE(it.status().ok());
  return keys;
}

// Each test starts from a copy of a freshly created database at db_path().
class RocksTest : public ::testing::Test {
 protected:
  void SetUp() override { test_util::CopyFreshDatabase(db_path()); }
  std::string db_path() const { return dir_.path() + "/db"; }
  TempDir dir_;
};

TEST(RocksOpenTest, OpenCreatesEveryColumnFamilyAndAPrivateDirectory) {
  TempDir dir;
  std::string db_path = dir.path() + "/data/db";  // parents are created too
  auto rocks = OpenOrDie(db_path);
  ASSERT_NE(rocks, nullptr);
  for (auto name : kColumnFamilies) EXPECT_TRUE(rocks->HasCf(name)) << name;
  EXPECT_EQ(rocks->ColumnFamilyNames().size(), kColumnFamilies.size());
  EXPECT_FALSE(rocks->HasCf("nope"));
  struct stat st;
  ASSERT_EQ(::stat(db_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("meta"), "format-version"), "1.0");
}

TEST(RocksOpenTest, EmptyPathIsAnError) {
  auto rocks = Rocks::Open(RocksOptions{});
  ASSERT_FALSE(rocks.ok());
  EXPECT_EQ(rocks.error().code, "InternalFailure");
}

TEST_F(RocksTest, PutGetDeleteAndValuesSurviveReopen) {
  {
    auto rocks = OpenOrDie(db_path());
    auto& items = rocks->Cf("dynamodb");
    EXPECT_EQ(GetOrDie(*rocks, items, "k"), std::nullopt);
    ASSERT_TRUE(rocks->Put(items, "k", "v1").ok());
    ASSERT_TRUE(rocks->Put(items, "empty", "").ok());
    ASSERT_TRUE(rocks->Put(items, "bin\0key"s, "bin\0value"s).ok());
    ASSERT_TRUE(rocks->Put(items, "gone", "x").ok());
    ASSERT_TRUE(rocks->Delete(items, "gone").ok());
    ASSERT_TRUE(rocks->Put(rocks->Cf("s3"), "k", "other family").ok());
    EXPECT_EQ(GetOrDie(*rocks, items, "k"), "v1");
  }
  auto rocks = OpenOrDie(db_path());
  auto& items = rocks->Cf("dynamodb");
  EXPECT_EQ(GetOrDie(*rocks, items, "k"), "v1");
  EXPECT_EQ(GetOrDie(*rocks, items, "empty"), "");  // present but empty, not absent
  EXPECT_EQ(GetOrDie(*rocks, items, "bin\0key"s), "bin\0value"s);
  EXPECT_EQ(GetOrDie(*rocks, items, "bin"), std::nullopt);
  EXPECT_EQ(GetOrDie(*rocks, items, "gone"), std::nullopt);
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("s3"), "k"), "other family");
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("lambda"), "k"), std::nullopt);
}

TEST_F(RocksTest, FlushedDataIsReadFromTablesAfterReopen) {
  {
    auto rocks = OpenOrDie(db_path());
    for (int i = 0; i < 500; ++i)
      ASSERT_TRUE(rocks->Put(rocks->Cf("iam"), EncodeUint64(i), std::to_string(i)).ok());
    ASSERT_TRUE(rocks->Flush().ok());
    ASSERT_TRUE(rocks->Close().ok());
    ASSERT_TRUE(rocks->Close().ok());  // idempotent
  }
  auto rocks = OpenOrDie(db_path());
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("iam"), EncodeUint64(321)), "321");
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("iam"), EncodeUint64(500)), std::nullopt);  // bloom filter negative
}

TEST_F(RocksTest, ColumnFamiliesFromANewerTarnAreKeptAndOpened) {
  {
    auto rocks = OpenOrDie(db_path(), Durability::kSync, {"future"});
    ASSERT_TRUE(rocks->Put(rocks->Cf("future"), "k", "from the future").ok());
  }
  auto rocks = OpenOrDie(db_path());  // this tarn does not know "future"
  ASSERT_NE(rocks, nullptr);
  ASSERT_TRUE(rocks->HasCf("future"));
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("future"), "k"), "from the future");
  EXPECT_EQ(rocks->ColumnFamilyNames().size(), kColumnFamilies.size() + 1);
}

TEST(RocksOpenTest, FamiliesAnOlderTarnDidNotHaveAreCreatedAndItsDataKept) {
  TempDir dir;
  std::string db_path = dir.path() + "/db";
  {  // a database with three of the families, as an older tarn would have left it
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {{"default", {}}, {"meta", {}}, {"dynamodb", {}}};
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, db_path, families, &handles, &db).ok());
    ASSERT_TRUE(db->Put({}, handles[1], "format-version", "1.0").ok());
    ASSERT_TRUE(db->Put({}, handles[2], "k", "old item").ok());
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  auto rocks = OpenOrDie(db_path);
  ASSERT_NE(rocks, nullptr);
  for (auto name : kColumnFamilies) EXPECT_TRUE(rocks->HasCf(name)) << name;
  EXPECT_EQ(rocks->ColumnFamilyNames().size(), kColumnFamilies.size());
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("dynamodb"), "k"), "old item");
  ASSERT_TRUE(rocks->Put(rocks->Cf("sns"), "k", "new family").ok());
  rocks.reset();
  rocks = OpenOrDie(db_path);  // and they are there on the next open
  ASSERT_NE(rocks, nullptr);
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("sns"), "k"), "new family");
  EXPECT_EQ(rocks->ColumnFamilyNames().size(), kColumnFamilies.size());
}

TEST_F(RocksTest, WriteBatchCommitsAcrossColumnFamiliesAtOnce) {
  auto rocks = OpenOrDie(db_path());
  auto& items = rocks->Cf("dynamodb");
  auto& records = rocks->Cf("streams");
  ASSERT_TRUE(rocks->Put(items, "old", "1").ok());

  WriteBatch batch;
  EXPECT_TRUE(batch.empty());
  batch.Put(items, "item", "new image");
  batch.Put(records, "record", "INSERT");
  batch.Delete(items, "old");
  EXPECT_EQ(batch.size(), 3u);
  EXPECT_GT(batch.ByteSize(), 0u);
  // Nothing is visible before the Write.
  EXPECT_EQ(GetOrDie(*rocks, items, "item"), std::nullopt);
  EXPECT_EQ(GetOrDie(*rocks, items, "old"), "1");
  uint64_t before = rocks->GetLatestSequenceNumber();
  ASSERT_TRUE(rocks->Write(batch).ok());
  EXPECT_EQ(rocks->GetLatestSequenceNumber(), before + 3);
  EXPECT_EQ(GetOrDie(*rocks, items, "item"), "new image");
  EXPECT_EQ(GetOrDie(*rocks, records, "record"), "INSERT");
  EXPECT_EQ(GetOrDie(*rocks, items, "old"), std::nullopt);

  batch.Clear();
  EXPECT_TRUE(batch.empty());
  ASSERT_TRUE(rocks->Write(batch).ok());  // an empty batch is a no-op
  EXPECT_EQ(rocks->GetLatestSequenceNumber(), before + 3);
}

TEST_F(RocksTest, DeleteRangeRemovesHalfOpenRange) {
  auto rocks = OpenOrDie(db_path());
  auto& cf = rocks->Cf("streams");
  for (uint64_t i = 0; i < 10; ++i) ASSERT_TRUE(rocks->Put(cf, EncodeUint64(i), "r").ok());
  WriteBatch batch;
  batch.DeleteRange(cf, EncodeUint64(2), EncodeUint64(7));
  ASSERT_TRUE(rocks->Write(batch).ok());
  auto it = rocks->NewIterator(cf);
  it.SeekToFirst();
  std::vector<std::string> expected;
  for (uint64_t i : {0, 1, 7, 8, 9}) expected.push_back(EncodeUint64(i));
  EXPECT_EQ(Keys(it), expected);
}

class RocksIteratorTest : public RocksTest {
 protected:
  void SetUp() override {
    RocksTest::SetUp();
    rocks_ = OpenOrDie(db_path());
    ASSERT_NE(rocks_, nullptr);
    for (const char* key : {"a", "b/1", "b/2", "b/3", "c", "d\xff", "d\xff\xff", "e"})
      ASSERT_TRUE(rocks_->Put(cf(), key, std::string("v:") + key).ok());
  }
  ColumnFamily& cf() { return rocks_->Cf("s3"); }
  std::unique_ptr<Rocks> rocks_;
};

TEST_F(RocksIteratorTest, ForwardAndReverseWithoutBounds) {
  auto it = rocks_->NewIterator(cf());
  it.SeekToFirst();
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.value(), "v:a");
  EXPECT_EQ(Keys(it), (std::vector<std::string>{"a", "b/1", "b/2", "b/3", "c", "d\xff", "d\xff\xff", "e"}));
  it.SeekToLast();
  EXPECT_EQ(Keys(it, true),
            (std::vector<std::string>{"e", "d\xff\xff", "d\xff", "c", "b/3", "b/2", "b/1", "a"}));
  it.Seek("b/15");
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "b/2");
  it.SeekForPrev("b/15");
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "b/1");
  it.Seek("f");
  EXPECT_FALSE(it.Valid());
}

TEST_F(RocksIteratorTest, BoundsLimitBothDirectionsAndClampSeeks) {
  IteratorOptions options;
  options.lower_bound = "b/2";
  options.upper_bound = "d";
  auto it = rocks_->NewIterator(cf(), options);
  it.SeekToFirst();
  EXPECT_EQ(Keys(it), (std::vector<std::string>{"b/2", "b/3", "c"}));
  it.SeekToLast();
  EXPECT_EQ(Keys(it, true), (std::vector<std::string>{"c", "b/3", "b/2"}));
  it.Seek("a");  // before the lower bound: starts at the bound
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "b/2");
  it.SeekForPrev("zzz");  // after the upper bound: starts at the last key below it
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "c");
  it.SeekForPrev("d");  // the upper bound itself is excluded
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "c");
  it.Seek("d");
  EXPECT_FALSE(it.Valid());
  it.SeekForPrev("b/1");
  EXPECT_FALSE(it.Valid());
}

TEST_F(RocksIteratorTest, PrefixScans) {
  auto it = rocks_->NewIterator(cf(), IteratorOptions::Prefix("b/"));
  it.SeekToFirst();
  EXPECT_EQ(Keys(it), (std::vector<std::string>{"b/1", "b/2", "b/3"}));
  it.SeekToLast();
  EXPECT_EQ(Keys(it, true), (std::vector<std::string>{"b/3", "b/2", "b/1"}));
  // A prefix ending in 0xFF has its successor computed past the 0xFF run.
  auto ff = rocks_->NewIterator(cf(), IteratorOptions::Prefix("d\xff"));
  ff.SeekToFirst();
  EXPECT_EQ(Keys(ff), (std::vector<std::string>{"d\xff", "d\xff\xff"}));
  auto none = rocks_->NewIterator(cf(), IteratorOptions::Prefix("x"));
  none.SeekToFirst();
  EXPECT_FALSE(none.Valid());
  auto all = rocks_->NewIterator(cf(), IteratorOptions::Prefix(""));
  all.SeekToFirst();
  EXPECT_EQ(Keys(all).size(), 8u);
}

TEST_F(RocksIteratorTest, IteratorsSeeOnlyTheirColumnFamily) {
  ASSERT_TRUE(rocks_->Put(rocks_->Cf("sns"), "b/9", "elsewhere").ok());
  auto it = rocks_->NewIterator(cf(), IteratorOptions::Prefix("b/"));
  it.SeekToFirst();
  EXPECT_EQ(Keys(it).size(), 3u);
}

TEST_F(RocksIteratorTest, SnapshotsGiveAConsistentView) {
  Snapshot snapshot = rocks_->GetSnapshot();
  EXPECT_EQ(snapshot.sequence(), rocks_->GetLatestSequenceNumber());
  WriteBatch batch;
  batch.Put(cf(), "a", "changed");
  batch.Put(cf(), "b/4", "new");
  batch.Delete(cf(), "c");
  ASSERT_TRUE(rocks_->Write(batch).ok());

  EXPECT_EQ(GetOrDie(*rocks_, cf(), "a", &snapshot), "v:a");
  EXPECT_EQ(GetOrDie(*rocks_, cf(), "c", &snapshot), "v:c");
  EXPECT_EQ(GetOrDie(*rocks_, cf(), "b/4", &snapshot), std::nullopt);
  EXPECT_EQ(GetOrDie(*rocks_, cf(), "a"), "changed");

  IteratorOptions options = IteratorOptions::Prefix("b/");
  options.snapshot = &snapshot;
  auto old_view = rocks_->NewIterator(cf(), options);
  old_view.SeekToFirst();
  EXPECT_EQ(Keys(old_view).size(), 3u);
  auto new_view = rocks_->NewIterator(cf(), IteratorOptions::Prefix("b/"));
  new_view.SeekToFirst();
  EXPECT_EQ(Keys(new_view).size(), 4u);

  Snapshot moved = std::move(snapshot);  // RAII handle moves; the moved-from one releases nothing
  EXPECT_EQ(GetOrDie(*rocks_, cf(), "c", &moved), "v:c");
}

TEST_F(RocksTest, SecondOpenInTheSameProcessFailsWithAPlainMessage) {
  auto first = OpenOrDie(db_path());
  ASSERT_NE(first, nullptr);
  RocksOptions options;
  options.path = db_path();
  auto second = Rocks::Open(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message, "data directory " + db_path() + " is in use by another tarn process");
  first.reset();
  EXPECT_NE(OpenOrDie(db_path()), nullptr);  // the lock goes with the first Rocks
}

TEST_F(RocksTest, OpenFromAnotherProcessFailsWithAPlainMessage) {
  auto rocks = OpenOrDie(db_path());
  ASSERT_NE(rocks, nullptr);
  Child child("open", db_path());
  std::string line;
  ASSERT_TRUE(child.ReadLine(&line));
  EXPECT_EQ(line, "data directory " + db_path() + " is in use by another tarn process");
  child.Wait();
}

TEST_F(RocksTest, NewerMajorFormatIsRefused) {
  {
    auto rocks = OpenOrDie(db_path());
    ASSERT_TRUE(rocks->Put(rocks->Cf("meta"), "format-version", "2.3").ok());
  }
  RocksOptions options;
  options.path = db_path();
  auto rocks = Rocks::Open(options);
  ASSERT_FALSE(rocks.ok());
  EXPECT_EQ(rocks.error().message,
            "data directory " + db_path() +
                " has storage format 2.3, but this tarn reads 1.x only; use a newer tarn");
}

TEST_F(RocksTest, UnreadableFormatVersionIsRefused) {
  for (const char* bad : {"", "1", "one.0", "1.", ".1", "1.0x", "-1.0"}) {
    std::filesystem::remove_all(db_path());
    test_util::CopyFreshDatabase(db_path());
    {
      auto rocks = OpenOrDie(db_path());
      ASSERT_NE(rocks, nullptr);
      ASSERT_TRUE(rocks->Put(rocks->Cf("meta"), "format-version", bad).ok());
    }
    RocksOptions options;
    options.path = db_path();
    auto rocks = Rocks::Open(options);
    ASSERT_FALSE(rocks.ok()) << bad;
    EXPECT_NE(rocks.error().message.find("unreadable format version"), std::string::npos) << bad;
  }
}

TEST_F(RocksTest, StoreFormatVersions) {
  auto rocks = OpenOrDie(db_path());
  auto& meta = rocks->Cf("meta");
  ASSERT_TRUE(rocks->CheckFormatVersion("dynamodb", {1, 0}).ok());
  EXPECT_EQ(GetOrDie(*rocks, meta, "format-version/dynamodb"), "1.0");
  ASSERT_TRUE(rocks->CheckFormatVersion("dynamodb", {1, 2}).ok());  // newer minor: recorded
  EXPECT_EQ(GetOrDie(*rocks, meta, "format-version/dynamodb"), "1.2");
  ASSERT_TRUE(rocks->CheckFormatVersion("dynamodb", {1, 1}).ok());  // older minor reads a newer one
  EXPECT_EQ(GetOrDie(*rocks, meta, "format-version/dynamodb"), "1.2");

  auto older = rocks->CheckFormatVersion("dynamodb", {0, 9});
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().message,
            "the dynamodb store in " + db_path() +
                " has storage format 1.2, but this tarn reads 0.x only; use a newer tarn");
  auto newer = rocks->CheckFormatVersion("dynamodb", {2, 0});
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().message,
            "the dynamodb store in " + db_path() + " has storage format 1.2, but this tarn reads 2.x only");
  EXPECT_EQ(GetOrDie(*rocks, meta, "format-version"), "1.0");  // the database's own is separate
}

// A store whose code reads an older major too (s3 2.x reads 1.x) raises it, and then an older
// tarn refuses the store instead of misreading records it does not know.
TEST_F(RocksTest, StoreFormatVersionReadableFromAnOlderMajor) {
  auto rocks = OpenOrDie(db_path());
  auto& meta = rocks->Cf("meta");
  ASSERT_TRUE(rocks->CheckFormatVersion("s3", {1, 0}).ok());
  ASSERT_TRUE(rocks->CheckFormatVersion("s3", {2, 0}, 1).ok());
  EXPECT_EQ(GetOrDie(*rocks, meta, "format-version/s3"), "2.0");
  ASSERT_TRUE(rocks->CheckFormatVersion("s3", {2, 0}, 1).ok());
  EXPECT_EQ(GetOrDie(*rocks, meta, "format-version/s3"), "2.0");
  auto old = rocks->CheckFormatVersion("s3", {1, 0});
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().message,
            "the s3 store in " + db_path() +
                " has storage format 2.0, but this tarn reads 1.x only; use a newer tarn");
  ASSERT_TRUE(rocks->Put(meta, "format-version/s3", "0.3").ok());
  auto too_old = rocks->CheckFormatVersion("s3", {2, 0}, 1);
  ASSERT_FALSE(too_old.ok());
  EXPECT_EQ(too_old.error().message,
            "the s3 store in " + db_path() + " has storage format 0.3, but this tarn reads 1.x to 2.x only");
}

TEST_F(RocksTest, RelaxedDurabilityStillPersistsOnCleanClose) {
  {
    auto rocks = OpenOrDie(db_path(), Durability::kRelaxed);
    EXPECT_EQ(rocks->durability(), Durability::kRelaxed);
    ASSERT_TRUE(rocks->Put(rocks->Cf("logs"), "k", "v").ok());
  }
  auto rocks = OpenOrDie(db_path());
  EXPECT_EQ(GetOrDie(*rocks, rocks->Cf("logs"), "k"), "v");
}

TEST_F(RocksTest, ConcurrentWritersAndReaders) {
  auto rocks = OpenOrDie(db_path(), Durability::kRelaxed);
  auto& cf = rocks->Cf("cloudwatch");
  constexpr int kThreads = 4, kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        WriteBatch batch;
        std::string key = KeyBuilder().Uint64(t).Uint64(i).Take();
        batch.Put(cf, key, "v");
        batch.Put(rocks->Cf("events"), key, "w");
        EXPECT_TRUE(rocks->Write(batch).ok());
        EXPECT_EQ(GetOrDie(*rocks, cf, key), "v");
      }
    });
  }
  for (auto& t : threads) t.join();
  auto it = rocks->NewIterator(cf);
  it.SeekToFirst();
  EXPECT_EQ(Keys(it).size(), size_t{kThreads * kPerThread});
}

// Re-run by test_util::Child with TARN_STORAGE_CHILD="<mode> <path>"; reports on fd 3.
//   open:  tries to open <path> and reports the error message (or "opened").
//   write: writes numbered batches with kSync forever, reporting "ack <n>" after each Write returns.
TEST(StorageChild, DISABLED_Main) {
  const char* env = std::getenv(test_util::kChildEnv);
  if (env == nullptr) GTEST_SKIP() << "only run as a child process";
  std::string spec(env);
  std::string mode = spec.substr(0, spec.find(' '));
  RocksOptions options;
  options.path = spec.substr(spec.find(' ') + 1);
  // Small steps, so the WAL the parent finds after its kill -9 has zeros past what was written.
  options.wal_zeroing = {.chunk_bytes = 16 << 10, .headroom_bytes = 2 << 10};
  auto report = [](const std::string& line) {
    std::string out = line + "\n";
    ASSERT_EQ(::write(test_util::kChildFd, out.data(), out.size()), static_cast<ssize_t>(out.size()));
  };
  auto rocks = Rocks::Open(options);
  if (mode == "open") {
    report(rocks.ok() ? "opened" : rocks.error().message);
    return;
  }
  // "write": each batch is acknowledged when Write returns; "write-deferred": Write runs inside a
  // DeferredDurability scope and the batch is acknowledged when the owed sync reports, as the
  // transport does with a response.
  // "write-durably": WriteDurably inside a scope, acknowledged when it returns (nothing owed).
  ASSERT_TRUE(mode == "write" || mode == "write-deferred" || mode == "write-durably") << mode;
  ASSERT_TRUE(rocks.ok()) << rocks.error().message;
  for (uint64_t n = 0; n < 1'000'000; ++n) {
    WriteBatch batch;
    batch.Put((*rocks)->Cf("dynamodb"), EncodeUint64(n), "item " + std::to_string(n));
    batch.Put((*rocks)->Cf("streams"), EncodeUint64(n), "record " + std::to_string(n));
    if (mode == "write") {
      ASSERT_TRUE((*rocks)->Write(batch).ok());
    } else if (mode == "write-durably") {
      core::DeferredDurability deferred;
      ASSERT_TRUE((*rocks)->WriteDurably(batch).ok());
      ASSERT_FALSE(deferred.Take()) << "a durable write owes nothing";
    } else {
      core::DeferredDurability deferred;
      ASSERT_TRUE((*rocks)->Write(batch).ok());
      core::DurabilityWait wait = deferred.Take();
      ASSERT_TRUE(wait);
      std::promise<bool> synced;
      wait([&synced](bool ok) { synced.set_value(ok); });
      ASSERT_TRUE(synced.get_future().get());
    }
    report("ack " + std::to_string(n));
  }
}

}  // namespace
}  // namespace tarn::storage
