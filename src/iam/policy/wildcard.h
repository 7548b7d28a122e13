#pragma once
// IAM's `*`/`?` wildcards, for Action, Resource, StringLike and ArnLike. Patterns are kept in an
// escaped form: `*` and `?` are wildcards and `\` makes the next character literal, so that policy
// variables such as ${*} and substituted values stay literal. Pure functions; no allocation.

#include <string>
#include <string_view>

namespace tarn::iam::policy {

enum class CaseSensitivity { kSensitive, kInsensitive };

// Escapes `\`, `*` and `?` of literal text (a substituted policy variable's value).
void AppendEscaped(std::string_view literal, std::string& out);
// A policy's own text in escaped form: its wildcards stay wildcards, its backslashes become literal.
std::string EscapePolicyText(std::string_view text);

// Does the escaped `pattern` match all of `text`? `*` matches any run (colons and slashes too), `?`
// exactly one character.
bool MatchWildcard(std::string_view pattern, std::string_view text, CaseSensitivity sensitivity);

// ARN matching as IAM does for Resource and ArnLike: the six colon-separated parts are matched
// separately, except that a `*` ending a part may run on across colons (so "arn:aws:s3:::*" and
// "arn:aws:iam::*" work), and the last part (the resource id) may contain colons. A pattern that is
// not an ARN is matched as a whole ("*").
bool MatchArn(std::string_view pattern, std::string_view arn);

// A pattern compiled once: the common shapes ("*", literal text, "prefix*") skip the general matcher.
class Wildcard {
 public:
  enum class Kind { kArn, kText };
  Wildcard(std::string escaped_pattern, Kind kind, CaseSensitivity sensitivity);

  bool Matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }

 private:
  enum class Shape { kAny, kLiteral, kPrefix, kGeneral };
  std::string pattern_;    // escaped form
  std::string unescaped_;  // kLiteral: the text; kPrefix: the text before the final `*`
  Kind kind_;
  CaseSensitivity sensitivity_;
  Shape shape_ = Shape::kGeneral;
};

}  // namespace tarn::iam::policy
