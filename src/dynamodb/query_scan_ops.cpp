// Implements: Query, Scan.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html
// Query turns its KeyConditionExpression into byte bounds inside one partition's key range (a RocksDB
// range scan); Scan walks the table's range. A page stops after Limit items evaluated or once 1 MB of
// items was read, whichever is first, and then carries LastEvaluatedKey if more items remain.
// With IndexName both read the index's entries instead (secondary_index.h): an index partition is one
// key range too, and entries hold the projected item, so only a local secondary index asked for
// attributes it does not project reads the table's item as well.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html
#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <optional>

#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/expr/resolve.h"
#include "dynamodb/item_size.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/legacy_parameters.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/secondary_index.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/wire_item.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
constexpr size_t kMaxPageBytes = 1024 * 1024;

// The iteration of one page: [lower, upper) in family "dynamodb".
struct PagePlan {
  std::string lower;
  std::string upper;
  bool forward = true;
  std::optional<int64_t> limit;
  bool count_only = false;
  bool consistent = false;  // ConsistentRead: what a local index's fetches from the table cost
  // Scan segments: true when the item's stored key belongs to this segment.
  std::function<bool(std::string_view key)> accept;
};

std::string Successor(std::string_view bytes) {
  auto next = storage::PrefixSuccessor(bytes);
  return next ? *next : std::string(bytes) + std::string(1, '\xff');
}

std::string JustAfter(std::string bytes) {
  bytes.push_back('\0');
  return bytes;
}

core::AwsError TypeMismatch() {
  return ValidationException(
      "One or more parameter values were invalid: Condition parameter type does not match schema type");
}

const AttributeValue& ValueOf(const RequestExpressions& ex, const std::string& placeholder) {
  return ex.values.at(placeholder);  // Resolver checked every placeholder is defined
}

bool TypeMatches(const AttributeValue& v, ScalarAttributeType t) {
  return (t == ScalarAttributeType::kS && v.is(AttributeType::kS)) ||
         (t == ScalarAttributeType::kN && v.is(AttributeType::kN)) ||
         (t == ScalarAttributeType::kB && v.is(AttributeType::kB));
}

// A key condition's value of the wrong type is reported attribute by attribute in key-schema order,
// after a key attribute no condition names and before an operator the partition key cannot use
// (`:a > a` on a string partition key with a number is a type mismatch: dynalite's query tests,
// recorded from DynamoDB); BindKeySchema reports those two.
core::Status CheckKeyTermTypes(const std::vector<expr::KeyTerm>& terms, const KeySchema& schema,
                               const RequestExpressions& ex) {
  const KeyAttributeList keys = schema.Attributes();
  if (!schema.range && terms.size() > 1) return core::Ok();  // "not supported" comes first
  for (size_t i = 0; i < keys.size(); ++i) {
    auto term = std::find_if(terms.begin(), terms.end(),
                             [&](const expr::KeyTerm& t) { return t.attribute == keys[i]->name; });
    if (term == terms.end()) return core::Ok();
    if (term->op == expr::KeyOp::kBeginsWith) continue;  // ApplySortTerm judges it
    for (const auto& value : term->values)
      if (!TypeMatches(ValueOf(ex, value), keys[i]->type)) return TypeMismatch();
  }
  return core::Ok();
}

// An operand no key type could satisfy for its operator (a number or a boolean in begins_with, a
// boolean in an ordering comparison) is an expression error naming the operator as written and the
// operand's type, judged with the expression; an operand of a key type that is not the attribute's
// fails the schema check later (TypeMismatch). paritysuite/dynamodb-conformance,
// queryKeyConditionOperands (eu-west-2, October 2026).
core::Status CheckKeyOperandTypes(const std::vector<expr::KeyTerm>& terms, const RequestExpressions& ex) {
  for (const expr::KeyTerm& term : terms) {
    if (term.op == expr::KeyOp::kEq) continue;
    for (const auto& placeholder : term.values) {
      const AttributeValue& v = ValueOf(ex, placeholder);
      const bool usable = v.is(AttributeType::kS) || v.is(AttributeType::kB) ||
                          (term.op != expr::KeyOp::kBeginsWith && v.is(AttributeType::kN));
      if (!usable)
        return ValidationException(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
            "function: " +
            term.written + ", operand type: " + std::string(AttributeTypeName(v.type())));
    }
  }
  return core::Ok();
}

