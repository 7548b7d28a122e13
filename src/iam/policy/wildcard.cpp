#include "iam/policy/wildcard.h"

#include <array>
#include <cstddef>

namespace tarn::iam::policy {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool CharEquals(char a, char b, CaseSensitivity sensitivity) {
  return sensitivity == CaseSensitivity::kSensitive ? a == b : Lower(a) == Lower(b);
}

bool TextEquals(std::string_view a, std::string_view b, CaseSensitivity sensitivity) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!CharEquals(a[i], b[i], sensitivity)) return false;
  }
  return true;
}

// Up to six parts split at the first five colons; the sixth keeps any further colons. Escaped
// characters (`\:`) never split.
struct Parts {
  std::array<std::string_view, 6> part;
  size_t count = 0;
};

Parts SplitArn(std::string_view text, bool escaped) {
  Parts parts;
  size_t start = 0;
  for (size_t i = 0; i < text.size() && parts.count < 5; ++i) {
    if (escaped && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] == ':') {
      parts.part[parts.count++] = text.substr(start, i - start);
      start = i + 1;
    }
  }
  parts.part[parts.count++] = text.substr(start);
  return parts;
}

bool EndsWithStar(std::string_view escaped) {
  if (escaped.empty() || escaped.back() != '*') return false;
  size_t backslashes = 0;  // an odd run of backslashes before it makes the `*` literal
  for (size_t i = escaped.size() - 1; i > 0 && escaped[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

// Text parts [first, last] as one view of the original text (they are contiguous in it).
std::string_view Join(const Parts& text, size_t first, size_t last) {
  const char* begin = text.part[first].data();
  const char* end = text.part[last].data() + text.part[last].size();
  return {begin, static_cast<size_t>(end - begin)};
}

bool MatchParts(const Parts& pattern, size_t p, const Parts& text, size_t t) {
  if (t >= text.count) return false;
  const bool last_pattern = p + 1 == pattern.count;
  const bool spans = EndsWithStar(pattern.part[p]);
  if (last_pattern) {
    // The last pattern part takes the rest of the text, across colons only when it ends in `*`.
    if (t + 1 != text.count && !spans) return false;
    return MatchWildcard(pattern.part[p], Join(text, t, text.count - 1), CaseSensitivity::kSensitive);
  }
  const size_t max_last = spans ? text.count - 1 : t;
  for (size_t last = t; last <= max_last; ++last) {
    if (MatchWildcard(pattern.part[p], Join(text, t, last), CaseSensitivity::kSensitive) &&
        MatchParts(pattern, p + 1, text, last + 1)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void AppendEscaped(std::string_view literal, std::string& out) {
  for (char c : literal) {
    if (c == '\\' || c == '*' || c == '?') out.push_back('\\');
    out.push_back(c);
  }
}

std::string EscapePolicyText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Iterative glob with one backtrack point: on a mismatch, the most recent `*` takes one more
// character. Linear in practice and allocation-free.
bool MatchWildcard(std::string_view pattern, std::string_view text, CaseSensitivity sensitivity) {
  size_t p = 0;
  size_t t = 0;
  size_t star_p = std::string_view::npos;
  size_t star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '?') {
        ++p;
        ++t;
        continue;
      }
      size_t width = 1;
      if (c == '\\' && p + 1 < pattern.size()) {
        c = pattern[p + 1];
        width = 2;
      }
      if (CharEquals(c, text[t], sensitivity)) {
        p += width;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool MatchArn(std::string_view pattern, std::string_view arn) {
  if (pattern == "*") return true;
  const Parts pattern_parts = SplitArn(pattern, /*escaped=*/true);
  const Parts text_parts = SplitArn(arn, /*escaped=*/false);
  if (pattern_parts.count < 6) {
    // Not an ARN pattern ("*", "arn:aws:iam::*" ...): still part-aware, a trailing `*` spans the rest.
    return MatchParts(pattern_parts, 0, text_parts, 0);
  }
  if (text_parts.count != 6) return false;
  return MatchParts(pattern_parts, 0, text_parts, 0);
}

Wildcard::Wildcard(std::string escaped_pattern, Kind kind, CaseSensitivity sensitivity)
    : pattern_(std::move(escaped_pattern)), kind_(kind), sensitivity_(sensitivity) {
  if (pattern_ == "*") {
    shape_ = Shape::kAny;
    return;
  }
  // Literal, or literal followed by one final `*`, without `?`, `\` or other `*`.
  const size_t wild = pattern_.find_first_of("*?\\");
  if (wild == std::string::npos) {
    shape_ = Shape::kLiteral;
    unescaped_ = pattern_;
  } else if (wild == pattern_.size() - 1 && pattern_[wild] == '*') {
    // For ARNs too: a final `*` ends its part, so it may run on across colons; a prefix test.
    shape_ = Shape::kPrefix;
    unescaped_ = pattern_.substr(0, wild);
  }
}

bool Wildcard::Matches(std::string_view text) const {
  switch (shape_) {
    case Shape::kAny:
      return true;
    case Shape::kLiteral:
      return TextEquals(unescaped_, text, sensitivity_);
    case Shape::kPrefix:
      return text.size() >= unescaped_.size() &&
             TextEquals(unescaped_, text.substr(0, unescaped_.size()), sensitivity_);
    case Shape::kGeneral:
      break;
  }
  return kind_ == Kind::kArn ? MatchArn(pattern_, text) : MatchWildcard(pattern_, text, sensitivity_);
}

}  // namespace tarn::iam::policy
