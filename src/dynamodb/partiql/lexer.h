#pragma once
// Tokens of DynamoDB's PartiQL: identifiers (bare, or "double quoted" and case-sensitive),
// 'single quoted' strings ('' escapes a quote), numbers, `?` and punctuation including << >> for
// bags. Keywords are bare identifiers; the parser decides which words are keywords. Pure; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tarn::dynamodb::partiql {

struct Token {
  enum class Kind { kIdentifier, kQuotedIdentifier, kString, kNumber, kParameter, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;  // the identifier/string contents (unescaped), the number or the punctuation
  std::string at;    // where the token sits as DynamoDB names it: "line:column:length", from 1
};

// Splits `statement`; the last token is kEnd. ValidationException "Statement wasn't well formed,
// can't be processed: ..." for an unterminated string or identifier or a character PartiQL has no
// token for.
core::Result<std::vector<Token>> Tokenize(std::string_view statement);

// ValidationException "Statement wasn't well formed, can't be processed: <detail>": DynamoDB's
// envelope for every syntax error.
core::AwsError MalformedStatement(std::string_view detail);

}  // namespace tarn::dynamodb::partiql