// Narrows [lower, upper) from the whole partition to the sort-key condition.
core::Status ApplySortTerm(const expr::KeyTerm& term, const RequestExpressions& ex, const KeyAttribute& range,
                           const std::string& partition, PagePlan& plan) {
  const AttributeValue& v = ValueOf(ex, term.values[0]);
  if (term.op == expr::KeyOp::kBeginsWith) {
    // CheckKeyOperandTypes refused an operand begins_with cannot take; a string or binary one on a
    // number sort key fails the schema check.
    if (!TypeMatches(v, range.type)) return TypeMismatch();
    std::string encoded = EncodeKeyValue(v);
    encoded.resize(encoded.size() - 2);  // drop the String terminator 00 01: a prefix of the key
    plan.lower = partition + encoded;
    plan.upper = Successor(plan.lower);
    return core::Ok();
  }
  if (!TypeMatches(v, range.type)) return TypeMismatch();
  // Index entry keys continue after the sort key (with the table's key), so the keys "at" a value are
  // those it prefixes, which for a table's items (self-delimiting components) is the one key itself.
  std::string at = partition + EncodeKeyValue(v);
  switch (term.op) {
    case expr::KeyOp::kEq:
      plan.lower = at;
      plan.upper = Successor(at);
      break;
    case expr::KeyOp::kLt:
      plan.upper = at;
      break;
    case expr::KeyOp::kLe:
      plan.upper = Successor(at);
      break;
    case expr::KeyOp::kGt:
      plan.lower = Successor(at);
      break;
    case expr::KeyOp::kGe:
      plan.lower = at;
      break;
    case expr::KeyOp::kBetween: {
      const AttributeValue& high = ValueOf(ex, term.values[1]);
      if (!TypeMatches(high, range.type)) return TypeMismatch();
      auto order = Compare(v, high);
      // Judged before: a KeyConditionExpression's with its other conditions (Resolver), the legacy
      // KeyConditions' when they are translated; kept as the guard of the range below.
      if (order && *order == std::strong_ordering::greater)
        return ValidationException(
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper "
            "bound");
      plan.lower = at;
      plan.upper = Successor(partition + EncodeKeyValue(high));
      break;
    }
    case expr::KeyOp::kBeginsWith:
      break;
  }
  return core::Ok();
}

// The schema's key attributes that `item` has (ValidateKey then says whether they are all there).
Item ExtractKeyIfPresent(const KeySchema& schema, const Item& item) {
  Item out;
  for (const KeyAttribute* attr : schema.Attributes())
    if (auto it = item.find(attr->name); it != item.end()) out.insert(*it);
  return out;
}

// Collects the first element of every path a condition reads.
void CollectNames(const expr::Condition& c, std::vector<std::string>& out) {
  std::function<void(const expr::Operand&)> operand = [&](const expr::Operand& o) {
    if (o.kind == expr::Operand::Kind::kPath && !o.path.elements.empty())
      out.push_back(o.path.elements[0].name);
    for (const auto& a : o.args) operand(a);
  };
  for (const auto& o : c.operands) operand(o);
  for (const auto& child : c.children) CollectNames(child, out);
}

core::Status CheckFilterOnNonKeys(const RequestExpressions& ex, const KeySchema& schema) {
  if (!ex.filter) return core::Ok();
  std::vector<std::string> names;
  CollectNames(*ex.filter, names);
  for (const auto& n : names)
    if (schema.Has(n))
      return ValidationException(std::string(ex.legacy_filter ? "QueryFilter" : "Filter Expression") +
                                 " can only contain non-primary key attributes: Primary key attribute: " + n);
  return core::Ok();
}

