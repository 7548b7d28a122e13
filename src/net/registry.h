#pragma once
// The contract between services and the request path (STYLE.md, "How a service plugs in").
// A service registers one Operation row per AWS operation; every handler has one signature:
//   core::Result<Output> Handler(const Call&)
// Handlers are synchronous, run on the worker pool and never see HTTP, headers or wire formats.
// Registry is filled once at start-up (cli/serve.cpp) and read-only afterwards: thread-safe reads.

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "net/http.h"

namespace tarn::iam::policy {
class Policy;  // iam/policy/policy.h: a compiled policy document, immutable and shared
}

namespace tarn::net {

// Who is calling, where, and which request this is.
struct RequestContext {
  std::string request_id;
  std::string account_id = std::string(core::kDefaultAccountId);
  std::string region = std::string(core::kDefaultRegion);  // from the SigV4 credential scope
  std::string service;    // tarn's service name: the botocore model name ("dynamodb", "sts")
  std::string operation;  // the AWS operation name ("PutItem")
  core::Principal principal;
  std::string source_ip;
  std::string user_agent;
  std::string host;  // the Host header: the endpoint the client reached (DescribeEndpoints)
  bool secure_transport = false;
  core::TimePoint received_at;
};

// A buffered request payload with its integrity headers (see Call::payload).
struct PayloadIntegrity {
  std::string_view body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercase
};

// Authorization a handler asks for about the items of one request (S3 DeleteObjects: the
// s3:DeleteObject or s3:DeleteObjectVersion of each key), decided as the request itself was.
class ItemAuthorizer {
 public:
  virtual ~ItemAuthorizer() = default;
  // OK, or the AccessDenied error of the request's service.
  virtual core::Status Authorize(std::string_view action, std::string_view resource) const = 0;
};

struct Call {
  const RequestContext& context;
  // The operation's input: member names exactly as in the service model; blobs as base64
  // strings; timestamps as epoch seconds (numbers). Validated against the model already.
  const boost::json::object& input;
  // Streaming operations only (S3 object bodies); nullptr otherwise.
  BodyReader* body = nullptr;
  // Non-streaming operations only: the request payload as received, with its integrity headers
  // (Content-MD5, x-amz-checksum-*), for a service that must verify them over the exact bytes
  // (S3 DeleteObjects, whose model has no member for either). nullptr otherwise.
  const PayloadIntegrity* payload = nullptr;
  // Per-item authorization (see ItemAuthorizer); nullptr: every item is allowed (in-process calls).
  const ItemAuthorizer* items = nullptr;
};

struct Output {
  // The operation's output, in the same shape conventions as Call::input.
  boost::json::object json;
  // A streaming output payload (S3 GetObject); the codec sends it as the HTTP body.
  std::unique_ptr<BodySource> body;
  // Overrides the operation's HTTP status when not 0: S3 GetObject answers a Range with 206, a
  // status the model has no member for.
  int http_status = 0;
};

using Handler = std::function<core::Result<Output>(const Call&)>;
// The resource ARNs an operation acts on, for IAM authorization. Empty means "*".
using ResourceFunction = std::function<std::vector<std::string>(const Call&)>;

// What IAM needs to know about one request beyond the operation's action and resources.
struct AuthorizationExtras {
  // The request's condition keys: service keys (dynamodb:LeadingKeys, s3:prefix) and
  // aws:RequestTag/<key>, aws:TagKeys. Global keys (aws:username, aws:SourceIp, ...) are the
  // authorizer's business.
  std::vector<std::pair<std::string, std::vector<std::string>>> condition_keys;
  // Further (action, resource ARN) pairs the caller must also be allowed: CopyObject's
  // s3:GetObject on the source object.
  std::vector<std::pair<std::string, std::string>> also_required;
  // Condition keys that hold for one resource only (resource ARN -> keys): aws:ResourceTag/<key> of
  // a tagged table, role or function. Added to the request's keys while that resource is checked.
  std::map<std::string, std::vector<std::pair<std::string, std::vector<std::string>>>> resource_keys;
  // The action this request is authorized as when not the operation's: S3's s3:GetObjectVersion
  // for a GetObject that names a version.
  std::string action;
  // The resource-based policy of a resource the request acts on (Operation::resource_policy for
  // this call), or nullptr. Asked once per (action, resource) checked, also for the account's root
  // user (whom an explicit Deny in it binds); the only way an anonymous request is allowed.
  std::function<std::shared_ptr<const iam::policy::Policy>(std::string_view resource)> resource_policy;
};
using ExtrasFunction = std::function<AuthorizationExtras(const Call&)>;

struct Operation {
  std::string name;        // "PutItem": the model's operation name
  std::string iam_action;  // "dynamodb:PutItem"; empty: the actions are extras' also_required only
  ResourceFunction resources;
  Handler handler;
  ExtrasFunction extras;  // optional
  // Optional: the resource-based policy of a resource ARN this call acts on (S3: the bucket's
  // policy), or nullptr; see AuthorizationExtras::resource_policy.
  std::function<std::shared_ptr<const iam::policy::Policy>(const Call&, std::string_view resource)>
      resource_policy;
  // Optional, asked only when the caller is denied: an error it gets instead of AccessDenied. S3
  // answers NoSuchBucket to anyone, even an anonymous caller, since bucket names are global; an
  // allowed caller's handler reports the missing bucket itself, so the success path pays nothing.
  std::function<core::Status(const Call&)> precedes_access_denied;
  // Buffered request bodies larger than this are refused before the handler runs (0: default).
  uint64_t max_body_bytes = 0;
  // The handler never waits long: it computes, reads from storage (RocksDB's cache or the page
  // cache) and writes under group commit (core/deferred_durability.h), holding no lock across a
  // wait. The transport may then run the whole exchange on its io thread and skip two handoffs.
  bool cpu_only = false;
  // Streaming input: a body of at most this many bytes (its declared Content-Length) makes the
  // handler cpu_only for that request (S3 PutObject stores it inline in RocksDB). 0: never.
  uint64_t cpu_only_body_bytes = 0;
};

// Decides whether the request's principal may perform an operation on its resources (IAM policy
// evaluation, implemented by iam::Authorizer). Must be thread-safe. Returns the service's
// AccessDenied error when not allowed.
class Authorizer {
 public:
  virtual ~Authorizer() = default;
  virtual core::Status Authorize(const RequestContext& context, const Operation& operation,
                                 const std::vector<std::string>& resources,
                                 const AuthorizationExtras& extras) const = 0;
};

// A service's own cross-origin rules (S3's per-bucket CORS configuration), asked by the gateway for
// its requests that carry an Origin. Must be thread-safe.
using CorsHeaders = std::vector<std::pair<std::string, std::string>>;
class CrossOrigin {
 public:
  virtual ~CrossOrigin() = default;
  // A preflight (OPTIONS with Origin): the headers of its 200 answer, or the service's refusal.
  virtual core::Result<CorsHeaders> Preflight(const HttpRequest& request) const = 0;
  // An actual request with Origin: the headers its answer carries (none when no rule allows it).
  virtual CorsHeaders ForRequest(const HttpRequest& request) const = 0;
};

class Registry {
 public:
  // At most one per service; kept for the registry's lifetime.
  void SetCrossOrigin(std::string_view service, std::shared_ptr<const CrossOrigin> rules);
  const CrossOrigin* FindCrossOrigin(std::string_view service) const;
  // service: tarn's service name (botocore model name). Adding a name twice is a programming error.
  void Add(std::string_view service, Operation operation);
  // nullptr when the service has no such operation registered.
  const Operation* Find(std::string_view service, std::string_view operation) const;
  bool HasService(std::string_view service) const;

  // tarn's own endpoints under /_tarn/ that are no AWS operation (a function package's download
  // link, Lambda's Code.Location): a handler answers the requests whose path starts with its prefix,
  // or returns nullopt for 404. The handler checks whatever grants access itself.
  using InternalHandler = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
  void AddInternal(std::string prefix, InternalHandler handler);
  const InternalHandler* FindInternal(std::string_view path) const;

 private:
  std::map<std::string, std::map<std::string, Operation, std::less<>>, std::less<>> services_;
  std::map<std::string, std::shared_ptr<const CrossOrigin>, std::less<>> cross_origin_;
  std::vector<std::pair<std::string, InternalHandler>> internal_;
};

}  // namespace tarn::net
