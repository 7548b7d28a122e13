// The read side: sequence order and the committed watermark, every iterator type, iterator expiry and
// untrusted iterator bytes, shard rollover with lineage, paging limits, and trimming.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "unit/streams/streams_test_util.h"

namespace tarn::streams {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class RecordOpsTest : public test_util::StreamsFixture {
 protected:
  void SetUp() override {
    options_.shard_lifetime = 1h;
    options_.retention = 2h;
    StreamsFixture::SetUp();
    arn_ = CreateStreamTable("student", "NEW_AND_OLD_IMAGES");
  }
  void Put(std::string_view id, std::string_view v = "1") {
    Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": ")" + std::string(id) +
                      R"("}, "v": {"N": ")" + std::string(v) + R"("}}})");
  }
  json::object Get(const std::string& it, int limit = 1000) {
    return Ok("GetRecords", json::object{{"ShardIterator", it}, {"Limit", limit}});
  }
  std::string Seq(const json::value& record) {
    return std::string(record.at("dynamodb").at("SequenceNumber").as_string());
  }
  std::string arn_;
};

TEST_F(RecordOpsTest, IteratorTypes) {
  Put("a");
  Put("b");
  Put("c");
  std::string shard = ShardIds(arn_).front();
  json::array all = Get(Iterator(arn_, shard, "TRIM_HORIZON"))["Records"].as_array();
  ASSERT_EQ(all.size(), 3u);
  auto at = Get(Iterator(arn_, shard, "AT_SEQUENCE_NUMBER", Seq(all[1])))["Records"].as_array();
  ASSERT_EQ(at.size(), 2u);
  EXPECT_EQ(Seq(at[0]), Seq(all[1]));
  auto after = Get(Iterator(arn_, shard, "AFTER_SEQUENCE_NUMBER", Seq(all[1])))["Records"].as_array();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(Seq(after[0]), Seq(all[2]));
  std::string latest = Iterator(arn_, shard, "LATEST");
  auto none = Get(latest);
  EXPECT_TRUE(none["Records"].as_array().empty());
  Put("d");
  auto next = Get(std::string(none["NextShardIterator"].as_string()))["Records"].as_array();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].at("dynamodb").at("Keys").at("id").at("S").as_string(), "d");
  // Paging with Limit keeps the order and loses nothing.
  std::string it = Iterator(arn_, shard, "TRIM_HORIZON");
  std::vector<std::string> seen;
  for (int i = 0; i < 6; ++i) {
    auto page = Get(it, 1);
    for (const auto& r : page["Records"].as_array()) seen.push_back(Seq(r));
    it = std::string(page["NextShardIterator"].as_string());
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[2], Seq(all[2]));
}

