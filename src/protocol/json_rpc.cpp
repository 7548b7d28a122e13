// awsJson 1.0/1.1 codec (DynamoDB, Streams, Logs, Events, Glue, Athena, CloudWatch's JSON side).
// Request: POST, X-Amz-Target "<targetPrefix>.<Operation>", JSON body (empty body = {}).
// Response: the output document as JSON, Content-Type application/x-amz-json-<version>,
// x-amzn-RequestId; DynamoDB adds x-amz-crc32 (CRC32 of the body bytes, decimal), which botocore
// verifies (botocore/retryhandler.py CRC32Checker).
// Errors: {"__type": ..., "message": ...} plus AwsError::extra. DynamoDB and DynamoDB Streams
// namespace __type the way Coral does: modeled errors "com.amazonaws.dynamodb.v20120810#Code",
// ValidationException "com.amazon.coral.validate#ValidationException", framework errors
// "com.amazon.coral.service#Code"; botocore keeps the part after '#'
// (botocore/parsers.py BaseJSONParser._do_error_parse). awsQueryCompatible services (CloudWatch)
// also send x-amzn-query-error "<Code>;<Sender|Receiver>" and the modeled shape name as __type.

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json_depth.h"
#include "core/time_format.h"
#include "protocol/codecs.h"
#include "protocol/errors.h"
#include "protocol/text.h"
#include "protocol/validate.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;

// Coral's name for the JSON token a value starts with.
std::string_view TokenName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return "STRING_VALUE";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "NUMBER_VALUE";
    case json::kind::bool_:
      return v.get_bool() ? "TRUE_VALUE" : "FALSE_VALUE";
    default:
      return "NULL_VALUE";
  }
}

std::string_view TargetTypeName(const Shape& shape) {
  switch (shape.type) {
    case ShapeType::kString:
      return "a String";
    case ShapeType::kInteger:
      return "an Integer";
    case ShapeType::kLong:
      return "a Long";
    case ShapeType::kFloat:
      return "a Float";
    case ShapeType::kDouble:
      return "a Double";
    case ShapeType::kBoolean:
      return "a Boolean";
    case ShapeType::kTimestamp:
      return "a Timestamp";
    case ShapeType::kBlob:
      return "a ByteBuffer";
    case ShapeType::kList:
      return "a List";
    case ShapeType::kMap:
      return "a Map";
    case ShapeType::kStructure:
      return "a Structure";
  }
  return "a Value";
}

// Where a value sits: DynamoDB's deserializer words a refusal by it.
enum class Slot { kField, kMapValue, kListMember };

// DynamoDB's deserializer (Coral on a current JVM) has its own words for a JSON value of the wrong kind,
// naming Java classes; they are pinned by dynalite's helpers.js (its assertType table, recorded against
// AWS). `model_package` is "com.amazonaws.dynamodb.v20120810".
struct CoralDialect {
  std::string model_package;

  std::string JavaClass(const Shape& shape) const {
    switch (shape.type) {
      case ShapeType::kStructure:
        return model_package + "." + shape.name;
      case ShapeType::kString:
        return "java.lang.String";
      case ShapeType::kBoolean:
        return "java.lang.Boolean";
      case ShapeType::kInteger:
        return "java.lang.Integer";
      case ShapeType::kLong:
        return "java.lang.Long";
      case ShapeType::kFloat:
        return "java.lang.Float";
      case ShapeType::kDouble:
        return "java.lang.Double";
      case ShapeType::kBlob:
        return "java.nio.ByteBuffer";
      case ShapeType::kTimestamp:
        return "java.util.Date";
      case ShapeType::kList:
        return "java.util.List<" + JavaClass(*shape.member.shape) + ">";
      case ShapeType::kMap:
        return "java.util.Map<java.lang.String, " + JavaClass(*shape.value.shape) + ">";
    }
    return "java.lang.Object";
  }

  static std::string_view Token(const json::value& v) {
    if (v.is_double()) return "DECIMAL_VALUE";
    return TokenName(v);
  }

  static std::string_view SimpleName(const Shape& shape) {
    switch (shape.type) {
      case ShapeType::kString:
        return "String";
      case ShapeType::kInteger:
        return "Integer";
      case ShapeType::kLong:
        return "Long";
      case ShapeType::kFloat:
        return "Float";
      case ShapeType::kDouble:
        return "Double";
      case ShapeType::kTimestamp:
        return "Date";
      default:
        return "Boolean";
    }
  }

