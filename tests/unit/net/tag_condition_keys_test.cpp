// Tag condition keys from request members: both tag shapes, malformed members, resource keys.
#include "net/tag_condition_keys.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

namespace tarn::net {
namespace {
namespace json = boost::json;

TEST(TagConditionKeysTest, ListAndMapShapes) {
  json::value list = json::parse(R"([{"Key":"env","Value":"dev"},{"key":"team","value":"data"}])");
  EXPECT_EQ(TagsOf(&list), (TagPairs{{"env", "dev"}, {"team", "data"}}));
  json::value map = json::parse(R"({"env":"dev"})");
  EXPECT_EQ(TagsOf(&map), (TagPairs{{"env", "dev"}}));
  json::value no_value = json::parse(R"([{"Key":"k"}])");
  EXPECT_EQ(TagsOf(&no_value), (TagPairs{{"k", ""}}));
}

TEST(TagConditionKeysTest, MalformedMembersGiveNothing) {
  EXPECT_TRUE(TagsOf(nullptr).empty());
  for (const char* text : {R"("x")", "1", R"([1])", R"([{"Value":"v"}])", R"({"k":1})", R"([{"Key":2}])"}) {
    json::value v = json::parse(text);
    EXPECT_TRUE(TagsOf(&v).empty()) << text;
  }
  json::value keys = json::parse(R"(["a",1])");
  EXPECT_TRUE(TagKeysOf(&keys).empty());
  json::value good = json::parse(R"(["a","b"])");
  EXPECT_EQ(TagKeysOf(&good), (std::vector<std::string>{"a", "b"}));
}

TEST(TagConditionKeysTest, RequestAndResourceKeys) {
  AuthorizationExtras extras;
  AddRequestTags(extras, {{"env", "dev"}, {"team", "x"}});
  ASSERT_EQ(extras.condition_keys.size(), 3u);
  EXPECT_EQ(extras.condition_keys[0].first, "aws:RequestTag/env");
  EXPECT_EQ(extras.condition_keys[2].first, "aws:TagKeys");
  EXPECT_EQ(extras.condition_keys[2].second, (std::vector<std::string>{"env", "team"}));
  AddRequestTags(extras, {});
  AddTagKeys(extras, {});
  EXPECT_EQ(extras.condition_keys.size(), 3u);
  AddResourceTags(extras, "arn:r", std::map<std::string, std::string>{{"env", "prod"}}, "iam");
  ASSERT_EQ(extras.resource_keys["arn:r"].size(), 2u);
  EXPECT_EQ(extras.resource_keys["arn:r"][1].first, "iam:ResourceTag/env");
}

}  // namespace
}  // namespace tarn::net
