// Implements: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
// ListParts, ListMultipartUploads.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
// Parts are blobs of their own; completion concatenates them into one new blob (streamed through
// a bounded buffer), then commits the object and drops the upload in one WriteBatch.
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <tuple>

#include "core/encoding.h"
#include "core/ids.h"
#include "s3/acl.h"
#include "s3/body_receiver.h"
#include "s3/call_input.h"
#include "s3/checksums.h"
#include "s3/conditions.h"
#include "s3/errors.h"
#include "s3/object_headers.h"
#include "s3/object_lock.h"
#include "s3/object_store.h"
#include "s3/object_tagging.h"
#include "s3/owner.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html
constexpr int64_t kMaxPartNumber = 10000;
constexpr uint64_t kMinPartBytes = 5 * 1024 * 1024;
constexpr size_t kCopyBufferBytes = 256 * 1024;

void WritePartChecksum(const PartRecord& part, json::object& out) {
  if (part.checksum_algorithm.empty()) return;
  if (auto a = ParseAlgorithm(part.checksum_algorithm)) out[AlgorithmMember(*a)] = part.checksum_value;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// CreateMultipartUpload's ChecksumAlgorithm + ChecksumType: CRC64NVME is FULL_OBJECT only, the
// other CRCs default to COMPOSITE and may be FULL_OBJECT, every other algorithm is COMPOSITE only
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
core::Status ChooseChecksum(const json::object& input, UploadRecord& upload) {
  auto type = OptString(input, "ChecksumType");
  if (type && *type != "COMPOSITE" && *type != "FULL_OBJECT")
    return InvalidRequest("Value for x-amz-checksum-type header is invalid.");
  auto name = OptString(input, "ChecksumAlgorithm");
  if (!name) {
    if (type) {
      return InvalidRequest(
          "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
    }
    return core::Ok();
  }
  auto algorithm = ParseAlgorithm(*name);
  if (!algorithm) return InvalidRequest("Value for x-amz-checksum-algorithm header is invalid.");
  std::string chosen =
      type ? *type : (*algorithm == ChecksumAlgorithm::kCrc64Nvme ? "FULL_OBJECT" : "COMPOSITE");
  bool allowed = chosen == "FULL_OBJECT" ? IsCrc(*algorithm) : *algorithm != ChecksumAlgorithm::kCrc64Nvme;
  if (!allowed) {
    return InvalidRequest("The " + chosen + " checksum type cannot be used with the " +
                          Lower(AlgorithmName(*algorithm)) + " checksum algorithm.");
  }
  upload.checksum_algorithm = std::string(AlgorithmName(*algorithm));
  upload.checksum_type = chosen;
  return core::Ok();
}

void WriteUploadChecksum(const UploadRecord& upload, json::object& out) {
  if (upload.checksum_algorithm.empty()) return;
  out["ChecksumAlgorithm"] = upload.checksum_algorithm;
  out["ChecksumType"] = upload.checksum_type.empty() ? "COMPOSITE" : upload.checksum_type;
}

// Appends the blob's bytes to out through a bounded buffer, feeding digest when given.
core::Status AppendBlob(const std::string& path, uint64_t size, TempBlob& out, Digest* digest) {
  TARN_ASSIGN_OR_RETURN(auto source, net::OpenFileRange(path, 0, size));
  auto buffer = std::make_unique<char[]>(kCopyBufferBytes);
  uint64_t copied = 0;
  while (copied < size) {
    TARN_ASSIGN_OR_RETURN(size_t n, source->Read(buffer.get(), kCopyBufferBytes));
    if (n == 0) return core::InternalFailure("part file " + path + " is shorter than recorded");
    std::string_view chunk(buffer.get(), n);
    if (digest) digest->Update(chunk);
    TARN_TRY(out.Write(chunk));
    copied += n;
  }
  return core::Ok();
}

// The parts CompleteMultipartUpload names, in order, each matched to its stored record by number,
// ETag and (for an upload with a checksum algorithm) checksum; all but the last at least 5 MiB.
core::Result<std::vector<const PartRecord*>> ChooseParts(const UploadRecord& upload,
                                                         std::string_view upload_id,
                                                         const json::array& requested,
                                                         const std::vector<PartRecord>& stored) {
  std::map<uint32_t, const PartRecord*> by_number;
  for (const PartRecord& p : stored) by_number[p.number] = &p;
  std::optional<ChecksumAlgorithm> algorithm = ParseAlgorithm(upload.checksum_algorithm);
  bool composite = algorithm && upload.checksum_type != "FULL_OBJECT";
  std::vector<const PartRecord*> chosen;
  int64_t previous = 0;
  for (const json::value& v : requested) {
    if (!v.is_object()) return MalformedXML();
    int64_t number = OptInt(v.get_object(), "PartNumber").value_or(0);
    std::string etag = String(v.get_object(), "ETag");
    if (number <= previous) return InvalidPartOrder(upload_id);
    previous = number;
    auto it = by_number.find(static_cast<uint32_t>(number));
    if (it == by_number.end() || UnquoteETag(it->second->etag) != UnquoteETag(etag))
      return InvalidPart(upload_id, static_cast<uint64_t>(number), etag);
    if (algorithm) {
      auto sent = OptString(v.get_object(), AlgorithmMember(*algorithm));
      if (!sent && composite) {
        return InvalidRequest(
            "The upload was created using a " + Lower(upload.checksum_algorithm) +
            " checksum. The complete request must include the checksum for each part. It was "
            "missing for part " +
            std::to_string(number) + " in the request.");
      }
      if (sent && *sent != it->second->checksum_value)
        return InvalidPart(upload_id, static_cast<uint64_t>(number), etag);
    }
    chosen.push_back(it->second);
  }
  for (size_t i = 0; i + 1 < chosen.size(); ++i) {
    if (chosen[i]->size < kMinPartBytes)
      return EntityTooSmall(chosen[i]->size, chosen[i]->number, chosen[i]->etag);
  }
  return chosen;
}

}  // namespace

core::Result<net::Output> Service::CreateMultipartUpload(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  if (key.size() > kMaxKeyBytes) return KeyTooLongError();
  TARN_TRY(store_->RequireBucket(bucket));
  TARN_TRY(RequireNoObjectAcl(call.input));
  UploadRecord upload;
  upload.upload_id = core::HexEncode(core::RandomBytes(24));
  upload.key = key;
  upload.initiated = clock_.Now();
  TARN_ASSIGN_OR_RETURN(auto base, store_->GetObject(bucket, key, /*with_data=*/false));
  upload.base_object = ObjectVersionTag(base);
  upload.headers = HeadersFromInput(call.input);
  TARN_ASSIGN_OR_RETURN(json::object lock, BucketLock(bucket));
  TARN_TRY(ApplyObjectLock(call.input, lock, core::ToEpochSeconds(upload.initiated), upload.headers));
  TARN_ASSIGN_OR_RETURN(upload.headers.tags, TagSetFromHeader(String(call.input, "Tagging")));
  TARN_TRY(ChooseChecksum(call.input, upload));
  TARN_TRY(store_->PutUpload(bucket, upload));
  net::Output out;
  out.json["Bucket"] = bucket;
  out.json["Key"] = key;
  out.json["UploadId"] = upload.upload_id;
  out.json["ServerSideEncryption"] = kDefaultServerSideEncryption;
  WriteUploadChecksum(upload, out.json);
  return out;
}

core::Result<net::Output> Service::UploadPart(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string upload_id = String(call.input, "UploadId");
  int64_t number = OptInt(call.input, "PartNumber").value_or(0);
  if (number < 1 || number > kMaxPartNumber) {
    return InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                           std::to_string(number));
  }
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_ASSIGN_OR_RETURN(auto upload, store_->GetUpload(bucket, key, upload_id));
  if (!upload) return NoSuchUpload(upload_id);
  // A COMPOSITE upload's object checksum is built from the parts' checksums, so each part must
  // bring its own; a FULL_OBJECT one's is computed at completion, and the part's is only kept.
  std::optional<ChecksumAlgorithm> algorithm = ParseAlgorithm(upload->checksum_algorithm);
  TARN_ASSIGN_OR_RETURN(ReceivedBody body, ReceiveBody(*store_, bucket, call, algorithm,
                                                       upload->checksum_type != "FULL_OBJECT"));
  PartRecord part;
  part.number = static_cast<uint32_t>(number);
  part.blob = body.blob;
  part.size = body.size;
  part.etag = QuotedETag(body.md5);
  part.last_modified = clock_.Now();
  part.checksum_algorithm = body.checksum_algorithm;
  part.checksum_value = body.checksum_value;
  if (auto put = store_->PutPart(bucket, key, upload_id, part); !put.ok()) {
    store_->RemoveBlob(bucket, part.blob);
    return std::move(put).error();
  }
  net::Output out;
  out.json["ETag"] = part.etag;
  out.json["ServerSideEncryption"] = kDefaultServerSideEncryption;
  WritePartChecksum(part, out.json);
  return out;
}

