// Ion text of ION exports and imports: DynamoDB's number forms (the export output page's example), every
// type both ways, and malformed or unmapped input.
#include "dynamodb/ion_text.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <vector>

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

std::string Decimal(std::string_view text) { return IonDecimal(*Number::Parse(text)); }

TEST(IonDecimalTest, WritesNumbersAsIonJavaDoes) {
  EXPECT_EQ(Decimal("103"), "103.");
  EXPECT_EQ(Decimal("600"), "6d2");
  EXPECT_EQ(Decimal("2000"), "2d3");
  EXPECT_EQ(Decimal("10.5"), "10.5");
  EXPECT_EQ(Decimal("123.45"), "123.45");
  EXPECT_EQ(Decimal("0.5"), "0.5");
  EXPECT_EQ(Decimal("0.000001"), "0.000001");
  EXPECT_EQ(Decimal("0.0000001"), "1d-7");
  EXPECT_EQ(Decimal("-5"), "-5.");
  EXPECT_EQ(Decimal("-0.25"), "-0.25");
  EXPECT_EQ(Decimal("0"), "0.");
  EXPECT_EQ(Decimal("1E+125"), "1d125");
  EXPECT_EQ(Decimal("1E-130"), "1d-130");
  // Read back, each is the same number.
  for (std::string_view n : {"103", "600", "10.5", "0.000001", "0.0000001", "-5", "1E-130"}) {
    std::string text = Decimal(n);
    for (char& c : text)
      if (c == 'd') c = 'e';
    EXPECT_EQ(*Number::Parse(text), *Number::Parse(n)) << n;
  }
}

Item Sample() {
  auto item = ItemFromJson(json::parse(R"({
      "Id": {"N": "103"}, "Authors": {"SS": ["Author1", "Author2"]}, "PageCount": {"N": "600"},
      "InPublication": {"BOOL": false}, "Title": {"S": "Book \"103\"\n\u00e9"}, "Cover": {"B": "AAEC/w=="},
      "Nothing": {"NULL": true}, "Scores": {"NS": ["1.5", "2"]}, "Blobs": {"BS": ["AA==", "AQ=="]},
      "Tags": {"L": [{"S": "a"}, {"N": "1"}, {"L": []}]},
      "Meta": {"M": {"my-attr": {"S": "x"}, "null": {"BOOL": true}, "$x": {"N": "0"}, "ok": {"M": {}}}}})"));
  EXPECT_TRUE(item.ok());
  return *item;
}

std::vector<core::Result<json::value>> ReadAll(std::string_view text, bool* complete = nullptr) {
  std::vector<core::Result<json::value>> out;
  auto r = ForEachIonItem(text, [&](core::Result<json::value> item) {
    out.push_back(std::move(item));
    return core::Ok();
  });
  EXPECT_TRUE(r.ok());
  if (complete) *complete = r.ok() && *r;
  return out;
}

TEST(IonItemTest, WritesDynamoDbsLineAndReadsItBack) {
  const std::string line = ItemToIonLine(Sample());
  EXPECT_TRUE(line.starts_with(R"($ion_1_0 {Item:{Authors:$dynamodb_SS::["Author1","Author2"],)")) << line;
  EXPECT_NE(line.find("Id:103.,"), std::string::npos) << line;
  EXPECT_NE(line.find("PageCount:6d2,"), std::string::npos) << line;
  EXPECT_NE(line.find("Cover:{{AAEC/w==}}"), std::string::npos) << line;
  EXPECT_NE(line.find("Nothing:null"), std::string::npos) << line;
  EXPECT_NE(line.find("Scores:$dynamodb_NS::[1.5,2.]"), std::string::npos) << line;
  EXPECT_NE(line.find(R"(Title:"Book \"103\"\n)"), std::string::npos) << line;
  // Names that are not identifiers are quoted symbols.
  EXPECT_NE(line.find("'my-attr':"), std::string::npos) << line;
  EXPECT_NE(line.find("'null':"), std::string::npos) << line;
  EXPECT_NE(line.find("'$x':"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);

  bool complete = false;
  auto items = ReadAll(line + "\n" + line + "\n", &complete);
  EXPECT_TRUE(complete);
  ASSERT_EQ(items.size(), 2u);
  for (auto& item : items) {
    ASSERT_TRUE(item.ok()) << item.error().message;
    auto back = ItemFromJson(*item);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, Sample());
  }
}

