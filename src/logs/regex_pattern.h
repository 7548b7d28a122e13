#pragma once
// The regular expressions of CloudWatch Logs filter patterns (%...%): literal characters, `.`,
// classes `[a-z]`/`[^...]`, escapes `\d \w \s \. ...`, quantifiers `? * + {m} {m,} {m,n}`,
// alternation `|`, anchors `^ $` — and no parentheses, as the documentation states:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// Without groups an expression is a list of alternatives, each a sequence of quantified atoms, so it
// is matched by simulating its NFA over the message: linear time and constant stack, whatever the
// message (std::regex recurses per character and overflows the stack on long events).
// Immutable once compiled: thread-safe.

#include <bitset>
#include <optional>
#include <string_view>
#include <vector>

namespace tarn::logs {

class RegexPattern {
 public:
  // nullopt for anything outside the supported syntax.
  static std::optional<RegexPattern> Compile(std::string_view expression);
  // True when the expression matches somewhere in text.
  bool Search(std::string_view text) const;

 private:
  struct Item {
    std::bitset<256> accepts;
    enum class Kind { kOne, kOptional, kStar } kind = Kind::kOne;
  };
  struct Alternative {
    bool anchored_start = false, anchored_end = false;
    std::vector<Item> items;
  };
  bool SearchOne(const Alternative& alt, std::string_view text) const;
  std::vector<Alternative> alternatives_;
};

}  // namespace tarn::logs
