// The event source mapping workers over a real change log and RocksDB, with a fake function: records
// arrive in order and in batches of BatchSize, records no filter matches are dropped but checkpointed,
// checkpoints survive a new set of workers (a restart) without redelivery, a disabled or removed mapping
// stops, and shard roll-over is followed from parent to child.
#include "lambda/esm_poller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <map>
#include <thread>

#include "core/clock.h"
#include "storage/rocks.h"
#include "streams/streams.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::lambda {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;

constexpr const char* kArn =
    "arn:aws:dynamodb:us-east-1:000000000000:table/student/stream/2026-01-01T00:00:00.000";

class EsmPollerTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(std::chrono::seconds shard_lifetime = std::chrono::hours(4)) {
    if (!std::filesystem::exists(dir_.path() + "/db")) CopyFreshDatabase(dir_.path() + "/db");
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    streams::Options streams_options;
    streams_options.shard_lifetime = shard_lifetime;
    auto streams = streams::Service::Create(*rocks_, clock_, streams_options);
    ASSERT_TRUE(streams.ok());
    streams_ = std::move(*streams);
    store_ = std::make_unique<MappingStore>(*rocks_);
    pollers_ = std::make_unique<MappingPollers>(PollerDeps{
        *streams_, *store_, clock_,
        [this](const EventSourceMapping&, const std::string& payload) {
          int running = ++in_flight_;
          for (int seen = max_in_flight_; running > seen;)
            if (max_in_flight_.compare_exchange_weak(seen, running)) break;
          std::this_thread::sleep_for(invoke_delay_);
          std::lock_guard lock(mu_);
          --in_flight_;
          std::vector<std::string> ids;
          json::value event = json::parse(payload);
          for (const auto& r : event.at("Records").as_array()) {
            ids.emplace_back(r.at("dynamodb").at("Keys").at("id").at("S").as_string());
            sequences_[ids.back()].push_back(std::string(r.at("dynamodb").at("SequenceNumber").as_string()));
          }
          batches_.push_back(ids);
          for (auto& id : ids) delivered_.push_back(id);
          changed_.notify_all();
          return DeliveryAttempt{true, "", "null", "req", ""};
        },
        [](const EventSourceMapping&, std::string_view, const DiscardedBatch&) {}});
  }

  void Close() {
    pollers_.reset();
    store_.reset();
    streams_.reset();
    rocks_.reset();
  }

  void TearDown() override { Close(); }

  void CreateStream(json::array key_schema = {}) {
    streams::StreamSpec spec;
    spec.account_id = "000000000000";
    spec.region = "us-east-1";
    spec.table_name = "student";
    spec.stream_arn = kArn;
    spec.stream_label = "2026-01-01T00:00:00.000";
    spec.view_type = "NEW_AND_OLD_IMAGES";
    spec.key_schema = std::move(key_schema);
    ASSERT_TRUE(streams_->CreateStream(spec).ok());
  }

  void Put(const std::string& id, const std::string& event_name = "INSERT") {
    streams::Change change;
    change.event_name = event_name;
    change.keys = R"({"id":{"S":")" + id + R"("}})";
    change.new_image = change.keys;
    storage::WriteBatch batch;
    auto pending = streams_->AppendToBatch(kArn, change, batch);
    ASSERT_TRUE(pending.ok());
    ASSERT_TRUE(rocks_->Write(batch).ok());
    pending->Commit();
  }

  EventSourceMapping Mapping(std::string position = "TRIM_HORIZON") {
    EventSourceMapping m;
    m.uuid = "m-1";
    m.account_id = "000000000000";
    m.region = "us-east-1";
    m.function_name = "f";
    m.event_source_arn = kArn;
    m.starting_position = std::move(position);
    return m;
  }

  // Waits until `n` records were delivered in all.
  std::vector<std::string> WaitDelivered(size_t n) {
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, 10s, [&] { return delivered_.size() >= n; });
    return delivered_;
  }

  TempDir dir_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<streams::Service> streams_;
  std::unique_ptr<MappingStore> store_;
  std::unique_ptr<MappingPollers> pollers_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::vector<std::string>> batches_;
  std::vector<std::string> delivered_;
  std::map<std::string, std::vector<std::string>> sequences_;  // per key, in delivery order
  std::atomic<int> in_flight_ = 0;
  std::atomic<int> max_in_flight_ = 0;
  std::chrono::milliseconds invoke_delay_ = 0ms;
};

TEST_F(EsmPollerTest, ParallelizationFactorRunsLanesConcurrentlyInOrderPerKey) {
  CreateStream(json::array{json::object{{"AttributeName", "id"}, {"KeyType", "HASH"}}});
  // 16 keys, 4 changes each, interleaved.
  for (int round = 0; round < 4; ++round)
    for (int k = 0; k < 16; ++k) Put("k" + std::to_string(k), round == 0 ? "INSERT" : "MODIFY");
  invoke_delay_ = 20ms;
  EventSourceMapping m = Mapping();
  m.batch_size = 4;
  m.parallelization_factor = 4;
  ASSERT_TRUE(store_->Put(m).ok());
  pollers_->Apply(m);
  ASSERT_EQ(WaitDelivered(64).size(), 64u);
  EXPECT_GT(max_in_flight_.load(), 1);
  EXPECT_LE(max_in_flight_.load(), 4);
  std::lock_guard lock(mu_);
  for (const auto& b : batches_) EXPECT_LE(b.size(), 4u);
  ASSERT_EQ(sequences_.size(), 16u);
  for (const auto& [key, seqs] : sequences_) {
    EXPECT_EQ(seqs.size(), 4u) << key;
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << key;
  }
}

