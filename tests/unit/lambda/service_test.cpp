// Lambda handlers called directly (no HTTP) over a temporary data directory: function records,
// exact errors, paging, reserved environment keys, code directories and Invoke's answers that
// need no process (DryRun, a package without its bootstrap).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/clock.h"
#include "core/encoding.h"
#include "lambda/lambda.h"
#include "lambda/runtimes.h"
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
    lambda_options.credentials_for = [](const std::string&,
                                        const std::string&) -> core::Result<FunctionCredentials> {
      return FunctionCredentials{"AKID", "SECRET", ""};
    };
    // Stands in for IAM: only roles named r trust Lambda.
    lambda_options.role_assumable = [](const std::string& role) { return role.ends_with(":role/r"); };
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

TEST_F(LambdaServiceTest, ARoleLambdaCannotAssumeIsRefused) {
  json::object in = CreateInput("norole");
  in["Role"] = "arn:aws:iam::000000000000:role/missing";
  auto created = Run("CreateFunction", in);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "InvalidParameterValueException");
  EXPECT_EQ(created.error().message, "The role defined for the function cannot be assumed by Lambda.");
  EXPECT_EQ(created.error().http_status, 400);
  EXPECT_FALSE(Run("GetFunction", {{"FunctionName", "norole"}}).ok());

  ASSERT_TRUE(Run("CreateFunction", CreateInput("withrole")).ok());
  auto updated = Run("UpdateFunctionConfiguration",
                     {{"FunctionName", "withrole"}, {"Role", "arn:aws:iam::000000000000:role/missing"}});
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, "InvalidParameterValueException");
  auto got = Run("GetFunctionConfiguration", {{"FunctionName", "withrole"}});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->json.at("Role"), "arn:aws:iam::000000000000:role/r");
}

TEST(LambdaRuntimesTest, TheNodeModulesLinkFollowsTheOption) {
  TempDir dir;
  fs::create_directories(dir.path() + "/sdk/@aws-sdk/client-s3");
  auto install = [&](std::string node_modules) {
    Options options;
    options.data_dir = dir.path();
    options.node_modules = std::move(node_modules);
    RuntimeSetup setup;
    setup.runtime_dir = dir.path() + "/lambda/.runtime";
    core::Status installed = InstallRuntimes(setup, options);
    EXPECT_TRUE(installed.ok()) << installed.error().message;
  };
  install(dir.path() + "/sdk");
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/node_modules"));
  EXPECT_TRUE(fs::exists(dir.path() + "/node_modules/@aws-sdk/client-s3"));
  install(dir.path() + "/sdk");  // a restart replaces its own link
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/node_modules"));
  install(dir.path() + "/missing");  // no SDK: tarn's link goes
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir.path() + "/node_modules")));
  fs::create_directories(dir.path() + "/node_modules/mine");  // a directory of the user's stays
  install(dir.path() + "/sdk");
  EXPECT_FALSE(fs::is_symlink(dir.path() + "/node_modules"));
  EXPECT_TRUE(fs::exists(dir.path() + "/node_modules/mine"));
}

TEST_F(LambdaServiceTest, CodeLocationIsASignedLinkForTenMinutes) {
  ASSERT_TRUE(Run("CreateFunction", CreateInput("dl")).ok());
  auto got = Run("GetFunction", {{"FunctionName", "dl"}});
  ASSERT_TRUE(got.ok());
  std::string location(got->json.at("Code").at("Location").as_string());
  const std::string endpoint = "http://127.0.0.1:1";
  ASSERT_TRUE(location.starts_with(endpoint + "/_tarn/lambda/code/dl/")) << location;
  const auto* handler = registry_.FindInternal("/_tarn/lambda/code/dl/x.zip");
  ASSERT_NE(handler, nullptr);
  auto get = [&](std::string target, std::string method = "GET") {
    net::HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    return (*handler)(request);
  };
  std::string target = location.substr(endpoint.size());
  auto answered = get(target);
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->status, 200);
  EXPECT_EQ(answered->body, zip_);
  EXPECT_EQ(answered->headers.Get("Content-Type").value_or(""), "application/zip");
  EXPECT_EQ(get(target, "HEAD")->headers.Get("Content-Length").value_or(""), std::to_string(zip_.size()));
  EXPECT_EQ(get(target, "PUT")->status, 405);

  // A changed signature, expiry or package, no query, or a link past its ten minutes: refused.
  std::string bad = target;
  bad.back() = bad.back() == '0' ? '1' : '0';
  EXPECT_EQ(get(bad)->status, 403);
  std::string hex = target.substr(std::string("/_tarn/lambda/code/dl/").size(), 64);
  EXPECT_EQ(get("/_tarn/lambda/code/dl/" + hex + ".zip")->status, 403);
  size_t expires = target.find("Expires=") + 8;
  std::string later = target;
  later[expires] = later[expires] == '9' ? '8' : static_cast<char>(later[expires] + 1);
  EXPECT_EQ(get(later)->status, 403);
  clock_.Advance(std::chrono::seconds(601));
  auto expired = get(target);
  EXPECT_EQ(expired->status, 403);
  EXPECT_NE(expired->body.find("Request has expired"), std::string::npos);
  // Paths that name no package are not this handler's (404 from the dispatcher); no traversal.
  EXPECT_FALSE(get("/_tarn/lambda/code/../../etc/passwd.zip").has_value());
  EXPECT_FALSE(get("/_tarn/lambda/code/dl/" + hex.substr(1) + ".zip").has_value());
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

