// iam::CredentialStore: root key, IAM users' access keys and STS sessions behind SigV4 (iam.h).
// Nothing is cached here: every request reads the Store, so a deleted or deactivated key stops
// working on the next request.
#include <shared_mutex>

#include "core/time_format.h"
#include "iam/iam.h"
#include "iam/session_store.h"
#include "iam/store.h"

namespace tarn::iam {

CredentialStore::CredentialStore(const Service& iam, auth::Credential root)
    : iam_(iam), root_(std::move(root)) {}

std::optional<auth::Credential> CredentialStore::Find(std::string_view access_key_id) const {
  if (access_key_id == root_.access_key_id) return root_;
  if (access_key_id.starts_with("ASIA")) {
    std::shared_ptr<const Session> session = iam_.sessions().Find(access_key_id);
    if (!session) return std::nullopt;
    auth::Credential c;
    c.access_key_id = session->access_key_id;
    c.secret_access_key = session->secret_access_key;
    c.session_token = session->session_token;
    c.principal = session->principal;
    c.expiration = session->expiration;
    return c;
  }
  const Store& store = iam_.store();
  std::shared_lock lock(store.mutex());
  auto it = store.keys.find(std::string(access_key_id));
  if (it == store.keys.end()) return std::nullopt;
  const AccessKey& key = it->second;
  auto user = store.users.find(Fold(key.user_name));
  if (user == store.users.end()) return std::nullopt;
  auth::Credential c;
  c.access_key_id = key.id;
  c.secret_access_key = key.secret;
  c.active = key.status == "Active";
  c.principal.type = core::Principal::Type::kUser;
  c.principal.arn = user->second.arn;
  c.principal.user_id = user->second.id;
  c.principal.name = user->second.name;
  return c;
}

}  // namespace tarn::iam
