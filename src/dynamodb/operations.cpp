// The DynamoDB operation table: one row per operation (name, IAM action, resources, handler), and
// the Service's construction and shared helpers.
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <functional>
#include <set>

#include "core/arn.h"
#include "dynamodb/backup_catalog.h"
#include "dynamodb/client_tokens.h"
#include "dynamodb/dynamodb.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_builder.h"
#include "dynamodb/job_catalog.h"
#include "dynamodb/table_catalog.h"
#include "dynamodb/transaction_locks.h"
#include "dynamodb/ttl_sweeper.h"
#include "storage/column_families.h"

namespace tarn::dynamodb {
namespace {

using Method = core::Result<net::Output> (Service::*)(const net::Call&);

std::string TableArn(const net::Call& call, std::string_view name) {
  // Data-plane operations also accept the table's ARN as its name.
  if (name.starts_with("arn:")) return std::string(name);
  return core::MakeArn("dynamodb", call.context.region, call.context.account_id,
                       "table/" + std::string(name));
}

std::vector<std::string> TableResource(const net::Call& call) {
  const auto* name = call.input.if_contains("TableName");
  if (!name || !name->is_string()) return {};
  return {TableArn(call, name->get_string())};
}

// The table, or the index IndexName names (the Contributor Insights operations: a policy may allow or
// deny them on one index,
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Contributor_Insights_IAM.html).
std::vector<std::string> TableOrIndexResource(const net::Call& call) {
  std::vector<std::string> arns = TableResource(call);
  const auto* index = call.input.if_contains("IndexName");
  if (!arns.empty() && index && index->is_string())
    arns.front() += "/index/" + std::string(index->get_string());
  return arns;
}

// The ARN in member `member` (ResourceArn, BackupArn, TableArn, ExportArn, ImportArn).
net::ResourceFunction ArnIn(const char* member) {
  return [member](const net::Call& call) -> std::vector<std::string> {
    const auto* arn = call.input.if_contains(member);
    if (!arn || !arn->is_string()) return {};
    return {std::string(arn->get_string())};
  };
}

// RestoreTableFromBackup acts on the backup and on the table it creates.
std::vector<std::string> RestoreResources(const net::Call& call) {
  std::vector<std::string> arns = ArnIn("BackupArn")(call);
  const auto* target = call.input.if_contains("TargetTableName");
  if (target && target->is_string()) arns.push_back(TableArn(call, target->get_string()));
  return arns;
}

// RestoreTableToPointInTime acts on the source table and on the table it creates.
std::vector<std::string> PointInTimeResources(const net::Call& call) {
  std::vector<std::string> arns;
  for (const char* member : {"SourceTableArn", "SourceTableName", "TargetTableName"}) {
    const auto* v = call.input.if_contains(member);
    if (v && v->is_string()) arns.push_back(TableArn(call, v->get_string()));
  }
  return arns;
}

// ImportTable acts on the table it creates.
std::vector<std::string> ImportResource(const net::Call& call) {
  const auto* params = call.input.if_contains("TableCreationParameters");
  const auto* name = params && params->is_object() ? params->get_object().if_contains("TableName") : nullptr;
  if (!name || !name->is_string()) return {};
  return {TableArn(call, name->get_string())};
}

std::vector<std::string> BatchResources(const net::Call& call) {
  std::vector<std::string> arns;
  const auto* items = call.input.if_contains("RequestItems");
  if (items && items->is_object())
    for (const auto& [name, v] : items->get_object()) arns.push_back(TableArn(call, name));
  return arns;
}

// Every table a TransactItems entry names (Put/Update/Delete/ConditionCheck/Get), each once.
std::vector<std::string> TransactResources(const net::Call& call) {
  std::vector<std::string> arns;
  const auto* items = call.input.if_contains("TransactItems");
  if (!items || !items->is_array()) return arns;
  for (const auto& entry : items->get_array()) {
    const auto* o = entry.if_object();
    if (!o) continue;
    for (const auto& [action, spec] : *o) {
      const auto* table = spec.is_object() ? spec.get_object().if_contains("TableName") : nullptr;
      if (!table || !table->is_string()) continue;
      std::string_view name = table->get_string();
      std::string arn = name.starts_with("arn:") ? std::string(name) : TableArn(call, name);
      if (std::find(arns.begin(), arns.end(), arn) == arns.end()) arns.push_back(std::move(arn));
    }
  }
  return arns;
}

// A transaction has no IAM action of its own: each item needs the action of the operation it
// performs (Put → dynamodb:PutItem, ..., ConditionCheck → dynamodb:ConditionCheckItem, Get →
// dynamodb:GetItem) on its table, with dynamodb:EnclosingOperation naming the transaction.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
void AddTransactActions(const net::Call& call, net::AuthorizationExtras& extras) {
  static const std::pair<std::string_view, std::string_view> kActions[] = {
      {"Put", "dynamodb:PutItem"},       {"Update", "dynamodb:UpdateItem"},
      {"Delete", "dynamodb:DeleteItem"}, {"ConditionCheck", "dynamodb:ConditionCheckItem"},
      {"Get", "dynamodb:GetItem"},
  };
  const auto* items = call.input.if_contains("TransactItems");
  if (!items || !items->is_array()) return;
  for (const auto& entry : items->get_array()) {
    const auto* o = entry.if_object();
    if (!o) continue;
    for (const auto& [member, spec] : *o) {
      const auto* table = spec.is_object() ? spec.get_object().if_contains("TableName") : nullptr;
      if (!table || !table->is_string()) continue;
      for (const auto& [name, action] : kActions) {
        if (member != name) continue;
        std::pair<std::string, std::string> required{std::string(action),
                                                     TableArn(call, table->get_string())};
        auto& all = extras.also_required;
        if (std::find(all.begin(), all.end(), required) == all.end()) all.push_back(std::move(required));
      }
    }
  }
  extras.condition_keys.push_back({"dynamodb:EnclosingOperation", {call.context.operation}});
}

}  // namespace

