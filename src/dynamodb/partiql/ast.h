#pragma once
// The AST of DynamoDB's PartiQL subset (SELECT, INSERT, UPDATE, DELETE and, inside
// ExecuteTransaction, EXISTS(SELECT ...)), produced by parser.h and turned into native requests by
// translate.h. `?` parameters stay positions here; translation binds them. Plain value types: not
// synchronized.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dynamodb/attribute_value.h"
#include "dynamodb/expr/ast.h"

namespace tarn::dynamodb::partiql {

// A PartiQL literal: a scalar ('text', 12.5, TRUE, NULL), a `?` parameter, or a collection that may
// hold either: [list], {'tuple': ...} (a map) or <<bag>> (a set).
struct Literal {
  enum class Kind { kScalar, kParameter, kList, kMap, kBag };
  Kind kind = Kind::kScalar;
  AttributeValue scalar;          // kScalar: S, N, BOOL or NULL
  size_t parameter = 0;           // kParameter: 0-based position among the statement's `?`
  std::vector<Literal> elements;  // kList, kBag
  std::vector<std::pair<std::string, Literal>> members;  // kMap, in statement order
};

// A value in a WHERE clause or on the right of SET: a document path, a literal, a function call
// (size, list_append, set_add, set_delete) or, in SET only, `a + b` / `a - b`.
struct Operand {
  enum class Kind { kPath, kLiteral, kFunction, kPlus, kMinus };
  Kind kind = Kind::kPath;
  expr::Path path;            // kPath: names and [index] elements only
  Literal literal;            // kLiteral
  std::string function;       // kFunction: lower-case name
  std::vector<Operand> args;  // kFunction: arguments; kPlus/kMinus: {lhs, rhs}
  std::string at;             // where its first token sits, "line:column:length" (a function: its name)
};

// A WHERE condition. kFunction covers begins_with, contains and attribute_type; kMissing is
// `path IS MISSING` (negated: IS NOT MISSING).
struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kFunction, kMissing, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  expr::Comparator op = expr::Comparator::kEq;  // kCompare
  std::vector<Operand> operands;    // kCompare {lhs, rhs}; kBetween {x, low, high}; kIn {x, candidates...};
                                    // kFunction: arguments; kMissing: {path}
  std::string function;             // kFunction: lower-case name
  std::vector<Condition> children;  // kAnd/kOr {lhs, rhs}; kNot {operand}
};

struct Assignment {  // SET path = value
  expr::Path path;
  Operand value;
};

// RETURNING <ALL|MODIFIED> <OLD|NEW> *, as the native ReturnValues it means.
enum class Returning { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

struct Statement {
  enum class Kind { kSelect, kInsert, kUpdate, kDelete, kExists };
  Kind kind = Kind::kSelect;
  std::string table;
  std::optional<std::string> index;    // SELECT ... FROM "table"."index"
  std::vector<expr::Path> projection;  // SELECT: empty means *
  // SELECT: a function where a projected path belongs (`COUNT(*)`, `attribute_exists(a)`) parses but
  // is refused once the table and index are known (Translate), after the index's own refusals.
  std::optional<std::string> projection_error;
  std::optional<Condition> where;
  std::optional<expr::Path> order_by;  // SELECT ... ORDER BY path
  bool descending = false;             // ORDER BY ... DESC
  Literal item;                        // INSERT: the VALUE tuple (kMap or kParameter)
  std::vector<Assignment> set;         // UPDATE, in statement order
  std::vector<expr::Path> remove;      // UPDATE
  Returning returning = Returning::kNone;
  size_t parameter_count = 0;  // how many `?` the statement holds

  bool IsRead() const { return kind == Kind::kSelect; }
};

}  // namespace tarn::dynamodb::partiql
