#include "dynamodb/contributor_insights.h"

#include <boost/json.hpp>

namespace tarn::dynamodb {

std::vector<std::string> ContributorInsightsRules(const ContributorInsights& insights, std::string_view table,
                                                  std::string_view index, bool has_sort_key) {
  std::string resource(table);
  if (!index.empty()) resource.append("-").append(index);
  const std::string suffix = "-" + resource + "-" + std::to_string(insights.rules_ms);
  const bool accessed = insights.mode != kThrottledKeys;
  std::vector<std::string> rules;
  for (std::string_view kind : {"PKC", "SKC", "PKT", "SKT"}) {
    if (kind[0] == 'S' && !has_sort_key) continue;
    if (kind[2] == 'C' && !accessed) continue;
    rules.push_back("DynamoDBContributorInsights-" + std::string(kind) + suffix);
  }
  return rules;
}

boost::json::object ContributorInsightsRecord(const ContributorInsights& insights) {
  return {{"enabled", insights.enabled},
          {"mode", insights.mode},
          {"rules_ms", insights.rules_ms},
          {"updated", insights.updated}};
}

std::optional<ContributorInsights> ContributorInsightsFromRecord(const boost::json::value& record) {
  const auto* o = record.if_object();
  if (!o) return std::nullopt;
  const auto* enabled = o->if_contains("enabled");
  const auto* mode = o->if_contains("mode");
  const auto* rules_ms = o->if_contains("rules_ms");
  const auto* updated = o->if_contains("updated");
  if (!enabled || !enabled->is_bool() || !mode || !mode->is_string() || !rules_ms || !rules_ms->is_int64() ||
      !updated || !updated->is_number())
    return std::nullopt;
  if (mode->get_string() != kAccessedAndThrottledKeys && mode->get_string() != kThrottledKeys)
    return std::nullopt;
  ContributorInsights insights;
  insights.configured = true;
  insights.enabled = enabled->get_bool();
  insights.mode = std::string(mode->get_string());
  insights.rules_ms = rules_ms->get_int64();
  insights.updated = updated->to_number<double>();
  return insights;
}

}  // namespace tarn::dynamodb
