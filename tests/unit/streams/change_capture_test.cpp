// Capture through every DynamoDB write path and every StreamViewType: which writes record what, with
// which images, keys, sizes and sequence numbers; and the disable / re-enable / delete lifecycle.
#include <gtest/gtest.h>

#include "unit/streams/streams_test_util.h"

namespace tarn::streams {
namespace {

namespace json = boost::json;

class CaptureTest : public test_util::StreamsFixture, public ::testing::WithParamInterface<const char*> {};

std::string Names(const json::array& records) {
  std::string out;
  for (const auto& r : records) out += std::string(r.at("eventName").as_string()) + " ";
  return out;
}

TEST_P(CaptureTest, EveryWritePathRecordsPerViewType) {
  std::string view = GetParam();
  std::string arn = CreateStreamTable("student", view);
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}, "v": {"N": "1"}}})");  // INSERT
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}, "v": {"N": "1"}}})");  // same: none
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}, "v": {"N": "2"}}})");  // MODIFY
  Ok("UpdateItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET v = :v",
                       "ExpressionAttributeValues": {":v": {"N": "3"}}})");                   // MODIFY
  Ok("UpdateItem", R"({"TableName": "student", "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET v = :v",
                       "ExpressionAttributeValues": {":v": {"N": "3"}}})");                   // none
  Ok("UpdateItem", R"({"TableName": "student", "Key": {"id": {"S": "u"}}, "UpdateExpression": "SET v = :v",
                       "ExpressionAttributeValues": {":v": {"N": "9"}}})");                   // INSERT
  json::object conditional = json::parse(R"j({"TableName": "student", "Item": {"id": {"S": "a"}},
                                               "ConditionExpression": "attribute_not_exists(id)"})j")
                                 .as_object();
  EXPECT_EQ(Err("PutItem", conditional).code, "ConditionalCheckFailedException");    // none
  Ok("DeleteItem", R"({"TableName": "student", "Key": {"id": {"S": "missing"}}})");  // none
  Ok("DeleteItem", R"({"TableName": "student", "Key": {"id": {"S": "u"}}})");        // REMOVE
  Ok("BatchWriteItem", R"({"RequestItems": {"student": [
        {"PutRequest": {"Item": {"id": {"S": "b"}, "w": {"S": "x"}}}},
        {"DeleteRequest": {"Key": {"id": {"S": "a"}}}},
        {"DeleteRequest": {"Key": {"id": {"S": "nobody"}}}}]}})");                   // INSERT REMOVE

  json::array records = ReadAll(arn);
  EXPECT_EQ(Names(records), "INSERT MODIFY MODIFY INSERT REMOVE INSERT REMOVE ");
  bool new_image = view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES";
  bool old_image = view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES";
  std::string previous;
  for (const auto& r : records) {
    const json::object& rec = r.as_object();
    const json::object& d = rec.at("dynamodb").as_object();
    std::string name(rec.at("eventName").as_string());
    EXPECT_EQ(rec.at("eventVersion").as_string(), "1.1");
    EXPECT_EQ(rec.at("eventSource").as_string(), "aws:dynamodb");
    EXPECT_EQ(rec.at("awsRegion").as_string(), "us-east-1");
    EXPECT_EQ(rec.at("eventID").as_string().size(), 32u);
    EXPECT_EQ(d.at("StreamViewType").as_string(), view);
    EXPECT_EQ(d.at("Keys").as_object().size(), 1u);
    EXPECT_EQ(d.contains("NewImage"), new_image && name != "REMOVE") << json::serialize(r);
    EXPECT_EQ(d.contains("OldImage"), old_image && name != "INSERT") << json::serialize(r);
    EXPECT_EQ(d.at("ApproximateCreationDateTime").as_double(), 1440979200.0);
    EXPECT_GT(d.at("SizeBytes").as_int64(), 0);
    std::string seq(d.at("SequenceNumber").as_string());
    EXPECT_EQ(seq.size(), 21u);
    EXPECT_LT(previous, seq);  // same width, so string order is numeric order
    previous = seq;
  }
  if (view == "NEW_AND_OLD_IMAGES") {
    const auto& modify = records[1].at("dynamodb");
    EXPECT_EQ(json::serialize(modify.at("OldImage")), R"({"id":{"S":"a"},"v":{"N":"1"}})");
    EXPECT_EQ(json::serialize(modify.at("NewImage")), R"({"id":{"S":"a"},"v":{"N":"2"}})");
    // SizeBytes: keys ("id" + "a" = 3) + old (3 + "v" 1 + 1 digit 2 = 6) + new (6) = 15.
    EXPECT_EQ(modify.at("SizeBytes").as_int64(), 15);
  }
  if (view == "KEYS_ONLY") {
    EXPECT_EQ(records[0].at("dynamodb").at("SizeBytes").as_int64(), 3);
  }
}

