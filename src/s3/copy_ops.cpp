// Implements: CopyObject (metadata directive COPY/REPLACE, x-amz-copy-source-if-* conditions),
// UploadPartCopy (x-amz-copy-source-range).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
// Blobs are immutable, so a whole-object copy is a hard link to the source's bytes: constant time
// at any size (an inline object's bytes are copied with its record). A part copy streams the range
// into a new part blob.
#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <tuple>
#include <vector>

#include "core/encoding.h"
#include "s3/acl.h"
#include "s3/call_input.h"
#include "s3/checksums.h"
#include "s3/conditions.h"
#include "s3/copy_source.h"
#include "s3/errors.h"
#include "s3/object_headers.h"
#include "s3/object_lock.h"
#include "s3/object_store.h"
#include "s3/object_tagging.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

Preconditions CopySourcePreconditions(const json::object& input, core::TimePoint now) {
  Preconditions p;
  p.if_match = OptString(input, "CopySourceIfMatch");
  p.if_none_match = OptString(input, "CopySourceIfNoneMatch");
  p.if_modified_since = OptTime(input, "CopySourceIfModifiedSince");
  // A date in the future is no condition (RFC 2616 14.25; LocalStack's
  // test_upload_part_copy_if_modified_since_in_future_success, recorded against AWS).
  if (p.if_modified_since && *p.if_modified_since > now) p.if_modified_since.reset();
  p.if_unmodified_since = OptTime(input, "CopySourceIfUnmodifiedSince");
  return p;
}

// A file range (net::BodySource) read as a request body, to feed TempBlob::Fill.
class SourceReader final : public net::BodyReader {
 public:
  explicit SourceReader(net::BodySource& source) : source_(source) {}
  core::Result<size_t> Read(char* buffer, size_t size) override { return source_.Read(buffer, size); }
  std::optional<uint64_t> DeclaredLength() const override { return source_.Size(); }

 private:
  net::BodySource& source_;
};

// x-amz-copy-source-range: exactly "bytes=first-last" within the source.
core::Result<std::pair<uint64_t, uint64_t>> ParseCopySourceRange(std::string_view range, uint64_t size) {
  auto invalid = [&] {
    return InvalidArgument(
        "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the "
        "zero-based offsets of the first and last bytes to copy",
        "x-amz-copy-source-range", range);
  };
  if (!range.starts_with("bytes=")) return invalid();
  std::string_view spec = range.substr(6);
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == spec.size()) return invalid();
  uint64_t first = 0, last = 0;
  for (char c : spec.substr(0, dash)) {
    if (c < '0' || c > '9' || first > (UINT64_MAX - 9) / 10) return invalid();
    first = first * 10 + static_cast<uint64_t>(c - '0');
  }
  for (char c : spec.substr(dash + 1)) {
    if (c < '0' || c > '9' || last > (UINT64_MAX - 9) / 10) return invalid();
    last = last * 10 + static_cast<uint64_t>(c - '0');
  }
  if (last < first) return invalid();
  // LocalStack's test_upload_part_copy_range, recorded against AWS: a range that starts past the
  // end is one error, one that only ends past it another.
  if (first >= size) return InvalidRequest("The specified copy range is invalid for the source object size");
  if (last >= size) {
    return InvalidArgument("Range specified is not valid for source object of size: " + std::to_string(size),
                           "x-amz-copy-source-range", range);
  }
  return std::make_pair(first, last - first + 1);
}

// The copy source's record: NoSuchBucket/NoSuchKey when absent, PreconditionFailed when an
// x-amz-copy-source-if-* header does not hold.
// A stored object's checksum, read from its blob file or inline bytes (record read with data).
core::Result<std::string> ObjectChecksum(const ObjectStore& store, std::string_view bucket,
                                         const ObjectRecord& record, ChecksumAlgorithm algorithm) {
  Digest digest(algorithm);
  if (record.blob.empty()) {
    digest.Update(record.data);
    return core::Base64Encode(digest.Finish());
  }
  TARN_ASSIGN_OR_RETURN(auto source, store.OpenObjectRange(bucket, record, 0, record.size));
  std::vector<char> buffer(1 << 20);
  while (true) {
    TARN_ASSIGN_OR_RETURN(size_t n, source->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    digest.Update(std::string_view(buffer.data(), n));
  }
  return core::Base64Encode(digest.Finish());
}

core::Result<ObjectRecord> ReadCopySource(const ObjectStore& store, const CopySource& source,
                                          const json::object& input, core::TimePoint now) {
  std::optional<ObjectRecord> from;
  if (source.version_id) {
    TARN_ASSIGN_OR_RETURN(auto source_bucket, store.GetBucket(source.bucket));
    if (!source_bucket) return NoSuchBucket(source.bucket);
    TARN_TRY(CheckVersionId(source.version_id, !source_bucket->versioning.empty()));
    TARN_ASSIGN_OR_RETURN(from, store.GetObjectVersion(source.bucket, source.key, *source.version_id));
    if (!from) return NoSuchVersion(source.key, *source.version_id);
    if (from->delete_marker) {
      return InvalidRequest(
          "The source of a copy request may not specifically refer to a delete marker by "
          "version id.");
    }
  } else {
    TARN_ASSIGN_OR_RETURN(from, store.GetObject(source.bucket, source.key));
  }
  if (!from) {
    TARN_ASSIGN_OR_RETURN(auto source_bucket, store.GetBucket(source.bucket));
    if (!source_bucket) return NoSuchBucket(source.bucket);
    return NoSuchKey(source.key);
  }
  TARN_TRY(EvaluatePreconditions(CopySourcePreconditions(input, now), from->etag, from->last_modified, true));
  return std::move(*from);
}

}  // namespace

