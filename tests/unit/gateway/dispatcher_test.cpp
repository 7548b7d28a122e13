// gateway::Dispatcher end to end above the transport: real router, SigV4 authenticator, codecs,
// registry and the STS service; requests are signed with auth::SignRequest at a fake clock.
#include "gateway/dispatcher.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "auth/credentials.h"
#include "core/crypto.h"
#include "core/time_format.h"
#include "gateway/root_authorizer.h"
#include "sts/sts.h"

namespace tarn::gateway {
namespace {

constexpr std::string_view kAkid = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kForm = "application/x-www-form-urlencoded; charset=utf-8";

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() {
    auth::Credential c;
    c.access_key_id = std::string(kAkid);
    c.secret_access_key = std::string(kSecret);
    c.principal.type = core::Principal::Type::kRoot;
    c.principal.arn = "arn:aws:iam::000000000000:root";
    c.principal.user_id = "000000000000";
    credentials_.Put(c);
    sts_.RegisterOperations(registry_);
    net::Operation boom;
    boom.name = "ListUsers";
    boom.iam_action = "iam:ListUsers";
    boom.handler = [](const net::Call&) -> core::Result<net::Output> { throw std::runtime_error("boom"); };
    registry_.Add("iam", std::move(boom));
  }

  // A request signed for service at the fake clock's time (plus skew).
  net::HttpRequest Signed(std::string_view service, std::string method, std::string target,
                          std::string_view body, std::vector<std::pair<std::string, std::string>> extra = {},
                          std::chrono::seconds skew = std::chrono::seconds(0),
                          std::string_view secret = kSecret) {
    std::string amz_date = core::FormatAmzDate(clock_.Now() + skew);
    net::HttpRequest r;
    r.method = method;
    r.target = target;
    r.request_id = "req-1";
    r.headers.Add("Host", "127.0.0.1:4566");
    r.headers.Add("X-Amz-Date", amz_date);
    auth::SigningRequest s;
    s.method = method;
    s.canonical_uri = auth::CanonicalUri(r.path(), service == "s3");
    s.canonical_query = auth::CanonicalQueryString(r.query());
    s.headers = {{"host", "127.0.0.1:4566"}, {"x-amz-date", amz_date}};
    for (auto& [name, value] : extra) {
      r.headers.Add(name, value);
      std::string lower = name;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      s.headers.emplace_back(lower, value);
    }
    s.payload_hash = core::Sha256Hex(body);
    auth::CredentialScope scope{amz_date.substr(0, 8), "us-east-1", std::string(service)};
    r.headers.Add("Authorization", auth::SignRequest(s, scope, amz_date, kAkid, secret));
    return r;
  }

  net::HttpResponse Run(net::HttpRequest& request, std::string body) {
    net::RequestPlan plan = dispatcher_.Plan(request);
    net::StringBodyReader reader(std::move(body));
    return dispatcher_.Handle(request, plan, reader);
  }

  core::FakeClock clock_{core::TimePoint(std::chrono::seconds(1795608000))};  // 2026-11-25
  auth::StaticCredentialStore credentials_;
  auth::Authenticator authenticator_{credentials_, clock_};
  RootOnlyAuthorizer authorizer_;
  net::Registry registry_;
  sts::Service sts_;
  Dispatcher dispatcher_{registry_, authenticator_, authorizer_, clock_, DispatcherOptions{"test"}};
};

TEST_F(DispatcherTest, HealthAnswersWithoutAuth) {
  net::HttpRequest r;
  r.method = "GET";
  r.target = "/_tarn/health";
  r.request_id = "req-h";
  net::HttpResponse response = Run(r, "");
  EXPECT_EQ(response.status, 200);
  auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("status").as_string(), "running");
  EXPECT_EQ(body.at("version").as_string(), "test");
  EXPECT_EQ(response.headers.GetOr("x-amzn-RequestId"), "req-h");

  r.target = "/_tarn/nothing";
  EXPECT_EQ(Run(r, "").status, 404);
}

