// The checks and messages of IAM's policy validation, in the order IAM reports them. The wording of
// each message is IAM's (observed answers, as recorded by SDK users and emulators' tests).

#include "iam/policy/validate.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "core/wildcard.h"
#include "iam/policy/conditions.h"
#include "iam/policy/errors.h"
#include "iam/policy/variables.h"

namespace tarn::iam::policy {
namespace {

namespace json = boost::json;
using core::Status;

constexpr std::string_view kVersion2012 = "2012-10-17";
constexpr std::string_view kVersion2008 = "2008-10-17";
constexpr std::string_view kStatementFields[] = {"Sid",          "Effect",      "Principal",
                                                 "NotPrincipal", "Action",      "NotAction",
                                                 "Resource",     "NotResource", "Condition"};

Status Syntax() { return MalformedPolicyDocument(kSyntaxErrors); }

bool IsStringOrStrings(const json::value* v) {
  if (v == nullptr || v->is_string()) return true;
  if (!v->is_array()) return false;
  return std::all_of(v->get_array().begin(), v->get_array().end(),
                     [](const json::value& i) { return i.is_string(); });
}

bool IsScalar(const json::value& v) { return v.is_string() || v.is_number() || v.is_bool(); }

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

bool ConditionSyntaxOk(const json::value& condition) {
  if (!condition.is_object()) return false;
  for (const auto& [name, keys] : condition.get_object()) {
    if (!keys.is_object()) return false;
    for (const auto& [key, values] : keys.get_object()) {
      if (values.is_array()) {
        if (!std::all_of(values.get_array().begin(), values.get_array().end(), IsScalar)) return false;
      } else if (!IsScalar(values)) {
        return false;
      }
    }
    // An unknown operator is a syntax error unless its block is empty.
    if (!ParseConditionOperator(name) && !keys.get_object().empty()) return false;
  }
  return true;
}

bool StatementSyntaxOk(const json::value& v) {
  if (!v.is_object()) return false;
  const json::object& s = v.get_object();
  for (const auto& [key, value] : s) {
    if (std::find(std::begin(kStatementFields), std::end(kStatementFields), key) ==
        std::end(kStatementFields)) {
      return false;
    }
  }
  if ((s.contains("Action") && s.contains("NotAction")) ||
      (s.contains("Resource") && s.contains("NotResource")) ||
      (s.contains("Principal") && s.contains("NotPrincipal"))) {
    return false;
  }
  const json::value* effect = s.if_contains("Effect");
  if (effect == nullptr || !effect->is_string()) return false;
  std::string lower(effect->get_string());
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower != "allow" && lower != "deny") return false;
  for (std::string_view field : {"Action", "NotAction", "Resource", "NotResource"}) {
    if (!IsStringOrStrings(s.if_contains(field))) return false;
  }
  if (const json::value* sid = s.if_contains("Sid"); sid != nullptr && !sid->is_string()) return false;
  for (std::string_view field : {"Principal", "NotPrincipal"}) {
    const json::value* p = s.if_contains(field);
    if (p != nullptr && !p->is_string() && !p->is_object()) return false;
  }
  const json::value* condition = s.if_contains("Condition");
  return condition == nullptr || ConditionSyntaxOk(*condition);
}

// The statements of a syntactically valid document, or nothing when the syntax is wrong.
bool CollectStatements(const json::object& doc, std::vector<const json::object*>& out) {
  for (const auto& [key, value] : doc) {
    if (key != "Version" && key != "Id" && key != "Statement") return false;
  }
  if (const json::value* v = doc.if_contains("Version")) {
    if (!v->is_string() || (v->get_string() != kVersion2012 && v->get_string() != kVersion2008)) return false;
  }
  if (const json::value* id = doc.if_contains("Id"); id != nullptr && !id->is_string()) return false;
  const json::value* statement = doc.if_contains("Statement");
  if (statement == nullptr) return false;
  if (statement->is_object()) {
    if (!StatementSyntaxOk(*statement)) return false;
    out.push_back(&statement->get_object());
    return true;
  }
  if (!statement->is_array() || statement->get_array().empty()) return false;
  for (const json::value& s : statement->get_array()) {
    if (!StatementSyntaxOk(s)) return false;
    out.push_back(&s.get_object());
  }
  return true;
}

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An "AWS" principal: "*", an account id, or an IAM/STS principal ARN of a 12-digit account.
bool ValidAwsPrincipal(std::string_view p) {
  if (p == "*" || IsAccountId(p)) return true;
  for (std::string_view prefix : {"arn:aws:iam::", "arn:aws:sts::"}) {
    if (!p.starts_with(prefix)) continue;
    std::string_view rest = p.substr(prefix.size());
    if (rest.size() < 14 || !IsAccountId(rest.substr(0, 12)) || rest[12] != ':') return false;
    rest.remove_prefix(13);
    if (rest.find('*') != std::string_view::npos) return false;  // no wildcards in principals
    if (prefix == "arn:aws:iam::")
      return rest == "root" || rest.starts_with("user/") || rest.starts_with("role/");
    return rest.starts_with("assumed-role/") || rest.starts_with("federated-user/");
  }
  return false;
}

Status InvalidPrincipal(std::string_view type, std::string_view value) {
  return MalformedPolicyDocument("Invalid principal in policy: \"" + std::string(type) + "\":\"" +
                                 std::string(value) + "\"");
}

Status CheckPrincipalValues(const json::value& principal) {
  if (principal.is_string()) {
    return principal.get_string() == "*" ? Status() : InvalidPrincipal("AWS", principal.get_string());
  }
  for (const auto& [type, value] : principal.get_object()) {
    if (!IsStringOrStrings(&value)) return Syntax();
    std::vector<std::string_view> values;
    if (value.is_string()) {
      values.emplace_back(value.get_string());
    } else {
      for (const json::value& v : value.get_array()) values.emplace_back(v.get_string());
    }
    for (std::string_view v : values) {
      const bool ok = type == "AWS"                              ? ValidAwsPrincipal(v)
                      : type == "Service" || type == "Federated" ? !v.empty() && v.find('*') == v.npos
                      : type == "CanonicalUser"                  ? !v.empty()
                                                                 : false;
      if (!ok) return InvalidPrincipal(std::string_view(type), v);
    }
  }
  return Status();
}

Status CheckPrincipals(const std::vector<const json::object*>& statements, PolicyKind kind) {
  for (const json::object* s : statements) {
    const json::value* principal = s->if_contains("Principal");
    const json::value* not_principal = s->if_contains("NotPrincipal");
    if (kind == PolicyKind::kIdentity) {
      if (principal != nullptr || not_principal != nullptr)
        return MalformedPolicyDocument(kShouldNotSpecifyPrincipal);
      continue;
    }
    if (principal == nullptr && not_principal == nullptr) {
      return MalformedPolicyDocument(kind == PolicyKind::kTrust ? kTrustNoPrincipal : kMissingPrincipal);
    }
    TARN_TRY(CheckPrincipalValues(principal != nullptr ? *principal : *not_principal));
  }
  return Status();
}

// What IAM calls legacy parsing: the exact case of Effect, date condition values, and ARNs that
// have "::" without all six parts.
// What IAM's (Joda-Time's) lenient ISO parser takes for a date when it validates a document, beyond the
// dates tarn evaluates: a signed year of any length, optional month and day, then optionally 'T' or 't'
// and a partial time with fraction and offset ("01T", "2016-12-13t2:00:00.593194+23", "-292275054"
// are accepted: test_create_policy_valid_document, recorded). A condition that names such a date
// simply never matches in tarn.
bool LenientIsoDate(std::string_view text) {
  size_t i = 0;
  auto digits = [&](size_t max) {
    size_t start = i;
    while (i < text.size() && i - start < max && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  auto at = [&](char c) { return i < text.size() && text[i] == c; };
  if (at('+') || at('-')) ++i;
  if (digits(text.size()) == 0) return false;
  for (int part = 0; part < 2 && at('-'); ++part) {
    ++i;
    if (digits(2) == 0) return false;
  }
  if (i == text.size()) return true;
  if (!at('T') && !at('t')) return false;
  ++i;
  if (digits(2) > 0) {
    for (int part = 0; part < 2 && at(':'); ++part) {
      ++i;
      if (digits(2) == 0) return false;
    }
    if (at('.') || at(',')) {
      ++i;
      if (digits(text.size()) == 0) return false;
    }
  }
  if (at('Z') || at('z')) {
    ++i;
  } else if (at('+') || at('-')) {
    ++i;
    if (digits(2) == 0) return false;
    if (at(':')) ++i;
    digits(2);
  }
  return i == text.size();
}

// IAM judges each resource's partition and vendor before anything else about it, reading the text as
// an ARN whatever its first field says and padding it to six fields with "*" for the message
// ("a:bsdfdsafsad" is 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".',
// test_create_policy_invalid_document, recorded).
Status CheckPartitionAndVendor(std::string_view r) {
  if (r == "*" || r.find(':') == std::string_view::npos) return Status();
  std::vector<std::string_view> fields;
  std::string_view rest = r;
  while (fields.size() < 5) {
    const size_t colon = rest.find(':');
    fields.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) {
      rest = {};
      break;
    }
    rest.remove_prefix(colon + 1);
    if (fields.size() == 5) fields.push_back(rest);
  }
  const std::string_view partition = fields[1];
  if (partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov") {
    std::string shown = "arn";
    for (size_t i = 1; i < 6; ++i) shown.append(":").append(i < fields.size() ? fields[i] : "*");
    return MalformedPolicyDocument("Partition \"" + std::string(partition) +
                                   "\" is not valid for resource \"" + shown + "\".");
  }
  if (fields.size() < 3 || fields[2].empty() || fields[2].find_first_of("*?") != std::string_view::npos)
    return MalformedPolicyDocument("Resource vendor must be fully qualified and cannot contain regexes.");
  return Status();
}

bool LegacyParsingOk(const json::object& s) {
  const std::string_view effect = s.at("Effect").get_string();
  if (effect != "Allow" && effect != "Deny") return false;
  for (std::string_view field : {"Resource", "NotResource"}) {
    for (std::string_view r : Strings(s, field)) {
      if (r == "*" || r.find(':') == std::string_view::npos) continue;
      const size_t colons = std::count(r.begin(), r.end(), ':');
      if (colons < 5 && r.find("::") != std::string_view::npos) return false;
      const size_t first = r.find(':');
      const size_t second = r.find(':', first + 1);
      if (second == std::string_view::npos) return false;
      const size_t third = r.find(':', second + 1);
      if (r.substr(second + 1, third == std::string_view::npos ? r.npos : third - second - 1).empty())
        return false;
    }
  }
  if (const json::value* condition = s.if_contains("Condition")) {
    for (const auto& [name, keys] : condition->get_object()) {
      const std::optional<ConditionOperator> op = ParseConditionOperator(name);
      if (!op || op->test < ConditionTest::kDateEquals || op->test > ConditionTest::kDateGreaterThanEquals)
        continue;
      for (const auto& [key, values] : keys.get_object()) {
        auto valid = [](const json::value& v) {
          if (!v.is_string()) return v.is_number();
          return ContainsPolicyVariable(v.get_string()) || ParseConditionDate(v.get_string()).has_value() ||
                 LenientIsoDate(v.get_string());
        };
        if (values.is_array() ? !std::all_of(values.get_array().begin(), values.get_array().end(), valid)
                              : !valid(values)) {
          return false;
        }
      }
    }
  }
  return true;
}

Status CheckSids(const std::vector<const json::object*>& statements, PolicyKind kind) {
  std::set<std::string_view> seen;
  for (const json::object* s : statements) {
    const json::value* sid = s->if_contains("Sid");
    if (sid == nullptr || sid->get_string().empty()) continue;
    if (!seen.insert(sid->get_string()).second) return MalformedPolicyDocument(kDuplicateSid);
  }
  if (kind != PolicyKind::kIdentity) return Status();  // resource policies allow any Sid text
  for (const json::object* s : statements) {
    const json::value* sid = s->if_contains("Sid");
    if (sid == nullptr) continue;
    const std::string_view text = sid->get_string();
    if (!std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
      return MalformedPolicyDocument(kSidNotAlphanumeric);
    }
  }
  return Status();
}

bool HasNonEmpty(const json::object& s, std::string_view a, std::string_view b) {
  for (std::string_view field : {a, b}) {
    const json::value* v = s.if_contains(field);
    if (v != nullptr && (v->is_string() || !v->get_array().empty())) return true;
  }
  return false;
}

// The resource part of an IAM ARN ("user/x", "root", "*"); a wildcard before the first '/' may stand
// for any of the prefixes.
bool IamResourcePathOk(std::string_view resource) {
  if (resource == "*" || resource == "root") return true;
  if (resource.substr(0, resource.find('/')).find_first_of("*?") != std::string_view::npos) return true;
  static constexpr std::string_view kPrefixes[] = {"user/",
                                                   "federated-user/",
                                                   "role/",
                                                   "group/",
                                                   "instance-profile/",
                                                   "mfa/",
                                                   "server-certificate/",
                                                   "policy/",
                                                   "sms-mfa/",
                                                   "saml-provider/",
                                                   "oidc-provider/",
                                                   "report/",
                                                   "access-report/"};
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](std::string_view prefix) { return resource.starts_with(prefix); });
}

