#pragma once
// Receives a streamed request body (PutObject, UploadPart) into a published blob (or, for a small
// PutObject body, into memory to be stored inline), verifying
// Content-MD5 and the x-amz-checksum-* values, whether sent as headers or as aws-chunked
// trailers, before anything is committed. Used by one handler thread at a time.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/registry.h"
#include "s3/checksums.h"
#include "s3/object_store.h"

namespace tarn::s3 {

struct ReceivedBody {
  std::string blob;  // published blob id in the bucket's directory; empty when inline
  std::string data;  // the bytes, when at most kInlineObjectBytes arrived and inlining was allowed
  uint64_t size = 0;
  std::string md5;                 // 16 raw bytes
  std::string checksum_algorithm;  // the checksum S3 keeps for the object ("" when none asked)
  std::string checksum_value;
};

// required: the algorithm the record must carry (a multipart upload's ChecksumAlgorithm, computed
// even when the part arrives without it); a request naming another algorithm is refused, and so is
// one without that checksum when must_be_sent (a COMPOSITE upload's parts). fallback: the algorithm
// computed and kept when the request names none (PutObject: CRC64NVME, S3's default checksum of every
// new object). may_inline: a body of at most kInlineObjectBytes is returned in `data`, not published.
// Errors: InvalidDigest (Content-MD5 not base64 of 16 bytes), BadDigest (MD5 or checksum mismatch),
// InvalidRequest (an unknown algorithm, or one other than required), the body reader's errors
// (IncompleteBody, RequestTimeout, SignatureDoesNotMatch, XAmzContentSHA256Mismatch), InternalFailure.
core::Result<ReceivedBody> ReceiveBody(ObjectStore& store, std::string_view bucket, const net::Call& call,
                                       std::optional<ChecksumAlgorithm> required = std::nullopt,
                                       bool must_be_sent = false,
                                       std::optional<ChecksumAlgorithm> fallback = std::nullopt,
                                       bool may_inline = false);

// DeleteObjects: the buffered payload must come with Content-MD5 or an x-amz-checksum-* header,
// and each one sent must match it (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html).
// Errors: InvalidRequest (neither header; payload nullptr counts as neither), InvalidDigest
// (Content-MD5 not base64 of 16 bytes), BadDigest (a mismatch).
core::Status VerifyPayload(const net::PayloadIntegrity* payload);

}  // namespace tarn::s3
