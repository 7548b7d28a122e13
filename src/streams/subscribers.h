#pragma once
// Service::Subscribers: the in-process consumers to wake when a stream takes records (private to
// src/streams). Thread-safe: one mutex; `count` lets writers skip the lookup when nobody listens.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "streams/streams.h"

namespace tarn::streams {

struct Service::Subscribers {
  struct Entry {
    std::string stream_arn;
    std::function<void()> on_append;
  };
  std::mutex mu;
  uint64_t next_id = 1;
  std::map<uint64_t, Entry> entries;
  std::atomic<size_t> count{0};
};

}  // namespace tarn::streams
