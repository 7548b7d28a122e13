// Filter patterns: every documented form, and malformed patterns (client bytes) giving
// InvalidParameterException instead of a crash.
#include "logs/filter_pattern.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::logs {
namespace {

bool Match(std::string_view pattern, std::string_view message) {
  auto compiled = FilterPattern::Compile(pattern);
  EXPECT_TRUE(compiled.ok()) << pattern;
  return compiled.ok() && compiled->Matches(message);
}

TEST(FilterPattern, EmptyMatchesEverything) {
  EXPECT_TRUE(Match("", "anything"));
  EXPECT_TRUE(Match("   ", ""));
}

TEST(FilterPattern, TermsAreAndedAndCaseSensitive) {
  EXPECT_TRUE(Match("ERROR", "[ERROR 400] BAD REQUEST"));
  EXPECT_FALSE(Match("error", "[ERROR 400] BAD REQUEST"));
  EXPECT_TRUE(Match("ERROR ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS"));
  EXPECT_FALSE(Match("ERROR ARGUMENTS", "[ERROR 400] BAD REQUEST"));
}

TEST(FilterPattern, QuotedPhrases) {
  EXPECT_TRUE(Match("\"BAD REQUEST\"", "[ERROR 400] BAD REQUEST"));
  EXPECT_FALSE(Match("\"REQUEST BAD\"", "[ERROR 400] BAD REQUEST"));
  EXPECT_TRUE(Match("\"ERROR 4\" \"say \\\"hi\\\"\"", "ERROR 401 say \"hi\""));
}

TEST(FilterPattern, OptionalTermsAreOred) {
  EXPECT_TRUE(Match("?ERROR ?WARN", "WARN disk"));
  EXPECT_TRUE(Match("?ERROR ?WARN", "ERROR disk"));
  EXPECT_FALSE(Match("?ERROR ?WARN", "INFO disk"));
}

TEST(FilterPattern, MinusTermsExclude) {
  EXPECT_TRUE(Match("ERROR -ARGUMENTS", "[ERROR 400] BAD REQUEST"));
  EXPECT_FALSE(Match("ERROR -ARGUMENTS", "[ERROR 419] MISSING ARGUMENTS"));
  EXPECT_FALSE(Match("-\"BAD REQUEST\"", "[ERROR 400] BAD REQUEST"));
}

TEST(FilterPattern, JsonEquality) {
  std::string event = R"({"level": "ERROR", "latency": 120, "user": {"id": 1, "tags": ["a", "b"]}, "ok": true,
                          "none": null})";
  EXPECT_TRUE(Match(R"({ $.level = "ERROR" })", event));
  EXPECT_TRUE(Match(R"({ $.level = ERR* })", event));
  EXPECT_FALSE(Match(R"({ $.level = "WARN" })", event));
  EXPECT_TRUE(Match(R"({ $.level != "WARN" })", event));
  EXPECT_TRUE(Match(R"({ $.user.id = 1 })", event));
  EXPECT_TRUE(Match(R"({ $.user.tags[1] = "b" })", event));
  EXPECT_TRUE(Match(R"({ $.user.tags[*] = "a" })", event));
  EXPECT_FALSE(Match(R"({ $.user.tags[5] = "a" })", event));
}

TEST(FilterPattern, JsonNumbersAndLogic) {
  std::string event = R"({"level": "ERROR", "latency": 120, "ok": true, "none": null})";
  EXPECT_TRUE(Match(R"({ $.latency > 100 })", event));
  EXPECT_FALSE(Match(R"({ $.latency < 100 })", event));
  EXPECT_TRUE(Match(R"({ $.latency >= 120 && $.level = "ERROR" })", event));
  EXPECT_TRUE(Match(R"({ $.latency < 10 || $.level = "ERROR" })", event));
  EXPECT_TRUE(Match(R"({ ($.latency < 10 || $.level = "ERROR") && $.ok IS TRUE })", event));
  EXPECT_FALSE(Match(R"({ $.ok IS FALSE })", event));
  EXPECT_TRUE(Match(R"({ $.none IS NULL })", event));
  EXPECT_TRUE(Match(R"({ $.missing NOT EXISTS })", event));
  EXPECT_FALSE(Match(R"({ $.level NOT EXISTS })", event));
}

TEST(FilterPattern, JsonPatternsNeverMatchOtherEvents) {
  EXPECT_FALSE(Match(R"({ $.level = "ERROR" })", "level=ERROR"));
  EXPECT_FALSE(Match(R"({ $.level = "ERROR" })", "\"ERROR\""));
}

TEST(FilterPattern, SpaceDelimited) {
  std::string line = R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534)";
  EXPECT_TRUE(Match("[ip, user, username, timestamp, request, status_code, bytes]", line));
  EXPECT_TRUE(Match("[ip, user, username, timestamp, request, status_code = 404, bytes]", line));
  EXPECT_TRUE(Match("[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]", line));
  EXPECT_FALSE(Match("[ip, user, username, timestamp, request, status_code = 5*, bytes]", line));
  EXPECT_TRUE(Match("[..., status_code = 404, bytes]", line));
  EXPECT_TRUE(Match("[ip = 127.0.0.1, ...]", line));
  EXPECT_TRUE(Match("[..., status_code = 5* || status_code = 4*, bytes]", line));
  EXPECT_FALSE(Match("[a, b]", line));  // the field count must fit
}

TEST(FilterPattern, Regex) {
  EXPECT_TRUE(Match("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST"));
  EXPECT_TRUE(Match("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST"));
  EXPECT_TRUE(Match("%[Ee]rror|[Ff]ail%", "a failure"));
  EXPECT_FALSE(Match("%^[hc]at%", "a cat"));
  EXPECT_TRUE(Match("%^[hc]at%", "hat trick"));
  EXPECT_TRUE(Match("%[hc]at$%", "a cat"));
  EXPECT_FALSE(Match("%[hc]at$%", "a cat!"));
  EXPECT_TRUE(Match("%colou?r%", "color"));
  EXPECT_TRUE(Match("%colou?r%", "colour"));
  EXPECT_TRUE(Match("%a{3,5}%", "baaab"));
  EXPECT_FALSE(Match("%ba{3,5}b%", "baab"));
  EXPECT_FALSE(Match("%ba{3,5}b%", "baaaaaab"));
  EXPECT_TRUE(Match("%ba{3,}b%", "baaaaaab"));
  EXPECT_TRUE(Match("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from 10.0.12.255 ok"));
  EXPECT_FALSE(Match("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from 10.0.x.255 ok"));
  EXPECT_TRUE(Match("%[^a-z]+%", "abc1"));
  EXPECT_TRUE(Match("%x.*y%", "x then y"));
}

TEST(FilterPattern, MalformedPatternsAreInvalidParameter) {
  for (std::string_view bad : {"\"unterminated", "{ $.a = }", "{ $.a = \"x\"", "{ a = 1 }", "{ $.a > \"x\" }",
                               "{ $. = 1 }", "[a, b", "[a = ]", "{ $.a IS MAYBE }", "%something!%", "%(a)%",
                               "?", "-", "{ ((((((((((((((((((((((((((((((((((($.a = 1 }"}) {
    auto compiled = FilterPattern::Compile(bad);
    ASSERT_FALSE(compiled.ok()) << bad;
    EXPECT_EQ(compiled.error().code, "InvalidParameterException") << bad;
  }
}

TEST(FilterPattern, LongRegexInputDoesNotCrash) {
  std::string big(1 << 20, 'a');
  EXPECT_TRUE(Match("%a+%", big));
}

}  // namespace
}  // namespace tarn::logs
