// ThroughputHistory: what ProvisionedThroughputDescription reports of a table's or index's changes.
#include "dynamodb/throughput_history.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr double kDay = 86400;
constexpr double kNoon = 20000 * kDay + kDay / 2;  // a UTC noon

TEST(ThroughputHistoryTest, IncreasesAndDecreasesAreDatedAndDecreasesCountedPerUtcDay) {
  ThroughputHistory h;
  json::object d = ProvisionedThroughputDescription(5, 5, h, kNoon);
  EXPECT_EQ(
      d, (json::object{{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 5}}));
  NoteThroughputChange(h, 5, 5, 10, 5, kNoon);
  EXPECT_EQ(h.last_increase, kNoon);
  EXPECT_EQ(h.last_decrease, 0);
  NoteThroughputChange(h, 10, 5, 4, 5, kNoon + 60);
  NoteThroughputChange(h, 4, 5, 4, 3, kNoon + 120);
  // Up one, down the other: both.
  NoteThroughputChange(h, 4, 3, 6, 2, kNoon + 180);
  EXPECT_EQ(h.last_increase, kNoon + 180);
  d = ProvisionedThroughputDescription(6, 2, h, kNoon + 200);
  EXPECT_EQ(d.at("NumberOfDecreasesToday").as_int64(), 3);
  EXPECT_EQ(d.at("LastDecreaseDateTime").as_double(), kNoon + 180);
  EXPECT_EQ(d.at("LastIncreaseDateTime").as_double(), kNoon + 180);
  // The next UTC day counts from zero, described or changed.
  EXPECT_EQ(
      ProvisionedThroughputDescription(6, 2, h, kNoon + kDay / 2).at("NumberOfDecreasesToday").as_int64(), 0);
  NoteThroughputChange(h, 6, 2, 6, 1, kNoon + kDay);
  EXPECT_EQ(ProvisionedThroughputDescription(6, 1, h, kNoon + kDay).at("NumberOfDecreasesToday").as_int64(),
            1);
  // An unchanged throughput is no change.
  ThroughputHistory same;
  NoteThroughputChange(same, 3, 3, 3, 3, kNoon);
  EXPECT_EQ(same.last_increase, 0);
  EXPECT_EQ(same.last_decrease, 0);
}

TEST(ThroughputHistoryTest, RoundTripsThroughARecord) {
  ThroughputHistory h{kNoon, kNoon + 1.5, 2};
  json::object record;
  ThroughputHistoryToRecord(h, record);
  ThroughputHistory back = ThroughputHistoryFromRecord(record);
  EXPECT_EQ(back.last_increase, h.last_increase);
  EXPECT_EQ(back.last_decrease, h.last_decrease);
  EXPECT_EQ(back.decreases, 2);
  json::object empty;
  ThroughputHistoryToRecord(ThroughputHistory{}, empty);
  EXPECT_TRUE(empty.empty());
  // Malformed members read as never changed.
  ThroughputHistory bad =
      ThroughputHistoryFromRecord(json::object{{"pt_increased", "x"}, {"pt_decreases", true}});
  EXPECT_EQ(bad.last_increase, 0);
  EXPECT_EQ(bad.decreases, 0);
}

}  // namespace
}  // namespace tarn::dynamodb
