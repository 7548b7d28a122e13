#pragma once
// The stored content headers of an object: taken from a request's input (PutObject, CopyObject
// with REPLACE, CreateMultipartUpload) and written into GetObject/HeadObject outputs. Pure.

#include <boost/json/object.hpp>

#include "s3/object_store.h"

namespace tarn::s3 {

// S3's type for an object stored without Content-Type.
inline constexpr std::string_view kDefaultContentType = "binary/octet-stream";
// S3's limit on key length in bytes (UTF-8).
inline constexpr size_t kMaxKeyBytes = 1024;
// Since January 2023 S3 encrypts every new object with its own keys (SSE-S3) and says so in the
// x-amz-server-side-encryption header of PutObject, GetObject, HeadObject, CopyObject and the
// multipart operations. tarn's files are not encrypted; the header is what clients compare.
inline constexpr std::string_view kDefaultServerSideEncryption = "AES256";

ContentHeaders HeadersFromInput(const boost::json::object& input);
// ETag, LastModified, ContentLength, content headers and user metadata of record.
void WriteObjectHeaders(const ObjectRecord& record, boost::json::object& out);

}  // namespace tarn::s3
