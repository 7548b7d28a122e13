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
// An object's stored value: its JSON record, then for an inline object (empty blob) a NUL and the
// object's bytes. Decoding without data leaves an inline object's `data` empty (listings, HEAD);
// a value cut to its JSON (ObjectRecordJson) decodes only that way.
std::string EncodeObjectRecord(const ObjectRecord& r);
std::optional<ObjectRecord> DecodeObjectRecord(std::string_view value, bool with_data = true);
// The JSON part of a stored object value (the whole value for a blob object).
std::string_view ObjectRecordJson(std::string_view value);
std::string EncodeBucketRecord(const BucketRecord& r);
std::optional<BucketRecord> DecodeBucketRecord(std::string_view text);
std::string EncodeUploadRecord(const UploadRecord& r);
std::optional<UploadRecord> DecodeUploadRecord(std::string_view text);
std::string EncodePartRecord(const PartRecord& r);
std::optional<PartRecord> DecodePartRecord(std::string_view text);

}  // namespace tarn::s3
