#include "dynamodb/expr/parser.h"

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "dynamodb/errors.h"
#include "dynamodb/expr/lexer.h"
#include "dynamodb/expr/reserved_words.h"

namespace tarn::dynamodb::expr {
namespace {

// DynamoDB reports a syntax error (or redundant parentheses, found while parsing: "((b.c)).d" is
// reported as such, not as the syntax error after it) first; of the other problems it reports the
// first one in this order of kinds, whatever their position in the text (dynalite's AWS-verified
// tests: "attRIbute_exIsts((views), #a)" is about the function name, "attribute_exists(views, #a)"
// about the reserved word, not the operand count).
enum Category {
  kFunctionName,
  kFunctionPlace,
  kReserved,
  // After reserved words and function names: " set #c = :c set abOrt = true " is about abOrt,
  // "set #c = if_not_exist(:c) set c = d" about the function (dynalite's updateItem tests).
  kDuplicateSection,
  kNesting,
  kArity,
  kOperandShape,
  kCategoryCount,
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

bool IsConditionFunction(std::string_view f) {
  return f == "attribute_exists" || f == "attribute_not_exists" || f == "attribute_type" ||
         f == "begins_with" || f == "contains";
}
bool IsUpdateFunction(std::string_view f) { return f == "if_not_exists" || f == "list_append"; }
bool IsKnownFunction(std::string_view f) {
  return IsConditionFunction(f) || IsUpdateFunction(f) || f == "size";
}

size_t FunctionArity(std::string_view f) {
  if (f == "attribute_exists" || f == "attribute_not_exists" || f == "size") return 1;
  return 2;
}

bool IsComparator(TokenKind k, Comparator* op) {
  switch (k) {
    case TokenKind::kEq:
      *op = Comparator::kEq;
      return true;
    case TokenKind::kNe:
      *op = Comparator::kNe;
      return true;
    case TokenKind::kLt:
      *op = Comparator::kLt;
      return true;
    case TokenKind::kLe:
      *op = Comparator::kLe;
      return true;
    case TokenKind::kGt:
      *op = Comparator::kGt;
      return true;
    case TokenKind::kGe:
      *op = Comparator::kGe;
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  Parser(std::string_view text, ExpressionKind kind) : text_(text), kind_(kind), tokens_(Tokenize(text)) {}

  void set_per_condition(bool on) { per_condition_ = on; }
  core::Result<Condition> ParseConditionExpression();
  core::Result<UpdateExpression> ParseUpdateExpression(std::optional<core::AwsError>* late);
  core::Result<Projection> ParseProjectionExpression();

 private:
  // What a primary yields before its context decides: a condition, or an operand that may still
  // become a comparison's left side, a condition function, or a syntax error.
  struct Term {
    bool is_condition = false;
    Operand operand;
    Condition condition;
    int parens = 0;  // parentheses directly around this term
  };

  const Token& Peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  bool At(TokenKind k) const { return Peek().kind == k; }
  bool AtKeyword(std::string_view keyword) const {
    return At(TokenKind::kIdentifier) && EqualsIgnoreCase(Peek().text, keyword);
  }
  void Advance() {
    if (pos_ + 1 < tokens_.size()) ++pos_;
  }
  bool Expect(TokenKind k) {
    if (!At(k)) return Fail();
    Advance();
    return true;
  }
  // Records a syntax error at the current token; always returns false.
  bool Fail();
  // Stops parsing with `detail` as the error unless one is already recorded; returns false.
  bool Abort(std::string detail) {
    if (!syntax_error_) syntax_error_ = std::move(detail);
    return false;
  }
  void Semantic(Category category, std::string detail) {
    if (per_condition_ && (category == kArity || category == kOperandShape)) {
      if (!pending_operand_error_) pending_operand_error_ = std::move(detail);
      return;
    }
    if (!semantic_[category]) semantic_[category] = std::move(detail);
  }
  // A leaf condition is complete: the operand problems found since the previous one are its own.
  void AttachOperandError(Condition& leaf) {
    if (!pending_operand_error_) return;
    leaf.operand_error = std::move(*pending_operand_error_);
    pending_operand_error_.reset();
  }
  core::AwsError Error(std::string_view detail) const {
    return ValidationException("Invalid " + std::string(ExpressionLabel(kind_)) + ": " + std::string(detail));
  }
  // Empty and over-long texts, checked before parsing.
  std::optional<core::AwsError> CheckLength() const {
    if (text_.empty()) return Error("The expression can not be empty;");
    if (text_.size() <= kMaxExpressionBytes) return std::nullopt;
    // AWS appends the size for Condition and Filter expressions only.
    std::string detail = "Expression size has exceeded the maximum allowed size;";
    if (kind_ == ExpressionKind::kCondition || kind_ == ExpressionKind::kFilter) {
      detail += " expression size: " + std::to_string(text_.size());
    }
    return Error(detail);
  }
  // The error to return once parsing stopped: syntax, trailing tokens, then semantic categories.
  std::optional<core::AwsError> FinalError(bool parsed);

  // Words the grammar itself uses cannot name an attribute, even before the reserved-word check.
  bool IsGrammarKeyword(std::string_view word) const {
    for (std::string_view k : {"AND", "OR", "NOT", "BETWEEN", "IN"}) {
      if (EqualsIgnoreCase(word, k)) return true;
    }
    if (kind_ != ExpressionKind::kUpdate) return false;
    for (std::string_view k : {"SET", "REMOVE", "ADD", "DELETE"}) {
      if (EqualsIgnoreCase(word, k)) return true;
    }
    return false;
  }
  std::optional<Path> ParsePath();
  std::optional<Operand> ParseFunctionCall(bool update_context, int depth);
  std::optional<Term> ParseOr(int depth);
  std::optional<Term> ParseAnd(int depth);
  std::optional<Term> ParseNot(int depth);
  std::optional<Term> ParsePrimary(int depth);
  std::optional<Term> ParseOperandTerm(int depth);
  std::optional<Term> ParseComparisonTail(Term lhs, int depth);
  std::optional<Condition> ToCondition(Term term);
  std::optional<Operand> ToOperand(Term term);
  void CheckOperandFunction(const Operand& f, bool update_context);
  void CheckArity(const std::string& f, size_t n);
  std::optional<Operand> ParseUpdateOperand(int depth);
  std::optional<Operand> ParseSetValue(int depth = 0);
  bool ParseUpdateClause(UpdateExpression* out);

  std::string_view text_;
  ExpressionKind kind_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::optional<std::string> syntax_error_;
  std::array<std::optional<std::string>, kCategoryCount> semantic_;
  // ParseCondition's per_condition: kArity and kOperandShape go to the condition being parsed.
  bool per_condition_ = false;
  std::optional<std::string> pending_operand_error_;
};

bool Parser::Fail() {
  if (syntax_error_) return false;
  const size_t i = pos_;
  const Token& tok = tokens_[i];
  const bool eof = tok.kind == TokenKind::kEof;
  // "near" spans the previous token through the one after the offending one, cut short at either
  // end: 'token: "REMOVE", near: "SET  REMOVE #Options"', 'token: "0", near: ", 0)"' and 'token:
  // ",", near: "#as, #LambdaPowertoolsContext"' (DynamoDB's answers quoted in public issues), 'token:
  // "INVALID", near: "INVALID SYNTAX"' (nubo-db/dynamodb-conformance's updateItem tests), 'token:
  // "1", near: "VALUE 1"' and 'token: "<EOF>", near: ":theme"'.
  size_t start = i > 0 ? tokens_[i - 1].offset : tok.offset;
  size_t end = tok.offset + tok.text.size();
  if (eof && i > 0) end = tokens_[i - 1].offset + tokens_[i - 1].text.size();
  if (!eof && tokens_[i + 1].kind != TokenKind::kEof)
    end = tokens_[i + 1].offset + tokens_[i + 1].text.size();
  syntax_error_ = "Syntax error; token: \"" + (eof ? std::string("<EOF>") : std::string(tok.text)) +
                  "\", near: \"" + std::string(text_.substr(start, end - start)) + "\"";
  return false;
}

std::optional<core::AwsError> Parser::FinalError(bool parsed) {
  if (parsed && !syntax_error_ && !At(TokenKind::kEof)) Fail();
  if (syntax_error_) return Error(*syntax_error_);
  for (const auto& detail : semantic_) {
    if (detail) return Error(*detail);
  }
  return std::nullopt;
}

std::optional<Path> Parser::ParsePath() {
  Path path;
  auto name_element = [&]() -> bool {
    const Token& tok = Peek();
    if (tok.kind == TokenKind::kIdentifier) {
      if (IsGrammarKeyword(tok.text)) return Fail();
      if (IsReservedWord(tok.text)) {
        Semantic(kReserved,
                 "Attribute name is a reserved keyword; reserved keyword: " + std::string(tok.text));
      }
      path.elements.push_back(PathElement{PathElement::Kind::kName, std::string(tok.text), "", 0});
    } else if (tok.kind == TokenKind::kNamePlaceholder) {
      path.elements.push_back(PathElement{PathElement::Kind::kPlaceholder, std::string(tok.text), "", 0});
    } else {
      return Fail();
    }
    Advance();
    return true;
  };
  if (!name_element()) return std::nullopt;
  while (true) {
    if (At(TokenKind::kDot)) {
      Advance();
      if (!name_element()) return std::nullopt;
    } else if (At(TokenKind::kLBracket)) {
      Advance();
      const Token& tok = Peek();
      // List indexes are unsigned 32-bit; longer digit strings cannot be one.
      if (tok.kind != TokenKind::kNumber || tok.text.size() > 10) return Fail(), std::nullopt;
      const uint64_t index = std::stoull(std::string(tok.text));
      if (index > UINT32_MAX) return Fail(), std::nullopt;
      Advance();
      if (!Expect(TokenKind::kRBracket)) return std::nullopt;
      path.elements.push_back(PathElement{PathElement::Kind::kIndex, "", "", static_cast<uint32_t>(index)});
    } else {
      if (path.elements.size() > kMaxPathDepth) {
        Semantic(kNesting, "The document path has too many nesting levels; nesting levels: " +
                               std::to_string(path.elements.size()));
      }
      return path;
    }
  }
}

// name '(' operand (',' operand)* ')' — the name token is current and followed by '('.
std::optional<Operand> Parser::ParseFunctionCall(bool update_context, int depth) {
  Operand call;
  call.kind = Operand::Kind::kFunction;
  call.function = std::string(Peek().text);
  if (!IsKnownFunction(call.function)) {
    Semantic(kFunctionName, "Invalid function name; function: " + call.function);
  }
  Advance();
  Advance();  // '('
  while (true) {
    std::optional<Operand> arg;
    if (update_context) {
      arg = ParseUpdateOperand(depth + 1);
    } else {
      std::optional<Term> term = ParseOperandTerm(depth + 1);
      if (!term) return std::nullopt;
      arg = ToOperand(std::move(*term));
    }
    if (!arg) return std::nullopt;
    call.args.push_back(std::move(*arg));
    if (!At(TokenKind::kComma)) break;
    Advance();
  }
  if (!Expect(TokenKind::kRParen)) return std::nullopt;
  return call;
}

void Parser::CheckArity(const std::string& f, size_t n) {
  if (n != FunctionArity(f)) {
    Semantic(kArity, "Incorrect number of operands for operator or function; operator or function: " + f +
                         ", number of operands: " + std::to_string(n));
  }
}

// A function call used where a value is expected.
void Parser::CheckOperandFunction(const Operand& call, bool update_context) {
  const std::string& f = call.function;
  if (!IsKnownFunction(f)) return;  // already reported
  if (update_context && !IsUpdateFunction(f)) {
    Semantic(kFunctionPlace, "The function is not allowed in an update expression; function: " + f);
    return;
  }
  if (!update_context && IsUpdateFunction(f)) {
    Semantic(kFunctionPlace, "The function is not allowed in a condition expression; function: " + f);
    return;
  }
  if (IsConditionFunction(f)) {
    Semantic(kFunctionPlace,
             "The function is not allowed to be used this way in an expression; function: " + f);
    return;
  }
  CheckArity(f, call.args.size());
  if (f == "if_not_exists" && !call.args.empty() && call.args[0].kind != Operand::Kind::kPath) {
    Semantic(kOperandShape, "Operator or function requires a document path; operator or function: " + f);
  }
  // DynamoDB refuses list_append(list_append(...), ...) though it takes list_append(if_not_exists(...)).
  if (f == "list_append") {
    for (const Operand& arg : call.args) {
      if (arg.kind == Operand::Kind::kFunction && arg.function == "list_append") {
        Semantic(kFunctionPlace,
                 "The function is not allowed to be used this way in an expression; function: list_append");
      }
    }
  }
}

std::optional<Condition> Parser::ToCondition(Term term) {
  if (term.is_condition) return std::move(term.condition);
  if (term.operand.kind != Operand::Kind::kFunction) return Fail(), std::nullopt;
  Condition c;
  c.kind = Condition::Kind::kFunction;
  c.function = term.operand.function;
  c.operands = std::move(term.operand.args);
  const std::string& f = c.function;
  if (!IsKnownFunction(f)) {
    AttachOperandError(c);
    return c;  // already reported
  }
  if (IsUpdateFunction(f)) {
    Semantic(kFunctionPlace, "The function is not allowed in a condition expression; function: " + f);
  } else if (!IsConditionFunction(f)) {
    Semantic(kFunctionPlace,
             "The function is not allowed to be used this way in an expression; function: " + f);
  } else {
    CheckArity(f, c.operands.size());
    if ((f == "attribute_exists" || f == "attribute_not_exists") && !c.operands.empty() &&
        c.operands[0].kind != Operand::Kind::kPath) {
      Semantic(kOperandShape, "Operator or function requires a document path; operator or function: " + f);
    }
  }
  AttachOperandError(c);
  return c;
}

std::optional<Operand> Parser::ToOperand(Term term) {
  if (term.is_condition) return Fail(), std::nullopt;
  if (term.operand.kind == Operand::Kind::kFunction) CheckOperandFunction(term.operand, false);
  return std::move(term.operand);
}

std::optional<Parser::Term> Parser::ParseOr(int depth) {
  std::optional<Term> lhs = ParseAnd(depth);
  while (lhs && AtKeyword("OR")) {
    std::optional<Condition> left = ToCondition(std::move(*lhs));
    if (!left) return std::nullopt;
    Advance();
    std::optional<Term> rhs = ParseAnd(depth);
    if (!rhs) return std::nullopt;
    std::optional<Condition> right = ToCondition(std::move(*rhs));
    if (!right) return std::nullopt;
    Term combined;
    combined.is_condition = true;
    combined.condition.kind = Condition::Kind::kOr;
    combined.condition.children.push_back(std::move(*left));
    combined.condition.children.push_back(std::move(*right));
    lhs = std::move(combined);
  }
  return lhs;
}

std::optional<Parser::Term> Parser::ParseAnd(int depth) {
  std::optional<Term> lhs = ParseNot(depth);
  while (lhs && AtKeyword("AND")) {
    std::optional<Condition> left = ToCondition(std::move(*lhs));
    if (!left) return std::nullopt;
    Advance();
    std::optional<Term> rhs = ParseNot(depth);
    if (!rhs) return std::nullopt;
    std::optional<Condition> right = ToCondition(std::move(*rhs));
    if (!right) return std::nullopt;
    Term combined;
    combined.is_condition = true;
    combined.condition.kind = Condition::Kind::kAnd;
    combined.condition.children.push_back(std::move(*left));
    combined.condition.children.push_back(std::move(*right));
    lhs = std::move(combined);
  }
  return lhs;
}

std::optional<Parser::Term> Parser::ParseNot(int depth) {
  if (!AtKeyword("NOT")) return ParsePrimary(depth);
  if (depth > kMaxNestingDepth) return Fail(), std::nullopt;
  Advance();
  std::optional<Term> inner = ParseNot(depth + 1);
  if (!inner) return std::nullopt;
  std::optional<Condition> operand = ToCondition(std::move(*inner));
  if (!operand) return std::nullopt;
  Term term;
  term.is_condition = true;
  term.condition.kind = Condition::Kind::kNot;
  term.condition.children.push_back(std::move(*operand));
  return term;
}

std::optional<Parser::Term> Parser::ParsePrimary(int depth) {
  if (!At(TokenKind::kLParen)) {
    std::optional<Term> atom = ParseOperandTerm(depth);
    if (!atom) return std::nullopt;
    return ParseComparisonTail(std::move(*atom), depth);
  }
  if (depth > kMaxNestingDepth) return Fail(), std::nullopt;
  Advance();
  std::optional<Term> inner = ParseOr(depth + 1);
  if (!inner || !Expect(TokenKind::kRParen)) return std::nullopt;
  if (++inner->parens >= 2) return Abort("The expression has redundant parentheses;"), std::nullopt;
  if (inner->is_condition) return inner;
  return ParseComparisonTail(std::move(*inner), depth);
}

// path | :value | function call | '(' operand ')'
std::optional<Parser::Term> Parser::ParseOperandTerm(int depth) {
  Term term;
  if (At(TokenKind::kLParen)) {
    if (depth > kMaxNestingDepth) return Fail(), std::nullopt;
    Advance();
    std::optional<Term> inner = ParseOperandTerm(depth + 1);
    if (!inner || !Expect(TokenKind::kRParen)) return std::nullopt;
    if (++inner->parens >= 2) return Abort("The expression has redundant parentheses;"), std::nullopt;
    return inner;
  }
  if (At(TokenKind::kValuePlaceholder)) {
    term.operand.kind = Operand::Kind::kValue;
    term.operand.value = std::string(Peek().text);
    Advance();
    return term;
  }
  if (At(TokenKind::kIdentifier) && Peek(1).kind == TokenKind::kLParen) {
    if (depth > kMaxNestingDepth) return Fail(), std::nullopt;
    std::optional<Operand> call = ParseFunctionCall(false, depth);
    if (!call) return std::nullopt;
    term.operand = std::move(*call);
    return term;
  }
  std::optional<Path> path = ParsePath();
  if (!path) return std::nullopt;
  term.operand.kind = Operand::Kind::kPath;
  term.operand.path = std::move(*path);
  return term;
}

std::optional<Parser::Term> Parser::ParseComparisonTail(Term lhs, int depth) {
  Comparator op;
  Term result;
  result.is_condition = true;
  Condition& c = result.condition;
  if (IsComparator(Peek().kind, &op)) {
    c.kind = Condition::Kind::kCompare;
    c.op = op;
  } else if (AtKeyword("BETWEEN")) {
    c.kind = Condition::Kind::kBetween;
  } else if (AtKeyword("IN")) {
    c.kind = Condition::Kind::kIn;
  } else {
    return lhs;
  }
  std::optional<Operand> first = ToOperand(std::move(lhs));
  if (!first) return std::nullopt;
  c.operands.push_back(std::move(*first));
  Advance();
  auto operand = [&]() -> bool {
    std::optional<Term> term = ParseOperandTerm(depth);
    if (!term) return false;
    std::optional<Operand> value = ToOperand(std::move(*term));
    if (!value) return false;
    c.operands.push_back(std::move(*value));
    return true;
  };
  if (c.kind == Condition::Kind::kCompare) {
    if (!operand()) return std::nullopt;
  } else if (c.kind == Condition::Kind::kBetween) {
    if (!operand()) return std::nullopt;
    if (!AtKeyword("AND")) return Fail(), std::nullopt;
    Advance();
    if (!operand()) return std::nullopt;
  } else {
    if (!Expect(TokenKind::kLParen)) return std::nullopt;
    while (true) {
      // The 101st value is reported as a syntax error at that value.
      if (c.operands.size() > kMaxInOperands) return Fail(), std::nullopt;
      if (!operand()) return std::nullopt;
      if (!At(TokenKind::kComma)) break;
      Advance();
    }
    if (!Expect(TokenKind::kRParen)) return std::nullopt;
  }
  AttachOperandError(c);
  return result;
}

core::Result<Condition> Parser::ParseConditionExpression() {
  if (auto error = CheckLength()) return std::move(*error);
  std::optional<Term> term = ParseOr(0);
  std::optional<Condition> condition;
  if (term) condition = ToCondition(std::move(*term));
  // Every problem belongs to a leaf once parsing succeeded; should one not, it is reported here.
  if (pending_operand_error_ && !semantic_[kArity]) semantic_[kArity] = std::move(*pending_operand_error_);
  if (auto error = FinalError(condition.has_value())) return std::move(*error);
  return std::move(*condition);
}

// :value | function(update operands) | path | '(' operand [('+'|'-') operand] ')'
std::optional<Operand> Parser::ParseUpdateOperand(int depth) {
  Operand operand;
  if (At(TokenKind::kLParen)) {
    // DynamoDB takes "SET b.c = ((c[1]) + (b.a))" (dynalite's updateItem tests, run against AWS).
    if (depth > kMaxNestingDepth) return Fail(), std::nullopt;
    Advance();
    std::optional<Operand> inner = ParseSetValue(depth + 1);
    if (!inner || !Expect(TokenKind::kRParen)) return std::nullopt;
    return inner;
  }
  if (At(TokenKind::kValuePlaceholder)) {
    operand.kind = Operand::Kind::kValue;
    operand.value = std::string(Peek().text);
    Advance();
    return operand;
  }
  if (At(TokenKind::kIdentifier) && Peek(1).kind == TokenKind::kLParen) {
    if (depth > kMaxNestingDepth) return Fail(), std::nullopt;
    std::optional<Operand> call = ParseFunctionCall(true, depth);
    if (call) CheckOperandFunction(*call, true);
    return call;
  }
  std::optional<Path> path = ParsePath();
  if (!path) return std::nullopt;
  operand.path = std::move(*path);
  return operand;
}

std::optional<Operand> Parser::ParseSetValue(int depth) {
  std::optional<Operand> lhs = ParseUpdateOperand(depth);
  if (!lhs || !(At(TokenKind::kPlus) || At(TokenKind::kMinus))) return lhs;
  Operand arithmetic;
  arithmetic.kind = At(TokenKind::kPlus) ? Operand::Kind::kPlus : Operand::Kind::kMinus;
  Advance();
  std::optional<Operand> rhs = ParseUpdateOperand(depth);
  if (!rhs) return std::nullopt;
  arithmetic.args.push_back(std::move(*lhs));
  arithmetic.args.push_back(std::move(*rhs));
  return arithmetic;
}

// One SET/REMOVE/ADD/DELETE clause; the keyword is current.
bool Parser::ParseUpdateClause(UpdateExpression* out) {
  static constexpr std::array<std::string_view, 4> kSections = {"SET", "REMOVE", "ADD", "DELETE"};
  size_t section = kSections.size();
  for (size_t i = 0; i < kSections.size(); ++i) {
    if (AtKeyword(kSections[i])) section = i;
  }
  if (section == kSections.size()) return Fail();
  const bool repeated = (section == 0 && !out->set.empty()) || (section == 1 && !out->remove.empty()) ||
                        (section == 2 && !out->add.empty()) || (section == 3 && !out->del.empty());
  if (repeated) {
    Semantic(kDuplicateSection, "The \"" + std::string(kSections[section]) +
                                    "\" section can only be used once in an update expression;");
  } else {
    out->section_order.push_back(static_cast<uint8_t>(section));
  }
  Advance();
  do {
    std::optional<Path> path = ParsePath();
    if (!path) return false;
    if (section == 0) {
      if (!Expect(TokenKind::kEq)) return false;
      std::optional<Operand> value = ParseSetValue();
      if (!value) return false;
      out->set.push_back(SetAction{std::move(*path), std::move(*value)});
    } else if (section == 1) {
      out->remove.push_back(std::move(*path));
    } else {
      if (!At(TokenKind::kValuePlaceholder)) return Fail();
      ValueAction action{std::move(*path), std::string(Peek().text)};
      Advance();
      (section == 2 ? out->add : out->del).push_back(std::move(action));
    }
    if (!At(TokenKind::kComma)) return true;
    Advance();
  } while (true);
}

core::Result<UpdateExpression> Parser::ParseUpdateExpression(std::optional<core::AwsError>* late) {
  if (auto error = CheckLength()) return std::move(*error);
  UpdateExpression update;
  bool parsed = true;
  do {
    parsed = ParseUpdateClause(&update);
  } while (parsed && !At(TokenKind::kEof));
  if (parsed && !syntax_error_ && !At(TokenKind::kEof)) Fail();
  if (late && !syntax_error_) {
    size_t first = 0;
    while (first < kCategoryCount && !semantic_[first]) ++first;
    if (first >= kArity && first < kCategoryCount) {
      *late = Error(*semantic_[first]);
      return update;
    }
  }
  if (auto error = FinalError(parsed)) return std::move(*error);
  return update;
}

core::Result<Projection> Parser::ParseProjectionExpression() {
  if (auto error = CheckLength()) return std::move(*error);
  Projection projection;
  bool parsed = true;
  while (true) {
    std::optional<Path> path = ParsePath();
    if (!path) {
      parsed = false;
      break;
    }
    projection.paths.push_back(std::move(*path));
    if (!At(TokenKind::kComma)) break;
    Advance();
  }
  if (auto error = FinalError(parsed)) return std::move(*error);
  return projection;
}

}  // namespace

core::Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind, bool per_condition) {
  Parser parser(text, kind);
  parser.set_per_condition(per_condition);
  return parser.ParseConditionExpression();
}

core::Result<UpdateExpression> ParseUpdate(std::string_view text, std::optional<core::AwsError>* late) {
  return Parser(text, ExpressionKind::kUpdate).ParseUpdateExpression(late);
}

core::Result<Projection> ParseProjection(std::string_view text) {
  return Parser(text, ExpressionKind::kProjection).ParseProjectionExpression();
}

}  // namespace tarn::dynamodb::expr
