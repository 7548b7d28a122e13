// The delivery core of event source mappings without processes: the event's bytes, the retry/bisect
// state machine driven by a scripted fake function, partial batch responses, record age, and the
// on-failure invocation record with its S3 key.
#include "lambda/esm_delivery.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

namespace tarn::lambda {
namespace {

namespace json = boost::json;

std::string RecordJson(uint64_t sequence) {
  return R"({"eventID":"e)" + std::to_string(sequence) +
         R"(","eventName":"INSERT","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",)"
         R"("dynamodb":{"ApproximateCreationDateTime":1700000000,"Keys":{"id":{"S":")" +
         std::to_string(sequence) + R"("}},"SequenceNumber":")" + streams::FormatSequenceNumber(sequence) +
         R"(","SizeBytes":10,"StreamViewType":"KEYS_ONLY"}})";
}

std::vector<streams::ConsumedRecord> Records(uint64_t first, uint64_t count, int64_t created_ms = 1000) {
  std::vector<streams::ConsumedRecord> out;
  for (uint64_t s = first; s < first + count; ++s) out.push_back({s, created_ms, RecordJson(s)});
  return out;
}

// A function scripted per call, recording what it was given.
struct Harness {
  std::vector<std::vector<uint64_t>> calls;
  std::vector<DiscardedBatch> discarded;
  std::vector<std::vector<uint64_t>> discarded_sequences;
  int waits = 0;
  int max_waits = 1000;
  int64_t now = 2000;
  std::function<DeliveryAttempt(const std::vector<uint64_t>&)> behave;

  DeliveryCallbacks Callbacks() {
    DeliveryCallbacks c;
    c.invoke = [this](std::span<const streams::ConsumedRecord> part) {
      std::vector<uint64_t> seqs;
      for (const auto& r : part) seqs.push_back(r.sequence);
      calls.push_back(seqs);
      return behave(seqs);
    };
    c.discard = [this](const DiscardedBatch& batch) {
      discarded.push_back(batch);
      std::vector<uint64_t> seqs;
      for (const auto& r : batch.records) seqs.push_back(r.sequence);
      discarded_sequences.push_back(seqs);
    };
    c.wait = [this](std::chrono::milliseconds) { return ++waits <= max_waits; };
    c.now_ms = [this] { return now; };
    return c;
  }
};

DeliveryAttempt Ok(std::string payload = "null") { return {true, "", std::move(payload), "req", ""}; }
DeliveryAttempt Failed() { return {true, "Unhandled", R"({"errorMessage":"boom"})", "req", ""}; }

TEST(EsmDelivery, RendersTheLambdaEventByteForByte) {
  auto records = Records(1, 2);
  std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000";
  std::string event = RenderStreamEvent(records, arn);
  std::string one = RecordJson(1), two = RecordJson(2);
  EXPECT_EQ(event, R"({"Records":[)" + one.substr(0, one.size() - 1) + R"(,"eventSourceARN":")" + arn +
                       R"("},)" + two.substr(0, two.size() - 1) + R"(,"eventSourceARN":")" + arn + R"("}]})");
  auto parsed = json::parse(event).as_object();
  const auto& first = parsed.at("Records").as_array().at(0).as_object();
  std::vector<std::string> keys;
  for (const auto& [k, v] : first) keys.emplace_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"eventID", "eventName", "eventVersion", "eventSource",
                                            "awsRegion", "dynamodb", "eventSourceARN"}));
}

TEST(EsmDelivery, ATtlDeletionCarriesUserIdentityAsLambdaSpellsIt) {
  auto records = Records(1, 1);
  std::string& r = records[0].json;
  r.insert(r.size() - 1, R"(,"userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"})");
  auto parsed = json::parse(RenderStreamEvent(records, "arn:s")).as_object();
  const auto& record = parsed.at("Records").as_array().at(0).as_object();
  EXPECT_EQ(json::serialize(record.at("userIdentity")),
            R"({"type":"Service","principalId":"dynamodb.amazonaws.com"})");
  EXPECT_EQ(record.at("eventSourceARN").as_string(), "arn:s");
}

