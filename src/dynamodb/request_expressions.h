#pragma once
// Request glue shared by the item, query and batch handlers: typed access to the (model-validated)
// input JSON, parsing and resolving every expression of one request against its
// ExpressionAttributeNames/Values (including DynamoDB's "unused placeholder" errors), and the
// ConsumedCapacity output shape. Pure functions; thread-safe.

#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/expr/ast.h"
#include "dynamodb/expr/evaluate.h"
#include "dynamodb/key_encoding.h"
#include "dynamodb/secondary_index.h"

namespace tarn::dynamodb {

// Member accessors: nullopt/empty when absent or JSON null.
std::optional<std::string> GetString(const boost::json::object& input, std::string_view name);
std::optional<int64_t> GetInt(const boost::json::object& input, std::string_view name);
bool GetBool(const boost::json::object& input, std::string_view name);
// A timestamp member: epoch seconds (the JSON protocol's form).
std::optional<double> GetTimestamp(const boost::json::object& input, std::string_view name);
const boost::json::object* GetObject(const boost::json::object& input, std::string_view name);

// The parsed and resolved expressions of one request (those present in the input).
struct RequestExpressions {
  std::optional<expr::Condition> condition;      // ConditionExpression
  std::optional<expr::Condition> key_condition;  // KeyConditionExpression
  std::optional<expr::Condition> filter;         // FilterExpression
  std::optional<expr::UpdateExpression> update;  // UpdateExpression
  std::optional<expr::Projection> projection;    // ProjectionExpression (or legacy AttributesToGet)
  expr::ValueMap values;                         // ExpressionAttributeValues (+ legacy values)
  // KeyConditions used an operator that is not indexable (LegacyExpressions).
  bool key_condition_not_indexable = false;
  // The filter came from QueryFilter/ScanFilter, which changes Query's key-attribute message.
  bool legacy_filter = false;
  // The update came from AttributeUpdates, whose type errors DynamoDB words differently.
  bool legacy_update = false;
};

// Parses ExpressionAttributeNames/Values and every expression member of input, in DynamoDB's order
// (Update, Condition, KeyCondition, Filter, Projection), then checks every placeholder was used.
// Errors: ValidationException / SerializationException with DynamoDB's messages, among them
//   "ExpressionAttributeNames can only be specified when using expressions" (also ...Values)
//   "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a}"
//   "Can not use both expression and non-expression parameters in the same request: Non-expression
//    parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
// (KeyConditions is exempt alongside FilterExpression/ProjectionExpression, as in DynamoDB).
// Legacy parameters (legacy_parameters.h) fill the same members: Expected -> condition,
// KeyConditions -> key_condition, QueryFilter/ScanFilter -> filter (legacy_filter set),
// AttributeUpdates -> update, their values added to values; their errors as documented there.
// parameters_checked: the caller has run CheckExpressionParameters already (to judge values in
// between, as DynamoDB does).
// layer: the operation's value layer (number.h); in the legacy one a malformed value of
// ExpressionAttributeValues is wrapped ("ExpressionAttributeValues contains invalid value: ... for key :v").
core::Result<RequestExpressions> ParseRequestExpressions(const boost::json::object& input,
                                                         bool parameters_checked = false,
                                                         ValueLayer layer = ValueLayer::kLegacy);
// Which expression parameters a request may carry, judged before any of its values: expression and
// legacy members together ("Can not use both ..."), ExpressionAttributeNames/Values without an
// expression ("... can only be specified when using expressions"). value_expressions: the operation's
// expression members that take values, which DynamoDB names when ExpressionAttributeValues comes
// without them.
// A name AttributesToGet repeats ("One or more parameter values were invalid: Duplicate value in
// attribute name: a"), which Query and Scan judge before their filter's and start key's values.
core::Status CheckAttributesToGet(const boost::json::object& input);
core::Status CheckExpressionParameters(const boost::json::object& input,
                                       std::initializer_list<std::string_view> value_expressions = {});

// UpdateExpression actions may not touch key attributes: ValidationException "One or more parameter
// values were invalid: Cannot update attribute <name>. This attribute is part of the key".
core::Status CheckKeyNotUpdated(const expr::UpdateExpression& update, const KeySchema& schema);

// Key attributes are scalars: a path into one (a.b, a[0]) in any expression of the request is a
// ValidationException "Key attributes must be scalars; list random access '[]' and map lookup '.' are
// not allowed: Key: a" (IndexKey: for an index's key attribute), as dynalite's tests record DynamoDB.
core::Status CheckScalarKeyPaths(const RequestExpressions& ex, const KeySchema& table_key,
                                 const std::vector<SecondaryIndex>& indexes);

// ReturnConsumedCapacity: nullopt for NONE/absent; otherwise {"TableName", "CapacityUnits"} plus, for
// INDEXES, "Table": {"CapacityUnits"}. Only a transaction's (`split`) also says "ReadCapacityUnits" or
// "WriteCapacityUnits", at the top and on Table: DynamoDB reports the read/write split for transactional
// operations alone (nubo-db/dynamodb-conformance's consumedCapacity tests, run against AWS; dynalite's
// agree).
std::optional<boost::json::object> ConsumedCapacity(const boost::json::object& input, std::string_view table,
                                                    double units, bool is_write, bool split = false);

}  // namespace tarn::dynamodb
