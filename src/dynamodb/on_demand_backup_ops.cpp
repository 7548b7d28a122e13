// Implements: CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup, and the
// SYSTEM backup DeleteTable takes of a table with point-in-time recovery on.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Backup-and-Restore.html
// A backup is a copy of the table's items read from one RocksDB snapshot (backup_catalog.h), taken
// before CreateBackup answers; like CreateTable, the answer says CREATING (DynamoDB's) and the backup
// is AVAILABLE from then on. A restore creates the table CREATING, copies the backup's items and their
// index entries into it, then makes it ACTIVE, also before it answers; a restore cut off by a crash
// resumes at the next start. These handlers copy whole tables, so they run on worker threads.
#include <algorithm>
#include <boost/json.hpp>

#include "core/arn.h"
#include "core/time_format.h"
#include "dynamodb/backup_catalog.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_builder.h"
#include "dynamodb/index_definitions.h"
#include "dynamodb/item_size.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/restored_table.h"
#include "dynamodb/secondary_index.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/table_settings.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListBackups.html
constexpr int64_t kMaxListBackupsLimit = 100;
// Copies are written in batches of about this many bytes.
constexpr size_t kCopyBatchBytes = 4 << 20;

core::AwsError BackupNotFoundException(std::string_view arn) {
  return core::AwsError("BackupNotFoundException", "Backup not found: " + std::string(arn), 400);
}

core::AwsError BackupInUseException(std::string message) {
  return core::AwsError("BackupInUseException", std::move(message), 400);
}

json::object BackupDetails(const BackupInfo& b, std::string_view status) {
  json::object details{
      {"BackupArn", b.Arn()},   {"BackupName", b.name}, {"BackupSizeBytes", b.size_bytes},
      {"BackupStatus", status}, {"BackupType", b.type}, {"BackupCreationDateTime", b.creation_time}};
  if (b.type == kBackupSystem) details["BackupExpiryDateTime"] = b.expiry_time;
  return details;
}

// A new backup of `table`, CREATING until its items are copied (the caller sets its id and times).
BackupInfo BackupOf(const TableInfo& table, std::string name) {
  BackupInfo backup;
  backup.account_id = table.account_id;
  backup.region = table.region;
  backup.name = std::move(name);
  backup.status = std::string(kBackupCreating);
  backup.table = table;
  backup.table.policy_compiled = backup.table.stream_policy_compiled = nullptr;
  return backup;
}

// A SYSTEM backup past its BackupExpiryDateTime is gone (PruneRecoveryHistory removes it later).
bool Expired(const BackupInfo& b, double now) { return b.type == kBackupSystem && now >= b.expiry_time; }

