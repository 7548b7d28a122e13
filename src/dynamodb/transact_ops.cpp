// Implements: TransactWriteItems, TransactGetItems.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
// The whole request is validated first (ValidationException for the request, as DynamoDB); then the
// transaction claims its items (TransactionConflict when another transaction holds one), locks their
// stripes in one global order (transaction_locks.h), reads every item, evaluates every condition and
// update (collecting one CancellationReason per action), and either cancels with all reasons or puts
// every write, with its stream record, into ONE WriteBatch: all or nothing, serializable.
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <vector>

#include "dynamodb/cancellation.h"
#include "dynamodb/client_tokens.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_capacity.h"
#include "dynamodb/item_size.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/transaction_locks.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-api
// ("TransactWriteItems and TransactGetItems ... up to 100 actions ... aggregate size ... 4 MB").
constexpr size_t kMaxTransactItems = 100;
constexpr size_t kMaxTransactBytes = 4 * 1024 * 1024;

enum class Action { kConditionCheck, kPut, kDelete, kUpdate };

struct WriteAction {
  Action action = Action::kPut;
  std::shared_ptr<const TableInfo> table;
  Item item;  // Put: the item; otherwise the key
  std::string key;
  RequestExpressions ex;
  bool all_old_on_failure = false;
};

struct ItemChange {
  std::optional<Item> old;
  std::optional<Item> now;  // the item to write (Put/Update); unset: delete (Delete) or nothing (check)
  std::optional<core::AwsError> refused;  // a problem of the action that refuses the whole request
};

const json::array* TransactItems(const json::object& input) {
  const auto* v = input.if_contains("TransactItems");
  return v && v->is_array() ? &v->get_array() : nullptr;
}

// The model says 1..100 entries; DynamoDB's request validator words it so (the dispatcher checks it
// for wire requests already; PartiQL's ExecuteTransaction calls the handlers directly).
core::Status CheckCount(const json::array* items) {
  size_t n = items ? items->size() : 0;
  if (n == 0)
    return ValidationException(
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member "
        "must "
        "have length greater than or equal to 1");
  if (n > kMaxTransactItems)
    return ValidationException(
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must "
        "have "
        "length less than or equal to 100");
  return core::Ok();
}

core::Result<Item> ItemMember(const json::object& spec, std::string_view name) {
  const auto* v = spec.if_contains(name);
  // Not `v ? *v : json::value()`: that conditional is a prvalue, a deep copy of the item.
  return v ? ItemFromJson(*v) : ItemFromJson(json::value());
}

core::AwsError DuplicateItem() {
  return ValidationException("Transaction request cannot include multiple operations on one item");
}

// Which of Put/Update/Delete/ConditionCheck an entry holds (exactly one).
core::Result<std::pair<Action, const json::object*>> ActionOf(const json::value& entry) {
  static const std::pair<std::string_view, Action> kActions[] = {{"ConditionCheck", Action::kConditionCheck},
                                                                 {"Put", Action::kPut},
                                                                 {"Delete", Action::kDelete},
                                                                 {"Update", Action::kUpdate}};
  const auto* o = entry.if_object();
  std::optional<std::pair<Action, const json::object*>> found;
  int count = 0;
  for (const auto& [name, action] : kActions) {
    const json::object* spec = o ? GetObject(*o, name) : nullptr;
    if (!spec) continue;
    ++count;
    found.emplace(action, spec);
  }
  if (count != 1)
    return ValidationException("TransactItems can only contain one of Check, Put, Update or Delete");
  return *found;
}

// A Code None reason for every action, TransactionConflict for those another transaction holds.
core::AwsError Conflict(size_t actions, const std::vector<size_t>& held) {
  std::vector<CancellationReason> reasons(actions);
  for (size_t i : held) reasons[i] = ConflictReason();
  return TransactionCanceled(reasons);
}

// `key` names exactly the schema's key attributes, one of them with a value of another type.
bool KeyTypeMismatch(const KeySchema& schema, const Item& key) {
  KeyAttributeList attributes = schema.Attributes();
  if (key.size() != attributes.size()) return false;
  bool mismatch = false;
  for (const KeyAttribute* attr : attributes) {
    auto it = key.find(attr->name);
    if (it == key.end()) return false;
    std::string_view type = AttributeTypeName(it->second.type());
    if (type != ScalarAttributeTypeName(attr->type)) mismatch = true;
  }
  return mismatch;
}

