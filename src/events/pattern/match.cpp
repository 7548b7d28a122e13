// Matches events against parsed patterns. An absent field matches only {"exists": false}; an array in
// the event matches when any element does; an absent parent object makes every field below it absent
// (patterns are flattened to leaf paths, as EventBridge does).
#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/wildcard.h"
#include "events/pattern/node.h"
#include "events/pattern/pattern.h"

namespace tarn::events::pattern {
namespace {

namespace json = boost::json;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool ExactMatch(const json::value& want, const json::value& got) {
  if (want.is_number()) return got.is_number() && want.to_number<double>() == got.to_number<double>();
  if (want.is_string()) return got.is_string() && want.get_string() == got.get_string();
  if (want.is_bool()) return got.is_bool() && want.get_bool() == got.get_bool();
  return want.is_null() && got.is_null();
}

// One matcher against one present leaf value.
bool MatchLeaf(const Matcher& m, const json::value& v) {
  using Kind = Matcher::Kind;
  switch (m.kind) {
    case Kind::kExact:
      return ExactMatch(m.value, v);
    case Kind::kPrefix:
    case Kind::kSuffix: {
      if (!v.is_string()) return false;
      std::string_view s = v.get_string(), want = m.value.get_string();
      if (s.size() < want.size()) return false;
      std::string_view part =
          m.kind == Kind::kPrefix ? s.substr(0, want.size()) : s.substr(s.size() - want.size());
      return m.ignore_case ? EqualsIgnoreCase(part, want) : part == want;
    }
    case Kind::kEqualsIgnoreCase:
      return v.is_string() && EqualsIgnoreCase(v.get_string(), m.value.get_string());
    case Kind::kWildcard:
      return v.is_string() && core::WildcardMatch(m.value.get_string(), v.get_string());
    case Kind::kNumeric: {
      if (!v.is_number()) return false;
      double n = v.to_number<double>();
      if (m.lower && (m.lower_inclusive ? n < *m.lower : n <= *m.lower)) return false;
      if (m.upper && (m.upper_inclusive ? n > *m.upper : n >= *m.upper)) return false;
      return true;
    }
    case Kind::kExists:
      return m.exists;
    case Kind::kAnythingBut:
      return std::none_of(m.inner.begin(), m.inner.end(), [&](const Matcher& x) { return MatchLeaf(x, v); });
    case Kind::kCidr: {
      if (!v.is_string()) return false;
      auto address = IpAddress::Parse(v.get_string());
      return address && address->InPrefix(m.network, m.mask_bits);
    }
  }
  return false;
}

bool IsLeaf(const json::value& x) { return !x.is_object() && !x.is_array(); }

bool MatchField(const std::vector<Matcher>& matchers, const json::value* v) {
  // Patterns match leaves: an object where a leaf is expected (an intermediate node), an empty
  // array, or an array of objects holds no value here, so only {"exists": false} matches it
  // (EventBridge: "Exists matching only works on leaf nodes"; a Lambda filter on a DynamoDB image's
  // attribute, itself a typed object like {"S": "x"}, behaves so on AWS).
  bool absent = v == nullptr || v->is_object() ||
                (v->is_array() && std::none_of(v->get_array().begin(), v->get_array().end(), IsLeaf));
  if (absent) {
    return std::any_of(matchers.begin(), matchers.end(),
                       [](const Matcher& m) { return m.kind == Matcher::Kind::kExists && !m.exists; });
  }
  auto any_matcher = [&](const json::value& x) {
    if (!IsLeaf(x)) return false;
    return std::any_of(matchers.begin(), matchers.end(), [&](const Matcher& m) { return MatchLeaf(m, x); });
  };
  if (v->is_array()) return std::any_of(v->get_array().begin(), v->get_array().end(), any_matcher);
  return any_matcher(*v);
}

bool MatchNode(const Node& node, const json::object* o);

bool MatchChild(const Node& child, const json::value* v) {
  if (v && v->is_object()) return MatchNode(child, &v->get_object());
  if (v && v->is_array()) {
    for (const auto& x : v->get_array())
      if (x.is_object() && MatchNode(child, &x.get_object())) return true;
    return false;
  }
  return MatchNode(child, nullptr);
}

// EventBridge matches flattened paths joined with '.': a pattern's "state.status" is the event's
// {"state": {"status": ...}}, and a pattern's {"state": {"status": ...}} is the event's
// "state.status" (LocalStack's recordings of dot_joining_*). The literal key wins; otherwise the
// name is split at each '.' in turn and the rest looked up below the object the head names.
const json::value* Resolve(const json::object* o, std::string_view name) {
  if (!o) return nullptr;
  if (const json::value* v = o->if_contains(name)) return v;
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    const json::value* head = o->if_contains(name.substr(0, dot));
    if (head && head->is_object())
      if (const json::value* v = Resolve(&head->get_object(), name.substr(dot + 1))) return v;
  }
  return nullptr;
}

// The members of `o` named "<name>.<rest>", as an object of the rests: what a nested pattern field
// `name` sees when the event spells its path with dots. Empty when there are none.
json::object DottedMembers(const json::object* o, std::string_view name) {
  json::object out;
  if (!o) return out;
  for (const auto& [key, value] : *o) {
    std::string_view k = key;
    if (k.size() > name.size() + 1 && k.substr(0, name.size()) == name && k[name.size()] == '.')
      out[k.substr(name.size() + 1)] = value;
  }
  return out;
}

bool MatchNode(const Node& node, const json::object* o) {
  for (const auto& field : node.fields) {
    const json::value* v = Resolve(o, field.name);
    bool ok;
    if (!field.child) {
      ok = MatchField(field.matchers, v);
    } else if (v) {
      ok = MatchChild(*field.child, v);
    } else {
      json::object dotted = DottedMembers(o, field.name);
      ok = MatchNode(*field.child, dotted.empty() ? nullptr : &dotted);
    }
    if (!ok) return false;
  }
  for (const auto& alternatives : node.any_of) {
    if (std::none_of(alternatives.begin(), alternatives.end(),
                     [&](const std::shared_ptr<const Node>& alt) { return MatchNode(*alt, o); }))
      return false;
  }
  return true;
}

}  // namespace

bool Pattern::Matches(const json::value& event) const {
  if (!event.is_object()) return false;
  return MatchNode(*root_, &event.get_object());
}

}  // namespace tarn::events::pattern
