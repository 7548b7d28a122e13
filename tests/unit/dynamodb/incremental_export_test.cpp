// Incremental exports (ExportTableToPointInTime with INCREMENTAL_EXPORT) through the handlers, with a fake
// clock — AWS's windows are at least 15 minutes long — and an in-memory object store standing in for S3:
// one record per item changed in [from, to) with its images at both ends, DynamoDB's files and manifests,
// and the window checks in DynamoDB's words (ack-api-quirks DDB-EXPORT-001/003/004/019).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <variant>

#include "core/gzip.h"
#include "core/time_format.h"
#include "unit/dynamodb/service_fixture.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;
using std::chrono::minutes;
using std::chrono::seconds;

class IncrementalExportTest : public test_util::DynamoDbServiceTest {
 protected:
  void SetUp() override {
    DynamoDbServiceTest::SetUp();
    Service::ObjectStore store;
    store.tmp_dir = dir_.path();
    store.put = [this](std::string_view bucket, std::string_view key,
                       const std::string& path) -> core::Result<std::string> {
      if (bucket != "lake") return core::AwsError("NoSuchBucket", "The specified bucket does not exist", 404);
      std::ifstream file(path, std::ios::binary);
      std::stringstream bytes;
      bytes << file.rdbuf();
      std::lock_guard lock(mu_);
      objects_[std::string(key)] = bytes.str();
      return std::string("\"etag\"");
    };
    service_->SetObjectStore(std::move(store));
    Ok("CreateTable", R"({"TableName":"marks","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
        "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"})");
    Ok("UpdateContinuousBackups",
       R"({"TableName":"marks","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  }
  double Now() const { return core::ToEpochSeconds(clock_.Now()); }
  void Put(std::string_view id, std::string_view mark) {
    Ok("PutItem", R"({"TableName":"marks","Item":{"id":{"S":")" + std::string(id) + R"("},"mark":{"N":")" +
                      std::string(mark) + R"("}}})");
  }
  void Delete(std::string_view id) {
    Ok("DeleteItem", R"({"TableName":"marks","Key":{"id":{"S":")" + std::string(id) + R"("}}})");
  }
  std::string Export(double from, double to, std::string_view view = "") {
    std::string spec =
        R"({"ExportFromTime":)" + std::to_string(from) + R"(,"ExportToTime":)" + std::to_string(to);
    if (!view.empty()) spec += R"(,"ExportViewType":")" + std::string(view) + "\"";
    spec += "}";
    auto out = Ok("ExportTableToPointInTime",
                  R"({"TableArn":"arn:aws:dynamodb:us-east-1:000000000000:table/marks","S3Bucket":"lake",
                      "S3Prefix":"exports","ExportType":"INCREMENTAL_EXPORT","IncrementalExportSpecification":)" +
                      spec + "}");
    return std::string(out["ExportDescription"].at("ExportArn").as_string());
  }
  // The export's description once it has ended.
  json::object Finished(const std::string& arn) {
    for (int i = 0; i < 500; ++i) {
      auto d = Ok("DescribeExport", R"({"ExportArn":")" + arn + R"("})")["ExportDescription"].as_object();
      if (d.at("ExportStatus") != "IN_PROGRESS") return d;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "export did not end";
    return {};
  }
  std::string Object(const std::string& key) {
    std::lock_guard lock(mu_);
    auto found = objects_.find(key);
    EXPECT_NE(found, objects_.end()) << key;
    return found == objects_.end() ? std::string() : found->second;
  }
  // The records of the export's data files, by id.
  std::map<std::string, json::object> Records(const json::object& description) {
    std::string manifest = Object(std::string(description.at("ExportManifest").as_string()));
    auto summary = json::parse(manifest).as_object();
    std::map<std::string, json::object> out;
    std::istringstream files(Object(std::string(summary.at("manifestFilesS3Key").as_string())));
    for (std::string line; std::getline(files, line);) {
      auto entry = json::parse(line).as_object();
      const std::string key(entry.at("dataFileS3Key").as_string());
      EXPECT_TRUE(key.starts_with("exports/AWSDynamoDB/data/")) << key;  // the prefix's shared folder
      auto text = core::Gunzip(Object(key), 1 << 20);
      EXPECT_TRUE(std::holds_alternative<std::string>(text));
      if (!std::holds_alternative<std::string>(text)) continue;
      std::istringstream lines(std::get<std::string>(text));
      for (std::string record; std::getline(lines, record);) {
        auto parsed = json::parse(record).as_object();
        out[std::string(parsed.at("Keys").at("id").at("S").as_string())] = parsed;
      }
    }
    return out;
  }
  std::mutex mu_;
  std::map<std::string, std::string> objects_;
};

