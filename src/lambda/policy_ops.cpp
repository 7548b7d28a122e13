// Implements: AddPermission, GetPolicy, RemovePermission (a function's resource-based policy, per
// qualifier: the function itself, a version or an alias), and GetAccountSettings.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (and the sibling pages)
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
// The statements are kept as Lambda renders them; tarn invokes functions for its own services
// (event source mappings) without consulting them, as one account owns everything here.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "lambda/code_store.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

// "The final policy size ... is bigger than the limit (20480)"
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: 20 KB).
constexpr size_t kMaxPolicyBytes = 20480;

// Principal as a policy statement names it: a service, an account (its root), "*" or an ARN.
json::value PrincipalOf(const std::string& principal) {
  if (principal == "*") return "*";
  bool account = principal.size() == 12 && principal.find_first_not_of("0123456789") == std::string::npos;
  if (account) return json::object{{"AWS", "arn:aws:iam::" + principal + ":root"}};
  if (principal.rfind("arn:", 0) == 0) return json::object{{"AWS", principal}};
  return json::object{{"Service", principal}};
}

// Lambda accepts "*", an account, an ARN or a service principal of AWS (s3.amazonaws.com,
// alexa-appkit.amazon.com); anything else it refuses.
bool ValidPrincipal(std::string_view principal) {
  if (principal == "*" || principal.starts_with("arn:")) return true;
  if (principal.size() == 12 && principal.find_first_not_of("0123456789") == std::string_view::npos)
    return true;
  for (std::string_view suffix : {".amazonaws.com", ".amazon.com"}) {
    if (principal.size() > suffix.size() && principal.ends_with(suffix)) return true;
  }
  return false;
}

json::object Statement(const json::object& in, const std::string& resource) {
  json::object statement;
  statement["Sid"] = GetString(in, "StatementId").value_or("");
  statement["Effect"] = "Allow";
  statement["Principal"] = PrincipalOf(GetString(in, "Principal").value_or(""));
  statement["Action"] = GetString(in, "Action").value_or("");
  statement["Resource"] = resource;
  json::object condition;
  auto add = [&](const char* op, const char* key, std::optional<std::string> value) {
    if (!value) return;
    json::value& group = condition[op];
    if (!group.is_object()) group = json::object();
    group.get_object()[key] = *value;
  };
  add("StringEquals", "AWS:SourceAccount", GetString(in, "SourceAccount"));
  add("StringEquals", "aws:PrincipalOrgID", GetString(in, "PrincipalOrgID"));
  add("StringEquals", "lambda:EventSourceToken", GetString(in, "EventSourceToken"));
  add("StringEquals", "lambda:FunctionUrlAuthType", GetString(in, "FunctionUrlAuthType"));
  add("ArnLike", "AWS:SourceArn", GetString(in, "SourceArn"));
  if (!condition.empty()) statement["Condition"] = std::move(condition);
  return statement;
}

core::AwsError NoPolicy() {
  return core::AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
}

// The policy's target: the function's record for the qualifier (which must exist), the qualifier
// that applies ("" for the function itself) and the ARN the statements name.
struct PolicyTarget {
  FunctionRecord record;
  std::string qualifier;
  std::string arn;
  std::string revision_id;  // what RevisionId must match: the alias's or the version's
};

core::Result<PolicyTarget> TargetOf(const FunctionStore& store, FunctionRecord record,
                                    std::string qualifier) {
  PolicyTarget t;
  t.record = std::move(record);
  t.qualifier = std::move(qualifier);
  t.arn = t.record.Arn() + (t.qualifier.empty() ? "" : ":" + t.qualifier);
  t.revision_id = t.record.revision_id;
  if (!t.qualifier.empty() && t.qualifier != kLatest && t.qualifier != t.record.version) {
    TARN_ASSIGN_OR_RETURN(auto alias,
                          store.GetAlias(t.record.account_id, t.record.region, t.record.name, t.qualifier));
    if (alias) t.revision_id = alias->revision_id;
  }
  return t;
}

enum class PolicyCall { kAdd, kGet, kRemove };

