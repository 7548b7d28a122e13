#pragma once
// The AST of DynamoDB's expression language (condition/filter/key-condition, update, projection),
// independent of AttributeValue: `:v` placeholders stay names, resolved against the request's
// ExpressionAttributeValues at evaluation time. Produced by parser.h, checked and name-substituted
// by resolve.h. Plain value types: not synchronized.
// Grammar:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::dynamodb::expr {

// Which request parameter an expression came from: it selects the grammar and names the
// expression in every error message ("Invalid <label>: ...").
enum class ExpressionKind { kCondition, kFilter, kKeyCondition, kUpdate, kProjection };

// "ConditionExpression", "FilterExpression", "KeyConditionExpression", "UpdateExpression",
// "ProjectionExpression".
std::string_view ExpressionLabel(ExpressionKind kind);

// One step of a document path: `name`, `#placeholder` or `[index]`. resolve.h turns placeholders
// into names (keeping the placeholder text in `placeholder` for diagnostics).
struct PathElement {
  enum class Kind { kName, kPlaceholder, kIndex };
  Kind kind = Kind::kName;
  std::string name;         // kName: the attribute name; kPlaceholder: "#n" until resolved
  std::string placeholder;  // after resolution: the "#n" it came from, else empty
  uint32_t index = 0;       // kIndex
};

// a.b[2].#c — the first element is always a name or placeholder, never an index.
struct Path {
  std::vector<PathElement> elements;
};

// A value-producing term: a path, a `:value` placeholder, a function call (size, if_not_exists,
// list_append), or, in an update SET only, `a + b` / `a - b`.
struct Operand {
  enum class Kind { kPath, kValue, kFunction, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                  // kPath
  std::string value;          // kValue: ":v" (the placeholder, including the colon)
  std::string function;       // kFunction: the function name as written (names are case-sensitive)
  std::vector<Operand> args;  // kFunction: its arguments; kPlus/kMinus: {lhs, rhs}
};

enum class Comparator { kEq, kNe, kLt, kLe, kGt, kGe };
// "=", "<>", "<", "<=", ">", ">=".
std::string_view ComparatorText(Comparator op);

// A boolean condition. Parentheses are not kept: the tree shape already encodes them.
struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  Comparator op = Comparator::kEq;  // kCompare
  // kCompare: {lhs, rhs}; kBetween: {operand, low, high}; kIn: {operand, candidate...};
  // kFunction: the arguments of attribute_exists, attribute_not_exists, attribute_type,
  // begins_with or contains.
  std::vector<Operand> operands;
  std::string function;             // kFunction
  std::vector<Condition> children;  // kAnd/kOr: {lhs, rhs}; kNot: {operand}
  // A leaf's first operand-count or operand-shape problem (its own or a nested function's), kept
  // here when ParseCondition was asked to leave those to the Resolver (`per_condition`): DynamoDB
  // judges each condition in turn, its undefined names and values before its operands. Empty: none.
  std::string operand_error;
};

// SET path = value
struct SetAction {
  Path path;
  Operand value;
};
// ADD path :v / DELETE path :v
struct ValueAction {
  Path path;
  std::string value;  // ":v"
};

// The four clauses of an UpdateExpression; each appears at most once, in any order.
struct UpdateExpression {
  std::vector<SetAction> set;
  std::vector<Path> remove;
  std::vector<ValueAction> add;
  std::vector<ValueAction> del;  // DELETE
  // The sections in the order the text wrote them (0 SET, 1 REMOVE, 2 ADD, 3 DELETE): DynamoDB names
  // clashing paths in text order. Empty: SET, REMOVE, ADD, DELETE.
  std::vector<uint8_t> section_order;
};

// ProjectionExpression: a list of paths.
struct Projection {
  std::vector<Path> paths;
};

// Canonical, fully parenthesized renderings for tests and logs, e.g.
// "((a = :v) AND (NOT attribute_exists(#b.c[1])))", "SET a = (b + :one) REMOVE c".
std::string ToString(const Path& path);
std::string ToString(const Operand& operand);
std::string ToString(const Condition& condition);
std::string ToString(const UpdateExpression& update);
std::string ToString(const Projection& projection);
// DynamoDB's path notation in overlap/conflict errors: "[a, b, [1]]".
std::string ToErrorString(const Path& path);

}  // namespace tarn::dynamodb::expr
