#pragma once
// Amazon DynamoDB (JSON 1.0, DynamoDB_20120810): tables, items, Query/Scan and batches on RocksDB
// family "dynamodb". The only header other modules may include from src/dynamodb. Handlers are
// thread-safe: the catalog has its own lock, and every read-check-write of one item runs under a
// striped per-item mutex, so conditional writes on the same item are linearizable; each write is
// one durable RocksDB WriteBatch, which also holds the change's stream record when the table has a
// stream (streams/streams.h). Not yet: secondary indexes, transactions, TTL, backups; PartiQL
// ExecuteTransaction.

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "dynamodb/attribute_value.h"
#include "net/registry.h"
#include "storage/rocks.h"
#include "streams/streams.h"

namespace tarn::dynamodb {

class TableCatalog;
struct TableInfo;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
inline constexpr size_t kMinTableNameLength = 3;
inline constexpr size_t kMaxTableNameLength = 255;
// Table names: [a-zA-Z0-9_.-]{3,255}. ValidationException worded as DynamoDB's request validator:
// "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must
// satisfy regular expression pattern: [a-zA-Z0-9_.-]+" (and the length constraints).
core::Status ValidateTableName(std::string_view name);

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

  // PartiQL (partiql_ops.cpp): each statement is translated into the native request above and run by
  // that handler. Errors add DuplicateItemException and "Statement wasn't well formed" ValidationExceptions.
  core::Result<net::Output> ExecuteStatement(const net::Call& call);
  core::Result<net::Output> BatchExecuteStatement(const net::Call& call);
  // ExecuteTransaction's TransactStatements as the native request that runs them: {"TransactWriteItems"
  // or "TransactGetItems", request JSON with TransactItems, ClientRequestToken, ReturnConsumedCapacity}.
  // ExecuteTransaction itself is registered once TransactWriteItems/TransactGetItems exist. Errors:
  // the statements' syntax and translation errors, ResourceNotFoundException for a missing table.
  core::Result<std::pair<std::string, boost::json::object>> ExecuteTransactionRequest(const net::Call& call);

 private:
  Service(storage::Rocks& rocks, const core::Clock& clock, streams::Service* streams,
          std::unique_ptr<TableCatalog> catalog);
  core::Result<std::shared_ptr<const TableInfo>> FindTable(const net::Call& call,
                                                           std::string_view name) const;
  // IAM condition keys of a request (condition_keys.cpp): dynamodb:LeadingKeys, dynamodb:Select,
  // dynamodb:ReturnValues, dynamodb:ReturnConsumedCapacity.
  net::AuthorizationExtras ConditionKeysOf(const net::Call& call) const;
  // The PartiQL actions a statement needs (partiql_ops.cpp): dynamodb:PartiQLSelect/Insert/Update/Delete
  // on the table (or index) ARN of each statement that parses.
  net::AuthorizationExtras PartiQLActionsOf(const net::Call& call) const;
  // Runs a translated native request through its handler (partiql_ops.cpp).
  core::Result<net::Output> RunNative(const net::Call& call, std::string_view operation,
                                      const boost::json::object& request);
  // The mutex guarding every read-check-write of the item stored under `item_key`.
  std::mutex& ItemLock(std::string_view item_key);
  // The item stored under item_key (table_catalog.h ItemKey), nullopt when absent.
  core::Result<std::optional<Item>> ReadItem(std::string_view item_key) const;
  // Writes `now` (nullptr: deletes) under item_key, in one batch with the change's stream record when
  // the table has a stream and the item really changed (stream_capture.cpp). Call under ItemLock.
  core::Status WriteItem(const TableInfo& table, std::string_view item_key, const std::optional<Item>& old,
                         const Item* now);
  // The table's stream, as the stream store keeps it (table_ops.cpp).
  core::Status CreateStreamOf(const TableInfo& table);

  static constexpr size_t kItemLockStripes = 1024;

  storage::Rocks& rocks_;
  const core::Clock& clock_;
  streams::Service* streams_;
  const storage::ColumnFamily& cf_;
  std::unique_ptr<TableCatalog> catalog_;
  std::array<std::mutex, kItemLockStripes> item_locks_;
};

}  // namespace tarn::dynamodb
