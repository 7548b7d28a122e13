#include "protocol/pattern.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace tarn::protocol {
namespace {

TEST(PatternTest, OneClassWithAQuantifierIsACodePointScan) {
  auto p = Pattern::Compile("[\\w+=,.@-]+");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->is_simple());
  EXPECT_EQ(p->Matches("alice@example.com"), true);
  EXPECT_EQ(p->Matches("alice smith"), false);
  EXPECT_EQ(p->Matches(""), false);  // '+' needs one

  auto bounded = Pattern::Compile("^[a-z]{2,3}$");
  ASSERT_NE(bounded, nullptr);
  EXPECT_EQ(bounded->Matches("ab"), true);
  EXPECT_EQ(bounded->Matches("abcd"), false);
  EXPECT_EQ(bounded->Matches("a"), false);
}

TEST(PatternTest, OtherPatternsGoToARegexBuiltOnFirstUse) {
  auto p = Pattern::Compile("arn:aws:iam::\\d{12}:role/[a-z]+");
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->is_simple());
  EXPECT_EQ(p->Matches("arn:aws:iam::000000000000:role/admin"), true);
  EXPECT_EQ(p->Matches("arn:aws:iam::0000:role/admin"), false);
  EXPECT_EQ(p->Matches("arn:aws:iam::000000000000:role/admin/x"), false);   // the whole value
  EXPECT_EQ(p->Matches("arn:aws:iam::000000000000:role/é"), std::nullopt);  // not ASCII: not checked
}

TEST(PatternTest, JavaSyntaxTarnCannotReadFaithfullyIsRefused) {
  EXPECT_EQ(Pattern::Compile("\\p{L}+"), nullptr);
  EXPECT_EQ(Pattern::Compile("(?<=a)b"), nullptr);
  EXPECT_EQ(Pattern::Compile("a*+b"), nullptr);
  EXPECT_EQ(Pattern::Compile("[\\u00e9]x"), nullptr);  // \u beyond ASCII in a general pattern
}

TEST(PatternTest, ARegexThatDoesNotBuildChecksNothing) {
  // Unbalanced: Java would refuse it too, and the models hold no such pattern; what matters is
  // that the first use neither throws nor crashes, and that every later use says the same.
  auto p = Pattern::Compile("a(b");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Matches("ab"), std::nullopt);
  EXPECT_EQ(p->Matches("ab"), std::nullopt);
}

TEST(PatternTest, FirstUseFromManyThreadsBuildsOnce) {
  auto p = Pattern::Compile("([a-z]+-)*[0-9]+");
  ASSERT_NE(p, nullptr);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (p->Matches("ab-cd-" + std::to_string(t * 100 + i)) != true) ++wrong;
        if (p->Matches("ab-cd-") != false) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace tarn::protocol
