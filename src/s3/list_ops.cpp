// Implements: ListObjects (v1), ListObjectsV2 — from the metadata index in key order (listing.h);
// ListObjectVersions (ObjectStore::ListVersions).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
#include <boost/json.hpp>

#include "core/encoding.h"
#include "s3/call_input.h"
#include "s3/errors.h"
#include "s3/listing.h"
#include "s3/object_store.h"
#include "s3/owner.h"
#include "s3/records.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

struct ListParams {
  ListRequest request;
  bool url_encoding = false;
  int64_t max_keys = static_cast<int64_t>(kMaxListKeys);
};

core::Result<ListParams> ParseCommon(const json::object& input) {
  ListParams p;
  p.request.prefix = String(input, "Prefix");
  p.request.delimiter = String(input, "Delimiter");
  if (auto encoding = OptString(input, "EncodingType")) {
    if (*encoding != "url")
      return InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", *encoding);
    p.url_encoding = true;
  }
  if (auto max = OptInt(input, "MaxKeys")) {
    if (*max < 0) {
      return InvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys",
                             std::to_string(*max));
    }
    p.max_keys = *max;
  }
  p.request.max_keys = static_cast<size_t>(std::min<int64_t>(p.max_keys, kMaxListKeys));
  return p;
}

// encoding-type=url: S3 percent-encodes keys in the answer (botocore decodes them), keeping '/'.
std::string Encode(const ListParams& p, std::string_view s) {
  return p.url_encoding ? core::UriEncode(s, false) : std::string(s);
}

core::Result<ListPage> Walk(ObjectStore& store, std::string_view bucket, const ListRequest& request) {
  TARN_ASSIGN_OR_RETURN(auto record, store.GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  auto cursor = store.Objects(bucket);
  TARN_ASSIGN_OR_RETURN(ListPage page, ListKeys(*cursor, request));
  // max-keys=0 asks for nothing and S3 says nothing more is to come (IsTruncated false, no token).
  if (request.max_keys == 0) page.truncated = false;
  return page;
}

// An object's members in a listing: ETag, Size, StorageClass and its checksum algorithm, with
// checksum_type as the listing reports it.
void WriteListedObject(const ObjectRecord& record, std::string_view checksum_type, json::object& entry) {
  entry["ETag"] = record.etag;
  entry["Size"] = record.size;
  entry["StorageClass"] =
      record.headers.storage_class.empty() ? std::string("STANDARD") : record.headers.storage_class;
  if (!record.checksum_algorithm.empty()) {
    entry["ChecksumAlgorithm"] = json::array{json::value(record.checksum_algorithm)};
    entry["ChecksumType"] = checksum_type;
  }
}

core::Status FillEntries(const ListParams& p, const ListPage& page, bool with_owner, std::string_view account,
                         json::object& out) {
  json::array contents;
  for (const auto& [key, value] : page.objects) {
    auto record = DecodeObjectRecord(value, /*with_data=*/false);
    if (!record) return core::InternalFailure("unreadable S3 object record");
    json::object entry{{"Key", Encode(p, key)}, {"LastModified", ListingSeconds(record->last_modified)}};
    WriteListedObject(*record, "FULL_OBJECT", entry);
    if (with_owner) entry["Owner"] = OwnerJson(account);
    contents.push_back(std::move(entry));
  }
  json::array prefixes;
  for (const std::string& prefix : page.common_prefixes)
    prefixes.push_back(json::object{{"Prefix", Encode(p, prefix)}});
  if (!contents.empty()) out["Contents"] = std::move(contents);
  if (!prefixes.empty()) out["CommonPrefixes"] = std::move(prefixes);
  out["IsTruncated"] = page.truncated;
  out["MaxKeys"] = p.max_keys;
  out["Prefix"] = Encode(p, p.request.prefix);
  if (!p.request.delimiter.empty()) out["Delimiter"] = Encode(p, p.request.delimiter);
  if (p.url_encoding) out["EncodingType"] = "url";
  return core::Ok();
}

}  // namespace

