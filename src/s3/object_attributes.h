#pragma once
// GetObjectAttributes' answer from an object's record
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html). Pure.
//
// Shapes as S3 answers them (LocalStack's test_get_object_attributes* recorded against AWS, and AWS
// answers quoted by S3 implementers): the ETag without quotes; Checksum only for an object that has
// one, a COMPOSITE value without its "-N"; ObjectParts only for a multipart object, the part
// count alone unless its parts have checksums (COMPOSITE), then a page of parts with their sizes
// and checksums; StorageClass always named, STANDARD included.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/result.h"
#include "s3/object_store.h"

namespace tarn::s3 {

struct AttributesRequest {
  std::vector<std::string> attributes;  // x-amz-object-attributes, already split at commas
  int64_t max_parts = 1000;             // x-amz-max-parts
  int64_t part_number_marker = 0;       // x-amz-part-number-marker
};

// Errors: InvalidRequest when no attribute is named, InvalidArgument for a name S3 does not know.
core::Status ValidateAttributes(const std::vector<std::string>& attributes);

// The response's body members (ETag, Checksum, ObjectParts, StorageClass, ObjectSize) that were asked for.
boost::json::object ObjectAttributes(const ObjectRecord& record, const AttributesRequest& request);

}  // namespace tarn::s3