Status CheckResourceFormat(std::string_view r) {
  if (r == "*") return Status();
  const size_t colon = r.find(':');
  if (colon == std::string_view::npos) {
    return MalformedPolicyDocument("Resource " + std::string(r) + " must be in ARN format or \"*\".");
  }
  std::string_view rest = r.substr(colon + 1);
  const std::string_view partition = rest.substr(0, rest.find(':'));
  if (partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov") {
    return MalformedPolicyDocument("Partition \"" + std::string(partition) +
                                   "\" is not valid for resource \"" + std::string(r) + "\".");
  }
  rest.remove_prefix(std::min(rest.size(), partition.size() + 1));
  const std::string_view service = rest.substr(0, rest.find(':'));
  if (service.find_first_of("*?") != std::string_view::npos) {
    return MalformedPolicyDocument("Resource vendor must be fully qualified and cannot contain regexes.");
  }
  rest.remove_prefix(std::min(rest.size(), service.size() + 1));
  const std::string_view region = rest.substr(0, rest.find(':'));
  if (service == "iam" && !region.empty()) {
    return MalformedPolicyDocument("IAM resource " + std::string(r) + " cannot contain region information.");
  }
  // S3's bucket and object ARNs have no region; its access points, jobs and the like do (IAM accepts
  // arn:aws:s3:us-west-2:123456789012:accesspoint/x, test_create_policy_valid_document[valid-50]).
  rest.remove_prefix(std::min(rest.size(), region.size() + 1));
  const std::string_view account = rest.substr(0, rest.find(':'));
  rest.remove_prefix(std::min(rest.size(), account.size() + 1));
  if (service == "s3" && !region.empty() && account.empty()) {
    return MalformedPolicyDocument("Resource " + std::string(r) + " can not contain region information.");
  }
  if (service == "iam" && !IamResourcePathOk(rest)) {
    return MalformedPolicyDocument(
        "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/, group/, "
        "instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, "
        "report/, access-report/.");
  }
  return Status();
}