  core::AwsError WrongType(const Shape& shape, const json::value& v, Slot slot) const {
    if (v.is_object()) return SerializationError("Start of structure or map found where not expected");
    if (v.is_array()) {
      if (shape.type == ShapeType::kMap)
        return SerializationError("Unrecognized collection type " + JavaClass(shape));
      return SerializationError("Unrecognized collection type class " + JavaClass(shape));
    }
    switch (shape.type) {
      case ShapeType::kStructure:
        return SerializationError(slot == Slot::kField ? "Unexpected field type"
                                                       : "Unexpected value type in payload");
      case ShapeType::kList:
      case ShapeType::kMap:
        // A collection nested in a collection is a parameterized type to the deserializer.
        if (slot == Slot::kField) return SerializationError("Unexpected field type");
        return SerializationError(
            "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
            "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
            "java.lang.Class "
            "are in module java.base of loader 'bootstrap')");
      case ShapeType::kBlob:
        return SerializationError("only base-64-encoded strings are convertible to bytes");
      case ShapeType::kBoolean:
        if (v.is_string()) return SerializationError("Unexpected token received from parser");
        break;
      default:
        break;
    }
    return SerializationError(std::string(Token(v)) + " cannot be converted to " +
                              std::string(SimpleName(shape)));
  }

  static std::optional<bool> StringBoolean(std::string_view s) {
    auto is = [&](std::string_view word) {
      return s.size() == word.size() && std::equal(s.begin(), s.end(), word.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
             });
    };
    if (is("true") || is("1") || is("yes")) return true;
    if (is("false") || is("0") || is("no")) return false;
    return std::nullopt;
  }

  // A string that is no base64 for a blob.
  static std::optional<core::AwsError> BadBase64(std::string_view s) {
    if (s.size() % 4 != 0) {
      return SerializationError("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                                std::to_string(s.size()));
    }
    if (!core::Base64Decode(s) || !core::Base64UnusedBitsZero(s)) {
      return SerializationError("Invalid last non-pad Base64 character dectected");  // [sic]
    }
    return std::nullopt;
  }
};

core::AwsError WrongType(const Shape& shape, const json::value& v) {
  if (v.is_object()) return SerializationError("Start of structure or map found where not expected.");
  if (v.is_array()) return SerializationError("Start of list found where not expected");
  return SerializationError(std::string(TokenName(v)) + " can not be converted to " +
                            std::string(TargetTypeName(shape)));
}

core::Result<json::value> ConvertInteger(const Shape& shape, const json::value& v) {
  int64_t lo = shape.type == ShapeType::kInteger ? std::numeric_limits<int32_t>::min()
                                                 : std::numeric_limits<int64_t>::min();
  int64_t hi = shape.type == ShapeType::kInteger ? std::numeric_limits<int32_t>::max()
                                                 : std::numeric_limits<int64_t>::max();
  if (v.is_int64() && v.get_int64() >= lo && v.get_int64() <= hi) return json::value(v.get_int64());
  if (v.is_double()) {
    double d = v.get_double();
    // 2^63 itself rounds onto INT64_MAX's double: the upper bound is exclusive for longs.
    bool below_hi =
        shape.type == ShapeType::kInteger ? d <= static_cast<double>(hi) : d < 9223372036854775808.0;
    if (std::floor(d) == d && d >= static_cast<double>(lo) && below_hi) {
      return json::value(static_cast<int64_t>(d));
    }
  }
  if (v.is_number()) {
    return SerializationError("NUMBER_VALUE can not be converted to " + std::string(TargetTypeName(shape)));
  }
  return WrongType(shape, v);
}

core::Result<json::value> ConvertTimestamp(const Shape& shape, const json::value& v) {
  if (v.is_number()) return json::value(v.to_number<double>());
  if (v.is_string()) {
    // SDKs send epoch seconds; some hand-written clients send the number as a string or ISO 8601.
    std::string_view s = v.get_string();
    if (auto d = ParseDouble(s)) return json::value(*d);
    if (auto t = core::ParseIso8601(s)) return json::value(core::ToEpochSeconds(*t));
  }
  return WrongType(shape, v);
}

// A scalar member's value as handlers see it (numbers range-checked, timestamps as epoch seconds).
core::Result<json::value> ConvertScalar(const Shape& shape, const json::value& v) {
  switch (shape.type) {
    case ShapeType::kStructure:
    case ShapeType::kList:
    case ShapeType::kMap:
      return v;  // ConvertInPlace walks containers
    case ShapeType::kString:
      if (v.is_string()) return v;
      return WrongType(shape, v);
    case ShapeType::kInteger:
    case ShapeType::kLong:
      return ConvertInteger(shape, v);
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (v.is_number()) return json::value(v.to_number<double>());
      if (v.is_string()) {
        // Coral accepts "NaN"/"Infinity" strings for doubles; keep them as strings (JSON has no NaN).
        if (auto d = ParseDouble(v.get_string()); d && std::isfinite(*d)) return json::value(*d);
      }
      return WrongType(shape, v);
    case ShapeType::kBoolean:
      if (v.is_bool()) return v;
      return WrongType(shape, v);
    case ShapeType::kTimestamp:
      return ConvertTimestamp(shape, v);
    case ShapeType::kBlob:
      if (!v.is_string()) return WrongType(shape, v);
      if (!core::Base64Decode(v.get_string())) {
        return SerializationError("Base64 encoded value is not valid");
      }
      return v;
  }
  return v;
}

