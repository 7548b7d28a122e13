#pragma once
// DynamoDB items in Amazon Ion text, the ION format of exports and imports: one record per line, an Ion
// version marker then a struct, `$ion_1_0 {Item:{...}}`, with DynamoDB's type mapping (S string, N
// decimal, B blob, BOOL bool, NULL null, M struct, L list, SS/NS/BS lists annotated $dynamodb_SS,
// $dynamodb_NS, $dynamodb_BS).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataImport.Format.html
// https://amazon-ion.github.io/ion-docs/docs/spec.html
// The reader reads objects a client wrote, so every input is accepted or refused, never trusted. Pure
// functions; thread-safe.

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "dynamodb/attribute_value.h"

namespace tarn::dynamodb {

// An N as Ion writes a decimal (ion-java's text form, which DynamoDB's export shows: 103 -> "103.",
// 600 -> "6d2", 10.5 -> "10.5", 0.0000001 -> "1d-7").
std::string IonDecimal(const Number& n);

// One export line, without its newline: `$ion_1_0 {Item:{...}}`, attributes in name order.
std::string ItemToIonLine(const Item& item);

// Calls `each` with the `Item` of every top-level struct of `text` (version markers and whitespace
// between them are skipped), in DynamoDB JSON form ({"name": {"S": ...}}) for AttributeValue to
// check, or an error (ValidationException) for a struct without one or a value DynamoDB does not map
// (an Ion int, float, timestamp, symbol value, clob, typed null or annotation of its own). Returns
// false when the text stops being Ion (the rest is not read), true when all of it was read; an error
// from `each` stops the walk and is returned. Nesting is limited as DynamoDB's is (32 levels).
core::Result<bool> ForEachIonItem(std::string_view text,
                                  const std::function<core::Status(core::Result<boost::json::value>)>& each);

}  // namespace tarn::dynamodb