// Select vs ProjectionExpression, as DynamoDB checks them; sets plan.count_only. The messages
// name the parameter sent (ProjectionExpression or AttributesToGet); Query's come from its request
// validator, with its "1 validation error detected: " prefix, Scan's without (moto's aws_verified
// test_dynamodb_select.py; nubo-db/dynamodb-conformance) except SPECIFIC_ATTRIBUTES without a projection,
// which the newer validation framework reaching Scan enveloped (exoego/dynamodb-conformance's scan
// captures: eu-west-2 and three other regions, September 2026; the others' other Select messages were
// not recorded).
core::Status ApplySelect(const json::object& input, const RequestExpressions& ex, bool index, bool query,
                         PagePlan& plan) {
  auto select = GetString(input, "Select");
  if (!select) return core::Ok();
  const std::string prefix = query ? "1 validation error detected: " : "";
  const std::string sent = input.contains("AttributesToGet") ? "AttributesToGet" : "ProjectionExpression";
  auto cannot = [&](std::string_view what) {
    return ValidationException(prefix + "Cannot specify the " + sent + " when choosing to get " +
                               std::string(what));
  };
  // The projection sent is named before the missing index (nubo-db/dynamodb-conformance's scan tests and
  // Ketlark/dynamodb-conformance's query select tests, run against AWS).
  if (*select == "ALL_PROJECTED_ATTRIBUTES" && ex.projection) return cannot("ALL_PROJECTED_ATTRIBUTES");
  if (*select == "ALL_PROJECTED_ATTRIBUTES" && !index)
    return ValidationException(prefix +
                               "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  if (*select == "SPECIFIC_ATTRIBUTES" && !ex.projection)
    return ValidationException(
        "1 validation error detected: "
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  if (*select == "ALL_ATTRIBUTES" && ex.projection) return cannot("ALL_ATTRIBUTES");
  if (*select == "COUNT") {
    if (ex.projection) return cannot("only the Count");
    plan.count_only = true;
  }
  return core::Ok();
}

// What a Query or Scan reads: the table's items, or the entries of the index IndexName names.
struct ReadSource {
  const SecondaryIndex* index = nullptr;
  const KeySchema* schema = nullptr;  // the key schema of what is read
  std::string prefix;                 // every key read starts with it
  bool fetch_from_table = false;      // a local index's entries lack attributes the request needs
  bool filter_on_entry = false;       // a PartiQL SELECT: the filter sees the entry, not what is fetched
  // A global index lacks attributes the request needs: refused where the operation judges it (a
  // Query after its key conditions and filter, dynalite's query tests; a Scan at once).
  std::optional<core::AwsError> unprojected;
};

// The index checks DynamoDB makes, in its order, and whether the table's items must be read too.
// A PartiQL SELECT (`statement`) filters a local index on what it projects: the table is read only for
// the attributes it selects (nubo-db/dynamodb-conformance's index-qualifier tests, run against AWS).
core::Result<ReadSource> ResolveSource(const json::object& input, const TableInfo& table,
                                       const RequestExpressions& ex, bool statement) {
  ReadSource source;
  auto name = GetString(input, "IndexName");
  if (!name) {
    source.schema = &table.key_schema;
    source.prefix = ItemPrefix(table.id);
    return source;
  }
  const SecondaryIndex* index = FindIndex(table, *name);
  if (!index) return ValidationException("The table does not have the specified index: " + *name);
  if (index->global && GetBool(input, "ConsistentRead"))
    return ValidationException("Consistent reads are not supported on global secondary indexes");
  if (index->status == kIndexCreating)
    return ValidationException("Cannot read from backfilling global secondary index: " + *name);
  source.index = index;
  source.schema = &index->key_schema;
  source.prefix = IndexEntryPrefix(table.id, index->id);
  if (index->projection_type == kProjectionAll) return source;
  // An index answers only from what it projects; a local one fetches the rest from the table
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.Projections), a global
  // one refuses, as for Select ALL_ATTRIBUTES.
  const bool all_attributes = GetString(input, "Select").value_or("") == "ALL_ATTRIBUTES";
  std::vector<std::string> unprojected;  // top-level names, in the order the projection first names them
  if (ex.projection)
    for (const auto& path : ex.projection->paths) {
      if (path.elements.empty() || index->Projects(table, path.elements[0].name)) continue;
      const std::string& name = path.elements[0].name;
      if (std::find(unprojected.begin(), unprojected.end(), name) == unprojected.end())
        unprojected.push_back(name);
    }
  bool needs_table = all_attributes || !unprojected.empty();
  if (needs_table && index->global) {
    // A projection of what the index lacks is named (exoego/dynamodb-conformance's cross-region captures,
    // four regions, September 2026).
    if (all_attributes) {
      source.unprojected = ValidationException(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
          "secondary index " +
          index->name + " because its projection type is not ALL");
    } else {
      std::string names;
      for (const auto& name : unprojected) names += (names.empty() ? "" : ", ") + name;
      source.unprojected =
          ValidationException("One or more parameter values were invalid: Global secondary index " +
                              index->name + " does not project [" + names + "]");
    }
    return source;
  }
  source.filter_on_entry = statement;
  if (ex.filter && !index->global && !statement) {
    std::vector<std::string> names;
    CollectNames(*ex.filter, names);
    for (const auto& n : names) needs_table |= !index->Projects(table, n);
  }
  source.fetch_from_table = needs_table;
  return source;
}

// KeyConditions with an operator a key condition cannot use: a key attribute it does not name is
// reported first (dynalite's order, recorded from DynamoDB: the partition key must be named, and
// every key attribute when more than one condition is given).
core::AwsError NotIndexable(const json::object& input, const KeySchema& schema) {
  const json::object* conditions = GetObject(input, "KeyConditions");
  for (const KeyAttribute* attribute : schema.Attributes()) {
    const std::string& name = attribute->name;
    if (!conditions || !conditions->contains(name))
      return ValidationException("Query condition missed key schema element: " + std::string(name));
    if (conditions->size() <= 1) break;
  }
  return ValidationException("Attempted conditional constraint is not an indexable operation");
}

core::AwsError InvalidStartKey() {
  return ValidationException(
      "The provided starting key is invalid: The provided key element does not match the "
      "schema");
}

// ExclusiveStartKey's values; nullopt without one. DynamoDB judges them first of all, before the
// expressions and the table, and names the request's start key when a value has no single type
// (dynalite's suite, recorded from DynamoDB).
core::Result<std::optional<Item>> StartKeyValues(const json::object& input, ValueLayer layer) {
  const auto* esk = input.if_contains("ExclusiveStartKey");
  if (!esk || esk->is_null()) return std::optional<Item>();
  auto key = ItemFromJson(*esk, layer);
  if (!key.ok()) {
    // Errors of a value's shape carry the prefix; a number's and a set's duplicates do not, nor,
    // alone of the empty sets, an empty number set.
    core::AwsError error = std::move(key).error();
    const std::string& m = error.message;
    if (error.code == "ValidationException" && m.find("number") == std::string::npos &&
        m.find("duplicates") == std::string::npos &&
        (m.starts_with("Supplied AttributeValue") ||
         m.starts_with("One or more parameter values were invalid")))
      error.message = "The provided starting key is invalid: " + m;
    return error;
  }
  return std::optional<Item>(std::move(key).value());
}

// The start key as a key of what is read (for an index: the table's and the index's key
// attributes). DynamoDB judges it right after the index (dynalite's suite), in three steps (as
// nubo-db/dynamodb-conformance records AWS): the number of attributes ("The provided starting key is
// invalid"), an index's own key attributes (missing: the same; of another type: "The provided key
// element does not match the schema"), then the table's (either: InvalidStartKey()). A Scan missing a
// table key attribute gets the short form since DynamoDB's newer validation reached Scan (ApplySelect).
core::Status CheckStartKey(const std::optional<Item>& key, const TableInfo& table, const ReadSource& source,
                           bool scan) {
  if (!key) return core::Ok();
  size_t expected = table.key_schema.Attributes().size();
  if (source.index)
    for (const KeyAttribute* attr : source.index->key_schema.Attributes())
      if (!table.key_schema.Has(attr->name)) ++expected;
  if (key->size() != expected) return ValidationException("The provided starting key is invalid");
  if (source.index) {
    for (const KeyAttribute* attr : source.index->key_schema.Attributes()) {
      auto it = key->find(attr->name);
      if (it == key->end()) return ValidationException("The provided starting key is invalid");
      if (!TypeMatches(it->second, attr->type))
        return ValidationException("The provided key element does not match the schema");
    }
  }
  if (scan)
    for (const KeyAttribute* attr : table.key_schema.Attributes())
      if (!key->contains(attr->name)) return ValidationException("The provided starting key is invalid");
  if (!ValidateKey(table.key_schema, ExtractKeyIfPresent(table.key_schema, *key)).ok())
    return InvalidStartKey();
  return core::Ok();
}

// Moves the bounds past the start key (CheckStartKey's) and returns its storage key (empty without one).
std::string ApplyStartKey(const std::optional<Item>& key, const TableInfo& table, const ReadSource& source,
                          PagePlan& plan) {
  if (!key) return std::string();
  std::string at = source.index ? IndexEntryKey(table, *source.index, *key) : ItemKey(table, *key);
  if (plan.forward) {
    std::string after = JustAfter(at);
    if (after > plan.lower) plan.lower = after;
  } else if (at < plan.upper) {
    plan.upper = at;
  }
  return at;
}

}  // namespace

