#pragma once
// The write capacity a single-item write costs in each secondary index, and its place in
// ConsumedCapacity. DynamoDB's rules
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes):
// an item entering an index is one write of its index entry; leaving it, one write of the old
// entry; a changed index key, both; a changed projection under the same key, one write of the new
// entry; an item in neither the old nor the new index image, or whose entry does not change, nothing.
// Each write is ceil(entry size / 1 KB) units. Pure functions.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {

struct IndexWriteUnits {
  std::string index;
  bool global = true;
  double units = 0;
};

// The indexes of `table` (not those being deleted) that the change old → now (nullptr: deleted)
// writes, with their units; indexes left untouched are not listed.
std::vector<IndexWriteUnits> IndexWrites(const TableInfo& table, const std::optional<Item>& old,
                                         const Item* now);

// Adds `more`, each scaled by `factor` (transactional writes cost 2), to `sums`: one entry per index.
void MergeIndexWrites(std::vector<IndexWriteUnits>& sums, const std::vector<IndexWriteUnits>& more,
                      double factor = 1);

// Adds index writes to a ConsumedCapacity object built by ConsumedCapacity(): their units count in
// CapacityUnits, and under ReturnConsumedCapacity INDEXES each index is listed in
// GlobalSecondaryIndexes / LocalSecondaryIndexes as {"CapacityUnits"}, plus "WriteCapacityUnits" in a
// transaction's (`split`, as ConsumedCapacity(), whose top-level WriteCapacityUnits then counts them too).
void AddIndexWrites(boost::json::object& consumed, const boost::json::object& input,
                    const std::vector<IndexWriteUnits>& writes, bool split = false);

}  // namespace tarn::dynamodb
