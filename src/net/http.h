#pragma once
// HTTP request/response values and the body seams between the transport (net::Server) and the
// rest of tarn. No Beast/Asio here: those stay inside server.cpp. A request and its body reader
// are used by one thread at a time (the io thread builds it, one worker handles it).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/deferred_durability.h"
#include "core/limits.h"
#include "core/result.h"

namespace tarn::net {

// Header fields in arrival order; names compare case-insensitively. Repeated fields are kept.
class HttpHeaders {
 public:
  using Entry = std::pair<std::string, std::string>;

  void Add(std::string name, std::string value);
  // Replaces every field of that name with one.
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);
  // The first value of the field, if present.
  std::optional<std::string_view> Get(std::string_view name) const;
  std::string GetOr(std::string_view name, std::string_view fallback = "") const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // Every value of a repeated field, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// A Content-Type's media type: "application/json" of "  application/json ; charset=utf-8".
std::string_view MediaType(std::string_view content_type);

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // request-target exactly as received: "/a%20b?x=1&y"
  HttpHeaders headers;
  std::string remote_address;  // peer IP, for aws:SourceIp
  std::string request_id;      // assigned by the server when the head arrives
  core::TimePoint received_at;
  std::chrono::steady_clock::time_point started;  // for the access log's microseconds
  bool secure = false;                            // TLS (never, for now)

  // Raw (still percent-encoded) path: target up to '?'.
  std::string_view path() const;
  // Raw query string after '?', without it; empty when there is none.
  std::string_view query() const;
};

// A request body as it arrives: a bounded buffer between socket and handler, with backpressure.
// Read blocks the calling worker thread until bytes arrive. Used by one thread.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Reads up to size bytes into buffer; returns 0 once the whole body has been read.
  // Errors: RequestTimeout (400) when the client stops sending, IncompleteBody (400) when it
  // disconnects before the declared length.
  virtual core::Result<size_t> Read(char* buffer, size_t size) = 0;
  // Content-Length as the client declared it; nullopt for chunked transfer encoding.
  virtual std::optional<uint64_t> DeclaredLength() const = 0;
};

// Reads the rest of the body into memory; too_large is returned once more than limit bytes arrive.
core::Result<std::string> ReadAll(BodyReader& reader, uint64_t limit, const core::AwsError& too_large);

// A body already in memory (buffered requests, tests).
class StringBodyReader final : public BodyReader {
 public:
  explicit StringBodyReader(std::string body) : body_(std::move(body)) {}
  core::Result<size_t> Read(char* buffer, size_t size) override;
  std::optional<uint64_t> DeclaredLength() const override { return body_.size(); }
  // The buffered body without copying; valid until the reader is destroyed.
  std::string_view contents() const { return body_; }

 private:
  std::string body_;
  size_t pos_ = 0;
};

// A response body produced while it is written (S3 GetObject from a file range, large payloads).
// Read is called sequentially from one thread; the transport writes Size() bytes in total.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual uint64_t Size() const = 0;
  // Reads the next bytes; returns 0 only after Size() bytes. An error aborts the connection.
  virtual core::Result<size_t> Read(char* buffer, size_t size) = 0;
};

// A response body already in memory (S3 objects stored inline in their record).
class StringBodySource final : public BodySource {
 public:
  explicit StringBodySource(std::string bytes) : bytes_(std::move(bytes)) {}
  uint64_t Size() const override { return bytes_.size(); }
  core::Result<size_t> Read(char* buffer, size_t size) override;

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

// length bytes of a file starting at offset. The file is opened now, so a later unlink or
// rename does not disturb a response already under way.
core::Result<std::unique_ptr<BodySource>> OpenFileRange(const std::string& path, uint64_t offset,
                                                        uint64_t length);

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;                    // used when stream is null
  std::unique_ptr<BodySource> stream;  // when set, its bytes are the body (Content-Length = Size())
  // For HEAD the transport writes headers only; a Content-Length header set here is kept as is.
  bool close_connection = false;
  // Filled in by the dispatcher for the access log.
  std::string service;
  std::string operation;
  // Set when the handler acknowledged writes whose fsync is still pending (group commit,
  // core/deferred_durability.h): the transport sends this response only after it has called
  // durable and durable's callback has run with true; with false the client gets a 500 instead.
  core::DurabilityWait durable;
};

// What the transport must know about a request before its body: decided from the head alone.
struct RequestPlan {
  // true: Handle pulls the body itself through the BodyReader (S3 object bodies);
  // false: the transport buffers up to max_body_bytes first.
  bool stream_body = false;
  uint64_t max_body_bytes = core::kDefaultMaxBodyBytes;
  // With stream_body: a body whose Content-Length is at most this is read whole on the io thread
  // and the exchange runs there (the handler does no blocking work for so small a body), skipping
  // the pipe to a worker. 0: never.
  uint64_t small_body_inline_bytes = 0;
  // The dispatcher's routing decision, handed back to Handle/Reject unchanged.
  std::shared_ptr<const void> state;
};

// The seam between the transport and everything above it (implemented by gateway::Dispatcher).
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // io thread, once the head has arrived: cheap, never blocks.
  virtual RequestPlan Plan(const HttpRequest& request) = 0;
  // Worker thread: the whole exchange. Never throws.
  virtual HttpResponse Handle(HttpRequest& request, const RequestPlan& plan, BodyReader& body) = 0;
  // io thread, once a buffered body has arrived: true when Handle for this request never blocks and
  // may run right there on the io thread instead of a worker. Cheap, never blocks, never throws.
  virtual bool RunsInline(const HttpRequest& /*request*/, const RequestPlan& /*plan*/,
                          std::string_view /*body*/) {
    return false;
  }
  // io thread, before the transport answers "Expect: 100-continue" for a buffered body: an error
  // the head alone already decides, sent instead of "100 Continue" so the client keeps its body
  // (a signature over a declared payload hash can be checked now). Cheap, never blocks or throws.
  virtual std::optional<core::AwsError> BeforeContinue(const HttpRequest& /*request*/,
                                                       const RequestPlan& /*plan*/) {
    return std::nullopt;
  }
  // io thread: an error the transport found before Handle ran (body over max_body_bytes,
  // client too slow), rendered in the request's protocol. Never throws.
  virtual HttpResponse Reject(const HttpRequest& request, const RequestPlan& plan,
                              const core::AwsError& error) = 0;
};

}  // namespace tarn::net
