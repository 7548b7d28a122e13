// The Runtime API state machine (InvocationChannel) and its HTTP handler: next/response/error,
// unknown request ids, init errors, process exits and timeouts.
#include "lambda/runtime_api.h"

#include <gtest/gtest.h>

#include <thread>

namespace tarn::lambda {
namespace {

using namespace std::chrono_literals;

Invocation MakeInvocation(std::string id, std::chrono::milliseconds timeout = 2000ms) {
  Invocation i;
  i.request_id = std::move(id);
  i.payload = R"({"x":1})";
  i.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  i.trace_id = "Root=1-00000000-000000000000000000000000";
  i.timeout = timeout;
  return i;
}

auto Soon() { return std::chrono::steady_clock::now() + 2s; }

TEST(InvocationChannel, ResponseRoundTrip) {
  InvocationChannel channel;
  channel.Submit(MakeInvocation("r1"));
  auto taken = channel.Next();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->request_id, "r1");
  EXPECT_GT(taken->deadline_ms, 0);
  EXPECT_EQ(channel.Respond("other", "x"), InvocationChannel::PostResult::kUnknownRequestId);
  EXPECT_EQ(channel.Respond("r1", "42"), InvocationChannel::PostResult::kAccepted);
  EXPECT_EQ(channel.Respond("r1", "43"), InvocationChannel::PostResult::kUnknownRequestId);
  auto outcome = channel.Wait(Soon());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, Outcome::Kind::kResponse);
  EXPECT_EQ(outcome->payload, "42");
  // The id is spent once the invoker has the outcome.
  EXPECT_EQ(channel.Fail("r1", "{}", "x"), InvocationChannel::PostResult::kUnknownRequestId);
}

TEST(InvocationChannel, NextBlocksUntilSubmit) {
  InvocationChannel channel;
  std::optional<Invocation> got;
  std::thread runtime([&] { got = channel.Next(); });
  std::this_thread::sleep_for(20ms);
  channel.Submit(MakeInvocation("r2"));
  runtime.join();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->request_id, "r2");
}

TEST(InvocationChannel, FunctionErrorCarriesType) {
  InvocationChannel channel;
  channel.Submit(MakeInvocation("r3"));
  ASSERT_TRUE(channel.Next());
  EXPECT_EQ(channel.Fail("r3", R"({"errorMessage":"boom"})", "Unhandled"),
            InvocationChannel::PostResult::kAccepted);
  auto outcome = channel.Wait(Soon());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, Outcome::Kind::kFunctionError);
  EXPECT_EQ(outcome->error_type, "Unhandled");
}

TEST(InvocationChannel, TimeoutCountsFromTheTake) {
  InvocationChannel channel;
  channel.Submit(MakeInvocation("r4", 50ms));
  ASSERT_TRUE(channel.Next());
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(channel.Wait(Soon()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(InvocationChannel, InitDeadlineWhenNeverTaken) {
  InvocationChannel channel;
  channel.Submit(MakeInvocation("r5"));
  EXPECT_FALSE(channel.Wait(std::chrono::steady_clock::now() + 30ms));
}

TEST(InvocationChannel, ExitEndsTheInvocationAndLaterPolls) {
  InvocationChannel channel;
  channel.Submit(MakeInvocation("r6"));
  ASSERT_TRUE(channel.Next());
  channel.MarkExited("Runtime exited with error: exit status 1");
  auto outcome = channel.Wait(Soon());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, Outcome::Kind::kExited);
  EXPECT_EQ(outcome->payload, "Runtime exited with error: exit status 1");
  EXPECT_FALSE(channel.Next());
  channel.Submit(MakeInvocation("r7"));
  auto again = channel.Wait(Soon());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->kind, Outcome::Kind::kExited);
}

TEST(InvocationChannel, InitErrorBeforeTheTake) {
  InvocationChannel channel;
  channel.Submit(MakeInvocation("r8"));
  channel.InitError(R"({"errorType":"Runtime.ImportModuleError"})", "Runtime.ImportModuleError");
  auto outcome = channel.Wait(Soon());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, Outcome::Kind::kInitError);
}

net::HttpResponse Call(RuntimeApiHandler& handler, std::string method, std::string target,
                       std::string body = "", std::string error_type = "") {
  net::HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  if (!error_type.empty()) request.headers.Add("Lambda-Runtime-Function-Error-Type", error_type);
  net::StringBodyReader reader(std::move(body));
  auto plan = handler.Plan(request);
  return handler.Handle(request, plan, reader);
}

TEST(RuntimeApiHandler, SpeaksTheRuntimeApi) {
  InvocationChannel channel;
  RuntimeApiHandler handler(channel);
  channel.Submit(MakeInvocation("req-1"));
  auto next = Call(handler, "GET", "/2018-06-01/runtime/invocation/next");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"x":1})");
  EXPECT_EQ(next.headers.GetOr("Lambda-Runtime-Aws-Request-Id"), "req-1");
  EXPECT_FALSE(next.headers.GetOr("Lambda-Runtime-Deadline-Ms").empty());
  EXPECT_EQ(next.headers.GetOr("Lambda-Runtime-Invoked-Function-Arn"),
            "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_FALSE(next.headers.GetOr("Lambda-Runtime-Trace-Id").empty());

  auto wrong = Call(handler, "POST", "/2018-06-01/runtime/invocation/nope/response", "1");
  EXPECT_EQ(wrong.status, 400);
  auto ok = Call(handler, "POST", "/2018-06-01/runtime/invocation/req-1/response", "\"done\"");
  EXPECT_EQ(ok.status, 202);
  auto outcome = channel.Wait(Soon());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->payload, "\"done\"");

  EXPECT_EQ(Call(handler, "GET", "/2018-06-01/runtime/unknown").status, 404);
  EXPECT_EQ(Call(handler, "GET", "/other").status, 404);
  EXPECT_EQ(Call(handler, "POST", "/2018-06-01/runtime/init/error", "{}", "Runtime.X").status, 202);
  channel.MarkExited("gone");
  EXPECT_EQ(Call(handler, "GET", "/2018-06-01/runtime/invocation/next").status, 500);
}

}  // namespace
}  // namespace tarn::lambda