TEST(EsmDelivery, SuccessOnTheFirstInvocation) {
  Harness h;
  h.behave = [](const auto&) { return Ok(); };
  auto records = Records(1, 3);
  auto outcome = DeliverBatch(records, {}, h.Callbacks());
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.result, "OK");
  ASSERT_EQ(h.calls.size(), 1u);
  EXPECT_EQ(h.calls[0], (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_TRUE(h.discarded.empty());
}

TEST(EsmDelivery, RetriesThenDiscardsWithoutBisect) {
  Harness h;
  h.behave = [](const auto&) { return Failed(); };
  RetryPolicy policy;
  policy.maximum_retry_attempts = 2;
  auto records = Records(1, 4);
  auto outcome = DeliverBatch(records, policy, h.Callbacks());
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.result, "PROBLEM: Function call failed");
  EXPECT_EQ(h.calls.size(), 3u);  // the first invocation and two retries
  ASSERT_EQ(h.discarded.size(), 1u);
  EXPECT_EQ(h.discarded[0].condition, "RetryAttemptsExhausted");
  EXPECT_EQ(h.discarded[0].approximate_invoke_count, 3);
  EXPECT_EQ(h.discarded_sequences[0], (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(EsmDelivery, ZeroRetriesDiscardsAfterOneInvocation) {
  Harness h;
  h.behave = [](const auto&) { return Failed(); };
  RetryPolicy policy;
  policy.maximum_retry_attempts = 0;
  auto records = Records(1, 1);
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  EXPECT_EQ(h.calls.size(), 1u);
  EXPECT_EQ(h.discarded.size(), 1u);
}

TEST(EsmDelivery, BisectIsolatesThePoisonRecordAndKeepsOrder) {
  Harness h;
  h.behave = [](const std::vector<uint64_t>& seqs) {
    for (auto s : seqs)
      if (s == 6) return Failed();
    return Ok();
  };
  RetryPolicy policy;
  policy.maximum_retry_attempts = 2;
  policy.bisect_batch_on_function_error = true;
  auto records = Records(1, 8);
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  ASSERT_EQ(h.discarded_sequences.size(), 1u);
  EXPECT_EQ(h.discarded_sequences[0], (std::vector<uint64_t>{6}));
  EXPECT_EQ(h.discarded[0].approximate_invoke_count, 3);
  // Every other record was delivered exactly once, in order.
  std::vector<uint64_t> delivered;
  for (size_t i = 0; i < h.calls.size(); ++i) {
    bool poisoned = std::find(h.calls[i].begin(), h.calls[i].end(), 6) != h.calls[i].end();
    if (!poisoned) delivered.insert(delivered.end(), h.calls[i].begin(), h.calls[i].end());
  }
  EXPECT_EQ(delivered, (std::vector<uint64_t>{1, 2, 3, 4, 5, 7, 8}));
}

TEST(EsmDelivery, ReportBatchItemFailuresRetriesFromTheLowestFailure) {
  Harness h;
  int call = 0;
  h.behave = [&](const std::vector<uint64_t>&) {
    if (call++ == 0)
      return Ok(R"({"batchItemFailures":[{"itemIdentifier":")" + streams::FormatSequenceNumber(5) +
                R"("},{"itemIdentifier":")" + streams::FormatSequenceNumber(3) + R"("}]})");
    return Ok(R"({"batchItemFailures":[]})");
  };
  RetryPolicy policy;
  policy.report_batch_item_failures = true;
  auto records = Records(1, 5);
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  ASSERT_EQ(h.calls.size(), 2u);
  EXPECT_EQ(h.calls[1], (std::vector<uint64_t>{3, 4, 5}));
  EXPECT_TRUE(h.discarded.empty());
}

// A function that reports the record with this sequence number failed whenever it is invoked.
std::function<DeliveryAttempt(const std::vector<uint64_t>&)> AlwaysReportsFailed(uint64_t sequence) {
  return [sequence](const std::vector<uint64_t>&) {
    return Ok(R"({"batchItemFailures":[{"itemIdentifier":")" + streams::FormatSequenceNumber(sequence) +
              R"("}]})");
  };
}

RetryPolicy ReportingFailures(int maximum_retry_attempts) {
  RetryPolicy policy;
  policy.report_batch_item_failures = true;
  policy.maximum_retry_attempts = maximum_retry_attempts;
  return policy;
}

