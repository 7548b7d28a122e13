// The STS operation table: one row per operation (name, IAM action, resources, handler).
#include "sts/sts.h"

#include "net/tag_condition_keys.h"

namespace tarn::sts {
namespace {

// The keys a role's trust policy may test: sts:ExternalId, sts:RoleSessionName, sts:SourceIdentity,
// and the session tags as aws:RequestTag/<key>, aws:TagKeys (plus sts:TransitiveTagKeys).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
net::AuthorizationExtras AssumeRoleConditionKeys(const net::Call& call) {
  net::AuthorizationExtras extras;
  for (auto [member, key] : {std::pair{"ExternalId", "sts:ExternalId"},
                             {"RoleSessionName", "sts:RoleSessionName"},
                             {"SourceIdentity", "sts:SourceIdentity"}}) {
    if (const auto* v = call.input.if_contains(member); v && v->is_string())
      extras.condition_keys.push_back({key, {std::string(v->get_string())}});
  }
  net::AddRequestTags(extras, net::TagsOf(call.input.if_contains("Tags")));
  if (auto transitive = net::TagKeysOf(call.input.if_contains("TransitiveTagKeys")); !transitive.empty())
    extras.condition_keys.push_back({"sts:TransitiveTagKeys", std::move(transitive)});
  return extras;
}

}  // namespace

void Service::RegisterOperations(net::Registry& registry) {
  registry.Add("sts", {.name = "GetCallerIdentity",
                       .iam_action = "sts:GetCallerIdentity",
                       .resources = {},
                       .handler = [this](const net::Call& call) { return GetCallerIdentity(call); },
                       .cpu_only = true});
  if (!iam_) return;
  registry.Add("sts", {.name = "AssumeRole",
                       .iam_action = "sts:AssumeRole",
                       .resources = [](const net::Call& call) -> std::vector<std::string> {
                         const auto* arn = call.input.if_contains("RoleArn");
                         if (!arn || !arn->is_string()) return {};
                         return {std::string(arn->get_string())};
                       },
                       .handler = [this](const net::Call& call) { return AssumeRole(call); },
                       .extras = AssumeRoleConditionKeys,
                       // A malformed request is refused as such even when the caller may not assume.
                       .precedes_access_denied = CheckAssumeRoleInput});
  registry.Add("sts", {.name = "GetSessionToken",
                       .iam_action = "sts:GetSessionToken",
                       .resources = {},
                       .handler = [this](const net::Call& call) { return GetSessionToken(call); }});
}

}  // namespace tarn::sts
