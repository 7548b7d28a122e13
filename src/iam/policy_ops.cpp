// Implements: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, CreatePolicyVersion,
// GetPolicyVersion, DeletePolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion, TagPolicy,
// UntagPolicy, ListPolicyTags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html (and the pages of the others)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
#include <mutex>
#include <shared_mutex>

#include "core/ids.h"
#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/store.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
constexpr size_t kMaxPolicyVersions = 5;

core::Result<ManagedPolicy*> NeedPolicy(Store& store, std::string_view arn) {
  ManagedPolicy* policy = store.FindPolicy(arn);
  if (!policy) return NoSuchPolicy(arn);
  return policy;
}

core::Result<ManagedPolicy*> NeedCustomerPolicy(Store& store, std::string_view arn) {
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * policy, NeedPolicy(store, arn));
  if (policy->aws_managed)
    return core::AwsError("AccessDenied", "AWS-managed policies cannot be changed.", 403);
  return policy;
}

bool Attached(const Permissions& p, std::string_view arn) {
  for (const auto& a : p.attached)
    if (a == arn) return true;
  return false;
}

core::AwsError NoSuchVersion(std::string_view arn, std::string_view version) {
  return NoSuchEntity("Policy " + std::string(arn) + " version " + std::string(version) +
                      " does not exist or is not attachable.");
}

}  // namespace

int64_t AttachmentCount(const Store& store, std::string_view arn) {
  int64_t n = 0;
  for (const auto& [_, u] : store.users) n += Attached(u.permissions, arn);
  for (const auto& [_, g] : store.groups) n += Attached(g.permissions, arn);
  for (const auto& [_, r] : store.roles) n += Attached(r.permissions, arn);
  return n;
}

int64_t BoundaryCount(const Store& store, std::string_view arn) {
  int64_t n = 0;
  for (const auto& [_, u] : store.users) n += u.boundary == arn;
  for (const auto& [_, r] : store.roles) n += r.boundary == arn;
  return n;
}

core::Result<net::Output> Service::CreatePolicy(const net::Call& call) {
  std::string name = InputString(call, "PolicyName");
  TARN_ASSIGN_OR_RETURN(Document document,
                        ParseDocument(InputString(call, "PolicyDocument"), policy::PolicyKind::kIdentity,
                                      {.require_version_2012 = true}));
  std::unique_lock lock(store_->mutex());
  for (const auto& [_, p] : store_->policies)
    if (!p.aws_managed && Fold(p.name) == Fold(name))
      return EntityAlreadyExists("A policy called " + name +
                                 " already exists. Duplicate names are not allowed.");
  ManagedPolicy policy;
  policy.name = name;
  policy.path = InputPath(call);
  policy.id = core::NewUniqueId("ANPA");
  policy.arn = IamArn("policy", policy.path, name);
  policy.description = InputString(call, "Description");
  policy.create_date = policy.update_date = Now();
  policy.versions.push_back(PolicyVersion{"v1", std::move(document), policy.create_date});
  policy.default_version = "v1";
  policy.next_version = 2;
  TARN_TRY(MergeTags(policy.tags, InputTags(call), kPolicyTagRules));
  storage::WriteBatch batch;
  store_->Stage(batch, policy);
  TARN_TRY(store_->Commit(batch));
  net::Output out;
  json::object shape = PolicyShape(policy, 0, 0);
  shape.erase("Description");  // CreatePolicy's answer leaves it out (test_policy_tag_lifecycle, recorded)
  out.json["Policy"] = std::move(shape);
  std::string arn = policy.arn;
  store_->policies.emplace(std::move(arn), std::move(policy));
  return out;
}

core::Result<net::Output> Service::GetPolicy(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * policy, NeedPolicy(*store_, InputString(call, "PolicyArn")));
  net::Output out;
  json::object shape =
      PolicyShape(*policy, AttachmentCount(*store_, policy->arn), BoundaryCount(*store_, policy->arn));
  if (!shape.contains("Tags")) shape["Tags"] = json::array();  // GetPolicy always names them
  out.json["Policy"] = std::move(shape);
  return out;
}

