// Implements: TagResource, UntagResource, ListTagsForResource (log group ARNs), and the older
// TagLogGroup, UntagLogGroup, ListTagsLogGroup (log group names).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
#include "logs/errors.h"
#include "logs/input.h"
#include "logs/log_store.h"
#include "logs/logs.h"
#include "net/tag_condition_keys.h"

namespace tarn::logs {
namespace {

namespace json = boost::json;

constexpr size_t kMaxTags = 50;

core::Result<std::string> GroupOfArn(const json::object& input) {
  std::string arn = GetString(input, "resourceArn").value_or("");
  auto name = GroupNameFromArn(arn);
  if (!name) return InvalidParameterException("Invalid resourceArn: " + arn);
  return *name;
}

core::AwsError ArnNotFound(std::string_view arn) {
  return ResourceNotFoundException("The specified resource does not exist: " + std::string(arn));
}

core::Status AddTags(GroupRecord& group, const json::value* tags) {
  if (!tags || !tags->is_object()) return core::Ok();
  auto merged = group.tags;
  for (const auto& kv : tags->get_object())
    if (kv.value().is_string()) merged[std::string(kv.key())] = std::string(kv.value().get_string());
  if (merged.size() > kMaxTags) return TooManyTagsException("A resource can have no more than 50 tags.");
  group.tags = std::move(merged);
  return core::Ok();
}

void RemoveTags(GroupRecord& group, const json::value* keys) {
  if (!keys || !keys->is_array()) return;
  for (const auto& k : keys->get_array())
    if (k.is_string()) group.tags.erase(std::string(k.get_string()));
}

json::object TagsJson(const GroupRecord& group) {
  json::object tags;
  for (const auto& [k, v] : group.tags) tags[k] = v;
  return tags;
}

}  // namespace

core::Result<net::Output> Service::TagResource(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string name, GroupOfArn(call.input));
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return ArnNotFound(*GetString(call.input, "resourceArn"));
  TARN_TRY(AddTags(*group, call.input.if_contains("tags")));
  TARN_TRY(store_->PutGroup(call.context.region, *group));
  return net::Output{};
}

core::Result<net::Output> Service::UntagResource(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string name, GroupOfArn(call.input));
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return ArnNotFound(*GetString(call.input, "resourceArn"));
  RemoveTags(*group, call.input.if_contains("tagKeys"));
  TARN_TRY(store_->PutGroup(call.context.region, *group));
  return net::Output{};
}

core::Result<net::Output> Service::ListTagsForResource(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(std::string name, GroupOfArn(call.input));
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return ArnNotFound(*GetString(call.input, "resourceArn"));
  net::Output out;
  out.json["tags"] = TagsJson(*group);
  return out;
}

core::Result<net::Output> Service::TagLogGroup(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return LogGroupNotFound();
  TARN_TRY(AddTags(*group, call.input.if_contains("tags")));
  TARN_TRY(store_->PutGroup(call.context.region, *group));
  return net::Output{};
}

core::Result<net::Output> Service::UntagLogGroup(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  std::lock_guard lock(write_mutex_);
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return LogGroupNotFound();
  RemoveTags(*group, call.input.if_contains("tags"));
  TARN_TRY(store_->PutGroup(call.context.region, *group));
  return net::Output{};
}

core::Result<net::Output> Service::ListTagsLogGroup(const net::Call& call) {
  std::string name = *GetString(call.input, "logGroupName");
  TARN_ASSIGN_OR_RETURN(auto group, store_->GetGroup(call.context.region, name));
  if (!group) return LogGroupNotFound();
  net::Output out;
  out.json["tags"] = TagsJson(*group);
  return out;
}

net::AuthorizationExtras Service::TagConditionKeys(const net::Call& call) const {
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
  // Only log groups carry aws:ResourceTag; a log stream has no tags of its own.
  net::AuthorizationExtras extras;
  const std::string& op = call.context.operation;
  if (op == "CreateLogGroup" || op == "TagResource" || op == "TagLogGroup")
    net::AddRequestTags(extras, net::TagsOf(call.input.if_contains("tags")));
  if (op == "UntagResource") net::AddTagKeys(extras, net::TagKeysOf(call.input.if_contains("tagKeys")));
  if (op == "UntagLogGroup") net::AddTagKeys(extras, net::TagKeysOf(call.input.if_contains("tags")));
  // Operations on one stream (PutLogEvents, GetLogEvents) name the stream as their resource.
  if (op == "CreateLogGroup" || op == "PutLogEvents" || op == "GetLogEvents") return extras;
  std::string arn;
  std::optional<std::string> name;
  if (auto given = GetString(call.input, "resourceArn")) {
    arn = *given;
    name = GroupNameFromArn(arn);
  } else if (auto group = GroupOf(call.input); group.ok()) {
    name = *group;
    arn = GroupArn(call.context.region, call.context.account_id, *name);
  }
  if (!name) return extras;
  auto group = store_->GetGroup(call.context.region, *name);
  if (group.ok() && *group) net::AddResourceTags(extras, arn, (*group)->tags);
  return extras;
}

}  // namespace tarn::logs