json::value Mark(std::string_view id, std::string_view mark) {
  return json::object{{"id", json::object{{"S", id}}}, {"mark", json::object{{"N", mark}}}};
}

TEST_F(IncrementalExportTest, WritesEachItemChangedInTheWindowOnceWithItsImagesAtBothEnds) {
  Put("a", "1");
  Put("b", "1");
  Put("c", "1");
  clock_.Advance(minutes(20));
  const double from = Now();
  Put("a", "2");  // at the window's start: inside
  Delete("b");
  Put("d", "1");
  Put("e", "1");  // created and deleted inside the window: no record
  Delete("e");
  clock_.Advance(minutes(5));
  Put("c", "2");
  clock_.Advance(seconds(1));
  Put("c", "3");
  const double c_written = Now();
  clock_.Advance(minutes(14) + seconds(59));
  const double to = Now();
  Put("a", "3");  // at the window's end: outside
  clock_.Advance(minutes(1));
  Put("f", "1");  // after it

  auto d = Finished(Export(from, to));
  ASSERT_EQ(d.at("ExportStatus"), "COMPLETED") << json::serialize(d);
  EXPECT_EQ(d.at("ExportType"), "INCREMENTAL_EXPORT");
  EXPECT_FALSE(d.contains("ExportTime"));
  const auto& spec = d.at("IncrementalExportSpecification").as_object();
  EXPECT_EQ(spec.at("ExportViewType"), "NEW_AND_OLD_IMAGES");  // the default, filled in
  EXPECT_DOUBLE_EQ(spec.at("ExportFromTime").to_number<double>(), from);
  EXPECT_DOUBLE_EQ(spec.at("ExportToTime").to_number<double>(), to);
  EXPECT_EQ(d.at("ItemCount").to_number<int64_t>(), 4);
  EXPECT_EQ(d.at("BilledSizeBytes").to_number<int64_t>(), 10'000'000);  // the minimum charge

  auto records = Records(d);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records["a"].at("OldImage"), Mark("a", "1"));
  EXPECT_EQ(records["a"].at("NewImage"), Mark("a", "2"));
  EXPECT_EQ(records["b"].at("OldImage"), Mark("b", "1"));
  EXPECT_FALSE(records["b"].contains("NewImage"));
  EXPECT_EQ(records["c"].at("OldImage"), Mark("c", "1"));
  EXPECT_EQ(records["c"].at("NewImage"), Mark("c", "3"));
  EXPECT_EQ(records["c"].at("Metadata").at("WriteTimestampMicros").at("N"),
            json::value(std::to_string(static_cast<int64_t>(c_written * 1000) * 1000)));
  EXPECT_FALSE(records["d"].contains("OldImage"));
  EXPECT_EQ(records["d"].at("NewImage"), Mark("d", "1"));
  EXPECT_EQ(records["d"].at("Keys"), (json::object{{"id", json::object{{"S", "d"}}}}));

  auto summary = json::parse(Object(std::string(d.at("ExportManifest").as_string()))).as_object();
  EXPECT_EQ(summary.at("version"), "2023-08-01");
  EXPECT_EQ(summary.at("exportType"), "INCREMENTAL_EXPORT");
  EXPECT_EQ(summary.at("outputView"), "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(summary.at("exportFromTime"),
            json::value(core::FormatIso8601Millis(core::FromEpochSeconds(from))));
  EXPECT_FALSE(summary.contains("exportTime"));
  EXPECT_EQ(summary.at("itemCount").to_number<int64_t>(), 4);

  // NEW_IMAGE: no old images; a deletion is its keys alone.
  auto new_only = Finished(Export(from, to, "NEW_IMAGE"));
  auto images = Records(new_only);
  ASSERT_EQ(images.size(), 4u);
  EXPECT_FALSE(images["a"].contains("OldImage"));
  EXPECT_EQ(images["a"].at("NewImage"), Mark("a", "2"));
  EXPECT_FALSE(images["b"].contains("OldImage"));
  EXPECT_FALSE(images["b"].contains("NewImage"));
  EXPECT_TRUE(images["b"].contains("Metadata"));
}

