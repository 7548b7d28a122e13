// TransactionCanceledException and its CancellationReasons (cancellation.h).
#include "dynamodb/cancellation.h"

#include <boost/json.hpp>

#include "dynamodb/errors.h"

namespace tarn::dynamodb {

bool Cancels(const std::vector<CancellationReason>& reasons) {
  for (const auto& r : reasons)
    if (r.code != kReasonNone) return true;
  return false;
}

core::AwsError TransactionCanceled(const std::vector<CancellationReason>& reasons) {
  std::string codes;
  boost::json::array list;
  for (const auto& r : reasons) {
    codes += (codes.empty() ? "" : ", ") + r.code;
    boost::json::object o{{"Code", r.code}};
    if (!r.message.empty()) o["Message"] = r.message;
    if (r.item) o["Item"] = ItemToJson(*r.item);
    list.push_back(std::move(o));
  }
  core::AwsError error = TransactionCanceledException(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]");
  error.extra["CancellationReasons"] = std::move(list);
  return error;
}

CancellationReason ConflictReason() {
  return {std::string(kReasonTransactionConflict), "Transaction is ongoing for the item", std::nullopt};
}

}  // namespace tarn::dynamodb
