// One connection: read a head, plan, read (or stream) the body while a worker runs the handler,
// write the response, repeat while keep-alive holds. All socket work happens on the connection's
// io thread; handlers and BodySource reads run on the worker pool.

#include "net/server_session_internal.h"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <exception>

#include "core/ids.h"
#include "core/log.h"
#include "net/server_body_pipe.h"
#include "net/server_response.h"

namespace tarn::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

constexpr size_t kReadChunk = 64 * 1024;
// Bytes of a streamed request body in flight between socket and handler (backpressure bound).
constexpr size_t kPipeCapacity = 1024 * 1024;
// Streamed responses are pulled from their BodySource in pieces of this size.
constexpr size_t kSourceChunk = 256 * 1024;
// A streamed response body up to this size is read on the io thread and written with the head in
// one write: a page-cache read of a few KiB (or a copy of an inline S3 object) costs less than
// handing it to a worker and back. (Every BodySource is a file range or memory; a source that could
// wait for its bytes would have to go to the worker whatever its size.)
constexpr uint64_t kInlineSourceBytes = 64 * 1024;

using Parser = http::request_parser<http::buffer_body>;

core::AwsError TooLarge() { return core::AwsError("RequestEntityTooLarge", "Request entity too large", 413); }
core::AwsError Timeout() {
  return core::AwsError("RequestTimeout",
                        "Your socket connection to the server was not read from or written to within the "
                        "timeout period. Idle connections will be closed.",
                        400);
}
core::AwsError Incomplete() {
  return core::AwsError("IncompleteBody",
                        "You did not provide the number of bytes specified by the Content-Length HTTP header",
                        400);
}

// Runs fn on the worker pool and resumes the awaiting coroutine on its own executor (the io thread).
template <class Fn>
auto OnWorker(asio::thread_pool& pool, Fn fn) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [&pool](auto handler, Fn fn) {
        auto home = asio::get_associated_executor(handler);
        asio::post(pool, [handler = std::move(handler), fn = std::move(fn), home]() mutable {
          fn();
          asio::post(home, std::move(handler));
        });
      },
      asio::use_awaitable, std::move(fn));
}

HttpResponse SafeHandle(HttpHandler& handler, HttpRequest& request, const RequestPlan& plan,
                        BodyReader& body) {
  try {
    return handler.Handle(request, plan, body);
  } catch (const std::exception& e) {
    log::error("handler threw: {}", e.what());
  } catch (...) {
    log::error("handler threw a non-exception");
  }
  HttpResponse response;
  response.status = 500;
  response.body = "Internal error";
  response.close_connection = true;
  return response;
}

HttpRequest MakeRequest(const Parser& parser, const std::string& remote) {
  const auto& head = parser.get();
  HttpRequest request;
  request.started = std::chrono::steady_clock::now();
  request.received_at = std::chrono::system_clock::now();
  request.method = std::string(head.method_string());
  request.target = std::string(head.target());
  for (const auto& field : head) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.remote_address = remote;
  request.request_id = core::NewUuid();
  return request;
}

// The durability waits of one io thread's round: every response whose writes need an fsync asks for
// it only once the thread has run the work that was ready when the first of them asked (a post runs
// after the queued handlers and the reactor's next poll). Under load the requests that arrived
// together share one WAL sync, and syncs stay few (each costs the VM an I/O exit, a disk flush and
// ~150 us of CPU); a lone client's request is the whole round and asks at once.
struct DurabilityRound {
  std::vector<std::function<void()>> starts;
  bool posted = false;
  void Start() {
    auto batch = std::move(starts);
    starts.clear();
    posted = false;
    for (auto& start : batch) start();
  }
};
// One per io thread: each io thread runs exactly one io_context, so its connections share it.
DurabilityRound& ThisThreadsRound() {
  thread_local DurabilityRound round;
  return round;
}

