// REST bindings shared by REST-JSON and REST-XML (rest_binding.h): route matching, URI labels,
// query-string/header members and response header/status members, all driven by the model.

#include "protocol/rest_binding.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <tuple>

#include "core/encoding.h"
#include "core/time_format.h"
#include "protocol/errors.h"
#include "protocol/text.h"

namespace tarn::protocol {

namespace json = boost::json;

core::Result<QueryParams> ParseQueryString(std::string_view raw) {
  QueryParams params;
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view pair = raw.substr(0, amp);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      auto key = core::PercentDecode(pair.substr(0, eq), true);
      std::optional<std::string> value;
      if (eq != std::string_view::npos) value = core::PercentDecode(pair.substr(eq + 1), true);
      if (!key || (eq != std::string_view::npos && !value)) {
        return MalformedQueryString("Invalid percent-encoding in query parameter '" + std::string(pair) +
                                    "'");
      }
      params.push_back({std::move(*key), value ? std::move(*value) : std::string(), value.has_value()});
    }
    if (amp == std::string_view::npos) break;
    raw.remove_prefix(amp + 1);
  }
  return params;
}

const QueryParam* FindQueryParam(const QueryParams& params, std::string_view key) {
  for (const QueryParam& p : params) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

std::optional<UriLabels> MatchUriPath(const UriTemplate& uri, std::string_view raw_path) {
  if (!raw_path.empty() && raw_path.front() == '/') raw_path.remove_prefix(1);
  bool greedy_last = !uri.segments.empty() && uri.segments.back().greedy;
  if (!greedy_last && !raw_path.empty() && raw_path.back() == '/') raw_path.remove_suffix(1);
  UriLabels labels;
  for (size_t i = 0; i < uri.segments.size(); ++i) {
    const UriTemplate::Segment& seg = uri.segments[i];
    if (i > 0) {  // consume the separating '/'
      if (raw_path.empty() || raw_path.front() != '/') return std::nullopt;
      raw_path.remove_prefix(1);
    }
    if (seg.greedy) {
      if (raw_path.empty()) return std::nullopt;
      auto value = core::PercentDecode(raw_path);
      if (!value) return std::nullopt;
      labels.emplace_back(seg.text, std::move(*value));
      raw_path = {};
      continue;
    }
    size_t slash = raw_path.find('/');
    std::string_view part = raw_path.substr(0, slash);
    raw_path.remove_prefix(part.size());
    auto value = core::PercentDecode(part);
    if (!value || value->empty()) return std::nullopt;
    if (seg.label) {
      labels.emplace_back(seg.text, std::move(*value));
    } else if (*value != seg.text) {
      return std::nullopt;
    }
  }
  if (!raw_path.empty()) return std::nullopt;
  return labels;
}

namespace {

bool QueryLiteralsMatch(const UriTemplate& uri, const QueryParams& query) {
  for (const UriTemplate::QueryLiteral& lit : uri.query) {
    const QueryParam* p = FindQueryParam(query, lit.key);
    if (!p) return false;
    if (lit.value && p->value != *lit.value) return false;
  }
  return true;
}

// Higher is more specific (see MatchRoute).
std::tuple<int, int, int, int, int> Specificity(const OperationModel& op, const QueryParams& query,
                                                const net::HttpHeaders& headers) {
  int present = 0;
  int missing = 0;
  for (const MemberRef* m : op.required_query_members()) {
    (FindQueryParam(query, m->wire_name()) ? present : missing)++;
  }
  for (const MemberRef* m : op.required_header_members()) {
    (headers.Has(m->wire_name()) ? present : missing)++;
  }
  const UriTemplate& t = op.uri_template();
  bool greedy = !t.segments.empty() && t.segments.back().greedy;
  return {t.literal_segments, static_cast<int>(t.query.size()), missing == 0 ? 1 : 0, present,
          greedy ? 0 : 1};
}

}  // namespace

std::variant<RouteMatch, RouteMiss> MatchRoute(const ServiceModel& service, std::string_view method,
                                               std::string_view raw_path, const QueryParams& query,
                                               const net::HttpHeaders& headers) {
  RouteMatch best;
  std::tuple<int, int, int, int, int> best_score{};
  // Operations of the request's method first: matching a path costs allocations, and most of a
  // service's operations use another method.
  for (const OperationModel* op : service.operations()) {
    if (op->http_method() != method) continue;
    const UriTemplate& t = op->uri_template();
    if (!QueryLiteralsMatch(t, query)) continue;
    auto labels = MatchUriPath(t, raw_path);
    if (!labels) continue;
    auto score = Specificity(*op, query, headers);
    if (!best.operation || score > best_score) {
      best.operation = op;
      best.labels = std::move(*labels);
      best_score = score;
    }
  }
  if (best.operation) return best;
  // No match: does the path name an operation of another method (MethodNotAllowed)?
  RouteMiss miss;
  for (const OperationModel* op : service.operations()) {
    const UriTemplate& t = op->uri_template();
    if (op->http_method() == method || !QueryLiteralsMatch(t, query)) continue;
    if (MatchUriPath(t, raw_path)) {
      miss.path_matched = true;
      break;
    }
  }
  return miss;
}

namespace {

TimestampFormat EffectiveFormat(const MemberRef& ref, Location location) {
  if (ref.timestamp_format != TimestampFormat::kDefault) return ref.timestamp_format;
  if (ref.shape->timestamp_format != TimestampFormat::kDefault) return ref.shape->timestamp_format;
  return location == Location::kHeader ? TimestampFormat::kRfc822 : TimestampFormat::kIso8601;
}

std::optional<json::value> TimestampFromText(const MemberRef& ref, std::string_view text, Location location) {
  std::optional<core::TimePoint> t;
  switch (EffectiveFormat(ref, location)) {
    case TimestampFormat::kRfc822:
      t = core::ParseHttpDate(text);
      break;
    case TimestampFormat::kUnixTimestamp:
      if (auto d = ParseDouble(text)) return json::value(*d);
      break;
    default:
      t = core::ParseIso8601(text);
      break;
  }
  // Clients disagree on formats in practice; accept any unambiguous form before failing.
  if (!t) t = core::ParseIso8601(text);
  if (!t) t = core::ParseHttpDate(text);
  if (!t) {
    if (auto d = ParseDouble(text)) return json::value(*d);
    return std::nullopt;
  }
  return json::value(core::ToEpochSeconds(*t));
}

std::string_view TypeName(ShapeType type) {
  switch (type) {
    case ShapeType::kInteger:
      return "Integer";
    case ShapeType::kLong:
      return "Long";
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      return "Double";
    case ShapeType::kBoolean:
      return "Boolean";
    case ShapeType::kTimestamp:
      return "Timestamp";
    default:
      return "String";
  }
}

}  // namespace

std::optional<json::value> ScalarFromText(const MemberRef& ref, std::string_view text, Location location) {
  switch (ref.shape->type) {
    case ShapeType::kString:
      if (ref.jsonvalue && location == Location::kHeader) {
        auto decoded = core::Base64Decode(text);
        if (!decoded) return std::nullopt;
        boost::system::error_code ec;
        json::value v = json::parse(*decoded, ec);
        if (ec) return std::nullopt;
        return v;
      }
      return json::value(json::string(text));
    case ShapeType::kInteger:
    case ShapeType::kLong: {
      auto v = ParseInt64(text);
      if (!v) return std::nullopt;
      if (ref.shape->type == ShapeType::kInteger && (*v < INT32_MIN || *v > INT32_MAX)) return std::nullopt;
      return json::value(*v);
    }
    case ShapeType::kFloat:
    case ShapeType::kDouble: {
      auto v = ParseDouble(text);
      if (!v) return std::nullopt;
      return json::value(*v);
    }
    case ShapeType::kBoolean:
      // Any case, as Java's Boolean.parseBoolean reads it: older botocore sends "True".
      if (std::string lower = core::ToLowerAscii(text); lower == "true" || lower == "false")
        return json::value(lower == "true");
      return std::nullopt;
    case ShapeType::kTimestamp:
      return TimestampFromText(ref, text, location);
    case ShapeType::kBlob:  // base64 on the wire and in the document
      if (!core::Base64Decode(text)) return std::nullopt;
      return json::value(json::string(text));
    default:
      return std::nullopt;
  }
}

std::string ScalarToText(const MemberRef& ref, const json::value& value, Location location) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  if (ref.shape->type == ShapeType::kTimestamp && value.is_number()) {
    double seconds = value.to_number<double>();
    switch (EffectiveFormat(ref, location)) {
      case TimestampFormat::kRfc822:
        return core::FormatHttpDate(core::FromEpochSeconds(seconds));
      case TimestampFormat::kUnixTimestamp:
        return FormatDouble(seconds);
      default:
        return core::FormatIso8601(core::FromEpochSeconds(seconds));
    }
  }
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_double()) return FormatDouble(value.get_double());
  if (ref.jsonvalue) return core::Base64Encode(json::serialize(value));
  if (value.is_array() && ref.shape->type == ShapeType::kList) {
    std::string out;
    for (const json::value& item : value.get_array()) {
      if (!out.empty()) out += ",";
      out += ScalarToText(ref.shape->member, item, location);
    }
    return out;
  }
  return json::serialize(value);
}

