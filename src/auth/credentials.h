#pragma once
// The credential seam between SigV4 verification and whoever owns access keys (IAM/STS later;
// the root key now). CredentialStore implementations must be thread-safe: the authenticator
// calls Find from every worker thread. StaticCredentialStore is a mutex-guarded map.

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/principal.h"

namespace tarn::auth {

struct Credential {
  std::string access_key_id, secret_access_key, session_token;  // token empty for long-term keys
  core::Principal principal;                                    // who the key belongs to
  bool active = true;                                           // IAM access key status
  std::optional<core::TimePoint> expiration;                    // temporary credentials
};

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  // The credential of that access key id, or nullopt when there is none (inactive keys are
  // returned with active = false so callers can tell them apart if they need to).
  virtual std::optional<Credential> Find(std::string_view access_key_id) const = 0;
};

// A thread-safe in-memory store (the root credentials; tests).
class StaticCredentialStore final : public CredentialStore {
 public:
  // Adds or replaces the credential of credential.access_key_id.
  void Put(Credential credential);
  void Remove(std::string_view access_key_id);
  std::optional<Credential> Find(std::string_view access_key_id) const override;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, Credential, std::less<>> credentials_;
};

}  // namespace tarn::auth
