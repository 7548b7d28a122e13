// Range header parsing (including malformed input) and the conditional-request rules.
#include "s3/conditions.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tarn::s3 {
namespace {

struct RangeCase {
  const char* header;
  uint64_t size;
  enum { kWhole, kRange, kUnsatisfiable } expect;
  uint64_t offset = 0, length = 0;
};

TEST(ConditionsTest, ResolveRange) {
  const RangeCase cases[] = {
      {"bytes=0-4", 10, RangeCase::kRange, 0, 5},
      {"bytes=5-", 10, RangeCase::kRange, 5, 5},
      {"bytes=-3", 10, RangeCase::kRange, 7, 3},
      {"bytes=-30", 10, RangeCase::kRange, 0, 10},
      {"bytes=8-100", 10, RangeCase::kRange, 8, 2},
      {"bytes=9-9", 10, RangeCase::kRange, 9, 1},
      {" bytes= 2 - 3 ", 10, RangeCase::kRange, 2, 2},
      {"bytes=10-", 10, RangeCase::kUnsatisfiable},
      {"bytes=10-20", 10, RangeCase::kUnsatisfiable},
      {"bytes=-0", 10, RangeCase::kUnsatisfiable},
      {"bytes=0-", 0, RangeCase::kUnsatisfiable},
      {"bytes=-5", 0, RangeCase::kUnsatisfiable},
      // Ignored (whole object), as HTTP says for ranges that do not parse.
      {"", 10, RangeCase::kWhole},
      {"bytes=", 10, RangeCase::kWhole},
      {"bytes=-", 10, RangeCase::kWhole},
      {"bytes=a-b", 10, RangeCase::kWhole},
      {"bytes=5-2", 10, RangeCase::kWhole},
      {"bytes=0-1,3-4", 10, RangeCase::kWhole},
      {"items=0-1", 10, RangeCase::kWhole},
      {"bytes=+1-2", 10, RangeCase::kWhole},
      {"bytes=1--2", 10, RangeCase::kWhole},
      {"bytes=99999999999999999999999-", 10, RangeCase::kWhole},
      {"bytes=0x10-", 10, RangeCase::kWhole},
      {"bytes 0-1", 10, RangeCase::kWhole},
  };
  for (const RangeCase& c : cases) {
    auto r = ResolveRange(c.header, c.size);
    switch (c.expect) {
      case RangeCase::kWhole:
        ASSERT_TRUE(r.ok()) << c.header;
        EXPECT_FALSE(r->has_value()) << c.header;
        break;
      case RangeCase::kRange:
        ASSERT_TRUE(r.ok()) << c.header;
        ASSERT_TRUE(r->has_value()) << c.header;
        EXPECT_EQ((*r)->offset, c.offset) << c.header;
        EXPECT_EQ((*r)->length, c.length) << c.header;
        break;
      case RangeCase::kUnsatisfiable:
        ASSERT_FALSE(r.ok()) << c.header;
        EXPECT_EQ(r.error().code, "InvalidRange");
        EXPECT_EQ(r.error().http_status, 416);
        break;
    }
  }
}

TEST(ConditionsTest, ContentRange) { EXPECT_EQ((ByteRange{2, 3}).ContentRange(10), "bytes 2-4/10"); }

core::TimePoint At(int64_t seconds) { return core::TimePoint(std::chrono::seconds(seconds)); }

std::string Outcome(const Preconditions& p, bool copy = false) {
  auto s = EvaluatePreconditions(p, "\"abc\"", At(1000) + std::chrono::milliseconds(400), copy);
  return s.ok() ? "ok" : s.error().code + "/" + std::to_string(s.error().http_status);
}

TEST(ConditionsTest, IfMatchAndIfUnmodifiedSince) {
  EXPECT_EQ(Outcome({.if_match = "\"abc\""}), "ok");
  EXPECT_EQ(Outcome({.if_match = "abc"}), "ok");
  EXPECT_EQ(Outcome({.if_match = "\"x\", \"abc\""}), "ok");
  EXPECT_EQ(Outcome({.if_match = "*"}), "ok");
  EXPECT_EQ(Outcome({.if_match = "\"x\""}), "PreconditionFailed/412");
  EXPECT_EQ(Outcome({.if_unmodified_since = At(999)}), "PreconditionFailed/412");
  EXPECT_EQ(Outcome({.if_unmodified_since = At(1000)}), "ok");  // one-second precision
  // If-Match true wins over a false If-Unmodified-Since.
  EXPECT_EQ(Outcome({.if_match = "\"abc\"", .if_unmodified_since = At(999)}), "ok");
}

TEST(ConditionsTest, IfNoneMatchAndIfModifiedSince) {
  EXPECT_EQ(Outcome({.if_none_match = "\"abc\""}), "NotModified/304");
  EXPECT_EQ(Outcome({.if_none_match = "*"}), "NotModified/304");
  EXPECT_EQ(Outcome({.if_none_match = "\"x\""}), "ok");
  EXPECT_EQ(Outcome({.if_modified_since = At(1000)}), "NotModified/304");
  EXPECT_EQ(Outcome({.if_modified_since = At(999)}), "ok");
  // If-None-Match false wins over a false If-Modified-Since.
  EXPECT_EQ(Outcome({.if_none_match = "\"x\"", .if_modified_since = At(2000)}), "ok");
  // 412 is decided before 304.
  EXPECT_EQ(Outcome({.if_match = "\"x\"", .if_none_match = "\"abc\""}), "PreconditionFailed/412");
}

TEST(ConditionsTest, CopySourceFailuresAreAll412) {
  EXPECT_EQ(Outcome({.if_none_match = "\"abc\""}, true), "PreconditionFailed/412");
  EXPECT_EQ(Outcome({.if_modified_since = At(5000)}, true), "PreconditionFailed/412");
  EXPECT_EQ(Outcome({.if_match = "\"abc\""}, true), "ok");
}

}  // namespace
}  // namespace tarn::s3
