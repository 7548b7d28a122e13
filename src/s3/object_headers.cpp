#include "s3/object_headers.h"

#include "core/time_format.h"
#include "s3/call_input.h"

namespace tarn::s3 {
namespace {

// aws-chunked is the transfer framing of the upload, not an encoding of the object: S3 drops it.
std::string WithoutAwsChunked(std::string_view encoding) {
  // Otherwise the value is kept exactly as sent ("deflate, gzip" stays so).
  if (encoding.find("aws-chunked") == std::string_view::npos) return std::string(encoding);
  std::string out;
  while (!encoding.empty()) {
    size_t comma = encoding.find(',');
    std::string_view item = encoding.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty() && item != "aws-chunked") {
      if (!out.empty()) out += ", ";
      out.append(item);
    }
    if (comma == std::string_view::npos) break;
    encoding.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

ContentHeaders HeadersFromInput(const boost::json::object& input) {
  ContentHeaders h;
  h.content_type = String(input, "ContentType");
  h.content_encoding = WithoutAwsChunked(String(input, "ContentEncoding"));
  h.content_disposition = String(input, "ContentDisposition");
  h.content_language = String(input, "ContentLanguage");
  h.cache_control = String(input, "CacheControl");
  h.storage_class = String(input, "StorageClass");
  if (h.storage_class == "STANDARD") h.storage_class.clear();
  h.website_redirect = String(input, "WebsiteRedirectLocation");
  // Expires is a timestamp in older service models and a string (an HTTP date) in newer ones.
  if (const auto* ex = input.if_contains("Expires"); ex && ex->is_number()) {
    h.expires = ex->to_number<double>();
  } else if (ex && ex->is_string()) {
    std::optional<core::TimePoint> t = core::ParseHttpDate(ex->get_string());
    if (!t) t = core::ParseIso8601(ex->get_string());
    if (t) h.expires = core::ToEpochSeconds(*t);
  }
  if (const auto* meta = input.if_contains("Metadata"); meta && meta->is_object())
    h.metadata = meta->get_object();
  return h;
}

void WriteObjectHeaders(const ObjectRecord& record, boost::json::object& out) {
  out["ETag"] = record.etag;
  out["LastModified"] = EpochSeconds(record.last_modified);
  out["ContentLength"] = record.size;
  out["AcceptRanges"] = "bytes";
  out["ServerSideEncryption"] = kDefaultServerSideEncryption;
  // S3 names the storage class only when it is not STANDARD.
  if (!record.headers.storage_class.empty()) out["StorageClass"] = record.headers.storage_class;
  if (!record.headers.website_redirect.empty())
    out["WebsiteRedirectLocation"] = record.headers.website_redirect;
  const ContentHeaders& h = record.headers;
  out["ContentType"] = h.content_type.empty() ? std::string(kDefaultContentType) : h.content_type;
  if (!h.content_encoding.empty()) out["ContentEncoding"] = h.content_encoding;
  if (!h.content_disposition.empty()) out["ContentDisposition"] = h.content_disposition;
  if (!h.content_language.empty()) out["ContentLanguage"] = h.content_language;
  if (!h.cache_control.empty()) out["CacheControl"] = h.cache_control;
  if (h.expires) out["Expires"] = core::FormatHttpDate(core::FromEpochSeconds(*h.expires));
  if (!h.metadata.empty()) out["Metadata"] = h.metadata;
  if (!h.tags.empty()) out["TagCount"] = h.tags.size();
  if (!h.lock_mode.empty()) out["ObjectLockMode"] = h.lock_mode;
  if (h.lock_until) out["ObjectLockRetainUntilDate"] = *h.lock_until;
  if (!h.legal_hold.empty()) out["ObjectLockLegalHoldStatus"] = h.legal_hold;
}

}  // namespace tarn::s3
