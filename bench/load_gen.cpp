// load_gen: a closed-loop HTTP/1.1 load generator for tarn. N keep-alive connections on one
// epoll thread each send a request, wait for the whole response and send the next one. In
// `signed` mode every request is a SigV4-signed STS GetCallerIdentity (signed afresh, as an SDK
// does); in `health` mode it is an unauthenticated GET /_tarn/health, to show what signing,
// routing and the codecs cost. Prints requests/s and latency percentiles.
//
//   load_gen --data DIR [--mode signed|health] [--connections 64] [--seconds 10] [--warmup 2]

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "auth/sigv4.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/fs.h"
#include "core/time_format.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string data_dir = "./tarn-data";
  std::string mode = "signed";
  int connections = 64;
  double seconds = 10;
  double warmup = 2;
};

struct Target {
  std::string host;
  int port = 0;
  std::string access_key, secret;
};

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n'\""));
  s.erase(s.find_last_not_of(" \t\r\n'\"") + 1);
  return s;
}

bool LoadTarget(const std::string& dir, Target* t) {
  auto info = tarn::core::ReadFile(dir + "/server.json");
  auto creds = tarn::core::ReadFile(dir + "/root-credentials");
  if (!info.ok() || !creds.ok()) return false;
  // {"endpoint":"http://127.0.0.1:4566","pid":1}
  size_t p = info->find("http://");
  if (p == std::string::npos) return false;
  std::string hostport = info->substr(p + 7, info->find('"', p) - p - 7);
  t->host = hostport.substr(0, hostport.rfind(':'));
  t->port = std::stoi(hostport.substr(hostport.rfind(':') + 1));
  size_t pos = 0;
  while (pos < creds->size()) {
    size_t nl = creds->find('\n', pos);
    std::string line = creds->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? creds->size() : nl + 1;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = Trim(line.substr(0, eq)), v = Trim(line.substr(eq + 1));
    if (k == "aws_access_key_id") t->access_key = v;
    if (k == "aws_secret_access_key") t->secret = v;
  }
  return !t->access_key.empty() && !t->secret.empty();
}

// Builds the next request's bytes.
class RequestFactory {
 public:
  RequestFactory(const Options& o, const Target& t) : mode_(o.mode), target_(t) {
    host_header_ = t.host + ":" + std::to_string(t.port);
  }

  std::string Next() {
    if (mode_ == "health") {
      return "GET /_tarn/health HTTP/1.1\r\nHost: " + host_header_ + "\r\n\r\n";
    }
    static const std::string kBody = "Action=GetCallerIdentity&Version=2011-06-15";
    static const std::string kContentType = "application/x-www-form-urlencoded; charset=utf-8";
    auto now = clock_.Now();
    std::string amz_date = tarn::core::FormatAmzDate(now);
    tarn::auth::SigningRequest req;
    req.method = "POST";
    req.canonical_uri = "/";
    req.canonical_query = "";
    req.headers = {{"content-type", kContentType}, {"host", host_header_}, {"x-amz-date", amz_date}};
    req.payload_hash = tarn::core::Sha256Hex(kBody);
    tarn::auth::CredentialScope scope{amz_date.substr(0, 8), "us-east-1", "sts"};
    std::string authorization =
        tarn::auth::SignRequest(req, scope, amz_date, target_.access_key, target_.secret);
    std::string out = "POST / HTTP/1.1\r\nHost: " + host_header_ + "\r\nContent-Type: " + kContentType +
                      "\r\nX-Amz-Date: " + amz_date + "\r\nAuthorization: " + authorization +
                      "\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
    return out;
  }

 private:
  std::string mode_;
  Target target_;
  std::string host_header_;
  tarn::core::SystemClock clock_;
};

struct Connection {
  int fd = -1;
  std::string out;
  size_t out_off = 0;
  std::string in;
  Clock::time_point sent;
};

