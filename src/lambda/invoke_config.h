#pragma once
// EventInvokeConfig: how Lambda handles a function's (version's, alias's) asynchronous invocations
// (PutFunctionEventInvokeConfig): retries after a function error, the maximum event age, and the
// destinations of the invocation record on success and on failure; stored per qualifier as JSON
// (FunctionStore::Setting::kEventInvokeConfig). And the invocation record itself.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html. Pure values.

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/result.h"

namespace tarn::lambda {

// Lambda's defaults without a config: two retries, events kept six hours.
inline constexpr int kDefaultAsyncRetries = 2;
inline constexpr int kDefaultMaxEventAgeSeconds = 21600;

struct EventInvokeConfig {
  std::optional<int> maximum_retry_attempts;
  std::optional<int> maximum_event_age;  // seconds
  std::string on_success;                // destination ARNs, or ""
  std::string on_failure;
  double last_modified = 0;  // epoch seconds

  int retries() const { return maximum_retry_attempts.value_or(kDefaultAsyncRetries); }
  int max_age() const { return maximum_event_age.value_or(kDefaultMaxEventAgeSeconds); }
  // FunctionEventInvokeConfig for `function_arn` (the qualified ARN).
  boost::json::object Configuration(const std::string& function_arn) const;
  // Applies the members of a Put (replacing everything) or an Update (merging) request.
  void Apply(const boost::json::object& input, bool replace);
  std::string ToJson() const;
  static core::Result<EventInvokeConfig> FromJson(std::string_view text);
};

// The JSON record Lambda sends to a destination
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
// condition "Success", "RetriesExhausted" or "EventAgeExceeded".
struct InvocationOutcome {
  std::string request_id;
  std::string function_arn;
  std::string condition;
  int invoke_count = 0;
  std::string request_payload;   // JSON text
  bool invoked = false;          // responseContext present
  std::string executed_version;  // when invoked
  std::string function_error;    // "Unhandled"... when the function failed
  std::string response_payload;  // JSON text, when invoked
};
std::string RenderAsyncInvocationRecord(const InvocationOutcome& outcome, int64_t now_ms);

}  // namespace tarn::lambda