TEST_F(IncrementalExportTest, ChecksTheWindowInDynamoDbsWords) {
  const double enabled = Now();
  clock_.Advance(minutes(30));
  auto export_error = [&](std::string_view spec) {
    return Err("ExportTableToPointInTime",
               R"({"TableArn":"arn:aws:dynamodb:us-east-1:000000000000:table/marks","S3Bucket":"lake",
                   "ExportType":"INCREMENTAL_EXPORT","IncrementalExportSpecification":)" +
                   std::string(spec) + "}");
  };
  auto at = [](double t) { return std::to_string(t); };
  auto e = export_error("{}");
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message, "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification");
  e = export_error(R"({"ExportFromTime":)" + at(enabled - 60) + "}");
  EXPECT_EQ(e.code, "InvalidExportTimeException");
  EXPECT_EQ(e.message, "Incremental export period from time cannot be less than the table creation time : " +
                           core::FormatIso8601(core::FromEpochSeconds(enabled - 60)));
  e = export_error(R"({"ExportFromTime":)" + at(enabled) + R"(,"ExportToTime":)" + at(Now() + 60) + "}");
  EXPECT_EQ(e.message, "Incremental export period to time cannot be greater than the current time : " +
                           core::FormatIso8601(core::FromEpochSeconds(Now() + 60)));
  // Without ExportToTime the window ends now: 14 minutes is too short, 15 is enough.
  e = export_error(R"({"ExportFromTime":)" + at(Now() - 14 * 60) + "}");
  EXPECT_EQ(e.message,
            "Difference between export period from time and export period to time is less than 15 minutes");
  auto ok = Ok("ExportTableToPointInTime",
               R"({"TableArn":"arn:aws:dynamodb:us-east-1:000000000000:table/marks","S3Bucket":"lake",
                   "ExportType":"INCREMENTAL_EXPORT","IncrementalExportSpecification":{"ExportFromTime":)" +
                   at(Now() - 15 * 60) + "}}");
  EXPECT_DOUBLE_EQ(
      ok["ExportDescription"].at("IncrementalExportSpecification").at("ExportToTime").to_number<double>(),
      Now());
  Finished(std::string(ok["ExportDescription"].at("ExportArn").as_string()));
  clock_.Advance(std::chrono::hours(30));
  e = export_error(R"({"ExportFromTime":)" + at(enabled) + R"(,"ExportToTime":)" + at(enabled + 25 * 3600) +
                   "}");
  EXPECT_EQ(e.code, "InvalidExportTimeException");
  EXPECT_EQ(e.message,
            "Difference between export period from time and export period to time is greater than 24 hours");
  // Without recovery, the window's start is what DynamoDB refuses.
  Ok("UpdateContinuousBackups",
     R"({"TableName":"marks","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false}})");
  e = export_error(R"({"ExportFromTime":)" + at(Now() - 3600) + "}");
  EXPECT_EQ(e.code, "InvalidExportTimeException");
}

}  // namespace
}  // namespace tarn::dynamodb
