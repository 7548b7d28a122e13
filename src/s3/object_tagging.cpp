// Tag set parsing and validation (object_tagging.h).
#include "s3/object_tagging.h"

#include <cctype>
#include <optional>
#include <set>
#include <string>

#include "core/encoding.h"
#include "s3/call_input.h"
#include "s3/errors.h"

namespace tarn::s3 {
namespace {
namespace json = boost::json;

constexpr size_t kMaxTagKeyLength = 128;
constexpr size_t kMaxTagValueLength = 256;

core::AwsError InvalidTag(std::string message, std::string_view key,
                          std::optional<std::string_view> value = std::nullopt) {
  core::AwsError e("InvalidTag", std::move(message), 400);
  e.extra["TagKey"] = key;
  if (value) e.extra["TagValue"] = *value;
  return e;
}

// Letters (any non-ASCII byte is taken as part of one), digits, whitespace and _ . : / = + - @
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html); a comma is not.
bool IsTagText(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalnum(c) || std::isspace(c) ||
        std::string_view("_.:/=+-@").find(static_cast<char>(c)) != std::string_view::npos)
      continue;
    return false;
  }
  return true;
}

// Checks one more tag against the set built so far and appends it. Object and bucket tag sets
// (told apart by max_tags) word the aws: prefix differently, as S3 does.
core::Status AddTag(json::array& out, std::set<std::string>& keys, std::string key, std::string value,
                    size_t max_tags) {
  if (key.empty() || key.size() > kMaxTagKeyLength || !IsTagText(key))
    return InvalidTag("The TagKey you have provided is invalid", key);
  if (value.size() > kMaxTagValueLength || !IsTagText(value))
    return InvalidTag("The TagValue you have provided is invalid", key, value);
  if (key.starts_with("aws:")) {
    return InvalidTag(max_tags == kMaxObjectTags ? "Your TagKey cannot be prefixed with aws:"
                                                 : "System tags cannot be added/updated by requester",
                      key);
  }
  if (!keys.insert(key).second) {
    core::AwsError e("InvalidTag", "Cannot provide multiple Tags with the same key", 400);
    e.extra["TagKey"] = key;
    return e;
  }
  if (out.size() == max_tags) {
    // Too many object tags is a BadRequest (moto's aws_verified test_put_object_tagging).
    if (max_tags == kMaxObjectTags)
      return core::AwsError("BadRequest", "Object tags cannot be greater than 10", 400);
    return core::AwsError("InvalidTag", "Bucket tag count cannot be greater than 50", 400);
  }
  out.push_back(json::object{{"Key", std::move(key)}, {"Value", std::move(value)}});
  return core::Ok();
}

}  // namespace

core::Result<json::array> TagSetFromTagging(const json::object& input, size_t max_tags) {
  const auto* tagging = input.if_contains("Tagging");
  if (!tagging || !tagging->is_object()) return MalformedXML();
  const auto* set = tagging->get_object().if_contains("TagSet");
  if (!set || !set->is_array()) return MalformedXML();
  std::set<std::string> keys;
  json::array out;
  for (const json::value& v : set->get_array()) {
    if (!v.is_object()) return MalformedXML();
    auto key = OptString(v.get_object(), "Key");
    auto value = OptString(v.get_object(), "Value");
    if (!key || !value) return MalformedXML();
    TARN_TRY(AddTag(out, keys, std::move(*key), std::move(*value), max_tags));
  }
  return out;
}

core::Result<json::array> TagSetFromHeader(std::string_view header) {
  // A header S3 cannot read as tags (bad percent-encoding, a repeated key, characters no tag may
  // have) is refused as a whole (LocalStack's test_object_tagging_exc, recorded against AWS).
  auto unreadable = [&] {
    return InvalidArgument(
        "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without "
        "tag name duplicates.",
        "x-amz-tagging", header);
  };
  std::set<std::string> keys;
  json::array out;
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = core::PercentDecode(pair.substr(0, eq), /*plus_as_space=*/true);
    auto value = core::PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                                     /*plus_as_space=*/true);
    if (!key || !value || keys.contains(*key) || !IsTagText(*key) || !IsTagText(*value)) return unreadable();
    TARN_TRY(AddTag(out, keys, std::move(*key), std::move(*value), kMaxObjectTags));
  }
  return out;
}

}  // namespace tarn::s3
