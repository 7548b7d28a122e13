// S3 handlers called directly (no HTTP) over a temporary data directory: key → file safety,
// object round trips, overwrite cleanup, listings, multipart rules and the in-process API.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "s3/checksums.h"
#include "s3/object_store.h"
#include "s3/s3.h"
#include "unit/storage/storage_test_util.h"

namespace tarn::s3 {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using storage::test_util::CopyFreshDatabase;
using storage::test_util::TempDir;

std::string ReadAll(net::BodySource& source) {
  std::string out(source.Size(), '\0');
  size_t at = 0;
  while (at < out.size()) {
    auto n = source.Read(out.data() + at, out.size() - at);
    if (!n.ok() || *n == 0) break;
    at += *n;
  }
  return out;
}

size_t CountFiles(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file()) ++n;
  return n;
}

class S3ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyFreshDatabase(dir_.path() + "/db");
    storage::RocksOptions options;
    options.path = dir_.path() + "/db";
    options.durability = storage::Durability::kRelaxed;
    auto rocks = storage::Rocks::Open(options);
    ASSERT_TRUE(rocks.ok()) << rocks.error().message;
    rocks_ = std::move(*rocks);
    auto service = Service::Create(*rocks_, clock_, dir_.path());
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(*service);
    service_->RegisterOperations(registry_);
    service_->Subscribe([this](const ObjectEvent& e) { events_.push_back(e.event_name + " " + e.key); });
    Ok("CreateBucket", R"({"Bucket": "data"})");
  }
  void TearDown() override {
    service_.reset();
    rocks_.reset();
  }

  core::Result<net::Output> Run(std::string_view operation, json::object in, std::string body = "",
                                const net::PayloadIntegrity* payload = nullptr) {
    net::RequestContext context;
    context.operation = std::string(operation);
    const net::Operation* op = registry_.Find("s3", operation);
    EXPECT_NE(op, nullptr) << operation;
    net::StringBodyReader reader(std::move(body));
    return op->handler(net::Call{context, in, &reader, payload});
  }
  core::Result<net::Output> Run(std::string_view operation, std::string_view input, std::string body = "") {
    return Run(operation, json::parse(input).as_object(), std::move(body));
  }
  json::object Ok(std::string_view operation, std::string_view input, std::string body = "") {
    auto r = Run(operation, input, std::move(body));
    EXPECT_TRUE(r.ok()) << operation << ": " << r.error().code << ": " << r.error().message;
    return r.ok() ? r->json : json::object();
  }
  std::string Err(std::string_view operation, std::string_view input, std::string body = "") {
    auto r = Run(operation, input, std::move(body));
    return r.ok() ? "ok" : r.error().code;
  }
  void Put(std::string_view key, std::string body) {
    json::object in{{"Bucket", "data"}, {"Key", key}};
    auto r = Run("PutObject", in, std::move(body));
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  std::string Get(std::string_view key) {
    json::object in{{"Bucket", "data"}, {"Key", key}};
    auto r = Run("GetObject", in);
    if (!r.ok()) return "!" + r.error().code;
    return ReadAll(*r->body);
  }

  TempDir dir_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Rocks> rocks_;
  std::unique_ptr<Service> service_;
  net::Registry registry_;
  std::vector<std::string> events_;
};

TEST_F(S3ServiceTest, HostileKeysStayInsideTheBucketDirectory) {
  const std::string objects = dir_.path() + "/objects/data/";
  const std::string nul("nul\0key", 7);
  for (std::string key : std::vector<std::string>{"../../../escape", "/etc/passwd", "a/../../b", "./.", "..",
                                                  "a//b", "a/b", "a/b/c", nul, std::string(1024, 'k')}) {
    Put(key, "body of " + key);
  }
  EXPECT_FALSE(fs::exists(dir_.path() + "/escape"));
  EXPECT_FALSE(fs::exists(dir_.path() + "/../escape"));
  auto files = service_->ListLocalFiles("data", "");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 10u);
  for (const LocalObject& f : *files) {
    EXPECT_TRUE(f.path.starts_with(objects)) << f.path;
    EXPECT_EQ(f.path.find(".."), std::string::npos) << f.path;
    EXPECT_EQ(Get(f.key), "body of " + f.key);
  }
  // "a/b" is an object and also the "directory" of "a/b/c": both readable.
  EXPECT_EQ(Get("a/b"), "body of a/b");
  EXPECT_EQ(Get("a/b/c"), "body of a/b/c");
  EXPECT_EQ(
      Err("PutObject", json::serialize(json::object{{"Bucket", "data"}, {"Key", std::string(1025, 'k')}})),
      "KeyTooLongError");
}

TEST_F(S3ServiceTest, OverwriteAndDeleteLeaveNoFilesBehind) {
  const std::string big(kInlineObjectBytes + 1, 'b');
  Put("k", "one");  // inline
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 0u);
  Put("k", big);        // a blob replaces an inline object
  Put("k", big + "2");  // and another blob
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 1u);
  EXPECT_EQ(Get("k"), big + "2");
  Put("k", "three");  // inline again: the blob goes
  EXPECT_EQ(Get("k"), "three");
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 0u);
  Put("k", big);
  EXPECT_EQ(CountFiles(dir_.path() + "/tmp"), 0u);
  Ok("DeleteObject", R"({"Bucket": "data", "Key": "k"})");
  Ok("DeleteObject", R"({"Bucket": "data", "Key": "k"})");  // idempotent
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 0u);
  EXPECT_EQ(Get("k"), "!NoSuchKey");
  EXPECT_EQ(
      (std::vector<std::string>{"ObjectCreated:Put k", "ObjectCreated:Put k", "ObjectCreated:Put k",
                                "ObjectCreated:Put k", "ObjectCreated:Put k", "ObjectRemoved:Delete k"}),
      events_);
}