core::Result<std::unique_ptr<Service>> Service::Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       streams::Service* streams) {
  TARN_ASSIGN_OR_RETURN(auto catalog, TableCatalog::Open(rocks));
  TARN_ASSIGN_OR_RETURN(auto backups, BackupCatalog::Open(rocks));
  TARN_ASSIGN_OR_RETURN(auto exports, JobCatalog::Open(rocks, kExportJobs));
  TARN_ASSIGN_OR_RETURN(auto imports, JobCatalog::Open(rocks, kImportJobs));
  std::unique_ptr<Service> service(new Service(rocks, clock, streams, std::move(catalog), std::move(backups),
                                               std::move(exports), std::move(imports)));
  // Stream operations are authorized with the policy of the table's stream, which lives here.
  if (streams)
    streams->SetResourcePolicies([svc = service.get()](std::string_view arn) { return svc->PolicyFor(arn); });
  TARN_TRY(service->client_tokens_->Load(clock.Now()));
  for (const auto& table : service->catalog_->All()) {
    service->StartIndexWork(*table);
    service->NotePolicies(*table);
    // A restore cut off by a crash or a stop copies again, in the background (an import, which has no
    // source table, starts again once SetObjectStore says where to read).
    if (table->restoring && !table->restore_table_arn.empty())
      service->index_builder_->Run([svc = service.get(), table] { (void)svc->RestoreItems(*table); });
  }
  // The table of an import whose record was never written (a crash between the two writes of
  // ImportTable) is removed: DynamoDB leaves no table behind an import that did not start.
  std::set<uint64_t> importing;
  for (const auto& job : service->imports_->InProgress()) importing.insert(job->table_id);
  for (const auto& table : service->catalog_->All())
    if (table->restoring && table->restore_table_arn.empty() && !importing.contains(table->id))
      TARN_TRY(service->catalog_->Delete(table->account_id, table->region, table->name));
  return service;
}

Service::Service(storage::Rocks& rocks, const core::Clock& clock, streams::Service* streams,
                 std::unique_ptr<TableCatalog> catalog, std::unique_ptr<BackupCatalog> backups,
                 std::unique_ptr<JobCatalog> exports, std::unique_ptr<JobCatalog> imports)
    : rocks_(rocks),
      clock_(clock),
      streams_(streams),
      cf_(rocks.Cf("dynamodb")),
      catalog_(std::move(catalog)),
      backups_(std::move(backups)),
      exports_(std::move(exports)),
      imports_(std::move(imports)),
      in_flight_(std::make_unique<InFlightItems>()),
      client_tokens_(std::make_unique<ClientTokens>(rocks, rocks.Cf("dynamodb"))),
      ttl_sweeper_(std::make_unique<TtlSweeper>()),
      index_builder_(std::make_unique<IndexBuilder>()) {}

Service::~Service() {
  StopTtlSweeper();
  if (streams_) streams_->SetResourcePolicies(nullptr);
}

