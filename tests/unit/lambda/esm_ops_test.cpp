// The event source mapping operations called directly (no HTTP) over a temporary data directory with a
// real change log: Create/Get/List/Update/Delete, their exact errors, paging, state names, LATEST
// checkpoints, and mappings that outlive their function.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.h"
#include "core/encoding.h"
#include "lambda/lambda.h"
#include "logs/logs.h"
#include "s3/s3.h"
#include "streams/streams.h"
#include "unit/lambda/zip_test_util.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::lambda {
namespace {

namespace json = boost::json;
using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;
using test_util::MakeZip;

constexpr const char* kStream =
    "arn:aws:dynamodb:us-east-1:000000000000:table/student/stream/2026-01-01T00:00:00.000";

class EsmOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyFreshDatabase(dir_.path() + "/db");
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    logs_ = std::move(*logs::Service::Create(*rocks_, clock_));
    s3_ = std::move(*s3::Service::Create(*rocks_, clock_, dir_.path()));
    streams_ = std::move(*streams::Service::Create(*rocks_, clock_));
    Options lambda_options;
    lambda_options.data_dir = dir_.path();
    lambda_options.credentials_for = [](const std::string&,
                                        const std::string&) -> core::Result<FunctionCredentials> {
      return FunctionCredentials{"AKID", "SECRET", ""};
    };
    auto service = Service::Create(*rocks_, clock_, *logs_, *s3_, *streams_, lambda_options);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(*service);
    service_->RegisterOperations(registry_);
    service_->SetEndpoint("http://127.0.0.1:1");

    streams::StreamSpec spec;
    spec.account_id = "000000000000";
    spec.region = "us-east-1";
    spec.table_name = "student";
    spec.stream_arn = kStream;
    spec.stream_label = "2026-01-01T00:00:00.000";
    spec.view_type = "NEW_AND_OLD_IMAGES";
    ASSERT_TRUE(streams_->CreateStream(spec).ok());
    for (const char* name : {"f", "g"}) {
      json::object in{{"FunctionName", name},
                      {"Runtime", "python3.12"},
                      {"Role", "arn:aws:iam::000000000000:role/r"},
                      {"Handler", "app.handler"}};
      in["Code"] = json::object{{"ZipFile", core::Base64Encode(zip_)}};
      ASSERT_TRUE(Run("CreateFunction", in).ok());
    }
  }
  void TearDown() override {
    service_.reset();
    streams_.reset();
    s3_.reset();
    logs_.reset();
    rocks_.reset();
  }

  core::Result<net::Output> Run(std::string_view operation, json::object in) {
    net::RequestContext context;
    context.request_id = "req-1";
    context.operation = std::string(operation);
    const net::Operation* op = registry_.Find("lambda", operation);
    EXPECT_NE(op, nullptr) << operation;
    return op->handler(net::Call{context, in, nullptr});
  }

  json::object Ok(std::string_view operation, json::object in) {
    auto out = Run(operation, std::move(in));
    EXPECT_TRUE(out.ok()) << operation << ": " << out.error().message;
    return out.ok() ? out->json : json::object();
  }

  core::AwsError Err(std::string_view operation, json::object in) {
    auto out = Run(operation, std::move(in));
    EXPECT_FALSE(out.ok()) << operation;
    return out.ok() ? core::AwsError() : out.error();
  }

  TempDir dir_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<logs::Service> logs_;
  std::unique_ptr<s3::Service> s3_;
  std::unique_ptr<streams::Service> streams_;
  std::unique_ptr<Service> service_;
  net::Registry registry_;
  std::string zip_ = MakeZip({{"app.py", "def handler(e, c):\n    return e\n"}});
};

