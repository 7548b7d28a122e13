// Implements: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy,
// DeleteRetentionPolicy.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
#include <algorithm>
#include <array>
#include <cctype>

#include "logs/errors.h"
#include "logs/input.h"
#include "logs/log_store.h"
#include "logs/logs.h"

namespace tarn::logs {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
constexpr std::array<int64_t, 22> kRetentionDays = {
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
constexpr size_t kMaxTags = 50;
constexpr int64_t kDefaultDescribeLimit = 50;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

core::Result<net::Output> Service::CreateLogGroup(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  GroupRecord group;
  group.name = name;
  group.creation_time = NowMs();
  if (auto cls = GetString(call.input, "logGroupClass")) group.log_group_class = *cls;
  if (auto kms = GetString(call.input, "kmsKeyId")) group.kms_key_id = *kms;
  group.deletion_protection = GetBool(call.input, "deletionProtectionEnabled");
  if (const auto* tags = call.input.if_contains("tags"); tags && tags->is_object()) {
    if (tags->get_object().size() > kMaxTags)
      return TooManyTagsException("A resource can have no more than 50 tags.");
    for (const auto& kv : tags->get_object())
      if (kv.value().is_string()) group.tags[std::string(kv.key())] = std::string(kv.value().get_string());
  }
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto existing, store_->GetGroup(call.context.region, name));
  if (existing) return LogGroupAlreadyExists();
  TARN_TRY(store_->PutGroup(call.context.region, group));
  return net::Output{};
}

core::Result<net::Output> Service::DeleteLogGroup(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto existing, store_->GetGroup(call.context.region, name));
  if (!existing) return LogGroupNotFound();
  if (existing->deletion_protection)
    return core::AwsError("ValidationException",
                          "Log group " + name + " has deletion protection enabled and cannot be deleted.");
  TARN_TRY(store_->DeleteGroup(call.context.region, name));
  return net::Output{};
}

core::Result<net::Output> Service::DescribeLogGroups(const net::Call& call) {
  auto prefix = GetString(call.input, "logGroupNamePrefix");
  auto pattern = GetString(call.input, "logGroupNamePattern");
  if (prefix && pattern)
    return InvalidParameterException(
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  int64_t limit = GetInt(call.input, "limit").value_or(kDefaultDescribeLimit);
  std::string after;
  if (auto token = GetString(call.input, "nextToken")) {
    if (!token->starts_with("g/") || token->size() < 3)
      return InvalidParameterException("The specified nextToken is invalid.");
    after = token->substr(2);
  }
  std::vector<std::string> wanted;  // logGroupIdentifiers: names or ARNs
  if (const auto* ids = call.input.if_contains("logGroupIdentifiers"); ids && ids->is_array()) {
    for (const auto& id : ids->get_array()) {
      if (!id.is_string()) continue;
      std::string text(id.get_string());
      wanted.push_back(GroupNameFromArn(text).value_or(text));
    }
  }
  std::string lowered_pattern = pattern ? Lower(*pattern) : std::string();
  TARN_ASSIGN_OR_RETURN(auto groups, store_->ListGroups(call.context.region, after));
  json::array out;
  std::string last;
  bool more = false;
  for (const auto& g : groups) {
    if (prefix && !g.name.starts_with(*prefix)) continue;
    if (pattern && Lower(g.name).find(lowered_pattern) == std::string::npos) continue;
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), g.name) == wanted.end()) continue;
    if (auto cls = GetString(call.input, "logGroupClass"); cls && *cls != g.log_group_class) continue;
    if (static_cast<int64_t>(out.size()) == limit) {
      more = true;
      break;
    }
    std::string arn = GroupArn(call.context.region, call.context.account_id, g.name);
    json::object o{{"logGroupName", g.name}, {"creationTime", g.creation_time},
                   {"metricFilterCount", 0}, {"arn", arn + ":*"},
                   {"logGroupArn", arn},     {"logGroupClass", g.log_group_class}};
    // Found by logGroupNamePattern, a group is described without these two (AWS's answers in
    // LocalStack's test_describe_log_groups_with_pattern; by prefix or name they are there).
    if (!pattern) {
      o["storedBytes"] = 0;
      o["deletionProtectionEnabled"] = g.deletion_protection;
    }
    if (g.retention_days) o["retentionInDays"] = *g.retention_days;
    if (!g.kms_key_id.empty()) o["kmsKeyId"] = g.kms_key_id;
    out.push_back(std::move(o));
    last = g.name;
  }
  net::Output result;
  result.json["logGroups"] = std::move(out);
  if (more) result.json["nextToken"] = "g/" + last;
  return result;
}

core::Result<net::Output> Service::PutRetentionPolicy(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  int64_t days = GetInt(call.input, "retentionInDays").value_or(0);
  if (std::find(kRetentionDays.begin(), kRetentionDays.end(), days) == kRetentionDays.end()) {
    std::string allowed;
    for (int64_t d : kRetentionDays) allowed += (allowed.empty() ? "" : ", ") + std::to_string(d);
    return InvalidParameterException("1 validation error detected: Value '" + std::to_string(days) +
                                     "' at 'retentionInDays' failed to satisfy constraint: Member must "
                                     "satisfy enum value set: [" +
                                     allowed + "]");
  }
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return LogGroupNotFound();
  group->retention_days = days;
  TARN_TRY(store_->PutGroup(call.context.region, *group));
  return net::Output{};
}

core::Result<net::Output> Service::DeleteRetentionPolicy(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return LogGroupNotFound();
  group->retention_days.reset();
  TARN_TRY(store_->PutGroup(call.context.region, *group));
  return net::Output{};
}

}  // namespace tarn::logs
