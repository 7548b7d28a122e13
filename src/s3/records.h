#pragma once
// Encoders/decoders of the JSON values stored in family "s3" (docs/storage-formats.md). Pure.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "s3/object_store.h"

namespace tarn::s3 {

void EncodeHeaders(const ContentHeaders& h, boost::json::object& o);
ContentHeaders DecodeHeaders(const boost::json::object& o);
std::string EncodeBucketRecord(const BucketRecord& r);
std::optional<BucketRecord> DecodeBucketRecord(std::string_view text);
std::string EncodeUploadRecord(const UploadRecord& r);
std::optional<UploadRecord> DecodeUploadRecord(std::string_view text);
std::string EncodePartRecord(const PartRecord& r);
std::optional<PartRecord> DecodePartRecord(std::string_view text);

}  // namespace tarn::s3
