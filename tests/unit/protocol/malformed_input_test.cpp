// Malformed and hostile input for every parser that reads client bytes: targeted cases plus a
// deterministic mutation sweep (fixed seed) that must never crash, hang or trip the sanitizers.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>

#include "protocol/codecs.h"
#include "protocol/xml_reader.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;

const ServiceModel& Service(std::string_view name) {
  const ServiceModel* s = ModelSet::Embedded().Find(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

core::Result<json::object> DecodeJson(std::string_view op, std::string_view body) {
  const ServiceModel& ddb = Service("dynamodb");
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers.Add("X-Amz-Target", "DynamoDB_20120810." + std::string(op));
  return JsonRpcCodec().DecodeInput(ddb, *ddb.FindOperation(op), r, body);
}

core::Result<json::object> DecodeQuery(std::string_view body) {
  const ServiceModel& iam = Service("iam");
  net::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers.Add("Content-Type", "application/x-www-form-urlencoded");
  auto op = QueryCodec().Identify(iam, r, body);
  if (!op.ok()) return std::move(op).error();
  return QueryCodec().DecodeInput(iam, **op, r, body);
}

core::Result<json::object> DecodeRest(const Codec& codec, const ServiceModel& service, std::string method,
                                      std::string target, std::string_view body) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.Add("Host", "localhost");
  auto op = codec.Identify(service, r, body);
  if (!op.ok()) return std::move(op).error();
  return codec.DecodeInput(service, **op, r, body);
}

TEST(MalformedJsonTest, HugeNumbersAreRejectedForIntegers) {
  for (std::string_view body :
       {R"({"TableName":"t","Limit":99999999999999999999999999})", R"({"TableName":"t","Limit":1e999})",
        R"({"TableName":"t","Limit":-1e400})", R"({"TableName":"t","Limit":18446744073709551615})"}) {
    auto input = DecodeJson("Scan", body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().code, "SerializationException") << body;
  }
}

TEST(MalformedJsonTest, TruncatedAndInvalidDocuments) {
  for (std::string_view body : std::initializer_list<std::string_view>{
           R"({"TableName")", R"({"TableName":"t)", R"({"TableName":"t",)", R"({"TableName":"t"}})",
           R"({"TableName":"t"} {"x":1})", "{\"TableName\":\"\xc3\x28\"}", R"({"TableName":"\uD800"})",
           std::string_view("\0{}", 3), R"({'TableName':'t'})", R"({"TableName":NaN})"}) {
    auto input = DecodeJson("DescribeTable", body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().code, "SerializationException") << body;
    EXPECT_EQ(input.error().http_status, 400);
  }
}

TEST(MalformedJsonTest, DeepArraysAndObjectsAreRefused) {
  std::string arrays = R"({"TableName":"t","AttributesToGet":)" + std::string(100000, '[');
  EXPECT_FALSE(DecodeJson("Scan", arrays).ok());
  std::string objects = R"({"TableName":"t","ExclusiveStartKey":)";
  for (int i = 0; i < 10000; ++i) objects += R"({"a":)";
  EXPECT_FALSE(DecodeJson("Scan", objects).ok());
}

TEST(MalformedQueryTest, TooManyParametersAreRefused) {
  std::string body = "Action=CreateUser&UserName=u";
  for (int i = 0; i < 20000; ++i) body += "&X" + std::to_string(i) + "=1";
  auto input = DecodeQuery(body);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().http_status, 400);
}

TEST(MalformedQueryTest, InvalidEscapesInEveryPosition) {
  for (std::string_view body : {"Action=Create%User&UserName=u", "Action=CreateUser&UserName=u%",
                                "Action=CreateUser&Tags.member.%31.Key=%G0", "%=1&Action=CreateUser"}) {
    auto input = DecodeQuery(body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().http_status, 400) << body;
  }
}

