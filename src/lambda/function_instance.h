#pragma once
// FunctionInstance: one warm execution environment — a child process (own process group, killed
// with tarn through PR_SET_PDEATHSIG, under a small reaping supervisor) running the function's runtime, its
// Runtime API listener on an ephemeral 127.0.0.1 port, and a thread that turns its stdout/stderr into log
// events. One invocation at a time (the pool guarantees it); Kill() may be called from any thread.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "lambda/runtime_api.h"

namespace tarn::lambda {

struct LogLine {
  int64_t timestamp_ms = 0;
  std::string message;
};
// Receives a batch of log events for the instance's stream, in order.
using LogSink = std::function<void(const std::string& stream, std::vector<LogLine> lines)>;

struct InstanceSpec {
  std::vector<std::string> argv;  // argv[0]: an absolute path
  std::vector<std::string> env;   // KEY=VALUE, without AWS_LAMBDA_RUNTIME_API and the log stream
  std::string task_root;          // working directory
  int memory_mb = 128;
  std::string version = "$LATEST";  // the function version it runs, for its log lines
};

struct InvocationResult {
  std::string payload;
  std::string function_error;  // "Unhandled" when the function failed
  std::string log_text;        // this invocation's lines, START to REPORT, each ending in '\n'
  bool instance_lost = false;  // the process is gone (timeout, crash, init error)
};

class FunctionInstance {
 public:
  // Starts the listener and the process. Errors: InternalFailure when fork/pipe/listen fail.
  static core::Result<std::unique_ptr<FunctionInstance>> Start(InstanceSpec spec, const core::Clock& clock,
                                                               LogSink sink);
  ~FunctionInstance();  // Kill()
  FunctionInstance(const FunctionInstance&) = delete;
  FunctionInstance& operator=(const FunctionInstance&) = delete;

  // Runs one invocation to its end (response, error, timeout or crash) and writes its log lines.
  InvocationResult Invoke(Invocation invocation, int timeout_seconds);
  bool alive() const;
  // Kills the process group and stops the listener. Idempotent.
  void Kill();
  const std::string& log_stream() const { return log_stream_; }

 private:
  struct Capture;
  FunctionInstance(const core::Clock& clock, LogSink sink);
  int MaxMemoryUsedMb() const;

  const core::Clock& clock_;
  LogSink sink_;
  std::string log_stream_;
  int memory_mb_ = 128;
  std::string version_;
  InvocationChannel channel_;
  struct Listener;
  std::unique_ptr<Listener> listener_;
  std::unique_ptr<Capture> capture_;
  std::mutex kill_mutex_;
  bool killed_ = false;
  int pid_ = -1;          // the supervisor (see Supervise in function_instance.cpp)
  int runtime_pid_ = -1;  // the runtime process, leader of its own process group
  bool cold_ = true;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace tarn::lambda