// The record the policy call names, with Lambda's own refusals for what is missing: an alias
// "Cannot find alias arn: <arn>", a version GetPolicy asks for "The resource you requested does
// not exist.", a function RemovePermission names "No policy found for: <arn>" (LocalStack's
// test_permission_exceptions, recorded against AWS).
core::Result<FunctionRecord> PolicyTargetOr(core::Result<FunctionRecord> record, const FunctionStore& store,
                                            const net::Call& call, PolicyCall kind,
                                            const std::string& qualifier) {
  if (record.ok() || !IsFunctionNotFound(record.error())) return record;
  FunctionRef ref = ParseFunctionName(GetString(call.input, "FunctionName").value_or(""));
  const std::string arn = FunctionArn(call.context.region, call.context.account_id, ref.name);
  TARN_ASSIGN_OR_RETURN(auto latest, store.Get(call.context.account_id, call.context.region, ref.name));
  if (!latest) {
    if (kind == PolicyCall::kRemove)
      return core::AwsError("ResourceNotFoundException", "No policy found for: " + arn, 404);
    return record;
  }
  if (!VersionNumber(qualifier))
    return core::AwsError("ResourceNotFoundException", "Cannot find alias arn: " + arn + ":" + qualifier,
                          404);
  if (kind == PolicyCall::kGet) return NoPolicy();
  return record;
}

// The target's statements; nullopt when it has no policy.
core::Result<std::optional<json::array>> Statements(const FunctionStore& store, const PolicyTarget& t) {
  TARN_ASSIGN_OR_RETURN(auto stored, store.GetSetting(FunctionStore::Setting::kPolicy, t.record.account_id,
                                                      t.record.region, t.record.name, t.qualifier));
  if (!stored) return std::optional<json::array>();
  boost::system::error_code ec;
  json::value doc = json::parse(*stored, ec);
  const json::value* list = !ec && doc.is_object() ? doc.get_object().if_contains("Statement") : nullptr;
  if (!list || !list->is_array()) return core::InternalFailure("corrupt lambda policy record");
  return std::optional<json::array>(list->get_array());
}

bool HasSid(const json::value& statement, std::string_view sid) {
  const auto* o = statement.if_object();
  const auto* value = o ? o->if_contains("Sid") : nullptr;
  return value && value->is_string() && value->get_string() == sid;
}

core::Status CheckRevision(const json::object& input, const PolicyTarget& t) {
  if (auto revision = GetString(input, "RevisionId"); revision && *revision != t.revision_id)
    return PreconditionFailed();
  return core::Ok();
}

