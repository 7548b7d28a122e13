#include "dynamodb/errors.h"

#include <gtest/gtest.h>

namespace tarn::dynamodb {
namespace {

TEST(DynamoDbErrorsTest, CodesStatusesAndDefaultMessages) {
  struct Case {
    core::AwsError error;
    const char* code;
    int status;
  };
  const Case cases[] = {
      {ValidationException("m"), "ValidationException", 400},
      {SerializationException("m"), "SerializationException", 400},
      {ResourceNotFoundException(), "ResourceNotFoundException", 400},
      {ResourceInUseException("m"), "ResourceInUseException", 400},
      {ConditionalCheckFailedException(), "ConditionalCheckFailedException", 400},
      {TransactionCanceledException("m"), "TransactionCanceledException", 400},
      {TransactionConflictException("m"), "TransactionConflictException", 400},
      {ProvisionedThroughputExceededException("m"), "ProvisionedThroughputExceededException", 400},
      {LimitExceededException("m"), "LimitExceededException", 400},
      {ItemCollectionSizeLimitExceededException("m"), "ItemCollectionSizeLimitExceededException", 400},
      {IdempotentParameterMismatchException("m"), "IdempotentParameterMismatchException", 400},
      {InternalServerError(), "InternalServerError", 500},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.code, c.code);
    EXPECT_EQ(c.error.http_status, c.status) << c.code;
    EXPECT_EQ(c.error.sender_fault, c.status < 500) << c.code;
  }
  EXPECT_EQ(ResourceNotFoundException().message, "Requested resource not found");
  EXPECT_EQ(ConditionalCheckFailedException().message, "The conditional request failed");
  EXPECT_EQ(ValidationException("x y").message, "x y");
}

}  // namespace
}  // namespace tarn::dynamodb
