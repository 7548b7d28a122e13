// AWS Query protocol codec (IAM, STS, SNS, CloudWatch, CloudFormation).
// Request: Action/Version plus members as form parameters, from the query string (GET) and/or an
// application/x-www-form-urlencoded body (POST), serialized as botocore's QuerySerializer writes
// them (botocore/serialize.py): structures "A.B", lists "Name.member.N" ("Name.N" flattened, the
// list member's locationName when set), maps "Name.entry.N.key/value" (flattened without
// ".entry"), an empty list as "Name=". Unknown parameters and list/map indices that are not a
// positive decimal integer are ignored, as AWS ignores parameters it does not model.
// Response: <OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata><RequestId/>
// </ResponseMetadata></OpResponse> (botocore/parsers.py QueryParser), Content-Type text/xml.
// Errors: <ErrorResponse xmlns><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
// <RequestId/></ErrorResponse> with the error's HTTP status.

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "core/encoding.h"
#include "core/time_format.h"
#include "protocol/codecs.h"
#include "protocol/errors.h"
#include "protocol/text.h"
#include "protocol/validate.h"
#include "protocol/xml_writer.h"

namespace tarn::protocol {
namespace {

// A model locationName, else the protocol's default element name.
std::string_view NameOr(const std::string& location_name, std::string_view fallback) {
  return location_name.empty() ? fallback : std::string_view(location_name);
}

namespace json = boost::json;

// Bounds on what one request may carry; far above what any SDK call sends (IAM's largest inputs
// carry a few hundred parameters), low enough that a hostile form cannot build a huge tree.
constexpr size_t kMaxParameters = 10000;
constexpr size_t kMaxKeyDepth = 32;
constexpr uint64_t kMaxListIndex = 1000000;

using Params = std::vector<std::pair<std::string, std::string>>;

// Appends the decoded pairs of one form-encoded string.
core::Status ParseForm(std::string_view text, Params& out) {
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = core::PercentDecode(pair.substr(0, eq), true);
    auto value =
        core::PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || !value)
      return MalformedQueryString("Invalid percent-encoding in parameter: " + std::string(pair));
    if (out.size() >= kMaxParameters) return MalformedQueryString("Too many parameters.");
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return core::Ok();
}

bool IsFormPost(const net::HttpRequest& request) {
  return request.method == "POST" &&
         StartsWithIgnoreCase(request.headers.GetOr("Content-Type"), "application/x-www-form-urlencoded");
}

core::Result<Params> CollectParams(const net::HttpRequest& request, std::string_view body) {
  Params params;
  TARN_TRY(ParseForm(request.query(), params));
  if (IsFormPost(request)) TARN_TRY(ParseForm(body, params));
  return params;
}

std::optional<std::string_view> Find(const Params& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

// The parameters as a tree on '.'-separated key components.
struct Node {
  std::optional<std::string_view> value;
  std::map<std::string_view, Node, std::less<>> children;

  const Node* Child(std::string_view name) const {
    auto it = children.find(name);
    return it == children.end() ? nullptr : &it->second;
  }
  // Children whose names are list indices (1..kMaxListIndex), in numeric order.
  std::vector<const Node*> Indexed() const {
    std::vector<std::pair<uint64_t, const Node*>> items;
    for (const auto& [name, node] : children) {
      uint64_t index = 0;
      auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), index);
      if (ec != std::errc() || end != name.data() + name.size() || index == 0 || index > kMaxListIndex ||
          name[0] == '0') {
        continue;
      }
      items.emplace_back(index, &node);
    }
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const Node*> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(item.second);
    return out;
  }
};

