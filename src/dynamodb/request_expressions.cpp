// Request glue: input accessors, expression parsing/resolution for one request, ConsumedCapacity.
#include "dynamodb/request_expressions.h"

#include <boost/json.hpp>
#include <set>
#include <string_view>
#include <vector>

#include "dynamodb/errors.h"
#include "dynamodb/expr/parser.h"
#include "dynamodb/expr/resolve.h"
#include "dynamodb/legacy_parameters.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr std::string_view kExpressionMembers[] = {"UpdateExpression", "ConditionExpression",
                                                   "KeyConditionExpression", "FilterExpression",
                                                   "ProjectionExpression"};
// The order DynamoDB lists the members in its "Can not use both ..." message (dynalite's tests and
// dual-target compat suites recorded it per operation; this one order agrees with all of them).
constexpr std::string_view kExpressionMessageOrder[] = {"UpdateExpression", "ConditionExpression",
                                                        "ProjectionExpression", "FilterExpression",
                                                        "KeyConditionExpression"};
constexpr std::string_view kLegacyMembers[] = {"AttributesToGet", "AttributeUpdates", "Expected",
                                               "QueryFilter",     "ScanFilter",       "ConditionalOperator",
                                               "KeyConditions"};

bool Present(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  return v && !v->is_null();
}

std::string JoinBraced(const std::vector<std::string_view>& names) {
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out + "}";
}

core::Status CheckLegacy(const json::object& input) {
  std::vector<std::string_view> legacy, modern;
  for (auto m : kExpressionMessageOrder)
    if (Present(input, m)) modern.push_back(m);
  if (modern.empty()) return core::Ok();
  // KeyConditions may accompany FilterExpression/ProjectionExpression; only KeyConditionExpression
  // excludes it (dynalite validateExpressionParams, recorded against DynamoDB).
  bool key_condition_expression = Present(input, "KeyConditionExpression");
  for (auto m : kLegacyMembers)
    if (Present(input, m) && (m != "KeyConditions" || key_condition_expression)) legacy.push_back(m);
  if (legacy.empty()) return core::Ok();
  return ValidationException(
      "Can not use both expression and non-expression parameters in the same request: Non-expression "
      "parameters: " +
      JoinBraced(legacy) + " Expression parameters: " + JoinBraced(modern));
}

core::Result<expr::NameMap> ParseNames(const json::object& input) {
  expr::NameMap names;
  const auto* obj = GetObject(input, "ExpressionAttributeNames");
  if (!obj) return names;
  for (const auto& [k, v] : *obj) {
    if (!v.is_string()) return SerializationException("Unexpected value type in ExpressionAttributeNames");
    names[std::string(k)] = std::string(v.get_string());
  }
  return names;
}

core::Status ParseCondition(const json::object& input, std::string_view member, expr::ExpressionKind kind,
                            expr::Resolver& resolver, std::optional<expr::Condition>& out) {
  auto text = GetString(input, member);
  if (!text) return core::Ok();
  TARN_ASSIGN_OR_RETURN(auto parsed, expr::ParseCondition(*text, kind, /*per_condition=*/true));
  TARN_TRY(resolver.Resolve(kind, parsed));
  out = std::move(parsed);
  return core::Ok();
}

// Legacy members never coexist with the expression of the same role (CheckLegacy), except
// KeyConditions with FilterExpression/ProjectionExpression, which fill different members.
// A value of ExpressionAttributeValues that is not a valid AttributeValue: DynamoDB prefixes the
// reason and names the placeholder ("... NaN for key :v", as seen in the wild; dynalite records
// "Supplied AttributeValue is empty, ... for key :b") except for an empty set, whose message moto's
// aws_verified test_update_item_add_empty_set records without the key.
core::AwsError InvalidExpressionValue(const json::value& values, core::AwsError error) {
  if (error.code != "ValidationException" || !values.is_object()) return error;
  for (const auto& member : values.get_object()) {
    json::object one;
    one[member.key()] = member.value();
    auto alone = ItemFromJson(one);
    if (alone.ok() || alone.error().message != error.message) continue;
    std::string message = "ExpressionAttributeValues contains invalid value: " + error.message;
    const bool empty_set = error.message.ends_with("set  may not be empty") ||
                           error.message.ends_with("sets should not be empty");
    if (!empty_set) message += " for key " + std::string(member.key());
    error.message = std::move(message);
    break;
  }
  return error;
}

void MergeLegacy(LegacyExpressions legacy, RequestExpressions& out) {
  if (legacy.condition) out.condition = std::move(legacy.condition);
  if (legacy.key_condition) out.key_condition = std::move(legacy.key_condition);
  out.key_condition_not_indexable = legacy.key_condition_not_indexable;
  if (legacy.filter) {
    out.filter = std::move(legacy.filter);
    out.legacy_filter = true;
  }
  if (legacy.update) {
    out.update = std::move(legacy.update);
    out.legacy_update = true;
  }
  out.values.merge(legacy.values);
}

}  // namespace

