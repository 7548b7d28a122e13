#pragma once
// ExportCatalog: the exports to S3 (ExportTableToPointInTime) of every (account, region), persisted in
// family "dynamodb" (docs/storage-formats.md, "dynamodb: exports") and cached in memory. An export's
// record is its ExportDescription as DescribeExport answers it, with what tarn needs besides: the
// source table's id and the request's fingerprint (ClientToken idempotency). Thread-safe.

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
inline constexpr std::string_view kExportInProgress = "IN_PROGRESS";
inline constexpr std::string_view kExportCompleted = "COMPLETED";
inline constexpr std::string_view kExportFailed = "FAILED";

struct ExportInfo {
  std::string account_id;
  std::string region;
  std::string id;  // "01700000000000-0a1b2c3d": StartTime in epoch ms (14 digits), '-', 8 hex digits
  uint64_t table_id = 0;
  std::string fingerprint;          // the request's parameters but its ClientToken, serialized
  boost::json::object description;  // ExportDescription

  std::string Arn() const;  // ExportDescription.ExportArn
  std::string_view status() const;
};

// Stored form (JSON text); nullopt when malformed.
std::string ToRecord(const ExportInfo& export_info);
std::optional<ExportInfo> ExportFromRecord(std::string_view record);

class ExportCatalog {
 public:
  // Loads every export record. InternalFailure on storage errors or an unreadable record.
  static core::Result<std::unique_ptr<ExportCatalog>> Open(storage::Rocks& rocks);

  // Stores a new export's record, or replaces that of the export with the same id.
  core::Status Put(ExportInfo export_info);
  // The export, or nullptr.
  std::shared_ptr<const ExportInfo> Get(std::string_view account_id, std::string_view region,
                                        std::string_view id) const;
  // The exports of one account and region, oldest first (the ids begin with their start time).
  std::vector<std::shared_ptr<const ExportInfo>> List(std::string_view account_id,
                                                      std::string_view region) const;
  // Every export still IN_PROGRESS (resumed at start-up).
  std::vector<std::shared_ptr<const ExportInfo>> InProgress() const;

 private:
  explicit ExportCatalog(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("dynamodb")) {}
  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const ExportInfo>, std::less<>> exports_;
};

}  // namespace tarn::dynamodb
