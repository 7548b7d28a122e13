#pragma once
// ClientRequestToken idempotency of TransactWriteItems, kept in memory (not persisted: a restart
// forgets the tokens, as if 10 minutes had passed). "A client token is valid for 10 minutes after the
// first request that uses it is completed"; the same token with the same request answers as the first
// call did without applying it again; with other parameters it is an IdempotentParameterMismatch
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
// Only completed (successful) transactions are remembered: a cancelled or failed one changed nothing,
// so its retry runs again. Thread-safe.

#include <boost/json/object.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"

namespace tarn::dynamodb {

inline constexpr std::chrono::minutes kClientTokenLifetime{10};

class ClientTokens {
 public:
  enum class State { kNew, kReplay, kMismatch, kInProgress };
  struct Lookup {
    State state = State::kNew;
    boost::json::object output;  // kReplay: the first call's answer
  };

  // scope: account + region; request: the request without its token, serialized. kNew reserves the
  // token: the caller must Complete or Abandon it.
  Lookup Begin(const std::string& scope, const std::string& token, const std::string& request,
               core::TimePoint now);
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

  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;                        // scope + '\n' + token
  std::deque<std::pair<core::TimePoint, std::string>> expiry_;  // completion order = expiry order
};

}  // namespace tarn::dynamodb