std::optional<std::string> GetString(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<int64_t> GetInt(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return std::nullopt;
}

std::optional<double> GetTimestamp(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

bool GetBool(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  return v && v->is_bool() && v->get_bool();
}

const json::object* GetObject(const json::object& input, std::string_view name) {
  const auto* v = input.if_contains(name);
  return v ? v->if_object() : nullptr;
}

core::Status CheckExpressionParameters(const json::object& input,
                                       std::initializer_list<std::string_view> value_expressions) {
  TARN_TRY(CheckLegacy(input));
  bool any_expression = false;
  for (auto m : kExpressionMembers) any_expression |= Present(input, m);
  if (!any_expression) {
    if (Present(input, "ExpressionAttributeNames"))
      return ValidationException("ExpressionAttributeNames can only be specified when using expressions");
    if (Present(input, "ExpressionAttributeValues")) {
      // DynamoDB names the operation's expressions that could have used them ("...: UpdateExpression
      // and ConditionExpression are null"; dynalite's suite).
      std::string message = "ExpressionAttributeValues can only be specified when using expressions";
      if (value_expressions.size() > 0) {
        message += ": ";
        size_t i = 0;
        for (std::string_view m : value_expressions) message.append(i++ ? " and " : "").append(m);
        message += value_expressions.size() > 1 ? " are null" : " is null";
      }
      return ValidationException(message);
    }
  }
  return core::Ok();
}

core::Status CheckAttributesToGet(const json::object& input) {
  if (const auto* legacy = input.if_contains("AttributesToGet"); legacy && legacy->is_array()) {
    std::set<std::string_view> seen;
    for (const auto& name : legacy->get_array()) {
      if (name.is_string() && !seen.insert(name.get_string()).second)
        return ValidationException(
            "One or more parameter values were invalid: Duplicate value in attribute name: " +
            std::string(name.get_string()));
    }
  }
  return core::Ok();
}

core::Result<RequestExpressions> ParseRequestExpressions(const json::object& input, bool parameters_checked,
                                                         ValueLayer layer) {
  if (!parameters_checked) TARN_TRY(CheckExpressionParameters(input));
  TARN_ASSIGN_OR_RETURN(LegacyExpressions translated, TranslateLegacyParameters(input, layer));
  RequestExpressions out;
  bool names_present = Present(input, "ExpressionAttributeNames");
  bool values_present = Present(input, "ExpressionAttributeValues");
  TARN_ASSIGN_OR_RETURN(expr::NameMap names, ParseNames(input));
  // The placeholders' spelling is judged before the values (dynalite's updateItem tests).
  expr::ValueKeys value_keys;
  if (const json::object* raw = values_present ? input.at("ExpressionAttributeValues").if_object() : nullptr)
    for (const auto& member : *raw) value_keys.insert(std::string(member.key()));
  TARN_TRY(expr::ValidatePlaceholderKeys(names, value_keys, names_present, values_present));
  if (values_present) {
    // The legacy layer lets a value reach one level deeper than an item may (exoego/
    // dynamodb-conformance's nestingDepth: TransactWriteItems, in every region, and UpdateItem in the
    // regions still on that layer accept 32 maps around a leaf; paritysuite's deepRequests: 40 are
    // refused). A value an update writes is held to the item's limit afterwards.
    const bool current = layer != ValueLayer::kLegacy;
    auto values = ItemFromJson(input.at("ExpressionAttributeValues"),
                               current ? ValueLayer::kCurrentExpressionValue : layer,
                               current ? kMaxNestingDepth : kMaxNestingDepth + 1);
    // The current layer reports a bad value as it is, without naming the placeholder.
    if (!values.ok() && current) return std::move(values).error();
    if (!values.ok()) return InvalidExpressionValue(input.at("ExpressionAttributeValues"), values.error());
    out.values = std::move(*values);
  }

  expr::Resolver resolver(names, value_keys, &out.values);
  if (auto text = GetString(input, "UpdateExpression")) {
    std::optional<core::AwsError> late;
    TARN_ASSIGN_OR_RETURN(auto update, expr::ParseUpdate(*text, &late));
    TARN_TRY(resolver.Resolve(update));
    if (late) return std::move(*late);
    out.update = std::move(update);
  }
  TARN_TRY(ParseCondition(input, "ConditionExpression", expr::ExpressionKind::kCondition, resolver,
                          out.condition));
  TARN_TRY(ParseCondition(input, "KeyConditionExpression", expr::ExpressionKind::kKeyCondition, resolver,
                          out.key_condition));
  TARN_TRY(ParseCondition(input, "FilterExpression", expr::ExpressionKind::kFilter, resolver, out.filter));
  if (auto text = GetString(input, "ProjectionExpression")) {
    TARN_ASSIGN_OR_RETURN(auto projection, expr::ParseProjection(*text));
    TARN_TRY(resolver.Resolve(projection));
    out.projection = std::move(projection);
  }
  TARN_TRY(resolver.CheckAllUsed());

  TARN_TRY(CheckAttributesToGet(input));
  if (const auto* legacy = input.if_contains("AttributesToGet"); legacy && legacy->is_array()) {
    expr::Projection projection;
    for (const auto& name : legacy->get_array()) {
      if (!name.is_string()) return SerializationException("Unexpected value type in AttributesToGet");
      expr::PathElement element;
      element.name = std::string(name.get_string());
      projection.paths.push_back(expr::Path{{element}});
    }
    out.projection = std::move(projection);
  }
  MergeLegacy(std::move(translated), out);
  return out;
}

std::optional<json::object> ConsumedCapacity(const json::object& input, std::string_view table, double units,
                                             bool is_write, bool split) {
  auto mode = GetString(input, "ReturnConsumedCapacity");
  if (!mode || *mode == "NONE") return std::nullopt;
  json::object out;
  out["TableName"] = table;
  out["CapacityUnits"] = units;
  if (split) out[is_write ? "WriteCapacityUnits" : "ReadCapacityUnits"] = units;
  if (*mode == "INDEXES") {
    json::object t;
    t["CapacityUnits"] = units;
    if (split) t[is_write ? "WriteCapacityUnits" : "ReadCapacityUnits"] = units;
    out["Table"] = std::move(t);
  }
  return out;
}

core::Status CheckKeyNotUpdated(const expr::UpdateExpression& update, const KeySchema& schema) {
  auto check = [&](const expr::Path& path) -> core::Status {
    const std::string& name = path.elements.front().name;
    if (schema.Has(name))
      return ValidationException("One or more parameter values were invalid: Cannot update attribute " +
                                 name + ". This attribute is part of the key");
    return core::Ok();
  };
  for (const auto& a : update.set) TARN_TRY(check(a.path));
  for (const auto& p : update.remove) TARN_TRY(check(p));
  for (const auto& a : update.add) TARN_TRY(check(a.path));
  for (const auto& a : update.del) TARN_TRY(check(a.path));
  return core::Ok();
}

namespace {

struct KeyPathCheck {
  const KeySchema& table_key;
  const std::vector<SecondaryIndex>& indexes;

  core::Status Path(const expr::Path& path) const {
    if (path.elements.size() < 2) return core::Ok();
    const std::string& name = path.elements.front().name;
    std::string_view kind;
    if (table_key.Has(name)) {
      kind = "Key";
    } else {
      for (const SecondaryIndex& index : indexes)
        if (index.key_schema.Has(name)) kind = "IndexKey";
    }
    if (kind.empty()) return core::Ok();
    return ValidationException(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " +
        std::string(kind) + ": " + name);
  }
  core::Status Operand(const expr::Operand& operand) const {
    if (operand.kind == expr::Operand::Kind::kPath) return Path(operand.path);
    for (const auto& arg : operand.args) TARN_TRY(Operand(arg));
    return core::Ok();
  }
  core::Status Condition(const expr::Condition& condition) const {
    for (const auto& operand : condition.operands) TARN_TRY(Operand(operand));
    for (const auto& child : condition.children) TARN_TRY(Condition(child));
    return core::Ok();
  }
};

}  // namespace

core::Status CheckScalarKeyPaths(const RequestExpressions& ex, const KeySchema& table_key,
                                 const std::vector<SecondaryIndex>& indexes) {
  const KeyPathCheck check{table_key, indexes};
  if (ex.update) {
    for (const auto& a : ex.update->set) {
      TARN_TRY(check.Path(a.path));
      TARN_TRY(check.Operand(a.value));
    }
    for (const auto& p : ex.update->remove) TARN_TRY(check.Path(p));
    for (const auto& a : ex.update->add) TARN_TRY(check.Path(a.path));
    for (const auto& a : ex.update->del) TARN_TRY(check.Path(a.path));
  }
  for (const auto* condition : {&ex.condition, &ex.key_condition, &ex.filter})
    if (*condition) TARN_TRY(check.Condition(**condition));
  if (ex.projection)
    for (const auto& p : ex.projection->paths) TARN_TRY(check.Path(p));
  return core::Ok();
}

}  // namespace tarn::dynamodb