namespace {

core::Status Convert(const ServiceModel& service, const MemberRef& ref, std::string_view text,
                     Location location, json::value& out) {
  auto v = ScalarFromText(ref, text, location);
  if (!v) return InvalidValue(service, ref.validation_name, text, TypeName(ref.shape->type));
  out = std::move(*v);
  return core::Ok();
}

std::vector<std::string_view> SplitHeaderList(std::string_view text) {
  std::vector<std::string_view> items;
  while (true) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

core::Status BindHeader(const ServiceModel& service, const MemberRef& ref, const net::HttpHeaders& headers,
                        json::object& doc) {
  auto text = headers.Get(ref.wire_name());
  if (!text) return core::Ok();
  json::value v;
  if (ref.shape->type == ShapeType::kList) {
    json::array items;
    for (std::string_view item : SplitHeaderList(*text)) {
      TARN_TRY(Convert(service, ref.shape->member, item, Location::kHeader, items.emplace_back(nullptr)));
    }
    v = std::move(items);
  } else {
    TARN_TRY(Convert(service, ref, *text, Location::kHeader, v));
  }
  doc[ref.name] = std::move(v);
  return core::Ok();
}

void BindHeaderMap(const MemberRef& ref, const net::HttpHeaders& headers, json::object& doc) {
  std::string_view prefix = ref.wire_name();
  json::object map;
  for (const auto& [name, value] : headers.entries()) {
    if (name.size() > prefix.size() && StartsWithIgnoreCase(name, prefix)) {
      map[core::ToLowerAscii(std::string_view(name).substr(prefix.size()))] = value;
    }
  }
  if (!map.empty()) doc[ref.name] = std::move(map);
}

bool BoundElsewhere(const Shape& input, std::string_view key) {
  for (const MemberRef& m : input.members) {
    if (m.location == Location::kQueryString && m.shape->type != ShapeType::kMap && m.wire_name() == key)
      return true;
  }
  return false;
}

core::Status BindQuery(const ServiceModel& service, const Shape& input, const MemberRef& ref,
                       const QueryParams& query, json::object& doc) {
  if (ref.shape->type == ShapeType::kMap) {  // every parameter no other member claims
    json::object map;
    bool multi = ref.shape->value.shape->type == ShapeType::kList;
    for (const QueryParam& p : query) {
      if (BoundElsewhere(input, p.key)) continue;
      if (multi) {
        json::value& slot = map[p.key];
        if (!slot.is_array()) slot = json::array();
        slot.get_array().emplace_back(json::string(p.value));
      } else if (!map.contains(p.key)) {
        map[p.key] = p.value;
      }
    }
    if (!map.empty()) doc[ref.name] = std::move(map);
    return core::Ok();
  }
  if (ref.shape->type == ShapeType::kList) {
    json::array items;
    for (const QueryParam& p : query) {
      if (p.key != ref.wire_name()) continue;
      TARN_TRY(
          Convert(service, ref.shape->member, p.value, Location::kQueryString, items.emplace_back(nullptr)));
    }
    if (!items.empty()) doc[ref.name] = std::move(items);
    return core::Ok();
  }
  const QueryParam* p = FindQueryParam(query, ref.wire_name());
  if (!p) return core::Ok();
  // S3 reads an empty number (`max-parts=`, `part-number-marker=`) as no number (LocalStack's
  // test_list_parts_empty_part_number_marker, recorded against AWS).
  if (p->value.empty() && service.name() == "s3" &&
      (ref.shape->type == ShapeType::kInteger || ref.shape->type == ShapeType::kLong))
    return core::Ok();
  json::value v;
  TARN_TRY(Convert(service, ref, p->value, Location::kQueryString, v));
  doc[ref.name] = std::move(v);
  return core::Ok();
}

}  // namespace

core::Status BindRequestMembers(const ServiceModel& service, const Shape& input, const UriLabels& labels,
                                const QueryParams& query, const net::HttpHeaders& headers,
                                json::object& doc) {
  for (const MemberRef& ref : input.members) {
    switch (ref.location) {
      case Location::kUri:
        for (const auto& [label, value] : labels) {
          if (label != ref.wire_name()) continue;
          json::value v;
          TARN_TRY(Convert(service, ref, value, Location::kUri, v));
          doc[ref.name] = std::move(v);
        }
        break;
      case Location::kQueryString:
        TARN_TRY(BindQuery(service, input, ref, query, doc));
        break;
      case Location::kHeader:
        TARN_TRY(BindHeader(service, ref, headers, doc));
        break;
      case Location::kHeaders:
        BindHeaderMap(ref, headers, doc);
        break;
      default:
        break;
    }
  }
  return core::Ok();
}

void WriteResponseBindings(const Shape& output, const json::object& doc, net::HttpResponse& response) {
  for (const MemberRef& ref : output.members) {
    const json::value* v = doc.if_contains(ref.name);
    if (!v || v->is_null()) continue;
    if (ref.location == Location::kHeader) {
      response.headers.Set(std::string(ref.wire_name()), ScalarToText(ref, *v, Location::kHeader));
    } else if (ref.location == Location::kHeaders && v->is_object()) {
      for (const auto& [key, value] : v->get_object()) {
        std::string text = value.is_string() ? std::string(value.get_string()) : json::serialize(value);
        response.headers.Set(std::string(ref.wire_name()) + std::string(key), std::move(text));
      }
    } else if (ref.location == Location::kStatusCode && v->is_int64() && v->get_int64() >= 100 &&
               v->get_int64() <= 599) {
      response.status = static_cast<int>(v->get_int64());
    }
  }
}

std::optional<std::string> VirtualHostedBucket(std::string_view host) {
  if (!host.empty() && host.front() == '[') return std::nullopt;  // IPv6 literal
  host = host.substr(0, host.find(':'));
  std::string lower = core::ToLowerAscii(host);
  std::string_view h = lower;
  std::optional<std::string> bucket;
  constexpr std::string_view kLocal = ".localhost";
  if (h.size() > kLocal.size() && h.substr(h.size() - kLocal.size()) == kLocal) {
    bucket = std::string(h.substr(0, h.size() - kLocal.size()));
  } else {
    for (std::string_view marker : {".s3.", ".s3-"}) {
      size_t at = h.find(marker);
      if (at != std::string_view::npos && at > 0) {
        bucket = std::string(h.substr(0, at));
        break;
      }
    }
  }
  return bucket;
}

json::object BodyMembers(const Shape& shape, const json::object& doc) {
  json::object body;
  for (const MemberRef& ref : shape.members) {
    if (ref.location != Location::kBody) continue;
    if (const json::value* v = doc.if_contains(ref.name)) body[ref.name] = *v;
  }
  return body;
}

}  // namespace tarn::protocol
