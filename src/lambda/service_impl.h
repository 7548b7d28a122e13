#pragma once
// Service::Impl: the state behind lambda::Service, shared by the *_ops.cpp files. Private to
// src/lambda. Thread-safety: write_mutex serializes read-modify-write of function records;
// the pool, the code store and the async queue are thread-safe on their own.

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "lambda/async_store.h"
#include "lambda/code_store.h"
#include "lambda/esm_poller.h"
#include "lambda/event_source_mapping.h"
#include "lambda/function_record.h"
#include "lambda/instance_pool.h"
#include "lambda/lambda.h"
#include "lambda/runtimes.h"
#include "net/registry.h"

namespace tarn::lambda {

inline std::optional<std::string> GetString(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// Default MaxItems of Lambda's List* operations.
inline constexpr size_t kDefaultListItems = 50;

// A published version's number ("7"), as opposed to "$LATEST" or an alias name (which may not be
// all digits: the Alias shape's pattern).
std::optional<uint64_t> VersionNumber(std::string_view qualifier);

// LastModified of event source mappings and event invoke configs: epoch seconds, milliseconds kept.
inline double EpochSeconds(const core::Clock& clock) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  return static_cast<double>(ms) / 1000.0;
}

inline std::optional<int64_t> GetInt(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v && v->is_int64()) return v->get_int64();
  return std::nullopt;
}

// A function name from any of the forms Lambda accepts (name, ARN, partial ARN), and its
// qualifier ("" when none).
struct FunctionRef {
  std::string name;
  std::string qualifier;
};
FunctionRef ParseFunctionName(std::string_view text);
// A function named by an ARN of another region: "Functions from '<r>' are not reachable in this
// region ('<ours>')" (404), as Lambda answers (LocalStack's test_get_function_wrong_region, recorded).
core::Status CheckFunctionRegion(const net::RequestContext& context, std::string_view function_name);

// Results of one synchronous run, for Invoke and the async invokers.
struct RunResult {
  std::string payload;
  std::string function_error;
  std::string log_text;
};

struct Service::Impl {
  Impl(storage::Rocks& rocks, const core::Clock& clock, logs::Service& logs, s3::Service& s3,
       streams::Service& streams, Options options);

  // The $LATEST record of an existing function (ResourceNotFoundException otherwise, also for
  // a name qualified by anything but $LATEST: what this reads is what the update operations change).
  core::Result<FunctionRecord> Load(const net::RequestContext& context, std::string_view function_name) const;
  // The version a qualifier names: "" or "$LATEST" the function itself, digits a published
  // version, anything else an alias — its version, or with `route` the version its RoutingConfig
  // draws for one invocation. Tags and reserved concurrency are the function's, whichever version.
  // ResourceNotFoundException "Function not found: <ARN as qualified>" when any part is missing.
  core::Result<FunctionRecord> Resolve(std::string_view account, std::string_view region,
                                       std::string_view name, std::string_view qualifier, bool route) const;
  // Resolve for a request's FunctionName and optional Qualifier member (which must agree with a
  // qualifier in the name). `qualifier` receives the one that applies.
  core::Result<FunctionRecord> ResolveInput(const net::RequestContext& context,
                                            const boost::json::object& input, bool route,
                                            std::string* qualifier = nullptr) const;
  // Publishes $LATEST as a new version (PublishVersion, and CreateFunction/UpdateFunctionCode with
  // Publish): the last version instead when nothing changed since it was published. Call with
  // write_mutex held; `latest` is updated to what was stored.
  core::Result<FunctionRecord> Publish(FunctionRecord& latest, std::optional<std::string> description);
  // Runs one invocation on a warm or new instance of the record's version; `invoked_arn` is the ARN
  // the caller named (the function's context.invoked_function_arn).
  // client_context: the invoker's ClientContext, decoded (synchronous invocations only).
  core::Result<RunResult> Run(const FunctionRecord& record, const std::string& request_id,
                              std::string payload, const std::string& invoked_arn,
                              std::string client_context = {});
  void WriteLogs(const FunctionRecord& record, const std::string& stream, std::vector<LogLine> lines);
  void AsyncLoop();
  // Put (replace) or Update (merge) of an EventInvokeConfig (invoke_config_ops.cpp).
  core::Result<net::Output> WriteInvokeConfig(const net::Call& call, bool replace);
  // Queues an Event invocation, stored first so that it survives a crash.
  core::Status Enqueue(AsyncInvocation invocation);
  // Sends the invocation record of a finished Event invocation to a destination: a function gets it
  // as an Event invocation; other services are not part of tarn (logged).
  void SendToDestination(const std::string& destination, const std::string& account_id,
                         const std::string& region, const std::string& record);
  // Removes a finished (or abandoned) Event invocation from the durable queue.
  void Forget(const AsyncInvocation& invocation);
  // Stops warm instances idle longer than options.idle_instance_timeout, until Stop.
  void ReapLoop();
  // Event source mappings (esm_ops.cpp): one synchronous invocation of a batch, and a discarded batch
  // sent to the mapping's on-failure destination.
  DeliveryAttempt InvokeForMapping(const EventSourceMapping& mapping, const std::string& payload);
  void SendToOnFailure(const EventSourceMapping& mapping, std::string_view shard_id,
                       const DiscardedBatch& batch);

  // GetFunction's Code.Location: a link to the package that works for ten minutes, as Lambda's
  // presigned S3 URL does, signed with a key of this process (code_download.cpp).
  std::string CodeLocation(const FunctionRecord& record) const;
  // Answers GET/HEAD /_tarn/lambda/code/<function>/<sha256 hex>.zip?Expires=..&Signature=..
  std::optional<net::HttpResponse> DownloadCode(const net::HttpRequest& request) const;

  storage::Rocks& rocks;
  const core::Clock& clock;
  logs::Service& logs;
  s3::Service& s3;
  streams::Service& streams;
  Options options;
  FunctionStore store;
  CodeStore code;
  RuntimeSetup runtime;
  InstancePool pool;
  std::mutex write_mutex;
  MappingStore mappings;
  std::unique_ptr<MappingPollers> pollers;
  const std::string code_link_key = core::RandomBytes(32);

  AsyncStore async_store;
  std::mutex async_mutex;
  std::condition_variable async_wake;
  std::deque<AsyncInvocation> async_queue;
  std::multimap<std::chrono::steady_clock::time_point, AsyncInvocation> async_delayed;  // retries
  bool async_stop = false;
  std::vector<std::thread> async_threads;

  std::mutex reaper_mutex;
  std::condition_variable reaper_wake;
  bool reaper_stop = false;
  std::thread reaper;
};

}  // namespace tarn::lambda
