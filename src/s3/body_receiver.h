#pragma once
// Receives a streamed request body (PutObject, UploadPart) into a published blob, verifying
// Content-MD5 and the x-amz-checksum-* values, whether sent as headers or as aws-chunked
// trailers, before anything is committed. Used by one handler thread at a time.

#include <string>
#include <string_view>

#include "core/result.h"
#include "net/registry.h"
#include "s3/object_store.h"

namespace tarn::s3 {

struct ReceivedBody {
  std::string blob;  // published blob id in the bucket's directory
  uint64_t size = 0;
  std::string md5;                 // 16 raw bytes
  std::string checksum_algorithm;  // the checksum S3 keeps for the object ("" when none asked)
  std::string checksum_value;
};

// Errors: InvalidDigest (Content-MD5 not base64 of 16 bytes), BadDigest (MD5 or checksum mismatch),
// InvalidRequest (a checksum algorithm tarn does not compute), the body reader's errors
// (IncompleteBody, RequestTimeout, SignatureDoesNotMatch, XAmzContentSHA256Mismatch), InternalFailure.
core::Result<ReceivedBody> ReceiveBody(ObjectStore& store, std::string_view bucket, const net::Call& call);

}  // namespace tarn::s3
