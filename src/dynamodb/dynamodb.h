#pragma once
// Amazon DynamoDB (JSON 1.0, DynamoDB_20120810): tables, items, Query/Scan and batches on RocksDB
// family "dynamodb". The only header other modules may include from src/dynamodb. Handlers are
// thread-safe: the catalog has its own lock, and every read-check-write of one item runs under a
// striped per-item mutex, so conditional writes on the same item are linearizable; each write is
// one durable RocksDB WriteBatch, which also holds the change's stream record when the table has a
// stream (streams/streams.h) and the item's secondary index entries. Transactions lock all their
// items in one global order and commit in one WriteBatch (transaction_locks.h); a background sweeper
// deletes items whose time to live passed; index builds (UpdateTable) run on background threads owned
// by the Service and joined by its destructor. On-demand backups copy a table's items from one snapshot
// (backup_catalog.h); point-in-time recovery keeps each item's earlier versions (point_in_time.h); a
// restore copies either into a new table; exports to and imports from S3 run in the background
// (job_catalog.h) through the ObjectStore serve wires to S3.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "dynamodb/attribute_value.h"
#include "iam/policy/policy.h"
#include "net/registry.h"
#include "storage/rocks.h"
#include "streams/streams.h"

namespace tarn::dynamodb {

class BackupCatalog;
struct BackupInfo;
class JobCatalog;
struct JobInfo;
class IndexBuilder;
class TableCatalog;
struct TableInfo;
class InFlightItems;
class ClientTokens;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
inline constexpr size_t kMinTableNameLength = 3;
inline constexpr size_t kMaxTableNameLength = 255;
// Table names: [a-zA-Z0-9_.-]{3,255}. ValidationException worded as DynamoDB's request validator:
// "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must
// satisfy regular expression pattern: [a-zA-Z0-9_.-]+" (and the length constraints).
core::Status ValidateTableName(std::string_view name);

namespace test_util {
class DynamoDbServiceTest;
}

class Service {
 public:
  // Opens the table catalog (InternalFailure on storage errors or unreadable records). Without `streams`
  // a StreamSpecification is described but nothing is captured (tests of the table API alone).
  static core::Result<std::unique_ptr<Service>> Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       streams::Service* streams = nullptr);
  ~Service();
  void RegisterOperations(net::Registry& registry);

  // Tables (table_ops.cpp). Errors: ValidationException (DynamoDB's messages), ResourceInUseException
  // "Table already exists: <name>", ResourceNotFoundException "Requested resource not found[: Table: <name>
  // not found]".
  core::Result<net::Output> CreateTable(const net::Call& call);
  core::Result<net::Output> DescribeTable(const net::Call& call);
  core::Result<net::Output> ListTables(const net::Call& call);
  core::Result<net::Output> DeleteTable(const net::Call& call);
  core::Result<net::Output> UpdateTable(const net::Call& call);
  core::Result<net::Output> TagResource(const net::Call& call);
  core::Result<net::Output> UntagResource(const net::Call& call);
  core::Result<net::Output> ListTagsOfResource(const net::Call& call);
  core::Result<net::Output> DescribeEndpoints(const net::Call& call);

  // Items (item_ops.cpp). Errors add ConditionalCheckFailedException (with "Item" when
  // ReturnValuesOnConditionCheckFailure=ALL_OLD) and the expression ValidationExceptions.
  core::Result<net::Output> PutItem(const net::Call& call);
  core::Result<net::Output> GetItem(const net::Call& call);
  core::Result<net::Output> DeleteItem(const net::Call& call);
  core::Result<net::Output> UpdateItem(const net::Call& call);

  // Query and Scan (query_scan_ops.cpp): pages of at most Limit items and 1 MB read.
  core::Result<net::Output> Query(const net::Call& call);
  core::Result<net::Output> Scan(const net::Call& call);

  // Batches (batch_ops.cpp): at most 100 keys / 25 writes, no duplicate keys.
  core::Result<net::Output> BatchGetItem(const net::Call& call);
  core::Result<net::Output> BatchWriteItem(const net::Call& call);

