// Tag set parsing and validation: the x-amz-tagging header and Tagging bodies, malformed input.
#include "s3/object_tagging.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::s3 {
namespace {
namespace json = boost::json;

std::string Code(const core::Result<json::array>& r) { return r.ok() ? "ok" : r.error().code; }

TEST(ObjectTaggingTest, HeaderPairsAreDecoded) {
  auto tags = TagSetFromHeader("a=1&owner=Asha%20K&plus=x+y&empty=&bare");
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 5u);
  EXPECT_EQ((*tags)[1].at("Value").as_string(), "Asha K");
  EXPECT_EQ((*tags)[2].at("Value").as_string(), "x y");
  EXPECT_EQ((*tags)[3].at("Value").as_string(), "");
  EXPECT_EQ((*tags)[4].at("Key").as_string(), "bare");
  EXPECT_EQ((*tags)[4].at("Value").as_string(), "");
}

TEST(ObjectTaggingTest, EmptyHeaderAndStrayAmpersandsGiveNoTags) {
  EXPECT_TRUE(TagSetFromHeader("")->empty());
  EXPECT_EQ(TagSetFromHeader("&&a=1&")->size(), 1u);
}

TEST(ObjectTaggingTest, MalformedHeaders) {
  EXPECT_EQ(Code(TagSetFromHeader("a=%zz")), "InvalidArgument");
  EXPECT_EQ(Code(TagSetFromHeader("%4=1")), "InvalidArgument");
  EXPECT_EQ(Code(TagSetFromHeader("=v")), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader("a=1&a=2")), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader("aws:k=1")), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader(std::string(129, 'k') + "=1")), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader("k=" + std::string(257, 'v'))), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader(std::string(128, 'k') + "=" + std::string(256, 'v'))), "ok");
  std::string eleven, ten;
  for (int i = 0; i < 11; ++i) eleven += "k" + std::to_string(i) + "=v&";
  for (int i = 0; i < 10; ++i) ten += "k" + std::to_string(i) + "=v&";
  EXPECT_EQ(Code(TagSetFromHeader(eleven)), "InvalidTag");
  EXPECT_EQ(TagSetFromHeader(eleven).error().message, "Object tags cannot be greater than 10");
  EXPECT_EQ(Code(TagSetFromHeader(ten)), "ok");
}

TEST(ObjectTaggingTest, TaggingBodies) {
  auto parse = [](std::string_view text, size_t max = kMaxObjectTags) {
    return TagSetFromTagging(json::parse(text).as_object(), max);
  };
  EXPECT_EQ(parse(R"({"Tagging":{"TagSet":[{"Key":"a","Value":"1"}]}})")->size(), 1u);
  EXPECT_EQ(parse(R"({"Tagging":{"TagSet":[]}})")->size(), 0u);
  EXPECT_EQ(Code(parse(R"({})")), "MalformedXML");
  EXPECT_EQ(Code(parse(R"({"Tagging":"x"})")), "MalformedXML");
  EXPECT_EQ(Code(parse(R"({"Tagging":{}})")), "MalformedXML");
  EXPECT_EQ(Code(parse(R"({"Tagging":{"TagSet":[1]}})")), "MalformedXML");
  EXPECT_EQ(Code(parse(R"({"Tagging":{"TagSet":[{"Key":"a"}]}})")), "MalformedXML");
  EXPECT_EQ(Code(parse(R"({"Tagging":{"TagSet":[{"Value":"a"}]}})")), "MalformedXML");
  EXPECT_EQ(Code(parse(R"({"Tagging":{"TagSet":[{"Key":"a","Value":"1"},{"Key":"a","Value":"2"}]}})")),
            "InvalidTag");
  std::string fifty_one = R"({"Tagging":{"TagSet":[)";
  for (int i = 0; i < 51; ++i)
    fifty_one += (i ? "," : "") + std::string(R"({"Key":"k)") + std::to_string(i) + R"(","Value":""})";
  fifty_one += "]}}";
  EXPECT_EQ(parse(fifty_one, kMaxBucketTags).error().message, "Bucket tag count cannot be greater than 50");
  EXPECT_EQ(Code(parse(fifty_one, 60)), "ok");
}

}  // namespace
}  // namespace tarn::s3
