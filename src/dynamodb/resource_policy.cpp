#include "dynamodb/resource_policy.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <vector>

#include "dynamodb/errors.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr std::string_view kInvalidDocument =
    "One or more parameter values were invalid: Invalid policy document: ";

constexpr std::string_view kUnboundedAccess =
    "Resource-based policy grants unbounded access in one or more elements. Please revise the policy to "
    "ensure "
    "least-privilege form of access";

core::AwsError InvalidDocument(std::string_view why) {
  return ValidationException(std::string(kInvalidDocument) + std::string(why));
}

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A one-element array as its element, as DynamoDB shows lists back.
json::value Collapsed(json::array values) {
  if (values.size() == 1) return std::move(values.front());
  return values;
}

json::value CollapsedValue(const json::value& v) {
  if (v.is_array()) return Collapsed(v.get_array());
  return v;
}

// {"AWS": "<account id>"} reads back as the account's root ARN, and a list naming one principal twice
// (as an id and as its root ARN) as that one principal.
json::value CanonicalPrincipal(const json::value& principal) {
  if (!principal.is_object()) return principal;
  json::object out;
  for (const auto& [kind, value] : principal.get_object()) {
    json::array names;
    std::set<std::string> seen;
    auto add = [&](const json::value& name) {
      if (!name.is_string()) {
        names.push_back(name);
        return;
      }
      std::string text(name.get_string());
      if (kind == "AWS" && IsAccountId(text)) text = "arn:aws:iam::" + text + ":root";
      if (seen.insert(text).second) names.emplace_back(text);
    };
    if (value.is_array()) {
      for (const auto& name : value.get_array()) add(name);
    } else {
      add(value);
    }
    out[kind] = Collapsed(std::move(names));
  }
  return out;
}

json::object CanonicalStatement(const json::object& s) {
  json::object out;
  if (const json::value* sid = s.if_contains("Sid")) out["Sid"] = *sid;
  if (const json::value* effect = s.if_contains("Effect")) out["Effect"] = *effect;
  for (std::string_view member : {"Principal", "NotPrincipal"})
    if (const json::value* p = s.if_contains(member)) out[member] = CanonicalPrincipal(*p);
  for (std::string_view member : {"Action", "NotAction", "Resource", "NotResource"})
    if (const json::value* v = s.if_contains(member)) out[member] = CollapsedValue(*v);
  if (const json::value* c = s.if_contains("Condition")) {
    // Condition values read back like Action and Resource: a one-element list as its element.
    json::value condition = *c;
    if (condition.is_object())
      for (auto& [op, keys] : condition.get_object())
        if (keys.is_object())
          for (auto& [key, values] : keys.get_object()) values = CollapsedValue(values);
    out["Condition"] = std::move(condition);
  }
  return out;
}