// A body whose length is not declared (chunked transfer encoding), handed out in small pieces.
class UndeclaredBodyReader final : public net::BodyReader {
 public:
  explicit UndeclaredBodyReader(std::string body) : body_(std::move(body)) {}
  core::Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min({size, body_.size() - pos_, size_t{1000}});
    std::memcpy(buffer, body_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::optional<uint64_t> DeclaredLength() const override { return std::nullopt; }

 private:
  std::string body_;
  size_t pos_ = 0;
};

// Objects up to kInlineObjectBytes live in their record: no file, until a reader needs a path.
TEST_F(S3ServiceTest, SmallObjectsAreStoredInlineAndMaterializedForLocalReaders) {
  const std::string objects = dir_.path() + "/objects";
  const std::string at_limit(kInlineObjectBytes, 'x');
  Put("at-limit", at_limit);
  Put("empty", "");
  Put("small", "0123456789");
  EXPECT_EQ(CountFiles(objects), 0u);
  Put("over", at_limit + "y");
  EXPECT_EQ(CountFiles(objects), 1u);
  EXPECT_EQ(Get("at-limit"), at_limit);
  EXPECT_EQ(Get("empty"), "");
  EXPECT_EQ(Get("over"), at_limit + "y");
  // Undeclared lengths: one that fits stays inline, one that outgrows the limit spills to a blob.
  for (const std::string& body : {std::string(5000, 'u'), std::string(kInlineObjectBytes + 5000, 'v')}) {
    UndeclaredBodyReader reader(body);
    net::RequestContext context;
    json::object in{{"Bucket", "data"}, {"Key", "undeclared-" + std::to_string(body.size())}};
    auto put = registry_.Find("s3", "PutObject")->handler(net::Call{context, in, &reader, nullptr});
    ASSERT_TRUE(put.ok()) << put.error().message;
    EXPECT_EQ(put->json["ETag"], json::value("\"" + core::HexEncode(core::Md5(body)) + "\""));
    EXPECT_EQ(Get("undeclared-" + std::to_string(body.size())), body);
  }
  EXPECT_EQ(CountFiles(objects), 2u);

  auto range = Ok("GetObject", R"({"Bucket": "data", "Key": "small", "Range": "bytes=2-4"})");
  EXPECT_EQ(range["ContentRange"], "bytes 2-4/10");
  auto ranged = Run("GetObject", R"({"Bucket": "data", "Key": "small", "Range": "bytes=-3"})");
  ASSERT_TRUE(ranged.ok());
  EXPECT_EQ(ReadAll(*ranged->body), "789");
  auto head = Ok("HeadObject", R"({"Bucket": "data", "Key": "small"})");
  EXPECT_EQ(head["ContentLength"], 10);
  auto listed = Ok("ListObjectsV2", R"({"Bucket": "data"})");
  EXPECT_EQ(listed["KeyCount"], 6);

  // A copy of an inline object is inline too, with a checksum of its bytes when asked for one.
  auto copy =
      Ok("CopyObject",
         R"({"Bucket": "data", "Key": "copy", "CopySource": "data/small", "ChecksumAlgorithm": "SHA256"})");
  EXPECT_EQ(copy["CopyObjectResult"].as_object()["ChecksumSHA256"],
            json::value(ChecksumOf(ChecksumAlgorithm::kSha256, "0123456789")));
  EXPECT_EQ(Get("copy"), "0123456789");
  EXPECT_EQ(CountFiles(objects), 2u);

  // ListLocalFiles gives every object a file; an inline one keeps the blob it got.
  auto files = service_->ListLocalFiles("data", "");
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->size(), 7u);
  for (const LocalObject& f : *files) {
    ASSERT_TRUE(f.path.starts_with(objects)) << f.path;
    std::ifstream in(f.path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes, Get(f.key)) << f.key;
    EXPECT_EQ(bytes.size(), f.size) << f.key;
  }
  EXPECT_EQ(CountFiles(objects), 7u);
  auto again = service_->ListLocalFiles("data", "small");
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().path, (*files)[4].path);  // at-limit, copy, empty, over, small, ...
  EXPECT_EQ(CountFiles(objects), 7u);
  EXPECT_EQ(Get("small"), "0123456789");
  // Overwriting a materialized object with a small one makes it inline again and drops the file.
  Put("small", "new");
  EXPECT_EQ(CountFiles(objects), 6u);
  EXPECT_EQ(Get("small"), "new");
}

