#pragma once
// Small text helpers shared by the codecs (internal to src/protocol): UTF-8 decoding, Java-style
// string length (UTF-16 code units, which is what AWS's length constraints count), ASCII
// case-insensitive comparison, number parsing. Pure functions; safe from any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn::protocol {

// Decodes the code point at s[i] and advances i. Malformed sequences yield U+FFFD and advance
// one byte.
uint32_t NextCodePoint(std::string_view s, size_t& i);
bool IsValidUtf8(std::string_view s);
// Length as java.lang.String.length(): code points above U+FFFF count twice.
size_t Utf16Length(std::string_view s);

// Strict integer parsing: optional '-', digits only, within int64.
std::optional<int64_t> ParseInt64(std::string_view s);
// Strict decimal parsing (JSON number syntax plus "NaN"/"Infinity"/"-Infinity" as AWS accepts).
std::optional<double> ParseDouble(std::string_view s);
// Shortest text that round-trips a double ("1.5", "3", "1e-05"); "NaN"/"Infinity" as AWS writes
// them. What XML and query wires carry.
std::string FormatDouble(double v);

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

}  // namespace tarn::protocol
