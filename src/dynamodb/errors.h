#pragma once
// DynamoDB's errors as core::AwsError values, with the short codes AWS documents
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
// The JSON codec renders them as `com.amazonaws.dynamodb.v20120810#<code>`; nothing here knows that.
// Pure factories; safe from any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/aws_error.h"

namespace tarn::dynamodb {

// 400. Every input-validation failure: bad AttributeValue, number, key, item size, expression.
core::AwsError ValidationException(std::string message);
// 400. A ValidationException with DynamoDB's "One or more parameter values were invalid: " before `detail`.
core::AwsError InvalidParameter(std::string_view detail);
// 400. The request body does not deserialize into the operation's shape (wrong JSON type, bad base64).
core::AwsError SerializationException(std::string message);
// 400. "Requested resource not found" (table or index missing / not ACTIVE).
core::AwsError ResourceNotFoundException(std::string message = "Requested resource not found");
// The control-plane operations' answer for a missing table: a ResourceNotFoundException `error` (not an
// index's) becomes "Requested resource not found: Table: <name> not found"; other errors are kept.
core::AwsError TableNotFound(core::AwsError error, std::string_view name);
// 400. Table already exists / is being created or deleted.
core::AwsError ResourceInUseException(std::string message);
// 400. A ConditionExpression evaluated to false.
core::AwsError ConditionalCheckFailedException(std::string message = "The conditional request failed");
// 400. A PartiQL INSERT of an item whose primary key exists: "Duplicate primary key exists in table".
core::AwsError DuplicateItemException(std::string message = "Duplicate primary key exists in table");
// 400. TransactWriteItems/TransactGetItems cancelled; the caller sets extra["CancellationReasons"].
core::AwsError TransactionCanceledException(std::string message);
// 400. Another transaction is in progress on one of the items.
core::AwsError TransactionConflictException(std::string message);
// 400. Rate limits (tarn does not throttle today; provided so callers never invent the code).
core::AwsError ProvisionedThroughputExceededException(std::string message);
// 400. Too many tables/indexes being created or deleted at once, or an account quota reached.
core::AwsError LimitExceededException(std::string message);
// 400. An item collection (same partition key, table with LSIs) exceeds 10 GB.
core::AwsError ItemCollectionSizeLimitExceededException(std::string message);
// 400. A ClientRequestToken was reused with a different request.
core::AwsError IdempotentParameterMismatchException(std::string message);
// 500. An unexpected server-side failure.
// A table's or a local index's KeySchema of more than two elements, as DynamoDB's request validator
// words it: "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH),
// ...]' at '<where>' failed to satisfy constraint: Member must have length less than or equal to 2".
// `elements`: (AttributeName, KeyType) in request order.
core::AwsError KeySchemaTooLong(std::string_view where,
                                const std::vector<std::pair<std::string, std::string>>& elements);
core::AwsError InternalServerError(std::string message = "Internal server error");
// 400. CreateBackup / UpdateContinuousBackups on a table that is still CREATING (a restore or an import
// filling it): "Backups are being enabled for the table: <name>. Please retry later" (ack-api-quirks
// DDB-BACKUP-002 / DDB-IMPORT-006, probed against DynamoDB).
core::AwsError ContinuousBackupsUnavailableException(std::string_view table);
// 400. The table operations of backups, recovery and exports name a missing table so:
// "Table not found: <name or ARN as given>".
core::AwsError TableNotFoundException(std::string_view table);
// 400. A restore's target exists: "Table already exists: <name>".
core::AwsError TableAlreadyExistsException(std::string_view table);
// 400. A backup, export or import ARN of another account: "Access is denied" (ack-api-quirks
// DDB-BACKUP-012 / DDB-EXPORT-002, probed against DynamoDB).
core::AwsError AccessIsDenied();
// A value or item nested deeper than DynamoDB's 32 levels (attribute_value.h, kMaxNestingDepth).
core::AwsError NestingLevelsExceeded();

}  // namespace tarn::dynamodb
