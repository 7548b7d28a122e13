// Path lookup and condition/filter evaluation (evaluate.h). Update application is in
// evaluate_update.cpp, projection in project.cpp.
// Semantics:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
// Validation messages as recorded by dynalite (mhart/dynalite, validations/conditionParser.pegjs),
// which was written against real DynamoDB responses.

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <string_view>

#include "core/encoding.h"
#include "dynamodb/errors.h"
#include "dynamodb/expr/evaluate.h"

namespace tarn::dynamodb::expr {
namespace {

core::AwsError Invalid(ExpressionKind kind, std::string_view detail) {
  return ValidationException("Invalid " + std::string(ExpressionLabel(kind)) + ": " + std::string(detail));
}

core::AwsError IncorrectOperandType(ExpressionKind kind, std::string_view function, AttributeType type) {
  return Invalid(kind, "Incorrect operand type for operator or function; operator or function: " +
                           std::string(function) + ", operand type: " + std::string(AttributeTypeName(type)));
}

// The value of an operand while evaluating: a pointer into the item or the request's values, or
// an owned computed value (size()). Neither means the attribute is missing.
struct Term {
  const AttributeValue* ref = nullptr;
  std::optional<AttributeValue> owned;
  const AttributeValue* get() const { return owned ? &*owned : ref; }
};

core::Result<const AttributeValue*> LookupValue(const ValueMap& values, const std::string& key,
                                                ExpressionKind kind) {
  auto it = values.find(key);
  if (it == values.end()) {
    return Invalid(
        kind, "An expression attribute value used in expression is not defined; attribute value: " + key);
  }
  return &it->second;
}

// size(): S and B by byte length, sets/lists/maps by member count.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Functions
// A string's length as DynamoDB counts it for size(): characters (UTF-16 units, as Java counts them),
// not bytes: size("abÿ") is 3 (dynalite's scan tests, run against AWS).
size_t StringLength(std::string_view s) {
  size_t units = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++units;  // a lead byte starts a character
    if ((c & 0xF8) == 0xF0) ++units;  // four bytes: beyond the BMP, a surrogate pair
  }
  return units;
}

std::optional<size_t> SizeOf(const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kS:
      return StringLength(v.s());
    case AttributeType::kB:
      return v.b().size();
    case AttributeType::kSS:
      return v.ss().size();
    case AttributeType::kNS:
      return v.ns().size();
    case AttributeType::kBS:
      return v.bs().size();
    case AttributeType::kL:
      return v.l().size();
    case AttributeType::kM:
      return v.m().size();
    default:
      return std::nullopt;
  }
}

// The operand/child counts the parser guarantees; anything else is a broken invariant.
bool HasParserShape(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr:
      return c.children.size() == 2;
    case Condition::Kind::kNot:
      return c.children.size() == 1;
    case Condition::Kind::kCompare:
      return c.operands.size() == 2;
    case Condition::Kind::kBetween:
      return c.operands.size() == 3;
    case Condition::Kind::kIn:
      return c.operands.size() >= 2;
    case Condition::Kind::kFunction:
      return c.operands.size() ==
             (c.function == "attribute_exists" || c.function == "attribute_not_exists" ? 1u : 2u);
  }
  return false;
}

class ConditionEvaluator {
 public:
  ConditionEvaluator(const Item& item, const ValueMap& values, ExpressionKind kind)
      : item_(item), values_(values), kind_(kind) {}

  core::Result<bool> Eval(const Condition& c) {
    TARN_CHECK(HasParserShape(c));
    switch (c.kind) {
      case Condition::Kind::kAnd: {
        TARN_ASSIGN_OR_RETURN(bool lhs, Eval(c.children[0]));
        if (!lhs) return false;
        return Eval(c.children[1]);
      }
      case Condition::Kind::kOr: {
        TARN_ASSIGN_OR_RETURN(bool lhs, Eval(c.children[0]));
        if (lhs) return true;
        return Eval(c.children[1]);
      }
      case Condition::Kind::kNot: {
        TARN_ASSIGN_OR_RETURN(bool inner, Eval(c.children[0]));
        return !inner;
      }
      case Condition::Kind::kCompare: {
        TARN_ASSIGN_OR_RETURN(Term lhs, Operand(c.operands[0]));
        TARN_ASSIGN_OR_RETURN(Term rhs, Operand(c.operands[1]));
        return Compares(c.op, lhs.get(), rhs.get());
      }
      case Condition::Kind::kBetween: {
        TARN_ASSIGN_OR_RETURN(Term x, Operand(c.operands[0]));
        TARN_ASSIGN_OR_RETURN(Term lo, Operand(c.operands[1]));
        TARN_ASSIGN_OR_RETURN(Term hi, Operand(c.operands[2]));
        return Compares(Comparator::kGe, x.get(), lo.get()) && Compares(Comparator::kLe, x.get(), hi.get());
      }
      case Condition::Kind::kIn: {
        TARN_ASSIGN_OR_RETURN(Term x, Operand(c.operands[0]));
        for (size_t i = 1; i < c.operands.size(); ++i) {
          TARN_ASSIGN_OR_RETURN(Term candidate, Operand(c.operands[i]));
          if (Compares(Comparator::kEq, x.get(), candidate.get())) return true;
        }
        return false;
      }
      case Condition::Kind::kFunction:
        return Function(c);
    }
    return false;
  }