// The reason an action's condition or update cancels the transaction, if any, and its result.
CancellationReason Evaluate(const WriteAction& w, ItemChange& change) {
  static const Item kEmpty;
  const Item& current = change.old ? *change.old : kEmpty;
  if (w.ex.condition) {
    auto passed =
        expr::EvaluateCondition(*w.ex.condition, current, w.ex.values, expr::ExpressionKind::kCondition);
    if (!passed.ok()) return {std::string(kReasonValidationError), passed.error().message, std::nullopt};
    if (!*passed) {
      CancellationReason reason{std::string(kReasonConditionalCheckFailed), "The conditional request failed",
                                std::nullopt};
      if (w.all_old_on_failure && change.old) reason.item = *change.old;
      return reason;
    }
  }
  if (w.action == Action::kPut) change.now = w.item;
  if (w.action == Action::kUpdate) {
    // As in UpdateItem: only removing from a missing item leaves it missing.
    const bool creates = change.old || !w.ex.update || expr::CreatesMissingItem(*w.ex.update);
    const Item empty;
    const Item& base = change.old ? *change.old : creates ? w.item : empty;
    if (w.ex.update) {
      auto updated = expr::ApplyUpdate(*w.ex.update, base, w.ex.values);
      if (!updated.ok()) return {std::string(kReasonValidationError), updated.error().message, std::nullopt};
      if (creates) change.now = std::move(updated->item);
    } else {
      change.now = base;
    }
    // The item's own limit holds for what the update wrote (exoego/dynamodb-conformance's nestingDepth:
    // a value of 32 maps around a leaf, accepted as a value, cancels as the item's).
    if (change.now && w.ex.update && NestingLevels(*change.now) > kMaxNestingDepth)
      return {std::string(kReasonValidationError), NestingLevelsExceeded().message, std::nullopt};
    if (change.now && ItemSize(*change.now) > kMaxItemBytes)
      return {std::string(kReasonValidationError),
              "Item size to update has exceeded the maximum allowed size", std::nullopt};
  }
  // An index key of the wrong type is the action's ValidationError; an empty one refuses the whole
  // request, as an empty table key does (nubo-db/dynamodb-conformance's transactWriteItems tests, run
  // against AWS).
  if (change.now && !w.table->indexes.empty()) {
    IndexKeyProblem problem = IndexKeyProblem::kNone;
    core::Status index_keys = ValidateIndexKeys(*w.table, *change.now, w.action == Action::kUpdate, &problem);
    if (problem == IndexKeyProblem::kEmpty) {
      change.refused = index_keys.error();
      return {};
    }
    if (!index_keys.ok())
      return {std::string(kReasonValidationError), index_keys.error().message, std::nullopt};
  }
  return {};
}

// Request identity for ClientRequestToken: the input without the token.
// JSON text of `v` with every object's members in name order: the same request in another member
// order is the same request (LocalStack's test_dynamodb_idempotent_writing, recorded against AWS).
void AppendCanonical(const json::value& v, std::string& out) {
  if (const json::object* o = v.if_object()) {
    std::vector<const json::key_value_pair*> members;
    members.reserve(o->size());
    for (const auto& member : *o) members.push_back(&member);
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out += '{';
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) out += ',';
      out += json::serialize(json::value(members[i]->key()));
      out += ':';
      AppendCanonical(members[i]->value(), out);
    }
    out += '}';
  } else if (const json::array* a = v.if_array()) {
    out += '[';
    for (size_t i = 0; i < a->size(); ++i) {
      if (i) out += ',';
      AppendCanonical((*a)[i], out);
    }
    out += ']';
  } else {
    out += json::serialize(v);
  }
}

std::string Fingerprint(const json::object& input) {
  json::object copy = input;
  copy.erase("ClientRequestToken");
  std::string out;
  AppendCanonical(copy, out);
  return out;
}

core::AwsError TransactionInProgressException() {
  return core::AwsError("TransactionInProgressException",
                        "The transaction with the given request token is already in progress.", 400);
}

