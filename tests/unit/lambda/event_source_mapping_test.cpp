// CreateEventSourceMapping/UpdateEventSourceMapping input validation with Lambda's error codes and
// messages, the EventSourceMappingConfiguration shape, and the stored record's round trip.
#include "lambda/event_source_mapping.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::lambda {
namespace {

namespace json = boost::json;

struct Case {
  const char* name;
  const char* input;  // Create input members (FunctionName/EventSourceArn are the caller's)
  const char* code;   // "" when valid
  const char* message;
};

const Case kCases[] = {
    {"defaults", R"({"StartingPosition":"LATEST"})", "", ""},
    {"no starting position", R"({})", "InvalidParameterValueException",
     "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member "
     "must "
     "not be null."},
    {"AT_TIMESTAMP", R"({"StartingPosition":"AT_TIMESTAMP","EventSourceArn":"arn:s"})",
     "InvalidParameterValueException", "Unsupported starting position for arn type: arn:s"},
    {"timestamp with LATEST", R"({"StartingPosition":"LATEST","StartingPositionTimestamp":1700000000})",
     "InvalidParameterValueException", "Timestamp only valid with StartingPosition AT_TIMESTAMP"},
    {"timestamp with TRIM_HORIZON", R"({"StartingPosition":"TRIM_HORIZON","StartingPositionTimestamp":1})",
     "InvalidParameterValueException", "Timestamp only valid with StartingPosition AT_TIMESTAMP"},
    {"unknown position", R"({"StartingPosition":"EARLIEST"})", "ValidationException",
     "1 validation error detected: Value 'EARLIEST' at 'startingPosition' failed to satisfy constraint: "
     "Member "
     "must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"},
    {"batch size 0", R"({"StartingPosition":"LATEST","BatchSize":0})", "ValidationException",
     "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have "
     "value "
     "greater than or equal to 1"},
    {"batch size 10001", R"({"StartingPosition":"LATEST","BatchSize":10001})", "ValidationException",
     "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must "
     "have "
     "value less than or equal to 10000"},
    {"batch size 10000", R"({"StartingPosition":"LATEST","BatchSize":10000})", "", ""},
    {"window 301", R"({"StartingPosition":"LATEST","MaximumBatchingWindowInSeconds":301})",
     "ValidationException", ""},
    {"retries -2", R"({"StartingPosition":"LATEST","MaximumRetryAttempts":-2})", "ValidationException", ""},
    {"retries 10001", R"({"StartingPosition":"LATEST","MaximumRetryAttempts":10001})", "ValidationException",
     ""},
    {"record age 59", R"({"StartingPosition":"LATEST","MaximumRecordAgeInSeconds":59})",
     "InvalidParameterValueException", ""},
    {"record age 60", R"({"StartingPosition":"LATEST","MaximumRecordAgeInSeconds":60})", "", ""},
    {"record age 604801", R"({"StartingPosition":"LATEST","MaximumRecordAgeInSeconds":604801})",
     "ValidationException", ""},
    {"parallelization 11", R"({"StartingPosition":"LATEST","ParallelizationFactor":11})",
     "ValidationException", ""},
    {"tumbling 901", R"({"StartingPosition":"LATEST","TumblingWindowInSeconds":901})", "ValidationException",
     ""},
    {"bad filter",
     R"({"StartingPosition":"LATEST","FilterCriteria":{"Filters":[{"Pattern":"{\"a\":\"b\"}"}]}})",
     "InvalidParameterValueException", "Invalid filter pattern definition."},
    {"filter not json", R"({"StartingPosition":"LATEST","FilterCriteria":{"Filters":[{"Pattern":"nope"}]}})",
     "InvalidParameterValueException", "Invalid filter pattern definition."},
    {"good filter",
     R"({"StartingPosition":"LATEST","FilterCriteria":{"Filters":[{"Pattern":"{\"eventName\":[\"INSERT\"]}"}]}})",
     "", ""},
    {"six filters",
     R"({"StartingPosition":"LATEST","FilterCriteria":{"Filters":[{"Pattern":"{}"},{"Pattern":"{}"},
        {"Pattern":"{}"},{"Pattern":"{}"},{"Pattern":"{}"},{"Pattern":"{}"}]}})",
     "InvalidParameterValueException", ""},
    {"s3 destination",
     R"({"StartingPosition":"LATEST","DestinationConfig":{"OnFailure":{"Destination":"arn:aws:s3:::b"}}})",
     "", ""},
    {"sns destination",
     R"({"StartingPosition":"LATEST","DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sns:us-east-1:000000000000:t"}}})",
     "", ""},
    {"bad destination",
     R"({"StartingPosition":"LATEST","DestinationConfig":{"OnFailure":{"Destination":"arn:aws:lambda:us-east-1:000000000000:function:f"}}})",
     "InvalidParameterValueException", ""},
    {"response types", R"({"StartingPosition":"LATEST","FunctionResponseTypes":["ReportBatchItemFailures"]})",
     "", ""},
    {"bad response type", R"({"StartingPosition":"LATEST","FunctionResponseTypes":["Other"]})",
     "ValidationException", ""},
};

