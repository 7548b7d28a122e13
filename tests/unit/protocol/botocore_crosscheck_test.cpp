// Cross-checks the codecs' wire output against botocore itself: every response below is parsed
// by botocore's response parsers (botocore_parse.py, one python run for all cases) and the parsed
// values compared with what the handler returned. Skips when python3 with botocore is absent.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/encoding.h"
#include "protocol/codecs.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

const ServiceModel& Service(std::string_view name) {
  const ServiceModel* s = ModelSet::Embedded().Find(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

struct Case {
  std::string_view protocol;
  std::string_view service;
  std::string_view operation;
  net::HttpResponse response;
};

json::object CaseJson(const Case& c) {
  json::object headers;
  for (const auto& [name, value] : c.response.headers.entries()) headers[name] = value;
  return json::object{{"protocol", c.protocol},        {"service", c.service},
                      {"operation", c.operation},      {"status", c.response.status},
                      {"headers", std::move(headers)}, {"body_b64", core::Base64Encode(c.response.body)}};
}

// Runs botocore over the cases; nullopt when python/botocore is unavailable.
std::optional<json::array> ParseWithBotocore(const std::vector<Case>& cases) {
  const char* python = "/root/.pyenv/shims/python3";
  if (access(python, X_OK) != 0) python = "/usr/bin/python3";
  if (access(python, X_OK) != 0) return std::nullopt;
  fs::path script = fs::path(__FILE__).parent_path() / "botocore_parse.py";
  if (!fs::exists(script)) return std::nullopt;
  json::array input;
  for (const Case& c : cases) input.push_back(CaseJson(c));
  fs::path path = fs::temp_directory_path() / ("tarn_botocore_cases_" + std::to_string(getpid()) + ".json");
  std::ofstream(path) << json::serialize(input);
  std::string command = std::string(python) + " " + script.string() + " " + path.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  fs::remove(path);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) return std::nullopt;  // no botocore
  EXPECT_EQ(status, 0) << output;
  boost::system::error_code ec;
  json::value parsed = json::parse(output, ec);
  EXPECT_FALSE(ec) << output;
  if (ec || !parsed.is_array()) return json::array();
  return parsed.get_array();
}

TEST(BotocoreCrossCheckTest, BotocoreParsesWhatTheCodecsWrite) {
  std::vector<Case> cases;
  {  // 0: Query output with a result wrapper, escaping
    const ServiceModel& sts = Service("sts");
    net::Output out;
    out.json = json::object{
        {"UserId", "AIDA1"}, {"Account", "000000000000"}, {"Arn", "arn:aws:iam::0:user/a<&>\"b"}};
    cases.push_back(
        {"query", "sts", "GetCallerIdentity",
         QueryCodec().EncodeOutput(sts, *sts.FindOperation("GetCallerIdentity"), std::move(out), "rq-0")});
  }
  {  // 1: Query output with a member list of structures, timestamps, booleans, nested tags
    const ServiceModel& iam = Service("iam");
    net::Output out;
    json::object user{
        {"UserName", "alice"},         {"Path", "/"},
        {"UserId", "AIDA2"},           {"Arn", "arn:aws:iam::0:user/alice"},
        {"CreateDate", 1704164645.25}, {"Tags", json::array{json::object{{"Key", "k"}, {"Value", "v"}}}}};
    out.json = json::object{{"Users", json::array{user}}, {"IsTruncated", true}, {"Marker", "m1"}};
    cases.push_back(
        {"query", "iam", "ListUsers",
         QueryCodec().EncodeOutput(iam, *iam.FindOperation("ListUsers"), std::move(out), "rq-1")});
  }
  {  // 2: Query map output (SNS GetTopicAttributes)
    const ServiceModel& sns = Service("sns");
    net::Output out;
    out.json = json::object{{"Attributes", json::object{{"DisplayName", "d"}, {"Policy", "{\"a\":1}"}}}};
    cases.push_back(
        {"query", "sns", "GetTopicAttributes",
         QueryCodec().EncodeOutput(sns, *sns.FindOperation("GetTopicAttributes"), std::move(out), "rq-2")});
  }
  {  // 3: Query error
    cases.push_back({"query", "iam", "GetUser",
                     QueryCodec().EncodeError(Service("iam"),
                                              core::AwsError("NoSuchEntity", "no user bob", 404), "rq-3")});
  }
  {  // 4: S3 ListObjectsV2 (flattened lists, timestamps, ints)
    const ServiceModel& s3 = Service("s3");
    net::Output out;
    json::object object{{"Key", "a&b.txt"},
                        {"LastModified", 1704164645.0},
                        {"ETag", "\"e\""},
                        {"Size", 3},
                        {"StorageClass", "STANDARD"}};
    out.json = json::object{{"Name", "bucket"},
                            {"Prefix", "p/"},
                            {"KeyCount", 1},
                            {"MaxKeys", 1000},
                            {"IsTruncated", false},
                            {"Contents", json::array{object}},
                            {"CommonPrefixes", json::array{json::object{{"Prefix", "p/q/"}}}}};
    cases.push_back(
        {"rest-xml", "s3", "ListObjectsV2",
         RestXmlCodec().EncodeOutput(s3, *s3.FindOperation("ListObjectsV2"), std::move(out), "rq-4")});
  }
  {  // 5: S3 error
    cases.push_back(
        {"rest-xml", "s3", "GetObject",
         RestXmlCodec().EncodeError(
             Service("s3"), core::AwsError("NoSuchKey", "The specified key does not exist.", 404), "rq-5")});
  }
  {  // 6: Lambda Invoke output: status code member, header member, raw payload
    const ServiceModel& lambda = Service("lambda");
    net::Output out;
    out.json = json::object{{"StatusCode", 200}, {"ExecutedVersion", "$LATEST"}, {"Payload", "eyJvayI6MX0="}};
    cases.push_back(
        {"rest-json", "lambda", "Invoke",
         RestJsonCodec().EncodeOutput(lambda, *lambda.FindOperation("Invoke"), std::move(out), "rq-6")});
  }
  {  // 7: Lambda error
    cases.push_back({"rest-json", "lambda", "GetFunction",
                     RestJsonCodec().EncodeError(
                         Service("lambda"),
                         core::AwsError("ResourceNotFoundException", "Function not found", 404), "rq-7")});
  }
  {  // 8: DynamoDB namespaced error
    cases.push_back(
        {"json", "dynamodb", "GetItem",
         JsonRpcCodec().EncodeError(
             Service("dynamodb"), core::AwsError("ResourceNotFoundException", "Requested resource not found"),
             "rq-8")});
  }
  auto parsed = ParseWithBotocore(cases);
  if (!parsed) GTEST_SKIP() << "python3 with botocore not available";
  ASSERT_EQ(parsed->size(), cases.size());
  auto at = [&](size_t i) -> const json::object& { return (*parsed)[i].as_object(); };

  EXPECT_EQ(at(0).at("Arn"), "arn:aws:iam::0:user/a<&>\"b");
  EXPECT_EQ(at(0).at("ResponseMetadata").at("RequestId"), "rq-0");

  const json::object& user = at(1).at("Users").at(0).as_object();
  EXPECT_EQ(user.at("UserName"), "alice");
  EXPECT_EQ(user.at("CreateDate"), "2024-01-02T03:04:05.250000Z");
  EXPECT_EQ(user.at("Tags").at(0).at("Key"), "k");
  EXPECT_EQ(at(1).at("IsTruncated"), true);
  EXPECT_EQ(at(1).at("Marker"), "m1");

  EXPECT_EQ(at(2).at("Attributes").at("Policy"), "{\"a\":1}");

  EXPECT_EQ(at(3).at("Error").at("Code"), "NoSuchEntity");
  EXPECT_EQ(at(3).at("Error").at("Message"), "no user bob");
  EXPECT_EQ(at(3).at("Error").at("Type"), "Sender");
  EXPECT_EQ(at(3).at("ResponseMetadata").at("RequestId"), "rq-3");

  EXPECT_EQ(at(4).at("Contents").at(0).at("Key"), "a&b.txt");
  EXPECT_EQ(at(4).at("Contents").at(0).at("Size"), 3);
  EXPECT_EQ(at(4).at("Contents").at(0).at("LastModified"), "2024-01-02T03:04:05.000000Z");
  EXPECT_EQ(at(4).at("CommonPrefixes").at(0).at("Prefix"), "p/q/");
  EXPECT_EQ(at(4).at("IsTruncated"), false);
  EXPECT_EQ(at(4).at("ResponseMetadata").at("RequestId"), "rq-4");

  EXPECT_EQ(at(5).at("Error").at("Code"), "NoSuchKey");
  EXPECT_EQ(at(5).at("Error").at("Message"), "The specified key does not exist.");
  EXPECT_EQ(at(5).at("ResponseMetadata").at("RequestId"), "rq-5");

  EXPECT_EQ(at(6).at("StatusCode"), 200);
  EXPECT_EQ(at(6).at("ExecutedVersion"), "$LATEST");
  EXPECT_EQ(at(6).at("Payload"), "{\"ok\":1}");

  EXPECT_EQ(at(7).at("Error").at("Code"), "ResourceNotFoundException");
  EXPECT_EQ(at(7).at("Error").at("Message"), "Function not found");
  EXPECT_EQ(at(7).at("ResponseMetadata").at("RequestId"), "rq-7");

  EXPECT_EQ(at(8).at("Error").at("Code"), "ResourceNotFoundException");
  EXPECT_EQ(at(8).at("Error").at("Message"), "Requested resource not found");
  EXPECT_EQ(at(8).at("ResponseMetadata").at("RequestId"), "rq-8");
}

}  // namespace
}  // namespace tarn::protocol