  // Transactions (transact_ops.cpp): at most 100 actions, 4 MB, one item once; all-or-nothing.
  // Errors add TransactionCanceledException with CancellationReasons (cancellation.h),
  // IdempotentParameterMismatchException, TransactionInProgressException.
  core::Result<net::Output> TransactWriteItems(const net::Call& call);
  core::Result<net::Output> TransactGetItems(const net::Call& call);

  // Time to live (ttl_ops.cpp, ttl_sweeper.cpp).
  core::Result<net::Output> UpdateTimeToLive(const net::Call& call);
  core::Result<net::Output> DescribeTimeToLive(const net::Call& call);
  // Contributor Insights (contributor_insights_ops.cpp): the setting of a table or GSI.
  core::Result<net::Output> UpdateContributorInsights(const net::Call& call);
  core::Result<net::Output> DescribeContributorInsights(const net::Call& call);
  core::Result<net::Output> ListContributorInsights(const net::Call& call);
  core::Result<net::Output> DescribeContinuousBackups(const net::Call& call);
  core::Result<net::Output> UpdateContinuousBackups(const net::Call& call);
  core::Result<net::Output> DescribeLimits(const net::Call& call);
  // Resource-based policies (resource_policy_ops.cpp). Errors: PolicyNotFoundException,
  // ValidationException (resource_policy.h, malformed or foreign ARNs), ResourceNotFoundException.
  core::Result<net::Output> PutResourcePolicy(const net::Call& call);
  core::Result<net::Output> GetResourcePolicy(const net::Call& call);
  core::Result<net::Output> DeleteResourcePolicy(const net::Call& call);
  // On-demand backups (on_demand_backup_ops.cpp, backup_catalog.h). Errors: TableNotFoundException,
  // BackupNotFoundException, BackupInUseException, TableAlreadyExistsException, ValidationException.
  core::Result<net::Output> CreateBackup(const net::Call& call);
  core::Result<net::Output> DescribeBackup(const net::Call& call);
  core::Result<net::Output> ListBackups(const net::Call& call);
  core::Result<net::Output> DeleteBackup(const net::Call& call);
  core::Result<net::Output> RestoreTableFromBackup(const net::Call& call);
  // Point-in-time restores (point_in_time_ops.cpp, point_in_time.h). Errors add
  // PointInTimeRecoveryUnavailableException and InvalidRestoreTimeException.
  core::Result<net::Output> RestoreTableToPointInTime(const net::Call& call);
  // Deletes point-in-time history older than each table's recovery period, and any of a table without
  // recovery, and SYSTEM backups past their expiry (at most every ten minutes; the TTL sweeper calls
  // it). Returns how many history entries and backups it deleted.
  core::Result<size_t> PruneRecoveryHistory();
  // Exports to S3 (export_ops.cpp, job_catalog.h). Errors add InvalidExportTimeException,
  // ExportConflictException, ExportNotFoundException; S3's errors end the export FAILED instead.
  core::Result<net::Output> ExportTableToPointInTime(const net::Call& call);
  core::Result<net::Output> DescribeExport(const net::Call& call);
  core::Result<net::Output> ListExports(const net::Call& call);
  // Where exports are written and imports read (S3's in-process API, wired by serve). `put` stores a local
  // file's bytes as bucket/key and returns the quoted ETag; `list` gives the objects whose keys start
  // with a prefix, in key order, with a readable path each; both fail with NoSuchBucket for a missing
  // bucket. Files on their way are staged in `tmp_dir`.
  struct ObjectStore {
    struct Object {
      std::string key;
      std::string path;
      uint64_t size = 0;
    };
    std::function<core::Result<std::string>(std::string_view bucket, std::string_view key,
                                            const std::string& local_path)>
        put;
    std::function<core::Result<std::vector<Object>>(std::string_view bucket, std::string_view prefix)> list;
    std::string tmp_dir;
    // Whether the caller of a request may do S3 operation `operation` ("PutObject") on bucket/key (the
    // bucket itself when `key` is empty), by their IAM policies and the bucket policy: exports write
    // with their caller's permissions. The error is the authorizer's AccessDenied; unset: allowed.
    std::function<core::Status(const net::RequestContext& caller, std::string_view operation,
                               std::string_view bucket, std::string_view key)>
        authorize;
  };
  // Set once, before serving; it also resumes the exports and imports a stop cut off. Without it an
  // export or import ends FAILED as for a missing bucket.
  void SetObjectStore(ObjectStore store);
  // Where imports log the items they could not import (CloudWatch Logs' in-process API, wired by serve):
  // appends (epoch ms, message) events to a stream of a log group in a Region, creating both. Set once,
  // before SetObjectStore; without it nothing is logged.
  using LogWriter =
      std::function<core::Status(std::string_view region, std::string_view group, std::string_view stream,
                                 std::vector<std::pair<int64_t, std::string>> events)>;
  void SetLogWriter(LogWriter writer) { log_writer_ = std::move(writer); }
  // Imports from S3 (import_ops.cpp). Errors add ResourceInUseException, ImportConflictException,
  // ImportNotFoundException; unreadable items and a missing bucket end the import FAILED instead.
  core::Result<net::Output> ImportTable(const net::Call& call);
  core::Result<net::Output> DescribeImport(const net::Call& call);
  core::Result<net::Output> ListImports(const net::Call& call);
  // Deletes, on the caller's thread, every item whose TTL passed (ttl.h) in tables with TTL enabled,
  // each under its item lock after re-reading it, with a REMOVE stream record whose userIdentity is
  // the DynamoDB service. Returns how many items it deleted.
  core::Result<size_t> DeleteExpiredItems();
  // A background thread running DeleteExpiredItems every `interval`. Start/Stop are idempotent;
  // the destructor stops it.
  void StartTtlSweeper(std::chrono::milliseconds interval);
  void StopTtlSweeper();

