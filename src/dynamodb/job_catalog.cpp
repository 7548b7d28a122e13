// JobCatalog: export and import records in family "dynamodb" (docs/storage-formats.md).
#include "dynamodb/job_catalog.h"

#include <boost/json.hpp>
#include <mutex>

#include "core/aws_error.h"
#include "core/encoding.h"
#include "core/ids.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

std::string JobKey(uint8_t tag, std::string_view account_id, std::string_view region, std::string_view id) {
  return storage::KeyBuilder().Byte(tag).String(account_id).String(region).String(id).Take();
}

}  // namespace

std::string JobInfo::Arn(const JobKind& kind) const {
  const auto* arn = description.if_contains(kind.arn_member);
  return arn && arn->is_string() ? std::string(arn->get_string()) : std::string();
}

std::string_view JobInfo::Status(const JobKind& kind) const {
  const auto* status = description.if_contains(kind.status_member);
  return status && status->is_string() ? std::string_view(status->get_string()) : std::string_view();
}

std::string S3NoSuchBucketMessage() {
  return "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: "
         "NoSuchBucket; "
         "Request ID: " +
         core::NewS3RequestId() + "; S3 Extended Request ID: " + core::Base64Encode(core::RandomBytes(48)) +
         "; Proxy: null)";
}

std::string ToRecord(const JobInfo& e) {
  return json::serialize(json::object{{"account", e.account_id},
                                      {"region", e.region},
                                      {"id", e.id},
                                      {"table_id", e.table_id},
                                      {"fingerprint", e.fingerprint},
                                      {"description", e.description}});
}

std::optional<JobInfo> JobFromRecord(std::string_view record, const JobKind& kind) {
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
  JobInfo e;
  e.account_id = std::string(account->get_string());
  e.region = std::string(region->get_string());
  e.id = std::string(id->get_string());
  e.table_id = table_id->to_number<uint64_t>();
  e.fingerprint = std::string(fingerprint->get_string());
  e.description = description->get_object();
  if (e.Arn(kind).empty() || e.Status(kind).empty()) return std::nullopt;
  return e;
}

core::Result<std::unique_ptr<JobCatalog>> JobCatalog::Open(storage::Rocks& rocks, const JobKind& kind) {
  std::unique_ptr<JobCatalog> catalog(new JobCatalog(rocks, kind));
  std::string prefix(1, static_cast<char>(kind.tag));
  auto it = rocks.NewIterator(catalog->cf_, storage::IteratorOptions::Prefix(prefix));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto e = JobFromRecord(it.value(), kind);
    if (!e)
      return core::InternalFailure("dynamodb job catalog: unreadable " + std::string(kind.arn_member) +
                                   " record");
    catalog->jobs_[std::string(it.key())] = std::make_shared<const JobInfo>(std::move(*e));
  }
  TARN_TRY(it.status());
  return catalog;
}

core::Status JobCatalog::Put(JobInfo e) {
  std::string key = JobKey(kind_.tag, e.account_id, e.region, e.id);
  std::unique_lock lock(mu_);
  TARN_TRY(rocks_.Put(cf_, key, ToRecord(e)));
  jobs_[key] = std::make_shared<const JobInfo>(std::move(e));
  return core::Ok();
}

std::shared_ptr<const JobInfo> JobCatalog::Get(std::string_view account_id, std::string_view region,
                                               std::string_view id) const {
  std::string key = JobKey(kind_.tag, account_id, region, id);
  std::shared_lock lock(mu_);
  auto found = jobs_.find(key);
  return found == jobs_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<const JobInfo>> JobCatalog::List(std::string_view account_id,
                                                             std::string_view region) const {
  std::string prefix = storage::KeyBuilder().Byte(kind_.tag).String(account_id).String(region).Take();
  std::vector<std::shared_ptr<const JobInfo>> out;
  std::shared_lock lock(mu_);
  for (auto it = jobs_.lower_bound(prefix); it != jobs_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->second);
  return out;
}

std::vector<std::shared_ptr<const JobInfo>> JobCatalog::InProgress() const {
  std::vector<std::shared_ptr<const JobInfo>> out;
  std::shared_lock lock(mu_);
  for (const auto& [key, e] : jobs_)
    if (e->Status(kind_) == kJobInProgress) out.push_back(e);
  return out;
}

}  // namespace tarn::dynamodb
