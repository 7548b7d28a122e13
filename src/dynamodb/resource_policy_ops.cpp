// Implements: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy, and the policy the authorizer
// evaluates for a table, index or stream ARN (PolicyFor). A table and its stream each have one policy
// slot with its own RevisionId: the epoch milliseconds of its last change, strictly increasing; a re-put
// of an equivalent document (same canonical form, resource_policy.h) changes nothing and answers the
// same id. Changes apply at once (AWS applies them within seconds; clients poll GetResourcePolicy).
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "core/arn.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/resource_policy.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr std::string_view kNoPolicy = "NO_POLICY";
constexpr std::string_view kInvalidParameter = "One or more parameter values were invalid: ";

core::AwsError PolicyNotFoundException(std::string_view detail) {
  return core::AwsError(
      "PolicyNotFoundException",
      "Resource-based policy not found for the provided ResourceArn: " + std::string(detail), 400);
}

std::string StringOf(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// One policy slot of a table record: the table's own or its stream's.
struct SlotRefs {
  std::string& policy;
  bool& versionless;
  std::string& revision;
  std::shared_ptr<const iam::policy::Policy>& compiled;
};
SlotRefs RefsOf(TableInfo& table, bool stream) {
  if (stream)
    return {table.stream_policy, table.stream_policy_versionless, table.stream_policy_revision,
            table.stream_policy_compiled};
  return {table.policy, table.policy_versionless, table.policy_revision, table.policy_compiled};
}

// ExpectedRevisionId (checked before anything else): the current policy's id, or NO_POLICY on Put.
core::Status CheckExpectedRevision(const json::object& input, const TableInfo& table, const SlotRefs& slot,
                                   bool put) {
  const json::value* expected_value = input.if_contains("ExpectedRevisionId");
  if (!expected_value || !expected_value->is_string()) return core::Ok();
  std::string expected(expected_value->get_string());
  if (put && expected == kNoPolicy) {
    if (slot.policy.empty()) return core::Ok();
    return PolicyNotFoundException("Requested policy update expecting none to be present for table " +
                                   table.name + ", but a policy exists with revision id " + slot.revision +
                                   ".");
  }
  if (slot.policy.empty())
    return PolicyNotFoundException("Requested update for policy with revision id " + expected +
                                   ", but table " + table.name + " has no associated policy.");
  if (expected != slot.revision)
    return PolicyNotFoundException("Requested update for policy with revision id " + expected +
                                   ", but the policy associated to target table " + table.name +
                                   " has revision id " + slot.revision + ".");
  return core::Ok();
}

}  // namespace

core::Result<Service::PolicySlot> Service::ResolvePolicySlot(const net::Call& call,
                                                             std::string_view arn_text) const {
  if (!arn_text.starts_with("arn:"))
    return ValidationException(std::string(kInvalidParameter) +
                               "ARNs must start with 'arn:': " + std::string(arn_text));
  auto arn = core::Arn::Parse(arn_text);
  if (!arn || arn->partition != core::kPartition || arn->service != "dynamodb" ||
      arn->region != call.context.region)
    return ValidationException(std::string(kInvalidParameter) +
                               "Invalid resource Arn: " + std::string(arn_text));
  if (arn->account_id != call.context.account_id)
    return ValidationException(
        "This action is only supported by accounts that match the resource owner’s account.");
  std::string_view resource = arn->resource;
  if (!resource.starts_with("table/") || resource.size() == 6)
    return ValidationException(std::string(kInvalidParameter) +
                               "Provided Arn is not a DynamoDB resource arn: " + std::string(arn_text));
  std::string_view rest = resource.substr(6);
  std::string_view name = rest.substr(0, rest.find('/'));
  std::string_view sub = rest.size() > name.size() ? rest.substr(name.size() + 1) : std::string_view();
  std::string_view label;
  if (!sub.empty()) {
    if (sub.starts_with("index/"))
      return ValidationException(std::string(kInvalidParameter) +
                                 "Invalid resource arn provided, only table or stream is accepted. Provided "
                                 "resource arn: " +
                                 std::string(arn_text));
    if (!sub.starts_with("stream/") || sub.size() == 7)
      return ValidationException(std::string(kInvalidParameter) +
                                 "Provided Arn is not a DynamoDB resource arn: " + std::string(arn_text));
    label = sub.substr(7);
  }
  auto table = catalog_->Get(call.context.account_id, call.context.region, name);
  if (!table.ok())
    return ResourceNotFoundException("Requested resource not found: Table: " + std::string(name) +
                                     " not found");
  if (!label.empty() && (*table)->stream_label != label)
    return ResourceNotFoundException("Requested resource not found: Stream: " + std::string(label) +
                                     " not found for Table: " + std::string(name));
  return PolicySlot{*table, !label.empty(), std::string(arn_text)};
}

std::string Service::NextPolicyRevision() {
  int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count();
  int64_t last = last_policy_revision_.load();
  int64_t next;
  do {
    next = std::max(now, last + 1);
  } while (!last_policy_revision_.compare_exchange_weak(last, next));
  return std::to_string(next);
}

