#include "gateway/cors.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::gateway {
namespace {

net::HttpRequest Options(std::string target, std::string origin, std::string asked_headers = "") {
  net::HttpRequest r;
  r.method = "OPTIONS";
  r.target = std::move(target);
  if (!origin.empty()) r.headers.Add("Origin", std::move(origin));
  if (!asked_headers.empty()) r.headers.Add("Access-Control-Request-Headers", std::move(asked_headers));
  return r;
}

TEST(CorsTest, PreflightsForTheJsonAndQueryServices) {
  EXPECT_TRUE(IsServicePreflight(Options("/", "http://a")));
  EXPECT_TRUE(IsServicePreflight(Options("/?x=1", "http://a")));
  // Elsewhere only a request that will carry X-Amz-Target (any case, anywhere in the list).
  EXPECT_TRUE(IsServicePreflight(Options("/b/k", "http://a", "content-type,x-amz-target")));
  EXPECT_TRUE(IsServicePreflight(Options("/b/k", "http://a", " X-Amz-Target , x-amz-date")));
  EXPECT_TRUE(IsServicePreflight(Options("/b/k", "http://a", ",,x-amz-target,")));
  EXPECT_FALSE(IsServicePreflight(Options("/b/k", "http://a", "content-type,x-amz-date")));
  EXPECT_FALSE(IsServicePreflight(Options("/b/k", "http://a", "x-amz-targets,xx-amz-target")));
  EXPECT_FALSE(IsServicePreflight(Options("/b/k", "http://a", ",, ,")));
  // Not a preflight: no Origin, an empty one, another method.
  EXPECT_FALSE(IsServicePreflight(Options("/", "")));
  net::HttpRequest empty_origin = Options("/", "");
  empty_origin.headers.Add("Origin", "");
  EXPECT_FALSE(IsServicePreflight(empty_origin));
  net::HttpRequest post = Options("/", "http://a");
  post.method = "POST";
  EXPECT_FALSE(IsServicePreflight(post));
}

TEST(CorsTest, PreflightAnswerEchoesWhatItAsks) {
  net::HttpRequest r = Options("/", "http://a", "cat, meerkat");
  r.headers.Add("Access-Control-Request-Method", "PUT");
  net::HttpResponse answer = AnswerPreflight(r);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "");
  EXPECT_EQ(answer.headers.GetOr("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(answer.headers.GetOr("Access-Control-Allow-Headers"), "cat, meerkat");
  EXPECT_EQ(answer.headers.GetOr("Access-Control-Allow-Methods"), "PUT");
  EXPECT_EQ(answer.headers.GetOr("Access-Control-Max-Age"), "7200");
  net::HttpResponse bare = AnswerPreflight(Options("/", "http://a"));
  EXPECT_FALSE(bare.headers.Has("Access-Control-Allow-Headers"));
  EXPECT_FALSE(bare.headers.Has("Access-Control-Allow-Methods"));
}

TEST(CorsTest, HeadersOnlyForAnOrigin) {
  net::HttpResponse with;
  AddCorsHeaders(Options("/", "http://a"), with);
  EXPECT_EQ(with.headers.GetOr("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(with.headers.GetOr("Access-Control-Expose-Headers"),
            "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date");
  EXPECT_FALSE(with.headers.Has("Access-Control-Max-Age"));
  net::HttpResponse without;
  AddCorsHeaders(Options("/", ""), without);
  EXPECT_TRUE(without.headers.entries().empty());
}

}  // namespace
}  // namespace tarn::gateway