TEST_F(DispatcherTest, SignedGetCallerIdentity) {
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto r = Signed("sts", "POST", "/", body, {{"Content-Type", std::string(kForm)}});
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.body.find("<Arn>arn:aws:iam::000000000000:root</Arn>"), std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("<RequestId>req-1</RequestId>"), std::string::npos) << response.body;
  EXPECT_EQ(response.service, "sts");
  EXPECT_EQ(response.operation, "GetCallerIdentity");
}

TEST_F(DispatcherTest, WrongSecretIsSignatureDoesNotMatch) {
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto r = Signed("sts", "POST", "/", body, {{"Content-Type", std::string(kForm)}}, std::chrono::seconds(0),
                  "not-the-secret");
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, ClockSkewOverFifteenMinutesIsRejected) {
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto r =
      Signed("sts", "POST", "/", body, {{"Content-Type", std::string(kForm)}}, std::chrono::minutes(-20));
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("Signature expired"), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, UnknownActionIsInvalidAction) {
  std::string body = "Action=NoSuchAction&Version=2011-06-15";
  auto r = Signed("sts", "POST", "/", body, {{"Content-Type", std::string(kForm)}});
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("<Code>InvalidAction</Code>"), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, UnsignedJsonRequestNeedsAuthentication) {
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.request_id = "req-u";
  r.headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");
  r.headers.Add("Content-Type", "application/x-amz-json-1.0");
  net::HttpResponse response = Run(r, "{}");
  EXPECT_GE(response.status, 400);
  EXPECT_NE(response.body.find("MissingAuthenticationToken"), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, ModeledButUnimplementedOperation) {
  std::string body = "{}";
  auto r = Signed(
      "dynamodb", "POST", "/", body,
      {{"X-Amz-Target", "DynamoDB_20120810.ListTables"}, {"Content-Type", "application/x-amz-json-1.0"}});
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 501) << response.body;
  EXPECT_EQ(response.operation, "ListTables");
}

TEST_F(DispatcherTest, UnknownServiceScope) {
  std::string body = "Action=DescribeInstances";
  auto r = Signed("ec2", "POST", "/", body, {{"Content-Type", std::string(kForm)}});
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 501);
  EXPECT_NE(response.body.find("ec2"), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, HandlerExceptionIsInternalFailureAndClosesTheConnection) {
  std::string body = "Action=ListUsers&Version=2010-05-08";
  auto r = Signed("iam", "POST", "/", body, {{"Content-Type", std::string(kForm)}});
  net::HttpResponse response = Run(r, body);
  EXPECT_EQ(response.status, 500) << response.body;
  EXPECT_TRUE(response.close_connection);
  EXPECT_NE(response.body.find("InternalFailure"), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, RejectTranslatesTooLargeForTheService) {
  auto r = Signed("lambda", "POST", "/2015-03-31/functions/f/invocations", "");
  net::RequestPlan plan = dispatcher_.Plan(r);
  net::HttpResponse response =
      dispatcher_.Reject(r, plan, core::AwsError("RequestEntityTooLarge", "Request entity too large", 413));
  EXPECT_EQ(response.status, 413);
  EXPECT_TRUE(response.close_connection);
  EXPECT_EQ(response.headers.GetOr("X-Amzn-ErrorType").substr(0, 24), "RequestTooLargeException");
}

// A code upload over its quota: Lambda's front end names the operation and the quota
// (LocalStack's test_oversized_request_create_lambda, recorded against AWS).
TEST_F(DispatcherTest, RejectNamesTheCodeUploadQuota) {
  auto r = Signed("lambda", "POST", "/2015-03-31/functions", "");
  net::RequestPlan plan = dispatcher_.Plan(r);
  net::HttpResponse response =
      dispatcher_.Reject(r, plan, core::AwsError("RequestEntityTooLarge", "Request entity too large", 413));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.headers.GetOr("X-Amzn-ErrorType").substr(0, 30), "RequestEntityTooLargeException");
  const std::string expected = "Request must be smaller than " + std::to_string(plan.max_body_bytes) +
                               " bytes for the CreateFunction operation";
  EXPECT_NE(response.body.find(expected), std::string::npos) << response.body;
}

