// Implements: ImportTable, DescribeImport, ListImports.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataImport.HowItWorks.html
// ImportTable creates the table of TableCreationParameters (checked as CreateTable checks its request)
// CREATING, answers IN_PROGRESS, and in the background reads every object of the bucket whose key starts
// with S3KeyPrefix (a plain prefix match, as DynamoDB): DYNAMODB_JSON ({"Item": ...} objects, one per
// line or run together) or CSV (a header line unless HeaderList; key columns typed by the
// AttributeDefinitions, every other column a string), optionally gzipped or zstd-compressed. Each valid item
// is written with its index entries; an invalid one counts in ErrorCount, and the import then ends FAILED
// (ItemValidationError) with the valid items kept and the table ACTIVE, as on AWS; a missing bucket
// ends it FAILED with no table. The checks and messages are DynamoDB's (ack-api-quirks DDB-IMPORT-*,
// probed against DynamoDB, and moto's aws_verified test_dynamodb_import_table.py). Each invalid item is
// also logged to CloudWatch Logs, group /aws-dynamodb/imports, stream <import id>/error, as DynamoDB logs
// it: {"itemS3Pointer":{"bucket","key","itemIndex"},"importArn","errorMessages":[...]}
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataImport.Validation.html).
// ION objects are read as DynamoDB's ION exports are written (ion_text.h).
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/arn.h"
#include "core/encoding.h"
#include "core/gzip.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/time_format.h"
#include "core/zstd.h"
#include "dynamodb/backup_catalog.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/import_formats.h"
#include "dynamodb/index_builder.h"
#include "dynamodb/ion_text.h"
#include "dynamodb/item_size.h"
#include "dynamodb/job_catalog.h"
#include "dynamodb/number.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/request_expressions.h"
#include "dynamodb/restored_table.h"
#include "dynamodb/secondary_index.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/table_settings.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListImports.html (1..25).
constexpr int64_t kDefaultListImports = 10;
constexpr size_t kWriteBatchBytes = 4 << 20;
// Where imports log their invalid items (S3DataImport.Validation.html).
constexpr std::string_view kImportLogGroup = "/aws-dynamodb/imports";
// An import logs at most this many invalid items (tarn's bound: a file of garbage must not fill the
// log), written this many at a time.
constexpr int64_t kMaxLoggedErrors = 10000;
constexpr size_t kLoggedErrorsPerWrite = 1000;
// An object larger than this once decompressed is refused as one error (tarn reads objects whole).
constexpr size_t kMaxObjectBytes = size_t{1} << 30;
// ListImports' NextToken: hex in 16-digit groups, at least 112 digits (the model's pattern).
constexpr size_t kTokenBytes = 56;

std::string ImportToken(std::string_view id) {
  std::string padded(id);
  padded.resize(kTokenBytes, ' ');
  return core::HexEncode(padded);
}

std::optional<std::string> ImportTokenId(std::string_view token) {
  auto decoded = core::HexDecode(token);
  if (!decoded || decoded->size() != kTokenBytes) return std::nullopt;
  std::string id = decoded->substr(0, decoded->find(' '));
  if (!ParseBackupArn("arn:aws:dynamodb:r:a:table/t/backup/" + id)) return std::nullopt;
  return id;
}

// The type of a key attribute named `name` (the table's or an index's), if it is one.
std::optional<ScalarAttributeType> KeyType(const TableInfo& t, std::string_view name) {
  bool key = t.key_schema.Has(name);
  for (const SecondaryIndex& index : t.indexes) key = key || index.key_schema.Has(name);
  if (!key) return std::nullopt;
  for (const KeyAttribute& d : t.attribute_definitions)
    if (d.name == name) return d.type;
  return std::nullopt;
}

