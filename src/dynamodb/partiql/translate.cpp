#include "dynamodb/partiql/translate.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "dynamodb/errors.h"

namespace tarn::dynamodb::partiql {
namespace {

namespace json = boost::json;

core::AwsError MissingKeyEquality() {
  return ValidationException("Where clause does not contain a mandatory equality on all key attributes");
}

// Binds `?` and builds sets, lists and maps from literals.
class Binder {
 public:
  explicit Binder(const std::vector<AttributeValue>& parameters) : parameters_(parameters) {}

  core::Result<AttributeValue> Bind(const Literal& l) const {
    switch (l.kind) {
      case Literal::Kind::kScalar:
        return l.scalar;
      case Literal::Kind::kParameter:
        return parameters_.at(l.parameter);  // the count was checked up front
      case Literal::Kind::kList: {
        AttributeList list;
        for (const Literal& e : l.elements) {
          TARN_ASSIGN_OR_RETURN(auto v, Bind(e));
          list.push_back(std::move(v));
        }
        return AttributeValue::L(std::move(list));
      }
      case Literal::Kind::kMap: {
        AttributeMap map;
        for (const auto& [name, value] : l.members) {
          TARN_ASSIGN_OR_RETURN(auto v, Bind(value));
          if (!map.emplace(name, std::move(v)).second)
            return ValidationException("Duplicate attribute name in tuple: " + name);
        }
        return AttributeValue::M(std::move(map));
      }
      case Literal::Kind::kBag:
        return BindBag(l);
    }
    return ValidationException("Unsupported literal");
  }

 private:
  // A bag is a set: all members strings (SS), numbers (NS) or binaries (BS), and not empty.
  core::Result<AttributeValue> BindBag(const Literal& l) const {
    std::vector<AttributeValue> members;
    for (const Literal& e : l.elements) {
      TARN_ASSIGN_OR_RETURN(auto v, Bind(e));
      members.push_back(std::move(v));
    }
    // paritysuite's partiqlFunctions (four regions, October 2026).
    if (members.empty()) return ValidationException("Empty bags are not supported");
    AttributeType type = members.front().type();
    for (const auto& m : members)
      if (m.type() != type ||
          (type != AttributeType::kS && type != AttributeType::kN && type != AttributeType::kB))
        return ValidationException("A set (bag) must hold only strings, only numbers or only binaries");
    // A repeated member is refused in the words of an item's set (the legacy value layer):
    // "Input collection [x, x] contains duplicates." (paritysuite's partiqlFunctions).
    json::array wire;
    for (const auto& m : members) wire.push_back(m.ToJson().get_object().begin()->value());
    json::object as_set;
    as_set[type == AttributeType::kS ? "SS" : type == AttributeType::kN ? "NS" : "BS"] = std::move(wire);
    TARN_TRY(AttributeValue::FromJson(as_set));
    if (type == AttributeType::kS) {
      std::vector<std::string> s;
      for (auto& m : members) s.push_back(m.s());
      return AttributeValue::SS(std::move(s));
    }
    if (type == AttributeType::kN) {
      std::vector<Number> n;
      for (auto& m : members) n.push_back(m.n());
      return AttributeValue::NS(std::move(n));
    }
    std::vector<std::string> b;
    for (auto& m : members) b.push_back(m.b());
    return AttributeValue::BS(std::move(b));
  }

  const std::vector<AttributeValue>& parameters_;
};

// Renders PartiQL conditions and operands as DynamoDB expression text with #n/:v placeholders.
// Child conditions get exactly one pair of parentheses (the expression parser rejects two).
class ExpressionWriter {
 public:
  explicit ExpressionWriter(const Binder& binder) : binder_(binder) {}

  std::string Name(const std::string& name) {
    auto [it, inserted] = names_.emplace(name, "#n" + std::to_string(names_.size()));
    return it->second;
  }
  std::string Value(AttributeValue v) {
    std::string placeholder = ":v" + std::to_string(values_.size());
    values_[placeholder] = v.ToJson();
    return placeholder;
  }
  std::string Path(const expr::Path& path) {
    std::string out;
    for (const auto& e : path.elements) {
      if (e.kind == expr::PathElement::Kind::kIndex) {
        out += "[" + std::to_string(e.index) + "]";
      } else {
        if (!out.empty()) out += ".";
        out += Name(e.name);
      }
    }
    return out;
  }

