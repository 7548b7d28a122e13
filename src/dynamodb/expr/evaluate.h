#pragma once
// Evaluation of resolved expressions (after Resolver has substituted #names and checked :values)
// against items: conditions and filters, update application, projections. Pure functions over
// values; thread-safe. Errors are ValidationException with DynamoDB's messages (operand types,
// list_append on non-lists, arithmetic on non-numbers, ADD/DELETE type rules, BETWEEN bounds).

#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/result.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/expr/ast.h"

namespace tarn::dynamodb::expr {

// ExpressionAttributeValues, already validated as AttributeValues: ":v" -> value.
using ValueMap = std::map<std::string, AttributeValue, std::less<>>;

// The value at path in item, or nullopt when any step is missing or of the wrong type
// (a name step on a non-map, an index step on a non-list or past its end).
std::optional<AttributeValue> ValueAt(const Item& item, const Path& path);
// As ValueAt without the copy: a pointer into item (valid while item is unchanged), or nullptr.
const AttributeValue* FindValue(const Item& item, const Path& path);

// The checks DynamoDB makes on a resolved condition and the request's values before looking at any
// item (so they fail even when no item is read, e.g. a Scan of an empty table). ValidationException,
// "Invalid <Label>: " + one of
//   "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand:
//    AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"
//   "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound
//    operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"
//   "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
//   "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"
//   "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
//   "Incorrect operand type for operator or function; operator or function: size, operand type: BOOL"
//    (size() of a :value of type N, BOOL or NULL)
//   "An expression attribute value used in expression is not defined; attribute value: :v"
// (the bound/type checks apply to :value operands). EvaluateCondition runs it first.
core::Status CheckCondition(const Condition& condition, const ValueMap& values, ExpressionKind kind);
// The same checks of one condition without its children (a comparison, BETWEEN, IN or function):
// Resolver::Resolve runs them condition by condition, as DynamoDB reports them.
core::Status CheckConditionLeaf(const Condition& leaf, const ValueMap& values, ExpressionKind kind);

// Whether item satisfies a resolved ConditionExpression / FilterExpression. item may be empty
// (no such item). Comparisons of mismatched types are false, as DynamoDB does, but some
// misuse is a ValidationException: everything CheckCondition reports. size() of an item attribute
// of type N, BOOL or NULL is not an error: it has no value, so its comparisons are false, as in
// DynamoDB (scylladb test/alternator/test_condition_expression.py, test_update_condition_size).
core::Result<bool> EvaluateCondition(const Condition& condition, const Item& item, const ValueMap& values,
                                     ExpressionKind kind);

// The result of applying an UpdateExpression.
struct UpdateResult {
  Item item;  // the new item
  // Top-level attribute names the update touched (SET/REMOVE/ADD/DELETE targets' first
  // element), for ReturnValues UPDATED_OLD / UPDATED_NEW.
  std::set<std::string> updated_attributes;
  // Every path the update writes (SET/REMOVE/ADD/DELETE targets). DynamoDB's UPDATED_OLD /
  // UPDATED_NEW are Project(old_item, updated_paths) / Project(item, updated_paths): only the nested
  // parts written, e.g. {"a": {"c": [2]}} for SET a.c[1] (scylladb test/alternator/
  // test_returnvalues.py, test_update_item_returnvalues_nested), including its odd cases (an
  // append past the end or a REMOVEd list element shows what now sits at that index).
  Projection updated_paths;
};

// The message of an update operand of the wrong type (ADD to a string, list_append of a number...).
inline constexpr std::string_view kIncorrectDataType =
    "An operand in the update expression has an incorrect data type";

// Applies update to old_item (empty when the item does not exist yet). Errors are
// ValidationException with DynamoDB's messages, checked in this order:
//   "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or
//    function: +, operand type: S" (a :value operand of + or - that is not N, or of list_append
//    that is not L),
//   "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD,
//    operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND" (ADD :v not N/SS/NS/BS; DELETE :v not a
//    set: "operator: DELETE, ..., typeSet: ALLOWED_FOR_DELETE_OPERAND"),
//   "The provided expression refers to an attribute that does not exist in the item" (a SET operand
//    path, outside if_not_exists, is missing),
//   "An operand in the update expression has an incorrect data type" (ADD to a string or to a set of
//    another type, + / - on item attributes that are not numbers, list_append of an item attribute
//    that is not a list, DELETE from a set of another type),
//   Number::Add/Subtract overflow errors,
//   "The document path provided in the update expression is invalid for update" (SET/ADD a.b when a
//    is missing or not a map, a[1] when a is not a list).
//   The same "invalid for update" for REMOVE a.b / a[0] when a is missing or not a map / list,
//    except when old_item is empty (DynamoDB ignores those for a missing item).
// Every operand is read from old_item; writes are applied afterwards, REMOVEs last (list elements
// by descending index, so indexes refer to the old list). REMOVE of a missing leaf is a no-op, as is
// DELETE from a missing attribute; a DELETE leaving an empty set removes the attribute. SET/ADD at a
// list index past the end appends (several appends in index order). Key-attribute rules are the
// caller's.
core::Result<UpdateResult> ApplyUpdate(const UpdateExpression& update, const Item& old_item,
                                       const ValueMap& values);

// Whether update, applied to an item that does not exist, creates it. DynamoDB leaves a missing item
// missing when every action is a REMOVE or DELETE (scylladb test_item.py,
// test_update_item_non_existent); an update with no actions at all still creates it.
bool CreatesMissingItem(const UpdateExpression& update);

// The item restricted to the projected paths (nested paths keep their enclosing maps/lists, list
// elements keep their order and are compacted, as DynamoDB returns them).
Item Project(const Item& item, const Projection& projection);

// Only the named top-level attributes of item. (For UPDATED_OLD / UPDATED_NEW prefer Project with
// UpdateResult::updated_paths, which matches DynamoDB for nested updates.)
Item Restrict(const Item& item, const std::set<std::string>& attributes);

}  // namespace tarn::dynamodb::expr
