#include "protocol/validate.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::protocol {
namespace {

namespace json = boost::json;

core::Status Check(std::string_view service, std::string_view operation, std::string_view input) {
  const ServiceModel* s = ModelSet::Embedded().Find(service);
  EXPECT_NE(s, nullptr);
  const OperationModel* op = s->FindOperation(operation);
  EXPECT_NE(op, nullptr);
  return Validate(*s, *op, json::parse(input).as_object());
}

TEST(ValidateTest, AcceptsValidInput) {
  EXPECT_TRUE(Check("dynamodb", "DescribeTable", R"({"TableName":"users"})").ok());
  EXPECT_TRUE(Check("iam", "CreateUser", R"({"UserName":"alice","Tags":[{"Key":"k","Value":"v"}]})").ok());
}

TEST(ValidateTest, RequiredMemberMissing) {
  auto status = Check("dynamodb", "GetItem", R"({"Key":{}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ValidationException");
  EXPECT_EQ(status.error().http_status, 400);
  EXPECT_EQ(
      status.error().message,
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must "
      "not be null");
}

TEST(ValidateTest, S3LocationConstraintOutsideTheModelIsInvalidLocationConstraint) {
  // us-east-1 is the handler's to judge: a regional endpoint calls it incompatible first.
  EXPECT_TRUE(Check("s3", "CreateBucket",
                    R"({"Bucket":"b","CreateBucketConfiguration":{"LocationConstraint":"us-east-1"}})")
                  .ok());
  for (std::string_view region : {"xx-nowhere-1"}) {
    auto status = Check("s3", "CreateBucket",
                        std::string(R"({"Bucket":"b","CreateBucketConfiguration":{"LocationConstraint":")") +
                            std::string(region) + "\"}}");
    ASSERT_FALSE(status.ok()) << region;
    EXPECT_EQ(status.error().code, "InvalidLocationConstraint");
    EXPECT_EQ(status.error().message, "The specified location-constraint is not valid");
    EXPECT_EQ(status.error().http_status, 400);
    EXPECT_EQ(status.error().extra.at("LocationConstraint").as_string(), region);
  }
  EXPECT_TRUE(Check("s3", "CreateBucket",
                    R"({"Bucket":"b","CreateBucketConfiguration":{"LocationConstraint":"eu-west-1"}})")
                  .ok());
}

TEST(ValidateTest, S3BodyOutsideTheSchemaIsMalformedXml) {
  for (auto [operation, input] : {
           std::pair{"PutBucketAccelerateConfiguration",
                     R"({"Bucket":"b","AccelerateConfiguration":{"Status":"enabled"}})"},
           std::pair{"PutBucketEncryption", R"({"Bucket":"b","ServerSideEncryptionConfiguration":{}})"},
       }) {
    auto status = Check("s3", operation, input);
    ASSERT_FALSE(status.ok()) << operation;
    EXPECT_EQ(status.error().code, "MalformedXML") << operation;
    EXPECT_EQ(status.error().http_status, 400);
  }
  // Outside the body (a header, the query) it stays InvalidArgument.
  auto header = Check("s3", "PutObject", R"({"Bucket":"b","Key":"k","ServerSideEncryption":"rot13"})");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code, "InvalidArgument");
}

TEST(ValidateTest, S3EncodingTypeOutsideTheModelIsInvalidEncodingMethod) {
  for (std::string_view operation : {"ListObjects", "ListObjectsV2", "ListMultipartUploads"}) {
    for (std::string_view value : {"value", ""}) {
      auto status = Check("s3", operation,
                          std::string(R"({"Bucket":"b","EncodingType":")") + std::string(value) + "\"}");
      ASSERT_FALSE(status.ok()) << operation << " " << value;
      EXPECT_EQ(status.error().code, "InvalidArgument");
      EXPECT_EQ(status.error().message, "Invalid Encoding Method specified in Request");
      EXPECT_EQ(status.error().extra.at("ArgumentName").as_string(), "encoding-type");
      EXPECT_EQ(status.error().extra.at("ArgumentValue").as_string(), value);
    }
  }
  EXPECT_TRUE(Check("s3", "ListObjectsV2", R"({"Bucket":"b","EncodingType":"url"})").ok());
}

