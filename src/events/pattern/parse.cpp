// Parses and validates event patterns into Nodes. The accepted forms and limits follow
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html and
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <span>
#include <string>
#include <vector>

#include "events/pattern/node.h"
#include "events/pattern/pattern.h"

namespace tarn::events::pattern {
namespace {

namespace json = boost::json;

// Numeric matching works on numbers between -5.0e9 and +5.0e9 inclusive, with 15 digits of precision.
constexpr double kNumericLimit = 5.0e9;

core::AwsError Invalid(const std::string& reason) {
  return core::AwsError("InvalidEventPatternException", "Event pattern is not valid. Reason: " + reason, 400);
}

core::Result<std::string> StringOperand(const std::string& op, const json::value& v) {
  if (!v.is_string()) return Invalid(op + " match pattern must be a string");
  return std::string(v.get_string());
}

// "prefix"/"suffix": a string, or {"equals-ignore-case": "s"}.
core::Result<Matcher> ParseAffix(Matcher::Kind kind, const std::string& op, const json::value& v) {
  Matcher m;
  m.kind = kind;
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.size() != 1 || !o.contains("equals-ignore-case"))
      return Invalid("Unsupported " + op + " pattern: " + json::serialize(v));
    TARN_ASSIGN_OR_RETURN(std::string s, StringOperand(op, o.at("equals-ignore-case")));
    m.value = s;
    m.ignore_case = true;
    return m;
  }
  TARN_ASSIGN_OR_RETURN(std::string s, StringOperand(op, v));
  m.value = s;
  return m;
}

core::Result<Matcher> ParseWildcard(const json::value& v) {
  TARN_ASSIGN_OR_RETURN(std::string s, StringOperand("wildcard", v));
  if (s.find("**") != std::string::npos)
    return Invalid("Consecutive wildcard characters at pos " + std::to_string(s.find("**") + 1));
  Matcher m;
  m.kind = Matcher::Kind::kWildcard;
  m.value = s;
  return m;
}

// {"cidr": "10.0.0.0/24"} or an IPv6 prefix. The texts are AWS's (LocalStack's recordings of
// content_ip_address_*), the first one included: a cidr that is no string is "prefix match pattern".
core::Result<Matcher> ParseCidr(const json::value& v) {
  if (!v.is_string()) return Invalid("prefix match pattern must be a string");
  std::string_view text = v.get_string();
  size_t slash = text.find('/');
  if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos)
    return Invalid("Malformed CIDR, one '/' required");
  std::string_view ip = text.substr(0, slash), bits = text.substr(slash + 1);
  int mask = 0;
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), mask);
  if (bits.empty() || ec != std::errc() || end != bits.data() + bits.size())
    return Invalid("Malformed CIDR, mask bits must be an integer");
  auto address = IpAddress::Parse(ip);
  if (!address) return Invalid("Nonstandard IP address: " + std::string(ip));
  const int width = address->v6 ? 128 : 32;
  if (mask < 0 || mask > width)
    return Invalid("Malformed CIDR, mask bits must be between 0 and " + std::to_string(width));
  Matcher m;
  m.kind = Matcher::Kind::kCidr;
  m.network = *address;
  m.mask_bits = mask;
  return m;
}

core::Result<Matcher> ParseNumeric(const json::value& v) {
  if (!v.is_array() || v.get_array().empty() || v.get_array().size() > 4)
    return Invalid("Value of numeric must be an array.");
  const auto& a = v.get_array();
  Matcher m;
  m.kind = Matcher::Kind::kNumeric;
  for (size_t i = 0; i < a.size(); i += 2) {
    if (!a[i].is_string()) return Invalid("Invalid member in numeric match: " + json::serialize(a[i]));
    // An operator without its value ([">", 0, "<"]) is refused as a value that is no number (AWS).
    if (i + 1 >= a.size() || !a[i + 1].is_number())
      return Invalid("Value of " + std::string(a[i].get_string()) + " must be numeric");
    std::string op(a[i].get_string());
    double n = a[i + 1].to_number<double>();
    if (n < -kNumericLimit || n > kNumericLimit)
      return Invalid("Value of " + op + " must be between -5.0E9 and 5.0E9");
    if (op == "=") {
      if (a.size() != 2) return Invalid("Invalid member in numeric match: =");
      m.lower = m.upper = n;
      m.lower_inclusive = m.upper_inclusive = true;
    } else if (op == ">" || op == ">=") {
      if (m.lower) return Invalid("Bad numeric range operator: " + op);  // a second lower bound
      if (m.upper) return Invalid("Invalid member in numeric match: " + op);
      m.lower = n;
      m.lower_inclusive = op == ">=";
    } else if (op == "<" || op == "<=") {
      if (m.upper) return Invalid("Bad numeric range operator: " + op);  // a second upper bound
      m.upper = n;
      m.upper_inclusive = op == "<=";
    } else {
      return Invalid("Unrecognized numeric range operator: " + op);
    }
  }
  if (m.lower && m.upper && (*m.lower > *m.upper || (*m.lower == *m.upper && a.size() == 4)))
    return Invalid("Bottom must be less than top");
  return m;
}

