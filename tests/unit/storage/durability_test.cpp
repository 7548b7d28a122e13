// "An acknowledged write survives kill -9" (DESIGN.md), at the storage layer: a child process
// writes numbered two-family batches with Durability::kSync and reports each one after Write
// returns; the parent kills it mid-loop and checks that every reported batch is there, whole.
#include <gtest/gtest.h>

#include <set>

#include "storage/key_codec.h"
#include "storage/rocks.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::storage {
namespace {

constexpr uint64_t kAcksBeforeKill = 150;

// The child's mode: "write" acknowledges when Write returns, "write-deferred" when the fsync a
// DeferredDurability scope owes has reported (group commit, as responses are sent),
// "write-durably" when WriteDurably returns inside such a scope (S3 before it unlinks a blob).
class DurabilityTest : public ::testing::TestWithParam<const char*> {};

TEST_P(DurabilityTest, AcknowledgedBatchesSurviveKill9) {
  test_util::TempDir dir;
  std::string path = dir.path() + "/db";
  std::set<uint64_t> acked;
  {
    test_util::Child child(GetParam(), path);
    std::string line;
    while (acked.size() < kAcksBeforeKill && child.ReadLine(&line)) acked.insert(std::stoull(line.substr(4)));
    ASSERT_EQ(acked.size(), kAcksBeforeKill) << "the writer stopped early";
    child.Kill();
    // Acknowledgements already in the pipe when the child died count too.
    while (child.ReadLine(&line)) acked.insert(std::stoull(line.substr(4)));
  }

  RocksOptions options;
  options.path = path;
  auto rocks = Rocks::Open(options);  // the dead child's lock is gone with it
  ASSERT_TRUE(rocks.ok()) << rocks.error().message;
  auto& items = (*rocks)->Cf("dynamodb");
  auto& records = (*rocks)->Cf("streams");
  for (uint64_t n : acked) {
    auto item = (*rocks)->Get(items, EncodeUint64(n));
    ASSERT_TRUE(item.ok());
    ASSERT_EQ(*item, "item " + std::to_string(n)) << "acknowledged batch " << n << " was lost";
  }
  // Every batch on disk is whole: the item and its stream record, or neither. At most one batch
  // beyond the last acknowledgement (written, not yet reported) may be present.
  auto it = (*rocks)->NewIterator(items);
  uint64_t count = 0;
  for (it.SeekToFirst(); it.Valid(); it.Next(), ++count) {
    auto n = DecodeUint64(it.key());
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n, count) << "batches are applied in order";
    auto record = (*rocks)->Get(records, it.key());
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(*record, "record " + std::to_string(*n));
  }
  ASSERT_TRUE(it.status().ok());
  EXPECT_GE(count, acked.size());
  EXPECT_LE(count, acked.size() + 1);
  auto streams_it = (*rocks)->NewIterator(records);
  uint64_t record_count = 0;
  for (streams_it.SeekToFirst(); streams_it.Valid(); streams_it.Next()) ++record_count;
  EXPECT_EQ(record_count, count);
}

INSTANTIATE_TEST_SUITE_P(Acknowledgement, DurabilityTest,
                         ::testing::Values("write", "write-deferred", "write-durably"));

}  // namespace
}  // namespace tarn::storage
