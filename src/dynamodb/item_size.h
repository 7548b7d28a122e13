#pragma once
// Item size and capacity units, by DynamoDB's documented rules
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
// names and strings count UTF-8 bytes, binaries raw bytes, BOOL/NULL 1 byte, M/L 3 bytes plus 1 byte
// per element, sets the sum of their members, numbers about 1 byte per 2 digits + 1 (see NumberSize).
// Pure functions; safe from any thread.

#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "dynamodb/attribute_value.h"

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
inline constexpr size_t kMaxItemBytes = 400 * 1024;
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html
inline constexpr size_t kReadUnitBytes = 4 * 1024;
inline constexpr size_t kWriteUnitBytes = 1024;

// The stored size of a number: digits are held in base 100 aligned on the decimal point, leading and
// trailing zero pairs dropped, plus 1 byte (exponent) and 1 more for a negative sign; zero is 1
// byte. This is zaccharles/dynamodb-calculator's model (fitted to sizes DynamoDB reported), which
// refines the docs' "1 byte per two significant digits + 1 byte".
size_t NumberSize(const Number& n);
// The size of a value without its name.
size_t AttributeValueSize(const AttributeValue& v);
// Sum over attributes of UTF-8 name bytes + value size.
size_t ItemSize(const Item& item);
// ValidationException "Item size has exceeded the maximum allowed size" when ItemSize > 400 KB.
core::Status CheckItemSize(const Item& item);

// Read capacity for reading `bytes` (the item, or a Query/Scan page's total): ceil(bytes / 4 KB) units,
// at least 1; halved for eventually consistent reads, doubled for transactional reads.
double ReadCapacityUnits(size_t bytes, bool consistent_read, bool transactional = false);
// Write capacity: ceil(bytes / 1 KB), at least 1; doubled for transactional writes. For an
// update/overwrite DynamoDB charges the larger of the old and new item: pass that size.
double WriteCapacityUnits(size_t bytes, bool transactional = false);

}  // namespace tarn::dynamodb
