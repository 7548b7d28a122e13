// TTL eligibility (ttl.h).
#include "dynamodb/ttl.h"

namespace tarn::dynamodb {

bool ExpiredByTtl(const Item& item, std::string_view attribute, int64_t now_epoch_seconds) {
  auto found = item.find(attribute);
  if (found == item.end() || !found->second.is(AttributeType::kN)) return false;
  const Number& expiry = found->second.n();
  return expiry <= Number::FromInt64(now_epoch_seconds) &&
         expiry >= Number::FromInt64(now_epoch_seconds - kTtlMaxAgeSeconds);
}

}  // namespace tarn::dynamodb
