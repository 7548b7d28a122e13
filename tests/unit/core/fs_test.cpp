#include "core/fs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace tarn::core {
namespace {

class FsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tarn-core-fs-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    old_umask_ = ::umask(022);
  }
  void TearDown() override {
    ::umask(old_umask_);
    std::filesystem::remove_all(dir_);
  }
  static mode_t Mode(const std::string& path) {
    struct stat st;
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  }
  size_t EntriesInDir() const {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_)) ++n;
    return n;
  }
  std::string dir_;
  mode_t old_umask_ = 022;
};

TEST_F(FsTest, WriteThenRead) {
  std::string path = dir_ + "/file";
  std::string data(200000, 'x');
  data[7] = '\0';
  ASSERT_TRUE(WriteFileAtomic(path, data).ok());
  auto read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, data);
  EXPECT_EQ(Mode(path), 0644u);
}

TEST_F(FsTest, ModeIsExactlyWhatWasAskedWhateverTheUmask) {
  std::string secret = dir_ + "/root-credentials";
  ::umask(0);
  ASSERT_TRUE(WriteFileAtomic(secret, "s", 0600).ok());
  EXPECT_EQ(Mode(secret), 0600u);
  ::umask(077);
  std::string shared = dir_ + "/shared";
  ASSERT_TRUE(WriteFileAtomic(shared, "s", 0644).ok());
  EXPECT_EQ(Mode(shared), 0644u);
}

TEST_F(FsTest, ReplacesAnExistingFileAndLeavesNoTemporaryBehind) {
  std::string path = dir_ + "/file";
  ASSERT_TRUE(WriteFileAtomic(path, "a much longer first version", 0644).ok());
  ASSERT_TRUE(WriteFileAtomic(path, "v2", 0600).ok());
  EXPECT_EQ(*ReadFile(path), "v2");
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(EntriesInDir(), 1u);
}

TEST_F(FsTest, Errors) {
  auto missing = ReadFile(dir_ + "/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InternalFailure");
  EXPECT_NE(missing.error().message.find(dir_ + "/missing"), std::string::npos);
  auto no_dir = WriteFileAtomic(dir_ + "/no/such/dir/file", "x");
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(EntriesInDir(), 0u);
  EXPECT_FALSE(SyncDirectory(dir_ + "/missing").ok());
  EXPECT_FALSE(ReadFile(dir_).ok());  // a directory is not a file
}

TEST_F(FsTest, CreateDirectoriesMakesParentsAndSetsTheMode) {
  std::string path = dir_ + "/a/b/c";
  ASSERT_TRUE(CreateDirectories(path, 0700).ok());
  EXPECT_TRUE(std::filesystem::is_directory(path));
  EXPECT_EQ(Mode(path), 0700u);
  ASSERT_TRUE(CreateDirectories(path, 0700).ok());  // already there: fine
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/file", "x").ok());
  EXPECT_FALSE(CreateDirectories(dir_ + "/file/sub").ok());  // a file in the way
  EXPECT_TRUE(SyncDirectory(path).ok());
}

}  // namespace
}  // namespace tarn::core
