#include "net/http.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "net/server_response.h"

namespace tarn::net {
namespace {

TEST(HttpHeadersTest, NamesAreCaseInsensitiveAndRepeatsKept) {
  HttpHeaders h;
  h.Add("X-Amz-Date", "1");
  h.Add("x-amz-meta-a", "one");
  h.Add("X-AMZ-META-A", "two");
  EXPECT_EQ(h.Get("x-amz-date"), "1");
  EXPECT_EQ(h.GetAll("X-Amz-Meta-A"), (std::vector<std::string_view>{"one", "two"}));
  EXPECT_FALSE(h.Get("missing").has_value());
  EXPECT_EQ(h.GetOr("missing", "dflt"), "dflt");
  h.Set("x-amz-meta-a", "three");
  EXPECT_EQ(h.GetAll("x-amz-meta-a"), (std::vector<std::string_view>{"three"}));
  h.Remove("X-AMZ-DATE");
  EXPECT_FALSE(h.Has("x-amz-date"));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abcd"));
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "content-TYPE"));
}

TEST(HttpRequestTest, PathAndQuerySplitAtFirstQuestionMark) {
  HttpRequest r;
  r.target = "/a%20b/c?x=1&y=?z";
  EXPECT_EQ(r.path(), "/a%20b/c");
  EXPECT_EQ(r.query(), "x=1&y=?z");
  r.target = "/plain";
  EXPECT_EQ(r.path(), "/plain");
  EXPECT_EQ(r.query(), "");
  r.target = "/?";
  EXPECT_EQ(r.query(), "");
}

TEST(ReadAllTest, EnforcesLimitByDeclaredAndActualLength) {
  core::AwsError too_large("TooLarge", "too large", 413);
  StringBodyReader small("hello");
  auto all = ReadAll(small, 5, too_large);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, "hello");
  StringBodyReader big("hello!");
  auto over = ReadAll(big, 5, too_large);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "TooLarge");
}

TEST(StringBodyReaderTest, ReadsInPiecesThenZero) {
  StringBodyReader r("abcdef");
  char buf[4];
  EXPECT_EQ(*r.Read(buf, 4), 4u);
  EXPECT_EQ(std::string(buf, 4), "abcd");
  EXPECT_EQ(*r.Read(buf, 4), 2u);
  EXPECT_EQ(*r.Read(buf, 4), 0u);
  EXPECT_EQ(r.DeclaredLength(), 6u);
}

TEST(OpenFileRangeTest, ServesTheRangeAndSurvivesUnlink) {
  auto path = std::filesystem::temp_directory_path() / ("tarn_http_range_" + std::to_string(::getpid()));
  {
    std::ofstream f(path, std::ios::binary);
    f << "0123456789";
  }
  auto source = OpenFileRange(path.string(), 2, 5);
  ASSERT_TRUE(source.ok());
  std::filesystem::remove(path);  // already open: the response still completes
  EXPECT_EQ((*source)->Size(), 5u);
  char buf[16];
  std::string got;
  for (;;) {
    auto n = (*source)->Read(buf, 3);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, "23456");
  EXPECT_FALSE(OpenFileRange("/nonexistent/tarn", 0, 1).ok());
}

TEST(OpenFileRangeTest, FileShorterThanRangeFails) {
  auto path = std::filesystem::temp_directory_path() / ("tarn_http_short_" + std::to_string(::getpid()));
  {
    std::ofstream f(path, std::ios::binary);
    f << "abc";
  }
  auto source = OpenFileRange(path.string(), 0, 10);
  ASSERT_TRUE(source.ok());
  char buf[16];
  EXPECT_EQ(*(*source)->Read(buf, 16), 3u);
  EXPECT_FALSE((*source)->Read(buf, 16).ok());
  std::filesystem::remove(path);
}

TEST(SerializeHeadTest, FramingHeadersAreOwnedByTheTransport) {
  HttpResponse r;
  r.status = 404;
  r.body = "missing";
  r.headers.Add("Content-Length", "999");         // ignored: the body decides
  r.headers.Add("Transfer-Encoding", "chunked");  // never forwarded
  r.headers.Add("X-Evil", "a\r\nInjected: yes");  // header injection dropped
  std::string out;
  uint64_t body = SerializeHead(r, "req-1", HeadFraming{}, out);
  EXPECT_EQ(body, 7u);
  EXPECT_EQ(out.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u);
  EXPECT_NE(out.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_EQ(out.find("999"), std::string::npos);
  EXPECT_EQ(out.find("chunked"), std::string::npos);
  EXPECT_EQ(out.find("Injected"), std::string::npos);
  EXPECT_NE(out.find("x-amzn-RequestId: req-1\r\n"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

TEST(SerializeHeadTest, NoContentStatusesHaveNoLength) {
  HttpResponse r;
  r.status = 304;
  std::string out;
  EXPECT_EQ(SerializeHead(r, "id", HeadFraming{.keep_alive = false}, out), 0u);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
}

}  // namespace
}  // namespace tarn::net
