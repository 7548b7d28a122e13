// Secondary index definitions: parsing and validation of CreateTable/UpdateTable index members and the
// index descriptions. Messages are DynamoDB's (request validation happens in this order there too: shape,
// then the per-index rules, then counts).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndex.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_LocalSecondaryIndex.html
#include "dynamodb/index_definitions.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "dynamodb/errors.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/table_settings.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndex.html (IndexName)
constexpr size_t kMinIndexNameLength = 3;
constexpr size_t kMaxIndexNameLength = 255;

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

core::AwsError Invalid(const std::string& message) {
  return ValidationException(std::string(kInvalid) + message);
}

// `where` is the member path DynamoDB's request validator names, e.g. "globalSecondaryIndexes.1.member".
core::Status ValidateIndexName(const std::string& name, const std::string& where) {
  std::string quoted = "Value '" + name + "' at '" + where + ".indexName' failed to satisfy constraint: ";
  std::vector<std::string> problems;
  bool pattern_ok = !name.empty();
  for (char c : name)
    pattern_ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  // Length before pattern, as DynamoDB lists them (moto's aws_verified test_dynamodb_validation.py).
  if (name.size() < kMinIndexNameLength)
    problems.push_back(quoted + "Member must have length greater than or equal to 3");
  if (name.size() > kMaxIndexNameLength)
    problems.push_back(quoted + "Member must have length less than or equal to 255");
  if (!pattern_ok)
    problems.push_back(quoted + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (problems.empty()) return core::Ok();
  std::string message = std::to_string(problems.size()) + " validation error" +
                        (problems.size() > 1 ? "s" : "") + " detected: ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return ValidationException(message);
}

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys
constexpr size_t kMaxIndexKeyAttributesPerType = 4;

// A local index's key is a HASH and a RANGE attribute; a global index's may have up to four of each
// (a multi-attribute key), the HASH ones first.
core::Result<KeySchema> ParseIndexKeySchema(const json::object& index, bool global, const std::string& where,
                                            const std::vector<KeyAttribute>& defs) {
  std::vector<std::pair<std::string, std::string>> elements;  // (name, key type)
  if (const auto* arr = index.if_contains("KeySchema"); arr && arr->is_array())
    for (const auto& e : arr->get_array())
      if (const auto* o = e.if_object())
        elements.emplace_back(GetString(*o, "AttributeName").value_or(""),
                              GetString(*o, "KeyType").value_or(""));
  if (elements.empty()) return ValidationException("Invalid KeySchema");
  if (!global && elements.size() > 2) return KeySchemaTooLong(where + ".keySchema", elements);
  std::vector<std::string> key_names, def_names;
  for (const auto& e : elements) key_names.push_back(e.first);
  for (const auto& d : defs) def_names.push_back(d.name);
  auto defined = [&](const std::string& n) -> const KeyAttribute* {
    for (const auto& d : defs)
      if (d.name == n) return &d;
    return nullptr;
  };
  for (const auto& e : elements)
    if (!defined(e.first))
      return Invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                     JoinNames(key_names) + ", AttributeDefinitions: " + JoinNames(def_names));
  if (elements.size() == 2 && elements[0].first == elements[1].first &&
      (!global || elements[0].second != elements[1].second))
    return ValidationException(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  // One name twice in a multi-attribute key: a duplicate, in words of AWS's that ScyllaDB's
  // test_gsi_composite_keys.py (run against AWS) pins only to "Duplicate"; the rest is a guess.
  if (std::set<std::string>(key_names.begin(), key_names.end()).size() != key_names.size())
    return ValidationException("The KeySchema contains duplicate attribute names");
  if (elements[0].second != "HASH")
    return ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (!global && elements.size() == 2 && elements[1].second != "RANGE")
    return ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  KeySchema schema;
  size_t hashes = 0, ranges = 0;
  for (const auto& [name, type] : elements) {
    const KeyAttribute& attribute = *defined(name);
    if (type == "HASH") {
      if (ranges > 0)
        return Invalid("All HASH key attributes must precede RANGE key attributes in the KeySchema");
      if (++hashes == 1)
        schema.hash = attribute;
      else
        schema.more_hash.push_back(attribute);
    } else {
      if (++ranges == 1)
        schema.range = attribute;
      else
        schema.more_range.push_back(attribute);
    }
  }
  if (hashes > kMaxIndexKeyAttributesPerType)
    return Invalid("The KeySchema exceeds the maximum allowed number of HASH key attributes");
  if (ranges > kMaxIndexKeyAttributesPerType)
    return Invalid("The KeySchema exceeds the maximum allowed number of RANGE key attributes");
  return schema;
}

core::Status ParseProjection(const json::object& index, const std::string& where, SecondaryIndex& out) {
  const auto* projection = GetObject(index, "Projection");
  auto type = projection ? GetString(*projection, "ProjectionType") : std::nullopt;
  if (!type) return Invalid("Unknown ProjectionType: null");
  if (*type != kProjectionAll && *type != kProjectionInclude && *type != kProjectionKeysOnly)
    return ValidationException(
        "1 validation error detected: Value '" + *type + "' at '" + where +
        ".projection.projectionType' failed to satisfy constraint: Member must satisfy "
        "enum value set: [ALL, INCLUDE, KEYS_ONLY]");
  const auto* non_key = projection->if_contains("NonKeyAttributes");
  if (non_key && !non_key->is_null() && *type != kProjectionInclude)
    return Invalid("ProjectionType is " + *type + ", but NonKeyAttributes is specified");
  if (*type == kProjectionInclude && (!non_key || non_key->is_null()))
    return Invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  out.projection_type = *type;
  if (non_key && non_key->is_array()) {
    std::set<std::string> seen;
    for (const auto& a : non_key->get_array()) {
      if (!a.is_string()) continue;
      std::string attr(a.get_string());
      if (!seen.insert(attr).second) return Invalid("Duplicate element in NonKeyAttributes: " + attr);
      out.non_key_attributes.push_back(std::move(attr));
    }
  }
  return core::Ok();
}

}  // namespace