namespace {

struct Page {
  json::storage_ptr arena = ResponseArena();  // items and the output built from them
  json::array items = json::array(arena);
  int64_t count = 0;
  int64_t scanned = 0;
  size_t bytes = 0;
  // A local index's reads of the table's items: each fetch is charged as a read of its whole item, on
  // the table (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html).
  double table_units = 0;
  std::optional<Item> last_key;
};

}  // namespace

// One page over plan's range; shared by Query and Scan.
static core::Result<Page> RunPage(const storage::Rocks& rocks, const storage::ColumnFamily& cf,
                                  const TableInfo& table, const RequestExpressions& ex,
                                  const ReadSource& source, const PagePlan& plan) {
  Page page;
  if (plan.lower >= plan.upper) return page;
  storage::IteratorOptions options;
  options.lower_bound = plan.lower;
  options.upper_bound = plan.upper;
  auto it = rocks.NewIterator(cf, options);
  plan.forward ? it.SeekToFirst() : it.SeekToLast();
  bool more = false;
  // Items returned whole go from their stored text to the response without an Item (wire_item.h);
  // the last one read is decoded at the end if the page needs its key.
  const bool whole = !ex.filter && !ex.projection && !source.fetch_from_table;
  json::value last_whole(page.arena);
  for (; it.Valid(); plan.forward ? it.Next() : it.Prev()) {
    if (plan.accept && !plan.accept(it.key())) continue;
    if ((plan.limit && page.scanned >= *plan.limit) || page.bytes >= kMaxPageBytes) {
      more = true;
      break;
    }
    if (whole) {
      TARN_ASSIGN_OR_RETURN(WireItem item, DecodeWireItem(it.value(), page.arena));
      ++page.scanned;
      ++page.count;
      page.bytes += item.size;
      if (plan.count_only) {
        last_whole = std::move(item.json);
      } else {
        page.items.push_back(std::move(item.json));
      }
      continue;
    }
    TARN_ASSIGN_OR_RETURN(Item item, DecodeItem(it.value()));
    ++page.scanned;
    page.bytes += ItemSize(item);
    page.last_key = source.index ? IndexEntryKeyAttributes(table, *source.index, item)
                                 : ExtractKey(table.key_schema, item);
    // Every entry walked is fetched (and charged) before the filter drops any (nubo's reach-back tests).
    std::optional<bool> kept_by_entry;
    if (ex.filter && source.fetch_from_table && source.filter_on_entry) {
      TARN_ASSIGN_OR_RETURN(
          kept_by_entry, expr::EvaluateCondition(*ex.filter, item, ex.values, expr::ExpressionKind::kFilter));
    }
    if (source.fetch_from_table) {
      TARN_ASSIGN_OR_RETURN(auto bytes, rocks.Get(cf, ItemKey(table, item)));
      if (!bytes) continue;  // deleted since the entry was read
      TARN_ASSIGN_OR_RETURN(item, DecodeItem(*bytes));
      page.table_units += ReadCapacityUnits(ItemSize(item), plan.consistent);
    }
    if (ex.filter) {
      bool keep = false;
      if (kept_by_entry) {
        keep = *kept_by_entry;
      } else {
        TARN_ASSIGN_OR_RETURN(
            keep, expr::EvaluateCondition(*ex.filter, item, ex.values, expr::ExpressionKind::kFilter));
      }
      if (!keep) continue;
    }
    ++page.count;
    if (!plan.count_only)
      page.items.push_back(
          ItemToJson(ex.projection ? expr::Project(item, *ex.projection) : item, page.arena));
  }
  TARN_TRY(it.status());
  // A page that stopped at Limit carries LastEvaluatedKey even when nothing follows: DynamoDB does not
  // look past the limit (dynalite's query tests, run against AWS).
  if (plan.limit && page.scanned >= *plan.limit && page.scanned > 0) more = true;
  if (!more) {
    page.last_key.reset();
  } else if (whole && page.scanned > 0) {
    TARN_ASSIGN_OR_RETURN(Item item, ItemFromJson(plan.count_only ? last_whole : page.items.back()));
    page.last_key = source.index ? IndexEntryKeyAttributes(table, *source.index, item)
                                 : ExtractKey(table.key_schema, item);
  }
  return page;
}

