// Tag set parsing and validation (object_tagging.h).
#include "s3/object_tagging.h"

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

core::AwsError InvalidTag(std::string message) {
  return core::AwsError("InvalidTag", std::move(message), 400);
}

// Checks one more tag against the set built so far and appends it.
core::Status AddTag(json::array& out, std::set<std::string>& keys, std::string key, std::string value,
                    size_t max_tags) {
  if (key.empty() || key.size() > kMaxTagKeyLength)
    return InvalidTag("The TagKey you have provided is invalid");
  if (value.size() > kMaxTagValueLength) return InvalidTag("The TagValue you have provided is invalid");
  if (key.starts_with("aws:")) return InvalidTag("System tags cannot be added/updated by requester");
  if (!keys.insert(key).second) return InvalidTag("Cannot provide multiple Tags with the same key");
  if (out.size() == max_tags) {
    return InvalidTag(max_tags == kMaxObjectTags ? "Object tags cannot be greater than 10"
                                                 : "Bucket tag count cannot be greater than 50");
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
  std::set<std::string> keys;
  json::array out;
  while (!header.empty()) {
    size_t amp = header.find('&');
    std::string_view pair = header.substr(0, amp);
    header = amp == std::string_view::npos ? std::string_view() : header.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = core::PercentDecode(pair.substr(0, eq), /*plus_as_space=*/true);
    auto value = core::PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                                     /*plus_as_space=*/true);
    if (!key || !value)
      return InvalidArgument(
          "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without "
          "tag name duplicates.",
          "x-amz-tagging", std::string(pair));
    TARN_TRY(AddTag(out, keys, std::move(*key), std::move(*value), kMaxObjectTags));
  }
  return out;
}

}  // namespace tarn::s3
