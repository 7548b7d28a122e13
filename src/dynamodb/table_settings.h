#pragma once
// The table settings CreateTable, UpdateTable and RestoreTableFromBackup share: the billing mode and
// throughput, server-side encryption, and the TableDescription they and DescribeTable answer.
// Pure functions.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string_view>

#include "core/result.h"
#include "dynamodb/index_definitions.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {

struct TableStats {
  int64_t items = 0;
  int64_t bytes = 0;
  std::map<uint64_t, IndexStats> indexes;  // by SecondaryIndex::id
};

// The TableDescription of `t` in `status` (CREATING, ACTIVE, UPDATING, DELETING), described at `now`
// (epoch seconds: NumberOfDecreasesToday counts its UTC day); `indexes_creating` describes every GSI as
// CREATING (CreateTable's answer).
boost::json::object TableDescription(const TableInfo& t, std::string_view status, const TableStats& stats,
                                     double now, bool indexes_creating = false);

// What DescribeTable shows as the table's warm throughput: what was asked for, at least what the mode
// serves from the start (on demand 12,000 reads and 4,000 writes per second, provisioned its capacity)
// (ack-api-quirks DDB-TABLE-032/134, probed against DynamoDB).
boost::json::object WarmThroughputOf(const TableInfo& t);

// UpdateTable's refusal of a throughput equal to the current one; `what` is "table" or "index", `name`
// the index's (DynamoDB names the index, not the table).
core::AwsError UnchangedThroughput(std::string_view what, std::string_view name, int64_t current_read,
                                   int64_t read, int64_t current_write, int64_t write);

// BillingMode + ProvisionedThroughput of `input`, for CreateTable (is_create) and UpdateTable.
// ValidationException with DynamoDB's messages.
core::Status ApplyBilling(const boost::json::object& input, TableInfo& t, double now, bool is_create);
// A provisioned throughput above DynamoDB's default per-table (and per-index) maximum of 40,000 units
// (DescribeLimits' TableMax*): LimitExceededException in DynamoDB's words (ack-api-quirks DDB-TABLE-443's
// catalogue). `index`: the index's name, empty for the table.
core::Status CheckCapacityMaximum(std::string_view region, std::string_view index, int64_t read,
                                  int64_t write);

// An SSESpecification (ValidationException with DynamoDB's messages); `changed` (may be null) tells
// whether the table's encryption changed.
core::Status ApplySse(const boost::json::object& sse, TableInfo& t, bool is_create, bool* changed);

}  // namespace tarn::dynamodb
