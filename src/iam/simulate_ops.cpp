// Implements: SimulatePrincipalPolicy (with the same evaluation as the authorizer).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
#include <shared_mutex>

#include "iam/errors.h"
#include "iam/evaluation.h"
#include "iam/iam.h"
#include "iam/input.h"
#include "iam/store.h"

namespace tarn::iam {
namespace json = boost::json;
namespace {

// The policies of the user, group or role named by an IAM ARN (under the store's lock).
core::Result<std::shared_ptr<const CompiledPrincipal>> SourcePolicies(Store& store, std::string_view arn) {
  auto slash = arn.rfind('/');
  auto colon = arn.rfind(':');
  if (slash == std::string_view::npos || colon == std::string_view::npos || slash < colon)
    return InvalidInput("Invalid ARN: " + std::string(arn));
  std::string_view kind = arn.substr(colon + 1, arn.find('/', colon) - colon - 1);
  std::string name(arn.substr(slash + 1));
  if (kind == "user") {
    const User* u = store.FindUser(name);
    if (!u) return NoSuchNamedEntity("user", name);
    return store.BuildUser(*u);
  }
  if (kind == "role") {
    const Role* r = store.FindRole(name);
    if (!r) return NoSuchNamedEntity("role", name);
    return store.BuildRole(*r);
  }
  if (kind == "group") {
    const Group* g = store.FindGroup(name);
    if (!g) return NoSuchNamedEntity("group", name);
    auto c = std::make_shared<CompiledPrincipal>();
    for (const auto& [_, doc] : g->permissions.inline_policies) c->policies.identity.push_back(doc.compiled);
    for (const auto& a : g->permissions.attached)
      if (const ManagedPolicy* p = store.FindPolicy(a); p && p->DefaultVersion())
        c->policies.identity.push_back(p->DefaultVersion()->document.compiled);
    c->arn = g->arn;
    c->id = g->id;
    c->name = g->name;
    return std::shared_ptr<const CompiledPrincipal>(std::move(c));
  }
  return InvalidInput("Invalid ARN: " + std::string(arn));
}

core::Status AddContextEntries(const net::Call& call, net::AuthorizationExtras& extras) {
  const auto* entries = call.input.if_contains("ContextEntries");
  if (!entries || !entries->is_array()) return core::Ok();
  for (const auto& e : entries->get_array()) {
    if (!e.is_object()) continue;
    const auto* name = e.get_object().if_contains("ContextKeyName");
    const auto* values = e.get_object().if_contains("ContextKeyValues");
    if (!name || !name->is_string()) continue;
    std::vector<std::string> list;
    if (values && values->is_array())
      for (const auto& v : values->get_array())
        if (v.is_string()) list.emplace_back(v.get_string());
    extras.condition_keys.emplace_back(std::string(name->get_string()), std::move(list));
  }
  return core::Ok();
}

}  // namespace

core::Result<net::Output> Service::SimulatePrincipalPolicy(const net::Call& call) {
  std::string source = InputString(call, "PolicySourceArn");
  std::shared_ptr<const CompiledPrincipal> compiled;
  {
    std::shared_lock lock(store_->mutex());
    TARN_ASSIGN_OR_RETURN(compiled, SourcePolicies(*store_, source));
  }
  policy::PolicySet set = compiled->policies;
  for (const auto& text : InputStrings(call, "PolicyInputList")) {
    TARN_ASSIGN_OR_RETURN(Document doc, ParseDocument(text, policy::PolicyKind::kIdentity));
    set.identity.push_back(doc.compiled);
  }
  for (const auto& text : InputStrings(call, "PermissionsBoundaryPolicyInputList")) {
    TARN_ASSIGN_OR_RETURN(Document doc, ParseDocument(text, policy::PolicyKind::kIdentity));
    set.boundary = doc.compiled;
  }
  net::AuthorizationExtras extras;
  TARN_TRY(AddContextEntries(call, extras));
  core::Principal who;
  who.type = source.find(":role/") != std::string::npos ? core::Principal::Type::kAssumedRole
                                                        : core::Principal::Type::kUser;
  who.arn = compiled->arn;
  who.name = compiled->name;
  who.user_id = compiled->id;
  policy::ConditionContext keys =
      GlobalContext({&who, compiled.get(), nullptr}, call.context, clock_.Now(), extras);
  std::vector<std::string> resources = InputStrings(call, "ResourceArns");
  if (resources.empty()) resources.push_back("*");
  json::array results;
  for (const auto& action : InputStrings(call, "ActionNames")) {
    for (const auto& resource : resources) {
      policy::Request request;
      request.action = action;
      request.resource = resource;
      request.principal_arn = who.arn;
      request.account_id = who.account_id;
      request.context = &keys;
      policy::Decision decision = policy::Evaluate(set, request);
      json::object r;
      r["EvalActionName"] = action;
      r["EvalResourceName"] = resource;
      r["EvalDecision"] = DecisionName(decision);
      r["MatchedStatements"] = json::array();
      r["MissingContextValues"] = json::array();
      results.push_back(std::move(r));
    }
  }
  net::Output out;
  out.json["EvaluationResults"] = std::move(results);
  out.json["IsTruncated"] = false;
  return out;
}

}  // namespace tarn::iam