 private:
  core::Result<Term> Operand(const expr::Operand& op) {
    switch (op.kind) {
      case Operand::Kind::kPath:
        return Term{FindValue(item_, op.path), std::nullopt};
      case Operand::Kind::kValue: {
        TARN_ASSIGN_OR_RETURN(const AttributeValue* v, LookupValue(values_, op.value, kind_));
        return Term{v, std::nullopt};
      }
      case Operand::Kind::kFunction:
        if (op.function == "size" && op.args.size() == 1) {
          TARN_ASSIGN_OR_RETURN(Term arg, Operand(op.args[0]));
          if (arg.get() == nullptr) return Term{};
          std::optional<size_t> size = SizeOf(*arg.get());
          // size() of an item's N/BOOL/NULL attribute makes the comparison false, not an error
          // (scylladb test/alternator/test_condition_expression.py, test_update_condition_size).
          if (!size) return Term{};
          return Term{nullptr, AttributeValue::N(Number::FromInt64(static_cast<int64_t>(*size)))};
        }
        break;
      default:
        break;
    }
    // The parser only lets size() and paths/values into a condition.
    return Invalid(kind_, "The function is not allowed in a condition expression; function: " + op.function);
  }

  static bool Compares(Comparator op, const AttributeValue* a, const AttributeValue* b) {
    if (a == nullptr || b == nullptr) return op == Comparator::kNe;
    switch (op) {
      case Comparator::kEq:
        return *a == *b;
      case Comparator::kNe:
        return !(*a == *b);
      default:
        break;
    }
    std::optional<std::strong_ordering> order = Compare(*a, *b);
    if (!order) return false;
    switch (op) {
      case Comparator::kLt:
        return *order < 0;
      case Comparator::kLe:
        return *order <= 0;
      case Comparator::kGt:
        return *order > 0;
      case Comparator::kGe:
        return *order >= 0;
      default:
        return false;
    }
  }

  core::Result<bool> Function(const Condition& c) {
    const std::string& f = c.function;
    if (f == "attribute_exists" || f == "attribute_not_exists") {
      bool exists =
          c.operands[0].kind == Operand::Kind::kPath && FindValue(item_, c.operands[0].path) != nullptr;
      return exists == (f == "attribute_exists");
    }
    TARN_ASSIGN_OR_RETURN(Term a, Operand(c.operands[0]));
    TARN_ASSIGN_OR_RETURN(Term b, Operand(c.operands[1]));
    const AttributeValue* x = a.get();
    const AttributeValue* y = b.get();
    if (x == nullptr || y == nullptr) return false;
    if (f == "attribute_type") {
      return y->is(AttributeType::kS) && AttributeTypeName(x->type()) == y->s();
    }
    if (f == "begins_with") {
      if (x->is(AttributeType::kS) && y->is(AttributeType::kS)) return x->s().starts_with(y->s());
      if (x->is(AttributeType::kB) && y->is(AttributeType::kB)) return x->b().starts_with(y->b());
      return false;
    }
    if (f == "contains") return Contains(*x, *y);
    return Invalid(kind_, "Invalid function name; function: " + f);
  }

