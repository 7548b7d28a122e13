#pragma once
// Service::Impl: the state behind lambda::Service, shared by the *_ops.cpp files. Private to
// src/lambda. Thread-safety: write_mutex serializes read-modify-write of function records;
// the pool, the code store and the async queue are thread-safe on their own.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
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

// An Event invocation waiting for an instance.
struct AsyncInvocation {
  std::string account_id;
  std::string region;
  std::string name;
  std::string request_id;
  std::string payload;
  int attempts = 0;
};

// Results of one synchronous run, for Invoke and the async invokers.
struct RunResult {
  std::string payload;
  std::string function_error;
  std::string log_text;
};

struct Service::Impl {
  Impl(storage::Rocks& rocks, const core::Clock& clock, logs::Service& logs, s3::Service& s3,
       streams::Service& streams, Options options);

  // The record of an existing function (ResourceNotFoundException otherwise).
  core::Result<FunctionRecord> Load(const net::RequestContext& context, std::string_view function_name) const;
  // Runs one invocation on a warm or new instance.
  core::Result<RunResult> Run(const FunctionRecord& record, const std::string& request_id,
                              std::string payload);
  void WriteLogs(const FunctionRecord& record, const std::string& stream, std::vector<LogLine> lines);
  void AsyncLoop();
  // Event source mappings (esm_ops.cpp): one synchronous invocation of a batch, and a discarded batch
  // sent to the mapping's on-failure destination.
  DeliveryAttempt InvokeForMapping(const EventSourceMapping& mapping, const std::string& payload);
  void SendToOnFailure(const EventSourceMapping& mapping, std::string_view shard_id,
                       const DiscardedBatch& batch);

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

  std::mutex async_mutex;
  std::condition_variable async_wake;
  std::deque<AsyncInvocation> async_queue;
  bool async_stop = false;
  std::vector<std::thread> async_threads;
};

}  // namespace tarn::lambda
