#include "core/time_format.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace tarn::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TimePoint At(int64_t epoch_seconds) { return TimePoint(seconds(epoch_seconds)); }
constexpr int64_t k20150830 = 1440938160;  // 2015-08-30T12:36:00Z, the SigV4 documentation's date
constexpr int64_t k19941106 = 784111777;   // 1994-11-06T08:49:37Z, RFC 7231's example

TEST(FormatTest, AllFormats) {
  TimePoint t = At(k20150830) + milliseconds(123);
  EXPECT_EQ(FormatIso8601(t), "2015-08-30T12:36:00Z");
  EXPECT_EQ(FormatIso8601Millis(t), "2015-08-30T12:36:00.123Z");
  EXPECT_EQ(FormatIso8601Millis(At(k20150830)), "2015-08-30T12:36:00.000Z");
  EXPECT_EQ(FormatAmzDate(t), "20150830T123600Z");
  EXPECT_EQ(FormatAmzDay(t), "20150830");
  EXPECT_EQ(FormatHttpDate(At(k19941106)), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatHttpDate(At(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(FormatTest, InstantsBeforeTheEpochRoundDown) {
  // Half a second before the epoch is still in 1969's last second, not 1970's first.
  TimePoint t = At(0) - milliseconds(500);
  EXPECT_EQ(FormatIso8601(t), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatIso8601Millis(t), "1969-12-31T23:59:59.500Z");
  EXPECT_EQ(FormatAmzDate(t), "19691231T235959Z");
  EXPECT_EQ(FormatHttpDate(t), "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(ParseIso8601Test, AcceptedForms) {
  const std::pair<const char*, TimePoint> cases[] = {
      {"2015-08-30T12:36:00Z", At(k20150830)},
      {"2015-08-30t12:36:00z", At(k20150830)},
      {"2015-08-30 12:36:00Z", At(k20150830)},
      {"2015-08-30T12:36:00.5Z", At(k20150830) + milliseconds(500)},
      {"2015-08-30T12:36:00.123Z", At(k20150830) + milliseconds(123)},
      {"2015-08-30T12:36:00.123456789Z", At(k20150830) + nanoseconds(123456789)},
      {"2015-08-30T12:36:00.1234567891234Z", At(k20150830) + nanoseconds(123456789)},  // beyond ns: dropped
      {"2015-08-30T18:06:00+05:30", At(k20150830)},
      {"2015-08-30T18:06:00+0530", At(k20150830)},
      {"2015-08-30T04:36:00-08:00", At(k20150830)},
      {"2015-08-30T04:36:00.250-08:00", At(k20150830) + milliseconds(250)},
      {"2016-02-29T00:00:00Z", At(1456704000)},
      {"2000-02-29T23:59:59Z", At(951868799)},
      {"2016-12-31T23:59:60Z", At(1483228799 + 1)},  // a leap second is the next day's first
      {"1970-01-01T00:00:00Z", At(0)},
  };
  for (const auto& [text, expected] : cases) {
    auto parsed = ParseIso8601(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, expected) << text;
  }
}

TEST(ParseIso8601Test, RejectedForms) {
  const char* cases[] = {
      "",
      "2015-08-30",
      "2015-08-30T12:36Z",
      "2015-02-30T00:00:00Z",  // February 30
      "2015-02-29T00:00:00Z",  // not a leap year
      "1900-02-29T00:00:00Z",  // centuries are not leap years unless divisible by 400
      "2015-04-31T00:00:00Z",
      "2015-13-01T00:00:00Z",
      "2015-00-01T00:00:00Z",
      "2015-08-00T00:00:00Z",
      "2015-08-30T24:00:00Z",
      "2015-08-30T12:60:00Z",
      "2015-08-30T12:36:61Z",
      "0000-01-01T00:00:00Z",
      "2015/08/30T12:36:00Z",
      "2015-08-30X12:36:00Z",
      "2015-08-30T12-36-00Z",
      "2015-08-30T12:36:00.Z",  // a dot without digits
      "2015-08-30T12:36:00ZZ",
      "2015-08-30T12:36:00+05",  // offset without minutes
      "2015-08-30T12:36:00+5:30",
      "2015-08-30T12:36:00 Z",
      "2015-08-30T12:36:00Zjunk",
      "+2015-08-30T12:36:00Z",
      "2015-8-30T12:36:00Z",
  };
  for (const char* text : cases) EXPECT_FALSE(ParseIso8601(text).has_value()) << text;
}

TEST(ParseAmzDateTest, ExactBasicFormOnly) {
  EXPECT_EQ(ParseAmzDate("20150830T123600Z"), At(k20150830));
  for (const char* bad :
       {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20150230T000000Z",
        "20150830T243600Z", "20150830 123600Z", "20150830T123600Z ", "2015083OT123600Z"})
    EXPECT_FALSE(ParseAmzDate(bad).has_value()) << bad;
}

// Dates outside system_clock's nanosecond range (1678..2262) saturate instead of overflowing: they
// still compare after (or before) every representable time.
TEST(ParseAmzDateTest, YearsBeyondTheClockSaturate) {
  auto far = ParseAmzDate("30200101T010101Z");
  ASSERT_TRUE(far.has_value());
  EXPECT_GT(*far, *ParseAmzDate("22600101T000000Z"));
  EXPECT_GT(*far + std::chrono::hours(24), *far);
  auto early = ParseAmzDate("00010101T000000Z");
  ASSERT_TRUE(early.has_value());
  EXPECT_LT(*early, *ParseAmzDate("16800101T000000Z"));
  EXPECT_LT(*early - std::chrono::hours(24), *early);
  EXPECT_TRUE(ParseHttpDate("Fri, 01 Jan 9999 00:00:00 GMT").has_value());
}

TEST(ParseHttpDateTest, AllThreeFormsOfRfc7231) {
  for (const char* text :
       {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"}) {
    auto parsed = ParseHttpDate(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, At(k19941106)) << text;
  }
  EXPECT_EQ(ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT"), At(0));
  EXPECT_EQ(ParseHttpDate("Thursday, 01-Jan-70 00:00:00 GMT"), At(0));
  EXPECT_EQ(ParseHttpDate("Monday, 01-Jan-35 00:00:00 GMT"), ParseIso8601("2035-01-01T00:00:00Z"));
  EXPECT_EQ(ParseHttpDate("Thu Nov 16 08:49:37 1994"), At(k19941106 + 10 * 86400));
}

TEST(ParseHttpDateTest, RejectedForms) {
  const char* cases[] = {
      "",
      "Sun, 30 Feb 1994 08:49:37 GMT",  // February 30
      "Sun, 06 Foo 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 UTC",
      "Sun, 06 Nov 1994 25:49:37 GMT",
      "Sun, 6 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 94 08:49:37 GMT",
      "Sun, 06xNov 1994 08:49:37 GMT",  // separators are checked, not skipped
      "Sun, 06 Nov 1994 08:49x37 GMT",
      "Sun, 06 Nov 1994x08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37xGMT",
      "Sunday, 06-Nov-94 08:49:37 UTC",
      "Sunday, 06-Nov-94 08x49x37 GMT",
      "Sunday, 06 Nov 94 08:49:37 GMT",
      "Sunday, 30-Feb-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 94",
      "Sun Nov  6 08x49x37 1994",
      "SunxNov  6 08:49:37 1994",
      "Sun Nov  6x08:49:37 1994",
      "Sun Feb 30 08:49:37 1994",
      "2015-08-30T12:36:00Z",
  };
  for (const char* text : cases) EXPECT_FALSE(ParseHttpDate(text).has_value()) << text;
}

TEST(RoundTripTest, FormatThenParse) {
  for (int64_t s : {int64_t{0}, k19941106, k20150830, int64_t{951868799}, int64_t{4102444800}}) {
    TimePoint t = At(s);
    EXPECT_EQ(ParseIso8601(FormatIso8601(t)), t);
    EXPECT_EQ(ParseAmzDate(FormatAmzDate(t)), t);
    EXPECT_EQ(ParseHttpDate(FormatHttpDate(t)), t);
    TimePoint with_ms = t + milliseconds(987);
    EXPECT_EQ(ParseIso8601(FormatIso8601Millis(with_ms)), with_ms);
  }
}

TEST(EpochSecondsTest, MillisecondPrecision) {
  EXPECT_DOUBLE_EQ(ToEpochSeconds(At(k20150830) + milliseconds(250)), k20150830 + 0.25);
  EXPECT_EQ(FromEpochSeconds(k20150830 + 0.25), At(k20150830) + milliseconds(250));
  EXPECT_EQ(FromEpochSeconds(1.0006), At(1) + milliseconds(1));  // rounds to the nearest millisecond
  EXPECT_EQ(FromEpochSeconds(0), At(0));
  EXPECT_EQ(FromEpochSeconds(-1.5), At(-2) + milliseconds(500));
}

}  // namespace
}  // namespace tarn::core