  core::Result<std::string> RenderOperand(const partiql::Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath:
        return Path(o.path);
      case Operand::Kind::kLiteral: {
        TARN_ASSIGN_OR_RETURN(auto v, binder_.Bind(o.literal));
        return Value(std::move(v));
      }
      case Operand::Kind::kPlus:
      case Operand::Kind::kMinus: {
        TARN_ASSIGN_OR_RETURN(auto lhs, RenderOperand(o.args[0]));
        TARN_ASSIGN_OR_RETURN(auto rhs, RenderOperand(o.args[1]));
        return lhs + (o.kind == Operand::Kind::kPlus ? " + " : " - ") + rhs;
      }
      case Operand::Kind::kFunction: {
        // Only the value of a SET (paritysuite's partiqlFunctions: in a WHERE, DynamoDB knows no such
        // function).
        if (o.function == "set_add" || o.function == "set_delete")
          return ValidationException("Unrecognized function: " + o.function + " at " + o.at);
        std::string out = o.function + "(";
        for (size_t i = 0; i < o.args.size(); ++i) {
          TARN_ASSIGN_OR_RETURN(auto a, RenderOperand(o.args[i]));
          out += (i ? ", " : "") + a;
        }
        return out + ")";
      }
    }
    return ValidationException("Unsupported operand");
  }

  core::Result<std::string> RenderCondition(const partiql::Condition& c) {
    switch (c.kind) {
      case Condition::Kind::kCompare: {
        TARN_ASSIGN_OR_RETURN(auto lhs, RenderOperand(c.operands[0]));
        TARN_ASSIGN_OR_RETURN(auto rhs, RenderOperand(c.operands[1]));
        return lhs + " " + std::string(expr::ComparatorText(c.op)) + " " + rhs;
      }
      case Condition::Kind::kBetween: {
        TARN_ASSIGN_OR_RETURN(auto x, RenderOperand(c.operands[0]));
        TARN_ASSIGN_OR_RETURN(auto low, RenderOperand(c.operands[1]));
        TARN_ASSIGN_OR_RETURN(auto high, RenderOperand(c.operands[2]));
        return x + " BETWEEN " + low + " AND " + high;
      }
      case Condition::Kind::kIn: {
        TARN_ASSIGN_OR_RETURN(auto x, RenderOperand(c.operands[0]));
        std::string out = x + " IN (";
        for (size_t i = 1; i < c.operands.size(); ++i) {
          TARN_ASSIGN_OR_RETURN(auto a, RenderOperand(c.operands[i]));
          out += (i > 1 ? ", " : "") + a;
        }
        return out + ")";
      }
      case Condition::Kind::kFunction: {
        std::string out = c.function + "(";
        for (size_t i = 0; i < c.operands.size(); ++i) {
          TARN_ASSIGN_OR_RETURN(auto a, RenderOperand(c.operands[i]));
          out += (i ? ", " : "") + a;
        }
        return out + ")";
      }
      case Condition::Kind::kMissing: {
        if (c.operands[0].kind != Operand::Kind::kPath)
          return ValidationException("IS MISSING requires a document path");
        return "attribute_not_exists(" + Path(c.operands[0].path) + ")";
      }
      case Condition::Kind::kAnd:
      case Condition::Kind::kOr: {
        TARN_ASSIGN_OR_RETURN(auto lhs, RenderCondition(c.children[0]));
        TARN_ASSIGN_OR_RETURN(auto rhs, RenderCondition(c.children[1]));
        return "(" + lhs + (c.kind == Condition::Kind::kAnd ? ") AND (" : ") OR (") + rhs + ")";
      }
      case Condition::Kind::kNot: {
        TARN_ASSIGN_OR_RETURN(auto inner, RenderCondition(c.children[0]));
        return "NOT (" + inner + ")";
      }
    }
    return ValidationException("Unsupported condition");
  }

