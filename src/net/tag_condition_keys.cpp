// Tag condition keys (tag_condition_keys.h).
#include "net/tag_condition_keys.h"

#include <boost/json.hpp>

namespace tarn::net {
namespace json = boost::json;
namespace {

const json::string* MemberString(const json::object& o, std::string_view upper, std::string_view lower) {
  const json::value* v = o.if_contains(upper);
  if (!v) v = o.if_contains(lower);
  return v && v->is_string() ? &v->get_string() : nullptr;
}

}  // namespace

TagPairs TagsOf(const json::value* member) {
  TagPairs tags;
  if (!member) return tags;
  if (member->is_array()) {
    for (const json::value& entry : member->get_array()) {
      if (!entry.is_object()) return {};
      const json::string* key = MemberString(entry.get_object(), "Key", "key");
      const json::string* value = MemberString(entry.get_object(), "Value", "value");
      if (!key) return {};
      tags.emplace_back(std::string(*key), value ? std::string(*value) : std::string());
    }
  } else if (member->is_object()) {
    for (const auto& [key, value] : member->get_object()) {
      if (!value.is_string()) return {};
      tags.emplace_back(std::string(key), std::string(value.get_string()));
    }
  }
  return tags;
}

std::vector<std::string> TagKeysOf(const json::value* member) {
  std::vector<std::string> keys;
  if (!member || !member->is_array()) return keys;
  for (const json::value& key : member->get_array()) {
    if (!key.is_string()) return {};
    keys.emplace_back(key.get_string());
  }
  return keys;
}

void AddRequestTags(AuthorizationExtras& extras, const TagPairs& tags) {
  if (tags.empty()) return;
  std::vector<std::string> keys;
  for (const auto& [key, value] : tags) {
    extras.condition_keys.push_back({"aws:RequestTag/" + key, {value}});
    keys.push_back(key);
  }
  AddTagKeys(extras, std::move(keys));
}

void AddTagKeys(AuthorizationExtras& extras, std::vector<std::string> keys) {
  if (keys.empty()) return;
  extras.condition_keys.push_back({"aws:TagKeys", std::move(keys)});
}

}  // namespace tarn::net
