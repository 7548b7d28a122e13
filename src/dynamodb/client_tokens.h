#pragma once
// ClientRequestToken idempotency of TransactWriteItems. "A client token is valid for 10 minutes after
// the first request that uses it is completed"; the same token with the same request answers as the
// first call did without applying it again; with other parameters it is an IdempotentParameterMismatch
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
// Only completed (successful) transactions are remembered: a cancelled or failed one changed nothing,
// so its retry runs again. A completed token is a record in family `dynamodb` (tag `K`, see
// docs/storage-formats.md) written in the transaction's own WriteBatch, so a restart remembers exactly
// the transactions that were applied; Load reads them back at start. Thread-safe.

#include <boost/json/object.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "storage/rocks.h"

namespace tarn::dynamodb {

inline constexpr std::chrono::minutes kClientTokenLifetime{10};

class ClientTokens {
 public:
  // Records live in `cf` of `rocks`; both outlive this.
  ClientTokens(storage::Rocks& rocks, const storage::ColumnFamily& cf) : rocks_(rocks), cf_(cf) {}
  // Reads the completed tokens back (deleting expired records); once, before the first Begin.
  core::Status Load(core::TimePoint now);

  enum class State { kNew, kReplay, kMismatch, kInProgress };
  struct Lookup {
    State state = State::kNew;
    boost::json::object output;  // kReplay: the first call's answer
  };

  // scope: account + region; request: the request without its token, serialized. kNew reserves the
  // token: the caller must Complete or Abandon it.
  Lookup Begin(const std::string& scope, const std::string& token, const std::string& request,
               core::TimePoint now);
  // Adds the completed token's record to the transaction's batch (before it is written).
  void StageComplete(const std::string& scope, const std::string& token, const std::string& request,
                     const boost::json::object& output, core::TimePoint now,
                     storage::WriteBatch& batch) const;
  // After that batch was written: the token now answers with `output`.
  void Complete(const std::string& scope, const std::string& token, boost::json::object output,
                core::TimePoint now);
  void Abandon(const std::string& scope, const std::string& token);
  size_t size() const;

 private:
  struct Entry {
    std::string request;
    bool done = false;
    boost::json::object output;
    core::TimePoint expires{};
  };
  void Expire(core::TimePoint now);

  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;                        // the record key (RecordKey)
  std::deque<std::pair<core::TimePoint, std::string>> expiry_;  // completion order = expiry order
};

}  // namespace tarn::dynamodb