TEST(ValidateTest, S3ObjectAttributesInS3sWords) {
  auto unknown =
      Check("s3", "GetObjectAttributes", R"({"Bucket":"b","Key":"k","ObjectAttributes":["ETag","Size"]})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidArgument");
  EXPECT_EQ(unknown.error().message, "Invalid attribute name specified.");
  EXPECT_EQ(unknown.error().http_status, 400);
  EXPECT_EQ(unknown.error().extra.at("ArgumentName").as_string(), "x-amz-object-attributes");
  EXPECT_EQ(unknown.error().extra.at("ArgumentValue").as_string(), "Size");
  auto missing = Check("s3", "GetObjectAttributes", R"({"Bucket":"b","Key":"k"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidRequest");
  EXPECT_EQ(missing.error().message,
            "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing "
            "or empty");
  auto empty = Check("s3", "GetObjectAttributes", R"({"Bucket":"b","Key":"k","ObjectAttributes":[""]})");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "InvalidRequest");
  EXPECT_TRUE(
      Check("s3", "GetObjectAttributes", R"({"Bucket":"b","Key":"k","ObjectAttributes":["ETag"]})").ok());
}

TEST(ValidateTest, NullCountsAsMissing) {
  auto status = Check("dynamodb", "GetItem", R"({"TableName":null,"Key":{}})");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("Value null at 'tableName'"), std::string::npos);
}

TEST(ValidateTest, DynamoDbTableOperationsNameAMissingTableNameFirst) {
  // dynalite's and nubo-db/dynamodb-conformance's tests, run against AWS: before the other members.
  for (const char* operation : {"CreateTable", "DescribeTable", "DeleteTable", "UpdateTable"}) {
    auto status = Check("dynamodb", operation, R"({"TableName":null})");
    ASSERT_FALSE(status.ok()) << operation;
    EXPECT_EQ(status.error().message,
              "The parameter 'TableName' is required but was not present in the request")
        << operation;
  }
  EXPECT_EQ(Check("dynamodb", "CreateTable", "{}").error().message,
            "The parameter 'TableName' is required but was not present in the request");
}

TEST(ValidateTest, StringLength) {
  auto status = Check("dynamodb", "DescribeTable", R"({"TableName":""})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(
      status.error().message,
      "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have "
      "length greater than or equal to 1");
  status = Check("iam", "CreateUser", "{\"UserName\":\"" + std::string(65, 'a') + "\"}");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("Member must have length less than or equal to 64"),
            std::string::npos);
}

TEST(ValidateTest, LengthCountsUtf16UnitsNotBytes) {
  // 64 two-byte characters are 64 UTF-16 units: within userNameType's max 64 by length (the
  // pattern [\w+=,.@-]+ rejects them, but not the length constraint).
  std::string name;
  for (int i = 0; i < 64; ++i) name += "\xc3\xa9";
  auto status = Check("iam", "CreateUser", "{\"UserName\":\"" + name + "\"}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message.find("length less than"), std::string::npos);
}

TEST(ValidateTest, PatternWithIamDialect) {
  auto status = Check("iam", "CreateUser", R"({"UserName":"a b"})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ValidationError");
  EXPECT_EQ(
      status.error().message,
      "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must "
      "satisfy regular expression pattern: [\\w+=,.@-]+");
}

TEST(ValidateTest, EnumInNestedListPath) {
  auto status = Check("dynamodb", "CreateTable",
                      R"({"TableName":"t","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                          "KeySchema":[{"AttributeName":"id","KeyType":"BAD"}],"BillingMode":"PAY_PER_REQUEST"})");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("Value 'BAD' at 'keySchema.1.member.keyType' failed to satisfy "
                                        "constraint: Member must satisfy enum value set: [HASH, RANGE]"),
            std::string::npos)
      << status.error().message;
}

