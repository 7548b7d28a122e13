// Implements: ExportTableToPointInTime, DescribeExport, ListExports.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.HowItWorks.html
// A full export writes the table as it was at ExportTime — rebuilt from the point-in-time history
// (point_in_time.h), so an export started later, or resumed after a restart, writes the same items — to
// S3 in DynamoDB's layout: <prefix>/AWSDynamoDB/<export id>/ with _started, data/<name>.json.gz (one
// {"Item": ...} line per item, gzip members of at most 8 MB of text each), manifest-files.json and
// manifest-summary.json with their .md5 files. An incremental export writes, from the same history, one
// record per item changed in [ExportFromTime, ExportToTime) — {"Metadata":{"WriteTimestampMicros":..},
// "Keys":..,"OldImage":..,"NewImage":..}, the item as it was at the window's start and at its end —
// into the data/ folder its prefix's incremental exports share, with version 2023-08-01 manifests.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html
// The call answers IN_PROGRESS; the writing runs in the
// background and ends COMPLETED or FAILED (S3's errors, such as a missing bucket, arrive that way, as on
// AWS). The request checks and messages are DynamoDB's (ack-api-quirks DDB-EXPORT-001..025, probed
// against DynamoDB, and moto's aws_verified test_dynamodb_export_table.py). ExportFormat ION writes the
// same records in Amazon Ion text (ion_text.h) as data/<name>.ion.gz; not here: incremental exports in
// ION, whose record form AWS does not document (NotImplemented).
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/arn.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/gzip.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/regions.h"
#include "core/time_format.h"
#include "dynamodb/backup_catalog.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_builder.h"
#include "dynamodb/ion_text.h"
#include "dynamodb/item_size.h"
#include "dynamodb/job_catalog.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/table_catalog.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListExports.html (1..25); a page
// without MaxResults has 10 (ack-api-quirks DDB-IMPORT-016).
constexpr int64_t kDefaultListExports = 10;
// Each data file holds at most this much text before compression.
constexpr size_t kDataFileBytes = 8 << 20;
// An incremental export's window: at least 15 minutes, at most 24 hours (S3DataExport_Requesting.html).
constexpr int64_t kMinIncrementalWindowMs = 15 * 60 * 1000;
constexpr int64_t kMaxIncrementalWindowMs = 24 * 3600 * 1000;
// "Incremental export has a minimum charge of 10 MB" (DynamoDB pricing; the BilledSizeBytes AWS answers
// for small ones, ack-api-quirks DDB-EXPORT-019).
constexpr int64_t kIncrementalMinimumBilledBytes = 10'000'000;
constexpr std::string_view kIncremental = "INCREMENTAL_EXPORT";
constexpr std::string_view kNewAndOldImages = "NEW_AND_OLD_IMAGES";

core::AwsError InvalidExportTime(std::string message) {
  return core::AwsError("InvalidExportTimeException", std::move(message), 400);
}

std::string IsoMillis(double epoch_seconds) {
  return core::FormatIso8601Millis(core::FromEpochSeconds(epoch_seconds));
}

// The window's times in InvalidExportTimeException's messages: "2026-10-09T00:41:50Z".
std::string IsoSeconds(double epoch_seconds) {
  return core::FormatIso8601(core::FromEpochSeconds(epoch_seconds));
}

// An S3 AccessDenied as an export's FailureMessage: S3's words, the resource quoted, then S3's
// "(Service: Amazon S3; ...)" tail (ack-api-quirks DDB-EXPORT-011, probed against DynamoDB).
std::string S3AccessDeniedMessage(std::string message, std::string_view resource) {
  const std::string unquoted = " on resource: " + std::string(resource);
  if (size_t at = message.find(unquoted); at != std::string::npos)
    message.replace(at, unquoted.size(), " on resource: \"" + std::string(resource) + "\"");
  return message + " (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: " +
         core::NewS3RequestId() + "; S3 Extended Request ID: " + core::Base64Encode(core::RandomBytes(48)) +
         "; Proxy: null)";
}

