#pragma once
// The IAM entities of one account as tarn keeps them: users, groups, roles, customer-managed and
// AWS-managed policies, access keys. Plain value types (copied, changed and swapped in by the
// Store under its lock), their stored form (JSON records, docs/storage-formats.md "iam") and
// their wire shapes (the model's User, Group, Role, Policy, PolicyVersion, AccessKeyMetadata).
// Not synchronized.

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iam/policy/policy.h"

namespace tarn::iam {

using Tags = std::vector<std::pair<std::string, std::string>>;  // in the order they were added

// A policy document as written (the text clients get back) and as compiled (what evaluation uses).
struct Document {
  std::string text;
  policy::PolicyPtr compiled;
};
using InlinePolicies = std::map<std::string, Document>;  // by policy name

// What users, groups and roles share: the policies that apply to them.
struct Permissions {
  InlinePolicies inline_policies;
  std::vector<std::string> attached;  // managed policy ARNs, in attach order
};

struct User {
  std::string name, path = "/", id, arn;
  double create_date = 0;  // epoch seconds
  Tags tags;
  Permissions permissions;
  std::string boundary;  // permissions boundary policy ARN, empty when none
};

struct Group {
  std::string name, path = "/", id, arn;
  double create_date = 0;
  Permissions permissions;
  std::vector<std::string> members;  // user names, in the order they were added
};

struct Role {
  std::string name, path = "/", id, arn, description;
  double create_date = 0;
  int64_t max_session_duration = 3600;
  Document trust;  // AssumeRolePolicyDocument
  Tags tags;
  Permissions permissions;
  std::string boundary;
};

struct PolicyVersion {
  std::string id;  // "v1", "v2", ...
  Document document;
  double create_date = 0;
};

struct ManagedPolicy {
  std::string name, path = "/", id, arn, description;
  double create_date = 0, update_date = 0;
  std::string default_version;
  std::vector<PolicyVersion> versions;  // oldest first
  int64_t next_version = 1;
  Tags tags;
  bool aws_managed = false;  // arn:aws:iam::aws:policy/...: not stored, never changed

  const PolicyVersion* Version(std::string_view version_id) const;
  const PolicyVersion* DefaultVersion() const { return Version(default_version); }
};

struct AccessKey {
  std::string id, secret, user_name, status = "Active";
  double create_date = 0;
};

// Stored forms. The From* functions re-compile documents with policy::Policy::Parse and return
// nullopt for an unreadable record.
std::string ToRecord(const User& user);
std::string ToRecord(const Group& group);
std::string ToRecord(const Role& role);
std::string ToRecord(const ManagedPolicy& policy);
std::string ToRecord(const AccessKey& key);
std::optional<User> UserFromRecord(std::string_view record);
std::optional<Group> GroupFromRecord(std::string_view record);
std::optional<Role> RoleFromRecord(std::string_view record);
std::optional<ManagedPolicy> PolicyFromRecord(std::string_view record);
std::optional<AccessKey> AccessKeyFromRecord(std::string_view record);

// Wire shapes (member names as in the iam model; timestamps as epoch seconds).
boost::json::object UserShape(const User& user, bool with_tags);
boost::json::object GroupShape(const Group& group);
boost::json::object RoleShape(const Role& role, bool with_tags);
boost::json::object PolicyShape(const ManagedPolicy& policy, int64_t attachment_count,
                                int64_t boundary_count);
boost::json::object PolicyVersionShape(const ManagedPolicy& policy, const PolicyVersion& version,
                                       bool with_document);
boost::json::object AccessKeyMetadataShape(const AccessKey& key);
boost::json::array TagsShape(const Tags& tags);
// Policy documents in Get* outputs are URL-encoded, as IAM returns them (RFC 3986).
std::string EncodeDocument(std::string_view text);

}  // namespace tarn::iam
