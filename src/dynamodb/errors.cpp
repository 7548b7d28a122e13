#include "dynamodb/errors.h"

namespace tarn::dynamodb {

core::AwsError ValidationException(std::string message) {
  return core::AwsError("ValidationException", std::move(message), 400);
}
core::AwsError SerializationException(std::string message) {
  return core::AwsError("SerializationException", std::move(message), 400);
}
core::AwsError ResourceNotFoundException(std::string message) {
  return core::AwsError("ResourceNotFoundException", std::move(message), 400);
}
core::AwsError ResourceInUseException(std::string message) {
  return core::AwsError("ResourceInUseException", std::move(message), 400);
}
core::AwsError ConditionalCheckFailedException(std::string message) {
  return core::AwsError("ConditionalCheckFailedException", std::move(message), 400);
}
core::AwsError DuplicateItemException(std::string message) {
  return core::AwsError("DuplicateItemException", std::move(message), 400);
}
core::AwsError TransactionCanceledException(std::string message) {
  return core::AwsError("TransactionCanceledException", std::move(message), 400);
}
core::AwsError TransactionConflictException(std::string message) {
  return core::AwsError("TransactionConflictException", std::move(message), 400);
}
core::AwsError ProvisionedThroughputExceededException(std::string message) {
  return core::AwsError("ProvisionedThroughputExceededException", std::move(message), 400);
}
core::AwsError LimitExceededException(std::string message) {
  return core::AwsError("LimitExceededException", std::move(message), 400);
}
core::AwsError ItemCollectionSizeLimitExceededException(std::string message) {
  return core::AwsError("ItemCollectionSizeLimitExceededException", std::move(message), 400);
}
core::AwsError IdempotentParameterMismatchException(std::string message) {
  return core::AwsError("IdempotentParameterMismatchException", std::move(message), 400);
}
core::AwsError InternalServerError(std::string message) {
  return core::AwsError("InternalServerError", std::move(message), 500);
}

core::AwsError KeySchemaTooLong(std::string_view where,
                                const std::vector<std::pair<std::string, std::string>>& elements) {
  std::string value = "[";
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i) value += ", ";
    value += "KeySchemaElement(attributeName=" + elements[i].first + ", keyType=" + elements[i].second + ")";
  }
  value += "]";
  return ValidationException(
      "1 validation error detected: Value '" + value + "' at '" + std::string(where) +
      "' failed to satisfy constraint: Member must have length less than or equal to 2");
}

core::AwsError ContinuousBackupsUnavailableException(std::string_view table) {
  return core::AwsError(
      "ContinuousBackupsUnavailableException",
      "Backups are being enabled for the table: " + std::string(table) + ". Please retry later", 400);
}

core::AwsError TableNotFoundException(std::string_view table) {
  return core::AwsError("TableNotFoundException", "Table not found: " + std::string(table), 400);
}

core::AwsError TableAlreadyExistsException(std::string_view table) {
  return core::AwsError("TableAlreadyExistsException", "Table already exists: " + std::string(table), 400);
}

core::AwsError TableNotFound(core::AwsError error, std::string_view name) {
  if (error.code != "ResourceNotFoundException" ||
      error.message.starts_with("Requested resource not found: Index"))
    return error;
  return ResourceNotFoundException("Requested resource not found: Table: " + std::string(name) +
                                   " not found");
}

core::AwsError InvalidParameter(std::string_view detail) {
  return ValidationException("One or more parameter values were invalid: " + std::string(detail));
}

core::AwsError AccessIsDenied() { return core::AwsError("AccessDeniedException", "Access is denied", 400); }

core::AwsError NestingLevelsExceeded() {
  return ValidationException(
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
      "supported limit");
}

}  // namespace tarn::dynamodb
