#pragma once
// DynamoDbServiceTest: the fixture of the DynamoDB handler tests — a dynamodb::Service over a fresh
// RocksDB in a temporary directory, its operations registered and called directly (no HTTP).
// Derived fixtures create their tables in SetUp after calling this one's.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "net/registry.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::dynamodb::test_util {

class DynamoDbServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::test_util::CopyFreshDatabase(dir_.path() + "/db");
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    auto service = Service::Create(*rocks_, clock_);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(*service);
    service_->RegisterOperations(registry_);
  }
  void TearDown() override {
    service_.reset();
    rocks_.reset();
  }

  core::Result<net::Output> Run(std::string_view operation, const boost::json::object& in) {
    net::RequestContext context;
    context.operation = std::string(operation);
    const net::Operation* op = registry_.Find("dynamodb", operation);
    EXPECT_NE(op, nullptr) << operation;
    if (!op) return core::AwsError("UnknownOperationException", std::string(operation));
    return op->handler(net::Call{context, in});
  }
  // `input` is the request's JSON text.
  core::Result<net::Output> Run(std::string_view operation, std::string_view input) {
    return Run(operation, boost::json::parse(input).as_object());
  }
  boost::json::object Ok(std::string_view operation, std::string_view input) {
    auto r = Run(operation, input);
    EXPECT_TRUE(r.ok()) << operation << ": " << r.error().code << ": " << r.error().message;
    return r.ok() ? r->json : boost::json::object();
  }
  core::AwsError Err(std::string_view operation, std::string_view input) {
    auto r = Run(operation, input);
    EXPECT_FALSE(r.ok()) << operation << " " << input;
    return r.ok() ? core::AwsError() : r.error();
  }

  storage::test_util::TempDir dir_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<Service> service_;
  net::Registry registry_;
};

}  // namespace tarn::dynamodb::test_util
