// Implements: DescribeContinuousBackups, UpdateContinuousBackups, DescribeLimits.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html
// Point-in-time recovery is kept as the table's setting, so templates and tools that set and read
// it (Terraform's point_in_time_recovery, CloudFormation's PointInTimeRecoverySpecification) work;
// RestoreTableToPointInTime restores from the history kept while it is on (point_in_time.h).
// ContinuousBackupsStatus is not the point-in-time recovery flag: DynamoDB answers DISABLED for the first
// seconds of a new table (scylladb test_backup.py), then ENABLED, also after point-in-time recovery is
// disabled.
#include <algorithm>
#include <boost/json.hpp>

#include "core/time_format.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/table_catalog.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

// How long a new table's continuous backups are described as DISABLED (DynamoDB: about 3 s after the
// table became ACTIVE).
constexpr double kContinuousBackupsStartup = 3;

boost::json::object ContinuousBackupsDescription(const TableInfo& table, double now) {
  boost::json::object pitr{{"PointInTimeRecoveryStatus", table.pitr_enabled ? "ENABLED" : "DISABLED"}};
  if (table.pitr_enabled) {
    const RestoreWindow window = PitrWindow(table, now);
    pitr["EarliestRestorableDateTime"] = window.earliest;
    pitr["LatestRestorableDateTime"] = window.latest;
    pitr["RecoveryPeriodInDays"] = table.pitr_days;
  }
  const bool backups = table.pitr_enabled || now - table.creation_time >= kContinuousBackupsStartup;
  return {{"ContinuousBackupsStatus", backups ? "ENABLED" : "DISABLED"},
          {"PointInTimeRecoveryDescription", std::move(pitr)}};
}

// These operations name a missing table with TableNotFoundException, not ResourceNotFoundException.
core::Result<std::shared_ptr<const TableInfo>> AsTableNotFound(
    core::Result<std::shared_ptr<const TableInfo>> found, std::string_view name) {
  if (found.ok() || found.error().code != "ResourceNotFoundException") return found;
  return TableNotFoundException(name);
}

}  // namespace

core::Result<net::Output> Service::DescribeContinuousBackups(const net::Call& call) {
  std::string name = GetString(call.input, "TableName").value_or("");
  TARN_ASSIGN_OR_RETURN(auto table, AsTableNotFound(FindTable(call, name), name));
  net::Output out;
  out.json["ContinuousBackupsDescription"] =
      ContinuousBackupsDescription(*table, core::ToEpochSeconds(clock_.Now()));
  return out;
}

core::Result<net::Output> Service::UpdateContinuousBackups(const net::Call& call) {
  // The model requires PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled and bounds
  // RecoveryPeriodInDays to 1..35; the dispatcher refuses requests outside that before this runs.
  const boost::json::object* spec = GetObject(call.input, "PointInTimeRecoverySpecification");
  const bool enable = spec != nullptr && GetBool(*spec, "PointInTimeRecoveryEnabled");
  const auto* days = spec ? spec->if_contains("RecoveryPeriodInDays") : nullptr;
  std::string name = GetString(call.input, "TableName").value_or("");
  if (auto creating = FindTableInAnyState(call, name); creating.ok() && (*creating)->restoring)
    return ContinuousBackupsUnavailableException(name);
  TARN_ASSIGN_OR_RETURN(auto table, AsTableNotFound(FindTable(call, name), name));
  if (!enable && days != nullptr)
    return ValidationException(
        "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
  const double now = core::ToEpochSeconds(clock_.Now());
  TableInfo updated;
  bool was_enabled = false;
  // Update, not Replace: an index build may change the same record meanwhile.
  TARN_TRY(catalog_->Update(table->account_id, table->region, table->name, table->id, [&](TableInfo& t) {
    was_enabled = t.pitr_enabled;
    if (enable && !t.pitr_enabled) t.pitr_since = now;
    t.pitr_enabled = enable;
    if (!enable) t.pitr_since = 0;
    // Disabling forgets the period: the next enabling starts from 35 days unless it names one.
    t.pitr_days = enable && days != nullptr && days->is_int64() ? days->get_int64() : 35;
    updated = t;
    return core::Ok();
  }));
  if (enable && !was_enabled) {
    // Writes that read the table before recovery was on record no history: the window opens once
    // they have all committed.
    WaitForInflightWrites();
    const double opened = core::ToEpochSeconds(clock_.Now());
    TARN_TRY(catalog_->Update(table->account_id, table->region, table->name, table->id, [&](TableInfo& t) {
      if (t.pitr_enabled) t.pitr_since = opened;
      updated = t;
      return core::Ok();
    }));
  }
  if (!enable && was_enabled) {
    // Recovery off: the history is of no more use (a later enabling starts a new window).
    std::string history = PitrHistoryPrefix(table->id);
    storage::WriteBatch batch;
    batch.DeleteRange(cf_, history, storage::PrefixSuccessor(history).value_or(std::string("I")));
    TARN_TRY(rocks_.Write(batch));
  }
  net::Output out;
  out.json["ContinuousBackupsDescription"] = ContinuousBackupsDescription(updated, now);
  return out;
}

core::Result<net::Output> Service::DescribeLimits(const net::Call&) {
  // DynamoDB's default quotas for provisioned capacity per account and Region, and per table:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
  net::Output out;
  out.json["AccountMaxReadCapacityUnits"] = 80000;
  out.json["AccountMaxWriteCapacityUnits"] = 80000;
  out.json["TableMaxReadCapacityUnits"] = 40000;
  out.json["TableMaxWriteCapacityUnits"] = 40000;
  return out;
}

}  // namespace tarn::dynamodb
