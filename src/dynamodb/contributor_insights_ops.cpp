// Implements: UpdateContributorInsights, DescribeContributorInsights, ListContributorInsights.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContributorInsights.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContributorInsights.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListContributorInsights.html
// The setting of a table or global secondary index (contributor_insights.h). As DynamoDB, an ENABLE
// answers ENABLING and a DISABLE DISABLING; DynamoDB settles in a second or two, tarn at once, so
// DescribeContributorInsights then answers ENABLED/DISABLED. The answers, messages and rule names are
// DynamoDB's as the ACK controller's probes recorded them (ack-api-quirks DDB-TABLE-089…098, 112,
// 116, 337…344). tarn has no CloudWatch Contributor Insights, so the rules named are not reports one
// can read; no FAILED state (that is CloudWatch's limit of rules).
#include <algorithm>
#include <boost/json.hpp>

#include "core/encoding.h"
#include "core/time_format.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/secondary_index.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// ListContributorInsights' MaxResults: at most 100 (the model); DynamoDB documents no default.
constexpr int64_t kMaxListContributorInsights = 100;

core::AwsError TableNotFoundForInsights(std::string_view table) {
  return ResourceNotFoundException("Requested resource not found: Table: " + std::string(table) +
                                   " not found");
}

core::AwsError IndexNotFoundForInsights(std::string_view index, std::string_view table) {
  return ResourceNotFoundException("Requested resource not found: Index: " + std::string(index) +
                                   " not found for table: " + std::string(table));
}

core::AwsError NotActive(std::string_view what) {
  return ValidationException("Table or Index is not in a valid state to update Key Access Insights: " +
                             std::string(what) + " must be ACTIVE to enable ContributorInsights.");
}

// The global secondary index `name` of `table` (an LSI has no insights of its own), also while it is
// being deleted: DynamoDB describes and lists its insights until it is gone (ack-api-quirks DDB-TABLE-112).
const SecondaryIndex* FindGlobalIndex(const TableInfo& table, std::string_view name) {
  for (const SecondaryIndex& index : table.indexes)
    if (index.global && index.name == name) return &index;
  return nullptr;
}

bool HasSortKey(const KeySchema& schema) { return schema.range.has_value(); }

// The table, or its global index `index_name` when one is named: its insights and whether it has a sort
// key. ResourceNotFoundException for an index the table does not have.
struct Target {
  const SecondaryIndex* index = nullptr;  // nullptr: the table itself
  const ContributorInsights* insights = nullptr;
  bool has_sort_key = false;
};

core::Result<Target> TargetIn(const TableInfo& table, std::string_view index_name) {
  if (index_name.empty()) return Target{nullptr, &table.contributor_insights, HasSortKey(table.key_schema)};
  const SecondaryIndex* index = FindGlobalIndex(table, index_name);
  if (!index) return IndexNotFoundForInsights(index_name, table.name);
  return Target{index, &index->contributor_insights, HasSortKey(index->key_schema)};
}

// A ListContributorInsights entry (only enabled ones are listed).
json::object Summary(const TableInfo& table, std::string_view index, const ContributorInsights& insights) {
  json::object out{{"TableName", table.name}};
  if (!index.empty()) out["IndexName"] = index;
  out["ContributorInsightsStatus"] = "ENABLED";
  out["ContributorInsightsMode"] = insights.mode;
  return out;
}

// ListContributorInsights' NextToken: the hex of "<table>\n<index>" of the last entry listed.
std::string ListToken(std::string_view table, std::string_view index) {
  return core::HexEncode(std::string(table) + "\n" + std::string(index));
}

}  // namespace

core::Result<std::shared_ptr<const TableInfo>> Service::FindTableForInsights(const net::Call& call,
                                                                             std::string_view name) const {
  auto table = FindTable(call, name);
  if (!table.ok() && table.error().code == "ResourceNotFoundException") {
    // The table as named: an ARN's own name.
    std::string_view shown = name;
    if (auto slash = name.rfind(":table/"); name.starts_with("arn:") && slash != std::string_view::npos)
      shown = name.substr(slash + 7);
    return TableNotFoundForInsights(shown);
  }
  return table;
}

