#pragma once
// A DynamoDB + DynamoDB Streams pair over a temp database with a fake clock, and helpers that call
// their handlers with JSON (no HTTP). Single-threaded test use, except where a test says otherwise.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "streams/streams.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::streams::test_util {

namespace json = boost::json;

class StreamsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::test_util::CopyFreshDatabase(dir_.path() + "/db");
    Open();
  }
  void TearDown() override { Close(); }

  void Open() {
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    auto streams = Service::Create(*rocks_, clock_, options_);
    ASSERT_TRUE(streams.ok()) << streams.error().message;
    streams_ = std::move(*streams);
    auto ddb = dynamodb::Service::Create(*rocks_, clock_, streams_.get());
    ASSERT_TRUE(ddb.ok()) << ddb.error().message;
    ddb_ = std::move(*ddb);
    registry_ = std::make_unique<net::Registry>();
    streams_->RegisterOperations(*registry_);
    ddb_->RegisterOperations(*registry_);
  }
  void Close() {
    ddb_.reset();
    streams_.reset();
    rocks_.reset();
  }
  void Reopen() {
    Close();
    Open();
  }

  core::Result<net::Output> Run(std::string_view operation, const json::object& in) {
    net::RequestContext context;
    context.operation = std::string(operation);
    const net::Operation* op = registry_->Find("dynamodb", operation);
    if (!op) op = registry_->Find("dynamodbstreams", operation);
    EXPECT_NE(op, nullptr) << operation;
    return op->handler(net::Call{context, in});
  }
  core::Result<net::Output> Run(std::string_view operation, std::string_view input) {
    return Run(operation, json::parse(input).as_object());
  }
  json::object Ok(std::string_view operation, std::string_view input) {
    auto r = Run(operation, input);
    EXPECT_TRUE(r.ok()) << operation << ": " << r.error().code << ": " << r.error().message;
    return r.ok() ? r->json : json::object();
  }
  json::object Ok(std::string_view operation, const json::object& input) {
    auto r = Run(operation, input);
    EXPECT_TRUE(r.ok()) << operation << ": " << r.error().code << ": " << r.error().message;
    return r.ok() ? r->json : json::object();
  }
  core::AwsError Err(std::string_view operation, const json::object& input) {
    auto r = Run(operation, input);
    EXPECT_FALSE(r.ok()) << operation << " " << json::serialize(input);
    return r.ok() ? core::AwsError() : r.error();
  }

  // Creates table `name` (HASH id S) with a stream of `view`; returns the stream ARN.
  std::string CreateStreamTable(std::string_view name, std::string_view view) {
    std::string in = R"({"TableName": ")" + std::string(name) +
                     R"(", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamEnabled": true, "StreamViewType": ")" +
                     std::string(view) + R"("}})";
    auto out = Ok("CreateTable", in);
    return std::string(out["TableDescription"].at("LatestStreamArn").as_string());
  }
  std::vector<std::string> ShardIds(const std::string& arn) {
    std::vector<std::string> ids;
    auto d = Ok("DescribeStream", json::object{{"StreamArn", arn}});
    for (const auto& s : d["StreamDescription"].at("Shards").as_array())
      ids.emplace_back(s.at("ShardId").as_string());
    return ids;
  }
  std::string Iterator(const std::string& arn, const std::string& shard, std::string_view type,
                       std::string_view sequence = "") {
    json::object in{{"StreamArn", arn}, {"ShardId", shard}, {"ShardIteratorType", type}};
    if (!sequence.empty()) in["SequenceNumber"] = sequence;
    return std::string(Ok("GetShardIterator", in)["ShardIterator"].as_string());
  }
  // Every record of the stream's first shard, from TRIM_HORIZON.
  json::array ReadAll(const std::string& arn) {
    json::array all;
    std::string it = Iterator(arn, ShardIds(arn).front(), "TRIM_HORIZON");
    for (int i = 0; i < 100; ++i) {
      auto r = Ok("GetRecords", json::object{{"ShardIterator", it}});
      for (auto& rec : r["Records"].as_array()) all.push_back(rec);
      if (r["Records"].as_array().empty() || !r.contains("NextShardIterator")) break;
      it = std::string(r["NextShardIterator"].as_string());
    }
    return all;
  }

  storage::test_util::TempDir dir_;
  core::FakeClock clock_;
  Options options_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<Service> streams_;
  std::unique_ptr<dynamodb::Service> ddb_;
  std::unique_ptr<net::Registry> registry_;
};

}  // namespace tarn::streams::test_util
