#include "core/ids.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace tarn::core {
namespace {

constexpr int kSamples = 200;

// Every sample matches, and no two are equal.
template <class Make>
void ExpectShape(Make make, const std::regex& shape) {
  std::set<std::string> seen;
  for (int i = 0; i < kSamples; ++i) {
    std::string id = make();
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(IdsTest, UuidIsVersion4Variant1) {
  ExpectShape(NewUuid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
}

TEST(IdsTest, S3RequestIdIs16UppercaseHex) { ExpectShape(NewS3RequestId, std::regex("[0-9A-F]{16}")); }

TEST(IdsTest, AwsIdsArePrefixPlus16Base32Characters) {
  for (const char* prefix : {"AKIA", "ASIA", "AIDA", "AROA"})
    ExpectShape([&] { return NewAwsId(prefix); }, std::regex(std::string(prefix) + "[A-Z2-7]{16}"));
}

TEST(IdsTest, UniqueIdsAreThePrefixAnd17Characters) {
  // IAM's unique ids are 21 characters (AIDACKCEVSQ6C2EXAMPLE); access key ids are 20.
  for (std::string_view prefix : {"AIDA", "AROA", "AGPA", "ANPA", "AIPA"})
    ExpectShape([&] { return NewUniqueId(prefix); }, std::regex(std::string(prefix) + "[A-Z2-7]{17}"));
}

TEST(IdsTest, AwsIdsUseTheWholeAlphabet) {
  std::set<char> used;
  for (int i = 0; i < kSamples; ++i)
    for (char c : NewAwsId("AKIA").substr(4)) used.insert(c);
  EXPECT_EQ(used.size(), 32u);  // 3200 draws from 32 letters: all appear unless the mapping is biased
}

TEST(IdsTest, SecretAccessKeyIs40Base64Characters) {
  ExpectShape(NewSecretAccessKey, std::regex("[A-Za-z0-9+/]{40}"));
}

TEST(IdsTest, RandomBytes) {
  EXPECT_EQ(RandomBytes(0).size(), 0u);
  EXPECT_EQ(RandomBytes(33).size(), 33u);
  EXPECT_NE(RandomBytes(16), RandomBytes(16));
}

}  // namespace
}  // namespace tarn::core