// index_units: what each table's writes cost in its secondary indexes (index_capacity.h).
void AddCapacity(json::object& out, const json::object& input, const std::vector<std::string>& tables,
                 const std::map<std::string, double>& units, bool write,
                 const std::map<std::string, std::vector<IndexWriteUnits>>& index_units = {}) {
  json::array list;
  for (const auto& name : tables) {
    if (auto cc = ConsumedCapacity(input, name, units.at(name), write, /*split=*/true)) {
      if (auto it = index_units.find(name); it != index_units.end())
        AddIndexWrites(*cc, input, it->second, /*split=*/true);
      list.push_back(std::move(*cc));
    }
  }
  if (!list.empty()) out["ConsumedCapacity"] = std::move(list);
}

}  // namespace

core::Result<net::Output> Service::TransactWriteItems(const net::Call& call) {
  const json::array* items = TransactItems(call.input);
  TARN_TRY(CheckCount(items));
  std::vector<WriteAction> actions;
  std::vector<std::string> keys;
  std::set<std::string> seen;
  size_t total_bytes = 0;
  // Every action's own request, in order, before any table is looked up: its item's or key's values
  // and its expressions (paritysuite/dynamodb-conformance's validation-ordering transactions and
  // deepRequests, ten regions, October 2026). A value nested too deep is noticed after the action's
  // expressions.
  std::vector<const json::object*> specs;
  for (const auto& entry : *items) {
    TARN_ASSIGN_OR_RETURN(auto which, ActionOf(entry));
    const json::object& spec = *which.second;
    WriteAction w;
    w.action = which.first;
    const char* member = w.action == Action::kPut ? "Item" : "Key";
    if (w.action == Action::kPut) TARN_TRY(CheckAttributeNames(spec.if_contains(member)));
    auto item = ItemMember(spec, member);
    std::optional<core::AwsError> too_deep;
    if (!item.ok()) {
      if (item.error().message != NestingLevelsExceeded().message) return std::move(item).error();
      too_deep = std::move(item).error();
    }
    TARN_ASSIGN_OR_RETURN(w.ex, ParseRequestExpressions(spec));
    if (too_deep) return std::move(*too_deep);
    w.item = std::move(*item);
    specs.push_back(&spec);
    actions.push_back(std::move(w));
  }
  std::vector<WriteAction> judged = std::move(actions);
  actions.clear();
  for (size_t i = 0; i < judged.size(); ++i) {
    const json::object& spec = *specs[i];
    WriteAction w = std::move(judged[i]);
    TARN_ASSIGN_OR_RETURN(w.table, FindTable(call, GetString(spec, "TableName").value_or("")));
    ItemKeyProblem problem = ItemKeyProblem::kNone;
    core::Status fits = w.action == Action::kPut ? ValidateItemKey(w.table->key_schema, w.item, &problem)
                                                 : ValidateKey(w.table->key_schema, w.item);
    // A key value of the wrong type cancels the transaction with a ValidationError for its action,
    // the later actions unchecked (scylladb test_transact.py, run against DynamoDB, for a Put;
    // nubo-db/dynamodb-conformance for Update, Delete and ConditionCheck); a missing key attribute
    // stays a ValidationException of the whole request.
    if (problem == ItemKeyProblem::kTypeMismatch ||
        (w.action != Action::kPut && !fits.ok() && KeyTypeMismatch(w.table->key_schema, w.item))) {
      std::vector<CancellationReason> reasons(items->size());
      reasons[actions.size()] = {std::string(kReasonValidationError), fits.error().message, std::nullopt};
      return TransactionCanceled(reasons);
    }
    TARN_TRY(fits);
    if (w.action == Action::kPut) TARN_TRY(CheckItemSize(w.item));
    if (w.action == Action::kUpdate && w.ex.update)
      TARN_TRY(CheckKeyNotUpdated(*w.ex.update, w.table->key_schema));
    w.all_old_on_failure =
        GetString(spec, "ReturnValuesOnConditionCheckFailure").value_or("NONE") == "ALL_OLD";
    total_bytes += ItemSize(w.item);
    w.key = ItemKey(*w.table, w.item);
    if (!seen.insert(w.key).second) return DuplicateItem();
    keys.push_back(w.key);
    actions.push_back(std::move(w));
  }
  if (total_bytes > kMaxTransactBytes)
    return ValidationException("Transaction payload size cannot exceed 4 MB");

  const std::string scope = call.context.account_id + '/' + call.context.region;
  const std::optional<std::string> token = GetString(call.input, "ClientRequestToken");
  const std::string fingerprint = token ? Fingerprint(call.input) : std::string();

  // Claim, lock, read and evaluate every action; cancel with all reasons or write them all.
  auto apply = [&]() -> core::Result<net::Output> {
    std::vector<size_t> held = in_flight_->TryClaim(keys);
    if (!held.empty()) return Conflict(actions.size(), held);
    struct Release {
      InFlightItems& items;
      const std::vector<std::string>& keys;
      ~Release() { items.Release(keys); }
    } release{*in_flight_, keys};
    StripeLocks locks(item_locks_.data(), LockOrder(keys, kItemLockStripes));

    const bool capacity = GetString(call.input, "ReturnConsumedCapacity").value_or("NONE") != "NONE";
    std::vector<ItemChange> changes(actions.size());
    std::vector<CancellationReason> reasons(actions.size());
    for (size_t i = 0; i < actions.size(); ++i) {
      const WriteAction& w = actions[i];
      // A Put with no condition on a table without stream, indexes or point-in-time recovery, with no
      // capacity to report, is blind (as in PutItem): the item it replaces is never looked at.
      const bool blind = w.action == Action::kPut && !w.ex.condition && w.table->indexes.empty() &&
                         !(streams_ && w.table->stream_enabled) && !w.table->pitr_enabled && !capacity;
      if (!blind) {
        TARN_ASSIGN_OR_RETURN(changes[i].old, ReadItem(w.key));
      }
      reasons[i] = Evaluate(w, changes[i]);
      if (changes[i].refused) return std::move(*changes[i].refused);
    }
    if (Cancels(reasons)) return TransactionCanceled(reasons);

    storage::WriteBatch batch;
    std::vector<streams::PendingAppend> pending;
    std::vector<std::string> tables;  // in request order, each once (ConsumedCapacity)
    std::map<std::string, double> units;
    std::map<std::string, std::vector<IndexWriteUnits>> index_units;
    for (size_t i = 0; i < actions.size(); ++i) {
      const WriteAction& w = actions[i];
      const ItemChange& c = changes[i];
      size_t bytes = std::max(c.old ? ItemSize(*c.old) : 0, c.now ? ItemSize(*c.now) : 0);
      if (!units.count(w.table->name)) tables.push_back(w.table->name);
      units[w.table->name] += w.action == Action::kConditionCheck ? ReadCapacityUnits(bytes, true, true)
                                                                  : WriteCapacityUnits(bytes, true);
      if (w.action == Action::kConditionCheck || (!c.old && !c.now)) continue;  // nothing to write
      if (capacity && !w.table->indexes.empty())
        // Transactional writes cost twice a standard write, in the indexes too
        // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html).
        MergeIndexWrites(index_units[w.table->name], IndexWrites(*w.table, c.old, c.now ? &*c.now : nullptr),
                         2);
      TARN_ASSIGN_OR_RETURN(auto append,
                            StageItemWrite(*w.table, w.key, c.old, c.now ? &*c.now : nullptr, batch));
      pending.push_back(std::move(append));
    }
    net::Output out;
    AddCapacity(out.json, call.input, tables, units, true, index_units);
    // The token is remembered in the same batch: after a crash it is known exactly when the
    // transaction was applied.
    if (token) client_tokens_->StageComplete(scope, *token, fingerprint, out.json, clock_.Now(), batch);
    TARN_TRY(rocks_.Write(batch));
    for (auto& p : pending) p.Commit();
    return out;
  };

  if (token) {
    auto lookup = client_tokens_->Begin(scope, *token, fingerprint, clock_.Now());
    switch (lookup.state) {
      case ClientTokens::State::kReplay: {
        // A replay writes nothing: it reports the transactional reads of the items it names
        // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-apis-txwriteitems,
        // "Idempotency").
        net::Output replay;
        replay.json = std::move(lookup.output);
        replay.json.erase("ConsumedCapacity");
        std::vector<std::string> tables;
        std::map<std::string, double> units;
        for (const WriteAction& w : actions) {
          TARN_ASSIGN_OR_RETURN(auto now, ReadItem(w.key));
          if (!units.count(w.table->name)) tables.push_back(w.table->name);
          units[w.table->name] += ReadCapacityUnits(now ? ItemSize(*now) : 0, true, true);
        }
        AddCapacity(replay.json, call.input, tables, units, /*write=*/false);
        return replay;
      }
      case ClientTokens::State::kMismatch:
        return IdempotentParameterMismatchException(
            "Request parameters do not match those of the original request with the same ClientRequestToken");
      case ClientTokens::State::kInProgress:
        return TransactionInProgressException();
      case ClientTokens::State::kNew:
        break;
    }
  }
  auto result = apply();
  if (token) {
    if (result.ok()) {
      client_tokens_->Complete(scope, *token, result->json, clock_.Now());
    } else {
      client_tokens_->Abandon(scope, *token);
    }
  }
  return result;
}

