// The ClientRequestToken table (client_tokens.h).
#include "dynamodb/client_tokens.h"

namespace tarn::dynamodb {
namespace {

std::string KeyOf(const std::string& scope, const std::string& token) { return scope + '\n' + token; }

}  // namespace

void ClientTokens::Expire(core::TimePoint now) {
  while (!expiry_.empty() && expiry_.front().first <= now) {
    auto found = entries_.find(expiry_.front().second);
    // A token re-used after expiry has a later entry: only the entry that expires now goes.
    if (found != entries_.end() && found->second.done && found->second.expires <= now) entries_.erase(found);
    expiry_.pop_front();
  }
}

ClientTokens::Lookup ClientTokens::Begin(const std::string& scope, const std::string& token,
                                         const std::string& request, core::TimePoint now) {
  std::lock_guard lock(mu_);
  Expire(now);
  std::string key = KeyOf(scope, token);
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    entries_[key].request = request;
    return {};
  }
  const Entry& entry = found->second;
  if (entry.request != request) return {State::kMismatch, {}};
  if (!entry.done) return {State::kInProgress, {}};
  return {State::kReplay, entry.output};
}

void ClientTokens::Complete(const std::string& scope, const std::string& token, boost::json::object output,
                            core::TimePoint now) {
  std::lock_guard lock(mu_);
  std::string key = KeyOf(scope, token);
  Entry& entry = entries_[key];
  entry.done = true;
  entry.output = std::move(output);
  entry.expires = now + kClientTokenLifetime;
  expiry_.emplace_back(entry.expires, key);
}

void ClientTokens::Abandon(const std::string& scope, const std::string& token) {
  std::lock_guard lock(mu_);
  auto found = entries_.find(KeyOf(scope, token));
  if (found != entries_.end() && !found->second.done) entries_.erase(found);
}

size_t ClientTokens::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace tarn::dynamodb
