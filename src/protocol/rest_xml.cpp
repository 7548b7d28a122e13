// REST-XML codec (S3): routes on method + requestUri (path-style, or virtual-hosted-style with the
// bucket taken from Host), members from URI labels, query string and headers (rest_binding.h),
// the body from an XML payload member parsed with the strict reader (xml_reader.h). Errors are
// S3's <Error><Code/><Message/>...<RequestId/><HostId/></Error> with x-amz-request-id and
// x-amz-id-2 headers. https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html

#include <boost/json/serialize.hpp>
#include <unordered_map>

#include "core/crypto.h"
#include "core/encoding.h"
#include "protocol/codecs.h"
#include "protocol/errors.h"
#include "protocol/rest_binding.h"
#include "protocol/text.h"
#include "protocol/validate.h"
#include "protocol/xml_reader.h"
#include "protocol/xml_writer.h"

namespace tarn::protocol {

namespace json = boost::json;

namespace {

constexpr std::string_view kXmlContentType = "application/xml";
// S3's document namespace; the model carries it on some refs only, S3 puts it on every root.
constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// S3 output roots botocore's model does not name (its parser ignores the root element); names
// from the S3 API reference response syntax of each operation.
const std::unordered_map<std::string_view, std::string_view>& S3OutputRoots() {
  static const auto* roots = new std::unordered_map<std::string_view, std::string_view>{
      {"CompleteMultipartUpload", "CompleteMultipartUploadResult"},
      {"CreateMultipartUpload", "InitiateMultipartUploadResult"},
      {"CreateSession", "CreateSessionResult"},
      {"DeleteObjects", "DeleteResult"},
      {"GetBucketAccelerateConfiguration", "AccelerateConfiguration"},
      {"GetBucketAcl", "AccessControlPolicy"},
      {"GetObjectAcl", "AccessControlPolicy"},
      {"GetBucketCors", "CORSConfiguration"},
      {"GetBucketLifecycle", "LifecycleConfiguration"},
      {"GetBucketLifecycleConfiguration", "LifecycleConfiguration"},
      {"GetBucketLogging", "BucketLoggingStatus"},
      {"GetBucketNotification", "NotificationConfiguration"},
      {"GetBucketNotificationConfiguration", "NotificationConfiguration"},
      {"GetBucketRequestPayment", "RequestPaymentConfiguration"},
      {"GetBucketTagging", "Tagging"},
      {"GetObjectTagging", "Tagging"},
      {"GetBucketVersioning", "VersioningConfiguration"},
      {"GetBucketWebsite", "WebsiteConfiguration"},
      {"GetObjectAttributes", "GetObjectAttributesResponse"},
      {"ListBucketAnalyticsConfigurations", "ListBucketAnalyticsConfigurationResult"},
      {"ListBucketIntelligentTieringConfigurations", "ListBucketIntelligentTieringConfigurationsOutput"},
      {"ListBucketInventoryConfigurations", "ListInventoryConfigurationsResult"},
      {"ListBucketMetricsConfigurations", "ListMetricsConfigurationsResult"},
      {"ListBuckets", "ListAllMyBucketsResult"},
      {"ListDirectoryBuckets", "ListAllMyDirectoryBucketsResult"},
      {"ListMultipartUploads", "ListMultipartUploadsResult"},
      {"ListObjectVersions", "ListVersionsResult"},
      {"ListObjects", "ListBucketResult"},
      {"ListObjectsV2", "ListBucketResult"},
      {"ListParts", "ListPartsResult"},
  };
  return *roots;
}

bool IsS3(const ServiceModel& service) { return service.name() == "s3"; }

std::string_view Namespace(const ServiceModel& service) {
  return IsS3(service) ? kS3Namespace : std::string_view(service.xml_namespace());
}

// The path the route templates see: virtual-hosted S3 requests get the bucket prepended.
std::string EffectivePath(const ServiceModel& service, const net::HttpRequest& request) {
  std::string_view path = request.path();
  if (path.empty()) path = "/";
  if (IsS3(service)) {
    if (auto bucket = VirtualHostedBucket(request.headers.GetOr("Host"))) {
      return "/" + core::UriEncode(*bucket) + (path == "/" ? std::string() : std::string(path));
    }
  }
  return std::string(path);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

core::Result<json::value> FromXml(const MemberRef& ref, const XmlElement& e);

core::Status AddStructureChild(const Shape& shape, const XmlElement& child, json::object& out) {
  const MemberRef* m = shape.FindMemberByWireName(child.local_name());
  if (!m || m->location != Location::kBody || m->xml_attribute) return core::Ok();  // ignored, as S3 does
  const Shape& ms = *m->shape;
  if (ms.type == ShapeType::kList && (m->flattened || ms.flattened)) {
    json::value& slot = out[m->name];
    if (!slot.is_array()) slot = json::array();
    TARN_ASSIGN_OR_RETURN(json::value item, FromXml(ms.member, child));
    slot.get_array().push_back(std::move(item));
    return core::Ok();
  }
  if (ms.type == ShapeType::kMap && (m->flattened || ms.flattened)) {
    const XmlElement* k = child.Child(ms.key.wire_name() == "key" ? "key" : ms.key.wire_name());
    const XmlElement* v = child.Child(ms.value.wire_name() == "value" ? "value" : ms.value.wire_name());
    if (!k || !v) return MalformedXml();
    json::value& slot = out[m->name];
    if (!slot.is_object()) slot = json::object();
    TARN_ASSIGN_OR_RETURN(slot.get_object()[k->text], FromXml(ms.value, *v));
    return core::Ok();
  }
  TARN_ASSIGN_OR_RETURN(out[m->name], FromXml(*m, child));
  return core::Ok();
}

core::Result<json::value> FromXml(const MemberRef& ref, const XmlElement& e) {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure: {
      json::object out;
      for (const MemberRef& m : shape.members) {
        if (!m.xml_attribute) continue;
        if (auto a = e.Attribute(m.wire_name())) {
          auto v = ScalarFromText(m, *a, Location::kBody);
          if (!v) return MalformedXml();
          out[m.name] = std::move(*v);
        }
      }
      for (const XmlElement& child : e.children) TARN_TRY(AddStructureChild(shape, child, out));
      return out;
    }
    case ShapeType::kList: {
      json::array out;
      std::string_view item_name = shape.member.wire_name() == "member" ? "member" : shape.member.wire_name();
      for (const XmlElement& child : e.children) {
        if (child.local_name() != item_name) continue;
        TARN_ASSIGN_OR_RETURN(json::value item, FromXml(shape.member, child));
        out.push_back(std::move(item));
      }
      return out;
    }
    case ShapeType::kMap: {
      json::object out;
      for (const XmlElement& entry : e.children) {
        if (entry.local_name() != "entry") continue;
        const XmlElement* k = entry.Child(shape.key.wire_name() == "key" ? "key" : shape.key.wire_name());
        const XmlElement* v =
            entry.Child(shape.value.wire_name() == "value" ? "value" : shape.value.wire_name());
        if (!k || !v) return MalformedXml();
        TARN_ASSIGN_OR_RETURN(out[k->text], FromXml(shape.value, *v));
      }
      return out;
    }
    default: {
      if (!e.children.empty()) return MalformedXml();
      std::string_view text = shape.type == ShapeType::kString ? std::string_view(e.text) : Trim(e.text);
      auto v = ScalarFromText(ref, text, Location::kBody);
      if (!v) return MalformedXml();
      return std::move(*v);
    }
  }
}

// The element name a structure payload is written/read under.
std::string_view PayloadRootName(const MemberRef& payload) {
  if (!payload.location_name.empty()) return payload.location_name;
  if (!payload.shape->location_name.empty()) return payload.shape->location_name;
  return payload.shape->name;
}

core::Status DecodeBody(const OperationModel& operation, const Shape& input, std::string_view body,
                        json::object& doc) {
  const MemberRef* p = input.payload;
  if (p && p->shape->type == ShapeType::kBlob) {
    if (!body.empty() && !p->shape->streaming && !p->streaming) doc[p->name] = core::Base64Encode(body);
    return core::Ok();
  }
  if (p && p->shape->type == ShapeType::kString) {
    // An empty text payload is the empty string, not a missing member: PutBucketPolicy with an empty
    // body is S3's MalformedPolicy, not a validation error.
    doc[p->name] = body;
    return core::Ok();
  }
  if (Trim(body).empty()) return core::Ok();
  auto root = ParseXml(body);
  if (!root.ok()) return MalformedXml();
  if (p) {
    if (root->local_name() != PayloadRootName(*p)) return MalformedXml();
    TARN_ASSIGN_OR_RETURN(doc[p->name], FromXml(*p, *root));
    return core::Ok();
  }
  std::string_view expected = operation.input_location_name().empty() ? std::string_view(input.name)
                                                                      : operation.input_location_name();
  if (root->local_name() != expected) return MalformedXml();
  for (const XmlElement& child : root->children) TARN_TRY(AddStructureChild(input, child, doc));
  return core::Ok();
}

std::string HostId(std::string_view request_id) {
  core::Sha256Digest digest = core::Sha256(request_id);
  return core::Base64Encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

void SetIdHeaders(net::HttpResponse& response, std::string_view request_id) {
  response.headers.Set("x-amz-request-id", std::string(request_id));
  response.headers.Set("x-amz-id-2", HostId(request_id));
  response.headers.Set("Server", "AmazonS3");  // what S3 sends; clients and tests tell servers by it
}

// A structure as the whole XML body under root.
std::string StructureXml(const ServiceModel& service, std::string_view root, const Shape& shape,
                         const json::object& value) {
  XmlWriter w;
  w.set_timestamp_millis(IsS3(service));
  w.Declaration();
  w.Open(root);
  if (std::string_view ns = Namespace(service); !ns.empty()) w.Attribute("xmlns", ns);
  WriteXmlStructureMembers(w, shape, value);
  return w.Take();
}

void WriteBody(const ServiceModel& service, const OperationModel& operation, const Shape& output,
               const json::object& doc, net::HttpResponse& response) {
  if (const MemberRef* p = output.payload) {
    const json::value* v = doc.if_contains(p->name);
    if (!v || v->is_null()) return;
    if (p->shape->type == ShapeType::kBlob && v->is_string()) {
      response.body = core::Base64Decode(v->get_string()).value_or(std::string());
    } else if (p->shape->type == ShapeType::kString && v->is_string()) {
      response.body = std::string(v->get_string());
    } else if (v->is_object()) {
      response.body = StructureXml(service, PayloadRootName(*p), *p->shape, v->get_object());
      response.headers.Set("Content-Type", std::string(kXmlContentType));
    }
    return;
  }
  bool has_body_members = false;
  for (const MemberRef& m : output.members) has_body_members |= m.location == Location::kBody;
  // S3 labels HeadBucket's empty answer as XML (moto's aws_verified test_header_content_type).
  if (IsS3(service) && operation.name() == "HeadBucket")
    response.headers.Set("Content-Type", std::string(kXmlContentType));
  if (!has_body_members) return;
  if (IsS3(service) && operation.name() == "GetBucketLocation") {
    // The root element's text is the whole answer (botocore special-cases this parse too).
    XmlWriter w;
    w.Declaration();
    w.Open("LocationConstraint");
    w.Attribute("xmlns", kS3Namespace);
    if (const json::value* v = doc.if_contains("LocationConstraint"); v && v->is_string())
      w.Text(v->get_string());
    response.body = w.Take();
  } else {
    std::string root = operation.name() + "Result";
    if (!output.location_name.empty()) root = output.location_name;
    if (IsS3(service)) {
      auto it = S3OutputRoots().find(operation.name());
      if (it != S3OutputRoots().end()) root = it->second;
    }
    response.body = StructureXml(service, root, output, doc);
  }
  response.headers.Set("Content-Type", std::string(kXmlContentType));
}

class RestXml final : public Codec {
 public:
  Protocol protocol() const override { return Protocol::kRestXml; }

  core::Result<const OperationModel*> Identify(const ServiceModel& service, const net::HttpRequest& request,
                                               std::string_view) const override {
    TARN_ASSIGN_OR_RETURN(QueryParams query, ParseQueryString(request.query()));
    auto route = MatchRoute(service, request.method, EffectivePath(service, request), query, request.headers);
    if (auto* match = std::get_if<RouteMatch>(&route)) return match->operation;
    // S3 answers MethodNotAllowed both for a known resource with the wrong method and for
    // methods it has no resource type for at all.
    return MethodNotAllowed();
  }

  core::Result<json::object> DecodeInput(const ServiceModel& service, const OperationModel& operation,
                                         const net::HttpRequest& request,
                                         std::string_view body) const override {
    json::object doc;
    const Shape* input = operation.input();
    if (!input) return doc;
    TARN_ASSIGN_OR_RETURN(QueryParams query, ParseQueryString(request.query()));
    auto labels = MatchUriPath(operation.uri_template(), EffectivePath(service, request));
    if (!labels) return MethodNotAllowed();
    TARN_TRY(DecodeBody(operation, *input, body, doc));
    TARN_TRY(BindRequestMembers(service, *input, *labels, query, request.headers, doc));
    // Object keys are UTF-8: a URI that decodes to anything else names no key.
    if (const auto* key = doc.if_contains("Key");
        key && key->is_string() && !IsValidUtf8(key->get_string())) {
      return core::AwsError("InvalidURI", "Couldn't parse the specified URI.", 400);
    }
    TARN_TRY(Validate(service, operation, doc));
    return doc;
  }

  net::HttpResponse EncodeOutput(const ServiceModel& service, const OperationModel& operation,
                                 net::Output&& output, std::string_view request_id) const override {
    net::HttpResponse response;
    response.status = operation.response_code();
    SetIdHeaders(response, request_id);
    const Shape* shape = operation.output();
    if (shape) WriteResponseBindings(*shape, output.json, response);
    if (output.http_status) response.status = output.http_status;
    if (output.body) {
      response.stream = std::move(output.body);
    } else if (shape) {
      WriteBody(service, operation, *shape, output.json, response);
    }
    return response;
  }

  net::HttpResponse EncodeError(const ServiceModel&, const core::AwsError& error,
                                std::string_view request_id) const override {
    net::HttpResponse response;
    response.status = error.http_status;
    SetIdHeaders(response, request_id);
    response.headers.Set("Content-Type", std::string(kXmlContentType));
    for (const auto& [name, value] : error.headers) response.headers.Set(name, value);
    XmlWriter w;
    w.Declaration();
    w.Open("Error");
    w.Element("Code", error.code);
    w.Element("Message", error.message);
    for (const auto& [key, value] : error.extra) {
      w.Element(key, value.is_string() ? std::string_view(value.get_string())
                                       : std::string_view(json::serialize(value)));
    }
    w.Element("RequestId", request_id);
    w.Element("HostId", HostId(request_id));
    response.body = w.Take();
    return response;
  }
};

}  // namespace

const Codec& RestXmlCodec() {
  static const RestXml codec;
  return codec;
}

}  // namespace tarn::protocol