// One CSV row as an item: key columns typed by the AttributeDefinitions, the others strings.
core::Result<Item> CsvItem(const TableInfo& t, const std::vector<std::string>& header,
                           const std::vector<std::string>& row) {
  Item item;
  for (size_t i = 0; i < header.size() && i < row.size(); ++i) {
    auto type = KeyType(t, header[i]);
    if (!type || *type == ScalarAttributeType::kS) {
      item[header[i]] = AttributeValue::S(row[i]);
    } else if (*type == ScalarAttributeType::kN) {
      TARN_ASSIGN_OR_RETURN(Number n, Number::Parse(row[i]));
      item[header[i]] = AttributeValue::N(std::move(n));
    } else {
      auto bytes = core::Base64Decode(row[i]);
      if (!bytes) return ValidationException("Invalid base64 in binary key attribute " + header[i]);
      item[header[i]] = AttributeValue::B(std::move(*bytes));
    }
  }
  return item;
}

struct ImportCounts {
  int64_t processed_bytes = 0;
  int64_t processed = 0;
  int64_t imported = 0;
  int64_t errors = 0;
};

}  // namespace

core::Result<net::Output> Service::ImportTable(const net::Call& call) {
  const json::object* source = GetObject(call.input, "S3BucketSource");
  const json::object* params = GetObject(call.input, "TableCreationParameters");
  if (!source || !params)
    return ValidationException("S3BucketSource and TableCreationParameters are required");
  const std::string format = GetString(call.input, "InputFormat").value_or("");
  const std::string compression = GetString(call.input, "InputCompressionType").value_or("NONE");
  if (call.input.contains("InputFormatOptions") && format != "CSV")
    return ValidationException(
        "Invalid Request: Unsupported InputFormatOptions for the given input format: " + format + ".");
  const core::TimePoint now_point = clock_.Now();
  TARN_ASSIGN_OR_RETURN(TableInfo t, NewTable(*params, call.context, now_point));
  // The table's name is checked before the ClientToken (ack-api-quirks DDB-IMPORT-017/019).
  if (auto existing = catalog_->Get(t.account_id, t.region, t.name); existing.ok() && !(*existing)->restoring)
    return ResourceInUseException("Table already exists: " + t.name);

  json::object parameters = call.input;
  parameters.erase("ClientToken");
  const std::string fingerprint = json::serialize(parameters);
  const std::string token = GetString(call.input, "ClientToken").value_or(core::NewUuid());
  for (const auto& existing : imports_->List(call.context.account_id, call.context.region)) {
    const auto* existing_token = existing->description.if_contains("ClientToken");
    if (!existing_token || *existing_token != json::value(token)) continue;
    // DynamoDB compares the table name only (a changed prefix is ignored).
    const auto* table_arn = existing->description.if_contains("TableArn");
    if (!table_arn || *table_arn != json::value(t.Arn()))
      return core::AwsError("ImportConflictException",
                            "Import conflict: Duplicate request detected with conflicting parameters", 400);
    net::Output out;
    out.json["ImportTableDescription"] = existing->description;
    return out;
  }
  if (catalog_->Get(t.account_id, t.region, t.name).ok())
    return ResourceInUseException("Table already exists: " + t.name);

  // CREATING until the items are in: item calls are refused meanwhile, as for a restore.
  t.restoring = true;
  auto created = catalog_->Create(std::move(t));
  if (!created.ok()) return std::move(created).error();
  const TableInfo& table = **created;
  JobInfo job;
  job.account_id = call.context.account_id;
  job.region = call.context.region;
  job.id = NewBackupId(
      std::chrono::duration_cast<std::chrono::milliseconds>(now_point.time_since_epoch()).count());
  job.table_id = table.id;
  job.fingerprint = fingerprint;
  json::object& d = job.description;
  d["ImportArn"] = table.Arn() + "/import/" + job.id;
  d["ImportStatus"] = kJobInProgress;
  d["TableArn"] = table.Arn();
  d["TableId"] = table.table_uuid;
  d["ClientToken"] = token;
  json::object bucket_source = *source;
  if (!bucket_source.contains("S3BucketOwner")) bucket_source["S3BucketOwner"] = call.context.account_id;
  d["S3BucketSource"] = std::move(bucket_source);
  d["CloudWatchLogGroupArn"] = core::MakeArn("logs", table.region, table.account_id,
                                             "log-group:" + std::string(kImportLogGroup) + ":*");
  d["InputFormat"] = format;
  if (const json::object* options = GetObject(call.input, "InputFormatOptions"))
    d["InputFormatOptions"] = *options;
  d["InputCompressionType"] = compression;
  d["TableCreationParameters"] = *params;
  d["StartTime"] = core::ToEpochSeconds(now_point);
  // The counters from the start; ProcessedSizeBytes and EndTime once the import ended (ScyllaDB's
  // test_import.py, run against AWS).
  d["ProcessedItemCount"] = 0;
  d["ImportedItemCount"] = 0;
  d["ErrorCount"] = 0;
  auto shared = std::make_shared<const JobInfo>(job);
  TARN_TRY(imports_->Put(std::move(job)));
  index_builder_->Run([this, shared] { RunImport(*shared); });
  net::Output out;
  out.json["ImportTableDescription"] = shared->description;
  return out;
}