TEST(MalformedXmlTest, BadCharacterReferencesAndStructure) {
  for (std::string_view doc : {"<a>&#x110000;</a>",
                               "<a>&#0;</a>",
                               "<a>&#xD800;</a>",
                               "<a>&#99999999999999999999;</a>",
                               "<a>&#x;</a>",
                               "<a>&#;</a>",
                               "<a>&amp</a>",
                               "<a b=c/>",
                               "<a b=\"1\" b=\"2\"/>",
                               "<a b=\"<\"/>",
                               "<a></b>",
                               "<a/><b/>",
                               "<a/>trailing",
                               "<a>\xff\xfe</a>",
                               "",
                               "<",
                               "<a",
                               "<a>",
                               "<?xml version=\"1.0\"?>",
                               "<a><!-- unterminated",
                               "<a><![CDATA[x</a>",
                               "<1a/>"}) {
    auto parsed = ParseXml(doc);
    EXPECT_FALSE(parsed.ok()) << doc;
  }
}

TEST(MalformedXmlTest, LimitsAreEnforced) {
  XmlLimits limits;
  limits.max_depth = 16;
  std::string deep;
  for (int i = 0; i < 17; ++i) deep += "<a>";
  for (int i = 0; i < 17; ++i) deep += "</a>";
  EXPECT_FALSE(ParseXml(deep, limits).ok());
  limits.max_elements = 10;
  std::string wide = "<a>";
  for (int i = 0; i < 20; ++i) wide += "<b/>";
  wide += "</a>";
  EXPECT_FALSE(ParseXml(wide, limits).ok());
}

// Flips, inserts and truncates bytes of valid requests; every outcome is fine except a crash.
std::string Mutate(std::string_view seed, std::mt19937& rng) {
  std::string s(seed);
  int edits = 1 + static_cast<int>(rng() % 4);
  static constexpr std::string_view kInteresting = "{}[]<>\"'&;%=.:/\\#0123456789-+eE \x00\xff\xc3";
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t at = rng() % s.size();
    switch (rng() % 4) {
      case 0:
        s[at] = kInteresting[rng() % kInteresting.size()];
        break;
      case 1:
        s.insert(at, 1, kInteresting[rng() % kInteresting.size()]);
        break;
      case 2:
        s.erase(at, 1 + rng() % 8);
        break;
      default:
        s.resize(at);
        break;
    }
  }
  return s;
}

TEST(MutationSweepTest, NoParserCrashesOnMutatedInput) {
  std::mt19937 rng(12345);
  const std::string json_seed =
      R"({"TableName":"t","Item":{"id":{"S":"1"},"n":{"N":"2"},"l":{"L":[{"BOOL":true},{"NULL":true}]}},)"
      R"j("ConditionExpression":"attribute_not_exists(id)","ExpressionAttributeValues":{":v":{"N":"1.5e3"}}})j";
  const std::string form_seed =
      "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fa%2F&Tags.member.1.Key=k"
      "&Tags.member.1.Value=v&Tags.member.2.Key=k2&Tags.member.2.Value=%E2%82%AC";
  const std::string xml_seed =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Object><Key>a &amp; b</Key><VersionId>1</VersionId></Object><Quiet>false</Quiet></Delete>";
  const std::string lambda_seed =
      R"({"FunctionName":"f","Role":"arn:aws:iam::000000000000:role/r","Code":{"ZipFile":"UEsDBA=="},)"
      R"("Timeout":3,"Environment":{"Variables":{"AB":"1"}},"Tags":{"a":"b"}})";
  const ServiceModel& s3 = Service("s3");
  const ServiceModel& lambda = Service("lambda");
  int accepted = 0;
  for (int i = 0; i < 400; ++i) {
    accepted += DecodeJson("PutItem", Mutate(json_seed, rng)).ok();
    accepted += DecodeQuery(Mutate(form_seed, rng)).ok();
    accepted += DecodeRest(RestXmlCodec(), s3, "POST", "/bucket?delete", Mutate(xml_seed, rng)).ok();
    accepted +=
        DecodeRest(RestJsonCodec(), lambda, "POST", "/2015-03-31/functions", Mutate(lambda_seed, rng)).ok();
    accepted += ParseXml(Mutate(xml_seed, rng)).ok();
    (void)DecodeRest(RestXmlCodec(), s3, "GET", Mutate("/bucket/key%20a?versionId=1&partNumber=2", rng), "");
    (void)DecodeRest(RestJsonCodec(), lambda, "GET", Mutate("/2015-03-31/functions/f?Qualifier=1", rng), "");
  }
  // Some mutations leave valid documents (e.g. an edit inside a string); most must be refused.
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, 5 * 400);
}

}  // namespace
}  // namespace tarn::protocol
