#pragma once
// Text encodings used on the wire: hex, base64, AWS URI encoding (RFC 3986 unreserved set, as
// SigV4 defines it), percent-decoding and form decoding. Pure functions; safe from any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn::core {

std::string HexEncode(std::string_view bytes);  // lowercase
std::optional<std::string> HexDecode(std::string_view hex);
std::string Base64Encode(std::string_view bytes);
// Strict RFC 4648 base64 with padding; nullopt for anything else.
std::optional<std::string> Base64Decode(std::string_view text);
// Java's decoder (and so DynamoDB) rejects "AB==": the bits of the last character before the padding
// that the decoded bytes do not use must be zero. True for text without padding.
bool Base64UnusedBitsZero(std::string_view text);

// SigV4 UriEncode: every byte except A-Z a-z 0-9 - _ . ~ becomes %XX (uppercase hex);
// '/' is kept when encode_slash is false (object key paths).
std::string UriEncode(std::string_view s, bool encode_slash = true);
// Decodes %XX escapes; '+' becomes ' ' only when plus_as_space (HTML form encoding).
// nullopt for a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space = false);
// A-Z to a-z; every other byte as it is (header names, hex digests, ASCII keywords).
std::string ToLowerAscii(std::string_view s);
// Appends code point `cp` (at most U+10FFFF, not a surrogate: the caller checks) as UTF-8.
void AppendUtf8(std::string& out, uint32_t cp);

}  // namespace tarn::core
