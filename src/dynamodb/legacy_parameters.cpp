// Legacy conditional parameters → expression AST (legacy_parameters.h).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Condition.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExpectedAttributeValue.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html
// Messages as recorded against DynamoDB by dynalite (mhart/dynalite, validations/index.js and its
// tests) and ScyllaDB's Alternator tests (test_expected.py, test_key_conditions.py).
#include "dynamodb/legacy_parameters.h"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "dynamodb/errors.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

enum class Op {
  kEq,
  kNe,
  kLe,
  kLt,
  kGe,
  kGt,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
  kIn,
  kBetween
};
// Which AttributeValue types an operator's arguments may have.
enum class ArgTypes { kAny, kScalar, kStringOrBinary };

struct OperatorInfo {
  std::string_view name;
  Op op;
  size_t min_args;
  size_t max_args;
  ArgTypes types;
  bool indexable;  // allowed in KeyConditions
};

// Argument counts and types from API_Condition.html. EQ/NE accept every type ("EQ is supported for
// all data types, including lists and maps"); the ordering and membership operators only S, N, B.
constexpr size_t kUnbounded = static_cast<size_t>(-1);
constexpr std::array<OperatorInfo, 13> kOperators = {{
    {"EQ", Op::kEq, 1, 1, ArgTypes::kAny, true},
    {"NE", Op::kNe, 1, 1, ArgTypes::kAny, false},
    {"LE", Op::kLe, 1, 1, ArgTypes::kScalar, true},
    {"LT", Op::kLt, 1, 1, ArgTypes::kScalar, true},
    {"GE", Op::kGe, 1, 1, ArgTypes::kScalar, true},
    {"GT", Op::kGt, 1, 1, ArgTypes::kScalar, true},
    {"NOT_NULL", Op::kNotNull, 0, 0, ArgTypes::kAny, false},
    {"NULL", Op::kNull, 0, 0, ArgTypes::kAny, false},
    {"CONTAINS", Op::kContains, 1, 1, ArgTypes::kScalar, false},
    {"NOT_CONTAINS", Op::kNotContains, 1, 1, ArgTypes::kScalar, false},
    {"BEGINS_WITH", Op::kBeginsWith, 1, 1, ArgTypes::kStringOrBinary, true},
    {"IN", Op::kIn, 1, kUnbounded, ArgTypes::kScalar, false},
    {"BETWEEN", Op::kBetween, 2, 2, ArgTypes::kScalar, true},
}};

// What the model validator answers for a value outside an enum (normally caught before the
// handler; kept so a direct caller never gets a crash or a vague message).
core::AwsError EnumViolation(std::string_view value, std::string_view path, std::string_view set) {
  return ValidationException(
      "1 validation error detected: Value '" + std::string(value) + "' at '" + std::string(path) +
      "' failed to satisfy constraint: Member must satisfy enum value set: [" + std::string(set) + "]");
}

bool Present(const json::object& obj, std::string_view name) {
  const auto* v = obj.if_contains(name);
  return v && !v->is_null();
}

