#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "protocol/codecs.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;

const ServiceModel& Service(std::string_view name) {
  const ServiceModel* s = ModelSet::Embedded().Find(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

net::HttpRequest FormPost() {
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers.Add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return r;
}

core::Result<json::object> Decode(std::string_view service, std::string_view op, std::string_view body) {
  const ServiceModel& s = Service(service);
  return QueryCodec().DecodeInput(s, *s.FindOperation(op), FormPost(), body);
}

TEST(QueryTest, IdentifiesActionFromFormBody) {
  const ServiceModel& sts = Service("sts");
  auto op = QueryCodec().Identify(sts, FormPost(), "Action=GetCallerIdentity&Version=2011-06-15");
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ((*op)->name(), "GetCallerIdentity");
}

TEST(QueryTest, IdentifiesActionFromGetQueryString) {
  const ServiceModel& iam = Service("iam");
  net::HttpRequest r;
  r.method = "GET";
  r.target = "/?Action=ListUsers&Version=2010-05-08&MaxItems=5";
  auto op = QueryCodec().Identify(iam, r, "");
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ((*op)->name(), "ListUsers");
  auto input = QueryCodec().DecodeInput(iam, **op, r, "");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(json::serialize(*input), R"({"MaxItems":5})");
}

TEST(QueryTest, UnknownActionIsInvalidAction) {
  auto op = QueryCodec().Identify(Service("iam"), FormPost(), "Action=FlyToTheMoon&Version=2010-05-08");
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().code, "InvalidAction");
  EXPECT_EQ(op.error().http_status, 400);
  EXPECT_EQ(op.error().message, "The action FlyToTheMoon is not valid for this web service.");
}

TEST(QueryTest, MissingActionIsMissingAction) {
  auto op = QueryCodec().Identify(Service("iam"), FormPost(), "Version=2010-05-08");
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().code, "MissingAction");
  EXPECT_EQ(op.error().http_status, 400);
}

TEST(QueryTest, DecodesCreateUserWithTagList) {
  auto input = Decode("iam", "CreateUser",
                      "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fteam%2F"
                      "&Tags.member.1.Key=env&Tags.member.1.Value=dev"
                      "&Tags.member.2.Key=owner&Tags.member.2.Value=a+b%26c");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["UserName"], "alice");
  EXPECT_EQ((*input)["Path"], "/team/");
  EXPECT_EQ(json::serialize((*input)["Tags"]),
            R"([{"Key":"env","Value":"dev"},{"Key":"owner","Value":"a b&c"}])");
}

TEST(QueryTest, ListItemsFollowNumericIndexOrderAndIgnoreBadIndices) {
  auto input =
      Decode("iam", "CreateUser",
             "UserName=u&Tags.member.10.Key=ten&Tags.member.10.Value=10&Tags.member.2.Key=two"
             "&Tags.member.2.Value=2&Tags.member.0.Key=zero&Tags.member.x.Key=x&Tags.member.01.Key=lead"
             "&Tags.member.99999999999999999999.Key=huge");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(json::serialize((*input)["Tags"]), R"([{"Key":"two","Value":"2"},{"Key":"ten","Value":"10"}])");
}

TEST(QueryTest, EmptyListIsEmptyArray) {
  // botocore serializes an empty list as "Name=" (serialize.py QuerySerializer._serialize_type_list).
  auto input = Decode("iam", "CreateUser", "UserName=u&Tags=");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(json::serialize((*input)["Tags"]), "[]");
}

TEST(QueryTest, DecodesMapEntries) {
  auto input =
      Decode("sns", "CreateTopic",
             "Action=CreateTopic&Name=t&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Hi"
             "&Attributes.entry.2.key=FifoTopic&Attributes.entry.2.value=false");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(json::serialize((*input)["Attributes"]), R"({"DisplayName":"Hi","FifoTopic":"false"})");
}

