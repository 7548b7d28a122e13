#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "protocol/codecs.h"

namespace tarn::protocol {
namespace {

namespace json = boost::json;

const ServiceModel& S3() {
  const ServiceModel* s = ModelSet::Embedded().Find("s3");
  EXPECT_NE(s, nullptr);
  return *s;
}

net::HttpRequest Request(std::string method, std::string target, std::string host = "localhost:4566") {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers.Add("Host", std::move(host));
  return r;
}

std::string OperationOf(const net::HttpRequest& r) {
  auto op = RestXmlCodec().Identify(S3(), r, "");
  return op.ok() ? (*op)->name() : "error:" + op.error().code;
}

core::Result<json::object> Decode(const net::HttpRequest& r, std::string_view body) {
  auto op = RestXmlCodec().Identify(S3(), r, body);
  if (!op.ok()) return std::move(op).error();
  return RestXmlCodec().DecodeInput(S3(), **op, r, body);
}

TEST(RestXmlTest, RoutesS3Operations) {
  EXPECT_EQ(OperationOf(Request("GET", "/")), "ListBuckets");
  EXPECT_EQ(OperationOf(Request("PUT", "/bucket")), "CreateBucket");
  EXPECT_EQ(OperationOf(Request("GET", "/bucket?list-type=2&prefix=a")), "ListObjectsV2");
  EXPECT_EQ(OperationOf(Request("GET", "/bucket?prefix=a")), "ListObjects");
  EXPECT_EQ(OperationOf(Request("PUT", "/bucket/a/b.txt")), "PutObject");
  EXPECT_EQ(OperationOf(Request("GET", "/bucket/a/b.txt")), "GetObject");
  EXPECT_EQ(OperationOf(Request("HEAD", "/bucket/a/b.txt")), "HeadObject");
  EXPECT_EQ(OperationOf(Request("POST", "/bucket?delete")), "DeleteObjects");
  EXPECT_EQ(OperationOf(Request("POST", "/bucket/key?uploads")), "CreateMultipartUpload");
  EXPECT_EQ(OperationOf(Request("PUT", "/bucket/key?partNumber=1&uploadId=u")), "UploadPart");
  EXPECT_EQ(OperationOf(Request("GET", "/bucket?versioning")), "GetBucketVersioning");
}

TEST(RestXmlTest, VirtualHostedStyleTakesBucketFromHost) {
  EXPECT_EQ(OperationOf(Request("GET", "/?list-type=2", "bucket.localhost:4566")), "ListObjectsV2");
  EXPECT_EQ(OperationOf(Request("GET", "/a/b", "bucket.s3.us-east-1.amazonaws.com")), "GetObject");
  auto input = Decode(Request("GET", "/dir/file.txt", "my-bucket.localhost"), "");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["Bucket"], "my-bucket");
  EXPECT_EQ((*input)["Key"], "dir/file.txt");
}

TEST(RestXmlTest, UnmatchedRouteIsMethodNotAllowed) {
  auto op = RestXmlCodec().Identify(S3(), Request("PATCH", "/bucket/key"), "");
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().code, "MethodNotAllowed");
  EXPECT_EQ(op.error().http_status, 405);
}

TEST(RestXmlTest, DecodesPutObjectHeadersAndGreedyKey) {
  net::HttpRequest r = Request("PUT", "/bucket/photos/2024/a%20b%2Bc.jpg");
  r.headers.Add("Content-Type", "image/jpeg");
  r.headers.Add("x-amz-meta-Owner", "alice");
  r.headers.Add("X-Amz-Meta-note", "hi there");
  r.headers.Add("Content-Length", "12");
  const OperationModel* put = S3().FindOperation("PutObject");
  ASSERT_TRUE(put->streaming_input());
  auto input = RestXmlCodec().DecodeInput(S3(), *put, r, "");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["Bucket"], "bucket");
  EXPECT_EQ((*input)["Key"], "photos/2024/a b+c.jpg");
  EXPECT_EQ((*input)["ContentType"], "image/jpeg");
  EXPECT_EQ((*input)["ContentLength"], 12);
  EXPECT_EQ(json::serialize((*input)["Metadata"]), R"({"owner":"alice","note":"hi there"})");
  EXPECT_FALSE(input->contains("Body"));
}

TEST(RestXmlTest, DecodesListObjectsV2Query) {
  auto input = Decode(Request("GET",
                              "/bucket?list-type=2&prefix=logs%2F&delimiter=%2F&max-keys=50"
                              "&continuation-token=abc&fetch-owner=true"),
                      "");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["Bucket"], "bucket");
  EXPECT_EQ((*input)["Prefix"], "logs/");
  EXPECT_EQ((*input)["Delimiter"], "/");
  EXPECT_EQ((*input)["MaxKeys"], 50);
  EXPECT_EQ((*input)["ContinuationToken"], "abc");
  EXPECT_EQ((*input)["FetchOwner"], true);
}