  // PartiQL (partiql_ops.cpp): each statement is translated into the native request above and run by
  // that handler. Errors add DuplicateItemException and "Statement wasn't well formed" ValidationExceptions.
  core::Result<net::Output> ExecuteStatement(const net::Call& call);
  core::Result<net::Output> BatchExecuteStatement(const net::Call& call);
  // ExecuteTransaction's TransactStatements as the native request that runs them: {"TransactWriteItems"
  // or "TransactGetItems", request JSON with TransactItems, ClientRequestToken, ReturnConsumedCapacity}.
  // Errors: the statements' syntax and translation errors, ResourceNotFoundException for a missing table.
  core::Result<std::pair<std::string, boost::json::object>> ExecuteTransactionRequest(const net::Call& call);
  // ExecuteTransaction: ExecuteTransactionRequest run by TransactWriteItems or TransactGetItems.
  core::Result<net::Output> ExecuteTransaction(const net::Call& call);

 private:
  // The handler tests hold an item lock (an index build waits for it) and mark a table as being filled.
  friend class test_util::DynamoDbServiceTest;
  Service(storage::Rocks& rocks, const core::Clock& clock, streams::Service* streams,
          std::unique_ptr<TableCatalog> catalog, std::unique_ptr<BackupCatalog> backups,
          std::unique_ptr<JobCatalog> exports, std::unique_ptr<JobCatalog> imports);
  // The table `name` (a name or, as data-plane calls accept, an ARN); ResourceNotFoundException when
  // absent or still being restored from a backup (FindTableInAnyState finds it then).
  core::Result<std::shared_ptr<const TableInfo>> FindTable(const net::Call& call,
                                                           std::string_view name) const;
  core::Result<std::shared_ptr<const TableInfo>> FindTableInAnyState(const net::Call& call,
                                                                     std::string_view name) const;
  // FindTable whose ResourceNotFoundException names the table, as the Contributor Insights operations'.
  core::Result<std::shared_ptr<const TableInfo>> FindTableForInsights(const net::Call& call,
                                                                      std::string_view name) const;
  // The table a CreateTable request describes (also ImportTable's TableCreationParameters), checked with
  // DynamoDB's messages, not yet in the catalog (table_ops.cpp).
  core::Result<TableInfo> NewTable(const boost::json::object& input, const net::RequestContext& context,
                                   core::TimePoint now);
  // The backup a BackupArn of the caller's account and Region names; BackupNotFoundException.
  core::Result<std::shared_ptr<const BackupInfo>> FindBackup(const net::Call& call,
                                                             std::string_view arn) const;
  // Copies the items a restoring table comes from into it, with their index entries, then makes it ACTIVE:
  // a backup's (on_demand_backup_ops.cpp), or the source table's as they were at the restore time
  // (point_in_time_ops.cpp). Returns early, the table still restoring, when the Service stops; Create runs
  // it again for such tables.
  core::Status RestoreItems(const TableInfo& table);
  // Writes one restored item, and its index entries, into `batch` (on_demand_backup_ops.cpp).
  // `per_index`: the table with one of its indexes each.
  core::Status StageRestoredItem(const TableInfo& table, const std::vector<TableInfo>& per_index,
                                 std::string_view primary_key, std::string_view item,
                                 storage::WriteBatch& batch);
  // RestoreItems for a point-in-time restore (point_in_time_ops.cpp).
  core::Status RestoreItemsAt(const TableInfo& table);
  // Makes a restored table ACTIVE.
  core::Status FinishRestore(const TableInfo& table);
  // Copies the table's items as `snapshot` has them under the backup's keys and records the backup
  // AVAILABLE (it was recorded CREATING first: a copy cut off by a crash is removed at the next start).
  core::Status FillBackup(BackupInfo& backup, const storage::Snapshot& snapshot);
  // The SYSTEM backup DeleteTable takes of a table with point-in-time recovery on
  // ("<table>$DeletedTableBackup", kept 35 days); its id.
  core::Result<std::string> TakeSystemBackup(const TableInfo& table, const storage::Snapshot& snapshot);
  // Writes an export's files and records its end (export_ops.cpp); on an index-builder thread.
  void RunExport(const JobInfo& started);
  // Reads an import's objects into its table and records its end (import_ops.cpp); on an index-builder
  // thread.
  void RunImport(const JobInfo& started);
  // Whether a table is being restored from the backup.
  bool RestoringFrom(const BackupInfo& backup) const;
  // The table whose policy slot a ResourceArn names: the table's own, or its stream's.
  struct PolicySlot {
    std::shared_ptr<const TableInfo> table;
    bool stream = false;
    std::string arn;
  };
  core::Result<PolicySlot> ResolvePolicySlot(const net::Call& call, std::string_view arn) const;
  // The RevisionId of a policy change: epoch milliseconds, above every id given before.
  std::string NextPolicyRevision();
  // Records a loaded or created table's policy (the fast path's flag, the last RevisionId).
  void NotePolicies(const TableInfo& table);
  // The resource-based policy the authorizer evaluates for a table, index or stream ARN, or nullptr.
  std::shared_ptr<const iam::policy::Policy> PolicyFor(std::string_view arn) const;
  // IAM condition keys of a request (condition_keys.cpp): dynamodb:LeadingKeys, dynamodb:Select,
  // dynamodb:ReturnValues, dynamodb:ReturnConsumedCapacity.
  net::AuthorizationExtras ConditionKeysOf(const net::Call& call) const;
  // aws:ResourceTag/<key> of the table `name` (a name or an ARN), when it exists and has tags.
  void AddResourceTagsOf(const net::Call& call, std::string_view name,
                         net::AuthorizationExtras& extras) const;
  // The PartiQL actions a statement needs (partiql_ops.cpp): dynamodb:PartiQLSelect/Insert/Update/Delete
  // on the table (or index) ARN of each statement that parses.
  net::AuthorizationExtras PartiQLActionsOf(const net::Call& call) const;
  // The native operations as a PartiQL statement runs them (`statement`) or as themselves: a
  // statement's UPDATE measures the finished item alone against 400 KB, without UpdateItem's own
  // charge for what an update writes (item_ops.cpp); its SELECT filters a local index on what the
  // index projects (query_scan_ops.cpp).
  core::Result<net::Output> RunUpdateItem(const net::Call& call, bool statement);
  core::Result<net::Output> RunQuery(const net::Call& call, bool statement);
  core::Result<net::Output> RunScan(const net::Call& call, bool statement);
  // Runs a translated native request through its handler (partiql_ops.cpp).
  core::Result<net::Output> RunNative(const net::Call& call, std::string_view operation,
                                      const boost::json::object& request);
  // ReturnItemCollectionMetrics SIZE on a table with a local secondary index: the item collection of
  // item's partition key, nullopt otherwise (item_ops.cpp).
  std::optional<boost::json::object> ItemCollectionMetrics(const boost::json::object& input,
                                                           const TableInfo& table, const Item& item) const;
  // The mutex guarding every read-check-write of the item stored under `item_key`.
  std::mutex& ItemLock(std::string_view item_key);
  // The item stored under item_key (table_catalog.h ItemKey), nullopt when absent.
  core::Result<std::optional<Item>> ReadItem(std::string_view item_key) const;
  // Puts `now` (nullptr: deletes) under item_key into `batch`, with the change's stream record when
  // the table has a stream and the item really changed (stream_capture.cpp); `identity` marks a
  // change DynamoDB made itself (TTL). Call under ItemLock; commit the PendingAppend once `batch` is
  // written.
  core::Result<streams::PendingAppend> StageItemWrite(const TableInfo& table, std::string_view item_key,
                                                      const std::optional<Item>& old, const Item* now,
                                                      storage::WriteBatch& batch,
                                                      const streams::UserIdentity* identity = nullptr);
  // StageItemWrite into a batch of its own, written and committed.
  core::Status WriteItem(const TableInfo& table, std::string_view item_key, const std::optional<Item>& old,
                         const Item* now, const streams::UserIdentity* identity = nullptr);
  // Stages into `batch` the secondary index entries the write of `now` over `old` (nullptr / nullopt:
  // none) adds, moves or removes, for every index of the table's current record (index_maintenance.cpp).
  // ValidationException (ValidateIndexKeys) when an index key attribute of `now` has the wrong type.
  core::Status StageIndexWrites(const TableInfo& table, const std::optional<Item>& old, const Item* now,
                                storage::WriteBatch& batch);
  // Starts the background work the table's indexes wait for: the backfill of CREATING GSIs and the
  // removal of DELETING ones (index_builder.cpp). Also called at start-up, so interrupted work resumes.
  void StartIndexWork(const TableInfo& table);
  void BackfillIndex(const TableInfo& table, uint64_t index_id);
  void RemoveIndex(const TableInfo& table, uint64_t index_id);
  // Waits until every write that read the table's index list before now has committed (each holds an
  // item lock from that read to its commit).
  void WaitForInflightWrites();
  // The table's stream, as the stream store keeps it (table_ops.cpp).
  core::Status CreateStreamOf(const TableInfo& table);

