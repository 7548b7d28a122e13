#pragma once
// A small streaming XML writer (Query responses, REST-XML bodies, S3 errors) and the shape-driven
// serializer both XML protocols share. Not thread-safe per instance; create one per response.

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/model.h"

namespace tarn::protocol {

// Escapes &, <, >, ", ' and control characters as botocore's XML parser round-trips them.
std::string XmlEscape(std::string_view text);

class XmlWriter {
 public:
  // <?xml version="1.0" encoding="UTF-8"?>
  void Declaration();
  // Opens <name ...>; attributes may be added until the first child/text is written.
  void Open(std::string_view name);
  void Attribute(std::string_view name, std::string_view value);
  void Text(std::string_view text);  // escaped
  void Close();                      // closes the innermost open element
  // <name>text</name>
  void Element(std::string_view name, std::string_view text);
  std::string Take();  // the document; closes any element left open
  // ISO 8601 timestamps always with milliseconds ("2023-11-15T12:02:40.000Z"), as S3 writes every
  // timestamp in its XML; otherwise milliseconds only when the time has a fraction.
  void set_timestamp_millis(bool always) { timestamp_millis_ = always; }
  bool timestamp_millis() const { return timestamp_millis_; }

 private:
  void FinishStartTag();
  std::string out_;
  std::vector<std::string> open_;
  bool start_tag_open_ = false;
  bool timestamp_millis_ = false;
};

// Writes value as the element `ref.wire_name()` (or `element_name` when non-empty) following the
// member's shape: structures member by member (body members only; xmlAttribute members as
// attributes; flattened lists/maps inline), lists as <member> (or the list member's locationName),
// maps as <entry><key/><value/></entry>, timestamps ISO 8601 (or the ref/shape timestampFormat),
// booleans true/false, blobs base64 as given, numbers in AWS's text form.
void WriteXmlMember(XmlWriter& writer, const MemberRef& ref, const boost::json::value& value,
                    std::string_view element_name = {});
// The members of a structure (body members only) as children of the currently open element.
void WriteXmlStructureMembers(XmlWriter& writer, const Shape& shape, const boost::json::object& value);

}  // namespace tarn::protocol
