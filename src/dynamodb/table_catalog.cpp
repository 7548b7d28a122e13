// TableCatalog: table records in family "dynamodb" (docs/storage-formats.md) with an in-memory cache.
#include "dynamodb/table_catalog.h"

#include <boost/json.hpp>
#include <mutex>

#include "core/arn.h"
#include "core/json_depth.h"
#include "dynamodb/errors.h"
#include "dynamodb/point_in_time.h"
#include "dynamodb/resource_policy.h"
#include "storage/column_families.h"
#include "storage/key_codec.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// Record tags of family "dynamodb" (docs/storage-formats.md).
constexpr uint8_t kTableTag = 'T';
constexpr uint8_t kItemTag = 'I';
constexpr std::string_view kNextIdKey = "C";
constexpr storage::FormatVersion kStoreVersion{1, 0};

std::string TableKey(std::string_view account_id, std::string_view region, std::string_view name) {
  return storage::KeyBuilder().Byte(kTableTag).String(account_id).String(region).String(name).Take();
}

std::string TablePrefix(std::string_view account_id, std::string_view region) {
  return storage::KeyBuilder().Byte(kTableTag).String(account_id).String(region).Take();
}

json::object KeyAttributeJson(const KeyAttribute& a) {
  return {{"name", a.name}, {"type", ScalarAttributeTypeName(a.type)}};
}

std::optional<KeyAttribute> KeyAttributeFrom(const json::value& v) {
  const auto* o = v.if_object();
  if (!o || !o->contains("name") || !o->contains("type")) return std::nullopt;
  const auto* name = o->at("name").if_string();
  const auto* type = o->at("type").if_string();
  if (!name || !type) return std::nullopt;
  auto t = ParseScalarAttributeType(*type);
  if (!t) return std::nullopt;
  return KeyAttribute{std::string(*name), *t};
}

std::string Str(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

double Num(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v) return 0;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return 0;
}

json::array IndexesJson(const std::vector<SecondaryIndex>& indexes) {
  json::array out;
  for (const auto& i : indexes) {
    json::object o{{"name", i.name},
                   {"global", i.global},
                   {"id", i.id},
                   {"hash", KeyAttributeJson(i.key_schema.hash)},
                   {"projection", i.projection_type},
                   {"status", i.status},
                   {"backfilling", i.backfilling},
                   {"rcu", i.read_capacity},
                   {"wcu", i.write_capacity}};
    if (i.key_schema.range) o["range"] = KeyAttributeJson(*i.key_schema.range);
    ThroughputHistoryToRecord(i.throughput_history, o);
    if (i.on_demand_read > 0) o["odt_read"] = i.on_demand_read;
    if (i.on_demand_write > 0) o["odt_write"] = i.on_demand_write;
    // A multi-attribute key's further HASH and RANGE attributes; absent for single ones.
    for (auto [member, list] :
         {std::pair{"more_hash", &i.key_schema.more_hash}, {"more_range", &i.key_schema.more_range}}) {
      if (list->empty()) continue;
      json::array more;
      for (const auto& a : *list) more.push_back(KeyAttributeJson(a));
      o[member] = std::move(more);
    }
    json::array non_key;
    for (const auto& a : i.non_key_attributes) non_key.push_back(json::value(a));
    o["non_key"] = std::move(non_key);
    if (i.contributor_insights.configured) o["insights"] = ContributorInsightsRecord(i.contributor_insights);
    out.push_back(std::move(o));
  }
  return out;
}

