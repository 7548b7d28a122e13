#include "s3/listing.h"

#include "storage/key_codec.h"

namespace tarn::s3 {

core::Result<ListPage> ListKeys(KeyCursor& cursor, const ListRequest& request) {
  ListPage page;
  const std::string& prefix = request.prefix;
  const std::string& delimiter = request.delimiter;
  // The smallest key after start_after is start_after + "\0".
  std::string start = prefix;
  if (!request.start_after.empty() && request.start_after >= prefix) {
    start = request.start_after;
    start.push_back('\0');
  }
  size_t count = 0;
  cursor.Seek(start);
  while (cursor.Valid()) {
    std::string_view key = cursor.key();
    if (!key.starts_with(prefix)) break;  // keys are ordered: past the prefix's range
    if (!delimiter.empty()) {
      size_t at = key.find(delimiter, prefix.size());
      if (at != std::string_view::npos) {
        std::string common(key.substr(0, at + delimiter.size()));
        // A common prefix at or before start_after was returned by an earlier page.
        if (common > request.start_after || request.start_after.empty()) {
          if (count == request.max_keys) {
            page.truncated = true;
            break;
          }
          page.common_prefixes.push_back(common);
          page.last = common;
          ++count;
        }
        auto next = storage::PrefixSuccessor(common);
        if (!next) break;
        cursor.Seek(*next);
        continue;
      }
    }
    if (count == request.max_keys) {
      page.truncated = true;
      break;
    }
    page.objects.emplace_back(std::string(key), std::string(cursor.value()));
    page.last = std::string(key);
    ++count;
    cursor.Next();
  }
  TARN_TRY(cursor.status());
  return page;
}

}  // namespace tarn::s3
