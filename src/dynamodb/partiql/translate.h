#pragma once
// Execution by translation: a parsed PartiQL statement with its bound `?` parameters becomes the
// equivalent native DynamoDB request (operation name + request JSON in the model's shape), which the
// caller runs through the ordinary Service handler, so PartiQL inherits every validation, condition,
// stream record and lock of GetItem/Query/Scan/PutItem/UpdateItem/DeleteItem. Names and values always
// travel as #n/:v placeholders, so reserved words and any attribute name work. Pure; thread-safe.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/partiql/ast.h"

namespace tarn::dynamodb::partiql {

struct Translation {
  std::string operation;  // "GetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem",
                          // "TransactWriteItems", "TransactGetItems"
  boost::json::object request;
};

// The Parameters member (absent/null: none). Errors as AttributeValue::FromJson.
core::Result<std::vector<AttributeValue>> ParametersFromJson(const boost::json::value* parameters);

// Translates one statement against the key schema it reads (`keys`: the table's, or for SELECT from
// "table"."index" the index's):
//   SELECT from a table whose WHERE is exactly an equality on every key attribute -> GetItem
//   SELECT with an equality on the partition key                       -> Query (KeyConditionExpression on
//        the keys, FilterExpression for the rest; ORDER BY the sort key -> ScanIndexForward), with
//        IndexName for an index
//   any other SELECT                                                   -> Scan with FilterExpression
//   INSERT -> PutItem with attribute_not_exists(<partition key>) (a failed condition means
//        DuplicateItemException, the caller's mapping)
//   UPDATE -> UpdateItem on the key, condition attribute_exists(<partition key>) AND the rest of WHERE
//        (DynamoDB's UPDATE never creates an item), RETURNING -> ReturnValues
//   DELETE -> DeleteItem on the key, condition attribute_not_exists(<partition key>) OR (the rest),
//        since deleting an absent item succeeds (ql-reference.delete.html)
// Only TableName, the key/item and the expression members are set; the caller adds ConsistentRead,
// Limit, ExclusiveStartKey, ReturnConsumedCapacity. ValidationException:
//   "Number of parameters in request and statement don't match."
//   "Where clause does not contain a mandatory equality on all key attributes"  (UPDATE/DELETE)
//   "Must have WHERE clause in the statement when using ORDER BY clause."
//   "Variable used in ORDER BY clause is not a sort key" ... and the literal errors (mixed bags, ...).
// An EXISTS statement is refused here ("EXISTS is only supported in transactions", tarn's wording).
core::Result<Translation> Translate(const Statement& statement, const std::vector<AttributeValue>& parameters,
                                    const KeySchema& keys);

// The attributes a SELECT's WHERE names (each path's first name, sorted, once each) when the read is
// keyed on `hash`, an index's partition key: one of WHERE's top-level AND terms is `hash = literal` or
// `hash IN [...]`. Empty when it is not (a read of the whole index, where an attribute the index does
// not hold is simply missing). DynamoDB refuses a keyed index read that filters on an attribute the
// index does not project (nubo-db/dynamodb-conformance's index-qualifier tests, run against AWS).
std::vector<std::string> KeyedFilterAttributes(const Statement& statement, const std::string& hash);

// One statement of ExecuteTransaction, with its parameters and its table's key schema.
struct TransactionStatement {
  const Statement* statement = nullptr;
  const std::vector<AttributeValue>* parameters = nullptr;
  KeySchema keys;
};

// ExecuteTransaction's statements as one TransactWriteItems request (INSERT -> Put, UPDATE -> Update,
// DELETE -> Delete, EXISTS(SELECT) -> ConditionCheck) or one TransactGetItems request (SELECTs, each
// fixing a full key -> Get). ValidationException for a read/write mix ("Read and write requests
// together in the same transaction is not supported.", unverified wording), a SELECT that does not
// fix the key, and every Translate error. ClientRequestToken and ReturnConsumedCapacity are the
// caller's to copy.
core::Result<Translation> TranslateTransaction(const std::vector<TransactionStatement>& statements);

}  // namespace tarn::dynamodb::partiql