std::optional<std::vector<SecondaryIndex>> IndexesFrom(const json::value& v) {
  if (!v.is_array()) return std::nullopt;
  std::vector<SecondaryIndex> out;
  for (const auto& e : v.get_array()) {
    const auto* o = e.if_object();
    if (!o || !o->contains("hash")) return std::nullopt;
    SecondaryIndex i;
    i.name = Str(*o, "name");
    const auto* global = o->if_contains("global");
    i.global = global && global->is_bool() && global->get_bool();
    i.id = static_cast<uint64_t>(Num(*o, "id"));
    auto hash = KeyAttributeFrom(o->at("hash"));
    if (!hash) return std::nullopt;
    i.key_schema.hash = *hash;
    if (const auto* range = o->if_contains("range")) {
      auto r = KeyAttributeFrom(*range);
      if (!r) return std::nullopt;
      i.key_schema.range = *r;
    }
    for (auto [member, list] :
         {std::pair{"more_hash", &i.key_schema.more_hash}, {"more_range", &i.key_schema.more_range}}) {
      const auto* more = o->if_contains(member);
      if (!more) continue;
      // At most three more of each kind (KeyAttributeList holds eight in all).
      if (!more->is_array() || more->get_array().size() > 3) return std::nullopt;
      for (const auto& element : more->get_array()) {
        auto a = KeyAttributeFrom(element);
        if (!a) return std::nullopt;
        list->push_back(*a);
      }
    }
    i.projection_type = Str(*o, "projection");
    i.status = Str(*o, "status");
    const auto* backfilling = o->if_contains("backfilling");
    i.backfilling = backfilling && backfilling->is_bool() && backfilling->get_bool();
    i.read_capacity = static_cast<int64_t>(Num(*o, "rcu"));
    i.write_capacity = static_cast<int64_t>(Num(*o, "wcu"));
    i.throughput_history = ThroughputHistoryFromRecord(*o);
    i.on_demand_read = static_cast<int64_t>(Num(*o, "odt_read"));
    i.on_demand_write = static_cast<int64_t>(Num(*o, "odt_write"));
    if (const auto* non_key = o->if_contains("non_key"); non_key && non_key->is_array())
      for (const auto& a : non_key->get_array())
        if (a.is_string()) i.non_key_attributes.emplace_back(a.get_string());
    if (const auto* insights = o->if_contains("insights")) {
      auto parsed = ContributorInsightsFromRecord(*insights);
      if (!parsed) return std::nullopt;
      i.contributor_insights = std::move(*parsed);
    }
    out.push_back(std::move(i));
  }
  return out;
}

core::AwsError Corrupt(std::string_view what) {
  return core::InternalFailure("dynamodb table catalog: " + std::string(what));
}

}  // namespace

std::string TableInfo::Arn() const { return core::MakeArn("dynamodb", region, account_id, "table/" + name); }

std::string TableInfo::StreamArn() const {
  return stream_label.empty() ? std::string() : Arn() + "/stream/" + stream_label;
}

std::string ToRecord(const TableInfo& t) {
  json::object o;
  o["account"] = t.account_id;
  o["region"] = t.region;
  o["name"] = t.name;
  o["id"] = t.id;
  o["uuid"] = t.table_uuid;
  o["created"] = t.creation_time;
  o["hash"] = KeyAttributeJson(t.key_schema.hash);
  if (t.key_schema.range) o["range"] = KeyAttributeJson(*t.key_schema.range);
  json::array defs;
  for (const auto& a : t.attribute_definitions) defs.push_back(KeyAttributeJson(a));
  o["attributes"] = std::move(defs);
  o["billing"] = t.billing_mode;
  o["billing_updated"] = t.billing_mode_updated;
  o["billing_explicit"] = t.billing_mode_explicit;
  o["rcu"] = t.read_capacity;
  o["wcu"] = t.write_capacity;
  o["stream_enabled"] = t.stream_enabled;
  o["stream_view"] = t.stream_view_type;
  o["stream_label"] = t.stream_label;
  json::object tags;
  for (const auto& [k, v] : t.tags) tags[k] = v;
  o["tags"] = std::move(tags);
  if (t.ttl_enabled) o["ttl_enabled"] = true;
  if (!t.ttl_attribute.empty()) o["ttl_attribute"] = t.ttl_attribute;
  if (t.pitr_enabled) {
    o["pitr_enabled"] = true;
    o["pitr_since"] = t.pitr_since;
    o["pitr_days"] = t.pitr_days;
  }
  if (t.deletion_protection) o["deletion_protection"] = true;
  if (!t.table_class.empty()) {
    o["table_class"] = t.table_class;
    o["table_class_updated"] = t.table_class_updated;
  }
  if (t.sse_kms) o["sse_kms_key"] = t.sse_kms_key_arn;
  if (!t.policy.empty()) o["policy"] = t.policy;
  if (t.policy_versionless) o["policy_versionless"] = true;
  if (!t.policy_revision.empty()) o["policy_revision"] = t.policy_revision;
  if (!t.stream_policy.empty()) o["stream_policy"] = t.stream_policy;
  if (t.stream_policy_versionless) o["stream_policy_versionless"] = true;
  if (!t.stream_policy_revision.empty()) o["stream_policy_revision"] = t.stream_policy_revision;
  ThroughputHistoryToRecord(t.throughput_history, o);
  if (t.on_demand_read > 0) o["odt_read"] = t.on_demand_read;
  if (t.on_demand_write > 0) o["odt_write"] = t.on_demand_write;
  if (t.warm_read > 0) o["warm_read"] = t.warm_read;
  if (t.warm_write > 0) o["warm_write"] = t.warm_write;
  if (!t.restore_table_arn.empty()) {
    o["restore_backup"] = t.restore_backup_arn;
    o["restore_table"] = t.restore_table_arn;
    o["restore_source_id"] = t.restore_source_id;
    o["restore_time"] = t.restore_time;
  }
  if (t.restoring) o["restoring"] = true;
  if (t.contributor_insights.configured) o["insights"] = ContributorInsightsRecord(t.contributor_insights);
  if (!t.indexes.empty()) o["indexes"] = IndexesJson(t.indexes);
  o["next_index_id"] = t.next_index_id;
  return json::serialize(o);
}