TEST_F(LambdaServiceTest, PublishedVersionsAreImmutableCopies) {
  const std::string arn = "arn:aws:lambda:us-east-1:000000000000:function:v";
  auto in = CreateInput("v");
  in["Description"] = "one";
  ASSERT_TRUE(Run("CreateFunction", in).ok());
  auto first = Run("PublishVersion", {{"FunctionName", "v"}});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->json.at("Version"), "1");
  EXPECT_EQ(first->json.at("FunctionArn").as_string(), arn + ":1");
  EXPECT_EQ(first->json.at("Description"), "one");
  // Nothing changed: the same version again.
  auto same = Run("PublishVersion", {{"FunctionName", "v"}});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->json.at("Version"), "1");
  EXPECT_EQ(same->json.at("RevisionId"), first->json.at("RevisionId"));

  ASSERT_TRUE(Run("UpdateFunctionConfiguration", {{"FunctionName", "v"}, {"Description", "two"}}).ok());
  auto wrong_sha = Run("PublishVersion", {{"FunctionName", "v"}, {"CodeSha256", "abc"}});
  ASSERT_FALSE(wrong_sha.ok());
  EXPECT_EQ(wrong_sha.error().code, "InvalidParameterValueException");
  EXPECT_EQ(wrong_sha.error().message.substr(0, 66),
            "CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST (");
  auto stale = Run("PublishVersion", {{"FunctionName", "v"}, {"RevisionId", "nope"}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().http_status, 412);
  auto second = Run("PublishVersion", {{"FunctionName", "v"}, {"Description", "release 2"}});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->json.at("Version"), "2");
  EXPECT_EQ(second->json.at("Description"), "release 2");

  // Each version keeps what $LATEST was when it was published.
  auto v1 = Run("GetFunctionConfiguration", {{"FunctionName", "v:1"}});
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->json.at("Description"), "one");
  auto v2 = Run("GetFunction", {{"FunctionName", "v"}, {"Qualifier", "2"}});
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->json.at("Configuration").at("FunctionArn").as_string(), arn + ":2");
  auto latest = Run("GetFunctionConfiguration", {{"FunctionName", "v"}, {"Qualifier", "$LATEST"}});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->json.at("FunctionArn").as_string(), arn + ":$LATEST");
  EXPECT_EQ(latest->json.at("Description"), "two");
  auto clash = Run("GetFunction", {{"FunctionName", "v:1"}, {"Qualifier", "2"}});
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().message,
            "The derived qualifier from the function name does not match the specified qualifier.");
  auto missing = Run("GetFunction", {{"FunctionName", "v"}, {"Qualifier", "3"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "Function not found: " + arn + ":3");

  // Listed $LATEST first, in pages.
  std::vector<std::string> versions;
  json::object list{{"FunctionName", "v"}, {"MaxItems", 2}};
  while (true) {
    auto page = Run("ListVersionsByFunction", list);
    ASSERT_TRUE(page.ok());
    for (const auto& v : page->json.at("Versions").as_array())
      versions.push_back(std::string(v.at("Version").as_string()));
    if (!page->json.contains("NextMarker")) break;
    list["Marker"] = page->json.at("NextMarker");
  }
  EXPECT_EQ(versions, (std::vector<std::string>{"$LATEST", "1", "2"}));

  // Deleting a version frees nothing for reuse: the next one is 3.
  ASSERT_TRUE(Run("DeleteFunction", {{"FunctionName", "v"}, {"Qualifier", "2"}}).ok());
  EXPECT_FALSE(Run("GetFunction", {{"FunctionName", "v:2"}}).ok());
  ASSERT_TRUE(Run("UpdateFunctionConfiguration", {{"FunctionName", "v"}, {"Timeout", 9}}).ok());
  auto third = Run("PublishVersion", {{"FunctionName", "v"}});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->json.at("Version"), "3");
  auto latest_delete = Run("DeleteFunction", {{"FunctionName", "v"}, {"Qualifier", "$LATEST"}});
  ASSERT_FALSE(latest_delete.ok());
  EXPECT_EQ(latest_delete.error().message,
            "$LATEST version cannot be deleted without deleting the function.");

  // UpdateFunctionCode and CreateFunction publish with Publish.
  auto code = Run("UpdateFunctionCode",
                  {{"FunctionName", "v"}, {"ZipFile", core::Base64Encode(zip_)}, {"Publish", true}});
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->json.at("Version"), "4");
  auto published = CreateInput("w");
  published["Publish"] = true;
  auto created = Run("CreateFunction", published);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->json.at("Version"), "1");
  EXPECT_EQ(created->json.at("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:w:1");
}

