// TransactionCanceledException: codes in the message, reasons in request order, Item only when given.
#include "dynamodb/cancellation.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::dynamodb {
namespace {

TEST(CancellationTest, MessageAndReasonsInItemOrder) {
  Item old{{"id", AttributeValue::S("a")}};
  std::vector<CancellationReason> reasons(3);
  reasons[0] = {"ConditionalCheckFailed", "The conditional request failed", old};
  reasons[2] = ConflictReason();
  ASSERT_TRUE(Cancels(reasons));
  core::AwsError e = TransactionCanceled(reasons);
  EXPECT_EQ(e.code, "TransactionCanceledException");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[ConditionalCheckFailed, None, TransactionConflict]");
  EXPECT_EQ(boost::json::serialize(e.extra.at("CancellationReasons")),
            R"([{"Code":"ConditionalCheckFailed","Message":"The conditional request failed",)"
            R"("Item":{"id":{"S":"a"}}},{"Code":"None"},)"
            R"({"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}])");
}

TEST(CancellationTest, AllNoneDoesNotCancel) { EXPECT_FALSE(Cancels(std::vector<CancellationReason>(4))); }

}  // namespace
}  // namespace tarn::dynamodb