std::optional<TableInfo> FromRecord(std::string_view record) {
  boost::system::error_code ec;
  json::value v = json::parse(record, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  TableInfo t;
  t.account_id = Str(o, "account");
  t.region = Str(o, "region");
  t.name = Str(o, "name");
  const auto* id = o.if_contains("id");
  if (!id || !(id->is_uint64() || id->is_int64())) return std::nullopt;
  t.id = id->is_uint64() ? id->get_uint64() : static_cast<uint64_t>(id->get_int64());
  t.table_uuid = Str(o, "uuid");
  t.creation_time = Num(o, "created");
  const auto* hash = o.if_contains("hash");
  if (!hash) return std::nullopt;
  auto h = KeyAttributeFrom(*hash);
  if (!h) return std::nullopt;
  t.key_schema.hash = *h;
  if (const auto* range = o.if_contains("range")) {
    auto r = KeyAttributeFrom(*range);
    if (!r) return std::nullopt;
    t.key_schema.range = *r;
  }
  if (const auto* defs = o.if_contains("attributes"); defs && defs->is_array()) {
    for (const auto& d : defs->get_array()) {
      auto a = KeyAttributeFrom(d);
      if (!a) return std::nullopt;
      t.attribute_definitions.push_back(*a);
    }
  }
  t.billing_mode = Str(o, "billing");
  t.billing_mode_updated = Num(o, "billing_updated");
  const auto* be = o.if_contains("billing_explicit");
  t.billing_mode_explicit = be && be->is_bool() && be->get_bool();
  t.read_capacity = static_cast<int64_t>(Num(o, "rcu"));
  t.write_capacity = static_cast<int64_t>(Num(o, "wcu"));
  const auto* se = o.if_contains("stream_enabled");
  t.stream_enabled = se && se->is_bool() && se->get_bool();
  t.stream_view_type = Str(o, "stream_view");
  t.stream_label = Str(o, "stream_label");
  if (const auto* tags = o.if_contains("tags"); tags && tags->is_object()) {
    for (const auto& [k, tv] : tags->get_object())
      if (tv.is_string()) t.tags[std::string(k)] = std::string(tv.get_string());
  }
  const auto* te = o.if_contains("ttl_enabled");
  t.ttl_enabled = te && te->is_bool() && te->get_bool();
  t.ttl_attribute = Str(o, "ttl_attribute");
  const auto* pe = o.if_contains("pitr_enabled");
  t.pitr_enabled = pe && pe->is_bool() && pe->get_bool();
  t.pitr_since = Num(o, "pitr_since");
  if (double days = Num(o, "pitr_days"); days >= 1) t.pitr_days = static_cast<int64_t>(days);
  const auto* dp = o.if_contains("deletion_protection");
  t.deletion_protection = dp && dp->is_bool() && dp->get_bool();
  t.table_class = Str(o, "table_class");
  t.table_class_updated = Num(o, "table_class_updated");
  t.sse_kms = o.contains("sse_kms_key");
  t.sse_kms_key_arn = Str(o, "sse_kms_key");
  t.policy = Str(o, "policy");
  t.policy_versionless = o.contains("policy_versionless");
  t.policy_revision = Str(o, "policy_revision");
  if (!t.policy.empty()) t.policy_compiled = CompileStoredPolicy(t.policy);
  t.stream_policy = Str(o, "stream_policy");
  t.stream_policy_versionless = o.contains("stream_policy_versionless");
  t.stream_policy_revision = Str(o, "stream_policy_revision");
  if (!t.stream_policy.empty()) t.stream_policy_compiled = CompileStoredPolicy(t.stream_policy);
  t.throughput_history = ThroughputHistoryFromRecord(o);
  t.on_demand_read = static_cast<int64_t>(Num(o, "odt_read"));
  t.on_demand_write = static_cast<int64_t>(Num(o, "odt_write"));
  t.warm_read = static_cast<int64_t>(Num(o, "warm_read"));
  t.warm_write = static_cast<int64_t>(Num(o, "warm_write"));
  t.restore_backup_arn = Str(o, "restore_backup");
  t.restore_table_arn = Str(o, "restore_table");
  t.restore_source_id = static_cast<uint64_t>(Num(o, "restore_source_id"));
  t.restore_time = Num(o, "restore_time");
  t.restoring = o.contains("restoring");
  if (const auto* insights = o.if_contains("insights")) {
    auto parsed = ContributorInsightsFromRecord(*insights);
    if (!parsed) return std::nullopt;
    t.contributor_insights = std::move(*parsed);
  }
  if (const auto* indexes = o.if_contains("indexes")) {
    auto parsed = IndexesFrom(*indexes);
    if (!parsed) return std::nullopt;
    t.indexes = std::move(*parsed);
  }
  if (double next = Num(o, "next_index_id"); next >= 1) t.next_index_id = static_cast<uint64_t>(next);
  return t;
}

std::string ItemPrefix(uint64_t table_id) {
  return storage::KeyBuilder().Byte(kItemTag).Uint64(table_id).Take();
}

std::string ItemKey(const TableInfo& table, const Item& item) {
  storage::KeyBuilder builder;
  builder.Byte(kItemTag).Uint64(table.id);
  AppendPrimaryKey(builder, table.key_schema, item);
  return builder.Take();
}

std::string EncodeItem(const Item& item) { return json::serialize(ItemToJson(item)); }

core::Result<Item> DecodeItem(std::string_view bytes) {
  // The JSON value lives only until ItemFromJson has built the item, so it is parsed into a
  // per-thread scratch arena: a page of items costs no allocations for the parse itself (larger
  // items spill over to the heap).
  constexpr size_t kScratchBytes = 64 * 1024;
  thread_local std::unique_ptr<unsigned char[]> scratch(new unsigned char[kScratchBytes]);
  json::monotonic_resource arena(scratch.get(), kScratchBytes);
  boost::system::error_code ec;
  json::value v = json::parse(bytes, ec, &arena, core::DeepJson());
  if (ec || !v.is_object()) return Corrupt("unreadable item");
  auto item = ItemFromJson(v);
  if (!item.ok()) return Corrupt("unreadable item: " + item.error().message);
  return std::move(item).value();
}

core::Result<std::unique_ptr<TableCatalog>> TableCatalog::Open(storage::Rocks& rocks) {
  std::unique_ptr<TableCatalog> catalog(new TableCatalog(rocks));
  catalog->cf_ = &rocks.Cf("dynamodb");
  TARN_TRY(rocks.CheckFormatVersion("dynamodb", kStoreVersion));
  TARN_ASSIGN_OR_RETURN(auto next, rocks.Get(*catalog->cf_, kNextIdKey));
  if (next) {
    storage::KeyReader reader(*next);
    auto id = reader.Uint64();
    if (!id || !reader.done()) return Corrupt("unreadable next table id");
    catalog->next_id_ = *id;
  }
  std::string prefix(1, static_cast<char>(kTableTag));
  auto it = rocks.NewIterator(*catalog->cf_, storage::IteratorOptions::Prefix(prefix));
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    auto table = FromRecord(it.value());
    if (!table) return Corrupt("unreadable table record");
    catalog->tables_[std::string(it.key())] = std::make_shared<const TableInfo>(std::move(*table));
  }
  TARN_TRY(it.status());
  return catalog;
}

