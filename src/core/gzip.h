#pragma once
// Decompression of gzip request bodies: the SDKs' request compression (Content-Encoding: gzip,
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html), which DynamoDB accepts
// on every operation; and compression of the files DynamoDB exports write and of the responses it
// sends a client that accepts them. Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace tarn::core {

enum class GunzipError {
  kCorrupt,   // not gzip, truncated, or a member whose data or trailer is wrong
  kTooLarge,  // more than the caller's limit once decompressed
};

// The decompressed bytes of one gzip member or several concatenated ones (RFC 1952 2.2). Bytes
// after a member that do not begin another (no 1f 8b 08 header) are ignored, as Java's
// GZIPInputStream, DynamoDB's reader, ignores them. An empty input is kCorrupt.
std::variant<std::string, GunzipError> Gunzip(std::string_view in, size_t max_out);

// One gzip member (RFC 1952) holding `in`, at libdeflate's default level.
std::string Gzip(std::string_view in);

// One zlib stream (RFC 1950) holding `in`, at libdeflate's default level: HTTP's "deflate" content
// coding (RFC 9110 8.4.1.2).
std::string Zlib(std::string_view in);

}  // namespace tarn::core
