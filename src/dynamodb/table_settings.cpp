// The table settings shared by CreateTable, UpdateTable and RestoreTableFromBackup (table_settings.h).
#include "dynamodb/table_settings.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/arn.h"
#include "core/crypto.h"
#include "dynamodb/errors.h"
#include "dynamodb/request_expressions.h"

namespace tarn::dynamodb {
namespace {

namespace json = boost::json;

// The account's AWS managed key for DynamoDB (alias/aws/dynamodb): one per account and Region, so
// its id is derived from them rather than drawn.
std::string ManagedKeyArn(const TableInfo& t) {
  const std::string hex = core::Sha256Hex(t.account_id + "/" + t.region + "/aws/dynamodb");
  return "arn:" + std::string(core::kPartition) + ":kms:" + t.region + ":" + t.account_id + ":key/" +
         hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace

json::object WarmThroughputOf(const TableInfo& t) {
  const bool on_demand = t.billing_mode == kBillingPayPerRequest;
  const int64_t read = std::max(t.warm_read, on_demand ? kOnDemandWarmReads : t.read_capacity);
  const int64_t write = std::max(t.warm_write, on_demand ? kOnDemandWarmWrites : t.write_capacity);
  return json::object{{"ReadUnitsPerSecond", read}, {"WriteUnitsPerSecond", write}, {"Status", "ACTIVE"}};
}

json::object TableDescription(const TableInfo& t, std::string_view status, const TableStats& stats,
                              double now, bool indexes_creating) {
  json::object d;
  json::array defs;
  for (const auto& a : t.attribute_definitions)
    defs.push_back(
        json::object{{"AttributeName", a.name}, {"AttributeType", ScalarAttributeTypeName(a.type)}});
  d["AttributeDefinitions"] = std::move(defs);
  d["TableName"] = t.name;
  d["KeySchema"] = KeySchemaJson(t.key_schema);
  d["TableStatus"] = status;
  d["CreationDateTime"] = t.creation_time;
  d["ProvisionedThroughput"] =
      ProvisionedThroughputDescription(t.read_capacity, t.write_capacity, t.throughput_history, now);
  d["TableSizeBytes"] = stats.bytes;
  d["ItemCount"] = stats.items;
  d["TableArn"] = t.Arn();
  d["TableId"] = t.table_uuid;
  if (t.billing_mode_explicit) {
    json::object summary{{"BillingMode", t.billing_mode}};
    if (t.billing_mode_updated > 0) summary["LastUpdateToPayPerRequestDateTime"] = t.billing_mode_updated;
    d["BillingModeSummary"] = std::move(summary);
  }
  if (t.stream_enabled)
    d["StreamSpecification"] = json::object{{"StreamEnabled", true}, {"StreamViewType", t.stream_view_type}};
  if (!t.stream_label.empty()) {
    d["LatestStreamLabel"] = t.stream_label;
    d["LatestStreamArn"] = t.StreamArn();
  }
  d["DeletionProtectionEnabled"] = t.deletion_protection;
  if (t.on_demand_read > 0 || t.on_demand_write > 0) {
    json::object odt;
    if (t.on_demand_read > 0) odt["MaxReadRequestUnits"] = t.on_demand_read;
    if (t.on_demand_write > 0) odt["MaxWriteRequestUnits"] = t.on_demand_write;
    d["OnDemandThroughput"] = std::move(odt);
  }
  d["WarmThroughput"] = WarmThroughputOf(t);
  if (!t.table_class.empty()) {
    json::object summary{{"TableClass", t.table_class}};
    if (t.table_class_updated > 0) summary["LastUpdateDateTime"] = t.table_class_updated;
    d["TableClassSummary"] = std::move(summary);
  }
  // Only while the restore runs (ack-api-quirks DDB-TABLE-216, probed against DynamoDB).
  if (t.restoring && !t.restore_table_arn.empty()) {
    json::object summary;
    if (!t.restore_backup_arn.empty()) summary["SourceBackupArn"] = t.restore_backup_arn;
    summary["SourceTableArn"] = t.restore_table_arn;
    summary["RestoreDateTime"] = t.restore_time;
    summary["RestoreInProgress"] = true;
    d["RestoreSummary"] = std::move(summary);
  }
  if (t.sse_kms)
    d["SSEDescription"] =
        json::object{{"Status", "ENABLED"}, {"SSEType", "KMS"}, {"KMSMasterKeyArn", t.sse_kms_key_arn}};
  if (auto lsis = DescribeIndexes(t, false, stats.indexes, indexes_creating, now); !lsis.empty())
    d["LocalSecondaryIndexes"] = std::move(lsis);
  if (auto gsis = DescribeIndexes(t, true, stats.indexes, indexes_creating, now); !gsis.empty())
    d["GlobalSecondaryIndexes"] = std::move(gsis);
  return d;
}

// UpdateTable's refusal of a throughput equal to the current one; `what` is "table" or "index", `name`
// the index's (DynamoDB names the index, not the table; the last sentence: ack-api-quirks DDB-TABLE-442).
core::AwsError UnchangedThroughput(std::string_view what, std::string_view name, int64_t current_read,
                                   int64_t read, int64_t current_write, int64_t write) {
  std::string subject = what == "table" ? std::string("table") : "index " + std::string(name);
  return ValidationException("The provisioned throughput for the " + subject +
                             " will not change. The requested value equals the current value. Current "
                             "ReadCapacityUnits provisioned for the " +
                             std::string(what) + ": " + std::to_string(current_read) +
                             ". Requested ReadCapacityUnits: " + std::to_string(read) +
                             ". Current WriteCapacityUnits provisioned for the " + std::string(what) + ": " +
                             std::to_string(current_write) +
                             ". Requested WriteCapacityUnits: " + std::to_string(write) +
                             ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
                             "request higher limits.");
}

core::Status CheckCapacityMaximum(std::string_view region, std::string_view index, int64_t read,
                                  int64_t write) {
  constexpr int64_t kMaximum = 40000;
  const std::string per = index.empty() ? "table" : "index";
  for (auto [member, value] :
       {std::pair{"ReadCapacityUnits", read}, std::pair{"WriteCapacityUnits", write}}) {
    if (value <= kMaximum) continue;
    return LimitExceededException(
        std::string("The requested ") + member + (index.empty() ? "" : " for index " + std::string(index)) +
        ", " + std::to_string(value) + ", is above the per " + per + " maximum for the account in " +
        std::string(region) + ". Per " + per + " maximum: " + std::to_string(kMaximum) +
        ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher "
        "limits.");
  }
  return core::Ok();
}

// BillingMode + ProvisionedThroughput, for CreateTable (is_create) and UpdateTable.
core::Status ApplyBilling(const json::object& input, TableInfo& t, double now, bool is_create) {
  auto mode = GetString(input, "BillingMode");
  const auto* pt = GetObject(input, "ProvisionedThroughput");
  std::string effective = mode.value_or(t.billing_mode);
  if (effective == kBillingPayPerRequest && pt)
    return ValidationException(
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
        "specified when BillingMode is PAY_PER_REQUEST");
  if (effective == kBillingProvisioned && !pt && (is_create || t.billing_mode != kBillingProvisioned))
    return ValidationException(
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
        "specified when BillingMode is PROVISIONED");
  // UpdateTable on a provisioned table: naming the mode again says nothing without a throughput, and
  // a throughput equal to the current one changes nothing (DynamoDB refuses both).
  if (!is_create && (mode || pt) && t.billing_mode == kBillingProvisioned &&
      effective == kBillingProvisioned) {
    if (!pt)
      return ValidationException(
          "One or more parameter values were invalid: ProvisionedThroughput must be specified when "
          "BillingMode "
          "is PROVISIONED");
    int64_t read = GetInt(*pt, "ReadCapacityUnits").value_or(0);
    int64_t write = GetInt(*pt, "WriteCapacityUnits").value_or(0);
    if (read == t.read_capacity && write == t.write_capacity)
      return UnchangedThroughput("table", t.name, t.read_capacity, read, t.write_capacity, write);
  }
  if (mode) {
    if (*mode == kBillingPayPerRequest && t.billing_mode != kBillingPayPerRequest)
      t.billing_mode_updated = now;
    t.billing_mode = *mode;
    t.billing_mode_explicit = true;
  }
  if (pt) {
    const int64_t read = GetInt(*pt, "ReadCapacityUnits").value_or(0);
    const int64_t write = GetInt(*pt, "WriteCapacityUnits").value_or(0);
    // Beyond what DynamoDB can represent at all, before the account's limit (dynalite's suite).
    constexpr int64_t kMaxRepresentableCapacity = 1'000'000'000'000;
    for (const auto& [units, name] :
         {std::pair{read, "ReadCapacityUnits"}, std::pair{write, "WriteCapacityUnits"}})
      if (units > kMaxRepresentableCapacity)
        return ValidationException("Given value " + std::to_string(units) + " for " + name +
                                   " is out of bounds");
    TARN_TRY(CheckCapacityMaximum(t.region, "", read, write));
    // Changes of a provisioned table's throughput are described (LastIncrease/LastDecreaseDateTime).
    if (!is_create && t.billing_mode == kBillingProvisioned)
      NoteThroughputChange(t.throughput_history, t.read_capacity, t.write_capacity, read, write, now);
    t.read_capacity = read;
    t.write_capacity = write;
  } else if (effective == kBillingPayPerRequest) {
    t.read_capacity = t.write_capacity = 0;
    for (SecondaryIndex& index : t.indexes) index.read_capacity = index.write_capacity = 0;
  }
  return core::Ok();
}

// SSESpecification: Enabled (or SSEType KMS alone) encrypts with a KMS key, the account's AWS
// managed key unless KMSMasterKeyId names another; Enabled false is DynamoDB's own key, which
// DescribeTable does not describe. The refusals and their order are DynamoDB's (ack-api-quirks
// DDB-TABLE-031/036/044 and, for UpdateTable, DDB-TABLE-018/082, probed against DynamoDB).
core::Status ApplySse(const json::object& sse, TableInfo& t, bool is_create, bool* changed) {
  const json::value* enabled_member = sse.if_contains("Enabled");
  auto type = GetString(sse, "SSEType");
  auto key = GetString(sse, "KMSMasterKeyId");
  const bool explicitly_off = enabled_member && enabled_member->is_bool() && !enabled_member->get_bool();
  if (explicitly_off && type)
    return ValidationException(
        "One or more parameter values were invalid: SSEType can not be specified if Enabled is false");
  if (explicitly_off && key)
    return ValidationException(
        "One or more parameter values were invalid: KMSMasterKeyId can not be specified if Enabled is false");
  const bool enabled = GetBool(sse, "Enabled") || (!enabled_member && type == "KMS");
  if (enabled && type == "AES256")
    return ValidationException("One or more parameter values were invalid: SSEType AES256 is not supported");
  if (enabled && key && !type)
    return ValidationException(
        "One or more parameter values were invalid: SSEType KMS is required if KMSMasterKeyId is specified");
  std::string arn;
  if (enabled) {
    const std::string kms =
        "arn:" + std::string(core::kPartition) + ":kms:" + t.region + ":" + t.account_id + ":";
    if (!key || *key == "alias/aws/dynamodb" || *key == kms + "alias/aws/dynamodb")
      arn = ManagedKeyArn(t);
    else if (key->starts_with("arn:"))
      arn = *key;
    else if (key->starts_with("alias/"))
      arn = kms + *key;
    else
      arn = kms + "key/" + *key;
  }
  if (!is_create && !enabled && !t.sse_kms)
    return ValidationException(
        "One or more parameter values were invalid: Table is already encrypted by default");
  if (!is_create && enabled && t.sse_kms && arn == t.sse_kms_key_arn)
    return ValidationException(
        "One or more parameter values were invalid: Table is already encrypted with given KMSMasterKeyId. "
        "Use "
        "KMSMasterKeyId parameter if you want to change Master Key");
  if (changed) *changed = enabled != t.sse_kms || arn != t.sse_kms_key_arn;
  t.sse_kms = enabled;
  t.sse_kms_key_arn = arn;
  return core::Ok();
}

}  // namespace tarn::dynamodb