core::Result<net::Output> Service::DeletePolicy(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * policy, NeedCustomerPolicy(*store_, InputString(call, "PolicyArn")));
  if (AttachmentCount(*store_, policy->arn) > 0 || BoundaryCount(*store_, policy->arn) > 0)
    return DeleteConflict("Cannot delete a policy attached to entities.");
  if (policy->versions.size() > 1)
    return DeleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's "
        "versions. The default version is deleted with the policy.");
  std::string arn = policy->arn;
  storage::WriteBatch batch;
  store_->StageDeletePolicy(batch, arn);
  TARN_TRY(store_->Commit(batch));
  store_->policies.erase(arn);
  return net::Output{};
}

core::Result<net::Output> Service::ListPolicies(const net::Call& call) {
  std::string scope = InputString(call, "Scope");
  if (scope.empty()) scope = "All";
  const auto* only = call.input.if_contains("OnlyAttached");
  bool only_attached = only && only->is_bool() && only->get_bool();
  std::string prefix = InputPath(call, "PathPrefix");
  std::shared_lock lock(store_->mutex());
  std::map<std::string, const ManagedPolicy*> sorted;
  for (const auto& [arn, p] : store_->policies) {
    if ((scope == "AWS" && !p.aws_managed) || (scope == "Local" && p.aws_managed)) continue;
    if (!p.path.starts_with(prefix)) continue;
    if (only_attached && AttachmentCount(*store_, arn) == 0) continue;
    sorted.emplace(Fold(p.name) + "\n" + arn, &p);
  }
  std::vector<std::string> keys;
  std::vector<const ManagedPolicy*> policies;
  for (const auto& [k, p] : sorted) {
    keys.push_back(k);
    policies.push_back(p);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) {
    json::object shape = PolicyShape(*policies[i], AttachmentCount(*store_, policies[i]->arn),
                                     BoundaryCount(*store_, policies[i]->arn));
    shape.erase("Description");  // ListPolicies leaves descriptions and tags out
    shape.erase("Tags");
    list.push_back(std::move(shape));
  }
  net::Output out;
  out.json["Policies"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::CreatePolicyVersion(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(Document document,
                        ParseDocument(InputString(call, "PolicyDocument"), policy::PolicyKind::kIdentity,
                                      {.require_version_2012 = true}));
  const auto* set = call.input.if_contains("SetAsDefault");
  bool set_as_default = set && set->is_bool() && set->get_bool();
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * found, NeedCustomerPolicy(*store_, InputString(call, "PolicyArn")));
  if (found->versions.size() >= kMaxPolicyVersions)
    return LimitExceeded(
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an "
        "existing "
        "version.");
  ManagedPolicy policy = *found;
  PolicyVersion version{"v" + std::to_string(policy.next_version++), std::move(document), Now()};
  if (set_as_default) policy.default_version = version.id;
  policy.update_date = version.create_date;
  policy.versions.push_back(version);
  storage::WriteBatch batch;
  store_->Stage(batch, policy);
  TARN_TRY(store_->Commit(batch));
  net::Output out;
  out.json["PolicyVersion"] = PolicyVersionShape(policy, version, false);
  *found = std::move(policy);
  return out;
}

core::Result<net::Output> Service::GetPolicyVersion(const net::Call& call) {
  std::string version_id = InputString(call, "VersionId");
  std::string arn = InputString(call, "PolicyArn");
  std::shared_lock lock(store_->mutex());
  // A missing policy is reported as its missing version (LocalStack's test_policy_version_errors).
  if (!store_->FindPolicy(arn)) return NoSuchVersion(arn, version_id);
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * policy, NeedPolicy(*store_, arn));
  const PolicyVersion* version = policy->Version(version_id);
  if (!version) return NoSuchVersion(policy->arn, version_id);
  net::Output out;
  out.json["PolicyVersion"] = PolicyVersionShape(*policy, *version, true);
  return out;
}

