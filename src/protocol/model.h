#pragma once
// AWS service models: botocore's service-2.json files, trimmed by tools/gen_models.py and embedded
// in the binary, parsed once into immutable structures with resolved shape pointers so codecs
// never look a model up by string on the hot path beyond one hash probe. ModelSet::Embedded() is
// built on first use (thread-safe static init) and lives for the whole process; every object
// here is read-only after construction and may be shared freely between threads.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "net/http.h"
#include "protocol/pattern.h"

namespace tarn::protocol {

enum class Protocol { kJson, kQuery, kRestJson, kRestXml };
std::string_view ProtocolName(Protocol protocol);  // "json", "query", "rest-json", "rest-xml"

// botocore shape types. "byte"/"short"/"character"/"bigdecimal"/"biginteger" do not occur in
// tarn's services; the loader maps them to their nearest kind so a newer model still loads.
enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kFloat,
  kDouble,
  kBoolean,
  kTimestamp,
  kBlob
};

// Where a member travels in a REST request/response (botocore "location").
enum class Location { kBody, kHeader, kHeaders, kUri, kQueryString, kStatusCode };

// botocore "timestampFormat"; kDefault means the protocol's default for that location.
enum class TimestampFormat { kDefault, kIso8601, kRfc822, kUnixTimestamp };

struct Shape;

// A reference to a shape with serialization traits: a structure member, or a list's "member",
// a map's "key"/"value".
struct MemberRef {
  std::string name;  // model member name ("TableName"); "member"/"key"/"value" for list/map refs
  const Shape* shape = nullptr;
  Location location = Location::kBody;
  std::string location_name;  // wire name (header, URI label, query key, XML element); may be empty
  std::string query_name;
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;
  TimestampFormat timestamp_format = TimestampFormat::kDefault;
  bool required = false;
  bool flattened = false;
  bool xml_attribute = false;
  bool idempotency_token = false;
  bool host_label = false;
  bool jsonvalue = false;
  bool streaming = false;
  bool eventpayload = false;
  // The member as AWS's validation messages print it: first letter lower-cased ("tableName").
  std::string validation_name;

  // locationName when set, else the member name: the body element/key name in every protocol.
  std::string_view wire_name() const {
    return location_name.empty() ? std::string_view(name) : location_name;
  }
};

// A modeled exception's wire identity (shape "error" trait).
struct ErrorTrait {
  std::string code;  // error.code, else the shape name
  int http_status = 400;
  bool sender_fault = true;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;

  // Structures: members in model order; payload names the member that is the whole HTTP body.
  std::vector<MemberRef> members;
  const MemberRef* payload = nullptr;
  // Lists (member) and maps (key, value).
  MemberRef member;
  MemberRef key;
  MemberRef value;
  bool flattened = false;

  // Constraints (botocore min/max: length for strings, blobs, lists and maps; range for numbers).
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> enum_values;
  std::string pattern;  // as in the model (Java regex syntax)
  // The pattern compiled once at load (pattern.h); null when tarn cannot evaluate it faithfully
  // (Java-only syntax such as \p{L}): such patterns are not checked.
  std::shared_ptr<const Pattern> pattern_matcher;

  TimestampFormat timestamp_format = TimestampFormat::kDefault;
  bool streaming = false;
  bool requires_length = false;
  bool document = false;
  bool is_union = false;
  bool eventstream = false;
  bool event = false;
  bool deprecated = false;
  bool exception = false;
  std::optional<ErrorTrait> error;  // set for every exception shape
  std::string location_name;        // shape-level XML name (S3 "SSE-KMS")
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;

  // Member by model name; nullptr when absent.
  const MemberRef* FindMember(std::string_view member_name) const;
  // Body member by wire name (locationName or name); nullptr when absent.
  const MemberRef* FindMemberByWireName(std::string_view wire_name) const;

 private:
  friend class ModelLoader;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, const MemberRef*, Hash, std::equal_to<>> by_name_;
  std::unordered_map<std::string, const MemberRef*, Hash, std::equal_to<>> by_wire_name_;
};

// A parsed http.requestUri: "/{Bucket}/{Key+}?uploads" → segments + literal query.
struct UriTemplate {
  struct Segment {
    std::string text;  // literal text, or the label name for labels
    bool label = false;
    bool greedy = false;  // {Key+}: matches the rest of the path, slashes included
  };
  struct QueryLiteral {
    std::string key;
    std::optional<std::string> value;  // "?list-type=2" → value "2"; "?uploads" → none
  };
  std::vector<Segment> segments;  // the path split on '/', leading '/' dropped
  bool trailing_slash = false;    // template path ends with '/' (Lambda "/2015-03-31/functions/")
  std::vector<QueryLiteral> query;
  int literal_segments = 0;
};

class OperationModel {
 public:
  const std::string& name() const { return name_; }
  const std::string& http_method() const { return http_method_; }
  const std::string& request_uri() const { return request_uri_; }
  int response_code() const { return response_code_; }  // http.responseCode, else 200
  const UriTemplate& uri_template() const { return uri_template_; }
  // Input/output structures; nullptr when the operation has none.
  const Shape* input() const { return input_; }
  const Shape* output() const { return output_; }
  // Input ref traits (REST-XML root element of a body without payload).
  const std::string& input_location_name() const { return input_location_name_; }
  const std::string& input_xml_namespace() const { return input_xml_namespace_; }
  // Query protocol output wrapper element ("GetCallerIdentityResult"); may be empty.
  const std::string& result_wrapper() const { return result_wrapper_; }
  const std::vector<const Shape*>& errors() const { return errors_; }
  const std::string& auth_type() const { return auth_type_; }  // "none", "v4-unsigned-body", or empty
  bool deprecated() const { return deprecated_; }
  // The input's payload member is a streaming blob (S3 PutObject/UploadPart): the handler reads
  // the body itself and the transport must not buffer it.
  bool streaming_input() const { return streaming_input_; }
  // The output's payload member is a streaming blob (S3 GetObject).
  bool streaming_output() const { return streaming_output_; }
  // REST input members bound to query-string keys and headers that are required: routing
  // prefers operations whose required bindings are present (S3 UploadPart vs PutObject).
  const std::vector<const MemberRef*>& required_query_members() const { return required_query_; }
  const std::vector<const MemberRef*>& required_header_members() const { return required_headers_; }

