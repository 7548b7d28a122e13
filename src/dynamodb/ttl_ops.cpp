// Implements: UpdateTimeToLive, DescribeTimeToLive.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
// DynamoDB passes through ENABLING/DISABLING for up to an hour; tarn switches at once, so
// DescribeTimeToLive answers ENABLED/DISABLED. Enabling it again on its attribute answers "TimeToLive
// is already enabled", on another attribute "TimeToLive is active on a different AttributeName ...",
// disabling a disabled one "TimeToLive is already disabled", as DynamoDB does (ack-api-quirks
// DDB-TABLE-143/147, probed against DynamoDB). A missing table is "Requested resource not found: Table:
// <name> not found" (DDB-TABLE-070/446). The deletions themselves: ttl_sweeper.cpp.
#include <boost/json.hpp>

#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {

core::Result<net::Output> Service::UpdateTimeToLive(const net::Call& call) {
  // The model requires TimeToLiveSpecification with Enabled and AttributeName (1..255 characters);
  // the dispatcher rejects requests without them before this runs.
  const boost::json::object* spec = GetObject(call.input, "TimeToLiveSpecification");
  std::string attribute = spec ? GetString(*spec, "AttributeName").value_or("") : "";
  if (!spec || attribute.empty())
    return ValidationException(
        "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to "
        "satisfy "
        "constraint: Member must not be null");
  bool enable = GetBool(*spec, "Enabled");
  const std::string name = GetString(call.input, "TableName").value_or("");
  auto found = FindTable(call, name);
  if (!found.ok()) return TableNotFound(std::move(found).error(), name);
  const auto& table = *found;
  if (enable && table->ttl_enabled && attribute == table->ttl_attribute)
    return ValidationException("TimeToLive is already enabled");
  if (!enable && !table->ttl_enabled) return ValidationException("TimeToLive is already disabled");
  // Only the attribute it is on can be turned off (scylladb test_ttl.py, test_ttl_disable_errors), or
  // named again.
  if (table->ttl_enabled && attribute != table->ttl_attribute) {
    return ValidationException(
        "TimeToLive is active on a different AttributeName: current AttributeName is " +
        table->ttl_attribute);
  }
  // Update, not Replace: an index build may change the same record meanwhile.
  TARN_TRY(catalog_->Update(table->account_id, table->region, table->name, table->id, [&](TableInfo& t) {
    t.ttl_enabled = enable;
    t.ttl_attribute = attribute;
    return core::Ok();
  }));
  net::Output out;
  out.json["TimeToLiveSpecification"] =
      boost::json::object{{"Enabled", enable}, {"AttributeName", attribute}};
  return out;
}

core::Result<net::Output> Service::DescribeTimeToLive(const net::Call& call) {
  const std::string name = GetString(call.input, "TableName").value_or("");
  // A table a restore or an import is filling is CREATING (ack-api-quirks DDB-TABLE-442's catalogue).
  if (auto creating = FindTableInAnyState(call, name); creating.ok() && (*creating)->restoring)
    return ValidationException(
        "Cannot describe time to live while table is in CREATING state: Current table state is CREATING");
  auto found = FindTable(call, name);
  if (!found.ok()) return TableNotFound(std::move(found).error(), name);
  const auto& table = *found;
  boost::json::object description{{"TimeToLiveStatus", table->ttl_enabled ? "ENABLED" : "DISABLED"}};
  if (table->ttl_enabled) description["AttributeName"] = table->ttl_attribute;
  net::Output out;
  out.json["TimeToLiveDescription"] = std::move(description);
  return out;
}

}  // namespace tarn::dynamodb
