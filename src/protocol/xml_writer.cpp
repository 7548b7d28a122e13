// XmlWriter and the shape-driven XML serializer (xml_writer.h), shared by the Query codec and
// REST-XML. Element names, list/map wrappers and flattening follow botocore's XML parsers
// (botocore/parsers.py BaseXMLResponseParser: _member_key_name, _handle_list, _handle_map), so
// whatever is written here parses back into the same document.

#include "protocol/xml_writer.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/time_format.h"
#include "protocol/text.h"

namespace tarn::protocol {

namespace json = boost::json;

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          // \r would be normalized to \n by the reader and tabs/newlines in attributes to spaces;
          // a character reference survives both.
          static constexpr char kHex[] = "0123456789ABCDEF";
          out += "&#x";
          if (static_cast<unsigned char>(c) >= 0x10) out += '1';
          out += kHex[static_cast<unsigned char>(c) & 0xF];
          out += ';';
        } else {
          out += c;
        }
    }
  }
  return out;
}

void XmlWriter::Declaration() { out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

void XmlWriter::FinishStartTag() {
  if (start_tag_open_) {
    out_ += '>';
    start_tag_open_ = false;
  }
}

void XmlWriter::Open(std::string_view name) {
  FinishStartTag();
  out_ += '<';
  out_.append(name);
  open_.emplace_back(name);
  start_tag_open_ = true;
}

void XmlWriter::Attribute(std::string_view name, std::string_view value) {
  if (!start_tag_open_) return;  // contract: attributes only before the first child/text
  out_ += ' ';
  out_.append(name);
  out_ += "=\"";
  out_ += XmlEscape(value);
  out_ += '"';
}

void XmlWriter::Text(std::string_view text) {
  FinishStartTag();
  out_ += XmlEscape(text);
}

void XmlWriter::Close() {
  if (open_.empty()) return;
  if (start_tag_open_) {
    out_ += "/>";
    start_tag_open_ = false;
  } else {
    out_ += "</";
    out_ += open_.back();
    out_ += '>';
  }
  open_.pop_back();
}

void XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  Text(text);
  Close();
}

std::string XmlWriter::Take() {
  while (!open_.empty()) Close();
  return std::move(out_);
}

namespace {

// A model locationName, else the protocol's default element name.
std::string_view NameOr(const std::string& location_name, std::string_view fallback) {
  return location_name.empty() ? fallback : std::string_view(location_name);
}

std::string NumberText(const json::value& v, bool integral) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) {
    double d = v.get_double();
    // Only in-range values convert; a cast of anything larger is undefined behaviour.
    if (integral && std::isfinite(d) && std::fabs(d) < 9.2e18) return std::to_string(static_cast<int64_t>(d));
    return FormatDouble(d);
  }
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return "";
}

std::string TimestampText(const MemberRef& ref, const json::value& v, bool always_millis) {
  if (v.is_string()) return std::string(v.get_string());  // already formatted by the handler
  double seconds = v.is_double() ? v.get_double() : v.is_int64() ? static_cast<double>(v.get_int64()) : 0.0;
  if (v.is_uint64()) seconds = static_cast<double>(v.get_uint64());
  TimestampFormat format =
      ref.timestamp_format != TimestampFormat::kDefault ? ref.timestamp_format : ref.shape->timestamp_format;
  core::TimePoint t = core::FromEpochSeconds(seconds);
  switch (format) {
    case TimestampFormat::kRfc822:
      return core::FormatHttpDate(t);
    case TimestampFormat::kUnixTimestamp:
      return FormatDouble(seconds);
    default:
      return seconds == std::floor(seconds) && !always_millis ? core::FormatIso8601(t)
                                                              : core::FormatIso8601Millis(t);
  }
}

void NamespaceAttribute(XmlWriter& writer, const std::string& prefix, const std::string& uri) {
  if (uri.empty()) return;
  writer.Attribute(prefix.empty() ? "xmlns" : "xmlns:" + prefix, uri);
}

