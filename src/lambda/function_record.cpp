// FunctionRecord <-> JSON, FunctionConfiguration, and the RocksDB records.
#include "lambda/function_record.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <ctime>

namespace tarn::lambda {

namespace json = boost::json;

namespace {

std::string Key(std::string_view account, std::string_view region, std::string_view name) {
  return "function/" + std::string(account) + "/" + std::string(region) + "/" + std::string(name);
}

// "version/<account>/<region>/<name>/": the function's published versions follow, numbered with
// ten digits so that key order is number order.
std::string VersionPrefix(std::string_view account, std::string_view region, std::string_view name) {
  return "version/" + std::string(account) + "/" + std::string(region) + "/" + std::string(name) + "/";
}

std::string VersionKey(std::string_view account, std::string_view region, std::string_view name,
                       uint64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(number));
  return VersionPrefix(account, region, name) + digits;
}

std::string AliasPrefix(std::string_view account, std::string_view region, std::string_view function) {
  return "alias/" + std::string(account) + "/" + std::string(region) + "/" + std::string(function) + "/";
}

constexpr FunctionStore::Setting kSettings[] = {FunctionStore::Setting::kPolicy,
                                                FunctionStore::Setting::kEventInvokeConfig};

std::string SettingPrefix(FunctionStore::Setting setting, std::string_view account, std::string_view region,
                          std::string_view function) {
  const char* kind = setting == FunctionStore::Setting::kPolicy ? "policy/" : "event-invoke-config/";
  return kind + std::string(account) + "/" + std::string(region) + "/" + std::string(function) + "/";
}

// The key just past every key that starts with prefix (prefixes here end in '/').
std::string PrefixEnd(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t Int(const json::object& o, std::string_view key, int64_t fallback) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : fallback;
}

json::object Obj(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : json::object();
}

}  // namespace

std::string FunctionArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) +
         ":function:" + std::string(name);
}

std::string FormatLastModified(core::TimePoint t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buffer;
}

std::string FunctionRecord::Arn() const { return FunctionArn(region, account_id, name); }

std::string FunctionRecord::VersionArn() const { return latest() ? Arn() : Arn() + ":" + version; }

json::object FunctionRecord::Configuration(std::string_view qualifier) const {
  json::object c;
  c["FunctionName"] = name;
  c["FunctionArn"] = qualifier.empty() ? VersionArn() : Arn() + ":" + std::string(qualifier);
  c["Runtime"] = runtime;
  c["Role"] = role;
  c["Handler"] = handler;
  c["CodeSize"] = code_size;
  c["Description"] = description;
  c["Timeout"] = timeout;
  c["MemorySize"] = memory_size;
  c["LastModified"] = last_modified;
  c["CodeSha256"] = code_sha256;
  c["Version"] = version;
  if (!environment.empty()) c["Environment"] = json::object{{"Variables", environment}};
  c["TracingConfig"] = json::object{{"Mode", "PassThrough"}};
  c["RevisionId"] = revision_id;
  c["State"] = "Active";
  c["LastUpdateStatus"] = "Successful";
  c["PackageType"] = "Zip";
  c["Architectures"] = json::array{"x86_64"};
  c["EphemeralStorage"] = json::object{{"Size", 512}};
  c["SnapStart"] = json::object{{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  c["LoggingConfig"] = json::object{{"LogFormat", "Text"}, {"LogGroup", LogGroup()}};
  return c;
}

json::object FunctionRecord::ToJson() const {
  json::object o;
  o["account"] = account_id;
  o["region"] = region;
  o["name"] = name;
  o["runtime"] = runtime;
  o["handler"] = handler;
  o["role"] = role;
  o["description"] = description;
  o["timeout"] = timeout;
  o["memory"] = memory_size;
  o["environment"] = environment;
  o["tags"] = tags;
  o["code_sha256"] = code_sha256;
  o["code_hex"] = code_hex;
  o["code_size"] = code_size;
  o["last_modified"] = last_modified;
  o["revision_id"] = revision_id;
  if (reserved_concurrency) o["reserved_concurrency"] = *reserved_concurrency;
  o["version"] = version;
  if (last_version) o["last_version"] = last_version;
  if (!published_revision.empty()) o["published_revision"] = published_revision;
  return o;
}

core::Result<FunctionRecord> FunctionRecord::FromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::InternalFailure("corrupt lambda function record");
  const json::object& o = v.get_object();
  FunctionRecord r;
  r.account_id = Str(o, "account");
  r.region = Str(o, "region");
  r.name = Str(o, "name");
  r.runtime = Str(o, "runtime");
  r.handler = Str(o, "handler");
  r.role = Str(o, "role");
  r.description = Str(o, "description");
  r.timeout = static_cast<int>(Int(o, "timeout", kDefaultTimeoutSeconds));
  r.memory_size = static_cast<int>(Int(o, "memory", kDefaultMemoryMb));
  r.environment = Obj(o, "environment");
  r.tags = Obj(o, "tags");
  r.code_sha256 = Str(o, "code_sha256");
  r.code_hex = Str(o, "code_hex");
  r.code_size = static_cast<uint64_t>(Int(o, "code_size", 0));
  r.last_modified = Str(o, "last_modified");
  r.revision_id = Str(o, "revision_id");
  if (o.contains("reserved_concurrency"))
    r.reserved_concurrency = static_cast<int>(Int(o, "reserved_concurrency", 0));
  if (auto version = Str(o, "version"); !version.empty()) r.version = version;  // absent before versions
  r.last_version = static_cast<uint64_t>(Int(o, "last_version", 0));
  r.published_revision = Str(o, "published_revision");
  return r;
}

FunctionStore::FunctionStore(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("lambda")) {}

core::Result<std::optional<FunctionRecord>> FunctionStore::Get(std::string_view account,
                                                               std::string_view region,
                                                               std::string_view name) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, Key(account, region, name)));
  if (!value) return std::optional<FunctionRecord>();
  TARN_ASSIGN_OR_RETURN(auto record, FunctionRecord::FromJson(*value));
  return std::optional<FunctionRecord>(std::move(record));
}

