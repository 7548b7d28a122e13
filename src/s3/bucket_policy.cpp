#include "s3/bucket_policy.h"

#include <boost/json.hpp>
#include <cctype>
#include <mutex>

#include "core/aws_error.h"
#include "core/encoding.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

core::AwsError MalformedPolicy(std::string message) {
  return core::AwsError("MalformedPolicy", std::move(message), 400);
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A string, or a non-empty array of strings: the values of Action, Resource and Principal members.
std::optional<std::vector<std::string>> Strings(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.emplace_back(v.get_string());
  } else if (v.is_array()) {
    for (const json::value& e : v.get_array()) {
      if (!e.is_string()) return std::nullopt;
      out.emplace_back(e.get_string());
    }
  } else {
    return std::nullopt;
  }
  return out;
}

// "*", an account, or the ARN of an account root, user, role or role session.
bool ValidAwsPrincipal(std::string_view p) {
  if (p == "*" || IsAccountId(p)) return true;
  for (std::string_view prefix : {"arn:aws:iam::", "arn:aws:sts::"}) {
    if (!p.starts_with(prefix)) continue;
    std::string_view rest = p.substr(prefix.size());
    if (rest.size() < 14 || !IsAccountId(rest.substr(0, 12)) || rest[12] != ':') return false;
    std::string_view resource = rest.substr(13);
    if (prefix == "arn:aws:sts::") return resource.starts_with("assumed-role/") && resource.size() > 13;
    return resource == "root" || (resource.starts_with("user/") && resource.size() > 5) ||
           (resource.starts_with("role/") && resource.size() > 5);
  }
  return false;
}

core::Status CheckPrincipal(const json::value& v) {
  if (v.is_string()) {
    if (v.get_string().empty()) return MalformedPolicy("Missing required field Principal cannot be empty!");
    if (v.get_string() != "*") return MalformedPolicy("Invalid policy syntax.");
    return core::Ok();
  }
  if (!v.is_object()) return MalformedPolicy("Invalid policy syntax.");
  if (v.get_object().empty()) return MalformedPolicy("Missing required field Principal cannot be empty!");
  for (const auto& [kind, values] : v.get_object()) {
    auto list = Strings(values);
    if (!list) return MalformedPolicy("Invalid policy syntax.");
    if (list->empty()) return MalformedPolicy("Missing required field Principal cannot be empty!");
    for (const std::string& p : *list) {
      bool valid = kind == "AWS"             ? ValidAwsPrincipal(p)
                   : kind == "Service"       ? p.find('.') != std::string::npos
                   : kind == "Federated"     ? !p.empty()
                   : kind == "CanonicalUser" ? p.size() == 64
                                             : false;
      if (!valid) return MalformedPolicy("Invalid principal in policy");
    }
  }
  return core::Ok();
}

// S3 actions that act on objects (their resource is arn:aws:s3:::bucket/key); the others act on
// the bucket. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
bool IsObjectAction(std::string_view name) {
  if (name.find("Object") != std::string_view::npos) return true;
  for (std::string_view a : {"AbortMultipartUpload", "ListMultipartUploadParts", "ReplicateDelete",
                             "ReplicateTags", "BypassGovernanceRetention"})
    if (IEquals(name, a)) return true;
  return false;
}

bool HasWildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