// LocalStack's test_dynamodb_report_batch_item_failures, recorded on AWS: records 3..5 in one batch,
// the function always reports 5 failed, MaximumRetryAttempts 3. Once the checkpoint has moved past 3
// and 4, the batch [5] is a new one: invoked 1 + 3 times, and its failure record counts those 4.
TEST(EsmDelivery, RetriesStartAgainWhenAPartialResponseMovesTheCheckpoint) {
  Harness h;
  h.behave = AlwaysReportsFailed(5);
  RetryPolicy policy = ReportingFailures(3);
  auto records = Records(3, 3);
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  ASSERT_EQ(h.calls.size(), 5u);
  EXPECT_EQ(h.calls[0], (std::vector<uint64_t>{3, 4, 5}));
  for (size_t i = 1; i < 5; ++i) EXPECT_EQ(h.calls[i], (std::vector<uint64_t>{5})) << i;
  ASSERT_EQ(h.discarded.size(), 1u);
  EXPECT_EQ(h.discarded_sequences[0], (std::vector<uint64_t>{5}));
  EXPECT_EQ(h.discarded[0].approximate_invoke_count, 4);
  EXPECT_EQ(h.discarded[0].condition, "RetryAttemptsExhausted");
}

// A first record reported failed leaves the checkpoint where it was: the same batch is retried.
TEST(EsmDelivery, AFailedFirstRecordRetriesTheWholeBatch) {
  Harness h;
  h.behave = AlwaysReportsFailed(1);
  RetryPolicy policy = ReportingFailures(2);
  auto records = Records(1, 2);
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  ASSERT_EQ(h.calls.size(), 3u);
  for (const auto& call : h.calls) EXPECT_EQ(call, (std::vector<uint64_t>{1, 2}));
  ASSERT_EQ(h.discarded.size(), 1u);
  EXPECT_EQ(h.discarded[0].approximate_invoke_count, 3);
}

TEST(EsmDelivery, ReportedFailuresAreIgnoredWithoutTheResponseType) {
  Harness h;
  h.behave = [](const auto&) {
    return Ok(R"({"batchItemFailures":[{"itemIdentifier":")" + streams::FormatSequenceNumber(1) + R"("}]})");
  };
  auto records = Records(1, 2);
  EXPECT_TRUE(DeliverBatch(records, {}, h.Callbacks()).finished);
  EXPECT_EQ(h.calls.size(), 1u);
}

TEST(EsmDelivery, AnInvalidItemIdentifierFailsTheWholeBatch) {
  for (const char* bad :
       {R"({"batchItemFailures":[{"itemIdentifier":""}]})",
        R"({"batchItemFailures":[{"itemIdentifier":null}]})",
        R"({"batchItemFailures":[{"itemIdentifier":"999"}]})", R"({"batchItemFailures":[{}]})"}) {
    Harness h;
    h.behave = [&](const auto&) { return Ok(bad); };
    RetryPolicy policy;
    policy.report_batch_item_failures = true;
    policy.maximum_retry_attempts = 1;
    auto records = Records(1, 2);
    EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
    EXPECT_EQ(h.calls.size(), 2u) << bad;
    ASSERT_EQ(h.discarded_sequences.size(), 1u) << bad;
    EXPECT_EQ(h.discarded_sequences[0], (std::vector<uint64_t>{1, 2})) << bad;
  }
}

TEST(EsmDelivery, InfiniteRetriesUntilSuccess) {
  Harness h;
  int call = 0;
  h.behave = [&](const auto&) { return ++call < 4 ? Failed() : Ok(); };
  auto records = Records(1, 2);
  auto outcome = DeliverBatch(records, {}, h.Callbacks());
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.result, "OK");
  EXPECT_EQ(h.calls.size(), 4u);
  EXPECT_EQ(h.waits, 3);
}

TEST(EsmDelivery, AFunctionThatCannotBeCalledDoesNotConsumeRetries) {
  Harness h;
  int call = 0;
  h.behave = [&](const auto&) {
    if (++call <= 5) return DeliveryAttempt{false, "", "", "req", "Function not found"};
    return Ok();
  };
  RetryPolicy policy;
  policy.maximum_retry_attempts = 0;
  auto records = Records(1, 1);
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  EXPECT_EQ(h.calls.size(), 6u);
  EXPECT_TRUE(h.discarded.empty());
}

TEST(EsmDelivery, StoppingLeavesTheBatchUndelivered) {
  Harness h;
  h.max_waits = 0;
  h.behave = [](const auto&) { return Failed(); };
  auto records = Records(1, 2);
  auto outcome = DeliverBatch(records, {}, h.Callbacks());
  EXPECT_FALSE(outcome.finished);
  EXPECT_TRUE(h.discarded.empty());
}

