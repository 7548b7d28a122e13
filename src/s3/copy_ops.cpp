// Implements: CopyObject (metadata directive COPY/REPLACE, x-amz-copy-source-if-* conditions).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
// Blobs are immutable, so a copy is a hard link to the source's bytes: constant time at any size.
#include <boost/json.hpp>

#include "core/encoding.h"
#include "s3/call_input.h"
#include "s3/conditions.h"
#include "s3/errors.h"
#include "s3/object_headers.h"
#include "s3/object_store.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

struct CopySource {
  std::string bucket;
  std::string key;
};

// "bucket/key" or "/bucket/key", percent-encoded, optionally "?versionId=...".
std::optional<CopySource> ParseCopySource(std::string_view raw) {
  if (size_t q = raw.find('?'); q != std::string_view::npos) raw = raw.substr(0, q);
  if (raw.starts_with("/")) raw.remove_prefix(1);
  size_t slash = raw.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == raw.size()) return std::nullopt;
  auto bucket = core::PercentDecode(raw.substr(0, slash));
  auto key = core::PercentDecode(raw.substr(slash + 1));
  if (!bucket || !key) return std::nullopt;
  return CopySource{std::move(*bucket), std::move(*key)};
}

Preconditions CopySourcePreconditions(const json::object& input) {
  Preconditions p;
  p.if_match = OptString(input, "CopySourceIfMatch");
  p.if_none_match = OptString(input, "CopySourceIfNoneMatch");
  p.if_modified_since = OptTime(input, "CopySourceIfModifiedSince");
  p.if_unmodified_since = OptTime(input, "CopySourceIfUnmodifiedSince");
  return p;
}

}  // namespace

core::Result<net::Output> Service::CopyObject(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string raw_source = String(call.input, "CopySource");
  auto source = ParseCopySource(raw_source);
  if (!source) return InvalidArgument("Invalid copy source object key", "x-amz-copy-source", raw_source);
  if (key.size() > kMaxKeyBytes) return KeyTooLongError();
  std::string directive = OptString(call.input, "MetadataDirective").value_or("COPY");
  if (directive != "COPY" && directive != "REPLACE")
    return InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
  if (source->bucket == bucket && source->key == key && directive == "COPY") {
    return InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the "
        "object's metadata, storage class, website redirect location or encryption attributes.");
  }
  TARN_ASSIGN_OR_RETURN(auto target_bucket, store_->GetBucket(bucket));
  if (!target_bucket) return NoSuchBucket(bucket);

  for (int attempt = 0;; ++attempt) {
    TARN_ASSIGN_OR_RETURN(auto from, store_->GetObject(source->bucket, source->key));
    if (!from) {
      TARN_ASSIGN_OR_RETURN(auto source_bucket, store_->GetBucket(source->bucket));
      if (!source_bucket) return NoSuchBucket(source->bucket);
      return NoSuchKey(source->key);
    }
    TARN_TRY(
        EvaluatePreconditions(CopySourcePreconditions(call.input), from->etag, from->last_modified, true));
    auto blob = store_->LinkBlob(source->bucket, from->blob, bucket);
    if (!blob.ok()) {
      if (blob.error().code == "NoSuchKey" && attempt < 3) continue;  // source replaced meanwhile
      return std::move(blob).error();
    }
    ObjectRecord record = *from;
    record.blob = *blob;
    record.last_modified = clock_.Now();
    if (directive == "REPLACE") record.headers = HeadersFromInput(call.input);
    TARN_TRY(store_->PutObject(bucket, key, record));
    Emit(MakeEvent(&call, ObjectEvent::Type::kObjectCreated, "ObjectCreated:Copy", bucket, key, &record));
    net::Output out;
    json::object result{{"ETag", record.etag}, {"LastModified", EpochSeconds(record.last_modified)}};
    out.json["CopyObjectResult"] = std::move(result);
    return out;
  }
}

}  // namespace tarn::s3
