// GetObjectAttributes' body from an object record: which members appear, their shapes, the page of
// parts, and the attribute names refused.
#include "s3/object_attributes.h"

#include <gtest/gtest.h>

namespace tarn::s3 {
namespace {

namespace json = boost::json;

const std::vector<std::string> kAll = {"ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"};

ObjectRecord Single() {
  ObjectRecord r;
  r.size = 7;
  r.etag = "\"e92499db864217242396e8ef766079a9\"";
  r.checksum_algorithm = "CRC32";
  r.checksum_value = "lVk/nw==";
  return r;
}

ObjectRecord Composite() {
  ObjectRecord r;
  r.size = 5 + 7 + 3;
  r.etag = "\"d15ec8111e5dd23816e403ffaf032541-3\"";
  r.checksum_algorithm = "SHA256";
  r.checksum_value = "dVAle/Fqg=-3";
  r.checksum_type = "COMPOSITE";
  r.parts_count = 3;
  r.part_sizes = {5, 7, 3};
  r.part_checksums = {"a=", "b=", "c="};
  return r;
}

TEST(ObjectAttributesTest, SinglePartObject) {
  json::object out = ObjectAttributes(Single(), {kAll});
  EXPECT_EQ(out.at("ETag"), "e92499db864217242396e8ef766079a9");  // no quotes
  EXPECT_EQ(out.at("Checksum"),
            (json::object{{"ChecksumCRC32", "lVk/nw=="}, {"ChecksumType", "FULL_OBJECT"}}));
  EXPECT_FALSE(out.contains("ObjectParts"));  // not uploaded in parts
  EXPECT_EQ(out.at("StorageClass"), "STANDARD");
  EXPECT_EQ(out.at("ObjectSize"), 7);
}

TEST(ObjectAttributesTest, OnlyWhatIsAskedFor) {
  json::object out = ObjectAttributes(Single(), {{"ObjectSize"}});
  EXPECT_EQ(out, (json::object{{"ObjectSize", 7}}));
  ObjectRecord none = Single();
  none.checksum_algorithm.clear();
  none.checksum_value.clear();
  none.headers.storage_class = "GLACIER";
  out = ObjectAttributes(none, {{"Checksum", "StorageClass"}});
  EXPECT_EQ(out, (json::object{{"StorageClass", "GLACIER"}}));  // no empty Checksum
}

TEST(ObjectAttributesTest, CompositeMultipartObjectListsItsParts) {
  json::object out = ObjectAttributes(Composite(), {kAll});
  EXPECT_EQ(out.at("ETag"), "d15ec8111e5dd23816e403ffaf032541-3");
  EXPECT_EQ(out.at("Checksum"),
            (json::object{{"ChecksumSHA256", "dVAle/Fqg="}, {"ChecksumType", "COMPOSITE"}}));
  const json::object& parts = out.at("ObjectParts").as_object();
  EXPECT_EQ(parts.at("TotalPartsCount"), 3);
  EXPECT_EQ(parts.at("PartNumberMarker"), 0);
  EXPECT_EQ(parts.at("NextPartNumberMarker"), 3);
  EXPECT_EQ(parts.at("MaxParts"), 1000);
  EXPECT_EQ(parts.at("IsTruncated"), false);
  EXPECT_EQ(parts.at("Parts"),
            (json::array{json::object{{"PartNumber", 1}, {"Size", 5}, {"ChecksumSHA256", "a="}},
                         json::object{{"PartNumber", 2}, {"Size", 7}, {"ChecksumSHA256", "b="}},
                         json::object{{"PartNumber", 3}, {"Size", 3}, {"ChecksumSHA256", "c="}}}));
}

TEST(ObjectAttributesTest, PagesOfParts) {
  AttributesRequest request{{"ObjectParts"}, 2, 0};
  json::object first = ObjectAttributes(Composite(), request).at("ObjectParts").as_object();
  EXPECT_EQ(first.at("Parts").as_array().size(), 2u);
  EXPECT_EQ(first.at("NextPartNumberMarker"), 2);
  EXPECT_EQ(first.at("IsTruncated"), true);
  request.part_number_marker = 2;
  json::object rest = ObjectAttributes(Composite(), request).at("ObjectParts").as_object();
  EXPECT_EQ(rest.at("Parts").as_array().size(), 1u);
  EXPECT_EQ(rest.at("PartNumberMarker"), 2);
  EXPECT_EQ(rest.at("NextPartNumberMarker"), 3);
  EXPECT_EQ(rest.at("IsTruncated"), false);
  // A marker past the last part: an empty page whose NextPartNumberMarker is 0 (AWS's answer in
  // LocalStack's test_list_parts_via_object_attrs_pagination).
  request.part_number_marker = 9;
  json::object past = ObjectAttributes(Composite(), request).at("ObjectParts").as_object();
  EXPECT_TRUE(past.at("Parts").as_array().empty());
  EXPECT_EQ(past.at("PartNumberMarker"), 9);
  EXPECT_EQ(past.at("NextPartNumberMarker"), 0);
  // More than 1000 is 1000, as ListParts; negative is nothing.
  request = {{"ObjectParts"}, 5000, -3};
  json::object capped = ObjectAttributes(Composite(), request).at("ObjectParts").as_object();
  EXPECT_EQ(capped.at("MaxParts"), 1000);
  EXPECT_EQ(capped.at("PartNumberMarker"), 0);
}

TEST(ObjectAttributesTest, PartsWithoutChecksumsAreCounted) {
  ObjectRecord full = Composite();
  full.checksum_type = "FULL_OBJECT";
  full.checksum_algorithm = "CRC64NVME";
  full.checksum_value = "BeXKuz/B+us=";
  full.part_checksums.clear();
  json::object out = ObjectAttributes(full, {kAll});
  EXPECT_EQ(out.at("ObjectParts"), (json::object{{"TotalPartsCount", 3}}));
  EXPECT_EQ(out.at("Checksum").at("ChecksumCRC64NVME"), "BeXKuz/B+us=");
  // A record from before part sizes were kept.
  ObjectRecord old = Composite();
  old.part_sizes.clear();
  old.part_checksums.clear();
  EXPECT_EQ(ObjectAttributes(old, {{"ObjectParts"}}).at("ObjectParts"),
            (json::object{{"TotalPartsCount", 3}}));
}

TEST(ObjectAttributesTest, NamesRefused) {
  auto empty = ValidateAttributes({});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "InvalidRequest");
  EXPECT_EQ(empty.error().http_status, 400);
  EXPECT_EQ(empty.error().message,
            "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing "
            "or empty");
  for (const char* bad : {"Etag", "etag", "", "ObjectParts ", "Size"}) {
    auto refused = ValidateAttributes({"ETag", bad});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, "InvalidArgument");
    EXPECT_EQ(refused.error().message, "Invalid attribute name specified.");
  }
  EXPECT_TRUE(ValidateAttributes(kAll).ok());
}

}  // namespace
}  // namespace tarn::s3
