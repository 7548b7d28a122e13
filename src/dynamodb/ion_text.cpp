#include "dynamodb/ion_text.h"

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/encoding.h"
#include "dynamodb/errors.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// ---- writing --------------------------------------------------------------------------------------

void AppendHex(std::string& out, unsigned value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

// Ion's short string (quote '"') or quoted symbol (quote '\''): control characters escaped, other
// characters as they are (UTF-8).
void AppendQuoted(std::string& out, std::string_view text, char quote) {
  out += quote;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7F) {
      out += "\\x";
      AppendHex(out, u, 2);
    } else {
      out += c;
    }
  }
  out += quote;
}

bool IsKeyword(std::string_view s) { return s == "null" || s == "true" || s == "false" || s == "nan"; }

bool IsIdentifier(std::string_view s) {
  if (s.empty() || IsKeyword(s) || s[0] == '$') return false;  // $-names are Ion's own symbols
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (char c : s)
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

void AppendSymbol(std::string& out, std::string_view name) {
  if (IsIdentifier(name)) {
    out += name;
  } else {
    AppendQuoted(out, name, '\'');
  }
}

void AppendBlob(std::string& out, std::string_view bytes) {
  out += "{{";
  out += core::Base64Encode(bytes);
  out += "}}";
}

void AppendValue(std::string& out, const AttributeValue& v);

void AppendStruct(std::string& out, const AttributeMap& map) {
  out += '{';
  bool first = true;
  for (const auto& [name, value] : map) {
    if (!first) out += ',';
    first = false;
    AppendSymbol(out, name);
    out += ':';
    AppendValue(out, value);
  }
  out += '}';
}

void AppendValue(std::string& out, const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kS:
      AppendQuoted(out, v.s(), '"');
      break;
    case AttributeType::kN:
      out += IonDecimal(v.n());
      break;
    case AttributeType::kB:
      AppendBlob(out, v.b());
      break;
    case AttributeType::kBOOL:
      out += v.boolean() ? "true" : "false";
      break;
    case AttributeType::kNULL:
      out += "null";
      break;
    case AttributeType::kM:
      AppendStruct(out, v.m());
      break;
    case AttributeType::kL: {
      out += '[';
      for (size_t i = 0; i < v.l().size(); ++i) {
        if (i) out += ',';
        AppendValue(out, v.l()[i]);
      }
      out += ']';
      break;
    }
    case AttributeType::kSS:
    case AttributeType::kBS: {
      const bool strings = v.type() == AttributeType::kSS;
      out += strings ? "$dynamodb_SS::[" : "$dynamodb_BS::[";
      const auto& members = strings ? v.ss() : v.bs();
      for (size_t i = 0; i < members.size(); ++i) {
        if (i) out += ',';
        if (strings) {
          AppendQuoted(out, members[i], '"');
        } else {
          AppendBlob(out, members[i]);
        }
      }
      out += ']';
      break;
    }
    case AttributeType::kNS: {
      out += "$dynamodb_NS::[";
      for (size_t i = 0; i < v.ns().size(); ++i) {
        if (i) out += ',';
        out += IonDecimal(v.ns()[i]);
      }
      out += ']';
      break;
    }
  }
}

// ---- reading --------------------------------------------------------------------------------------

// Nesting beyond this is refused as malformed (DynamoDB's own limit, 32 levels, is checked when the
// item is built); it bounds the recursion.
constexpr int kMaxParseDepth = 64;