  static bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
    switch (haystack.type()) {
      case AttributeType::kS:
        return needle.is(AttributeType::kS) && haystack.s().find(needle.s()) != std::string::npos;
      case AttributeType::kB:
        return needle.is(AttributeType::kB) && haystack.b().find(needle.b()) != std::string::npos;
      case AttributeType::kSS:
        return needle.is(AttributeType::kS) &&
               std::binary_search(haystack.ss().begin(), haystack.ss().end(), needle.s());
      case AttributeType::kNS:
        return needle.is(AttributeType::kN) &&
               std::binary_search(haystack.ns().begin(), haystack.ns().end(), needle.n());
      case AttributeType::kBS:
        // std::string orders bytes as unsigned, like the sets' own order.
        return needle.is(AttributeType::kB) &&
               std::binary_search(haystack.bs().begin(), haystack.bs().end(), needle.b());
      case AttributeType::kL:
        return std::find(haystack.l().begin(), haystack.l().end(), needle) != haystack.l().end();
      default:
        return false;
    }
  }

  const Item& item_;
  const ValueMap& values_;
  ExpressionKind kind_;
};

// "{N:5}" as in DynamoDB's BETWEEN messages; binaries in base64 as on the wire.
std::string BoundText(const AttributeValue& v) {
  std::string text;
  switch (v.type()) {
    case AttributeType::kS:
      text = v.s();
      break;
    case AttributeType::kN:
      text = v.n().ToString();
      break;
    case AttributeType::kB:
      text = core::Base64Encode(v.b());
      break;
    default:
      text = boost::json::serialize(v.ToJson().as_object().begin()->value());
      break;
  }
  return "{" + std::string(AttributeTypeName(v.type())) + ":" + text + "}";
}

class ConditionChecker {
 public:
  ConditionChecker(const ValueMap& values, ExpressionKind kind) : values_(values), kind_(kind) {}

  core::Status Check(const Condition& c) {
    for (const Condition& child : c.children) TARN_TRY(Check(child));
    return CheckLeaf(c);
  }

  // The checks of one condition, without its children.
  core::Status CheckLeaf(const Condition& c) {
    // Parsed with per_condition and not resolved: the problem the Resolver would have reported.
    if (!c.operand_error.empty()) return Invalid(kind_, c.operand_error);
    TARN_CHECK(HasParserShape(c));
    for (const expr::Operand& op : c.operands) TARN_TRY(CheckOperand(op));
    // A key condition's value of a type keys never have is judged against the key schema instead
    // ("Condition parameter type does not match schema type", query_scan_ops.cpp).
    const bool ordered = kind_ != ExpressionKind::kKeyCondition;
    if (ordered && c.kind == Condition::Kind::kCompare && c.op != Comparator::kEq &&
        c.op != Comparator::kNe) {
      TARN_TRY(CheckOrdered(ComparatorText(c.op), c.operands));
    }
    if (c.kind == Condition::Kind::kBetween) {
      if (ordered) TARN_TRY(CheckOrdered("BETWEEN", c.operands));
      return CheckBetween(c.operands[1], c.operands[2]);
    }
    if (c.kind != Condition::Kind::kFunction) return core::Ok();
    if (c.function == "begins_with") {
      for (const expr::Operand& op : c.operands) {
        std::optional<AttributeType> type = ConstantType(op);
        if (type && *type != AttributeType::kS && *type != AttributeType::kB) {
          return IncorrectOperandType(kind_, c.function, *type);
        }
      }
    }
    if (c.function == "attribute_type" && c.operands.size() == 2) return CheckTypeName(c.operands[1]);
    return core::Ok();
  }

  // Only S, N and B order: a :value of another type in an ordering comparison is the request's
  // mistake, not a false condition (an item attribute of another type just compares false).
  core::Status CheckOrdered(std::string_view op, const std::vector<expr::Operand>& operands) {
    for (const expr::Operand& operand : operands) {
      const AttributeValue* v = Constant(operand);
      if (v != nullptr && !v->is(AttributeType::kS) && !v->is(AttributeType::kN) &&
          !v->is(AttributeType::kB)) {
        return IncorrectOperandType(kind_, op, v->type());
      }
    }
    return core::Ok();
  }

 private:
  // The value of a :value operand (nullptr for anything else; undefined values are reported by
  // CheckOperand first).
  const AttributeValue* Constant(const expr::Operand& op) const {
    if (op.kind != Operand::Kind::kValue) return nullptr;
    auto it = values_.find(op.value);
    return it == values_.end() ? nullptr : &it->second;
  }
  // The type an operand has whatever the item: a :value's, or N for size() (dynalite's scan tests,
  // run against AWS: "attribute_type(a, size(a))" is an operand of type N). nullopt for a path.
  std::optional<AttributeType> ConstantType(const expr::Operand& op) const {
    if (op.kind == Operand::Kind::kFunction && op.function == "size") return AttributeType::kN;
    const AttributeValue* v = Constant(op);
    if (v == nullptr) return std::nullopt;
    return v->type();
  }

