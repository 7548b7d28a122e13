#pragma once
// Helpers for the iam_policy tests: documents from statements, parsing that must succeed.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "iam/policy/policy.h"

namespace tarn::iam::policy::testing {

inline constexpr std::string_view kAccount = "000000000000";
inline constexpr std::string_view kUserArn = "arn:aws:iam::000000000000:user/app";
inline constexpr std::string_view kTable = "arn:aws:dynamodb:us-east-1:000000000000:table/student";

// {"Version":"2012-10-17","Statement":[<statements>]}
inline std::string Doc(const std::string& statements, std::string_view version = "2012-10-17") {
  return "{\"Version\":\"" + std::string(version) + "\",\"Statement\":[" + statements + "]}";
}

// One statement; `action` and `resource` are JSON values (a quoted string or an array).
inline std::string Stmt(std::string_view effect, std::string_view action, std::string_view resource,
                        std::string_view extra = "") {
  std::string s = "{\"Effect\":\"" + std::string(effect) + "\",\"Action\":" + std::string(action) +
                  ",\"Resource\":" + std::string(resource);
  if (!extra.empty()) s += "," + std::string(extra);
  return s + "}";
}

inline PolicyPtr MustParse(const std::string& document, PolicyKind kind = PolicyKind::kIdentity) {
  auto parsed = Policy::Parse(document, kind);
  EXPECT_TRUE(parsed.ok()) << document << " -> " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : nullptr;
}

using ContextEntries = std::vector<std::pair<std::string, std::vector<std::string>>>;

inline ConditionContext MakeContext(const ContextEntries& entries) {
  ConditionContext context;
  for (const auto& [key, values] : entries) context.Set(key, values);
  return context;
}

}  // namespace tarn::iam::policy::testing
