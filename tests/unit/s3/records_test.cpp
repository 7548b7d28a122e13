// The stored JSON of object records: round trip, and malformed values rejected.
#include <gtest/gtest.h>

#include <chrono>

#include "s3/object_store.h"
#include "s3/records.h"

namespace tarn::s3 {
namespace {

TEST(RecordsTest, ObjectRecordRoundTrip) {
  ObjectRecord r;
  r.blob = "0123456789abcdef0123456789abcdef";
  r.size = 5ULL * 1024 * 1024 * 1024;
  r.etag = "\"abc-2\"";
  r.last_modified = core::TimePoint(std::chrono::milliseconds(1704164645123));
  r.headers.content_type = "text/csv";
  r.headers.cache_control = "no-cache";
  r.headers.storage_class = "STANDARD_IA";
  r.headers.website_redirect = "/elsewhere";
  r.headers.expires = 1704164645.0;
  r.headers.metadata = boost::json::object{{"owner", "alice"}};
  r.checksum_algorithm = "CRC32";
  r.checksum_value = "NhCmhg==";
  r.parts_count = 2;
  auto back = DecodeObjectRecord(EncodeObjectRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->blob, r.blob);
  EXPECT_EQ(back->size, r.size);
  EXPECT_EQ(back->etag, r.etag);
  EXPECT_EQ(back->last_modified, r.last_modified);
  EXPECT_EQ(back->headers.content_type, "text/csv");
  EXPECT_EQ(back->headers.cache_control, "no-cache");
  EXPECT_EQ(back->headers.storage_class, "STANDARD_IA");
  EXPECT_EQ(back->headers.website_redirect, "/elsewhere");
  EXPECT_EQ(back->headers.expires, 1704164645.0);
  EXPECT_EQ(back->headers.metadata, r.headers.metadata);
  EXPECT_EQ(back->checksum_algorithm, "CRC32");
  EXPECT_EQ(back->checksum_value, "NhCmhg==");
  EXPECT_EQ(back->parts_count, 2u);
}

// Header values are a client's bytes: a record holding bytes that are not UTF-8 still reads back
// (once it did not, and the bucket could no longer be listed nor the data directory opened).
TEST(RecordsTest, HeaderBytesThatAreNotUtf8RoundTrip) {
  ObjectRecord r;
  r.blob = "0123456789abcdef0123456789abcdef";
  r.etag = "\"e\"";
  r.headers.content_type = "text/\xff";
  r.headers.metadata = boost::json::object{{"m1", "caf\xe9"}};
  r.headers.tags = boost::json::array{boost::json::array{"k\xfe", "v"}};
  auto back = DecodeObjectRecord(EncodeObjectRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->headers.content_type, "text/\xff");
  EXPECT_EQ(back->headers.metadata, r.headers.metadata);
  EXPECT_EQ(back->headers.tags, r.headers.tags);
}

TEST(RecordsTest, PartBoundariesRoundTripAndOldRecordsReadWithout) {
  ObjectRecord r;
  r.blob = "0123456789abcdef0123456789abcdef";
  r.size = 12;
  r.etag = "\"abc-2\"";
  r.parts_count = 2;
  r.part_sizes = {5, 7};
  r.part_checksums = {"AAAAAA==", "AAAAAQ=="};
  r.checksum_algorithm = "CRC32";
  r.checksum_value = "x-2";
  r.checksum_type = "COMPOSITE";
  auto back = DecodeObjectRecord(EncodeObjectRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->part_sizes, r.part_sizes);
  EXPECT_EQ(back->part_checksums, r.part_checksums);
  EXPECT_EQ(back->checksum_type, "COMPOSITE");
  // A record written before part boundaries were kept.
  auto old = DecodeObjectRecord(R"({"blob":"b","size":12,"etag":"\"e-2\"","mtime":0,"parts":2})");
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(old->part_sizes.empty());
  EXPECT_EQ(old->parts_count, 2u);
  // Part lists that do not describe every part, or hold non-numbers, are corrupt.
  for (std::string_view bad : {R"({"blob":"b","size":1,"etag":"e","parts":2,"psz":[1]})",
                               R"({"blob":"b","size":1,"etag":"e","parts":1,"psz":["1"]})",
                               R"({"blob":"b","size":1,"etag":"e","parts":1,"psz":[-1]})",
                               R"({"blob":"b","size":1,"etag":"e","parts":1,"psz":{}})",
                               R"({"blob":"b","size":1,"etag":"e","parts":1,"psz":[1],"pck":[]})"})
    EXPECT_FALSE(DecodeObjectRecord(bad).has_value()) << bad;
}

TEST(RecordsTest, InlineObjectsCarryTheirBytesAfterTheJson) {
  ObjectRecord r;
  r.data = std::string("a\0b\xff\n{\"x\"}\0", 10);  // any bytes, NULs and JSON-looking text included
  r.size = r.data.size();
  r.etag = "\"e\"";
  r.headers.metadata = boost::json::object{{"k", std::string("nul\0inside", 10)}};  // escaped in JSON
  std::string stored = EncodeObjectRecord(r);
  EXPECT_EQ(ObjectRecordJson(stored).size(), stored.size() - 1 - r.data.size());
  auto back = DecodeObjectRecord(stored);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->blob.empty());
  EXPECT_EQ(back->data, r.data);
  EXPECT_EQ(back->headers.metadata, r.headers.metadata);
  auto metadata_only = DecodeObjectRecord(stored, /*with_data=*/false);
  ASSERT_TRUE(metadata_only.has_value());
  EXPECT_TRUE(metadata_only->data.empty());
  EXPECT_EQ(metadata_only->size, r.size);
  // Listings see the JSON part only, which decodes without data.
  ASSERT_TRUE(DecodeObjectRecord(ObjectRecordJson(stored), false).has_value());
  EXPECT_FALSE(DecodeObjectRecord(ObjectRecordJson(stored)).has_value());