  // A conjunction of already-rendered parts ("" parts are skipped).
  static std::string And(const std::vector<std::string>& parts) {
    std::vector<std::string> present;
    for (const auto& p : parts)
      if (!p.empty()) present.push_back(p);
    if (present.size() == 1) return present.front();
    std::string out;
    for (size_t i = 0; i < present.size(); ++i) out += (i ? " AND (" : "(") + present[i] + ")";
    return out;
  }

  // Adds ExpressionAttributeNames/Values (when any) to a request.
  void AddTo(json::object& request) const {
    if (!names_.empty()) {
      json::object names;
      for (const auto& [name, placeholder] : names_) names[placeholder] = name;
      request["ExpressionAttributeNames"] = std::move(names);
    }
    if (!values_.empty()) request["ExpressionAttributeValues"] = values_;
  }

 private:
  const Binder& binder_;
  std::map<std::string, std::string> names_;  // attribute name -> #n
  json::object values_;
};

// The top-level AND terms of a WHERE clause, in order.
void Conjuncts(const Condition& c, std::vector<const Condition*>& out) {
  if (c.kind == Condition::Kind::kAnd) {
    Conjuncts(c.children[0], out);
    Conjuncts(c.children[1], out);
  } else {
    out.push_back(&c);
  }
}

bool IsTopName(const Operand& o, const std::string& name) {
  return o.kind == Operand::Kind::kPath && o.path.elements.size() == 1 &&
         o.path.elements[0].kind == expr::PathElement::Kind::kName && o.path.elements[0].name == name;
}

// `name = literal` or `literal = name`: the literal, else nullptr.
const Literal* EqualityOn(const Condition& c, const std::string& name) {
  if (c.kind != Condition::Kind::kCompare || c.op != expr::Comparator::kEq) return nullptr;
  if (IsTopName(c.operands[0], name) && c.operands[1].kind == Operand::Kind::kLiteral)
    return &c.operands[1].literal;
  if (IsTopName(c.operands[1], name) && c.operands[0].kind == Operand::Kind::kLiteral)
    return &c.operands[0].literal;
  return nullptr;
}

void CollectRoots(const Operand& o, std::set<std::string>& out) {
  if (o.kind == Operand::Kind::kPath && !o.path.elements.empty()) out.insert(o.path.elements[0].name);
  for (const Operand& arg : o.args) CollectRoots(arg, out);
}

void CollectRoots(const Condition& c, std::set<std::string>& out) {
  for (const Operand& o : c.operands) CollectRoots(o, out);
  for (const Condition& child : c.children) CollectRoots(child, out);
}

// A sort-key condition Query can use: key op literal (not <>), BETWEEN literals, begins_with.
bool IsSortKeyTerm(const Condition& c, const std::string& name) {
  auto literal = [](const Operand& o) { return o.kind == Operand::Kind::kLiteral; };
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return c.op != expr::Comparator::kNe && ((IsTopName(c.operands[0], name) && literal(c.operands[1])) ||
                                               (IsTopName(c.operands[1], name) && literal(c.operands[0])));
    case Condition::Kind::kBetween:
      return IsTopName(c.operands[0], name) && literal(c.operands[1]) && literal(c.operands[2]);
    case Condition::Kind::kFunction:
      return c.function == "begins_with" && IsTopName(c.operands[0], name) && literal(c.operands[1]);
    default:
      return false;
  }
}

// The WHERE clause split into the key's equalities and the remaining conjuncts.
struct KeySplit {
  const Literal* hash = nullptr;
  const Literal* range = nullptr;
  const Condition* range_term = nullptr;  // a Query-able sort-key condition (not an equality)
  std::vector<const Condition*> rest;
};

