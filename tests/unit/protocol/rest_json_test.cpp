#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "protocol/codecs.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;

const ServiceModel& Lambda() {
  const ServiceModel* s = ModelSet::Embedded().Find("lambda");
  EXPECT_NE(s, nullptr);
  return *s;
}

net::HttpRequest Request(std::string method, std::string target) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  return r;
}

core::Result<const OperationModel*> Identify(const net::HttpRequest& r) {
  return RestJsonCodec().Identify(Lambda(), r, "");
}

core::Result<json::object> Decode(const net::HttpRequest& r, std::string_view body) {
  auto op = Identify(r);
  if (!op.ok()) return std::move(op).error();
  return RestJsonCodec().DecodeInput(Lambda(), **op, r, body);
}

TEST(RestJsonTest, RoutesLambdaOperations) {
  struct Case {
    const char* method;
    const char* target;
    const char* operation;
  };
  for (const Case& c :
       {Case{"GET", "/2015-03-31/functions/my-fn", "GetFunction"},
        Case{"GET", "/2015-03-31/functions/", "ListFunctions"},
        Case{"GET", "/2015-03-31/functions", "ListFunctions"},
        Case{"POST", "/2015-03-31/functions", "CreateFunction"},
        Case{"POST", "/2015-03-31/functions/my-fn/invocations", "Invoke"},
        Case{"DELETE", "/2015-03-31/functions/my-fn", "DeleteFunction"},
        Case{"GET", "/2015-03-31/functions/my-fn/configuration", "GetFunctionConfiguration"}}) {
    auto op = Identify(Request(c.method, c.target));
    ASSERT_TRUE(op.ok()) << c.method << " " << c.target << ": " << op.error().message;
    EXPECT_EQ((*op)->name(), c.operation) << c.method << " " << c.target;
  }
}

TEST(RestJsonTest, UnknownRouteIsUnknownOperation) {
  for (auto [method, target] : {std::pair{"GET", "/nope"}, std::pair{"PATCH", "/2015-03-31/functions/f"},
                                std::pair{"GET", "/2015-03-31/functions/f/invocations/extra/deep"}}) {
    auto op = Identify(Request(method, target));
    ASSERT_FALSE(op.ok()) << target;
    EXPECT_EQ(op.error().code, "UnknownOperationException");
    EXPECT_EQ(op.error().http_status, 404);
  }
}

TEST(RestJsonTest, DecodesGetFunctionLabelAndQuery) {
  auto input =
      Decode(Request("GET",
                     "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%"
                     "3Amy-fn?Qualifier=%24LATEST"),
             "");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["FunctionName"], "arn:aws:lambda:us-east-1:000000000000:function:my-fn");
  EXPECT_EQ((*input)["Qualifier"], "$LATEST");
}

TEST(RestJsonTest, DecodesListFunctionsQueryMembers) {
  auto input =
      Decode(Request("GET", "/2015-03-31/functions/?MaxItems=10&Marker=abc&FunctionVersion=ALL"), "");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["MaxItems"], 10);
  EXPECT_EQ((*input)["Marker"], "abc");
  EXPECT_EQ((*input)["FunctionVersion"], "ALL");
}

TEST(RestJsonTest, BadQueryIntegerIsRejected) {
  auto input = Decode(Request("GET", "/2015-03-31/functions/?MaxItems=ten"), "");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().http_status, 400);
  auto huge = Decode(Request("GET", "/2015-03-31/functions/?MaxItems=99999999999999999999999"), "");
  ASSERT_FALSE(huge.ok());
  auto escape = Decode(Request("GET", "/2015-03-31/functions/?Marker=%G1"), "");
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.error().http_status, 400);
}

TEST(RestJsonTest, DecodesInvokeHeadersAndBlobPayload) {
  net::HttpRequest r = Request("POST", "/2015-03-31/functions/my-fn/invocations?Qualifier=1");
  r.headers.Add("X-Amz-Invocation-Type", "Event");
  r.headers.Add("X-Amz-Log-Type", "Tail");
  auto input = Decode(r, R"({"hello":"world"})");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["FunctionName"], "my-fn");
  EXPECT_EQ((*input)["Qualifier"], "1");
  EXPECT_EQ((*input)["InvocationType"], "Event");
  EXPECT_EQ((*input)["LogType"], "Tail");
  EXPECT_EQ((*input)["Payload"], "eyJoZWxsbyI6IndvcmxkIn0=");  // base64 of the raw body
}

