// BackupCatalog: backup records and items in family "dynamodb" (docs/storage-formats.md).
#include "dynamodb/backup_catalog.h"

#include <boost/json.hpp>
#include <cstdio>
#include <mutex>

#include "core/arn.h"
#include "core/ids.h"
#include "dynamodb/errors.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// Record tags of family "dynamodb" (docs/storage-formats.md).
constexpr uint8_t kBackupTag = 'B';
constexpr uint8_t kBackupItemTag = 'V';

std::string BackupKey(std::string_view account_id, std::string_view region, std::string_view id) {
  return storage::KeyBuilder().Byte(kBackupTag).String(account_id).String(region).String(id).Take();
}

std::string ItemsPrefix(std::string_view account_id, std::string_view region, std::string_view id) {
  return storage::KeyBuilder().Byte(kBackupItemTag).String(account_id).String(region).String(id).Take();
}

core::AwsError Corrupt(std::string_view what) {
  return core::InternalFailure("dynamodb backup catalog: " + std::string(what));
}

// Removes a backup's record and items in one write.
core::Status EraseBackup(storage::Rocks& rocks, const storage::ColumnFamily& cf, const BackupInfo& backup) {
  storage::WriteBatch batch;
  batch.Delete(cf, BackupKey(backup.account_id, backup.region, backup.id));
  std::string prefix = BackupItemPrefix(backup);
  // An encoded String component ends in 01, so the prefix has a successor.
  batch.DeleteRange(cf, prefix, storage::PrefixSuccessor(prefix).value_or(std::string("W")));
  return rocks.Write(batch);
}

bool IsHex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string BackupInfo::Arn() const { return table.Arn() + "/backup/" + id; }

std::string ToRecord(const BackupInfo& b) {
  json::object o;
  o["account"] = b.account_id;
  o["region"] = b.region;
  o["id"] = b.id;
  o["name"] = b.name;
  o["status"] = b.status;
  o["created"] = b.creation_time;
  o["bytes"] = b.size_bytes;
  o["items"] = b.item_count;
  if (b.type != kBackupUser) {
    o["type"] = b.type;
    o["expires"] = b.expiry_time;
  }
  o["table"] = ToRecord(b.table);
  return json::serialize(o);
}

std::optional<BackupInfo> BackupFromRecord(std::string_view record) {
  boost::system::error_code ec;
  json::value v = json::parse(record, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  auto str = [&](std::string_view k) -> std::optional<std::string> {
    const auto* s = o.if_contains(k);
    if (!s || !s->is_string()) return std::nullopt;
    return std::string(s->get_string());
  };
  auto num = [&](std::string_view k) -> std::optional<double> {
    const auto* n = o.if_contains(k);
    if (!n || !n->is_number()) return std::nullopt;
    return n->to_number<double>();
  };
  auto account = str("account"), region = str("region"), id = str("id"), name = str("name"),
       status = str("status"), table = str("table");
  auto created = num("created"), bytes = num("bytes"), items = num("items");
  if (!account || !region || !id || !name || !status || !table || !created || !bytes || !items)
    return std::nullopt;
  auto source = FromRecord(*table);
  if (!source) return std::nullopt;
  BackupInfo b;
  b.account_id = std::move(*account);
  b.region = std::move(*region);
  b.id = std::move(*id);
  b.name = std::move(*name);
  b.status = std::move(*status);
  b.creation_time = *created;
  b.size_bytes = static_cast<int64_t>(*bytes);
  b.item_count = static_cast<int64_t>(*items);
  b.table = std::move(*source);
  if (auto type = str("type")) {
    if (*type != kBackupSystem) return std::nullopt;
    auto expires = num("expires");
    if (!expires) return std::nullopt;
    b.type = std::move(*type);
    b.expiry_time = *expires;
  }
  return b;
}

std::string NewBackupId(int64_t epoch_ms) {
  std::string random = core::RandomBytes(4);
  char id[32];
  std::snprintf(id, sizeof(id), "%014lld-%02x%02x%02x%02x", static_cast<long long>(epoch_ms),
                static_cast<unsigned char>(random[0]), static_cast<unsigned char>(random[1]),
                static_cast<unsigned char>(random[2]), static_cast<unsigned char>(random[3]));
  return id;
}

std::string SystemBackupId(int64_t epoch_ms) {
  char id[32];
  std::snprintf(id, sizeof(id), "%014lld-00000000", static_cast<long long>(epoch_ms));
  return id;
}

std::optional<BackupArnParts> ParseBackupArn(std::string_view text) {
  return ParseTableChildArn(text, "backup");
}

std::optional<BackupArnParts> ParseTableChildArn(std::string_view text, std::string_view kind) {
  auto arn = core::Arn::Parse(text);
  if (!arn || arn->service != "dynamodb" || !arn->resource.starts_with("table/")) return std::nullopt;
  std::string_view rest = std::string_view(arn->resource).substr(6);
  const std::string marker = "/" + std::string(kind) + "/";
  size_t slash = rest.find(marker);
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  std::string_view id = rest.substr(slash + marker.size());
  // 14 digits, '-', 8 lowercase hex digits.
  if (id.size() != 23 || id[14] != '-' || !IsHex(id.substr(15))) return std::nullopt;
  for (char c : id.substr(0, 14))
    if (c < '0' || c > '9') return std::nullopt;
  return BackupArnParts{arn->region, arn->account_id, std::string(rest.substr(0, slash)), std::string(id)};
}

std::string BackupItemPrefix(const BackupInfo& backup) {
  return ItemsPrefix(backup.account_id, backup.region, backup.id);
}

core::Result<std::unique_ptr<BackupCatalog>> BackupCatalog::Open(storage::Rocks& rocks) {
  std::unique_ptr<BackupCatalog> catalog(new BackupCatalog(rocks));
  std::vector<BackupInfo> unfinished;
  std::string prefix(1, static_cast<char>(kBackupTag));
  auto it = rocks.NewIterator(catalog->cf_, storage::IteratorOptions::Prefix(prefix));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto backup = BackupFromRecord(it.value());
    if (!backup) return Corrupt("unreadable backup record");
    if (backup->status != kBackupAvailable) {
      unfinished.push_back(std::move(*backup));
      continue;
    }
    catalog->backups_[std::string(it.key())] = std::make_shared<const BackupInfo>(std::move(*backup));
  }
  TARN_TRY(it.status());
  for (const BackupInfo& backup : unfinished) TARN_TRY(EraseBackup(rocks, catalog->cf_, backup));
  return catalog;
}