core::Result<net::Output> Service::UploadPartCopy(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string upload_id = String(call.input, "UploadId");
  std::string raw_source = String(call.input, "CopySource");
  auto source = ParseCopySource(raw_source);
  if (!source) return InvalidArgument("Invalid copy source object key", "x-amz-copy-source", raw_source);
  int64_t number = OptInt(call.input, "PartNumber").value_or(0);
  if (number < 1 || number > 10000) {
    return InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                           std::to_string(number));
  }
  TARN_ASSIGN_OR_RETURN(auto upload, store_->GetUpload(bucket, key, upload_id));
  if (!upload) return NoSuchUpload(upload_id);
  for (int attempt = 0;; ++attempt) {
    TARN_ASSIGN_OR_RETURN(std::optional<ObjectRecord> from,
                          ReadCopySource(*store_, *source, call.input, clock_.Now()));
    uint64_t offset = 0, length = from->size;
    if (auto range = OptString(call.input, "CopySourceRange")) {
      TARN_ASSIGN_OR_RETURN(auto parsed, ParseCopySourceRange(*range, from->size));
      std::tie(offset, length) = parsed;
    }
    auto file = store_->OpenObjectRange(source->bucket, *from, offset, length);
    if (!file.ok()) {
      if (attempt < 3) continue;  // the source was replaced meanwhile
      return std::move(file).error();
    }
    SourceReader reader(**file);
    // A part of an upload with a checksum algorithm carries that checksum, computed here.
    std::optional<ChecksumAlgorithm> algorithm = ParseAlgorithm(upload->checksum_algorithm);
    BodyDigests digests(algorithm ? std::vector<ChecksumAlgorithm>{*algorithm}
                                  : std::vector<ChecksumAlgorithm>{});
    TARN_ASSIGN_OR_RETURN(TempBlob temp, store_->NewTempBlob());
    TARN_ASSIGN_OR_RETURN(uint64_t copied, temp.Fill(reader, digests));
    TARN_TRY(temp.Finish());
    digests.Finish();
    PartRecord part;
    part.number = static_cast<uint32_t>(number);
    TARN_ASSIGN_OR_RETURN(part.blob, store_->Publish(temp, bucket));
    part.size = copied;
    part.etag = QuotedETag(digests.md5());
    part.last_modified = clock_.Now();
    if (algorithm) {
      part.checksum_algorithm = std::string(AlgorithmName(*algorithm));
      part.checksum_value = *digests.Checksum(*algorithm);
    }
    if (auto put = store_->PutPart(bucket, key, upload_id, part); !put.ok()) {
      store_->RemoveBlob(bucket, part.blob);
      return std::move(put).error();
    }
    net::Output out;
    json::object result{{"ETag", part.etag}, {"LastModified", EpochSeconds(part.last_modified)}};
    if (algorithm) result[AlgorithmMember(*algorithm)] = part.checksum_value;
    out.json["CopyPartResult"] = std::move(result);
    if (std::string version = ShownVersionId(source->bucket, *from); !version.empty())
      out.json["CopySourceVersionId"] = version;
    out.json["ServerSideEncryption"] = kDefaultServerSideEncryption;
    return out;
  }
}

