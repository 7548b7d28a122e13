#include "net/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>

#include "net/server_body_pipe.h"
#include "unit/net/server_test_util.h"

namespace tarn::net {
namespace {

using testing::Client;
using testing::ScriptedHandler;

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 4;
    if (options.header_timeout == std::chrono::seconds(20))
      options.header_timeout = std::chrono::milliseconds(500);
    if (options.body_timeout == std::chrono::seconds(20))
      options.body_timeout = std::chrono::milliseconds(500);
    if (options.idle_timeout == std::chrono::seconds(60))
      options.idle_timeout = std::chrono::milliseconds(800);
    options.access_log = [this](const AccessLogEntry& e) {
      std::lock_guard lock(log_mu_);
      log_.push_back(std::string(e.method) + " " + std::string(e.target) + " " + std::to_string(e.status));
    };
    server_ = std::make_unique<Server>(options, handler_);
    ASSERT_TRUE(server_->Start().ok());
  }
  void TearDown() override {
    if (server_) server_->Stop(std::chrono::milliseconds(100));
  }
  uint16_t port() const { return server_->port(); }
  std::vector<std::string> Log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }
  void ExpectBlockedHandlersLeaveTheIoThreadsFree(std::string_view method, std::string_view headers);

  ScriptedHandler handler_;
  std::unique_ptr<Server> server_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        c.Send("POST /x?i=" + std::to_string(i) + " HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"));
    auto r = c.Read();
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "POST /x?i=" + std::to_string(i) + " hello");
    EXPECT_EQ(r.Header("x-amzn-RequestId").size(), 36u);
    EXPECT_FALSE(r.Header("Date").empty());
    EXPECT_EQ(r.Header("Connection"), "");
  }
}

TEST_F(ServerTest, PipelinedRequestsAnswerInOrder) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(
      c.Send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
             "POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nzz"));
  EXPECT_EQ(c.Read().body, "GET /a ");
  EXPECT_EQ(c.Read().body, "GET /b ");
  EXPECT_EQ(c.Read().body, "POST /c zz");
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAlive) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("GET /old HTTP/1.0\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(c.WaitClosed());

  Client k(port());
  ASSERT_TRUE(k.Send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  r = k.Read();
  EXPECT_EQ(r.Header("Connection"), "keep-alive");
  ASSERT_TRUE(k.Send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(k.Read().body, "GET /again ");
}

TEST_F(ServerTest, ConnectionCloseFromClientIsHonoured) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, ExpectContinueSendsContinueBeforeBody) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /e HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  ASSERT_TRUE(c.Fill(25));
  EXPECT_EQ(c.buffer().substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.buffer().erase(0, 25);
  ASSERT_TRUE(c.Send("data"));
  EXPECT_EQ(c.Read().body, "PUT /e data");
}

TEST_F(ServerTest, ExpectContinueWithOversizedBodyIsRejectedWithoutContinue) {
  StartServer();
  handler_.plan = [](const HttpRequest&) {
    RequestPlan p;
    p.max_body_bytes = 10;
    return p;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /e HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, "RequestEntityTooLarge");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, ChunkedRequestBodyIsDecoded) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "POST /c hello world");
}

// The head's read brings the whole first chunk and its CRLF; the last chunk arrives later. The
// buffered bytes then end inside the chunk framing, which is not the end of the body (botocore's
// chunked uploads arrive this way: urllib3 sends every chunk and the terminator separately).
TEST_F(ServerTest, ChunkedBodyWhoseLastChunkArrivesLaterIsWhole) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(c.Send("0\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST /c hello");
}