  core::Status CheckOperand(const expr::Operand& op) {
    if (op.kind == Operand::Kind::kValue) {
      TARN_TRY(LookupValue(values_, op.value, kind_));
      return core::Ok();
    }
    for (const expr::Operand& arg : op.args) TARN_TRY(CheckOperand(arg));
    if (op.kind == Operand::Kind::kFunction && op.function == "size" && op.args.size() == 1) {
      const AttributeValue* v = Constant(op.args[0]);
      if (v != nullptr && !SizeOf(*v)) return IncorrectOperandType(kind_, "size", v->type());
    }
    return core::Ok();
  }

  core::Status CheckBetween(const expr::Operand& low, const expr::Operand& high) {
    const AttributeValue* lo = Constant(low);
    const AttributeValue* hi = Constant(high);
    if (lo == nullptr || hi == nullptr) return core::Ok();
    std::string bounds = "lower bound operand: AttributeValue: " + BoundText(*lo) +
                         ", upper bound operand: AttributeValue: " + BoundText(*hi);
    if (lo->type() != hi->type()) {
      return Invalid(kind_,
                     "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
    }
    std::optional<std::strong_ordering> order = Compare(*lo, *hi);
    if (order && *order > 0) {
      return Invalid(
          kind_,
          "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds);
    }
    return core::Ok();
  }

  core::Status CheckTypeName(const expr::Operand& op) {
    // The type to test for must be a :value, never an item attribute.
    if (op.kind == Operand::Kind::kPath) {
      return Invalid(kind_,
                     "Incorrect operand type for operator or function; operator or function: attribute_type, "
                     "operand type: PATH");
    }
    std::optional<AttributeType> type = ConstantType(op);
    if (type && *type != AttributeType::kS) return IncorrectOperandType(kind_, "attribute_type", *type);
    const AttributeValue* v = Constant(op);
    if (v == nullptr) return core::Ok();
    static constexpr std::array<std::string_view, 10> kNames = {"S", "N", "B",  "BOOL", "NULL",
                                                                "M", "L", "SS", "NS",   "BS"};
    if (std::find(kNames.begin(), kNames.end(), v->s()) == kNames.end()) {
      return Invalid(kind_, "Invalid attribute type name found; type: " + v->s() +
                                ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }
    return core::Ok();
  }

  const ValueMap& values_;
  ExpressionKind kind_;
};

}  // namespace

const AttributeValue* FindValue(const Item& item, const Path& path) {
  if (path.elements.empty() || path.elements[0].kind == PathElement::Kind::kIndex) return nullptr;
  auto top = item.find(path.elements[0].name);
  if (top == item.end()) return nullptr;
  const AttributeValue* cur = &top->second;
  for (size_t i = 1; i < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    if (e.kind == PathElement::Kind::kIndex) {
      if (!cur->is(AttributeType::kL) || e.index >= cur->l().size()) return nullptr;
      cur = &cur->l()[e.index];
    } else {
      if (!cur->is(AttributeType::kM)) return nullptr;
      auto it = cur->m().find(e.name);
      if (it == cur->m().end()) return nullptr;
      cur = &it->second;
    }
  }
  return cur;
}

std::optional<AttributeValue> ValueAt(const Item& item, const Path& path) {
  const AttributeValue* v = FindValue(item, path);
  if (v == nullptr) return std::nullopt;
  return *v;
}

core::Status CheckCondition(const Condition& condition, const ValueMap& values, ExpressionKind kind) {
  return ConditionChecker(values, kind).Check(condition);
}

core::Status CheckConditionLeaf(const Condition& leaf, const ValueMap& values, ExpressionKind kind) {
  return ConditionChecker(values, kind).CheckLeaf(leaf);
}

core::Result<bool> EvaluateCondition(const Condition& condition, const Item& item, const ValueMap& values,
                                     ExpressionKind kind) {
  TARN_TRY(CheckCondition(condition, values, kind));
  return ConditionEvaluator(item, values, kind).Eval(condition);
}

Item Restrict(const Item& item, const std::set<std::string>& attributes) {
  Item out;
  for (const std::string& name : attributes) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(it->first, it->second);
  }
  return out;
}

}  // namespace tarn::dynamodb::expr
