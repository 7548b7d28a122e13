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
  // A repeated key or a character no tag may have makes the header unreadable as a whole.
  EXPECT_EQ(Code(TagSetFromHeader("a=1&a=2")), "InvalidArgument");
  EXPECT_EQ(Code(TagSetFromHeader("key1=val1,key2=val2")), "InvalidArgument");
  EXPECT_EQ(TagSetFromHeader("a=1&a=2").error().extra.at("ArgumentValue").as_string(), "a=1&a=2");
  EXPECT_EQ(Code(TagSetFromHeader("k=a%2Cb")), "InvalidArgument");
  EXPECT_EQ(Code(TagSetFromHeader("aws:k=1")), "InvalidTag");
  EXPECT_EQ(TagSetFromHeader("aws:k=1").error().message, "Your TagKey cannot be prefixed with aws:");
  EXPECT_EQ(Code(TagSetFromHeader(std::string(129, 'k') + "=1")), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader("k=" + std::string(257, 'v'))), "InvalidTag");
  EXPECT_EQ(Code(TagSetFromHeader(std::string(128, 'k') + "=" + std::string(256, 'v'))), "ok");
  std::string eleven, ten;
  for (int i = 0; i < 11; ++i) eleven += "k" + std::to_string(i) + "=v&";
  for (int i = 0; i < 10; ++i) ten += "k" + std::to_string(i) + "=v&";
  EXPECT_EQ(Code(TagSetFromHeader(eleven)), "BadRequest");
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
  // Commas are no tag characters; the error names the tag.
  auto comma_key = parse(R"({"Tagging":{"TagSet":[{"Key":"Key1,Key2","Value":"v"}]}})");
  EXPECT_EQ(comma_key.error().message, "The TagKey you have provided is invalid");
  EXPECT_EQ(comma_key.error().extra.at("TagKey").as_string(), "Key1,Key2");
  auto comma_value = parse(R"({"Tagging":{"TagSet":[{"Key":"k","Value":"Val1,Val2"}]}})", kMaxBucketTags);
  EXPECT_EQ(comma_value.error().message, "The TagValue you have provided is invalid");
  EXPECT_EQ(comma_value.error().extra.at("TagValue").as_string(), "Val1,Val2");
  // Letters of any script, digits, spaces and _ . : / = + - @ are.
  EXPECT_EQ(Code(parse(R"({"Tagging":{"TagSet":[{"Key":"été a_b.c:d/e=f+g-h@i","Value":"Ω 1"}]}})")), "ok");
  EXPECT_EQ(parse(R"({"Tagging":{"TagSet":[{"Key":"aws:x","Value":""}]}})", kMaxBucketTags).error().message,
            "System tags cannot be added/updated by requester");
}

}  // namespace
}  // namespace tarn::s3