void Service::RunImport(const JobInfo& started) {
  JobInfo done = started;
  json::object& d = done.description;
  ImportCounts counts;
  auto finish = [&](std::string_view status) {
    d["ImportStatus"] = status;
    d["EndTime"] = core::ToEpochSeconds(clock_.Now());
    d["ErrorCount"] = counts.errors;
    d["ProcessedSizeBytes"] = counts.processed_bytes;
    d["ProcessedItemCount"] = counts.processed;
    d["ImportedItemCount"] = counts.imported;
    if (auto stored = imports_->Put(done); !stored.ok())
      log::error("dynamodb: import {} not recorded: {}", done.Arn(kImportJobs), stored.error().message);
  };
  auto fail = [&](std::string_view code, std::string message) {
    d["FailureCode"] = code;
    d["FailureMessage"] = std::move(message);
    finish(kJobFailed);
  };
  std::shared_ptr<const TableInfo> table;
  for (const auto& t : catalog_->All())
    if (t->id == done.table_id) table = t;
  if (!table) return fail("UNKNOWN", "The table of the import was deleted");
  const json::object& source = d.at("S3BucketSource").as_object();
  const std::string bucket(source.at("S3Bucket").as_string());
  const auto* prefix_value = source.if_contains("S3KeyPrefix");
  const std::string prefix =
      prefix_value && prefix_value->is_string() ? std::string(prefix_value->get_string()) : "";
  auto objects = object_store_.list ? object_store_.list(bucket, prefix)
                                    : core::Result<std::vector<ObjectStore::Object>>(core::AwsError(
                                          "NoSuchBucket", "The specified bucket does not exist", 404));
  if (!objects.ok()) {
    // No table is left behind by an import that could not read its source.
    (void)catalog_->Delete(table->account_id, table->region, table->name);
    if (objects.error().code == "NoSuchBucket") return fail("S3NoSuchBucket", S3NoSuchBucketMessage());
    return fail("UNKNOWN", objects.error().message);
  }
  const std::vector<TableInfo> per_index = TablePerIndex(*table);
  const std::string format(d.at("InputFormat").as_string());
  const bool gzip = d.at("InputCompressionType") == "GZIP";
  const bool zstd = d.at("InputCompressionType") == "ZSTD";
  char delimiter = ',';
  std::vector<std::string> header_list;
  if (const auto* options = d.if_contains("InputFormatOptions"); options && options->is_object())
    if (const auto* csv = options->get_object().if_contains("Csv"); csv && csv->is_object()) {
      if (const auto* delim = csv->get_object().if_contains("Delimiter");
          delim && delim->is_string() && delim->get_string().size() == 1)
        delimiter = delim->get_string()[0];
      if (const auto* headers = csv->get_object().if_contains("HeaderList"); headers && headers->is_array())
        for (const auto& h : headers->get_array())
          if (h.is_string()) header_list.emplace_back(h.get_string());
    }

  // The error log: one event per invalid item (at most kMaxLoggedErrors), written in groups.
  const std::string error_stream = done.id + "/error";
  std::vector<std::pair<int64_t, std::string>> error_events;
  int64_t logged = 0;
  auto flush_errors = [&] {
    if (error_events.empty() || !log_writer_) return;
    if (auto written = log_writer_(table->region, kImportLogGroup, error_stream, std::move(error_events));
        !written.ok())
      log::warn("dynamodb: import {}: error log not written: {}", done.Arn(kImportJobs),
                written.error().message);
    error_events.clear();
  };
  std::string object_key;
  int64_t item_index = 0;  // of the object being read: its items from 0, a CSV header not counted
  auto invalid = [&](int64_t index, std::string_view message) {
    ++counts.processed;
    ++counts.errors;
    if (logged++ >= kMaxLoggedErrors) return;
    json::object event{
        {"itemS3Pointer", json::object{{"bucket", bucket}, {"key", object_key}, {"itemIndex", index}}},
        {"importArn", done.Arn(kImportJobs)},
        {"errorMessages", json::array{json::value(message)}}};
    error_events.emplace_back(EpochMillis(core::ToEpochSeconds(clock_.Now())), json::serialize(event));
    if (error_events.size() >= kLoggedErrorsPerWrite) flush_errors();
  };
  storage::WriteBatch batch;
  auto write = [&](core::Result<Item> parsed) -> core::Status {
    const int64_t index = item_index++;
    // An invalid item is counted, logged and skipped, as DynamoDB does.
    core::Status valid =
        parsed.ok() ? ValidateItemKey(table->key_schema, *parsed) : core::Status(parsed.error());
    // An attribute needs a name (ScyllaDB's test_import.py, run against AWS: such an item is an error).
    if (valid.ok() && parsed->contains(""))
      valid = ValidationException("One or more parameter values were invalid: An attribute name is empty");
    if (valid.ok()) valid = CheckItemSize(*parsed);
    if (valid.ok()) valid = ValidateIndexKeys(*table, *parsed);
    if (!valid.ok()) {
      invalid(index, valid.error().message);
      return core::Ok();
    }
    ++counts.processed;
    const std::string key = ItemKey(*table, *parsed);
    TARN_TRY(StageRestoredItem(*table, per_index, std::string_view(key).substr(ItemPrefix(table->id).size()),
                               EncodeItem(*parsed), batch));
    ++counts.imported;
    if (batch.ByteSize() < kWriteBatchBytes) return core::Ok();
    TARN_TRY(rocks_.Write(batch));
    batch.Clear();
    return core::Ok();
  };
  for (const ObjectStore::Object& object : *objects) {
    if (index_builder_->stopping()) return;  // still IN_PROGRESS: read again at the next start
    object_key = object.key;
    item_index = 0;
    std::string bytes;
    {
      std::ifstream file(object.path, std::ios::binary);
      std::ostringstream all;
      all << file.rdbuf();
      if (!file) return fail("UNKNOWN", "Cannot read s3://" + bucket + "/" + object.key);
      bytes = std::move(all).str();
    }
    // ProcessedSizeBytes counts what the objects hold, decompressed (ScyllaDB's test_import.py).
    size_t object_bytes = bytes.size();
    if (gzip || zstd) {
      // An object that is not what InputCompressionType says counts as one invalid item.
      std::optional<std::string> inflated;
      if (gzip) {
        auto out = core::Gunzip(bytes, kMaxObjectBytes);
        if (auto* text = std::get_if<std::string>(&out)) inflated = std::move(*text);
      } else {
        auto out = core::Unzstd(bytes, kMaxObjectBytes);
        if (auto* text = std::get_if<std::string>(&out)) inflated = std::move(*text);
      }
      if (!inflated) {
        counts.processed_bytes += static_cast<int64_t>(object_bytes);
        // tarn's words: DynamoDB's were not recorded.
        invalid(0, std::string("The object is not ") + (gzip ? "GZIP" : "ZSTD") + " compressed");
        continue;
      }
      bytes = std::move(*inflated);
      object_bytes = bytes.size();
    }
    counts.processed_bytes += static_cast<int64_t>(object_bytes);
    core::Status status = core::Ok();
    if (format == "CSV") {
      size_t pos = 0;
      std::vector<std::string> header = header_list;
      if (header.empty())
        if (auto first = NextCsvRecord(bytes, pos, delimiter)) header = std::move(*first);
      while (auto row = NextCsvRecord(bytes, pos, delimiter)) {
        if (row->size() == 1 && row->front().empty()) continue;  // a blank line
        if (status = write(CsvItem(*table, header, *row)); !status.ok()) break;
      }
    } else {
      const bool ion = format == "ION";
      auto parsed_all =
          ion ? ForEachIonItem(
                    bytes,
                    [&](core::Result<json::value> item) {
                      return write(item.ok() ? ItemFromJson(*item) : core::Result<Item>(item.error()));
                    })
              : ForEachJsonValue(bytes, [&](boost::json::value value) {
                  const json::value* item =
                      value.is_object() ? value.get_object().if_contains("Item") : nullptr;
                  return write(item
                                   ? ItemFromJson(*item)
                                   : core::Result<Item>(ValidationException("The value has no Item member")));
                });
      if (!parsed_all.ok()) {
        status = std::move(parsed_all).error();
      } else if (!*parsed_all) {
        // The rest of an object that does not parse is not read (as DynamoDB). tarn's words.
        invalid(item_index, std::string("The line is not ") + (ion ? "Ion" : "DynamoDB JSON") +
                                ": the rest of the object was not read");
      }
    }
    if (!status.ok()) return fail("UNKNOWN", status.error().message);
  }
  flush_errors();
  if (!batch.empty())
    if (auto written = rocks_.Write(batch); !written.ok()) return fail("UNKNOWN", written.error().message);
  if (auto active = FinishRestore(*table); !active.ok()) return fail("UNKNOWN", active.error().message);
  if (counts.errors > 0)
    return fail("ItemValidationError",
                "Some of the items failed validation checks and were not imported. Please check CloudWatch "
                "error logs "
                "for more details.");
  finish(kJobCompleted);
}

