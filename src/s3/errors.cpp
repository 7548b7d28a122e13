#include "s3/errors.h"

#include "core/time_format.h"
#include "s3/object_store.h"

namespace tarn::s3 {
namespace {
core::AwsError With(core::AwsError e, std::string_view name, std::string_view value) {
  e.extra[name] = value;
  return e;
}
}  // namespace

core::AwsError NoSuchBucket(std::string_view bucket) {
  return With({"NoSuchBucket", "The specified bucket does not exist", 404}, "BucketName", bucket);
}
core::AwsError NoSuchKey(std::string_view key) {
  return With({"NoSuchKey", "The specified key does not exist.", 404}, "Key", key);
}
core::AwsError NoSuchUpload(std::string_view upload_id) {
  return With({"NoSuchUpload",
               "The specified upload does not exist. The upload ID may be invalid, or the upload may have "
               "been aborted or completed.",
               404},
              "UploadId", upload_id);
}
core::AwsError BucketAlreadyOwnedByYou(std::string_view bucket) {
  return With({"BucketAlreadyOwnedByYou",
               "Your previous request to create the named bucket succeeded and you already own it.", 409},
              "BucketName", bucket);
}
core::AwsError BucketAlreadyExists(std::string_view bucket) {
  return With({"BucketAlreadyExists",
               "The requested bucket name is not available. The bucket namespace is shared by all users of "
               "the system. Please select a different name and try again.",
               409},
              "BucketName", bucket);
}
core::AwsError BucketNotEmpty(std::string_view bucket, bool versioned) {
  // A versioned bucket's refusal names versions (LocalStack's
  // test_delete_versioned_bucket_with_objects, recorded against AWS).
  return With(
      {"BucketNotEmpty",
       versioned ? "The bucket you tried to delete is not empty. You must delete all versions in the bucket."
                 : "The bucket you tried to delete is not empty",
       409},
      "BucketName", bucket);
}
core::AwsError InvalidBucketName(std::string_view bucket) {
  return With({"InvalidBucketName", "The specified bucket is not valid.", 400}, "BucketName", bucket);
}
core::AwsError InvalidRange(std::string_view requested, uint64_t size) {
  core::AwsError e("InvalidRange", "The requested range is not satisfiable", 416);
  e.extra["RangeRequested"] = requested;
  e.extra["ActualObjectSize"] = std::to_string(size);
  return e;
}
core::AwsError PreconditionFailed(std::string_view condition) {
  return With({"PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412},
              "Condition", condition);
}
core::AwsError NotModified() { return core::AwsError("NotModified", "Not Modified", 304); }
core::AwsError BadDigest(std::string_view algorithm) {
  if (algorithm == "Content-MD5")
    return core::AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
  return core::AwsError(
      "BadDigest", "The " + std::string(algorithm) + " you specified did not match the calculated checksum.",
      400);
}
core::AwsError InvalidDigest(std::string_view content_md5) {
  return With({"InvalidDigest", "The Content-MD5 you specified was invalid.", 400}, "Content-MD5",
              content_md5);
}
core::AwsError KeyTooLongError() { return core::AwsError("KeyTooLongError", "Your key is too long", 400); }
core::AwsError InvalidPartNumber() {
  return core::AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", 416);
}
core::AwsError InvalidArgument(std::string message, std::string_view name, std::string_view value) {
  core::AwsError e("InvalidArgument", std::move(message), 400);
  e.extra["ArgumentName"] = name;
  e.extra["ArgumentValue"] = value;
  return e;
}
core::AwsError AccessControlListNotSupported() {
  return core::AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
}
core::Status CheckVersionId(const std::optional<std::string>& version_id, bool versioned) {
  if (version_id && *version_id != "null" && (!versioned || !VersionSequence(*version_id)))
    return InvalidArgument("Invalid version id specified", "versionId", *version_id);
  return core::Ok();
}
core::AwsError NoSuchVersion(std::string_view key, std::string_view version_id) {
  core::AwsError e("NoSuchVersion", "The specified version does not exist.", 404);
  e.extra["Key"] = key;
  e.extra["VersionId"] = version_id;
  return e;
}
core::AwsError DeleteMarkerNotAllowed(std::string_view method, std::string_view version_id,
                                      core::TimePoint last_modified) {
  core::AwsError e("MethodNotAllowed", "The specified method is not allowed against this resource.", 405);
  e.extra["Method"] = method;
  e.extra["ResourceType"] = "DeleteMarker";
  e.headers = {{"x-amz-delete-marker", "true"},
               {"x-amz-version-id", std::string(version_id)},
               {"Last-Modified", core::FormatHttpDate(last_modified)},
               {"Allow", "DELETE"}};
  return e;
}
core::AwsError NoSuchKeyDeleteMarker(std::string_view key, std::string_view version_id) {
  core::AwsError e = NoSuchKey(key);
  e.headers = {{"x-amz-delete-marker", "true"}, {"x-amz-version-id", std::string(version_id)}};
  return e;
}
core::AwsError NoSuchBucketConfiguration(std::string code, std::string message, std::string_view bucket) {
  core::AwsError e(std::move(code), std::move(message), 404);
  e.extra["BucketName"] = bucket;
  return e;
}
core::AwsError InvalidRequest(std::string message) {
  return core::AwsError("InvalidRequest", std::move(message), 400);
}
core::AwsError MalformedXML() {
  return core::AwsError("MalformedXML",
                        "The XML you provided was not well-formed or did not validate against our published "
                        "schema",
                        400);
}
core::AwsError InvalidPart(std::string_view upload_id, uint64_t part, std::string_view etag) {
  core::AwsError e("InvalidPart",
                   "One or more of the specified parts could not be found.  The part may not have been "
                   "uploaded, or the specified entity tag may not have matched the part's entity tag.",
                   400);
  e.extra["UploadId"] = upload_id;
  e.extra["PartNumber"] = std::to_string(part);
  e.extra["ETag"] = etag;
  return e;
}
core::AwsError InvalidPartOrder(std::string_view upload_id) {
  return With({"InvalidPartOrder",
               "The list of parts was not in ascending order. The parts list must be specified in order by "
               "part number.",
               400},
              "UploadId", upload_id);
}
core::AwsError EntityTooSmall(uint64_t proposed, uint64_t part, std::string_view etag) {
  core::AwsError e("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.",
                   400);
  e.extra["ProposedSize"] = std::to_string(proposed);
  e.extra["MinSizeAllowed"] = "5242880";
  e.extra["PartNumber"] = std::to_string(part);
  e.extra["ETag"] = etag;
  return e;
}
core::AwsError IllegalLocationConstraint(std::string_view constraint) {
  return core::AwsError("IllegalLocationConstraintException",
                        "The " + std::string(constraint) +
                            " location constraint is incompatible for the region specific endpoint this "
                            "request was sent to.",
                        400);
}
core::AwsError InvalidLocationConstraint() {
  return core::AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400);
}

}  // namespace tarn::s3
