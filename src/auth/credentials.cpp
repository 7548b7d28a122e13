#include "auth/credentials.h"

#include <mutex>

namespace tarn::auth {

void StaticCredentialStore::Put(Credential credential) {
  std::unique_lock lock(mutex_);
  std::string key = credential.access_key_id;
  credentials_.insert_or_assign(std::move(key), std::move(credential));
}

void StaticCredentialStore::Remove(std::string_view access_key_id) {
  std::unique_lock lock(mutex_);
  auto it = credentials_.find(access_key_id);
  if (it != credentials_.end()) credentials_.erase(it);
}

std::optional<Credential> StaticCredentialStore::Find(std::string_view access_key_id) const {
  std::shared_lock lock(mutex_);
  auto it = credentials_.find(access_key_id);
  if (it == credentials_.end()) return std::nullopt;
  return it->second;
}

}  // namespace tarn::auth