 private:
  friend class ModelLoader;
  std::string name_;
  std::string http_method_ = "POST";
  std::string request_uri_ = "/";
  int response_code_ = 200;
  UriTemplate uri_template_;
  const Shape* input_ = nullptr;
  const Shape* output_ = nullptr;
  std::string input_location_name_;
  std::string input_xml_namespace_;
  std::string result_wrapper_;
  std::vector<const Shape*> errors_;
  std::string auth_type_;
  bool deprecated_ = false;
  bool streaming_input_ = false;
  bool streaming_output_ = false;
  std::vector<const MemberRef*> required_query_;
  std::vector<const MemberRef*> required_headers_;
};

class ServiceModel {
 public:
  ServiceModel();
  ~ServiceModel();
  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;

  const std::string& name() const { return name_; }  // botocore directory name: "dynamodb", "cloudwatch"
  // SigV4 scope service: metadata.signingName, else endpointPrefix ("monitoring" for CloudWatch).
  const std::string& signing_name() const { return signing_name_; }
  // "DynamoDB_20120810"; empty for query/rest services.
  const std::string& target_prefix() const { return target_prefix_; }
  const std::string& api_version() const { return api_version_; }
  const std::string& json_version() const { return json_version_; }  // "1.0"/"1.1"; empty unless JSON
  const std::string& endpoint_prefix() const { return endpoint_prefix_; }
  const std::string& xml_namespace() const { return xml_namespace_; }
  const std::string& service_id() const { return service_id_; }
  bool aws_query_compatible() const { return aws_query_compatible_; }
  // From metadata.protocols (or metadata.protocol); smithy-rpc-v2-cbor is ignored for now.
  bool Supports(Protocol p) const;
  // The protocol used when a request carries no X-Amz-Target and no Action: the service's REST
  // protocol, else its first supported protocol in metadata order.
  Protocol rest_or_default_protocol() const;
  const OperationModel* FindOperation(std::string_view name) const;
  // Every operation, sorted by name.
  const std::vector<const OperationModel*>& operations() const { return operation_list_; }
  const Shape* FindShape(std::string_view name) const;
  // The modeled exception with this wire code (error.code, else shape name); nullptr if none.
  const Shape* FindErrorByCode(std::string_view code) const;

 private:
  friend class ModelLoader;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::string name_, signing_name_, target_prefix_, api_version_, json_version_, endpoint_prefix_,
      xml_namespace_, service_id_;
  bool aws_query_compatible_ = false;
  std::vector<Protocol> protocols_;
  std::unordered_map<std::string, std::unique_ptr<Shape>, Hash, std::equal_to<>> shapes_;
  std::unordered_map<std::string, std::unique_ptr<OperationModel>, Hash, std::equal_to<>> operations_;
  std::vector<const OperationModel*> operation_list_;
  std::unordered_map<std::string, const Shape*, Hash, std::equal_to<>> errors_by_code_;
};

class ModelSet {
 public:
  ModelSet();
  ~ModelSet();
  ModelSet(const ModelSet&) = delete;
  ModelSet& operator=(const ModelSet&) = delete;

  // The models embedded at build time. Parsed on first call; a corrupt embedded model is a build
  // defect and aborts (TARN_CHECK).
  static const ModelSet& Embedded();
  // Builds a set from JSON text in gen_models.py's format ({service → trimmed model}); tests.
  static core::Result<std::unique_ptr<ModelSet>> Parse(std::string_view json);

  const ServiceModel* Find(std::string_view name) const;
  // X-Amz-Target's part before '.': "DynamoDB_20120810" → dynamodb.
  const ServiceModel* FindByTargetPrefix(std::string_view prefix) const;
  // SigV4 credential-scope service → model. "dynamodb" → dynamodb (streams share the signing
  // name but are told apart by X-Amz-Target), "monitoring" → cloudwatch, "s3", "iam", ...
  const ServiceModel* FindBySigningName(std::string_view signing_name) const;
  const std::vector<const ServiceModel*>& services() const { return service_list_; }

 private:
  friend class ModelLoader;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<ServiceModel>, Hash, std::equal_to<>> services_;
  std::unordered_map<std::string, const ServiceModel*, Hash, std::equal_to<>> by_target_prefix_;
  std::unordered_map<std::string, const ServiceModel*, Hash, std::equal_to<>> by_signing_name_;
  std::vector<const ServiceModel*> service_list_;
};

// Which protocol this request speaks: X-Amz-Target header with a JSON service → kJson;
// a Query-capable service with Action= in the query string or a form-encoded POST → kQuery
// (CloudWatch speaks JSON 1.0 and Query); otherwise the service's REST protocol.
Protocol DetectProtocol(const ServiceModel& service, const net::HttpRequest& request);

}  // namespace tarn::protocol
