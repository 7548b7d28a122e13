#include "protocol/pattern.h"

#include <algorithm>

#include "protocol/text.h"

namespace tarn::protocol {

namespace {

// Values longer than this are not run through std::regex: libstdc++'s matcher recurses per
// character and a long value could exhaust a worker's stack.
constexpr size_t kMaxGeneralMatchBytes = 2048;

using Range = Pattern::Range;

void AddWord(std::vector<Range>& out) {
  out.push_back({'a', 'z'});
  out.push_back({'A', 'Z'});
  out.push_back({'0', '9'});
  out.push_back({'_', '_'});
}
void AddSpace(std::vector<Range>& out) {
  out.push_back({' ', ' '});
  out.push_back({'\t', '\r'});  // \t \n \x0B \f \r
}
void AddDigit(std::vector<Range>& out) { out.push_back({'0', '9'}); }

// Complement of a set of ranges over [0, 0x10FFFF].
std::vector<Range> Complement(std::vector<Range> in) {
  std::sort(in.begin(), in.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  uint32_t next = 0;
  for (const Range& r : in) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    if (r.hi + 1 > next) next = r.hi + 1;
  }
  if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<uint32_t> ParseHex(std::string_view p, size_t& i, size_t digits) {
  if (i + digits > p.size()) return std::nullopt;
  uint32_t v = 0;
  for (size_t k = 0; k < digits; ++k) {
    int h = HexValue(p[i + k]);
    if (h < 0) return std::nullopt;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  i += digits;
  return v;
}

// One class element: a code point, or a predefined set (\w, \s, \d and complements).
struct ClassAtom {
  bool is_set = false;
  uint32_t cp = 0;
  std::vector<Range> set;
};

// Parses an escape after '\' at p[i]; advances i. nullopt for escapes we do not model.
std::optional<ClassAtom> ParseEscape(std::string_view p, size_t& i) {
  if (i >= p.size()) return std::nullopt;
  char c = p[i++];
  ClassAtom atom;
  switch (c) {
    case 'u': {
      auto cp = ParseHex(p, i, 4);
      if (!cp) return std::nullopt;
      // Java reads "\uD800\uDC00" as one supplementary code point.
      if (*cp >= 0xD800 && *cp <= 0xDBFF && i + 1 < p.size() && p[i] == '\\' && p[i + 1] == 'u') {
        size_t j = i + 2;
        auto low = ParseHex(p, j, 4);
        if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
          i = j;
          atom.cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          return atom;
        }
      }
      atom.cp = *cp;
      return atom;
    }
    case 'x': {
      auto cp = ParseHex(p, i, 2);
      if (!cp) return std::nullopt;
      atom.cp = *cp;
      return atom;
    }
    case 't':
      atom.cp = '\t';
      return atom;
    case 'n':
      atom.cp = '\n';
      return atom;
    case 'r':
      atom.cp = '\r';
      return atom;
    case 'f':
      atom.cp = '\f';
      return atom;
    case 'w':
      atom.is_set = true;
      AddWord(atom.set);
      return atom;
    case 'W':
      atom.is_set = true;
      AddWord(atom.set);
      atom.set = Complement(atom.set);
      return atom;
    case 's':
      atom.is_set = true;
      AddSpace(atom.set);
      return atom;
    case 'S':
      atom.is_set = true;
      AddSpace(atom.set);
      atom.set = Complement(atom.set);
      return atom;
    case 'd':
      atom.is_set = true;
      AddDigit(atom.set);
      return atom;
    case 'D':
      atom.is_set = true;
      AddDigit(atom.set);
      atom.set = Complement(atom.set);
      return atom;
    default:
      // Escaped punctuation is the literal character; letters are classes we do not model (\p).
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return std::nullopt;
      atom.cp = static_cast<unsigned char>(c);
      return atom;
  }
}

// Parses "[...]" starting at p[i] == '['. Returns the ranges and negation; advances i past ']'.
bool ParseClass(std::string_view p, size_t& i, std::vector<Range>& ranges, bool& negated) {
  ++i;  // '['
  negated = false;
  if (i < p.size() && p[i] == '^') negated = true, ++i;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    if (p[i] == '[' || (p[i] == '&' && i + 1 < p.size() && p[i + 1] == '&'))
      return false;  // nested/intersection
    ClassAtom lo;
    if (p[i] == '\\') {
      ++i;
      auto e = ParseEscape(p, i);
      if (!e) return false;
      lo = std::move(*e);
    } else {
      size_t before = i;
      lo.cp = NextCodePoint(p, i);
      if (i == before) return false;
    }
    if (lo.is_set) {
      ranges.insert(ranges.end(), lo.set.begin(), lo.set.end());
      continue;
    }
    // A range "a-b" (a '-' before ']' is literal).
    if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      ++i;
      ClassAtom hi;
      if (p[i] == '\\') {
        ++i;
        auto e = ParseEscape(p, i);
        if (!e || e->is_set) return false;  // Java rejects "a-\w"; so do we (general path)
        hi = std::move(*e);
      } else {
        hi.cp = NextCodePoint(p, i);
      }
      if (hi.cp < lo.cp) return false;
      ranges.push_back({lo.cp, hi.cp});
    } else {
      ranges.push_back({lo.cp, lo.cp});
    }
  }
  if (i >= p.size()) return false;
  ++i;  // ']'
  return true;
}

bool ParseCount(std::string_view p, size_t& i, size_t& out) {
  size_t start = i;
  size_t v = 0;
  while (i < p.size() && p[i] >= '0' && p[i] <= '9') {
    v = v * 10 + static_cast<size_t>(p[i] - '0');
    if (v > 1000000) return false;
    ++i;
  }
  out = v;
  return i > start;
}

}  // namespace

