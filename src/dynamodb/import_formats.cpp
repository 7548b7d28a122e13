// The object formats ImportTable reads (import_formats.h).
#include "dynamodb/import_formats.h"

#include <boost/json.hpp>

#include "core/json_depth.h"

namespace tarn::dynamodb {

std::optional<std::vector<std::string>> NextCsvRecord(std::string_view text, size_t& pos, char delimiter) {
  if (pos >= text.size()) return std::nullopt;
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < text.size()) {
    char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        fields.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c == '\r' && pos < text.size() && text[pos] == '\n') {
      ++pos;
      break;
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

core::Result<bool> ForEachJsonValue(std::string_view text,
                                    const std::function<core::Status(boost::json::value)>& each) {
  boost::json::stream_parser parser({}, core::DeepJson());
  std::string_view rest = text;
  for (;;) {
    size_t skip = rest.find_first_not_of(" \t\r\n");
    if (skip == std::string_view::npos) return true;
    rest.remove_prefix(skip);
    parser.reset();
    boost::system::error_code ec;
    // write_some stops at the end of the first complete value.
    size_t used = parser.write_some(rest.data(), rest.size(), ec);
    if (!ec && !parser.done()) parser.finish(ec);
    if (ec || !parser.done()) return false;
    rest.remove_prefix(used);
    TARN_TRY(each(parser.release()));
  }
}

}  // namespace tarn::dynamodb