core::Status ApplyIndexOnDemandThroughput(const json::object& index, const TableInfo& table, bool is_create,
                                          SecondaryIndex& out) {
  const json::object* odt = GetObject(index, "OnDemandThroughput");
  if (!odt) return core::Ok();
  auto read = GetInt(*odt, "MaxReadRequestUnits");
  auto write = GetInt(*odt, "MaxWriteRequestUnits");
  if (table.billing_mode != kBillingPayPerRequest && (read || write))
    return Invalid(std::string(read ? "MaxReadRequestUnits" : "MaxWriteRequestUnits") +
                   " for OnDemandThroughput for index : " + out.name +
                   " cannot be specified when the table BillingMode is PROVISIONED");
  for (auto [member, value] :
       {std::pair{"MaxReadRequestUnits", read}, std::pair{"MaxWriteRequestUnits", write}})
    if (value && *value < 1 && (is_create || *value != -1))
      return Invalid(std::string("Requested ") + member + " for OnDemandThroughput for index : " + out.name +
                     " is outside of valid range");
  if (read) out.on_demand_read = *read == -1 ? 0 : *read;
  if (write) out.on_demand_write = *write == -1 ? 0 : *write;
  return core::Ok();
}

namespace {

// ProvisionedThroughput of a GSI, gated by the table's billing mode (DynamoDB's messages), and its
// OnDemandThroughput.
core::Status ParseIndexThroughput(const json::object& index, const TableInfo& table, SecondaryIndex& out) {
  TARN_TRY(ApplyIndexOnDemandThroughput(index, table, /*is_create=*/true, out));
  const auto* pt = GetObject(index, "ProvisionedThroughput");
  if (table.billing_mode == kBillingPayPerRequest) {
    if (pt)
      return Invalid("ProvisionedThroughput should not be specified for index: " + out.name +
                     " when BillingMode is PAY_PER_REQUEST");
    return core::Ok();
  }
  if (!pt) return Invalid("ProvisionedThroughput is not specified for index: " + out.name);
  out.read_capacity = GetInt(*pt, "ReadCapacityUnits").value_or(0);
  out.write_capacity = GetInt(*pt, "WriteCapacityUnits").value_or(0);
  TARN_TRY(CheckCapacityMaximum(table.region, out.name, out.read_capacity, out.write_capacity));
  return core::Ok();
}

// The parts common to both index kinds. `where`: the request validator's member path.
core::Result<SecondaryIndex> ParseIndex(const json::value& value, bool global, const std::string& where,
                                        const TableInfo& table) {
  const auto* o = value.if_object();
  if (!o) return SerializationException("Unexpected value type in " + where);
  SecondaryIndex index;
  index.global = global;
  index.name = GetString(*o, "IndexName").value_or("");
  TARN_TRY(ValidateIndexName(index.name, where));
  TARN_ASSIGN_OR_RETURN(index.key_schema,
                        ParseIndexKeySchema(*o, global, where, table.attribute_definitions));
  if (!global) {
    if (!index.key_schema.range)
      return Invalid("Index KeySchema does not have a range key for index: " + index.name);
    if (index.key_schema.hash.name != table.key_schema.hash.name)
      return Invalid(
          "Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
          index.name + ". index hash key: " + index.key_schema.hash.name +
          ", table hash key: " + table.key_schema.hash.name);
  }
  TARN_TRY(ParseProjection(*o, where, index));
  if (global) TARN_TRY(ParseIndexThroughput(*o, table, index));
  return index;
}

size_t ProjectedNonKeyAttributes(const std::vector<SecondaryIndex>& indexes) {
  size_t n = 0;
  for (const auto& i : indexes)
    if (i.projection_type == kProjectionInclude) n += i.non_key_attributes.size();
  return n;
}

}  // namespace

