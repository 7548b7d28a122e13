#pragma once
// TransactionCanceledException as DynamoDB renders it: one CancellationReason per TransactItems entry,
// in request order, and the codes repeated in the message:
//   "Transaction cancelled, please refer cancellation reasons for specific reasons
//    [ConditionalCheckFailed, None]"
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html (Errors).
// Pure; thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "dynamodb/attribute_value.h"

namespace tarn::dynamodb {

inline constexpr std::string_view kReasonNone = "None";
inline constexpr std::string_view kReasonConditionalCheckFailed = "ConditionalCheckFailed";
inline constexpr std::string_view kReasonTransactionConflict = "TransactionConflict";
inline constexpr std::string_view kReasonValidationError = "ValidationError";

struct CancellationReason {
  std::string code = std::string(kReasonNone);
  std::string message;       // absent on the wire when empty (Code None has none)
  std::optional<Item> item;  // ConditionalCheckFailed with ReturnValuesOnConditionCheckFailure=ALL_OLD
};

// Whether any reason cancels the transaction (a code other than None).
bool Cancels(const std::vector<CancellationReason>& reasons);

// The error, with extra["CancellationReasons"] = [{"Code", "Message"?, "Item"?}, ...].
core::AwsError TransactionCanceled(const std::vector<CancellationReason>& reasons);

// The reason for an item another transaction holds: "Transaction is ongoing for the item".
CancellationReason ConflictReason();

}  // namespace tarn::dynamodb
