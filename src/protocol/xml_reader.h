#pragma once
// A strict, safe XML 1.0 parser for client request bodies (REST-XML: S3 CompleteMultipartUpload,
// DeleteObjects, bucket configurations) into a small immutable DOM. No DTDs: a DOCTYPE is
// rejected outright, so no external or internal entities exist; only the five predefined entities
// and numeric character references are expanded. Input size, nesting depth and element count
// are bounded. Pure functions; the returned DOM is a plain value (share it read-only).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tarn::protocol {

struct XmlElement {
  std::string name;  // qualified name as written: "Key", "xsi:type"
  std::vector<std::pair<std::string, std::string>> attributes;  // in document order, values unescaped
  std::string text;                                             // all direct character data, CDATA included
  std::vector<XmlElement> children;

  // name without its namespace prefix ("Grantee" for "s3:Grantee").
  std::string_view local_name() const;
  // First child with this local name; nullptr when absent.
  const XmlElement* Child(std::string_view local) const;
  // Attribute by qualified name, else by local name; nullopt when absent.
  std::optional<std::string_view> Attribute(std::string_view name) const;
};

struct XmlLimits {
  size_t max_bytes = 20 * 1024 * 1024;
  size_t max_depth = 64;
  size_t max_elements = 1'000'000;
};

// Parses a whole document: optional BOM, XML declaration, comments and processing instructions
// around exactly one root element. Errors (code "MalformedXML", message saying what and where):
// not well formed, not UTF-8, DOCTYPE present, unknown entity, limits exceeded. Callers that
// answer in a service's own dialect replace the error with theirs.
core::Result<XmlElement> ParseXml(std::string_view text, const XmlLimits& limits = {});

}  // namespace tarn::protocol