TEST(IonItemTest, ReadsWhatIonTextAllows) {
  // No version marker, comments, long strings joined, escapes, whitespace in blobs, trailing commas,
  // string and quoted field names.
  auto items = ReadAll(R"(
    // a comment
    { /* another */ Item : { a : '''long ''' '''string''', "b c": "\x41\u00e9\U0001F600",
      'd': {{ AA
      EC }}, e: [1., -2d1, ], f: -0.5, } , }
  )");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].ok()) << items[0].error().message;
  EXPECT_EQ(*items[0], json::parse(R"({"a":{"S":"long string"},"b c":{"S":"Aé😀"},"d":{"B":"AAEC"},
      "e":{"L":[{"N":"1."},{"N":"-2e1"}]},"f":{"N":"-0.5"}})"));
  bool complete = false;
  EXPECT_TRUE(ReadAll("", &complete).empty());
  EXPECT_TRUE(complete);
  EXPECT_TRUE(ReadAll("$ion_1_0\n  \n", &complete).empty());
  EXPECT_TRUE(complete);
}

TEST(IonItemTest, ValuesDynamoDbDoesNotMapAreItemErrorsAndTheWalkGoesOn) {
  for (std::string_view record : {
           "{Item:{n:1}}",                         // an int: numbers are decimals
           "{Item:{n:0x1F}}",                      // a hex int
           "{Item:{n:1.5e0}}",                     // a float
           "{Item:{n:nan}}",                       // a float
           "{Item:{t:2007-02-23T12:14Z}}",         // a timestamp
           "{Item:{s:abc}}",                       // a symbol value
           "{Item:{s:'quoted'}}",                  // a symbol value
           "{Item:{c:{{\"text\"}}}}",              // a clob
           "{Item:{n:null.string}}",               // a typed null
           "{Item:{l:other::[1.]}}",               // another annotation
           "{Item:{l:$dynamodb_SS::[\"a\",1.]}}",  // a set member of another type
           "{Item:{a:\"x\",a:\"y\"}}",             // a name twice
           "{Other:{a:\"x\"}}",                    // no Item
           "{Item:[1.]}",                          // an Item that is not a struct
           "\"just a string\"",                    // not a struct
       }) {
    bool complete = false;
    auto items = ReadAll(std::string(record) + "\n{Item:{ok:\"yes\"}}", &complete);
    EXPECT_TRUE(complete) << record;
    ASSERT_EQ(items.size(), 2u) << record;
    EXPECT_FALSE(items[0].ok()) << record;
    if (!items[0].ok()) {
      EXPECT_EQ(items[0].error().code, "ValidationException") << record;
    }
    EXPECT_TRUE(items[1].ok()) << record;
  }
}

TEST(IonItemTest, TextThatIsNotIonStopsTheWalk) {
  for (std::string_view bad : {
           "{Item:{a:\"unterminated}}",
           "{Item:{a:\"line\nbreak\"}}",
           "{Item:{a:\"x\"}",
           "{Item:{a \"x\"}}",
           "{Item:{a:\"x\" b:\"y\"}}",
           "{Item:{a:{{not base64!}}}}",
           "{Item:{a:{{AAAA}}}",
           "{Item:{a:\"\\q\"}}",
           "{Item:{a:\"\\uD800\"}}",
           "{Item:{a:\"\\x4\"}}",
           "{Item:{a:01.}}",
           "{Item:{a:1.2.3}}",
           "{Item:{a:1d}}",
           "{Item:{a:(sexp)}}",
           "{Item:{a:[1.,]]}}",
           "/* unterminated comment",
           "{Item:{true:\"x\"}}",
           "}",
       }) {
    bool complete = true;
    auto items = ReadAll(std::string("{Item:{first:\"ok\"}}\n") + std::string(bad), &complete);
    EXPECT_FALSE(complete) << bad;
    ASSERT_GE(items.size(), 1u) << bad;
    EXPECT_TRUE(items[0].ok()) << bad;
  }
  // Nesting deep enough to exhaust a recursive reader is refused, not followed.
  std::string deep = "{Item:{a:";
  for (int i = 0; i < 100000; ++i) deep += "[";
  bool complete = true;
  EXPECT_TRUE(ReadAll(deep, &complete).empty());
  EXPECT_FALSE(complete);
}

}  // namespace
}  // namespace tarn::dynamodb
