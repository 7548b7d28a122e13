#pragma once
// The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) as seen
// by one function instance. InvocationChannel is the state machine between the invoker (a worker
// thread running Invoke) and the runtime inside the child process; RuntimeApiHandler is the
// HttpHandler of the instance's own loopback listener (AWS_LAMBDA_RUNTIME_API), whose long-polling
// GET .../invocation/next blocks one of that listener's workers, never an AWS API worker.
// Thread-safe: every InvocationChannel member may be called from any thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "net/http.h"

namespace tarn::lambda {

// Lambda's synchronous payload quota, request and response (6 MB).
inline constexpr uint64_t kMaxSyncPayloadBytes = 6291456;
// The response quota Lambda enforces and names in Function.ResponseSizeTooLarge: 100 bytes more
// (a JSON string of exactly 6 MiB, quotes included, is still answered).
inline constexpr uint64_t kMaxResponsePayloadBytes = 6291556;

struct Invocation {
  std::string request_id;
  std::string payload;
  std::string function_arn;
  std::string trace_id;
  std::string client_context;  // the invoker's ClientContext, decoded (JSON), or empty
  std::chrono::milliseconds timeout{3000};
  int64_t deadline_ms = 0;  // epoch ms; set when the runtime takes it
};

struct Outcome {
  enum class Kind {
    kResponse,       // POST .../response
    kFunctionError,  // POST .../error
    kInitError,      // POST /runtime/init/error
    kExited,         // the process ended (or could not start) before answering
  };
  Kind kind = Kind::kResponse;
  std::string payload;     // the response, or the error JSON
  std::string error_type;  // Lambda-Runtime-Function-Error-Type, when given
};

class InvocationChannel {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  // --- Invoker side ---
  // Queues the one invocation the runtime will receive from its next /next. Any earlier
  // outcome is forgotten. Precondition: no invocation in flight.
  void Submit(Invocation invocation);
  // Waits for the outcome of the submitted invocation: until init_deadline while the runtime has
  // not taken it, then for its timeout after it was taken. nullopt: timed out (the caller kills).
  std::optional<Outcome> Wait(SteadyTime init_deadline);
  // The process ended: an invocation in flight (or queued) gets kExited with this message, and
  // every /next from now on returns nothing. Idempotent; the first message wins.
  void MarkExited(std::string message);
  bool exited() const;

  // --- Runtime side (RuntimeApiHandler) ---
  // Blocks until an invocation is queued (returns it, stamped with its deadline) or the
  // channel is closed (nullopt).
  std::optional<Invocation> Next();
  enum class PostResult { kAccepted, kUnknownRequestId };
  PostResult Respond(std::string_view request_id, std::string payload);
  PostResult Fail(std::string_view request_id, std::string payload, std::string error_type);
  void InitError(std::string payload, std::string error_type);

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Invocation> queued_;
  std::optional<std::string> in_flight_;  // request id taken by /next
  SteadyTime taken_at_{};
  std::chrono::milliseconds timeout_{0};
  std::optional<Outcome> outcome_;
  std::optional<std::string> exit_message_;
};

class RuntimeApiHandler final : public net::HttpHandler {
 public:
  explicit RuntimeApiHandler(InvocationChannel& channel) : channel_(channel) {}
  net::RequestPlan Plan(const net::HttpRequest& request) override;
  net::HttpResponse Handle(net::HttpRequest& request, const net::RequestPlan& plan,
                           net::BodyReader& body) override;
  net::HttpResponse Reject(const net::HttpRequest& request, const net::RequestPlan& plan,
                           const core::AwsError& error) override;

 private:
  net::HttpResponse TooLarge(std::string_view path);

  InvocationChannel& channel_;
};

}  // namespace tarn::lambda
