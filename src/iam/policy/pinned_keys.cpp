// PinnedConditionKeys (policy.h).
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <optional>
#include <string_view>

#include "iam/policy/policy.h"

namespace tarn::iam::policy {
namespace {

namespace json = boost::json;

std::optional<std::string> Text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return std::string(v.get_bool() ? "true" : "false");
  if (v.is_number()) return json::serialize(v);
  return std::nullopt;
}

bool Fixed(std::string_view text) {
  return text.find_first_of("*?") == std::string_view::npos && text.find("${") == std::string_view::npos;
}

}  // namespace

std::vector<PinnedKey> PinnedConditionKeys(const boost::json::object& condition) {
  std::vector<PinnedKey> pinned;
  for (const auto& [op, keys] : condition) {
    std::string_view name = op;
    if (name.find("Not") != std::string_view::npos || name.ends_with("IfExists") || !keys.is_object())
      continue;
    for (const auto& [key, values] : keys.get_object()) {
      PinnedKey entry;
      bool ok = true;
      auto add = [&](const json::value& v) {
        std::optional<std::string> text = Text(v);
        if (!text || !Fixed(*text)) ok = false;
        if (ok) entry.values.push_back(std::move(*text));
      };
      if (values.is_array()) {
        for (const json::value& v : values.get_array()) add(v);
      } else {
        add(values);
      }
      if (!ok || entry.values.empty()) continue;
      for (char c : std::string_view(key))
        entry.key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      pinned.push_back(std::move(entry));
    }
  }
  return pinned;
}

}  // namespace tarn::iam::policy
