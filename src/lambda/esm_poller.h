#pragma once
// MappingPollers: one background worker per enabled event source mapping. Each worker sleeps until
// streams::Service::Subscribe wakes it (or a 1 s safety tick), reads the stream's shards in lineage order
// from the mapping's durable checkpoints, filters, batches and delivers through esm_delivery.h, then
// moves the checkpoint. Private to src/lambda. Thread-safe: Apply/Remove/StopAll may be called from
// any thread; each worker owns its mapping copy.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "lambda/esm_delivery.h"
#include "lambda/event_source_mapping.h"
#include "streams/streams.h"

namespace tarn::lambda {

struct PollerDeps {
  streams::Service& streams;
  MappingStore& store;
  const core::Clock& clock;
  // Invokes the mapping's function synchronously with `payload`.
  std::function<DeliveryAttempt(const EventSourceMapping&, const std::string& payload)> invoke;
  // Sends a discarded batch to the mapping's on-failure destination (if any).
  std::function<void(const EventSourceMapping&, std::string_view shard_id, const DiscardedBatch&)> discard;
};

class MappingPollers {
 public:
  explicit MappingPollers(PollerDeps deps);
  ~MappingPollers();  // StopAll()

  // Runs the mapping's worker with this configuration (restarting it when one runs), or stops it when
  // the mapping is disabled.
  void Apply(const EventSourceMapping& mapping);
  // Stops the mapping's worker (Delete).
  void Remove(const std::string& uuid);
  // Tells every worker to stop without waiting (then shut the function processes down, so in-flight
  // invocations end, and call StopAll).
  void RequestStop();
  // Stops every worker, waiting for in-flight invocations; Apply after StopAll is ignored.
  void StopAll();
  // The LastProcessingResult a worker reached, if it processed anything since tarn started.
  std::optional<std::string> LastProcessingResult(const std::string& uuid) const;

 private:
  class Worker;
  PollerDeps deps_;
  mutable std::mutex mu_;
  bool stopped_ = false;
  std::map<std::string, std::unique_ptr<Worker>> workers_;
  std::shared_ptr<std::map<std::string, std::string>> results_;
  std::shared_ptr<std::mutex> results_mu_;
};

}  // namespace tarn::lambda
