#include "protocol/xml_reader.h"

#include <string>

#include "core/encoding.h"
#include "protocol/text.h"

namespace tarn::protocol {

namespace {

// XML 1.0 Char production: what may appear in a document at all.
bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

bool IsNameStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || u >= 0x80;
}

bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

class Parser {
 public:
  Parser(std::string_view text, const XmlLimits& limits) : s_(text), limits_(limits) {}

  core::Result<XmlElement> Document() {
    if (s_.size() > limits_.max_bytes)
      return Fail("document larger than " + std::to_string(limits_.max_bytes) + " bytes");
    if (!IsValidUtf8(s_)) return Fail("document is not valid UTF-8");
    for (size_t i = 0; i < s_.size();) {
      if (!IsXmlChar(NextCodePoint(s_, i))) return Fail("character not allowed in XML");
    }
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    if (Peek("<?xml") && pos_ + 5 < s_.size() && IsSpace(s_[pos_ + 5])) {
      if (!SkipPast("?>")) return Fail("unterminated XML declaration");
    }
    if (!Misc()) return Error();
    if (Peek("<!DOCTYPE") || Peek("<!ENTITY")) return Fail("DTDs are not allowed");
    if (!Peek("<")) return Fail("no root element");
    XmlElement root;
    if (!Element(root, 1)) return Error();
    if (!Misc()) return Error();
    if (pos_ != s_.size()) return Fail("content after the root element");
    return root;
  }

 private:
  std::string_view s_;
  const XmlLimits& limits_;
  size_t pos_ = 0;
  size_t elements_ = 0;
  std::string error_;

  core::AwsError Error() const { return core::AwsError("MalformedXML", error_, 400); }
  core::AwsError Fail(std::string what) {
    error_ = std::move(what) + " at offset " + std::to_string(pos_);
    return Error();
  }
  bool Set(std::string what) {
    error_ = std::move(what) + " at offset " + std::to_string(pos_);
    return false;
  }
  bool Peek(std::string_view lit) const { return s_.substr(pos_, lit.size()) == lit; }
  bool SkipPast(std::string_view lit) {
    size_t end = s_.find(lit, pos_);
    if (end == std::string_view::npos) return false;
    pos_ = end + lit.size();
    return true;
  }
  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }

  // Whitespace, comments and processing instructions (outside the root element).
  bool Misc() {
    while (true) {
      SkipSpace();
      if (Peek("<!--")) {
        if (!Comment()) return false;
      } else if (Peek("<?")) {
        if (!SkipPast("?>")) return Set("unterminated processing instruction");
      } else {
        return true;
      }
    }
  }

  bool Comment() {
    pos_ += 4;
    size_t end = s_.find("--", pos_);
    if (end == std::string_view::npos) return Set("unterminated comment");
    if (s_.substr(end, 3) != "-->") return Set("'--' inside a comment");
    pos_ = end + 3;
    return true;
  }

  bool Name(std::string& out) {
    size_t start = pos_;
    if (pos_ >= s_.size() || !IsNameStart(s_[pos_])) return Set("expected a name");
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    out.assign(s_.substr(start, pos_ - start));
    return true;
  }