core::Result<Node> BuildTree(const Params& params) {
  Node root;
  for (const auto& [key, value] : params) {
    if (key == "Action" || key == "Version") continue;
    Node* node = &root;
    std::string_view rest = key;
    size_t depth = 0;
    while (true) {
      if (++depth > kMaxKeyDepth) return MalformedQueryString("Parameter name too deeply nested: " + key);
      size_t dot = rest.find('.');
      node = &node->children[rest.substr(0, dot)];
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    node->value = value;
  }
  return root;
}

class Decoder {
 public:
  explicit Decoder(const ServiceModel& service) : service_(service) {}
  core::Result<json::object> Structure(const Shape& shape, const Node& node, const std::string& path) const;

 private:
  core::Result<std::optional<json::value>> Member(const MemberRef& ref, const Node& parent,
                                                  const std::string& path) const;
  core::Result<json::value> Value(const MemberRef& ref, const Node& node, const std::string& path) const;
  core::Result<json::value> Scalar(const MemberRef& ref, std::string_view text,
                                   const std::string& path) const;
  const ServiceModel& service_;
};

core::Result<json::object> Decoder::Structure(const Shape& shape, const Node& node,
                                              const std::string& path) const {
  json::object out;
  for (const MemberRef& ref : shape.members) {
    TARN_ASSIGN_OR_RETURN(auto value, Member(ref, node, path));
    if (value) out.emplace(ref.name, std::move(*value));
  }
  return out;
}

core::Result<std::optional<json::value>> Decoder::Member(const MemberRef& ref, const Node& parent,
                                                         const std::string& path) const {
  std::string_view name = ref.wire_name();
  const Shape& shape = *ref.shape;
  std::string member_path = path.empty() ? std::string(name) : path + "." + std::string(name);
  if (shape.type == ShapeType::kList && (ref.flattened || shape.flattened)) {
    // Flattened: "Name.N", or "<member locationName>.N" when the list member names itself.
    std::string_view element = NameOr(shape.member.location_name, name);
    const Node* node = parent.Child(element);
    if (node == nullptr) return std::optional<json::value>();
    json::array items;
    for (const Node* item : node->Indexed()) {
      TARN_ASSIGN_OR_RETURN(json::value v, Value(shape.member, *item, member_path));
      items.push_back(std::move(v));
    }
    return std::optional<json::value>(json::value(std::move(items)));
  }
  const Node* node = parent.Child(name);
  if (node == nullptr) return std::optional<json::value>();
  TARN_ASSIGN_OR_RETURN(json::value v, Value(ref, *node, member_path));
  return std::optional<json::value>(std::move(v));
}

core::Result<json::value> Decoder::Value(const MemberRef& ref, const Node& node,
                                         const std::string& path) const {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure: {
      TARN_ASSIGN_OR_RETURN(json::object o, Structure(shape, node, path));
      return json::value(std::move(o));
    }
    case ShapeType::kList: {
      json::array items;
      const Node* container = &node;
      if (!(ref.flattened || shape.flattened)) {
        container = node.Child(NameOr(shape.member.location_name, "member"));
      }
      if (container != nullptr) {
        for (const Node* item : container->Indexed()) {
          TARN_ASSIGN_OR_RETURN(json::value v, Value(shape.member, *item, path));
          items.push_back(std::move(v));
        }
      }
      return json::value(std::move(items));
    }
    case ShapeType::kMap: {
      json::object entries;
      const Node* container = (ref.flattened || shape.flattened) ? &node : node.Child("entry");
      std::string_view key_name = NameOr(shape.key.location_name, "key");
      std::string_view value_name = NameOr(shape.value.location_name, "value");
      if (container != nullptr) {
        for (const Node* entry : container->Indexed()) {
          const Node* key = entry->Child(key_name);
          const Node* value = entry->Child(value_name);
          if (key == nullptr || !key->value) continue;
          if (value == nullptr) {
            entries[*key->value] = "";  // an entry with no value: AWS sees an empty string
            continue;
          }
          TARN_ASSIGN_OR_RETURN(json::value v,
                                Value(shape.value, *value, path + "." + std::string(*key->value)));
          entries[*key->value] = std::move(v);
        }
      }
      return json::value(std::move(entries));
    }
    default:
      return Scalar(ref, node.value.value_or(std::string_view()), path);
  }
}

core::Result<json::value> Decoder::Scalar(const MemberRef& ref, std::string_view text,
                                          const std::string& path) const {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kInteger:
    case ShapeType::kLong: {
      auto n = ParseInt64(text);
      bool fits = n && (shape.type == ShapeType::kLong || (*n >= INT32_MIN && *n <= INT32_MAX));
      if (!fits)
        return InvalidValue(service_, path, text, shape.type == ShapeType::kLong ? "Long" : "Integer");
      return json::value(*n);
    }
    case ShapeType::kFloat:
    case ShapeType::kDouble: {
      auto d = ParseDouble(text);
      if (!d) return InvalidValue(service_, path, text, "Double");
      return json::value(*d);
    }
    case ShapeType::kBoolean:
      if (net::EqualsIgnoreCase(text, "true")) return json::value(true);
      if (net::EqualsIgnoreCase(text, "false")) return json::value(false);
      return InvalidValue(service_, path, text, "Boolean");
    case ShapeType::kTimestamp: {
      if (auto t = core::ParseIso8601(text)) return json::value(core::ToEpochSeconds(*t));
      if (auto d = ParseDouble(text)) return json::value(*d);
      return InvalidValue(service_, path, text, "Timestamp");
    }
    case ShapeType::kBlob:
      if (!core::Base64Decode(text)) return InvalidValue(service_, path, text, "Blob");
      return json::value(text);
    default:
      return json::value(text);
  }
}

