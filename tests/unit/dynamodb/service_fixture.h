#pragma once
// DynamoDbServiceTest: the fixture of the DynamoDB handler tests — a dynamodb::Service over a fresh
// RocksDB in a temporary directory, its operations registered and called directly (no HTTP).
// Derived fixtures create their tables in SetUp after calling this one's.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/table_catalog.h"
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

  // The item lock stripe of `key`: held, it keeps an index build or removal from starting (both wait for
  // every write in flight), so the index stays CREATING or DELETING.
  std::mutex& ItemLockOf(std::string_view key) { return service_->ItemLock(key); }
  // Marks `table` as one a restore (`restore_table_arn` set) or an import is filling: CREATING.
  void MarkFilling(std::string_view table, std::string_view restore_table_arn = "") {
    auto found =
        service_->catalog_->Get(net::RequestContext().account_id, net::RequestContext().region, table);
    ASSERT_TRUE(found.ok()) << table;
    auto updated = service_->catalog_->Update((*found)->account_id, (*found)->region, (*found)->name,
                                              (*found)->id, [&](TableInfo& t) {
                                                t.restoring = true;
                                                t.restore_table_arn = std::string(restore_table_arn);
                                                return core::Ok();
                                              });
    ASSERT_TRUE(updated.ok()) << updated.error().message;
  }

  storage::test_util::TempDir dir_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<Service> service_;
  net::Registry registry_;
};

}  // namespace tarn::dynamodb::test_util