TEST_F(DispatcherTest, S3PutObjectPlansAStreamedBody) {
  auto r = Signed("s3", "PUT", "/bucket/key", "", {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  net::RequestPlan plan = dispatcher_.Plan(r);
  EXPECT_TRUE(plan.stream_body);
  EXPECT_GE(plan.max_body_bytes, uint64_t{5} << 30);
}

TEST_F(DispatcherTest, OnlyCpuOnlyOperationsRunInline) {
  // Health, and GetCallerIdentity (registered cpu_only; named in the Query body): on the io thread.
  net::HttpRequest health;
  health.method = "GET";
  health.target = "/_tarn/health";
  EXPECT_TRUE(dispatcher_.RunsInline(health, dispatcher_.Plan(health), ""));
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto sts = Signed("sts", "POST", "/", body, {{"Content-Type", std::string(kForm)}});
  EXPECT_TRUE(dispatcher_.RunsInline(sts, dispatcher_.Plan(sts), body));
  // A handler not declared cpu_only (it may block on storage) goes to a worker.
  std::string iam = "Action=ListUsers&Version=2010-05-08";
  auto users = Signed("iam", "POST", "/", iam, {{"Content-Type", std::string(kForm)}});
  EXPECT_FALSE(dispatcher_.RunsInline(users, dispatcher_.Plan(users), iam));
  // Requests that can only end in an error response are computed right away.
  std::string unknown = "Action=NoSuchAction&Version=2011-06-15";
  auto bad = Signed("sts", "POST", "/", unknown, {{"Content-Type", std::string(kForm)}});
  EXPECT_TRUE(dispatcher_.RunsInline(bad, dispatcher_.Plan(bad), unknown));
}

TEST_F(DispatcherTest, AnErrorThatPrecedesAccessDeniedReplacesOnlyADenial) {
  int handled = 0;
  net::Operation head;
  head.name = "HeadBucket";
  head.iam_action = "s3:ListBucket";
  head.resources = [](const net::Call&) { return std::vector<std::string>{"arn:aws:s3:::b"}; };
  head.precedes_access_denied = [](const net::Call&) -> core::Status {
    return core::AwsError("NoSuchBucket", "The specified bucket does not exist", 404);
  };
  head.handler = [&handled](const net::Call&) -> core::Result<net::Output> {
    ++handled;
    return net::Output{};
  };
  registry_.Add("s3", std::move(head));

  net::HttpRequest anonymous;
  anonymous.method = "HEAD";
  anonymous.target = "/b";
  anonymous.request_id = "req-a";
  anonymous.headers.Add("Host", "127.0.0.1:4566");
  EXPECT_EQ(Run(anonymous, "").status, 404) << "an anonymous caller learns the bucket is missing";
  EXPECT_EQ(handled, 0);

  auto root = Signed("s3", "HEAD", "/b", "", {{"x-amz-content-sha256", core::Sha256Hex("")}});
  EXPECT_EQ(Run(root, "").status, 200) << "the root's own handler reports what is missing";
  EXPECT_EQ(handled, 1);
}

TEST_F(DispatcherTest, BeforeContinueChecksASignatureOverADeclaredPayloadHash) {
  const std::string hash = core::Sha256Hex("body");
  auto good = Signed("s3", "PUT", "/bucket/key", "body", {{"x-amz-content-sha256", hash}});
  EXPECT_FALSE(dispatcher_.BeforeContinue(good, dispatcher_.Plan(good)).has_value());
  auto bad = Signed("s3", "PUT", "/bucket/key", "body", {{"x-amz-content-sha256", hash}},
                    std::chrono::seconds(0), "not-the-secret");
  auto refused = dispatcher_.BeforeContinue(bad, dispatcher_.Plan(bad));
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "SignatureDoesNotMatch");
  EXPECT_EQ(refused->http_status, 403);
  // No declared hash: the signature covers the body's, so nothing can be decided before it.
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto sts = Signed("sts", "POST", "/", body, {{"Content-Type", std::string(kForm)}}, std::chrono::seconds(0),
                    "not-the-secret");
  EXPECT_FALSE(dispatcher_.BeforeContinue(sts, dispatcher_.Plan(sts)).has_value());
}

}  // namespace
}  // namespace tarn::gateway