std::shared_ptr<const Pattern> Pattern::Compile(std::string_view java_regex) {
  if (auto simple = CompileSimple(java_regex)) return simple;
  return CompileGeneral(java_regex);
}

// ^? ( "(" atom ")" | atom ) quantifier? $?  where atom is [class], '.', or \w \s \d \S ...
std::shared_ptr<const Pattern> Pattern::CompileSimple(std::string_view p) {
  auto out = std::make_shared<Pattern>();
  size_t i = 0;
  if (i < p.size() && p[i] == '^') ++i;
  bool group = i < p.size() && p[i] == '(' && !(i + 1 < p.size() && p[i + 1] == '?');
  if (group) ++i;
  if (i >= p.size()) return nullptr;
  if (p[i] == '[') {
    if (!ParseClass(p, i, out->ranges_, out->negated_)) return nullptr;
  } else if (p[i] == '.') {
    ++i;
    // Java's '.' excludes line terminators: \n \r \u0085 \u2028 \u2029.
    out->ranges_ = {{'\n', '\n'}, {'\r', '\r'}, {0x85, 0x85}, {0x2028, 0x2029}};
    out->negated_ = true;
  } else if (p[i] == '\\') {
    ++i;
    auto e = ParseEscape(p, i);
    if (!e || !e->is_set) return nullptr;
    out->ranges_ = std::move(e->set);
  } else {
    return nullptr;
  }
  if (group) {
    if (i >= p.size() || p[i] != ')') return nullptr;
    ++i;
  }
  out->min_count_ = 1, out->max_count_ = 1;
  if (i < p.size()) {
    if (p[i] == '*') {
      out->min_count_ = 0, out->max_count_ = SIZE_MAX, ++i;
    } else if (p[i] == '+') {
      out->min_count_ = 1, out->max_count_ = SIZE_MAX, ++i;
    } else if (p[i] == '?') {
      out->min_count_ = 0, out->max_count_ = 1, ++i;
    } else if (p[i] == '{') {
      ++i;
      if (!ParseCount(p, i, out->min_count_)) return nullptr;
      out->max_count_ = out->min_count_;
      if (i < p.size() && p[i] == ',') {
        ++i;
        out->max_count_ = SIZE_MAX;
        if (i < p.size() && p[i] != '}' && !ParseCount(p, i, out->max_count_)) return nullptr;
      }
      if (i >= p.size() || p[i] != '}') return nullptr;
      ++i;
    }
  }
  if (i < p.size() && (p[i] == '+' || p[i] == '?')) return nullptr;  // possessive/lazy: keep it general
  if (i < p.size() && p[i] == '$') ++i;
  if (i != p.size()) return nullptr;
  for (const Range& r : out->ranges_) {
    for (uint32_t c = r.lo; c <= std::min<uint32_t>(r.hi, 127); ++c)
      out->ascii_bits_[c / 64] |= uint64_t{1} << (c % 64);
  }
  return out;
}

std::shared_ptr<const Pattern> Pattern::CompileGeneral(std::string_view p) {
  // Java features ECMAScript lacks or reads differently: Unicode properties, lookbehind, quoting,
  // \A \Z \z anchors, possessive quantifiers, class intersection, \u escapes beyond ASCII.
  static constexpr std::string_view kUnsupported[] = {"\\p", "\\P", "(?<", "\\Q", "\\A", "\\Z", "\\z", "*+",
                                                      "++",  "?+",  "&&",  "(?i", "(?s", "(?m", "\\G"};
  for (std::string_view bad : kUnsupported)
    if (p.find(bad) != std::string_view::npos) return nullptr;
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == '\\' && p[i + 1] == '\\') {
      ++i;
      continue;
    }
    if (p[i] == '\\' && p[i + 1] == 'u') {
      size_t j = i + 2;
      auto cp = ParseHex(p, j, 4);
      if (!cp || *cp >= 0x80) return nullptr;
    }
    if (p[i] == '\\' && p[i + 1] == 'x') {
      size_t j = i + 2;
      auto cp = ParseHex(p, j, 2);
      if (!cp || *cp >= 0x80) return nullptr;
    }
  }
  for (char c : p)
    if (static_cast<unsigned char>(c) >= 0x80) return nullptr;
  auto out = std::make_shared<Pattern>();
  out->general_ = true;
  out->source_ = std::string(p);
  return out;
}

bool Pattern::InClass(uint32_t cp) const {
  bool in;
  if (cp < 128) {
    in = (ascii_bits_[cp / 64] >> (cp % 64)) & 1;
  } else {
    in = std::any_of(ranges_.begin(), ranges_.end(),
                     [cp](const Range& r) { return cp >= r.lo && cp <= r.hi; });
  }
  return in != negated_;
}

std::optional<bool> Pattern::Matches(std::string_view utf8) const {
  if (general_) {
    if (utf8.size() > kMaxGeneralMatchBytes) return std::nullopt;
    for (char c : utf8)
      if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    std::call_once(compiled_, [this] {
      try {
        regex_ = std::make_unique<const std::regex>(source_, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error&) {  // syntax ECMAScript reads otherwise than Java: not checked
      }
    });
    if (!regex_) return std::nullopt;
    try {
      return std::regex_match(utf8.begin(), utf8.end(), *regex_);
    } catch (const std::regex_error&) {  // error_complexity / error_stack
      return std::nullopt;
    }
  }
  size_t count = 0;
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = NextCodePoint(utf8, i);
    if (!InClass(cp)) return false;
    if (++count > max_count_) return false;
  }
  return count >= min_count_;
}

}  // namespace tarn::protocol
