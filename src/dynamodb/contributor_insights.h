#pragma once
// Contributor Insights for DynamoDB (UpdateContributorInsights) as a table or one of its global
// secondary indexes keeps it: whether it is on, in which mode, and the name of its rules. DynamoDB
// itself only keeps this much: the rules live in CloudWatch Contributor Insights, which draws the
// most accessed and throttled keys from them.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/contributorinsights_HowItWorks.html
// Pure functions; values are plain data.

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContributorInsights.html
inline constexpr std::string_view kAccessedAndThrottledKeys = "ACCESSED_AND_THROTTLED_KEYS";  // the default
inline constexpr std::string_view kThrottledKeys = "THROTTLED_KEYS";

struct ContributorInsights {
  // Once enabled, DescribeContributorInsights also shows the mode and LastUpdateDateTime, after a
  // DISABLE too; a table or index it was never enabled on is described by its status alone.
  bool configured = false;
  bool enabled = false;
  std::string mode;      // kAccessedAndThrottledKeys or kThrottledKeys
  int64_t rules_ms = 0;  // when the rules were created (epoch ms): the suffix of their names
  double updated = 0;    // LastUpdateDateTime (epoch seconds)
};

// The rules of a resource with Contributor Insights enabled, in DynamoDB's order:
// DynamoDBContributorInsights-<PKC|SKC|PKT|SKT>-<resource>-<rules_ms>, where <resource> is the table's
// name, or "<table>-<index>" for an index; the SK rules only with a sort key, the accessed-keys (C)
// rules not in THROTTLED_KEYS mode (ack-api-quirks DDB-TABLE-092/112/341, probed against DynamoDB;
// the aws-cli example's order).
std::vector<std::string> ContributorInsightsRules(const ContributorInsights& insights, std::string_view table,
                                                  std::string_view index, bool has_sort_key);

// Stored form inside a table record (table_catalog.cpp); nullopt when malformed.
boost::json::object ContributorInsightsRecord(const ContributorInsights& insights);
std::optional<ContributorInsights> ContributorInsightsFromRecord(const boost::json::value& record);

}  // namespace tarn::dynamodb