TEST(EsmDelivery, RecordsOlderThanTheMaximumAgeAreDiscarded) {
  Harness h;
  h.behave = [](const auto&) { return Failed(); };
  RetryPolicy policy;
  policy.maximum_record_age = 60;
  auto records = Records(1, 2, /*created_ms=*/1000);
  h.now = 1000 + 61 * 1000;
  EXPECT_TRUE(DeliverBatch(records, policy, h.Callbacks()).finished);
  EXPECT_TRUE(h.calls.empty());
  ASSERT_EQ(h.discarded.size(), 1u);
  EXPECT_EQ(h.discarded[0].condition, "RecordAgeExceeded");
}

TEST(EsmDelivery, InvocationRecordHasTheDocumentedShape) {
  auto records = Records(7, 2, 1573690399000);
  DiscardedBatch batch{records, "RetryAttemptsExhausted", 3, Failed()};
  batch.last.request_id = "316aa6d0-8154-4f8e-9af7-85d5f4a6bc81";
  std::string arn = "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388";
  auto text = RenderInvocationRecord(batch, "arn:aws:lambda:us-east-2:123456789012:function:myfunction",
                                     "shardId-1", arn, 1573690429717, true);
  auto v = json::parse(text).as_object();
  EXPECT_EQ(v.at("version"), "1.0");
  EXPECT_EQ(v.at("timestamp"), "2019-11-14T00:13:49.717Z");
  const auto& request = v.at("requestContext").as_object();
  EXPECT_EQ(request.at("requestId"), "316aa6d0-8154-4f8e-9af7-85d5f4a6bc81");
  EXPECT_EQ(request.at("functionArn"), "arn:aws:lambda:us-east-2:123456789012:function:myfunction");
  EXPECT_EQ(request.at("condition"), "RetryAttemptsExhausted");
  EXPECT_EQ(request.at("approximateInvokeCount"), 3);
  const auto& response = v.at("responseContext").as_object();
  EXPECT_EQ(response.at("statusCode"), 200);
  EXPECT_EQ(response.at("executedVersion"), "$LATEST");
  EXPECT_EQ(response.at("functionError"), "Unhandled");
  const auto& info = v.at("DDBStreamBatchInfo").as_object();
  EXPECT_EQ(info.at("shardId"), "shardId-1");
  EXPECT_EQ(info.at("startSequenceNumber"), json::value(streams::FormatSequenceNumber(7)));
  EXPECT_EQ(info.at("endSequenceNumber"), json::value(streams::FormatSequenceNumber(8)));
  EXPECT_EQ(info.at("approximateArrivalOfFirstRecord"), "2019-11-14T00:13:19Z");
  EXPECT_EQ(info.at("approximateArrivalOfLastRecord"), "2019-11-14T00:13:19Z");
  EXPECT_EQ(info.at("batchSize"), 2);
  EXPECT_EQ(info.at("streamArn"), json::value(arn));
  EXPECT_EQ(std::string(v.at("payload").as_string()), RenderStreamEvent(records, arn));
  auto without = json::parse(RenderInvocationRecord(batch, "f", "s", arn, 0, false)).as_object();
  EXPECT_FALSE(without.contains("payload"));
}

// AWS's record for a batch whose function returned normally but reported item failures has
// "functionError": null (LocalStack's recordings of test_dynamodb_report_batch_item_failure_scenarios).
TEST(EsmDelivery, InvocationRecordOfReportedFailuresHasANullFunctionError) {
  auto records = Records(7, 1, 1573690399000);
  DiscardedBatch batch{records, "RetryAttemptsExhausted", 4, Ok(R"({"batchItemFailures":[]})")};
  auto v = json::parse(RenderInvocationRecord(batch, "f", "s", "a", 0, false)).as_object();
  const auto& response = v.at("responseContext").as_object();
  EXPECT_EQ(response.at("statusCode"), 200);
  ASSERT_TRUE(response.contains("functionError"));
  EXPECT_TRUE(response.at("functionError").is_null());
}

TEST(EsmDelivery, FailureObjectKey) {
  EXPECT_EQ(FailureObjectKey("uuid-1", "shardId-1", 1573690429717, "r-1"),
            "aws/lambda/uuid-1/shardId-1/2019/11/14/2019-11-14T00.13.49-r-1");
}

}  // namespace
}  // namespace tarn::lambda