TEST_F(S3ServiceTest, PutObjectVerifiesDigestsBeforeCommitting) {
  std::string md5 = core::Base64Encode(core::Md5("hello"));
  auto ok = Ok("PutObject", R"({"Bucket": "data", "Key": "h", "ContentMD5": ")" + md5 + R"("})", "hello");
  EXPECT_EQ(ok["ETag"], "\"5d41402abc4b2a76b9719d911017c592\"");
  EXPECT_EQ(Err("PutObject", R"({"Bucket": "data", "Key": "h", "ContentMD5": ")" + md5 + R"("})", "HELLO"),
            "BadDigest");
  EXPECT_EQ(Err("PutObject", R"({"Bucket": "data", "Key": "h", "ContentMD5": "nope"})", "x"),
            "InvalidDigest");
  EXPECT_EQ(Err("PutObject", R"({"Bucket": "data", "Key": "h", "ChecksumCRC32": "AAAAAA=="})", "x"),
            "BadDigest");
  EXPECT_EQ(Get("h"), "hello");
  EXPECT_EQ(CountFiles(dir_.path() + "/tmp"), 0u);
  auto crc = Ok("PutObject", R"({"Bucket": "data", "Key": "c", "ChecksumAlgorithm": "CRC32"})", "123456789");
  EXPECT_EQ(crc["ChecksumCRC32"], json::value(core::Base64Encode("\xCB\xF4\x39\x26")));
  auto head = Ok("HeadObject", R"({"Bucket": "data", "Key": "c", "ChecksumMode": "ENABLED"})");
  EXPECT_EQ(head["ChecksumCRC32"], crc["ChecksumCRC32"]);
  EXPECT_FALSE(Ok("HeadObject", R"({"Bucket": "data", "Key": "c"})").contains("ChecksumCRC32"));
}

TEST_F(S3ServiceTest, RangesAndMetadata) {
  auto put = Run("PutObject",
                 json::parse(R"({"Bucket": "data", "Key": "r", "ContentType": "text/plain",
                     "Metadata": {"owner": "alice"}})")
                     .as_object(),
                 "0123456789");
  ASSERT_TRUE(put.ok());
  auto r = Run("GetObject", R"({"Bucket": "data", "Key": "r", "Range": "bytes=2-4"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->http_status, 206);
  EXPECT_EQ(r->json["ContentRange"], "bytes 2-4/10");
  EXPECT_EQ(ReadAll(*r->body), "234");
  EXPECT_EQ(r->json["ContentType"], "text/plain");
  EXPECT_EQ(json::serialize(r->json["Metadata"]), R"({"owner":"alice"})");
  EXPECT_EQ(Err("GetObject", R"({"Bucket": "data", "Key": "r", "Range": "bytes=10-"})"), "InvalidRange");
  auto over = Ok("HeadObject", R"({"Bucket": "data", "Key": "r", "ResponseContentType": "a/b"})");
  EXPECT_EQ(over["ContentType"], "a/b");
  // Not modified: a 304 that still names the object, and no body.
  for (std::string_view op : {"GetObject", "HeadObject"}) {
    auto not_modified = Run(op, R"({"Bucket": "data", "Key": "r", "IfNoneMatch": "*"})");
    ASSERT_TRUE(not_modified.ok()) << op;
    EXPECT_EQ(not_modified->http_status, 304);
    EXPECT_EQ(not_modified->json["ETag"], r->json["ETag"]);
    EXPECT_EQ(not_modified->json["LastModified"], r->json["LastModified"]);
    EXPECT_FALSE(not_modified->json.contains("ContentLength"));
    EXPECT_EQ(not_modified->body, nullptr);
  }
  EXPECT_EQ(Err("GetObject", R"({"Bucket": "nope", "Key": "r"})"), "NoSuchBucket");
}

TEST_F(S3ServiceTest, BucketsAndListing) {
  EXPECT_EQ(Err("CreateBucket", R"({"Bucket": "Bad_Name"})"), "InvalidBucketName");
  EXPECT_EQ(Err("CreateBucket", R"({"Bucket": "data"})"), "ok");  // us-east-1: S3's legacy 200
  Put("x/1", "a");
  Put("x/2", "b");
  Put("y", "c");
  auto list = Ok("ListObjectsV2", R"({"Bucket": "data", "Delimiter": "/", "MaxKeys": 1})");
  EXPECT_EQ(list["KeyCount"], 1);
  EXPECT_EQ(list["IsTruncated"], true);
  auto next = Ok("ListObjectsV2", R"({"Bucket": "data", "Delimiter": "/", "ContinuationToken": ")" +
                                      std::string(list["NextContinuationToken"].as_string()) + R"("})");
  EXPECT_EQ(json::serialize(next["Contents"]).find("\"Key\":\"y\"") != std::string::npos, true);
  EXPECT_EQ(Err("ListObjectsV2", R"({"Bucket": "data", "ContinuationToken": "!!"})"), "InvalidArgument");
  EXPECT_EQ(Err("DeleteBucket", R"({"Bucket": "data"})"), "BucketNotEmpty");
  auto files = service_->ListLocalFiles("data", "x/");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files->size(), 2u);
}

