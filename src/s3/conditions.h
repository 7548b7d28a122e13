#pragma once
// The HTTP semantics GetObject/HeadObject/CopyObject apply before reading bytes: Range
// (RFC 9110 §14, one byte range as S3 supports) and the conditional headers, evaluated in S3's
// order (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, RFC 7232 §6).
// Pure functions; safe from any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace tarn::s3 {

struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
  // "bytes <first>-<last>/<size>"
  std::string ContentRange(uint64_t size) const;
};

// What a Range header asks of an object of `size` bytes:
//  - nullopt: serve the whole object (no header, or one S3 ignores: another unit, several ranges,
//    bad syntax, last < first, as RFC 9110 says an invalid range is ignored);
//  - a ByteRange, clipped to the object;
//  - InvalidRange (416) when the range is well-formed but starts at or after the end, or is the
//    empty suffix "bytes=-0".
core::Result<std::optional<ByteRange>> ResolveRange(std::string_view header, uint64_t size);

struct Preconditions {
  std::optional<std::string> if_match;
  std::optional<std::string> if_none_match;
  std::optional<core::TimePoint> if_modified_since;
  std::optional<core::TimePoint> if_unmodified_since;
};

// Checks the conditions against an object's ETag (quoted) and Last-Modified. Order: If-Match
// (412 when false; when true, If-Unmodified-Since is not consulted), If-Unmodified-Since (412),
// If-None-Match (304 when it matches; when it does not, If-Modified-Since is not consulted),
// If-Modified-Since (304). For copy sources (copy_source) every failure is 412, as CopyObject
// answers. ETag lists ("a", "b") and "*" are understood; times compare at one-second precision.
core::Status EvaluatePreconditions(const Preconditions& p, std::string_view etag,
                                   core::TimePoint last_modified, bool copy_source = false);

// Conditional writes (PutObject, CompleteMultipartUpload): If-None-Match: * (the key must be free)
// or If-Match: <etag> (the key must hold that object). `existing_etag` is the current object's
// ETag, nullopt when there is none. S3 implements no other form: If-None-Match with an ETag,
// If-Match: * and both headers at once are 501 NotImplemented (Header names them). Otherwise 412
// PreconditionFailed, or 404 NoSuchKey for If-Match on a free key.
core::Status EvaluateWritePreconditions(const std::optional<std::string>& if_match,
                                        const std::optional<std::string>& if_none_match,
                                        const std::optional<std::string>& existing_etag,
                                        std::string_view key);

}  // namespace tarn::s3