KeySplit SplitWhere(const std::optional<Condition>& where, const KeySchema& keys) {
  KeySplit split;
  if (!where) return split;
  std::vector<const Condition*> terms;
  Conjuncts(*where, terms);
  // An index with a multi-attribute key is read by a Scan of the index with the whole WHERE as its
  // filter: a statement need not name every key attribute the way a Query must.
  if (keys.multi_attribute()) {
    split.rest = std::move(terms);
    return split;
  }
  for (const Condition* t : terms) {
    if (!split.hash && (split.hash = EqualityOn(*t, keys.hash.name))) continue;
    if (keys.range) {
      if (!split.range && !split.range_term && (split.range = EqualityOn(*t, keys.range->name))) continue;
      if (!split.range && !split.range_term && IsSortKeyTerm(*t, keys.range->name)) {
        split.range_term = t;
        continue;
      }
    }
    split.rest.push_back(t);
  }
  return split;
}

core::Result<std::string> RenderAll(ExpressionWriter& w, const std::vector<const Condition*>& terms) {
  std::vector<std::string> parts;
  for (const Condition* t : terms) {
    TARN_ASSIGN_OR_RETURN(auto p, w.RenderCondition(*t));
    parts.push_back(std::move(p));
  }
  return ExpressionWriter::And(parts);
}

// The key of a statement whose WHERE must fix it (UPDATE, DELETE, EXISTS, batch/transaction SELECT).
core::Result<json::object> FullKey(const KeySplit& split, const KeySchema& keys, const Binder& binder) {
  if (!split.hash || (keys.range && !split.range)) return MissingKeyEquality();
  json::object key;
  TARN_ASSIGN_OR_RETURN(auto h, binder.Bind(*split.hash));
  key[keys.hash.name] = h.ToJson();
  if (keys.range) {
    TARN_ASSIGN_OR_RETURN(auto r, binder.Bind(*split.range));
    key[keys.range->name] = r.ToJson();
  }
  return key;
}

// A range_term that could not serve as a key condition is an ordinary condition.
std::vector<const Condition*> RestWithRangeTerm(const KeySplit& split) {
  std::vector<const Condition*> rest = split.rest;
  if (split.range_term) rest.insert(rest.begin(), split.range_term);
  return rest;
}

core::Status AddProjection(const Statement& s, ExpressionWriter& w, json::object& request) {
  if (s.projection.empty()) return core::Ok();
  std::string text;
  for (size_t i = 0; i < s.projection.size(); ++i) text += (i ? ", " : "") + w.Path(s.projection[i]);
  request["ProjectionExpression"] = text;
  return core::Ok();
}

core::Result<Translation> TranslateSelect(const Statement& s, const Binder& binder, const KeySchema& keys) {
  Translation t;
  t.request["TableName"] = s.table;
  ExpressionWriter w(binder);
  // For "table"."index", keys are the index's: equality on its partition key makes a Query of it.
  KeySplit split = SplitWhere(s.where, keys);
  if (s.index) t.request["IndexName"] = *s.index;
  bool ordered = s.order_by.has_value();
  if (ordered) {
    if (!s.where)
      return ValidationException("Must have WHERE clause in the statement when using ORDER BY clause.");
    const expr::Path& by = *s.order_by;
    bool on_sort_key = keys.range && by.elements.size() == 1 &&
                       by.elements[0].kind == expr::PathElement::Kind::kName &&
                       by.elements[0].name == keys.range->name;
    if (!on_sort_key) return ValidationException("Variable used in ORDER BY clause is not a sort key");
  }
  // An index has no GetItem: a full index key is still a Query (index keys need not be unique).
  if (!s.index && split.hash && (!keys.range || split.range) && split.rest.empty() && !split.range_term &&
      !ordered) {
    t.operation = "GetItem";
    TARN_ASSIGN_OR_RETURN(t.request["Key"], FullKey(split, keys, binder));
    TARN_TRY(AddProjection(s, w, t.request));
    w.AddTo(t.request);
    return t;
  }
  if (split.hash) {
    t.operation = "Query";
    TARN_ASSIGN_OR_RETURN(auto h, binder.Bind(*split.hash));
    std::string key_condition = w.Name(keys.hash.name) + " = " + w.Value(std::move(h));
    if (split.range) {
      TARN_ASSIGN_OR_RETURN(auto r, binder.Bind(*split.range));
      key_condition += " AND " + w.Name(keys.range->name) + " = " + w.Value(std::move(r));
    } else if (split.range_term) {
      TARN_ASSIGN_OR_RETURN(auto term, w.RenderCondition(*split.range_term));
      key_condition += " AND " + term;
    }
    t.request["KeyConditionExpression"] = key_condition;
    TARN_ASSIGN_OR_RETURN(auto filter, RenderAll(w, split.rest));
    if (!filter.empty()) t.request["FilterExpression"] = filter;
    if (s.descending) t.request["ScanIndexForward"] = false;
  } else {
    if (ordered)
      return ValidationException("Must have WHERE clause in the statement when using ORDER BY clause.");
    t.operation = "Scan";
    if (s.where) {  // the whole WHERE, key terms included: nothing fixes the partition
      TARN_ASSIGN_OR_RETURN(auto filter, w.RenderCondition(*s.where));
      t.request["FilterExpression"] = filter;
    }
  }
  TARN_TRY(AddProjection(s, w, t.request));
  w.AddTo(t.request);
  return t;
}

}  // namespace

