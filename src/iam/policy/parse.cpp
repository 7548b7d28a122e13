// Policy::Parse: IAM's checks on write, in the order IAM reports them (syntax, version, legacy
// parsing, SIDs, actions, resources, formats), then compilation into statement.h's form.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "iam/policy/errors.h"
#include "iam/policy/statement.h"
#include "iam/policy/validate.h"
#include "iam/policy/variables.h"

namespace tarn::iam::policy {
namespace {

namespace json = boost::json;

std::string ScalarText(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return json::serialize(v);  // numbers in their JSON text
}

// A string or a list of strings (types already checked by ValidateDocument).
std::vector<std::string_view> Strings(const json::object& statement, std::string_view field) {
  std::vector<std::string_view> out;
  const json::value* v = statement.if_contains(field);
  if (v == nullptr) return out;
  if (v->is_string()) {
    out.emplace_back(v->get_string());
  } else {
    for (const json::value& item : v->get_array()) out.emplace_back(item.get_string());
  }
  return out;
}

void AddPrincipals(const json::value& v, std::vector<std::string>& out, bool& everyone) {
  auto add = [&](std::string_view s) {
    if (s == "*") everyone = true;
    out.emplace_back(s);
  };
  if (v.is_string()) {
    add(v.get_string());
  } else {
    for (const json::value& item : v.get_array()) add(item.get_string());
  }
}

PrincipalSpec CompilePrincipal(const json::value& v) {
  PrincipalSpec spec;
  if (v.is_string()) {  // only "*" passes validation
    spec.everyone = true;
    return spec;
  }
  bool ignored = false;
  for (const auto& [key, value] : v.get_object()) {
    if (key == "AWS") AddPrincipals(value, spec.aws, spec.everyone);
    if (key == "Service") AddPrincipals(value, spec.services, ignored);
    if (key == "Federated") AddPrincipals(value, spec.federated, ignored);
    if (key == "CanonicalUser") AddPrincipals(value, spec.canonical, ignored);
  }
  return spec;
}

ConditionValue CompileConditionValue(const json::value& v, const ConditionOperator& op, bool variables) {
  ConditionValue value;
  value.text = ScalarText(v);
  value.has_variables = variables && ContainsPolicyVariable(value.text);
  if (op.test == ConditionTest::kStringLike || op.test == ConditionTest::kArnLike) {
    value.pattern = EscapePolicyText(value.text);
  } else if (op.test >= ConditionTest::kNumericEquals &&
             op.test <= ConditionTest::kNumericGreaterThanEquals) {
    value.number = ParseConditionNumber(value.text);
  } else if (op.test >= ConditionTest::kDateEquals && op.test <= ConditionTest::kDateGreaterThanEquals) {
    value.number = ParseConditionDate(value.text);
  } else if (op.test == ConditionTest::kIpAddress) {
    value.network = ParseIpNetwork(value.text);
  }
  return value;
}

std::vector<Condition> CompileConditions(const json::object& statement, bool variables) {
  std::vector<Condition> out;
  const json::value* block = statement.if_contains("Condition");
  if (block == nullptr) return out;
  for (const auto& [name, keys] : block->get_object()) {
    const std::optional<ConditionOperator> op = ParseConditionOperator(name);
    if (!op) continue;  // an unknown operator with no keys: IAM accepts and ignores it
    for (const auto& [key, values] : keys.get_object()) {
      std::vector<ConditionValue> compiled;
      if (values.is_array()) {
        for (const json::value& v : values.get_array())
          compiled.push_back(CompileConditionValue(v, *op, variables));
      } else {
        compiled.push_back(CompileConditionValue(values, *op, variables));
      }
      out.emplace_back(*op, std::string(key), std::move(compiled));
    }
  }
  return out;
}

Statement CompileStatement(const json::object& s, bool variables) {
  Statement statement;
  if (const json::value* sid = s.if_contains("Sid")) statement.sid = std::string(sid->get_string());
  statement.allow = s.at("Effect").get_string() == "Allow";
  statement.not_action = s.contains("NotAction");
  for (std::string_view action : Strings(s, statement.not_action ? "NotAction" : "Action")) {
    statement.actions.emplace_back(EscapePolicyText(action), Wildcard::Kind::kText,
                                   CaseSensitivity::kInsensitive);
  }
  statement.not_resource = s.contains("NotResource");
  statement.any_resource = !statement.not_resource && !s.contains("Resource");
  for (std::string_view resource : Strings(s, statement.not_resource ? "NotResource" : "Resource")) {
    if (variables && ContainsPolicyVariable(resource)) {
      statement.variable_resources.emplace_back(resource);
    } else {
      statement.resources.emplace_back(EscapePolicyText(resource), Wildcard::Kind::kArn,
                                       CaseSensitivity::kSensitive);
    }
  }
  statement.not_principal = s.contains("NotPrincipal");
  if (const json::value* p = s.if_contains(statement.not_principal ? "NotPrincipal" : "Principal")) {
    statement.principal = CompilePrincipal(*p);
  }
  statement.conditions = CompileConditions(s, variables);
  return statement;
}

}  // namespace

core::Result<PolicyPtr> Policy::Parse(std::string_view document, PolicyKind kind) {
  return Parse(document, kind, ParseOptions{});
}

core::Result<PolicyPtr> Policy::Parse(std::string_view document, PolicyKind kind,
                                      const ParseOptions& options) {
  json::error_code ec;
  const json::value doc = json::parse(document, ec);
  if (ec || !doc.is_object()) {
    return MalformedPolicyDocument(kind == PolicyKind::kTrust && ec ? kTrustInvalidJson : kSyntaxErrors);
  }
  TARN_TRY(ValidateDocument(doc.get_object(), kind, options));

  const json::object& object = doc.get_object();
  const json::value* version = object.if_contains("Version");
  // Policy variables exist only in version 2012-10-17; in older documents "${...}" is literal text.
  const bool variables = version != nullptr && version->get_string() == "2012-10-17";
  auto compiled = std::make_unique<Compiled>();
  compiled->kind = kind;
  const json::value& statements = object.at("Statement");
  if (statements.is_object()) {
    compiled->statements.push_back(CompileStatement(statements.get_object(), variables));
  } else {
    for (const json::value& s : statements.get_array()) {
      compiled->statements.push_back(CompileStatement(s.get_object(), variables));
    }
  }
  return PolicyPtr(std::make_shared<const Policy>(std::move(compiled)));
}

Policy::Policy(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Policy::~Policy() = default;
PolicyKind Policy::kind() const { return compiled_->kind; }

}  // namespace tarn::iam::policy
