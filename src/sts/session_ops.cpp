// Implements: AssumeRole, GetSessionToken.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "core/arn.h"
#include "core/time_format.h"
#include "net/tag_condition_keys.h"
#include "sts/sts.h"

namespace tarn::sts {
namespace json = boost::json;
namespace {

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html: 12 hours by default.
constexpr int64_t kDefaultSessionTokenSeconds = 43200;
constexpr int64_t kDefaultAssumeRoleSeconds = 3600;

std::string Str(const net::Call& call, std::string_view member) {
  const auto* v = call.input.if_contains(member);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> Int(const net::Call& call, std::string_view member) {
  const auto* v = call.input.if_contains(member);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<int64_t>();
}

json::object CredentialsShape(const iam::TemporaryCredentials& c) {
  json::object o;
  o["AccessKeyId"] = c.access_key_id;
  o["SecretAccessKey"] = c.secret_access_key;
  o["SessionToken"] = c.session_token;
  o["Expiration"] = core::ToEpochSeconds(c.expiration);
  return o;
}

std::string Folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

core::Status Service::CheckAssumeRoleInput(const net::Call& call) {
  // Anything but arn:<partition>:<service>:<region>:<account>:<resource> (partition, service and
  // resource not empty) is "<arn> is invalid" (LocalStack's test_sts_invalid_parameters).
  const std::string arn = Str(call, "RoleArn");
  if (!core::Arn::Parse(arn)) return core::AwsError("ValidationError", arn + " is invalid", 400);
  // Tag keys are case-insensitive; a transitive key must be one of them (AWS's texts, in LocalStack's
  // test_assume_role_tag_validation, recorded on AWS).
  std::set<std::string> keys;
  for (const auto& [key, value] : net::TagsOf(call.input.if_contains("Tags")))
    if (!keys.insert(Folded(key)).second)
      return core::AwsError("InvalidParameterValue",
                            "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400);
  for (const std::string& key : net::TagKeysOf(call.input.if_contains("TransitiveTagKeys")))
    if (!keys.contains(Folded(key)))
      return core::AwsError("InvalidParameterValue",
                            "The specified transitive tag key must be included in the requested tags.", 400);
  return core::Ok();
}

core::Result<net::Output> Service::AssumeRole(const net::Call& call) {
  TARN_TRY(CheckAssumeRoleInput(call));
  iam::AssumeRoleInput input;
  input.role_arn = Str(call, "RoleArn");
  input.session_name = Str(call, "RoleSessionName");
  input.duration_seconds = Int(call, "DurationSeconds").value_or(kDefaultAssumeRoleSeconds);
  if (call.input.contains("Policy")) input.policy = Str(call, "Policy");
  if (const auto* tags = call.input.if_contains("Tags"); tags && tags->is_array()) {
    for (const auto& t : tags->get_array()) {
      if (!t.is_object()) continue;
      const auto* k = t.get_object().if_contains("Key");
      const auto* v = t.get_object().if_contains("Value");
      if (k && k->is_string() && v && v->is_string())
        input.tags.emplace_back(std::string(k->get_string()), std::string(v->get_string()));
    }
  }
  TARN_ASSIGN_OR_RETURN(iam::TemporaryCredentials credentials,
                        iam_->AssumeRole(call.context.principal, input));
  net::Output out;
  out.json["Credentials"] = CredentialsShape(credentials);
  json::object user;
  user["AssumedRoleId"] = credentials.assumed_role_id;
  user["Arn"] = credentials.arn;
  out.json["AssumedRoleUser"] = std::move(user);
  // A percentage of the packed-policy limit; tarn does not pack, so it reports a small share.
  if (input.policy || !input.tags.empty()) out.json["PackedPolicySize"] = 6;
  return out;
}

core::Result<net::Output> Service::GetSessionToken(const net::Call& call) {
  int64_t duration = Int(call, "DurationSeconds").value_or(kDefaultSessionTokenSeconds);
  TARN_ASSIGN_OR_RETURN(iam::TemporaryCredentials credentials,
                        iam_->GetSessionToken(call.context.principal, duration));
  net::Output out;
  out.json["Credentials"] = CredentialsShape(credentials);
  return out;
}

}  // namespace tarn::sts
