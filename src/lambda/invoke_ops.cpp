// Implements: Invoke (RequestResponse, Event, DryRun), and the runs behind it: a warm or new
// instance per invocation, Event invocations queued for the async invokers.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "core/encoding.h"
#include "core/ids.h"
#include "core/json_depth.h"
#include "core/log.h"
#include "lambda/errors.h"
#include "lambda/invoke_config.h"
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

// X-Amz-Client-Context: base64 of a JSON object, handed to the function as its context's client
// context (the runtime gets it decoded, in Lambda-Runtime-Client-Context).
core::Result<std::string> ClientContext(const boost::json::object& in) {
  auto encoded = GetString(in, "ClientContext");
  if (!encoded) return std::string();
  auto decoded = core::Base64Decode(*encoded);
  boost::system::error_code ec;
  boost::json::value parsed;
  if (decoded) parsed = boost::json::parse(*decoded, ec, {}, core::DeepJson());
  if (!decoded || ec || !parsed.is_object()) {
    return core::AwsError("InvalidRequestContentException",
                          "Client context must be a valid Base64-encoded JSON object.", 400);
  }
  return boost::json::serialize(parsed);
}

}  // namespace

core::Result<RunResult> Service::Impl::Run(const FunctionRecord& record, const std::string& request_id,
                                           std::string payload, const std::string& invoked_arn,
                                           std::string client_context) {
  if (!options.credentials_for) return ServiceException("no credentials for function processes");
  TARN_ASSIGN_OR_RETURN(FunctionCredentials credentials, options.credentials_for(record.role, record.name));
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
  invocation.client_context = std::move(client_context);
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
      while (true) {
        if (async_stop) return;
        auto now = std::chrono::steady_clock::now();
        while (!async_delayed.empty() && async_delayed.begin()->first <= now) {
          async_queue.push_back(std::move(async_delayed.begin()->second));
          async_delayed.erase(async_delayed.begin());
        }
        if (!async_queue.empty()) break;
        if (async_delayed.empty()) {
          async_wake.wait(lock);
        } else {
          // A copy: wait_until reads its time point after waking, when the entry may be gone.
          const auto due = async_delayed.begin()->first;
          async_wake.wait_until(lock, due);
        }
      }
      next = std::move(async_queue.front());
      async_queue.pop_front();
    }
    auto later = [&](AsyncInvocation invocation, std::chrono::milliseconds delay) {
      {
        std::lock_guard lock(async_mutex);
        async_delayed.emplace(std::chrono::steady_clock::now() + delay, std::move(invocation));
      }
      async_wake.notify_one();
    };
    auto record = Resolve(next.account_id, next.region, next.name, next.qualifier, true);
    if (!record.ok()) {  // deleted meanwhile: Lambda drops the event too
      Forget(next);
      continue;
    }
    EventInvokeConfig config;
    const std::string config_qualifier = next.qualifier == kLatest ? "" : next.qualifier;
    if (auto stored = store.GetSetting(FunctionStore::Setting::kEventInvokeConfig, next.account_id,
                                       next.region, next.name, config_qualifier);
        stored.ok() && *stored) {
      if (auto parsed = EventInvokeConfig::FromJson(**stored); parsed.ok()) config = std::move(*parsed);
    }
    const std::string invoked = record->Arn() + (next.qualifier.empty() ? "" : ":" + next.qualifier);
    InvocationOutcome outcome;
    outcome.request_id = next.request_id;
    outcome.function_arn =
        record->Arn() + ":" + (next.qualifier.empty() ? std::string(kLatest) : next.qualifier);
    outcome.request_payload = next.payload;
    const int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
    if (now_ms - next.accepted_ms > int64_t{config.max_age()} * 1000) {
      outcome.condition = "EventAgeExceeded";
      outcome.invoke_count = next.invoke_count;
    } else {
      auto run = Run(*record, next.request_id, next.payload, invoked);
      if (!run.ok() && run.error().code == "TooManyRequestsException" &&
          next.attempts < kAsyncThrottleRetries) {
        ++next.attempts;
        later(std::move(next), kAsyncRetryDelay);
        continue;
      }
      if (!run.ok()) {
        std::lock_guard lock(async_mutex);
        // Stopping: the instance was killed under it; the stored invocation runs after the restart.
        if (async_stop) return;
      }
      ++next.invoke_count;
      const bool failed = !run.ok() || !run->function_error.empty();
      if (failed && next.invoke_count <= config.retries()) {
        // Lambda retries a failed Event invocation twice by default: after one delay, then two.
        log::info("lambda: async invocation {} of {} failed; retrying ({} of {})", next.request_id, next.name,
                  next.invoke_count, config.retries());
        const auto delay = options.async_retry_delay * next.invoke_count;
        later(std::move(next), delay);
        continue;
      }
      outcome.condition = failed ? "RetriesExhausted" : "Success";
      outcome.invoke_count = next.invoke_count;
      if (run.ok()) {
        outcome.invoked = true;
        outcome.executed_version = record->version;
        outcome.function_error = run->function_error;
        outcome.response_payload = run->payload;
      } else {
        log::warn("lambda: async invocation {} of {} failed: {}", next.request_id, next.name,
                  run.error().message);
      }
    }
    const std::string& destination = outcome.condition == "Success" ? config.on_success : config.on_failure;
    if (!destination.empty())
      SendToDestination(destination, next.account_id, next.region,
                        RenderAsyncInvocationRecord(outcome, now_ms));
    Forget(next);
  }
}

