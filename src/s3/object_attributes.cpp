#include "s3/object_attributes.h"

#include <algorithm>
#include <string_view>

#include "s3/checksums.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace json = boost::json;
namespace {

constexpr std::string_view kAttributes[] = {"ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"};

bool Asked(const AttributesRequest& request, std::string_view name) {
  return std::find(request.attributes.begin(), request.attributes.end(), name) != request.attributes.end();
}

// A COMPOSITE checksum is stored as CompleteMultipartUpload answered it, "<base64>-N"; this API
// names the value alone.
std::string WithoutPartCount(const ObjectRecord& record) {
  const std::string& value = record.checksum_value;
  if (record.checksum_type != "COMPOSITE") return value;
  size_t dash = value.rfind('-');
  return dash == std::string::npos ? value : value.substr(0, dash);
}

json::object Parts(const ObjectRecord& record, const AttributesRequest& request) {
  json::object parts;
  parts["TotalPartsCount"] = record.parts_count;
  auto algorithm = ParseAlgorithm(record.checksum_algorithm);
  // Parts are listed only when they have checksums of their own (API_GetObjectAttributesParts).
  const bool listed = record.checksum_type == "COMPOSITE" && algorithm && !record.part_checksums.empty() &&
                      record.part_checksums.size() == record.part_sizes.size();
  if (!listed) return parts;
  const int64_t max_parts = std::clamp<int64_t>(request.max_parts, 0, 1000);
  const int64_t marker = std::max<int64_t>(request.part_number_marker, 0);
  json::array page;
  int64_t last = 0;  // 0 when no part follows the marker, as on AWS (and in ListParts)
  bool truncated = false;
  for (size_t i =
           static_cast<size_t>(std::min<int64_t>(marker, static_cast<int64_t>(record.part_sizes.size())));
       i < record.part_sizes.size(); ++i) {
    if (static_cast<int64_t>(page.size()) == max_parts) {
      truncated = true;
      break;
    }
    const auto number = static_cast<int64_t>(i + 1);
    page.push_back(json::object{{"PartNumber", number},
                                {"Size", record.part_sizes[i]},
                                {AlgorithmMember(*algorithm), record.part_checksums[i]}});
    last = number;
  }
  parts["PartNumberMarker"] = marker;
  parts["NextPartNumberMarker"] = last;
  parts["MaxParts"] = max_parts;
  parts["IsTruncated"] = truncated;
  parts["Parts"] = std::move(page);
  return parts;
}

}  // namespace

core::Status ValidateAttributes(const std::vector<std::string>& attributes) {
  if (attributes.empty()) {
    return InvalidRequest(
        "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or "
        "empty");
  }
  for (const std::string& name : attributes) {
    if (std::find(std::begin(kAttributes), std::end(kAttributes), name) == std::end(kAttributes))
      return InvalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", name);
  }
  return core::Ok();
}

json::object ObjectAttributes(const ObjectRecord& record, const AttributesRequest& request) {
  json::object out;
  if (Asked(request, "ETag")) {
    std::string_view etag = record.etag;
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    out["ETag"] = etag;
  }
  if (Asked(request, "Checksum")) {
    if (auto algorithm = ParseAlgorithm(record.checksum_algorithm);
        algorithm && !record.checksum_value.empty()) {
      out["Checksum"] = json::object{
          {AlgorithmMember(*algorithm), WithoutPartCount(record)},
          {"ChecksumType", record.checksum_type.empty() ? std::string("FULL_OBJECT") : record.checksum_type}};
    }
  }
  if (Asked(request, "ObjectParts") && record.parts_count > 0) out["ObjectParts"] = Parts(record, request);
  if (Asked(request, "StorageClass"))
    out["StorageClass"] =
        record.headers.storage_class.empty() ? std::string("STANDARD") : record.headers.storage_class;
  if (Asked(request, "ObjectSize")) out["ObjectSize"] = record.size;
  return out;
}

}  // namespace tarn::s3