// base64 of the MD5 of `bytes`: the manifests' md5Checksum and the .md5 files.
std::string Md5Base64(std::string_view bytes) { return core::Base64Encode(core::Md5(bytes)); }

// 26 characters of [a-z2-7], as DynamoDB names its data files.
std::string DataFileName() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string random = core::RandomBytes(26);
  for (char& c : random) c = kAlphabet[static_cast<unsigned char>(c) % 32];
  return random;
}

// <prefix>/AWSDynamoDB/: the prefix as given, with a '/' added unless it ends in one.
std::string ExportsFolder(const json::object& d) {
  std::string base;
  if (const auto* prefix = d.if_contains("S3Prefix");
      prefix && prefix->is_string() && !prefix->get_string().empty()) {
    base = std::string(prefix->get_string());
    if (!base.ends_with('/')) base += '/';
  }
  return base + "AWSDynamoDB/";
}

// One line of an incremental export (key order as DynamoDB writes it); adds its images' sizes to `bytes`.
core::Result<std::string> IncrementalRecord(const KeySchema& schema, const ItemChange& change,
                                            bool old_images, int64_t& bytes) {
  auto parse = [&](std::optional<std::string_view> image) -> core::Result<std::optional<Item>> {
    if (!image) return std::optional<Item>();
    TARN_ASSIGN_OR_RETURN(Item item, DecodeItem(*image));
    bytes += static_cast<int64_t>(ItemSize(item));
    return std::optional<Item>(std::move(item));
  };
  TARN_ASSIGN_OR_RETURN(std::optional<Item> before, parse(change.before));
  TARN_ASSIGN_OR_RETURN(std::optional<Item> after, parse(change.after));
  const Item& either = after ? *after : *before;
  json::object record{
      {"Metadata", json::object{{"WriteTimestampMicros",
                                 json::object{{"N", std::to_string(change.last_change_ms * 1000)}}}}},
      {"Keys", ItemToJson(ExtractKey(schema, either))}};
  // Images are whole items, their attributes in name order (an Item is sorted).
  if (old_images && before) record["OldImage"] = ItemToJson(*before);
  if (after) record["NewImage"] = ItemToJson(*after);
  return json::serialize(record);
}

}  // namespace

void Service::SetObjectStore(ObjectStore store) {
  object_store_ = std::move(store);
  // Exports and imports a stop cut off run again, now that there is somewhere to write and read.
  for (const auto& e : exports_->InProgress()) index_builder_->Run([this, e] { RunExport(*e); });
  for (const auto& i : imports_->InProgress()) index_builder_->Run([this, i] { RunImport(*i); });
}