// Checks the parsed input against its shape and converts every leaf (ConvertScalar), rewriting the
// document where it stands: a DynamoDB item arrives as a tree of small objects, and copying it cost
// more than validating it. Unknown members (Coral ignores them) and nulls are dropped, which
// rebuilds only the structure or map that had them.
core::Status ConvertInPlace(const Shape& shape, json::value& v, const CoralDialect* coral, Slot slot) {
  if (shape.document) return core::Ok();
  auto wrong = [&]() { return coral ? coral->WrongType(shape, v, slot) : WrongType(shape, v); };
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!v.is_object()) return wrong();
      json::object& object = v.get_object();
      bool drop = false;
      for (auto& [key, member_value] : object) {
        const MemberRef* ref = shape.FindMember(key);
        if (ref == nullptr || member_value.is_null()) {
          drop = true;
          continue;
        }
        TARN_TRY(ConvertInPlace(*ref->shape, member_value, coral, Slot::kField));
      }
      if (drop) {
        json::object kept(object.storage());
        for (auto& [key, member_value] : object) {
          if (shape.FindMember(key) != nullptr && !member_value.is_null())
            kept.emplace(key, std::move(member_value));
        }
        object = std::move(kept);
      }
      return core::Ok();
    }
    case ShapeType::kList: {
      if (!v.is_array()) return wrong();
      for (auto& item : v.get_array()) {
        if (!item.is_null()) TARN_TRY(ConvertInPlace(*shape.member.shape, item, coral, Slot::kListMember));
      }
      return core::Ok();
    }
    case ShapeType::kMap: {
      if (!v.is_object()) return wrong();
      json::object& object = v.get_object();
      bool drop = false;
      for (auto& [key, item] : object) {
        if (item.is_null()) {
          drop = true;
          continue;
        }
        TARN_TRY(ConvertInPlace(*shape.value.shape, item, coral, Slot::kMapValue));
      }
      if (drop) {
        json::object kept(object.storage());
        for (auto& [key, item] : object) {
          if (!item.is_null()) kept.emplace(key, std::move(item));
        }
        object = std::move(kept);
      }
      return core::Ok();
    }
    case ShapeType::kString:
      if (v.is_string()) return core::Ok();
      return wrong();
    case ShapeType::kBoolean:
      if (v.is_bool()) return core::Ok();
      if (coral && v.is_string()) {
        // DynamoDB's deserializer reads a string as a boolean when it spells one: true/1/yes or
        // false/0/no, in any case ({"NULL": "no"} is then NULL false, refused by validation); any
        // other string is "Unexpected token received from parser" (dynalite's suite, run on AWS).
        if (auto b = CoralDialect::StringBoolean(v.get_string())) {
          v = *b;
          return core::Ok();
        }
      }
      return wrong();
    default: {
      if (coral) {
        if (shape.type == ShapeType::kBlob) {
          if (!v.is_string()) return wrong();
          if (auto bad = CoralDialect::BadBase64(v.get_string())) return *bad;
          return core::Ok();
        }
        const bool integral = shape.type == ShapeType::kInteger || shape.type == ShapeType::kLong;
        if (v.is_string() && integral) return wrong();
        if (!v.is_number() && !v.is_string()) return wrong();
      }
      TARN_ASSIGN_OR_RETURN(json::value converted, ConvertScalar(shape, v));
      v = std::move(converted);
      return core::Ok();
    }
  }
}