class MappingInput : public testing::TestWithParam<Case> {};

TEST_P(MappingInput, Validates) {
  const Case& c = GetParam();
  EventSourceMapping m;
  auto status = ApplyMappingInput(json::parse(c.input).as_object(), true, m);
  if (std::string(c.code).empty()) {
    EXPECT_TRUE(status.ok()) << c.name << ": " << status.error().message;
    return;
  }
  ASSERT_FALSE(status.ok()) << c.name;
  EXPECT_EQ(status.error().code, c.code) << c.name;
  EXPECT_EQ(status.error().http_status, 400) << c.name;
  if (std::string(c.message).size()) {
    EXPECT_EQ(status.error().message, c.message) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, MappingInput, testing::ValuesIn(kCases));

TEST(EventSourceMapping, DefaultsAndConfiguration) {
  EventSourceMapping m;
  m.uuid = "u-1";
  m.account_id = "000000000000";
  m.region = "us-east-1";
  m.function_name = "f";
  m.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x";
  ASSERT_TRUE(
      ApplyMappingInput(json::parse(R"({"StartingPosition":"TRIM_HORIZON"})").as_object(), true, m).ok());
  auto c = m.Configuration("Creating");
  EXPECT_EQ(c.at("UUID"), "u-1");
  EXPECT_EQ(c.at("BatchSize"), 100);
  EXPECT_EQ(c.at("MaximumBatchingWindowInSeconds"), 0);
  EXPECT_EQ(c.at("ParallelizationFactor"), 1);
  EXPECT_EQ(c.at("StartingPosition"), "TRIM_HORIZON");
  EXPECT_EQ(c.at("State"), "Creating");
  EXPECT_EQ(c.at("MaximumRetryAttempts"), -1);
  EXPECT_EQ(c.at("MaximumRecordAgeInSeconds"), -1);
  EXPECT_EQ(c.at("BisectBatchOnFunctionError"), false);
  EXPECT_EQ(c.at("FunctionArn"), "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(c.at("EventSourceMappingArn"), "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:u-1");
  EXPECT_EQ(c.at("LastProcessingResult"), "No records processed");
  EXPECT_FALSE(c.contains("FilterCriteria"));
  EXPECT_EQ(m.StoredState(), "Enabled");
}

TEST(EventSourceMapping, UpdateKeepsWhatIsNotGiven) {
  EventSourceMapping m;
  ASSERT_TRUE(
      ApplyMappingInput(json::parse(R"({"StartingPosition":"LATEST","BatchSize":7})").as_object(), true, m)
          .ok());
  ASSERT_TRUE(ApplyMappingInput(json::parse(R"({"Enabled":false})").as_object(), false, m).ok());
  EXPECT_EQ(m.batch_size, 7);
  EXPECT_FALSE(m.enabled);
  EXPECT_EQ(m.StoredState(), "Disabled");
  // Update has no StartingPosition member: its absence is no error.
  EXPECT_EQ(m.starting_position, "LATEST");
}

TEST(EventSourceMapping, StoredRecordRoundTrip) {
  EventSourceMapping m;
  m.uuid = "u";
  m.account_id = "a";
  m.region = "r";
  m.function_name = "f";
  m.event_source_arn = "s";
  m.starting_position = "LATEST";
  m.batch_size = 5;
  m.maximum_batching_window = 2;
  m.filter_patterns = {R"({"a":["b"]})"};
  m.maximum_retry_attempts = 3;
  m.maximum_record_age = 120;
  m.bisect_batch_on_function_error = true;
  m.parallelization_factor = 4;
  m.tumbling_window = 30;
  m.report_batch_item_failures = true;
  m.on_failure_destination = "arn:aws:s3:::b";
  m.enabled = false;
  m.last_modified = 1700000000.5;
  auto back = EventSourceMapping::FromJson(json::serialize(m.ToJson()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(json::serialize(back->Configuration("x")), json::serialize(m.Configuration("x")));
  EXPECT_FALSE(back->enabled);
}

}  // namespace
}  // namespace tarn::lambda