std::vector<std::string> KeyedFilterAttributes(const Statement& statement, const std::string& hash) {
  if (!statement.where) return {};
  std::vector<const Condition*> terms;
  Conjuncts(*statement.where, terms);
  bool keyed = std::any_of(terms.begin(), terms.end(), [&](const Condition* t) {
    return EqualityOn(*t, hash) || (t->kind == Condition::Kind::kIn && IsTopName(t->operands[0], hash));
  });
  if (!keyed) return {};
  std::set<std::string> roots;
  CollectRoots(*statement.where, roots);
  return {roots.begin(), roots.end()};
}

namespace {

core::Result<Translation> TranslateInsert(const Statement& s, const Binder& binder, const KeySchema& keys) {
  TARN_ASSIGN_OR_RETURN(auto item, binder.Bind(s.item));
  if (!item.is(AttributeType::kM)) return ValidationException("INSERT VALUE must be a tuple");
  Translation t;
  t.operation = "PutItem";
  t.request["TableName"] = s.table;
  t.request["Item"] = ItemToJson(item.m());
  ExpressionWriter w(binder);
  t.request["ConditionExpression"] = "attribute_not_exists(" + w.Name(keys.hash.name) + ")";
  w.AddTo(t.request);
  return t;
}

const char* ReturnValuesOf(Returning r) {
  switch (r) {
    case Returning::kAllOld:
      return "ALL_OLD";
    case Returning::kUpdatedOld:
      return "UPDATED_OLD";
    case Returning::kAllNew:
      return "ALL_NEW";
    case Returning::kUpdatedNew:
      return "UPDATED_NEW";
    case Returning::kNone:
      break;
  }
  return "NONE";
}

// SET a = set_add(a, <<...>>) / set_delete(...): the ADD / DELETE action it means, else nullptr.
const Operand* SetFunctionValue(const Assignment& a, std::string_view function) {
  const Operand& v = a.value;
  if (v.kind != Operand::Kind::kFunction || v.function != function) return nullptr;
  return &v.args[1];
}

core::Result<Translation> TranslateUpdate(const Statement& s, const Binder& binder, const KeySchema& keys) {
  KeySplit split = SplitWhere(s.where, keys);
  Translation t;
  t.operation = "UpdateItem";
  t.request["TableName"] = s.table;
  TARN_ASSIGN_OR_RETURN(t.request["Key"], FullKey(split, keys, binder));
  ExpressionWriter w(binder);
  std::vector<std::string> set, add, del, remove;
  for (const Assignment& a : s.set) {
    const Operand* added = SetFunctionValue(a, "set_add");
    const Operand* deleted = SetFunctionValue(a, "set_delete");
    if (added || deleted) {
      // SET a = set_add(a, <<...>>): the first argument is the assigned path, the second a set; the
      // second's refusal points at the first argument (paritysuite's partiqlFunctions, October 2026).
      const std::string name = added ? "SET_ADD" : "SET_DELETE";
      const Operand& first = a.value.args[0];
      if (first.kind != Operand::Kind::kPath || expr::ToString(first.path) != expr::ToString(a.path))
        return ValidationException("The first argument to " + name + " must equal the assignment value at " +
                                   a.value.at);
      const Operand& second = added ? *added : *deleted;
      if (second.kind != Operand::Kind::kLiteral ||
          (second.literal.kind != Literal::Kind::kBag && second.literal.kind != Literal::Kind::kParameter))
        return ValidationException("The second argument to " + name + " must be a value with type SET at " +
                                   first.at);
      TARN_ASSIGN_OR_RETURN(auto value, w.RenderOperand(second));
      (added ? add : del).push_back(w.Path(a.path) + " " + value);
      continue;
    }
    std::string path = w.Path(a.path);
    TARN_ASSIGN_OR_RETURN(auto value, w.RenderOperand(a.value));
    set.push_back(path + " = " + value);
  }
  for (const auto& p : s.remove) remove.push_back(w.Path(p));
  std::string update;
  auto clause = [&update](const char* name, const std::vector<std::string>& actions) {
    if (actions.empty()) return;
    update += (update.empty() ? "" : " ") + std::string(name) + " ";
    for (size_t i = 0; i < actions.size(); ++i) update += (i ? ", " : "") + actions[i];
  };
  clause("SET", set);
  clause("REMOVE", remove);
  clause("ADD", add);
  clause("DELETE", del);
  t.request["UpdateExpression"] = update;
  TARN_ASSIGN_OR_RETURN(auto rest, RenderAll(w, RestWithRangeTerm(split)));
  t.request["ConditionExpression"] =
      ExpressionWriter::And({"attribute_exists(" + w.Name(keys.hash.name) + ")", rest});
  if (s.returning != Returning::kNone) t.request["ReturnValues"] = ReturnValuesOf(s.returning);
  w.AddTo(t.request);
  return t;
}

core::Result<Translation> TranslateDelete(const Statement& s, const Binder& binder, const KeySchema& keys) {
  KeySplit split = SplitWhere(s.where, keys);
  Translation t;
  t.operation = "DeleteItem";
  t.request["TableName"] = s.table;
  TARN_ASSIGN_OR_RETURN(t.request["Key"], FullKey(split, keys, binder));
  ExpressionWriter w(binder);
  TARN_ASSIGN_OR_RETURN(auto rest, RenderAll(w, RestWithRangeTerm(split)));
  if (!rest.empty())
    t.request["ConditionExpression"] =
        "(attribute_not_exists(" + w.Name(keys.hash.name) + ")) OR (" + rest + ")";
  if (s.returning != Returning::kNone) t.request["ReturnValues"] = ReturnValuesOf(s.returning);
  w.AddTo(t.request);
  return t;
}

// EXISTS(SELECT ... WHERE key AND condition): the ConditionCheck of TransactWriteItems.
// EXISTS(SELECT ...) checks a condition on one item beyond its key (paritysuite's partiqlFunctions).
constexpr std::string_view kExistsNeedsCondition =
    "EXISTS() must contain a single item read with additional condition";

core::Result<json::object> TranslateExists(const Statement& s, const Binder& binder, const KeySchema& keys) {
  KeySplit split = SplitWhere(s.where, keys);
  json::object check;
  check["TableName"] = s.table;
  TARN_ASSIGN_OR_RETURN(check["Key"], FullKey(split, keys, binder));
  ExpressionWriter w(binder);
  TARN_ASSIGN_OR_RETURN(auto rest, RenderAll(w, RestWithRangeTerm(split)));
  if (rest.empty()) return ValidationException(std::string(kExistsNeedsCondition));
  check["ConditionExpression"] =
      ExpressionWriter::And({"attribute_exists(" + w.Name(keys.hash.name) + ")", rest});
  w.AddTo(check);
  return check;
}

core::Status CheckParameterCount(const Statement& s, const std::vector<AttributeValue>& parameters) {
  if (s.parameter_count != parameters.size())
    return ValidationException("Number of parameters in request and statement don't match.");
  return core::Ok();
}

}  // namespace

