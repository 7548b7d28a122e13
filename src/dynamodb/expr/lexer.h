#pragma once
// Tokenizer for DynamoDB expressions. It never fails: an unexpected character becomes a kInvalid
// token, so the parser reports it as DynamoDB does ("Syntax error; token: ..."). Keywords (AND,
// SET, ...) are plain identifiers here; the parser recognizes them case-insensitively in context.
// Numbers are lexed only because list indexes use them: DynamoDB expressions have no literals.
// Pure function; thread-safe.

#include <cstddef>
#include <string_view>
#include <vector>

namespace tarn::dynamodb::expr {

enum class TokenKind {
  kIdentifier,        // [A-Za-z_][A-Za-z0-9_]*  (names, keywords, function names)
  kNamePlaceholder,   // #[A-Za-z0-9_]+
  kValuePlaceholder,  // :[A-Za-z0-9_]+
  kNumber,            // [0-9]+ (list indexes only)
  kDot,
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kComma,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kInvalid,  // any other character (one code unit), or a lone '#' / ':'
  kEof,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;  // a view into the expression; empty for kEof
  size_t offset = 0;      // byte offset of `text` in the expression
};

// Splits `text` into tokens, skipping ASCII whitespace; the last token is always kEof. The tokens
// view `text`, which must outlive them.
std::vector<Token> Tokenize(std::string_view text);

}  // namespace tarn::dynamodb::expr
