// Secondary index entries: keys and projections (layout in secondary_index.h and
// docs/storage-formats.md).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html
#include "dynamodb/secondary_index.h"

#include <algorithm>

#include "dynamodb/errors.h"
#include "dynamodb/item_size.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/table_catalog.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

// Record tag of index entries in family "dynamodb" (next to 'T' tables and 'I' items).
constexpr uint8_t kIndexEntryTag = 'X';

void CopyKeys(const KeySchema& schema, const Item& from, Item& to) {
  for (const KeyAttribute* attr : schema.Attributes())
    if (auto it = from.find(attr->name); it != from.end()) to.insert(*it);
}

core::Status ValidateIndexKey(const SecondaryIndex& index, const KeyAttribute& key, const Item& item,
                              bool hash, bool updated, IndexKeyProblem& problem) {
  auto it = item.find(key.name);
  if (it == item.end()) return core::Ok();  // sparse: the item is just not in the index
  const AttributeValue& v = it->second;
  std::string_view expected = ScalarAttributeTypeName(key.type);
  std::string_view actual = AttributeTypeName(v.type());
  problem = IndexKeyProblem::kTypeMismatch;
  if (expected != actual)
    return ValidationException("One or more parameter values were invalid: Type mismatch for Index Key " +
                               key.name + " Expected: " + std::string(expected) +
                               " Actual: " + std::string(actual) + " IndexName: " + index.name);
  bool empty = (v.is(AttributeType::kS) && v.s().empty()) || (v.is(AttributeType::kB) && v.b().empty());
  problem = IndexKeyProblem::kEmpty;
  if (empty && updated)
    return ValidationException(
        "One or more parameter values are not valid. The update expression attempted to update a secondary "
        "index key to a value that is not supported. The AttributeValue for a key attribute cannot contain "
        "an "
        "empty " +
        std::string(v.is(AttributeType::kS) ? "string" : "binary") + " value.");
  if (empty)
    return ValidationException(
        "One or more parameter values are not valid. A value specified for a secondary index key is not "
        "supported. The AttributeValue for a key attribute cannot contain an empty " +
        std::string(v.is(AttributeType::kS) ? "string" : "binary") + " value. IndexName: " + index.name +
        ", IndexKey: " + key.name);
  // An index key has the table keys' size limits (the same words as theirs); a backfill skips items
  // over them.
  problem = IndexKeyProblem::kTooLarge;
  if (AttributeValueSize(v) > (hash ? kMaxPartitionKeyBytes : kMaxSortKeyBytes)) {
    return ValidationException(
        std::string("One or more parameter values were invalid: ") +
        (hash ? "Size of hashkey has exceeded the maximum size limit of2048 bytes"
              : "Aggregated size of all range keys has exceeded the size limit of 1024 bytes") +
        ". IndexName: " + index.name + ", IndexKey: " + key.name);
  }
  problem = IndexKeyProblem::kNone;
  return core::Ok();
}

}  // namespace

core::Status ValidateIndexKeys(const TableInfo& table, const Item& item, bool updated,
                               IndexKeyProblem* problem) {
  IndexKeyProblem found = IndexKeyProblem::kNone;
  if (problem == nullptr) problem = &found;
  for (bool global : {true, false}) {
    for (const auto& index : table.indexes) {
      if (index.status == kIndexDeleting || index.global != global) continue;
      for (const KeyAttribute* attr : index.key_schema.HashAttributes())
        TARN_TRY(ValidateIndexKey(index, *attr, item, true, updated, *problem));
      for (const KeyAttribute* attr : index.key_schema.RangeAttributes())
        TARN_TRY(ValidateIndexKey(index, *attr, item, false, updated, *problem));
    }
  }
  return core::Ok();
}

bool SecondaryIndex::Covers(const Item& item) const {
  for (const KeyAttribute* attr : key_schema.Attributes())
    if (!item.count(attr->name)) return false;
  return true;
}

bool SecondaryIndex::Projects(const TableInfo& table, std::string_view attribute) const {
  if (projection_type == kProjectionAll) return true;
  if (table.key_schema.Has(attribute) || key_schema.Has(attribute)) return true;
  return projection_type == kProjectionInclude &&
         std::find(non_key_attributes.begin(), non_key_attributes.end(), attribute) !=
             non_key_attributes.end();
}

const SecondaryIndex* FindIndex(const TableInfo& table, std::string_view name) {
  for (const auto& index : table.indexes)
    if (index.name == name && index.status != kIndexDeleting) return &index;
  return nullptr;
}

std::string IndexEntriesPrefix(uint64_t table_id) {
  return storage::KeyBuilder().Byte(kIndexEntryTag).Uint64(table_id).Take();
}

std::string IndexEntryPrefix(uint64_t table_id, uint64_t index_id) {
  return storage::KeyBuilder().Byte(kIndexEntryTag).Uint64(table_id).Uint64(index_id).Take();
}

std::string IndexEntryKey(const TableInfo& table, const SecondaryIndex& index, const Item& item) {
  storage::KeyBuilder builder;
  builder.Byte(kIndexEntryTag).Uint64(table.id).Uint64(index.id);
  AppendPrimaryKey(builder, index.key_schema, item);
  AppendPrimaryKey(builder, table.key_schema, item);
  return builder.Take();
}

Item ProjectIntoIndex(const TableInfo& table, const SecondaryIndex& index, const Item& item) {
  if (index.projection_type == kProjectionAll) return item;
  Item out = IndexEntryKeyAttributes(table, index, item);
  if (index.projection_type == kProjectionInclude)
    for (const auto& name : index.non_key_attributes)
      if (auto it = item.find(name); it != item.end()) out.insert(*it);
  return out;
}

Item IndexEntryKeyAttributes(const TableInfo& table, const SecondaryIndex& index, const Item& item) {
  Item out;
  CopyKeys(table.key_schema, item, out);
  CopyKeys(index.key_schema, item, out);
  return out;
}

}  // namespace tarn::dynamodb
