#pragma once
// The commands behind `tarn <command>`; each returns the process exit status.

#include <chrono>
#include <cstdint>
#include <string>

#include "net/server.h"

namespace tarn::cli {

struct ServeOptions {
  std::string data_dir = "./tarn-data";
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  bool relaxed_durability = false;  // --durability relaxed: no fsync per write
  int io_threads = 0;
  int worker_threads = 0;
  std::string access_log;  // "" → DATA/access.log; "-" → stderr; "off"
  std::string log_level = "info";
  std::chrono::milliseconds drain{std::chrono::seconds(10)};
  bool iam_enforce = true;               // --iam off: no policy evaluation (logged loudly)
  int64_t sts_lifetime_cap_seconds = 0;  // hidden test hook: caps temporary credential lifetimes
  // DynamoDB Streams timings (hidden options; AWS's values by default, streams::Options).
  int64_t streams_retention_seconds = 24 * 3600;
  int64_t streams_iterator_lifetime_seconds = 15 * 60;
  int64_t streams_shard_lifetime_seconds = 4 * 3600;
  int64_t streams_trim_interval_ms = 60 * 1000;
  // DynamoDB time-to-live sweep period (hidden option): expired items go within this many seconds.
  int64_t ttl_interval_seconds = 5;
  // Lambda: a warm function instance idle this many seconds is stopped.
  int64_t lambda_idle_timeout_seconds = 300;
  // Lambda: delay before the first retry of a failed Event invocation (hidden; tests shorten it).
  int64_t lambda_async_retry_delay_ms = 60 * 1000;
};

// `tarn serve`: the services only. Blocks until SIGINT/SIGTERM, then drains and closes.
int Serve(const ServeOptions& options);
// `tarn up`: serve, and (later) deploy the student pipeline and serve its form.
int Up(const ServeOptions& options);
// `tarn env`: prints the export lines that point AWS clients at the tarn serving data_dir.
int Env(const std::string& data_dir);

}  // namespace tarn::cli
