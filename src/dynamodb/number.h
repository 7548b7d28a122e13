#pragma once
// Number: DynamoDB's N type, an exact decimal with at most 38 significant digits and a magnitude in
// [1E-130, 1E+126) (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number). No binary floating point is
// ever involved. Always normalized (no leading/trailing zero digits, zero has no sign), so equal
// values have equal representations. An immutable value type: share or copy it across threads.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-data-types
inline constexpr int kMaxNumberDigits = 38;
// Magnitude 1E-130 .. 9.9999999999999999999999999999999999999E+125: scientific exponents -130..125.
inline constexpr int kMinNumberExponent = -130;
inline constexpr int kMaxNumberExponent = 125;

// DynamoDB checks a request's values in one of two layers, and the operation decides which; they
// word a malformed number and a duplicate set member differently (paritysuite/dynamodb-conformance,
// tests/tier3/error-messages/valueLayers and limits/numberExponent, captured in four regions in
// October 2026):
//   kCurrent  PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query. An exponent that fits
//             64 bits is range-checked (1e2147483647 overflows), zero too by the exponent written
//             (0e126 overflows), an empty number keeps the colon ("...numeric value: ").
//   kLegacy   every other operation: the number is read as Java's BigDecimal reads it (an exponent
//             or scale past 32 bits cannot be converted; the magnitude check wraps in 32-bit
//             arithmetic, so 1e2147483647 underflows), zero is never out of range, an empty number
//             has no colon.
//   kCurrentExpressionValue  kCurrent's words for an ExpressionAttributeValues entry, whose zero is not
//             range-checked (scylladb test_number.py, run against DynamoDB: UpdateItem takes ":val" 0e1000).
enum class ValueLayer { kLegacy, kCurrent, kCurrentExpressionValue };

class Number {
 public:
  Number() = default;  // zero

  // Parses the wire text of an N value as DynamoDB does (Java BigDecimal syntax):
  //   [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
  // No spaces, no NaN/Infinity, no hex: scylladb test/alternator/test_number.py (test_invalid_numbers,
  // written to pass against AWS) sees " 1", "1 ", "NaN", "Infinity" rejected and "+3", ".123",
  // "0001.23", "1e+5", "0e1000" accepted. Errors (all ValidationException):
  //   ""        -> "The parameter cannot be converted to a numeric value" (kCurrent: ends ": ")
  //   "abc"     -> "The parameter cannot be converted to a numeric value: abc"
  //   too big   -> "Number overflow. Attempting to store a number with magnitude larger than supported range"
  //   too small -> "Number underflow. Attempting to store a number with magnitude smaller than supported
  //   range" 39 digits -> "Attempting to store more than 38 significant digits in a Number"
  static core::Result<Number> Parse(std::string_view text, ValueLayer layer = ValueLayer::kLegacy);
  static Number FromInt64(int64_t v);

  // DynamoDB's output form: plain decimal notation, never an exponent, no trailing fraction zeros:
  // "1.50" -> "1.5", "1e2" -> "100", "-0" -> "0", "1E+125" -> "1" and 125 zeros. This is what
  // dynalite (mhart/dynalite, validations/index.js checkNum: Big(n).toFixed()) returns, and it was
  // written against real DynamoDB responses.
  std::string ToString() const;

  bool IsZero() const { return digits_.empty(); }
  bool IsNegative() const { return negative_; }
  // Significant digits without leading/trailing zeros ("" for zero) and the exponent e such that
  // |value| = 0.<digits> x 10^e.
  const std::string& digits() const { return digits_; }
  int exponent() const { return exponent_; }

  // Exact sum/difference. A result outside the range fails with the overflow/underflow message;
  // a result needing more than 38 digits fails with the overflow message too, which is what
  // DynamoDB answers for e.g. 1E50 + 1 (observed by scylladb test/alternator/test_number.py,
  // test_update_expression_plus_imprecise). DynamoDB never rounds.
  static core::Result<Number> Add(const Number& a, const Number& b);
  static core::Result<Number> Subtract(const Number& a, const Number& b);

  // Order-preserving, self-delimiting binary form: bytewise order of encodings == numeric order,
  // and no encoding is a prefix of another. Layout (docs/storage-formats.md, "dynamodb: key attribute values
  // and primary keys"):
  //   zero:     0x01
  //   positive: 0x02, (e + 129) as one byte, each digit as '0'..'9', 0x00
  //   negative: 0x00, 255 - (e + 129), each digit as 0xFF - ('0'..'9'), 0xFF
  // where e is exponent() (-129..126, so e + 129 fits one byte).
  std::string EncodeKey() const;
  // Decodes one EncodeKey() value at the start of bytes; returns it and the bytes consumed, or
  // nullopt for anything malformed (including non-normalized digits).
  static std::optional<std::pair<Number, size_t>> DecodeKeyPrefix(std::string_view bytes);
  // Exactly one encoded value, nothing after it.
  static std::optional<Number> DecodeKey(std::string_view bytes);

  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

 private:
  Number(bool negative, std::string digits, int exponent)
      : negative_(negative), digits_(std::move(digits)), exponent_(exponent) {}
  // Strips zeros, range-checks (messages as Parse) and builds the value.
  static core::Result<Number> Normalize(bool negative, std::string digits, int64_t exponent,
                                        bool from_arithmetic);

  bool negative_ = false;
  std::string digits_;  // '1'..'9' first and last; empty for zero
  int exponent_ = 0;    // value = 0.digits_ x 10^exponent_
};

}  // namespace tarn::dynamodb