static net::Output PageOutput(Page page, const json::object& input, const TableInfo& table) {
  net::Output out{.json = json::object(page.arena)};
  if (GetString(input, "Select").value_or("") != "COUNT") out.json["Items"] = std::move(page.items);
  out.json["Count"] = page.count;
  out.json["ScannedCount"] = page.scanned;
  if (page.last_key) out.json["LastEvaluatedKey"] = ItemToJson(*page.last_key, page.arena);
  const double units = ReadCapacityUnits(page.bytes, GetBool(input, "ConsistentRead"));
  if (auto cc = ConsumedCapacity(input, table.name, units + page.table_units, false)) {
    // A read of an index consumes the index's capacity, not the table's: INDEXES lists it there.
    auto index = GetString(input, "IndexName");
    if (index && GetString(input, "ReturnConsumedCapacity").value_or("") == "INDEXES") {
      bool global = true;
      for (const auto& i : table.indexes)
        if (i.name == *index) global = i.global;
      (*cc)["Table"] = json::object{{"CapacityUnits", page.table_units}};
      (*cc)[global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"] =
          json::object{{*index, json::object{{"CapacityUnits", units}}}};
    }
    out.json["ConsumedCapacity"] = std::move(*cc);
  }
  return out;
}

core::Result<net::Output> Service::Query(const net::Call& call) {
  return RunQuery(call, /*statement=*/false);
}

core::Result<net::Output> Service::RunQuery(const net::Call& call, bool statement) {
  // The expressions are judged before the table is looked for, as DynamoDB does, and with them
  // what the key condition is made of (its operators, paths and number of conditions need no schema;
  // dynalite's suite, run on AWS, asks them of a table that does not exist).
  // Query judges its filter before AttributesToGet, Scan after (dynalite's query and scan tests).
  // Query's values are judged in DynamoDB's current layer (number.h); a statement's are its own.
  const ValueLayer layer = statement ? ValueLayer::kLegacy : ValueLayer::kCurrent;
  TARN_TRY(CheckExpressionParameters(call.input, {"FilterExpression", "KeyConditionExpression"}));
  TARN_TRY(CheckFilter(call.input, "QueryFilter", layer));
  TARN_TRY(CheckAttributesToGet(call.input));
  TARN_ASSIGN_OR_RETURN(std::optional<Item> start_key, StartKeyValues(call.input, layer));
  TARN_ASSIGN_OR_RETURN(auto ex, ParseRequestExpressions(call.input, /*parameters_checked=*/true, layer));
  std::vector<expr::KeyTerm> terms;
  if (ex.key_condition && !ex.key_condition_not_indexable) {
    TARN_ASSIGN_OR_RETURN(terms, expr::ToKeyTerms(*ex.key_condition));
    TARN_TRY(CheckKeyOperandTypes(terms, ex));
  }
  TARN_ASSIGN_OR_RETURN(auto table, FindTable(call, GetString(call.input, "TableName").value_or("")));
  TARN_ASSIGN_OR_RETURN(ReadSource source, ResolveSource(call.input, *table, ex, statement));
  const KeySchema& schema = *source.schema;
  TARN_TRY(CheckStartKey(start_key, *table, source, /*scan=*/false));
  if (ex.key_condition_not_indexable) return NotIndexable(call.input, schema);
  // A bad filter (e.g. BETWEEN bounds reversed) is an error even when no item is read.
  if (ex.filter) TARN_TRY(expr::CheckCondition(*ex.filter, ex.values, expr::ExpressionKind::kFilter));
  if (!ex.key_condition)
    return ValidationException(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  std::vector<std::string_view> hash_names, range_names;
  for (const KeyAttribute* a : schema.HashAttributes()) hash_names.push_back(a->name);
  for (const KeyAttribute* a : schema.RangeAttributes()) range_names.push_back(a->name);
  TARN_TRY(CheckKeyTermTypes(terms, schema, ex));
  TARN_ASSIGN_OR_RETURN(auto bound, expr::BindKeySchema(std::move(terms), hash_names, range_names));
  TARN_TRY(CheckFilterOnNonKeys(ex, schema));
  if (source.unprojected) return *source.unprojected;
  PagePlan plan;
  TARN_TRY(ApplySelect(call.input, ex, source.index != nullptr, /*query=*/true, plan));
  // After the key and Select checks: a table key in a Query filter is refused as a key first.
  TARN_TRY(CheckScalarKeyPaths(ex, table->key_schema, table->indexes));
  // The partition is every HASH value; equalities on leading RANGE attributes narrow it further (a
  // multi-attribute key), and the last RANGE condition bounds the range.
  std::string partition = source.prefix;
  for (size_t i = 0; i < bound.partition.size(); ++i) {
    const AttributeValue& value = ValueOf(ex, bound.partition[i].values[0]);
    if (!TypeMatches(value, schema.HashAt(i).type)) return TypeMismatch();
    partition += EncodeKeyValue(value);
  }
  for (size_t i = 0; i < bound.sort_prefix.size(); ++i) {
    const AttributeValue& value = ValueOf(ex, bound.sort_prefix[i].values[0]);
    if (!TypeMatches(value, schema.RangeAt(i).type)) return TypeMismatch();
    partition += EncodeKeyValue(value);
  }
  plan.lower = partition;
  plan.upper = Successor(partition);
  if (bound.sort)
    TARN_TRY(ApplySortTerm(*bound.sort, ex, schema.RangeAt(bound.sort_prefix.size()), partition, plan));
  if (const auto* forward = call.input.if_contains("ScanIndexForward"); forward && forward->is_bool())
    plan.forward = forward->get_bool();
  plan.limit = GetInt(call.input, "Limit");
  plan.consistent = GetBool(call.input, "ConsistentRead");
  std::string lower, upper;  // the key condition's range, when a start key must lie in it
  if (call.input.contains("ExclusiveStartKey")) lower = plan.lower, upper = plan.upper;
  std::string start = ApplyStartKey(start_key, *table, source, plan);
  if (!start.empty() && (start < lower || start >= upper)) {
    if (!bound.sort)
      return ValidationException(
          "The provided starting key is outside query boundaries based on provided conditions");
    // With a sort key condition DynamoDB names the sort key's value first, judged as if the start key
    // were in the queried partition, and only then the partition (dynalite's query tests).
    Item moved = *start_key;
    for (size_t i = 0; i < bound.partition.size(); ++i)
      moved[schema.HashAt(i).name] = ValueOf(ex, bound.partition[i].values[0]);
    for (size_t i = 0; i < bound.sort_prefix.size(); ++i)
      moved[schema.RangeAt(i).name] = ValueOf(ex, bound.sort_prefix[i].values[0]);
    const std::string at =
        source.index ? IndexEntryKey(*table, *source.index, moved) : ItemKey(*table, moved);
    if (at < lower || at >= upper)
      return ValidationException("The provided starting key does not match the range key predicate");
    return ValidationException("The query can return at most one row and cannot be restarted");
  }
  TARN_ASSIGN_OR_RETURN(Page page, RunPage(rocks_, cf_, *table, ex, source, plan));
  return PageOutput(std::move(page), call.input, *table);
}

core::Result<net::Output> Service::Scan(const net::Call& call) { return RunScan(call, /*statement=*/false); }

core::Result<net::Output> Service::RunScan(const net::Call& call, bool statement) {
  // The start key's values, then the segments, then the expressions are judged before the table is
  // looked for, as DynamoDB does (dynalite's suite).
  TARN_TRY(CheckExpressionParameters(call.input, {"FilterExpression"}));
  TARN_TRY(CheckAttributesToGet(call.input));
  TARN_TRY(CheckFilter(call.input, "ScanFilter"));
  TARN_ASSIGN_OR_RETURN(std::optional<Item> start_key, StartKeyValues(call.input, ValueLayer::kLegacy));
  auto segment = GetInt(call.input, "Segment");
  auto total = GetInt(call.input, "TotalSegments");
  if (segment && !total)
    return ValidationException(
        "The TotalSegments parameter is required but was not present in the request when Segment parameter "
        "is "
        "present");
  if (total && !segment)
    return ValidationException(
        "The Segment parameter is required but was not present in the request when parameter TotalSegments "
        "is "
        "present");
  // The newer validation framework's words, without the values (ApplySelect).
  if (segment && *segment >= *total)
    return ValidationException(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments");
  TARN_ASSIGN_OR_RETURN(auto ex, ParseRequestExpressions(call.input, /*parameters_checked=*/true));
  TARN_ASSIGN_OR_RETURN(auto table, FindTable(call, GetString(call.input, "TableName").value_or("")));
  TARN_ASSIGN_OR_RETURN(ReadSource source, ResolveSource(call.input, *table, ex, statement));
  if (source.unprojected) return *source.unprojected;
  // A bad filter (e.g. BETWEEN bounds reversed) is an error even when no item is read.
  if (ex.filter) TARN_TRY(expr::CheckCondition(*ex.filter, ex.values, expr::ExpressionKind::kFilter));
  PagePlan plan;
  TARN_TRY(ApplySelect(call.input, ex, source.index != nullptr, /*query=*/false, plan));
  const std::string& prefix = source.prefix;
  plan.lower = prefix;
  plan.upper = Successor(prefix);
  plan.limit = GetInt(call.input, "Limit");
  plan.consistent = GetBool(call.input, "ConsistentRead");
  if (total && *total > 1) {
    // Items of one partition stay in one segment: the segment is a stable hash of the partition key.
    size_t prefix_size = prefix.size();
    ScalarAttributeType hash_type = source.schema->hash.type;
    int64_t want = *segment, of = *total;
    plan.accept = [prefix_size, hash_type, want, of](std::string_view key) {
      storage::KeyReader reader(key.substr(prefix_size));
      std::string_view before = reader.rest();
      if (!ReadKeyValue(reader, hash_type)) return false;
      std::string_view component = before.substr(0, before.size() - reader.rest().size());
      uint64_t h = 1469598103934665603ULL;  // FNV-1a
      for (unsigned char c : component) h = (h ^ c) * 1099511628211ULL;
      return static_cast<int64_t>(h % static_cast<uint64_t>(of)) == want;
    };
  }
  TARN_TRY(CheckStartKey(start_key, *table, source, /*scan=*/true));
  std::string start = ApplyStartKey(start_key, *table, source, plan);
  // A parallel scan continues only from a key of its own segment.
  if (!start.empty() && plan.accept && !plan.accept(start)) {
    return ValidationException(
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
        "correct Segment. TotalSegments: " +
        std::to_string(*total) + " Segment: " + std::to_string(*segment));
  }
  // A key attribute used as a document in the filter, after the index and the start key (dynalite's
  // scan tests).
  TARN_TRY(CheckScalarKeyPaths(ex, table->key_schema, table->indexes));
  TARN_ASSIGN_OR_RETURN(Page page, RunPage(rocks_, cf_, *table, ex, source, plan));
  return PageOutput(std::move(page), call.input, *table);
}

}  // namespace tarn::dynamodb
