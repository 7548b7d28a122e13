// PinnedConditionKeys: which keys of a Condition block pin a grant to fixed values.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "iam/policy/policy.h"

namespace tarn::iam::policy {
namespace {

std::vector<PinnedKey> Pinned(std::string_view condition) {
  return PinnedConditionKeys(boost::json::parse(condition).as_object());
}

TEST(PinnedKeysTest, FixedScalarsUnderPositiveOperators) {
  auto pinned = Pinned(R"({"StringEquals":{"AWS:SourceAccount":["111122223333","444455556666"]},
                           "Bool":{"aws:PrincipalIsAWSService":true},"NumericEquals":{"s3:max-keys":10}})");
  ASSERT_EQ(pinned.size(), 3u);
  EXPECT_EQ(pinned[0].key, "aws:sourceaccount");  // lower-cased
  EXPECT_EQ(pinned[0].values, (std::vector<std::string>{"111122223333", "444455556666"}));
  EXPECT_EQ(pinned[1].key, "aws:principalisawsservice");
  EXPECT_EQ(pinned[1].values, std::vector<std::string>{"true"});
  EXPECT_EQ(pinned[2].values, std::vector<std::string>{"10"});
}

TEST(PinnedKeysTest, NothingPinnedByWildcardsVariablesNegationsOrIfExists) {
  for (std::string_view condition :
       {R"({"StringLike":{"aws:SourceArn":"arn:aws:s3:::*"}})",
        R"({"StringEquals":{"aws:SourceArn":["arn:aws:s3:::b","a?c"]}})",
        R"({"StringEquals":{"aws:PrincipalArn":"${aws:username}"}})",
        R"({"StringNotEquals":{"aws:SourceAccount":"111122223333"}})",
        R"({"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}})",
        R"({"StringEquals":{"aws:SourceAccount":[]}})", R"({"StringEquals":{"aws:SourceAccount":{"a":"b"}}})",
        R"({"StringEquals":"aws:SourceAccount"})"}) {
    EXPECT_TRUE(Pinned(condition).empty()) << condition;
  }
}

}  // namespace
}  // namespace tarn::iam::policy
