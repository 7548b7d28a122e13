// Bucket CORS rules: PutBucketCors's checks over malformed configurations, origin and header
// patterns, and which rule a request matches with which headers.
#include "s3/cors.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::s3 {
namespace {
namespace json = boost::json;

core::Result<json::array> Rules(std::string_view config) {
  return CorsRulesFromInput(json::parse(config).as_object());
}

std::string Code(const core::Result<json::array>& r) { return r.ok() ? "ok" : r.error().code; }

TEST(CorsTest, MalformedConfigurations) {
  for (std::string_view bad : {
           R"({})",
           R"({"CORSConfiguration": 5})",
           R"({"CORSConfiguration": {}})",
           R"({"CORSConfiguration": {"CORSRules": {}}})",
           R"({"CORSConfiguration": {"CORSRules": []}})",
           R"({"CORSConfiguration": {"CORSRules": [5]}})",
           R"({"CORSConfiguration": {"CORSRules": [{"AllowedOrigins": ["*"]}]}})",
           R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"]}]}})",
           R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": [], "AllowedOrigins": ["*"]}]}})",
           R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": [1]}]}})",
           R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"],
               "AllowedHeaders": "x"}]}})",
           R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"],
               "ExposeHeaders": [null]}]}})",
       }) {
    EXPECT_EQ(Code(Rules(bad)), "MalformedXML") << bad;
  }
  auto method = Rules(R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET", "get"],
                          "AllowedOrigins": ["*"]}]}})");
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.error().code, "InvalidRequest");
  EXPECT_EQ(method.error().message,
            "Found unsupported HTTP method in CORS config. Unsupported method is get");
  auto origin = Rules(R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"],
                          "AllowedOrigins": ["*.a.*"]}]}})");
  ASSERT_FALSE(origin.ok());
  EXPECT_EQ(origin.error().message, "AllowedOrigin \"*.a.*\" can not have more than one wildcard.");
  auto header = Rules(R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET"],
                          "AllowedOrigins": ["*"], "AllowedHeaders": ["**"]}]}})");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().message, "AllowedHeader \"**\" can not have more than one wildcard.");
  auto ok = Rules(R"({"CORSConfiguration": {"CORSRules": [{"AllowedMethods": ["GET", "PUT", "HEAD", "POST",
                      "DELETE"], "AllowedOrigins": [""], "ID": "r", "MaxAgeSeconds": 5}]}})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 1u);
}

TEST(CorsTest, PatternsHaveOneWildcard) {
  EXPECT_TRUE(CorsPatternMatches("*", ""));
  EXPECT_TRUE(CorsPatternMatches("*", "http://a"));
  EXPECT_TRUE(CorsPatternMatches("http://*.example.com", "http://www.example.com"));
  EXPECT_FALSE(CorsPatternMatches("http://*.example.com", "http://www.example.com.evil"));
  EXPECT_TRUE(CorsPatternMatches("start*end", "startend"));
  EXPECT_FALSE(CorsPatternMatches("start*end", "0start12end"));
  EXPECT_FALSE(CorsPatternMatches("ab*ba", "aba"));  // the head and tail may not overlap
  EXPECT_TRUE(CorsPatternMatches("https://a", "https://a"));
  EXPECT_FALSE(CorsPatternMatches("https://a", "http://a"));
  EXPECT_TRUE(CorsPatternMatches("", ""));
}

TEST(CorsTest, RequestedHeadersAreSplitTrimmedAndLowercased) {
  EXPECT_EQ(RequestedHeaders(" X-Amz-Date ,content-type,,\t"),
            (std::vector<std::string>{"x-amz-date", "content-type"}));
  EXPECT_TRUE(RequestedHeaders("").empty());
  EXPECT_TRUE(RequestedHeaders(",,, ").empty());
}

TEST(CorsTest, FirstMatchingRuleGrants) {
  auto rules = Rules(R"({"CORSConfiguration": {"CORSRules": [
      {"AllowedMethods": ["PUT"], "AllowedOrigins": ["https://app"], "AllowedHeaders": ["X-Amz-*"],
       "MaxAgeSeconds": 300, "ExposeHeaders": ["ETag", "x-amz-request-id"]},
      {"AllowedMethods": ["GET", "HEAD"], "AllowedOrigins": ["*"]}]}})");
  ASSERT_TRUE(rules.ok());
  using Headers = std::vector<std::pair<std::string, std::string>>;
  auto put = MatchCors(*rules, {"https://app", "PUT", {"x-amz-date", "x-amz-meta-a"}, true});
  ASSERT_TRUE(put.has_value());
  EXPECT_EQ(*put,
            (Headers{{"Access-Control-Allow-Origin", "https://app"},
                     {"Access-Control-Allow-Methods", "PUT"},
                     {"Access-Control-Allow-Headers", "x-amz-date, x-amz-meta-a"},
                     {"Access-Control-Expose-Headers", "ETag, x-amz-request-id"},
                     {"Access-Control-Max-Age", "300"},
                     {"Access-Control-Allow-Credentials", "true"},
                     {"Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"}}));
  // A header the first rule does not allow, and no second rule for PUT.
  EXPECT_FALSE(MatchCors(*rules, {"https://app", "PUT", {"content-type"}, true}).has_value());
  // Actual requests ignore headers; the wildcard rule answers "*" without credentials.
  auto get = MatchCors(*rules, {"https://other", "GET", {"content-type"}, false});
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(*get,
            (Headers{{"Access-Control-Allow-Origin", "*"},
                     {"Access-Control-Allow-Methods", "GET, HEAD"},
                     {"Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"}}));
  EXPECT_FALSE(MatchCors(*rules, {"https://other", "DELETE", {}, false}).has_value());
  EXPECT_FALSE(MatchCors(*rules, {"https://other", "get", {}, false}).has_value());  // methods are exact
  // Stored rules that are not what the checks let through are skipped, not trusted.
  json::array odd = {json::value(5), json::object{{"AllowedMethods", "GET"}}};
  EXPECT_FALSE(MatchCors(odd, {"x", "GET", {}, false}).has_value());
}

}  // namespace
}  // namespace tarn::s3