std::string ScalarText(const MemberRef& ref, const json::value& value, bool always_millis) {
  switch (ref.shape->type) {
    case ShapeType::kInteger:
    case ShapeType::kLong:
      return NumberText(value, true);
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      return NumberText(value, false);
    case ShapeType::kBoolean:
      if (value.is_bool()) return value.get_bool() ? "true" : "false";
      return NumberText(value, false);
    case ShapeType::kTimestamp:
      return TimestampText(ref, value, always_millis);
    default:
      if (value.is_string()) return std::string(value.get_string());
      return json::serialize(value);
  }
}

void WriteList(XmlWriter& writer, const MemberRef& ref, const json::array& items, std::string_view name) {
  const Shape& shape = *ref.shape;
  if (ref.flattened || shape.flattened) {
    std::string_view element = NameOr(shape.member.location_name, name);
    for (const auto& item : items) WriteXmlMember(writer, shape.member, item, element);
    return;
  }
  writer.Open(name);
  NamespaceAttribute(writer, ref.xml_namespace_prefix, ref.xml_namespace_uri);
  std::string_view element = NameOr(shape.member.location_name, "member");
  for (const auto& item : items) WriteXmlMember(writer, shape.member, item, element);
  writer.Close();
}

void WriteMapEntry(XmlWriter& writer, const Shape& shape, std::string_view key, const json::value& value) {
  WriteXmlMember(writer, shape.key, json::value(key), NameOr(shape.key.location_name, "key"));
  WriteXmlMember(writer, shape.value, value, NameOr(shape.value.location_name, "value"));
}

void WriteMap(XmlWriter& writer, const MemberRef& ref, const json::object& entries, std::string_view name) {
  const Shape& shape = *ref.shape;
  if (ref.flattened || shape.flattened) {
    for (const auto& [k, v] : entries) {
      writer.Open(name);
      WriteMapEntry(writer, shape, k, v);
      writer.Close();
    }
    return;
  }
  writer.Open(name);
  NamespaceAttribute(writer, ref.xml_namespace_prefix, ref.xml_namespace_uri);
  for (const auto& [k, v] : entries) {
    writer.Open("entry");
    WriteMapEntry(writer, shape, k, v);
    writer.Close();
  }
  writer.Close();
}

}  // namespace

void WriteXmlMember(XmlWriter& writer, const MemberRef& ref, const json::value& value,
                    std::string_view element_name) {
  if (value.is_null() || ref.shape == nullptr) return;
  std::string_view name = element_name.empty() ? ref.wire_name() : element_name;
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure:
      if (!value.is_object()) return;
      writer.Open(name);
      NamespaceAttribute(writer, ref.xml_namespace_prefix, ref.xml_namespace_uri);
      // A structure may declare its own namespace (S3's Grantee: xmlns:xsi for its xsi:type).
      if (ref.xml_namespace_uri.empty())
        NamespaceAttribute(writer, shape.xml_namespace_prefix, shape.xml_namespace_uri);
      WriteXmlStructureMembers(writer, shape, value.get_object());
      writer.Close();
      return;
    case ShapeType::kList:
      if (value.is_array()) WriteList(writer, ref, value.get_array(), name);
      return;
    case ShapeType::kMap:
      if (value.is_object()) WriteMap(writer, ref, value.get_object(), name);
      return;
    default:
      writer.Open(name);
      NamespaceAttribute(writer, ref.xml_namespace_prefix, ref.xml_namespace_uri);
      writer.Text(ScalarText(ref, value, writer.timestamp_millis()));
      writer.Close();
  }
}

void WriteXmlStructureMembers(XmlWriter& writer, const Shape& shape, const json::object& value) {
  // Attributes first: they belong to the element that is still open.
  for (const MemberRef& ref : shape.members) {
    if (!ref.xml_attribute || ref.location != Location::kBody) continue;
    const json::value* v = value.if_contains(ref.name);
    if (v != nullptr && !v->is_null())
      writer.Attribute(ref.wire_name(), ScalarText(ref, *v, writer.timestamp_millis()));
  }
  for (const MemberRef& ref : shape.members) {
    if (ref.xml_attribute || ref.location != Location::kBody) continue;
    const json::value* v = value.if_contains(ref.name);
    if (v != nullptr) WriteXmlMember(writer, ref, *v);
  }
}

}  // namespace tarn::protocol