struct IonValue {
  enum class Kind {
    kNull,
    kTypedNull,
    kBool,
    kInt,
    kDecimal,
    kFloat,
    kTimestamp,
    kString,
    kSymbol,
    kBlob,
    kClob,
    kList,
    kStruct
  };
  Kind kind = Kind::kNull;
  std::vector<std::string> annotations;
  std::string text;  // string/symbol text, decimal digits, blob bytes
  bool boolean = false;
  std::vector<IonValue> items;                           // list
  std::vector<std::pair<std::string, IonValue>> fields;  // struct, in order
};

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  // Skips whitespace and comments; false when the text ends.
  bool SkipSpace() {
    for (;;) {
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (s_.substr(pos_, 2) == "//") {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (s_.substr(pos_, 2) == "/*") {
        size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          pos_ = s_.size();
          broken_ = true;
          return false;
        }
        pos_ = end + 2;
      } else {
        return pos_ < s_.size();
      }
    }
  }

  // One value (with its annotations); nullopt when the text is not Ion there.
  std::optional<IonValue> Value(int depth) {
    if (depth > kMaxParseDepth || !SkipSpace()) return std::nullopt;
    IonValue value;
    // Annotations: symbols followed by "::".
    for (;;) {
      const size_t start = pos_;
      auto symbol = AnnotationCandidate();
      if (!symbol) {
        pos_ = start;
        break;
      }
      SkipSpace();
      if (s_.substr(pos_, 2) != "::") {
        pos_ = start;
        break;
      }
      pos_ += 2;
      value.annotations.push_back(std::move(*symbol));
      if (!SkipSpace()) return std::nullopt;
    }
    const char c = s_[pos_];
    if (c == '{' && s_.substr(pos_, 2) == "{{") {
      if (!Lob(value)) return std::nullopt;
    } else if (c == '{') {
      ++pos_;
      value.kind = IonValue::Kind::kStruct;
      for (;;) {
        if (!SkipSpace()) return std::nullopt;
        if (s_[pos_] == '}') {
          ++pos_;
          break;
        }
        auto name = FieldName();
        if (!name || !SkipSpace() || s_[pos_] != ':') return std::nullopt;
        ++pos_;
        auto field = Value(depth + 1);
        if (!field) return std::nullopt;
        value.fields.emplace_back(std::move(*name), std::move(*field));
        if (!SkipSpace()) return std::nullopt;
        if (s_[pos_] == ',') {
          ++pos_;
        } else if (s_[pos_] != '}') {
          return std::nullopt;
        }
      }
    } else if (c == '[') {
      ++pos_;
      value.kind = IonValue::Kind::kList;
      for (;;) {
        if (!SkipSpace()) return std::nullopt;
        if (s_[pos_] == ']') {
          ++pos_;
          break;
        }
        auto item = Value(depth + 1);
        if (!item) return std::nullopt;
        value.items.push_back(std::move(*item));
        if (!SkipSpace()) return std::nullopt;
        if (s_[pos_] == ',') {
          ++pos_;
        } else if (s_[pos_] != ']') {
          return std::nullopt;
        }
      }
    } else if (c == '"' || s_.substr(pos_, 3) == "'''") {
      auto text = String();
      if (!text) return std::nullopt;
      value.kind = IonValue::Kind::kString;
      value.text = std::move(*text);
    } else if (c == '\'') {
      auto text = Quoted('\'');
      if (!text) return std::nullopt;
      value.kind = IonValue::Kind::kSymbol;
      value.text = std::move(*text);
    } else {
      // Numbers, timestamps, null/true/false/nan and identifier symbols: one token. S-expressions are
      // not read (no export writes them).
      std::string_view token = Token();
      if (token.empty() || !Scalar(token, value)) return std::nullopt;
    }
    return value;
  }

  bool broken() const { return broken_; }

 private:
  static bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  }
  static bool IsTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c == '.' || c == '-' || c == '+' || c == ':';
  }

  std::string_view Token() {
    const size_t start = pos_;
    while (pos_ < s_.size() && IsTokenChar(s_[pos_])) {
      // "::" ends a symbol (an annotation), a single ':' belongs to a timestamp.
      if (s_[pos_] == ':' && s_.substr(pos_, 2) == "::") break;
      ++pos_;
    }
    return s_.substr(start, pos_ - start);
  }

  // An identifier or quoted symbol that may be an annotation.
  std::optional<std::string> AnnotationCandidate() {
    if (pos_ < s_.size() && s_[pos_] == '\'' && s_.substr(pos_, 3) != "'''") return Quoted('\'');
    const size_t start = pos_;
    while (pos_ < s_.size() &&
           ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z') || s_[pos_] == '_' ||
            s_[pos_] == '$' || (pos_ > start && s_[pos_] >= '0' && s_[pos_] <= '9')))
      ++pos_;
    if (pos_ == start) return std::nullopt;
    return std::string(s_.substr(start, pos_ - start));
  }

  std::optional<std::string> FieldName() {
    if (s_[pos_] == '"' || s_.substr(pos_, 3) == "'''") return String();
    if (s_[pos_] == '\'') return Quoted('\'');
    const size_t start = pos_;
    auto name = AnnotationCandidate();
    if (!name || IsKeyword(*name)) {
      pos_ = start;
      return std::nullopt;
    }
    return name;
  }

  // A short string, or long strings ('''...''') one after another, which join.
  std::optional<std::string> String() {
    if (s_[pos_] == '"') return Quoted('"');
    std::string out;
    while (s_.substr(pos_, 3) == "'''") {
      pos_ += 3;
      auto part = Escaped("'''");
      if (!part) return std::nullopt;
      out += *part;
      const size_t after = pos_;
      if (!SkipSpace() || s_.substr(pos_, 3) != "'''") {
        pos_ = after;
        break;
      }
    }
    return out;
  }

  std::optional<std::string> Quoted(char quote) {
    ++pos_;
    return Escaped(std::string_view(&quote, 1));
  }

  // Text up to `end`, with Ion's escapes; pos_ moves past `end`.
  std::optional<std::string> Escaped(std::string_view end) {
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) return std::nullopt;
      if (s_.substr(pos_, end.size()) == end) {
        pos_ += end.size();
        return out;
      }
      const char c = s_[pos_++];
      if (c != '\\') {
        // Short strings and symbols end at a line.
        if ((c == '\n' || c == '\r') && end.size() == 1) return std::nullopt;
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) return std::nullopt;
      const char e = s_[pos_++];
      switch (e) {
        case '0':
          out += '\0';
          break;
        case 'a':
          out += '\a';
          break;
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'v':
          out += '\v';
          break;
        case '"':
        case '\'':
        case '?':
        case '\\':
        case '/':
          out += e;
          break;
        case '\n':
          break;  // a line continuation
        case 'x':
        case 'u':
        case 'U': {
          const int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (pos_ + digits > s_.size()) return std::nullopt;
          uint32_t code = 0;
          for (int i = 0; i < digits; ++i) {
            const char h = s_[pos_++];
            uint32_t d;
            if (h >= '0' && h <= '9')
              d = h - '0';
            else if (h >= 'a' && h <= 'f')
              d = h - 'a' + 10;
            else if (h >= 'A' && h <= 'F')
              d = h - 'A' + 10;
            else
              return std::nullopt;
            code = code * 16 + d;
          }
          if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
          core::AppendUtf8(out, code);
          break;
        }
        default:
          return std::nullopt;
      }
    }
  }

  // A blob {{ base64 }} or a clob {{ "text" }}.
  bool Lob(IonValue& value) {
    pos_ += 2;
    SkipSpace();
    if (pos_ < s_.size() && (s_[pos_] == '"' || s_.substr(pos_, 3) == "'''")) {
      if (!String()) return false;
      value.kind = IonValue::Kind::kClob;
    } else {
      std::string base64;
      while (pos_ < s_.size() && s_[pos_] != '}') {
        if (!IsSpace(s_[pos_])) base64 += s_[pos_];
        ++pos_;
      }
      auto bytes = core::Base64Decode(base64);
      if (!bytes) return false;
      value.kind = IonValue::Kind::kBlob;
      value.text = std::move(*bytes);
    }
    SkipSpace();
    if (s_.substr(pos_, 2) != "}}") return false;
    pos_ += 2;
    return true;
  }

  // A decimal: -?(0|[1-9][0-9]*)(.[0-9]*)?([dD][+-]?[0-9]+)? with a '.' or a 'd'.
  static bool IsDecimal(std::string_view t) {
    size_t i = 0;
    if (i < t.size() && t[i] == '-') ++i;
    const size_t int_start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == int_start || (t[int_start] == '0' && i - int_start > 1)) return false;
    bool marked = false;
    if (i < t.size() && t[i] == '.') {
      marked = true;
      ++i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    }
    if (i < t.size() && (t[i] == 'd' || t[i] == 'D')) {
      marked = true;
      ++i;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
      const size_t exp_start = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      if (i == exp_start) return false;
    }
    return marked && i == t.size();
  }

  static bool Scalar(std::string_view t, IonValue& value) {
    using Kind = IonValue::Kind;
    if (t == "null" || t == "null.null") {
      value.kind = Kind::kNull;
    } else if (t.starts_with("null.")) {
      static constexpr std::string_view kTypes[] = {"bool",      "int",    "float",  "decimal",
                                                    "timestamp", "string", "symbol", "blob",
                                                    "clob",      "list",   "sexp",   "struct"};
      for (std::string_view type : kTypes)
        if (t.substr(5) == type) value.kind = Kind::kTypedNull;
      return value.kind == Kind::kTypedNull;
    } else if (t == "true" || t == "false") {
      value.kind = Kind::kBool;
      value.boolean = t == "true";
    } else if (t == "nan" || t == "+inf" || t == "-inf") {
      value.kind = Kind::kFloat;
    } else if ((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z') || t[0] == '_' || t[0] == '$') {
      for (char c : t)
        if (c == '.' || c == '-' || c == '+' || c == ':') return false;
      value.kind = Kind::kSymbol;
      value.text = std::string(t);
    } else if (IsDecimal(t)) {
      value.kind = Kind::kDecimal;
      value.text = std::string(t);
      for (char& c : value.text)
        if (c == 'd' || c == 'D') c = 'e';  // as Java's BigDecimal syntax, which Number reads
    } else if (t.find_first_of("Tt") != std::string_view::npos ||
               (t.size() >= 10 && t[4] == '-' && t[7] == '-')) {
      value.kind = Kind::kTimestamp;  // not checked further: DynamoDB maps no timestamp
    } else if (t.find_first_of("eE") != std::string_view::npos && t.substr(0, 2) != "0x" &&
               t.substr(0, 3) != "-0x") {
      value.kind = Kind::kFloat;
    } else {
      // An integer (decimal, 0x hex or 0b binary, '_' between digits): DynamoDB wants decimals.
      std::string_view digits = t[0] == '-' ? t.substr(1) : t;
      auto allowed = [](char c) { return (c >= '0' && c <= '9') || c == '_'; };
      auto hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
      };
      auto binary = [](char c) { return c == '0' || c == '1' || c == '_'; };
      bool (*check)(char) = allowed;
      if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        check = hex;
        digits.remove_prefix(2);
      } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B')) {
        check = binary;
        digits.remove_prefix(2);
      }
      if (digits.empty() || digits.front() == '_' || digits.back() == '_') return false;
      for (char c : digits)
        if (!check(c)) return false;
      value.kind = Kind::kInt;
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  bool broken_ = false;
};