std::string Document(json::array statements) {
  return json::serialize(
      json::object{{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", std::move(statements)}});
}

}  // namespace

core::Result<net::Output> Service::AddPermission(const net::Call& call) {
  std::lock_guard lock(impl_->write_mutex);
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(auto record,
                        PolicyTargetOr(impl_->ResolveInput(call.context, call.input, false, &qualifier),
                                       impl_->store, call, PolicyCall::kAdd, qualifier));
  if (qualifier == kLatest)
    return InvalidParameterValue("We currently do not support adding policies for $LATEST.");
  if (!ValidPrincipal(GetString(call.input, "Principal").value_or("")))
    return InvalidParameterValue(
        "The provided principal was invalid. Please check the principal and try again.");
  TARN_ASSIGN_OR_RETURN(PolicyTarget t, TargetOf(impl_->store, std::move(record), std::move(qualifier)));
  TARN_TRY(CheckRevision(call.input, t));
  TARN_ASSIGN_OR_RETURN(auto existing, Statements(impl_->store, t));
  json::array statements = existing ? std::move(*existing) : json::array();
  std::string sid = GetString(call.input, "StatementId").value_or("");
  for (const auto& s : statements) {
    if (HasSid(s, sid)) {
      return ResourceConflict("The statement id (" + sid +
                              ") provided already exists. Please provide a new statement id, or remove the "
                              "existing statement.");
    }
  }
  json::object statement = Statement(call.input, t.arn);
  statements.push_back(statement);
  std::string document = Document(std::move(statements));
  if (document.size() > kMaxPolicyBytes) {
    return core::AwsError("PolicyLengthExceededException",
                          "The final policy size (" + std::to_string(document.size()) +
                              ") is bigger than the limit (" + std::to_string(kMaxPolicyBytes) + ").",
                          400);
  }
  TARN_TRY(impl_->store.PutSetting(FunctionStore::Setting::kPolicy, t.record.account_id, t.record.region,
                                   t.record.name, t.qualifier, document));
  net::Output out;
  out.json["Statement"] = json::serialize(statement);
  return out;
}

core::Result<net::Output> Service::GetPolicy(const net::Call& call) {
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(auto record,
                        PolicyTargetOr(impl_->ResolveInput(call.context, call.input, false, &qualifier),
                                       impl_->store, call, PolicyCall::kGet, qualifier));
  TARN_ASSIGN_OR_RETURN(PolicyTarget t, TargetOf(impl_->store, std::move(record), std::move(qualifier)));
  TARN_ASSIGN_OR_RETURN(auto stored,
                        impl_->store.GetSetting(FunctionStore::Setting::kPolicy, t.record.account_id,
                                                t.record.region, t.record.name, t.qualifier));
  if (!stored) return NoPolicy();
  net::Output out;
  out.json["Policy"] = *stored;
  out.json["RevisionId"] = t.revision_id;
  return out;
}

core::Result<net::Output> Service::RemovePermission(const net::Call& call) {
  std::lock_guard lock(impl_->write_mutex);
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(auto record,
                        PolicyTargetOr(impl_->ResolveInput(call.context, call.input, false, &qualifier),
                                       impl_->store, call, PolicyCall::kRemove, qualifier));
  TARN_ASSIGN_OR_RETURN(PolicyTarget t, TargetOf(impl_->store, std::move(record), std::move(qualifier)));
  TARN_TRY(CheckRevision(call.input, t));
  TARN_ASSIGN_OR_RETURN(auto statements, Statements(impl_->store, t));
  if (!statements)
    return core::AwsError("ResourceNotFoundException", "No policy is associated with the given resource.",
                          404);
  std::string sid = GetString(call.input, "StatementId").value_or("");
  json::array kept;
  bool found = false;
  for (auto& s : *statements) {
    if (HasSid(s, sid)) {
      found = true;
    } else {
      kept.push_back(std::move(s));
    }
  }
  if (!found)
    return core::AwsError("ResourceNotFoundException",
                          "Statement " + sid + " is not found in resource policy.", 404);
  TARN_TRY(impl_->store.PutSetting(FunctionStore::Setting::kPolicy, t.record.account_id, t.record.region,
                                   t.record.name, t.qualifier,
                                   kept.empty() ? std::string() : Document(std::move(kept))));
  return net::Output{};  // 204, the operation's response code
}

core::Result<net::Output> Service::GetAccountSettings(const net::Call& call) {
  uint64_t total = 0;
  uint64_t count = 0;
  int reserved = 0;
  std::string after;
  while (true) {
    TARN_ASSIGN_OR_RETURN(auto page,
                          impl_->store.List(call.context.account_id, call.context.region, after, 100));
    for (const auto& f : page) {
      ++count;
      total += f.code_size;
      reserved += f.reserved_concurrency.value_or(0);
      TARN_ASSIGN_OR_RETURN(auto versions, impl_->store.ListVersions(f.account_id, f.region, f.name));
      for (const auto& v : versions) total += v.code_size;
    }
    if (page.size() < 100) break;
    after = page.back().name;
  }
  net::Output out;
  out.json["AccountLimit"] = json::object{{"TotalCodeSize", 80530636800},
                                          {"CodeSizeUnzipped", kMaxUnzippedBytes},
                                          {"CodeSizeZipped", kMaxZippedBytes},
                                          {"ConcurrentExecutions", kAccountConcurrency},
                                          {"UnreservedConcurrentExecutions", kAccountConcurrency - reserved}};
  out.json["AccountUsage"] = json::object{{"TotalCodeSize", total}, {"FunctionCount", count}};
  return out;
}

}  // namespace tarn::lambda