  static constexpr size_t kItemLockStripes = 1024;

  storage::Rocks& rocks_;
  const core::Clock& clock_;
  streams::Service* streams_;
  const storage::ColumnFamily& cf_;
  std::unique_ptr<TableCatalog> catalog_;
  std::unique_ptr<BackupCatalog> backups_;
  std::unique_ptr<JobCatalog> exports_;
  std::unique_ptr<JobCatalog> imports_;
  ObjectStore object_store_;
  LogWriter log_writer_;
  // Orders the point-in-time history entries of one item within a millisecond.
  std::atomic<uint64_t> pitr_sequence_{0};
  // When the sweeper last pruned point-in-time history (epoch ms; it does so every ten minutes).
  std::atomic<int64_t> last_history_prune_{0};
  std::array<std::mutex, kItemLockStripes> item_locks_;
  std::unique_ptr<InFlightItems> in_flight_;     // items of write transactions in progress
  std::unique_ptr<ClientTokens> client_tokens_;  // TransactWriteItems ClientRequestTokens
  struct TtlSweeper;
  std::unique_ptr<TtlSweeper> ttl_sweeper_;
  // Last member: destroyed (its threads stopped and joined) before everything they use.
  std::unique_ptr<IndexBuilder> index_builder_;
  // True once any table or stream had a resource policy: until then authorization asks no catalog
  // lookups.
  std::atomic<bool> any_policy_{false};
  std::atomic<int64_t> last_policy_revision_{0};
};

}  // namespace tarn::dynamodb