TEST_F(S3ServiceTest, MultipartRules) {
  auto created = Ok("CreateMultipartUpload", R"({"Bucket": "data", "Key": "big"})");
  std::string id(created["UploadId"].as_string());
  std::string part1(5 * 1024 * 1024, 'a'), small = "tail";
  auto p1 = Ok("UploadPart",
               R"({"Bucket": "data", "Key": "big", "PartNumber": 1, "UploadId": ")" + id + "\"}", part1);
  auto p2 = Ok("UploadPart",
               R"({"Bucket": "data", "Key": "big", "PartNumber": 2, "UploadId": ")" + id + "\"}", small);
  EXPECT_EQ(
      Err("UploadPart", R"({"Bucket": "data", "Key": "big", "PartNumber": 0, "UploadId": ")" + id + "\"}"),
      "InvalidArgument");
  EXPECT_EQ(Err("UploadPart", R"({"Bucket": "data", "Key": "big", "PartNumber": 1, "UploadId": "nope"})"),
            "NoSuchUpload");
  auto complete = [&](std::string parts) {
    return Err("CompleteMultipartUpload", R"({"Bucket": "data", "Key": "big", "UploadId": ")" + id +
                                              R"(", "MultipartUpload": {"Parts": [)" + parts + "]}}");
  };
  std::string e1 = json::serialize(p1["ETag"]), e2 = json::serialize(p2["ETag"]);
  EXPECT_EQ(complete(R"({"PartNumber": 2, "ETag": )" + e2 + R"(}, {"PartNumber": 1, "ETag": )" + e1 + "}"),
            "InvalidPartOrder");
  EXPECT_EQ(complete(R"({"PartNumber": 1, "ETag": "\"0000\""})"), "InvalidPart");
  EXPECT_EQ(complete(R"({"PartNumber": 2, "ETag": )" + e2 + R"(}, {"PartNumber": 3, "ETag": )" + e2 + "}"),
            "InvalidPart");
  // Part 2 (4 bytes) may only be last.
  auto listed = Ok("ListParts", R"({"Bucket": "data", "Key": "big", "UploadId": ")" + id + "\"}");
  EXPECT_EQ(listed["Parts"].as_array().size(), 2u);
  EXPECT_EQ(complete(R"({"PartNumber": 1, "ETag": )" + e1 + R"(}, {"PartNumber": 2, "ETag": )" + e2 + "}"),
            "ok");
  auto head = Ok("HeadObject", R"({"Bucket": "data", "Key": "big"})");
  std::string expected = "\"" + core::HexEncode(core::Md5(core::Md5(part1) + core::Md5(small))) + "-2\"";
  EXPECT_EQ(head["ETag"], json::value(expected));
  EXPECT_EQ(head["ContentLength"], part1.size() + small.size());
  EXPECT_EQ(Err("AbortMultipartUpload", R"({"Bucket": "data", "Key": "big", "UploadId": ")" + id + "\"}"),
            "NoSuchUpload");
  // Only the object's blob is left: the parts went with the upload.
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 1u);

  auto tiny = Ok("CreateMultipartUpload", R"({"Bucket": "data", "Key": "tiny"})");
  std::string tid(tiny["UploadId"].as_string());
  auto t1 = Ok("UploadPart",
               R"({"Bucket": "data", "Key": "tiny", "PartNumber": 1, "UploadId": ")" + tid + "\"}", "x");
  auto t2 = Ok("UploadPart",
               R"({"Bucket": "data", "Key": "tiny", "PartNumber": 2, "UploadId": ")" + tid + "\"}", "y");
  EXPECT_EQ(
      Err("CompleteMultipartUpload", R"({"Bucket": "data", "Key": "tiny", "UploadId": ")" + tid +
                                         R"(", "MultipartUpload": {"Parts": [{"PartNumber": 1, "ETag": )" +
                                         json::serialize(t1["ETag"]) + R"(}, {"PartNumber": 2, "ETag": )" +
                                         json::serialize(t2["ETag"]) + "}]}}"),
      "EntityTooSmall");
  auto uploads = Ok("ListMultipartUploads", R"({"Bucket": "data"})");
  EXPECT_EQ(uploads["Uploads"].as_array().size(), 1u);
  Ok("AbortMultipartUpload", R"({"Bucket": "data", "Key": "tiny", "UploadId": ")" + tid + "\"}");
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 1u);
}

TEST_F(S3ServiceTest, CopyObjectDirectives) {
  auto put = Run("PutObject",
                 json::parse(R"({"Bucket": "data", "Key": "src", "ContentType": "text/csv",
                     "Metadata": {"m": "1"}})")
                     .as_object(),
                 "a,b\n");
  ASSERT_TRUE(put.ok());
  Ok("CopyObject", R"({"Bucket": "data", "Key": "dst", "CopySource": "data/src"})");
  auto copied = Ok("HeadObject", R"({"Bucket": "data", "Key": "dst"})");
  EXPECT_EQ(copied["ContentType"], "text/csv");
  EXPECT_EQ(copied["ETag"], put->json["ETag"]);
  Ok("CopyObject",
     R"({"Bucket": "data", "Key": "dst", "CopySource": "/data/src", "MetadataDirective": "REPLACE",
      "ContentType": "text/plain"})");
  auto replaced = Ok("HeadObject", R"({"Bucket": "data", "Key": "dst"})");
  EXPECT_EQ(replaced["ContentType"], "text/plain");
  EXPECT_FALSE(replaced.contains("Metadata"));
  EXPECT_EQ(Get("dst"), "a,b\n");
  EXPECT_EQ(Err("CopyObject", R"({"Bucket": "data", "Key": "src", "CopySource": "data/src"})"),
            "InvalidRequest");
  EXPECT_EQ(Err("CopyObject", R"({"Bucket": "data", "Key": "x", "CopySource": "data/none"})"), "NoSuchKey");
  EXPECT_EQ(Err("CopyObject", R"({"Bucket": "data", "Key": "x", "CopySource": "data/src",
      "CopySourceIfMatch": "\"0\""})"),
            "PreconditionFailed");
  // Deleting the source leaves the copy intact (its own link to the bytes).
  Ok("DeleteObject", R"({"Bucket": "data", "Key": "src"})");
  EXPECT_EQ(Get("dst"), "a,b\n");
}

