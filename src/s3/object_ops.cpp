// Implements: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (and the pages of the others)
#include <boost/json.hpp>

#include "core/log.h"
#include "s3/acl.h"
#include "s3/body_receiver.h"
#include "s3/call_input.h"
#include "s3/checksums.h"
#include "s3/conditions.h"
#include "s3/errors.h"
#include "s3/object_attributes.h"
#include "s3/object_headers.h"
#include "s3/object_lock.h"
#include "s3/object_parts.h"
#include "s3/object_store.h"
#include "s3/object_tagging.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

// DeleteObjects takes at most 1000 keys.
constexpr size_t kMaxDeleteObjects = 1000;

Preconditions PreconditionsFrom(const json::object& input) {
  Preconditions p;
  p.if_match = OptString(input, "IfMatch");
  p.if_none_match = OptString(input, "IfNoneMatch");
  p.if_modified_since = OptTime(input, "IfModifiedSince");
  p.if_unmodified_since = OptTime(input, "IfUnmodifiedSince");
  return p;
}

void WriteChecksum(const ObjectRecord& record, json::object& out) {
  if (record.checksum_algorithm.empty()) return;
  auto algorithm = ParseAlgorithm(record.checksum_algorithm);
  if (!algorithm) return;
  out[AlgorithmMember(*algorithm)] = record.checksum_value;
  out["ChecksumType"] = record.checksum_type.empty() ? "FULL_OBJECT" : record.checksum_type;
}

// ChecksumMode=ENABLED: a checksum describes the whole object, or one part of a COMPOSITE
// multipart object, so a byte range of part of it gets none, and a part of a multipart object gets
// only its own.
void WriteReadChecksum(const ObjectRecord& record, bool ranged, const PartSelection* part,
                       json::object& out) {
  if (part && part->parts_count > 0) {
    auto algorithm = ParseAlgorithm(record.checksum_algorithm);
    if (!part->checksum || !algorithm) return;
    out[AlgorithmMember(*algorithm)] = *part->checksum;
    out["ChecksumType"] = "COMPOSITE";
    return;
  }
  if (ranged && !part) return;
  WriteChecksum(record, out);
}

// The response-* query parameters replace stored headers in GetObject/HeadObject answers.
void ApplyResponseOverrides(const json::object& input, json::object& out) {
  static constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
      {"ResponseCacheControl", "CacheControl"},       {"ResponseContentDisposition", "ContentDisposition"},
      {"ResponseContentEncoding", "ContentEncoding"}, {"ResponseContentLanguage", "ContentLanguage"},
      {"ResponseContentType", "ContentType"},
  };
  for (const auto& [param, member] : kOverrides)
    if (auto v = OptString(input, param)) out[member] = *v;
  // An HTTP date, however the client sent it (moto's aws_verified
  // test_presigned_url_generates_content_response_headers).
  if (const auto* ex = input.if_contains("ResponseExpires"); ex && ex->is_number())
    out["Expires"] = core::FormatHttpDate(core::FromEpochSeconds(ex->to_number<double>()));
}

}  // namespace

core::Status Service::CheckWriteConditions(const net::Call& call, const std::string& bucket,
                                           const std::string& key) {
  auto if_match = OptString(call.input, "IfMatch");
  auto if_none_match = OptString(call.input, "IfNoneMatch");
  if (!if_match && !if_none_match) return core::Ok();
  TARN_ASSIGN_OR_RETURN(auto existing, store_->GetObject(bucket, key, /*with_data=*/false));
  return EvaluateWritePreconditions(if_match, if_none_match,
                                    existing ? std::optional(existing->etag) : std::nullopt, key);
}