bool IsBlank(std::string_view body) { return body.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// "2012-08-10" → "20120810", as the DynamoDB error namespace spells the API version.
std::string ToDigits(std::string_view version) {
  std::string out;
  for (char c : version) {
    if (c != '-') out += c;
  }
  return out;
}

bool NamespacesErrors(const ServiceModel& service) {
  return service.name() == "dynamodb" || service.name() == "dynamodbstreams";
}

std::string ErrorType(const ServiceModel& service, const core::AwsError& error) {
  if (service.aws_query_compatible()) {
    const Shape* shape = service.FindErrorByCode(error.code);
    return shape != nullptr ? shape->name : error.code;
  }
  if (!NamespacesErrors(service)) return error.code;
  if (service.FindErrorByCode(error.code) != nullptr) {
    return "com.amazonaws.dynamodb.v" + ToDigits(service.api_version()) + "#" + error.code;
  }
  if (error.code == "ValidationException") return "com.amazon.coral.validate#ValidationException";
  return "com.amazon.coral.service#" + error.code;
}

std::string ContentType(const ServiceModel& service) {
  return "application/x-amz-json-" +
         (service.json_version().empty() ? std::string("1.0") : service.json_version());
}

void FinishResponse(const ServiceModel& service, net::HttpResponse& response, std::string_view request_id) {
  response.headers.Set("Content-Type", ContentType(service));
  response.headers.Set("x-amzn-RequestId", std::string(request_id));
  if (service.name() == "dynamodb") {
    response.headers.Set("x-amz-crc32", std::to_string(core::Crc32(response.body)));
    response.headers.Set("Server", "Server");  // DynamoDB's own, which tests tell it from DynamoDB Local by
  }
}

class JsonRpc final : public Codec {
 public:
  Protocol protocol() const override { return Protocol::kJson; }

  core::Result<const OperationModel*> Identify(const ServiceModel& service, const net::HttpRequest& request,
                                               std::string_view) const override {
    auto target = request.headers.Get("X-Amz-Target");
    if (!target) return UnknownOperation();
    size_t dot = target->rfind('.');
    if (dot == std::string_view::npos || target->substr(0, dot) != service.target_prefix()) {
      return UnknownOperation();
    }
    const OperationModel* op = service.FindOperation(target->substr(dot + 1));
    if (op == nullptr) return UnknownOperation();
    return op;
  }

  core::Result<json::object> DecodeInput(const ServiceModel& service, const OperationModel& operation,
                                         const net::HttpRequest&, std::string_view body) const override {
    // One arena per request body: parsing allocates every key, string and container once, and
    // the input lives exactly as long as the request. The arena is reference-counted, so a value
    // copied out of the input (which keeps its storage) keeps it alive rather than dangling.
    json::storage_ptr arena = json::make_shared_resource<json::monotonic_resource>();
    json::object input(arena);  // the same storage as `parsed`: moving it in moves, not copies
    if (!IsBlank(body)) {
      // Deeper documents than core::kMaxRequestJsonDepth are refused before conversion.
      json::parse_options options = core::RequestJson();
      boost::system::error_code ec;
      json::value parsed = json::parse(body, ec, arena, options);
      if (ec) return SerializationError();
      if (!parsed.is_object()) {
        if (parsed.is_array()) return SerializationError("Start of list found where not expected");
        return SerializationError(std::string(TokenName(parsed)) + " can not be converted to a Structure");
      }
      if (operation.input() != nullptr) {
        std::optional<CoralDialect> coral;
        if (NamespacesErrors(service))
          coral = CoralDialect{"com.amazonaws.dynamodb.v" + ToDigits(service.api_version())};
        TARN_TRY(ConvertInPlace(*operation.input(), parsed, coral ? &*coral : nullptr, Slot::kField));
        input = std::move(parsed.get_object());
      }
    }
    TARN_TRY(Validate(service, operation, input));
    return input;
  }

  net::HttpResponse EncodeOutput(const ServiceModel& service, const OperationModel& operation,
                                 net::Output&& output, std::string_view request_id) const override {
    net::HttpResponse response;
    response.status = 200;
    // An operation without an output shape answers with an empty body ("If the action is
    // successful, the service sends back an HTTP 200 response with an empty HTTP body").
    if (operation.output() != nullptr || !output.json.empty()) response.body = json::serialize(output.json);
    FinishResponse(service, response, request_id);
    return response;
  }

  net::HttpResponse EncodeError(const ServiceModel& service, const core::AwsError& error,
                                std::string_view request_id) const override {
    json::object body;
    body["__type"] = ErrorType(service, error);
    // An error that carries its text as "Message" itself (extra) sends no "message". DynamoDB's
    // deserializer (Coral's SerializationException) writes "Message" where its service errors write
    // "message" (dynalite's assertSerialization, recorded against AWS).
    const bool coral_message = NamespacesErrors(service) && error.code == "SerializationException";
    if (!error.message.empty() && !error.extra.contains("Message"))
      body[coral_message ? "Message" : "message"] = error.message;
    for (const auto& [k, v] : error.extra) body[k] = v;
    net::HttpResponse response;
    response.status = error.http_status;
    response.body = json::serialize(body);
    FinishResponse(service, response, request_id);
    if (service.aws_query_compatible()) {
      std::string code = error.code;
      if (const Shape* shape = service.FindShape(code); shape != nullptr && shape->error)
        code = shape->error->code;
      response.headers.Set("x-amzn-query-error", code + (error.sender_fault ? ";Sender" : ";Receiver"));
    }
    return response;
  }
};

}  // namespace

const Codec& JsonRpcCodec() {
  static const JsonRpc codec;
  return codec;
}

}  // namespace tarn::protocol