TEST_F(S3ServiceTest, PutObjectFromFile) {
  std::string local = dir_.path() + "/local.json";
  std::ofstream(local) << "{\"a\": 1}\n";
  auto etag = service_->PutObjectFromFile("data", "staging/x.json", local, "application/json");
  ASSERT_TRUE(etag.ok()) << etag.error().message;
  EXPECT_EQ(Get("staging/x.json"), "{\"a\": 1}\n");
  EXPECT_EQ(events_.back(), "ObjectCreated:Put staging/x.json");
  EXPECT_FALSE(service_->PutObjectFromFile("nope", "k", local).ok());
}

TEST_F(S3ServiceTest, UploadPartCopyRanges) {
  Put("src", "0123456789");
  auto created = Ok("CreateMultipartUpload", R"({"Bucket": "data", "Key": "dst"})");
  std::string id(created["UploadId"].as_string());
  std::string base =
      R"({"Bucket": "data", "Key": "dst", "PartNumber": 1, "CopySource": "data/src", "UploadId": ")" + id +
      "\"";
  auto part = Ok("UploadPartCopy", base + R"(, "CopySourceRange": "bytes=2-5"})");
  EXPECT_EQ(part["CopyPartResult"].as_object()["ETag"],
            json::value("\"" + core::HexEncode(core::Md5("2345")) + "\""));
  for (const char* bad : {"bytes=x-1", "bytes=3-2", "2-5", "bytes=-5", "bytes=1-"})
    EXPECT_EQ(Err("UploadPartCopy", base + R"(, "CopySourceRange": ")" + bad + "\"}"), "InvalidArgument")
        << bad;
  // Well-formed but ending past the end of the source, or starting there.
  EXPECT_EQ(Err("UploadPartCopy", base + R"(, "CopySourceRange": "bytes=5-10"})"), "InvalidArgument");
  EXPECT_EQ(Err("UploadPartCopy", base + R"(, "CopySourceRange": "bytes=10-20"})"), "InvalidRequest");
  EXPECT_EQ(
      Err("UploadPartCopy", R"({"Bucket": "data", "Key": "dst", "PartNumber": 1, "CopySource": "data/none",
      "UploadId": ")" + id + "\"}"),
      "NoSuchKey");
  Ok("CompleteMultipartUpload", R"({"Bucket": "data", "Key": "dst", "UploadId": ")" + id +
                                    R"(", "MultipartUpload": {"Parts": [{"PartNumber": 1, "ETag": )" +
                                    json::serialize(part["CopyPartResult"].as_object()["ETag"]) + "}]}}");
  EXPECT_EQ(Get("dst"), "2345");
}

TEST_F(S3ServiceTest, BucketTagging) {
  EXPECT_EQ(Err("GetBucketTagging", R"({"Bucket": "data"})"), "NoSuchTagSet");
  Ok("PutBucketTagging", R"({"Bucket": "data", "Tagging": {"TagSet": [{"Key": "a", "Value": "b"}]}})");
  auto got = Ok("GetBucketTagging", R"({"Bucket": "data"})");
  EXPECT_EQ(json::serialize(got["TagSet"]), R"([{"Key":"a","Value":"b"}])");
  EXPECT_EQ(Err("PutBucketTagging", R"({"Bucket": "data", "Tagging": {"TagSet": [{"Key": "a", "Value": "b"},
      {"Key": "a", "Value": "c"}]}})"),
            "InvalidTag");
  Ok("DeleteBucketTagging", R"({"Bucket": "data"})");
  EXPECT_EQ(Err("GetBucketTagging", R"({"Bucket": "data"})"), "NoSuchTagSet");
  EXPECT_EQ(Err("PutBucketTagging", R"({"Bucket": "nope", "Tagging": {"TagSet": []}})"), "NoSuchBucket");
}

TEST_F(S3ServiceTest, StartUpRemovesTempLeftoversOfInterruptedUploads) {
  std::ofstream(dir_.path() + "/tmp/s3-interrupted") << "partial";
  std::ofstream(dir_.path() + "/tmp/not-ours") << "keep";
  auto again = Service::Create(*rocks_, clock_, dir_.path());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(fs::exists(dir_.path() + "/tmp/s3-interrupted"));
  EXPECT_TRUE(fs::exists(dir_.path() + "/tmp/not-ours"));
}