TEST_F(ServerTest, ChunkedBodyOverLimitIsRejected) {
  StartServer();
  handler_.plan = [](const HttpRequest&) {
    RequestPlan p;
    p.max_body_bytes = 8;
    return p;
  };
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
             "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(handler_.Rejected(), std::vector<std::string>{"RequestEntityTooLarge"});
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, ContentLengthOverLimitIsRejectedWithoutReadingBody) {
  StartServer();
  handler_.plan = [](const HttpRequest&) {
    RequestPlan p;
    p.max_body_bytes = 100;
    return p;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000000\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, MalformedChunkEncodingAnswers400) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, HeaderSectionTooLargeAnswers400) {
  ServerOptions o;
  o.max_header_bytes = 2048;
  StartServer(o);
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<Code>RequestHeaderSectionTooLarge</Code>"), std::string::npos);
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, MalformedRequestLinesAnswer400) {
  StartServer();
  for (std::string bad :
       {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        "G\x01T / HTTP/1.1\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    Client c(port());
    ASSERT_TRUE(c.Send(bad));
    auto r = c.Read();
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_TRUE(c.WaitClosed()) << bad;
  }
  // The server is still serving.
  Client ok(port());
  ASSERT_TRUE(ok.Send("GET /fine HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(ok.Read().status, 200);
}

TEST_F(ServerTest, SlowHeadIsCutOff) {
  StartServer();  // header_timeout 500 ms
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\n"));
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!c.Send("X-A: b\r\n")) break;
  }
  EXPECT_TRUE(c.WaitClosed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_TRUE(Log().empty());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  StartServer();  // idle_timeout 800 ms
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, StalledBufferedBodyIsRejectedWithRequestTimeout) {
  StartServer();  // body_timeout 500 ms
  Client c(port());
  ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "RequestTimeout");
  EXPECT_TRUE(c.WaitClosed());
}

// Two requests whose handlers block (target /block) and a third (/free) sent after them: the third
// is answered first when handlers run on workers, since neither io thread is held.
void ServerTest::ExpectBlockedHandlersLeaveTheIoThreadsFree(std::string_view method,
                                                            std::string_view headers) {
  std::atomic<bool> release{false};
  handler_.handle = [&](HttpRequest& request, BodyReader&) {
    if (request.target == "/block") {
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    HttpResponse r;
    r.body = request.target;
    return r;
  };
  auto send = [&](Client& c, std::string_view target) {
    return c.Send(std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: h\r\n" +
                  std::string(headers) + "\r\n");
  };
  Client blocked1(port()), blocked2(port()), free(port());
  ASSERT_TRUE(send(blocked1, "/block"));
  ASSERT_TRUE(send(blocked2, "/block"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(send(free, "/free"));
  EXPECT_EQ(free.Read().body, "/free");
  release = true;
  EXPECT_EQ(blocked1.Read().body, "/block");
  EXPECT_EQ(blocked2.Read().body, "/block");
}

TEST_F(ServerTest, HandlerRunsOnAWorkerThreadNotAnIoThread) {
  StartServer();
  std::atomic<int> calls{0};
  handler_.handle = [&](HttpRequest&, BodyReader&) {
    ++calls;
    HttpResponse r;
    r.body = "ok";
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "ok");
  EXPECT_EQ(calls.load(), 1);
  // Worker threads are distinct from this thread and from each other's io role: a handler that
  // blocks does not stop another connection from being served.
  ExpectBlockedHandlersLeaveTheIoThreadsFree("GET", "");
}

// Group commit (HttpResponse::durable): the response leaves only once its durability wait reports
// success; a failure answers the handler's Reject with InternalFailure and closes the connection.
TEST_F(ServerTest, DurableResponseWaitsForItsSync) {
  StartServer();
  std::mutex mu;
  std::vector<std::function<void(bool)>> waiting;
  handler_.handle = [&](HttpRequest& request, BodyReader&) {
    HttpResponse r;
    r.body = request.target;
    r.durable = [&](std::function<void(bool)> done) {
      std::lock_guard lock(mu);
      waiting.push_back(std::move(done));
    };
    return r;
  };
  auto take = [&] {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mu);
        if (!waiting.empty()) {
          auto done = std::move(waiting.front());
          waiting.erase(waiting.begin());
          return done;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ADD_FAILURE() << "the transport never asked for durability";
    return std::function<void(bool)>([](bool) {});
  };

  Client quick(port(), 300);
  ASSERT_TRUE(quick.Send("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto done = take();
  EXPECT_EQ(quick.Read().status, 0) << "nothing may be sent before the sync";
  std::thread([done] { done(true); }).join();  // as WalSyncer does, from another thread

  Client c(port());
  ASSERT_TRUE(c.Send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n"));
  take()(true);
  EXPECT_EQ(c.Read().body, "/b");
  ASSERT_TRUE(c.Send("GET /c HTTP/1.1\r\nHost: h\r\n\r\n"));
  take()(false);
  EXPECT_EQ(c.Read().status, 500);
  EXPECT_TRUE(c.WaitClosed());
  std::lock_guard lock(handler_.mu);
  EXPECT_EQ(handler_.rejected.back(), "InternalFailure");
}

TEST_F(ServerTest, HeadResponseKeepsContentLengthWithoutBody) {
  StartServer();
  handler_.handle = [](HttpRequest&, BodyReader&) {
    HttpResponse r;
    r.headers.Add("Content-Length", "12345");
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("HEAD /obj HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto r = c.Read(/*head_only=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Length"), "12345");
  // The next response follows immediately: no body bytes were written for HEAD.
  auto next = c.Read(true);
  EXPECT_EQ(next.status, 200);
}

TEST_F(ServerTest, HandlerRequestIdHeaderIsNotDuplicated) {
  StartServer();
  handler_.handle = [](HttpRequest&, BodyReader&) {
    HttpResponse r;
    r.headers.Add("x-amz-request-id", "ABCDEF0123456789");
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.Header("x-amz-request-id"), "ABCDEF0123456789");
  EXPECT_EQ(r.Header("x-amzn-RequestId"), "");
}

TEST_F(ServerTest, ManyConcurrentConnections) {
  StartServer();
  constexpr int kClients = 100;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      Client c(port());
      for (int j = 0; j < 5; ++j) {
        std::string body = std::to_string(i * 10 + j);
        if (!c.Send("POST /m HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body))
          return;
        if (c.Read().body != "POST /m " + body) return;
      }
      ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients);
}

TEST_F(ServerTest, AccessLogHasOneLinePerResponse) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("GET /one HTTP/1.1\r\nHost: h\r\n\r\n"));
  c.Read();
  ASSERT_TRUE(c.Send("DELETE /two HTTP/1.1\r\nHost: h\r\n\r\n"));
  c.Read();
  // The entry is written once the last byte is out, which the client may see first.
  for (int i = 0; i < 200 && Log().size() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(Log(), (std::vector<std::string>{"GET /one 200", "DELETE /two 200"}));
}

// --- streaming request bodies --------------------------------------------------------------------

RequestPlan Streaming(const HttpRequest&) {
  RequestPlan p;
  p.stream_body = true;
  p.max_body_bytes = 1ULL << 40;
  return p;
}

TEST_F(ServerTest, StreamedBodyFlowsInBoundedMemory) {
  StartServer();
  handler_.plan = Streaming;
  std::atomic<uint64_t> total{0};
  handler_.handle = [&](HttpRequest&, BodyReader& body) {
    char buf[8192];
    uint64_t sum = 0;
    for (;;) {
      auto n = body.Read(buf, sizeof buf);
      if (!n.ok()) break;
      if (*n == 0) break;
      for (size_t i = 0; i < *n; ++i) sum += static_cast<unsigned char>(buf[i]);
      total += *n;
      if (total % (4 << 20) < sizeof buf) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    HttpResponse r;
    r.body = std::to_string(sum);
    return r;
  };
  BodyPipe::ResetHighWaterMark();
  constexpr uint64_t kSize = 64ULL << 20;
  Client c(port(), 30000);
  ASSERT_TRUE(
      c.Send("PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(kSize) + "\r\n\r\n"));
  std::string block(1 << 20, '\x01');
  for (uint64_t sent = 0; sent < kSize; sent += block.size()) ASSERT_TRUE(c.Send(block));
  auto r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::to_string(kSize));
  EXPECT_EQ(total.load(), kSize);
  EXPECT_LE(BodyPipe::HighWaterMark(), 2u << 20);
}

TEST_F(ServerTest, StreamedChunkedBodyAndExpectContinue) {
  StartServer();
  handler_.plan = Streaming;
  std::atomic<bool> declared_unknown{false};
  handler_.handle = [&](HttpRequest&, BodyReader& body) {
    declared_unknown = !body.DeclaredLength().has_value();
    auto all = ReadAll(body, 1000, core::AwsError("X", "x"));
    HttpResponse r;
    r.body = all.ok() ? *all : all.error().code;
    return r;
  };
  Client c(port());
  ASSERT_TRUE(
      c.Send("PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"));
  ASSERT_TRUE(c.Fill(25));
  EXPECT_EQ(c.buffer().substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.buffer().erase(0, 25);
  ASSERT_TRUE(c.Send("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "abcde");
  EXPECT_TRUE(declared_unknown.load());
}

TEST_F(ServerTest, StreamedChunkedBodyWhoseLastChunkArrivesLaterIsWhole) {
  StartServer();
  handler_.plan = Streaming;
  handler_.handle = [&](HttpRequest&, BodyReader& body) {
    auto all = ReadAll(body, 1000, core::AwsError("X", "x"));
    HttpResponse r;
    r.body = all.ok() ? *all : all.error().code;
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nbar\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(c.Send("0\r\n\r\n"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "bar");
}

// RequestPlan::small_body_inline_bytes: a streamed body with a Content-Length up to the limit is
// read whole first (100-continue still honoured) and handed over complete; longer or chunked
// bodies still stream.
TEST_F(ServerTest, SmallStreamedBodyIsReadWholeFirst) {
  StartServer();
  handler_.plan = [](const HttpRequest& request) {
    RequestPlan p = Streaming(request);
    p.small_body_inline_bytes = 16;
    return p;
  };
  handler_.handle = [&](HttpRequest&, BodyReader& body) {
    std::string declared = body.DeclaredLength() ? std::to_string(*body.DeclaredLength()) : "none";
    auto all = ReadAll(body, 1000, core::AwsError("X", "x"));
    HttpResponse r;
    r.body = declared + ":" + (all.ok() ? *all : all.error().code);
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"));
  EXPECT_EQ(c.Read().body, "10:0123456789");
  ASSERT_TRUE(c.Send("PUT /e HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "0:");
  ASSERT_TRUE(c.Send("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  ASSERT_TRUE(c.Fill(25));
  EXPECT_EQ(c.buffer().substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.buffer().erase(0, 25);
  ASSERT_TRUE(c.Send("abc"));
  EXPECT_EQ(c.Read().body, "3:abc");
  std::string big(17, 'b');
  ASSERT_TRUE(c.Send("PUT /b HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n" + big));
  EXPECT_EQ(c.Read().body, "17:" + big);
  ASSERT_TRUE(c.Send("PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "none:ab");
}

// Without small_body_inline_bytes even an empty streamed body goes to a worker (a handler may
// block on it: an upload's file, a function's run), so the io thread stays free for others.
TEST_F(ServerTest, EmptyStreamedBodyStillRunsOnAWorker) {
  StartServer();
  handler_.plan = Streaming;
  ExpectBlockedHandlersLeaveTheIoThreadsFree("PUT", "Content-Length: 0\r\n");
}

// A small body that never fully arrives is a RequestTimeout, as for any buffered body.
TEST_F(ServerTest, StalledSmallStreamedBodyIsRequestTimeout) {
  StartServer();
  handler_.plan = [](const HttpRequest& request) {
    RequestPlan p = Streaming(request);
    p.small_body_inline_bytes = 16;
    return p;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /s HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "RequestTimeout");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, StreamedBodyClientDisconnectIsIncompleteBody) {
  StartServer();
  handler_.plan = Streaming;
  std::promise<std::string> seen;
  handler_.handle = [&](HttpRequest&, BodyReader& body) {
    auto all = ReadAll(body, 1000, core::AwsError("X", "x"));
    seen.set_value(all.ok() ? "ok" : all.error().code);
    return HttpResponse{};
  };
  auto future = seen.get_future();
  {
    Client c(port());
    ASSERT_TRUE(c.Send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc"));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(future.get(), "IncompleteBody");
}

TEST_F(ServerTest, StreamedBodyStallIsRequestTimeout) {
  StartServer();  // body_timeout 500 ms
  handler_.plan = Streaming;
  handler_.handle = [&](HttpRequest&, BodyReader& body) {
    auto all = ReadAll(body, 1000, core::AwsError("X", "x"));
    HttpResponse r;
    r.status = all.ok() ? 200 : all.error().http_status;
    r.body = all.ok() ? *all : all.error().code;
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "RequestTimeout");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, HandlerReturningEarlyClosesTheConnection) {
  StartServer();
  handler_.plan = Streaming;
  handler_.handle = [](HttpRequest&, BodyReader&) {
    HttpResponse r;
    r.status = 403;
    r.body = "denied";
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 100000000\r\n\r\nabc"));
  auto r = c.Read();
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
}

// --- streamed responses --------------------------------------------------------------------------

class CountingSource final : public BodySource {
 public:
  explicit CountingSource(uint64_t size) : size_(size) {}
  uint64_t Size() const override { return size_; }
  core::Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(size, size_ - pos_));
    for (size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (pos_ + i) % 26);
    pos_ += n;
    return n;
  }

 private:
  uint64_t size_, pos_ = 0;
};

TEST_F(ServerTest, StreamedResponseFromBodySource) {
  StartServer();
  static constexpr uint64_t kSize = 20ULL << 20;
  handler_.handle = [](HttpRequest&, BodyReader&) {
    HttpResponse r;
    r.stream = std::make_unique<CountingSource>(kSize);
    return r;
  };
  Client c(port(), 30000);
  ASSERT_TRUE(c.Send("GET /s HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto r = c.Read();
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.body.size(), kSize);
  EXPECT_EQ(r.body[0], 'a');
  EXPECT_EQ(r.body[kSize - 1], static_cast<char>('a' + (kSize - 1) % 26));
  ASSERT_TRUE(c.Send("GET /after HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(c.Read().body.size(), kSize);
}

TEST_F(ServerTest, StreamedResponseFromFileRange) {
  StartServer();
  auto path = std::filesystem::temp_directory_path() / ("tarn_net_range_" + std::to_string(::getpid()));
  {
    std::ofstream f(path, std::ios::binary);
    f << "0123456789abcdefghij";
  }
  handler_.handle = [&](HttpRequest&, BodyReader&) {
    HttpResponse r;
    auto source = OpenFileRange(path.string(), 5, 10);
    if (source.ok()) r.stream = std::move(*source);
    return r;
  };
  Client c(port());
  ASSERT_TRUE(c.Send("GET /f HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_EQ(c.Read().body, "56789abcde");
  std::filesystem::remove(path);
}

// --- stop ------------------------------------------------------------------------------------------

TEST_F(ServerTest, StopDrainsInFlightRequestAndClosesIdleConnections) {
  StartServer();
  handler_.handle = [](HttpRequest& request, BodyReader&) {
    if (request.target == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(300));
    HttpResponse r;
    r.body = "done";
    return r;
  };
  Client idle(port());
  ASSERT_TRUE(idle.Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_EQ(idle.Read().status, 200);
  Client slow(port());
  ASSERT_TRUE(slow.Send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  server_->Stop(std::chrono::seconds(5));
  auto r = slow.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "done");
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(idle.WaitClosed());
  // No longer accepting.
  Client late(port(), 500);
  if (late.connected()) {
    EXPECT_TRUE(!late.Send("GET / HTTP/1.1\r\n\r\n") || late.Read().status == 0);
  }
}

TEST(ServerStartTest, PortInUseFails) {
  ScriptedHandler handler;
  ServerOptions a;
  a.port = 0;
  Server first(a, handler);
  ASSERT_TRUE(first.Start().ok());
  ServerOptions b;
  b.port = first.port();
  Server second(b, handler);
  auto started = second.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("cannot listen"), std::string::npos);
}

}  // namespace
}  // namespace tarn::net
