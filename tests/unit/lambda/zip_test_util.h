#pragma once
// Builds .zip packages in memory for the lambda unit tests (libzip; Unix modes in the external
// attributes). Test-only.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/ids.h"

namespace tarn::lambda::test_util {

struct Entry {
  std::string name;
  std::string content;
  mode_t mode = 0100644;
};

inline std::string MakeZip(const std::vector<Entry>& entries) {
  std::string path = std::filesystem::temp_directory_path() / ("tarn-zip-" + core::NewUuid() + ".zip");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& e : entries) {
    zip_source_t* source = zip_source_buffer(archive, e.content.data(), e.content.size(), 0);
    zip_int64_t index = zip_file_add(archive, e.name.c_str(), source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0) << e.name;
    zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                     static_cast<zip_uint32_t>(e.mode) << 16);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

}  // namespace tarn::lambda::test_util
