#pragma once
// net::Server: the HTTP/1.1 transport (Boost.Beast + Asio, C++20 coroutines). N io threads own
// the sockets; a worker pool runs HttpHandler::Handle so no blocking work happens on io threads.
// Keep-alive, header/body limits, read and idle timeouts, Expect: 100-continue, chunked request
// bodies, streamed request bodies with backpressure and streamed response bodies.
// Start/Stop are called from one controlling thread; everything else is internal.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http.h"

namespace tarn::net {

struct AccessLogEntry {
  std::string_view request_id;
  std::string_view method;
  std::string_view target;
  std::string_view service;
  std::string_view operation;
  int status;
  uint64_t bytes_out;
  int64_t micros;  // from the head's arrival to the last byte written
  std::string_view remote_address;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;    // 0 picks a free port; read it back with Server::port()
  int io_threads = 0;      // 0: one per core
  int worker_threads = 0;  // 0: 16 per core, at least 64
  size_t max_header_bytes = core::kMaxHeaderBytes;
  // The whole request head must arrive within this (slowloris).
  std::chrono::milliseconds header_timeout{std::chrono::seconds(20)};
  // A body read that makes no progress for this long fails with RequestTimeout.
  std::chrono::milliseconds body_timeout{std::chrono::seconds(20)};
  // A keep-alive connection with no new request for this long is closed.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // A response write that makes no progress for this long aborts the connection.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
  // Called once per completed response, from io threads (must be thread-safe and quick).
  std::function<void(const AccessLogEntry&)> access_log;
};

class Server {
 public:
  Server(ServerOptions options, HttpHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the io and worker threads. Fails if the address is in use.
  core::Status Start();
  // The bound port (after Start).
  uint16_t port() const;
  // Stops accepting, lets in-flight requests finish for up to drain, then closes every
  // connection and joins all threads. Idempotent.
  void Stop(std::chrono::milliseconds drain = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tarn::net
