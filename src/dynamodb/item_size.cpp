#include "dynamodb/item_size.h"

#include <algorithm>
#include <string>

#include "dynamodb/errors.h"

namespace tarn::dynamodb {
namespace {

// Drops "00" pairs from the ends of a digit string (zaccharles' zeros()).
std::string_view TrimZeroPairs(std::string_view s, bool left, bool right) {
  while (left && s.size() >= 2 && s.substr(0, 2) == "00") s.remove_prefix(2);
  while (right && s.size() >= 2 && s.substr(s.size() - 2) == "00") s.remove_suffix(2);
  return s;
}

size_t MeasurePlain(std::string_view plain) {
  size_t dot = plain.find('.');
  if (dot == std::string_view::npos) return (TrimZeroPairs(plain, true, true).size() + 1) / 2;
  std::string integer(plain.substr(0, dot));
  std::string fraction(TrimZeroPairs(plain.substr(dot + 1), false, false));
  if (integer == "0") {
    integer.clear();
    fraction = std::string(TrimZeroPairs(fraction, true, false));
  }
  // Pad each side to whole base-100 digits around the decimal point.
  // (Prepending by building a new string: GCC 12's -Wrestrict misfires on insert(0, ...) at -O2.)
  if (integer.size() % 2 != 0) integer = std::string(1, 'Z') + integer;
  if (fraction.size() % 2 != 0) fraction += 'Z';
  return MeasurePlain(integer + fraction);
}

}  // namespace

size_t NumberSize(const Number& n) {
  if (n.IsZero()) return 1;
  std::string plain = n.ToString();
  if (n.IsNegative()) plain.erase(0, 1);
  size_t size = MeasurePlain(plain) + 1 + (n.IsNegative() ? 1 : 0);
  return std::min<size_t>(size, 21);  // 38 digits = 19 pairs + exponent + sign
}

size_t AttributeValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kS:
      return v.s().size();
    case AttributeType::kN:
      return NumberSize(v.n());
    case AttributeType::kB:
      return v.b().size();
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      return 1;
    case AttributeType::kM: {
      size_t size = 3;
      for (const auto& [name, child] : v.m()) size += name.size() + AttributeValueSize(child) + 1;
      return size;
    }
    case AttributeType::kL: {
      size_t size = 3;
      for (const auto& child : v.l()) size += AttributeValueSize(child) + 1;
      return size;
    }
    case AttributeType::kSS:
    case AttributeType::kBS: {
      size_t size = 0;
      for (const auto& m : v.is(AttributeType::kSS) ? v.ss() : v.bs()) size += m.size();
      return size;
    }
    case AttributeType::kNS: {
      size_t size = 0;
      for (const auto& m : v.ns()) size += NumberSize(m);
      return size;
    }
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + AttributeValueSize(value);
  return size;
}

core::Status CheckItemSize(const Item& item) {
  if (ItemSize(item) > kMaxItemBytes)
    return ValidationException("Item size has exceeded the maximum allowed size");
  return core::Ok();
}

double ReadCapacityUnits(size_t bytes, bool consistent_read, bool transactional) {
  double units = static_cast<double>(std::max<size_t>(1, (bytes + kReadUnitBytes - 1) / kReadUnitBytes));
  if (transactional) return units * 2;
  return consistent_read ? units : units / 2;
}

double WriteCapacityUnits(size_t bytes, bool transactional) {
  double units = static_cast<double>(std::max<size_t>(1, (bytes + kWriteUnitBytes - 1) / kWriteUnitBytes));
  return transactional ? units * 2 : units;
}

}  // namespace tarn::dynamodb
