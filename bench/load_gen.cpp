// load_gen: a closed-loop HTTP/1.1 load generator for tarn. N keep-alive connections on one
// epoll thread each send a request, wait for the whole response and send the next one. Every
// request except `health` is SigV4-signed afresh, as an SDK does. Modes:
//   signed  STS GetCallerIdentity (Query protocol)
//   health  unauthenticated GET /_tarn/health, to show what signing, routing and the codecs cost
//   put     DynamoDB PutItem of ~1 KB items, cycling over partitions x items-per-partition keys
//   get     DynamoDB GetItem of a random key of that key space (run `put` first to fill it)
//   query   DynamoDB Query of one random partition (items-per-partition items, 10 by default)
//   transact  DynamoDB TransactWriteItems of 4 Puts of ~1 KB items on 4 consecutive keys of the put key
//           space (no two requests in flight share an item, so none is cancelled by a conflict)
//   query-gsi  the same Query through the table's GSI gsi1 (a partition of the same 10 items; needs
//              --gsis 1 or 2 at --setup and `put --gsis N` first)
//   s3-put     S3 PutObject of --object-bytes (4 KiB) bodies, cycling over --objects keys (durable)
//   s3-get     S3 GetObject of a random one of --objects 4 KiB objects (--setup writes them)
//   s3-get-1m  S3 GetObject of a random one of 16 1 MiB objects (--setup writes them); adds MB/s
// Prints requests/s and latency percentiles. The target is either the tarn serving --data DIR
// (server.json + root-credentials) or any endpoint with --endpoint/--access-key/--secret (moto).
// --setup creates the DynamoDB table first (and waits for ACTIVE); --stream gives it a
// NEW_AND_OLD_IMAGES stream; --gsis N (0..2) gives it N global secondary indexes (gsi1: g1 S + n N, ALL;
// gsi2: g2 S, KEYS_ONLY) and makes `put` write their key attributes (also with --gsis 0, so the
// items are the same with and without indexes). For the s3-* modes --setup creates --bucket (path-style
// requests, x-amz-content-sha256 signed as SDKs do) and the objects the GET modes read.
//
//   load_gen (--data DIR | --endpoint http://H:P --access-key K --secret S) [--mode MODE]
//            [--connections 64] [--seconds 10] [--warmup 2] [--label NAME] [--setup] [--stream]
//            [--gsis N] [--table bench] [--partitions 1000] [--items-per-partition 10] [--item-bytes 1024]
//            [--bucket bench] [--objects 1000] [--object-bytes 4096]

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
#include <random>
#include <string>
#include <thread>
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
  std::string endpoint, access_key, secret;
  std::string label;
  bool setup = false;
  bool stream = false;
  int gsis = -1;  // -1: items without index attributes
  std::string table = "bench";
  int partitions = 1000;
  int items_per_partition = 10;
  int item_bytes = 1024;
  std::string bucket = "bench";
  int objects = 1000;
  int object_bytes = 4096;
};

// The 1 MiB GET mode reads this many distinct objects (all in page cache after --setup).
constexpr int kLargeObjects = 16;
constexpr size_t kLargeObjectBytes = 1024 * 1024;

bool IsS3Mode(const std::string& mode) { return mode.rfind("s3-", 0) == 0; }

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