namespace {

// CompleteMultipartUpload's answer for the object it made.
net::Output CompletedOutput(std::string_view bucket, std::string_view key, const ObjectRecord& record) {
  net::Output out;
  out.json["Location"] = "/" + std::string(bucket) + "/" + core::UriEncode(key, false);
  out.json["Bucket"] = bucket;
  out.json["Key"] = key;
  out.json["ETag"] = record.etag;
  out.json["ServerSideEncryption"] = kDefaultServerSideEncryption;
  auto algorithm = ParseAlgorithm(record.checksum_algorithm);
  if (algorithm) out.json[AlgorithmMember(*algorithm)] = record.checksum_value;
  out.json["ChecksumType"] = record.checksum_type.empty() ? "FULL_OBJECT" : record.checksum_type;
  if (!IsNullVersion(record.version_id)) out.json["VersionId"] = record.version_id;
  return out;
}

}  // namespace

core::Result<net::Output> Service::CompleteMultipartUpload(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string upload_id = String(call.input, "UploadId");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_ASSIGN_OR_RETURN(auto upload, store_->GetUpload(bucket, key, upload_id));
  if (!upload) {
    // Completing an upload again answers as the first Complete did while its object stands, so a
    // client may retry a Complete whose answer it lost.
    TARN_ASSIGN_OR_RETURN(auto object, store_->GetObject(bucket, key, /*with_data=*/false));
    if (object && !upload_id.empty() && object->upload_id == upload_id)
      return CompletedOutput(bucket, key, *object);
    return NoSuchUpload(upload_id);
  }
  const json::array* requested = nullptr;
  if (const auto* mpu = call.input.if_contains("MultipartUpload"); mpu && mpu->is_object()) {
    if (const auto* parts = mpu->get_object().if_contains("Parts"); parts && parts->is_array())
      requested = &parts->get_array();
  }
  if (!requested || requested->empty()) return MalformedXML();
  // Conditional completion, as PutObject (LocalStack's test_multipart_if_*, recorded against AWS);
  // a refused Complete leaves the upload open.
  TARN_TRY(CheckWriteConditions(call, bucket, key));
  // A condition that holds now may still have been overtaken: if the key was written or deleted
  // since the upload began, S3 answers ConditionalRequestConflict (LocalStack's
  // test_multipart_if_match_with_put / _if_none_match_with_delete, recorded against AWS).
  if (auto header = call.input.contains("IfMatch")       ? "If-Match"
                    : call.input.contains("IfNoneMatch") ? "If-None-Match"
                                                         : nullptr;
      header && upload->base_object) {
    TARN_ASSIGN_OR_RETURN(auto now, store_->GetObject(bucket, key, /*with_data=*/false));
    if (ObjectVersionTag(now) != *upload->base_object) {
      core::AwsError e(
          "ConditionalRequestConflict",
          "The conditional request cannot succeed due to a conflicting operation against this resource.",
          409);
      e.extra["Condition"] = header;
      e.extra["Key"] = key;
      return e;
    }
  }
  TARN_ASSIGN_OR_RETURN(auto stored, store_->ListParts(bucket, upload_id));
  TARN_ASSIGN_OR_RETURN(std::vector<const PartRecord*> chosen,
                        ChooseParts(*upload, upload_id, *requested, stored));

  std::optional<ChecksumAlgorithm> algorithm = ParseAlgorithm(upload->checksum_algorithm);
  bool full_object = algorithm && upload->checksum_type == "FULL_OBJECT";
  if (auto type = OptString(call.input, "ChecksumType");
      type && algorithm && *type != upload->checksum_type) {
    return InvalidRequest("The upload was created using the " + upload->checksum_type +
                          " checksum mode. The complete request must use the same checksum mode.");
  }
  // An upload created without a checksum algorithm still gets S3's default full-object CRC64NVME
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html), computed
  // while the parts are joined.
  std::unique_ptr<Digest> whole = full_object  ? std::make_unique<Digest>(*algorithm)
                                  : !algorithm ? std::make_unique<Digest>(ChecksumAlgorithm::kCrc64Nvme)
                                               : nullptr;
  TARN_ASSIGN_OR_RETURN(TempBlob temp, store_->NewTempBlob());
  ObjectRecord record;
  std::vector<std::string> md5s;
  for (const PartRecord* p : chosen) {
    TARN_TRY(AppendBlob(store_->BlobPath(bucket, p->blob), p->size, temp, whole.get()));
    record.size += p->size;
    record.part_sizes.push_back(p->size);
    md5s.push_back(core::HexDecode(UnquoteETag(p->etag)).value_or(std::string()));
    if (algorithm && !full_object) record.part_checksums.push_back(p->checksum_value);
  }
  if (algorithm) {
    record.checksum_algorithm = upload->checksum_algorithm;
    record.checksum_type = upload->checksum_type;
    if (whole) {
      record.checksum_value = core::Base64Encode(whole->Finish());
    } else {
      auto composite = CompositeChecksum(*algorithm, record.part_checksums);
      if (!composite) return core::InternalFailure("unreadable part checksum of upload " + upload_id);
      record.checksum_value = *composite;
    }
    // The client's own object-level value, when it sends one, must agree.
    if (auto sent = OptString(call.input, AlgorithmMember(*algorithm));
        sent && *sent != record.checksum_value)
      return BadDigest(AlgorithmName(*algorithm));
  } else {
    record.checksum_algorithm = std::string(AlgorithmName(ChecksumAlgorithm::kCrc64Nvme));
    record.checksum_type = "FULL_OBJECT";
    record.checksum_value = core::Base64Encode(whole->Finish());
  }
  TARN_TRY(temp.Finish());
  TARN_ASSIGN_OR_RETURN(record.blob, store_->Publish(temp, bucket));
  record.etag = MultipartETag(md5s);
  record.last_modified = clock_.Now();
  record.headers = upload->headers;
  record.parts_count = static_cast<uint32_t>(chosen.size());
  record.upload_id = upload_id;
  if (auto done = store_->CompleteUpload(bucket, key, upload_id, record); !done.ok()) {
    store_->RemoveBlob(bucket, record.blob);
    return std::move(done).error();
  }
  Emit(MakeEvent(&call, ObjectEvent::Type::kObjectCreated, "ObjectCreated:CompleteMultipartUpload", bucket,
                 key, &record));
  return CompletedOutput(bucket, key, record);
}

