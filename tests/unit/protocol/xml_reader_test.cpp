#include "protocol/xml_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace tarn::protocol {
namespace {

TEST(XmlReaderTest, ParsesElementsAttributesAndText) {
  auto doc = ParseXml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a&amp;b</Key></Object>"
      "<Object><Key>c</Key><VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->name, "Delete");
  ASSERT_EQ(doc->children.size(), 3u);
  EXPECT_EQ(doc->children[0].Child("Key")->text, "a&b");
  EXPECT_EQ(doc->children[1].Child("VersionId")->text, "v1");
  EXPECT_EQ(doc->Child("Quiet")->text, "true");
  EXPECT_EQ(doc->Attribute("xmlns").value(), "http://s3.amazonaws.com/doc/2006-03-01/");
  EXPECT_EQ(doc->Child("Missing"), nullptr);
}

TEST(XmlReaderTest, ExpandsPredefinedAndNumericReferences) {
  auto doc = ParseXml("<a x='&quot;&apos;'>&lt;&gt;&amp;&#65;&#x42;&#x20AC;</a>");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->text, "<>&AB\xE2\x82\xAC");
  EXPECT_EQ(doc->Attribute("x").value(), "\"'");
}

TEST(XmlReaderTest, CdataCommentsAndSelfClosing) {
  auto doc = ParseXml("<!-- lead --><r><!-- c --><![CDATA[<raw&>]]><e/><f a=\"1\" /></r><?pi x?>");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->text, "<raw&>");
  ASSERT_EQ(doc->children.size(), 2u);
  EXPECT_EQ(doc->children[1].Attribute("a").value(), "1");
}

TEST(XmlReaderTest, NamespacePrefixesAndLocalNames) {
  auto doc = ParseXml(
      "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
      "<s3:ID>abc</s3:ID></Grantee>");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->Attribute("type").value(), "CanonicalUser");
  ASSERT_NE(doc->Child("ID"), nullptr);
  EXPECT_EQ(doc->children[0].local_name(), "ID");
}

TEST(XmlReaderTest, NormalizesCarriageReturns) {
  auto doc = ParseXml("<a>x\r\ny\rz</a>");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text, "x\ny\nz");
}

TEST(XmlReaderTest, RejectsDoctypeAndEntities) {
  EXPECT_FALSE(ParseXml("<!DOCTYPE a [<!ENTITY x \"boom\">]><a>&x;</a>").ok());
  EXPECT_FALSE(ParseXml("<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>").ok());
  EXPECT_FALSE(ParseXml("<a>&x;</a>").ok());
  EXPECT_FALSE(ParseXml("<a>&amp</a>").ok());
  EXPECT_FALSE(ParseXml("<a><!ENTITY x \"y\"></a>").ok());
  auto err = ParseXml("<a>&foo;</a>");
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().code, "MalformedXML");
  EXPECT_NE(err.error().message.find("undefined entity 'foo'"), std::string::npos);
}

TEST(XmlReaderTest, RejectsMalformedDocuments) {
  for (const char* bad : {"",
                          "   ",
                          "text",
                          "<a>",
                          "<a></b>",
                          "<a><b></a></b>",
                          "<a></a><b></b>",
                          "<a></a>junk",
                          "<a x=1></a>",
                          "<a x=\"1\" x=\"2\"/>",
                          "<a x=\"<\"/>",
                          "<a>&#0;</a>",
                          "<a>&#xD800;</a>",
                          "<a>&#x110000;</a>",
                          "<a>&#;</a>",
                          "<a>&#12a;</a>",
                          "<a><!-- x -- y --></a>",
                          "<a><![CDATA[x</a>",
                          "<1a/>",
                          "<a b/>",
                          "<a>\x01</a>",
                          "<a>\xff</a>",
                          "<a",
                          "<a/"}) {
    EXPECT_FALSE(ParseXml(bad).ok()) << bad;
  }
}

TEST(XmlReaderTest, EnforcesLimits) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  for (int i = 0; i < 100; ++i) deep += "</a>";
  EXPECT_FALSE(ParseXml(deep).ok());
  XmlLimits generous;
  generous.max_depth = 200;
  EXPECT_TRUE(ParseXml(deep, generous).ok());

  XmlLimits small;
  small.max_bytes = 10;
  EXPECT_FALSE(ParseXml("<abc>0123456789</abc>", small).ok());
  XmlLimits few;
  few.max_elements = 3;
  EXPECT_TRUE(ParseXml("<a><b/><c/></a>", few).ok());
  EXPECT_FALSE(ParseXml("<a><b/><c/><d/></a>", few).ok());
}

TEST(XmlReaderTest, AcceptsBomAndDeclaration) {
  auto doc = ParseXml("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<a>1</a>\n");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->text, "1");
}

}  // namespace
}  // namespace tarn::protocol
