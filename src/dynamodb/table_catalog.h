#pragma once
// TableCatalog: the DynamoDB tables of every (account, region), persisted in column family
// "dynamodb" (layout: docs/storage-formats.md, "dynamodb: tables and items") and cached in memory.
// Each table gets a numeric id at creation; its items live under ItemPrefix(id), so DeleteTable is
// one DeleteRange and a re-created table never sees old items. Thread-safe: lookups share a lock,
// catalog changes take it exclusively; TableInfo snapshots are immutable once published.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/secondary_index.h"
#include "iam/policy/policy.h"
#include "storage/rocks.h"

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BillingModeSummary.html
inline constexpr std::string_view kBillingProvisioned = "PROVISIONED";
inline constexpr std::string_view kBillingPayPerRequest = "PAY_PER_REQUEST";
// The throughput an on-demand table or index serves from the start (its WarmThroughput floor).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
inline constexpr int64_t kOnDemandWarmReads = 12000;
inline constexpr int64_t kOnDemandWarmWrites = 4000;

struct TableInfo {
  std::string account_id;
  std::string region;
  std::string name;
  uint64_t id = 0;           // the item-key prefix, unique per database, never reused
  std::string table_uuid;    // DescribeTable's TableId
  double creation_time = 0;  // epoch seconds
  KeySchema key_schema;
  std::vector<KeyAttribute> attribute_definitions;
  std::string billing_mode = std::string(kBillingProvisioned);
  double billing_mode_updated = 0;     // epoch seconds of the last switch to PAY_PER_REQUEST (0: never)
  bool billing_mode_explicit = false;  // BillingModeSummary is described only once it was set
  int64_t read_capacity = 0;
  int64_t write_capacity = 0;
  ThroughputHistory throughput_history;  // ProvisionedThroughput changes (UpdateTable)
  bool stream_enabled = false;
  std::string stream_view_type;  // NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY
  std::string stream_label;      // "2026-11-25T11:20:14.123", kept after the stream is disabled
  std::map<std::string, std::string> tags;
  // Time to live (UpdateTimeToLive): the attribute is kept after TTL is disabled, as DescribeTimeToLive
  // no longer shows it then.
  bool ttl_enabled = false;
  std::string ttl_attribute;
  // Point-in-time recovery (UpdateContinuousBackups): the setting only; tarn restores nothing.
  bool pitr_enabled = false;
  double pitr_since = 0;             // epoch seconds it was last enabled
  int64_t pitr_days = 35;            // RecoveryPeriodInDays
  bool deletion_protection = false;  // DeletionProtectionEnabled: DeleteTable is refused
  std::string table_class;           // TableClass once one was given (TableClassSummary), else empty
  double table_class_updated = 0;    // epoch seconds UpdateTable last changed it (0: never)
  // SSESpecification Enabled: encrypted with a KMS key (SSEDescription) instead of DynamoDB's own key.
  bool sse_kms = false;
  std::string sse_kms_key_arn;
  // OnDemandThroughput's MaxReadRequestUnits/MaxWriteRequestUnits (0: not set), and the
  // WarmThroughput asked for (0: the mode's default; it can only grow).
  int64_t on_demand_read = 0;
  int64_t on_demand_write = 0;
  int64_t warm_read = 0;
  int64_t warm_write = 0;
  // The resource-based policies of the table and of its stream (PutResourcePolicy): canonical text
  // (resource_policy.h; empty when none), whether the document sent named no Version, the RevisionId
  // (epoch ms of the last change; after a DeleteResourcePolicy the deletion's, which a further delete
  // answers) and the compiled form the authorizer evaluates.
  std::string policy;
  bool policy_versionless = false;
  std::string policy_revision;
  std::shared_ptr<const iam::policy::Policy> policy_compiled;
  std::string stream_policy;
  bool stream_policy_versionless = false;
  std::string stream_policy_revision;
  std::shared_ptr<const iam::policy::Policy> stream_policy_compiled;
  // RestoreTableFromBackup / RestoreTableToPointInTime: the backup (none for a point in time) and the
  // table the items came from, and the time they are from (RestoreSummary);
  // `restoring` while they are still being copied: the table is CREATING and refuses item calls.
  std::string restore_backup_arn;
  std::string restore_table_arn;
  uint64_t restore_source_id = 0;  // a point-in-time restore's source table (its id: names are reused)
  double restore_time = 0;
  bool restoring = false;
  ContributorInsights contributor_insights;  // UpdateContributorInsights without IndexName
  std::vector<SecondaryIndex> indexes;       // GSIs and LSIs, in creation order
  uint64_t next_index_id = 1;                // SecondaryIndex::id of the next index created

