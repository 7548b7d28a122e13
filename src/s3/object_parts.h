#pragma once
// GetObject/HeadObject ?partNumber=N: which bytes of an object one part is
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax).
// A multipart object keeps its part sizes; a single-part object is its own part 1. Pure.

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "s3/conditions.h"
#include "s3/object_store.h"

namespace tarn::s3 {

struct PartSelection {
  ByteRange range;
  uint32_t parts_count = 0;  // x-amz-mp-parts-count: the object's part count, 0 for a single-part object
  // The part's own checksum when the object's checksum is COMPOSITE; nullopt otherwise.
  std::optional<std::string> checksum;
};

// Errors: InvalidArgument (400) for a number outside 1..10000; InvalidPartNumber (416) beyond the
// object's part count (or beyond 1 for an object whose part sizes were not recorded).
core::Result<PartSelection> SelectPart(const ObjectRecord& record, int64_t part_number);

}  // namespace tarn::s3