// Resumes the awaiting coroutine on its own executor once response.durable reports, with its verdict.
// The callback keeps the coroutine's io context alive (`contexts`: the server's), in case the server
// is torn down before a storage thread calls it.
auto AwaitDurable(const core::DurabilityWait& durable,
                  const std::vector<std::shared_ptr<asio::io_context>>& contexts) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(bool)>(
      [&durable, &contexts](auto handler) {
        auto home = asio::get_associated_executor(handler);
        std::shared_ptr<asio::io_context> context;
        for (const auto& c : contexts) {
          if (&asio::query(home, asio::execution::context) == c.get()) context = c;
        }
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        DurabilityRound& round = ThisThreadsRound();
        round.starts.push_back([durable, shared, home, context] {
          durable([shared, home, context](bool ok) {
            asio::post(home, [shared, ok]() mutable { (*shared)(ok); });
          });
        });
        if (!round.posted) {
          round.posted = true;
          asio::post(home, [] { ThisThreadsRound().Start(); });
        }
      },
      asio::use_awaitable);
}

// State shared between the connection coroutine and the worker running a streaming handler.
struct StreamExchange {
  explicit StreamExchange(const asio::any_io_executor& ex) : wake(ex), done_signal(ex) {}
  asio::steady_timer wake;         // cancelled when the parked producer may continue
  asio::steady_timer done_signal;  // cancelled when the handler has returned
  bool handler_done = false;       // io thread only
  bool reading = false;            // io thread only: a socket read for the body is pending
  HttpResponse response;
  std::shared_ptr<BodyPipe> pipe;
};

class Connection {
 public:
  Connection(std::shared_ptr<Session> session, ServerShared& shared)
      : session_(std::move(session)), shared_(shared), stream_(session_->stream) {}

  asio::awaitable<void> Run();

 private:
  // False when the connection should close (timeout, EOF, malformed head).
  asio::awaitable<bool> ReadHead(Parser& parser);
  asio::awaitable<bool> Exchange(Parser& parser);
  // Reads the whole body into memory; nullopt after a Reject was written.
  asio::awaitable<std::optional<std::string>> ReadBuffered(Parser& parser, HttpRequest& request,
                                                           const RequestPlan& plan);
  asio::awaitable<HttpResponse> HandleStreaming(Parser& parser, HttpRequest& request, const RequestPlan& plan,
                                                bool& body_left);
  asio::awaitable<bool> Write(const HttpRequest& request, HttpResponse& response, bool keep_alive,
                              bool http10);
  asio::awaitable<error_code> WriteRaw(std::string_view bytes);
  // One body read with body_timeout of no progress; a timeout gives beast::error::timeout.
  asio::awaitable<error_code> ReadBodySome(Parser& parser);
  asio::awaitable<void> Reject(const HttpRequest& request, const RequestPlan& plan,
                               const core::AwsError& error);
  asio::awaitable<void> SendMinimal(int status, std::string_view code, std::string_view message);

  std::shared_ptr<Session> session_;
  ServerShared& shared_;
  beast::tcp_stream& stream_;
  beast::flat_buffer buffer_;
  std::string remote_;
};

asio::awaitable<void> Connection::Run() {
  error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = endpoint.address().to_string();
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  while (!shared_.stopping.load(std::memory_order_relaxed)) {
    Parser parser;
    parser.header_limit(static_cast<uint32_t>(shared_.options.max_header_bytes));
    parser.body_limit(boost::none);  // counted by us, against the plan's limit
    if (!co_await ReadHead(parser)) break;
    session_->busy = true;
    shared_.in_flight.fetch_add(1);
    bool keep = co_await Exchange(parser);
    shared_.in_flight.fetch_sub(1);
    session_->busy = false;
    if (!keep) break;
  }
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream_.close();
}

