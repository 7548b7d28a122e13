#include "protocol/model.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "protocol/text.h"

// The embedded models (embedded_models.S): gen_models.py's JSON, NUL-terminated.
extern "C" const char tarn_models_json_start[];
extern "C" const char tarn_models_json_end[];

namespace tarn::protocol {

namespace json = boost::json;

std::string_view ProtocolName(Protocol protocol) {
  switch (protocol) {
    case Protocol::kJson:
      return "json";
    case Protocol::kQuery:
      return "query";
    case Protocol::kRestJson:
      return "rest-json";
    case Protocol::kRestXml:
      return "rest-xml";
  }
  return "json";
}

const MemberRef* Shape::FindMember(std::string_view member_name) const {
  auto it = by_name_.find(member_name);
  return it == by_name_.end() ? nullptr : it->second;
}

const MemberRef* Shape::FindMemberByWireName(std::string_view wire_name) const {
  auto it = by_wire_name_.find(wire_name);
  return it == by_wire_name_.end() ? nullptr : it->second;
}

ServiceModel::ServiceModel() = default;
ServiceModel::~ServiceModel() = default;

bool ServiceModel::Supports(Protocol p) const {
  return std::find(protocols_.begin(), protocols_.end(), p) != protocols_.end();
}

Protocol ServiceModel::rest_or_default_protocol() const {
  if (Supports(Protocol::kRestXml)) return Protocol::kRestXml;
  if (Supports(Protocol::kRestJson)) return Protocol::kRestJson;
  return protocols_.empty() ? Protocol::kJson : protocols_.front();
}

const OperationModel* ServiceModel::FindOperation(std::string_view name) const {
  auto it = operations_.find(name);
  return it == operations_.end() ? nullptr : it->second.get();
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : it->second.get();
}

const Shape* ServiceModel::FindErrorByCode(std::string_view code) const {
  auto it = errors_by_code_.find(code);
  return it == errors_by_code_.end() ? nullptr : it->second;
}

ModelSet::ModelSet() = default;
ModelSet::~ModelSet() = default;

const ServiceModel* ModelSet::Find(std::string_view name) const {
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : it->second.get();
}

const ServiceModel* ModelSet::FindByTargetPrefix(std::string_view prefix) const {
  auto it = by_target_prefix_.find(prefix);
  return it == by_target_prefix_.end() ? nullptr : it->second;
}

const ServiceModel* ModelSet::FindBySigningName(std::string_view signing_name) const {
  auto it = by_signing_name_.find(signing_name);
  return it == by_signing_name_.end() ? nullptr : it->second;
}

// Builds the immutable model structures from gen_models.py's JSON.
class ModelLoader {
 public:
  static core::Result<std::unique_ptr<ModelSet>> Load(std::string_view text);