json::object ProvisionedThroughputOf(int64_t read, int64_t write) {
  return json::object{{"ReadCapacityUnits", read}, {"WriteCapacityUnits", write}};
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SourceTableDetails.html
json::object SourceTableDetails(const BackupInfo& b) {
  const TableInfo& t = b.table;
  json::object d{{"TableName", t.name},
                 {"TableId", t.table_uuid},
                 {"TableArn", t.Arn()},
                 {"TableSizeBytes", b.size_bytes},
                 {"KeySchema", KeySchemaJson(t.key_schema)},
                 {"TableCreationDateTime", t.creation_time},
                 {"ProvisionedThroughput", ProvisionedThroughputOf(t.read_capacity, t.write_capacity)},
                 {"ItemCount", b.item_count},
                 {"BillingMode", t.billing_mode}};
  if (t.on_demand_read > 0 || t.on_demand_write > 0) {
    json::object odt;
    if (t.on_demand_read > 0) odt["MaxReadRequestUnits"] = t.on_demand_read;
    if (t.on_demand_write > 0) odt["MaxWriteRequestUnits"] = t.on_demand_write;
    d["OnDemandThroughput"] = std::move(odt);
  }
  return d;
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SourceTableFeatureDetails.html
json::object SourceTableFeatureDetails(const TableInfo& t) {
  json::object d;
  for (bool global : {false, true}) {
    json::array indexes;
    for (json::value& v : DescribeIndexes(t, global, {}, false, 0)) {
      json::object& full = v.as_object();
      json::object index{{"IndexName", full["IndexName"]},
                         {"KeySchema", full["KeySchema"]},
                         {"Projection", full["Projection"]}};
      if (global) {
        const SecondaryIndex* found = FindIndex(t, full["IndexName"].as_string());
        index["ProvisionedThroughput"] =
            ProvisionedThroughputOf(found ? found->read_capacity : 0, found ? found->write_capacity : 0);
      }
      indexes.push_back(std::move(index));
    }
    if (!indexes.empty()) d[global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"] = std::move(indexes);
  }
  if (t.stream_enabled)
    d["StreamDescription"] = json::object{{"StreamEnabled", true}, {"StreamViewType", t.stream_view_type}};
  if (t.ttl_enabled)
    d["TimeToLiveDescription"] =
        json::object{{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", t.ttl_attribute}};
  if (t.sse_kms)
    d["SSEDescription"] =
        json::object{{"Status", "ENABLED"}, {"SSEType", "KMS"}, {"KMSMasterKeyArn", t.sse_kms_key_arn}};
  return d;
}

json::object BackupDescription(const BackupInfo& b, std::string_view status) {
  return json::object{{"BackupDetails", BackupDetails(b, status)},
                      {"SourceTableDetails", SourceTableDetails(b)},
                      {"SourceTableFeatureDetails", SourceTableFeatureDetails(b.table)}};
}

}  // namespace

core::Result<net::Output> Service::CreateBackup(const net::Call& call) {
  std::string name = GetString(call.input, "TableName").value_or("");
  std::string backup_name = GetString(call.input, "BackupName").value_or("");
  // The snapshot first, so the table record read after it is at least as new as the items copied.
  storage::Snapshot snapshot = rocks_.GetSnapshot();
  if (auto creating = FindTableInAnyState(call, name); creating.ok() && (*creating)->restoring)
    return ContinuousBackupsUnavailableException(name);
  auto table = FindTable(call, name);
  if (!table.ok()) {
    if (table.error().code != "ResourceNotFoundException") return std::move(table).error();
    return TableNotFoundException(name);
  }
  const core::TimePoint now = clock_.Now();
  BackupInfo backup = BackupOf(**table, backup_name);
  backup.id =
      NewBackupId(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  backup.creation_time = core::ToEpochSeconds(now);
  // Recorded first, so a crash during the copy leaves a CREATING backup that the next start removes.
  TARN_TRY(backups_->Put(backup));
  TARN_TRY(FillBackup(backup, snapshot));
  net::Output out;
  out.json["BackupDetails"] = BackupDetails(backup, kBackupCreating);
  return out;
}

core::Status Service::FillBackup(BackupInfo& backup, const storage::Snapshot& snapshot) {
  const std::string source = ItemPrefix(backup.table.id);
  const std::string target = BackupItemPrefix(backup);
  storage::IteratorOptions options = storage::IteratorOptions::Prefix(source);
  options.snapshot = &snapshot;
  options.fill_cache = false;
  auto it = rocks_.NewIterator(cf_, options);
  storage::WriteBatch batch;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    TARN_ASSIGN_OR_RETURN(Item item, DecodeItem(it.value()));
    backup.size_bytes += static_cast<int64_t>(ItemSize(item));
    ++backup.item_count;
    batch.Put(cf_, target + std::string(it.key().substr(source.size())), it.value());
    if (batch.ByteSize() >= kCopyBatchBytes) {
      TARN_TRY(rocks_.Write(batch));
      batch.Clear();
    }
  }
  TARN_TRY(it.status());
  if (!batch.empty()) TARN_TRY(rocks_.Write(batch));
  backup.status = std::string(kBackupAvailable);
  return backups_->Put(backup);
}

core::Result<std::string> Service::TakeSystemBackup(const TableInfo& table,
                                                    const storage::Snapshot& snapshot) {
  BackupInfo backup = BackupOf(table, table.name + std::string(kDeletedTableBackupSuffix));
  backup.type = std::string(kBackupSystem);
  // SYSTEM ids are the time and zeros: a table deleted in the same millisecond takes the next one.
  for (int64_t ms = EpochMillis(core::ToEpochSeconds(clock_.Now()));; ++ms) {
    backup.id = SystemBackupId(ms);
    backup.creation_time = static_cast<double>(ms) / 1000;
    backup.expiry_time = backup.creation_time + kSystemBackupDays * 86400;
    TARN_ASSIGN_OR_RETURN(bool inserted, backups_->Insert(backup));
    if (inserted) break;
  }
  TARN_TRY(FillBackup(backup, snapshot));
  return backup.id;
}

core::Result<std::shared_ptr<const BackupInfo>> Service::FindBackup(const net::Call& call,
                                                                    std::string_view arn) const {
  // DynamoDB's answers (ack-api-quirks DDB-BACKUP-005/012, probed against DynamoDB).
  auto parts = ParseBackupArn(arn);
  if (!parts) return ValidationException("Invalid Backup ARN");
  if (parts->account_id != call.context.account_id) return AccessIsDenied();
  if (parts->region != call.context.region) return BackupNotFoundException(arn);
  auto backup = backups_->Get(parts->account_id, parts->region, parts->id);
  if (!backup || backup->table.name != parts->table || Expired(*backup, core::ToEpochSeconds(clock_.Now())))
    return BackupNotFoundException(arn);
  return backup;
}

bool Service::RestoringFrom(const BackupInfo& backup) const {
  const std::string arn = backup.Arn();
  for (const auto& table : catalog_->All())
    if (table->restoring && table->restore_backup_arn == arn) return true;
  return false;
}

core::Result<net::Output> Service::DescribeBackup(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(auto backup, FindBackup(call, GetString(call.input, "BackupArn").value_or("")));
  net::Output out;
  out.json["BackupDescription"] = BackupDescription(*backup, backup->status);
  return out;
}

core::Result<net::Output> Service::DeleteBackup(const net::Call& call) {
  std::string arn = GetString(call.input, "BackupArn").value_or("");
  TARN_ASSIGN_OR_RETURN(auto backup, FindBackup(call, arn));
  if (backup->status != kBackupAvailable) return BackupInUseException("Backup is being created: " + arn);
  // DynamoDB's answer (ack-api-quirks DDB-TABLE-167, probed against DynamoDB; the time's form past the
  // date was not recorded).
  if (backup->type == kBackupSystem)
    return ValidationException("Invalid Request: User is not allowed to delete the system backup with arn " +
                               arn + ". It will automatically expire on " +
                               core::FormatIso8601Millis(core::FromEpochSeconds(backup->expiry_time)));
  if (RestoringFrom(*backup)) return BackupInUseException("Backup is being used to restore table: " + arn);
  TARN_ASSIGN_OR_RETURN(auto deleted, backups_->Delete(backup->account_id, backup->region, backup->id));
  if (!deleted) return BackupNotFoundException(arn);
  net::Output out;
  out.json["BackupDescription"] = BackupDescription(*deleted, kBackupDeleted);
  return out;
}

core::Result<net::Output> Service::ListBackups(const net::Call& call) {
  auto table_name = GetString(call.input, "TableName");
  if (table_name && table_name->starts_with("arn:")) {
    auto arn = core::Arn::Parse(*table_name);
    if (arn && arn->resource.starts_with("table/")) table_name = arn->resource.substr(6);
  }
  const int64_t limit = GetInt(call.input, "Limit").value_or(kMaxListBackupsLimit);
  // Compared in milliseconds, the precision of BackupCreationDateTime: the lower bound is inclusive,
  // the upper one exclusive (ack-api-quirks DDB-BACKUP-014, probed against DynamoDB).
  const auto lower = GetTimestamp(call.input, "TimeRangeLowerBound");
  const auto upper = GetTimestamp(call.input, "TimeRangeUpperBound");
  if (lower && upper && EpochMillis(*lower) > EpochMillis(*upper))
    return InvalidParameter("Time range lower bound must be less than or equal to upper bound");
  // The default is USER; ALL is USER and SYSTEM; tarn has no AWS Backup, so AWS_BACKUP is empty.
  const std::string type = GetString(call.input, "BackupType").value_or(std::string(kBackupUser));
  const double now = core::ToEpochSeconds(clock_.Now());
  // A cursor, not a lookup: the page resumes after the position of that backup, also a deleted one.
  std::string after;
  if (auto start = GetString(call.input, "ExclusiveStartBackupArn"))
    if (auto parts = ParseBackupArn(*start)) {
      // (ack-api-quirks DDB-TABLE-442's catalogue.)
      if (parts->region != call.context.region)
        return ValidationException(
            "Invalid Request: The supplied ExclusiveStartBackupArn does not match the region");
      after = parts->id;
    }
  json::array summaries;
  std::string last;
  bool more = false;
  for (const auto& backup : backups_->List(call.context.account_id, call.context.region)) {
    if ((type != "ALL" && backup->type != type) || backup->id <= after || Expired(*backup, now)) continue;
    if (table_name && backup->table.name != *table_name) continue;
    if (lower && EpochMillis(backup->creation_time) < EpochMillis(*lower)) continue;
    if (upper && EpochMillis(backup->creation_time) >= EpochMillis(*upper)) continue;
    const std::string arn = backup->Arn();
    if (static_cast<int64_t>(summaries.size()) == limit) {
      more = true;
      break;
    }
    json::object summary{
        {"TableName", backup->table.name}, {"TableId", backup->table.table_uuid},
        {"TableArn", backup->table.Arn()}, {"BackupArn", arn},
        {"BackupName", backup->name},      {"BackupCreationDateTime", backup->creation_time}};
    if (backup->type == kBackupSystem) summary["BackupExpiryDateTime"] = backup->expiry_time;
    summary["BackupStatus"] = backup->status;
    summary["BackupType"] = backup->type;
    summary["BackupSizeBytes"] = backup->size_bytes;
    summaries.push_back(std::move(summary));
    last = arn;
  }
  net::Output out;
  out.json["BackupSummaries"] = std::move(summaries);
  if (more) out.json["LastEvaluatedBackupArn"] = last;
  return out;
}

core::Result<net::Output> Service::RestoreTableFromBackup(const net::Call& call) {
  std::string target = GetString(call.input, "TargetTableName").value_or("");
  std::string arn = GetString(call.input, "BackupArn").value_or("");
  TARN_TRY(ValidateTableName(target));
  TARN_ASSIGN_OR_RETURN(auto backup, FindBackup(call, arn));
  if (backup->status != kBackupAvailable) return BackupInUseException("Backup is being created: " + arn);
  if (auto existing = catalog_->Get(call.context.account_id, call.context.region, target); existing.ok()) {
    if ((*existing)->restoring)
      return core::AwsError(
          "TableInUseException",
          "Table: " + target + " is already being restored from backup: " + (*existing)->restore_backup_arn,
          400);
    return TableAlreadyExistsException(target);
  }
  if (RestoringFrom(*backup))
    return BackupInUseException("Backup is being used to restore another table: " + arn);
  TARN_ASSIGN_OR_RETURN(TableInfo t,
                        RestoredTable(backup->table, target, call.input, core::ToEpochSeconds(clock_.Now())));
  t.restore_backup_arn = backup->Arn();
  t.restore_table_arn = backup->table.Arn();
  t.restore_time = backup->creation_time;  // the point the items are from
  t.restoring = true;
  auto created = catalog_->Create(std::move(t));
  if (!created.ok()) {
    if (created.error().code == "ResourceInUseException") return TableAlreadyExistsException(target);
    return std::move(created).error();
  }
  net::Output out;
  // As DynamoDB answers: CREATING, the restore in progress (here it is done by the time this is read).
  out.json["TableDescription"] =
      TableDescription(**created, "CREATING", {}, core::ToEpochSeconds(clock_.Now()),
                       /*indexes_creating=*/true);
  TARN_TRY(RestoreItems(**created));
  return out;
}

core::Status Service::StageRestoredItem(const TableInfo& table, const std::vector<TableInfo>& per_index,
                                        std::string_view primary_key, std::string_view item_json,
                                        storage::WriteBatch& batch) {
  batch.Put(cf_, ItemPrefix(table.id) + std::string(primary_key), item_json);
  if (per_index.empty()) return core::Ok();
  TARN_ASSIGN_OR_RETURN(Item item, DecodeItem(item_json));
  for (const TableInfo& one : per_index) {
    const SecondaryIndex& index = one.indexes.front();
    // An item whose key for an overriding index has another type stays out of that index, as in a
    // backfill.
    if (!index.Covers(item) || !ValidateIndexKeys(one, item).ok()) continue;
    batch.Put(cf_, IndexEntryKey(table, index, item), EncodeItem(ProjectIntoIndex(table, index, item)));
  }
  return core::Ok();
}

core::Status Service::RestoreItems(const TableInfo& table) {
  if (table.restore_backup_arn.empty()) return RestoreItemsAt(table);
  auto parts = ParseBackupArn(table.restore_backup_arn);
  auto backup = parts ? backups_->Get(parts->account_id, parts->region, parts->id) : nullptr;
  // DeleteBackup refuses a backup a table is being restored from, so it is there.
  if (!backup) return core::InternalFailure("dynamodb: the backup of a restore is missing");
  const std::string source = BackupItemPrefix(*backup);
  const std::vector<TableInfo> per_index = TablePerIndex(table);
  storage::IteratorOptions options = storage::IteratorOptions::Prefix(source);
  options.fill_cache = false;
  auto it = rocks_.NewIterator(cf_, options);
  storage::WriteBatch batch;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    TARN_TRY(StageRestoredItem(table, per_index, it.key().substr(source.size()), it.value(), batch));
    if (batch.ByteSize() >= kCopyBatchBytes) {
      // A restore cut off here is resumed at the next start (copying again is harmless).
      if (index_builder_->stopping()) return core::Ok();
      TARN_TRY(rocks_.Write(batch));
      batch.Clear();
    }
  }
  TARN_TRY(it.status());
  if (!batch.empty()) TARN_TRY(rocks_.Write(batch));
  return FinishRestore(table);
}

core::Status Service::FinishRestore(const TableInfo& table) {
  return catalog_->Update(table.account_id, table.region, table.name, table.id, [](TableInfo& t) {
    t.restoring = false;
    return core::Ok();
  });
}

}  // namespace tarn::dynamodb
