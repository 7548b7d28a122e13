#include "cli/data_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/fs.h"

namespace tarn::cli {
namespace {

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tarn-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir() const { return dir_.string(); }
  std::filesystem::path dir_;
};

TEST_F(DataDirTest, RootCredentialsAreCreatedOnceWithMode0600) {
  auto first = LoadOrCreateRootCredentials(dir());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->access_key_id.substr(0, 4), "AKIA");
  EXPECT_EQ(first->access_key_id.size(), 20u);
  EXPECT_EQ(first->secret_access_key.size(), 40u);
  struct stat st;
  ASSERT_EQ(::stat(RootCredentialsPath(dir()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto again = LoadOrCreateRootCredentials(dir());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->access_key_id, first->access_key_id);
  EXPECT_EQ(again->secret_access_key, first->secret_access_key);
}

TEST_F(DataDirTest, LoadWithoutFileIsEmpty) {
  auto none = LoadRootCredentials(dir());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(DataDirTest, CorruptCredentialsFileIsAnError) {
  ASSERT_TRUE(
      core::WriteFileAtomic(RootCredentialsPath(dir()), "[other]\naws_access_key_id = A\n", 0600).ok());
  auto bad = LoadRootCredentials(dir());
  EXPECT_FALSE(bad.ok());
}

TEST(ParseCredentialsFile, ReadsOnlyTheDefaultProfile) {
  auto c = ParseCredentialsFile(
      "# comment\n[other]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n"
      "[default]\r\naws_access_key_id=AKIAEXAMPLE\r\n  aws_secret_access_key =  s3cr3t  \r\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->access_key_id, "AKIAEXAMPLE");
  EXPECT_EQ(c->secret_access_key, "s3cr3t");
  EXPECT_FALSE(ParseCredentialsFile("").has_value());
  EXPECT_FALSE(ParseCredentialsFile("[default]\naws_access_key_id = A\n").has_value());
  EXPECT_FALSE(ParseCredentialsFile("aws_access_key_id = A\naws_secret_access_key = B\n").has_value());
}

TEST_F(DataDirTest, LockIsExclusiveAndReleasedOnDestruction) {
  {
    auto lock = DataDirLock::Acquire(dir());
    ASSERT_TRUE(lock.ok());
    // flock is per open file description: a second Acquire in this process conflicts too.
    auto second = DataDirLock::Acquire(dir());
    ASSERT_FALSE(second.ok());
    EXPECT_NE(
        second.error().message.find("is in use by another tarn process (pid " + std::to_string(::getpid())),
        std::string::npos)
        << second.error().message;
  }
  EXPECT_TRUE(DataDirLock::Acquire(dir()).ok());
}

TEST_F(DataDirTest, ServerInfoRoundTrip) {
  EXPECT_FALSE(ReadServerInfo(dir()).has_value());
  ASSERT_TRUE(WriteServerInfo(dir(), {"http://127.0.0.1:4566", 1234}).ok());
  auto info = ReadServerInfo(dir());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->endpoint, "http://127.0.0.1:4566");
  EXPECT_EQ(info->pid, 1234);
  ASSERT_TRUE(core::WriteFileAtomic(dir() + "/server.json", "{\"endpoint\": 5}").ok());
  EXPECT_FALSE(ReadServerInfo(dir()).has_value());
  ASSERT_TRUE(core::WriteFileAtomic(dir() + "/server.json", "not json").ok());
  EXPECT_FALSE(ReadServerInfo(dir()).has_value());
}

}  // namespace
}  // namespace tarn::cli
