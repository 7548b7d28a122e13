#pragma once
// Recursive-descent parser for DynamoDB's PartiQL statements
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html):
//   SELECT * | path, ... FROM "table"[."index"] [WHERE condition] [ORDER BY path [ASC|DESC]]
//   INSERT INTO "table" VALUE {'name': literal, ...}
//   UPDATE "table" (SET path = value[, ...] | REMOVE path[, ...])... WHERE condition
//          [RETURNING ALL|MODIFIED OLD|NEW *]
//   DELETE FROM "table" WHERE condition [RETURNING ALL OLD *]
//   EXISTS(SELECT * FROM "table" WHERE condition)   (ExecuteTransaction only; the caller checks)
// Keywords are case-insensitive; a keyword used as a name must be "quoted". Pure; thread-safe.

#include <string_view>

#include "core/result.h"
#include "dynamodb/partiql/ast.h"

namespace tarn::dynamodb::partiql {

// PartiQL statements are at most 8 KB (the model's PartiQLStatement max), and nested literals or
// parentheses at most this deep (a guard for hostile input, not an AWS limit).
inline constexpr int kMaxNestingDepth = 64;

// Errors are ValidationException "Statement wasn't well formed, can't be processed: <detail>":
//   "Expected data manipulation"   the statement does not start with SELECT/INSERT/UPDATE/DELETE/EXISTS
//   "Unexpected keyword"           a keyword where a name, value or other keyword belongs
//   "Unexpected token"             any other token out of place
//   "Unexpected end of statement"  the statement stops early
//   "Unterminated quoted text", "Unexpected character" (lexer.h), "Invalid number"
//   "Too deeply nested"
// The first two are DynamoDB's words; the others are tarn's (DynamoDB's were not verifiable).
core::Result<Statement> ParseStatement(std::string_view statement);

}  // namespace tarn::dynamodb::partiql
