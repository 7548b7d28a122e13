// ProjectionExpression application (Project in evaluate.h). The projected paths are merged into a
// tree first, so "a.b, a.c" yields one map a with b and c, and "l[3], l[1]" one list [l[1], l[3]]:
// DynamoDB returns the selected list elements compacted, in index order.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html

#include <map>
#include <string>

#include "dynamodb/expr/evaluate.h"

namespace tarn::dynamodb::expr {
namespace {

struct Selection {
  bool whole = false;  // the path ends here: take the value as is
  std::map<std::string, Selection, std::less<>> names;
  std::map<uint32_t, Selection> indexes;
};

std::optional<AttributeValue> Extract(const AttributeValue& value, const Selection& sel) {
  if (sel.whole) return value;
  if (!sel.names.empty() && value.is(AttributeType::kM)) {
    AttributeMap out;
    for (const auto& [name, child] : sel.names) {
      auto it = value.m().find(name);
      if (it == value.m().end()) continue;
      if (std::optional<AttributeValue> v = Extract(it->second, child)) out.emplace(name, std::move(*v));
    }
    if (!out.empty()) return AttributeValue::M(std::move(out));
  }
  if (!sel.indexes.empty() && value.is(AttributeType::kL)) {
    AttributeList out;
    for (const auto& [index, child] : sel.indexes) {
      if (index >= value.l().size()) break;
      if (std::optional<AttributeValue> v = Extract(value.l()[index], child)) out.push_back(std::move(*v));
    }
    if (!out.empty()) return AttributeValue::L(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

Item Project(const Item& item, const Projection& projection) {
  Selection root;
  for (const Path& path : projection.paths) {
    Selection* node = &root;
    for (const PathElement& e : path.elements) {
      if (node->whole) break;  // an enclosing path already takes everything below
      node = e.kind == PathElement::Kind::kIndex ? &node->indexes[e.index] : &node->names[e.name];
    }
    node->whole = true;
  }
  Item out;
  for (const auto& [name, sel] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (std::optional<AttributeValue> v = Extract(it->second, sel)) out.emplace(name, std::move(*v));
  }
  return out;
}

}  // namespace tarn::dynamodb::expr
