#pragma once
// A blocking loopback HTTP client and a scriptable HttpHandler for net::Server tests.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/http.h"
#include "net/server.h"

namespace tarn::net::testing {

// One TCP connection with a receive timeout, so a server bug fails a test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port, int recv_timeout_ms = 5000) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{recv_timeout_ms / 1000, (recv_timeout_ms % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { Close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Reads until n bytes are buffered or the peer closes / times out.
  bool Fill(size_t n) {
    char tmp[65536];
    while (buffer_.size() < n) {
      ssize_t got = ::recv(fd_, tmp, sizeof tmp, 0);
      if (got <= 0) return false;
      buffer_.append(tmp, static_cast<size_t>(got));
    }
    return true;
  }
  // True when the server has closed the connection (EOF or reset) within the timeout.
  bool WaitClosed() {
    char tmp[4096];
    for (;;) {
      ssize_t got = ::recv(fd_, tmp, sizeof tmp, 0);
      if (got == 0) return true;
      if (got < 0) return errno == ECONNRESET;
      buffer_.append(tmp, static_cast<size_t>(got));
    }
  }

  struct Response {
    int status = 0;
    std::string head;  // status line + headers
    std::string body;
    std::string Header(std::string_view name) const;
  };
  // Reads one response (Content-Length framed; no body when head_only). status 0 on failure.
  Response Read(bool head_only = false);

  std::string& buffer() { return buffer_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

inline std::string Client::Response::Header(std::string_view name) const {
  size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    size_t colon = head.find(':', pos);
    size_t eol = head.find("\r\n", pos);
    if (colon == std::string::npos || eol == std::string::npos || colon > eol) continue;
    if (EqualsIgnoreCase(std::string_view(head).substr(pos, colon - pos), name)) {
      std::string value = head.substr(colon + 1, eol - colon - 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
  }
  return "";
}

inline Client::Response Client::Read(bool head_only) {
  Response r;
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(buffer_.size() + 1)) return r;
  }
  r.head = buffer_.substr(0, end + 2);
  buffer_.erase(0, end + 4);
  if (r.head.size() < 12) return r;
  r.status = std::stoi(r.head.substr(9, 3));
  std::string length = r.Header("Content-Length");
  size_t n = head_only || length.empty() ? 0 : std::stoul(length);
  if (!Fill(n)) {
    r.status = 0;
    return r;
  }
  r.body = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return r;
}

// A handler whose behaviour each test sets through std::function members.
class ScriptedHandler final : public HttpHandler {
 public:
  std::function<RequestPlan(const HttpRequest&)> plan = [](const HttpRequest&) { return RequestPlan{}; };
  std::function<HttpResponse(HttpRequest&, BodyReader&)> handle = [](HttpRequest& request, BodyReader& body) {
    HttpResponse response;
    auto all = ReadAll(body, 1 << 30, core::AwsError("TooLarge", "too large", 413));
    response.body =
        request.method + " " + request.target + " " + (all.ok() ? *all : "ERR:" + all.error().code);
    return response;
  };

  RequestPlan Plan(const HttpRequest& request) override { return plan(request); }
  HttpResponse Handle(HttpRequest& request, const RequestPlan&, BodyReader& body) override {
    {
      std::lock_guard lock(mu);
      handle_threads.push_back(std::this_thread::get_id());
    }
    return handle(request, body);
  }
  HttpResponse Reject(const HttpRequest&, const RequestPlan&, const core::AwsError& error) override {
    {
      std::lock_guard lock(mu);
      rejected.push_back(error.code);
    }
    HttpResponse response;
    response.status = error.http_status;
    response.body = error.code;
    return response;
  }

  std::vector<std::string> Rejected() {
    std::lock_guard lock(mu);
    return rejected;
  }

  std::mutex mu;
  std::vector<std::string> rejected;
  std::vector<std::thread::id> handle_threads;
};

}  // namespace tarn::net::testing