// The code on the wire: a modeled error named by its shape is sent with its error.code
// (SNS NotFoundException → NotFound).
std::string WireCode(const ServiceModel& service, const std::string& code) {
  if (const Shape* shape = service.FindShape(code); shape != nullptr && shape->error)
    return shape->error->code;
  return code;
}

void ExtraElement(XmlWriter& writer, std::string_view name, const json::value& v) {
  if (v.is_string()) {
    writer.Element(name, v.get_string());
  } else if (v.is_bool()) {
    writer.Element(name, v.get_bool() ? "true" : "false");
  } else if (v.is_int64()) {
    writer.Element(name, std::to_string(v.get_int64()));
  } else if (v.is_uint64()) {
    writer.Element(name, std::to_string(v.get_uint64()));
  } else if (v.is_double()) {
    writer.Element(name, FormatDouble(v.get_double()));
  } else if (!v.is_null()) {
    writer.Element(name, json::serialize(v));
  }
}

net::HttpResponse XmlResponse(int status, std::string body, std::string_view request_id) {
  net::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers.Set("Content-Type", "text/xml");
  response.headers.Set("x-amzn-RequestId", std::string(request_id));
  return response;
}

class Query final : public Codec {
 public:
  Protocol protocol() const override { return Protocol::kQuery; }

  core::Result<const OperationModel*> Identify(const ServiceModel& service, const net::HttpRequest& request,
                                               std::string_view body) const override {
    TARN_ASSIGN_OR_RETURN(Params params, CollectParams(request, body));
    auto action = Find(params, "Action");
    if (!action || action->empty()) return MissingAction();
    const OperationModel* op = service.FindOperation(*action);
    if (op == nullptr) return InvalidAction(*action);
    return op;
  }

  core::Result<json::object> DecodeInput(const ServiceModel& service, const OperationModel& operation,
                                         const net::HttpRequest& request,
                                         std::string_view body) const override {
    TARN_ASSIGN_OR_RETURN(Params params, CollectParams(request, body));
    json::object input;
    if (operation.input() != nullptr) {
      TARN_ASSIGN_OR_RETURN(Node root, BuildTree(params));
      TARN_ASSIGN_OR_RETURN(input, Decoder(service).Structure(*operation.input(), root, ""));
    }
    TARN_TRY(Validate(service, operation, input));
    return input;
  }

  net::HttpResponse EncodeOutput(const ServiceModel& service, const OperationModel& operation,
                                 net::Output&& output, std::string_view request_id) const override {
    XmlWriter writer;
    writer.Open(operation.name() + "Response");
    if (!service.xml_namespace().empty()) writer.Attribute("xmlns", service.xml_namespace());
    if (const Shape* shape = operation.output()) {
      if (!operation.result_wrapper().empty()) {
        writer.Open(operation.result_wrapper());
        WriteXmlStructureMembers(writer, *shape, output.json);
        writer.Close();
      } else {
        WriteXmlStructureMembers(writer, *shape, output.json);
      }
    }
    writer.Open("ResponseMetadata");
    writer.Element("RequestId", request_id);
    writer.Close();
    return XmlResponse(operation.response_code(), writer.Take(), request_id);
  }

  net::HttpResponse EncodeError(const ServiceModel& service, const core::AwsError& error,
                                std::string_view request_id) const override {
    XmlWriter writer;
    writer.Open("ErrorResponse");
    if (!service.xml_namespace().empty()) writer.Attribute("xmlns", service.xml_namespace());
    writer.Open("Error");
    writer.Element("Type", error.sender_fault ? "Sender" : "Receiver");
    writer.Element("Code", WireCode(service, error.code));
    if (!error.message.empty()) writer.Element("Message", error.message);
    for (const auto& [k, v] : error.extra) ExtraElement(writer, k, v);
    writer.Close();
    writer.Element("RequestId", request_id);
    return XmlResponse(error.http_status, writer.Take(), request_id);
  }
};

}  // namespace

const Codec& QueryCodec() {
  static const Query codec;
  return codec;
}

}  // namespace tarn::protocol