core::Result<std::shared_ptr<const TableInfo>> TableCatalog::Get(std::string_view account_id,
                                                                 std::string_view region,
                                                                 std::string_view name) const {
  std::string key = TableKey(account_id, region, name);
  std::shared_lock lock(mu_);
  auto found = tables_.find(key);
  if (found == tables_.end()) return ResourceNotFoundException();
  return found->second;
}

core::Result<std::shared_ptr<const TableInfo>> TableCatalog::Create(TableInfo table) {
  std::string key = TableKey(table.account_id, table.region, table.name);
  std::unique_lock lock(mu_);
  if (tables_.count(key)) return ResourceInUseException("Table already exists: " + table.name);
  table.id = next_id_;
  storage::WriteBatch batch;
  batch.Put(*cf_, kNextIdKey, storage::KeyBuilder().Uint64(next_id_ + 1).Take());
  batch.Put(*cf_, key, ToRecord(table));
  TARN_TRY(rocks_.Write(batch));
  ++next_id_;
  auto shared = std::make_shared<const TableInfo>(std::move(table));
  tables_[key] = shared;
  return shared;
}

core::Status TableCatalog::Replace(TableInfo table) {
  std::string key = TableKey(table.account_id, table.region, table.name);
  std::unique_lock lock(mu_);
  auto found = tables_.find(key);
  if (found == tables_.end() || found->second->id != table.id) return ResourceNotFoundException();
  TARN_TRY(rocks_.Put(*cf_, key, ToRecord(table)));
  found->second = std::make_shared<const TableInfo>(std::move(table));
  return core::Ok();
}

