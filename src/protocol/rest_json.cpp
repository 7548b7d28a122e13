// REST-JSON codec (Lambda): routes on method + requestUri, members from URI labels, query string
// and headers (rest_binding.h), the rest from a JSON body or a payload member. Errors carry the
// code in X-Amzn-ErrorType and {"Type": "User"|"Service", "message": ...} in the body, which is
// what Lambda sends and botocore's RestJSONParser reads (header first, then "message"/"Message").

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/encoding.h"
#include "core/json_depth.h"
#include "core/time_format.h"
#include "protocol/codecs.h"
#include "protocol/errors.h"
#include "protocol/rest_binding.h"
#include "protocol/text.h"
#include "protocol/validate.h"

namespace tarn::protocol {

namespace json = boost::json;

namespace {

constexpr std::string_view kContentType = "application/json";
// The service's error for a body that is not JSON or has the wrong types: Lambda models
// InvalidRequestContentException ("Could not parse request body into json: ..."); services that
// do not model it answer SerializationException like the JSON RPC services.
core::AwsError BadContent(const ServiceModel& service, std::string detail) {
  if (service.FindErrorByCode("InvalidRequestContentException")) {
    return core::AwsError("InvalidRequestContentException",
                          "Could not parse request body into json: " + detail, 400);
  }
  return SerializationError(std::move(detail));
}

std::string_view JsonKind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return "STRING_VALUE";
    case json::kind::bool_:
      return "BOOLEAN_VALUE";
    case json::kind::array:
      return "START_ARRAY";
    case json::kind::object:
      return "START_OBJECT";
    default:
      return "NUMBER_VALUE";
  }
}

// Checks a body value against its shape and converts it to the document conventions (timestamps
// to epoch seconds). Nulls and unknown members are dropped, as Coral does.
core::Result<json::value> FromBody(const ServiceModel& service, const MemberRef& ref, const json::value& v) {
  const Shape& shape = *ref.shape;
  auto wrong = [&](std::string_view want) {
    return BadContent(service, std::string(JsonKind(v)) + " can not be converted to " + std::string(want) +
                                   " for member '" + ref.name + "'");
  };
  if (shape.document) return v;
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!v.is_object()) return wrong("a structure");
      json::object out;
      for (const auto& [key, item] : v.get_object()) {
        const MemberRef* m = shape.FindMember(key);
        if (!m || item.is_null()) continue;
        TARN_ASSIGN_OR_RETURN(out[key], FromBody(service, *m, item));
      }
      return out;
    }
    case ShapeType::kList: {
      if (!v.is_array()) return wrong("a list");
      json::array out;
      for (const json::value& item : v.get_array()) {
        if (item.is_null()) continue;
        TARN_ASSIGN_OR_RETURN(out.emplace_back(nullptr), FromBody(service, shape.member, item));
      }
      return out;
    }
    case ShapeType::kMap: {
      if (!v.is_object()) return wrong("a map");
      json::object out;
      for (const auto& [key, item] : v.get_object()) {
        if (item.is_null()) continue;
        TARN_ASSIGN_OR_RETURN(out[key], FromBody(service, shape.value, item));
      }
      return out;
    }
    case ShapeType::kString:
    case ShapeType::kBlob:
      if (!v.is_string()) return wrong("a String");
      return v;
    case ShapeType::kBoolean:
      if (!v.is_bool()) return wrong("a Boolean");
      return v;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (!v.is_int64() ||
          (shape.type == ShapeType::kInteger && (v.get_int64() < INT32_MIN || v.get_int64() > INT32_MAX))) {
        return wrong(shape.type == ShapeType::kLong ? "a Long" : "an Integer");
      }
      return v;
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (!v.is_number()) return wrong("a Double");
      return json::value(v.to_number<double>());
    case ShapeType::kTimestamp:
      if (v.is_number()) return json::value(v.to_number<double>());
      if (v.is_string()) {
        if (auto t = core::ParseIso8601(v.get_string())) return json::value(core::ToEpochSeconds(*t));
      }
      return wrong("a Timestamp");
  }
  return v;
}

// Output timestamps leave as epoch seconds (REST-JSON's default) unless the model says otherwise.
json::value ToBody(const MemberRef& ref, const json::value& v) {
  const Shape& shape = *ref.shape;
  if (shape.document) return v;
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!v.is_object()) return v;
      json::object out;
      for (const auto& [key, item] : v.get_object()) {
        const MemberRef* m = shape.FindMember(key);
        out[key] = m ? ToBody(*m, item) : item;
      }
      return out;
    }
    case ShapeType::kList: {
      if (!v.is_array()) return v;
      json::array out;
      for (const json::value& item : v.get_array()) out.push_back(ToBody(shape.member, item));
      return out;
    }
    case ShapeType::kMap: {
      if (!v.is_object()) return v;
      json::object out;
      for (const auto& [key, item] : v.get_object()) out[key] = ToBody(shape.value, item);
      return out;
    }
    case ShapeType::kTimestamp: {
      TimestampFormat f =
          ref.timestamp_format != TimestampFormat::kDefault ? ref.timestamp_format : shape.timestamp_format;
      if (v.is_number() && f != TimestampFormat::kDefault && f != TimestampFormat::kUnixTimestamp) {
        return json::value(ScalarToText(ref, v, Location::kBody));
      }
      return v;
    }
    default:
      return v;
  }
}

core::Result<json::value> ParseJson(const ServiceModel& service, std::string_view body) {
  // Deeper bodies than core::kMaxRequestJsonDepth are refused as unparseable.
  json::parse_options options = core::RequestJson();
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, {}, options);
  if (ec) return BadContent(service, ec.message());
  return v;
}

