#include "s3/object_parts.h"

#include "s3/errors.h"

namespace tarn::s3 {
namespace {

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html
constexpr int64_t kMaxPartNumber = 10000;

}  // namespace

core::Result<PartSelection> SelectPart(const ObjectRecord& record, int64_t part_number) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                           std::to_string(part_number));
  }
  PartSelection out;
  out.parts_count = record.parts_count;
  auto index = static_cast<size_t>(part_number - 1);
  if (record.parts_count == 0 || record.part_sizes.empty()) {
    // A single-part object, or a multipart one recorded before part sizes were kept.
    if (part_number != 1) return InvalidPartNumber();
    out.range = ByteRange{0, record.size};
    return out;
  }
  if (index >= record.part_sizes.size()) return InvalidPartNumber();
  uint64_t offset = 0;
  for (size_t i = 0; i < index; ++i) offset += record.part_sizes[i];
  out.range = ByteRange{offset, record.part_sizes[index]};
  if (index < record.part_checksums.size()) out.checksum = record.part_checksums[index];
  return out;
}

}  // namespace tarn::s3