core::Result<net::Output> Service::CopyObject(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string raw_source = String(call.input, "CopySource");
  auto source = ParseCopySource(raw_source);
  if (!source) return InvalidArgument("Invalid copy source object key", "x-amz-copy-source", raw_source);
  if (key.size() > kMaxKeyBytes) return KeyTooLongError();
  TARN_TRY(RequireNoObjectAcl(call.input));
  std::string directive = OptString(call.input, "MetadataDirective").value_or("COPY");
  if (directive != "COPY" && directive != "REPLACE")
    return InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
  // A copy onto itself must change something: the metadata, the storage class, the website redirect
  // or the encryption (which tarn keeps none of, but S3 accepts such a copy).
  const bool changes = directive == "REPLACE" || call.input.contains("StorageClass") ||
                       call.input.contains("WebsiteRedirectLocation") ||
                       call.input.contains("ServerSideEncryption") || call.input.contains("SSEKMSKeyId") ||
                       call.input.contains("SSECustomerAlgorithm");
  // (Copying an earlier version over its key is how a version is restored.)
  if (source->bucket == bucket && source->key == key && !source->version_id && !changes) {
    return InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the "
        "object's metadata, storage class, website redirect location or encryption attributes.");
  }
  // x-amz-tagging-directive: COPY (the default) keeps the source's tags, REPLACE takes x-amz-tagging.
  std::string tagging_directive = OptString(call.input, "TaggingDirective").value_or("COPY");
  if (tagging_directive != "COPY" && tagging_directive != "REPLACE")
    return InvalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", tagging_directive);
  TARN_ASSIGN_OR_RETURN(json::array tags, TagSetFromHeader(String(call.input, "Tagging")));
  TARN_ASSIGN_OR_RETURN(auto target_bucket, store_->GetBucket(bucket));
  if (!target_bucket) return NoSuchBucket(bucket);
  // The copy's retention and legal hold: from its own request or the bucket's default, never from
  // its source; checked before any bytes are linked.
  ContentHeaders lock;
  TARN_TRY(ApplyObjectLock(call.input, target_bucket->object_lock, core::ToEpochSeconds(clock_.Now()), lock));

  for (int attempt = 0;; ++attempt) {
    TARN_ASSIGN_OR_RETURN(std::optional<ObjectRecord> from,
                          ReadCopySource(*store_, *source, call.input, clock_.Now()));
    ObjectRecord record = std::move(*from);
    const std::string source_version = ShownVersionId(source->bucket, record);
    record.upload_id.clear();    // the copy was made by no upload
    if (!record.blob.empty()) {  // an inline source's bytes are copied with its record
      auto blob = store_->LinkBlob(source->bucket, record.blob, bucket);
      if (!blob.ok()) {
        if (blob.error().code == "NoSuchKey" && attempt < 3) continue;  // source replaced meanwhile
        return std::move(blob).error();
      }
      record.blob = *blob;
    }
    record.last_modified = clock_.Now();
    ContentHeaders requested = HeadersFromInput(call.input);
    if (directive == "REPLACE") {
      json::array source_tags = std::move(record.headers.tags);
      record.headers = requested;
      record.headers.tags = std::move(source_tags);
    }
    if (tagging_directive == "REPLACE") record.headers.tags = tags;
    // Never copied from the source: the copy has the class and redirect its request names.
    record.headers.storage_class = requested.storage_class;
    record.headers.website_redirect = requested.website_redirect;
    TakeObjectLock(lock, record.headers);
    // The copy's checksum: x-amz-checksum-algorithm names the one to compute; otherwise the source's
    // full-object checksum carries over, and a source without one (or with a multipart COMPOSITE one,
    // which describes its parts) gets S3's default CRC64NVME
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
    std::optional<ChecksumAlgorithm> wanted =
        ParseAlgorithm(OptString(call.input, "ChecksumAlgorithm").value_or(""));
    bool keep = !record.checksum_algorithm.empty() && record.checksum_type != "COMPOSITE" &&
                (!wanted || AlgorithmName(*wanted) == record.checksum_algorithm);
    if (!keep) {
      ChecksumAlgorithm algorithm = wanted.value_or(ChecksumAlgorithm::kCrc64Nvme);
      auto value = ObjectChecksum(*store_, bucket, record, algorithm);
      if (!value.ok()) {
        store_->RemoveBlob(bucket, record.blob);
        return std::move(value).error();
      }
      record.checksum_algorithm = std::string(AlgorithmName(algorithm));
      record.checksum_value = std::move(*value);
      record.checksum_type = "FULL_OBJECT";
      record.part_checksums.clear();
    }
    if (auto put = store_->PutObject(bucket, key, record); !put.ok()) {
      store_->RemoveBlob(bucket, record.blob);
      return std::move(put).error();
    }
    Emit(MakeEvent(&call, ObjectEvent::Type::kObjectCreated, "ObjectCreated:Copy", bucket, key, &record));
    net::Output out;
    json::object result{{"ETag", record.etag}, {"LastModified", EpochSeconds(record.last_modified)}};
    if (auto algorithm = ParseAlgorithm(record.checksum_algorithm)) {
      result[AlgorithmMember(*algorithm)] = record.checksum_value;
      result["ChecksumType"] = record.checksum_type.empty() ? "FULL_OBJECT" : record.checksum_type;
    }
    out.json["CopyObjectResult"] = std::move(result);
    out.json["ServerSideEncryption"] = kDefaultServerSideEncryption;
    if (!IsNullVersion(record.version_id)) out.json["VersionId"] = record.version_id;
    if (!source_version.empty()) out.json["CopySourceVersionId"] = source_version;
    return out;
  }
}

}  // namespace tarn::s3