TEST_F(EsmPollerTest, DeliversInOrderInBatchesAndCheckpoints) {
  CreateStream();
  for (int i = 0; i < 7; ++i) Put("a" + std::to_string(i));
  EventSourceMapping m = Mapping();
  m.batch_size = 3;
  ASSERT_TRUE(store_->Put(m).ok());
  pollers_->Apply(m);
  auto got = WaitDelivered(7);
  EXPECT_EQ(got, (std::vector<std::string>{"a0", "a1", "a2", "a3", "a4", "a5", "a6"}));
  {
    std::lock_guard lock(mu_);
    for (const auto& b : batches_) EXPECT_LE(b.size(), 3u);
  }
  // Woken by the append, not by a timer.
  Put("a7");
  EXPECT_EQ(WaitDelivered(8).back(), "a7");
  pollers_->StopAll();
  auto checkpoints = store_->Checkpoints("m-1");
  ASSERT_TRUE(checkpoints.ok());
  ASSERT_EQ(checkpoints->size(), 1u);
  EXPECT_FALSE(checkpoints->begin()->second.done);
  EXPECT_GT(checkpoints->begin()->second.next, 0u);
}

TEST_F(EsmPollerTest, FilteredRecordsAreDroppedAndCheckpointed) {
  CreateStream();
  Put("x1");
  Put("x1", "MODIFY");
  Put("x2");
  EventSourceMapping m = Mapping();
  m.filter_patterns = {R"({"eventName":["INSERT"]})"};
  ASSERT_TRUE(store_->Put(m).ok());
  pollers_->Apply(m);
  EXPECT_EQ(WaitDelivered(2), (std::vector<std::string>{"x1", "x2"}));
  Put("x2", "MODIFY");
  Put("x3");
  EXPECT_EQ(WaitDelivered(3), (std::vector<std::string>{"x1", "x2", "x3"}));
}

TEST_F(EsmPollerTest, ARestartResumesFromTheCheckpointWithoutRedelivery) {
  CreateStream();
  Put("r1");
  Put("r2");
  EventSourceMapping m = Mapping();
  ASSERT_TRUE(store_->Put(m).ok());
  pollers_->Apply(m);
  WaitDelivered(2);
  Close();
  delivered_.clear();
  Open();
  Put("r3");
  auto stored = store_->Get("m-1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  // What the last worker reached is still known.
  EXPECT_EQ((*stored)->last_processing_result, "OK");
  pollers_->Apply(**stored);
  EXPECT_EQ(WaitDelivered(1), (std::vector<std::string>{"r3"}));
  std::this_thread::sleep_for(200ms);
  std::lock_guard lock(mu_);
  EXPECT_EQ(delivered_.size(), 1u);
}

TEST_F(EsmPollerTest, DisabledOrRemovedMappingsStop) {
  CreateStream();
  EventSourceMapping m = Mapping();
  ASSERT_TRUE(store_->Put(m).ok());
  pollers_->Apply(m);
  Put("d1");
  WaitDelivered(1);
  m.enabled = false;
  pollers_->Apply(m);
  Put("d2");
  std::this_thread::sleep_for(300ms);
  {
    std::lock_guard lock(mu_);
    EXPECT_EQ(delivered_.size(), 1u);
  }
  m.enabled = true;
  pollers_->Apply(m);  // resumes at its checkpoint: d2 was not lost while disabled
  EXPECT_EQ(WaitDelivered(2).back(), "d2");
  pollers_->Remove("m-1");
  Put("d3");
  std::this_thread::sleep_for(300ms);
  std::lock_guard lock(mu_);
  EXPECT_EQ(delivered_.size(), 2u);
}

TEST_F(EsmPollerTest, FollowsShardRollOverFromParentToChild) {
  Close();
  Open(std::chrono::seconds(60));
  CreateStream();
  Put("p1");
  Put("p2");
  clock_.Advance(61s);
  Put("c1");  // opens a child shard
  clock_.Advance(61s);
  Put("g1");  // and a grandchild
  auto view = streams_->DescribeForConsumer(kArn);
  ASSERT_TRUE(view.has_value());
  ASSERT_EQ(view->shards.size(), 3u);
  EventSourceMapping m = Mapping();
  ASSERT_TRUE(store_->Put(m).ok());
  pollers_->Apply(m);
  EXPECT_EQ(WaitDelivered(4), (std::vector<std::string>{"p1", "p2", "c1", "g1"}));
  pollers_->StopAll();
  auto checkpoints = store_->Checkpoints("m-1");
  ASSERT_TRUE(checkpoints.ok());
  EXPECT_TRUE(checkpoints->at(view->shards[0].shard_id).done);
  EXPECT_TRUE(checkpoints->at(view->shards[1].shard_id).done);
  EXPECT_FALSE(checkpoints->at(view->shards[2].shard_id).done);
}

}  // namespace
}  // namespace tarn::lambda
