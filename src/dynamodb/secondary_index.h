#pragma once
// Secondary indexes (GSI and LSI) of a table: their definition as TableInfo keeps it, and the storage
// form of their entries in family "dynamodb" (docs/storage-formats.md, "dynamodb: secondary index
// entries"). An entry's key is
//   'X' Uint64(table id) Uint64(index id) <index hash> [<index range>] <table primary key>
// with every component in key_encoding.h's order-preserving form, so one index partition is one key
// range, sorted by the index sort key and then by the table's primary key (DynamoDB leaves the order of
// ties unspecified; this one is stable). The value is the item projected into the index (its wire JSON):
// Query reads entries alone, as fast as a base-table Query. Pure functions; values are plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/contributor_insights.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/throughput_history.h"

namespace tarn::dynamodb {

struct TableInfo;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-secondary-indexes
inline constexpr size_t kMaxGlobalSecondaryIndexes = 20;
inline constexpr size_t kMaxLocalSecondaryIndexes = 5;
// "The maximum number of non-key attributes across all of a table's secondary indexes ... is 100."
inline constexpr size_t kMaxProjectedNonKeyAttributes = 100;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html
inline constexpr std::string_view kProjectionKeysOnly = "KEYS_ONLY";
inline constexpr std::string_view kProjectionInclude = "INCLUDE";
inline constexpr std::string_view kProjectionAll = "ALL";

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndexDescription.html
inline constexpr std::string_view kIndexCreating = "CREATING";
inline constexpr std::string_view kIndexActive = "ACTIVE";
inline constexpr std::string_view kIndexDeleting = "DELETING";

struct SecondaryIndex {
  std::string name;
  bool global = true;  // false: a local secondary index (same partition key as the table)
  uint64_t id = 0;     // entry-key component, unique within its table, never reused
  KeySchema key_schema;
  std::string projection_type = std::string(kProjectionAll);
  std::vector<std::string> non_key_attributes;     // INCLUDE only, in request order
  std::string status = std::string(kIndexActive);  // GSIs: CREATING (backfilling), ACTIVE, DELETING
  bool backfilling = false;                        // CREATING and existing items not all indexed yet
  int64_t read_capacity = 0;                       // GSI ProvisionedThroughput (0: none given)
  int64_t write_capacity = 0;
  ThroughputHistory throughput_history;  // GSI ProvisionedThroughput changes
  int64_t on_demand_read = 0;            // GSI OnDemandThroughput (on-demand tables; 0: none set)
  int64_t on_demand_write = 0;
  ContributorInsights contributor_insights;  // GSIs only

  // The index's key schema attribute names are present in `item` (else it is not in the index: sparse).
  bool Covers(const Item& item) const;
  // `attribute` (a top-level name) is stored in the index's entries.
  bool Projects(const TableInfo& table, std::string_view attribute) const;
};

// The index named `name`, nullptr when the table has none (or it is being deleted).
const SecondaryIndex* FindIndex(const TableInfo& table, std::string_view name);

// An item's index key attributes against the key schemas of the table's indexes (being deleted
// excluded). ValidationException, as DynamoDB words them:
//   "One or more parameter values were invalid: Type mismatch for Index Key <attr> Expected: S
//    Actual: N IndexName: <index>"
//   "One or more parameter values are not valid. A value specified for a secondary index key is not
//    supported. The AttributeValue for a key attribute cannot contain an empty string value.
//    IndexName: <index>, IndexKey: <attr>" (also "... empty binary value. ...")
//   for an item an update expression made (`updated`), that one as "One or more parameter values are
//    not valid. The update expression attempted to update a secondary index key to a value that is not
//    supported. The AttributeValue for a key attribute cannot contain an empty string value."
// Global indexes are judged before local ones, each kind in the table's order: an attribute that keys
// both is named with its global index (nubo-db/dynamodb-conformance, run against AWS).
// problem: set to the kind found, for callers that answer kinds differently (a transaction cancels an
// action for a type or a size, and refuses the whole request for an empty value).
enum class IndexKeyProblem { kNone, kTypeMismatch, kEmpty, kTooLarge };
core::Status ValidateIndexKeys(const TableInfo& table, const Item& item, bool updated = false,
                               IndexKeyProblem* problem = nullptr);

// Every entry of the table's indexes, and every entry of one index, starts with these.
std::string IndexEntriesPrefix(uint64_t table_id);
std::string IndexEntryPrefix(uint64_t table_id, uint64_t index_id);
// The entry key of an item the index covers (its index key attributes have the key schema's types).
std::string IndexEntryKey(const TableInfo& table, const SecondaryIndex& index, const Item& item);
// The item as the index stores it: table keys + index keys (KEYS_ONLY), plus NonKeyAttributes
// (INCLUDE), or the whole item (ALL).
Item ProjectIntoIndex(const TableInfo& table, const SecondaryIndex& index, const Item& item);
// Table keys + index keys of an item (an index's LastEvaluatedKey).
Item IndexEntryKeyAttributes(const TableInfo& table, const SecondaryIndex& index, const Item& item);

}  // namespace tarn::dynamodb
