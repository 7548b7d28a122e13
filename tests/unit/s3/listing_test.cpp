// The ListObjects walk over an in-memory key set: prefix, delimiter roll-up, max-keys and resuming
// page after page (every key and common prefix exactly once).
#include "s3/listing.h"

#include <gtest/gtest.h>

#include <map>

namespace tarn::s3 {
namespace {

class MapCursor final : public KeyCursor {
 public:
  explicit MapCursor(const std::map<std::string, std::string>& keys) : keys_(keys), it_(keys.end()) {}
  void Seek(std::string_view target) override {
    it_ = keys_.lower_bound(std::string(target));
    ++seeks;
  }
  bool Valid() const override { return it_ != keys_.end(); }
  std::string_view key() const override { return it_->first; }
  std::string_view value() const override { return it_->second; }
  void Next() override { ++it_; }
  core::Status status() const override { return core::Ok(); }
  int seeks = 0;

 private:
  const std::map<std::string, std::string>& keys_;
  std::map<std::string, std::string>::const_iterator it_;
};

std::map<std::string, std::string> Keys(std::initializer_list<const char*> keys) {
  std::map<std::string, std::string> out;
  for (const char* k : keys) out[k] = "v";
  return out;
}

std::string Render(const ListPage& page) {
  std::string out;
  for (const auto& [k, v] : page.objects) out += k + " ";
  for (const auto& p : page.common_prefixes) out += "[" + p + "] ";
  if (page.truncated) out += "...";
  return out;
}

ListPage List(const std::map<std::string, std::string>& keys, ListRequest request) {
  MapCursor cursor(keys);
  auto page = ListKeys(cursor, request);
  EXPECT_TRUE(page.ok());
  return page.ok() ? *page : ListPage{};
}

const auto kKeys = Keys({"a", "a/b", "a/b/c", "a/c", "b", "b/x/y", "c.txt", "d/e", "d/f/g"});

TEST(ListingTest, PrefixAndDelimiter) {
  EXPECT_EQ(Render(List(kKeys, {})), "a a/b a/b/c a/c b b/x/y c.txt d/e d/f/g ");
  EXPECT_EQ(Render(List(kKeys, {.delimiter = "/"})), "a b c.txt [a/] [b/] [d/] ");
  EXPECT_EQ(Render(List(kKeys, {.prefix = "a/", .delimiter = "/"})), "a/b a/c [a/b/] ");
  EXPECT_EQ(Render(List(kKeys, {.prefix = "d"})), "d/e d/f/g ");
  EXPECT_EQ(Render(List(kKeys, {.prefix = "zz"})), "");
  EXPECT_EQ(Render(List(kKeys, {.delimiter = "b/"})), "a a/b a/c b c.txt d/e d/f/g [a/b/] [b/] ");
}

TEST(ListingTest, RollUpSeeksPastTheCommonPrefix) {
  std::map<std::string, std::string> many;
  for (int i = 0; i < 1000; ++i) many["logs/" + std::to_string(i)] = "v";
  many["z"] = "v";
  MapCursor cursor(many);
  auto page = ListKeys(cursor, {.delimiter = "/"});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Render(*page), "z [logs/] ");
  EXPECT_LE(cursor.seeks, 3);
}

TEST(ListingTest, MaxKeysCountsObjectsAndPrefixes) {
  ListPage page = List(kKeys, {.delimiter = "/", .max_keys = 2});
  EXPECT_EQ(Render(page), "a [a/] ...");
  EXPECT_EQ(page.last, "a/");
  EXPECT_TRUE(List(kKeys, {.max_keys = 0}).truncated);
  EXPECT_FALSE(List(kKeys, {.max_keys = 9}).truncated);
}

// Paging through with start_after = last returns everything exactly once, whatever the page size.
TEST(ListingTest, PagesResumeAfterKeysAndCommonPrefixes) {
  for (std::string delimiter : {"", "/"}) {
    std::string all = Render(List(kKeys, {.delimiter = delimiter}));
    for (size_t size = 1; size <= 4; ++size) {
      std::string joined_objects, joined_prefixes, after;
      for (int guard = 0; guard < 20; ++guard) {
        ListPage page = List(kKeys, {.delimiter = delimiter, .start_after = after, .max_keys = size});
        for (const auto& [k, v] : page.objects) joined_objects += k + " ";
        for (const auto& p : page.common_prefixes) joined_prefixes += "[" + p + "] ";
        if (!page.truncated) break;
        after = page.last;
      }
      EXPECT_EQ(joined_objects + joined_prefixes, all) << "delimiter '" << delimiter << "' size " << size;
    }
  }
}

TEST(ListingTest, StartAfterBeforeOrInsidePrefix) {
  EXPECT_EQ(Render(List(kKeys, {.prefix = "a/", .start_after = "0"})), "a/b a/b/c a/c ");
  EXPECT_EQ(Render(List(kKeys, {.prefix = "a/", .start_after = "a/b"})), "a/b/c a/c ");
  EXPECT_EQ(Render(List(kKeys, {.start_after = "zzz"})), "");
  // A marker naming a common prefix skips all keys rolled up into it.
  EXPECT_EQ(Render(List(kKeys, {.delimiter = "/", .start_after = "a/"})), "b c.txt [b/] [d/] ");
}

TEST(ListingTest, KeysWithNulAndHighBytes) {
  auto keys = Keys({});
  keys[std::string("a\0b", 3)] = "v";
  keys["a\xff"] = "v";
  keys["a"] = "v";
  ListPage page = List(keys, {.prefix = "a"});
  ASSERT_EQ(page.objects.size(), 3u);
  EXPECT_EQ(page.objects[1].first, std::string("a\0b", 3));
  ListPage rolled = List(keys, {.delimiter = std::string(1, '\0')});
  EXPECT_EQ(rolled.common_prefixes.size(), 1u);
}

}  // namespace
}  // namespace tarn::s3
