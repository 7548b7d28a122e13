#include "core/arn.h"

#include <gtest/gtest.h>

namespace tarn::core {
namespace {

TEST(ArnTest, ParsesTheSixParts) {
  struct Case {
    const char* text;
    const char* partition;
    const char* service;
    const char* region;
    const char* account;
    const char* resource;
  };
  const Case cases[] = {
      {"arn:aws:iam::000000000000:user/app", "aws", "iam", "", "000000000000", "user/app"},
      {"arn:aws:iam::000000000000:root", "aws", "iam", "", "000000000000", "root"},
      {"arn:aws:s3:::bucket", "aws", "s3", "", "", "bucket"},
      {"arn:aws:s3:::bucket/key:with:colons", "aws", "s3", "", "", "bucket/key:with:colons"},
      {"arn:aws:dynamodb:us-east-1:000000000000:table/student/stream/2015-05-11T21:21:33.291", "aws",
       "dynamodb", "us-east-1", "000000000000", "table/student/stream/2015-05-11T21:21:33.291"},
      {"arn:aws:lambda:eu-west-1:123456789012:function:fn:PROD", "aws", "lambda", "eu-west-1", "123456789012",
       "function:fn:PROD"},
      {"arn:aws-cn:sns:cn-north-1:123456789012:topic", "aws-cn", "sns", "cn-north-1", "123456789012",
       "topic"},
  };
  for (const auto& c : cases) {
    auto arn = Arn::Parse(c.text);
    ASSERT_TRUE(arn.has_value()) << c.text;
    EXPECT_EQ(arn->partition, c.partition);
    EXPECT_EQ(arn->service, c.service);
    EXPECT_EQ(arn->region, c.region);
    EXPECT_EQ(arn->account_id, c.account);
    EXPECT_EQ(arn->resource, c.resource);
    EXPECT_EQ(arn->ToString(), c.text);  // round trip
  }
}

TEST(ArnTest, MalformedIsRejected) {
  for (const char* bad :
       {"", "arn", "arn:aws", "arn:aws:s3", "arn:aws:s3::", "arn:aws:s3:::", "xarn:aws:s3:::b",
        "ARN:aws:s3:::b", "arn::s3:::b", "arn:aws::::b", "bucket", ":aws:s3:::b"})
    EXPECT_FALSE(Arn::Parse(bad).has_value()) << bad;
}

TEST(ArnTest, MakeArn) {
  EXPECT_EQ(MakeArn("dynamodb", "us-east-1", "000000000000", "table/student"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/student");
  EXPECT_EQ(MakeArn("s3", "", "", "bucket"), "arn:aws:s3:::bucket");
  Arn arn;
  arn.service = "iam";
  arn.account_id = "000000000000";
  arn.resource = "role/r";
  EXPECT_EQ(arn.ToString(), "arn:aws:iam::000000000000:role/r");
}

}  // namespace
}  // namespace tarn::core
