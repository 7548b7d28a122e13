// Stored JSON of S3's records (docs/storage-formats.md, "s3"): short member names, times as epoch
// milliseconds. Decoders return nullopt for anything malformed.
#include <boost/json.hpp>
#include <chrono>

#include "s3/object_store.h"
#include "s3/records.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

int64_t Millis(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
core::TimePoint FromMillis(int64_t ms) {
  return core::TimePoint(
      std::chrono::duration_cast<core::TimePoint::duration>(std::chrono::milliseconds(ms)));
}
std::string Str(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
int64_t Int(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  return 0;
}
std::optional<json::object> Parse(std::string_view text) {
  boost::system::error_code ec;
  // Header values (metadata, Content-Type, tags) are a client's bytes, not always UTF-8; a record
  // that holds them must still read back, or one request would make the bucket unlistable.
  json::parse_options options;
  options.allow_invalid_utf8 = true;
  json::value v = json::parse(text, ec, {}, options);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}
void PutIf(json::object& o, std::string_view k, const std::string& v) {
  if (!v.empty()) o[k] = v;
}
// "psz" (part sizes) and "pck" (part checksums): absent in older records; present, they must
// describe every part.
bool DecodePartList(const json::object& o, ObjectRecord& r) {
  if (const auto* sizes = o.if_contains("psz")) {
    if (!sizes->is_array()) return false;
    for (const json::value& v : sizes->get_array()) {
      if (v.is_uint64())
        r.part_sizes.push_back(v.get_uint64());
      else if (v.is_int64() && v.get_int64() >= 0)
        r.part_sizes.push_back(static_cast<uint64_t>(v.get_int64()));
      else
        return false;
    }
    if (r.part_sizes.size() != r.parts_count) return false;
  }
  if (const auto* sums = o.if_contains("pck")) {
    if (!sums->is_array() || sums->get_array().size() != r.part_sizes.size()) return false;
    for (const json::value& v : sums->get_array()) {
      if (!v.is_string()) return false;
      r.part_checksums.emplace_back(v.get_string());
    }
  }
  return true;
}
}  // namespace

void EncodeHeaders(const ContentHeaders& h, json::object& o) {
  PutIf(o, "ct", h.content_type);
  PutIf(o, "ce", h.content_encoding);
  PutIf(o, "cd", h.content_disposition);
  PutIf(o, "cl", h.content_language);
  PutIf(o, "cc", h.cache_control);
  PutIf(o, "sc", h.storage_class);
  PutIf(o, "wr", h.website_redirect);
  PutIf(o, "lm", h.lock_mode);
  if (h.lock_until) o["lu"] = *h.lock_until;
  PutIf(o, "lh", h.legal_hold);
  if (h.expires) o["ex"] = *h.expires;
  if (!h.metadata.empty()) o["meta"] = h.metadata;
  if (!h.tags.empty()) o["tags"] = h.tags;
}

ContentHeaders DecodeHeaders(const json::object& o) {
  ContentHeaders h;
  h.content_type = Str(o, "ct");
  h.content_encoding = Str(o, "ce");
  h.content_disposition = Str(o, "cd");
  h.content_language = Str(o, "cl");
  h.cache_control = Str(o, "cc");
  h.storage_class = Str(o, "sc");
  h.website_redirect = Str(o, "wr");
  h.lock_mode = Str(o, "lm");
  if (const auto* lu = o.if_contains("lu"); lu && lu->is_number()) h.lock_until = lu->to_number<double>();
  h.legal_hold = Str(o, "lh");
  if (const auto* ex = o.if_contains("ex"); ex && ex->is_number()) h.expires = ex->to_number<double>();
  if (const auto* meta = o.if_contains("meta"); meta && meta->is_object()) h.metadata = meta->get_object();
  if (const auto* tags = o.if_contains("tags"); tags && tags->is_array()) h.tags = tags->get_array();
  return h;
}

std::string EncodeBucketRecord(const BucketRecord& r) {
  json::object o{
      {"name", r.name}, {"account", r.account_id}, {"region", r.region}, {"created", Millis(r.created)}};
  if (!r.tags.empty()) o["tags"] = r.tags;
  if (!r.cors.empty()) o["cors"] = r.cors;
  PutIf(o, "versioning", r.versioning);
  PutIf(o, "policy", r.policy);
  if (!r.public_access_block.empty()) o["pab"] = r.public_access_block;
  if (!r.object_lock.empty()) o["lock"] = r.object_lock;
  return json::serialize(o);
}

std::optional<BucketRecord> DecodeBucketRecord(std::string_view text) {
  auto o = Parse(text);
  if (!o) return std::nullopt;
  BucketRecord r{Str(*o, "name"), Str(*o, "account"), Str(*o, "region"), FromMillis(Int(*o, "created"))};
  if (const auto* tags = o->if_contains("tags"); tags && tags->is_array()) r.tags = tags->get_array();
  if (const auto* cors = o->if_contains("cors"); cors && cors->is_array()) r.cors = cors->get_array();
  r.versioning = Str(*o, "versioning");
  r.policy = Str(*o, "policy");
  if (const auto* pab = o->if_contains("pab"); pab && pab->is_object())
    r.public_access_block = pab->get_object();
  if (const auto* lock = o->if_contains("lock"); lock && lock->is_object())
    r.object_lock = lock->get_object();
  if (r.name.empty()) return std::nullopt;
  return r;
}

std::string EncodeObjectRecord(const ObjectRecord& r) {
  json::object o{{"blob", r.blob}, {"size", r.size}, {"etag", r.etag}, {"mtime", Millis(r.last_modified)}};
  EncodeHeaders(r.headers, o);
  if (!r.checksum_algorithm.empty()) {
    o["ck"] = r.checksum_algorithm;
    o["cv"] = r.checksum_value;
  }
  PutIf(o, "cty", r.checksum_type);
  if (r.parts_count) o["parts"] = r.parts_count;
  PutIf(o, "uid", r.upload_id);
  if (!r.part_sizes.empty()) o["psz"] = json::value_from(r.part_sizes);
  if (!r.part_checksums.empty()) o["pck"] = json::value_from(r.part_checksums);
  PutIf(o, "vid", r.version_id);
  if (r.version_seq) o["vseq"] = r.version_seq;
  if (r.delete_marker) o["dm"] = true;
  std::string out = json::serialize(o);
  // An inline object's bytes follow its JSON after a NUL, which serialized JSON never contains
  // (control characters are escaped), so the split is unambiguous and the bytes are stored raw.
  if (r.blob.empty()) {
    out.reserve(out.size() + 1 + r.data.size());
    out += '\0';
    out += r.data;
  }
  return out;
}

std::string_view ObjectRecordJson(std::string_view value) { return value.substr(0, value.find('\0')); }

std::optional<ObjectRecord> DecodeObjectRecord(std::string_view value, bool with_data) {
  size_t nul = value.find('\0');
  auto o = Parse(value.substr(0, nul));
  if (!o) return std::nullopt;
  ObjectRecord r;
  r.blob = Str(*o, "blob");
  r.size = static_cast<uint64_t>(Int(*o, "size"));
  r.etag = Str(*o, "etag");
  r.last_modified = FromMillis(Int(*o, "mtime"));
  r.headers = DecodeHeaders(*o);
  r.checksum_algorithm = Str(*o, "ck");
  r.checksum_value = Str(*o, "cv");
  r.checksum_type = Str(*o, "cty");
  r.parts_count = static_cast<uint32_t>(Int(*o, "parts"));
  r.upload_id = Str(*o, "uid");
  if (!DecodePartList(*o, r)) return std::nullopt;
  r.version_id = Str(*o, "vid");
  r.version_seq = static_cast<uint64_t>(Int(*o, "vseq"));
  if (const auto* dm = o->if_contains("dm"); dm && dm->is_bool()) r.delete_marker = dm->get_bool();
  if (r.etag.empty() && !r.delete_marker) return std::nullopt;
  if (!r.blob.empty()) {
    if (nul != std::string_view::npos) return std::nullopt;  // a blob object has no inline bytes
  } else if (with_data) {
    if (nul == std::string_view::npos || value.size() - nul - 1 != r.size) return std::nullopt;
    r.data.assign(value.substr(nul + 1));
  } else if (nul != std::string_view::npos && value.size() - nul - 1 != r.size) {
    return std::nullopt;
  }
  return r;
}

std::string EncodeUploadRecord(const UploadRecord& r) {
  json::object o{{"id", r.upload_id}, {"key", r.key}, {"initiated", Millis(r.initiated)}};
  EncodeHeaders(r.headers, o);
  PutIf(o, "ck", r.checksum_algorithm);
  PutIf(o, "cty", r.checksum_type);
  if (r.base_object) o["base"] = *r.base_object;
  return json::serialize(o);
}

std::optional<UploadRecord> DecodeUploadRecord(std::string_view text) {
  auto o = Parse(text);
  if (!o) return std::nullopt;
  UploadRecord r;
  r.upload_id = Str(*o, "id");
  r.key = Str(*o, "key");
  r.initiated = FromMillis(Int(*o, "initiated"));
  r.headers = DecodeHeaders(*o);
  r.checksum_algorithm = Str(*o, "ck");
  r.checksum_type = Str(*o, "cty");
  if (const auto* base = o->if_contains("base"); base && base->is_string())
    r.base_object = std::string(base->get_string());
  if (r.upload_id.empty()) return std::nullopt;
  return r;
}

std::string EncodePartRecord(const PartRecord& r) {
  json::object o{{"n", r.number},
                 {"blob", r.blob},
                 {"size", r.size},
                 {"etag", r.etag},
                 {"mtime", Millis(r.last_modified)}};
  if (!r.checksum_algorithm.empty()) {
    o["ck"] = r.checksum_algorithm;
    o["cv"] = r.checksum_value;
  }
  return json::serialize(o);
}

std::optional<PartRecord> DecodePartRecord(std::string_view text) {
  auto o = Parse(text);
  if (!o) return std::nullopt;
  PartRecord r;
  r.number = static_cast<uint32_t>(Int(*o, "n"));
  r.blob = Str(*o, "blob");
  r.size = static_cast<uint64_t>(Int(*o, "size"));
  r.etag = Str(*o, "etag");
  r.last_modified = FromMillis(Int(*o, "mtime"));
  r.checksum_algorithm = Str(*o, "ck");
  r.checksum_value = Str(*o, "cv");
  if (r.blob.empty() || r.number == 0) return std::nullopt;
  return r;
}

}  // namespace tarn::s3
