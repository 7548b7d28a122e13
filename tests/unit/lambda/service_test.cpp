// Lambda handlers called directly (no HTTP) over a temporary data directory: function records,
// exact errors, paging, reserved environment keys, code directories and Invoke's answers that
// need no process (DryRun, a package without its bootstrap).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

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
namespace fs = std::filesystem;
using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;
using test_util::MakeZip;

class LambdaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyFreshDatabase(dir_.path() + "/db");
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    auto logs = logs::Service::Create(*rocks_, clock_);
    ASSERT_TRUE(logs.ok());
    logs_ = std::move(*logs);
    auto s3 = s3::Service::Create(*rocks_, clock_, dir_.path());
    ASSERT_TRUE(s3.ok());
    s3_ = std::move(*s3);
    auto streams = streams::Service::Create(*rocks_, clock_);
    ASSERT_TRUE(streams.ok());
    streams_ = std::move(*streams);
    Options lambda_options;
    lambda_options.data_dir = dir_.path();
    lambda_options.credentials_for = [](const std::string&) -> core::Result<FunctionCredentials> {
      return FunctionCredentials{"AKID", "SECRET", ""};
    };
    auto service = Service::Create(*rocks_, clock_, *logs_, *s3_, *streams_, lambda_options);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(*service);
    service_->RegisterOperations(registry_);
    service_->SetEndpoint("http://127.0.0.1:1");
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

  json::object CreateInput(std::string name, std::string runtime = "python3.12") {
    json::object in{{"FunctionName", name},
                    {"Runtime", runtime},
                    {"Role", "arn:aws:iam::000000000000:role/r"},
                    {"Handler", "app.handler"}};
    in["Code"] = json::object{{"ZipFile", core::Base64Encode(zip_)}};
    return in;
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

TEST_F(LambdaServiceTest, CreateGetDeleteWithExactErrors) {
  auto created = Run("CreateFunction", CreateInput("f"));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->json.at("State"), "Pending");
  EXPECT_EQ(created->json.at("LastModified"), "2015-08-31T00:00:00.000+0000");
  EXPECT_EQ(created->json.at("CodeSize").to_number<uint64_t>(), zip_.size());

  auto again = Run("CreateFunction", CreateInput("f"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ResourceConflictException");
  EXPECT_EQ(again.error().message, "Function already exist: f");
  EXPECT_EQ(again.error().http_status, 409);

  auto got = Run("GetFunction", {{"FunctionName", "f"}});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->json.at("Configuration").at("State"), "Active");
  std::string hex = std::string(got->json.at("Code").at("Location").as_string());
  hex = hex.substr(hex.rfind('/') + 1, 64);
  EXPECT_TRUE(fs::exists(dir_.path() + "/lambda/f/" + hex + "/app.py"));

  auto missing = Run("GetFunctionConfiguration", {{"FunctionName", "g"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  EXPECT_EQ(missing.error().message, "Function not found: arn:aws:lambda:us-east-1:000000000000:function:g");
  EXPECT_EQ(missing.error().http_status, 404);
  auto version = Run("GetFunction", {{"FunctionName", "f:7"}});
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().message,
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:7");

  auto deleted = Run("DeleteFunction", {{"FunctionName", "f"}});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->json.at("StatusCode"), 204);
  EXPECT_FALSE(fs::exists(dir_.path() + "/lambda/f"));
  EXPECT_FALSE(Run("GetFunction", {{"FunctionName", "f"}}).ok());
}

TEST_F(LambdaServiceTest, BadInputGetsLambdasErrors) {
  auto in = CreateInput("bad");
  in["Code"] = json::object{{"ZipFile", core::Base64Encode("not a zip")}};
  auto bad_zip = Run("CreateFunction", in);
  ASSERT_FALSE(bad_zip.ok());
  EXPECT_EQ(bad_zip.error().message,
            "Could not unzip uploaded file. Please check your file, then try to upload again.");
  auto old = Run("CreateFunction", CreateInput("old", "python3.6"));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, "InvalidParameterValueException");
  in = CreateInput("env");
  in["Environment"] = json::object{{"Variables", json::object{{"AWS_REGION", "x"}, {"OK", "1"}}}};
  auto reserved = Run("CreateFunction", in);
  ASSERT_FALSE(reserved.ok());
  EXPECT_NE(reserved.error().message.find("Reserved keys used in this request: AWS_REGION"),
            std::string::npos);
  in = CreateInput("nocode");
  in["Code"] = json::object{};
  auto no_code = Run("CreateFunction", in);
  ASSERT_FALSE(no_code.ok());
  EXPECT_EQ(no_code.error().message, "Please provide a source for function code.");
  in = CreateInput("s3code");
  in["Code"] = json::object{{"S3Bucket", "nobucket"}, {"S3Key", "k.zip"}};
  auto no_bucket = Run("CreateFunction", in);
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_NE(no_bucket.error().message.find("NoSuchBucket"), std::string::npos);
  auto list = Run("ListFunctions", {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->json.at("Functions").as_array().empty());
}

TEST_F(LambdaServiceTest, ListPagesWithMarkers) {
  for (auto name : {"c", "a", "b"}) ASSERT_TRUE(Run("CreateFunction", CreateInput(name)).ok());
  std::vector<std::string> names;
  json::object in{{"MaxItems", 2}};
  while (true) {
    auto page = Run("ListFunctions", in);
    ASSERT_TRUE(page.ok());
    for (const auto& f : page->json.at("Functions").as_array())
      names.push_back(std::string(f.at("FunctionName").as_string()));
    if (!page->json.contains("NextMarker")) break;
    in["Marker"] = page->json.at("NextMarker");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(LambdaServiceTest, UpdatesChangeTheRevision) {
  ASSERT_TRUE(Run("CreateFunction", CreateInput("u")).ok());
  auto before = Run("GetFunctionConfiguration", {{"FunctionName", "u"}});
  auto updated = Run("UpdateFunctionConfiguration",
                     {{"FunctionName", "u"}, {"Timeout", 30}, {"RevisionId", before->json.at("RevisionId")}});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->json.at("Timeout"), 30);
  EXPECT_EQ(updated->json.at("LastUpdateStatus"), "InProgress");
  auto stale = Run("UpdateFunctionConfiguration",
                   {{"FunctionName", "u"}, {"Timeout", 31}, {"RevisionId", before->json.at("RevisionId")}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "PreconditionFailedException");
  auto too_long = Run("UpdateFunctionConfiguration", {{"FunctionName", "u"}, {"Timeout", 901}});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "ValidationException");
}

TEST_F(LambdaServiceTest, InvokeAnswersWithoutAProcess) {
  ASSERT_TRUE(Run("CreateFunction", CreateInput("p", "provided.al2023")).ok());
  auto dry = Run("Invoke", {{"FunctionName", "p"}, {"InvocationType", "DryRun"}});
  ASSERT_TRUE(dry.ok());
  EXPECT_EQ(dry->json.at("StatusCode"), 204);
  auto no_bootstrap = Run("Invoke", {{"FunctionName", "p"}, {"Payload", core::Base64Encode("{}")}});
  ASSERT_TRUE(no_bootstrap.ok());
  EXPECT_EQ(no_bootstrap->json.at("FunctionError"), "Unhandled");
  auto payload = core::Base64Decode(no_bootstrap->json.at("Payload").as_string());
  EXPECT_NE(payload->find("Runtime.InvalidEntrypoint"), std::string::npos);
  auto bad_json = Run("Invoke", {{"FunctionName", "p"}, {"Payload", core::Base64Encode("{nope")}});
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.error().code, "InvalidRequestContentException");
  ASSERT_TRUE(Run("PutFunctionConcurrency", {{"FunctionName", "p"}, {"ReservedConcurrentExecutions", 901}})
                  .error()
                  .code == "InvalidParameterValueException");
}

}  // namespace
}  // namespace tarn::lambda
