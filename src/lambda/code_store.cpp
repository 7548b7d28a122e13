// Deployment package identity and extraction (libzip).
#include "lambda/code_store.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/fs.h"
#include "core/ids.h"
#include "lambda/errors.h"

namespace tarn::lambda {

namespace fs = std::filesystem;

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

core::AwsError TooBig() {
  return InvalidParameterValue("Unzipped size must be smaller than " + std::to_string(kMaxUnzippedBytes) +
                               " bytes");
}

// A symlink target must stay inside the root when resolved from the link's directory.
bool SymlinkStaysInside(const std::string& relative_link, std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  fs::path parent = fs::path(relative_link).parent_path();
  std::string joined = (parent / std::string(target)).generic_string();
  return SafeEntryPath(joined).has_value();
}

core::Status WriteEntry(zip_t* archive, zip_uint64_t index, const std::string& relative,
                        const std::string& path, mode_t mode, uint64_t& total) {
  std::unique_ptr<zip_file_t, ZipFileCloser> in(zip_fopen_index(archive, index, 0));
  if (!in) return CouldNotUnzip();
  std::string content;
  char buffer[64 * 1024];
  while (true) {
    zip_int64_t n = zip_fread(in.get(), buffer, sizeof buffer);
    if (n < 0) return CouldNotUnzip();
    if (n == 0) break;
    total += static_cast<uint64_t>(n);
    if (total > kMaxUnzippedBytes) return TooBig();
    content.append(buffer, static_cast<size_t>(n));
  }
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (S_ISLNK(mode)) {
    if (!SymlinkStaysInside(relative, content)) return CouldNotUnzip();
    if (::symlink(content.c_str(), path.c_str()) != 0) return CouldNotUnzip();
    return core::Ok();
  }
  FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) return core::InternalFailure("cannot write " + path);
  bool ok = std::fwrite(content.data(), 1, content.size(), out) == content.size();
  ok = std::fclose(out) == 0 && ok;
  if (!ok) return core::InternalFailure("cannot write " + path);
  ::chmod(path.c_str(), mode & 07777);
  return core::Ok();
}

}  // namespace

std::optional<std::string> SafeEntryPath(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return std::nullopt;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  if (parts.empty()) return std::nullopt;
  std::string out;
  for (auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

core::Status ExtractZip(std::string_view zip, const std::string& dest) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  if (!source) return CouldNotUnzip();
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return CouldNotUnzip();
  }
  zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count <= 0) return CouldNotUnzip();  // an empty buffer opens as an empty archive
  if (auto made = core::CreateDirectories(dest); !made.ok()) return made;
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (!raw) return CouldNotUnzip();
    std::string_view name(raw);
    bool directory = !name.empty() && (name.back() == '/' || name.back() == '\\');
    auto relative = SafeEntryPath(name);
    if (!relative) {
      if (directory && (name == "./" || name == "/")) continue;
      return CouldNotUnzip();
    }
    std::string path = dest + "/" + *relative;
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    zip_file_get_external_attributes(archive.get(), static_cast<zip_uint64_t>(i), 0, &opsys, &attributes);
    // Unix archives carry st_mode in the high 16 bits; others get Lambda's defaults.
    mode_t mode = opsys == ZIP_OPSYS_UNIX && (attributes >> 16) != 0 ? static_cast<mode_t>(attributes >> 16)
                                                                     : (directory ? 040755 : 0100644);
    if (directory || S_ISDIR(mode)) {
      if (auto made = core::CreateDirectories(path); !made.ok()) return made;
      continue;
    }
    TARN_TRY(WriteEntry(archive.get(), static_cast<zip_uint64_t>(i), *relative, path, mode, total));
  }
  return core::Ok();
}

core::Status CodeStore::Init() const {
  TARN_TRY(core::CreateDirectories(root_));
  TARN_TRY(core::CreateDirectories(root_ + "/.tmp"));
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_ + "/.tmp", ec)) fs::remove_all(entry.path(), ec);
  return core::Ok();
}

std::string CodeStore::TaskRoot(std::string_view function, std::string_view sha256_hex) const {
  return root_ + "/" + std::string(function) + "/" + std::string(sha256_hex);
}

std::string CodeStore::ZipPath(std::string_view function, std::string_view sha256_hex) const {
  return TaskRoot(function, sha256_hex) + ".zip";
}

core::Result<CodePackage> CodeStore::Store(std::string_view function, std::string_view zip) const {
  CodePackage package;
  auto digest = core::Sha256(zip);
  package.sha256_base64 = core::Base64Encode(core::AsStringView(digest));
  package.sha256_hex = core::HexEncode(core::AsStringView(digest));
  package.size = zip.size();
  std::string final_dir = TaskRoot(function, package.sha256_hex);
  std::error_code ec;
  if (fs::is_directory(final_dir, ec)) return package;
  std::string staging = root_ + "/.tmp/" + core::NewUuid();
  auto extracted = ExtractZip(zip, staging);
  if (!extracted.ok()) {
    fs::remove_all(staging, ec);
    return std::move(extracted).error();
  }
  TARN_TRY(core::CreateDirectories(root_ + "/" + std::string(function)));
  TARN_TRY(core::WriteFileAtomic(ZipPath(function, package.sha256_hex), zip));
  fs::rename(staging, final_dir, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    if (!fs::is_directory(final_dir, ec))
      return core::InternalFailure("cannot store code of " + std::string(function));
  }
  return package;
}

void CodeStore::Remove(std::string_view function) const {
  std::error_code ec;
  fs::remove_all(root_ + "/" + std::string(function), ec);
}

}  // namespace tarn::lambda