TEST(RestJsonTest, DecodesCreateFunctionBody) {
  auto input = Decode(Request("POST", "/2015-03-31/functions"),
                      R"({"FunctionName":"f","Runtime":"python3.12","Role":"arn:aws:iam::000000000000:role/r",
                          "Handler":"app.handler","Code":{"ZipFile":"UEsDBA=="},"Timeout":30,
                          "Environment":{"Variables":{"AB":"1"}},"Publish":true,"Bogus":{"x":1}})");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["Timeout"], 30);
  EXPECT_EQ((*input)["Publish"], true);
  EXPECT_EQ(json::serialize((*input)["Environment"]), R"({"Variables":{"AB":"1"}})");
  EXPECT_FALSE(input->contains("Bogus"));
}

TEST(RestJsonTest, MissingRequiredIsValidationException) {
  auto input = Decode(Request("POST", "/2015-03-31/functions"), R"({"FunctionName":"f"})");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().code, "ValidationException");
  EXPECT_NE(input.error().message.find(
                "Value null at 'role' failed to satisfy constraint: Member must not be null"),
            std::string::npos)
      << input.error().message;
}

TEST(RestJsonTest, MalformedJsonIsRejected) {
  std::string deep(200, '[');
  for (std::string_view body :
       {std::string_view("{"), std::string_view("{\"FunctionName\":"), std::string_view("nope"),
        std::string_view("[1,2]"), std::string_view("\"str\""), std::string_view(deep)}) {
    auto input = Decode(Request("POST", "/2015-03-31/functions"), body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().code, "InvalidRequestContentException") << body;
    EXPECT_EQ(input.error().http_status, 400);
  }
}

TEST(RestJsonTest, WrongJsonTypesAreRejected) {
  for (std::string_view body :
       {R"({"FunctionName":1,"Role":"r","Code":{}})",
        R"({"FunctionName":"f","Role":"r","Code":{},"Timeout":"30"})",
        R"({"FunctionName":"f","Role":"r","Code":{},"Timeout":1e999})",
        R"({"FunctionName":"f","Role":"r","Code":[]})",
        R"({"FunctionName":"f","Role":"r","Code":{},"Publish":1})",
        R"({"FunctionName":"f","Role":"r","Code":{},"Timeout":99999999999999999999999})",
        R"({"FunctionName":"f","Role":"r","Code":{},"Timeout":99999999999})",
        R"({"FunctionName":"f","Role":"r","Code":{},"Timeout":1.5})"}) {
    auto input = Decode(Request("POST", "/2015-03-31/functions"), body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().http_status, 400) << body;
  }
}

TEST(RestJsonTest, EncodesOutputWithStatusHeadersAndBody) {
  const ServiceModel& lambda = Lambda();
  net::Output output;
  output.json["StatusCode"] = 202;
  output.json["ExecutedVersion"] = "$LATEST";
  output.json["Payload"] = "eyJvayI6dHJ1ZX0=";
  auto response =
      RestJsonCodec().EncodeOutput(lambda, *lambda.FindOperation("Invoke"), std::move(output), "req-9");
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.headers.GetOr("X-Amz-Executed-Version"), "$LATEST");
  EXPECT_EQ(response.headers.GetOr("x-amzn-RequestId"), "req-9");
  EXPECT_EQ(response.body, R"({"ok":true})");

  net::Output created;
  created.json["FunctionName"] = "f";
  created.json["Timeout"] = 3;
  auto c =
      RestJsonCodec().EncodeOutput(lambda, *lambda.FindOperation("CreateFunction"), std::move(created), "r");
  EXPECT_EQ(c.status, 201);
  EXPECT_EQ(c.body, R"({"FunctionName":"f","Timeout":3})");
}

TEST(RestJsonTest, ErrorCarriesErrorTypeHeaderAndBody) {
  core::AwsError error("ResourceNotFoundException",
                       "Function not found: arn:aws:lambda:us-east-1:1:function:f", 404);
  auto response = RestJsonCodec().EncodeError(Lambda(), error, "req-e");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.GetOr("X-Amzn-ErrorType"), "ResourceNotFoundException");
  EXPECT_EQ(response.headers.GetOr("x-amzn-RequestId"), "req-e");
  EXPECT_EQ(response.headers.GetOr("Content-Type"), "application/json");
  // Lambda's modeled exceptions spell it "Message" (botocore's RestJSONParser reads either).
  EXPECT_EQ(response.body,
            R"({"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:1:function:f"})");
  core::AwsError server("ServiceException", "oops", 500);
  server.sender_fault = false;
  EXPECT_EQ(RestJsonCodec().EncodeError(Lambda(), server, "r").body,
            R"({"Type":"Service","Message":"oops"})");
}

}  // namespace
}  // namespace tarn::protocol
