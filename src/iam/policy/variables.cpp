#include "iam/policy/variables.h"

#include <optional>
#include <vector>

#include "iam/policy/policy.h"
#include "iam/policy/wildcard.h"

namespace tarn::iam::policy {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void AppendLiteral(std::string_view literal, Expansion mode, std::string& out) {
  if (mode == Expansion::kPattern) {
    AppendEscaped(literal, out);
  } else {
    out.append(literal);
  }
}

// The policy's own text keeps its wildcards; only its backslashes become literal.
void AppendPolicyText(std::string_view text, Expansion mode, std::string& out) {
  for (char c : text) {
    if (c == '\\' && mode == Expansion::kPattern) out.push_back('\\');
    out.push_back(c);
  }
}

// The value of one ${...} body, or nullopt when it has none.
std::optional<std::string_view> Resolve(std::string_view body, const ConditionContext* context) {
  std::string_view key = body;
  std::optional<std::string_view> fallback;
  if (const size_t comma = body.find(','); comma != std::string_view::npos) {
    key = Trim(body.substr(0, comma));
    std::string_view quoted = Trim(body.substr(comma + 1));
    if (quoted.size() >= 2 && quoted.front() == '\'' && quoted.back() == '\'') {
      fallback = quoted.substr(1, quoted.size() - 2);
    }
  }
  if (context != nullptr) {
    const std::vector<std::string>* values = context->Find(key);
    if (values != nullptr && values->size() == 1) return std::string_view((*values)[0]);
  }
  return fallback;
}

}  // namespace

bool ContainsPolicyVariable(std::string_view text) {
  const size_t open = text.find("${");
  return open != std::string_view::npos && text.find('}', open + 2) != std::string_view::npos;
}

bool ExpandPolicyVariables(std::string_view text, const ConditionContext* context, Expansion mode,
                           std::string& out) {
  out.clear();
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("${", pos);
    const size_t close = open == std::string_view::npos ? open : text.find('}', open + 2);
    if (close == std::string_view::npos) {  // no (closed) variable left: the rest is text
      AppendPolicyText(text.substr(pos), mode, out);
      break;
    }
    AppendPolicyText(text.substr(pos, open - pos), mode, out);
    const std::string_view body = Trim(text.substr(open + 2, close - open - 2));
    if (body == "*" || body == "?" || body == "$") {
      AppendLiteral(body, mode, out);
    } else {
      const std::optional<std::string_view> value = Resolve(body, context);
      if (!value) return false;
      AppendLiteral(*value, mode, out);
    }
    pos = close + 1;
  }
  return true;
}

}  // namespace tarn::iam::policy