TEST(ValidateTest, NumericRange) {
  auto status = Check("dynamodb", "ListTables", R"({"Limit":0})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(
      status.error().message,
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
      "value greater than or equal to 1");
  // Query's and Scan's validator names the member as sent, without its value.
  status = Check("dynamodb", "Scan", R"({"TableName":"users","Limit":0,"Segment":-1,"TotalSegments":4})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(
      status.error().message,
      "2 validation errors detected: Value at 'Limit' failed to satisfy constraint: Member must have value "
      "greater than or equal to 1; Value at 'Segment' failed to satisfy constraint: Member must have value "
      "greater than or equal to 0");
}

TEST(ValidateTest, QueryConditionalOperatorJoiningFilters) {
  // Joining two QueryFilter conditions, an unknown operator is reported alone and bare.
  const char* two =
      R"({"TableName":"users","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},
      "QueryFilter":{"b":{"ComparisonOperator":"NULL"},"c":{"ComparisonOperator":"NULL"}},
      "ConditionalOperator":"XOR","Select":"BOGUS"})";
  auto status = Check("dynamodb", "Query", two);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ValidationException");
  EXPECT_EQ(status.error().message,
            "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]");
  // With one condition, the model's validator reports it with the rest.
  status =
      Check("dynamodb", "Query", R"({"TableName":"users","QueryFilter":{"b":{"ComparisonOperator":"NULL"}},
      "ConditionalOperator":"XOR","Select":"BOGUS"})");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("2 validation errors detected"), std::string::npos)
      << status.error().message;
  // A known operator is no error of the validator's.
  status =
      Check("dynamodb", "Query", R"({"TableName":"users","QueryFilter":{"b":{"ComparisonOperator":"NULL"},
      "c":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"OR"})");
  EXPECT_TRUE(status.ok());
}

TEST(ValidateTest, ListSize) {
  json::array tags;
  for (int i = 0; i < 51; ++i) tags.push_back(json::object{{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  json::object input{{"UserName", "alice"}, {"Tags", tags}};
  const ServiceModel* iam = ModelSet::Embedded().Find("iam");
  auto status = Validate(*iam, *iam->FindOperation("CreateUser"), input);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(
      status.error().message.find("at 'tags' failed to satisfy constraint: Member must have length less "
                                  "than or equal to 50"),
      std::string::npos);
}

TEST(ValidateTest, SeveralErrorsAreCountedAndJoined) {
  auto status = Check("iam", "CreateUser", R"({"UserName":"a b","Tags":[{"Key":"k"}]})");
  ASSERT_FALSE(status.ok());
  const std::string& m = status.error().message;
  EXPECT_EQ(m.rfind("2 validation errors detected: ", 0), 0u) << m;
  EXPECT_NE(
      m.find("Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("; "), std::string::npos);
}

TEST(ValidateTest, ServiceDialects) {
  EXPECT_EQ(Check("sns", "SetTopicAttributes", "{}").error().code, "InvalidParameter");
  EXPECT_EQ(Check("logs", "CreateLogGroup", "{}").error().code, "InvalidParameterException");
  EXPECT_EQ(Check("sts", "AssumeRole", "{}").error().code, "ValidationError");
  auto cw = Check("cloudwatch", "PutMetricData", R"({"Namespace":"ns","MetricData":[{"Value":1.0}]})");
  ASSERT_FALSE(cw.ok());
  EXPECT_EQ(cw.error().code, "MissingParameter");
  EXPECT_EQ(cw.error().message, "The parameter MetricData.member.1.MetricName is required.");
}

TEST(ValidateTest, WrongJsonTypesAreLeftToTheCodec) {
  // Type errors are the codecs' job (SerializationException); validation must not crash on them.
  EXPECT_TRUE(Check("dynamodb", "Scan", R"({"TableName":"users","Limit":"x"})").ok());
}

}  // namespace
}  // namespace tarn::protocol
