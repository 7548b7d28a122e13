// Compiles and evaluates CloudWatch Logs filter patterns (see filter_pattern.h for the grammar).
// Recursive descent over the pattern text; JSON events are parsed once per event with Boost.JSON.
#include "logs/filter_pattern.h"

#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/wildcard.h"
#include "logs/errors.h"
#include "logs/regex_pattern.h"

namespace tarn::logs {
namespace {

namespace json = boost::json;

core::AwsError Invalid() { return InvalidParameterException("Invalid filter pattern"); }

std::optional<double> ParseNumber(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };

bool CompareNumbers(double a, Op op, double b) {
  switch (op) {
    case Op::kEq:
      return a == b;
    case Op::kNe:
      return a != b;
    case Op::kLt:
      return a < b;
    case Op::kLe:
      return a <= b;
    case Op::kGt:
      return a > b;
    case Op::kGe:
      return a >= b;
  }
  return false;
}

// A comparison's right-hand side: a string (may hold `*` wildcards) or a number.
struct Literal {
  std::string text;
  std::optional<double> number;  // set when the literal was written as a number
};

// Compares a field's text against a literal: numbers numerically, strings by (wildcard) equality.
bool CompareText(std::string_view value, Op op, const Literal& literal) {
  if (literal.number) {
    auto v = ParseNumber(value);
    if (!v) return op == Op::kNe;
    return CompareNumbers(*v, op, *literal.number);
  }
  if (op == Op::kEq) return core::WildcardMatch(literal.text, value);
  if (op == Op::kNe) return !core::WildcardMatch(literal.text, value);
  return false;
}

// --- the pattern text scanner ----------------------------------------------------------------

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  void SkipSpace() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool AtEnd() {
    SkipSpace();
    return i_ >= s_.size();
  }
  bool Eat(std::string_view token) {
    SkipSpace();
    if (s_.substr(i_).starts_with(token)) {
      i_ += token.size();
      return true;
    }
    return false;
  }
  // A keyword (IS, NULL, ...) followed by a non-word character.
  bool EatWord(std::string_view word) {
    SkipSpace();
    if (!s_.substr(i_).starts_with(word)) return false;
    size_t end = i_ + word.size();
    if (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_'))
      return false;
    i_ = end;
    return true;
  }
  char Peek() {
    SkipSpace();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  // "..." with \" and \\ escapes; the opening quote is the next character.
  std::optional<std::string> Quoted() {
    SkipSpace();
    if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
    std::string out;
    for (size_t j = i_ + 1; j < s_.size(); ++j) {
      if (s_[j] == '\\' && j + 1 < s_.size()) {
        out += s_[++j];
      } else if (s_[j] == '"') {
        i_ = j + 1;
        return out;
      } else {
        out += s_[j];
      }
    }
    return std::nullopt;  // unterminated
  }
  // Characters up to whitespace or one of `stops`.
  std::string Bare(std::string_view stops) {
    SkipSpace();
    size_t start = i_;
    while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) &&
           stops.find(s_[i_]) == std::string_view::npos)
      ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  std::optional<Op> Operator() {
    for (auto [text, op] : {std::pair{"!=", Op::kNe},
                            {"<=", Op::kLe},
                            {">=", Op::kGe},
                            {"=", Op::kEq},
                            {"<", Op::kLt},
                            {">", Op::kGt}}) {
      if (Eat(text)) return op;
    }
    return std::nullopt;
  }
  size_t pos() const { return i_; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::optional<Literal> ReadLiteral(Scanner& in, std::string_view stops) {
  if (in.Peek() == '"') {
    auto q = in.Quoted();
    if (!q) return std::nullopt;
    return Literal{*q, std::nullopt};
  }
  std::string bare = in.Bare(stops);
  if (bare.empty()) return std::nullopt;
  return Literal{bare, ParseNumber(bare)};
}

// --- terms ---------------------------------------------------------------------------------------

struct Terms {
  std::vector<std::string> all, any, none;
  bool Matches(std::string_view message) const {
    for (const auto& t : all)
      if (message.find(t) == std::string_view::npos) return false;
    for (const auto& t : none)
      if (message.find(t) != std::string_view::npos) return false;
    if (any.empty()) return true;
    for (const auto& t : any)
      if (message.find(t) != std::string_view::npos) return true;
    return false;
  }
};

core::Result<Terms> CompileTerms(std::string_view pattern) {
  Terms terms;
  Scanner in(pattern);
  while (!in.AtEnd()) {
    std::vector<std::string>* into = &terms.all;
    if (in.Eat("?")) {
      into = &terms.any;
    } else if (in.Eat("-")) {
      into = &terms.none;
    }
    std::string term;
    if (in.Peek() == '"') {
      auto q = in.Quoted();
      if (!q) return Invalid();
      term = *q;
    } else {
      term = in.Bare("\"");
    }
    if (term.empty()) return Invalid();
    into->push_back(std::move(term));
  }
  return terms;
}

// --- JSON patterns -------------------------------------------------------------------------------

// One selector step: .name, [n], .* or [*].
struct Step {
  std::string name;
  std::optional<size_t> index;
  bool wildcard = false;
};

struct JsonTest {
  enum class Kind { kCompare, kIsNull, kIsTrue, kIsFalse, kNotExists, kExists };
  Kind kind = Kind::kCompare;
  std::vector<Step> selector;
  Op op = Op::kEq;
  Literal literal;
};

struct JsonExpr {
  enum class Kind { kTest, kAnd, kOr };
  Kind kind = Kind::kTest;
  JsonTest test;
  std::vector<JsonExpr> children;
};

void Resolve(const json::value& v, const std::vector<Step>& path, size_t at,
             std::vector<const json::value*>& out) {
  if (at == path.size()) {
    out.push_back(&v);
    return;
  }
  const Step& step = path[at];
  if (step.wildcard) {
    if (v.is_object()) {
      for (const auto& kv : v.get_object()) Resolve(kv.value(), path, at + 1, out);
    } else if (v.is_array()) {
      for (const auto& e : v.get_array()) Resolve(e, path, at + 1, out);
    }
  } else if (step.index) {
    if (v.is_array() && *step.index < v.get_array().size())
      Resolve(v.get_array()[*step.index], path, at + 1, out);
  } else if (v.is_object()) {
    if (const auto* child = v.get_object().if_contains(step.name)) Resolve(*child, path, at + 1, out);
  }
}

bool TestValue(const json::value& v, const JsonTest& test) {
  if (v.is_string()) return CompareText(v.get_string(), test.op, test.literal);
  if (v.is_number()) {
    double d = v.to_number<double>();
    if (test.literal.number) return CompareNumbers(d, test.op, *test.literal.number);
    return CompareText(json::serialize(v), test.op, test.literal);
  }
  if (v.is_bool()) return CompareText(v.get_bool() ? "true" : "false", test.op, test.literal);
  return false;  // objects, arrays and null never equal a literal
}

bool Evaluate(const JsonExpr& expr, const json::value& event) {
  switch (expr.kind) {
    case JsonExpr::Kind::kAnd:
      for (const auto& c : expr.children)
        if (!Evaluate(c, event)) return false;
      return true;
    case JsonExpr::Kind::kOr:
      for (const auto& c : expr.children)
        if (Evaluate(c, event)) return true;
      return false;
    case JsonExpr::Kind::kTest:
      break;
  }
  const JsonTest& test = expr.test;
  std::vector<const json::value*> found;
  Resolve(event, test.selector, 0, found);
  switch (test.kind) {
    case JsonTest::Kind::kNotExists:
      return found.empty();
    case JsonTest::Kind::kExists:
      return !found.empty();
    case JsonTest::Kind::kIsNull:
      for (const auto* v : found)
        if (v->is_null()) return true;
      return false;
    case JsonTest::Kind::kIsTrue:
    case JsonTest::Kind::kIsFalse:
      for (const auto* v : found)
        if (v->is_bool() && v->get_bool() == (test.kind == JsonTest::Kind::kIsTrue)) return true;
      return false;
    case JsonTest::Kind::kCompare:
      for (const auto* v : found)
        if (TestValue(*v, test)) return true;
      return false;
  }
  return false;
}

std::optional<std::vector<Step>> ReadSelector(Scanner& in) {
  if (!in.Eat("$")) return std::nullopt;
  std::vector<Step> steps;
  for (;;) {
    // Steps follow the `$` without spaces.
    if (in.Eat(".*")) {
      steps.push_back({.wildcard = true});
    } else if (in.Eat("[*]")) {
      steps.push_back({.wildcard = true});
    } else if (in.Eat("[")) {
      std::string digits = in.Bare("]");
      if (!in.Eat("]") || digits.empty()) return std::nullopt;
      size_t n = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
      steps.push_back({.index = n});
    } else if (in.Eat(".")) {
      std::string name = in.Bare(".[=!<>)&|");
      if (name.empty()) return std::nullopt;
      steps.push_back({.name = std::move(name)});
    } else {
      break;
    }
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

std::optional<JsonExpr> ParseOr(Scanner& in, int depth);

std::optional<JsonExpr> ParseUnary(Scanner& in, int depth) {
  if (depth > 32) return std::nullopt;
  if (in.Eat("(")) {
    auto inner = ParseOr(in, depth + 1);
    if (!inner || !in.Eat(")")) return std::nullopt;
    return inner;
  }
  auto selector = ReadSelector(in);
  if (!selector) return std::nullopt;
  JsonExpr expr;
  expr.test.selector = std::move(*selector);
  if (in.EatWord("IS")) {
    if (in.EatWord("NULL")) {
      expr.test.kind = JsonTest::Kind::kIsNull;
    } else if (in.EatWord("TRUE")) {
      expr.test.kind = JsonTest::Kind::kIsTrue;
    } else if (in.EatWord("FALSE")) {
      expr.test.kind = JsonTest::Kind::kIsFalse;
    } else {
      return std::nullopt;
    }
    return expr;
  }
  if (in.EatWord("NOT")) {
    if (!in.EatWord("EXISTS")) return std::nullopt;
    expr.test.kind = JsonTest::Kind::kNotExists;
    return expr;
  }
  if (in.EatWord("EXISTS")) {
    expr.test.kind = JsonTest::Kind::kExists;
    return expr;
  }
  auto op = in.Operator();
  if (!op) return std::nullopt;
  auto literal = ReadLiteral(in, ")&|}");
  if (!literal) return std::nullopt;
  // Ordering comparisons only apply to numbers.
  if (*op != Op::kEq && *op != Op::kNe && !literal->number) return std::nullopt;
  expr.test.op = *op;
  expr.test.literal = std::move(*literal);
  return expr;
}

std::optional<JsonExpr> ParseAnd(Scanner& in, int depth) {
  auto first = ParseUnary(in, depth);
  if (!first) return std::nullopt;
  JsonExpr node{.kind = JsonExpr::Kind::kAnd};
  node.children.push_back(std::move(*first));
  while (in.Eat("&&")) {
    auto next = ParseUnary(in, depth);
    if (!next) return std::nullopt;
    node.children.push_back(std::move(*next));
  }
  if (node.children.size() == 1) return std::move(node.children.front());
  return node;
}

std::optional<JsonExpr> ParseOr(Scanner& in, int depth) {
  auto first = ParseAnd(in, depth);
  if (!first) return std::nullopt;
  JsonExpr node{.kind = JsonExpr::Kind::kOr};
  node.children.push_back(std::move(*first));
  while (in.Eat("||")) {
    auto next = ParseAnd(in, depth);
    if (!next) return std::nullopt;
    node.children.push_back(std::move(*next));
  }
  if (node.children.size() == 1) return std::move(node.children.front());
  return node;
}

// --- space-delimited patterns ------------------------------------------------------------------

// One field of [a, b = x, ...]: an ellipsis, or a named field with conditions (OR of ANDs).
struct Field {
  bool ellipsis = false;
  std::vector<std::vector<std::pair<Op, Literal>>> any_of;  // empty: any value
  bool Matches(std::string_view value) const {
    if (any_of.empty()) return true;
    for (const auto& conjunction : any_of) {
      bool ok = true;
      for (const auto& [op, literal] : conjunction) ok = ok && CompareText(value, op, literal);
      if (ok) return true;
    }
    return false;
  }
};

std::optional<Field> ParseField(Scanner& in) {
  Field field;
  if (in.Eat("...")) {
    field.ellipsis = true;
    return field;
  }
  std::string name = in.Bare(",]=!<>&|");
  if (name.empty()) return std::nullopt;
  if (in.Peek() == ',' || in.Peek() == ']') return field;
  std::vector<std::pair<Op, Literal>> conjunction;
  for (;;) {
    auto op = in.Operator();
    if (!op) return std::nullopt;
    auto literal = ReadLiteral(in, ",]&|");
    if (!literal) return std::nullopt;
    conjunction.emplace_back(*op, std::move(*literal));
    if (in.Eat("&&")) {
    } else if (in.Eat("||")) {
      field.any_of.push_back(std::move(conjunction));
      conjunction.clear();
    } else {
      break;
    }
    // The next condition names the field again: `status = 4* || status = 5*`.
    if (in.Bare(",]=!<>&|") != name) return std::nullopt;
  }
  field.any_of.push_back(std::move(conjunction));
  return field;
}

// Splits an event into fields at spaces; "..." and [...] are single fields (without their marks).
std::vector<std::string_view> SplitFields(std::string_view message) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < message.size()) {
    if (std::isspace(static_cast<unsigned char>(message[i]))) {
      ++i;
      continue;
    }
    char close = message[i] == '"' ? '"' : message[i] == '[' ? ']' : '\0';
    if (close) {
      size_t end = message.find(close, i + 1);
      if (end != std::string_view::npos) {
        out.push_back(message.substr(i + 1, end - i - 1));
        i = end + 1;
        continue;
      }
    }
    size_t start = i;
    while (i < message.size() && !std::isspace(static_cast<unsigned char>(message[i]))) ++i;
    out.push_back(message.substr(start, i - start));
  }
  return out;
}

bool MatchFields(const std::vector<Field>& fields, size_t f, const std::vector<std::string_view>& values,
                 size_t v) {
  if (f == fields.size()) return v == values.size();
  if (fields[f].ellipsis) {
    for (size_t skip = v; skip <= values.size(); ++skip)
      if (MatchFields(fields, f + 1, values, skip)) return true;
    return false;
  }
  return v < values.size() && fields[f].Matches(values[v]) && MatchFields(fields, f + 1, values, v + 1);
}

bool RegexCharactersAllowed(std::string_view body) {
  for (char c : body) {
    if (std::isalnum(static_cast<unsigned char>(c))) continue;
    if (std::string_view(":_#=@/;,-^$?[]{}|\\*+. ").find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

struct FilterPattern::Node {
  std::variant<Terms, JsonExpr, std::vector<Field>, RegexPattern> rule;
};

core::Result<FilterPattern> FilterPattern::Compile(std::string_view pattern) {
  Scanner in(pattern);
  if (in.AtEnd()) return FilterPattern(nullptr);
  auto node = std::make_shared<Node>();
  std::string_view trimmed = pattern.substr(in.pos());
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.remove_suffix(1);
  if (trimmed.front() == '{') {
    Scanner body(trimmed);
    body.Eat("{");
    auto expr = ParseOr(body, 0);
    if (!expr || !body.Eat("}") || !body.AtEnd()) return Invalid();
    node->rule = std::move(*expr);
  } else if (trimmed.front() == '[') {
    Scanner body(trimmed);
    body.Eat("[");
    std::vector<Field> fields;
    if (!body.Eat("]")) {
      for (;;) {
        auto field = ParseField(body);
        if (!field) return Invalid();
        fields.push_back(std::move(*field));
        if (body.Eat("]")) break;
        if (!body.Eat(",")) return Invalid();
      }
    }
    if (!body.AtEnd()) return Invalid();
    node->rule = std::move(fields);
  } else if (trimmed.size() >= 2 && trimmed.front() == '%' && trimmed.back() == '%') {
    std::string_view body = trimmed.substr(1, trimmed.size() - 2);
    if (body.empty() || !RegexCharactersAllowed(body)) return Invalid();
    auto regex = RegexPattern::Compile(body);
    if (!regex) return Invalid();
    node->rule = std::move(*regex);
  } else {
    TARN_ASSIGN_OR_RETURN(Terms terms, CompileTerms(trimmed));
    node->rule = std::move(terms);
  }
  return FilterPattern(std::move(node));
}

bool FilterPattern::Matches(std::string_view message) const {
  if (!root_) return true;
  if (const auto* terms = std::get_if<Terms>(&root_->rule)) return terms->Matches(message);
  if (const auto* expr = std::get_if<JsonExpr>(&root_->rule)) {
    json::error_code ec;
    json::value event = json::parse(message, ec);
    if (ec || !(event.is_object() || event.is_array())) return false;
    return Evaluate(*expr, event);
  }
  if (const auto* fields = std::get_if<std::vector<Field>>(&root_->rule)) {
    return MatchFields(*fields, 0, SplitFields(message), 0);
  }
  return std::get<RegexPattern>(root_->rule).Search(message);
}

}  // namespace tarn::logs
