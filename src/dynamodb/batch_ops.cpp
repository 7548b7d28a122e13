// Implements: BatchGetItem, BatchWriteItem.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
// The whole request is validated before anything is read or written, as DynamoDB does. Each write is
// atomic and durable on its own (the batch as a whole is not, in DynamoDB either); tarn never
// throttles, so UnprocessedItems is always empty, and UnprocessedKeys holds only what exceeds 16 MB.
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <vector>

#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_capacity.h"
#include "dynamodb/item_size.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/table_catalog.h"
#include "protocol/validate.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-api
constexpr size_t kMaxBatchGetKeys = 100;
constexpr size_t kMaxBatchWriteRequests = 25;
constexpr size_t kMaxBatchGetBytes = 16 * 1024 * 1024;

const json::object& RequestItems(const json::object& input) {
  static const json::object kEmpty;
  const auto* v = input.if_contains("RequestItems");
  return v && v->is_object() ? v->get_object() : kEmpty;
}

// A table name in RequestItems that breaks the naming rules is a constraint on the map's keys,
// reported with the whole map, before anything else about the request; BatchGetItem echoes the map
// as JSON, BatchWriteItem as its request objects (paritysuite/dynamodb-conformance, batchGetItem and
// batchWriteItem, us-east-1 and eu-west-2, October 2026). A table's ARN is a valid key.
core::Status CheckRequestItemsKeys(const json::object& items, bool write) {
  auto valid = [](std::string_view name) { return name.starts_with("arn:") || ValidateTableName(name).ok(); };
  if (std::all_of(items.begin(), items.end(), [&](const auto& member) { return valid(member.key()); }))
    return core::Ok();
  std::string echo;
  if (!write) {
    echo = json::serialize(items);
  } else {
    echo = "{";
    for (const auto& [name, list] : items) {
      if (echo.size() > 1) echo += ", ";
      echo.append(name).append("=[");
      const json::array* requests = list.if_array();
      for (size_t i = 0; requests && i < requests->size(); ++i) {
        const json::object* r = (*requests)[i].if_object();
        const json::value* put = r ? r->if_contains("PutRequest") : nullptr;
        const json::value* del = r ? r->if_contains("DeleteRequest") : nullptr;
        const json::value* item = put && put->is_object() ? put->get_object().if_contains("Item") : nullptr;
        const json::value* key = del && del->is_object() ? del->get_object().if_contains("Key") : nullptr;
        echo += i ? ", " : "";
        echo += "WriteRequest(putRequest=" +
                (put ? "PutRequest(item=" + (item ? protocol::ValueText(*item) : "null") + ")" : "null") +
                ", deleteRequest=" +
                (del ? "DeleteRequest(key=" + (key ? protocol::ValueText(*key) : "null") + ")" : "null") +
                ")";
      }
      echo += "]";
    }
    echo += "}";
  }
  return ValidationException("1 validation error detected: Value '" + echo +
                             "' at 'requestItems' failed to satisfy constraint: Map keys must satisfy "
                             "constraint: [Member must have length less than or equal to 255, Member must "
                             "have length greater than or equal to 3, Member must satisfy regular expression "
                             "pattern: [a-zA-Z0-9_.-]+]");
}

struct GetTable {
  std::shared_ptr<const TableInfo> table;
  RequestExpressions ex;
  std::vector<Item> keys;
  bool consistent = false;
};

struct WriteRequest {
  std::shared_ptr<const TableInfo> table;
  bool put = true;
  Item item;  // the item (put) or the key (delete)
  std::string key;
};

// index_writes: what the table's writes cost in its secondary indexes (index_capacity.h).
void AddCapacity(json::array& list, const json::object& input, const TableInfo& table, double units,
                 bool write, const std::vector<IndexWriteUnits>& index_writes = {}) {
  if (auto cc = ConsumedCapacity(input, table.name, units, write)) {
    AddIndexWrites(*cc, input, index_writes);
    list.push_back(std::move(*cc));
  }
}

}  // namespace

