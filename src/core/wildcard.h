#pragma once
// Star-only wildcard matching, shared by EventBridge/Lambda event patterns ({"wildcard": ...}) and
// CloudWatch Logs JSON filter values. Pure.

#include <string_view>

namespace tarn::core {

// '*' matches any run of characters (including none); everything else is literal. Linear time in
// practice: one backtrack point, the last star.
bool WildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace tarn::core
