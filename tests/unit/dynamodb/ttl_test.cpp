// Which items the TTL sweeper deletes: Number epoch seconds at or before now, not older than 5 years.
#include "dynamodb/ttl.h"

#include <gtest/gtest.h>

namespace tarn::dynamodb {
namespace {

Item WithTtl(AttributeValue v) { return {{"id", AttributeValue::S("a")}, {"exp", std::move(v)}}; }
AttributeValue N(std::string_view text) { return AttributeValue::N(*Number::Parse(text)); }

constexpr int64_t kNow = 1'800'000'000;

TEST(TtlTest, NumbersAtOrBeforeNowExpire) {
  EXPECT_TRUE(ExpiredByTtl(WithTtl(N("1800000000")), "exp", kNow));
  EXPECT_TRUE(ExpiredByTtl(WithTtl(N("1799999999.5")), "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(N("1800000000.5")), "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(N("1800000001")), "exp", kNow));
}

TEST(TtlTest, MissingOrNonNumberAttributesNeverExpire) {
  EXPECT_FALSE(ExpiredByTtl({{"id", AttributeValue::S("a")}}, "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(AttributeValue::S("1")), "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(AttributeValue::NS({*Number::Parse("1")})), "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(N("1")), "other", kNow));
}

TEST(TtlTest, MoreThanFiveYearsInThePastIsKept) {
  EXPECT_TRUE(
      ExpiredByTtl(WithTtl(AttributeValue::N(Number::FromInt64(kNow - kTtlMaxAgeSeconds))), "exp", kNow));
  EXPECT_FALSE(
      ExpiredByTtl(WithTtl(AttributeValue::N(Number::FromInt64(kNow - kTtlMaxAgeSeconds - 1))), "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(N("0")), "exp", kNow));
  EXPECT_FALSE(ExpiredByTtl(WithTtl(N("-5")), "exp", kNow));
  // Milliseconds are far in the future: kept.
  EXPECT_FALSE(ExpiredByTtl(WithTtl(N("1800000000000")), "exp", kNow));
}

}  // namespace
}  // namespace tarn::dynamodb
