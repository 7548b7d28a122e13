#pragma once
// The time-to-live sweeper's thread state (ttl_sweeper.cpp), complete here for the Service's
// constructor and destructor (operations.cpp).
#include <condition_variable>
#include <mutex>
#include <thread>

#include "dynamodb/dynamodb.h"

namespace tarn::dynamodb {

struct Service::TtlSweeper {
  std::mutex mu;
  std::condition_variable wake;
  bool stop = false;
  std::thread thread;
};

}  // namespace tarn::dynamodb