TEST(QueryTest, DecodesBotocoreSerializedSnsPublishAndPutMetricData) {
  // Bodies exactly as botocore 1.43's QuerySerializer writes them (urlencoded).
  auto publish =
      Decode("sns", "Publish",
             "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At"
             "&Message=hi&MessageAttributes.entry.1.Name=attr"
             "&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=v"
             "&MessageAttributes.entry.2.Name=bin&MessageAttributes.entry.2.Value.DataType=Binary"
             "&MessageAttributes.entry.2.Value.BinaryValue=AAE%3D");
  ASSERT_TRUE(publish.ok()) << publish.error().message;
  EXPECT_EQ(
      json::serialize((*publish)["MessageAttributes"]),
      R"({"attr":{"DataType":"String","StringValue":"v"},"bin":{"BinaryValue":"AAE=","DataType":"Binary"}})");
  auto metrics = Decode(
      "cloudwatch", "PutMetricData",
      "Action=PutMetricData&Version=2010-08-01&Namespace=n&MetricData.member.1.MetricName=m"
      "&MetricData.member.1.Value=1.5&MetricData.member.1.Timestamp=2024-01-02T03%3A04%3A05.500000Z"
      "&MetricData.member.1.Dimensions.member.1.Name=a&MetricData.member.1.Dimensions.member.1.Value=b");
  ASSERT_TRUE(metrics.ok()) << metrics.error().message;
  const json::object& datum = (*metrics)["MetricData"].as_array()[0].as_object();
  EXPECT_EQ(datum.at("MetricName"), "m");
  EXPECT_DOUBLE_EQ(datum.at("Value").as_double(), 1.5);
  EXPECT_DOUBLE_EQ(datum.at("Timestamp").to_number<double>(), 1704164645.5);
  EXPECT_EQ(json::serialize(datum.at("Dimensions")), R"([{"Name":"a","Value":"b"}])");
}

TEST(QueryTest, DecodesBooleansAndRejectsNonBooleans) {
  auto input = Decode("iam", "CreateLoginProfile", "UserName=u&Password=p&PasswordResetRequired=true");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["PasswordResetRequired"], true);
  auto bad = Decode("iam", "CreateLoginProfile", "UserName=u&Password=p&PasswordResetRequired=maybe");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "ValidationError");
  EXPECT_EQ(bad.error().http_status, 400);
}

TEST(QueryTest, DecodesTimestampsAsEpochSeconds) {
  auto input = Decode("cloudwatch", "GetMetricStatistics",
                      "Namespace=AWS%2FEC2&MetricName=CPU&Period=60&Statistics.member.1=Average"
                      "&StartTime=2024-01-02T03%3A04%3A05Z&EndTime=2024-01-02T03%3A04%3A05.500Z");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_DOUBLE_EQ((*input)["StartTime"].to_number<double>(), 1704164645.0);
  EXPECT_DOUBLE_EQ((*input)["EndTime"].to_number<double>(), 1704164645.5);
  EXPECT_EQ((*input)["Period"], 60);
  EXPECT_EQ(json::serialize((*input)["Statistics"]), R"(["Average"])");
  // botocore writes fractional seconds with microseconds (serialize.py _timestamp_iso8601).
  auto micro = Decode("cloudwatch", "GetMetricStatistics",
                      "Namespace=n&MetricName=m&Period=60&StartTime=2024-01-02T03%3A04%3A05.123456Z"
                      "&EndTime=1704164645");
  ASSERT_TRUE(micro.ok()) << micro.error().message;
  EXPECT_NEAR((*micro)["StartTime"].to_number<double>(), 1704164645.123, 0.0005);
  EXPECT_DOUBLE_EQ((*micro)["EndTime"].to_number<double>(), 1704164645.0);
}

TEST(QueryTest, BadNumbersAndTimestampsAreRejected) {
  for (std::string_view body :
       {"Namespace=n&MetricName=m&Period=abc&StartTime=2024-01-02T03:04:05Z&EndTime=2024-01-02T03:04:05Z",
        "Namespace=n&MetricName=m&Period=99999999999999999999&StartTime=2024-01-02T03:04:05Z"
        "&EndTime=2024-01-02T03:04:05Z",
        "Namespace=n&MetricName=m&Period=60&StartTime=yesterday&EndTime=2024-01-02T03:04:05Z"}) {
    auto input = Decode("cloudwatch", "GetMetricStatistics", body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().http_status, 400);
  }
}

TEST(QueryTest, MalformedPercentEncodingIsAnErrorNotACrash) {
  for (std::string_view body : {"Action=CreateUser&UserName=%", "Action=CreateUser&UserName=%zz",
                                "Action=CreateUser&User%4Name=x", "Action=CreateUser&UserName=%4"}) {
    auto input = Decode("iam", "CreateUser", body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().http_status, 400);
    auto op = QueryCodec().Identify(Service("iam"), FormPost(), body);
    EXPECT_FALSE(op.ok()) << body;
  }
}