asio::awaitable<bool> Connection::ReadHead(Parser& parser) {
  error_code ec;
  if (buffer_.size() == 0) {
    // Waiting for the next request on a kept-alive connection: the idle timeout applies.
    stream_.expires_after(shared_.options.idle_timeout);
    size_t n = co_await stream_.async_read_some(buffer_.prepare(4096),
                                                asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    buffer_.commit(n);
  }
  // The whole head must then arrive within header_timeout (slowloris).
  stream_.expires_after(shared_.options.header_timeout);
  co_await http::async_read_header(stream_, buffer_, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (!ec) co_return true;
  if (ec == http::error::header_limit) {
    co_await SendMinimal(400, "RequestHeaderSectionTooLarge",
                         "Your request header section exceeds the maximum allowed size.");
  } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
             ec != http::error::end_of_stream && ec != http::error::partial_message) {
    co_await SendMinimal(400, "BadRequest", "An error occurred when parsing the HTTP request.");
  }
  co_return false;
}

asio::awaitable<void> Connection::SendMinimal(int status, std::string_view code, std::string_view message) {
  std::string bytes = MinimalErrorResponse(status, code, message);
  co_await WriteRaw(bytes);
}

asio::awaitable<error_code> Connection::ReadBodySome(Parser& parser) {
  // Small bodies usually arrive with the head: parse what is already buffered without arming the
  // body timer or going through the reactor (a timer and two handler dispatches per request).
  if (buffer_.size() > 0) {
    error_code ec;
    size_t used = parser.put(buffer_.data(), ec);
    buffer_.consume(used);
    // need_more: what is buffered ends inside a chunk's framing (the CRLF after a chunk's data
    // with the next chunk's size line still on the wire): read from the socket below.
    if (ec == http::error::need_buffer || ec == http::error::need_more) ec = {};
    if (ec || used > 0 || parser.is_done()) co_return ec;
  }
  Session& session = *session_;
  const uint64_t generation = ++session.body_read_generation;
  session.body_timed_out = false;
  stream_.expires_never();
  session.body_timer.expires_after(shared_.options.body_timeout);
  session.body_timer.async_wait([s = session_, generation](error_code e) {
    if (e || s->body_read_generation != generation) return;
    s->body_timed_out = true;
    error_code ignored;
    s->stream.socket().cancel(ignored);
  });
  error_code ec;
  co_await http::async_read_some(stream_, buffer_, parser, asio::redirect_error(asio::use_awaitable, ec));
  ++session.body_read_generation;
  session.body_timer.cancel();
  if (ec == http::error::need_buffer) ec = {};
  if (session.body_timed_out) ec = beast::error::timeout;
  co_return ec;
}

asio::awaitable<error_code> Connection::WriteRaw(std::string_view bytes) {
  error_code ec;
  stream_.expires_after(shared_.options.write_timeout);
  co_await asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

asio::awaitable<void> Connection::Reject(const HttpRequest& request, const RequestPlan& plan,
                                         const core::AwsError& error) {
  HttpResponse response;
  try {
    response = shared_.handler.Reject(request, plan, error);
  } catch (...) {
    response.status = error.http_status;
  }
  co_await Write(request, response, /*keep_alive=*/false, false);
}

asio::awaitable<bool> Connection::Exchange(Parser& parser) {
  HttpRequest request = MakeRequest(parser, remote_);
  const bool http10 = parser.get().version() == 10;
  bool keep_alive = parser.get().keep_alive();
  RequestPlan plan;
  try {
    plan = shared_.handler.Plan(request);
  } catch (...) {
    plan = RequestPlan{};
  }

  // A request that expects 100-continue gets it even when it has no body, where the paths below
  // read nothing and would skip it (RFC 9110 lets a server omit it then; S3 does not). botocore
  // sends "Expect: 100-continue" with an empty PutObject body and, answered without the interim
  // response, leaves its connection in a state where the next request on it waits out the read
  // timeout and is sent again (boto/botocore#3755): a stalled, duplicated write.
  if (parser.is_done()) {
    if (auto expect = request.headers.Get("Expect"); expect && EqualsIgnoreCase(*expect, "100-continue")) {
      if (co_await WriteRaw("HTTP/1.1 100 Continue\r\n\r\n")) co_return false;
    }
  }

  HttpResponse response;
  if (!plan.stream_body) {
    auto body = co_await ReadBuffered(parser, request, plan);
    if (!body) co_return false;
    bool inline_handler = false;
    try {
      inline_handler = shared_.handler.RunsInline(request, plan, *body);
    } catch (...) {
    }
    StringBodyReader reader(std::move(*body));
    if (inline_handler) {
      response = SafeHandle(shared_.handler, request, plan, reader);
    } else {
      co_await OnWorker(shared_.workers,
                        [&] { response = SafeHandle(shared_.handler, request, plan, reader); });
    }
  } else if (auto length = parser.content_length();
             plan.small_body_inline_bytes > 0 && length && *length <= plan.small_body_inline_bytes) {
    auto body = co_await ReadBuffered(parser, request, plan);
    if (!body) co_return false;
    StringBodyReader reader(std::move(*body));
    response = SafeHandle(shared_.handler, request, plan, reader);
  } else {
    bool body_left = false;
    response = co_await HandleStreaming(parser, request, plan, body_left);
    // Draining an unread body of unknown size could take forever: close instead.
    if (body_left) keep_alive = false;
  }
  if (response.durable) {
    // Group commit: the client hears of its writes only once they are fsynced.
    shared_.durable_waits.fetch_add(1);
    const bool durable = co_await AwaitDurable(response.durable, shared_.contexts);
    shared_.durable_waits.fetch_sub(1);
    if (!durable) {
      co_await Reject(
          request, plan,
          core::AwsError("InternalFailure", "The request's writes could not be made durable.", 500));
      co_return false;
    }
  }
  if (response.close_connection || shared_.stopping.load(std::memory_order_relaxed)) keep_alive = false;
  co_return co_await Write(request, response, keep_alive, http10);
}

asio::awaitable<std::optional<std::string>> Connection::ReadBuffered(Parser& parser, HttpRequest& request,
                                                                     const RequestPlan& plan) {
  std::string body;
  if (parser.is_done()) co_return body;
  if (auto length = parser.content_length(); length && *length > plan.max_body_bytes) {
    co_await Reject(request, plan, TooLarge());
    co_return std::nullopt;
  }
  if (auto expect = request.headers.Get("Expect"); expect && EqualsIgnoreCase(*expect, "100-continue")) {
    std::optional<core::AwsError> refused;
    try {
      refused = shared_.handler.BeforeContinue(request, plan);
    } catch (...) {
    }
    if (refused) {
      co_await Reject(request, plan, *refused);  // closes the connection: the body is never read
      co_return std::nullopt;
    }
    if (co_await WriteRaw("HTTP/1.1 100 Continue\r\n\r\n")) co_return std::nullopt;
  }
  if (auto length = parser.content_length()) body.reserve(static_cast<size_t>(*length));
  std::array<char, kReadChunk> chunk;
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    error_code ec = co_await ReadBodySome(parser);
    if (ec == beast::error::timeout) {
      co_await Reject(request, plan, Timeout());
      co_return std::nullopt;
    }
    if (ec) {
      // Malformed chunk framing answers 400; a vanished client gets nothing.
      if (ec.category() == http::make_error_code(http::error::bad_chunk).category() &&
          ec != http::error::partial_message && ec != http::error::end_of_stream) {
        co_await SendMinimal(400, "BadRequest", "An error occurred when parsing the HTTP request.");
      }
      co_return std::nullopt;
    }
    size_t n = chunk.size() - parser.get().body().size;
    if (body.size() + n > plan.max_body_bytes) {
      co_await Reject(request, plan, TooLarge());
      co_return std::nullopt;
    }
    body.append(chunk.data(), n);
  }
  co_return body;
}

asio::awaitable<HttpResponse> Connection::HandleStreaming(Parser& parser, HttpRequest& request,
                                                          const RequestPlan& plan, bool& body_left) {
  auto executor = co_await asio::this_coro::executor;
  auto ex = std::make_shared<StreamExchange>(executor);
  std::weak_ptr<StreamExchange> weak = ex;
  std::optional<uint64_t> declared;  // nullopt for chunked transfer encoding
  if (auto length = parser.content_length()) declared = *length;
  ex->pipe = std::make_shared<BodyPipe>(kPipeCapacity, declared, [weak, executor] {
    asio::post(executor, [weak] {
      if (auto alive = weak.lock()) alive->wake.cancel();
    });
  });
  if (parser.is_done()) ex->pipe->Finish();

  auto* stream = &stream_;
  asio::post(shared_.workers, [ex, &request, &plan, &handler = shared_.handler, executor, stream] {
    HttpResponse response = SafeHandle(handler, request, plan, *ex->pipe);
    asio::post(executor, [ex, response = std::move(response), stream]() mutable {
      ex->response = std::move(response);
      ex->handler_done = true;
      ex->wake.cancel();
      ex->done_signal.cancel();
      error_code ignored;
      if (ex->reading) stream->socket().cancel(ignored);
    });
  });

  const bool expect = [&] {
    auto e = request.headers.Get("Expect");
    return e && EqualsIgnoreCase(*e, "100-continue");
  }();
  bool sent_continue = !expect;
  uint64_t received = 0;
  while (!parser.is_done() && !ex->handler_done) {
    if (!ex->pipe->ProducerReady(!sent_continue, kReadChunk)) {
      ex->wake.expires_at(asio::steady_timer::time_point::max());
      error_code ignored;
      co_await ex->wake.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      continue;
    }
    if (!sent_continue) {
      sent_continue = true;
      if (co_await WriteRaw("HTTP/1.1 100 Continue\r\n\r\n")) {
        ex->pipe->Fail(Incomplete());
        break;
      }
    }
    std::string chunk = ex->pipe->TakeBuffer();
    chunk.resize(kReadChunk);
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    ex->reading = true;
    error_code ec = co_await ReadBodySome(parser);
    ex->reading = false;
    if (ex->handler_done) break;
    if (ec) {
      ex->pipe->Fail(ec == beast::error::timeout ? Timeout() : Incomplete());
      break;
    }
    size_t n = kReadChunk - parser.get().body().size;
    received += n;
    if (received > plan.max_body_bytes) {
      ex->pipe->Fail(TooLarge());
      break;
    }
    chunk.resize(n);
    ex->pipe->Push(std::move(chunk));
    if (parser.is_done()) ex->pipe->Finish();
  }
  body_left = !parser.is_done();
  while (!ex->handler_done) {
    ex->done_signal.expires_at(asio::steady_timer::time_point::max());
    error_code ignored;
    co_await ex->done_signal.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  co_return std::move(ex->response);
}

asio::awaitable<bool> Connection::Write(const HttpRequest& request, HttpResponse& response, bool keep_alive,
                                        bool http10) {
  std::string head;
  head.reserve(512);
  HeadFraming framing{.head_request = request.method == "HEAD", .keep_alive = keep_alive, .http10 = http10};
  const uint64_t body_bytes = SerializeHead(response, request.request_id, framing, head);
  error_code ec;
  uint64_t written = 0;
  stream_.expires_after(shared_.options.write_timeout);
  if (response.stream && body_bytes <= kInlineSourceBytes) {
    // A small streamed body is read here and goes out with the head in one write.
    response.body.resize(static_cast<size_t>(body_bytes));
    for (size_t got = 0; got < body_bytes;) {
      core::Result<size_t> n = response.stream->Read(response.body.data() + got, response.body.size() - got);
      if (!n.ok() || *n == 0) {
        if (!n.ok()) log::warn("response body source failed: {}", n.error().message);
        co_return false;  // nothing was written: just drop the connection
      }
      got += *n;
    }
    response.stream.reset();
  }
  if (!response.stream) {
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                              asio::buffer(response.body.data(), body_bytes)};
    written = co_await asio::async_write(stream_, buffers, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    written = co_await asio::async_write(stream_, asio::buffer(head),
                                         asio::redirect_error(asio::use_awaitable, ec));
    std::string piece;
    uint64_t left = body_bytes;
    while (!ec && left > 0) {
      core::Result<size_t> got = size_t{0};
      piece.resize(static_cast<size_t>(std::min<uint64_t>(left, kSourceChunk)));
      co_await OnWorker(shared_.workers, [&] { got = response.stream->Read(piece.data(), piece.size()); });
      if (!got.ok() || *got == 0) {
        if (!got.ok()) log::warn("response body source failed: {}", got.error().message);
        ec = asio::error::broken_pipe;  // the head promised more bytes: abort the connection
        break;
      }
      stream_.expires_after(shared_.options.write_timeout);
      written += co_await asio::async_write(stream_, asio::buffer(piece.data(), *got),
                                            asio::redirect_error(asio::use_awaitable, ec));
      left -= *got;
    }
  }
  if (shared_.options.access_log) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                        request.started);
    std::string_view target = request.target;
    shared_.options.access_log(AccessLogEntry{
        .request_id = request.request_id,
        .method = request.method,
        .target = target,
        .service = response.service,
        .operation = response.operation,
        .status = response.status,
        .bytes_out = written,
        .micros = micros.count(),
        .remote_address = request.remote_address,
    });
  }
  co_return !ec && keep_alive;
}

}  // namespace

asio::awaitable<void> RunSession(std::shared_ptr<Session> session, ServerShared& shared) {
  Connection connection(std::move(session), shared);
  co_await connection.Run();
}

void CloseIfIdle(Session& session) {
  if (!session.busy) CloseNow(session);
}

void CloseNow(Session& session) {
  error_code ignored;
  session.stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  session.stream.socket().close(ignored);
}

}  // namespace tarn::net