core::Result<net::Output> Service::PutObject(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  if (key.size() > kMaxKeyBytes) return KeyTooLongError();
  TARN_TRY(store_->RequireBucket(bucket));
  TARN_TRY(RequireNoObjectAcl(call.input));
  // Conditional writes (If-None-Match: *, If-Match: etag) are checked before the body is taken.
  TARN_TRY(CheckWriteConditions(call, bucket, key));
  TARN_ASSIGN_OR_RETURN(json::array tags, TagSetFromHeader(String(call.input, "Tagging")));
  // Object Lock headers are checked before the body is taken too.
  ContentHeaders lock;
  TARN_ASSIGN_OR_RETURN(json::object lock_configuration, BucketLock(bucket));
  TARN_TRY(ApplyObjectLock(call.input, lock_configuration, core::ToEpochSeconds(clock_.Now()), lock));
  // "If the object was uploaded without a checksum, Amazon S3 added the default checksum, CRC64NVME"
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, x-amz-checksum-crc64nvme).
  TARN_ASSIGN_OR_RETURN(ReceivedBody body, ReceiveBody(*store_, bucket, call, std::nullopt, false,
                                                       ChecksumAlgorithm::kCrc64Nvme, /*may_inline=*/true));
  ObjectRecord record;
  record.blob = body.blob;
  record.data = std::move(body.data);
  record.size = body.size;
  record.etag = QuotedETag(body.md5);
  record.last_modified = clock_.Now();
  record.headers = HeadersFromInput(call.input);
  record.headers.tags = std::move(tags);
  TakeObjectLock(lock, record.headers);
  record.checksum_algorithm = body.checksum_algorithm;
  record.checksum_value = body.checksum_value;
  if (auto put = store_->PutObject(bucket, key, record); !put.ok()) {
    store_->RemoveBlob(bucket, record.blob);
    return std::move(put).error();
  }
  Emit(MakeEvent(&call, ObjectEvent::Type::kObjectCreated, "ObjectCreated:Put", bucket, key, &record));
  net::Output out;
  out.json["ETag"] = record.etag;
  // A null version (suspended versioning) is not named (LocalStack's
  // test_put_object_on_suspended_bucket, recorded against AWS).
  if (!IsNullVersion(record.version_id)) out.json["VersionId"] = record.version_id;
  out.json["ServerSideEncryption"] = kDefaultServerSideEncryption;
  WriteChecksum(record, out.json);
  return out;
}

// The version a GetObject, HeadObject, GetObjectAttributes or GetObjectTagging reads: the one
// named by VersionId, else the current one. Errors: NoSuchBucket, NoSuchKey (with the headers of a
// delete marker that is the newest version), NoSuchVersion, MethodNotAllowed for a delete marker.
core::Result<ObjectRecord> Service::ReadVersion(const net::Call& call, std::string_view method,
                                                bool with_data) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  if (auto version_id = OptString(call.input, "VersionId")) {
    TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
    if (!bucket_record) return NoSuchBucket(bucket);
    TARN_TRY(CheckVersionId(version_id, !bucket_record->versioning.empty()));
    TARN_ASSIGN_OR_RETURN(auto record, store_->GetObjectVersion(bucket, key, *version_id, with_data));
    if (!record) {
      if (bucket_record->versioning.empty()) return NoSuchKey(key);
      return NoSuchVersion(key, *version_id);
    }
    if (record->delete_marker)
      return DeleteMarkerNotAllowed(method, record->version_id, record->last_modified);
    return std::move(*record);
  }
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetObject(bucket, key, with_data));
  if (record) return std::move(*record);
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  if (!bucket_record->versioning.empty()) {
    TARN_ASSIGN_OR_RETURN(auto marker, store_->CurrentDeleteMarker(bucket, key));
    if (marker) return NoSuchKeyDeleteMarker(key, marker->version_id);
  }
  return NoSuchKey(key);
}

std::string Service::ShownVersionId(std::string_view bucket, const ObjectRecord& record) const {
  if (!record.version_id.empty()) return record.version_id;
  return store_->VersioningOf(bucket).empty() ? "" : "null";
}