  // Character data up to the next '<' (text) or the quote (attribute values), references expanded.
  bool CharData(std::string& out, char stop) {
    while (pos_ < s_.size() && s_[pos_] != stop) {
      char c = s_[pos_];
      if (c == '<') return Set("'<' not allowed here");
      if (c == '&') {
        if (!Reference(out)) return false;
        continue;
      }
      if (c == '\r') {  // end-of-line normalization (XML 1.0 section 2.11)
        out.push_back('\n');
        ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    return true;
  }

  bool Reference(std::string& out) {
    size_t semi = s_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) return Set("unterminated reference");
    std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
    if (ref == "lt") {
      out.push_back('<');
    } else if (ref == "gt") {
      out.push_back('>');
    } else if (ref == "amp") {
      out.push_back('&');
    } else if (ref == "quot") {
      out.push_back('"');
    } else if (ref == "apos") {
      out.push_back('\'');
    } else if (ref.size() >= 2 && ref[0] == '#') {
      bool hex = ref[1] == 'x';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return Set("empty character reference");
      uint32_t cp = 0;
      for (char d : digits) {
        int v = (d >= '0' && d <= '9')          ? d - '0'
                : (hex && d >= 'a' && d <= 'f') ? d - 'a' + 10
                : (hex && d >= 'A' && d <= 'F') ? d - 'A' + 10
                                                : -1;
        if (v < 0) return Set("bad character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        if (cp > 0x10FFFF) return Set("character reference out of range");
      }
      if (!IsXmlChar(cp)) return Set("character reference to a character not allowed in XML");
      core::AppendUtf8(out, cp);
    } else {
      return Set("undefined entity '" + std::string(ref) + "'");
    }
    pos_ = semi + 1;
    return true;
  }

  bool Attributes(XmlElement& e) {
    while (true) {
      size_t before = pos_;
      SkipSpace();
      if (pos_ >= s_.size()) return Set("unterminated start tag");
      if (s_[pos_] == '>' || s_[pos_] == '/') return true;
      if (pos_ == before) return Set("expected whitespace before attribute");
      std::string name;
      if (!Name(name)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '=') return Set("expected '=' after attribute name");
      ++pos_;
      SkipSpace();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
        return Set("expected a quoted attribute value");
      char quote = s_[pos_++];
      std::string value;
      if (!CharData(value, quote)) return false;
      if (pos_ >= s_.size()) return Set("unterminated attribute value");
      ++pos_;
      for (const auto& [n, v] : e.attributes) {
        if (n == name) return Set("duplicate attribute '" + name + "'");
      }
      e.attributes.emplace_back(std::move(name), std::move(value));
    }
  }

  bool Element(XmlElement& e, size_t depth) {
    if (depth > limits_.max_depth)
      return Set("elements nested deeper than " + std::to_string(limits_.max_depth));
    if (++elements_ > limits_.max_elements)
      return Set("more than " + std::to_string(limits_.max_elements) + " elements");
    ++pos_;  // '<'
    if (!Name(e.name)) return false;
    if (!Attributes(e)) return false;
    if (s_[pos_] == '/') {
      if (!Peek("/>")) return Set("expected '/>'");
      pos_ += 2;
      return true;
    }
    ++pos_;  // '>'
    return Content(e, depth);
  }

  bool Content(XmlElement& e, size_t depth) {
    while (true) {
      if (!CharData(e.text, '<')) return false;
      if (pos_ >= s_.size()) return Set("unclosed element '" + e.name + "'");
      if (Peek("</")) {
        pos_ += 2;
        std::string name;
        if (!Name(name)) return false;
        if (name != e.name) return Set("end tag '" + name + "' does not match '" + e.name + "'");
        SkipSpace();
        if (pos_ >= s_.size() || s_[pos_] != '>') return Set("expected '>'");
        ++pos_;
        return true;
      }
      if (Peek("<!--")) {
        if (!Comment()) return false;
      } else if (Peek("<![CDATA[")) {
        pos_ += 9;
        size_t end = s_.find("]]>", pos_);
        if (end == std::string_view::npos) return Set("unterminated CDATA section");
        e.text.append(s_.substr(pos_, end - pos_));
        pos_ = end + 3;
      } else if (Peek("<?")) {
        if (!SkipPast("?>")) return Set("unterminated processing instruction");
      } else if (Peek("<!")) {
        return Set("markup declarations are not allowed");
      } else {
        e.children.emplace_back();
        if (!Element(e.children.back(), depth + 1)) return false;
      }
    }
  }
};

}  // namespace

std::string_view XmlElement::local_name() const {
  std::string_view n = name;
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XmlElement* XmlElement::Child(std::string_view local) const {
  for (const XmlElement& c : children) {
    if (c.local_name() == local) return &c;
  }
  return nullptr;
}

std::optional<std::string_view> XmlElement::Attribute(std::string_view attr) const {
  for (const auto& [n, v] : attributes) {
    if (n == attr) return std::string_view(v);
  }
  for (const auto& [n, v] : attributes) {
    std::string_view local = n;
    size_t colon = local.find(':');
    if (colon != std::string_view::npos && local.substr(colon + 1) == attr) return std::string_view(v);
  }
  return std::nullopt;
}

core::Result<XmlElement> ParseXml(std::string_view text, const XmlLimits& limits) {
  return Parser(text, limits).Document();
}

}  // namespace tarn::protocol