core::Result<net::Output> Service::UpdateContributorInsights(const net::Call& call) {
  const std::string action = GetString(call.input, "ContributorInsightsAction").value_or("");
  const auto mode = GetString(call.input, "ContributorInsightsMode");
  const std::string index_name = GetString(call.input, "IndexName").value_or("");
  const std::string table_name = GetString(call.input, "TableName").value_or("");
  // A table a restore or an import is filling is CREATING (ack-api-quirks DDB-TABLE-442's catalogue).
  if (auto creating = FindTableInAnyState(call, table_name);
      creating.ok() && (*creating)->restoring && action == "ENABLE")
    return NotActive("TableStatus");
  TARN_ASSIGN_OR_RETURN(auto table, FindTableForInsights(call, table_name));
  TARN_ASSIGN_OR_RETURN(const Target target, TargetIn(*table, index_name));
  const SecondaryIndex* index = target.index;
  const bool enable = action == "ENABLE";
  const ContributorInsights current = *target.insights;
  // ENABLE with no mode asks for the default one (it turns THROTTLED_KEYS back, ack DDB-TABLE-092).
  const std::string wanted = enable ? mode.value_or(std::string(kAccessedAndThrottledKeys)) : current.mode;
  json::object answer{{"TableName", table->name}};
  if (index) answer["IndexName"] = index_name;
  // Asking for the state it is in changes nothing (not even LastUpdateDateTime).
  if (enable == current.enabled && (!enable || wanted == current.mode)) {
    answer["ContributorInsightsStatus"] = enable ? "ENABLED" : "DISABLED";
    if (current.configured) answer["ContributorInsightsMode"] = current.mode;
    net::Output out;
    out.json = std::move(answer);
    return out;
  }
  if (enable && index && index->status != kIndexActive) return NotActive("IndexStatus");
  const core::TimePoint now = clock_.Now();
  const double now_seconds = core::ToEpochSeconds(now);
  ContributorInsights next = current;
  next.configured = true;
  next.enabled = enable;
  next.mode = wanted;
  next.updated = now_seconds;
  // Rules are made when insights are switched on; a change of mode keeps their names.
  if (enable && !current.enabled) next.rules_ms = EpochMillis(now_seconds);
  // Update, not Replace: an index build may change the same record meanwhile.
  TARN_TRY(catalog_->Update(table->account_id, table->region, table->name, table->id,
                            [&](TableInfo& t) -> core::Status {
                              if (index_name.empty()) {
                                t.contributor_insights = next;
                                return core::Ok();
                              }
                              for (SecondaryIndex& i : t.indexes) {
                                if (i.name != index_name || !i.global) continue;
                                i.contributor_insights = next;
                                return core::Ok();
                              }
                              return IndexNotFoundForInsights(index_name, t.name);
                            }));
  answer["ContributorInsightsStatus"] = enable ? "ENABLING" : "DISABLING";
  answer["ContributorInsightsMode"] = next.mode;
  net::Output out;
  out.json = std::move(answer);
  return out;
}

core::Result<net::Output> Service::DescribeContributorInsights(const net::Call& call) {
  const std::string index_name = GetString(call.input, "IndexName").value_or("");
  TARN_ASSIGN_OR_RETURN(auto table,
                        FindTableForInsights(call, GetString(call.input, "TableName").value_or("")));
  TARN_ASSIGN_OR_RETURN(const Target target, TargetIn(*table, index_name));
  const ContributorInsights& insights = *target.insights;
  net::Output out;
  out.json["TableName"] = table->name;
  if (target.index) out.json["IndexName"] = index_name;
  if (insights.enabled) {
    json::array rules;
    for (std::string& rule : ContributorInsightsRules(insights, table->name, index_name, target.has_sort_key))
      rules.emplace_back(std::move(rule));
    out.json["ContributorInsightsRuleList"] = std::move(rules);
  }
  out.json["ContributorInsightsStatus"] = insights.enabled ? "ENABLED" : "DISABLED";
  if (insights.configured) {
    out.json["LastUpdateDateTime"] = insights.updated;
    out.json["ContributorInsightsMode"] = insights.mode;
  }
  return out;
}

core::Result<net::Output> Service::ListContributorInsights(const net::Call& call) {
  int64_t limit = GetInt(call.input, "MaxResults").value_or(kMaxListContributorInsights);
  if (limit < 1) limit = kMaxListContributorInsights;
  // Entries come table by table in name order, each table before its indexes (in name order); the token
  // resumes after the entry it names.
  std::string after_table, after_index;
  bool resuming = false;
  if (auto token = GetString(call.input, "NextToken")) {
    auto decoded = core::HexDecode(*token);
    const size_t newline = decoded ? decoded->find('\n') : std::string::npos;
    if (newline == std::string::npos)
      return ValidationException("Invalid Request: Provided nextToken is invalid: " + *token);
    after_table = decoded->substr(0, newline);
    after_index = decoded->substr(newline + 1);
    resuming = true;
  }
  std::vector<std::shared_ptr<const TableInfo>> tables;
  if (auto name = GetString(call.input, "TableName")) {
    TARN_ASSIGN_OR_RETURN(auto table, FindTableForInsights(call, *name));
    tables.push_back(std::move(table));
  } else {
    for (const std::string& name : catalog_->List(call.context.account_id, call.context.region)) {
      auto table = catalog_->Get(call.context.account_id, call.context.region, name);
      if (table.ok() && !(*table)->restoring) tables.push_back(std::move(table).value());
    }
  }
  json::array summaries;
  std::string last_table, last_index;
  bool more = false;
  for (const auto& table : tables) {
    std::vector<std::pair<std::string, const ContributorInsights*>> entries{
        {"", &table->contributor_insights}};
    std::vector<const SecondaryIndex*> indexes;
    for (const SecondaryIndex& index : table->indexes)
      if (index.global) indexes.push_back(&index);
    std::sort(indexes.begin(), indexes.end(),
              [](const SecondaryIndex* a, const SecondaryIndex* b) { return a->name < b->name; });
    for (const SecondaryIndex* index : indexes)
      entries.emplace_back(index->name, &index->contributor_insights);
    for (const auto& [index, insights] : entries) {
      if (!insights->enabled) continue;
      if (resuming && std::pair<std::string_view, std::string_view>(table->name, index) <=
                          std::pair<std::string_view, std::string_view>(after_table, after_index))
        continue;
      if (static_cast<int64_t>(summaries.size()) == limit) {
        more = true;
        break;
      }
      summaries.push_back(Summary(*table, index, *insights));
      last_table = table->name;
      last_index = index;
    }
    if (more) break;
  }
  net::Output out;
  out.json["ContributorInsightsSummaries"] = std::move(summaries);
  if (more) out.json["NextToken"] = ListToken(last_table, last_index);
  return out;
}

}  // namespace tarn::dynamodb
