#include "dynamodb/key_encoding.h"

#include "core/result.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_size.h"

namespace tarn::dynamodb {
namespace {

const std::string kSchemaMismatch(kKeySchemaMismatch);

AttributeType ToAttributeType(ScalarAttributeType t) {
  switch (t) {
    case ScalarAttributeType::kS:
      return AttributeType::kS;
    case ScalarAttributeType::kN:
      return AttributeType::kN;
    case ScalarAttributeType::kB:
      return AttributeType::kB;
  }
  return AttributeType::kS;
}

core::Status CheckNotEmpty(const std::string& name, const AttributeValue& v) {
  if (v.is(AttributeType::kS) && v.s().empty()) {
    return ValidationException(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an "
        "empty string value. Key: " +
        name);
  }
  if (v.is(AttributeType::kB) && v.b().empty()) {
    return ValidationException(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an "
        "empty binary value. Key: " +
        name);
  }
  return core::Ok();
}

core::Status CheckSizes(const KeySchema& schema, const Item& item) {
  size_t hash_bytes = 0, range_bytes = 0;
  for (const KeyAttribute* a : schema.HashAttributes())
    hash_bytes += AttributeValueSize(item.find(a->name)->second);
  for (const KeyAttribute* a : schema.RangeAttributes())
    range_bytes += AttributeValueSize(item.find(a->name)->second);
  if (hash_bytes > kMaxPartitionKeyBytes) {
    // [sic] "of2048": DynamoDB's wording.
    return ValidationException(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit "
        "of2048 "
        "bytes");
  }
  if (range_bytes > kMaxSortKeyBytes) {
    return ValidationException(
        "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size "
        "limit of 1024 bytes");
  }
  return core::Ok();
}

}  // namespace

std::string_view ScalarAttributeTypeName(ScalarAttributeType type) {
  return AttributeTypeName(ToAttributeType(type));
}

std::optional<ScalarAttributeType> ParseScalarAttributeType(std::string_view name) {
  if (name == "S") return ScalarAttributeType::kS;
  if (name == "N") return ScalarAttributeType::kN;
  if (name == "B") return ScalarAttributeType::kB;
  return std::nullopt;
}

core::Status ValidateKey(const KeySchema& schema, const Item& key) {
  const KeyAttributeList attributes = schema.Attributes();
  if (key.size() != attributes.size()) return ValidationException(kSchemaMismatch);
  for (const KeyAttribute* attr : attributes) {
    auto it = key.find(attr->name);
    if (it == key.end() || !it->second.is(ToAttributeType(attr->type)))
      return ValidationException(kSchemaMismatch);
  }
  for (const KeyAttribute* attr : attributes)
    TARN_TRY(CheckNotEmpty(attr->name, key.find(attr->name)->second));
  return CheckSizes(schema, key);
}

core::Status ValidateItemKey(const KeySchema& schema, const Item& item, ItemKeyProblem* problem) {
  ItemKeyProblem ignored;
  ItemKeyProblem& kind = problem ? *problem : ignored;
  kind = ItemKeyProblem::kNone;
  for (const KeyAttribute* attr : schema.Attributes()) {
    auto it = item.find(attr->name);
    if (it == item.end()) {
      kind = ItemKeyProblem::kMissing;
      return ValidationException("One or more parameter values were invalid: Missing the key " + attr->name +
                                 " in the item");
    }
    if (!it->second.is(ToAttributeType(attr->type))) {
      kind = ItemKeyProblem::kTypeMismatch;
      return ValidationException("One or more parameter values were invalid: Type mismatch for key " +
                                 attr->name +
                                 " expected: " + std::string(ScalarAttributeTypeName(attr->type)) +
                                 " actual: " + std::string(AttributeTypeName(it->second.type())));
    }
    if (core::Status empty = CheckNotEmpty(attr->name, it->second); !empty.ok()) {
      kind = ItemKeyProblem::kOther;
      return empty;
    }
  }
  core::Status sizes = CheckSizes(schema, item);
  if (!sizes.ok()) kind = ItemKeyProblem::kOther;
  return sizes;
}

Item ExtractKey(const KeySchema& schema, const Item& item) {
  Item key;
  for (const KeyAttribute* attr : schema.Attributes()) key.emplace(attr->name, item.at(attr->name));
  return key;
}

void AppendKeyValue(storage::KeyBuilder& builder, const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
      builder.String(value.s());
      return;
    case AttributeType::kB:
      builder.String(value.b());
      return;
    case AttributeType::kN:
      // Self-delimiting (Number::EncodeKey), so it may be followed by another component.
      builder.Raw(value.n().EncodeKey());
      return;
    default:
      TARN_CHECK(false && "key attribute must be S, N or B");
  }
}

std::string EncodeKeyValue(const AttributeValue& value) {
  storage::KeyBuilder builder;
  AppendKeyValue(builder, value);
  return builder.Take();
}

std::optional<AttributeValue> ReadKeyValue(storage::KeyReader& reader, ScalarAttributeType type) {
  switch (type) {
    case ScalarAttributeType::kS:
      if (auto s = reader.String()) return AttributeValue::S(std::move(*s));
      return std::nullopt;
    case ScalarAttributeType::kB:
      if (auto b = reader.String()) return AttributeValue::B(std::move(*b));
      return std::nullopt;
    case ScalarAttributeType::kN: {
      auto decoded = Number::DecodeKeyPrefix(reader.rest());
      if (!decoded) return std::nullopt;
      (void)reader.Raw(decoded->second);
      return AttributeValue::N(std::move(decoded->first));
    }
  }
  return std::nullopt;
}

void AppendPrimaryKey(storage::KeyBuilder& builder, const KeySchema& schema, const Item& item) {
  for (const KeyAttribute* attr : schema.Attributes()) AppendKeyValue(builder, item.at(attr->name));
}

std::string EncodePrimaryKey(const KeySchema& schema, const Item& item) {
  storage::KeyBuilder builder;
  AppendPrimaryKey(builder, schema, item);
  return builder.Take();
}

std::string EncodePartitionPrefix(const AttributeValue& hash_value) { return EncodeKeyValue(hash_value); }

std::optional<Item> ReadPrimaryKey(storage::KeyReader& reader, const KeySchema& schema) {
  storage::KeyReader probe = reader;
  Item key;
  for (const KeyAttribute* attr : schema.Attributes()) {
    auto value = ReadKeyValue(probe, attr->type);
    if (!value) return std::nullopt;
    key.emplace(attr->name, std::move(*value));
  }
  reader = probe;
  return key;
}

std::optional<Item> DecodePrimaryKey(const KeySchema& schema, std::string_view bytes) {
  storage::KeyReader reader(bytes);
  auto key = ReadPrimaryKey(reader, schema);
  if (!key || !reader.done()) return std::nullopt;
  return key;
}

}  // namespace tarn::dynamodb
