#pragma once
// Reading stored items without building an Item. A stored item value is the item's wire JSON
// (EncodeItem, docs/storage-formats.md), so a read that returns items whole (GetItem, Query and Scan
// without ProjectionExpression or FilterExpression) parses that text straight into the response
// value and sizes it from the JSON: decoding into an Item and encoding it back cost a Query of ten
// 1 KB items about a fifth of its time.

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace tarn::dynamodb {

struct WireItem {
  boost::json::value json;  // an object: attribute name -> {"S": ...} etc., on the given storage
  size_t size = 0;          // ItemSize of the item it encodes
};

// InternalFailure on a value that is not a well-formed stored item. The JSON is allocated from
// storage: a response's items parse into one arena that the response owns (ResponseArena).
core::Result<WireItem> DecodeWireItem(std::string_view bytes, boost::json::storage_ptr storage = {});

// A monotonic arena for one response's JSON: building the output on it and freeing it at once
// costs a fraction of one heap allocation per node. Output.json must be constructed on it
// (`net::Output{.json = boost::json::object(arena)}`); JSON assigned across storages is copied.
boost::json::storage_ptr ResponseArena();

// ItemSize of an item in wire form, as EncodeItem writes it: ItemSize(item) ==
// WireItemSize(ItemToJson(item)). Nullopt when the JSON is not an item's wire form.
std::optional<size_t> WireItemSize(const boost::json::value& item);

}  // namespace tarn::dynamodb
