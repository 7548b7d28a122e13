#pragma once
// Placeholder resolution for the expressions of one request: substitutes ExpressionAttributeNames
// into paths, checks that every `#n` / `:v` used is defined, records which were used so the
// request can report unused ones across all its expressions (Condition + Update + Projection share
// the maps), and applies the checks DynamoDB makes on resolved paths (overlap/conflict, distinct
// operands, KeyConditionExpression structure). A Resolver belongs to one request thread; it holds
// references to the request's maps, which must outlive it.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/expr/ast.h"
#include "dynamodb/expr/evaluate.h"

namespace tarn::dynamodb::expr {

using NameMap = std::map<std::string, std::string, std::less<>>;  // "#n" -> attribute name
using ValueKeys = std::set<std::string, std::less<>>;             // ":v" keys present

// Checks the keys of the request's maps before any expression is resolved. Errors
// (ValidationException): "ExpressionAttributeNames must not be empty",
// "ExpressionAttributeNames contains invalid key: Syntax error; key: \"<key>\"" (a key must match
// #[A-Za-z0-9_]+), and the same two for ExpressionAttributeValues (:[A-Za-z0-9_]+). Keys are checked
// in map order.
core::Status ValidatePlaceholderKeys(const NameMap& names, const ValueKeys& values, bool names_present,
                                     bool values_present);

// Usage for one request: ValidatePlaceholderKeys; then Parse* + Resolve for each expression present,
// in DynamoDB's (dynalite-observed) order Update, Condition, KeyCondition, Filter, Projection, each
// one's error returned as soon as it occurs; then CheckAllUsed.
class Resolver {
 public:
  // value_map: the request's values, when they are known; then each condition also gets
  // CheckConditionLeaf's checks in its turn.
  Resolver(const NameMap& names, const ValueKeys& values, const ValueMap* value_map = nullptr)
      : names_(names), values_(values), value_map_(value_map) {}

  // Resolves placeholders in place, in source order; the first problem is returned as a
  // ValidationException "Invalid <Kind>: " + one of
  //   "An expression attribute name used in the document path is not defined; attribute name: #n"
  //   "An expression attribute value used in expression is not defined; attribute value: :v"
  //   the condition's Condition::operand_error (operand count or shape), if it has one
  //   "The first operand must be distinct from the remaining operands for this operator or
  //    function; operator: <op>, first operand: [a, b]"   (comparators, begins_with, contains,
  //    attribute_type)
  //   CheckConditionLeaf's errors, with a value_map
  // DynamoDB judges one condition (comparison, BETWEEN, IN, function) after another, in that order
  // within each: "attribute_type(a, size(a)) and a = a" is about attribute_type's operand type, not
  // "a = a" (dynalite's scan tests, run against AWS).
  core::Status Resolve(ExpressionKind kind, Condition& condition);
  // As above, then "Two document paths overlap with each other; must remove or rewrite one of
  // these paths; path one: [a, b], path two: [a]" and "Two document paths conflict with each
  // other; ..." between the paths the clauses write.
  core::Status Resolve(UpdateExpression& update);
  // As above; projected paths must not overlap or conflict either.
  core::Status Resolve(Projection& projection);

  // Once every expression of the request is resolved: "Value provided in ExpressionAttributeNames
  // unused in expressions: keys: {#a, #b}", else the same for ExpressionAttributeValues (keys in
  // sorted order).
  core::Status CheckAllUsed() const;

  const std::set<std::string>& used_names() const { return used_names_; }
  const std::set<std::string>& used_values() const { return used_values_; }

 private:
  core::Status ResolvePath(ExpressionKind kind, Path& path);
  core::Status ResolveOperand(ExpressionKind kind, Operand& operand);
  core::Status ResolveValue(ExpressionKind kind, const std::string& value);

  const NameMap& names_;
  const ValueKeys& values_;
  const ValueMap* value_map_;
  std::set<std::string> used_names_;
  std::set<std::string> used_values_;
};

// Overlap/conflict check between document paths, in order: the first offending pair, as the
// detail of DynamoDB's message (without the "Invalid ...: " prefix), or nullopt.
std::optional<std::string> FindPathClash(const std::vector<const Path*>& paths);

// A KeyConditionExpression flattened to one condition per key attribute. Operators are normalized
// so the attribute is on the left (":v < k" becomes k > :v).
enum class KeyOp { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
struct KeyTerm {
  std::string attribute;  // resolved attribute name
  KeyOp op = KeyOp::kEq;
  std::vector<std::string> values;  // ":v" placeholders: one, or two for BETWEEN
  std::string written;              // the operator as written: "<", ">=", "BETWEEN", "begins_with"
};
struct KeyCondition {
  std::vector<KeyTerm> partition;    // one equality per HASH attribute, in key-schema order
  std::vector<KeyTerm> sort_prefix;  // equalities on the leading RANGE attributes (multi-attribute keys)
  std::optional<KeyTerm> sort;       // the condition on the next RANGE attribute
};

// Validates the structure of a resolved KeyConditionExpression: one or two simple conditions joined
// by AND. Errors (ValidationException, "Invalid KeyConditionExpression: " + one of):
//   "Invalid operator used in KeyConditionExpression: OR|NOT|IN|<>|attribute_exists|..."
//   "KeyConditionExpressions cannot contain nested operations"          (size())
//   "KeyConditionExpressions cannot have conditions on nested attributes"
//   "KeyConditionExpressions must only contain one condition per key"
//   "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
//   "Invalid condition in KeyConditionExpression: No key attribute specified"
//   "Invalid condition in KeyConditionExpression: BETWEEN|begins_with operator must have the key
//    attribute as its first operand"
core::Result<std::vector<KeyTerm>> ToKeyTerms(const Condition& resolved);

// Matches key terms to the table's (or index's) key schema: its HASH attributes and RANGE
// attributes in key-schema order (several of each for a GSI with a multi-attribute key). Errors
// (ValidationException):
//   "Query condition missed key schema element: <hash key>"
//   "Query key condition not supported"   (non-key attribute, or a non-equality on the hash key)
// and with a multi-attribute key (every HASH attribute by equality; RANGE attributes left to right,
// all but the last named by equality):
//   "HASH key attributes <a> must have equality conditions specified in the query"
//   "RANGE key attributes <a> must have equality conditions specified in the query because a
//    condition is present on key attribute <b>"
core::Result<KeyCondition> BindKeySchema(std::vector<KeyTerm> terms,
                                         const std::vector<std::string_view>& hash_keys,
                                         const std::vector<std::string_view>& range_keys);

}  // namespace tarn::dynamodb::expr
