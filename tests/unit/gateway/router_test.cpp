// gateway::Router: service, protocol and operation from the request head, with the embedded
// botocore models. Requests are built by hand; only the credential scope matters for routing,
// so the signatures are dummies (the router never verifies).
#include "gateway/router.h"

#include <gtest/gtest.h>

namespace tarn::gateway {
namespace {

net::HttpRequest Request(std::string method, std::string target, std::string scope_service = "") {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.Add("Host", "127.0.0.1:4566");
  if (!scope_service.empty()) {
    r.headers.Add("Authorization",
                  "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/eu-west-1/" + scope_service +
                      "/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + std::string(64, '0'));
    r.headers.Add("X-Amz-Date", "20261125T120000Z");
  }
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  Router router_{protocol::ModelSet::Embedded()};
};

TEST_F(RouterTest, TarnEndpointsAreInternal) {
  EXPECT_EQ(router_.RouteRequest(Request("GET", "/_tarn/health")).kind, Route::Kind::kInternal);
  EXPECT_EQ(router_.RouteRequest(Request("GET", "/_tarn")).kind, Route::Kind::kInternal);
  // A bucket named like the prefix is not internal.
  EXPECT_NE(router_.RouteRequest(Request("GET", "/_tarnish/key", "s3")).kind, Route::Kind::kInternal);
}

TEST_F(RouterTest, JsonTargetSelectsServiceAndOperation) {
  auto r = Request("POST", "/", "dynamodb");
  r.headers.Add("X-Amz-Target", "DynamoDB_20120810.PutItem");
  Route route = router_.RouteRequest(r);
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "dynamodb");
  EXPECT_EQ(route.protocol, protocol::Protocol::kJson);
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "PutItem");
  EXPECT_EQ(route.dialect, auth::ErrorDialect::kJson);
}

TEST_F(RouterTest, StreamsShareTheSigningNameButNotTheTarget) {
  auto r = Request("POST", "/", "dynamodb");
  r.headers.Add("X-Amz-Target", "DynamoDBStreams_20120810.GetRecords");
  Route route = router_.RouteRequest(r);
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "dynamodbstreams");
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "GetRecords");
}

TEST_F(RouterTest, UnknownTargetOperationStillRoutesToTheService) {
  auto r = Request("POST", "/", "logs");
  r.headers.Add("X-Amz-Target", "Logs_20140328.NoSuchThing");
  Route route = router_.RouteRequest(r);
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "logs");
  EXPECT_EQ(route.operation, nullptr);  // the dispatcher answers UnknownOperationException
}

TEST_F(RouterTest, UnknownTargetPrefixIsUnknownService) {
  auto r = Request("POST", "/", "dynamodb");
  r.headers.Add("X-Amz-Target", "Nope_20991231.Thing");
  Route route = router_.RouteRequest(r);
  EXPECT_EQ(route.kind, Route::Kind::kUnknownService);
  EXPECT_EQ(route.unknown_service, "Nope_20991231");
}

TEST_F(RouterTest, QueryServiceFromScopeWithFormBody) {
  auto r = Request("POST", "/", "sts");
  r.headers.Add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  Route route = router_.RouteRequest(r);
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "sts");
  EXPECT_EQ(route.protocol, protocol::Protocol::kQuery);
  EXPECT_EQ(route.operation, nullptr);  // named by Action= in the body
  EXPECT_EQ(route.dialect, auth::ErrorDialect::kQuery);
}

TEST_F(RouterTest, QueryGetWithAction) {
  Route route = router_.RouteRequest(Request("GET", "/?Action=ListUsers&Version=2010-05-08", "iam"));
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "iam");
  EXPECT_EQ(route.protocol, protocol::Protocol::kQuery);
}

TEST_F(RouterTest, CloudWatchSigningNameIsMonitoring) {
  auto r = Request("POST", "/", "monitoring");
  r.headers.Add("Content-Type", "application/x-www-form-urlencoded");
  Route route = router_.RouteRequest(r);
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "cloudwatch");
  EXPECT_EQ(route.protocol, protocol::Protocol::kQuery);
}

TEST_F(RouterTest, RestJsonRouteFromMethodAndPath) {
  Route route = router_.RouteRequest(Request("GET", "/2015-03-31/functions/", "lambda"));
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "lambda");
  EXPECT_EQ(route.protocol, protocol::Protocol::kRestJson);
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "ListFunctions");

  route = router_.RouteRequest(Request("POST", "/2015-03-31/functions/my-fn/invocations", "lambda"));
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "Invoke");
}

TEST_F(RouterTest, RestXmlRouteForS3) {
  Route route = router_.RouteRequest(Request("PUT", "/bucket/a/b.txt", "s3"));
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "s3");
  EXPECT_EQ(route.protocol, protocol::Protocol::kRestXml);
  EXPECT_EQ(route.dialect, auth::ErrorDialect::kS3);
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "PutObject");
  EXPECT_TRUE(route.operation->streaming_input());

  route = router_.RouteRequest(Request("GET", "/bucket?list-type=2&prefix=a", "s3"));
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "ListObjectsV2");
}

TEST_F(RouterTest, UnsignedUntargetedRequestGoesToS3) {
  Route route = router_.RouteRequest(Request("GET", "/bucket/key"));
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "s3");
  ASSERT_NE(route.operation, nullptr);
  EXPECT_EQ(route.operation->name(), "GetObject");
}

TEST_F(RouterTest, PresignedCredentialScopeRoutes) {
  Route route = router_.RouteRequest(
      Request("GET",
              "/bucket/"
              "key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261125%2Fus-"
              "east-1%2Fs3%2Faws4_request&X-Amz-Date=20261125T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders="
              "host&X-Amz-Signature=00"));
  ASSERT_EQ(route.kind, Route::Kind::kService);
  EXPECT_EQ(route.service->name(), "s3");
}

TEST_F(RouterTest, UnknownScopeServiceIsUnknownService) {
  Route route = router_.RouteRequest(Request("POST", "/?Action=DescribeInstances", "ec2"));
  EXPECT_EQ(route.kind, Route::Kind::kUnknownService);
  EXPECT_EQ(route.unknown_service, "ec2");
  EXPECT_EQ(route.dialect, auth::ErrorDialect::kQuery);
}

}  // namespace
}  // namespace tarn::gateway