core::AwsError Unmapped(std::string_view what) {
  return ValidationException("The Ion value is not one DynamoDB imports: " + std::string(what));
}

// DynamoDB JSON of one Ion value.
core::Result<json::value> ToAttribute(const IonValue& v) {
  using Kind = IonValue::Kind;
  if (!v.annotations.empty()) {
    if (v.kind != Kind::kList || v.annotations.size() != 1) return Unmapped("an annotation");
    const std::string& set = v.annotations.front();
    Kind member;
    std::string type;
    if (set == "$dynamodb_SS") {
      member = Kind::kString, type = "SS";
    } else if (set == "$dynamodb_NS") {
      member = Kind::kDecimal, type = "NS";
    } else if (set == "$dynamodb_BS") {
      member = Kind::kBlob, type = "BS";
    } else {
      return Unmapped("the annotation " + set);
    }
    json::array members;
    for (const IonValue& item : v.items) {
      if (item.kind != member || !item.annotations.empty())
        return Unmapped("a member of another type in " + set);
      members.emplace_back(member == Kind::kBlob ? core::Base64Encode(item.text) : item.text);
    }
    return json::value(json::object{{type, std::move(members)}});
  }
  switch (v.kind) {
    case Kind::kNull:
      return json::value(json::object{{"NULL", true}});
    case Kind::kBool:
      return json::value(json::object{{"BOOL", v.boolean}});
    case Kind::kDecimal:
      return json::value(json::object{{"N", v.text}});
    case Kind::kString:
      return json::value(json::object{{"S", v.text}});
    case Kind::kBlob:
      return json::value(json::object{{"B", core::Base64Encode(v.text)}});
    case Kind::kList: {
      json::array items;
      for (const IonValue& item : v.items) {
        TARN_ASSIGN_OR_RETURN(json::value one, ToAttribute(item));
        items.push_back(std::move(one));
      }
      return json::value(json::object{{"L", std::move(items)}});
    }
    case Kind::kStruct: {
      json::object map;
      for (const auto& [name, field] : v.fields) {
        if (map.contains(name)) return Unmapped("a struct naming " + name + " twice");
        TARN_ASSIGN_OR_RETURN(json::value one, ToAttribute(field));
        map[name] = std::move(one);
      }
      return json::value(json::object{{"M", std::move(map)}});
    }
    case Kind::kInt:
      return Unmapped("an int (numbers are decimals: 1. rather than 1)");
    case Kind::kFloat:
      return Unmapped("a float");
    case Kind::kTimestamp:
      return Unmapped("a timestamp");
    case Kind::kSymbol:
      return Unmapped("a symbol");
    case Kind::kClob:
      return Unmapped("a clob");
    case Kind::kTypedNull:
      return Unmapped("a typed null");
  }
  return Unmapped("a value");
}

