#pragma once
// Recursive-descent parsers for DynamoDB's expression language. Syntax and the checks DynamoDB
// makes on the text alone (reserved words, function names and arity, where a function may appear,
// redundant parentheses) happen here; placeholders are checked against the request's maps later
// (resolve.h). Every failure is a ValidationException whose message is DynamoDB's, prefixed with
// "Invalid <Kind>Expression: ". Pure functions; thread-safe.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "dynamodb/expr/ast.h"

namespace tarn::dynamodb::expr {

// DynamoDB caps every expression string at 4 KB, measured before placeholder substitution.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
inline constexpr size_t kMaxExpressionBytes = 4096;
// A document path has at most 32 elements (names and indexes).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
inline constexpr size_t kMaxPathDepth = 32;
// "a IN (b, c, ...)": at most 100 values in the list (same page).
inline constexpr size_t kMaxInOperands = 100;
// Guards the recursion against hostile inputs such as 4,000 '(' (not an AWS limit: a parenthesis
// nested deeper than this is reported as a syntax error at that parenthesis).
inline constexpr int kMaxNestingDepth = 256;

// Parses a ConditionExpression, FilterExpression or KeyConditionExpression (`kind` picks the label
// of the messages; KeyConditionExpression structure is checked by ToKeyCondition in resolve.h).
// Precedence, high to low: comparators, IN, BETWEEN, functions, NOT, AND, OR.
// Errors (ValidationException, "Invalid <Kind>: " + one of):
//   "The expression can not be empty;"
//   "Expression size has exceeded the maximum allowed size;[ expression size: <n>]"  (over 4096 bytes;
//    the size suffix only for Condition and Filter expressions)
//   "Syntax error; token: \"<tok>\", near: \"<prev tok ... tok>\""  (token "<EOF>" at the end)
//   "The expression has redundant parentheses;"
//   "Invalid function name; function: <f>"
//   "The function is not allowed to be used this way in an expression; function: <f>"
//   "The function is not allowed in a condition expression; function: <f>"  (if_not_exists, list_append)
//   "Attribute name is a reserved keyword; reserved keyword: <name>"
//   "The document path has too many nesting levels; nesting levels: <n>"
//   "Incorrect number of operands for operator or function; operator or function: <f>, number of operands:
//   <n>" "Operator or function requires a document path; operator or function: <f>"
// per_condition: the last two (operand count and shape) are not returned but kept on the condition
// they occur in (Condition::operand_error) for Resolver::Resolve, which reports them in DynamoDB's
// order; a condition parsed so must be resolved before it is evaluated.
core::Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind,
                                       bool per_condition = false);

// Parses an UpdateExpression: SET a = op[, ...] REMOVE p[, ...] ADD p :v[, ...] DELETE p :v[, ...],
// clauses in any order, each at most once. SET values are operands (path, :value, if_not_exists,
// list_append) or one `x + y` / `x - y`. Errors as ParseCondition (label "UpdateExpression"), plus
//   "The \"SET\" section can only be used once in an update expression;"  (also REMOVE/ADD/DELETE)
//   "The function is not allowed in an update expression; function: <f>"  (condition functions, size)
// late: when given, an operand-count or operand-shape error is stored there instead of returned
// (DynamoDB reports those after the expression's names, values and paths are judged: dynalite's
// updateItem tests); the expression must not be used when it is set.
core::Result<UpdateExpression> ParseUpdate(std::string_view text,
                                           std::optional<core::AwsError>* late = nullptr);

// Parses a ProjectionExpression: a comma-separated list of document paths. Errors as ParseCondition
// (label "ProjectionExpression"): empty, syntax, reserved keyword.
core::Result<Projection> ParseProjection(std::string_view text);

}  // namespace tarn::dynamodb::expr
