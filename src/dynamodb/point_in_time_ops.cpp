// Implements: RestoreTableToPointInTime.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html
// The items come from the source table's point-in-time history (point_in_time.h), read from one
// snapshot and copied, with their index entries, into the new table before the call answers, as a
// restore from a backup. The checks and their order are DynamoDB's (ack-api-quirks DDB-TABLE-100/272,
// probed against DynamoDB): the request's shape, then the source, point-in-time recovery being on, the
// time, and last the target.
#include <boost/json.hpp>
#include <chrono>
#include <limits>

#include "core/arn.h"
#include "core/time_format.h"
#include "dynamodb/backup_catalog.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_builder.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/restored_table.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/table_settings.h"

namespace tarn::dynamodb {
namespace {

constexpr size_t kCopyBatchBytes = 4 << 20;

std::string Iso(double epoch_seconds) { return core::FormatIso8601(core::FromEpochSeconds(epoch_seconds)); }

}  // namespace

core::Result<net::Output> Service::RestoreTableToPointInTime(const net::Call& call) {
  auto source_name = GetString(call.input, "SourceTableName");
  auto source_arn = GetString(call.input, "SourceTableArn");
  const std::string target = GetString(call.input, "TargetTableName").value_or("");
  if (source_name && source_arn)
    return ValidationException("Must provide exactly one of: sourceTableArn, sourceTableName");
  if (!source_name && !source_arn)
    return ValidationException("The parameter 'TableName' is required but was not present in the request");
  const bool use_latest = GetBool(call.input, "UseLatestRestorableTime");
  const auto restore_time = GetTimestamp(call.input, "RestoreDateTime");
  if (use_latest && restore_time)
    return ValidationException(
        "Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time "
        "restore request. Please specify either RestoreDateTime time or UseLatestRestorableTime");
  if (!use_latest && !restore_time)
    return ValidationException(
        "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, "
        "but not both");
  std::string name;
  if (source_arn) {
    // (ack-api-quirks DDB-TABLE-442's catalogue.)
    if (!source_arn->starts_with("arn:"))
      return InvalidParameter("ARNs must start with 'arn:': " + *source_arn);
    auto arn = core::Arn::Parse(*source_arn);
    if (!arn || arn->service != "dynamodb" || !arn->resource.starts_with("table/") ||
        arn->resource.find('/', 6) != std::string::npos)
      return ValidationException("sourceTableArn is not a valid ARN");
    if (arn->account_id != call.context.account_id)
      return ValidationException(
          "This action is only supported by accounts that match the resource owner’s account.");
    name = arn->resource.substr(6);
  } else {
    name = *source_name;
  }
  TARN_TRY(ValidateTableName(target));
  auto source = FindTable(call, source_arn ? *source_arn : name);
  if (!source.ok()) {
    if (source.error().code != "ResourceNotFoundException") return std::move(source).error();
    // Named by its ARN, the missing table is not named again (DDB-TABLE-447's catalogue).
    if (source_arn) return core::AwsError("TableNotFoundException", "Table not found", 400);
    return TableNotFoundException(name);
  }
  const TableInfo& from = **source;
  if (!from.pitr_enabled)
    return core::AwsError("PointInTimeRecoveryUnavailableException",
                          "Point in time recovery is not enabled for table '" + name + "'", 400);
  const double now = core::ToEpochSeconds(clock_.Now());
  const RestoreWindow window = PitrWindow(from, now);
  const double when = use_latest ? window.latest : *restore_time;
  if (EpochMillis(when) < EpochMillis(window.earliest) || EpochMillis(when) > EpochMillis(window.latest))
    return core::AwsError("InvalidRestoreTimeException",
                          "RestoreDateTime '" + Iso(when) + "' must be within EarliestRestorableDateTime '" +
                              Iso(window.earliest) + "' and LatestRestorableDateTime '" + Iso(window.latest) +
                              "'",
                          400);
  if (catalog_->Get(call.context.account_id, call.context.region, target).ok())
    return TableAlreadyExistsException(target);
  // The source's settings as they are now, as DynamoDB takes them for a point-in-time restore.
  TARN_ASSIGN_OR_RETURN(TableInfo t, RestoredTable(from, target, call.input, now));
  t.restore_table_arn = from.Arn();
  t.restore_source_id = from.id;
  t.restore_time = static_cast<double>(EpochMillis(when)) / 1000;
  t.restoring = true;
  auto created = catalog_->Create(std::move(t));
  if (!created.ok()) {
    if (created.error().code == "ResourceInUseException") return TableAlreadyExistsException(target);
    return std::move(created).error();
  }
  net::Output out;
  out.json["TableDescription"] =
      TableDescription(**created, "CREATING", {}, core::ToEpochSeconds(clock_.Now()),
                       /*indexes_creating=*/true);
  TARN_TRY(RestoreItems(**created));
  return out;
}

core::Status Service::RestoreItemsAt(const TableInfo& table) {
  auto arn = core::Arn::Parse(table.restore_table_arn);
  auto source = arn && arn->resource.starts_with("table/")
                    ? catalog_->Get(arn->account_id, arn->region, arn->resource.substr(6))
                    : core::Result<std::shared_ptr<const TableInfo>>(ResourceNotFoundException());
  // Resumed after a restart: a source deleted meanwhile, or its recovery switched off, took the history
  // along, so the restore cannot finish and the table is removed, as DynamoDB leaves none after a
  // failed restore.
  if (!source.ok() || (*source)->id != table.restore_source_id || !(*source)->pitr_enabled) {
    (void)catalog_->Delete(table.account_id, table.region, table.name);
    return core::InternalFailure("dynamodb: the source of point-in-time restore " + table.name + " is gone");
  }
  const std::vector<TableInfo> per_index = TablePerIndex(table);
  storage::Snapshot snapshot = rocks_.GetSnapshot();
  storage::WriteBatch batch;
  bool stopped = false;
  core::Status walked =
      ItemsAt(rocks_, cf_, table.restore_source_id, EpochMillis(table.restore_time), snapshot,
              [&](std::string_view primary_key, std::string_view item) -> core::Status {
                TARN_TRY(StageRestoredItem(table, per_index, primary_key, item, batch));
                if (batch.ByteSize() < kCopyBatchBytes) return core::Ok();
                if (index_builder_->stopping()) {
                  stopped = true;
                  return core::InternalFailure("stopping");
                }
                TARN_TRY(rocks_.Write(batch));
                batch.Clear();
                return core::Ok();
              });
  if (stopped) return core::Ok();  // resumed at the next start
  TARN_TRY(std::move(walked));
  if (!batch.empty()) TARN_TRY(rocks_.Write(batch));
  return FinishRestore(table);
}

core::Result<size_t> Service::PruneRecoveryHistory() {
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count();
  constexpr int64_t kPruneEveryMs = 10 * 60 * 1000;
  int64_t last = last_history_prune_.load();
  if (now - last < kPruneEveryMs || !last_history_prune_.compare_exchange_strong(last, now)) return 0;
  size_t pruned = 0;
  for (const auto& table : catalog_->All()) {
    // A table without recovery keeps no history: what a write that raced the switching off left is
    // removed whatever its age (usually there is none, and this is one seek).
    const int64_t cutoff =
        table->pitr_enabled ? now - table->pitr_days * 86400 * 1000 : std::numeric_limits<int64_t>::max();
    TARN_ASSIGN_OR_RETURN(size_t n, PruneHistory(rocks_, cf_, table->id, cutoff));
    pruned += n;
  }
  // SYSTEM backups expire with the recovery window they were taken for (35 days).
  TARN_ASSIGN_OR_RETURN(size_t expired, backups_->RemoveExpired(static_cast<double>(now) / 1000));
  return pruned + expired;
}

}  // namespace tarn::dynamodb