core::Result<net::Output> Service::DeletePolicyVersion(const net::Call& call) {
  std::string version_id = InputString(call, "VersionId");
  std::unique_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * found, NeedCustomerPolicy(*store_, InputString(call, "PolicyArn")));
  if (!found->Version(version_id)) return NoSuchVersion(found->arn, version_id);
  if (found->default_version == version_id)
    return DeleteConflict("Cannot delete the default version of a policy.");
  ManagedPolicy policy = *found;
  std::erase_if(policy.versions, [&](const PolicyVersion& v) { return v.id == version_id; });
  storage::WriteBatch batch;
  store_->Stage(batch, policy);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(policy);
  return net::Output{};
}

core::Result<net::Output> Service::ListPolicyVersions(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * policy, NeedPolicy(*store_, InputString(call, "PolicyArn")));
  // Newest first, as IAM lists them.
  std::vector<std::string> keys;
  std::vector<const PolicyVersion*> versions;
  for (auto it = policy->versions.rbegin(); it != policy->versions.rend(); ++it) {
    keys.push_back(std::string(1, static_cast<char>('a' + keys.size())));
    versions.push_back(&*it);
  }
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, keys));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i)
    list.push_back(PolicyVersionShape(*policy, *versions[i], false));
  net::Output out;
  out.json["Versions"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::SetDefaultPolicyVersion(const net::Call& call) {
  std::string version_id = InputString(call, "VersionId");
  std::string arn = InputString(call, "PolicyArn");
  std::unique_lock lock(store_->mutex());
  if (!store_->FindPolicy(arn)) return NoSuchVersion(arn, version_id);
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * found, NeedCustomerPolicy(*store_, arn));
  if (!found->Version(version_id)) return NoSuchVersion(found->arn, version_id);
  ManagedPolicy policy = *found;
  policy.default_version = version_id;
  policy.update_date = Now();
  storage::WriteBatch batch;
  store_->Stage(batch, policy);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(policy);
  return net::Output{};
}

namespace {
// Tagging names a missing policy differently: "Policy <arn> was not found." (test_policy_tag_update_errors).
core::Status NeedTaggablePolicy(Store& store, const std::string& arn) {
  if (!store.FindPolicy(arn)) return NoSuchEntity("Policy " + arn + " was not found.");
  return core::Ok();
}
}  // namespace

core::Result<net::Output> Service::TagPolicy(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(NeedTaggablePolicy(*store_, InputString(call, "PolicyArn")));
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * found, NeedCustomerPolicy(*store_, InputString(call, "PolicyArn")));
  ManagedPolicy policy = *found;
  TARN_TRY(MergeTags(policy.tags, InputTags(call), kPolicyTagRules));
  storage::WriteBatch batch;
  store_->Stage(batch, policy);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(policy);
  return net::Output{};
}

core::Result<net::Output> Service::UntagPolicy(const net::Call& call) {
  std::unique_lock lock(store_->mutex());
  TARN_TRY(NeedTaggablePolicy(*store_, InputString(call, "PolicyArn")));
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * found, NeedCustomerPolicy(*store_, InputString(call, "PolicyArn")));
  ManagedPolicy policy = *found;
  TARN_TRY(RemoveTags(policy.tags, InputStrings(call, "TagKeys"), kPolicyTagRules));
  storage::WriteBatch batch;
  store_->Stage(batch, policy);
  TARN_TRY(store_->Commit(batch));
  *found = std::move(policy);
  return net::Output{};
}

core::Result<net::Output> Service::ListPolicyTags(const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(ManagedPolicy * policy, NeedPolicy(*store_, InputString(call, "PolicyArn")));
  net::Output out;
  TARN_TRY(PutTagsPage(call, policy->tags, out.json));
  return out;
}

}  // namespace tarn::iam