// "Expected" -> "expected", as the model validator names members in its paths.
std::string LowerFirst(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

expr::Path NamePath(const std::string& name) {
  expr::PathElement element;
  element.name = name;
  return expr::Path{{element}};
}

expr::Operand PathOperand(const std::string& name) {
  expr::Operand o;
  o.kind = expr::Operand::Kind::kPath;
  o.path = NamePath(name);
  return o;
}

expr::Operand ValueOperand(const std::string& placeholder) {
  expr::Operand o;
  o.kind = expr::Operand::Kind::kValue;
  o.value = placeholder;
  return o;
}

expr::Condition Function(std::string name, std::vector<expr::Operand> operands) {
  expr::Condition c;
  c.kind = expr::Condition::Kind::kFunction;
  c.function = std::move(name);
  c.operands = std::move(operands);
  return c;
}

expr::Condition Junction(expr::Condition::Kind kind, expr::Condition lhs, expr::Condition rhs) {
  expr::Condition c;
  c.kind = kind;
  c.children.push_back(std::move(lhs));
  c.children.push_back(std::move(rhs));
  return c;
}

expr::Condition Comparison(expr::Comparator op, expr::Operand lhs, expr::Operand rhs) {
  expr::Condition c;
  c.kind = expr::Condition::Kind::kCompare;
  c.op = op;
  c.operands = {std::move(lhs), std::move(rhs)};
  return c;
}

// Owns the synthesized placeholders of one request.
class Translator {
 public:
  Translator(expr::ValueMap& values, ValueLayer layer) : layer(layer), values_(values) {}

  const ValueLayer layer;  // the operation's, for its values' wording (number.h)

  // A KeyConditions entry used an operator that is not indexable.
  bool not_indexable = false;

  std::string AddValue(AttributeValue value) {
    std::string key = std::string(kLegacyValuePrefix) + std::to_string(values_.size());
    values_.emplace(key, std::move(value));
    return key;
  }

  // One attribute's condition: `name` <op> args.
  expr::Condition Build(const OperatorInfo& info, const std::string& name, std::vector<AttributeValue> args) {
    std::vector<expr::Operand> values;
    for (auto& a : args) values.push_back(ValueOperand(AddValue(std::move(a))));
    auto compare = [&](expr::Comparator op) { return Comparison(op, PathOperand(name), values[0]); };
    switch (info.op) {
      case Op::kEq:
        return compare(expr::Comparator::kEq);
      case Op::kNe:  // a missing attribute is "not equal", as with <> (Alternator test_expected.py)
        return compare(expr::Comparator::kNe);
      case Op::kLe:
        return compare(expr::Comparator::kLe);
      case Op::kLt:
        return compare(expr::Comparator::kLt);
      case Op::kGe:
        return compare(expr::Comparator::kGe);
      case Op::kGt:
        return compare(expr::Comparator::kGt);
      case Op::kNotNull:  // despite the name, existence, not the NULL type
        return Function("attribute_exists", {PathOperand(name)});
      case Op::kNull:
        return Function("attribute_not_exists", {PathOperand(name)});
      case Op::kContains:
        return Function("contains", {PathOperand(name), values[0]});
      case Op::kNotContains: {
        // Unlike NOT contains(), false when the attribute is missing (Alternator test_expected.py,
        // test_update_expected_1_not_contains).
        expr::Condition negated;
        negated.kind = expr::Condition::Kind::kNot;
        negated.children.push_back(Function("contains", {PathOperand(name), values[0]}));
        return Junction(expr::Condition::Kind::kAnd, Function("attribute_exists", {PathOperand(name)}),
                        std::move(negated));
      }
      case Op::kBeginsWith:
        return Function("begins_with", {PathOperand(name), values[0]});
      case Op::kIn: {
        expr::Condition c;
        c.kind = expr::Condition::Kind::kIn;
        c.operands.push_back(PathOperand(name));
        for (auto& v : values) c.operands.push_back(std::move(v));
        return c;
      }
      case Op::kBetween: {
        expr::Condition c;
        c.kind = expr::Condition::Kind::kBetween;
        c.operands = {PathOperand(name), values[0], values[1]};
        return c;
      }
    }
    return Function("attribute_exists", {PathOperand(name)});  // unreachable: every Op is handled
  }

 private:
  expr::ValueMap& values_;
};

core::Result<const OperatorInfo*> FindOperator(const json::value& op, const std::string& path) {
  if (op.is_string()) {
    for (const auto& info : kOperators)
      if (info.name == std::string_view(op.get_string())) return &info;
  }
  std::string text = op.is_string() ? std::string(op.get_string()) : json::serialize(op);
  return EnumViolation(
      text, path, "IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS");
}

core::Result<std::vector<AttributeValue>> ParseValues(const json::value* list, ValueLayer layer) {
  std::vector<AttributeValue> out;
  if (!list || list->is_null()) return out;
  if (!list->is_array()) return SerializationException("Expected list or null");
  for (const auto& v : list->get_array()) {
    TARN_ASSIGN_OR_RETURN(auto value, AttributeValue::FromJson(v, layer));
    out.push_back(std::move(value));
  }
  return out;
}

bool TypeAllowed(ArgTypes types, AttributeType t) {
  switch (types) {
    case ArgTypes::kAny:
      return true;
    case ArgTypes::kScalar:
      return t == AttributeType::kS || t == AttributeType::kN || t == AttributeType::kB;
    case ArgTypes::kStringOrBinary:
      return t == AttributeType::kS || t == AttributeType::kB;
  }
  return false;
}

// Count, then same type, then allowed types, then BETWEEN order (dynalite validateConditions).
core::Status CheckArguments(const OperatorInfo& info, const std::vector<AttributeValue>& args) {
  if (args.size() < info.min_args || args.size() > info.max_args)
    return ValidationException(std::string(kInvalid) + "Invalid number of argument(s) for the " +
                               std::string(info.name) + " ComparisonOperator");
  for (const auto& a : args)
    if (a.type() != args[0].type())
      return ValidationException(std::string(kInvalid) +
                                 "AttributeValues inside AttributeValueList must be of same type");
  for (const auto& a : args)
    if (!TypeAllowed(info.types, a.type()))
      return ValidationException(std::string(kInvalid) + "ComparisonOperator " + std::string(info.name) +
                                 " is not valid for " + std::string(AttributeTypeName(a.type())) +
                                 " AttributeValue type");
  if (info.op == Op::kBetween) {
    auto order = Compare(args[0], args[1]);
    if (order && *order > 0)
      return ValidationException(
          "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
  return core::Ok();
}

const json::object* EntryObject(const json::value& entry) { return entry.if_object(); }

// One Expected entry: {Value, Exists} or {ComparisonOperator, AttributeValueList | Value}.
core::Result<expr::Condition> ExpectedEntry(Translator& t, const std::string& name, const json::object& e) {
  const std::string for_attribute = " for Attribute: " + name;
  bool has_list = Present(e, "AttributeValueList"), has_value = Present(e, "Value");
  if (has_list && has_value)
    return ValidationException(std::string(kInvalid) +
                               "Value and AttributeValueList cannot be used together" + for_attribute);
  if (Present(e, "ComparisonOperator")) {
    if (Present(e, "Exists"))
      return ValidationException(std::string(kInvalid) +
                                 "Exists and ComparisonOperator cannot be used together" + for_attribute);
    TARN_ASSIGN_OR_RETURN(
        const OperatorInfo* info,
        FindOperator(e.at("ComparisonOperator"), "expected." + name + ".member.comparisonOperator"));
    if (info->max_args > 0 && !has_list && !has_value)
      return ValidationException(std::string(kInvalid) +
                                 "Value or AttributeValueList must be used with ComparisonOperator: " +
                                 std::string(info->name) + for_attribute);
    std::vector<AttributeValue> args;
    if (has_list) {
      TARN_ASSIGN_OR_RETURN(args, ParseValues(e.if_contains("AttributeValueList"), t.layer));
    } else if (has_value) {
      TARN_ASSIGN_OR_RETURN(auto value, AttributeValue::FromJson(e.at("Value"), t.layer));
      args.push_back(std::move(value));
    }
    TARN_TRY(CheckArguments(*info, args));
    return t.Build(*info, name, std::move(args));
  }
  if (has_list)
    return ValidationException(std::string(kInvalid) +
                               "AttributeValueList can only be used with a ComparisonOperator" +
                               for_attribute);
  // Exists defaults to true; Exists: true is only a no-op companion of Value (it cannot test for
  // "any value": that is NOT_NULL).
  const json::value* exists = e.if_contains("Exists");
  bool exists_given = exists && !exists->is_null();
  bool must_exist = !exists_given || !exists->is_bool() || exists->get_bool();
  if (must_exist && !has_value)
    return ValidationException(std::string(kInvalid) + "Value must be provided when Exists is " +
                               (exists_given ? "true" : "null") + for_attribute);
  if (!must_exist && has_value)
    return ValidationException(std::string(kInvalid) + "Value cannot be used when Exists is false" +
                               for_attribute);
  if (!must_exist) return Function("attribute_not_exists", {PathOperand(name)});
  TARN_ASSIGN_OR_RETURN(auto value, AttributeValue::FromJson(e.at("Value"), t.layer));
  return Comparison(expr::Comparator::kEq, PathOperand(name), ValueOperand(t.AddValue(std::move(value))));
}

// One KeyConditions / QueryFilter / ScanFilter entry: {ComparisonOperator, AttributeValueList}.
core::Result<expr::Condition> ConditionEntry(Translator& t, std::string_view member, const std::string& name,
                                             const json::object& e) {
  std::string path = LowerFirst(member) + "." + name + ".member.comparisonOperator";
  if (!Present(e, "ComparisonOperator"))
    return ValidationException("1 validation error detected: Value null at '" + path +
                               "' failed to satisfy constraint: Member must not be null");
  TARN_ASSIGN_OR_RETURN(const OperatorInfo* info, FindOperator(e.at("ComparisonOperator"), path));
  TARN_ASSIGN_OR_RETURN(auto args, ParseValues(e.if_contains("AttributeValueList"), t.layer));
  TARN_TRY(CheckArguments(*info, args));
  if (member == "KeyConditions" && !info->indexable) t.not_indexable = true;
  return t.Build(*info, name, std::move(args));
}

// The conditions of one member joined by AND/OR in member order; nullopt for an absent or empty map.
core::Result<std::optional<expr::Condition>> TranslateConditions(Translator& t, const json::object& input,
                                                                 std::string_view member, bool use_or) {
  const auto* value = input.if_contains(member);
  if (!value || value->is_null()) return std::optional<expr::Condition>();
  const auto* obj = value->if_object();
  if (!obj) return SerializationException("Expected map or null");
  std::optional<expr::Condition> out;
  for (const auto& [key, entry] : *obj) {
    const json::object* e = EntryObject(entry);
    if (!e) return SerializationException("Expected null");
    std::string name(key);
    expr::Condition c;
    if (member == "Expected") {
      TARN_ASSIGN_OR_RETURN(c, ExpectedEntry(t, name, *e));
    } else {
      TARN_ASSIGN_OR_RETURN(c, ConditionEntry(t, member, name, *e));
    }
    out = out ? Junction(use_or ? expr::Condition::Kind::kOr : expr::Condition::Kind::kAnd, std::move(*out),
                         std::move(c))
              : std::move(c);
  }
  return out;
}

size_t EntryCount(const json::object& input, std::string_view member) {
  const auto* v = input.if_contains(member);
  return v && v->is_object() ? v->get_object().size() : 0;
}

// ConditionalOperator needs a filter or Expected with at least two entries (an empty map counts as
// none). Returns whether it is OR.
core::Result<bool> CheckConditionalOperator(const json::object& input) {
  const auto* op = input.if_contains("ConditionalOperator");
  if (!op || op->is_null()) return false;
  if (!op->is_string() || (op->get_string() != "AND" && op->get_string() != "OR"))
    return EnumViolation(op->is_string() ? std::string(op->get_string()) : json::serialize(*op),
                         "conditionalOperator", "OR, AND");
  size_t most = 0;
  for (auto member : {"Expected", "QueryFilter", "ScanFilter"})
    most = std::max(most, EntryCount(input, member));
  if (most == 0) return ValidationException("ConditionalOperator cannot be used without Filter or Expected");
  if (most == 1)
    return ValidationException(
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  return op->get_string() == "OR";
}

// One AttributeUpdates entry appended to update. Action defaults to PUT.
core::Status UpdateEntry(Translator& t, const std::string& name, const json::object& e,
                         expr::UpdateExpression& update) {
  std::string action = "PUT";
  if (const auto* a = e.if_contains("Action"); a && !a->is_null()) {
    if (!a->is_string() ||
        (a->get_string() != "PUT" && a->get_string() != "ADD" && a->get_string() != "DELETE"))
      return EnumViolation(a->is_string() ? std::string(a->get_string()) : json::serialize(*a),
                           "attributeUpdates." + name + ".member.action", "ADD, PUT, DELETE");
    action = std::string(a->get_string());
  }
  if (!Present(e, "Value")) {
    if (action != "DELETE")
      return ValidationException(std::string(kInvalid) +
                                 "Only DELETE action is allowed when no attribute value is specified");
    update.remove.push_back(NamePath(name));
    return core::Ok();
  }
  TARN_ASSIGN_OR_RETURN(auto value, AttributeValue::FromJson(e.at("Value"), t.layer));
  AttributeType type = value.type();
  bool is_set = type == AttributeType::kSS || type == AttributeType::kNS || type == AttributeType::kBS;
  std::string type_name(AttributeTypeName(type));
  if (action == "PUT") {
    update.set.push_back({NamePath(name), ValueOperand(t.AddValue(std::move(value)))});
  } else if (action == "DELETE") {
    if (!is_set)
      return ValidationException(std::string(kInvalid) +
                                 "DELETE action with value is not supported for the type " + type_name);
    update.del.push_back({NamePath(name), t.AddValue(std::move(value))});
  } else if (type == AttributeType::kL) {
    // Legacy ADD appends a list (creating the attribute), which UpdateExpression's ADD cannot:
    // SET name = list_append(if_not_exists(name, []), value).
    expr::Operand existing;
    existing.kind = expr::Operand::Kind::kFunction;
    existing.function = "if_not_exists";
    existing.args = {PathOperand(name), ValueOperand(t.AddValue(AttributeValue::L({})))};
    expr::Operand append;
    append.kind = expr::Operand::Kind::kFunction;
    append.function = "list_append";
    append.args = {std::move(existing), ValueOperand(t.AddValue(std::move(value)))};
    update.set.push_back({NamePath(name), std::move(append)});
  } else {
    if (!is_set && type != AttributeType::kN)
      return ValidationException(std::string(kInvalid) + "ADD action is not supported for the type " +
                                 type_name);
    update.add.push_back({NamePath(name), t.AddValue(std::move(value))});
  }
  return core::Ok();
}

core::Result<std::optional<expr::UpdateExpression>> TranslateUpdates(Translator& t,
                                                                     const json::object& input) {
  const auto* value = input.if_contains("AttributeUpdates");
  if (!value || value->is_null()) return std::optional<expr::UpdateExpression>();
  const auto* obj = value->if_object();
  if (!obj) return SerializationException("Expected map or null");
  expr::UpdateExpression update;
  for (const auto& [key, entry] : *obj) {
    if (entry.is_null()) continue;  // a null entry is skipped, as DynamoDB's deserializer does
    const json::object* e = EntryObject(entry);
    if (!e) return SerializationException("Expected null");
    TARN_TRY(UpdateEntry(t, std::string(key), *e, update));
  }
  if (update.set.empty() && update.remove.empty() && update.add.empty() && update.del.empty())
    return std::optional<expr::UpdateExpression>();
  return std::optional<expr::UpdateExpression>(std::move(update));
}

}  // namespace

core::Status CheckFilter(const json::object& input, std::string_view member, ValueLayer layer) {
  expr::ValueMap values;
  Translator t(values, layer);
  auto translated = TranslateConditions(t, input, member, /*use_or=*/false);
  if (!translated.ok()) return std::move(translated).error();
  return core::Ok();
}

core::Result<LegacyExpressions> TranslateLegacyParameters(const json::object& input, ValueLayer layer) {
  LegacyExpressions out;
  TARN_ASSIGN_OR_RETURN(bool use_or, CheckConditionalOperator(input));
  Translator t(out.values, layer);
  TARN_ASSIGN_OR_RETURN(out.update, TranslateUpdates(t, input));
  TARN_ASSIGN_OR_RETURN(out.condition, TranslateConditions(t, input, "Expected", use_or));
  TARN_ASSIGN_OR_RETURN(out.key_condition, TranslateConditions(t, input, "KeyConditions", false));
  out.key_condition_not_indexable = t.not_indexable;
  TARN_ASSIGN_OR_RETURN(auto query_filter, TranslateConditions(t, input, "QueryFilter", use_or));
  TARN_ASSIGN_OR_RETURN(auto scan_filter, TranslateConditions(t, input, "ScanFilter", use_or));
  out.filter = query_filter ? std::move(query_filter) : std::move(scan_filter);
  return out;
}

}  // namespace tarn::dynamodb