TEST_F(EsmOpsTest, CreateGetListUpdateDelete) {
  auto created = Ok(
      "CreateEventSourceMapping",
      {{"FunctionName", "f"}, {"EventSourceArn", kStream}, {"StartingPosition", "LATEST"}, {"BatchSize", 5}});
  EXPECT_EQ(created.at("State"), "Creating");
  EXPECT_EQ(created.at("BatchSize"), 5);
  EXPECT_EQ(created.at("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(created.at("StateTransitionReason"), "User action");
  EXPECT_EQ(created.at("LastModified"), 1440979200.0);
  std::string uuid(created.at("UUID").as_string());
  EXPECT_EQ(Ok("GetEventSourceMapping", {{"UUID", uuid}}).at("State"), "Enabled");

  auto conflict = Err("CreateEventSourceMapping",
                      {{"FunctionName", "f"}, {"EventSourceArn", kStream}, {"StartingPosition", "LATEST"}});
  EXPECT_EQ(conflict.code, "ResourceConflictException");
  EXPECT_EQ(conflict.http_status, 409);
  EXPECT_NE(conflict.message.find(uuid), std::string::npos);

  std::string other(Ok("CreateEventSourceMapping", {{"FunctionName", "g"},
                                                    {"EventSourceArn", kStream},
                                                    {"StartingPosition", "TRIM_HORIZON"},
                                                    {"Enabled", false}})
                        .at("UUID")
                        .as_string());
  EXPECT_EQ(Ok("GetEventSourceMapping", {{"UUID", other}}).at("State"), "Disabled");

  auto all =
      Ok("ListEventSourceMappings", {{"EventSourceArn", kStream}}).at("EventSourceMappings").as_array();
  EXPECT_EQ(all.size(), 2u);
  auto only_f =
      Ok("ListEventSourceMappings", {{"FunctionName", "arn:aws:lambda:us-east-1:000000000000:function:f"}});
  ASSERT_EQ(only_f.at("EventSourceMappings").as_array().size(), 1u);
  EXPECT_EQ(only_f.at("EventSourceMappings").as_array()[0].at("UUID"), json::value(uuid));
  auto page1 = Ok("ListEventSourceMappings", {{"MaxItems", 1}});
  ASSERT_EQ(page1.at("EventSourceMappings").as_array().size(), 1u);
  ASSERT_TRUE(page1.contains("NextMarker"));
  auto page2 = Ok("ListEventSourceMappings", {{"MaxItems", 1}, {"Marker", page1.at("NextMarker")}});
  ASSERT_EQ(page2.at("EventSourceMappings").as_array().size(), 1u);
  EXPECT_FALSE(page2.contains("NextMarker"));
  EXPECT_NE(page1.at("EventSourceMappings").as_array()[0].at("UUID"),
            page2.at("EventSourceMappings").as_array()[0].at("UUID"));
  EXPECT_EQ(Err("ListEventSourceMappings", {{"MaxItems", 0}}).code, "ValidationException");

  clock_.Advance(std::chrono::seconds(10));
  auto updated = Ok("UpdateEventSourceMapping", {{"UUID", uuid}, {"Enabled", false}, {"BatchSize", 9}});
  EXPECT_EQ(updated.at("State"), "Disabling");
  EXPECT_EQ(updated.at("BatchSize"), 9);
  EXPECT_EQ(updated.at("LastModified"), 1440979210.0);
  EXPECT_EQ(Ok("UpdateEventSourceMapping", {{"UUID", uuid}, {"Enabled", true}}).at("State"), "Enabling");
  EXPECT_EQ(Ok("UpdateEventSourceMapping", {{"UUID", uuid}, {"BatchSize", 3}}).at("State"), "Updating");
  EXPECT_EQ(Err("UpdateEventSourceMapping", {{"UUID", uuid}, {"FunctionName", "missing"}}).code,
            "ResourceNotFoundException");
  EXPECT_EQ(Err("UpdateEventSourceMapping", {{"UUID", uuid}, {"BatchSize", 10001}}).code,
            "ValidationException");

  EXPECT_EQ(Ok("DeleteEventSourceMapping", {{"UUID", uuid}}).at("State"), "Deleting");
  auto gone = Err("GetEventSourceMapping", {{"UUID", uuid}});
  EXPECT_EQ(gone.code, "ResourceNotFoundException");
  EXPECT_EQ(gone.message, "The resource you requested does not exist.");
  EXPECT_EQ(gone.http_status, 404);
  EXPECT_EQ(Err("DeleteEventSourceMapping", {{"UUID", uuid}}).code, "ResourceNotFoundException");
  EXPECT_EQ(Err("UpdateEventSourceMapping", {{"UUID", uuid}}).code, "ResourceNotFoundException");
}

TEST_F(EsmOpsTest, CreateErrors) {
  auto no_function =
      Err("CreateEventSourceMapping",
          {{"FunctionName", "nope"}, {"EventSourceArn", kStream}, {"StartingPosition", "LATEST"}});
  // AWS's answers (LocalStack's test_event_source_mapping_exceptions, recorded on AWS): the source
  // is checked first, then the function.
  EXPECT_EQ(no_function.code, "InvalidParameterValueException");
  EXPECT_EQ(no_function.message, "Function does not exist");
  EXPECT_EQ(no_function.http_status, 400);
  auto no_source = Err("CreateEventSourceMapping", {{"FunctionName", "nope"}});
  EXPECT_EQ(no_source.code, "InvalidParameterValueException");
  EXPECT_EQ(no_source.message, "Unrecognized event source.");
  auto no_position = Err("CreateEventSourceMapping", {{"FunctionName", "f"}, {"EventSourceArn", kStream}});
  EXPECT_EQ(no_position.code, "InvalidParameterValueException");
  auto no_stream = Err("CreateEventSourceMapping", {{"FunctionName", "f"},
                                                    {"EventSourceArn", std::string(kStream) + "9"},
                                                    {"StartingPosition", "LATEST"}});
  EXPECT_EQ(no_stream.code, "InvalidParameterValueException");
  // AWS's text for a stream of the caller's own account and region that does not exist (LocalStack's
  // recording of test_esm_with_not_existing_dynamodb_stream).
  EXPECT_EQ(no_stream.message, "Stream not found: " + std::string(kStream) + "9");
  std::string elsewhere = std::string(kStream);
  elsewhere.replace(elsewhere.find("us-east-1"), 9, "eu-west-1");
  auto other_region =
      Err("CreateEventSourceMapping",
          {{"FunctionName", "f"}, {"EventSourceArn", elsewhere}, {"StartingPosition", "LATEST"}});
  EXPECT_EQ(other_region.code, "InvalidParameterValueException");
  EXPECT_EQ(other_region.message.rfind("Cannot access stream ", 0), 0u);
  auto not_a_source =
      Err("CreateEventSourceMapping",
          {{"FunctionName", "f"}, {"EventSourceArn", "bogus"}, {"StartingPosition", "LATEST"}});
  EXPECT_EQ(not_a_source.code, "InvalidParameterValueException");
  json::object criteria;
  criteria["Filters"] = json::array{json::object{{"Pattern", "{\"a\": 1}"}}};
  auto bad_filter = Err("CreateEventSourceMapping", {{"FunctionName", "f"},
                                                     {"EventSourceArn", kStream},
                                                     {"StartingPosition", "LATEST"},
                                                     {"FilterCriteria", criteria}});
  EXPECT_EQ(bad_filter.code, "InvalidParameterValueException");
  EXPECT_EQ(bad_filter.message, "Invalid filter pattern definition.");
  auto list = Ok("ListEventSourceMappings", {});
  EXPECT_TRUE(list.at("EventSourceMappings").as_array().empty());
}

TEST_F(EsmOpsTest, MappingsOutliveTheirFunction) {
  std::string uuid(Ok("CreateEventSourceMapping",
                      {{"FunctionName", "f"}, {"EventSourceArn", kStream}, {"StartingPosition", "LATEST"}})
                       .at("UUID")
                       .as_string());
  Ok("DeleteFunction", {{"FunctionName", "f"}});
  auto got = Ok("GetEventSourceMapping", {{"UUID", uuid}});
  EXPECT_EQ(got.at("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(
      Ok("ListEventSourceMappings", {{"FunctionName", "f"}}).at("EventSourceMappings").as_array().size(), 1u);
}

}  // namespace
}  // namespace tarn::lambda