  // arn:aws:dynamodb:<region>:<account>:table/<name>
  std::string Arn() const;
  // <Arn()>/stream/<stream_label>; empty when no stream was ever enabled.
  std::string StreamArn() const;
};

// Stored form of a TableInfo (JSON text); FromRecord returns nullopt on a malformed record.
std::string ToRecord(const TableInfo& table);
std::optional<TableInfo> FromRecord(std::string_view record);

// Every key of items of table `id` starts with this (then the encoded primary key).
std::string ItemPrefix(uint64_t table_id);
// ItemPrefix + EncodePrimaryKey: the storage key of the item with these key attributes (validated).
std::string ItemKey(const TableInfo& table, const Item& item);
// Stored item values: the item's wire JSON (docs/storage-formats.md). DecodeItem fails with
// InternalFailure on a corrupt value.
std::string EncodeItem(const Item& item);
core::Result<Item> DecodeItem(std::string_view bytes);

class TableCatalog {
 public:
  // Loads every table record and checks format-version/dynamodb. InternalFailure on storage
  // errors or an unreadable record.
  static core::Result<std::unique_ptr<TableCatalog>> Open(storage::Rocks& rocks);

  // ResourceNotFoundException "Requested resource not found" when absent.
  core::Result<std::shared_ptr<const TableInfo>> Get(std::string_view account_id, std::string_view region,
                                                     std::string_view name) const;
  // Assigns table.id and stores it. ResourceInUseException "Table already exists: <name>".
  core::Result<std::shared_ptr<const TableInfo>> Create(TableInfo table);
  // Replaces an existing table's record (same account/region/name/id).
  // ResourceNotFoundException when it was deleted meanwhile.
  core::Status Replace(TableInfo table);
  // Removes the table and all its items in one write. ResourceNotFoundException when absent.
  core::Result<std::shared_ptr<const TableInfo>> Delete(std::string_view account_id, std::string_view region,
                                                        std::string_view name);
  // Applies `change` to the current record of the table (same id) and stores it, atomically with
  // respect to every other catalog change. ResourceNotFoundException when it was deleted meanwhile;
  // an error from `change` leaves the record as it was.
  core::Status Update(std::string_view account_id, std::string_view region, std::string_view name,
                      uint64_t id, const std::function<core::Status(TableInfo&)>& change);
  // Every table of every account and region (restarting index builds at start-up; the TTL sweeper).
  std::vector<std::shared_ptr<const TableInfo>> All() const;
  // Table names of one account and region in ascending (bytewise) order.
  std::vector<std::string> List(std::string_view account_id, std::string_view region) const;

 private:
  explicit TableCatalog(storage::Rocks& rocks) : rocks_(rocks) {}
  storage::Rocks& rocks_;
  const storage::ColumnFamily* cf_ = nullptr;
  mutable std::shared_mutex mu_;
  uint64_t next_id_ = 1;
  // Keyed by the record key, so iteration is (account, region, name) order.
  std::map<std::string, std::shared_ptr<const TableInfo>, std::less<>> tables_;
};

}  // namespace tarn::dynamodb