core::Result<net::Output> Service::AbortMultipartUpload(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_TRY(store_->AbortUpload(bucket, String(call.input, "Key"), String(call.input, "UploadId")));
  return net::Output{};
}

core::Result<net::Output> Service::ListParts(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  std::string key = String(call.input, "Key");
  std::string upload_id = String(call.input, "UploadId");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_ASSIGN_OR_RETURN(auto upload, store_->GetUpload(bucket, key, upload_id));
  if (!upload) return NoSuchUpload(upload_id);
  int64_t max_parts = std::clamp<int64_t>(OptInt(call.input, "MaxParts").value_or(1000), 0, 1000);
  int64_t marker = OptInt(call.input, "PartNumberMarker").value_or(0);
  TARN_ASSIGN_OR_RETURN(auto parts, store_->ListParts(bucket, upload_id));
  json::array list;
  bool truncated = false;
  int64_t last = 0;
  for (const PartRecord& p : parts) {
    if (p.number <= marker) continue;
    if (static_cast<int64_t>(list.size()) == max_parts) {
      truncated = true;
      break;
    }
    json::object entry{{"PartNumber", p.number},
                       {"LastModified", ListingSeconds(p.last_modified)},
                       {"ETag", p.etag},
                       {"Size", p.size}};
    WritePartChecksum(p, entry);
    list.push_back(std::move(entry));
    last = p.number;
  }
  net::Output out;
  out.json["Bucket"] = bucket;
  out.json["Key"] = key;
  out.json["UploadId"] = upload_id;
  out.json["PartNumberMarker"] = std::to_string(marker);
  // Always, as S3: the last part listed (0 when none), truncated or not.
  out.json["NextPartNumberMarker"] = std::to_string(last);
  out.json["MaxParts"] = max_parts;
  out.json["IsTruncated"] = truncated;
  if (!list.empty()) out.json["Parts"] = std::move(list);
  out.json["Initiator"] = OwnerJson(call.context.account_id);
  out.json["Owner"] = OwnerJson(call.context.account_id);
  out.json["StorageClass"] =
      upload->headers.storage_class.empty() ? "STANDARD" : upload->headers.storage_class;
  WriteUploadChecksum(*upload, out.json);
  return out;
}

