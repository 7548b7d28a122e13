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

json::object FunctionRecord::Configuration() const {
  json::object c;
  c["FunctionName"] = name;
  c["FunctionArn"] = Arn();
  c["Runtime"] = runtime;
  c["Role"] = role;
  c["Handler"] = handler;
  c["CodeSize"] = code_size;
  c["Description"] = description;
  c["Timeout"] = timeout;
  c["MemorySize"] = memory_size;
  c["LastModified"] = last_modified;
  c["CodeSha256"] = code_sha256;
  c["Version"] = "$LATEST";
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
  return rocks_.Delete(cf_, Key(record.account_id, record.region, record.name));
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
