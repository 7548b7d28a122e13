#include "dynamodb/wire_item.h"

#include <boost/json.hpp>
#include <optional>

#include "core/json_depth.h"
#include "dynamodb/item_size.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

core::AwsError Corrupt() { return core::InternalFailure("dynamodb: unreadable stored item"); }

// Bytes a canonical base64 text decodes to.
std::optional<size_t> Base64Length(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  return text.size() / 4 * 3 - padding;
}

std::optional<size_t> WireNumberSize(const json::value& v) {
  if (!v.is_string()) return std::nullopt;
  auto n = Number::Parse(v.get_string());
  if (!n.ok()) return std::nullopt;
  return NumberSize(*n);
}

// AttributeValueSize of a value in wire form ({"S": "..."} and so on).
std::optional<size_t> WireValueSize(const json::value& value) {
  const json::object* o = value.if_object();
  if (!o || o->size() != 1) return std::nullopt;
  const auto& [type, v] = *o->begin();
  if (type == "S") {
    if (!v.is_string()) return std::nullopt;
    return v.get_string().size();
  }
  if (type == "N") return WireNumberSize(v);
  if (type == "B") {
    if (!v.is_string()) return std::nullopt;
    return Base64Length(v.get_string());
  }
  if (type == "BOOL" || type == "NULL") return size_t{1};
  if (type == "M") {
    const json::object* m = v.if_object();
    if (!m) return std::nullopt;
    size_t size = 3;
    for (const auto& [name, child] : *m) {
      auto s = WireValueSize(child);
      if (!s) return std::nullopt;
      size += name.size() + *s + 1;
    }
    return size;
  }
  const json::array* a = v.if_array();
  if (!a || (type != "L" && type != "SS" && type != "BS" && type != "NS")) return std::nullopt;
  size_t size = type == "L" ? 3 : 0;
  for (const auto& member : *a) {
    std::optional<size_t> s;
    if (type == "L") {
      s = WireValueSize(member);
      if (s) ++*s;
    } else if (type == "SS") {
      if (member.is_string()) s = member.get_string().size();
    } else if (type == "BS") {
      if (member.is_string()) s = Base64Length(member.get_string());
    } else if (type == "NS") {
      s = WireNumberSize(member);
    }
    if (!s) return std::nullopt;
    size += *s;
  }
  return size;
}

}  // namespace

std::optional<size_t> WireItemSize(const json::value& item) {
  const json::object* o = item.if_object();
  if (!o) return std::nullopt;
  size_t size = 0;
  for (const auto& [name, value] : *o) {
    auto s = WireValueSize(value);
    if (!s) return std::nullopt;
    size += name.size() + *s;
  }
  return size;
}

boost::json::storage_ptr ResponseArena() { return json::make_shared_resource<json::monotonic_resource>(); }

core::Result<WireItem> DecodeWireItem(std::string_view bytes, boost::json::storage_ptr storage) {
  boost::system::error_code ec;
  // Constructed, not assigned: assigning JSON to a value on another storage copies it there.
  json::value parsed = json::parse(bytes, ec, std::move(storage), core::DeepJson());
  if (ec) return Corrupt();
  auto size = WireItemSize(parsed);
  if (!size) return Corrupt();
  return WireItem{std::move(parsed), *size};
}

}  // namespace tarn::dynamodb
