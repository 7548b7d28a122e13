#pragma once
// The tag condition keys IAM policies test, in one place for every service:
// aws:RequestTag/<key> (a tag the request sets), aws:TagKeys (the keys it sets or removes) and
// aws:ResourceTag/<key> (a tag the resource already has).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requesttag

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "net/registry.h"

namespace tarn::net {

using TagPairs = std::vector<std::pair<std::string, std::string>>;

// Tags as request members carry them: a list of {"Key","Value"} objects (DynamoDB, IAM, STS; any
// letter case of the member names) or a {"key":"value"} map (Lambda, CloudWatch Logs). Anything
// else (absent, malformed: the handler rejects it) gives no tags.
TagPairs TagsOf(const boost::json::value* member);
// Keys as UntagResource-style members carry them: a list of strings.
std::vector<std::string> TagKeysOf(const boost::json::value* member);

// aws:RequestTag/<key> for each tag and aws:TagKeys for all of them (nothing when `tags` is empty).
void AddRequestTags(AuthorizationExtras& extras, const TagPairs& tags);
// aws:TagKeys alone (UntagResource).
void AddTagKeys(AuthorizationExtras& extras, std::vector<std::string> keys);
// aws:ResourceTag/<key> for each tag of `resource_arn` (plus `service_prefix`:ResourceTag/<key>
// when the service has its own key too, e.g. "iam").
// `tags`: any range of (key, value) pairs (a std::map or TagPairs).
template <class Tags>
void AddResourceTags(AuthorizationExtras& extras, const std::string& resource_arn, const Tags& tags,
                     std::string_view service_prefix = {}) {
  if (tags.empty()) return;
  auto& keys = extras.resource_keys[resource_arn];
  for (const auto& [key, value] : tags) {
    keys.push_back({"aws:ResourceTag/" + key, {value}});
    if (!service_prefix.empty())
      keys.push_back({std::string(service_prefix) + ":ResourceTag/" + key, {value}});
  }
}

}  // namespace tarn::net