bool ParseEndpoint(const std::string& endpoint, Target* t) {
  if (endpoint.rfind("http://", 0) != 0) return false;
  std::string hostport = endpoint.substr(7);
  if (!hostport.empty() && hostport.back() == '/') hostport.pop_back();
  size_t colon = hostport.rfind(':');
  if (colon == std::string::npos) return false;
  t->host = hostport.substr(0, colon);
  t->port = std::atoi(hostport.c_str() + colon + 1);
  return t->port > 0;
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
  RequestFactory(const Options& o, const Target& t) : o_(o), target_(t), rng_(std::random_device{}()) {
    host_header_ = t.host + ":" + std::to_string(t.port);
    payload_ = std::string(static_cast<size_t>(std::max(0, o.item_bytes - 40)), 'x');
    object_ = std::string(static_cast<size_t>(std::max(0, o.object_bytes)), 'o');
    object_sha256_ = Sha256Of(object_);
  }

  std::string Next() {
    if (o_.mode == "health") return "GET /_tarn/health HTTP/1.1\r\nHost: " + host_header_ + "\r\n\r\n";
    if (o_.mode == "signed") {
      return Signed("sts", "application/x-www-form-urlencoded; charset=utf-8", "",
                    "Action=GetCallerIdentity&Version=2011-06-15");
    }
    if (o_.mode == "s3-put") return S3("PUT", "small-" + std::to_string(next_key_++ % Objects()), object_);
    if (o_.mode == "s3-get") return S3("GET", "small-" + std::to_string(rng_() % Objects()), "");
    if (o_.mode == "s3-get-1m") return S3("GET", "large-" + std::to_string(rng_() % kLargeObjects), "");
    uint64_t keys = static_cast<uint64_t>(o_.partitions) * static_cast<uint64_t>(o_.items_per_partition);
    if (o_.mode == "put") {
      uint64_t k = next_key_++ % keys;
      std::string index_keys = o_.gsis < 0 ? ""
                                           : ",\"g1\":{\"S\":\"g" + std::to_string(k / 10) +
                                                 "\"},\"g2\":{\"S\":\"h" + std::to_string(k % 997) + "\"}";
      return DynamoDb("PutItem", "{\"TableName\":\"" + o_.table + "\",\"Item\":{" + Key(k) + index_keys +
                                     ",\"payload\":{\"S\":\"" + payload_ + "\"},\"n\":{\"N\":\"" +
                                     std::to_string(k) + "\"}}}");
    }
    if (o_.mode == "transact") {
      std::string items;
      for (int i = 0; i < 4; ++i) {
        uint64_t k = next_key_++ % keys;
        items += std::string(i ? "," : "") + "{\"Put\":{\"TableName\":\"" + o_.table + "\",\"Item\":{" +
                 Key(k) + ",\"payload\":{\"S\":\"" + payload_ + "\"},\"n\":{\"N\":\"" + std::to_string(k) +
                 "\"}}}}";
      }
      return DynamoDb("TransactWriteItems", "{\"TransactItems\":[" + items + "]}");
    }
    if (o_.mode == "get") {
      uint64_t k = rng_() % keys;
      return DynamoDb("GetItem", "{\"TableName\":\"" + o_.table + "\",\"Key\":{" + Key(k) + "}}");
    }
    uint64_t p = rng_() % static_cast<uint64_t>(o_.partitions);
    if (o_.mode == "query-gsi")
      return DynamoDb("Query", "{\"TableName\":\"" + o_.table +
                                   "\",\"IndexName\":\"gsi1\",\"KeyConditionExpression\":\"g1 = :p\","
                                   "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"g" +
                                   std::to_string(p) + "\"}}}");
    // query
    return DynamoDb("Query", "{\"TableName\":\"" + o_.table +
                                 "\",\"KeyConditionExpression\":\"pk = :p\",\"ExpressionAttributeValues\":"
                                 "{\":p\":{\"S\":\"p" +
                                 std::to_string(p) + "\"}}}");
  }

  // One path-style S3 request on --bucket (key empty: the bucket itself), payload signed.
  std::string S3(const std::string& method, const std::string& key, const std::string& body) {
    std::string path = "/" + o_.bucket + (key.empty() ? "" : "/" + key);
    auto now = clock_.Now();
    std::string amz_date = tarn::core::FormatAmzDate(now);
    const std::string& payload_hash =
        body.empty() ? kEmptySha256 : (&body == &object_ ? object_sha256_ : Sha256Of(body));
    tarn::auth::SigningRequest req;
    req.method = method;
    req.canonical_uri = path;
    req.headers = {{"host", host_header_}, {"x-amz-content-sha256", payload_hash}, {"x-amz-date", amz_date}};
    req.payload_hash = payload_hash;
    tarn::auth::CredentialScope scope{amz_date.substr(0, 8), "us-east-1", "s3"};
    std::string authorization =
        tarn::auth::SignRequest(req, scope, amz_date, target_.access_key, target_.secret);
    std::string out = method + " " + path + " HTTP/1.1\r\nHost: " + host_header_ +
                      "\r\nX-Amz-Date: " + amz_date + "\r\nX-Amz-Content-SHA256: " + payload_hash +
                      "\r\nAuthorization: " + authorization + "\r\n";
    if (method == "PUT") out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
  }
  uint64_t Objects() const { return static_cast<uint64_t>(std::max(1, o_.objects)); }
  const std::string& object() const { return object_; }

  // One DynamoDB JSON 1.0 request.
  std::string DynamoDb(const std::string& operation, const std::string& body) {
    return Signed("dynamodb", "application/x-amz-json-1.0", "DynamoDB_20120810." + operation, body);
  }

 private:
  static std::string Key(uint64_t k) {
    return "\"pk\":{\"S\":\"p" + std::to_string(k / 10) + "\"},\"sk\":{\"S\":\"s" + std::to_string(k % 10) +
           "\"}";
  }

  std::string Signed(const std::string& service, const std::string& content_type, const std::string& target,
                     const std::string& body) {
    auto now = clock_.Now();
    std::string amz_date = tarn::core::FormatAmzDate(now);
    tarn::auth::SigningRequest req;
    req.method = "POST";
    req.canonical_uri = "/";
    req.canonical_query = "";
    req.headers = {{"content-type", content_type}, {"host", host_header_}, {"x-amz-date", amz_date}};
    if (!target.empty()) req.headers.emplace_back("x-amz-target", target);
    req.payload_hash = tarn::core::Sha256Hex(body);
    tarn::auth::CredentialScope scope{amz_date.substr(0, 8), "us-east-1", service};
    std::string authorization =
        tarn::auth::SignRequest(req, scope, amz_date, target_.access_key, target_.secret);
    std::string out = "POST / HTTP/1.1\r\nHost: " + host_header_ + "\r\nContent-Type: " + content_type +
                      "\r\nX-Amz-Date: " + amz_date + "\r\n";
    if (!target.empty()) out += "X-Amz-Target: " + target + "\r\n";
    out += "Authorization: " + authorization + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
    return out;
  }

  static std::string Sha256Of(const std::string& body) { return tarn::core::Sha256Hex(body); }
  static inline const std::string kEmptySha256 = Sha256Of("");

  const Options& o_;
  Target target_;
  std::string host_header_;
  std::string payload_;
  std::string object_;
  std::string object_sha256_;
  uint64_t next_key_ = 0;
  std::mt19937_64 rng_;
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
// *close: the server said `Connection: close` (moto's werkzeug does after every response).
long CompleteResponse(const std::string& buf, int* status, bool* close = nullptr) {
  size_t end = buf.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  if (buf.compare(0, 9, "HTTP/1.1 ") != 0 && buf.compare(0, 9, "HTTP/1.0 ") != 0) return -1;
  *status = std::atoi(buf.c_str() + 9);
  if (close) *close = buf.compare(0, 9, "HTTP/1.0 ") == 0;
  size_t length = 0;
  size_t pos = buf.find("\r\n") + 2;
  while (pos < end) {
    size_t eol = buf.find("\r\n", pos);
    if (eol - pos > 15 && strncasecmp(buf.c_str() + pos, "content-length:", 15) == 0)
      length = std::strtoul(buf.c_str() + pos + 15, nullptr, 10);
    if (close && eol - pos >= 17 && strncasecmp(buf.c_str() + pos, "connection: close", 17) == 0)
      *close = true;
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

// One blocking request on a fresh connection: the response status and body, or -1.
int RoundTrip(const Target& t, const std::string& request, std::string* body) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(t.port));
  ::inet_pton(AF_INET, t.host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  size_t off = 0;
  while (off < request.size()) {
    ssize_t w = ::send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  std::string in;
  char buf[65536];
  int status = -1;
  long len = 0;
  while ((len = CompleteResponse(in, &status)) == 0) {
    ssize_t r = ::recv(fd, buf, sizeof buf, 0);
    if (r <= 0) break;
    in.append(buf, static_cast<size_t>(r));
  }
  ::close(fd);
  if (len <= 0) return -1;
  *body = in.substr(in.find("\r\n\r\n") + 4, static_cast<size_t>(len));
  return status;
}

// CreateTable (pk S HASH, sk S RANGE, on demand), then DescribeTable until ACTIVE.
bool SetUpTable(const Options& o, const Target& t, RequestFactory& factory) {
  std::string stream =
      o.stream ? ",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}"
               : "";
  std::string defs, indexes;
  if (o.gsis >= 1) {
    defs =
        ",{\"AttributeName\":\"g1\",\"AttributeType\":\"S\"},{\"AttributeName\":\"n\",\"AttributeType\":"
        "\"N\"}";
    indexes =
        ",\"GlobalSecondaryIndexes\":[{\"IndexName\":\"gsi1\",\"KeySchema\":[{\"AttributeName\":\"g1\","
        "\"KeyType\":\"HASH\"},{\"AttributeName\":\"n\",\"KeyType\":\"RANGE\"}],\"Projection\":"
        "{\"ProjectionType\":\"ALL\"}}";
    if (o.gsis >= 2) {
      defs += ",{\"AttributeName\":\"g2\",\"AttributeType\":\"S\"}";
      indexes +=
          ",{\"IndexName\":\"gsi2\",\"KeySchema\":[{\"AttributeName\":\"g2\",\"KeyType\":\"HASH\"}],"
          "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}";
    }
    indexes += "]";
  }
  std::string body;
  int status = RoundTrip(
      t,
      factory.DynamoDb("CreateTable",
                       "{\"TableName\":\"" + o.table +
                           "\",\"BillingMode\":\"PAY_PER_REQUEST\",\"KeySchema\":[{\"AttributeName\":\"pk\","
                           "\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
                           "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},"
                           "{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"}" +
                           defs + "]" + indexes + stream + "}"),
      &body);
  if (status != 200 && body.find("ResourceInUseException") == std::string::npos) {
    std::fprintf(stderr, "load_gen: CreateTable failed: %d %s\n", status, body.c_str());
    return false;
  }
  for (int i = 0; i < 600; ++i) {
    status = RoundTrip(t, factory.DynamoDb("DescribeTable", "{\"TableName\":\"" + o.table + "\"}"), &body);
    size_t at = body.find("\"TableStatus\"");  // moto writes `"TableStatus": "ACTIVE"`
    if (status == 200 && at != std::string::npos &&
        body.compare(body.find('"', at + 13), 8, "\"ACTIVE\"") == 0)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::fprintf(stderr, "load_gen: table %s did not become ACTIVE: %d %s\n", o.table.c_str(), status,
               body.c_str());
  return false;
}

// CreateBucket (an existing one is fine), then the objects the GET modes read.
bool SetUpBucket(const Options& o, const Target& t, RequestFactory& factory) {
  std::string body;
  int status = RoundTrip(t, factory.S3("PUT", "", ""), &body);
  if (status != 200 && body.find("BucketAlreadyOwnedByYou") == std::string::npos) {
    std::fprintf(stderr, "load_gen: CreateBucket failed: %d %s\n", status, body.c_str());
    return false;
  }
  std::vector<std::string> keys;
  if (o.mode == "s3-get") {
    for (uint64_t k = 0; k < factory.Objects(); ++k) keys.push_back("small-" + std::to_string(k));
  } else if (o.mode == "s3-get-1m") {
    for (int k = 0; k < kLargeObjects; ++k) keys.push_back("large-" + std::to_string(k));
  }
  std::string large(kLargeObjectBytes, 'L');
  for (const std::string& key : keys) {
    const std::string& payload = key.rfind("large-", 0) == 0 ? large : factory.object();
    status = RoundTrip(t, factory.S3("PUT", key, payload), &body);
    if (status != 200) {
      std::fprintf(stderr, "load_gen: PutObject %s failed: %d %s\n", key.c_str(), status, body.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--setup" || a == "--stream") {
      (a == "--setup" ? o.setup : o.stream) = true;
      --i;  // a flag: no value
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "option %s needs a value\n", a.c_str());
      return 2;
    }
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
    else if (a == "--endpoint")
      o.endpoint = argv[i + 1];
    else if (a == "--access-key")
      o.access_key = argv[i + 1];
    else if (a == "--secret")
      o.secret = argv[i + 1];
    else if (a == "--label")
      o.label = argv[i + 1];
    else if (a == "--gsis")
      o.gsis = std::clamp(std::atoi(argv[i + 1]), 0, 2);
    else if (a == "--table")
      o.table = argv[i + 1];
    else if (a == "--partitions")
      o.partitions = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--items-per-partition")
      o.items_per_partition = std::clamp(std::atoi(argv[i + 1]), 1, 10);
    else if (a == "--item-bytes")
      o.item_bytes = std::atoi(argv[i + 1]);
    else if (a == "--bucket")
      o.bucket = argv[i + 1];
    else if (a == "--objects")
      o.objects = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--object-bytes")
      o.object_bytes = std::max(0, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.mode != "signed" && o.mode != "health" && o.mode != "put" && o.mode != "get" && o.mode != "query" &&
      o.mode != "transact" && o.mode != "query-gsi" && o.mode != "s3-put" && o.mode != "s3-get" &&
      o.mode != "s3-get-1m") {
    std::fprintf(stderr, "load_gen: unknown mode %s\n", o.mode.c_str());
    return 2;
  }
  Target target;
  if (!o.endpoint.empty()) {
    if (!ParseEndpoint(o.endpoint, &target) || o.access_key.empty() || o.secret.empty()) {
      std::fprintf(stderr, "load_gen: --endpoint http://HOST:PORT needs --access-key and --secret\n");
      return 2;
    }
    target.access_key = o.access_key;
    target.secret = o.secret;
  } else if (!LoadTarget(o.data_dir, &target)) {
    std::fprintf(stderr, "load_gen: no running tarn found in %s (server.json, root-credentials)\n",
                 o.data_dir.c_str());
    return 1;
  }
  RequestFactory factory(o, target);
  if (o.setup && !(IsS3Mode(o.mode) ? SetUpBucket(o, target, factory) : SetUpTable(o, target, factory)))
    return 1;
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
  uint64_t errors = 0, non_200 = 0, reconnects = 0, body_bytes = 0;
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
      size_t index = events[e].data.u64;
      Connection& c = conns[index];
      if (events[e].events & EPOLLERR) {
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
      // Read all available, completing as many responses as arrived. A short read drained the
      // socket (edge-triggered: the next bytes bring a new event), so no recv is spent on EAGAIN.
      while (true) {
        ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
        if (r <= 0) break;
        c.in.append(buf, static_cast<size_t>(r));
        if (static_cast<size_t>(r) < sizeof buf) break;
      }
      int status = 0;
      bool close = false;
      long len;
      while ((len = CompleteResponse(c.in, &status, &close)) > 0) {
        auto now = Clock::now();
        if (now >= measure_from) {
          latencies.push_back(static_cast<uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(now - c.sent).count()));
          if (status != 200) ++non_200;
          body_bytes += static_cast<uint64_t>(len) - (c.in.find("\r\n\r\n") + 4);
        }
        c.in.erase(0, static_cast<size_t>(len));
        c.out = factory.Next();
        c.out_off = 0;
        c.sent = now;
        if (close) {
          // No keep-alive: a new connection for the next request (sent when it is writable).
          ::close(c.fd);
          ++reconnects;
          c.in.clear();
          c.fd = Connect(target);
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
          ev.data.u64 = index;
          ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
          break;
        }
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
      "%s%smode=%s connections=%d seconds=%.1f requests=%zu rps=%.0f p50=%.3fms p90=%.3fms p99=%.3fms "
      "max=%.3fms non200=%lu errors=%lu reconnects=%lu\n",
      o.label.c_str(), o.label.empty() ? "" : " ", o.mode.c_str(), o.connections, o.seconds, latencies.size(),
      static_cast<double>(latencies.size()) / o.seconds, pct(0.50), pct(0.90), pct(0.99),
      latencies.empty() ? 0.0 : latencies.back() / 1000.0, static_cast<unsigned long>(non_200),
      static_cast<unsigned long>(errors), static_cast<unsigned long>(reconnects));
  if (o.mode == "s3-get-1m" || o.mode == "s3-get") {
    std::printf("%s%smode=%s response-body MB/s=%.1f\n", o.label.c_str(), o.label.empty() ? "" : " ",
                o.mode.c_str(), static_cast<double>(body_bytes) / o.seconds / 1e6);
  }
  return non_200 == 0 ? 0 : 1;
}
