// Lambda's own log lines and stream names, byte for byte.
#include "lambda/log_lines.h"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "lambda/function_record.h"
#include "lambda/invoke_config.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {
namespace {

using namespace std::chrono_literals;

TEST(LogLines, Formats) {
  EXPECT_EQ(StartLine("abc", "$LATEST"), "START RequestId: abc Version: $LATEST");
  EXPECT_EQ(StartLine("abc", "3"), "START RequestId: abc Version: 3");
  EXPECT_EQ(EndLine("abc"), "END RequestId: abc");
  EXPECT_EQ(ReportLine("abc", 12345us, 128, 40, 0us, ""),
            "REPORT RequestId: abc\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t"
            "Max Memory Used: 40 MB");
  EXPECT_EQ(ReportLine("abc", 100us, 256, 50, 80120us, "timeout"),
            "REPORT RequestId: abc\tDuration: 0.10 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\t"
            "Max Memory Used: 50 MB\tInit Duration: 80.12 ms\tStatus: timeout");
  EXPECT_EQ(TimedOutText(3), "Task timed out after 3.00 seconds");
}

TEST(LogLines, StreamName) {
  core::TimePoint t = core::TimePoint(std::chrono::seconds(1715040000));  // 2024-05-07
  EXPECT_EQ(LogStreamName(t, "$LATEST", "0123456789abcdef0123456789abcdef"),
            "2024/05/07/[$LATEST]0123456789abcdef0123456789abcdef");
  EXPECT_EQ(LogStreamName(t, "12", "0123456789abcdef0123456789abcdef"),
            "2024/05/07/[12]0123456789abcdef0123456789abcdef");
}

TEST(FunctionRecord, LastModifiedAndArn) {
  core::TimePoint t = core::TimePoint(std::chrono::milliseconds(1569348993650));
  EXPECT_EQ(FormatLastModified(t), "2019-09-24T18:16:33.650+0000");
  EXPECT_EQ(FunctionArn("us-east-1", "000000000000", "f"),
            "arn:aws:lambda:us-east-1:000000000000:function:f");
}

TEST(FunctionName, AllForms) {
  EXPECT_EQ(ParseFunctionName("f").name, "f");
  EXPECT_EQ(ParseFunctionName("f:$LATEST").qualifier, "$LATEST");
  auto arn = ParseFunctionName("arn:aws:lambda:us-east-1:000000000000:function:f:7");
  EXPECT_EQ(arn.name, "f");
  EXPECT_EQ(arn.qualifier, "7");
  EXPECT_EQ(ParseFunctionName("000000000000:function:g").name, "g");
}

TEST(FunctionRecord, JsonRoundTrip) {
  FunctionRecord r;
  r.account_id = "000000000000";
  r.region = "us-east-1";
  r.name = "f";
  r.runtime = "python3.11";
  r.handler = "app.handler";
  r.environment["A"] = "1";
  r.reserved_concurrency = 2;
  auto back = FunctionRecord::FromJson(boost::json::serialize(r.ToJson()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->handler, "app.handler");
  EXPECT_EQ(back->reserved_concurrency, 2);
  auto c = back->Configuration();
  EXPECT_EQ(c.at("Environment").at("Variables").at("A"), "1");
  EXPECT_EQ(c.at("State"), "Active");
  EXPECT_FALSE(FunctionRecord::FromJson("not json").ok());
}

TEST(AliasRecord, RoutesByWeightAndRoundTrips) {
  AliasRecord a;
  a.account_id = "000000000000";
  a.region = "us-east-1";
  a.function_name = "f";
  a.name = "live";
  a.function_version = "1";
  a.weights["2"] = 0.25;
  EXPECT_EQ(a.Arn(), "arn:aws:lambda:us-east-1:000000000000:function:f:live");
  EXPECT_EQ(RouteVersion(a, 0.0), "2");
  EXPECT_EQ(RouteVersion(a, 0.2499), "2");
  EXPECT_EQ(RouteVersion(a, 0.25), "1");
  EXPECT_EQ(RouteVersion(a, 0.99), "1");
  EXPECT_TRUE(a.References("1"));
  EXPECT_TRUE(a.References("2"));
  EXPECT_FALSE(a.References("3"));
  auto back = AliasRecord::FromJson(boost::json::serialize(a.ToJson()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->weights.at("2"), 0.25);
  EXPECT_EQ(back->Configuration().at("RoutingConfig").at("AdditionalVersionWeights").at("2").as_double(),
            0.25);
  EXPECT_FALSE(AliasRecord::FromJson("[").ok());
  a.weights.clear();
  EXPECT_EQ(RouteVersion(a, 0.0), "1");
}

TEST(FunctionRecord, VersionsKeepTheirNumber) {
  FunctionRecord r;
  r.account_id = "000000000000";
  r.region = "us-east-1";
  r.name = "f";
  EXPECT_EQ(r.VersionArn(), "arn:aws:lambda:us-east-1:000000000000:function:f");
  r.version = "4";
  r.last_version = 0;
  EXPECT_EQ(r.VersionArn(), "arn:aws:lambda:us-east-1:000000000000:function:f:4");
  auto back = FunctionRecord::FromJson(boost::json::serialize(r.ToJson()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->version, "4");
  EXPECT_EQ(back->Configuration().at("Version"), "4");
  EXPECT_EQ(back->Configuration("live").at("FunctionArn"),
            "arn:aws:lambda:us-east-1:000000000000:function:f:live");
  // A record written before versions existed is $LATEST.
  auto old = FunctionRecord::FromJson(R"({"name":"f"})");
  ASSERT_TRUE(old.ok());
  EXPECT_TRUE(old->latest());
}

TEST(EventInvokeConfig, PutReplacesUpdateMerges) {
  EventInvokeConfig c;
  EXPECT_EQ(c.retries(), 2);
  EXPECT_EQ(c.max_age(), 21600);
  c.Apply(boost::json::parse(
              R"({"MaximumRetryAttempts": 0, "DestinationConfig": {"OnFailure": {"Destination": "arn:f"}}})")
              .as_object(),
          true);
  c.Apply(boost::json::parse(R"({"MaximumEventAgeInSeconds": 60})").as_object(), false);
  EXPECT_EQ(c.retries(), 0);
  EXPECT_EQ(c.max_age(), 60);
  EXPECT_EQ(c.on_failure, "arn:f");
  auto back = EventInvokeConfig::FromJson(c.ToJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(
      back->Configuration("arn:x:$LATEST"),
      boost::json::parse(R"({"LastModified": 0.0, "FunctionArn": "arn:x:$LATEST", "MaximumRetryAttempts": 0,
                "MaximumEventAgeInSeconds": 60, "DestinationConfig": {"OnSuccess": {},
                "OnFailure": {"Destination": "arn:f"}}})"));
  c.Apply(boost::json::parse(R"({"MaximumRetryAttempts": 1})").as_object(), true);
  EXPECT_EQ(c.on_failure, "");
  EXPECT_EQ(c.max_age(), 21600);
  EXPECT_FALSE(EventInvokeConfig::FromJson("nope").ok());
}

TEST(EventInvokeConfig, InvocationRecordShape) {
  InvocationOutcome o;
  o.request_id = "r-1";
  o.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST";
  o.condition = "RetriesExhausted";
  o.invoke_count = 3;
  o.request_payload = R"({"a": 1})";
  o.invoked = true;
  o.executed_version = "$LATEST";
  o.function_error = "Unhandled";
  o.response_payload = R"({"errorMessage": "x"})";
  auto record = boost::json::parse(RenderAsyncInvocationRecord(o, 1573755365568));
  EXPECT_EQ(record, boost::json::parse(R"({"version": "1.0", "timestamp": "2019-11-14T18:16:05.568Z",
      "requestContext": {"requestId": "r-1", "functionArn": "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST",
        "condition": "RetriesExhausted", "approximateInvokeCount": 3},
      "requestPayload": {"a": 1},
      "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
      "responsePayload": {"errorMessage": "x"}})"));
  o.invoked = false;
  o.condition = "EventAgeExceeded";
  o.request_payload = "not json";
  record = boost::json::parse(RenderAsyncInvocationRecord(o, 0));
  EXPECT_FALSE(record.as_object().contains("responseContext"));
  EXPECT_EQ(record.at("requestPayload"), "not json");
}

}  // namespace
}  // namespace tarn::lambda