  // An empty object is inline too.
  ObjectRecord empty;
  empty.etag = "\"d41d8cd98f00b204e9800998ecf8427e\"";
  auto empty_back = DecodeObjectRecord(EncodeObjectRecord(empty));
  ASSERT_TRUE(empty_back.has_value());
  EXPECT_EQ(empty_back->size, 0u);
  EXPECT_TRUE(empty_back->data.empty());
  // A blob object has no bytes after its JSON.
  ObjectRecord blob;
  blob.blob = "0123456789abcdef0123456789abcdef";
  blob.size = 3;
  blob.etag = "\"e\"";
  EXPECT_EQ(EncodeObjectRecord(blob).find('\0'), std::string::npos);
}

TEST(RecordsTest, InlineBytesThatDoNotMatchTheSizeAreCorrupt) {
  ObjectRecord r;
  r.data = "hello";
  r.size = 5;
  r.etag = "\"e\"";
  std::string stored = EncodeObjectRecord(r);
  for (const std::string& bad :
       {stored.substr(0, stored.size() - 1), stored + "!", std::string(ObjectRecordJson(stored))}) {
    EXPECT_FALSE(DecodeObjectRecord(bad).has_value()) << bad;
  }
  EXPECT_FALSE(DecodeObjectRecord(stored + "!", false).has_value());
  // Bytes after the JSON of a record that names a blob.
  EXPECT_FALSE(
      DecodeObjectRecord(std::string(R"({"blob":"b","size":1,"etag":"e"})") + '\0' + "x").has_value());
  // A NUL inside the JSON part (not an escaped one) leaves JSON that does not parse.
  EXPECT_FALSE(
      DecodeObjectRecord(std::string(R"({"blob":"b)") + '\0' + R"(","size":1,"etag":"e"})").has_value());
}

TEST(RecordsTest, VersionsAndDeleteMarkersRoundTrip) {
  ObjectRecord r;
  r.blob = "0123456789abcdef0123456789abcdef";
  r.size = 3;
  r.etag = "\"e\"";
  r.version_id = "000000000000002aABCDEFGHijklmnop";
  r.version_seq = 42;
  auto back = DecodeObjectRecord(EncodeObjectRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->version_id, r.version_id);
  EXPECT_EQ(back->version_seq, 42u);
  EXPECT_FALSE(back->delete_marker);
  // A delete marker has no ETag, bytes or blob, and reads back with or without data.
  ObjectRecord marker;
  marker.delete_marker = true;
  marker.version_id = "null";
  marker.version_seq = 7;
  for (bool with_data : {true, false}) {
    auto m = DecodeObjectRecord(EncodeObjectRecord(marker), with_data);
    ASSERT_TRUE(m.has_value());
    EXPECT_TRUE(m->delete_marker);
    EXPECT_EQ(m->version_id, "null");
    EXPECT_EQ(m->version_seq, 7u);
  }
  // Records written before versioning read as the null version.
  auto old = DecodeObjectRecord(R"({"blob": "b", "etag": "\"e\"", "size": 0})");
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(IsNullVersion(old->version_id));
  EXPECT_EQ(old->version_seq, 0u);
  EXPECT_FALSE(DecodeObjectRecord(R"({"blob": "b", "size": 0, "dm": "yes"})").has_value());
}

