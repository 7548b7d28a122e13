#pragma once
// SessionStore: STS temporary credentials (AssumeRole, GetSessionToken), kept in memory for the
// credential lookup of every request and persisted in column family "sts" so they survive a
// restart until they expire (docs/storage-formats.md, "sts"). Sessions that expired more than
// kExpiredRetention ago are deleted lazily, when a new session is issued and at start; until then
// a request with them gets ExpiredToken rather than InvalidClientTokenId. Thread-safe.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/principal.h"
#include "core/result.h"
#include "iam/records.h"
#include "storage/rocks.h"

namespace tarn::iam {

inline constexpr std::chrono::hours kExpiredRetention{24};

struct Session {
  std::string access_key_id, secret_access_key, session_token;
  core::TimePoint expiration;
  core::Principal principal;  // kAssumedRole (name = role name) or kUser (GetSessionToken)
  Document policy;            // the session policy; compiled is nullptr when none was given
  Tags tags;                  // session tags (aws:PrincipalTag, over the role's own)
};

class SessionStore {
 public:
  // Loads the sessions of family "sts", deleting those expired more than kExpiredRetention ago.
  static core::Result<std::unique_ptr<SessionStore>> Open(storage::Rocks& rocks, const core::Clock& clock);

  // Stores a new session durably (and sweeps long-expired ones in the same batch).
  core::Status Add(Session session);
  // nullptr when unknown.
  std::shared_ptr<const Session> Find(std::string_view access_key_id) const;
  size_t size() const;

 private:
  SessionStore(storage::Rocks& rocks, const core::Clock& clock);
  storage::Rocks& rocks_;
  const core::Clock& clock_;
  const storage::ColumnFamily& cf_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const Session>, std::less<>> sessions_;
};

}  // namespace tarn::iam
