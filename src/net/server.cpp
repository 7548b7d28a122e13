// net::Server: the listener, the io threads and worker pool, and the Stop/drain protocol.
// The per-connection logic is in server_session.cpp.

#include "net/server.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/log.h"
#include "net/server_session_internal.h"

namespace tarn::net {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
int DefaultIoThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }
// Many workers on purpose: handlers block on fsync, and every worker waiting in one RocksDB write
// group shares a single WAL sync (group commit). With 8 workers, durable PutItem at 64 connections
// ran 35-55% slower than with 64, at more CPU per request.
int DefaultWorkers() { return std::max(64, 16 * static_cast<int>(std::thread::hardware_concurrency())); }
}  // namespace

// One io_context per io thread, each run by its thread alone: a connection lives on one context
// for its whole life, so its completions never cross threads and the contexts share no scheduler
// lock (one shared context run by every io thread spent a fifth of its time waking idle threads
// and handing work between them). Connections are dealt to the contexts in turn.
struct Server::Impl {
  Impl(ServerOptions options, HttpHandler& handler)
      : workers(static_cast<size_t>(options.worker_threads > 0 ? options.worker_threads : DefaultWorkers())),
        shared{std::move(options), handler, workers},
        contexts(
            MakeContexts(shared.options.io_threads > 0 ? shared.options.io_threads : DefaultIoThreads())),
        acceptor(*contexts.front()) {
    shared.contexts = contexts;
  }

  static std::vector<std::shared_ptr<asio::io_context>> MakeContexts(int n) {
    std::vector<std::shared_ptr<asio::io_context>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_shared<asio::io_context>(1));
    return out;
  }

  asio::awaitable<void> Accept();
  void Track(uint64_t id, const std::shared_ptr<Session>& session);
  void Untrack(uint64_t id);
  // Runs fn(session) on each live session's own io thread.
  template <class Fn>
  void ForEachSession(Fn fn);

  asio::thread_pool workers;
  ServerShared shared;
  std::vector<std::shared_ptr<asio::io_context>> contexts;
  asio::ip::tcp::acceptor acceptor;  // on contexts[0]
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> io_threads;
  uint16_t port = 0;
  bool started = false;
  bool stopped = false;

  std::mutex sessions_mu;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions;  // guarded by sessions_mu
  uint64_t next_id = 0;                                           // accept coroutine only
  size_t next_context = 0;                                        // accept coroutine only
};

void Server::Impl::Track(uint64_t id, const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mu);
  sessions.emplace(id, session);
}

void Server::Impl::Untrack(uint64_t id) {
  std::lock_guard lock(sessions_mu);
  sessions.erase(id);
}

template <class Fn>
void Server::Impl::ForEachSession(Fn fn) {
  std::lock_guard lock(sessions_mu);
  for (auto& [id, weak] : sessions) {
    if (auto session = weak.lock()) {
      asio::post(session->stream.get_executor(), [session, fn] { fn(*session); });
    }
  }
}

asio::awaitable<void> Server::Impl::Accept() {
  while (acceptor.is_open()) {
    error_code ec;
    asio::io_context& home = *contexts[next_context];
    next_context = (next_context + 1) % contexts.size();
    // No strand: the context has one thread, which serializes the session's work by itself.
    auto socket = co_await acceptor.async_accept(home, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
      // EMFILE and friends: back off briefly instead of spinning.
      log::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    auto session = std::make_shared<Session>(std::move(socket));
    const uint64_t id = next_id++;
    Track(id, session);
    auto executor = session->stream.get_executor();
    asio::co_spawn(executor, RunSession(session, shared), [this, id](std::exception_ptr e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log::error("connection failed: {}", ex.what());
        } catch (...) {
          log::error("connection failed");
        }
      }
      Untrack(id);
    });
  }
}

Server::Server(ServerOptions options, HttpHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() { Stop(std::chrono::milliseconds(0)); }

uint16_t Server::port() const { return impl_->port; }

core::Status Server::Start() {
  auto& im = *impl_;
  if (im.started) return core::AwsError("InternalFailure", "server already started", 500);
  error_code ec;
  auto address = asio::ip::make_address(im.shared.options.host, ec);
  if (ec) return core::AwsError("InvalidArgument", "invalid listen address " + im.shared.options.host, 400);
  asio::ip::tcp::endpoint endpoint(address, im.shared.options.port);
  im.acceptor.open(endpoint.protocol(), ec);
  if (!ec) im.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(endpoint, ec);
  if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::AwsError("InternalFailure",
                          "cannot listen on " + im.shared.options.host + ":" +
                              std::to_string(im.shared.options.port) + ": " + ec.message(),
                          500);
  }
  im.port = im.acceptor.local_endpoint().port();
  im.started = true;
  for (auto& context : im.contexts) im.guards.emplace_back(context->get_executor());
  asio::co_spawn(im.acceptor.get_executor(), im.Accept(), asio::detached);
  for (auto& context : im.contexts) im.io_threads.emplace_back([c = context.get()] { c->run(); });
  return core::Ok();
}

void Server::Stop(std::chrono::milliseconds drain) {
  auto& im = *impl_;
  if (!im.started || im.stopped) return;
  im.stopped = true;
  im.shared.stopping.store(true);
  asio::post(im.acceptor.get_executor(), [&im] {
    error_code ignored;
    im.acceptor.close(ignored);
  });
  im.ForEachSession([](Session& s) { CloseIfIdle(s); });
  const auto deadline = std::chrono::steady_clock::now() + drain;
  while (im.shared.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // A response waiting for its fsync resumes on its io thread: those must still run. An fsync always
  // ends (Rocks cannot close before it does either), so this wait has no deadline.
  while (im.shared.durable_waits.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  im.ForEachSession([](Session& s) { CloseNow(s); });
  for (auto& guard : im.guards) guard.reset();
  // Sessions end once their sockets close; give them a moment before forcing the loop down.
  const auto settle = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  while (std::chrono::steady_clock::now() < settle) {
    {
      std::lock_guard lock(im.sessions_mu);
      if (im.sessions.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  for (auto& context : im.contexts) context->stop();
  for (auto& t : im.io_threads) t.join();
  im.io_threads.clear();
  // Handlers still running finish here; their completions are dropped with the io_context.
  im.workers.join();
}

}  // namespace tarn::net