TEST_F(LambdaServiceTest, AliasesPointAtVersions) {
  const std::string arn = "arn:aws:lambda:us-east-1:000000000000:function:a";
  ASSERT_TRUE(Run("CreateFunction", CreateInput("a")).ok());
  ASSERT_TRUE(Run("PublishVersion", {{"FunctionName", "a"}}).ok());
  ASSERT_TRUE(Run("UpdateFunctionConfiguration", {{"FunctionName", "a"}, {"Timeout", 7}}).ok());
  ASSERT_TRUE(Run("PublishVersion", {{"FunctionName", "a"}}).ok());

  auto live = Run("CreateAlias", {{"FunctionName", "a"}, {"Name", "live"}, {"FunctionVersion", "1"}});
  ASSERT_TRUE(live.ok()) << live.error().message;
  EXPECT_EQ(live->json.at("AliasArn").as_string(), arn + ":live");
  EXPECT_EQ(live->json.at("FunctionVersion"), "1");
  EXPECT_EQ(live->json.at("Description"), "");
  EXPECT_FALSE(live->json.contains("RoutingConfig"));
  auto again = Run("CreateAlias", {{"FunctionName", "a"}, {"Name", "live"}, {"FunctionVersion", "2"}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ResourceConflictException");
  EXPECT_EQ(again.error().message, "Alias already exists: " + arn + ":live");
  auto no_version = Run("CreateAlias", {{"FunctionName", "a"}, {"Name", "x"}, {"FunctionVersion", "9"}});
  ASSERT_FALSE(no_version.ok());
  EXPECT_EQ(no_version.error().message, "Function not found: " + arn + ":9");
  auto no_function = Run("CreateAlias", {{"FunctionName", "zz"}, {"Name", "x"}, {"FunctionVersion", "1"}});
  ASSERT_FALSE(no_function.ok());
  EXPECT_EQ(no_function.error().http_status, 404);
  auto missing = Run("GetAlias", {{"FunctionName", "a"}, {"Name", "nope"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  EXPECT_EQ(missing.error().message, "Cannot find alias arn: " + arn + ":nope");

  // Routing: one additional version, not the alias's own, never beside $LATEST.
  auto weights = [](std::string version, double weight) {
    return json::object{{"AdditionalVersionWeights", json::object{{version, weight}}}};
  };
  auto own =
      Run("UpdateAlias", {{"FunctionName", "a"}, {"Name", "live"}, {"RoutingConfig", weights("1", 0.5)}});
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().message,
            "Invalid function version 1. Function version 1 is already included in routing configuration.");
  auto beside_latest = Run("CreateAlias", {{"FunctionName", "a"},
                                           {"Name", "dev"},
                                           {"FunctionVersion", "$LATEST"},
                                           {"RoutingConfig", weights("1", 0.5)}});
  ASSERT_FALSE(beside_latest.ok());
  EXPECT_EQ(beside_latest.error().message,
            "$LATEST is not supported for an alias pointing to more than 1 version");
  auto two = json::object{{"AdditionalVersionWeights", json::object{{"1", 0.1}, {"2", 0.1}}}};
  auto too_many =
      Run("CreateAlias",
          {{"FunctionName", "a"}, {"Name", "dev"}, {"FunctionVersion", "$LATEST"}, {"RoutingConfig", two}});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().message, "Number of items in AdditionalVersionWeights cannot be greater than 1");
  auto stale = Run("UpdateAlias", {{"FunctionName", "a"}, {"Name", "live"}, {"RevisionId", "old"}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "PreconditionFailedException");
  auto shifted = Run("UpdateAlias", {{"FunctionName", "a"},
                                     {"Name", "live"},
                                     {"RoutingConfig", weights("2", 0.25)},
                                     {"RevisionId", live->json.at("RevisionId")}});
  ASSERT_TRUE(shifted.ok()) << shifted.error().message;
  EXPECT_EQ(shifted->json.at("RoutingConfig").at("AdditionalVersionWeights").at("2").to_number<double>(),
            0.25);
  EXPECT_NE(shifted->json.at("RevisionId"), live->json.at("RevisionId"));

  // GetFunction through the alias: the version's configuration under the alias's ARN.
  auto through = Run("GetFunctionConfiguration", {{"FunctionName", arn + ":live"}});
  ASSERT_TRUE(through.ok());
  EXPECT_EQ(through->json.at("FunctionArn").as_string(), arn + ":live");
  EXPECT_EQ(through->json.at("Version"), "1");
  EXPECT_EQ(through->json.at("Timeout"), 3);

  // A version an alias uses (directly or by weight) cannot be deleted.
  for (std::string version : {"1", "2"}) {
    auto used = Run("DeleteFunction", {{"FunctionName", "a"}, {"Qualifier", version}});
    ASSERT_FALSE(used.ok());
    EXPECT_EQ(used.error().http_status, 409);
    EXPECT_EQ(used.error().message,
              "Unable to delete version because the following aliases reference it: [live]");
  }
  ASSERT_TRUE(Run("CreateAlias", {{"FunctionName", "a"}, {"Name", "beta"}, {"FunctionVersion", "2"}}).ok());
  auto by_version = Run("ListAliases", {{"FunctionName", "a"}, {"FunctionVersion", "2"}});
  ASSERT_TRUE(by_version.ok());
  ASSERT_EQ(by_version->json.at("Aliases").as_array().size(), 1u);
  EXPECT_EQ(by_version->json.at("Aliases").at(0).at("Name"), "beta");
  auto page = Run("ListAliases", {{"FunctionName", "a"}, {"MaxItems", 1}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->json.at("Aliases").at(0).at("Name"), "beta");
  auto rest = Run("ListAliases", {{"FunctionName", "a"}, {"Marker", page->json.at("NextMarker")}});
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->json.at("Aliases").at(0).at("Name"), "live");
  EXPECT_FALSE(rest->json.contains("NextMarker"));

  ASSERT_TRUE(Run("DeleteAlias", {{"FunctionName", "a"}, {"Name", "beta"}}).ok());
  EXPECT_EQ(Run("DeleteAlias", {{"FunctionName", "a"}, {"Name", "beta"}}).error().http_status, 404);

  // Deleting the function takes its versions and aliases with it.
  ASSERT_TRUE(Run("DeleteFunction", {{"FunctionName", "a"}}).ok());
  ASSERT_TRUE(Run("CreateFunction", CreateInput("a")).ok());
  auto versions = Run("ListVersionsByFunction", {{"FunctionName", "a"}});
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->json.at("Versions").as_array().size(), 1u);
  EXPECT_FALSE(Run("GetAlias", {{"FunctionName", "a"}, {"Name", "live"}}).ok());
  EXPECT_EQ(Run("PublishVersion", {{"FunctionName", "a"}})->json.at("Version"), "1");
}

TEST_F(LambdaServiceTest, ListFunctionsWithAllVersionsPages) {
  for (auto name : {"b", "a"}) {
    ASSERT_TRUE(Run("CreateFunction", CreateInput(name)).ok());
    ASSERT_TRUE(Run("PublishVersion", {{"FunctionName", name}}).ok());
  }
  std::vector<std::string> arns;
  json::object in{{"MaxItems", 3}, {"FunctionVersion", "ALL"}};
  while (true) {
    auto page = Run("ListFunctions", in);
    ASSERT_TRUE(page.ok());
    for (const auto& f : page->json.at("Functions").as_array()) {
      std::string arn(f.at("FunctionArn").as_string());
      arns.push_back(arn.substr(arn.find(":function:") + 10));
    }
    if (!page->json.contains("NextMarker")) break;
    in["Marker"] = page->json.at("NextMarker");
  }
  EXPECT_EQ(arns, (std::vector<std::string>{"a:$LATEST", "a:1", "b:$LATEST", "b:1"}));
  auto plain = Run("ListFunctions", {});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->json.at("Functions").as_array().size(), 2u);
}

TEST_F(LambdaServiceTest, ResourcePoliciesPerQualifier) {
  const std::string arn = "arn:aws:lambda:us-east-1:000000000000:function:p";
  ASSERT_TRUE(Run("CreateFunction", CreateInput("p")).ok());
  auto none = Run("GetPolicy", {{"FunctionName", "p"}});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "ResourceNotFoundException");
  EXPECT_EQ(none.error().message, "The resource you requested does not exist.");

  auto added = Run("AddPermission", {{"FunctionName", "p"},
                                     {"StatementId", "s3-invoke"},
                                     {"Action", "lambda:InvokeFunction"},
                                     {"Principal", "s3.amazonaws.com"},
                                     {"SourceArn", "arn:aws:s3:::bucket"},
                                     {"SourceAccount", "000000000000"}});
  ASSERT_TRUE(added.ok()) << added.error().message;
  json::value statement = json::parse(added->json.at("Statement").as_string());
  EXPECT_EQ(statement, json::parse(R"({"Sid": "s3-invoke", "Effect": "Allow",
      "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction",
      "Resource": "arn:aws:lambda:us-east-1:000000000000:function:p",
      "Condition": {"StringEquals": {"AWS:SourceAccount": "000000000000"},
                    "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}}})"));
  auto twice = Run("AddPermission", {{"FunctionName", "p"},
                                     {"StatementId", "s3-invoke"},
                                     {"Action", "lambda:InvokeFunction"},
                                     {"Principal", "111122223333"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().http_status, 409);
  EXPECT_EQ(
      twice.error().message,
      "The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove "
      "the existing statement.");
  ASSERT_TRUE(Run("AddPermission", {{"FunctionName", "p"},
                                    {"StatementId", "acct"},
                                    {"Action", "lambda:*"},
                                    {"Principal", "111122223333"}})
                  .ok());
  auto policy = Run("GetPolicy", {{"FunctionName", arn}});
  ASSERT_TRUE(policy.ok());
  json::value doc = json::parse(policy->json.at("Policy").as_string());
  EXPECT_EQ(doc.at("Version"), "2012-10-17");
  ASSERT_EQ(doc.at("Statement").as_array().size(), 2u);
  EXPECT_EQ(doc.at("Statement").at(1).at("Principal").at("AWS"), "arn:aws:iam::111122223333:root");

  // A version's policy is its own.
  ASSERT_TRUE(Run("PublishVersion", {{"FunctionName", "p"}}).ok());
  EXPECT_FALSE(Run("GetPolicy", {{"FunctionName", "p"}, {"Qualifier", "1"}}).ok());
  auto on_version = Run("AddPermission", {{"FunctionName", "p"},
                                          {"Qualifier", "1"},
                                          {"StatementId", "v"},
                                          {"Action", "lambda:InvokeFunction"},
                                          {"Principal", "events.amazonaws.com"}});
  ASSERT_TRUE(on_version.ok());
  EXPECT_EQ(json::parse(on_version->json.at("Statement").as_string()).at("Resource").as_string(), arn + ":1");
  auto missing_version = Run("AddPermission", {{"FunctionName", "p"},
                                               {"Qualifier", "7"},
                                               {"StatementId", "v"},
                                               {"Action", "lambda:InvokeFunction"},
                                               {"Principal", "events.amazonaws.com"}});
  ASSERT_FALSE(missing_version.ok());
  EXPECT_EQ(missing_version.error().message, "Function not found: " + arn + ":7");

  auto gone = Run("RemovePermission", {{"FunctionName", "p"}, {"StatementId", "nope"}});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().message, "Statement nope is not found in resource policy.");
  ASSERT_TRUE(Run("RemovePermission", {{"FunctionName", "p"}, {"StatementId", "s3-invoke"}}).ok());
  ASSERT_TRUE(Run("RemovePermission", {{"FunctionName", "p"}, {"StatementId", "acct"}}).ok());
  EXPECT_EQ(Run("GetPolicy", {{"FunctionName", "p"}}).error().code, "ResourceNotFoundException");
  EXPECT_TRUE(Run("GetPolicy", {{"FunctionName", "p:1"}}).ok());

  auto settings = Run("GetAccountSettings", {});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->json.at("AccountUsage").at("FunctionCount").to_number<int>(), 1);
  EXPECT_EQ(settings->json.at("AccountUsage").at("TotalCodeSize").to_number<uint64_t>(), 2 * zip_.size());
  EXPECT_EQ(settings->json.at("AccountLimit").at("ConcurrentExecutions").to_number<int>(), 1000);
}

}  // namespace
}  // namespace tarn::lambda
