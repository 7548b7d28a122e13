#include "dynamodb/expr/ast.h"

namespace tarn::dynamodb::expr {

std::string_view ExpressionLabel(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
  }
  return "Expression";
}

std::string_view ComparatorText(Comparator op) {
  switch (op) {
    case Comparator::kEq:
      return "=";
    case Comparator::kNe:
      return "<>";
    case Comparator::kLt:
      return "<";
    case Comparator::kLe:
      return "<=";
    case Comparator::kGt:
      return ">";
    case Comparator::kGe:
      return ">=";
  }
  return "?";
}

std::string ToString(const Path& path) {
  std::string out;
  for (const PathElement& e : path.elements) {
    if (e.kind == PathElement::Kind::kIndex) {
      out += "[" + std::to_string(e.index) + "]";
      continue;
    }
    if (!out.empty()) out += ".";
    out += e.name;
  }
  return out;
}

std::string ToErrorString(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.elements.size(); ++i) {
    const PathElement& e = path.elements[i];
    if (i > 0) out += ", ";
    out += e.kind == PathElement::Kind::kIndex ? "[" + std::to_string(e.index) + "]" : e.name;
  }
  return out + "]";
}

namespace {
std::string JoinOperands(const std::vector<Operand>& operands, size_t from) {
  std::string out;
  for (size_t i = from; i < operands.size(); ++i) {
    if (i > from) out += ", ";
    out += ToString(operands[i]);
  }
  return out;
}
}  // namespace

std::string ToString(const Operand& operand) {
  switch (operand.kind) {
    case Operand::Kind::kPath:
      return ToString(operand.path);
    case Operand::Kind::kValue:
      return operand.value;
    case Operand::Kind::kFunction:
      return operand.function + "(" + JoinOperands(operand.args, 0) + ")";
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      if (operand.args.size() != 2) return "(?)";
      return "(" + ToString(operand.args[0]) + (operand.kind == Operand::Kind::kPlus ? " + " : " - ") +
             ToString(operand.args[1]) + ")";
  }
  return "?";
}

std::string ToString(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kCompare:
      if (c.operands.size() != 2) return "(?)";
      return "(" + ToString(c.operands[0]) + " " + std::string(ComparatorText(c.op)) + " " +
             ToString(c.operands[1]) + ")";
    case Condition::Kind::kBetween:
      if (c.operands.size() != 3) return "(?)";
      return "(" + ToString(c.operands[0]) + " BETWEEN " + ToString(c.operands[1]) + " AND " +
             ToString(c.operands[2]) + ")";
    case Condition::Kind::kIn:
      if (c.operands.empty()) return "(?)";
      return "(" + ToString(c.operands[0]) + " IN (" + JoinOperands(c.operands, 1) + "))";
    case Condition::Kind::kFunction:
      return c.function + "(" + JoinOperands(c.operands, 0) + ")";
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr:
      if (c.children.size() != 2) return "(?)";
      return "(" + ToString(c.children[0]) + (c.kind == Condition::Kind::kAnd ? " AND " : " OR ") +
             ToString(c.children[1]) + ")";
    case Condition::Kind::kNot:
      if (c.children.size() != 1) return "(?)";
      return "(NOT " + ToString(c.children[0]) + ")";
  }
  return "?";
}

std::string ToString(const UpdateExpression& update) {
  std::string out;
  auto clause = [&out](std::string_view keyword) {
    if (!out.empty()) out += " ";
    out += keyword;
    out += " ";
  };
  if (!update.set.empty()) {
    clause("SET");
    for (size_t i = 0; i < update.set.size(); ++i) {
      if (i > 0) out += ", ";
      out += ToString(update.set[i].path) + " = " + ToString(update.set[i].value);
    }
  }
  if (!update.remove.empty()) {
    clause("REMOVE");
    for (size_t i = 0; i < update.remove.size(); ++i) {
      if (i > 0) out += ", ";
      out += ToString(update.remove[i]);
    }
  }
  for (const auto* actions : {&update.add, &update.del}) {
    if (actions->empty()) continue;
    clause(actions == &update.add ? "ADD" : "DELETE");
    for (size_t i = 0; i < actions->size(); ++i) {
      if (i > 0) out += ", ";
      out += ToString((*actions)[i].path) + " " + (*actions)[i].value;
    }
  }
  return out;
}

std::string ToString(const Projection& projection) {
  std::string out;
  for (size_t i = 0; i < projection.paths.size(); ++i) {
    if (i > 0) out += ", ";
    out += ToString(projection.paths[i]);
  }
  return out;
}

}  // namespace tarn::dynamodb::expr
