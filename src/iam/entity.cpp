// Users, groups and roles as policy holders (entity.h).
#include "iam/entity.h"

#include "iam/errors.h"

namespace tarn::iam {

std::string LowerKind(std::string_view kind) { return Fold(kind); }

core::Result<EntityView> ViewEntity(Store& store, std::string_view kind, std::string_view name) {
  if (kind == "User") {
    if (const User* u = store.FindUser(name)) return EntityView{&u->permissions, &u->boundary, u->name};
  } else if (kind == "Group") {
    if (const Group* g = store.FindGroup(name)) return EntityView{&g->permissions, nullptr, g->name};
  } else if (const Role* r = store.FindRole(name)) {
    return EntityView{&r->permissions, &r->boundary, r->name};
  }
  return NoSuchNamedEntity(LowerKind(kind), name);
}

core::Status ChangeEntity(Store& store, std::string_view kind, std::string_view name,
                          const PermissionsChange& change) {
  if (kind == "User") {
    User* u = store.FindUser(name);
    if (!u) return NoSuchNamedEntity("user", name);
    User copy = *u;
    TARN_TRY(change(copy.permissions, &copy.boundary));
    storage::WriteBatch batch;
    store.Stage(batch, copy);
    TARN_TRY(store.Commit(batch));
    *u = std::move(copy);
    return core::Ok();
  }
  if (kind == "Group") {
    Group* g = store.FindGroup(name);
    if (!g) return NoSuchNamedEntity("group", name);
    Group copy = *g;
    TARN_TRY(change(copy.permissions, nullptr));
    storage::WriteBatch batch;
    store.Stage(batch, copy);
    TARN_TRY(store.Commit(batch));
    *g = std::move(copy);
    return core::Ok();
  }
  Role* r = store.FindRole(name);
  if (!r) return NoSuchNamedEntity("role", name);
  Role copy = *r;
  TARN_TRY(change(copy.permissions, &copy.boundary));
  storage::WriteBatch batch;
  store.Stage(batch, copy);
  TARN_TRY(store.Commit(batch));
  *r = std::move(copy);
  return core::Ok();
}

}  // namespace tarn::iam
