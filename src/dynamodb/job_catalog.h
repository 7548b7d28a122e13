#pragma once
// JobCatalog: the exports to S3 (ExportTableToPointInTime) or the imports from S3 (ImportTable) of every
// (account, region), persisted in family "dynamodb" (docs/storage-formats.md) and cached in memory. A
// job's record is its description as DescribeExport / DescribeImport answers it, with what tarn needs
// besides: the table's id and the request's fingerprint (ClientToken idempotency). Thread-safe.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/rocks.h"

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportDescription.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ImportTableDescription.html
inline constexpr std::string_view kJobInProgress = "IN_PROGRESS";
inline constexpr std::string_view kJobCompleted = "COMPLETED";
inline constexpr std::string_view kJobFailed = "FAILED";

// Which jobs a catalog keeps: the record tag and the description's ARN and status members.
struct JobKind {
  uint8_t tag;
  std::string_view arn_member;     // "ExportArn" / "ImportArn"
  std::string_view status_member;  // "ExportStatus" / "ImportStatus"
};
inline constexpr JobKind kExportJobs{'E', "ExportArn", "ExportStatus"};
inline constexpr JobKind kImportJobs{'G', "ImportArn", "ImportStatus"};

struct JobInfo {
  std::string account_id;
  std::string region;
  std::string id;  // "01700000000000-0a1b2c3d": StartTime in epoch ms (14 digits), '-', 8 hex digits
  uint64_t table_id = 0;
  std::string fingerprint;          // the request's parameters but its ClientToken, serialized
  boost::json::object description;  // ExportDescription / ImportTableDescription

  std::string Arn(const JobKind& kind) const;
  std::string_view Status(const JobKind& kind) const;
};

// The FailureMessage of an export or import whose bucket does not exist, as DynamoDB relays S3's error
// (ack-api-quirks DDB-EXPORT-010, moto's aws_verified test_export_to_missing_s3_bucket).
std::string S3NoSuchBucketMessage();

// Stored form (JSON text); nullopt when malformed.
std::string ToRecord(const JobInfo& job);
std::optional<JobInfo> JobFromRecord(std::string_view record, const JobKind& kind);

class JobCatalog {
 public:
  // Loads every record of the kind. InternalFailure on storage errors or an unreadable record.
  static core::Result<std::unique_ptr<JobCatalog>> Open(storage::Rocks& rocks, const JobKind& kind);

  const JobKind& kind() const { return kind_; }
  // Stores a new job's record, or replaces that of the job with the same id.
  core::Status Put(JobInfo job);
  // The job, or nullptr.
  std::shared_ptr<const JobInfo> Get(std::string_view account_id, std::string_view region,
                                     std::string_view id) const;
  // The jobs of one account and region, oldest first (the ids begin with their start time).
  std::vector<std::shared_ptr<const JobInfo>> List(std::string_view account_id,
                                                   std::string_view region) const;
  // Every job still IN_PROGRESS (resumed at start-up).
  std::vector<std::shared_ptr<const JobInfo>> InProgress() const;

 private:
  JobCatalog(storage::Rocks& rocks, const JobKind& kind)
      : rocks_(rocks), cf_(rocks.Cf("dynamodb")), kind_(kind) {}
  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  const JobKind kind_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const JobInfo>, std::less<>> jobs_;
};

}  // namespace tarn::dynamodb
