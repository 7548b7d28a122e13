#pragma once
// BodyPipe: the bounded buffer between a connection's io side (which fills it from the socket)
// and the worker running HttpHandler::Handle (which drains it through the BodyReader interface).
// Private to net::Server (server*.cpp and tests). Thread-safe: one producer (the connection's
// io thread) and one consumer (a worker); the wake callback is how the consumer restarts a producer
// that parked because the pipe was full or no data had been asked for yet.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/http.h"

namespace tarn::net {

class BodyPipe final : public BodyReader {
 public:
  // capacity: bytes buffered at most; wake_producer is called (from the consumer thread, without
  // the lock held) when a parked producer may continue.
  BodyPipe(size_t capacity, std::optional<uint64_t> declared, std::function<void()> wake_producer);

  // Consumer (worker) side. Blocks until bytes arrive, the body ends or the pipe fails.
  core::Result<size_t> Read(char* buffer, size_t size) override;
  std::optional<uint64_t> DeclaredLength() const override { return declared_; }

  // Producer side. True when `chunk` more bytes fit and (unless need_demand is false) the consumer
  // has asked for data; otherwise the producer is parked and wake_producer will be called later.
  bool ProducerReady(bool need_demand, size_t chunk);
  // A buffer to fill, recycled from consumed chunks when possible.
  std::string TakeBuffer();
  void Push(std::string chunk);
  void Finish();
  // Every later Read fails with error (ignored once the body has finished).
  void Fail(core::AwsError error);

  // The most bytes ever buffered in any pipe of this process (test hook for bounded memory).
  static uint64_t HighWaterMark();
  static void ResetHighWaterMark();

 private:
  const size_t capacity_;
  const std::optional<uint64_t> declared_;
  std::function<void()> wake_producer_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> chunks_;  // guarded by mu_
  size_t head_offset_ = 0;          // consumed bytes of chunks_.front()
  size_t buffered_ = 0;
  std::vector<std::string> free_;
  bool demanded_ = false;
  bool producer_parked_ = false;
  bool finished_ = false;
  std::optional<core::AwsError> error_;
};

}  // namespace tarn::net