INSTANTIATE_TEST_SUITE_P(ViewTypes, CaptureTest,
                         ::testing::Values("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"));

class LifecycleTest : public test_util::StreamsFixture {};

TEST_F(LifecycleTest, TablesWithoutStreamsRecordNothing) {
  Ok("CreateTable", R"({"TableName": "plain", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"})");
  Ok("PutItem", R"({"TableName": "plain", "Item": {"id": {"S": "a"}}})");
  EXPECT_EQ(Ok("ListStreams", "{}")["Streams"].as_array().size(), 0u);
}

TEST_F(LifecycleTest, DisableAndReenableGivesANewStream) {
  std::string first = CreateStreamTable("student", "NEW_IMAGE");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}}})");
  Ok("UpdateTable", R"({"TableName": "student", "StreamSpecification": {"StreamEnabled": false}})");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "b"}}})");  // no stream: not recorded
  auto t = Ok("UpdateTable", R"({"TableName": "student",
                "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}})");
  std::string second(t["TableDescription"].at("LatestStreamArn").as_string());
  EXPECT_NE(first, second);
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "c"}}})");
  auto old = Ok("DescribeStream", json::object{{"StreamArn", first}})["StreamDescription"].as_object();
  EXPECT_EQ(old.at("StreamStatus").as_string(), "DISABLED");
  EXPECT_TRUE(
      old.at("Shards").as_array()[0].at("SequenceNumberRange").as_object().contains("EndingSequenceNumber"));
  auto now = Ok("DescribeStream", json::object{{"StreamArn", second}})["StreamDescription"].as_object();
  EXPECT_EQ(now.at("StreamStatus").as_string(), "ENABLED");
  EXPECT_EQ(now.at("StreamViewType").as_string(), "KEYS_ONLY");
  EXPECT_EQ(json::serialize(now.at("KeySchema")), R"([{"AttributeName":"id","KeyType":"HASH"}])");
  json::array a = ReadAll(first);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at("dynamodb").at("Keys").at("id").at("S").as_string(), "a");
  json::array c = ReadAll(second);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].at("dynamodb").at("Keys").at("id").at("S").as_string(), "c");
  auto list = Ok("ListStreams", R"({"TableName": "student"})")["Streams"].as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("StreamArn").as_string(), first);

  Ok("DeleteTable", R"({"TableName": "student"})");
  EXPECT_EQ(Ok("DescribeStream", json::object{{"StreamArn", second}})["StreamDescription"]
                .at("StreamStatus")
                .as_string(),
            "DISABLED");
  EXPECT_EQ(ReadAll(second).size(), 1u);
}

TEST_F(LifecycleTest, RecordsAndSequenceNumbersSurviveARestart) {
  std::string arn = CreateStreamTable("student", "NEW_AND_OLD_IMAGES");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}}})");
  std::string before(ReadAll(arn)[0].at("dynamodb").at("SequenceNumber").as_string());
  Reopen();
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "b"}}})");
  json::array all = ReadAll(arn);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].at("dynamodb").at("SequenceNumber").as_string(), before);
  EXPECT_LT(before, std::string(all[1].at("dynamodb").at("SequenceNumber").as_string()));
}

TEST_F(LifecycleTest, SubscribersAreWokenOnAppend) {
  std::string arn = CreateStreamTable("student", "KEYS_ONLY");
  int woken = 0;
  uint64_t id = streams_->Subscribe(arn, [&] { ++woken; });
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}}})");
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "a"}}})");  // no change: no record
  EXPECT_EQ(woken, 1);
  streams_->Unsubscribe(id);
  Ok("PutItem", R"({"TableName": "student", "Item": {"id": {"S": "b"}}})");
  EXPECT_EQ(woken, 1);
}

}  // namespace
}  // namespace tarn::streams