core::Result<net::Output> Service::BatchGetItem(const net::Call& call) {
  const json::object& request = RequestItems(call.input);
  TARN_TRY(CheckRequestItemsKeys(request, /*write=*/false));
  std::vector<GetTable> tables;
  size_t total_keys = 0;
  for (const auto& [name, spec_value] : request) {
    const auto* spec = spec_value.if_object();
    if (!spec) return SerializationException("Unexpected value type in RequestItems");
    if (const auto* keys = spec->if_contains("Keys"); keys && keys->is_array())
      total_keys += keys->get_array().size();
  }
  if (total_keys > kMaxBatchGetKeys)
    return ValidationException("Too many items requested for the BatchGetItem call");
  // The whole request is judged before its tables are looked up: expressions (unused names on a
  // missing table are a ValidationException, moto's aws_verified
  // test_batch_get_item_unused_attribute_name), then the keys' values and duplicates (dynalite's
  // suite, run on AWS, asks them of a table that does not exist).
  for (const auto& [name, spec_value] : request) {
    const json::object& spec = spec_value.get_object();
    GetTable t;
    TARN_ASSIGN_OR_RETURN(t.ex,
                          ParseRequestExpressions(spec, /*parameters_checked=*/false, ValueLayer::kCurrent));
    t.consistent = GetBool(spec, "ConsistentRead");
    std::set<std::string> seen;
    if (const auto* keys = spec.if_contains("Keys"); keys && keys->is_array()) {
      for (const auto& k : keys->get_array()) {
        TARN_ASSIGN_OR_RETURN(Item key, ItemFromJson(k, ValueLayer::kCurrent));
        if (!seen.insert(json::serialize(ItemToJson(key))).second)
          return ValidationException("Provided list of item keys contains duplicates");
        t.keys.push_back(std::move(key));
      }
    }
    tables.push_back(std::move(t));
  }
  // A ProjectionExpression for one table and AttributesToGet for another mix the two kinds in one
  // request, as within one table (nubo-db/dynamodb-conformance's batchGetItem tests, run against AWS).
  json::object projections;
  for (const auto& [name, spec_value] : request)
    for (std::string_view member : {"ProjectionExpression", "AttributesToGet"})
      if (const auto* v = spec_value.get_object().if_contains(member)) projections[member] = *v;
  TARN_TRY(CheckExpressionParameters(projections));
  auto spec_names = request.begin();
  for (auto& t : tables) {
    TARN_ASSIGN_OR_RETURN(t.table, FindTable(call, (spec_names++)->key()));
    for (const Item& key : t.keys) TARN_TRY(ValidateKey(t.table->key_schema, key));
  }

  json::object responses, unprocessed;
  json::array capacity;
  size_t bytes = 0;
  for (auto& t : tables) {
    json::array items;
    json::array left;
    // Each key read is a read of its own, rounded up on its own (as GetItem), found or not.
    double table_units = 0;
    for (const Item& key : t.keys) {
      if (bytes >= kMaxBatchGetBytes) {
        left.push_back(ItemToJson(key));
        continue;
      }
      TARN_ASSIGN_OR_RETURN(auto item, ReadItem(ItemKey(*t.table, key)));
      size_t size = item ? ItemSize(*item) : 0;
      table_units += ReadCapacityUnits(size, t.consistent);
      if (!item) continue;
      bytes += size;
      items.push_back(ItemToJson(t.ex.projection ? expr::Project(*item, *t.ex.projection) : *item));
    }
    responses[t.table->name] = std::move(items);
    if (!left.empty()) {
      json::object spec = request.at(t.table->name).get_object();
      spec["Keys"] = std::move(left);
      unprocessed[t.table->name] = std::move(spec);
    }
    AddCapacity(capacity, call.input, *t.table, table_units, false);
  }
  net::Output out;
  out.json["Responses"] = std::move(responses);
  out.json["UnprocessedKeys"] = std::move(unprocessed);
  if (!capacity.empty()) out.json["ConsumedCapacity"] = std::move(capacity);
  return out;
}

