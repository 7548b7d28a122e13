// Lambda's own log lines and stream names, byte for byte.
#include "lambda/log_lines.h"

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include "lambda/function_record.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {
namespace {

using namespace std::chrono_literals;

TEST(LogLines, Formats) {
  EXPECT_EQ(StartLine("abc"), "START RequestId: abc Version: $LATEST");
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
  EXPECT_EQ(LogStreamName(t, "0123456789abcdef0123456789abcdef"),
            "2024/05/07/[$LATEST]0123456789abcdef0123456789abcdef");
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

}  // namespace
}  // namespace tarn::lambda