core::Result<net::Output> Service::ExportTableToPointInTime(const net::Call& call) {
  // An empty S3Prefix is refused (ScyllaDB's test_export.py, run against AWS, names the member); the
  // service model sets no minimum, so the wording, the model layer's, is a guess.
  if (GetString(call.input, "S3Prefix") == "")
    return ValidationException(
        "1 validation error detected: Value '' at 's3Prefix' failed to satisfy constraint: Member must have "
        "length greater than or equal to 1");
  const std::string table_arn = GetString(call.input, "TableArn").value_or("");
  if (!table_arn.starts_with("arn:"))
    return ValidationException("One or more parameter values were invalid: tableArn is not a valid ARN");
  auto arn = core::Arn::Parse(table_arn);
  if (!arn || arn->service != "dynamodb" || !arn->resource.starts_with("table/") ||
      arn->resource.find('/', 6) != std::string::npos)
    return ValidationException("Invalid Request: Table ARN is invalid.");
  if (arn->account_id != call.context.account_id) return AccessIsDenied();
  // The name is looked up in this endpoint's Region, whatever the ARN says (as DynamoDB).
  const std::string name = arn->resource.substr(6);
  auto table = ValidateTableName(name).ok()
                   ? catalog_->Get(call.context.account_id, call.context.region, name)
                   : core::Result<std::shared_ptr<const TableInfo>>(ResourceNotFoundException());
  if (!table.ok() || (*table)->restoring) return TableNotFoundException(table_arn);
  const TableInfo& t = **table;

  auto type = GetString(call.input, "ExportType");
  const bool has_spec = call.input.contains("IncrementalExportSpecification") &&
                        !call.input.at("IncrementalExportSpecification").is_null();
  if (has_spec && !type)
    return ValidationException(
        "Invalid Request: Export Type expected to be Incremental Export when incremental export "
        "specification is "
        "provided");
  if (has_spec && type == "FULL_EXPORT")
    return ValidationException(
        "Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be "
        "provided");
  if (type == "INCREMENTAL_EXPORT" && !has_spec)
    return ValidationException(
        "Invalid Request: Incremental Export Specification expected when export type is set as Incremental "
        "Export");
  auto sse = GetString(call.input, "S3SseAlgorithm");
  auto kms_key = GetString(call.input, "S3SseKmsKeyId");
  if (kms_key && sse != "KMS")
    return ValidationException("Invalid Request: KMS Key Id is not supported for this encryption type");
  const bool incremental = type == kIncremental;
  const json::object* spec = incremental ? GetObject(call.input, "IncrementalExportSpecification") : nullptr;
  const auto from = spec ? GetTimestamp(*spec, "ExportFromTime") : std::nullopt;
  if (incremental && !from)
    return ValidationException(
        "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification");
  const double from_time = from.value_or(0);
  core::TimePoint now_point = clock_.Now();
  double now = core::ToEpochSeconds(now_point);
  // DynamoDB judges an incremental export's window instead of checking for recovery (ack-api-quirks
  // DDB-EXPORT-001/004/019: a table without recovery gets the from-time message).
  double to = now;
  if (incremental) {
    // An incremental export starts on a whole second (its id's milliseconds are 000).
    now_point = std::chrono::time_point_cast<std::chrono::seconds>(now_point);
    now = core::ToEpochSeconds(now_point);
    to = spec ? GetTimestamp(*spec, "ExportToTime").value_or(now) : now;
    // Judged in whole seconds, as the message prints them: a from-time truncated to the second recovery
    // began in is within the window (ScyllaDB's test_export.py, run against AWS, exports from
    // int(now) right after enabling recovery).
    if (!t.pitr_enabled || std::floor(from_time) < std::floor(PitrWindow(t, now).earliest))
      return InvalidExportTime(
          "Incremental export period from time cannot be less than the table creation time : " +
          IsoSeconds(from_time));
    if (EpochMillis(to) > EpochMillis(now))
      return InvalidExportTime(
          "Incremental export period to time cannot be greater than the current time : " + IsoSeconds(to));
    if (EpochMillis(to) - EpochMillis(from_time) < kMinIncrementalWindowMs)
      return InvalidExportTime(
          "Difference between export period from time and export period to time is less than 15 minutes");
    // The wording is a guess: no probe of DynamoDB recorded it.
    if (EpochMillis(to) - EpochMillis(from_time) > kMaxIncrementalWindowMs)
      return InvalidExportTime(
          "Difference between export period from time and export period to time is greater than 24 hours");
  } else if (!t.pitr_enabled) {
    return core::AwsError("PointInTimeRecoveryUnavailableException",
                          "Point in time recovery is not enabled for table '" + t.name + "'", 400);
  }
  const std::string format = GetString(call.input, "ExportFormat").value_or("DYNAMODB_JSON");
  if (format == "ION" && incremental)
    return core::NotImplemented("ExportTableToPointInTime of an INCREMENTAL_EXPORT in the ION format");

  double export_time = now;
  if (auto given = GetTimestamp(call.input, "ExportTime"); given && !incremental) {
    const RestoreWindow window = PitrWindow(t, now);
    if (EpochMillis(*given) > EpochMillis(now) || EpochMillis(*given) < EpochMillis(window.earliest))
      return InvalidExportTime("Export Time is invalid");
    if (EpochMillis(*given) > EpochMillis(window.latest))
      return InvalidExportTime("Point in Time Recovery is not available for specified export time");
    export_time = static_cast<double>(EpochMillis(*given)) / 1000;
  }

  // The same ClientToken with the same request is the same export, also once it ended.
  json::object parameters = call.input;
  parameters.erase("ClientToken");
  const std::string fingerprint = json::serialize(parameters);
  const std::string token = GetString(call.input, "ClientToken").value_or(core::NewUuid());
  for (const auto& existing : exports_->List(call.context.account_id, call.context.region)) {
    const auto* existing_token = existing->description.if_contains("ClientToken");
    if (!existing_token || *existing_token != json::value(token)) continue;
    if (existing->fingerprint != fingerprint)
      return core::AwsError("ExportConflictException",
                            "Export conflict: Duplicate request detected with conflicting parameters", 400);
    net::Output out;
    out.json["ExportDescription"] = existing->description;
    return out;
  }

  JobInfo e;
  e.account_id = call.context.account_id;
  e.region = call.context.region;
  e.id = NewBackupId(
      std::chrono::duration_cast<std::chrono::milliseconds>(now_point.time_since_epoch()).count());
  e.table_id = t.id;
  e.fingerprint = fingerprint;
  json::object& d = e.description;
  d["ExportArn"] = t.Arn() + "/export/" + e.id;
  d["ExportStatus"] = kJobInProgress;
  d["StartTime"] = now;
  d["TableArn"] = t.Arn();
  d["TableId"] = t.table_uuid;
  if (incremental) {
    const std::string view = GetString(*spec, "ExportViewType").value_or(std::string(kNewAndOldImages));
    d["IncrementalExportSpecification"] =
        json::object{{"ExportFromTime", static_cast<double>(EpochMillis(from_time)) / 1000},
                     {"ExportToTime", static_cast<double>(EpochMillis(to)) / 1000},
                     {"ExportViewType", view}};
  } else {
    d["ExportTime"] = export_time;
  }
  d["ClientToken"] = token;
  d["S3Bucket"] = GetString(call.input, "S3Bucket").value_or("");
  if (auto owner = GetString(call.input, "S3BucketOwner")) d["S3BucketOwner"] = *owner;
  if (auto prefix = GetString(call.input, "S3Prefix")) d["S3Prefix"] = *prefix;
  d["S3SseAlgorithm"] = sse.value_or("AES256");
  if (kms_key) d["S3SseKmsKeyId"] = *kms_key;
  d["ExportFormat"] = format;
  if (type) d["ExportType"] = *type;
  // The export writes with its caller's permissions: without s3:PutObject there (their policies, the
  // bucket policy) it is accepted and ends FAILED, as on AWS.
  const std::string first_object = ExportsFolder(d) + e.id + "/_started";
  core::Status allowed =
      object_store_.authorize
          ? object_store_.authorize(call.context, "PutObject", std::string(d.at("S3Bucket").as_string()),
                                    first_object)
          : core::Ok();
  auto shared = std::make_shared<const JobInfo>(e);
  if (!allowed.ok()) {
    d["ExportStatus"] = kJobFailed;
    d["EndTime"] = now;
    d["FailureCode"] = "S3AccessDenied";
    d["FailureMessage"] = S3AccessDeniedMessage(
        allowed.error().message,
        "arn:aws:s3:::" + std::string(d.at("S3Bucket").as_string()) + "/" + first_object);
    TARN_TRY(exports_->Put(std::move(e)));
  } else {
    TARN_TRY(exports_->Put(std::move(e)));
    index_builder_->Run([this, shared] { RunExport(*shared); });
  }
  net::Output out;
  out.json["ExportDescription"] = shared->description;
  return out;
}