core::Result<net::Output> Service::BatchWriteItem(const net::Call& call) {
  const json::object& request = RequestItems(call.input);
  TARN_TRY(CheckRequestItemsKeys(request, /*write=*/true));
  size_t total = 0;
  for (const auto& [name, list] : request)
    if (list.is_array()) total += list.get_array().size();
  if (total > kMaxBatchWriteRequests)
    return ValidationException("Too many items requested for the BatchWriteItem call");
  // Each write request's shape, values and item size are judged before any table is looked up
  // (dynalite's suite, run on AWS, asks them of a table that does not exist).
  std::vector<WriteRequest> writes;
  std::vector<std::string_view> table_names;  // writes[i]'s table
  for (const auto& [name, list] : request) {
    if (!list.is_array()) return SerializationException("Unexpected value type in RequestItems");
    for (const auto& entry : list.get_array()) {
      const auto* o = entry.if_object();
      const json::object* put = o ? GetObject(*o, "PutRequest") : nullptr;
      const json::object* del = o ? GetObject(*o, "DeleteRequest") : nullptr;
      if ((put == nullptr) == (del == nullptr))
        return ValidationException("A WriteRequest must contain exactly one of PutRequest and DeleteRequest");
      WriteRequest w;
      w.put = put != nullptr;
      const json::value* payload = put ? put->if_contains("Item") : del->if_contains("Key");
      if (put) TARN_TRY(CheckAttributeNames(payload));
      TARN_ASSIGN_OR_RETURN(w.item, payload ? ItemFromJson(*payload) : ItemFromJson(json::value()));
      if (w.put) TARN_TRY(CheckItemSize(w.item));
      writes.push_back(std::move(w));
      table_names.push_back(name);
    }
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < writes.size(); ++i) {
    WriteRequest& w = writes[i];
    if (i == 0 || table_names[i] != table_names[i - 1]) {
      TARN_ASSIGN_OR_RETURN(w.table, FindTable(call, table_names[i]));
    } else {
      w.table = writes[i - 1].table;
    }
    const auto& table = w.table;
    if (w.put) {
      // Unlike PutItem, BatchWriteItem names no attribute when a key attribute is missing or of
      // another type (LocalStack's test_batch_write_not_matching_schema, recorded against AWS).
      ItemKeyProblem problem = ItemKeyProblem::kNone;
      core::Status fits = ValidateItemKey(table->key_schema, w.item, &problem);
      if (problem == ItemKeyProblem::kMissing || problem == ItemKeyProblem::kTypeMismatch)
        return ValidationException(std::string(kKeySchemaMismatch));
      TARN_TRY(fits);
      TARN_TRY(ValidateIndexKeys(*table, w.item));
    } else {
      TARN_TRY(ValidateKey(table->key_schema, w.item));
    }
    w.key = ItemKey(*table, w.item);
    if (!seen.insert(w.key).second)
      return ValidationException("Provided list of item keys contains duplicates");
  }

  std::map<std::string, double> units;                              // per table name
  std::map<std::string, std::vector<IndexWriteUnits>> index_units;  // per table name
  const bool wants_capacity = GetString(call.input, "ReturnConsumedCapacity").value_or("NONE") != "NONE";
  for (const WriteRequest& w : writes) {
    std::lock_guard lock(ItemLock(w.key));
    TARN_ASSIGN_OR_RETURN(auto old, ReadItem(w.key));
    size_t bytes = old ? ItemSize(*old) : 0;
    if (w.put) {
      bytes = std::max(bytes, ItemSize(w.item));
      TARN_TRY(WriteItem(*w.table, w.key, old, &w.item));
    } else if (old) {
      TARN_TRY(WriteItem(*w.table, w.key, old, nullptr));
    }
    units[w.table->name] += WriteCapacityUnits(bytes);
    if (wants_capacity && !w.table->indexes.empty())
      MergeIndexWrites(index_units[w.table->name], IndexWrites(*w.table, old, w.put ? &w.item : nullptr));
  }
  net::Output out;
  out.json["UnprocessedItems"] = json::object();
  json::array capacity;
  for (const auto& [name, u] : units) {
    for (const auto& w : writes)
      if (w.table->name == name) {
        AddCapacity(capacity, call.input, *w.table, u, true, index_units[name]);
        break;
      }
  }
  if (!capacity.empty()) out.json["ConsumedCapacity"] = std::move(capacity);
  // Each item collection written, once, under its table (tables with a local index only).
  json::object collections;
  std::set<std::string> counted;
  for (const WriteRequest& w : writes) {
    auto metrics = ItemCollectionMetrics(call.input, *w.table, w.item);
    if (!metrics ||
        !counted.insert(w.table->name + '\0' + json::serialize(metrics->at("ItemCollectionKey"))).second)
      continue;
    json::value& list = collections[w.table->name];
    if (!list.is_array()) list = json::array();
    list.get_array().push_back(std::move(*metrics));
  }
  if (!collections.empty()) out.json["ItemCollectionMetrics"] = std::move(collections);
  return out;
}

}  // namespace tarn::dynamodb