core::Result<Matcher> ParseAnythingBut(const json::value& v) {
  Matcher m;
  m.kind = Matcher::Kind::kAnythingBut;
  auto exact = [](const json::value& x) {
    Matcher e;
    e.value = x;
    return e;
  };
  if (v.is_string() || v.is_number()) {
    m.inner.push_back(exact(v));
  } else if (v.is_array()) {
    if (v.get_array().empty()) return Invalid("Empty arrays are not allowed");
    for (const auto& x : v.get_array()) {
      if (!x.is_string() && !x.is_number())
        return Invalid("Inside anything but list, start|null|boolean is not supported.");
      m.inner.push_back(exact(x));
    }
  } else if (v.is_object() && v.get_object().size() == 1) {
    const auto& [key, operand] = *v.get_object().begin();
    std::string op(key);
    // Each operator takes one string or a list of them: {"prefix": ["init", "test"]} is "starts with
    // neither" (AWS's recorded answers in LocalStack's event_pattern_templates/content_anything_*).
    if (op != "prefix" && op != "suffix" && op != "equals-ignore-case" && op != "wildcard")
      return Invalid("Unsupported anything-but pattern: " + op);
    if (operand.is_array() && operand.get_array().empty()) return Invalid("Empty arrays are not allowed");
    if (operand.is_object())
      return Invalid("Value of anything-but must be an array or single string/number value.");
    std::span<const json::value> operands =
        operand.is_array()
            ? std::span<const json::value>(operand.get_array().data(), operand.get_array().size())
            : std::span<const json::value>(&operand, 1);
    for (const auto& x : operands) {
      Matcher inner;
      if (op == "prefix" || op == "suffix") {
        if (!x.is_string()) return Invalid("prefix/suffix match pattern must be a string");
        if (x.get_string().empty()) return Invalid("Null prefix/suffix not allowed");
        inner.kind = op == "prefix" ? Matcher::Kind::kPrefix : Matcher::Kind::kSuffix;
        inner.value = x;
      } else if (op == "equals-ignore-case") {
        if (!x.is_string())
          return Invalid(
              "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
        inner.kind = Matcher::Kind::kEqualsIgnoreCase;
        inner.value = x;
      } else {
        TARN_ASSIGN_OR_RETURN(inner, ParseWildcard(x));
      }
      m.inner.push_back(std::move(inner));
    }
  } else {
    return Invalid("Value of anything-but must be an array or single string/number value.");
  }
  return m;
}

core::Result<Matcher> ParseOperator(const json::object& o) {
  if (o.size() != 1) return Invalid("Only one key allowed in match expression");
  const auto& [key, operand] = *o.begin();
  std::string op(key);
  if (op == "prefix") return ParseAffix(Matcher::Kind::kPrefix, op, operand);
  if (op == "suffix") return ParseAffix(Matcher::Kind::kSuffix, op, operand);
  if (op == "equals-ignore-case") {
    TARN_ASSIGN_OR_RETURN(std::string s, StringOperand(op, operand));
    Matcher m;
    m.kind = Matcher::Kind::kEqualsIgnoreCase;
    m.value = s;
    return m;
  }
  if (op == "wildcard") return ParseWildcard(operand);
  if (op == "cidr") return ParseCidr(operand);
  if (op == "numeric") return ParseNumeric(operand);
  if (op == "anything-but") return ParseAnythingBut(operand);
  if (op == "exists") {
    if (!operand.is_bool()) return Invalid("exists match pattern must be either true or false.");
    Matcher m;
    m.kind = Matcher::Kind::kExists;
    m.exists = operand.get_bool();
    return m;
  }
  return Invalid("Unrecognized match type " + op);
}

core::Result<std::vector<Matcher>> ParseMatchers(const std::string& field, const json::array& a) {
  if (a.empty()) return Invalid("Empty arrays are not allowed");
  std::vector<Matcher> out;
  for (const auto& v : a) {
    if (v.is_object()) {
      TARN_ASSIGN_OR_RETURN(Matcher m, ParseOperator(v.get_object()));
      out.push_back(std::move(m));
    } else if (v.is_array()) {
      return Invalid("Match value of \"" + field + "\" must be a string, number, boolean, null or object");
    } else {
      Matcher m;
      m.value = v;
      out.push_back(std::move(m));
    }
  }
  return out;
}

core::Result<std::shared_ptr<const Node>> ParseNode(const json::object& o, int depth) {
  // Nesting deeper than this is no pattern anyone writes; the limit keeps recursion bounded.
  if (depth > 64) return Invalid("Pattern is nested too deeply");
  auto node = std::make_shared<Node>();
  for (const auto& [key, value] : o) {
    std::string name(key);
    if (name == "$or") {
      if (!value.is_array() || value.get_array().size() < 2)
        return Invalid("Value of $or must be an array of at least two objects");
      std::vector<std::shared_ptr<const Node>> alternatives;
      for (const auto& alt : value.get_array()) {
        if (!alt.is_object() || alt.get_object().empty())
          return Invalid("Value of $or must be an array of at least two objects");
        TARN_ASSIGN_OR_RETURN(auto child, ParseNode(alt.get_object(), depth + 1));
        alternatives.push_back(std::move(child));
      }
      node->any_of.push_back(std::move(alternatives));
      continue;
    }
    Node::Field field;
    field.name = name;
    if (value.is_object()) {
      if (value.get_object().empty()) return Invalid("Empty objects are not allowed");
      TARN_ASSIGN_OR_RETURN(field.child, ParseNode(value.get_object(), depth + 1));
    } else if (value.is_array()) {
      TARN_ASSIGN_OR_RETURN(field.matchers, ParseMatchers(name, value.get_array()));
    } else {
      return Invalid("\"" + name + "\" must be an object or an array");
    }
    node->fields.push_back(std::move(field));
  }
  return std::shared_ptr<const Node>(std::move(node));
}

}  // namespace

core::Result<Pattern> Pattern::FromJson(const json::value& pattern) {
  if (!pattern.is_object()) return Invalid("Filter is not an object");
  TARN_ASSIGN_OR_RETURN(auto root, ParseNode(pattern.get_object(), 0));
  return Pattern(std::move(root));
}

core::Result<Pattern> Pattern::Parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Invalid("Filter is not valid JSON: " + ec.message());
  return FromJson(v);
}

}  // namespace tarn::events::pattern