core::Status CheckStatement(std::string_view bucket, const json::value& v) {
  if (!v.is_object()) return MalformedPolicy("Invalid policy syntax.");
  const json::object& s = v.get_object();
  const json::value* effect = s.if_contains("Effect");
  if (!effect) return MalformedPolicy("Missing required field Effect");
  if (!effect->is_string() || (effect->get_string() != "Allow" && effect->get_string() != "Deny"))
    return MalformedPolicy("Invalid effect: " + (effect->is_string() ? std::string(effect->get_string())
                                                                     : json::serialize(*effect)));
  const json::value* principal = s.if_contains("Principal");
  if (!principal) principal = s.if_contains("NotPrincipal");
  if (!principal) return MalformedPolicy("Missing required field Principal");
  TARN_TRY(CheckPrincipal(*principal));

  const json::value* action = s.if_contains("Action");
  if (!action) action = s.if_contains("NotAction");
  if (!action) return MalformedPolicy("Missing required field Action");
  auto actions = Strings(*action);
  if (!actions || actions->empty()) return MalformedPolicy("Policy has invalid action");
  bool any_object_action = false, any_bucket_action = false, wildcard_action = false;
  for (const std::string& a : *actions) {
    if (a == "*") {
      wildcard_action = true;
      continue;
    }
    auto colon = a.find(':');
    std::string_view name = std::string_view(a).substr(colon == std::string::npos ? a.size() : colon + 1);
    if (colon == std::string::npos || !IEquals(std::string_view(a).substr(0, colon), "s3") || name.empty() ||
        !std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '*' || c == '?';
        }))
      return MalformedPolicy("Policy has invalid action");
    if (HasWildcard(name)) wildcard_action = true;
    (IsObjectAction(name) ? any_object_action : any_bucket_action) = true;
  }

  const json::value* resource = s.if_contains("Resource");
  bool not_resource = false;
  if (!resource && (resource = s.if_contains("NotResource"))) not_resource = true;
  if (!resource) return MalformedPolicy("Missing required field Resource");
  auto resources = Strings(*resource);
  if (!resources || resources->empty()) return MalformedPolicy("Policy has invalid resource");
  const std::string bucket_arn = "arn:aws:s3:::" + std::string(bucket);
  bool any_object_resource = false, any_bucket_resource = false;
  for (const std::string& r : *resources) {
    // Every resource is this bucket or an object in it: a policy cannot speak for other buckets.
    if (r == bucket_arn) {
      any_bucket_resource = true;
    } else if (r.size() > bucket_arn.size() && r.starts_with(bucket_arn) && r[bucket_arn.size()] == '/') {
      any_object_resource = true;
    } else {  // another bucket, "*", or a wildcard in the bucket name

      return MalformedPolicy("Policy has invalid resource");
    }
  }
  if (!not_resource && !wildcard_action && s.if_contains("Action")) {
    bool applies = (any_object_action && any_object_resource) || (any_bucket_action && any_bucket_resource);
    if (!applies) return MalformedPolicy("Action does not apply to any resource(s) in statement");
  }
  if (const json::value* condition = s.if_contains("Condition"); condition && !condition->is_object())
    return MalformedPolicy("Invalid policy syntax.");
  return core::Ok();
}

// The value as S3 shows it back: a one-element array as its element.
json::value Collapsed(const json::value& v) {
  if (v.is_array() && v.get_array().size() == 1) return v.get_array().front();
  return v;
}

json::value CanonicalPrincipal(const json::value& v) {
  if (!v.is_object()) return v;
  json::object out;
  for (std::string_view kind : {"AWS", "CanonicalUser", "Federated", "Service"})
    if (const json::value* list = v.get_object().if_contains(kind)) out[kind] = Collapsed(*list);
  return out;
}

json::object CanonicalStatement(const json::object& s) {
  json::object out;
  if (const json::value* sid = s.if_contains("Sid")) out["Sid"] = *sid;
  out["Effect"] = s.at("Effect");
  for (std::string_view member : {"Principal", "NotPrincipal"})
    if (const json::value* p = s.if_contains(member)) out[member] = CanonicalPrincipal(*p);
  for (std::string_view member : {"Action", "NotAction", "Resource", "NotResource"})
    if (const json::value* v = s.if_contains(member)) out[member] = Collapsed(*v);
  if (const json::value* c = s.if_contains("Condition")) out["Condition"] = *c;
  return out;
}

// "The meaning of public" (access-control-block-public-access.html): an Allow is non-public when
// a condition pins it to fixed values of one of these keys (iam::policy::PinnedConditionKeys).
bool RestrictsToFixedValues(const json::object& condition) {
  static constexpr std::string_view kKeys[] = {"aws:sourcearn",
                                               "aws:sourcevpc",
                                               "aws:sourcevpce",
                                               "aws:sourceowner",
                                               "aws:sourceaccount",
                                               "aws:principalorgid",
                                               "aws:principalarn",
                                               "aws:principalaccount",
                                               "aws:userid",
                                               "s3:dataaccesspointarn",
                                               "s3:dataaccesspointaccount",
                                               "s3:x-amz-server-side-encryption-aws-kms-key-id"};
  for (const iam::policy::PinnedKey& pinned : iam::policy::PinnedConditionKeys(condition)) {
    if (pinned.key == "aws:sourceip") {
      // Ranges broader than /8 (IPv4) or /32 (IPv6) are still public.
      bool narrow = std::all_of(pinned.values.begin(), pinned.values.end(), [](const std::string& cidr) {
        auto slash = cidr.find('/');
        if (slash == std::string::npos) return true;
        int bits = std::atoi(cidr.c_str() + slash + 1);
        return bits >= (cidr.find(':') != std::string::npos ? 32 : 8);
      });
      if (narrow) return true;
      continue;
    }
    if (std::find(std::begin(kKeys), std::end(kKeys), pinned.key) != std::end(kKeys)) return true;
  }
  return false;
}