TEST_F(S3ServiceTest, StartUpSweepsUnreferencedBlobsOnly) {
  const std::string kept(kInlineObjectBytes + 1, 'k');  // a blob, not inline
  Put("kept", kept);
  Put("inline", "bytes");
  auto upload = Ok("CreateMultipartUpload", R"({"Bucket": "data", "Key": "pending"})");
  std::string id(upload["UploadId"].as_string());
  Ok("UploadPart", R"({"Bucket": "data", "Key": "pending", "PartNumber": 1, "UploadId": ")" + id + "\"}",
     "p1");
  ASSERT_EQ(CountFiles(dir_.path() + "/objects"), 2u);
  // A blob renamed into place whose metadata never committed (kill -9 between the two), and the
  // directory of a bucket whose DeleteBucket died after the record went.
  fs::create_directories(dir_.path() + "/objects/data/ff");
  std::ofstream(dir_.path() + "/objects/data/ff/ff00000000000000000000000000000f") << "orphan";
  fs::create_directories(dir_.path() + "/objects/gone/aa");
  std::ofstream(dir_.path() + "/objects/gone/aa/aa000000000000000000000000000000") << "orphan";
  auto again = Service::Create(*rocks_, clock_, dir_.path());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(fs::exists(dir_.path() + "/objects/data/ff/ff00000000000000000000000000000f"));
  EXPECT_FALSE(fs::exists(dir_.path() + "/objects/gone"));
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 2u);  // the object and the pending part
  EXPECT_EQ(Get("kept"), kept);
  EXPECT_EQ(Get("inline"), "bytes");
  auto parts = Ok("ListParts", R"({"Bucket": "data", "Key": "pending", "UploadId": ")" + id + "\"}");
  EXPECT_EQ(parts["Parts"].as_array().size(), 1u);
}

// A versioned bucket keeps every version's bytes until that version is deleted, and the start-up
// sweep keeps the blobs noncurrent versions name.
TEST_F(S3ServiceTest, VersionsKeepTheirBlobsUntilDeleted) {
  auto set_versioning = [&](std::string status) {
    std::string body = "<VersioningConfiguration><Status>" + status + "</Status></VersioningConfiguration>";
    net::PayloadIntegrity payload{body, {{"content-md5", core::Base64Encode(core::Md5(body))}}};
    json::object in{{"Bucket", "data"}, {"VersioningConfiguration", json::object{{"Status", status}}}};
    auto r = Run("PutBucketVersioning", in, "", &payload);
    ASSERT_TRUE(r.ok()) << r.error().message;
  };
  auto put = [&](std::string body) {
    auto r = Run("PutObject", json::object{{"Bucket", "data"}, {"Key", "k"}}, std::move(body));
    EXPECT_TRUE(r.ok());
    return r.ok() && r->json.contains("VersionId") ? std::string(r->json["VersionId"].as_string()) : "";
  };
  auto get = [&](std::string version) {
    auto r = Run("GetObject", json::object{{"Bucket", "data"}, {"Key", "k"}, {"VersionId", version}});
    return r.ok() ? ReadAll(*r->body) : "!" + r.error().code;
  };
  const std::string big1(kInlineObjectBytes + 1, '1'), big2(kInlineObjectBytes + 1, '2');
  put(big1);  // written unversioned: the null version
  set_versioning("Enabled");
  std::string v2 = put(big2);
  std::string v3 = put("small");
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 2u);
  auto again = Service::Create(*rocks_, clock_, dir_.path());  // the sweep at start-up
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 2u);
  EXPECT_EQ(get("null"), big1);
  EXPECT_EQ(get(v2), big2);
  EXPECT_EQ(get(v3), "small");
  auto marker = Ok("DeleteObject", R"({"Bucket": "data", "Key": "k"})");
  EXPECT_EQ(marker["DeleteMarker"], true);
  EXPECT_EQ(Get("k"), "!NoSuchKey");
  EXPECT_EQ(get(std::string(marker["VersionId"].as_string())), "!MethodNotAllowed");
  Ok("DeleteObject", json::serialize(json::object{{"Bucket", "data"}, {"Key", "k"}, {"VersionId", v2}}));
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 1u);
  EXPECT_EQ(get(v2), "!NoSuchVersion");
  // Suspended: a write replaces the null version, whose blob goes.
  set_versioning("Suspended");
  Ok("DeleteObject",
     json::serialize(json::object{{"Bucket", "data"}, {"Key", "k"}, {"VersionId", marker["VersionId"]}}));
  EXPECT_EQ(Get("k"), "small");  // the marker gone, the newest version is current again
  put("suspended");
  EXPECT_EQ(CountFiles(dir_.path() + "/objects"), 0u);
  EXPECT_EQ(get("null"), "suspended");
  EXPECT_EQ(get(v3), "small");
  EXPECT_EQ(Err("DeleteBucket", R"({"Bucket": "data"})"), "BucketNotEmpty");
  for (std::string version : {std::string("null"), v3})
    Ok("DeleteObject",
       json::serialize(json::object{{"Bucket", "data"}, {"Key", "k"}, {"VersionId", version}}));
  Ok("DeleteBucket", R"({"Bucket": "data"})");
}