TEST(QueryTest, OddFormShapesAreHandled) {
  // Stray separators, keys without values, deep dotted keys: no crash, unknown keys ignored.
  auto input =
      Decode("iam", "CreateUser", "&&UserName=u&=x&Unknown&Unknown.Deeper.Still=1&UserName.Extra=2&&");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["UserName"], "u");
  std::string deep = "UserName=u&A";
  for (int i = 0; i < 100; ++i) deep += ".A";
  deep += "=1";
  auto too_deep = Decode("iam", "CreateUser", deep);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().http_status, 400);
}

TEST(QueryTest, MissingRequiredMemberIsValidationErrorForIam) {
  // IAM answers ValidationError with Coral's message for a missing required parameter.
  auto input = Decode("iam", "CreateUser", "Action=CreateUser&Version=2010-05-08");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().code, "ValidationError");
  EXPECT_EQ(
      input.error().message,
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not "
      "be null");
}

TEST(QueryTest, MissingRequiredMemberIsMissingParameterForCloudWatch) {
  auto input = Decode("cloudwatch", "PutMetricData", "Namespace=n&MetricData.member.1.Value=1");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().code, "MissingParameter");
  EXPECT_EQ(input.error().message, "The parameter MetricData.member.1.MetricName is required.");
}

TEST(QueryTest, EncodesGetCallerIdentityResponse) {
  const ServiceModel& sts = Service("sts");
  net::Output output;
  output.json["UserId"] = "AIDAEXAMPLE";
  output.json["Account"] = "000000000000";
  output.json["Arn"] = "arn:aws:iam::000000000000:user/a<b";
  auto response =
      QueryCodec().EncodeOutput(sts, *sts.FindOperation("GetCallerIdentity"), std::move(output), "req-1");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.GetOr("Content-Type"), "text/xml");
  EXPECT_EQ(response.headers.GetOr("x-amzn-RequestId"), "req-1");
  EXPECT_EQ(response.body,
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            "<GetCallerIdentityResult><Account>000000000000</Account>"
            "<Arn>arn:aws:iam::000000000000:user/a&lt;b</Arn><UserId>AIDAEXAMPLE</UserId>"
            "</GetCallerIdentityResult>"
            "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
}

TEST(QueryTest, EncodesListUsersWithMemberListsTimestampsAndBooleans) {
  const ServiceModel& iam = Service("iam");
  net::Output output;
  json::object user;
  user["UserName"] = "alice";
  user["Path"] = "/";
  user["UserId"] = "AIDA1";
  user["Arn"] = "arn:aws:iam::000000000000:user/alice";
  user["CreateDate"] = 1704164645.0;
  output.json["Users"] = json::array{user};
  output.json["IsTruncated"] = false;
  auto response = QueryCodec().EncodeOutput(iam, *iam.FindOperation("ListUsers"), std::move(output), "r2");
  EXPECT_NE(response.body.find("<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                               "<ListUsersResult>"),
            std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("<Users><member>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<CreateDate>2024-01-02T03:04:05Z</CreateDate>"), std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("<IsTruncated>false</IsTruncated>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find(
                "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListUsersResponse>"),
            std::string::npos)
      << response.body;
}

TEST(QueryTest, OperationWithoutOutputHasNoResultElement) {
  const ServiceModel& iam = Service("iam");
  auto response = QueryCodec().EncodeOutput(iam, *iam.FindOperation("DeleteUser"), net::Output{}, "r3");
  EXPECT_EQ(response.body,
            "<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
            "<ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></DeleteUserResponse>");
}

TEST(QueryTest, ErrorXmlHasQueryShape) {
  const ServiceModel& iam = Service("iam");
  core::AwsError error("NoSuchEntity", "The user with name bob cannot be found.", 404);
  auto response = QueryCodec().EncodeError(iam, error, "r4");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.GetOr("Content-Type"), "text/xml");
  EXPECT_EQ(response.body,
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
            "<Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error>"
            "<RequestId>r4</RequestId></ErrorResponse>");
}

TEST(QueryTest, ServerErrorsAreReceiverAndModeledCodesAreUsed) {
  core::AwsError error("ServiceFailure", "boom", 500);
  error.sender_fault = false;
  auto response = QueryCodec().EncodeError(Service("iam"), error, "r5");
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(response.body.find("<Type>Receiver</Type>"), std::string::npos);
  // SNS's NotFoundException shape has error code "NotFound" on the wire.
  auto sns = QueryCodec().EncodeError(Service("sns"),
                                      core::AwsError("NotFoundException", "Topic does not exist", 404), "r6");
  EXPECT_NE(sns.body.find("<Code>NotFound</Code>"), std::string::npos) << sns.body;
}

}  // namespace
}  // namespace tarn::protocol
