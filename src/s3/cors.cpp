#include "s3/cors.h"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>

#include "core/encoding.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

constexpr std::array<std::string_view, 5> kCorsMethods = {"GET", "PUT", "HEAD", "POST", "DELETE"};

const json::array* StringList(const json::object& rule, std::string_view name) {
  const auto* v = rule.if_contains(name);
  if (!v || !v->is_array()) return nullptr;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return nullptr;
  }
  return &v->get_array();
}

std::string Join(const json::array& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ", ";
    out += item.get_string();
  }
  return out;
}

core::Status AtMostOneWildcard(const json::array* list, std::string_view what) {
  if (!list) return core::Ok();
  for (const auto& item : *list) {
    std::string_view s = item.get_string();
    if (std::count(s.begin(), s.end(), '*') > 1) {
      return InvalidRequest(std::string(what) + " \"" + std::string(s) +
                            "\" can not have more than one wildcard.");
    }
  }
  return core::Ok();
}

}  // namespace

core::Result<json::array> CorsRulesFromInput(const json::object& input) {
  const auto* config = input.if_contains("CORSConfiguration");
  const auto* rules = config && config->is_object() ? config->get_object().if_contains("CORSRules") : nullptr;
  if (!rules || !rules->is_array() || rules->get_array().empty()) return MalformedXML();
  for (const auto& rule_value : rules->get_array()) {
    if (!rule_value.is_object()) return MalformedXML();
    const json::object& rule = rule_value.get_object();
    const json::array* methods = StringList(rule, "AllowedMethods");
    const json::array* origins = StringList(rule, "AllowedOrigins");
    if (!methods || methods->empty() || !origins || origins->empty()) return MalformedXML();
    for (const auto& m : *methods) {
      if (std::find(kCorsMethods.begin(), kCorsMethods.end(), std::string_view(m.get_string())) ==
          kCorsMethods.end()) {
        return InvalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is " +
                              std::string(m.get_string()));
      }
    }
    TARN_TRY(AtMostOneWildcard(origins, "AllowedOrigin"));
    if (rule.contains("AllowedHeaders") && !StringList(rule, "AllowedHeaders")) return MalformedXML();
    if (rule.contains("ExposeHeaders") && !StringList(rule, "ExposeHeaders")) return MalformedXML();
    TARN_TRY(AtMostOneWildcard(StringList(rule, "AllowedHeaders"), "AllowedHeader"));
  }
  return rules->get_array();
}

bool CorsPatternMatches(std::string_view pattern, std::string_view text) {
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == text;
  std::string_view head = pattern.substr(0, star), tail = pattern.substr(star + 1);
  return text.size() >= head.size() + tail.size() && text.substr(0, head.size()) == head &&
         text.substr(text.size() - tail.size()) == tail;
}

std::vector<std::string> RequestedHeaders(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.push_back(core::ToLowerAscii(item));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> MatchCors(const json::array& rules,
                                                                          const CorsRequest& request) {
  for (const auto& rule_value : rules) {
    if (!rule_value.is_object()) continue;
    const json::object& rule = rule_value.get_object();
    const json::array* origins = StringList(rule, "AllowedOrigins");
    const json::array* methods = StringList(rule, "AllowedMethods");
    if (!origins || !methods) continue;
    auto origin = std::find_if(origins->begin(), origins->end(), [&](const json::value& o) {
      return CorsPatternMatches(o.get_string(), request.origin);
    });
    if (origin == origins->end()) continue;
    bool method_ok = std::any_of(methods->begin(), methods->end(),
                                 [&](const json::value& m) { return m.get_string() == request.method; });
    if (!method_ok) continue;
    if (request.preflight && !request.headers.empty()) {
      const json::array* allowed = StringList(rule, "AllowedHeaders");
      bool headers_ok =
          allowed && std::all_of(request.headers.begin(), request.headers.end(), [&](const auto& h) {
            return std::any_of(allowed->begin(), allowed->end(), [&](const json::value& a) {
              return CorsPatternMatches(core::ToLowerAscii(a.get_string()), h);
            });
          });
      if (!headers_ok) continue;
    }
    std::vector<std::pair<std::string, std::string>> out;
    const bool any_origin = origin->get_string() == "*";
    out.emplace_back("Access-Control-Allow-Origin",
                     any_origin ? std::string("*") : std::string(request.origin));
    out.emplace_back("Access-Control-Allow-Methods", Join(*methods));
    if (request.preflight && !request.headers.empty()) {
      std::string list;
      for (const auto& h : request.headers) list += (list.empty() ? "" : ", ") + h;
      out.emplace_back("Access-Control-Allow-Headers", std::move(list));
    }
    if (const json::array* expose = StringList(rule, "ExposeHeaders"); expose && !expose->empty())
      out.emplace_back("Access-Control-Expose-Headers", Join(*expose));
    if (const auto* age = rule.if_contains("MaxAgeSeconds"); age && (age->is_int64() || age->is_uint64()))
      out.emplace_back("Access-Control-Max-Age", json::serialize(*age));
    if (!any_origin) out.emplace_back("Access-Control-Allow-Credentials", "true");
    out.emplace_back("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    return out;
  }
  return std::nullopt;
}

}  // namespace tarn::s3
