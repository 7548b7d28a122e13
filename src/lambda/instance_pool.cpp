// Warm instance reuse and concurrency accounting.
#include "lambda/instance_pool.h"

#include "lambda/errors.h"

namespace tarn::lambda {

core::Result<std::unique_ptr<FunctionInstance>> InstancePool::Acquire(const std::string& function,
                                                                      const std::string& key,
                                                                      const std::string& revision, int limit,
                                                                      bool reserved, const Starter& start) {
  std::vector<std::unique_ptr<FunctionInstance>> outdated;  // killed outside the lock
  std::unique_ptr<FunctionInstance> instance;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) return ServiceException("tarn is shutting down");
    Version& f = versions_[key];
    if (f.revision != revision) {
      for (auto& i : f.idle) outdated.push_back(std::move(i.instance));
      f.idle.clear();
      f.revision = revision;
    }
    int& busy = busy_[function];
    if (busy >= limit) {
      return TooManyRequests(reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                      : "ConcurrentInvocationLimitExceeded");
    }
    while (!f.idle.empty() && !instance) {
      auto candidate = std::move(f.idle.back().instance);
      f.idle.pop_back();
      if (candidate->alive()) {
        instance = std::move(candidate);
      } else {
        outdated.push_back(std::move(candidate));
      }
    }
    ++busy;
  }
  outdated.clear();
  if (instance) {
    Track(instance.get());
    return instance;
  }
  auto started = start();
  if (!started.ok()) {
    std::lock_guard lock(mutex_);
    --busy_[function];
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

void InstancePool::Release(const std::string& function, const std::string& key, const std::string& revision,
                           std::unique_ptr<FunctionInstance> instance) {
  std::unique_ptr<FunctionInstance> discard;
  {
    std::lock_guard lock(mutex_);
    Version& f = versions_[key];
    --busy_[function];
    running_.erase(instance.get());
    if (!shut_down_ && instance && instance->alive() && f.revision == revision) {
      f.idle.push_back({std::move(instance), std::chrono::steady_clock::now()});
    } else {
      discard = std::move(instance);
    }
  }
}

void InstancePool::Retire(const std::string& key) {
  std::vector<std::unique_ptr<FunctionInstance>> idle;
  {
    std::lock_guard lock(mutex_);
    auto retire = [&](Version& v) {
      for (auto& i : v.idle) idle.push_back(std::move(i.instance));
      v.idle.clear();
      v.revision.clear();
    };
    if (auto it = versions_.find(key); it != versions_.end()) retire(it->second);
    const std::string versions = key + ":";
    for (auto it = versions_.lower_bound(versions); it != versions_.end() && it->first.starts_with(versions);
         ++it)
      retire(it->second);
  }
}

void InstancePool::Shutdown() {
  std::vector<std::unique_ptr<FunctionInstance>> idle;
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    for (FunctionInstance* instance : running_) instance->Kill();
    for (auto& [key, f] : versions_) {
      for (auto& i : f.idle) idle.push_back(std::move(i.instance));
      f.idle.clear();
    }
  }
}

size_t InstancePool::ReapIdle(std::chrono::steady_clock::time_point cutoff) {
  std::vector<std::unique_ptr<FunctionInstance>> reaped;  // killed outside the lock
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, f] : versions_) {
      // Oldest first: the list is in the order instances went idle.
      size_t n = 0;
      while (n < f.idle.size() && f.idle[n].since < cutoff) ++n;
      for (size_t i = 0; i < n; ++i) reaped.push_back(std::move(f.idle[i].instance));
      f.idle.erase(f.idle.begin(), f.idle.begin() + static_cast<std::ptrdiff_t>(n));
    }
  }
  return reaped.size();
}

}  // namespace tarn::lambda
