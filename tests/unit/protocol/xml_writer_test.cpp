#include "protocol/xml_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::protocol {
namespace {

namespace json = boost::json;

TEST(XmlEscapeTest, EscapesMarkupQuotesAndControls) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlEscape("x\r\ny\t\x01"), "x&#xD;&#xA;y&#x9;&#x1;");
  EXPECT_EQ(XmlEscape("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 passes through
}

TEST(XmlWriterTest, ElementsAttributesAndSelfClosing) {
  XmlWriter w;
  w.Declaration();
  w.Open("Root");
  w.Attribute("xmlns", "urn:x&y");
  w.Element("A", "1 < 2");
  w.Open("Empty");
  w.Close();
  w.Open("Late");
  w.Text("t");
  w.Attribute("ignored", "after text");  // contract: attributes only before content
  EXPECT_EQ(w.Take(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Root xmlns=\"urn:x&amp;y\"><A>1 &lt; 2</A><Empty/>"
            "<Late>t</Late></Root>");
}

const Shape& IamShape(std::string_view name) {
  const Shape* shape = ModelSet::Embedded().Find("iam")->FindShape(name);
  EXPECT_NE(shape, nullptr);
  return *shape;
}

TEST(XmlWriterTest, StructureWithListOfMembersAndTimestamp) {
  json::object user{
      {"UserName", "alice"},      {"Path", "/"},
      {"UserId", "AIDA"},         {"Arn", "arn:aws:iam::000000000000:user/alice"},
      {"CreateDate", 1700000000}, {"Tags", json::array{json::object{{"Key", "k"}, {"Value", "v&"}}}}};
  XmlWriter w;
  w.Open("User");
  WriteXmlStructureMembers(w, IamShape("User"), user);
  w.Close();
  EXPECT_EQ(
      w.Take(),
      "<User><Arn>arn:aws:iam::000000000000:user/alice</Arn><CreateDate>2023-11-14T22:13:20Z</CreateDate>"
      "<Path>/</Path><Tags><member><Key>k</Key><Value>v&amp;</Value></member></Tags><UserId>AIDA</UserId>"
      "<UserName>alice</UserName></User>");
}

TEST(XmlWriterTest, FractionalTimestampHasMilliseconds) {
  XmlWriter w;
  w.Open("User");
  WriteXmlStructureMembers(w, IamShape("User"), json::object{{"CreateDate", 1700000000.25}});
  EXPECT_EQ(w.Take(), "<User><CreateDate>2023-11-14T22:13:20.250Z</CreateDate></User>");
}

TEST(XmlWriterTest, MapsAsEntries) {
  const ServiceModel* sns = ModelSet::Embedded().Find("sns");
  const Shape* out = sns->FindShape("GetTopicAttributesResponse");
  ASSERT_NE(out, nullptr);
  XmlWriter w;
  w.Open("R");
  WriteXmlStructureMembers(w, *out, json::object{{"Attributes", json::object{{"Policy", "{}"}}}});
  EXPECT_EQ(w.Take(), "<R><Attributes><entry><key>Policy</key><value>{}</value></entry></Attributes></R>");
}

TEST(XmlWriterTest, ScalarsBooleansNumbersAndNullsSkipped) {
  XmlWriter w;
  w.Open("R");
  WriteXmlStructureMembers(
      w, IamShape("ListUsersResponse"),
      json::object{{"IsTruncated", true}, {"Marker", nullptr}, {"Users", json::array{}}});
  EXPECT_EQ(w.Take(), "<R><IsTruncated>true</IsTruncated><Users/></R>");
}

}  // namespace
}  // namespace tarn::protocol