core::Result<net::Output> Service::ListObjectsV2(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(ListParams p, ParseCommon(call.input));
  std::string start_after = String(call.input, "StartAfter");
  p.request.start_after = start_after;
  // A continuation token (an empty one is malformed too) takes over from start-after, which S3
  // then no longer echoes (LocalStack's test_list_objects_v2_continuation_start_after, recorded
  // against AWS).
  auto token = OptString(call.input, "ContinuationToken");
  if (token) {
    auto decoded = core::Base64Decode(*token);
    if (!decoded || decoded->empty()) {
      core::AwsError e =
          InvalidArgument("The continuation token provided is incorrect", "continuation-token", *token);
      if (token->empty()) e.extra.erase("ArgumentValue");  // as S3 answers an empty one
      return e;
    }
    p.request.start_after = *decoded;
  }
  TARN_ASSIGN_OR_RETURN(ListPage page, Walk(*store_, bucket, p.request));
  net::Output out;
  out.json["Name"] = bucket;
  TARN_TRY(FillEntries(p, page, Bool(call.input, "FetchOwner"), call.context.account_id, out.json));
  out.json["KeyCount"] = page.objects.size() + page.common_prefixes.size();
  if (token) out.json["ContinuationToken"] = *token;
  if (!start_after.empty() && !token) out.json["StartAfter"] = Encode(p, start_after);
  // The token is opaque to clients: here, the last key or common prefix returned.
  if (page.truncated) out.json["NextContinuationToken"] = core::Base64Encode(page.last);
  return out;
}

core::Result<net::Output> Service::ListObjectVersions(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(ListParams p, ParseCommon(call.input));
  VersionListRequest request;
  request.prefix = p.request.prefix;
  request.delimiter = p.request.delimiter;
  request.max_keys = p.request.max_keys;
  request.key_marker = String(call.input, "KeyMarker");
  request.version_id_marker = String(call.input, "VersionIdMarker");
  if (!request.version_id_marker.empty() && request.key_marker.empty()) {
    return InvalidArgument("A version-id marker cannot be specified without a key marker.",
                           "version-id-marker", request.version_id_marker);
  }
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  TARN_TRY(CheckVersionId(call.input.contains("VersionIdMarker")
                              ? std::optional<std::string>(request.version_id_marker)
                              : std::nullopt,
                          !bucket_record->versioning.empty()));
  TARN_ASSIGN_OR_RETURN(VersionPage page, store_->ListVersions(bucket, request));
  json::array versions, markers;
  for (const VersionEntry& entry : page.versions) {
    auto record = DecodeObjectRecord(entry.record, /*with_data=*/false);
    if (!record) return core::InternalFailure("unreadable S3 object record");
    json::object item{{"Key", Encode(p, entry.key)},
                      {"VersionId", record->version_id.empty() ? std::string("null") : record->version_id},
                      {"IsLatest", entry.is_latest},
                      {"LastModified", ListingSeconds(record->last_modified)},
                      {"Owner", OwnerJson(call.context.account_id)}};
    if (record->delete_marker) {
      markers.push_back(std::move(item));
      continue;
    }
    WriteListedObject(*record, record->checksum_type.empty() ? "FULL_OBJECT" : record->checksum_type, item);
    versions.push_back(std::move(item));
  }
  json::array prefixes;
  for (const std::string& prefix : page.common_prefixes)
    prefixes.push_back(json::object{{"Prefix", Encode(p, prefix)}});
  net::Output out;
  out.json["Name"] = bucket;
  out.json["Prefix"] = Encode(p, request.prefix);
  out.json["KeyMarker"] = Encode(p, request.key_marker);
  out.json["VersionIdMarker"] = request.version_id_marker;
  out.json["MaxKeys"] = p.max_keys;
  if (!request.delimiter.empty()) out.json["Delimiter"] = Encode(p, request.delimiter);
  out.json["IsTruncated"] = page.truncated && p.max_keys > 0;
  if (page.truncated && p.max_keys > 0) {
    out.json["NextKeyMarker"] = Encode(p, page.next_key_marker);
    if (!page.next_version_id_marker.empty()) out.json["NextVersionIdMarker"] = page.next_version_id_marker;
  }
  if (!versions.empty()) out.json["Versions"] = std::move(versions);
  if (!markers.empty()) out.json["DeleteMarkers"] = std::move(markers);
  if (!prefixes.empty()) out.json["CommonPrefixes"] = std::move(prefixes);
  if (p.url_encoding) out.json["EncodingType"] = "url";
  return out;
}

core::Result<net::Output> Service::ListObjects(const net::Call& call) {
  std::string bucket = String(call.input, "Bucket");
  TARN_ASSIGN_OR_RETURN(ListParams p, ParseCommon(call.input));
  std::string marker = String(call.input, "Marker");
  p.request.start_after = marker;
  TARN_ASSIGN_OR_RETURN(ListPage page, Walk(*store_, bucket, p.request));
  net::Output out;
  out.json["Name"] = bucket;
  TARN_TRY(FillEntries(p, page, true, call.context.account_id, out.json));
  out.json["Marker"] = Encode(p, marker);
  // S3 returns NextMarker only with a delimiter; without one, clients resume after the last key.
  if (page.truncated && !p.request.delimiter.empty()) out.json["NextMarker"] = Encode(p, page.last);
  return out;
}

}  // namespace tarn::s3