core::Result<net::Output> Service::TransactGetItems(const net::Call& call) {
  const json::array* items = TransactItems(call.input);
  TARN_TRY(CheckCount(items));
  struct GetAction {
    std::shared_ptr<const TableInfo> table;
    RequestExpressions ex;
  };
  std::vector<GetAction> gets;
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const auto& entry : *items) {
    const auto* o = entry.if_object();
    const json::object* spec = o ? GetObject(*o, "Get") : nullptr;
    if (!spec) return ValidationException("TransactItems can only contain Get");
    GetAction g;
    TARN_ASSIGN_OR_RETURN(g.table, FindTable(call, GetString(*spec, "TableName").value_or("")));
    TARN_ASSIGN_OR_RETURN(Item key, ItemMember(*spec, "Key"));
    TARN_ASSIGN_OR_RETURN(g.ex, ParseRequestExpressions(*spec));
    // A key that does not fit cancels the transaction with a ValidationError for its action
    // (nubo-db/dynamodb-conformance's transactGetItems tests, run against AWS: an empty Key).
    if (core::Status fits = ValidateKey(g.table->key_schema, key); !fits.ok()) {
      std::vector<CancellationReason> reasons(items->size());
      reasons[gets.size()] = {std::string(kReasonValidationError), fits.error().message, std::nullopt};
      return TransactionCanceled(reasons);
    }
    std::string item_key = ItemKey(*g.table, key);
    if (!seen.insert(item_key).second) return DuplicateItem();
    keys.push_back(std::move(item_key));
    gets.push_back(std::move(g));
  }
  // A read conflicts with a write transaction in progress on one of its items (transaction-apis.html);
  // the stripes then give one consistent view of all items.
  if (auto held = in_flight_->Held(keys); !held.empty()) return Conflict(gets.size(), held);
  std::vector<std::optional<Item>> found(gets.size());
  {
    StripeLocks locks(item_locks_.data(), LockOrder(keys, kItemLockStripes));
    for (size_t i = 0; i < gets.size(); ++i) {
      TARN_ASSIGN_OR_RETURN(found[i], ReadItem(keys[i]));
    }
  }
  json::array responses;
  std::vector<std::string> tables;
  std::map<std::string, double> units;
  for (size_t i = 0; i < gets.size(); ++i) {
    const auto& g = gets[i];
    json::object response;
    if (found[i]) {
      // A projection that selects nothing of a present item leaves Item out, unlike GetItem's {}
      // (Ketlark/dynamodb-conformance's transactGet tests, run against AWS).
      Item item = g.ex.projection ? expr::Project(*found[i], *g.ex.projection) : *found[i];
      if (!item.empty()) response["Item"] = ItemToJson(item);
    }
    responses.push_back(std::move(response));
    if (!units.count(g.table->name)) tables.push_back(g.table->name);
    units[g.table->name] += ReadCapacityUnits(found[i] ? ItemSize(*found[i]) : 0, true, true);
  }
  net::Output out;
  out.json["Responses"] = std::move(responses);
  AddCapacity(out.json, call.input, tables, units, false);
  return out;
}

}  // namespace tarn::dynamodb