// Returns the length of a complete response at the start of buf, 0 if incomplete, -1 on garbage.
long CompleteResponse(const std::string& buf, int* status) {
  size_t end = buf.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  if (buf.compare(0, 9, "HTTP/1.1 ") != 0) return -1;
  *status = std::atoi(buf.c_str() + 9);
  size_t length = 0;
  size_t pos = buf.find("\r\n") + 2;
  while (pos < end) {
    size_t eol = buf.find("\r\n", pos);
    if (eol - pos > 15 && strncasecmp(buf.c_str() + pos, "content-length:", 15) == 0)
      length = std::strtoul(buf.c_str() + pos + 15, nullptr, 10);
    pos = eol + 2;
  }
  size_t total = end + 4 + length;
  return buf.size() >= total ? static_cast<long>(total) : 0;
}

int Connect(const Target& t) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(t.port));
  ::inet_pton(AF_INET, t.host.c_str(), &addr.sin_addr);
  ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS: epoll tells
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--data")
      o.data_dir = argv[i + 1];
    else if (a == "--mode")
      o.mode = argv[i + 1];
    else if (a == "--connections")
      o.connections = std::atoi(argv[i + 1]);
    else if (a == "--seconds")
      o.seconds = std::atof(argv[i + 1]);
    else if (a == "--warmup")
      o.warmup = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  Target target;
  if (!LoadTarget(o.data_dir, &target)) {
    std::fprintf(stderr, "load_gen: no running tarn found in %s (server.json, root-credentials)\n",
                 o.data_dir.c_str());
    return 1;
  }
  RequestFactory factory(o, target);
  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Connection> conns(static_cast<size_t>(o.connections));
  for (size_t i = 0; i < conns.size(); ++i) {
    conns[i].fd = Connect(target);
    conns[i].out = factory.Next();
    conns[i].sent = Clock::now();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
  }

  std::vector<uint32_t> latencies;
  latencies.reserve(1 << 20);
  uint64_t errors = 0, non_200 = 0;
  auto start = Clock::now();
  auto measure_from =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
  auto stop =
      measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<epoll_event> events(256);
  char buf[65536];
  while (Clock::now() < stop) {
    int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
    for (int e = 0; e < n; ++e) {
      Connection& c = conns[events[e].data.u64];
      if (events[e].events & (EPOLLERR | EPOLLHUP)) {
        ++errors;
        std::fprintf(stderr, "load_gen: connection error\n");
        return 1;
      }
      // Write what is pending.
      while (c.out_off < c.out.size()) {
        ssize_t w = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
        if (w <= 0) break;
        c.out_off += static_cast<size_t>(w);
      }
      // Read all available, completing as many responses as arrived.
      while (true) {
        ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
        if (r <= 0) break;
        c.in.append(buf, static_cast<size_t>(r));
      }
      int status = 0;
      long len;
      while ((len = CompleteResponse(c.in, &status)) > 0) {
        auto now = Clock::now();
        if (now >= measure_from) {
          latencies.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(now - c.sent).count()));
          if (status != 200) ++non_200;
        }
        c.in.erase(0, static_cast<size_t>(len));
        c.out = factory.Next();
        c.out_off = 0;
        c.sent = now;
        while (c.out_off < c.out.size()) {
          ssize_t w = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
          if (w <= 0) break;
          c.out_off += static_cast<size_t>(w);
        }
      }
      if (len < 0) {
        std::fprintf(stderr, "load_gen: malformed response\n");
        return 1;
      }
    }
  }
  for (auto& c : conns) ::close(c.fd);
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) -> double {
    if (latencies.empty()) return 0;
    return latencies[std::min(latencies.size() - 1,
                              static_cast<size_t>(p * static_cast<double>(latencies.size())))] /
           1000.0;
  };
  std::printf(
      "mode=%s connections=%d seconds=%.1f requests=%zu rps=%.0f p50=%.3fms p90=%.3fms p99=%.3fms "
      "max=%.3fms non200=%lu errors=%lu\n",
      o.mode.c_str(), o.connections, o.seconds, latencies.size(),
      static_cast<double>(latencies.size()) / o.seconds, pct(0.50), pct(0.90), pct(0.99),
      latencies.empty() ? 0.0 : latencies.back() / 1000.0, static_cast<unsigned long>(non_200),
      static_cast<unsigned long>(errors));
  return non_200 == 0 ? 0 : 1;
}