core::Result<net::Output> Service::DescribeImport(const net::Call& call) {
  const std::string arn = GetString(call.input, "ImportArn").value_or("");
  auto parts = ParseTableChildArn(arn, "import");
  // A table name outside TableName's 3..255 characters makes the ARN malformed (ScyllaDB's
  // test_import.py, run against AWS).
  if (!parts || parts->table.size() < 3 || parts->table.size() > 255)
    return ValidationException("Invalid Import ARN");
  if (parts->account_id != call.context.account_id) return AccessIsDenied();
  auto job = parts->region == call.context.region ? imports_->Get(parts->account_id, parts->region, parts->id)
                                                  : nullptr;
  if (!job || job->Arn(kImportJobs) != arn)
    return core::AwsError("ImportNotFoundException", "Import not found: " + arn, 400);
  net::Output out;
  out.json["ImportTableDescription"] = job->description;
  return out;
}

core::Result<net::Output> Service::ListImports(const net::Call& call) {
  const int64_t limit = GetInt(call.input, "PageSize").value_or(kDefaultListImports);
  std::string before;
  if (auto token = GetString(call.input, "NextToken")) {
    auto id = ImportTokenId(*token);
    if (!id) return ValidationException("Invalid Request: Provided nextToken is invalid: " + *token);
    before = *id;
  }
  // Imports outlive their table: TableArn matches the ARN they were made with.
  auto table_arn = GetString(call.input, "TableArn");
  auto all = imports_->List(call.context.account_id, call.context.region);
  json::array summaries;
  std::string last;
  bool more = false;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {  // newest first
    const JobInfo& job = **it;
    if (!before.empty() && job.id >= before) continue;
    if (table_arn && job.description.at("TableArn") != json::value(*table_arn)) continue;
    if (static_cast<int64_t>(summaries.size()) == limit) {
      more = true;
      break;
    }
    json::object summary;
    for (std::string_view member : {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource",
                                    "CloudWatchLogGroupArn", "InputFormat", "StartTime", "EndTime"})
      if (const auto* v = job.description.if_contains(member)) summary[member] = *v;
    summaries.push_back(std::move(summary));
    last = job.id;
  }
  net::Output out;
  out.json["ImportSummaryList"] = std::move(summaries);
  if (more) out.json["NextToken"] = ImportToken(last);
  return out;
}

}  // namespace tarn::dynamodb
