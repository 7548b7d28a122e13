#pragma once
// Store: every IAM entity of the account, loaded from column family "iam" at start and kept in
// memory (IAM data is small and read on every request); each change is one durable WriteBatch,
// applied to memory only after it committed. Layout: docs/storage-formats.md, "iam".
//
// Thread-safety: handlers take mutex() shared to read and exclusively to change; Commit() is
// called with it held exclusively. The compiled-policy cache (PoliciesOfUser/PoliciesOfRole) has
// its own lock and is emptied by every Commit, so a change to a user, group, role, policy,
// attachment or boundary is seen by the next request.

#include <atomic>
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "iam/records.h"
#include "storage/rocks.h"

namespace tarn::iam {

// Everything evaluation needs about one principal, built once and shared by requests.
struct CompiledPrincipal {
  policy::PolicySet policies;  // identity + boundary (session and resource are per request)
  Tags tags;                   // aws:PrincipalTag/<key>
  std::string arn, id, name;
};

// When an access key was last used (GetAccessKeyLastUsed); kept in memory only.
struct KeyLastUsed {
  double date = 0;
  std::string service, region;
};

// Names are unique and looked up case-insensitively, as in IAM: maps are keyed by Fold(name).
std::string Fold(std::string_view name);
// The role name of arn:aws:iam::<account>:role[/path]/<name>; empty if it is not a role ARN.
std::string RoleNameOf(std::string_view arn);

class Store;
// Whether an instance profile holds the role (instance_profile_ops.cpp): such a role cannot be deleted.
bool InInstanceProfile(Store& store, std::string_view role_name);

class Store {
 public:
  // Loads every record and checks format-version/iam. aws_managed: the AWS-managed policies
  // (never stored). InternalFailure on storage errors or an unreadable record.
  static core::Result<std::unique_ptr<Store>> Open(storage::Rocks& rocks,
                                                   std::vector<ManagedPolicy> aws_managed);

  std::shared_mutex& mutex() const { return mutex_; }

  // The entities (guarded by mutex()). users/groups/roles by Fold(name); policies by ARN; keys by id.
  std::map<std::string, User> users;
  std::map<std::string, Group> groups;
  std::map<std::string, Role> roles;
  std::map<std::string, ManagedPolicy> policies;
  std::map<std::string, AccessKey> keys;
  // Entities kept as IAM renders them, by kind ("instance-profile", "login-profile", "account") and
  // Fold(name): what no evaluation reads, so no record type of its own.
  std::map<std::string, std::map<std::string, boost::json::object>> documents;
  boost::json::object* FindDocument(std::string_view kind, std::string_view name);
  // The documents of one kind, by Fold(name) (empty when there are none). Const: safe under a shared
  // lock, where documents[kind] would insert.
  const std::map<std::string, boost::json::object>& DocumentsOf(std::string_view kind) const;

  // Lookups under mutex(): nullptr when absent.
  User* FindUser(std::string_view name);
  Group* FindGroup(std::string_view name);
  Role* FindRole(std::string_view name);
  ManagedPolicy* FindPolicy(std::string_view arn);
  // The groups user_name belongs to, in name order.
  std::vector<const Group*> GroupsOf(std::string_view user_name) const;

  // Staging changes into a batch (under mutex() held exclusively).
  void Stage(storage::WriteBatch& batch, const User& user);
  void Stage(storage::WriteBatch& batch, const Group& group);
  void Stage(storage::WriteBatch& batch, const Role& role);
  void Stage(storage::WriteBatch& batch, const ManagedPolicy& policy);
  void Stage(storage::WriteBatch& batch, const AccessKey& key);
  void StageDeleteUser(storage::WriteBatch& batch, std::string_view name);
  void StageDeleteGroup(storage::WriteBatch& batch, std::string_view name);
  void StageDeleteRole(storage::WriteBatch& batch, std::string_view name);
  void StageDeletePolicy(storage::WriteBatch& batch, std::string_view arn);
  void StageDeleteKey(storage::WriteBatch& batch, std::string_view id);
  void StageDocument(storage::WriteBatch& batch, std::string_view kind, std::string_view name,
                     const boost::json::object& document);
  void StageDeleteDocument(storage::WriteBatch& batch, std::string_view kind, std::string_view name);
  // Stores (or erases) one document on its own, durably, then in `documents`.
  core::Status PutDocument(std::string_view kind, std::string_view name, boost::json::object document);
  core::Status EraseDocument(std::string_view kind, std::string_view name);
  // Writes the batch durably and drops every cached CompiledPrincipal. Call with mutex() held
  // exclusively, before changing the maps.
  core::Status Commit(storage::WriteBatch& batch);

  // The compiled policies of a user / role, from the cache or built (takes mutex() shared).
  // nullptr when there is no such user / role.
  std::shared_ptr<const CompiledPrincipal> PoliciesOfUser(std::string_view name) const;
  std::shared_ptr<const CompiledPrincipal> PoliciesOfRole(std::string_view name) const;
  // The same, built under a mutex() the caller already holds (SimulatePrincipalPolicy).
  std::shared_ptr<const CompiledPrincipal> BuildUser(const User& user) const;
  std::shared_ptr<const CompiledPrincipal> BuildRole(const Role& role) const;

  void RecordKeyUse(std::string_view key_id, KeyLastUsed use) const;
  std::optional<KeyLastUsed> LastUse(std::string_view key_id) const;

  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  explicit Store(storage::Rocks& rocks);
  core::Status Load();
  void AddPolicies(const Permissions& permissions, std::vector<policy::PolicyPtr>& out) const;
  policy::PolicyPtr BoundaryOf(const std::string& arn) const;
  std::shared_ptr<const CompiledPrincipal> Cached(const std::string& key) const;
  void Remember(const std::string& key, std::shared_ptr<const CompiledPrincipal> compiled,
                uint64_t gen) const;

  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  mutable std::shared_mutex mutex_;
  std::atomic<uint64_t> generation_{1};

  struct CacheEntry {
    uint64_t generation;
    std::shared_ptr<const CompiledPrincipal> compiled;
  };
  mutable std::shared_mutex cache_mutex_;
  mutable std::unordered_map<std::string, CacheEntry> cache_;

  mutable std::mutex last_used_mutex_;
  mutable std::unordered_map<std::string, KeyLastUsed> last_used_;
};

// How many users, groups and roles have the policy attached / as their boundary (under mutex()).
int64_t AttachmentCount(const Store& store, std::string_view arn);
int64_t BoundaryCount(const Store& store, std::string_view arn);

}  // namespace tarn::iam
