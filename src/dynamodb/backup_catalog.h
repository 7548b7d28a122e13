#pragma once
// BackupCatalog: the on-demand backups (CreateBackup) of every (account, region), persisted in family
// "dynamodb" (docs/storage-formats.md, "dynamodb: backups") and cached in memory. A backup is a record
// (the source table's record as it was, the backup's name, status and sizes) and a copy of the table's
// items under BackupItemPrefix, read from one RocksDB snapshot; it outlives its table. Thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "dynamodb/table_catalog.h"
#include "storage/rocks.h"

namespace tarn::dynamodb {

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BackupDetails.html
inline constexpr std::string_view kBackupCreating = "CREATING";
inline constexpr std::string_view kBackupAvailable = "AVAILABLE";
inline constexpr std::string_view kBackupDeleted = "DELETED";  // only in DeleteBackup's answer
// BackupType: USER (CreateBackup) or SYSTEM (taken by DeleteTable of a table with point-in-time
// recovery on, named "<table>$DeletedTableBackup", kept for kSystemBackupDays and not deletable).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
inline constexpr std::string_view kBackupUser = "USER";
inline constexpr std::string_view kBackupSystem = "SYSTEM";
inline constexpr std::string_view kDeletedTableBackupSuffix = "$DeletedTableBackup";
inline constexpr int64_t kSystemBackupDays = 35;

struct BackupInfo {
  std::string account_id;
  std::string region;
  std::string id;      // "01700000000000-0a1b2c3d": epoch ms in 14 digits, '-', 8 hex digits
  std::string name;    // BackupName
  std::string status;  // CREATING while the items are copied, then AVAILABLE
  std::string type = std::string(kBackupUser);
  double expiry_time = 0;  // SYSTEM backups: BackupExpiryDateTime (epoch seconds), when it is removed
  double creation_time = 0;
  int64_t size_bytes = 0;  // BackupSizeBytes: the items' sizes as DynamoDB counts them
  int64_t item_count = 0;
  TableInfo table;  // the source table as it was when the backup was taken

  // <the source table's ARN>/backup/<id>
  std::string Arn() const;
};

// Stored form of a BackupInfo (JSON text, the table as its own record inside); nullopt when malformed.
std::string ToRecord(const BackupInfo& backup);
std::optional<BackupInfo> BackupFromRecord(std::string_view record);
// A new backup id for a backup taken at `epoch_ms`.
std::string NewBackupId(int64_t epoch_ms);
// The id of a SYSTEM backup taken at `epoch_ms`: DynamoDB's end in 00000000 instead of random digits
// (ack-api-quirks DDB-BACKUP-015, probed against DynamoDB).
std::string SystemBackupId(int64_t epoch_ms);
// The parts of a backup ARN, arn:aws:dynamodb:<region>:<account>:table/<table>/backup/<id>; nullopt
// when `arn` is not one.
struct BackupArnParts {
  std::string region;
  std::string account_id;
  std::string table;
  std::string id;
};
std::optional<BackupArnParts> ParseBackupArn(std::string_view arn);
// The same for the other resources DynamoDB names below a table with such an id: `kind` "export"
// (arn:...:table/<table>/export/<id>) or "import".
std::optional<BackupArnParts> ParseTableChildArn(std::string_view arn, std::string_view kind);
// Every key of a backup's items starts with this (then the encoded primary key, as in ItemKey).
std::string BackupItemPrefix(const BackupInfo& backup);

class BackupCatalog {
 public:
  // Loads every backup record. A backup still CREATING was cut off by a crash before CreateBackup
  // answered: it is removed with the items it had copied. InternalFailure on storage errors or an
  // unreadable record.
  static core::Result<std::unique_ptr<BackupCatalog>> Open(storage::Rocks& rocks);

  // Stores a new backup's record, or replaces the record of the backup with the same id.
  core::Status Put(BackupInfo backup);
  // Stores a new backup's record unless its id is taken (false then: SYSTEM ids are not random).
  core::Result<bool> Insert(BackupInfo backup);
  // The backup, or nullptr.
  std::shared_ptr<const BackupInfo> Get(std::string_view account_id, std::string_view region,
                                        std::string_view id) const;
  // Removes the record and every item of the backup in one write; nullptr when there was none.
  core::Result<std::shared_ptr<const BackupInfo>> Delete(std::string_view account_id, std::string_view region,
                                                         std::string_view id);
  // The backups of one account and region, oldest first (the ids begin with their time).
  std::vector<std::shared_ptr<const BackupInfo>> List(std::string_view account_id,
                                                      std::string_view region) const;
  // Removes every SYSTEM backup whose BackupExpiryDateTime is past `now` (epoch seconds); how many.
  core::Result<size_t> RemoveExpired(double now);

 private:
  explicit BackupCatalog(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("dynamodb")) {}
  storage::Rocks& rocks_;
  const storage::ColumnFamily& cf_;
  mutable std::shared_mutex mu_;
  // Keyed by the record key: (account, region, id) order.
  std::map<std::string, std::shared_ptr<const BackupInfo>, std::less<>> backups_;
};

}  // namespace tarn::dynamodb