void Service::NotePolicies(const TableInfo& table) {
  if (!table.policy.empty() || !table.stream_policy.empty()) any_policy_.store(true);
  for (const std::string* text : {&table.policy_revision, &table.stream_policy_revision}) {
    int64_t revision = std::strtoll(text->c_str(), nullptr, 10);
    int64_t last = last_policy_revision_.load();
    while (revision > last && !last_policy_revision_.compare_exchange_weak(last, revision)) {
    }
  }
}

core::Result<net::Output> Service::PutResourcePolicy(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(PolicySlot slot, ResolvePolicySlot(call, StringOf(call.input, "ResourceArn")));
  TARN_ASSIGN_OR_RETURN(CheckedResourcePolicy checked,
                        CheckResourcePolicy(StringOf(call.input, "Policy"), slot.stream));
  // A policy that would deny the caller PutResourcePolicy on this resource needs
  // ConfirmRemoveSelfResourceAccess.
  const json::value* confirm = call.input.if_contains("ConfirmRemoveSelfResourceAccess");
  if (!(confirm && confirm->is_bool() && confirm->get_bool())) {
    // The caller's own keys, so that a Deny scoped to it by aws:PrincipalArn counts too.
    iam::policy::ConditionContext keys;
    keys.Set("aws:PrincipalArn", call.context.principal.arn);
    keys.Set("aws:PrincipalAccount", call.context.account_id);
    iam::policy::Request request;
    request.action = "dynamodb:PutResourcePolicy";
    request.resource = slot.arn;
    request.principal_arn = call.context.principal.arn;
    request.account_id = call.context.account_id;
    request.context = &keys;
    if (checked.compiled->Evaluate(request) == iam::policy::Effect::kDeny)
      return core::AwsError(
          "AccessDeniedException",
          "The new resource policy will not allow you to update the resource policy in the future.", 400);
  }
  std::string revision;
  const TableInfo& t = *slot.table;
  TARN_TRY(catalog_->Update(t.account_id, t.region, t.name, t.id, [&](TableInfo& current) -> core::Status {
    SlotRefs refs = RefsOf(current, slot.stream);
    TARN_TRY(CheckExpectedRevision(call.input, current, refs, /*put=*/true));
    if (refs.policy == checked.canonical && refs.versionless == checked.versionless) {
      revision = refs.revision;  // equivalent to the policy in place: nothing changes
      return core::Ok();
    }
    refs.policy = checked.canonical;
    refs.versionless = checked.versionless;
    refs.revision = revision = NextPolicyRevision();
    refs.compiled = checked.compiled;
    return core::Ok();
  }));
  any_policy_.store(true);
  net::Output out;
  out.json["RevisionId"] = revision;
  return out;
}

core::Result<net::Output> Service::GetResourcePolicy(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(PolicySlot slot, ResolvePolicySlot(call, StringOf(call.input, "ResourceArn")));
  const std::string& policy = slot.stream ? slot.table->stream_policy : slot.table->policy;
  if (policy.empty()) return PolicyNotFoundException(slot.arn);
  net::Output out;
  out.json["Policy"] = policy;
  out.json["RevisionId"] = slot.stream ? slot.table->stream_policy_revision : slot.table->policy_revision;
  return out;
}

core::Result<net::Output> Service::DeleteResourcePolicy(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(PolicySlot slot, ResolvePolicySlot(call, StringOf(call.input, "ResourceArn")));
  std::string answered;
  const TableInfo& t = *slot.table;
  TARN_TRY(catalog_->Update(t.account_id, t.region, t.name, t.id, [&](TableInfo& current) -> core::Status {
    SlotRefs refs = RefsOf(current, slot.stream);
    TARN_TRY(CheckExpectedRevision(call.input, current, refs, /*put=*/false));
    if (refs.policy.empty()) {
      // Nothing to delete: AWS answers the id of the last deletion, or nothing if there never was one.
      answered = refs.revision;
      return core::Ok();
    }
    answered = refs.revision;
    refs.policy.clear();
    refs.versionless = false;
    refs.revision = NextPolicyRevision();  // the deletion's own id, which a further delete answers
    refs.compiled = nullptr;
    return core::Ok();
  }));
  net::Output out;
  if (!answered.empty()) out.json["RevisionId"] = answered;
  return out;
}

std::shared_ptr<const iam::policy::Policy> Service::PolicyFor(std::string_view arn) const {
  if (!any_policy_.load(std::memory_order_relaxed)) return nullptr;
  // arn:aws:dynamodb:<region>:<account>:table/<name>[/index/<index> | /stream/<label>]: an index is
  // governed by its table's policy, the table's current stream by the stream's.
  auto parsed = core::Arn::Parse(arn);
  if (!parsed || parsed->service != "dynamodb" || !parsed->resource.starts_with("table/")) return nullptr;
  std::string_view rest = std::string_view(parsed->resource).substr(6);
  std::string_view name = rest.substr(0, rest.find('/'));
  auto table = catalog_->Get(parsed->account_id, parsed->region, name);
  if (!table.ok()) return nullptr;
  std::string_view sub = rest.substr(std::min(rest.size(), name.size() + 1));
  // A table's policy does not govern its backups (DynamoDB's policies are for tables, indexes, streams).
  if (sub.starts_with("backup/")) return nullptr;
  if (sub.starts_with("stream/"))
    return sub.substr(7) == (*table)->stream_label ? (*table)->stream_policy_compiled : nullptr;
  return (*table)->policy_compiled;
}

}  // namespace tarn::dynamodb