void Service::RunExport(const JobInfo& started) {
  JobInfo done = started;
  json::object& d = done.description;
  auto finish = [&](std::string_view status) {
    d["ExportStatus"] = status;
    d["EndTime"] = core::ToEpochSeconds(clock_.Now());
    if (auto stored = exports_->Put(done); !stored.ok())
      log::error("dynamodb: export {} not recorded: {}", done.Arn(kExportJobs), stored.error().message);
  };
  auto fail = [&](std::string_view code, std::string message) {
    d["FailureCode"] = code;
    d["FailureMessage"] = std::move(message);
    finish(kJobFailed);
  };
  const std::string bucket(d.at("S3Bucket").as_string());
  const std::string folder = ExportsFolder(d) + done.id + "/";
  // A copy: `d` gains members below, which may move its values.
  const json::value spec_copy = d.contains("IncrementalExportSpecification")
                                    ? d.at("IncrementalExportSpecification")
                                    : json::value(nullptr);
  const json::value* spec = &spec_copy;
  const bool incremental = spec->is_object();
  // Incremental exports share their prefix's data folder (readers go by manifest-files.json).
  const std::string data_folder = incremental ? ExportsFolder(d) + "data/" : folder + "data/";
  const bool ion = d.at("ExportFormat") == "ION";
  const double export_time =
      incremental ? spec->at("ExportFromTime").to_number<double>() : d.at("ExportTime").to_number<double>();
  // The table as it is now: its history must still cover the export time (the window's start).
  std::shared_ptr<const TableInfo> table;
  for (const auto& t : catalog_->All())
    if (t->id == done.table_id) table = t;
  if (!table || !table->pitr_enabled || EpochMillis(table->pitr_since) > EpochMillis(export_time))
    return fail("UNKNOWN", "The table or its point-in-time recovery is no longer there");
  if (!object_store_.put) return fail("S3NoSuchBucket", S3NoSuchBucketMessage());

  int file_number = 0;
  // Writes `bytes` as object `key` through a temporary file; the object's ETag, unquoted.
  auto put_object = [&](const std::string& key, std::string_view bytes) -> core::Result<std::string> {
    std::filesystem::path path = std::filesystem::path(object_store_.tmp_dir) /
                                 ("export-" + done.id + "-" + std::to_string(++file_number));
    {
      std::ofstream file(path, std::ios::binary | std::ios::trunc);
      file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!file) return core::InternalFailure("dynamodb: cannot write " + path.string());
    }
    auto etag = object_store_.put(bucket, key, path.string());
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    TARN_ASSIGN_OR_RETURN(std::string quoted, std::move(etag));
    if (quoted.size() >= 2 && quoted.front() == '"') quoted = quoted.substr(1, quoted.size() - 2);
    return quoted;
  };
  auto put = [&](const std::string& name, std::string_view bytes) {
    return put_object(folder + name, bytes);
  };
  auto s3_failure = [&](const core::AwsError& error) {
    if (error.code == "NoSuchBucket") return fail("S3NoSuchBucket", S3NoSuchBucketMessage());
    fail("UNKNOWN", error.message);
  };
  if (auto started_marker = put("_started", ""); !started_marker.ok())
    return s3_failure(started_marker.error());

  std::string manifest_files;
  std::string text;
  int64_t items_in_file = 0, items = 0, bytes = 0;
  auto flush = [&]() -> core::Status {
    const std::string gz = core::Gzip(text);
    const std::string key = data_folder + DataFileName() + (ion ? ".ion.gz" : ".json.gz");
    TARN_ASSIGN_OR_RETURN(std::string etag, put_object(key, gz));
    manifest_files += json::serialize(json::object{{"itemCount", items_in_file},
                                                   {"md5Checksum", Md5Base64(gz)},
                                                   {"etag", etag},
                                                   {"dataFileS3Key", key}}) +
                      "\n";
    text.clear();
    items_in_file = 0;
    return core::Ok();
  };
  storage::Snapshot snapshot = rocks_.GetSnapshot();
  bool stopped = false;
  // Adds one line to the data file being written, which is written once it is large enough.
  auto add_line = [&](std::string_view line) -> core::Status {
    text += line;
    text += '\n';
    ++items_in_file;
    ++items;
    if (text.size() < kDataFileBytes) return core::Ok();
    if (index_builder_->stopping()) {
      stopped = true;
      return core::InternalFailure("stopping");
    }
    return flush();
  };
  core::Status walked = core::Ok();
  if (incremental) {
    // [from, to): a change at `to` is outside, one at `from` inside (ChangesBetween's window is
    // (from, to]).
    const int64_t from_ms = EpochMillis(spec->at("ExportFromTime").to_number<double>());
    const int64_t to_ms = EpochMillis(spec->at("ExportToTime").to_number<double>());
    const bool old_images = spec->at("ExportViewType") == json::value(kNewAndOldImages);
    walked = ChangesBetween(rocks_, cf_, done.table_id, from_ms - 1, to_ms - 1, snapshot,
                            [&](const ItemChange& change) -> core::Status {
                              // Created and deleted inside the window: nothing to say.
                              if (!change.before && !change.after) return core::Ok();
                              TARN_ASSIGN_OR_RETURN(
                                  std::string line,
                                  IncrementalRecord(table->key_schema, change, old_images, bytes));
                              return add_line(line);
                            });
    bytes = std::max(bytes, kIncrementalMinimumBilledBytes);
  } else {
    walked =
        ItemsAt(rocks_, cf_, done.table_id, EpochMillis(export_time), snapshot,
                [&](std::string_view, std::string_view item_json) -> core::Status {
                  TARN_ASSIGN_OR_RETURN(Item item, DecodeItem(item_json));
                  bytes += static_cast<int64_t>(ItemSize(item));
                  return add_line(ion ? ItemToIonLine(item) : "{\"Item\":" + std::string(item_json) + "}");
                });
  }
  if (stopped) return;  // still IN_PROGRESS: written again at the next start
  if (!walked.ok()) return s3_failure(walked.error());
  // Even an empty table has a data file (an empty gzip member).
  if (!text.empty() || items == 0)
    if (auto flushed = flush(); !flushed.ok()) return s3_failure(flushed.error());
  const std::string files_key = folder + "manifest-files.json";
  if (auto r = put("manifest-files.json", manifest_files); !r.ok()) return s3_failure(r.error());
  if (auto r = put("manifest-files.md5", Md5Base64(manifest_files)); !r.ok()) return s3_failure(r.error());
  d["EndTime"] = core::ToEpochSeconds(clock_.Now());
  const json::value* prefix = d.if_contains("S3Prefix");
  const json::value* kms = d.if_contains("S3SseKmsKeyId");
  // Key order and nulls as DynamoDB writes them; an incremental export's summary is of a later version,
  // with its window, view and type (a real one: gurre/ddb-pitr s3exportdata).
  json::object fields{{"version", incremental ? "2023-08-01" : "2020-06-30"},
                      {"exportArn", done.Arn(kExportJobs)},
                      {"startTime", IsoMillis(d.at("StartTime").to_number<double>())},
                      {"endTime", IsoMillis(d.at("EndTime").to_number<double>())},
                      {"tableArn", d.at("TableArn")},
                      {"tableId", d.at("TableId")}};
  if (incremental) {
    fields["exportFromTime"] = IsoMillis(spec->at("ExportFromTime").to_number<double>());
    fields["exportToTime"] = IsoMillis(spec->at("ExportToTime").to_number<double>());
  } else {
    fields["exportTime"] = IsoMillis(export_time);
  }
  for (auto& [key, value] : std::initializer_list<std::pair<std::string_view, json::value>>{
           {"s3Bucket", json::value(bucket)},
           {"s3Prefix", prefix ? *prefix : json::value(nullptr)},
           {"s3SseAlgorithm", d.at("S3SseAlgorithm")},
           {"s3SseKmsKeyId", kms ? *kms : json::value(nullptr)},
           {"manifestFilesS3Key", json::value(files_key)},
           {"billedSizeBytes", json::value(bytes)},
           {"itemCount", json::value(items)},
           {"outputFormat", d.at("ExportFormat")}})
    fields[key] = value;
  if (incremental) {
    fields["outputView"] = spec->at("ExportViewType");
    fields["exportType"] = kIncremental;
  }
  std::string summary = json::serialize(fields);
  if (auto r = put("manifest-summary.json", summary); !r.ok()) return s3_failure(r.error());
  if (auto r = put("manifest-summary.md5", Md5Base64(summary)); !r.ok()) return s3_failure(r.error());
  d["ExportManifest"] = folder + "manifest-summary.json";
  d["ItemCount"] = items;
  d["BilledSizeBytes"] = bytes;
  d["ExportStatus"] = kJobCompleted;
  if (auto stored = exports_->Put(done); !stored.ok())
    log::error("dynamodb: export {} not recorded: {}", done.Arn(kExportJobs), stored.error().message);
}