// "iam:CreateUser", "s3:*", "*"; the same rule holds for condition keys ("aws:username").
Status CheckVendorPrefix(std::string_view name) {
  if (name == "*") return Status();
  const size_t colon = name.find(':');
  if (colon == std::string_view::npos) return MalformedPolicyDocument(kMissingVendor);
  if (name.find(':', colon + 1) != std::string_view::npos) return MalformedPolicyDocument(kOneColon);
  const std::string_view vendor = name.substr(0, colon);
  const bool ok = vendor == "*" || std::all_of(vendor.begin(), vendor.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
                  });
  if (!ok) return MalformedPolicyDocument("Vendor " + std::string(vendor) + " is not valid");
  return Status();
}

Status CheckFormats(const std::vector<const json::object*>& statements) {
  for (const json::object* s : statements) {
    for (std::string_view field : {"Resource", "NotResource"}) {
      for (std::string_view r : Strings(*s, field)) TARN_TRY(CheckResourceFormat(r));
    }
  }
  for (const json::object* s : statements) {
    for (std::string_view field : {"Action", "NotAction"}) {
      for (std::string_view a : Strings(*s, field)) TARN_TRY(CheckVendorPrefix(a));
    }
    // Condition keys need no vendor: IAM accepts {"DateGreaterThan": {"a": []}} (LocalStack's
    // test_create_policy_valid_document, recorded against AWS).
  }
  return Status();
}

