#include <algorithm>

#include "iam/policy/policy.h"

namespace tarn::iam::policy {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

// `lower` is already lower case; `key` is compared without allocating.
bool SameKey(std::string_view lower, std::string_view key) {
  return lower.size() == key.size() &&
         std::equal(lower.begin(), lower.end(), key.begin(), [](char a, char b) { return a == Lower(b); });
}

}  // namespace

void ConditionContext::Set(std::string_view key, std::string value) {
  std::vector<std::string> values;
  values.push_back(std::move(value));
  Set(key, std::move(values));
}

void ConditionContext::Set(std::string_view key, std::vector<std::string> values) {
  for (auto& [name, existing] : keys_) {
    if (SameKey(name, key)) {
      existing = std::move(values);
      return;
    }
  }
  keys_.emplace_back(LowerCopy(key), std::move(values));
}

const std::vector<std::string>* ConditionContext::Find(std::string_view key) const {
  for (const auto& [name, values] : keys_) {
    if (SameKey(name, key)) return &values;
  }
  return nullptr;
}

}  // namespace tarn::iam::policy