core::Result<net::Output> Service::DescribeExport(const net::Call& call) {
  const std::string arn = GetString(call.input, "ExportArn").value_or("");
  // An ARN of another partition, service or account, or of no region at all, names nothing the caller
  // may read: "Access is denied" before its shape is looked at (ScyllaDB's test_export.py, run against
  // AWS); what is no ARN at all is invalid. The caller's own region is one whatever its name (tarn
  // serves any region a request is signed for).
  auto parsed = core::Arn::Parse(arn);
  if (!parsed) return ValidationException("Invalid Export ARN");
  if (parsed->partition != core::kPartition || parsed->service != "dynamodb" ||
      parsed->account_id != call.context.account_id ||
      (parsed->region != call.context.region && !core::IsAwsRegion(parsed->region)))
    return AccessIsDenied();
  auto parts = ParseTableChildArn(arn, "export");
  if (!parts) return ValidationException("Invalid Export ARN");
  // DynamoDB's messages (ack-api-quirks DDB-EXPORT-006): another Region's ARN is invalid here; a missing
  // export is said twice.
  if (parts->region != call.context.region)
    return core::AwsError("ExportNotFoundException", "Export not found: Invalid export arn", 400);
  auto e = exports_->Get(parts->account_id, parts->region, parts->id);
  if (!e || e->Arn(kExportJobs) != arn)
    return core::AwsError("ExportNotFoundException", "Export not found: Export not found: " + arn, 400);
  net::Output out;
  out.json["ExportDescription"] = e->description;
  return out;
}

