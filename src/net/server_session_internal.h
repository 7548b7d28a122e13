#pragma once
// Private to net::Server (server*.cpp): the state a connection coroutine shares with the server
// (for Stop) and the coroutine itself. A Session is touched only on its connection's io thread,
// apart from the atomics the server reads while draining.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/http.h"
#include "net/server.h"

namespace tarn::net {

// What every session needs from the server; outlives every session.
struct ServerShared {
  ServerOptions options;
  HttpHandler& handler;
  boost::asio::thread_pool& workers;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> in_flight{0};  // requests whose head arrived and whose response is not written
  // Responses waiting for their writes' fsync (HttpResponse::durable). Stop lets them all resume
  // before the io threads end, so no storage thread posts to a context that is gone.
  std::atomic<int64_t> durable_waits{0};
  // The io contexts (one per io thread). A durability callback holds its context while it may still
  // post to it, so a late fsync can never post into a destroyed context.
  std::vector<std::shared_ptr<boost::asio::io_context>> contexts;
};

struct Session {
  explicit Session(boost::asio::ip::tcp::socket socket)
      : stream(std::move(socket)), body_timer(stream.get_executor()) {}
  boost::beast::tcp_stream stream;
  // Body reads use their own timer, which cancels the read rather than closing the socket as
  // tcp_stream's timeout does, so the client can still be told RequestTimeout.
  boost::asio::steady_timer body_timer;
  uint64_t body_read_generation = 0;  // io thread only: which read the pending timer guards
  bool body_timed_out = false;        // io thread only
  bool busy = false;                  // io thread only: between a request's head and its response's last byte
};

// The connection's whole life: requests until close, error, timeout or server stop.
boost::asio::awaitable<void> RunSession(std::shared_ptr<Session> session, ServerShared& shared);

// Closes the session's socket unless it is in the middle of a request (io thread only).
void CloseIfIdle(Session& session);
void CloseNow(Session& session);

}  // namespace tarn::net