// A trust policy grants only the actions of assuming the role (and what goes with them).
bool TrustAction(std::string_view action) {
  static constexpr std::string_view kAllowed[] = {
      "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
      "sts:tagsession", "sts:setsourceidentity",  "sts:setcontext"};
  std::string pattern(action);
  std::transform(pattern.begin(), pattern.end(), pattern.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(std::begin(kAllowed), std::end(kAllowed),
                     [&](std::string_view allowed) { return core::WildcardMatch(pattern, allowed); });
}

}  // namespace

Status ValidateDocument(const json::object& document, PolicyKind kind, const ParseOptions& options) {
  std::vector<const json::object*> statements;
  if (!CollectStatements(document, statements)) return Syntax();
  TARN_TRY(CheckPrincipals(statements, kind));
  const json::value* version = document.if_contains("Version");
  if (options.require_version_2012 && (version == nullptr || version->get_string() != kVersion2012)) {
    return MalformedPolicyDocument(kVersionTooOld);
  }
  for (const json::object* s : statements) {
    for (std::string_view field : {"Resource", "NotResource"}) {
      for (std::string_view r : Strings(*s, field)) TARN_TRY(CheckPartitionAndVendor(r));
    }
  }
  if (!std::all_of(statements.begin(), statements.end(),
                   [](const json::object* s) { return LegacyParsingOk(*s); })) {
    return MalformedPolicyDocument(kLegacyParsing);
  }
  TARN_TRY(CheckSids(statements, kind));
  for (const json::object* s : statements) {
    if (!HasNonEmpty(*s, "Action", "NotAction")) return MalformedPolicyDocument(kMissingActions);
  }
  for (const json::object* s : statements) {
    const bool has_resource = s->contains("Resource") || s->contains("NotResource");
    if (kind == PolicyKind::kTrust && has_resource) {  // a trust policy's resource is its role
      return MalformedPolicyDocument(kTrustProhibitedResource);
    }
    if (kind != PolicyKind::kTrust && !HasNonEmpty(*s, "Resource", "NotResource")) {
      return MalformedPolicyDocument(kMissingResources);
    }
  }
  if (kind == PolicyKind::kTrust) {
    for (const json::object* s : statements) {
      for (std::string_view a : Strings(*s, "Action"))
        if (!TrustAction(a)) return MalformedPolicyDocument(kTrustActions);
    }
  }
  return CheckFormats(statements);
}

}  // namespace tarn::iam::policy