core::Result<net::Output> Service::ReadObject(const net::Call& call, bool with_body) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::optional<int64_t> part_number = OptInt(call.input, "PartNumber");
  std::optional<std::string> range_header = OptString(call.input, "Range");
  if (part_number && range_header)
    return InvalidRequest("Cannot specify both Range header and partNumber query parameter");
  bool checksum_mode = String(call.input, "ChecksumMode") == "ENABLED";
  // A concurrent overwrite may unlink the blob between reading the record and opening the file;
  // the record read again then names the new blob.
  for (int attempt = 0;; ++attempt) {
    TARN_ASSIGN_OR_RETURN(std::optional<ObjectRecord> record,
                          ReadVersion(call, with_body ? "GET" : "HEAD", /*with_data=*/with_body));
    // Archived objects are read only after a restore (RestoreObject, which tarn does not have); HEAD
    // still describes them.
    const std::string& storage_class = record->headers.storage_class;
    if (with_body && (storage_class == "GLACIER" || storage_class == "DEEP_ARCHIVE")) {
      core::AwsError e("InvalidObjectState", "The operation is not valid for the object's storage class",
                       403);
      e.extra["StorageClass"] = storage_class;
      return e;
    }
    std::optional<PartSelection> part;
    if (part_number) {
      TARN_ASSIGN_OR_RETURN(part, SelectPart(*record, *part_number));
    }
    if (auto met = EvaluatePreconditions(PreconditionsFrom(call.input), record->etag, record->last_modified);
        !met.ok()) {
      if (met.error().http_status != 304) return std::move(met).error();
      // A 304 still names the object it did not send (RFC 9110 15.4.5), as S3's does.
      net::Output out;
      out.http_status = 304;
      out.json["ETag"] = record->etag;
      out.json["LastModified"] = EpochSeconds(record->last_modified);
      return out;
    }
    std::optional<ByteRange> range;
    if (range_header) {
      TARN_ASSIGN_OR_RETURN(range, ResolveRange(*range_header, record->size));
    } else if (part && record->size > 0) {
      range = part->range;
    }
    net::Output out;
    WriteObjectHeaders(*record, out.json);
    if (std::string version = ShownVersionId(bucket, *record); !version.empty())
      out.json["VersionId"] = version;
    if (part && part->parts_count > 0) out.json["PartsCount"] = part->parts_count;
    if (range) {
      out.http_status = 206;
      out.json["ContentLength"] = range->length;
      out.json["ContentRange"] = range->ContentRange(record->size);
    }
    // A range that covers the whole object gets the object's checksum (LocalStack's
    // test_get_object_range, recorded against AWS: bytes=-15 and bytes=0-100 of 10 bytes).
    const bool partial = range && range->length < record->size;
    if (checksum_mode) WriteReadChecksum(*record, partial, part ? &*part : nullptr, out.json);
    ApplyResponseOverrides(call.input, out.json);
    if (!with_body) return out;
    uint64_t offset = range ? range->offset : 0;
    uint64_t length = range ? range->length : record->size;
    auto source = store_->OpenObjectRange(bucket, *record, offset, length);
    if (!source.ok()) {
      if (attempt < 3) continue;
      return std::move(source).error();
    }
    out.body = std::move(source).value();
    return out;
  }
}

core::Result<net::Output> Service::GetObject(const net::Call& call) { return ReadObject(call, true); }

core::Result<net::Output> Service::HeadObject(const net::Call& call) { return ReadObject(call, false); }

core::Result<net::Output> Service::GetObjectAttributes(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  AttributesRequest request;
  if (const auto* names = call.input.if_contains("ObjectAttributes"); names && names->is_array()) {
    for (const json::value& name : names->get_array())
      if (name.is_string() && !name.get_string().empty()) request.attributes.emplace_back(name.get_string());
  }
  TARN_TRY(ValidateAttributes(request.attributes));
  request.max_parts = OptInt(call.input, "MaxParts").value_or(1000);
  request.part_number_marker = OptInt(call.input, "PartNumberMarker").value_or(0);
  TARN_ASSIGN_OR_RETURN(ObjectRecord record, ReadVersion(call, "GET", /*with_data=*/false));
  net::Output out;
  out.json = ObjectAttributes(record, request);
  out.json["LastModified"] = EpochSeconds(record.last_modified);
  if (std::string version = ShownVersionId(bucket, record); !version.empty()) out.json["VersionId"] = version;
  return out;
}

namespace {
// No bucket has Object Lock: a governance bypass, true or false, is refused as S3 refuses it on
// such a bucket (LocalStack's test_delete_object_with_no_locking, recorded against AWS).
core::Status RequireNoGovernanceBypass(const json::object& input, bool locked) {
  if (locked || !input.contains("BypassGovernanceRetention")) return core::Ok();
  core::AwsError e("InvalidArgument",
                   "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.",
                   400);
  e.extra["ArgumentName"] = "x-amz-bypass-governance-retention";
  return e;
}
}  // namespace

