// Warm instance reuse and concurrency accounting.
#include "lambda/instance_pool.h"

#include "lambda/errors.h"

namespace tarn::lambda {

core::Result<std::unique_ptr<FunctionInstance>> InstancePool::Acquire(const std::string& key,
                                                                      const std::string& revision, int limit,
                                                                      bool reserved, const Starter& start) {
  std::vector<std::unique_ptr<FunctionInstance>> outdated;  // killed outside the lock
  std::unique_ptr<FunctionInstance> instance;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return ServiceException("tarn is shutting down");
    Function& f = functions_[key];
    if (f.revision != revision) {
      outdated = std::move(f.idle);
      f.idle.clear();
      f.revision = revision;
    }
    if (f.busy >= limit) {
      return TooManyRequests(reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                      : "ConcurrentInvocationLimitExceeded");
    }
    while (!f.idle.empty() && !instance) {
      auto candidate = std::move(f.idle.back());
      f.idle.pop_back();
      if (candidate->alive()) {
        instance = std::move(candidate);
      } else {
        outdated.push_back(std::move(candidate));
      }
    }
    ++f.busy;
  }
  outdated.clear();
  if (instance) {
    Track(instance.get());
    return instance;
  }
  auto started = start();
  if (!started.ok()) {
    std::lock_guard lock(mutex_);
    --functions_[key].busy;
    return started;
  }
  Track(started->get());
  return started;
}

void InstancePool::Track(FunctionInstance* instance) {
  std::lock_guard lock(mutex_);
  running_.insert(instance);
  if (shut_down_) instance->Kill();
}

void InstancePool::Release(const std::string& key, const std::string& revision,
                           std::unique_ptr<FunctionInstance> instance) {
  std::unique_ptr<FunctionInstance> discard;
  {
    std::lock_guard lock(mutex_);
    Function& f = functions_[key];
    --f.busy;
    running_.erase(instance.get());
    if (!shut_down_ && instance && instance->alive() && f.revision == revision) {
      f.idle.push_back(std::move(instance));
    } else {
      discard = std::move(instance);
    }
  }
}

void InstancePool::Retire(const std::string& key) {
  std::vector<std::unique_ptr<FunctionInstance>> idle;
  {
    std::lock_guard lock(mutex_);
    auto it = functions_.find(key);
    if (it == functions_.end()) return;
    idle = std::move(it->second.idle);
    it->second.idle.clear();
    it->second.revision.clear();
  }
}

void InstancePool::Shutdown() {
  std::vector<std::unique_ptr<FunctionInstance>> idle;
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    for (FunctionInstance* instance : running_) instance->Kill();
    for (auto& [key, f] : functions_) {
      for (auto& i : f.idle) idle.push_back(std::move(i));
      f.idle.clear();
    }
  }
}

}  // namespace tarn::lambda
