// Implements: PutUserPolicy, GetUserPolicy, ListUserPolicies, DeleteUserPolicy and the Group and
// Role variants (kind "User", "Group", "Role").
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html (and the pages of the others)
#include <mutex>
#include <shared_mutex>

#include "iam/entity.h"
#include "iam/errors.h"
#include "iam/iam.h"
#include "iam/input.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: the aggregate size of
// a user's inline policies is 2,048 characters, a group's 5,120, a role's 10,240 (whitespace not counted).
size_t InlineQuota(std::string_view kind) { return kind == "User" ? 2048 : kind == "Group" ? 5120 : 10240; }

size_t NonWhitespace(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += !(c == ' ' || c == '\n' || c == '\r' || c == '\t');
  return n;
}

std::string NameMember(std::string_view kind) { return std::string(kind) + "Name"; }

core::AwsError NoSuchInline(std::string_view kind, std::string_view policy_name) {
  return NoSuchEntity("The " + LowerKind(kind) + " policy with name " + std::string(policy_name) +
                      " cannot be found.");
}

}  // namespace

core::Result<net::Output> Service::PutInlinePolicy(std::string_view kind, const net::Call& call) {
  std::string policy_name = InputString(call, "PolicyName");
  TARN_ASSIGN_OR_RETURN(Document document,
                        ParseDocument(InputString(call, "PolicyDocument"), policy::PolicyKind::kIdentity));
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeEntity(*store_, kind, InputString(call, NameMember(kind)),
                        [&](Permissions& p, std::string*) -> core::Status {
                          p.inline_policies.insert_or_assign(policy_name, document);
                          size_t total = 0;
                          for (const auto& [_, d] : p.inline_policies) total += NonWhitespace(d.text);
                          if (total > InlineQuota(kind))
                            return LimitExceeded("Maximum policy size of " +
                                                 std::to_string(InlineQuota(kind)) + " bytes exceeded for " +
                                                 LowerKind(kind) + " " + InputString(call, NameMember(kind)));
                          return core::Ok();
                        }));
  return net::Output{};
}

core::Result<net::Output> Service::GetInlinePolicy(std::string_view kind, const net::Call& call) {
  std::string policy_name = InputString(call, "PolicyName");
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(EntityView entity, ViewEntity(*store_, kind, InputString(call, NameMember(kind))));
  auto it = entity.permissions->inline_policies.find(policy_name);
  if (it == entity.permissions->inline_policies.end()) return NoSuchInline(kind, policy_name);
  net::Output out;
  out.json[NameMember(kind)] = entity.name;
  out.json["PolicyName"] = it->first;
  out.json["PolicyDocument"] = EncodeDocument(it->second.text);
  return out;
}

core::Result<net::Output> Service::ListInlinePolicies(std::string_view kind, const net::Call& call) {
  std::shared_lock lock(store_->mutex());
  TARN_ASSIGN_OR_RETURN(EntityView entity, ViewEntity(*store_, kind, InputString(call, NameMember(kind))));
  std::vector<std::string> names;
  for (const auto& [name, _] : entity.permissions->inline_policies) names.push_back(name);
  TARN_ASSIGN_OR_RETURN(Page page, Paginate(call, names));
  json::array list;
  for (size_t i = page.begin; i < page.end; ++i) list.push_back(json::string(names[i]));
  net::Output out;
  out.json["PolicyNames"] = std::move(list);
  PutPage(out.json, page);
  return out;
}

core::Result<net::Output> Service::DeleteInlinePolicy(std::string_view kind, const net::Call& call) {
  std::string policy_name = InputString(call, "PolicyName");
  std::unique_lock lock(store_->mutex());
  TARN_TRY(ChangeEntity(*store_, kind, InputString(call, NameMember(kind)),
                        [&](Permissions& p, std::string*) -> core::Status {
                          if (p.inline_policies.erase(policy_name) == 0)
                            return NoSuchInline(kind, policy_name);
                          return core::Ok();
                        }));
  return net::Output{};
}

}  // namespace tarn::iam
