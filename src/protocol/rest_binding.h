#pragma once
// REST machinery shared by the REST-JSON and REST-XML codecs (internal to src/protocol): route
// matching (method + http.requestUri template, most specific match wins), moving members between
// the in-memory document and URI labels / query string / headers / header-prefix maps, and
// writing output header and statusCode members. Driven only by the model; pure functions, safe
// from any thread.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "net/http.h"
#include "protocol/model.h"

namespace tarn::protocol {

// A decoded query string: (key, value) pairs in order; "?uploads" gives ("uploads", "") with
// has_value false.
struct QueryParam {
  std::string key;
  std::string value;
  bool has_value = false;
};
using QueryParams = std::vector<QueryParam>;

// Splits and percent-decodes a raw query string ('+' is a space, as botocore/browsers send it).
// Errors: MalformedQueryString (errors.h) for a bad percent escape.
core::Result<QueryParams> ParseQueryString(std::string_view raw);
const QueryParam* FindQueryParam(const QueryParams& params, std::string_view key);

// URI label name → percent-decoded value.
using UriLabels = std::vector<std::pair<std::string, std::string>>;

// Matches the raw (percent-encoded) request path against a template's path segments. Labels must
// be non-empty; a greedy label ({Key+}) takes the rest of the path, slashes included. A single
// trailing slash is ignored unless the template ends in a greedy label. nullopt: no match (also
// for a label with a bad percent escape).
std::optional<UriLabels> MatchUriPath(const UriTemplate& uri, std::string_view raw_path);

struct RouteMatch {
  const OperationModel* operation = nullptr;
  UriLabels labels;
};
struct RouteMiss {
  bool path_matched = false;  // some operation's template matches the path, for another method
};

// The operation for method + path + query: among operations whose method, path template and
// literal query keys (and values, "?list-type=2") match, the most specific one: more literal path
// segments, then more literal query keys, then more required query/header members present, then
// a non-greedy template. Ties keep model (name) order. Linear in the service's operation count.
std::variant<RouteMatch, RouteMiss> MatchRoute(const ServiceModel& service, std::string_view method,
                                               std::string_view raw_path, const QueryParams& query,
                                               const net::HttpHeaders& headers);

// Fills input's URI, query-string and header members (including "headers" prefix maps and
// querystring maps) into doc, converting text to the member types (timestamps: headers RFC 1123
// by default, query strings ISO 8601, or the member's timestampFormat). Errors: the service's
// InvalidValue (errors.h) for text that does not convert.
core::Status BindRequestMembers(const ServiceModel& service, const Shape& input, const UriLabels& labels,
                                const QueryParams& query, const net::HttpHeaders& headers,
                                boost::json::object& doc);

// Writes output's header members (and "headers" prefix maps) from doc into response.headers and
// its statusCode member into response.status (when present).
void WriteResponseBindings(const Shape& output, const boost::json::object& doc, net::HttpResponse& response);

// A copy of doc without the members bound to headers, status code, URI or query string: what
// goes into the body.
boost::json::object BodyMembers(const Shape& shape, const boost::json::object& doc);

// S3 virtual-hosted-style addressing: the bucket named by a Host of the form
// "<bucket>.localhost[:port]", "<bucket>.s3.<anything>" or "<bucket>.s3-<region>.<anything>";
// nullopt for path-style hosts ("localhost:4566", "s3.amazonaws.com", an IP address).
std::optional<std::string> VirtualHostedBucket(std::string_view host);

// Scalar text ↔ document value for REST bindings (also used for XML text). location selects the
// default timestamp format (kHeader: RFC 1123; others ISO 8601). nullopt: text does not convert.
std::optional<boost::json::value> ScalarFromText(const MemberRef& ref, std::string_view text,
                                                 Location location);
std::string ScalarToText(const MemberRef& ref, const boost::json::value& value, Location location);

}  // namespace tarn::protocol
