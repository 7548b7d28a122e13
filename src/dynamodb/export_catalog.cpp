// ExportCatalog: export records in family "dynamodb" (docs/storage-formats.md).
#include "dynamodb/export_catalog.h"

#include <boost/json.hpp>
#include <mutex>

#include "core/aws_error.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// Record tag of family "dynamodb" (docs/storage-formats.md).
constexpr uint8_t kExportTag = 'E';

std::string ExportKey(std::string_view account_id, std::string_view region, std::string_view id) {
  return storage::KeyBuilder().Byte(kExportTag).String(account_id).String(region).String(id).Take();
}

}  // namespace

std::string ExportInfo::Arn() const {
  const auto* arn = description.if_contains("ExportArn");
  return arn && arn->is_string() ? std::string(arn->get_string()) : std::string();
}

std::string_view ExportInfo::status() const {
  const auto* status = description.if_contains("ExportStatus");
  return status && status->is_string() ? std::string_view(status->get_string()) : std::string_view();
}

std::string ToRecord(const ExportInfo& e) {
  return json::serialize(json::object{{"account", e.account_id},
                                      {"region", e.region},
                                      {"id", e.id},
                                      {"table_id", e.table_id},
                                      {"fingerprint", e.fingerprint},
                                      {"description", e.description}});
}

std::optional<ExportInfo> ExportFromRecord(std::string_view record) {
  boost::system::error_code ec;
  json::value v = json::parse(record, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  const auto* account = o.if_contains("account");
  const auto* region = o.if_contains("region");
  const auto* id = o.if_contains("id");
  const auto* table_id = o.if_contains("table_id");
  const auto* fingerprint = o.if_contains("fingerprint");
  const auto* description = o.if_contains("description");
  if (!account || !account->is_string() || !region || !region->is_string() || !id || !id->is_string() ||
      !table_id || !(table_id->is_uint64() || table_id->is_int64()) || !fingerprint ||
      !fingerprint->is_string() || !description || !description->is_object())
    return std::nullopt;
  ExportInfo e;
  e.account_id = std::string(account->get_string());
  e.region = std::string(region->get_string());
  e.id = std::string(id->get_string());
  e.table_id = table_id->to_number<uint64_t>();
  e.fingerprint = std::string(fingerprint->get_string());
  e.description = description->get_object();
  if (e.Arn().empty() || e.status().empty()) return std::nullopt;
  return e;
}

core::Result<std::unique_ptr<ExportCatalog>> ExportCatalog::Open(storage::Rocks& rocks) {
  std::unique_ptr<ExportCatalog> catalog(new ExportCatalog(rocks));
  std::string prefix(1, static_cast<char>(kExportTag));
  auto it = rocks.NewIterator(catalog->cf_, storage::IteratorOptions::Prefix(prefix));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto e = ExportFromRecord(it.value());
    if (!e) return core::InternalFailure("dynamodb export catalog: unreadable export record");
    catalog->exports_[std::string(it.key())] = std::make_shared<const ExportInfo>(std::move(*e));
  }
  TARN_TRY(it.status());
  return catalog;
}

core::Status ExportCatalog::Put(ExportInfo e) {
  std::string key = ExportKey(e.account_id, e.region, e.id);
  std::unique_lock lock(mu_);
  TARN_TRY(rocks_.Put(cf_, key, ToRecord(e)));
  exports_[key] = std::make_shared<const ExportInfo>(std::move(e));
  return core::Ok();
}

std::shared_ptr<const ExportInfo> ExportCatalog::Get(std::string_view account_id, std::string_view region,
                                                     std::string_view id) const {
  std::string key = ExportKey(account_id, region, id);
  std::shared_lock lock(mu_);
  auto found = exports_.find(key);
  return found == exports_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<const ExportInfo>> ExportCatalog::List(std::string_view account_id,
                                                                   std::string_view region) const {
  std::string prefix = storage::KeyBuilder().Byte(kExportTag).String(account_id).String(region).Take();
  std::vector<std::shared_ptr<const ExportInfo>> out;
  std::shared_lock lock(mu_);
  for (auto it = exports_.lower_bound(prefix); it != exports_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->second);
  return out;
}

std::vector<std::shared_ptr<const ExportInfo>> ExportCatalog::InProgress() const {
  std::vector<std::shared_ptr<const ExportInfo>> out;
  std::shared_lock lock(mu_);
  for (const auto& [key, e] : exports_)
    if (e->status() == kExportInProgress) out.push_back(e);
  return out;
}

}  // namespace tarn::dynamodb
