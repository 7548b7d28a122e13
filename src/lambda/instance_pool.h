#pragma once
// InstancePool: the warm instances of every function, keyed by account/region/name, and the
// per-function concurrency limit (reserved concurrency, else the account's unreserved pool).
// An instance serves one invocation at a time; an idle one is reused only while the function's
// RevisionId is unchanged (an update retires the old ones). Thread-safe.

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

  // An idle instance of this revision, or a new one from start. TooManyRequestsException when
  // `limit` invocations of the function are already running.
  core::Result<std::unique_ptr<FunctionInstance>> Acquire(const std::string& key, const std::string& revision,
                                                          int limit, bool reserved, const Starter& start);
  // Gives an instance back after an invocation; a dead or outdated one is discarded.
  void Release(const std::string& key, const std::string& revision,
               std::unique_ptr<FunctionInstance> instance);
  // Kills the function's idle instances (update, delete).
  void Retire(const std::string& key);
  // Kills every instance, idle or running (a running invocation ends as Runtime.ExitError);
  // later acquisitions fail and releases are discarded.
  void Shutdown();

 private:
  struct Function {
    std::string revision;
    int busy = 0;
    std::vector<std::unique_ptr<FunctionInstance>> idle;
  };
  void Track(FunctionInstance* instance);
  std::mutex mutex_;
  std::map<std::string, Function> functions_;
  std::set<FunctionInstance*> running_;  // serving an invocation, owned by its invoker
  bool shut_down_ = false;
};

}  // namespace tarn::lambda
