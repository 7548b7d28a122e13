#pragma once
// Primary keys: their validation against a table's key schema (with DynamoDB's messages) and their
// order-preserving byte encoding for RocksDB. An encoded (hash, range) key sorts bytewise exactly as
// DynamoDB orders items within a partition: S and B bytewise unsigned, N by numeric value. Layout
// (docs/storage-formats.md, "dynamodb: key attribute values and primary keys"): S and B use
// storage::EncodeString (escaped, terminated), N uses Number::EncodeKey (self-delimiting); the hash component
// comes first, so all items of one partition share the prefix EncodePartitionPrefix() returns. Pure
// functions.

#include <boost/container/static_vector.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/attribute_value.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
inline constexpr size_t kMaxPartitionKeyBytes = 2048;
inline constexpr size_t kMaxSortKeyBytes = 1024;

// AttributeDefinition.AttributeType: the only types a key attribute may have.
enum class ScalarAttributeType { kS, kN, kB };
std::string_view ScalarAttributeTypeName(ScalarAttributeType type);  // "S", "N", "B"
// nullopt for anything but "S", "N", "B".
std::optional<ScalarAttributeType> ParseScalarAttributeType(std::string_view name);

struct KeyAttribute {
  std::string name;
  ScalarAttributeType type = ScalarAttributeType::kS;
};
// A key's attributes in key order (at most four HASH and four RANGE), without a heap allocation: key
// encoding runs for every item a request reads or writes.
using KeyAttributeList = boost::container::static_vector<const KeyAttribute*, 8>;

struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  // A global secondary index's further key attributes, in key-schema order: DynamoDB's multi-attribute
  // keys (up to four HASH and four RANGE attributes). Empty for tables and local indexes. The encoded
  // key is every HASH value, then every RANGE value, so a partition is the HASH values together and
  // items sort by the RANGE values left to right.
  std::vector<KeyAttribute> more_hash;
  std::vector<KeyAttribute> more_range;  // only with `range`

  bool multi_attribute() const { return !more_hash.empty() || !more_range.empty(); }
  KeyAttributeList HashAttributes() const {
    KeyAttributeList out{&hash};
    for (const auto& a : more_hash) out.push_back(&a);
    return out;
  }
  KeyAttributeList RangeAttributes() const {
    KeyAttributeList out;
    if (range) out.push_back(&*range);
    for (const auto& a : more_range) out.push_back(&a);
    return out;
  }
  // The i-th HASH / RANGE attribute (i below their number).
  const KeyAttribute& HashAt(size_t i) const { return i == 0 ? hash : more_hash[i - 1]; }
  const KeyAttribute& RangeAt(size_t i) const { return i == 0 ? *range : more_range[i - 1]; }
  // HASH attributes, then RANGE attributes.
  KeyAttributeList Attributes() const {
    KeyAttributeList out = HashAttributes();
    for (const KeyAttribute* a : RangeAttributes()) out.push_back(a);
    return out;
  }
  bool Has(std::string_view name) const {
    for (const KeyAttribute* a : Attributes())
      if (a->name == name) return true;
    return false;
  }
};

// A `Key` parameter (GetItem, DeleteItem, UpdateItem, BatchGetItem, ...): exactly the schema's key
// attributes with the schema's types. ValidationException:
//   "The provided key element does not match the schema" (missing/extra attribute, wrong type)
//   "One or more parameter values are not valid. The AttributeValue for a key attribute cannot
//    contain an empty string value. Key: <name>" (also "... empty binary value. Key: <name>")
//   the key-size messages (see ValidateItemKey).
core::Status ValidateKey(const KeySchema& schema, const Item& key);
// The key attributes inside a whole item (PutItem, BatchWriteItem PutRequest). ValidationException:
//   "One or more parameter values were invalid: Missing the key <name> in the item"
//   "One or more parameter values were invalid: Type mismatch for key <name> expected: S actual: N"
//   the empty string/binary message as ValidateKey
//   "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit
//    of2048 bytes" [sic, no space] / "... Aggregated size of all range keys has exceeded the size
//    limit of 1024 bytes"
// `problem`, when given, tells which kind of error was returned (callers that word it otherwise:
// BatchWriteItem, TransactWriteItems).
enum class ItemKeyProblem { kNone, kMissing, kTypeMismatch, kOther };
core::Status ValidateItemKey(const KeySchema& schema, const Item& item, ItemKeyProblem* problem = nullptr);
// "The provided key element does not match the schema".
inline constexpr std::string_view kKeySchemaMismatch = "The provided key element does not match the schema";
// The key attributes of an item (which must be present; validate first).
Item ExtractKey(const KeySchema& schema, const Item& item);

// One key attribute value (type S, N or B; anything else is a broken invariant).
void AppendKeyValue(storage::KeyBuilder& builder, const AttributeValue& value);
std::string EncodeKeyValue(const AttributeValue& value);
// Reads one component written by AppendKeyValue; nullopt (reader unmoved) when malformed.
std::optional<AttributeValue> ReadKeyValue(storage::KeyReader& reader, ScalarAttributeType type);

// The item's primary key: the hash components, then the range components. The item must pass
// ValidateKey/ValidateItemKey first.
void AppendPrimaryKey(storage::KeyBuilder& builder, const KeySchema& schema, const Item& item);
std::string EncodePrimaryKey(const KeySchema& schema, const Item& item);
// Every item with this partition key value has an encoded primary key starting with this prefix.
std::string EncodePartitionPrefix(const AttributeValue& hash_value);
// Inverse of AppendPrimaryKey: consumes the components and returns the key as an Item.
std::optional<Item> ReadPrimaryKey(storage::KeyReader& reader, const KeySchema& schema);
// Exactly one encoded primary key, nothing after it.
std::optional<Item> DecodePrimaryKey(const KeySchema& schema, std::string_view bytes);

}  // namespace tarn::dynamodb
