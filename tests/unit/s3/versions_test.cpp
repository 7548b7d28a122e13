// Version ids and copy sources with a versionId: the client's bytes, malformed ones refused.
#include <gtest/gtest.h>

#include "s3/copy_source.h"
#include "s3/errors.h"
#include "s3/object_store.h"

namespace tarn::s3 {
namespace {

TEST(VersionIdTest, OnlyIdsObjectStoreCouldGiveAreWellFormed) {
  const std::string id = MakeVersionId(42);
  ASSERT_EQ(id.size(), 32u);
  EXPECT_EQ(VersionSequence(id), 42u);
  EXPECT_EQ(VersionSequence(MakeVersionId(UINT64_MAX)), UINT64_MAX);
  EXPECT_NE(MakeVersionId(42), id);  // random beyond the sequence number
  // Any one character altered (the check characters catch it), cut, extended or not alphanumeric.
  for (size_t i = 0; i < id.size(); ++i) {
    std::string altered = id;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(VersionSequence(altered).has_value()) << altered;
  }
  std::string with_nul = id;
  with_nul[20] = '\0';
  for (const std::string& bad :
       {std::string(""), std::string("null"), id.substr(0, 31), id + "A", id.substr(0, 28) + "ABCD", with_nul,
        std::string("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo")}) {
    EXPECT_FALSE(VersionSequence(bad).has_value()) << bad;
  }
  EXPECT_TRUE(IsNullVersion(""));
  EXPECT_TRUE(IsNullVersion("null"));
  EXPECT_FALSE(IsNullVersion("NULL"));
}

TEST(VersionIdTest, CheckVersionIdRefusesWhatNoBucketCouldHold) {
  const std::string id = MakeVersionId(42);
  EXPECT_TRUE(CheckVersionId(std::nullopt).ok());
  EXPECT_TRUE(CheckVersionId("null", false).ok());
  EXPECT_TRUE(CheckVersionId(id, true).ok());
  auto unversioned = CheckVersionId(id, false);  // a bucket never versioned holds only "null"
  ASSERT_FALSE(unversioned.ok());
  EXPECT_EQ(unversioned.error().code, "InvalidArgument");
  EXPECT_EQ(unversioned.error().message, "Invalid version id specified");
  EXPECT_EQ(unversioned.error().extra.at("ArgumentValue").as_string(), id);
  for (std::string bad : {std::string(""), std::string("x"), std::string(2000, 'a')})
    EXPECT_FALSE(CheckVersionId(bad, true).ok()) << bad;
}

TEST(CopySourceTest, VersionIdIsDecodedAndMalformedOnesRefused) {
  auto plain = ParseCopySource("bucket/a%20key");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->key, "a key");
  EXPECT_FALSE(plain->version_id.has_value());
  auto versioned = ParseCopySource("/bucket/key?versionId=abc%2Bdef");
  ASSERT_TRUE(versioned.has_value());
  EXPECT_EQ(versioned->bucket, "bucket");
  EXPECT_EQ(versioned->key, "key");
  EXPECT_EQ(versioned->version_id, "abc+def");
  auto empty = ParseCopySource("bucket/key?versionId=");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->version_id, "");
  auto other = ParseCopySource("bucket/key?partNumber=1");  // not a version: ignored as before
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->version_id.has_value());
  for (std::string_view bad : {"bucket/key?versionId=%zz", "bucket/key?versionId=%", "?versionId=x",
                               "bucket?versionId=x", "/bucket/?versionId=x"}) {
    EXPECT_FALSE(ParseCopySource(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace tarn::s3