bool NamesEveryone(const json::value& principal) {
  if (principal.is_string()) return principal.get_string() == "*";
  if (!principal.is_object()) return false;
  if (principal.get_object().contains("Federated")) return true;
  if (const json::value* aws = principal.get_object().if_contains("AWS")) {
    auto list = Strings(*aws);
    return list && std::find(list->begin(), list->end(), "*") != list->end();
  }
  return false;
}

bool IsPublicStatement(const json::object& s) {
  if (s.at("Effect") != "Allow") return false;
  if (s.contains("NotPrincipal")) return true;  // everyone but a few
  if (!NamesEveryone(s.at("Principal"))) return false;
  const json::value* condition = s.if_contains("Condition");
  return !(condition && condition->is_object() && RestrictsToFixedValues(condition->get_object()));
}

}  // namespace

boost::json::object DefaultPublicAccessBlock() {
  return {{"BlockPublicAcls", true},
          {"IgnorePublicAcls", true},
          {"BlockPublicPolicy", true},
          {"RestrictPublicBuckets", true}};
}

core::Result<CheckedPolicy> CheckBucketPolicy(std::string_view bucket, std::string_view document) {
  if (document.empty() || document.front() != '{')
    return MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  boost::system::error_code ec;
  json::value parsed = json::parse(document, ec);
  if (ec || !parsed.is_object()) return MalformedPolicy("This policy contains invalid Json");
  const json::object& doc = parsed.get_object();
  const json::value* version = doc.if_contains("Version");
  if (version && (!version->is_string() ||
                  (version->get_string() != "2012-10-17" && version->get_string() != "2008-10-17")))
    return MalformedPolicy("The policy must contain a valid version string");
  const json::value* statement = doc.if_contains("Statement");
  if (!statement) return MalformedPolicy("Missing required field Statement");
  json::array statements;
  if (statement->is_object()) {
    statements.push_back(*statement);
  } else if (statement->is_array()) {
    statements = statement->get_array();
  } else {
    return MalformedPolicy("Invalid policy syntax.");
  }
  if (statements.empty()) return MalformedPolicy("Could not parse the policy: Statement is empty!");
  for (const json::value& s : statements) TARN_TRY(CheckStatement(bucket, s));

  auto compiled = iam::policy::Policy::Parse(document, iam::policy::PolicyKind::kResource);
  if (!compiled.ok()) {
    // What S3's own checks above let through and IAM's grammar refuses (condition operators,
    // duplicate Sids, ...): S3 words it as a syntax error.
    return MalformedPolicy("Invalid policy syntax.");
  }
  CheckedPolicy out;
  out.compiled = std::move(compiled).value();
  json::object canonical;
  canonical["Version"] = version ? *version : json::value("2008-10-17");
  if (const json::value* id = doc.if_contains("Id")) canonical["Id"] = *id;
  json::array canonical_statements;
  for (const json::value& s : statements) {
    canonical_statements.push_back(CanonicalStatement(s.get_object()));
    out.is_public = out.is_public || IsPublicStatement(s.get_object());
  }
  canonical["Statement"] = std::move(canonical_statements);
  out.canonical = json::serialize(canonical);
  return out;
}

void BucketPolicies::Set(const std::string& bucket, Entry entry) {
  if (!entry.policy) return Erase(bucket);
  std::unique_lock lock(mutex_);
  entries_[bucket] = std::make_shared<const Entry>(std::move(entry));
  any_.store(true, std::memory_order_release);
}

void BucketPolicies::Erase(const std::string& bucket) {
  std::unique_lock lock(mutex_);
  entries_.erase(bucket);
}

std::shared_ptr<const BucketPolicies::Entry> BucketPolicies::Of(std::string_view bucket) const {
  if (!any_.load(std::memory_order_acquire)) return nullptr;
  std::shared_lock lock(mutex_);
  auto it = entries_.find(std::string(bucket));
  return it == entries_.end() ? nullptr : it->second;
}

}  // namespace tarn::s3
