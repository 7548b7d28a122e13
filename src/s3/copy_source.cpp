#include "s3/copy_source.h"

#include "core/encoding.h"

namespace tarn::s3 {

std::optional<CopySource> ParseCopySource(std::string_view raw) {
  std::optional<std::string> version_id;
  if (size_t q = raw.find('?'); q != std::string_view::npos) {
    std::string_view query = raw.substr(q + 1);
    raw = raw.substr(0, q);
    if (query.starts_with("versionId=")) {
      auto decoded = core::PercentDecode(query.substr(10));
      if (!decoded) return std::nullopt;
      version_id = std::move(*decoded);
    }
  }
  if (raw.starts_with("/")) raw.remove_prefix(1);
  size_t slash = raw.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == raw.size()) return std::nullopt;
  auto bucket = core::PercentDecode(raw.substr(0, slash));
  auto key = core::PercentDecode(raw.substr(slash + 1));
  if (!bucket || !key) return std::nullopt;
  return CopySource{std::move(*bucket), std::move(*key), std::move(version_id)};
}

}  // namespace tarn::s3