TEST(RestXmlTest, BadQueryValuesAreRejected) {
  auto input = Decode(Request("GET", "/bucket?list-type=2&max-keys=lots"), "");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().http_status, 400);
  auto escape = Decode(Request("GET", "/bucket?list-type=2&prefix=%"), "");
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.error().http_status, 400);
}

TEST(RestXmlTest, KeysThatAreNotUtf8AreInvalidUri) {
  for (const char* target : {"/bucket/%FF%FE", "/bucket/a%C3", "/bucket/ok/%ED%A0%80"}) {
    auto input = Decode(Request("GET", target), "");
    ASSERT_FALSE(input.ok()) << target;
    EXPECT_EQ(input.error().code, "InvalidURI") << target;
    EXPECT_EQ(input.error().http_status, 400);
    EXPECT_EQ(input.error().message, "Couldn't parse the specified URI.");
  }
  auto fine = Decode(Request("GET", "/bucket/caf%C3%A9"), "");
  ASSERT_TRUE(fine.ok()) << fine.error().message;
  EXPECT_EQ((*fine)["Key"], "caf\xC3\xA9");
}

TEST(RestXmlTest, BooleanHeadersAndQueryValuesInAnyCase) {
  for (const char* text : {"true", "True", "TRUE"}) {
    auto input = Decode(Request("GET", std::string("/bucket?list-type=2&fetch-owner=") + text), "");
    ASSERT_TRUE(input.ok()) << text;
    EXPECT_EQ((*input)["FetchOwner"], true) << text;
  }
  auto no = Decode(Request("GET", "/bucket?list-type=2&fetch-owner=False"), "");
  ASSERT_TRUE(no.ok());
  EXPECT_EQ((*no)["FetchOwner"], false);
  auto bad = Decode(Request("GET", "/bucket?list-type=2&fetch-owner=yes"), "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().http_status, 400);
}

TEST(RestXmlTest, DecodesDeleteObjectsXmlBody) {
  auto input = Decode(
      Request("POST", "/bucket?delete"),
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a.txt</Key></Object>)"
      R"(<Object><Key>b &amp; c.txt</Key><VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>)");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ(json::serialize((*input)["Delete"]),
            R"({"Objects":[{"Key":"a.txt"},{"Key":"b & c.txt","VersionId":"v1"}],"Quiet":true})");
}

TEST(RestXmlTest, MalformedXmlBodiesAreMalformedXml) {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<Object>";
  for (std::string_view body :
       {std::string_view("<Delete><Object><Key>a</Key></Object>"),  // unclosed
        std::string_view("<Wrong><Object><Key>a</Key></Object></Wrong>"),
        std::string_view(
            "<!DOCTYPE x [<!ENTITY e \"boom\">]><Delete><Object><Key>&e;</Key></Object></Delete>"),
        std::string_view("<Delete><Object><Key>&unknown;</Key></Object></Delete>"),
        std::string_view("<Delete><Quiet>maybe</Quiet><Object><Key>a</Key></Object></Delete>"),
        std::string_view("not xml at all"), std::string_view(deep)}) {
    auto input = Decode(Request("POST", "/bucket?delete"), body);
    ASSERT_FALSE(input.ok()) << body;
    EXPECT_EQ(input.error().code, "MalformedXML") << body;
    EXPECT_EQ(input.error().http_status, 400);
  }
}

TEST(RestXmlTest, EncodesListObjectsV2Output) {
  net::Output output;
  output.json["Name"] = "bucket";
  output.json["Prefix"] = "";
  output.json["KeyCount"] = 1;
  output.json["MaxKeys"] = 1000;
  output.json["IsTruncated"] = false;
  json::object object;
  object["Key"] = "a&b.txt";
  object["LastModified"] = 1704164645.0;
  object["ETag"] = "\"abc\"";
  object["Size"] = 3;
  output.json["Contents"] = json::array{object};
  auto response =
      RestXmlCodec().EncodeOutput(S3(), *S3().FindOperation("ListObjectsV2"), std::move(output), "req-s3");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.GetOr("x-amz-request-id"), "req-s3");
  EXPECT_TRUE(response.headers.Has("x-amz-id-2"));
  EXPECT_EQ(response.headers.GetOr("Content-Type"), "application/xml");
  const std::string& body = response.body;
  EXPECT_EQ(body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
                       0),
            0u)
      << body;
  // Flattened list: one <Contents> per object, no wrapper.
  EXPECT_NE(body.find("<Contents><ETag>&quot;abc&quot;</ETag><Key>a&amp;b.txt</Key>"
                      "<LastModified>2024-01-02T03:04:05"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("<IsTruncated>false</IsTruncated>"), std::string::npos) << body;
  EXPECT_NE(body.find("<KeyCount>1</KeyCount>"), std::string::npos) << body;
}