TEST_F(RecordOpsTest, BadInputGetsTheAwsErrors) {
  std::string shard = ShardIds(arn_).front();
  EXPECT_EQ(Err("DescribeStream", json::object{{"StreamArn", arn_ + "x"}}).message,
            "Requested resource not found: Stream: " + arn_ + "x not found");
  EXPECT_EQ(
      Err("GetShardIterator",
          json::object{{"StreamArn", arn_}, {"ShardId", "shardId-nope"}, {"ShardIteratorType", "LATEST"}})
          .code,
      "ResourceNotFoundException");
  EXPECT_EQ(
      Err("GetShardIterator",
          json::object{{"StreamArn", arn_}, {"ShardId", shard}, {"ShardIteratorType", "AT_SEQUENCE_NUMBER"}})
          .code,
      "ValidationException");
  EXPECT_EQ(Err("GetShardIterator", json::object{{"StreamArn", arn_},
                                                 {"ShardId", shard},
                                                 {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                                 {"SequenceNumber", "12x"}})
                .code,
            "ValidationException");
  std::string it = Iterator(arn_, shard, "TRIM_HORIZON");
  EXPECT_EQ(Err("GetRecords", json::object{{"ShardIterator", it}, {"Limit", 1001}}).code,
            "ValidationException");
  EXPECT_EQ(Err("GetRecords", json::object{{"ShardIterator", it}, {"Limit", 0}}).code, "ValidationException");
  EXPECT_EQ(Err("ListStreams", json::object{{"Limit", 101}}).code, "ValidationException");
}

TEST_F(RecordOpsTest, MalformedAndTamperedIteratorsAreRefused) {
  Put("a");
  std::string it = Iterator(arn_, ShardIds(arn_).front(), "TRIM_HORIZON");
  size_t payload = it.rfind('|') + 1;
  std::vector<std::string> bad = {
      "",
      "x",
      "|1|",
      arn_ + "|1|",
      arn_ + "|1|!!!!",
      arn_ + "|2|" + it.substr(payload),
      it + "A",
      it.substr(0, it.size() - 4),
      std::string(3000, 'A'),
      "arn:aws:dynamodb:us-east-1:000000000000:table/other/stream/x|1|" + it.substr(payload),
      std::string("\0\xff|1|", 5)};
  // Every single-character change of the payload is caught by the MAC (or the base64 decoder).
  for (size_t i = payload; i < it.size(); ++i) {
    std::string t = it;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    bad.push_back(t);
  }
  for (const auto& b : bad) {
    auto r = Run("GetRecords", json::object{{"ShardIterator", b}});
    ASSERT_FALSE(r.ok()) << b;
    EXPECT_EQ(r.error().code, "ValidationException") << b;
    EXPECT_EQ(r.error().message, "Invalid ShardIterator") << b;
  }
  EXPECT_EQ(Get(it)["Records"].as_array().size(), 1u);
}

TEST_F(RecordOpsTest, IteratorsExpireAfterFifteenMinutes) {
  std::string it = Iterator(arn_, ShardIds(arn_).front(), "TRIM_HORIZON");
  clock_.Advance(14min);
  std::string next(Get(it)["NextShardIterator"].as_string());
  clock_.Advance(2min);
  EXPECT_EQ(Err("GetRecords", json::object{{"ShardIterator", it}}).code, "ExpiredIteratorException");
  EXPECT_TRUE(Get(next).contains("NextShardIterator"));  // a NextShardIterator is a fresh iterator
}

TEST_F(RecordOpsTest, UncommittedRecordsHoldBackTheWatermark) {
  // Allocated first, committed last: a reader must not skip it.
  storage::WriteBatch slow_batch;
  Change change;
  change.event_name = "INSERT";
  change.keys = R"({"id":{"S":"slow"}})";
  auto slow = streams_->AppendToBatch(arn_, change, slow_batch);
  ASSERT_TRUE(slow.ok());
  Put("fast");
  std::string it = Iterator(arn_, ShardIds(arn_).front(), "TRIM_HORIZON");
  auto first = Get(it);
  EXPECT_TRUE(first["Records"].as_array().empty());
  ASSERT_TRUE(rocks_->Write(slow_batch).ok());
  slow->Commit();
  auto second = Get(std::string(first["NextShardIterator"].as_string()))["Records"].as_array();
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].at("dynamodb").at("Keys").at("id").at("S").as_string(), "slow");
  EXPECT_EQ(second[1].at("dynamodb").at("Keys").at("id").at("S").as_string(), "fast");

  // A dropped allocation (its write failed) releases the watermark without a record.
  {
    storage::WriteBatch failed;
    auto dropped = streams_->AppendToBatch(arn_, change, failed);
    ASSERT_TRUE(dropped.ok());
    Put("after");
  }
  auto rest = Get(Iterator(arn_, ShardIds(arn_).front(), "AFTER_SEQUENCE_NUMBER", Seq(second[1])));
  ASSERT_EQ(rest["Records"].as_array().size(), 1u);
  EXPECT_EQ(rest["Records"].as_array()[0].at("dynamodb").at("Keys").at("id").at("S").as_string(), "after");
}

TEST_F(RecordOpsTest, ShardsRollOverWithLineage) {
  Put("a", "1");
  clock_.Advance(61min);
  Put("a", "2");
  auto d = Ok("DescribeStream", json::object{{"StreamArn", arn_}})["StreamDescription"].as_object();
  auto shards = d.at("Shards").as_array();
  ASSERT_EQ(shards.size(), 2u);
  const auto& parent = shards[0].as_object();
  const auto& child = shards[1].as_object();
  EXPECT_FALSE(parent.contains("ParentShardId"));
  EXPECT_EQ(child.at("ParentShardId"), parent.at("ShardId"));
  EXPECT_TRUE(parent.at("SequenceNumberRange").as_object().contains("EndingSequenceNumber"));
  EXPECT_FALSE(child.at("SequenceNumberRange").as_object().contains("EndingSequenceNumber"));
  // The parent drains to a null iterator; the child holds the later change of the same item.
  auto p = Get(Iterator(arn_, std::string(parent.at("ShardId").as_string()), "TRIM_HORIZON"));
  ASSERT_EQ(p["Records"].as_array().size(), 1u);
  EXPECT_FALSE(p.contains("NextShardIterator"));
  auto c = Get(Iterator(arn_, std::string(child.at("ShardId").as_string()), "TRIM_HORIZON"));
  ASSERT_EQ(c["Records"].as_array().size(), 1u);
  EXPECT_EQ(c["Records"].as_array()[0].at("eventName").as_string(), "MODIFY");
  EXPECT_LT(Seq(p["Records"].as_array()[0]), Seq(c["Records"].as_array()[0]));
  EXPECT_TRUE(c.contains("NextShardIterator"));
  // Paging through shards.
  auto page =
      Ok("DescribeStream", json::object{{"StreamArn", arn_}, {"Limit", 1}})["StreamDescription"].as_object();
  ASSERT_EQ(page.at("Shards").as_array().size(), 1u);
  auto rest = Ok("DescribeStream", json::object{{"StreamArn", arn_},
                                                {"ExclusiveStartShardId", page.at("LastEvaluatedShardId")}});
  ASSERT_EQ(rest["StreamDescription"].at("Shards").as_array().size(), 1u);
  EXPECT_EQ(rest["StreamDescription"].at("Shards").as_array()[0].at("ShardId"), child.at("ShardId"));
}

