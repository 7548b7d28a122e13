// Deployment packages: entry path safety (zip-slip), extraction with permissions, and malformed
// archives (client bytes) giving Lambda's "Could not unzip" error instead of a crash.
#include "lambda/code_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/fs.h"
#include "core/ids.h"
#include "unit/lambda/zip_test_util.h"

namespace tarn::lambda {
namespace {

namespace fs = std::filesystem;

using test_util::MakeZip;

class CodeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("tarn-code-" + core::NewUuid());
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string root_;
};

TEST(SafeEntryPath, RefusesEscapes) {
  EXPECT_EQ(SafeEntryPath("a/b.py"), "a/b.py");
  EXPECT_EQ(SafeEntryPath("./a//b.py"), "a/b.py");
  EXPECT_EQ(SafeEntryPath("a/../b.py"), "b.py");
  EXPECT_EQ(SafeEntryPath("../x"), std::nullopt);
  EXPECT_EQ(SafeEntryPath("a/../../x"), std::nullopt);
  EXPECT_EQ(SafeEntryPath("..\\x"), std::nullopt);
  EXPECT_EQ(SafeEntryPath("/etc/passwd"), std::nullopt);
  EXPECT_EQ(SafeEntryPath(""), std::nullopt);
  EXPECT_EQ(SafeEntryPath("."), std::nullopt);
}

TEST_F(CodeStoreTest, ExtractsFilesWithTheirModes) {
  std::string zip = MakeZip({{"app.py", "def handler(e, c):\n    return e\n"},
                             {"bootstrap", "#!/bin/sh\n", 0100755},
                             {"lib/", "", 040755},
                             {"lib/util.py", "X = 1\n"}});
  ASSERT_TRUE(ExtractZip(zip, root_ + "/out").ok());
  EXPECT_TRUE(fs::exists(root_ + "/out/app.py"));
  EXPECT_TRUE(fs::exists(root_ + "/out/lib/util.py"));
  struct stat st {};
  ASSERT_EQ(::stat((root_ + "/out/bootstrap").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  ASSERT_EQ(::stat((root_ + "/out/app.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(CodeStoreTest, MalformedArchivesAreRefused) {
  for (std::string bytes :
       {std::string("not a zip at all"), std::string(), std::string("PK\x03\x04garbage", 11)}) {
    auto result = ExtractZip(bytes, root_ + "/bad");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "InvalidParameterValueException");
    EXPECT_EQ(result.error().message,
              "Could not unzip uploaded file. Please check your file, then try to upload again.");
  }
  std::string zip = MakeZip({{"app.py", std::string(10000, 'x')}});
  auto truncated = ExtractZip(zip.substr(0, zip.size() / 2), root_ + "/truncated");
  EXPECT_FALSE(truncated.ok());
}

TEST_F(CodeStoreTest, ZipSlipEntriesAreRefusedAndWriteNothingOutside) {
  std::string zip = MakeZip({{"ok.py", "1"}, {"../escaped", "owned"}});
  auto result = ExtractZip(zip, root_ + "/task");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidParameterValueException");
  EXPECT_FALSE(fs::exists(root_ + "/escaped"));
}

TEST_F(CodeStoreTest, SymlinksMustStayInside) {
  std::string inside = MakeZip({{"real.py", "1"}, {"link.py", "real.py", 0120777}});
  ASSERT_TRUE(ExtractZip(inside, root_ + "/in").ok());
  EXPECT_TRUE(fs::is_symlink(root_ + "/in/link.py"));
  std::string outside = MakeZip({{"link", "../../etc/passwd", 0120777}});
  EXPECT_FALSE(ExtractZip(outside, root_ + "/out").ok());
  std::string absolute = MakeZip({{"link", "/etc/passwd", 0120777}});
  EXPECT_FALSE(ExtractZip(absolute, root_ + "/abs").ok());
}

TEST_F(CodeStoreTest, StoreComputesCodeSha256AndIsIdempotent) {
  CodeStore store(root_ + "/lambda");
  ASSERT_TRUE(store.Init().ok());
  std::string zip = MakeZip({{"app.py", "print(1)\n"}});
  auto first = store.Store("fn", zip);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size, zip.size());
  EXPECT_EQ(first->sha256_base64.size(), 44u);
  EXPECT_EQ(first->sha256_hex.size(), 64u);
  EXPECT_TRUE(fs::exists(store.TaskRoot("fn", first->sha256_hex) + "/app.py"));
  auto second = store.Store("fn", zip);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->sha256_base64, first->sha256_base64);
  store.Remove("fn");
  EXPECT_FALSE(fs::exists(root_ + "/lambda/fn"));
}

}  // namespace
}  // namespace tarn::lambda