// Grantee's shape declares the xsi namespace its xsi:type attribute needs; without the declaration
// the document is not namespace-well-formed and SDKs fail to parse it.
TEST(RestXmlTest, StructureNamespaceIsDeclaredOnItsElement) {
  net::Output output;
  output.json["Owner"] = json::object{{"ID", "abc"}};
  output.json["Grants"] = json::array{json::object{
      {"Grantee", json::object{{"ID", "abc"}, {"Type", "CanonicalUser"}}}, {"Permission", "FULL_CONTROL"}}};
  auto response =
      RestXmlCodec().EncodeOutput(S3(), *S3().FindOperation("GetBucketAcl"), std::move(output), "r");
  EXPECT_NE(
      response.body.find("<AccessControlList><Grant><Grantee "
                         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
                         "<ID>abc</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>"
                         "</AccessControlList>"),
      std::string::npos)
      << response.body;
}

TEST(RestXmlTest, EncodesHeaderMembersOfHeadObject) {
  net::Output output;
  output.json["ContentLength"] = 5;
  output.json["ETag"] = "\"e\"";
  output.json["LastModified"] = 1704164645.0;
  output.json["Metadata"] = json::object{{"owner", "alice"}};
  auto response =
      RestXmlCodec().EncodeOutput(S3(), *S3().FindOperation("HeadObject"), std::move(output), "r");
  EXPECT_EQ(response.headers.GetOr("Content-Length"), "5");
  EXPECT_EQ(response.headers.GetOr("ETag"), "\"e\"");
  EXPECT_EQ(response.headers.GetOr("Last-Modified"), "Tue, 02 Jan 2024 03:04:05 GMT");
  EXPECT_EQ(response.headers.GetOr("x-amz-meta-owner"), "alice");
  EXPECT_TRUE(response.body.empty());
}

TEST(RestXmlTest, DecodesCompleteMultipartUploadPayload) {
  auto input = Decode(Request("POST", "/bucket/big%2Efile?uploadId=abc%3D"),
                      "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                      "<Part><ETag>\"e1\"</ETag><PartNumber>1</PartNumber></Part>"
                      "<Part><ETag>\"e2\"</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["Key"], "big.file");
  EXPECT_EQ((*input)["UploadId"], "abc=");
  EXPECT_EQ(json::serialize((*input)["MultipartUpload"]),
            R"({"Parts":[{"ETag":"\"e1\"","PartNumber":1},{"ETag":"\"e2\"","PartNumber":2}]})");
  auto bad =
      Decode(Request("POST", "/bucket/k?uploadId=u"),
             "<CompleteMultipartUpload><Part><PartNumber>one</PartNumber></Part></CompleteMultipartUpload>");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "MalformedXML");
}

TEST(RestXmlTest, DecodesCreateBucketConfiguration) {
  auto input = Decode(Request("PUT", "/new-bucket"),
                      "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                      "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
  ASSERT_TRUE(input.ok()) << input.error().message;
  EXPECT_EQ((*input)["Bucket"], "new-bucket");
  EXPECT_EQ(json::serialize((*input)["CreateBucketConfiguration"]), R"({"LocationConstraint":"eu-west-1"})");
  auto empty = Decode(Request("PUT", "/new-bucket"), "");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_FALSE(empty->contains("CreateBucketConfiguration"));
}

class FixedSource final : public net::BodySource {
 public:
  explicit FixedSource(std::string data) : data_(std::move(data)) {}
  uint64_t Size() const override { return data_.size(); }
  core::Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, data_.size() - offset_);
    data_.copy(buffer, n, offset_);
    offset_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t offset_ = 0;
};

TEST(RestXmlTest, StreamingGetObjectKeepsHeaderMembers) {
  net::Output output;
  output.json["ContentType"] = "text/plain";
  output.json["ETag"] = "\"abc\"";
  output.json["Metadata"] = json::object{{"k", "v"}};
  output.body = std::make_unique<FixedSource>("hello");
  auto response = RestXmlCodec().EncodeOutput(S3(), *S3().FindOperation("GetObject"), std::move(output), "r");
  EXPECT_EQ(response.status, 200);
  ASSERT_NE(response.stream, nullptr);
  EXPECT_EQ(response.stream->Size(), 5u);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(response.headers.GetOr("Content-Type"), "text/plain");
  EXPECT_EQ(response.headers.GetOr("ETag"), "\"abc\"");
  EXPECT_EQ(response.headers.GetOr("x-amz-meta-k"), "v");
}

TEST(RestXmlTest, ErrorXmlHasS3Shape) {
  core::AwsError error("NoSuchKey", "The specified key does not exist.", 404);
  error.extra["Key"] = "a.txt";
  auto response = RestXmlCodec().EncodeError(S3(), error, "req-err");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.GetOr("x-amz-request-id"), "req-err");
  EXPECT_EQ(response.headers.GetOr("Content-Type"), "application/xml");
  const std::string& body = response.body;
  EXPECT_EQ(body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                       "<Message>The specified key does not exist.</Message><Key>a.txt</Key>"
                       "<RequestId>req-err</RequestId><HostId>",
                       0),
            0u)
      << body;
  EXPECT_EQ(body.substr(body.size() - 17), "</HostId></Error>");
}

}  // namespace
}  // namespace tarn::protocol
