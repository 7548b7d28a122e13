// RegexPattern: parse into alternatives of quantified atoms, expand counted repetitions into
// single/optional items, and match by stepping a set of NFA states across the text.
#include "logs/regex_pattern.h"

#include <cctype>
#include <charconv>

namespace tarn::logs {
namespace {

// Counted repetitions expand into items; bounded so a pattern cannot blow up.
constexpr int kMaxRepeat = 1000;

std::bitset<256> ClassOf(bool (*pred)(int)) {
  std::bitset<256> out;
  for (int c = 0; c < 256; ++c)
    if (pred(c)) out.set(c);
  return out;
}

int IsWord(int c) { return std::isalnum(c) || c == '_'; }

// The set an escape stands for (\d, \w, \s and their negations), else the escaped character.
std::bitset<256> Escape(char e) {
  switch (e) {
    case 'd':
      return ClassOf([](int c) { return std::isdigit(c) != 0; });
    case 'D':
      return ~ClassOf([](int c) { return std::isdigit(c) != 0; });
    case 'w':
      return ClassOf([](int c) { return IsWord(c) != 0; });
    case 'W':
      return ~ClassOf([](int c) { return IsWord(c) != 0; });
    case 's':
      return ClassOf([](int c) { return std::isspace(c) != 0; });
    case 'S':
      return ~ClassOf([](int c) { return std::isspace(c) != 0; });
    case 't':
      return std::bitset<256>().set('\t');
    case 'n':
      return std::bitset<256>().set('\n');
    default:
      return std::bitset<256>().set(static_cast<unsigned char>(e));
  }
}

// [...] starting at s[i] == '['; advances i past the closing ']'.
std::optional<std::bitset<256>> BracketClass(std::string_view s, size_t& i) {
  size_t j = i + 1;
  bool negate = j < s.size() && s[j] == '^';
  if (negate) ++j;
  std::bitset<256> set;
  bool first = true;
  while (j < s.size() && (s[j] != ']' || first)) {
    first = false;
    std::bitset<256> one;
    unsigned char lo = static_cast<unsigned char>(s[j]);
    if (s[j] == '\\') {
      if (j + 1 >= s.size()) return std::nullopt;
      one = Escape(s[j + 1]);
      j += 2;
      set |= one;
      continue;
    }
    if (j + 2 < s.size() && s[j + 1] == '-' && s[j + 2] != ']') {
      unsigned char hi = static_cast<unsigned char>(s[j + 2]);
      if (hi < lo) return std::nullopt;
      for (int c = lo; c <= hi; ++c) set.set(c);
      j += 3;
      continue;
    }
    set.set(lo);
    ++j;
  }
  if (j >= s.size()) return std::nullopt;  // no closing bracket
  i = j + 1;
  return negate ? ~set : set;
}

}  // namespace

std::optional<RegexPattern> RegexPattern::Compile(std::string_view s) {
  RegexPattern out;
  out.alternatives_.emplace_back();
  size_t i = 0;
  while (i < s.size()) {
    Alternative& alt = out.alternatives_.back();
    char c = s[i];
    if (c == '|') {
      out.alternatives_.emplace_back();
      ++i;
      continue;
    }
    if (c == '^') {
      if (!alt.items.empty() || alt.anchored_start) return std::nullopt;
      alt.anchored_start = true;
      ++i;
      continue;
    }
    if (c == '$') {
      if (i + 1 < s.size() && s[i + 1] != '|') return std::nullopt;
      alt.anchored_end = true;
      ++i;
      continue;
    }
    if (c == '(' || c == ')' || c == '*' || c == '+' || c == '?' || c == '{' || c == '}' || c == ']')
      return std::nullopt;  // groups are unsupported; a quantifier needs an atom
    std::bitset<256> atom;
    if (c == '.') {
      atom = ~std::bitset<256>().set('\n');
      ++i;
    } else if (c == '[') {
      auto set = BracketClass(s, i);
      if (!set) return std::nullopt;
      atom = *set;
    } else if (c == '\\') {
      if (i + 1 >= s.size()) return std::nullopt;
      atom = Escape(s[i + 1]);
      i += 2;
    } else {
      atom.set(static_cast<unsigned char>(c));
      ++i;
    }
    // The quantifier, if any: {min, max} with max -1 for unbounded.
    int min = 1, max = 1;
    if (i < s.size()) {
      if (s[i] == '?') {
        min = 0, max = 1, ++i;
      } else if (s[i] == '*') {
        min = 0, max = -1, ++i;
      } else if (s[i] == '+') {
        min = 1, max = -1, ++i;
      } else if (s[i] == '{') {
        size_t close = s.find('}', i);
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view body = s.substr(i + 1, close - i - 1);
        size_t comma = body.find(',');
        auto number = [](std::string_view d, int& v) {
          auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), v);
          return !d.empty() && ec == std::errc() && end == d.data() + d.size() && v >= 0 && v <= kMaxRepeat;
        };
        if (comma == std::string_view::npos) {
          if (!number(body, min)) return std::nullopt;
          max = min;
        } else {
          if (!number(body.substr(0, comma), min)) return std::nullopt;
          std::string_view hi = body.substr(comma + 1);
          while (!hi.empty() && hi.front() == ' ') hi.remove_prefix(1);
          if (hi.empty()) {
            max = -1;
          } else if (!number(hi, max) || max < min) {
            return std::nullopt;
          }
        }
        i = close + 1;
      }
    }
    for (int k = 0; k < min; ++k) alt.items.push_back({atom, Item::Kind::kOne});
    if (max == -1) {
      alt.items.push_back({atom, Item::Kind::kStar});
    } else {
      for (int k = min; k < max; ++k) alt.items.push_back({atom, Item::Kind::kOptional});
    }
    if (alt.items.size() > 4 * kMaxRepeat) return std::nullopt;
  }
  return out;
}

bool RegexPattern::SearchOne(const Alternative& alt, std::string_view text) const {
  const size_t n = alt.items.size();
  // states[k]: "the first k items are matched". Closure: optional/star items may be skipped.
  std::vector<char> states(n + 1, 0), next(n + 1, 0);
  auto close = [&](std::vector<char>& set) {
    for (size_t k = 0; k < n; ++k)
      if (set[k] && alt.items[k].kind != Item::Kind::kOne) set[k + 1] = 1;
  };
  auto accepted = [&](size_t pos) { return states[n] && (!alt.anchored_end || pos == text.size()); };
  states[0] = 1;
  close(states);
  if (accepted(0)) return true;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    std::fill(next.begin(), next.end(), 0);
    for (size_t k = 0; k < n; ++k) {
      if (!states[k] || !alt.items[k].accepts.test(c)) continue;
      if (alt.items[k].kind == Item::Kind::kStar) next[k] = 1;
      next[k + 1] = 1;
    }
    if (!alt.anchored_start) next[0] = 1;  // a match may start at the next position too
    close(next);
    states.swap(next);
    if (accepted(pos + 1)) return true;
  }
  return false;
}

bool RegexPattern::Search(std::string_view text) const {
  for (const auto& alt : alternatives_)
    if (SearchOne(alt, text)) return true;
  return false;
}

}  // namespace tarn::logs