core::Result<net::Output> Service::ListMultipartUploads(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  std::string prefix = String(call.input, "Prefix");
  std::string delimiter = String(call.input, "Delimiter");
  std::string key_marker = String(call.input, "KeyMarker");
  // An upload-id-marker means something only after a key-marker (S3 then echoes it as empty).
  std::string upload_marker = key_marker.empty() ? "" : String(call.input, "UploadIdMarker");
  const bool url = OptString(call.input, "EncodingType") == "url";
  auto encode = [url](std::string_view s) { return url ? core::UriEncode(s, false) : std::string(s); };
  int64_t max_uploads = std::clamp<int64_t>(OptInt(call.input, "MaxUploads").value_or(1000), 0, 1000);
  TARN_ASSIGN_OR_RETURN(auto uploads, store_->ListUploads(bucket, prefix));
  // Keys in order, each key's uploads in the order they were initiated.
  std::stable_sort(uploads.begin(), uploads.end(), [](const UploadRecord& a, const UploadRecord& b) {
    return std::tie(a.key, a.initiated, a.upload_id) < std::tie(b.key, b.initiated, b.upload_id);
  });
  // The key-marker's uploads up to the upload-id-marker are behind the marker; the marker must be
  // one of that key's uploads.
  size_t begin = 0;
  if (!key_marker.empty()) {
    while (begin < uploads.size() && uploads[begin].key < key_marker) ++begin;
    if (!upload_marker.empty()) {
      size_t at = begin;
      while (at < uploads.size() && uploads[at].key == key_marker && uploads[at].upload_id != upload_marker)
        ++at;
      if (at == uploads.size() || uploads[at].key != key_marker)
        return InvalidArgument("Invalid uploadId marker", "upload-id-marker", upload_marker);
      begin = at + 1;
    } else {
      while (begin < uploads.size() && uploads[begin].key == key_marker) ++begin;
      // A marker inside a common prefix (or the prefix itself) is past all of it: its keys were
      // rolled up there (LocalStack's test_list_multipart_uploads_marker_common_prefixes, recorded
      // against AWS).
      if (!delimiter.empty() && key_marker.starts_with(prefix)) {
        size_t cut = key_marker.find(delimiter, prefix.size());
        if (cut != std::string::npos) {
          std::string_view rolled = std::string_view(key_marker).substr(0, cut + delimiter.size());
          while (begin < uploads.size() && uploads[begin].key.starts_with(rolled)) ++begin;
        }
      }
    }
  }
  json::array list, prefixes;
  bool truncated = false;
  // The next markers name the last upload listed; a common prefix moves neither (S3 answers an
  // empty NextKeyMarker for a page of prefixes alone, as the same recording shows).
  std::string next_key, next_upload, last_common;
  for (size_t i = begin; i < uploads.size(); ++i) {
    const UploadRecord& u = uploads[i];
    // With a delimiter, the keys that continue past it after the prefix are rolled up into one
    // common prefix (as ListObjects does), each counted once against max-uploads.
    std::string common;
    if (!delimiter.empty()) {
      size_t cut = u.key.find(delimiter, prefix.size());
      if (cut != std::string::npos) common = u.key.substr(0, cut + delimiter.size());
    }
    if (!common.empty() && common == last_common) continue;  // already rolled up
    if (static_cast<int64_t>(list.size() + prefixes.size()) == max_uploads) {
      truncated = true;
      break;
    }
    if (!common.empty()) {
      prefixes.push_back(json::object{{"Prefix", encode(common)}});
      last_common = std::move(common);
      continue;
    }
    list.push_back(json::object{
        {"UploadId", u.upload_id},
        {"Key", encode(u.key)},
        {"Initiated", ListingSeconds(u.initiated)},
        {"StorageClass", u.headers.storage_class.empty() ? std::string("STANDARD") : u.headers.storage_class},
        {"Owner", OwnerJson(call.context.account_id)},
        {"Initiator", OwnerJson(call.context.account_id)}});
    next_key = u.key;
    next_upload = u.upload_id;
  }
  net::Output out;
  out.json["Bucket"] = bucket;
  out.json["KeyMarker"] = encode(key_marker);
  out.json["UploadIdMarker"] = upload_marker;
  // Always named, as S3 does: where the next page would start (empty when nothing was listed).
  out.json["NextKeyMarker"] = encode(next_key);
  out.json["NextUploadIdMarker"] = next_upload;
  out.json["MaxUploads"] = max_uploads;
  out.json["IsTruncated"] = truncated;
  if (!prefix.empty()) out.json["Prefix"] = encode(prefix);
  if (!delimiter.empty()) out.json["Delimiter"] = encode(delimiter);
  if (url) out.json["EncodingType"] = "url";
  if (!list.empty()) out.json["Uploads"] = std::move(list);
  if (!prefixes.empty()) out.json["CommonPrefixes"] = std::move(prefixes);
  return out;
}

}  // namespace tarn::s3