TEST_F(S3ServiceTest, DeleteObjectsRequiresAMatchingIntegrityHeader) {
  Put("a", "1");
  std::string body = "<Delete><Object><Key>a</Key></Object></Delete>";
  std::string input = R"({"Bucket": "data", "Delete": {"Objects": [{"Key": "a"}]}})";
  auto run = [&](std::vector<std::pair<std::string, std::string>> headers) {
    net::PayloadIntegrity payload{body, std::move(headers)};
    auto r = Run("DeleteObjects", json::parse(input).as_object(), "", &payload);
    return r.ok() ? std::string("ok") : r.error().code + ": " + r.error().message;
  };
  EXPECT_EQ(run({}),
            "InvalidRequest: Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
  EXPECT_EQ(Err("DeleteObjects", input), "InvalidRequest");  // no payload at all
  EXPECT_EQ(run({{"content-md5", "bm90IGFuIG1kNQ=="}}).substr(0, 13), "InvalidDigest");
  EXPECT_EQ(run({{"content-md5", "%%%"}}).substr(0, 13), "InvalidDigest");
  EXPECT_EQ(run({{"content-md5", core::Base64Encode(core::Md5("other"))}}).substr(0, 9), "BadDigest");
  EXPECT_EQ(run({{"x-amz-checksum-crc32", "AAAAAA=="}}).substr(0, 9), "BadDigest");
  EXPECT_EQ(run({{"x-amz-checksum-mode", "ENABLED"}}).substr(0, 14), "InvalidRequest");
  EXPECT_EQ(Get("a"), "1");
  EXPECT_EQ(run({{"x-amz-checksum-crc64nvme", ChecksumOf(ChecksumAlgorithm::kCrc64Nvme, body)}}), "ok");
  EXPECT_EQ(Get("a"), "!NoSuchKey");
  EXPECT_EQ(run({{"content-md5", core::Base64Encode(core::Md5(body))}}), "ok");
}

TEST_F(S3ServiceTest, MultipartChecksumsAndPartNumbers) {
  std::string part1(5 * 1024 * 1024, 'a'), part2 = "tail";
  auto upload = [&](std::string key, std::string extra) {
    auto created = Ok("CreateMultipartUpload", R"({"Bucket": "data", "Key": ")" + key + "\"" + extra + "}");
    return std::string(created["UploadId"].as_string());
  };
  auto part = [&](std::string key, std::string id, int n, std::string body, std::string extra) {
    return Run("UploadPart",
               json::parse(R"({"Bucket": "data", "Key": ")" + key + R"(", "PartNumber": )" +
                           std::to_string(n) + R"(, "UploadId": ")" + id + "\"" + extra + "}")
                   .as_object(),
               body);
  };
  std::string c1 = ChecksumOf(ChecksumAlgorithm::kSha256, part1),
              c2 = ChecksumOf(ChecksumAlgorithm::kSha256, part2);
  // COMPOSITE (SHA256's only type): each part must bring its checksum of that algorithm.
  std::string id = upload("comp", R"(, "ChecksumAlgorithm": "SHA256")");
  auto missing = part("comp", id, 1, part1, "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null");
  auto other = part("comp", id, 1, part1,
                    R"(, "ChecksumCRC32": ")" + ChecksumOf(ChecksumAlgorithm::kCrc32, part1) + "\"");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "InvalidRequest");
  auto bad = part("comp", id, 1, part1, R"(, "ChecksumSHA256": ")" + c2 + "\"");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "BadDigest");
  auto p1 = part("comp", id, 1, part1, R"(, "ChecksumSHA256": ")" + c1 + "\"");
  auto p2 = part("comp", id, 2, part2, R"(, "ChecksumSHA256": ")" + c2 + "\"");
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(p1->json["ChecksumSHA256"], json::value(c1));
  auto listed = Ok("ListParts", R"({"Bucket": "data", "Key": "comp", "UploadId": ")" + id + "\"}");
  EXPECT_EQ(listed["Parts"].as_array()[1].as_object()["ChecksumSHA256"], json::value(c2));
  EXPECT_EQ(listed["ChecksumType"], "COMPOSITE");
  std::string e1 = json::serialize(p1->json["ETag"]), e2 = json::serialize(p2->json["ETag"]);
  auto complete = [&](std::string key, std::string uid, std::string parts) {
    return Run("CompleteMultipartUpload",
               json::parse(R"({"Bucket": "data", "Key": ")" + key + R"(", "UploadId": ")" + uid +
                           R"(", "MultipartUpload": {"Parts": [)" + parts + "]}}")
                   .as_object());
  };
  auto no_part_sums = complete(
      "comp", id, R"({"PartNumber": 1, "ETag": )" + e1 + R"(}, {"PartNumber": 2, "ETag": )" + e2 + "}");
  ASSERT_FALSE(no_part_sums.ok());
  EXPECT_EQ(no_part_sums.error().code, "InvalidRequest");
  auto wrong =
      complete("comp", id,
               R"({"PartNumber": 1, "ETag": )" + e1 + R"(, "ChecksumSHA256": ")" + c2 +
                   R"("}, {"PartNumber": 2, "ETag": )" + e2 + R"(, "ChecksumSHA256": ")" + c2 + "\"}");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "InvalidPart");
  auto done =
      complete("comp", id,
               R"({"PartNumber": 1, "ETag": )" + e1 + R"(, "ChecksumSHA256": ")" + c1 +
                   R"("}, {"PartNumber": 2, "ETag": )" + e2 + R"(, "ChecksumSHA256": ")" + c2 + "\"}");
  ASSERT_TRUE(done.ok()) << done.error().message;
  std::string composite = *CompositeChecksum(ChecksumAlgorithm::kSha256, {c1, c2});
  EXPECT_EQ(done->json["ChecksumSHA256"], json::value(composite));
  EXPECT_EQ(done->json["ChecksumType"], "COMPOSITE");
  auto head = Ok("HeadObject", R"({"Bucket": "data", "Key": "comp", "ChecksumMode": "ENABLED"})");
  EXPECT_EQ(head["ChecksumSHA256"], json::value(composite));
  EXPECT_FALSE(head.contains("PartsCount"));
  // partNumber: each part's bytes with 206, the count, and that part's own checksum.
  auto second =
      Run("GetObject",
          json::parse(R"({"Bucket": "data", "Key": "comp", "PartNumber": 2, "ChecksumMode": "ENABLED"})")
              .as_object());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->http_status, 206);
  EXPECT_EQ(second->json["PartsCount"], 2);
  EXPECT_EQ(second->json["ContentRange"], json::value("bytes 5242880-5242883/5242884"));
  EXPECT_EQ(second->json["ChecksumSHA256"], json::value(c2));
  EXPECT_EQ(ReadAll(*second->body), "tail");
  EXPECT_EQ(Err("HeadObject", R"({"Bucket": "data", "Key": "comp", "PartNumber": 3})"), "InvalidPartNumber");
  EXPECT_EQ(Err("GetObject", R"({"Bucket": "data", "Key": "comp", "PartNumber": 1, "Range": "bytes=0-1"})"),
            "InvalidRequest");
  Put("single", "whole");
  auto one =
      Run("GetObject", json::parse(R"({"Bucket": "data", "Key": "single", "PartNumber": 1})").as_object());
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(ReadAll(*one->body), "whole");
  EXPECT_FALSE(one->json.contains("PartsCount"));

  // FULL_OBJECT: CRC64NVME's default; parts may come without a checksum; the object's is over all bytes.
  EXPECT_EQ(
      Err("CreateMultipartUpload",
          R"({"Bucket": "data", "Key": "x", "ChecksumAlgorithm": "CRC64NVME", "ChecksumType": "COMPOSITE"})"),
      "InvalidRequest");
  EXPECT_EQ(
      Err("CreateMultipartUpload",
          R"({"Bucket": "data", "Key": "x", "ChecksumAlgorithm": "SHA1", "ChecksumType": "FULL_OBJECT"})"),
      "InvalidRequest");
  EXPECT_EQ(Err("CreateMultipartUpload", R"({"Bucket": "data", "Key": "x", "ChecksumType": "FULL_OBJECT"})"),
            "InvalidRequest");
  EXPECT_EQ(Err("CreateMultipartUpload", R"({"Bucket": "data", "Key": "x", "ChecksumAlgorithm": "CRC99"})"),
            "InvalidRequest");
  std::string fid = upload("full", R"(, "ChecksumAlgorithm": "CRC64NVME")");
  auto f1 = part("full", fid, 1, part1, "");
  auto f2 = part("full", fid, 2, part2, "");
  ASSERT_TRUE(f1.ok() && f2.ok());
  std::string whole = ChecksumOf(ChecksumAlgorithm::kCrc64Nvme, part1 + part2);
  std::string f_parts = R"({"PartNumber": 1, "ETag": )" + json::serialize(f1->json["ETag"]) +
                        R"(}, {"PartNumber": 2, "ETag": )" + json::serialize(f2->json["ETag"]) + "}";
  auto fbad = Run("CompleteMultipartUpload",
                  json::parse(R"({"Bucket": "data", "Key": "full", "UploadId": ")" + fid +
                              R"(", "ChecksumCRC64NVME": "AAAAAAAAAAA=", "MultipartUpload": {"Parts": [)" +
                              f_parts + "]}}")
                      .as_object());
  ASSERT_FALSE(fbad.ok());
  EXPECT_EQ(fbad.error().code, "BadDigest");
  auto fdone =
      Run("CompleteMultipartUpload", json::parse(R"({"Bucket": "data", "Key": "full", "UploadId": ")" + fid +
                                                 R"(", "ChecksumCRC64NVME": ")" + whole +
                                                 R"(", "MultipartUpload": {"Parts": [)" + f_parts + "]}}")
                                         .as_object());
  ASSERT_TRUE(fdone.ok()) << fdone.error().message;
  EXPECT_EQ(fdone->json["ChecksumCRC64NVME"], json::value(whole));
  EXPECT_EQ(fdone->json["ChecksumType"], "FULL_OBJECT");
  auto fhead = Ok("HeadObject", R"({"Bucket": "data", "Key": "full", "ChecksumMode": "ENABLED"})");
  EXPECT_EQ(fhead["ChecksumCRC64NVME"], json::value(whole));
  EXPECT_EQ(fhead["ChecksumType"], "FULL_OBJECT");
}

TEST(BucketNameTest, Rules) {
  for (std::string good :
       std::vector<std::string>{"abc", "my-bucket.data", "a1b", "123", std::string(63, 'a')})
    EXPECT_TRUE(ValidateBucketName(good).ok()) << good;
  for (std::string bad : {"ab", "ABC", "a_b", "-ab", "ab-", ".ab", "a..b", "a.-b", "192.168.1.1", "xn--abc",
                          "abc-s3alias", "_tarn", "a b", "sthree-x"})
    EXPECT_FALSE(ValidateBucketName(bad).ok()) << bad;
  EXPECT_FALSE(ValidateBucketName(std::string(64, 'a')).ok());
}

}  // namespace
}  // namespace tarn::s3
