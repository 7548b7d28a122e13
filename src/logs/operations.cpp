// The CloudWatch Logs operation table (name, IAM action, resources, handler), the Service's
// construction and the retention sweeper. IAM actions are "logs:<Operation>"; resources are the log
// group ARN (…:log-group:<name>) or, for operations on one stream, the stream ARN.
#include <condition_variable>
#include <thread>

#include "core/log.h"
#include "logs/input.h"
#include "logs/log_store.h"
#include "logs/logs.h"

namespace tarn::logs {
namespace {

using Method = core::Result<net::Output> (Service::*)(const net::Call&);
constexpr int64_t kDayMs = 24 * 3600 * 1000;

std::vector<std::string> GroupResource(const net::Call& call) {
  auto group = GroupOf(call.input);
  if (!group.ok()) return {};
  return {GroupArn(call.context.region, call.context.account_id, *group)};
}

std::vector<std::string> StreamResource(const net::Call& call) {
  auto group = GroupOf(call.input);
  auto stream = GetString(call.input, "logStreamName");
  if (!group.ok() || !stream) return {};
  return {StreamArn(call.context.region, call.context.account_id, *group, *stream)};
}

std::vector<std::string> AllGroups(const net::Call& call) {
  return {GroupArn(call.context.region, call.context.account_id, "*")};
}

std::vector<std::string> ArnResource(const net::Call& call) {
  if (auto arn = GetString(call.input, "resourceArn")) return {*arn};
  return {};
}

}  // namespace

struct Service::Sweeper {
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  std::thread thread;
};

Service::Service(storage::Rocks& rocks, const core::Clock& clock, Options options)
    : store_(std::make_unique<LogStore>(rocks)), clock_(clock), options_(options) {}

Service::~Service() { StopRetentionSweeper(); }

core::Result<std::unique_ptr<Service>> Service::Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       Options options) {
  TARN_TRY(rocks.CheckFormatVersion("logs", {1, 0}));
  return std::unique_ptr<Service>(new Service(rocks, clock, options));
}

int64_t Service::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count();
}

void Service::StartRetentionSweeper() {
  if (sweeper_) return;
  sweeper_ = std::make_unique<Sweeper>();
  sweeper_->thread = std::thread([this, s = sweeper_.get()] {
    std::unique_lock lock(s->mutex);
    while (!s->wake.wait_for(lock, options_.retention_sweep_interval, [s] { return s->stop; })) {
      lock.unlock();
      if (auto swept = SweepNow(); !swept.ok())
        log::warn("logs retention sweep failed: {}", swept.error().message);
      lock.lock();
    }
  });
}

void Service::StopRetentionSweeper() {
  if (!sweeper_) return;
  {
    std::lock_guard lock(sweeper_->mutex);
    sweeper_->stop = true;
  }
  sweeper_->wake.notify_all();
  sweeper_->thread.join();
  sweeper_.reset();
}

core::Status Service::SweepNow() {
  const int64_t now = NowMs();
  TARN_ASSIGN_OR_RETURN(auto regions, store_->Regions());
  for (const auto& region : regions) {
    TARN_ASSIGN_OR_RETURN(auto groups, store_->ListGroups(region));
    for (const auto& group : groups) {
      if (!group.retention_days) continue;
      TARN_ASSIGN_OR_RETURN(auto streams, store_->ListStreams(region, group.name));
      for (const auto& stream : streams) {
        TARN_TRY(store_->DeleteEventsBefore(region, group.name, stream.name,
                                            now - *group.retention_days * kDayMs));
      }
    }
  }
  return core::Ok();
}

void Service::RegisterOperations(net::Registry& registry) {
  struct Row {
    const char* name;
    Method method;
    net::ResourceFunction resources;
  };
  const Row rows[] = {
      {"CreateLogGroup", &Service::CreateLogGroup, GroupResource},
      {"DeleteLogGroup", &Service::DeleteLogGroup, GroupResource},
      {"DescribeLogGroups", &Service::DescribeLogGroups, AllGroups},
      {"PutRetentionPolicy", &Service::PutRetentionPolicy, GroupResource},
      {"DeleteRetentionPolicy", &Service::DeleteRetentionPolicy, GroupResource},
      {"CreateLogStream", &Service::CreateLogStream, GroupResource},
      {"DeleteLogStream", &Service::DeleteLogStream, GroupResource},
      {"DescribeLogStreams", &Service::DescribeLogStreams, GroupResource},
      {"PutLogEvents", &Service::PutLogEvents, StreamResource},
      {"GetLogEvents", &Service::GetLogEvents, StreamResource},
      {"FilterLogEvents", &Service::FilterLogEvents, GroupResource},
      {"TagResource", &Service::TagResource, ArnResource},
      {"UntagResource", &Service::UntagResource, ArnResource},
      {"ListTagsForResource", &Service::ListTagsForResource, ArnResource},
      {"TagLogGroup", &Service::TagLogGroup, GroupResource},
      {"UntagLogGroup", &Service::UntagLogGroup, GroupResource},
      {"ListTagsLogGroup", &Service::ListTagsLogGroup, GroupResource},
  };
  for (const Row& row : rows) {
    Method method = row.method;
    registry.Add("logs", {.name = row.name,
                          .iam_action = std::string("logs:") + row.name,
                          .resources = row.resources,
                          .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
                          .extras = [this](const net::Call& call) { return TagConditionKeys(call); }});
  }
}

}  // namespace tarn::logs
