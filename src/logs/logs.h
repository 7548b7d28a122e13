#pragma once
// Amazon CloudWatch Logs (JSON 1.1, Logs_20140328) on RocksDB family "logs": log groups, log
// streams, events, retention (enforced by a background sweeper), tags, and FilterLogEvents with
// filter patterns. The only header other modules may include from src/logs. Lambda and Glue write
// their function/job output through Write(). Thread-safe: every member may be called from any thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "net/registry.h"
#include "storage/rocks.h"

namespace tarn::logs {

struct Options {
  // How often the sweeper deletes events older than their group's retention.
  std::chrono::milliseconds retention_sweep_interval{std::chrono::minutes(1)};
};

// One event for Write(): epoch milliseconds and the message text.
struct Event {
  int64_t timestamp = 0;
  std::string message;
};

class LogStore;

class Service {
 public:
  static core::Result<std::unique_ptr<Service>> Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       Options options = {});
  ~Service();  // stops the sweeper
  void RegisterOperations(net::Registry& registry);

  // For other services (a function's output, a job's log): appends events to group/stream in the
  // account's region, creating the group and the stream when missing, as Lambda's runtime does.
  // Events are sorted by timestamp first. InternalFailure on storage errors.
  core::Status Write(std::string_view region, std::string_view group, std::string_view stream,
                     std::vector<Event> events);

  // Retention: a background pass every Options::retention_sweep_interval; SweepNow runs one on the
  // caller's thread.
  void StartRetentionSweeper();
  void StopRetentionSweeper();
  core::Status SweepNow();

  // The operations (group_ops.cpp, stream_ops.cpp, event_ops.cpp, tag_ops.cpp).
  core::Result<net::Output> CreateLogGroup(const net::Call& call);
  core::Result<net::Output> DeleteLogGroup(const net::Call& call);
  core::Result<net::Output> DescribeLogGroups(const net::Call& call);
  core::Result<net::Output> PutRetentionPolicy(const net::Call& call);
  core::Result<net::Output> DeleteRetentionPolicy(const net::Call& call);
  core::Result<net::Output> CreateLogStream(const net::Call& call);
  core::Result<net::Output> DeleteLogStream(const net::Call& call);
  core::Result<net::Output> DescribeLogStreams(const net::Call& call);
  core::Result<net::Output> PutLogEvents(const net::Call& call);
  core::Result<net::Output> GetLogEvents(const net::Call& call);
  core::Result<net::Output> FilterLogEvents(const net::Call& call);
  core::Result<net::Output> TagResource(const net::Call& call);
  core::Result<net::Output> UntagResource(const net::Call& call);
  core::Result<net::Output> ListTagsForResource(const net::Call& call);
  core::Result<net::Output> TagLogGroup(const net::Call& call);
  core::Result<net::Output> UntagLogGroup(const net::Call& call);
  core::Result<net::Output> ListTagsLogGroup(const net::Call& call);

 private:
  Service(storage::Rocks& rocks, const core::Clock& clock, Options options);
  int64_t NowMs() const;
  // IAM condition keys (tag_ops.cpp): aws:RequestTag/<key> and aws:TagKeys of tagging requests,
  // aws:ResourceTag/<key> of the log group a request acts on.
  net::AuthorizationExtras TagConditionKeys(const net::Call& call) const;

  struct Sweeper;
  std::unique_ptr<LogStore> store_;
  const core::Clock& clock_;
  Options options_;
  // Serializes every read-modify-write of group and stream records (and sequence numbers).
  std::mutex write_mutex_;
  std::unique_ptr<Sweeper> sweeper_;
};

}  // namespace tarn::logs