core::Status ValidateTableName(std::string_view name) {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
  bool pattern_ok = !name.empty();
  for (char c : name)
    pattern_ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  // Every request names its table: the words are built only for a name that breaks a rule.
  if (pattern_ok && name.size() >= kMinTableNameLength && name.size() <= kMaxTableNameLength)
    return core::Ok();
  std::vector<std::string> problems;
  std::string quoted = "Value '" + std::string(name) + "' at 'tableName' failed to satisfy constraint: ";
  // Length before pattern, as DynamoDB lists them (moto's aws_verified test_dynamodb_validation.py).
  if (name.size() < kMinTableNameLength)
    problems.push_back(quoted + "Member must have length greater than or equal to 3");
  if (name.size() > kMaxTableNameLength)
    problems.push_back(quoted + "Member must have length less than or equal to 255");
  if (!pattern_ok)
    problems.push_back(quoted + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (problems.empty()) return core::Ok();
  std::string message =
      std::to_string(problems.size()) +
      (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return ValidationException(message);
}

core::Result<std::shared_ptr<const TableInfo>> Service::FindTable(const net::Call& call,
                                                                  std::string_view name) const {
  TARN_ASSIGN_OR_RETURN(auto table, FindTableInAnyState(call, name));
  // A table a restore or an import is filling is CREATING: it takes no calls but DescribeTable's.
  if (table->restoring) return ResourceNotFoundException();
  return table;
}

core::Result<std::shared_ptr<const TableInfo>> Service::FindTableInAnyState(const net::Call& call,
                                                                            std::string_view name) const {
  // Operations also accept the table's ARN in TableName. One of another partition, resource type or
  // region is a ValidationException, one of another account "Access is denied" (ack-api-quirks
  // DDB-TABLE-011 and DDB-TABLE-442's catalogue, recorded from DynamoDB).
  if (name.starts_with("arn:")) {
    auto arn = core::Arn::Parse(name);
    if (!arn || arn->service != "dynamodb") return ResourceNotFoundException();
    auto invalid = [&](std::string_view what) {
      return ValidationException("1 validation error detected: Invalid " + std::string(what) + " in '" +
                                 std::string(name) + "'");
    };
    if (arn->partition != core::kPartition) return invalid("AWS partition");
    if (!arn->resource.starts_with("table/")) return invalid("resource type");
    if (arn->region != call.context.region) return invalid("AWS region");
    if (arn->account_id != call.context.account_id) return AccessIsDenied();
    return FindTableInAnyState(call, std::string_view(arn->resource).substr(6));
  }
  TARN_TRY(ValidateTableName(name));
  return catalog_->Get(call.context.account_id, call.context.region, name);
}

std::mutex& Service::ItemLock(std::string_view item_key) {
  return item_locks_[LockStripe(item_key, kItemLockStripes)];
}

void Service::RegisterOperations(net::Registry& registry) {
  // Every operation runs on the io thread: item reads come from RocksDB's cache or the page cache,
  // writes go under group commit (core/deferred_durability.h), and table deletion and index
  // backfill happen in the background, so no handler waits on the disk or another request.
  constexpr bool kCpuOnly = true;
  // DynamoDB refuses a request body over 16 MB with HTTP 413 (scylladb test_manual_requests.py,
  // test_too_large_request_*), whether sent with Content-Length or chunked.
  constexpr uint64_t kMaxRequestBytes = 16 * 1024 * 1024;
  // A table's resource-based policy takes part in every decision about the table, its indexes and
  // its items (an explicit Deny in it binds the account's root user too).
  auto policy_of = [this](const net::Call&, std::string_view arn) { return PolicyFor(arn); };
  struct Row {
    const char* name;
    Method method;
    net::ResourceFunction resources;
    bool copies_tables = false;  // reads or writes a whole table: runs on a worker thread
  };
  const Row rows[] = {
      {"CreateTable", &Service::CreateTable, TableResource},
      {"DescribeTable", &Service::DescribeTable, TableResource},
      {"ListTables", &Service::ListTables, nullptr},
      // A SYSTEM backup of a table with point-in-time recovery is a copy of its items.
      {"DeleteTable", &Service::DeleteTable, TableResource, true},
      {"UpdateTable", &Service::UpdateTable, TableResource},
      {"TagResource", &Service::TagResource, ArnIn("ResourceArn")},
      {"UntagResource", &Service::UntagResource, ArnIn("ResourceArn")},
      {"ListTagsOfResource", &Service::ListTagsOfResource, ArnIn("ResourceArn")},
      {"DescribeEndpoints", &Service::DescribeEndpoints, nullptr},
      {"PutItem", &Service::PutItem, TableResource},
      {"GetItem", &Service::GetItem, TableResource},
      {"DeleteItem", &Service::DeleteItem, TableResource},
      {"UpdateItem", &Service::UpdateItem, TableResource},
      {"Query", &Service::Query, TableResource},
      {"Scan", &Service::Scan, TableResource},
      {"BatchGetItem", &Service::BatchGetItem, BatchResources},
      {"BatchWriteItem", &Service::BatchWriteItem, BatchResources},
      {"UpdateTimeToLive", &Service::UpdateTimeToLive, TableResource},
      {"DescribeTimeToLive", &Service::DescribeTimeToLive, TableResource},
      {"UpdateContributorInsights", &Service::UpdateContributorInsights, TableOrIndexResource},
      {"DescribeContributorInsights", &Service::DescribeContributorInsights, TableOrIndexResource},
      {"ListContributorInsights", &Service::ListContributorInsights, nullptr},
      {"DescribeContinuousBackups", &Service::DescribeContinuousBackups, TableResource},
      {"UpdateContinuousBackups", &Service::UpdateContinuousBackups, TableResource},
      {"DescribeLimits", &Service::DescribeLimits, nullptr},
      {"PutResourcePolicy", &Service::PutResourcePolicy, ArnIn("ResourceArn")},
      {"GetResourcePolicy", &Service::GetResourcePolicy, ArnIn("ResourceArn")},
      {"DeleteResourcePolicy", &Service::DeleteResourcePolicy, ArnIn("ResourceArn")},
      {"CreateBackup", &Service::CreateBackup, TableResource, true},
      {"DescribeBackup", &Service::DescribeBackup, ArnIn("BackupArn")},
      {"ListBackups", &Service::ListBackups, nullptr},
      {"DeleteBackup", &Service::DeleteBackup, ArnIn("BackupArn"), true},
      {"RestoreTableFromBackup", &Service::RestoreTableFromBackup, RestoreResources, true},
      {"RestoreTableToPointInTime", &Service::RestoreTableToPointInTime, PointInTimeResources, true},
      {"ExportTableToPointInTime", &Service::ExportTableToPointInTime, ArnIn("TableArn")},
      {"DescribeExport", &Service::DescribeExport, ArnIn("ExportArn")},
      {"ListExports", &Service::ListExports, nullptr},
      {"ImportTable", &Service::ImportTable, ImportResource},
      {"DescribeImport", &Service::DescribeImport, ArnIn("ImportArn")},
      {"ListImports", &Service::ListImports, nullptr},
  };
  for (const Row& row : rows) {
    Method method = row.method;
    registry.Add("dynamodb",
                 {.name = row.name,
                  .iam_action = std::string("dynamodb:") + row.name,
                  .resources = row.resources,
                  .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
                  .extras = [this](const net::Call& call) { return ConditionKeysOf(call); },
                  .resource_policy = policy_of,
                  .max_body_bytes = kMaxRequestBytes,
                  .cpu_only = kCpuOnly && !row.copies_tables});
  }
  for (const char* name : {"TransactWriteItems", "TransactGetItems"}) {
    Method method = std::string_view(name) == "TransactWriteItems" ? &Service::TransactWriteItems
                                                                   : &Service::TransactGetItems;
    registry.Add("dynamodb",
                 {.name = name,
                  .iam_action = "",  // the items' own actions, in extras
                  .resources = TransactResources,
                  .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
                  .extras =
                      [this](const net::Call& call) {
                        net::AuthorizationExtras extras = ConditionKeysOf(call);
                        AddTransactActions(call, extras);
                        return extras;
                      },
                  .resource_policy = policy_of,
                  .max_body_bytes = kMaxRequestBytes,
                  .cpu_only = kCpuOnly});
  }
  // PartiQL has no IAM action of its own: each statement needs dynamodb:PartiQLSelect/Insert/Update/
  // Delete on its table, which PartiQLActionsOf lists (the empty iam_action says so to the authorizer).
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html
  const std::pair<const char*, Method> partiql_rows[] = {
      {"ExecuteStatement", &Service::ExecuteStatement},
      {"BatchExecuteStatement", &Service::BatchExecuteStatement},
      {"ExecuteTransaction", &Service::ExecuteTransaction},
  };
  for (const auto& [name, method] : partiql_rows) {
    registry.Add("dynamodb",
                 {.name = name,
                  .iam_action = "",
                  .resources = nullptr,
                  .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
                  .extras = [this](const net::Call& call) { return PartiQLActionsOf(call); },
                  .resource_policy = policy_of,
                  .max_body_bytes = kMaxRequestBytes,
                  .cpu_only = kCpuOnly});
  }
}

}  // namespace tarn::dynamodb