// The item of one record, {Item:{...}}, as DynamoDB JSON.
core::Result<json::value> RecordItem(const IonValue& record) {
  if (record.kind != IonValue::Kind::kStruct || !record.annotations.empty())
    return ValidationException("The Ion value is not a struct with an Item");
  const IonValue* item = nullptr;
  for (const auto& [name, field] : record.fields)
    if (name == "Item") item = &field;
  if (!item || item->kind != IonValue::Kind::kStruct || !item->annotations.empty())
    return ValidationException("The Ion value is not a struct with an Item");
  TARN_ASSIGN_OR_RETURN(json::value map, ToAttribute(*item));
  return json::value(std::move(map.as_object().at("M")));
}

}  // namespace

std::string IonDecimal(const Number& n) {
  if (n.IsZero()) return "0.";
  std::string out = n.IsNegative() ? "-" : "";
  const std::string& digits = n.digits();
  // |n| = digits x 10^exponent, with `digits` read as an integer.
  const int exponent = n.exponent() - static_cast<int>(digits.size());
  if (exponent == 0) return out + digits + ".";
  if (exponent > 0) return out + digits + "d" + std::to_string(exponent);
  const int scale = -exponent;
  const int adjusted = static_cast<int>(digits.size()) - 1 - scale;
  if (adjusted >= 0) {
    const size_t whole = digits.size() - static_cast<size_t>(scale);
    return out + digits.substr(0, whole) + "." + digits.substr(whole);
  }
  if (adjusted >= -6)
    return out + "0." + std::string(static_cast<size_t>(scale) - digits.size(), '0') + digits;
  return out + digits + "d-" + std::to_string(scale);
}

std::string ItemToIonLine(const Item& item) {
  std::string out = "$ion_1_0 {Item:";
  AppendStruct(out, item);
  out += '}';
  return out;
}

core::Result<bool> ForEachIonItem(std::string_view text,
                                  const std::function<core::Status(core::Result<json::value>)>& each) {
  Reader reader(text);
  for (;;) {
    if (!reader.SkipSpace()) return !reader.broken();
    auto value = reader.Value(0);
    if (!value) return false;
    // A version marker (an unannotated $ion_1_0 symbol) says what follows is Ion 1.0.
    if (value->kind == IonValue::Kind::kSymbol && value->annotations.empty() && value->text == "$ion_1_0")
      continue;
    TARN_TRY(each(RecordItem(*value)));
  }
}

}  // namespace tarn::dynamodb
