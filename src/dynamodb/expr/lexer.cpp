#include "dynamodb/expr/lexer.h"

namespace tarn::dynamodb::expr {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// A name starts with a letter; '_' may only follow ("SET _a" is DynamoDB's 'Syntax error; token: "_"').
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }

size_t WordEnd(std::string_view text, size_t from) {
  while (from < text.size() && IsWordChar(text[from])) ++from;
  return from;
}

// Single- and two-character punctuation; returns 0 when `text[pos]` starts none.
size_t Punctuation(std::string_view text, size_t pos, TokenKind* kind) {
  const char c = text[pos];
  const char next = pos + 1 < text.size() ? text[pos + 1] : '\0';
  switch (c) {
    case '.':
      *kind = TokenKind::kDot;
      return 1;
    case '[':
      *kind = TokenKind::kLBracket;
      return 1;
    case ']':
      *kind = TokenKind::kRBracket;
      return 1;
    case '(':
      *kind = TokenKind::kLParen;
      return 1;
    case ')':
      *kind = TokenKind::kRParen;
      return 1;
    case ',':
      *kind = TokenKind::kComma;
      return 1;
    case '=':
      *kind = TokenKind::kEq;
      return 1;
    case '+':
      *kind = TokenKind::kPlus;
      return 1;
    case '-':
      *kind = TokenKind::kMinus;
      return 1;
    case '<':
      if (next == '>') {
        *kind = TokenKind::kNe;
        return 2;
      }
      if (next == '=') {
        *kind = TokenKind::kLe;
        return 2;
      }
      *kind = TokenKind::kLt;
      return 1;
    case '>':
      if (next == '=') {
        *kind = TokenKind::kGe;
        return 2;
      }
      *kind = TokenKind::kGt;
      return 1;
    default:
      return 0;
  }
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos >= text.size()) break;
    const char c = text[pos];
    size_t end = pos + 1;
    TokenKind kind = TokenKind::kInvalid;
    if (IsAlpha(c)) {
      kind = TokenKind::kIdentifier;
      end = WordEnd(text, pos);
    } else if (IsDigit(c)) {
      kind = TokenKind::kNumber;
      while (end < text.size() && IsDigit(text[end])) ++end;
    } else if (c == '#' || c == ':') {
      end = WordEnd(text, pos + 1);
      if (end > pos + 1) {
        kind = c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder;
      } else {
        end = pos + 1;  // a lone '#' or ':' is an invalid token
      }
    } else if (size_t len = Punctuation(text, pos, &kind); len > 0) {
      end = pos + len;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // Report a whole UTF-8 sequence as one token rather than a broken byte.
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    tokens.push_back(Token{kind, text.substr(pos, end - pos), pos});
    pos = end;
  }
  tokens.push_back(Token{TokenKind::kEof, std::string_view(), text.size()});
  return tokens;
}

}  // namespace tarn::dynamodb::expr
