#pragma once
// The table a restore creates (RestoreTableFromBackup, RestoreTableToPointInTime): the source table's
// definition under the new name, without what DynamoDB does not bring over, with the request's
// overrides (GlobalSecondaryIndexOverride, LocalSecondaryIndexOverride, BillingModeOverride,
// ProvisionedThroughputOverride, OnDemandThroughputOverride, SSESpecificationOverride) checked as
// DynamoDB checks them. Pure functions.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {

// The new table's record, before TableCatalog::Create gives it an id. ValidationException with
// DynamoDB's messages (CreateTable's for the index definitions), e.g.
//   "Index <name> does not match a secondary index that existed in the source table and cannot be
//    created during the restore operation"
//   "Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"
core::Result<TableInfo> RestoredTable(const TableInfo& source, std::string_view target,
                                      const boost::json::object& input, double now);

// The table with one of its indexes each, in index order: a restored item's index keys are checked index
// by index (on_demand_backup_ops.cpp).
std::vector<TableInfo> TablePerIndex(const TableInfo& table);

}  // namespace tarn::dynamodb