TEST(RecordsTest, MalformedObjectRecordsAreRejected) {
  for (const char* bad : {"", "not json", "[]", "{}", R"({"blob": "x"})", R"({"etag": "\"e\""})",
                          R"({"blob": 5, "etag": "\"e\""})"}) {
    EXPECT_FALSE(DecodeObjectRecord(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace tarn::s3

namespace tarn::s3 {
namespace {

TEST(RecordsTest, BucketRecordKeepsTags) {
  BucketRecord r{"b", "000000000000", "eu-west-1", core::TimePoint(std::chrono::milliseconds(5)), {}};
  r.tags.push_back(boost::json::object{{"Key", "k"}, {"Value", "v"}});
  auto back = DecodeBucketRecord(EncodeBucketRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->region, "eu-west-1");
  EXPECT_EQ(back->tags, r.tags);
  EXPECT_EQ(back->versioning, "");
  r.versioning = "Suspended";
  EXPECT_EQ(DecodeBucketRecord(EncodeBucketRecord(r))->versioning, "Suspended");
  EXPECT_FALSE(DecodeBucketRecord("{}").has_value());
}

TEST(RecordsTest, PoliciesBlocksAndLocksRoundTrip) {
  BucketRecord r{"b", "000000000000", "us-east-1", core::TimePoint(std::chrono::milliseconds(5))};
  auto plain = DecodeBucketRecord(EncodeBucketRecord(r));  // as written by an older tarn: none of them
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->policy.empty() && plain->public_access_block.empty() && plain->object_lock.empty());
  r.policy = R"({"Version":"2012-10-17","Statement":[]})";
  r.public_access_block = {{"BlockPublicAcls", true}, {"RestrictPublicBuckets", false}};
  r.object_lock = {{"ObjectLockEnabled", "Enabled"}};
  auto back = DecodeBucketRecord(EncodeBucketRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->policy, r.policy);
  EXPECT_EQ(back->public_access_block, r.public_access_block);
  EXPECT_EQ(back->object_lock, r.object_lock);

  ObjectRecord o;
  o.blob = "b";
  o.etag = "\"e\"";
  o.headers.lock_mode = "GOVERNANCE";
  o.headers.lock_until = 1893456000.5;
  o.headers.legal_hold = "OFF";
  auto object = DecodeObjectRecord(EncodeObjectRecord(o));
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->headers.lock_mode, "GOVERNANCE");
  EXPECT_EQ(object->headers.lock_until, 1893456000.5);
  EXPECT_EQ(object->headers.legal_hold, "OFF");
  auto unlocked = DecodeObjectRecord(R"({"blob": "b", "etag": "\"e\"", "size": 0})");
  ASSERT_TRUE(unlocked.has_value());
  EXPECT_TRUE(unlocked->headers.lock_mode.empty() && !unlocked->headers.lock_until &&
              unlocked->headers.legal_hold.empty());
}

}  // namespace
}  // namespace tarn::s3
