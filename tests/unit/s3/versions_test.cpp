// Version ids and copy sources with a versionId: the client's bytes, malformed ones refused.
#include <gtest/gtest.h>

#include "s3/copy_source.h"
#include "s3/errors.h"
#include "s3/object_store.h"

namespace tarn::s3 {
namespace {

TEST(VersionIdTest, OnlyIdsObjectStoreCouldGiveAreWellFormed) {
  EXPECT_EQ(VersionSequence("000000000000002aABCDEFGHijklmnop"), 42u);
  EXPECT_EQ(VersionSequence("ffffffffffffffff0123456789abcdef"), UINT64_MAX);
  for (std::string_view bad :
       {"", "null", "000000000000002aABCDEFGHijklmno", "000000000000002aABCDEFGHijklmnopq",
        "000000000000002AABCDEFGHijklmnop", "00000000000000g0ABCDEFGHijklmnop",
        "000000000000002aABCDEFGH-jklmnop", "000000000000002aABCDEFGH\0jklmnop",
        "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo"}) {
    EXPECT_FALSE(VersionSequence(bad).has_value()) << bad;
  }
  EXPECT_TRUE(IsNullVersion(""));
  EXPECT_TRUE(IsNullVersion("null"));
  EXPECT_FALSE(IsNullVersion("NULL"));
}

TEST(VersionIdTest, CheckVersionIdRefusesWhatNoBucketCouldHold) {
  const std::string id = "000000000000002aABCDEFGHijklmnop";
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
