#include "s3/conditions.h"

#include <charconv>
#include <chrono>

#include "s3/checksums.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only, no sign, no overflow.
std::optional<uint64_t> ParseUint(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool EtagListMatches(std::string_view list, std::string_view etag) {
  std::string_view want = UnquoteETag(etag);
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = TrimSpaces(list.substr(0, comma));
    if (item == "*" || (!item.empty() && UnquoteETag(item) == want)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

int64_t Seconds(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string ByteRange::ContentRange(uint64_t size) const {
  return "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) + "/" +
         std::to_string(size);
}

core::Result<std::optional<ByteRange>> ResolveRange(std::string_view header, uint64_t size) {
  std::string_view spec = TrimSpaces(header);
  if (!spec.starts_with("bytes=")) return std::optional<ByteRange>();
  spec = TrimSpaces(spec.substr(6));
  if (spec.find(',') != std::string_view::npos) return std::optional<ByteRange>();
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::optional<ByteRange>();
  std::string_view first_text = TrimSpaces(spec.substr(0, dash));
  std::string_view last_text = TrimSpaces(spec.substr(dash + 1));
  if (first_text.empty()) {  // suffix: the last N bytes
    auto n = ParseUint(last_text);
    if (!n) return std::optional<ByteRange>();
    if (*n == 0 || size == 0) return InvalidRange(header, size);
    uint64_t length = std::min(*n, size);
    return std::optional<ByteRange>(ByteRange{size - length, length});
  }
  auto first = ParseUint(first_text);
  if (!first) return std::optional<ByteRange>();
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = ParseUint(last_text);
    if (!last || *last < *first) return std::optional<ByteRange>();
  }
  if (*first >= size) return InvalidRange(header, size);
  uint64_t end = last ? std::min(*last, size - 1) : size - 1;
  return std::optional<ByteRange>(ByteRange{*first, end - *first + 1});
}

core::Status EvaluatePreconditions(const Preconditions& p, std::string_view etag,
                                   core::TimePoint last_modified, bool copy_source) {
  const int64_t modified = Seconds(last_modified);
  if (p.if_match) {
    if (!EtagListMatches(*p.if_match, etag))
      return PreconditionFailed(copy_source ? "x-amz-copy-source-If-Match" : "If-Match");
  } else if (p.if_unmodified_since && modified > Seconds(*p.if_unmodified_since)) {
    return PreconditionFailed(copy_source ? "x-amz-copy-source-If-Unmodified-Since" : "If-Unmodified-Since");
  }
  if (p.if_none_match) {
    if (EtagListMatches(*p.if_none_match, etag)) {
      return copy_source ? PreconditionFailed("x-amz-copy-source-If-None-Match") : NotModified();
    }
  } else if (p.if_modified_since && modified <= Seconds(*p.if_modified_since)) {
    return copy_source ? PreconditionFailed("x-amz-copy-source-If-Modified-Since") : NotModified();
  }
  return core::Ok();
}

core::Status EvaluateWritePreconditions(const std::optional<std::string>& if_match,
                                        const std::optional<std::string>& if_none_match,
                                        const std::optional<std::string>& existing_etag,
                                        std::string_view key) {
  // LocalStack's test_put_object_if_*_validation, recorded against AWS.
  auto not_implemented = [](std::string_view header) {
    core::AwsError e("NotImplemented", "A header you provided implies functionality that is not implemented",
                     501);
    e.extra["Header"] = header;
    return e;
  };
  if (if_match && if_none_match) {
    core::AwsError e = not_implemented("If-Match,If-None-Match");
    e.extra["additionalMessage"] = "Multiple conditional request headers present in the request";
    return e;
  }
  auto refused_value = [&](std::string_view header) {
    core::AwsError e = not_implemented(header);
    e.extra["additionalMessage"] =
        "We don't accept the provided value of " + std::string(header) + " header for this API";
    return e;
  };
  if (if_none_match && *if_none_match != "*") return refused_value("If-None-Match");
  if (if_match && *if_match == "*") return refused_value("If-Match");
  if (if_none_match && existing_etag) return PreconditionFailed("If-None-Match");
  if (if_match) {
    if (!existing_etag) return NoSuchKey(key);
    if (!EtagListMatches(*if_match, *existing_etag)) return PreconditionFailed("If-Match");
  }
  return core::Ok();
}

}  // namespace tarn::s3