core::Status FunctionStore::Put(const FunctionRecord& record) {
  return rocks_.Put(cf_, Key(record.account_id, record.region, record.name),
                    json::serialize(record.ToJson()));
}

core::Status FunctionStore::Delete(const FunctionRecord& record) {
  storage::WriteBatch batch;
  batch.Delete(cf_, Key(record.account_id, record.region, record.name));
  std::string versions = VersionPrefix(record.account_id, record.region, record.name);
  batch.DeleteRange(cf_, versions, PrefixEnd(versions));
  std::string aliases = AliasPrefix(record.account_id, record.region, record.name);
  batch.DeleteRange(cf_, aliases, PrefixEnd(aliases));
  for (auto setting : kSettings) {
    std::string prefix = SettingPrefix(setting, record.account_id, record.region, record.name);
    batch.DeleteRange(cf_, prefix, PrefixEnd(prefix));
  }
  // Durable before it returns: the caller removes the code directory next, which cannot be undone.
  return rocks_.WriteDurably(batch);
}

core::Result<std::optional<FunctionRecord>> FunctionStore::GetVersion(std::string_view account,
                                                                      std::string_view region,
                                                                      std::string_view name,
                                                                      uint64_t number) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, VersionKey(account, region, name, number)));
  if (!value) return std::optional<FunctionRecord>();
  TARN_ASSIGN_OR_RETURN(auto record, FunctionRecord::FromJson(*value));
  return std::optional<FunctionRecord>(std::move(record));
}

core::Status FunctionStore::Publish(const FunctionRecord& latest, const FunctionRecord& version) {
  storage::WriteBatch batch;
  batch.Put(cf_, Key(latest.account_id, latest.region, latest.name), json::serialize(latest.ToJson()));
  batch.Put(cf_, VersionKey(version.account_id, version.region, version.name, std::stoull(version.version)),
            json::serialize(version.ToJson()));
  return rocks_.Write(batch);
}

core::Status FunctionStore::DeleteVersion(const FunctionRecord& version) {
  storage::WriteBatch batch;
  batch.Delete(cf_,
               VersionKey(version.account_id, version.region, version.name, std::stoull(version.version)));
  for (auto setting : kSettings)
    batch.Delete(cf_,
                 SettingPrefix(setting, version.account_id, version.region, version.name) + version.version);
  return rocks_.Write(batch);
}

