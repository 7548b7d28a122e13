// GetObject/HeadObject ?partNumber=: the part's byte range, the count, and the numbers refused.
#include "s3/object_parts.h"

#include <gtest/gtest.h>

namespace tarn::s3 {
namespace {

ObjectRecord Multipart() {
  ObjectRecord r;
  r.size = 5 + 7 + 3;
  r.parts_count = 3;
  r.part_sizes = {5, 7, 3};
  return r;
}

TEST(ObjectPartsTest, EachPartOfAMultipartObject) {
  ObjectRecord r = Multipart();
  auto p2 = SelectPart(r, 2);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(p2->range.offset, 5u);
  EXPECT_EQ(p2->range.length, 7u);
  EXPECT_EQ(p2->parts_count, 3u);
  EXPECT_EQ(p2->range.ContentRange(r.size), "bytes 5-11/15");
  auto p3 = SelectPart(r, 3);
  ASSERT_TRUE(p3.ok());
  EXPECT_EQ(p3->range.ContentRange(r.size), "bytes 12-14/15");
  EXPECT_FALSE(p3->checksum.has_value());
  r.part_checksums = {"a", "b", "c"};
  EXPECT_EQ(SelectPart(r, 3)->checksum, "c");
}

TEST(ObjectPartsTest, NumbersOutsideTheObjectOrTheLimits) {
  ObjectRecord r = Multipart();
  auto beyond = SelectPart(r, 4);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().code, "InvalidPartNumber");
  EXPECT_EQ(beyond.error().http_status, 416);
  EXPECT_EQ(beyond.error().message, "The requested partnumber is not satisfiable");
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{10001}, INT64_MAX, INT64_MIN}) {
    auto r2 = SelectPart(r, bad);
    ASSERT_FALSE(r2.ok()) << bad;
    EXPECT_EQ(r2.error().code, "InvalidArgument") << bad;
  }
  EXPECT_EQ(SelectPart(r, 10000).error().code, "InvalidPartNumber");
}

TEST(ObjectPartsTest, SinglePartObjectsAndOldRecords) {
  ObjectRecord single;
  single.size = 10;
  auto whole = SelectPart(single, 1);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->range.offset, 0u);
  EXPECT_EQ(whole->range.length, 10u);
  EXPECT_EQ(whole->parts_count, 0u);
  EXPECT_EQ(SelectPart(single, 2).error().code, "InvalidPartNumber");
  // A multipart record from before part sizes were kept: part 1 is the whole object, as before.
  ObjectRecord old;
  old.size = 10;
  old.parts_count = 2;
  EXPECT_EQ(SelectPart(old, 1)->range.length, 10u);
  EXPECT_EQ(SelectPart(old, 2).error().code, "InvalidPartNumber");
}

}  // namespace
}  // namespace tarn::s3
