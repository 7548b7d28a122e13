#include "dynamodb/expr/reserved_words.h"

#include <gtest/gtest.h>

namespace tarn::dynamodb::expr {
namespace {

TEST(ExprReservedWordsTest, HasTheDocumentedCount) { EXPECT_EQ(ReservedWordCount(), 573u); }

TEST(ExprReservedWordsTest, MatchesCaseInsensitively) {
  for (const char* word :
       {"status", "STATUS", "Name", "date", "abort", "ZONE", "size", "and", "views", "abOrT"}) {
    EXPECT_TRUE(IsReservedWord(word)) << word;
  }
  for (const char* word : {"", "statusx", "my_status", "pk", "sk", "id", "zones", "a", "attribute_exists"}) {
    EXPECT_FALSE(IsReservedWord(word)) << word;
  }
}

}  // namespace
}  // namespace tarn::dynamodb::expr
