// The event source mapping workers: shard walking, checkpoints, filtering and batching windows.
// https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html (polling and batching, starting positions,
// shard lineage: a child shard is read once its parent is finished);
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html (records matching no filter
// are dropped, and their position is checkpointed like delivered ones).
#include "lambda/esm_poller.h"

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <condition_variable>
#include <thread>

#include "core/json_depth.h"
#include "core/log.h"
#include "events/pattern/pattern.h"

namespace tarn::lambda {

namespace {

// Without a wake-up (an append to the stream), a worker looks again after this long: it notices a
// stream that appeared or shards that the trimmer removed.
constexpr auto kIdleTick = std::chrono::seconds(1);

int64_t NowMillis(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
}

// The lane of a record under ParallelizationFactor: by its partition key's value (all of Keys when
// the key is unknown), so one key's records stay in one lane, in order.
size_t LaneOf(const boost::json::value& v, const std::string& partition_key, size_t lanes) {
  std::string key;
  const boost::json::object* keys = nullptr;
  if (v.is_object()) {
    if (const auto* d = v.get_object().if_contains("dynamodb"); d && d->is_object()) {
      if (const auto* k = d->get_object().if_contains("Keys"); k && k->is_object()) keys = &k->get_object();
    }
  }
  if (keys) {
    const auto* pk = partition_key.empty() ? nullptr : keys->if_contains(partition_key);
    key = pk ? boost::json::serialize(*pk) : boost::json::serialize(*keys);
  }
  return std::hash<std::string>{}(key) % lanes;
}

}  // namespace

class MappingPollers::Worker {
 public:
  Worker(PollerDeps& deps, EventSourceMapping mapping,
         std::shared_ptr<std::map<std::string, std::string>> results, std::shared_ptr<std::mutex> results_mu)
      : deps_(deps),
        mapping_(std::move(mapping)),
        results_(std::move(results)),
        results_mu_(std::move(results_mu)) {
    for (const auto& text : mapping_.filter_patterns) {
      // Validated by CreateEventSourceMapping/UpdateEventSourceMapping.
      if (auto p = events::pattern::Pattern::Parse(text); p.ok()) filters_.push_back(std::move(*p));
    }
    policy_.maximum_retry_attempts = mapping_.maximum_retry_attempts;
    policy_.maximum_record_age = mapping_.maximum_record_age;
    policy_.bisect_batch_on_function_error = mapping_.bisect_batch_on_function_error;
    policy_.report_batch_item_failures = mapping_.report_batch_item_failures;
    thread_ = std::thread([this] { Run(); });
  }

  ~Worker() {
    RequestStop();
    thread_.join();
  }

  void RequestStop() {
    {
      std::lock_guard lock(signal_->mu);
      signal_->stopping = true;
    }
    signal_->wake.notify_all();
  }

 private:
  void Run() {
    // The streams service may still run a callback it picked up just before Unsubscribe, so the callback
    // holds the signal, never the worker.
    uint64_t subscription = deps_.streams.Subscribe(mapping_.event_source_arn, [signal = signal_] {
      {
        std::lock_guard lock(signal->mu);
        signal->woken = true;
      }
      signal->wake.notify_all();
    });
    auto loaded = deps_.store.Checkpoints(mapping_.uuid);
    if (loaded.ok()) {
      checkpoints_ = std::move(*loaded);
    } else {
      log::error("lambda: event source mapping {}: cannot read its checkpoints: {}", mapping_.uuid,
                 loaded.error().message);
    }
    while (loaded.ok()) {
      {
        std::lock_guard lock(signal_->mu);
        if (signal_->stopping) break;
        signal_->woken = false;
      }
      if (Step()) continue;
      std::unique_lock lock(signal_->mu);
      signal_->wake.wait_for(lock, kIdleTick, [&] { return signal_->stopping || signal_->woken; });
    }
    deps_.streams.Unsubscribe(subscription);
  }

  // Sleeps up to `d` unless stopping; false when stopping.
  bool Wait(std::chrono::milliseconds d) {
    std::unique_lock lock(signal_->mu);
    signal_->wake.wait_for(lock, d, [&] { return signal_->stopping; });
    return !signal_->stopping;
  }

  // Works on the first shard (in lineage order) not finished yet; true when it made progress.
  bool Step() {
    auto view = deps_.streams.DescribeForConsumer(mapping_.event_source_arn);
    if (!view) return false;
    for (const auto& shard : view->shards) {
      auto it = checkpoints_.find(shard.shard_id);
      if (it != checkpoints_.end() && it->second.done) continue;
      uint64_t from = it != checkpoints_.end() ? it->second.next : shard.trim_horizon;
      return ReadShard(shard, from, view->partition_key);
    }
    return false;
  }

  // `v`: the record's parsed JSON (null when unreadable).
  bool Matches(const boost::json::value& v) const {
    if (filters_.empty()) return true;
    if (v.is_null()) return false;
    for (const auto& f : filters_)
      if (f.Matches(v)) return true;
    return false;
  }

  bool ReadShard(const streams::ConsumerShard& shard, uint64_t from, const std::string& partition_key) {
    const size_t lanes = static_cast<size_t>(std::max(1, mapping_.parallelization_factor));
    auto read = deps_.streams.ReadRecords(mapping_.event_source_arn, shard.shard_id, from,
                                          static_cast<size_t>(mapping_.batch_size) * lanes);
    if (!read.ok()) {
      log::warn("lambda: event source mapping {}: cannot read shard {}: {}", mapping_.uuid, shard.shard_id,
                read.error().message);
      return false;
    }
    if (read->records.empty()) {
      if (!read->end_of_shard) return false;
      return SaveCheckpoint(shard.shard_id, {0, true});
    }
    // MaximumBatchingWindowInSeconds: wait for a fuller batch until the first record is that old.
    if (read->records.size() < static_cast<size_t>(mapping_.batch_size) &&
        mapping_.maximum_batching_window > 0 && !read->end_of_shard) {
      int64_t deadline = read->records.front().created_ms + int64_t{mapping_.maximum_batching_window} * 1000;
      int64_t now = NowMillis(deps_.clock);
      if (now < deadline) return Wait(std::chrono::milliseconds(deadline - now));
    }
    // Each record is parsed once, for the filters and the lanes, and only when either needs it.
    std::vector<streams::ConsumedRecord> selected;
    std::vector<size_t> lane_of;  // lanes > 1: the lane of each selected record
    for (auto& r : read->records) {
      boost::json::value v;
      if (!filters_.empty() || lanes > 1) {
        boost::system::error_code ec;
        v = boost::json::parse(r.json, ec, {}, core::DeepJson());
        if (ec) v = nullptr;
      }
      if (!Matches(v)) continue;
      if (lanes > 1) lane_of.push_back(LaneOf(v, partition_key, lanes));
      selected.push_back(std::move(r));
    }
    if (!selected.empty()) {
      bool delivered = lanes == 1 ? Deliver(shard.shard_id, selected)
                                  : DeliverInLanes(shard.shard_id, std::move(selected), lane_of, lanes);
      if (!delivered) return false;
    }
    return SaveCheckpoint(shard.shard_id, {read->next, read->end_of_shard});
  }

  // ParallelizationFactor > 1
  // (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-ddb-params): up to `lanes` batches
  // of one shard run at once, records of one partition key always in the same lane and in order. The shard's
  // checkpoint moves only when every lane is done, so a restart redelivers at most this read.
  bool DeliverInLanes(const std::string& shard_id, std::vector<streams::ConsumedRecord> records,
                      const std::vector<size_t>& lane_of, size_t lanes) {
    std::vector<std::vector<streams::ConsumedRecord>> lane(lanes);
    for (size_t i = 0; i < records.size(); ++i) lane[lane_of[i]].push_back(std::move(records[i]));
    const size_t batch = static_cast<size_t>(mapping_.batch_size);
    std::atomic<bool> finished = true;
    std::vector<std::thread> threads;
    for (auto& mine : lane) {
      if (mine.empty()) continue;
      threads.emplace_back([&, &mine = mine] {
        for (size_t at = 0; at < mine.size() && finished; at += batch) {
          std::vector<streams::ConsumedRecord> part(
              mine.begin() + static_cast<std::ptrdiff_t>(at),
              mine.begin() + static_cast<std::ptrdiff_t>(std::min(mine.size(), at + batch)));
          if (!Deliver(shard_id, part)) finished = false;
        }
      });
    }
    for (auto& t : threads) t.join();
    return finished;
  }

  bool Deliver(const std::string& shard_id, const std::vector<streams::ConsumedRecord>& records) {
    DeliveryCallbacks callbacks;
    callbacks.invoke = [&](std::span<const streams::ConsumedRecord> part) {
      DeliveryAttempt attempt = deps_.invoke(mapping_, RenderStreamEvent(part, mapping_.event_source_arn));
      // A failure during shutdown may be the shutdown itself (the process killed): it says nothing about
      // the records, which stay undelivered (not discarded) and are delivered again after the restart.
      std::lock_guard lock(signal_->mu);
      if (signal_->stopping && !attempt.function_error.empty()) attempt.invoked = false;
      return attempt;
    };
    callbacks.discard = [&](const DiscardedBatch& batch) { deps_.discard(mapping_, shard_id, batch); };
    callbacks.wait = [&](std::chrono::milliseconds d) { return Wait(d); };
    callbacks.now_ms = [&] { return NowMillis(deps_.clock); };
    DeliveryOutcome outcome = DeliverBatch(records, policy_, callbacks);
    if (!outcome.result.empty()) {
      std::lock_guard lock(*results_mu_);
      std::string& current = (*results_)[mapping_.uuid];
      // Stored when it changes (rarely: most batches repeat "OK"), so it survives a restart.
      if (current != outcome.result) {
        if (auto stored = deps_.store.PutResult(mapping_.uuid, outcome.result); !stored.ok())
          log::warn("lambda: event source mapping {}: cannot store its LastProcessingResult: {}",
                    mapping_.uuid, stored.error().message);
      }
      current = outcome.result;
    }
    return outcome.finished;
  }

  bool SaveCheckpoint(const std::string& shard_id, const Checkpoint& checkpoint) {
    if (auto saved = deps_.store.PutCheckpoint(mapping_.uuid, shard_id, checkpoint); !saved.ok()) {
      log::error("lambda: event source mapping {}: cannot save its checkpoint: {}", mapping_.uuid,
                 saved.error().message);
      Wait(kIdleTick);
      return false;
    }
    checkpoints_[shard_id] = checkpoint;
    return true;
  }

  PollerDeps& deps_;
  const EventSourceMapping mapping_;
  std::shared_ptr<std::map<std::string, std::string>> results_;
  std::shared_ptr<std::mutex> results_mu_;
  std::vector<events::pattern::Pattern> filters_;
  RetryPolicy policy_;
  std::map<std::string, Checkpoint> checkpoints_;  // the worker thread's own
  // Wake-ups: appends to the stream, stop requests.
  struct Signal {
    std::mutex mu;
    std::condition_variable wake;
    bool stopping = false;
    bool woken = false;
  };
  std::shared_ptr<Signal> signal_ = std::make_shared<Signal>();
  std::thread thread_;
};

MappingPollers::MappingPollers(PollerDeps deps)
    : deps_(std::move(deps)),
      results_(std::make_shared<std::map<std::string, std::string>>()),
      results_mu_(std::make_shared<std::mutex>()) {}

MappingPollers::~MappingPollers() { StopAll(); }

void MappingPollers::Apply(const EventSourceMapping& mapping) {
  std::unique_ptr<Worker> old;
  std::lock_guard lock(mu_);
  if (stopped_) return;
  auto it = workers_.find(mapping.uuid);
  if (it != workers_.end()) {
    old = std::move(it->second);
    workers_.erase(it);
  }
  old.reset();  // joins: the new worker starts from the checkpoint the old one left
  if (mapping.enabled)
    workers_[mapping.uuid] = std::make_unique<Worker>(deps_, mapping, results_, results_mu_);
}

void MappingPollers::Remove(const std::string& uuid) {
  std::unique_ptr<Worker> old;
  {
    std::lock_guard lock(mu_);
    auto it = workers_.find(uuid);
    if (it == workers_.end()) return;
    old = std::move(it->second);
    workers_.erase(it);
  }
  old.reset();
  std::lock_guard lock(*results_mu_);
  results_->erase(uuid);
}

void MappingPollers::RequestStop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  for (auto& [uuid, worker] : workers_) worker->RequestStop();
}

void MappingPollers::StopAll() {
  std::map<std::string, std::unique_ptr<Worker>> all;
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    all.swap(workers_);
  }
  all.clear();
}

std::optional<std::string> MappingPollers::LastProcessingResult(const std::string& uuid) const {
  std::lock_guard lock(*results_mu_);
  auto it = results_->find(uuid);
  if (it == results_->end()) return std::nullopt;
  return it->second;
}

}  // namespace tarn::lambda