core::Result<net::Output> Service::ListExports(const net::Call& call) {
  const int64_t limit = GetInt(call.input, "MaxResults").value_or(kDefaultListExports);
  // The page token is the hex of the last export id listed.
  std::string before;
  if (auto token = GetString(call.input, "NextToken")) {
    auto decoded = core::HexDecode(*token);
    if (!decoded || !ParseBackupArn("arn:aws:dynamodb:r:a:table/t/backup/" + *decoded))
      return ValidationException("Invalid Request: Provided nextToken is invalid: " + *token);
    before = *decoded;
  }
  // A TableArn names the table as it is now: the exports of a deleted or re-created table are not its.
  std::optional<uint64_t> table_id;
  if (auto table_arn = GetString(call.input, "TableArn")) {
    auto arn = core::Arn::Parse(*table_arn);
    auto table = arn && arn->resource.starts_with("table/")
                     ? catalog_->Get(call.context.account_id, call.context.region, arn->resource.substr(6))
                     : core::Result<std::shared_ptr<const TableInfo>>(ResourceNotFoundException());
    table_id = table.ok() ? (*table)->id : 0;
  }
  auto all = exports_->List(call.context.account_id, call.context.region);
  json::array summaries;
  std::string last;
  bool more = false;
  // Newest first.
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const JobInfo& e = **it;
    if (!before.empty() && e.id >= before) continue;
    if (table_id && e.table_id != *table_id) continue;
    if (static_cast<int64_t>(summaries.size()) == limit) {
      more = true;
      break;
    }
    const auto* type = e.description.if_contains("ExportType");
    summaries.push_back(json::object{{"ExportArn", e.Arn(kExportJobs)},
                                     {"ExportStatus", e.Status(kExportJobs)},
                                     {"ExportType", type ? *type : json::value("FULL_EXPORT")}});
    last = e.id;
  }
  net::Output out;
  out.json["ExportSummaries"] = std::move(summaries);
  if (more) out.json["NextToken"] = core::HexEncode(last);
  return out;
}

}  // namespace tarn::dynamodb