// The actions of DynamoDB Streams, which only a stream's policy may name.
bool IsStreamAction(std::string_view action) {
  for (std::string_view stream_action : {"dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                         "dynamodb:DescribeStream", "dynamodb:ListStreams"})
    if (action == stream_action) return true;
  return false;
}

bool NamesEveryone(const json::value& principal) {
  if (principal.is_string()) return principal.get_string() == "*";
  const json::object* o = principal.if_object();
  if (!o) return false;
  const json::value* aws = o->if_contains("AWS");
  if (!aws) return false;
  if (aws->is_string()) return aws->get_string() == "*";
  if (!aws->is_array()) return false;
  const json::array& names = aws->get_array();
  return std::any_of(names.begin(), names.end(), [](const json::value& n) { return n == "*"; });
}

// "Blocking public access with resource-based policies in DynamoDB" (rbac-bpa-rbp.html): a grant to
// everyone is not public when a condition pins it (iam::policy::PinnedConditionKeys) with one of these
// trusted keys, aws:PrincipalIsAWSService to true.
bool PinnedByTrustedKey(const json::object& condition) {
  static constexpr std::string_view kTrustedKeys[] = {"aws:principalaccount",
                                                      "aws:principalarn",
                                                      "aws:principalorgid",
                                                      "aws:principalorgpaths",
                                                      "aws:sourceaccount",
                                                      "aws:sourcearn",
                                                      "aws:sourcevpc",
                                                      "aws:sourcevpce",
                                                      "aws:userid",
                                                      "aws:principalservicename",
                                                      "aws:principalservicenameslist",
                                                      "aws:principalisawsservice",
                                                      "aws:ec2instancesourcevpc",
                                                      "aws:sourceorgid",
                                                      "aws:sourceorgpaths"};
  for (const iam::policy::PinnedKey& pinned : iam::policy::PinnedConditionKeys(condition)) {
    if (std::find(std::begin(kTrustedKeys), std::end(kTrustedKeys), pinned.key) == std::end(kTrustedKeys))
      continue;
    if (pinned.key != "aws:principalisawsservice" ||
        std::all_of(pinned.values.begin(), pinned.values.end(),
                    [](const std::string& v) { return v == "true"; }))
      return true;
  }
  return false;
}

// Where `value` (a string of the document) first appears, as "(line,column)" counted from 1: the
// position DynamoDB's policy parser names for a member of the wrong kind.
std::string PositionOf(std::string_view document, std::string_view value) {
  size_t offset = document.find("\"" + std::string(value) + "\"");
  if (offset == std::string_view::npos) offset = 0;
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < document.size(); ++i) {
    if (document[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "(" + std::to_string(line) + "," + std::to_string(column) + ")";
}

}  // namespace

core::Result<CheckedResourcePolicy> CheckResourcePolicy(std::string_view document, bool stream) {
  if (document.size() > kMaxResourcePolicyBytes) {
    return ValidationException("One or more parameter values were invalid: Maximum policy size of " +
                               std::to_string(kMaxResourcePolicyBytes) + " bytes exceeded");
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(document, ec);
  if (ec || !parsed.is_object()) return InvalidDocument("This policy contains invalid Json");
  const json::object& doc = parsed.get_object();

  json::array statements;
  if (const json::value* statement = doc.if_contains("Statement")) {
    if (statement->is_object()) {
      statements.push_back(*statement);
    } else if (statement->is_array()) {
      statements = statement->get_array();
    }
  }
  if (!doc.contains("Statement")) return InvalidDocument("Missing required field Statement");
  if (statements.empty()) return InvalidDocument("Could not parse the policy: Statement is empty!");
  std::set<std::string> sids;
  std::vector<std::string> stream_actions;
  for (const json::value& s : statements) {
    const json::object* o = s.if_object();
    if (!o) continue;
    for (std::string_view member : {"Effect", "Principal", "Action", "Resource"}) {
      std::string_view negated = member == "Effect"      ? ""
                                 : member == "Principal" ? "NotPrincipal"
                                 : member == "Action"    ? "NotAction"
                                                         : "NotResource";
      if (!o->contains(member) && (negated.empty() || !o->contains(negated)))
        return InvalidDocument("Missing required field " + std::string(member));
    }
    if (const json::value* sid = o->if_contains("Sid"); sid && sid->is_string() &&
                                                        !sid->get_string().empty() &&
                                                        !sids.insert(std::string(sid->get_string())).second)
      return InvalidDocument("The Statement Ids in the policy are not unique");
    if (const json::value* principal = o->if_contains("Principal");
        principal && principal->is_string() && principal->get_string() != "*")
      return InvalidDocument("Syntax error at position " + PositionOf(document, principal->get_string()));
    if (!stream) {
      const json::value* action = o->if_contains("Action");
      json::array actions = !action              ? json::array{}
                            : action->is_array() ? action->get_array()
                                                 : json::array{*action};
      for (const json::value& a : actions)
        if (a.is_string() && IsStreamAction(a.get_string())) stream_actions.emplace_back(a.get_string());
    }
  }
  if (!stream_actions.empty()) {
    std::string names;
    for (const std::string& a : stream_actions) names += (names.empty() ? "\"" : ", \"") + a + "\"";
    return InvalidDocument("The following action names are invalid: " + names);
  }

  auto compiled = iam::policy::Policy::Parse(document, iam::policy::PolicyKind::kResource);
  if (!compiled.ok()) return InvalidDocument(compiled.error().message);

  // DynamoDB's block public access refuses a policy that allows everyone unless a trusted condition
  // key pins the grant; a Deny to everyone is fine.
  for (const json::value& s : statements) {
    const json::object& o = s.get_object();
    const json::value* principal = o.if_contains("Principal");
    const json::value* condition = o.if_contains("Condition");
    if (o.at("Effect") == "Allow" && principal && NamesEveryone(*principal) &&
        !(condition && condition->is_object() && PinnedByTrustedKey(condition->get_object()))) {
      return ValidationException(std::string(kUnboundedAccess));
    }
  }

  CheckedResourcePolicy out;
  out.compiled = std::move(compiled).value();
  json::object canonical;
  const json::value* version = doc.if_contains("Version");
  out.versionless = version == nullptr;
  canonical["Version"] = version ? *version : json::value("2008-10-17");
  if (const json::value* id = doc.if_contains("Id")) canonical["Id"] = *id;
  json::array canonical_statements;
  for (const json::value& s : statements) canonical_statements.push_back(CanonicalStatement(s.get_object()));
  canonical["Statement"] = std::move(canonical_statements);
  out.canonical = json::serialize(canonical);
  return out;
}

std::shared_ptr<const iam::policy::Policy> CompileStoredPolicy(std::string_view canonical) {
  auto compiled = iam::policy::Policy::Parse(canonical, iam::policy::PolicyKind::kResource);
  if (!compiled.ok()) return nullptr;
  return std::move(compiled).value();
}

}  // namespace tarn::dynamodb
