#include "dynamodb/index_capacity.h"

#include <algorithm>

#include "dynamodb/item_size.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/secondary_index.h"

namespace tarn::dynamodb {
namespace json = boost::json;

std::vector<IndexWriteUnits> IndexWrites(const TableInfo& table, const std::optional<Item>& old,
                                         const Item* now) {
  std::vector<IndexWriteUnits> out;
  for (const SecondaryIndex& index : table.indexes) {
    if (index.status == kIndexDeleting) continue;
    const bool was_in = old && index.Covers(*old);
    const bool is_in = now && index.Covers(*now);
    double units = 0;
    if (was_in && is_in) {
      Item before = ProjectIntoIndex(table, index, *old);
      Item after = ProjectIntoIndex(table, index, *now);
      if (IndexEntryKey(table, index, *old) != IndexEntryKey(table, index, *now)) {
        units = WriteCapacityUnits(ItemSize(before)) + WriteCapacityUnits(ItemSize(after));
      } else if (before != after) {
        units = WriteCapacityUnits(ItemSize(after));
      }
    } else if (was_in) {
      units = WriteCapacityUnits(ItemSize(ProjectIntoIndex(table, index, *old)));
    } else if (is_in) {
      units = WriteCapacityUnits(ItemSize(ProjectIntoIndex(table, index, *now)));
    }
    if (units > 0) out.push_back({index.name, index.global, units});
  }
  return out;
}

void MergeIndexWrites(std::vector<IndexWriteUnits>& sums, const std::vector<IndexWriteUnits>& more,
                      double factor) {
  for (const IndexWriteUnits& w : more) {
    auto found =
        std::find_if(sums.begin(), sums.end(), [&](const IndexWriteUnits& s) { return s.index == w.index; });
    if (found == sums.end()) {
      sums.push_back(w);
      sums.back().units *= factor;
    } else {
      found->units += w.units * factor;
    }
  }
}

void AddIndexWrites(json::object& consumed, const json::object& input,
                    const std::vector<IndexWriteUnits>& writes, bool split) {
  if (writes.empty()) return;
  double total = consumed["CapacityUnits"].to_number<double>();
  const bool per_index = GetString(input, "ReturnConsumedCapacity").value_or("") == "INDEXES";
  for (const IndexWriteUnits& w : writes) {
    total += w.units;
    if (!per_index) continue;
    json::object entry;
    entry["CapacityUnits"] = w.units;
    if (split) entry["WriteCapacityUnits"] = w.units;
    json::value& group = consumed[w.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"];
    if (!group.is_object()) group = json::object();
    group.get_object()[w.index] = std::move(entry);
  }
  consumed["CapacityUnits"] = total;
  if (split) consumed["WriteCapacityUnits"] = total;
}

}  // namespace tarn::dynamodb
