// Stored and wire forms of the IAM entities (records.h). Records are JSON objects; documents are
// stored as text and compiled again on load.
#include "iam/records.h"

#include <boost/json.hpp>

#include "core/encoding.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

double Num(const json::object& o, std::string_view key, double fallback = 0) {
  const auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return fallback;
}

std::optional<json::object> ParseObject(std::string_view record) {
  boost::system::error_code ec;
  json::value v = json::parse(record, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

json::array TagsRecord(const Tags& tags) {
  json::array out;
  for (const auto& [k, v] : tags) out.push_back(json::array{json::string(k), json::string(v)});
  return out;
}

Tags TagsFrom(const json::object& o) {
  Tags tags;
  const auto* a = o.if_contains("tags");
  if (!a || !a->is_array()) return tags;
  for (const auto& t : a->get_array()) {
    if (!t.is_array() || t.get_array().size() != 2 || !t.get_array()[0].is_string() ||
        !t.get_array()[1].is_string())
      continue;
    tags.emplace_back(std::string(t.get_array()[0].get_string()), std::string(t.get_array()[1].get_string()));
  }
  return tags;
}

std::optional<Document> Compile(std::string text, policy::PolicyKind kind) {
  auto parsed = policy::Policy::Parse(text, kind);
  if (!parsed.ok()) return std::nullopt;
  return Document{std::move(text), std::move(parsed).value()};
}

void PutPermissions(json::object& o, const Permissions& p) {
  json::object inline_policies;
  for (const auto& [name, doc] : p.inline_policies) inline_policies[name] = doc.text;
  o["inline"] = std::move(inline_policies);
  json::array attached;
  for (const auto& arn : p.attached) attached.push_back(json::string(arn));
  o["attached"] = std::move(attached);
}

bool GetPermissions(const json::object& o, Permissions& p) {
  if (const auto* i = o.if_contains("inline"); i && i->is_object()) {
    for (const auto& [name, text] : i->get_object()) {
      if (!text.is_string()) return false;
      auto doc = Compile(std::string(text.get_string()), policy::PolicyKind::kIdentity);
      if (!doc) return false;
      p.inline_policies.emplace(std::string(name), std::move(*doc));
    }
  }
  if (const auto* a = o.if_contains("attached"); a && a->is_array()) {
    for (const auto& arn : a->get_array())
      if (arn.is_string()) p.attached.emplace_back(arn.get_string());
  }
  return true;
}

void PutIdentity(json::object& o, std::string_view name, std::string_view path, std::string_view id,
                 std::string_view arn, double create_date) {
  o["name"] = name;
  o["path"] = path;
  o["id"] = id;
  o["arn"] = arn;
  o["create_date"] = create_date;
}

template <class Entity>
void GetIdentity(const json::object& o, Entity& e) {
  e.name = Str(o, "name");
  e.path = Str(o, "path");
  e.id = Str(o, "id");
  e.arn = Str(o, "arn");
  e.create_date = Num(o, "create_date");
}

json::object BoundaryShape(const std::string& arn) {
  json::object b;
  b["PermissionsBoundaryType"] = "Policy";
  b["PermissionsBoundaryArn"] = arn;
  return b;
}

}  // namespace

const PolicyVersion* ManagedPolicy::Version(std::string_view version_id) const {
  for (const auto& v : versions)
    if (v.id == version_id) return &v;
  return nullptr;
}

std::string ToRecord(const User& user) {
  json::object o;
  PutIdentity(o, user.name, user.path, user.id, user.arn, user.create_date);
  o["tags"] = TagsRecord(user.tags);
  PutPermissions(o, user.permissions);
  o["boundary"] = user.boundary;
  return json::serialize(o);
}

std::string ToRecord(const Group& group) {
  json::object o;
  PutIdentity(o, group.name, group.path, group.id, group.arn, group.create_date);
  PutPermissions(o, group.permissions);
  json::array members;
  for (const auto& m : group.members) members.push_back(json::string(m));
  o["members"] = std::move(members);
  return json::serialize(o);
}

std::string ToRecord(const Role& role) {
  json::object o;
  PutIdentity(o, role.name, role.path, role.id, role.arn, role.create_date);
  o["description"] = role.description;
  o["max_session_duration"] = role.max_session_duration;
  o["trust"] = role.trust.text;
  o["tags"] = TagsRecord(role.tags);
  PutPermissions(o, role.permissions);
  o["boundary"] = role.boundary;
  return json::serialize(o);
}

std::string ToRecord(const ManagedPolicy& policy) {
  json::object o;
  PutIdentity(o, policy.name, policy.path, policy.id, policy.arn, policy.create_date);
  o["description"] = policy.description;
  o["update_date"] = policy.update_date;
  o["default_version"] = policy.default_version;
  o["next_version"] = policy.next_version;
  json::array versions;
  for (const auto& v : policy.versions) {
    json::object vo;
    vo["id"] = v.id;
    vo["document"] = v.document.text;
    vo["create_date"] = v.create_date;
    versions.push_back(std::move(vo));
  }
  o["versions"] = std::move(versions);
  o["tags"] = TagsRecord(policy.tags);
  return json::serialize(o);
}

std::string ToRecord(const AccessKey& key) {
  json::object o;
  o["id"] = key.id;
  o["secret"] = key.secret;
  o["user"] = key.user_name;
  o["status"] = key.status;
  o["create_date"] = key.create_date;
  return json::serialize(o);
}

std::optional<User> UserFromRecord(std::string_view record) {
  auto o = ParseObject(record);
  if (!o) return std::nullopt;
  User u;
  GetIdentity(*o, u);
  u.tags = TagsFrom(*o);
  if (!GetPermissions(*o, u.permissions)) return std::nullopt;
  u.boundary = Str(*o, "boundary");
  if (u.name.empty()) return std::nullopt;
  return u;
}

std::optional<Group> GroupFromRecord(std::string_view record) {
  auto o = ParseObject(record);
  if (!o) return std::nullopt;
  Group g;
  GetIdentity(*o, g);
  if (!GetPermissions(*o, g.permissions)) return std::nullopt;
  if (const auto* m = o->if_contains("members"); m && m->is_array())
    for (const auto& name : m->get_array())
      if (name.is_string()) g.members.emplace_back(name.get_string());
  if (g.name.empty()) return std::nullopt;
  return g;
}

std::optional<Role> RoleFromRecord(std::string_view record) {
  auto o = ParseObject(record);
  if (!o) return std::nullopt;
  Role r;
  GetIdentity(*o, r);
  r.description = Str(*o, "description");
  r.max_session_duration = static_cast<int64_t>(Num(*o, "max_session_duration", 3600));
  auto trust = Compile(Str(*o, "trust"), policy::PolicyKind::kTrust);
  if (!trust) return std::nullopt;
  r.trust = std::move(*trust);
  r.tags = TagsFrom(*o);
  if (!GetPermissions(*o, r.permissions)) return std::nullopt;
  r.boundary = Str(*o, "boundary");
  if (r.name.empty()) return std::nullopt;
  return r;
}

std::optional<ManagedPolicy> PolicyFromRecord(std::string_view record) {
  auto o = ParseObject(record);
  if (!o) return std::nullopt;
  ManagedPolicy p;
  GetIdentity(*o, p);
  p.description = Str(*o, "description");
  p.update_date = Num(*o, "update_date");
  p.default_version = Str(*o, "default_version");
  p.next_version = static_cast<int64_t>(Num(*o, "next_version", 1));
  if (const auto* vs = o->if_contains("versions"); vs && vs->is_array()) {
    for (const auto& v : vs->get_array()) {
      if (!v.is_object()) return std::nullopt;
      PolicyVersion version;
      version.id = Str(v.get_object(), "id");
      version.create_date = Num(v.get_object(), "create_date");
      auto doc = Compile(Str(v.get_object(), "document"), policy::PolicyKind::kIdentity);
      if (!doc) return std::nullopt;
      version.document = std::move(*doc);
      p.versions.push_back(std::move(version));
    }
  }
  p.tags = TagsFrom(*o);
  if (p.name.empty() || !p.DefaultVersion()) return std::nullopt;
  return p;
}

std::optional<AccessKey> AccessKeyFromRecord(std::string_view record) {
  auto o = ParseObject(record);
  if (!o) return std::nullopt;
  AccessKey k;
  k.id = Str(*o, "id");
  k.secret = Str(*o, "secret");
  k.user_name = Str(*o, "user");
  k.status = Str(*o, "status");
  k.create_date = Num(*o, "create_date");
  if (k.id.empty() || k.user_name.empty()) return std::nullopt;
  return k;
}

json::array TagsShape(const Tags& tags) {
  json::array out;
  for (const auto& [k, v] : tags) {
    json::object t;
    t["Key"] = k;
    t["Value"] = v;
    out.push_back(std::move(t));
  }
  return out;
}

json::object UserShape(const User& user, bool with_tags) {
  json::object o;
  o["Path"] = user.path;
  o["UserName"] = user.name;
  o["UserId"] = user.id;
  o["Arn"] = user.arn;
  o["CreateDate"] = user.create_date;
  if (!user.boundary.empty()) o["PermissionsBoundary"] = BoundaryShape(user.boundary);
  if (with_tags && !user.tags.empty()) o["Tags"] = TagsShape(user.tags);
  return o;
}

json::object GroupShape(const Group& group) {
  json::object o;
  o["Path"] = group.path;
  o["GroupName"] = group.name;
  o["GroupId"] = group.id;
  o["Arn"] = group.arn;
  o["CreateDate"] = group.create_date;
  return o;
}

json::object RoleShape(const Role& role, bool with_tags) {
  json::object o;
  o["Path"] = role.path;
  o["RoleName"] = role.name;
  o["RoleId"] = role.id;
  o["Arn"] = role.arn;
  o["CreateDate"] = role.create_date;
  o["AssumeRolePolicyDocument"] = EncodeDocument(role.trust.text);
  if (!role.description.empty()) o["Description"] = role.description;
  o["MaxSessionDuration"] = role.max_session_duration;
  if (!role.boundary.empty()) o["PermissionsBoundary"] = BoundaryShape(role.boundary);
  if (with_tags && !role.tags.empty()) o["Tags"] = TagsShape(role.tags);
  if (with_tags) o["RoleLastUsed"] = json::object();
  return o;
}

json::object PolicyShape(const ManagedPolicy& policy, int64_t attachment_count, int64_t boundary_count) {
  json::object o;
  o["PolicyName"] = policy.name;
  o["PolicyId"] = policy.id;
  o["Arn"] = policy.arn;
  o["Path"] = policy.path;
  o["DefaultVersionId"] = policy.default_version;
  o["AttachmentCount"] = attachment_count;
  o["PermissionsBoundaryUsageCount"] = boundary_count;
  o["IsAttachable"] = true;
  if (!policy.description.empty()) o["Description"] = policy.description;
  o["CreateDate"] = policy.create_date;
  o["UpdateDate"] = policy.update_date;
  if (!policy.tags.empty()) o["Tags"] = TagsShape(policy.tags);
  return o;
}

json::object PolicyVersionShape(const ManagedPolicy& policy, const PolicyVersion& version,
                                bool with_document) {
  json::object o;
  if (with_document) o["Document"] = EncodeDocument(version.document.text);
  o["VersionId"] = version.id;
  o["IsDefaultVersion"] = version.id == policy.default_version;
  o["CreateDate"] = version.create_date;
  return o;
}

json::object AccessKeyMetadataShape(const AccessKey& key) {
  json::object o;
  o["UserName"] = key.user_name;
  o["AccessKeyId"] = key.id;
  o["Status"] = key.status;
  o["CreateDate"] = key.create_date;
  return o;
}

std::string EncodeDocument(std::string_view text) { return core::UriEncode(text); }

}  // namespace tarn::iam
