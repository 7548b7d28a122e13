#pragma once
// DynamoDB's reserved words: a bare attribute name equal to one of them (case-insensitive) must be
// written through an ExpressionAttributeNames placeholder, or the request fails with
// "Attribute name is a reserved keyword; reserved keyword: <name>". Immutable table; thread-safe.

#include <cstddef>
#include <string_view>

namespace tarn::dynamodb::expr {

// True if `name` (any case) is on
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
bool IsReservedWord(std::string_view name);

// The number of reserved words (573), for tests.
size_t ReservedWordCount();

}  // namespace tarn::dynamodb::expr
