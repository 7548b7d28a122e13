// Contributor Insights: the rule names DynamoDB gives (ack-api-quirks DDB-TABLE-092/112/341, the aws-cli
// example) and the stored form, malformed records included.
#include "dynamodb/contributor_insights.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::dynamodb {
namespace {

ContributorInsights Enabled(std::string_view mode) {
  ContributorInsights insights;
  insights.configured = insights.enabled = true;
  insights.mode = std::string(mode);
  insights.rules_ms = 1791501766746;
  insights.updated = 1791501766.892;
  return insights;
}

TEST(ContributorInsightsRulesTest, NamesTheRulesOfTablesAndIndexesInDynamoDbsOrder) {
  using Rules = std::vector<std::string>;
  EXPECT_EQ(ContributorInsightsRules(Enabled(kAccessedAndThrottledKeys), "music", "", true),
            (Rules{"DynamoDBContributorInsights-PKC-music-1791501766746",
                   "DynamoDBContributorInsights-SKC-music-1791501766746",
                   "DynamoDBContributorInsights-PKT-music-1791501766746",
                   "DynamoDBContributorInsights-SKT-music-1791501766746"}));
  EXPECT_EQ(ContributorInsightsRules(Enabled(kAccessedAndThrottledKeys), "ackq-c36bda-w2", "gsi1", false),
            (Rules{"DynamoDBContributorInsights-PKC-ackq-c36bda-w2-gsi1-1791501766746",
                   "DynamoDBContributorInsights-PKT-ackq-c36bda-w2-gsi1-1791501766746"}));
  EXPECT_EQ(ContributorInsightsRules(Enabled(kThrottledKeys), "music", "", false),
            (Rules{"DynamoDBContributorInsights-PKT-music-1791501766746"}));
  EXPECT_EQ(ContributorInsightsRules(Enabled(kThrottledKeys), "music", "by_year", true),
            (Rules{"DynamoDBContributorInsights-PKT-music-by_year-1791501766746",
                   "DynamoDBContributorInsights-SKT-music-by_year-1791501766746"}));
}

TEST(ContributorInsightsRecordTest, RoundTripsAndRefusesMalformedRecords) {
  ContributorInsights insights = Enabled(kThrottledKeys);
  insights.enabled = false;
  auto back = ContributorInsightsFromRecord(ContributorInsightsRecord(insights));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->configured);
  EXPECT_FALSE(back->enabled);
  EXPECT_EQ(back->mode, "THROTTLED_KEYS");
  EXPECT_EQ(back->rules_ms, 1791501766746);
  EXPECT_DOUBLE_EQ(back->updated, 1791501766.892);
  for (std::string_view bad : {
           R"(null)",
           R"([])",
           R"({})",
           R"({"enabled":1,"mode":"THROTTLED_KEYS","rules_ms":1,"updated":1})",
           R"({"enabled":true,"mode":"ALL_KEYS","rules_ms":1,"updated":1})",
           R"({"enabled":true,"mode":"THROTTLED_KEYS","rules_ms":"1","updated":1})",
           R"({"enabled":true,"mode":"THROTTLED_KEYS","rules_ms":1.5,"updated":1})",
           R"({"enabled":true,"mode":"THROTTLED_KEYS","rules_ms":1})",
       })
    EXPECT_FALSE(ContributorInsightsFromRecord(boost::json::parse(bad)).has_value()) << bad;
}

}  // namespace
}  // namespace tarn::dynamodb
