#include "dynamodb/number.h"

#include <algorithm>

#include "dynamodb/errors.h"

namespace tarn::dynamodb {
namespace {

constexpr char kNotNumeric[] = "The parameter cannot be converted to a numeric value";
constexpr char kOverflow[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr char kUnderflow[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr char kTooManyDigits[] = "Attempting to store more than 38 significant digits in a Number";
// More digits than this cannot be a valid number (the input is at most a few MB); checking here
// keeps int64 arithmetic on digit counts exact.
constexpr int64_t kExponentLimit = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

core::AwsError NotNumeric(std::string_view text) {
  return ValidationException(std::string(kNotNumeric) + ": " + std::string(text));
}

// Adds or subtracts two non-negative digit strings aligned at the same exponent (both already
// padded to the same length). Returns the digit string of |a| + |b| or |a| - |b| (a >= b).
std::string AddDigits(const std::string& a, const std::string& b) {
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') + (b[i] - '0') + carry;
    out[i + 1] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}

std::string SubtractDigits(const std::string& a, const std::string& b) {
  std::string out(a.size(), '0');
  int borrow = 0;
  for (size_t i = a.size(); i-- > 0;) {
    int d = (a[i] - '0') - (b[i] - '0') - borrow;
    borrow = d < 0 ? 1 : 0;
    out[i] = static_cast<char>('0' + (d + 10) % 10);
  }
  return out;
}

// Compares magnitudes.
std::strong_ordering CompareMagnitude(const Number& a, const Number& b) {
  if (a.IsZero() || b.IsZero()) return b.IsZero() <=> a.IsZero();
  if (a.exponent() != b.exponent()) return a.exponent() <=> b.exponent();
  int c = a.digits().compare(b.digits());
  return c <=> 0;
}

}  // namespace

core::Result<Number> Number::Normalize(bool negative, std::string digits, int64_t exponent,
                                       bool from_arithmetic) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  size_t last = digits.find_last_not_of('0');
  exponent -= static_cast<int64_t>(first);
  digits = digits.substr(first, last - first + 1);
  // Scientific exponent = exponent - 1.
  if (exponent - 1 > kMaxNumberExponent) return ValidationException(kOverflow);
  if (exponent - 1 < kMinNumberExponent) return ValidationException(kUnderflow);
  if (digits.size() > static_cast<size_t>(kMaxNumberDigits)) {
    return ValidationException(from_arithmetic ? kOverflow : kTooManyDigits);
  }
  return Number(negative, std::move(digits), static_cast<int>(exponent));
}

core::Result<Number> Number::Parse(std::string_view text, ValueLayer layer) {
  const bool current = layer != ValueLayer::kLegacy;
  if (text.empty()) return ValidationException(current ? std::string(kNotNumeric) + ": " : kNotNumeric);
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') negative = text[i++] == '-';
  std::string digits;
  int64_t int_digits = 0;
  int64_t fraction_digits = 0;
  bool any_digit = false;
  while (i < text.size() && IsDigit(text[i])) {
    digits.push_back(text[i++]);
    ++int_digits;
    any_digit = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) {
      digits.push_back(text[i++]);
      ++fraction_digits;
      any_digit = true;
    }
  }
  if (!any_digit) return NotNumeric(text);
  // The exponent as written, read in full: one past 64 bits cannot be converted in either layer.
  int64_t exp = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i == text.size()) return NotNumeric(text);
    while (i < text.size() && IsDigit(text[i])) {
      const int d = text[i++] - '0';
      if (exp > (INT64_MAX - d) / 10) return NotNumeric(text);
      exp = exp * 10 + d;
    }
    if (exp_negative) exp = -exp;
  }
  if (i != text.size()) return NotNumeric(text);
  if (static_cast<int64_t>(digits.size()) > kExponentLimit) return NotNumeric(text);
  const size_t first = digits.find_first_not_of('0');
  // Digits of the unscaled value (BigDecimal's precision: 1 for zero) and its scale.
  const int64_t precision = first == std::string::npos ? 1 : static_cast<int64_t>(digits.size() - first);
  const int64_t scale = fraction_digits - exp;  // |exp| < 2^63 and fraction_digits <= kExponentLimit
  if (!current) {
    if (exp < INT32_MIN || exp > INT32_MAX || scale < INT32_MIN || scale > INT32_MAX) return NotNumeric(text);
    if (first == std::string::npos) return Number();
    // precision - scale in 32-bit arithmetic, wrapping as DynamoDB's does.
    const auto magnitude =
        static_cast<int32_t>(static_cast<uint32_t>(precision) - static_cast<uint32_t>(scale));
    if (magnitude - 1 > kMaxNumberExponent) return ValidationException(kOverflow);
    if (magnitude - 1 < kMinNumberExponent) return ValidationException(kUnderflow);
  } else {
    // Range-checked on the exponent as written, zero included; far past the range the digits no
    // longer matter, and stopping here keeps the arithmetic below within int64.
    const int64_t magnitude =
        exp > 0 ? (exp > INT64_MAX / 2 ? INT64_MAX / 2 : exp) + (precision - fraction_digits)
                : (exp < INT64_MIN / 2 ? INT64_MIN / 2 : exp) + (precision - fraction_digits);
    if (first == std::string::npos && layer == ValueLayer::kCurrentExpressionValue) return Number();
    if (magnitude - 1 > kMaxNumberExponent) return ValidationException(kOverflow);
    if (magnitude - 1 < kMinNumberExponent) return ValidationException(kUnderflow);
    if (first == std::string::npos) return Number();
  }
  return Normalize(negative, std::move(digits), int_digits + exp, false);
}

