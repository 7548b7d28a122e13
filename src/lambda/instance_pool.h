#pragma once
// InstancePool: the warm instances of every function version, keyed by the version's ARN, and the
// per-function concurrency limit (reserved concurrency, else the account's unreserved pool),
// counted over all the function's versions. An instance serves one invocation at a time; an idle
// one is reused only while the version's RevisionId is unchanged (an update retires the old
// ones) and only until it has been idle for the reaper's limit (ReapIdle). Thread-safe.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "lambda/function_instance.h"

namespace tarn::lambda {

// Lambda's default account concurrency
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
inline constexpr int kAccountConcurrency = 1000;

class InstancePool {
 public:
  using Starter = std::function<core::Result<std::unique_ptr<FunctionInstance>>()>;

  // An idle instance of version `key` (its ARN) at this revision, or a new one from start.
  // TooManyRequestsException when `limit` invocations of `function` (the unqualified ARN) are
  // already running, whichever versions they run.
  core::Result<std::unique_ptr<FunctionInstance>> Acquire(const std::string& function, const std::string& key,
                                                          const std::string& revision, int limit,
                                                          bool reserved, const Starter& start);
  // Gives an instance back after an invocation; a dead or outdated one is discarded.
  void Release(const std::string& function, const std::string& key, const std::string& revision,
               std::unique_ptr<FunctionInstance> instance);
  // Kills the idle instances of version `key`, and of every "<key>:<version>" when key is a
  // function's unqualified ARN (update, delete).
  void Retire(const std::string& key);
  // Kills the instances that have been idle since before `cutoff`; returns how many.
  size_t ReapIdle(std::chrono::steady_clock::time_point cutoff);
  // Kills every instance, idle or running (a running invocation ends as Runtime.ExitError);
  // later acquisitions fail and releases are discarded.
  void Shutdown();

 private:
  struct Idle {
    std::unique_ptr<FunctionInstance> instance;
    std::chrono::steady_clock::time_point since;
  };
  struct Version {
    std::string revision;
    std::vector<Idle> idle;  // the most recently used last
  };
  void Track(FunctionInstance* instance);
  std::mutex mutex_;
  std::map<std::string, Version> versions_;
  std::map<std::string, int> busy_;      // running invocations per function
  std::set<FunctionInstance*> running_;  // serving an invocation, owned by its invoker
  bool shut_down_ = false;
};

}  // namespace tarn::lambda