core::Result<std::shared_ptr<const TableInfo>> TableCatalog::Delete(std::string_view account_id,
                                                                    std::string_view region,
                                                                    std::string_view name) {
  std::string key = TableKey(account_id, region, name);
  std::unique_lock lock(mu_);
  auto found = tables_.find(key);
  if (found == tables_.end()) return ResourceNotFoundException();
  std::string prefix = ItemPrefix(found->second->id);
  storage::WriteBatch batch;
  batch.Delete(*cf_, key);
  // An 8-byte id prefix never consists of 0xFF bytes only below 2^64 - 1, so it has a successor.
  batch.DeleteRange(*cf_, prefix, storage::PrefixSuccessor(prefix).value_or(std::string("J")));
  std::string entries = IndexEntriesPrefix(found->second->id);
  batch.DeleteRange(*cf_, entries, storage::PrefixSuccessor(entries).value_or(std::string("Y")));
  std::string history = PitrHistoryPrefix(found->second->id);
  batch.DeleteRange(*cf_, history, storage::PrefixSuccessor(history).value_or(std::string("I")));
  TARN_TRY(rocks_.Write(batch));
  auto table = found->second;
  tables_.erase(found);
  return table;
}

core::Status TableCatalog::Update(std::string_view account_id, std::string_view region, std::string_view name,
                                  uint64_t id, const std::function<core::Status(TableInfo&)>& change) {
  std::string key = TableKey(account_id, region, name);
  std::unique_lock lock(mu_);
  auto found = tables_.find(key);
  if (found == tables_.end() || found->second->id != id) return ResourceNotFoundException();
  TableInfo table = *found->second;
  TARN_TRY(change(table));
  TARN_TRY(rocks_.Put(*cf_, key, ToRecord(table)));
  found->second = std::make_shared<const TableInfo>(std::move(table));
  return core::Ok();
}

std::vector<std::shared_ptr<const TableInfo>> TableCatalog::All() const {
  std::vector<std::shared_ptr<const TableInfo>> out;
  std::shared_lock lock(mu_);
  for (const auto& [key, table] : tables_) out.push_back(table);
  return out;
}

std::vector<std::string> TableCatalog::List(std::string_view account_id, std::string_view region) const {
  std::string prefix = TablePrefix(account_id, region);
  std::vector<std::string> names;
  std::shared_lock lock(mu_);
  for (auto it = tables_.lower_bound(prefix); it != tables_.end() && it->first.starts_with(prefix); ++it)
    names.push_back(it->second->name);
  return names;
}

}  // namespace tarn::dynamodb
