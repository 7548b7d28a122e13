#include "dynamodb/expr/lexer.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::dynamodb::expr {
namespace {

std::string Kinds(std::string_view text) {
  std::string out;
  for (const Token& t : Tokenize(text)) {
    if (!out.empty()) out += " ";
    switch (t.kind) {
      case TokenKind::kIdentifier:
        out += "id(" + std::string(t.text) + ")";
        break;
      case TokenKind::kNamePlaceholder:
        out += "name(" + std::string(t.text) + ")";
        break;
      case TokenKind::kValuePlaceholder:
        out += "value(" + std::string(t.text) + ")";
        break;
      case TokenKind::kNumber:
        out += "num(" + std::string(t.text) + ")";
        break;
      case TokenKind::kInvalid:
        out += "bad(" + std::string(t.text) + ")";
        break;
      case TokenKind::kEof:
        out += "EOF";
        break;
      default:
        out += std::string(t.text);
    }
  }
  return out;
}

TEST(ExprLexerTest, NamesPlaceholdersAndPunctuation) {
  EXPECT_EQ(Kinds("a.b[12] = :v_1"), "id(a) . id(b) [ num(12) ] = value(:v_1) EOF");
  EXPECT_EQ(Kinds("#n<>:x AND c<=d OR e>=f"),
            "name(#n) <> value(:x) id(AND) id(c) <= id(d) id(OR) id(e) >= id(f) EOF");
  EXPECT_EQ(Kinds("size(a)<b,c>d+e-f"), "id(size) ( id(a) ) < id(b) , id(c) > id(d) + id(e) - id(f) EOF");
  EXPECT_EQ(Kinds(" \t\n "), "EOF");
}

TEST(ExprLexerTest, OffsetsPointIntoTheText) {
  auto tokens = Tokenize("  ab  :c");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].offset, 2u);
  EXPECT_EQ(tokens[1].offset, 6u);
  EXPECT_EQ(tokens[2].offset, 8u);
  EXPECT_EQ(tokens[2].kind, TokenKind::kEof);
}

TEST(ExprLexerTest, UnknownCharactersBecomeInvalidTokens) {
  EXPECT_EQ(Kinds("a != b"), "id(a) bad(!) = id(b) EOF");
  EXPECT_EQ(Kinds("# : $"), "bad(#) bad(:) bad($) EOF");
  EXPECT_EQ(Kinds("\"x\""), "bad(\") id(x) bad(\") EOF");
  // A multi-byte UTF-8 character stays one token.
  EXPECT_EQ(Kinds("\xC3\xBC > a"), "bad(\xC3\xBC) > id(a) EOF");
}

TEST(ExprLexerTest, NumbersAreSeparateFromNames) {
  EXPECT_EQ(Kinds("a > 4"), "id(a) > num(4) EOF");
  EXPECT_EQ(Kinds("1abc"), "num(1) id(abc) EOF");
  EXPECT_EQ(Kinds("a4_b"), "id(a4_b) EOF");
}

TEST(ExprLexerTest, NamesStartWithALetter) {
  // '_' may follow a letter but starts no name; placeholders may start with it.
  EXPECT_EQ(Kinds("A123_ _abc"), "id(A123_) bad(_) id(abc) EOF");
  EXPECT_EQ(Kinds("_123"), "bad(_) num(123) EOF");
  EXPECT_EQ(Kinds("#_a :_b"), "name(#_a) value(:_b) EOF");
}

}  // namespace
}  // namespace tarn::dynamodb::expr