 private:
  static core::Result<std::unique_ptr<ServiceModel>> LoadService(std::string_view name,
                                                                 const json::object& model);
  static core::Status LoadShape(ServiceModel& service, Shape& shape, const json::object& def);
  static core::Status LoadRef(ServiceModel& service, MemberRef& ref, std::string name,
                              const json::object& def);
  static core::Status LoadOperation(ServiceModel& service, OperationModel& op, const json::object& def);
  static UriTemplate ParseUriTemplate(std::string_view uri);
};

namespace {

core::AwsError ModelError(std::string message) {
  return core::AwsError("InternalFailure", "service model: " + std::move(message), 500);
}

std::string_view Str(const json::object& o, std::string_view key) {
  if (const json::value* v = o.if_contains(key); v && v->is_string()) return v->get_string();
  return {};
}

bool Bool(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

std::optional<double> Number(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  if (v->is_double()) return v->get_double();
  return std::nullopt;
}

std::optional<ShapeType> ParseShapeType(std::string_view t) {
  if (t == "structure") return ShapeType::kStructure;
  if (t == "list") return ShapeType::kList;
  if (t == "map") return ShapeType::kMap;
  if (t == "string" || t == "character") return ShapeType::kString;
  if (t == "integer" || t == "byte" || t == "short") return ShapeType::kInteger;
  if (t == "long" || t == "biginteger") return ShapeType::kLong;
  if (t == "float") return ShapeType::kFloat;
  if (t == "double" || t == "bigdecimal") return ShapeType::kDouble;
  if (t == "boolean") return ShapeType::kBoolean;
  if (t == "timestamp") return ShapeType::kTimestamp;
  if (t == "blob") return ShapeType::kBlob;
  return std::nullopt;
}

TimestampFormat ParseTimestampFormat(std::string_view f) {
  if (f == "iso8601") return TimestampFormat::kIso8601;
  if (f == "rfc822") return TimestampFormat::kRfc822;
  if (f == "unixTimestamp") return TimestampFormat::kUnixTimestamp;
  return TimestampFormat::kDefault;
}

Location ParseLocation(std::string_view l) {
  if (l == "header") return Location::kHeader;
  if (l == "headers") return Location::kHeaders;
  if (l == "uri") return Location::kUri;
  if (l == "querystring") return Location::kQueryString;
  if (l == "statusCode") return Location::kStatusCode;
  return Location::kBody;
}

std::optional<Protocol> ParseProtocol(std::string_view p) {
  if (p == "json") return Protocol::kJson;
  if (p == "query") return Protocol::kQuery;
  if (p == "rest-json") return Protocol::kRestJson;
  if (p == "rest-xml") return Protocol::kRestXml;
  return std::nullopt;  // smithy-rpc-v2-cbor, ec2: not served
}

std::string LowerFirst(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace

core::Result<std::unique_ptr<ModelSet>> ModelLoader::Load(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) return ModelError("not a JSON object");
  auto set = std::make_unique<ModelSet>();
  for (const auto& [name, model] : root.get_object()) {
    if (!model.is_object()) return ModelError(std::string(name) + " is not an object");
    TARN_ASSIGN_OR_RETURN(auto service, LoadService(name, model.get_object()));
    ServiceModel* raw = service.get();
    set->services_.emplace(std::string(name), std::move(service));
    set->service_list_.push_back(raw);
    if (!raw->target_prefix_.empty()) set->by_target_prefix_[raw->target_prefix_] = raw;
    // Several models may share a signing name (dynamodb + dynamodbstreams): the one named after it wins.
    auto [it, inserted] = set->by_signing_name_.emplace(raw->signing_name_, raw);
    if (!inserted && raw->name_ == raw->signing_name_) it->second = raw;
  }
  std::sort(set->service_list_.begin(), set->service_list_.end(),
            [](const ServiceModel* a, const ServiceModel* b) { return a->name() < b->name(); });
  return set;
}

core::Result<std::unique_ptr<ServiceModel>> ModelLoader::LoadService(std::string_view name,
                                                                     const json::object& model) {
  auto service = std::make_unique<ServiceModel>();
  service->name_ = std::string(name);
  const json::value* metadata = model.if_contains("metadata");
  const json::value* shapes = model.if_contains("shapes");
  const json::value* operations = model.if_contains("operations");
  if (!metadata || !metadata->is_object() || !shapes || !shapes->is_object() || !operations ||
      !operations->is_object()) {
    return ModelError(std::string(name) + ": metadata, shapes and operations are required");
  }
  const json::object& md = metadata->get_object();
  service->api_version_ = Str(md, "apiVersion");
  service->target_prefix_ = Str(md, "targetPrefix");
  service->json_version_ = Str(md, "jsonVersion");
  service->endpoint_prefix_ = Str(md, "endpointPrefix");
  service->xml_namespace_ = Str(md, "xmlNamespace");
  service->service_id_ = Str(md, "serviceId");
  service->signing_name_ = Str(md, "signingName");
  if (service->signing_name_.empty()) service->signing_name_ = service->endpoint_prefix_;
  service->aws_query_compatible_ = md.contains("awsQueryCompatible");
  if (const json::value* list = md.if_contains("protocols"); list && list->is_array()) {
    for (const json::value& p : list->get_array())
      if (p.is_string())
        if (auto parsed = ParseProtocol(p.get_string())) service->protocols_.push_back(*parsed);
  }
  if (service->protocols_.empty())
    if (auto parsed = ParseProtocol(Str(md, "protocol"))) service->protocols_.push_back(*parsed);

  // Shapes reference each other (recursively): allocate all, then fill.
  for (const auto& [shape_name, def] : shapes->get_object()) {
    auto shape = std::make_unique<Shape>();
    shape->name = std::string(shape_name);
    service->shapes_.emplace(std::string(shape_name), std::move(shape));
  }
  for (const auto& [shape_name, def] : shapes->get_object()) {
    if (!def.is_object()) return ModelError(std::string(shape_name) + " is not an object");
    TARN_TRY(LoadShape(*service, *service->shapes_.find(shape_name)->second, def.get_object()));
  }
  for (const auto& [op_name, def] : operations->get_object()) {
    if (!def.is_object()) return ModelError(std::string(op_name) + " is not an object");
    auto op = std::make_unique<OperationModel>();
    op->name_ = std::string(op_name);
    TARN_TRY(LoadOperation(*service, *op, def.get_object()));
    service->operation_list_.push_back(op.get());
    service->operations_.emplace(std::string(op_name), std::move(op));
  }
  std::sort(service->operation_list_.begin(), service->operation_list_.end(),
            [](const OperationModel* a, const OperationModel* b) { return a->name() < b->name(); });
  // Error codes: error.code first (IAM "NoSuchEntity"), shape names as a fallback.
  for (const auto& [shape_name, shape] : service->shapes_)
    if (shape->error) service->errors_by_code_.emplace(shape->error->code, shape.get());
  for (const auto& [shape_name, shape] : service->shapes_)
    if (shape->exception) service->errors_by_code_.emplace(shape_name, shape.get());
  return service;
}

core::Status ModelLoader::LoadRef(ServiceModel& service, MemberRef& ref, std::string name,
                                  const json::object& def) {
  ref.name = std::move(name);
  std::string_view target = Str(def, "shape");
  ref.shape = service.FindShape(target);
  if (!ref.shape) return ModelError("unknown shape '" + std::string(target) + "' for " + ref.name);
  ref.location = ParseLocation(Str(def, "location"));
  ref.location_name = Str(def, "locationName");
  ref.query_name = Str(def, "queryName");
  if (const json::value* ns = def.if_contains("xmlNamespace"); ns && ns->is_object()) {
    ref.xml_namespace_uri = Str(ns->get_object(), "uri");
    ref.xml_namespace_prefix = Str(ns->get_object(), "prefix");
  }
  ref.timestamp_format = ParseTimestampFormat(Str(def, "timestampFormat"));
  ref.flattened = Bool(def, "flattened");
  ref.xml_attribute = Bool(def, "xmlAttribute");
  ref.idempotency_token = Bool(def, "idempotencyToken");
  ref.host_label = Bool(def, "hostLabel");
  ref.jsonvalue = Bool(def, "jsonvalue");
  ref.streaming = Bool(def, "streaming");
  ref.eventpayload = Bool(def, "eventpayload");
  ref.validation_name = LowerFirst(ref.name);
  return core::Ok();
}

namespace {
// The order a service lists an enum in its validation message is its own (DynamoDB prints its Java
// enum sets, not the model's order). Where a test run against AWS recorded the order, it is kept
// here; the members are the model's.
struct ServerEnumOrder {
  std::string_view service, shape;
  std::vector<std::string_view> values;
};
const std::vector<ServerEnumOrder>& ServerEnumOrders() {
  static const std::vector<ServerEnumOrder> orders = {
      // moto's test_dynamodb_select.py::test_select_values_are_case_sensitive (aws_verified).
      {"dynamodb", "Select", {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"}},
      // dynalite's suite, whose helpers run it against AWS (createTable, putItem, query, scan tests).
      {"dynamodb", "ScalarAttributeType", {"B", "N", "S"}},
      {"dynamodb", "ProjectionType", {"ALL", "INCLUDE", "KEYS_ONLY"}},
      {"dynamodb", "ReturnValue", {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"}},
      {"dynamodb", "ConditionalOperator", {"OR", "AND"}},
      {"dynamodb",
       "ComparisonOperator",
       {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH",
        "GE", "CONTAINS"}},
      // LocalStack's event_source_mapping/test_api.py, recorded on AWS (StartingPosition "0").
      {"lambda", "EventSourcePosition", {"LATEST", "AT_TIMESTAMP", "TRIM_HORIZON"}},
  };
  return orders;
}

void ApplyServerEnumOrder(std::string_view service, Shape& shape) {
  for (const auto& order : ServerEnumOrders()) {
    if (order.service != service || order.shape != shape.name) continue;
    std::vector<std::string> reordered(order.values.begin(), order.values.end());
    if (std::is_permutation(reordered.begin(), reordered.end(), shape.enum_values.begin(),
                            shape.enum_values.end()))
      shape.enum_values = std::move(reordered);
  }
}
}  // namespace

core::Status ModelLoader::LoadShape(ServiceModel& service, Shape& shape, const json::object& def) {
  auto type = ParseShapeType(Str(def, "type"));
  if (!type) return ModelError(shape.name + ": unknown type '" + std::string(Str(def, "type")) + "'");
  shape.type = *type;
  shape.min = Number(def, "min");
  shape.max = Number(def, "max");
  shape.pattern = Str(def, "pattern");
  if (!shape.pattern.empty()) shape.pattern_matcher = Pattern::Compile(shape.pattern);
  if (const json::value* e = def.if_contains("enum"); e && e->is_array())
    for (const json::value& v : e->get_array())
      if (v.is_string()) shape.enum_values.emplace_back(v.get_string());
  ApplyServerEnumOrder(service.name(), shape);
  shape.timestamp_format = ParseTimestampFormat(Str(def, "timestampFormat"));
  shape.streaming = Bool(def, "streaming");
  shape.requires_length = Bool(def, "requiresLength");
  shape.document = Bool(def, "document");
  shape.is_union = Bool(def, "union");
  shape.eventstream = Bool(def, "eventstream");
  shape.event = Bool(def, "event");
  shape.deprecated = Bool(def, "deprecated");
  shape.flattened = Bool(def, "flattened");
  shape.location_name = Str(def, "locationName");
  if (const json::value* ns = def.if_contains("xmlNamespace"); ns && ns->is_object()) {
    shape.xml_namespace_uri = Str(ns->get_object(), "uri");
    shape.xml_namespace_prefix = Str(ns->get_object(), "prefix");
  }
  shape.exception = Bool(def, "exception");
  if (shape.exception) {
    ErrorTrait trait;
    trait.code = shape.name;
    trait.sender_fault = !Bool(def, "fault");
    trait.http_status = trait.sender_fault ? 400 : 500;
    if (const json::value* e = def.if_contains("error"); e && e->is_object()) {
      const json::object& err = e->get_object();
      if (!Str(err, "code").empty()) trait.code = Str(err, "code");
      if (auto status = Number(err, "httpStatusCode")) trait.http_status = static_cast<int>(*status);
      if (err.contains("senderFault")) trait.sender_fault = Bool(err, "senderFault");
    }
    shape.error = std::move(trait);
  }
  for (const char* which : {"member", "key", "value"}) {
    const json::value* ref = def.if_contains(which);
    if (!ref) continue;
    if (!ref->is_object()) return ModelError(shape.name + "." + which + " is not an object");
    MemberRef& target = which[0] == 'm' ? shape.member : which[0] == 'k' ? shape.key : shape.value;
    TARN_TRY(LoadRef(service, target, which, ref->get_object()));
  }
  if (const json::value* members = def.if_contains("members"); members && members->is_object()) {
    shape.members.reserve(members->get_object().size());
    for (const auto& [member_name, ref] : members->get_object()) {
      if (!ref.is_object())
        return ModelError(shape.name + "." + std::string(member_name) + " is not an object");
      shape.members.emplace_back();
      TARN_TRY(LoadRef(service, shape.members.back(), std::string(member_name), ref.get_object()));
    }
    if (const json::value* required = def.if_contains("required"); required && required->is_array()) {
      for (const json::value& r : required->get_array()) {
        if (!r.is_string()) continue;
        for (MemberRef& m : shape.members)
          if (m.name == r.get_string()) m.required = true;
      }
    }
    // The vector is final now: pointers into it stay valid.
    for (const MemberRef& m : shape.members) {
      shape.by_name_.emplace(m.name, &m);
      if (m.location == Location::kBody) shape.by_wire_name_.emplace(std::string(m.wire_name()), &m);
    }
    if (std::string_view payload = Str(def, "payload"); !payload.empty()) {
      shape.payload = shape.FindMember(payload);
      if (!shape.payload)
        return ModelError(shape.name + ": payload member '" + std::string(payload) + "' missing");
    }
  }
  if (shape.type == ShapeType::kList && !shape.member.shape)
    return ModelError(shape.name + ": list without member");
  if (shape.type == ShapeType::kMap && (!shape.key.shape || !shape.value.shape))
    return ModelError(shape.name + ": map without key/value");
  return core::Ok();
}

core::Status ModelLoader::LoadOperation(ServiceModel& service, OperationModel& op, const json::object& def) {
  if (const json::value* http = def.if_contains("http"); http && http->is_object()) {
    const json::object& h = http->get_object();
    if (!Str(h, "method").empty()) op.http_method_ = Str(h, "method");
    if (!Str(h, "requestUri").empty()) op.request_uri_ = Str(h, "requestUri");
    if (auto code = Number(h, "responseCode")) op.response_code_ = static_cast<int>(*code);
  }
  op.uri_template_ = ParseUriTemplate(op.request_uri_);
  if (const json::value* in = def.if_contains("input"); in && in->is_object()) {
    const json::object& ref = in->get_object();
    op.input_ = service.FindShape(Str(ref, "shape"));
    if (!op.input_) return ModelError(op.name_ + ": unknown input shape");
    op.input_location_name_ = Str(ref, "locationName");
    if (const json::value* ns = ref.if_contains("xmlNamespace"); ns && ns->is_object())
      op.input_xml_namespace_ = Str(ns->get_object(), "uri");
  }
  if (const json::value* out = def.if_contains("output"); out && out->is_object()) {
    const json::object& ref = out->get_object();
    op.output_ = service.FindShape(Str(ref, "shape"));
    if (!op.output_) return ModelError(op.name_ + ": unknown output shape");
    op.result_wrapper_ = Str(ref, "resultWrapper");
  }
  if (const json::value* errors = def.if_contains("errors"); errors && errors->is_array()) {
    for (const json::value& e : errors->get_array()) {
      if (!e.is_string()) continue;
      if (const Shape* s = service.FindShape(e.get_string())) op.errors_.push_back(s);
    }
  }
  op.auth_type_ = Str(def, "authtype");
  op.deprecated_ = Bool(def, "deprecated");
  auto streams = [](const Shape* s) {
    return s && s->payload && s->payload->shape->type == ShapeType::kBlob &&
           (s->payload->shape->streaming || s->payload->streaming);
  };
  op.streaming_input_ = streams(op.input_);
  op.streaming_output_ = streams(op.output_);
  if (op.input_) {
    for (const MemberRef& m : op.input_->members) {
      if (!m.required) continue;
      if (m.location == Location::kQueryString) op.required_query_.push_back(&m);
      if (m.location == Location::kHeader) op.required_headers_.push_back(&m);
    }
  }
  return core::Ok();
}

UriTemplate ModelLoader::ParseUriTemplate(std::string_view uri) {
  UriTemplate t;
  std::string_view path = uri.substr(0, uri.find('?'));
  std::string_view query = uri.size() > path.size() ? uri.substr(path.size() + 1) : std::string_view();
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') {
    t.trailing_slash = true;
    path.remove_suffix(1);
  }
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    UriTemplate::Segment s;
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      s.label = true;
      s.text = seg.substr(1, seg.size() - 2);
      if (!s.text.empty() && s.text.back() == '+') {
        s.greedy = true;
        s.text.pop_back();
      }
    } else {
      s.text = seg;
      ++t.literal_segments;
    }
    t.segments.push_back(std::move(s));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      UriTemplate::QueryLiteral q;
      size_t eq = pair.find('=');
      q.key = pair.substr(0, eq);
      if (eq != std::string_view::npos) q.value = std::string(pair.substr(eq + 1));
      t.query.push_back(std::move(q));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return t;
}

core::Result<std::unique_ptr<ModelSet>> ModelSet::Parse(std::string_view json) {
  return ModelLoader::Load(json);
}

const ModelSet& ModelSet::Embedded() {
  static const ModelSet* const embedded = [] {
    std::string_view text(tarn_models_json_start,
                          static_cast<size_t>(tarn_models_json_end - tarn_models_json_start));
    auto loaded = ModelLoader::Load(text);
    TARN_CHECK(loaded.ok());
    return std::move(loaded).value().release();  // lives for the process
  }();
  return *embedded;
}

namespace {
// Whether the query string has a parameter named key (before any '=').
bool HasQueryKey(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.substr(0, pair.find('=')) == key) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}
}  // namespace

Protocol DetectProtocol(const ServiceModel& service, const net::HttpRequest& request) {
  if (service.Supports(Protocol::kJson) && request.headers.Has("X-Amz-Target")) return Protocol::kJson;
  if (service.Supports(Protocol::kQuery)) {
    if (HasQueryKey(request.query(), "Action")) return Protocol::kQuery;
    if (request.method == "POST" &&
        StartsWithIgnoreCase(request.headers.GetOr("Content-Type"), "application/x-www-form-urlencoded")) {
      return Protocol::kQuery;
    }
  }
  return service.rest_or_default_protocol();
}

}  // namespace tarn::protocol