TEST_F(RecordOpsTest, TrimmingRemovesOldRecordsAndShards) {
  Put("a");
  std::string shard = ShardIds(arn_).front();
  std::string old_it = Iterator(arn_, shard, "TRIM_HORIZON");
  clock_.Advance(90min);  // rolls over on the next write
  Put("b");
  clock_.Advance(40min);  // "a" is now older than the 2 h retention, "b" is not
  ASSERT_TRUE(streams_->TrimNow().ok());
  EXPECT_EQ(Err("GetRecords", json::object{{"ShardIterator", old_it}}).code, "ExpiredIteratorException");
  // The closed shard was closed less than the retention ago: still described, but empty.
  ASSERT_EQ(ShardIds(arn_).size(), 2u);
  auto horizon = Get(Iterator(arn_, shard, "TRIM_HORIZON"));
  EXPECT_TRUE(horizon["Records"].as_array().empty());
  std::string fresh = Iterator(arn_, ShardIds(arn_)[1], "TRIM_HORIZON");
  clock_.Advance(2h);
  ASSERT_TRUE(streams_->TrimNow().ok());
  EXPECT_EQ(ShardIds(arn_).size(), 1u);  // the parent is gone
  EXPECT_EQ(Err("GetRecords", json::object{{"ShardIterator", fresh}}).code, "ExpiredIteratorException");
  std::string after = Iterator(arn_, ShardIds(arn_)[0], "TRIM_HORIZON");
  EXPECT_TRUE(Get(after)["Records"].as_array().empty());
  EXPECT_EQ(Err("GetShardIterator", json::object{{"StreamArn", arn_},
                                                 {"ShardId", ShardIds(arn_)[0]},
                                                 {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                                 {"SequenceNumber", "100000000000000000001"}})
                .code,
            "TrimmedDataAccessException");
}

TEST_F(RecordOpsTest, TrimmedPositionsAreReportedWhileTheIteratorLives) {
  options_.retention = 1min;
  Reopen();
  Put("a");
  std::string it = Iterator(arn_, ShardIds(arn_).front(), "TRIM_HORIZON");
  clock_.Advance(2min);
  ASSERT_TRUE(streams_->TrimNow().ok());
  EXPECT_EQ(Err("GetRecords", json::object{{"ShardIterator", it}}).code, "TrimmedDataAccessException");
}

TEST_F(RecordOpsTest, ListStreamsPages) {
  for (int i = 0; i < 3; ++i) CreateStreamTable("tab" + std::to_string(i), "KEYS_ONLY");
  std::vector<std::string> seen;
  json::object in{{"Limit", 2}};
  for (int i = 0; i < 5; ++i) {
    auto page = Ok("ListStreams", in);
    for (const auto& s : page["Streams"].as_array()) seen.emplace_back(s.at("TableName").as_string());
    if (!page.contains("LastEvaluatedStreamArn")) break;
    in["ExclusiveStartStreamArn"] = page["LastEvaluatedStreamArn"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"student", "tab0", "tab1", "tab2"}));
}

}  // namespace
}  // namespace tarn::streams

namespace tarn::streams {
namespace {

class ConcurrentTest : public test_util::StreamsFixture {};

// Writers on many items race a reader that follows the iterator chain: the reader must see every
// record exactly once, in increasing sequence order, although records commit out of allocation order.
TEST_F(ConcurrentTest, ReaderNeverSkipsARecord) {
  std::string arn = CreateStreamTable("student", "KEYS_ONLY");
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 150;
  std::atomic<int> done{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        json::object in{
            {"TableName", "student"},
            {"Item", json::object{{"id", json::object{{"S", std::to_string(w) + "-" + std::to_string(i)}}}}}};
        EXPECT_TRUE(Run("PutItem", in).ok());
      }
      ++done;
    });
  }
  std::string it = Iterator(arn, ShardIds(arn).front(), "TRIM_HORIZON");
  std::vector<std::string> seen;
  while (true) {
    bool finished = done.load() == kWriters;
    auto r = Run("GetRecords", json::object{{"ShardIterator", it}});
    ASSERT_TRUE(r.ok());
    for (const auto& rec : r->json["Records"].as_array())
      seen.emplace_back(rec.at("dynamodb").at("SequenceNumber").as_string());
    it = std::string(r->json["NextShardIterator"].as_string());
    if (finished && r->json["Records"].as_array().empty()) break;
  }
  for (auto& t : writers) t.join();
  ASSERT_EQ(seen.size(), static_cast<size_t>(kWriters * kPerWriter));
  for (size_t i = 1; i < seen.size(); ++i) ASSERT_LT(seen[i - 1], seen[i]);
}

}  // namespace
}  // namespace tarn::streams
