#pragma once
// Model `pattern` constraints (Java regex syntax, as AWS evaluates them), read once at model
// load. Most model patterns are one character class with a quantifier ("[\w+=,.@-]+",
// "[\u0009\u000A\u000D\u0020-\u00FF]+"); those run as a linear code-point scan with Java's semantics
// (\uD800\uDC00 surrogate pairs name one code point). Other patterns go to std::regex (ECMAScript), only for
// ASCII values of bounded length so the recursive libstdc++ matcher cannot exhaust the stack; such a regex is
// built on first use. Safe to share between threads (the first use builds under std::call_once).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::protocol {

class Pattern {
 public:
  // nullptr when the pattern uses syntax tarn cannot evaluate faithfully (\p{L}, lookbehind...).
  static std::shared_ptr<const Pattern> Compile(std::string_view java_regex);

  // Whether the whole value matches (Java's String.matches). nullopt when this value cannot be
  // checked faithfully (a general pattern on a non-ASCII or very long value): callers skip it.
  std::optional<bool> Matches(std::string_view utf8) const;

  // true when the pattern runs as a code-point scan (tests).
  bool is_simple() const { return !general_; }

  struct Range {
    uint32_t lo, hi;
  };

 private:
  // Simple form: one class, quantifier {min_count, max_count}.
  std::vector<Range> ranges_;
  bool negated_ = false;
  uint64_t ascii_bits_[2] = {0, 0};  // precomputed membership for code points < 128
  size_t min_count_ = 0;
  size_t max_count_ = SIZE_MAX;
  // General form, compiled on its first Matches: building a std::regex is slow (under the
  // sanitizers it was a tenth of tarn's start-up, for the few thousand patterns of the service
  // models) and most shapes are never validated in a process's life.
  bool general_ = false;
  std::string source_;
  mutable std::once_flag compiled_;
  mutable std::unique_ptr<const std::regex> regex_;  // null when std::regex refused the pattern

  bool InClass(uint32_t cp) const;
  static std::shared_ptr<const Pattern> CompileSimple(std::string_view p);
  static std::shared_ptr<const Pattern> CompileGeneral(std::string_view p);
};

}  // namespace tarn::protocol
