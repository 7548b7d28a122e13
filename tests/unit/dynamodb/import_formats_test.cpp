// The formats ImportTable reads: CSV records and runs of JSON values, with malformed input.
#include "dynamodb/import_formats.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace tarn::dynamodb {
namespace {

std::vector<std::vector<std::string>> Records(std::string_view text, char delimiter = ',') {
  std::vector<std::vector<std::string>> out;
  size_t pos = 0;
  while (auto record = NextCsvRecord(text, pos, delimiter)) out.push_back(std::move(*record));
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvRecordTest, SplitsFieldsAndLines) {
  EXPECT_EQ(Records("id,name\nx,Xavier\n"), (Rows{{"id", "name"}, {"x", "Xavier"}}));
  EXPECT_EQ(Records("id,name\r\nx,Xavier"), (Rows{{"id", "name"}, {"x", "Xavier"}}));  // CRLF, no final break
  EXPECT_EQ(Records("a;b;;\n", ';'), (Rows{{"a", "b", "", ""}}));
  EXPECT_EQ(Records("a,b", ';'), (Rows{{"a,b"}}));
  EXPECT_EQ(Records(""), Rows{});
  EXPECT_EQ(Records("\n"), (Rows{{""}}));  // a blank line is one empty field
}

TEST(CsvRecordTest, QuotedFields) {
  EXPECT_EQ(Records(R"(y,"Yo, ""Y""",20)"), (Rows{{"y", R"(Yo, "Y")", "20"}}));
  EXPECT_EQ(Records("\"two\nlines\",b\nc,d\n"), (Rows{{"two\nlines", "b"}, {"c", "d"}}));
  EXPECT_EQ(Records(R"("",x)"), (Rows{{"", "x"}}));
  // A quote inside an unquoted field is an ordinary character.
  EXPECT_EQ(Records(R"(ab"c,d)"), (Rows{{R"(ab"c)", "d"}}));
  // An unterminated quote runs to the end of the text, line breaks included.
  EXPECT_EQ(Records("\"open,\nstill\n"), (Rows{{"open,\nstill\n"}}));
  // Bytes that are not UTF-8 and NULs are kept as they are.
  EXPECT_EQ(Records(std::string("\xff\x00,z", 4)), (Rows{{std::string("\xff\x00", 2), "z"}}));
}

std::vector<std::string> Values(std::string_view text, bool* complete = nullptr) {
  std::vector<std::string> out;
  auto r = ForEachJsonValue(text, [&](boost::json::value v) {
    out.push_back(boost::json::serialize(v));
    return core::Ok();
  });
  EXPECT_TRUE(r.ok());
  if (complete) *complete = r.ok() && *r;
  return out;
}

TEST(JsonValuesTest, ObjectsOnLinesOrRunTogether) {
  bool complete = false;
  EXPECT_EQ(Values("{\"Item\":{}}\n{\"Item\":{\"a\":1}}\n", &complete),
            (std::vector<std::string>{R"({"Item":{}})", R"({"Item":{"a":1}})"}));
  EXPECT_TRUE(complete);
  EXPECT_EQ(Values(R"({"a":1}{"b":2}  {"c":3})", &complete),
            (std::vector<std::string>{R"({"a":1})", R"({"b":2})", R"({"c":3})"}));
  EXPECT_TRUE(complete);
  EXPECT_TRUE(Values(" \n\t ", &complete).empty());
  EXPECT_TRUE(complete);
}

TEST(JsonValuesTest, StopsAtTheFirstValueThatDoesNotParse) {
  bool complete = true;
  EXPECT_EQ(Values("{\"a\":1}\n{\"b\":\n{\"c\":3}\n", &complete), std::vector<std::string>{R"({"a":1})"});
  EXPECT_FALSE(complete);
  for (std::string_view bad : {"{", "}", "{\"a\"}", "nul", "{\"a\":1", "\"unterminated", "{\"a\":1}}"}) {
    complete = true;
    Values(bad, &complete);
    EXPECT_FALSE(complete) << bad;
  }
  // Deep nesting is refused, not recursed into.
  complete = true;
  Values(std::string(10000, '[') + std::string(10000, ']'), &complete);
  EXPECT_FALSE(complete);
}

TEST(JsonValuesTest, AnErrorFromTheCallerStopsTheWalk) {
  int seen = 0;
  auto r = ForEachJsonValue("{}{}{}", [&](boost::json::value) -> core::Status {
    if (++seen == 2) return core::InternalFailure("stop");
    return core::Ok();
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace tarn::dynamodb