core::Result<std::vector<AttributeValue>> ParametersFromJson(const json::value* parameters) {
  std::vector<AttributeValue> out;
  if (!parameters || parameters->is_null()) return out;
  if (!parameters->is_array()) return SerializationException("Unexpected value type in Parameters");
  for (const auto& p : parameters->get_array()) {
    TARN_ASSIGN_OR_RETURN(auto v, AttributeValue::FromJson(p));
    out.push_back(std::move(v));
  }
  return out;
}

core::Result<Translation> Translate(const Statement& statement, const std::vector<AttributeValue>& parameters,
                                    const KeySchema& keys) {
  TARN_TRY(CheckParameterCount(statement, parameters));
  if (statement.projection_error) return ValidationException(*statement.projection_error);
  Binder binder(parameters);
  switch (statement.kind) {
    case Statement::Kind::kSelect:
      return TranslateSelect(statement, binder, keys);
    case Statement::Kind::kInsert:
      return TranslateInsert(statement, binder, keys);
    case Statement::Kind::kUpdate:
      return TranslateUpdate(statement, binder, keys);
    case Statement::Kind::kDelete:
      return TranslateDelete(statement, binder, keys);
    case Statement::Kind::kExists:
      break;
  }
  return ValidationException("EXISTS is only supported in transactions");
}

