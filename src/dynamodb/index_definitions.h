#pragma once
// Secondary index definitions in the control plane: CreateTable's GlobalSecondaryIndexes and
// LocalSecondaryIndexes, UpdateTable's GlobalSecondaryIndexUpdates Create, with DynamoDB's validations
// and messages, and the index descriptions of DescribeTable/CreateTable/UpdateTable. Pure functions.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/secondary_index.h"

namespace tarn::dynamodb {

struct TableInfo;

// Parses both lists of CreateTable's input into table.indexes (ids assigned from next_index_id);
// table.key_schema, attribute_definitions and billing_mode must be set. With indexes, every attribute
// definition must be used by some key schema. ValidationException with DynamoDB's messages, e.g.
//   "One or more parameter values were invalid: Table KeySchema does not have a range key, which is
//    required when specifying a LocalSecondaryIndex"
//   "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20"
//   "One or more parameter values were invalid: Duplicate index name: <name>"
//   "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions:
//    [a, b, c], keys used: [a, b]"
// KeySchema as DescribeTable lists it: the HASH attributes, then the RANGE attributes.
boost::json::array KeySchemaJson(const KeySchema& schema);

core::Status ParseCreateTableIndexes(const boost::json::object& input, TableInfo& table);

// One GlobalSecondaryIndexUpdates Create action against `table` (whose attribute_definitions already
// include the request's AttributeDefinitions): the new index, CREATING and backfilling, with its id.
// ValidationException as CreateTable's, plus "AttributeDefinitions is not specified for index: <name>"
// and the GSI count limit.
core::Result<SecondaryIndex> ParseGlobalSecondaryIndexCreate(const boost::json::object& create,
                                                             const TableInfo& table);

// A GSI's OnDemandThroughput in a CreateTable index or an UpdateTable Create/Update action (-1 clears a
// member in an Update): only on an on-demand table, each member at least 1, with DynamoDB's texts
// (ack-api-quirks DDB-TABLE-442's catalogue).
core::Status ApplyIndexOnDemandThroughput(const boost::json::object& index, const TableInfo& table,
                                          bool is_create, SecondaryIndex& out);

struct IndexStats {
  int64_t items = 0;
  int64_t bytes = 0;
};
// GlobalSecondaryIndexes (global) or LocalSecondaryIndexes of a table description; empty when none.
// `creating`: describe every GSI as CREATING (CreateTable's answer); `now`: when (epoch seconds).
boost::json::array DescribeIndexes(const TableInfo& table, bool global,
                                   const std::map<uint64_t, IndexStats>& stats, bool creating, double now);

}  // namespace tarn::dynamodb