core::Result<std::vector<FunctionRecord>> FunctionStore::ListVersions(std::string_view account,
                                                                      std::string_view region,
                                                                      std::string_view name) const {
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(VersionPrefix(account, region, name)));
  std::vector<FunctionRecord> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    TARN_ASSIGN_OR_RETURN(auto record, FunctionRecord::FromJson(it.value()));
    out.push_back(std::move(record));
  }
  TARN_TRY(it.status());
  return out;
}

core::Result<std::optional<AliasRecord>> FunctionStore::GetAlias(std::string_view account,
                                                                 std::string_view region,
                                                                 std::string_view function,
                                                                 std::string_view alias) const {
  TARN_ASSIGN_OR_RETURN(auto value,
                        rocks_.Get(cf_, AliasPrefix(account, region, function) + std::string(alias)));
  if (!value) return std::optional<AliasRecord>();
  TARN_ASSIGN_OR_RETURN(auto record, AliasRecord::FromJson(*value));
  return std::optional<AliasRecord>(std::move(record));
}

core::Status FunctionStore::PutAlias(const AliasRecord& alias) {
  return rocks_.Put(cf_, AliasPrefix(alias.account_id, alias.region, alias.function_name) + alias.name,
                    json::serialize(alias.ToJson()));
}

core::Status FunctionStore::DeleteAlias(const AliasRecord& alias) {
  storage::WriteBatch batch;
  batch.Delete(cf_, AliasPrefix(alias.account_id, alias.region, alias.function_name) + alias.name);
  for (auto setting : kSettings)
    batch.Delete(cf_,
                 SettingPrefix(setting, alias.account_id, alias.region, alias.function_name) + alias.name);
  return rocks_.Write(batch);
}

core::Result<std::optional<std::string>> FunctionStore::GetSetting(Setting setting, std::string_view account,
                                                                   std::string_view region,
                                                                   std::string_view function,
                                                                   std::string_view qualifier) const {
  return rocks_.Get(cf_, SettingPrefix(setting, account, region, function) + std::string(qualifier));
}

core::Status FunctionStore::PutSetting(Setting setting, std::string_view account, std::string_view region,
                                       std::string_view function, std::string_view qualifier,
                                       std::string_view document) {
  std::string key = SettingPrefix(setting, account, region, function) + std::string(qualifier);
  if (document.empty()) return rocks_.Delete(cf_, key);
  return rocks_.Put(cf_, key, document);
}

core::Result<std::vector<std::pair<std::string, std::string>>> FunctionStore::ListSettings(
    Setting setting, std::string_view account, std::string_view region, std::string_view function) const {
  std::string prefix = SettingPrefix(setting, account, region, function);
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
  std::vector<std::pair<std::string, std::string>> out;
  for (it.SeekToFirst(); it.Valid(); it.Next())
    out.emplace_back(std::string(it.key().substr(prefix.size())), std::string(it.value()));
  TARN_TRY(it.status());
  return out;
}

core::Result<std::vector<AliasRecord>> FunctionStore::ListAliases(std::string_view account,
                                                                  std::string_view region,
                                                                  std::string_view function) const {
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(AliasPrefix(account, region, function)));
  std::vector<AliasRecord> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    TARN_ASSIGN_OR_RETURN(auto record, AliasRecord::FromJson(it.value()));
    out.push_back(std::move(record));
  }
  TARN_TRY(it.status());
  return out;
}

core::Result<std::vector<FunctionRecord>> FunctionStore::List(std::string_view account,
                                                              std::string_view region, std::string_view after,
                                                              size_t limit) const {
  std::string prefix = Key(account, region, "");
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
  std::vector<FunctionRecord> out;
  if (after.empty()) {
    it.SeekToFirst();
  } else {
    std::string start = prefix + std::string(after);
    it.Seek(start);
    if (it.Valid() && it.key() == start) it.Next();
  }
  for (; it.Valid() && out.size() < limit; it.Next()) {
    TARN_ASSIGN_OR_RETURN(auto record, FunctionRecord::FromJson(it.value()));
    out.push_back(std::move(record));
  }
  TARN_TRY(it.status());
  return out;
}

}  // namespace tarn::lambda
