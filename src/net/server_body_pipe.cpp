#include "net/server_body_pipe.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace tarn::net {
namespace {
std::atomic<uint64_t> g_high_water{0};

void NoteHighWater(uint64_t v) {
  uint64_t cur = g_high_water.load(std::memory_order_relaxed);
  while (v > cur && !g_high_water.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
  }
}
}  // namespace

BodyPipe::BodyPipe(size_t capacity, std::optional<uint64_t> declared, std::function<void()> wake_producer)
    : capacity_(capacity), declared_(declared), wake_producer_(std::move(wake_producer)) {}

uint64_t BodyPipe::HighWaterMark() { return g_high_water.load(); }
void BodyPipe::ResetHighWaterMark() { g_high_water.store(0); }

core::Result<size_t> BodyPipe::Read(char* buffer, size_t size) {
  bool wake = false;
  size_t n = 0;
  {
    std::unique_lock lock(mu_);
    if (!demanded_) {
      demanded_ = true;
      if (producer_parked_) {
        producer_parked_ = false;
        wake = true;
      }
    }
    if (wake) {
      lock.unlock();
      wake_producer_();
      lock.lock();
      wake = false;
    }
    cv_.wait(lock, [&] { return !chunks_.empty() || finished_ || error_.has_value(); });
    if (error_) return *error_;
    while (n < size && !chunks_.empty()) {
      std::string& front = chunks_.front();
      size_t take = std::min(size - n, front.size() - head_offset_);
      std::memcpy(buffer + n, front.data() + head_offset_, take);
      n += take;
      head_offset_ += take;
      buffered_ -= take;
      if (head_offset_ == front.size()) {
        if (free_.size() < 4) free_.push_back(std::move(front));
        chunks_.pop_front();
        head_offset_ = 0;
      }
    }
    if (producer_parked_ && capacity_ - buffered_ >= capacity_ / 4) {
      producer_parked_ = false;
      wake = true;
    }
  }
  if (wake) wake_producer_();
  return n;
}

bool BodyPipe::ProducerReady(bool need_demand, size_t chunk) {
  std::lock_guard lock(mu_);
  if ((demanded_ || !need_demand) && buffered_ + chunk <= capacity_) return true;
  producer_parked_ = true;
  return false;
}

std::string BodyPipe::TakeBuffer() {
  std::lock_guard lock(mu_);
  if (free_.empty()) return {};
  std::string s = std::move(free_.back());
  free_.pop_back();
  return s;
}

void BodyPipe::Push(std::string chunk) {
  if (chunk.empty()) return;
  {
    std::lock_guard lock(mu_);
    buffered_ += chunk.size();
    NoteHighWater(buffered_);
    chunks_.push_back(std::move(chunk));
  }
  cv_.notify_one();
}

void BodyPipe::Finish() {
  {
    std::lock_guard lock(mu_);
    finished_ = true;
  }
  cv_.notify_one();
}

void BodyPipe::Fail(core::AwsError error) {
  {
    std::lock_guard lock(mu_);
    if (finished_ || error_) return;
    error_ = std::move(error);
  }
  cv_.notify_one();
}

}  // namespace tarn::net