core::Status Service::Impl::Enqueue(AsyncInvocation invocation) {
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(clock.Now().time_since_epoch());
  TARN_TRY(async_store.Put(invocation, now.count()));
  {
    std::lock_guard lock(async_mutex);
    async_queue.push_back(std::move(invocation));
  }
  async_wake.notify_one();
  return core::Ok();
}

void Service::Impl::SendToDestination(const std::string& destination, const std::string& account_id,
                                      const std::string& region, const std::string& record) {
  if (destination.rfind("arn:aws:lambda:", 0) == 0) {
    FunctionRef ref = ParseFunctionName(destination);
    AsyncInvocation invocation;
    invocation.account_id = account_id;
    invocation.region = region;
    invocation.name = ref.name;
    invocation.qualifier = ref.qualifier;
    invocation.request_id = core::NewUuid();
    invocation.payload = record;
    if (auto queued = Enqueue(std::move(invocation)); !queued.ok())
      log::warn("lambda: cannot send an invocation record to {}: {}", destination, queued.error().message);
    return;
  }
  // SQS, SNS and EventBridge are not part of tarn yet: the record has nowhere to go.
  log::warn("lambda: destination {} is not available in tarn; an asynchronous invocation record is dropped",
            destination);
}

void Service::Impl::Forget(const AsyncInvocation& invocation) {
  if (auto deleted = async_store.Delete(invocation); !deleted.ok())
    log::warn("lambda: cannot remove the queued invocation {}: {}", invocation.request_id,
              deleted.error().message);
}

core::Result<net::Output> Service::Invoke(const net::Call& call) {
  const auto& in = call.input;
  std::string qualifier;
  auto resolved = impl_->ResolveInput(call.context, in, true, &qualifier);
  if (!resolved.ok() && IsFunctionNotFound(resolved.error()) && qualifier.empty()) {
    // An unqualified Invoke runs $LATEST, and Lambda's refusal names it.
    core::AwsError error = std::move(resolved).error();
    error.message += ":$LATEST";
    return error;
  }
  TARN_ASSIGN_OR_RETURN(auto record, std::move(resolved));
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
    boost::json::parse(payload, ec, {}, core::DeepJson());
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
    TARN_TRY(impl_->Enqueue(std::move(invocation)));
    out.json["StatusCode"] = 202;
    return out;
  }
  if (payload.size() > kMaxSyncPayloadBytes) {
    return RequestTooLarge("Request must be smaller than " + std::to_string(kMaxSyncPayloadBytes) +
                           " bytes for the InvokeFunction operation");
  }
  TARN_ASSIGN_OR_RETURN(std::string client_context, ClientContext(in));
  std::string invoked = record.Arn() + (qualifier.empty() ? "" : ":" + qualifier);
  TARN_ASSIGN_OR_RETURN(RunResult run, impl_->Run(record, call.context.request_id, std::move(payload),
                                                  invoked, std::move(client_context)));
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
