#pragma once
// The object formats ImportTable reads (import_ops.cpp): CSV records (RFC 4180) and DYNAMODB_JSON's run of
// JSON objects. They read bytes from S3 objects a client wrote, so every input is accepted or refused,
// never trusted. Pure functions; thread-safe.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataImport.Format.html

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tarn::dynamodb {

// The fields of the CSV record at `pos`, which moves past its line break (LF or CRLF); nullopt at the
// end of the text. A field in double quotes may hold the delimiter, line breaks and "" (one quote); a
// quote not at a field's start is an ordinary character; an unterminated quote runs to the end.
std::optional<std::vector<std::string>> NextCsvRecord(std::string_view text, size_t& pos, char delimiter);

// Calls `each` with every JSON value of `text`, values one after another with or without whitespace
// between them (DynamoDB reads both). Returns false when a value does not parse (the rest of the text is
// not read), true when all did; an error from `each` stops the walk and is returned.
core::Result<bool> ForEachJsonValue(std::string_view text,
                                    const std::function<core::Status(boost::json::value)>& each);

}  // namespace tarn::dynamodb
