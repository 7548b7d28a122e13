// Implements: Invoke (RequestResponse, Event, DryRun), and the runs behind it: a warm or new
// instance per invocation, Event invocations queued for the async invokers.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
#include <boost/json/parse.hpp>
#include <thread>

#include "core/encoding.h"
#include "core/ids.h"
#include "core/log.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace {

// Asynchronous invocation payload quota (1 MB).
constexpr uint64_t kMaxAsyncPayloadBytes = 1048576;
// LogType Tail returns the last 4 KB of the invocation's log.
constexpr size_t kLogTailBytes = 4096;
// A throttled Event invocation is retried this many times, kAsyncRetryDelay apart.
constexpr int kAsyncThrottleRetries = 300;
constexpr auto kAsyncRetryDelay = std::chrono::milliseconds(200);

std::string TraceId(const core::Clock& clock) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  char time_hex[16];
  std::snprintf(time_hex, sizeof time_hex, "%08llx", static_cast<unsigned long long>(secs));
  return "Root=1-" + std::string(time_hex) + "-" + core::HexEncode(core::RandomBytes(12)) +
         ";Parent=" + core::HexEncode(core::RandomBytes(8)) + ";Sampled=0";
}

}  // namespace

core::Result<RunResult> Service::Impl::Run(const FunctionRecord& record, const std::string& request_id,
                                           std::string payload, const std::string& invoked_arn) {
  if (!options.credentials_for) return ServiceException("no credentials for function processes");
  TARN_ASSIGN_OR_RETURN(FunctionCredentials credentials, options.credentials_for(record.role));
  TARN_ASSIGN_OR_RETURN(
      LaunchPlan plan, PlanLaunch(runtime, record, code.TaskRoot(record.name, record.code_hex), credentials));
  if (!plan.spec) return RunResult{plan.error_payload, "Unhandled", ""};
  const int limit = record.reserved_concurrency.value_or(kAccountConcurrency);
  const std::string function = record.Arn();
  const std::string key = record.VersionArn();
  auto starter = [&]() {
    return FunctionInstance::Start(*plan.spec, clock,
                                   [this, record](const std::string& stream, std::vector<LogLine> lines) {
                                     WriteLogs(record, stream, std::move(lines));
                                   });
  };
  TARN_ASSIGN_OR_RETURN(auto instance, pool.Acquire(function, key, record.revision_id, limit,
                                                    record.reserved_concurrency.has_value(), starter));
  Invocation invocation;
  invocation.request_id = request_id;
  invocation.payload = std::move(payload);
  invocation.function_arn = invoked_arn;
  invocation.trace_id = TraceId(clock);
  invocation.timeout = std::chrono::seconds(record.timeout);
  InvocationResult result = instance->Invoke(std::move(invocation), record.timeout);
  pool.Release(function, key, record.revision_id, std::move(instance));
  return RunResult{std::move(result.payload), std::move(result.function_error), std::move(result.log_text)};
}

void Service::Impl::AsyncLoop() {
  while (true) {
    AsyncInvocation next;
    {
      std::unique_lock lock(async_mutex);
      async_wake.wait(lock, [&] { return async_stop || !async_queue.empty(); });
      if (async_stop) return;
      next = std::move(async_queue.front());
      async_queue.pop_front();
    }
    auto record = Resolve(next.account_id, next.region, next.name, next.qualifier, true);
    if (!record.ok()) {  // deleted meanwhile: Lambda drops the event too
      Forget(next);
      continue;
    }
    std::string invoked = record->Arn() + (next.qualifier.empty() ? "" : ":" + next.qualifier);
    auto run = Run(*record, next.request_id, next.payload, invoked);
    if (!run.ok() && run.error().code == "TooManyRequestsException" &&
        next.attempts < kAsyncThrottleRetries) {
      ++next.attempts;
      std::this_thread::sleep_for(kAsyncRetryDelay);
      std::lock_guard lock(async_mutex);
      async_queue.push_back(std::move(next));
      continue;
    }
    if (!run.ok()) {
      {
        std::lock_guard lock(async_mutex);
        // Stopping: the instance was killed under it; the stored invocation runs after the restart.
        if (async_stop) return;
      }
      log::warn("lambda: async invocation {} of {} failed: {}", next.request_id, next.name,
                run.error().message);
    } else if (!run->function_error.empty()) {
      log::info("lambda: async invocation {} of {} ended with a function error", next.request_id, next.name);
    }
    Forget(next);
  }
}

void Service::Impl::Forget(const AsyncInvocation& invocation) {
  if (auto deleted = async_store.Delete(invocation); !deleted.ok())
    log::warn("lambda: cannot remove the queued invocation {}: {}", invocation.request_id,
              deleted.error().message);
}

core::Result<net::Output> Service::Invoke(const net::Call& call) {
  const auto& in = call.input;
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(auto record, impl_->ResolveInput(call.context, in, true, &qualifier));
  std::string type = GetString(in, "InvocationType").value_or("RequestResponse");
  std::string payload;
  if (auto encoded = GetString(in, "Payload")) payload = core::Base64Decode(*encoded).value_or("");
  net::Output out;
  if (type == "DryRun") {
    out.json["StatusCode"] = 204;
    return out;
  }
  if (!payload.empty()) {
    boost::system::error_code ec;
    boost::json::parse(payload, ec);
    if (ec) {
      return core::AwsError(
          "InvalidRequestContentException",
          "Could not parse request body into json: Could not parse payload into json: " + ec.message(), 400);
    }
  }
  if (type == "Event") {
    if (payload.size() > kMaxAsyncPayloadBytes) {
      return RequestTooLarge("Request must be smaller than " + std::to_string(kMaxAsyncPayloadBytes) +
                             " bytes for the InvokeAsync operation");
    }
    AsyncInvocation invocation;
    invocation.account_id = record.account_id;
    invocation.region = record.region;
    invocation.name = record.name;
    invocation.qualifier = qualifier;
    invocation.request_id = call.context.request_id;
    invocation.payload = std::move(payload);
    // Stored before the 202: an accepted invocation runs even after a crash.
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(impl_->clock.Now().time_since_epoch());
    TARN_TRY(impl_->async_store.Put(invocation, now.count()));
    {
      std::lock_guard lock(impl_->async_mutex);
      impl_->async_queue.push_back(std::move(invocation));
    }
    impl_->async_wake.notify_one();
    out.json["StatusCode"] = 202;
    return out;
  }
  if (payload.size() > kMaxSyncPayloadBytes) {
    return RequestTooLarge("Request must be smaller than " + std::to_string(kMaxSyncPayloadBytes) +
                           " bytes for the InvokeFunction operation");
  }
  std::string invoked = record.Arn() + (qualifier.empty() ? "" : ":" + qualifier);
  TARN_ASSIGN_OR_RETURN(RunResult run,
                        impl_->Run(record, call.context.request_id, std::move(payload), invoked));
  out.json["StatusCode"] = 200;
  out.json["ExecutedVersion"] = record.version;
  out.json["Payload"] = core::Base64Encode(run.payload);
  if (!run.function_error.empty()) out.json["FunctionError"] = run.function_error;
  if (GetString(in, "LogType").value_or("None") == "Tail") {
    std::string_view tail = run.log_text;
    if (tail.size() > kLogTailBytes) tail = tail.substr(tail.size() - kLogTailBytes);
    out.json["LogResult"] = core::Base64Encode(tail);
  }
  return out;
}

}  // namespace tarn::lambda