// The input's body members (no payload member): the JSON object's members by model name.
core::Status DecodeBody(const ServiceModel& service, const Shape& input, std::string_view body,
                        json::object& doc) {
  if (input.payload) {
    const MemberRef& p = *input.payload;
    if (body.empty()) return core::Ok();
    if (p.shape->type == ShapeType::kBlob) {
      if (!p.shape->streaming && !p.streaming) doc[p.name] = core::Base64Encode(body);
    } else if (p.shape->type == ShapeType::kString) {
      doc[p.name] = body;
    } else {
      TARN_ASSIGN_OR_RETURN(json::value v, ParseJson(service, body));
      if (!v.is_null()) {
        TARN_ASSIGN_OR_RETURN(doc[p.name], FromBody(service, p, v));
      }
    }
    return core::Ok();
  }
  std::string_view trimmed = body;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n' || trimmed.front() == '\r' ||
                              trimmed.front() == '\t')) {
    trimmed.remove_prefix(1);
  }
  if (trimmed.empty()) return core::Ok();
  TARN_ASSIGN_OR_RETURN(json::value v, ParseJson(service, body));
  if (!v.is_object()) return BadContent(service, "Start of structure or map expected");
  for (const auto& [key, item] : v.get_object()) {
    const MemberRef* m = input.FindMember(key);
    if (!m || m->location != Location::kBody || item.is_null()) continue;
    TARN_ASSIGN_OR_RETURN(doc[key], FromBody(service, *m, item));
  }
  return core::Ok();
}

core::AwsError NoRoute(std::string_view method, std::string_view path) {
  return core::AwsError("UnknownOperationException",
                        "Unknown operation: " + std::string(method) + " " + std::string(path), 404);
}

void WriteBody(const Shape& output, json::object& doc, net::HttpResponse& response) {
  if (output.payload) {
    const MemberRef& p = *output.payload;
    const json::value* v = doc.if_contains(p.name);
    if (!v || v->is_null()) return;
    if (p.shape->type == ShapeType::kBlob && v->is_string()) {
      response.body = core::Base64Decode(v->get_string()).value_or(std::string());
    } else if (p.shape->type == ShapeType::kString && v->is_string()) {
      response.body = std::string(v->get_string());
    } else {
      response.body = json::serialize(ToBody(p, *v));
    }
    return;
  }
  json::object body;
  for (const MemberRef& ref : output.members) {
    if (ref.location != Location::kBody) continue;
    if (const json::value* v = doc.if_contains(ref.name); v && !v->is_null())
      body[ref.name] = ToBody(ref, *v);
  }
  response.body = json::serialize(body);
}

// Lambda's exception shapes (and its wire errors) spell the member "Message"; a service whose
// modeled error has a lowercase "message" member gets that spelling. botocore reads either.
std::string_view MessageKey(const ServiceModel& service, std::string_view code) {
  const Shape* shape = service.FindErrorByCode(code);
  if (shape != nullptr && shape->FindMember("message") != nullptr) return "message";
  return "Message";
}

class RestJson final : public Codec {
 public:
  Protocol protocol() const override { return Protocol::kRestJson; }

  core::Result<const OperationModel*> Identify(const ServiceModel& service, const net::HttpRequest& request,
                                               std::string_view) const override {
    TARN_ASSIGN_OR_RETURN(QueryParams query, ParseQueryString(request.query()));
    auto route = MatchRoute(service, request.method, request.path(), query, request.headers);
    if (auto* match = std::get_if<RouteMatch>(&route)) return match->operation;
    return NoRoute(request.method, request.path());
  }

  core::Result<json::object> DecodeInput(const ServiceModel& service, const OperationModel& operation,
                                         const net::HttpRequest& request,
                                         std::string_view body) const override {
    json::object doc;
    const Shape* input = operation.input();
    if (!input) return doc;
    TARN_ASSIGN_OR_RETURN(QueryParams query, ParseQueryString(request.query()));
    auto labels = MatchUriPath(operation.uri_template(), request.path());
    if (!labels) return NoRoute(request.method, request.path());
    TARN_TRY(DecodeBody(service, *input, body, doc));
    TARN_TRY(BindRequestMembers(service, *input, *labels, query, request.headers, doc));
    TARN_TRY(Validate(service, operation, doc));
    return doc;
  }

  net::HttpResponse EncodeOutput(const ServiceModel&, const OperationModel& operation, net::Output&& output,
                                 std::string_view request_id) const override {
    net::HttpResponse response;
    response.status = operation.response_code();
    response.headers.Set("x-amzn-RequestId", std::string(request_id));
    response.headers.Set("Content-Type", std::string(kContentType));
    if (const Shape* shape = operation.output()) {
      WriteResponseBindings(*shape, output.json, response);
      if (output.body) {
        response.stream = std::move(output.body);
      } else {
        WriteBody(*shape, output.json, response);
      }
    } else if (output.body) {
      response.stream = std::move(output.body);
    }
    return response;
  }

  net::HttpResponse EncodeError(const ServiceModel& service, const core::AwsError& error,
                                std::string_view request_id) const override {
    net::HttpResponse response;
    response.status = error.http_status;
    response.headers.Set("x-amzn-RequestId", std::string(request_id));
    response.headers.Set("X-Amzn-ErrorType", error.code);
    response.headers.Set("Content-Type", std::string(kContentType));
    json::object body;
    body["Type"] = error.sender_fault ? "User" : "Service";
    body[MessageKey(service, error.code)] = error.message;
    for (const auto& [key, value] : error.extra) body[key] = value;
    response.body = json::serialize(body);
    return response;
  }
};

}  // namespace

const Codec& RestJsonCodec() {
  static const RestJson codec;
  return codec;
}

}  // namespace tarn::protocol