core::Result<ObjectDeletion> Service::DeleteOne(const net::Call& call, const std::string& bucket,
                                                const std::string& key,
                                                const std::optional<std::string>& version_id) {
  ObjectDeletion done;
  if (version_id) {
    TARN_ASSIGN_OR_RETURN(
        done, store_->DeleteObjectVersion(bucket, key, *version_id, LockGuard(call, bucket, key)));
    done.version_id = *version_id;  // echoed whether or not it existed
  } else {
    TARN_ASSIGN_OR_RETURN(done, store_->DeleteObject(bucket, key, clock_.Now()));
  }
  if (!version_id && done.delete_marker) {
    Emit(MakeEvent(&call, ObjectEvent::Type::kObjectRemoved, "ObjectRemoved:DeleteMarkerCreated", bucket, key,
                   nullptr));
  } else if (done.removed) {
    Emit(MakeEvent(&call, ObjectEvent::Type::kObjectRemoved, "ObjectRemoved:Delete", bucket, key, nullptr));
  }
  return done;
}

core::Result<net::Output> Service::DeleteObject(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  auto version_id = OptString(call.input, "VersionId");
  TARN_TRY(store_->RequireBucket(bucket));
  TARN_ASSIGN_OR_RETURN(json::object lock, BucketLock(bucket));
  TARN_TRY(RequireNoGovernanceBypass(call.input, !lock.empty()));
  TARN_TRY(CheckVersionId(version_id, !store_->VersioningOf(bucket).empty()));
  TARN_ASSIGN_OR_RETURN(ObjectDeletion done, DeleteOne(call, bucket, key, version_id));
  net::Output out;
  if (done.delete_marker) out.json["DeleteMarker"] = true;
  if (!done.version_id.empty()) out.json["VersionId"] = done.version_id;
  return out;
}

core::Result<net::Output> Service::DeleteObjects(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  const auto* del = call.input.if_contains("Delete");
  if (!del || !del->is_object()) return MalformedXML();
  const auto* objects = del->get_object().if_contains("Objects");
  if (!objects || !objects->is_array() || objects->get_array().empty() ||
      objects->get_array().size() > kMaxDeleteObjects) {
    return MalformedXML();
  }
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_TRY(RequireNoGovernanceBypass(call.input, !bucket_record->object_lock.empty()));
  TARN_TRY(VerifyPayload(call.payload));
  bool quiet = Bool(del->get_object(), "Quiet");
  const bool versioned = !bucket_record->versioning.empty();
  json::array deleted, errors;
  auto refuse = [&](const std::string& key, const std::optional<std::string>& version,
                    const core::AwsError& e) {
    json::object entry{{"Key", key}};
    if (version) entry["VersionId"] = *version;
    entry["Code"] = e.code;
    entry["Message"] = e.message;
    errors.push_back(std::move(entry));
  };
  for (const json::value& v : objects->get_array()) {
    if (!v.is_object()) return MalformedXML();
    std::string key = String(v.get_object(), "Key");
    auto version = OptString(v.get_object(), "VersionId");
    if (auto valid = CheckVersionId(version, versioned); !valid.ok()) {
      refuse(key, version, core::AwsError("NoSuchVersion", "The specified version does not exist.", 404));
      continue;
    }
    // Each key is authorized on its own: s3:DeleteObject, or s3:DeleteObjectVersion for a version
    // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html); a refused key is an
    // AccessDenied entry among the Errors (moto's aws_verified test_deny_delete_policy).
    if (call.items) {
      if (auto allowed = call.items->Authorize(version ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
                                               "arn:aws:s3:::" + bucket + "/" + key);
          !allowed.ok()) {
        refuse(key, version, allowed.error());
        continue;
      }
    }
    auto done = DeleteOne(call, bucket, key, version);
    if (!done.ok()) {
      refuse(key, version, done.error());
      continue;
    }
    if (quiet) continue;
    json::object entry{{"Key", key}};
    if (version) entry["VersionId"] = *version;
    if (done->delete_marker) {
      entry["DeleteMarker"] = true;
      entry["DeleteMarkerVersionId"] = done->version_id;
    }
    deleted.push_back(std::move(entry));
  }
  net::Output out;
  if (!deleted.empty()) out.json["Deleted"] = std::move(deleted);
  if (!errors.empty()) out.json["Errors"] = std::move(errors);
  return out;
}

}  // namespace tarn::s3
