#pragma once
// DynamoDB's legacy conditional parameters (Expected, KeyConditions, QueryFilter, ScanFilter,
// AttributeUpdates, ConditionalOperator) translated into the expression AST, so handlers evaluate
// one form only. Attribute names are literal (a legacy "a.b" is one top-level attribute, never a
// path); values get synthesized placeholders that cannot clash with a request's own (those match
// :[A-Za-z0-9_]+). Pure functions; thread-safe.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "dynamodb/expr/ast.h"
#include "dynamodb/expr/evaluate.h"
#include "dynamodb/number.h"

namespace tarn::dynamodb {

// Placeholders of translated values start with this; '-' is not allowed in a request's
// ExpressionAttributeValues keys, so a legacy value never shadows a user value.
inline constexpr std::string_view kLegacyValuePrefix = ":legacy-";

// The legacy members of one request, as expressions (each set when its member is present).
struct LegacyExpressions {
  std::optional<expr::Condition> condition;      // Expected (+ ConditionalOperator)
  std::optional<expr::Condition> key_condition;  // KeyConditions
  // KeyConditions uses an operator a key condition cannot (NE, IN, NULL, ...): Query refuses it once
  // the table, the index, the start key and the key schema are judged.
  bool key_condition_not_indexable = false;
  std::optional<expr::Condition> filter;         // QueryFilter / ScanFilter (+ ConditionalOperator)
  std::optional<expr::UpdateExpression> update;  // AttributeUpdates
  expr::ValueMap values;                         // kLegacyValuePrefix + n -> value
};

// Translates the legacy members of input. Mixing with expression parameters is the caller's check
// (ParseRequestExpressions). Semantics kept from the legacy API, where they differ from the obvious
// expression: NE and Value/EQ compare as in expressions (a missing attribute is "not equal"),
// NOT_CONTAINS is false for a missing attribute, NULL/NOT_NULL test existence, IN tests equality
// with one of the values, ADD of a list appends to the attribute's list (creating it).
// Errors (ValidationException), with DynamoDB's wording:
//   "ConditionalOperator cannot be used without Filter or Expected"
//   "ConditionalOperator can only be used when Filter or Expected has two or more elements"
//   "One or more parameter values were invalid: " + one of
//     "Invalid number of argument(s) for the EQ ComparisonOperator"
//     "AttributeValues inside AttributeValueList must be of same type"
//     "ComparisonOperator LT is not valid for SS AttributeValue type"
//     "Value and AttributeValueList cannot be used together for Attribute: a"
//     "Exists and ComparisonOperator cannot be used together for Attribute: a"
//     "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"
//     "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"
//     "Value must be provided when Exists is null|true for Attribute: a"
//     "Value cannot be used when Exists is false for Attribute: a"
//     "Only DELETE action is allowed when no attribute value is specified"
//     "DELETE action with value is not supported for the type S"
//     "ADD action is not supported for the type S"
//   "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
//   (KeyConditions NE, IN, ... set key_condition_not_indexable: Query answers "Attempted conditional
//   constraint is not an indexable operation" after its table checks)
//   an unknown ComparisonOperator / Action: the model validator's "1 validation error detected: ..."
// plus AttributeValue::FromJson's errors for malformed values.
// `layer`: the operation's, which words its malformed values (number.h, ValueLayer).
core::Result<LegacyExpressions> TranslateLegacyParameters(const boost::json::object& input,
                                                          ValueLayer layer = ValueLayer::kLegacy);

// A QueryFilter / ScanFilter member alone (its operators, values, argument counts and types), which
// DynamoDB judges before the start key and the expressions (dynalite's suite).
core::Status CheckFilter(const boost::json::object& input, std::string_view member,
                         ValueLayer layer = ValueLayer::kLegacy);

}  // namespace tarn::dynamodb
