#pragma once
// Time to live: which items the sweeper deletes.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html
// An item expires when its TTL attribute is a Number holding epoch seconds at or before now. Items
// without the attribute, or with another type, never expire; "items with an expiration time greater
// than five years in the past" are not deleted either (a millisecond timestamp is not mistaken for
// seconds the other way round: it lies far in the future). Pure; thread-safe.

#include <cstdint>
#include <string_view>

#include "dynamodb/attribute_value.h"

namespace tarn::dynamodb {

// Five years of 365 days, as the guide counts (reading this strictly, leap days do not matter here).
inline constexpr int64_t kTtlMaxAgeSeconds = int64_t{5} * 365 * 24 * 3600;

bool ExpiredByTtl(const Item& item, std::string_view attribute, int64_t now_epoch_seconds);

}  // namespace tarn::dynamodb