core::Status BackupCatalog::Put(BackupInfo backup) {
  std::string key = BackupKey(backup.account_id, backup.region, backup.id);
  std::unique_lock lock(mu_);
  TARN_TRY(rocks_.Put(cf_, key, ToRecord(backup)));
  backups_[key] = std::make_shared<const BackupInfo>(std::move(backup));
  return core::Ok();
}

core::Result<bool> BackupCatalog::Insert(BackupInfo backup) {
  std::string key = BackupKey(backup.account_id, backup.region, backup.id);
  std::unique_lock lock(mu_);
  if (backups_.contains(key)) return false;
  TARN_TRY(rocks_.Put(cf_, key, ToRecord(backup)));
  backups_[key] = std::make_shared<const BackupInfo>(std::move(backup));
  return true;
}

std::shared_ptr<const BackupInfo> BackupCatalog::Get(std::string_view account_id, std::string_view region,
                                                     std::string_view id) const {
  std::string key = BackupKey(account_id, region, id);
  std::shared_lock lock(mu_);
  auto found = backups_.find(key);
  return found == backups_.end() ? nullptr : found->second;
}

core::Result<std::shared_ptr<const BackupInfo>> BackupCatalog::Delete(std::string_view account_id,
                                                                      std::string_view region,
                                                                      std::string_view id) {
  std::string key = BackupKey(account_id, region, id);
  std::unique_lock lock(mu_);
  auto found = backups_.find(key);
  if (found == backups_.end()) return std::shared_ptr<const BackupInfo>();
  TARN_TRY(EraseBackup(rocks_, cf_, *found->second));
  auto backup = found->second;
  backups_.erase(found);
  return backup;
}

std::vector<std::shared_ptr<const BackupInfo>> BackupCatalog::List(std::string_view account_id,
                                                                   std::string_view region) const {
  std::string prefix = storage::KeyBuilder().Byte(kBackupTag).String(account_id).String(region).Take();
  std::vector<std::shared_ptr<const BackupInfo>> out;
  std::shared_lock lock(mu_);
  for (auto it = backups_.lower_bound(prefix); it != backups_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->second);
  return out;
}

core::Result<size_t> BackupCatalog::RemoveExpired(double now) {
  std::unique_lock lock(mu_);
  size_t removed = 0;
  for (auto it = backups_.begin(); it != backups_.end();) {
    const BackupInfo& backup = *it->second;
    if (backup.type != kBackupSystem || now < backup.expiry_time) {
      ++it;
      continue;
    }
    TARN_TRY(EraseBackup(rocks_, cf_, backup));
    it = backups_.erase(it);
    ++removed;
  }
  return removed;
}

}  // namespace tarn::dynamodb