Number Number::FromInt64(int64_t v) {
  bool negative = v < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits = std::to_string(magnitude);
  auto exponent = static_cast<int64_t>(digits.size());
  return *Normalize(negative, std::move(digits), exponent, false);  // 19 digits: always in range
}

std::string Number::ToString() const {
  if (IsZero()) return "0";
  std::string out = negative_ ? "-" : "";
  auto n = static_cast<int>(digits_.size());
  if (exponent_ >= n) {
    out += digits_;
    out.append(static_cast<size_t>(exponent_ - n), '0');
  } else if (exponent_ > 0) {
    out.append(digits_, 0, static_cast<size_t>(exponent_));
    out += '.';
    out.append(digits_, static_cast<size_t>(exponent_));
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-exponent_), '0');
    out += digits_;
  }
  return out;
}

core::Result<Number> Number::Add(const Number& a, const Number& b) {
  if (a.IsZero()) return b;
  if (b.IsZero()) return a;
  // Align both on the larger exponent and the longer fraction: digit i of each string then has
  // the same weight. Lengths are bounded by the exponent range (~300 digits).
  int top = std::max(a.exponent_, b.exponent_);
  auto aligned = [top](const Number& x, size_t width) {
    std::string s(static_cast<size_t>(top - x.exponent_), '0');
    s += x.digits_;
    s.resize(width, '0');
    return s;
  };
  size_t width = std::max(static_cast<size_t>(top - a.exponent_) + a.digits_.size(),
                          static_cast<size_t>(top - b.exponent_) + b.digits_.size());
  std::string x = aligned(a, width), y = aligned(b, width);
  if (a.negative_ == b.negative_) {
    return Normalize(a.negative_, AddDigits(x, y), static_cast<int64_t>(top) + 1, true);
  }
  std::strong_ordering mag = CompareMagnitude(a, b);
  if (mag == 0) return Number();
  if (mag > 0) return Normalize(a.negative_, SubtractDigits(x, y), top, true);
  return Normalize(b.negative_, SubtractDigits(y, x), top, true);
}

core::Result<Number> Number::Subtract(const Number& a, const Number& b) {
  Number negated = b;
  if (!negated.IsZero()) negated.negative_ = !negated.negative_;
  return Add(a, negated);
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& n) { return n.IsZero() ? 0 : (n.negative_ ? -1 : 1); };
  int sa = sign(*this), sb = sign(other);
  if (sa != sb) return sa <=> sb;
  std::strong_ordering mag = CompareMagnitude(*this, other);
  if (sa < 0) return 0 <=> mag;  // reversed for negatives
  return mag;
}

std::string Number::EncodeKey() const {
  if (IsZero()) return std::string(1, '\x01');
  std::string out;
  out.reserve(digits_.size() + 3);
  auto biased = static_cast<unsigned char>(exponent_ + 129);
  if (!negative_) {
    out += '\x02';
    out += static_cast<char>(biased);
    out += digits_;
    out += '\x00';
  } else {
    out += '\x00';
    out += static_cast<char>(255 - biased);
    for (char d : digits_) out += static_cast<char>(0xFF - static_cast<unsigned char>(d));
    out += '\xFF';
  }
  return out;
}

std::optional<std::pair<Number, size_t>> Number::DecodeKeyPrefix(std::string_view bytes) {
  if (bytes.empty()) return std::nullopt;
  auto tag = static_cast<unsigned char>(bytes[0]);
  if (tag == 0x01) return std::make_pair(Number(), size_t{1});
  if ((tag != 0x00 && tag != 0x02) || bytes.size() < 2) return std::nullopt;
  bool negative = tag == 0x00;
  auto e_byte = static_cast<unsigned char>(bytes[1]);
  int exponent = (negative ? 255 - e_byte : e_byte) - 129;
  const unsigned char terminator = negative ? 0xFF : 0x00;
  std::string digits;
  size_t i = 2;
  for (; i < bytes.size() && static_cast<unsigned char>(bytes[i]) != terminator; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    char d = static_cast<char>(negative ? 0xFF - c : c);
    if (!IsDigit(d)) return std::nullopt;
    digits += d;
  }
  if (i == bytes.size() || digits.empty() || digits.front() == '0' || digits.back() == '0' ||
      digits.size() > static_cast<size_t>(kMaxNumberDigits) || exponent - 1 > kMaxNumberExponent ||
      exponent - 1 < kMinNumberExponent) {
    return std::nullopt;
  }
  return std::make_pair(Number(negative, std::move(digits), exponent), i + 1);
}

std::optional<Number> Number::DecodeKey(std::string_view bytes) {
  auto decoded = DecodeKeyPrefix(bytes);
  if (!decoded || decoded->second != bytes.size()) return std::nullopt;
  return std::move(decoded->first);
}

}  // namespace tarn::dynamodb
