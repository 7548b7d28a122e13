#pragma once
// The policy-bearing entities (users, groups, roles) seen through what they share, so inline
// policies, attachments and boundaries have one implementation for the three kinds. Call under
// the Store's mutex (shared for PermissionsOf, exclusive for ChangePermissions). Not synchronized.

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "iam/store.h"

namespace tarn::iam {

// kind: "User", "Group" or "Role" (as in the operation names).
struct EntityView {
  const Permissions* permissions = nullptr;
  const std::string* boundary = nullptr;  // nullptr for groups (they have none)
  std::string name;                       // the entity's own spelling
};
// NoSuchEntity "The user with name x cannot be found." when absent.
core::Result<EntityView> ViewEntity(Store& store, std::string_view kind, std::string_view name);

// Copies the entity, applies change(permissions, boundary-or-nullptr) and, if that succeeds,
// commits the copy and swaps it in.
using PermissionsChange = std::function<core::Status(Permissions&, std::string*)>;
core::Status ChangeEntity(Store& store, std::string_view kind, std::string_view name,
                          const PermissionsChange& change);

// "user", "group", "role": kind in IAM messages.
std::string LowerKind(std::string_view kind);

}  // namespace tarn::iam