core::Result<Translation> TranslateTransaction(const std::vector<TransactionStatement>& statements) {
  bool reads = false, writes = false;
  for (const auto& ts : statements) (ts.statement->IsRead() ? reads : writes) = true;
  // DynamoDB Local's words, which pydynamodb's tests also expect of the service.
  if (reads && writes)
    return ValidationException(
        "ExecuteTransaction API does not support both read and write operations in the same request.");
  Translation out;
  out.operation = reads ? "TransactGetItems" : "TransactWriteItems";
  json::array items;
  for (const auto& ts : statements) {
    const Statement& s = *ts.statement;
    // What a transaction cannot hold, named by the statement's place (DynamoDB Local's messages;
    // nubo-db/dynamodb-conformance's executeTransaction tests, run against AWS).
    auto refused = [&](std::string_view why) {
      return ValidationException("Validation failed in TransactStatements[" + std::to_string(items.size()) +
                                 "]: " + std::string(why));
    };
    if (s.returning != Returning::kNone)
      return refused("RETURNING clause is not supported in ExecuteTransaction.");
    if (s.kind == Statement::Kind::kSelect && s.index)
      return refused("Reads on indices are not supported within transactions.");
    TARN_TRY(CheckParameterCount(s, *ts.parameters));
    Binder binder(*ts.parameters);
    json::object entry;
    if (s.kind == Statement::Kind::kExists) {
      auto check = TranslateExists(s, binder, ts.keys);
      if (!check.ok() && check.error().message == kExistsNeedsCondition)
        return refused(kExistsNeedsCondition);
      TARN_ASSIGN_OR_RETURN(entry["ConditionCheck"], std::move(check));
    } else if (s.kind == Statement::Kind::kSelect) {
      TARN_ASSIGN_OR_RETURN(Translation t, TranslateSelect(s, binder, ts.keys));
      if (t.operation != "GetItem")
        return refused(
            "Select statements within ExecuteTransaction must specify the primary key in the where clause.");
      entry["Get"] = std::move(t.request);
    } else {
      TARN_ASSIGN_OR_RETURN(Translation t, Translate(s, *ts.parameters, ts.keys));
      t.request.erase("ReturnValues");  // not a member of TransactWriteItem's actions
      const char* member = t.operation == "PutItem"      ? "Put"
                           : t.operation == "UpdateItem" ? "Update"
                                                         : "Delete";
      entry[member] = std::move(t.request);
    }
    items.push_back(std::move(entry));
  }
  out.request["TransactItems"] = std::move(items);
  return out;
}

}  // namespace tarn::dynamodb::partiql