json::array KeySchemaJson(const KeySchema& schema) {
  json::array out;
  for (const KeyAttribute* a : schema.HashAttributes())
    out.push_back(json::object{{"AttributeName", a->name}, {"KeyType", "HASH"}});
  for (const KeyAttribute* a : schema.RangeAttributes())
    out.push_back(json::object{{"AttributeName", a->name}, {"KeyType", "RANGE"}});
  return out;
}

core::Status ParseCreateTableIndexes(const json::object& input, TableInfo& table) {
  std::set<std::string> names;
  for (bool global : {false, true}) {
    std::string member = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
    const auto* list = input.if_contains(member);
    if (!list || list->is_null()) continue;
    if (!list->is_array()) return SerializationException("Unexpected value type in " + member);
    if (list->get_array().empty()) return Invalid("List of " + member + " is empty");
    if (!global && !table.key_schema.range)
      return Invalid(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    std::string where = global ? "globalSecondaryIndexes" : "localSecondaryIndexes";
    size_t n = 0;
    for (const auto& value : list->get_array()) {
      ++n;
      TARN_ASSIGN_OR_RETURN(SecondaryIndex index,
                            ParseIndex(value, global, where + "." + std::to_string(n) + ".member", table));
      if (!names.insert(index.name).second) return Invalid("Duplicate index name: " + index.name);
      index.id = table.next_index_id++;
      table.indexes.push_back(std::move(index));
    }
    if (!global && n > kMaxLocalSecondaryIndexes)
      return Invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    if (global && n > kMaxGlobalSecondaryIndexes)
      return Invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  if (ProjectedNonKeyAttributes(table.indexes) > kMaxProjectedNonKeyAttributes)
    return Invalid("Number of projected attributes in all indexes exceeds limit of 100");
  // Every attribute definition must be some key's: DynamoDB stores no other attribute types.
  std::vector<std::string> used, defined;
  auto use = [&](const KeySchema& schema) {
    for (const KeyAttribute* a : schema.Attributes())
      if (std::find(used.begin(), used.end(), a->name) == used.end()) used.push_back(a->name);
  };
  use(table.key_schema);
  for (const auto& index : table.indexes) use(index.key_schema);
  for (const auto& d : table.attribute_definitions) defined.push_back(d.name);
  if (defined.size() > used.size())
    return Invalid("Some AttributeDefinitions are not used. AttributeDefinitions: " + JoinNames(defined) +
                   ", keys used: " + JoinNames(used));
  return core::Ok();
}

core::Result<SecondaryIndex> ParseGlobalSecondaryIndexCreate(const json::object& create,
                                                             const TableInfo& table) {
  TARN_ASSIGN_OR_RETURN(
      SecondaryIndex index,
      ParseIndex(json::value(create), true, "globalSecondaryIndexUpdates.1.member.create", table));
  // DynamoDB's texts here (ack-api-quirks DDB-TABLE-442/443's catalogues): the index is not named, and
  // the limit is a LimitExceededException (CreateTable's is a ValidationException).
  for (const auto& existing : table.indexes)
    if (existing.name == index.name)
      return ValidationException("Attempting to create an index which already exists");
  size_t globals =
      std::count_if(table.indexes.begin(), table.indexes.end(), [](const auto& i) { return i.global; });
  if (globals + 1 > kMaxGlobalSecondaryIndexes)
    return LimitExceededException(
        "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20");
  std::vector<SecondaryIndex> all = table.indexes;
  all.push_back(index);
  if (ProjectedNonKeyAttributes(all) > kMaxProjectedNonKeyAttributes)
    return Invalid("Number of projected attributes in all indexes exceeds limit of 100");
  index.id = table.next_index_id;
  index.status = std::string(kIndexCreating);
  index.backfilling = true;
  return index;
}

json::array DescribeIndexes(const TableInfo& table, bool global, const std::map<uint64_t, IndexStats>& stats,
                            bool creating, double now) {
  json::array out;
  for (const auto& index : table.indexes) {
    if (index.global != global) continue;
    json::object d;
    d["IndexName"] = index.name;
    d["KeySchema"] = KeySchemaJson(index.key_schema);
    json::object projection{{"ProjectionType", index.projection_type}};
    if (index.projection_type == kProjectionInclude) {
      json::array non_key;
      for (const auto& a : index.non_key_attributes) non_key.push_back(json::value(a));
      projection["NonKeyAttributes"] = std::move(non_key);
    }
    d["Projection"] = std::move(projection);
    if (global) {
      d["IndexStatus"] = creating ? std::string(kIndexCreating) : index.status;
      if (index.status == kIndexCreating) d["Backfilling"] = index.backfilling;
      d["ProvisionedThroughput"] = ProvisionedThroughputDescription(index.read_capacity, index.write_capacity,
                                                                    index.throughput_history, now);
      if (index.on_demand_read > 0 || index.on_demand_write > 0) {
        json::object odt;
        if (index.on_demand_read > 0) odt["MaxReadRequestUnits"] = index.on_demand_read;
        if (index.on_demand_write > 0) odt["MaxWriteRequestUnits"] = index.on_demand_write;
        d["OnDemandThroughput"] = std::move(odt);
      }
      const bool on_demand = table.billing_mode == kBillingPayPerRequest;
      d["WarmThroughput"] =
          json::object{{"ReadUnitsPerSecond", on_demand ? kOnDemandWarmReads : index.read_capacity},
                       {"WriteUnitsPerSecond", on_demand ? kOnDemandWarmWrites : index.write_capacity},
                       {"Status", index.status == kIndexActive ? "ACTIVE" : "UPDATING"}};
    }
    auto found = stats.find(index.id);
    IndexStats s = found == stats.end() ? IndexStats{} : found->second;
    d["IndexSizeBytes"] = s.bytes;
    d["ItemCount"] = s.items;
    d["IndexArn"] = table.Arn() + "/index/" + index.name;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace tarn::dynamodb
