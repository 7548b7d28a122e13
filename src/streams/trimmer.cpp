// Background trimming: every Options::trim_interval, records older than Options::retention are
// deleted (with shards and disabled streams they leave empty). One thread, owned by the Service,
// started and stopped by cli/serve.cpp; also the Service's construction, which owns it.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "streams/change_log.h"
#include "streams/subscribers.h"

namespace tarn::streams {

struct Service::Trimmer {
  std::mutex mu;
  std::condition_variable wake;
  bool stop = false;
  std::thread thread;
};

Service::Service(storage::Rocks& rocks, const core::Clock& clock, Options options,
                 std::unique_ptr<ChangeLog> log)
    : rocks_(rocks),
      clock_(clock),
      options_(options),
      log_(std::move(log)),
      subscribers_(std::make_unique<Subscribers>()),
      trimmer_(std::make_unique<Trimmer>()) {}

Service::~Service() { StopTrimmer(); }

core::Status Service::TrimNow() {
  auto cutoff = clock_.Now() - options_.retention;
  return log_->Trim(std::chrono::duration_cast<std::chrono::milliseconds>(cutoff.time_since_epoch()).count());
}

void Service::StartTrimmer() {
  std::lock_guard lock(trimmer_->mu);
  if (trimmer_->thread.joinable()) return;
  trimmer_->stop = false;
  trimmer_->thread = std::thread([this] {
    std::unique_lock lock(trimmer_->mu);
    while (!trimmer_->wake.wait_for(lock, options_.trim_interval, [this] { return trimmer_->stop; })) {
      lock.unlock();
      if (auto trimmed = TrimNow(); !trimmed.ok())
        log::error("streams: trimming failed: {}", trimmed.error().message);
      lock.lock();
    }
  });
}

void Service::StopTrimmer() {
  std::thread thread;
  {
    std::lock_guard lock(trimmer_->mu);
    trimmer_->stop = true;
    thread = std::move(trimmer_->thread);
  }
  trimmer_->wake.notify_all();
  if (thread.joinable()) thread.join();
}

}  // namespace tarn::streams
