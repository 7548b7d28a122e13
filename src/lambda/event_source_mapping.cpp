// EventSourceMapping <-> JSON, EventSourceMappingConfiguration, input validation and the RocksDB records.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
// https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html
#include "lambda/event_source_mapping.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "events/pattern/pattern.h"
#include "lambda/errors.h"
#include "lambda/function_record.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

constexpr std::string_view kMappingPrefix = "event-source-mapping/";
constexpr std::string_view kCheckpointPrefix = "event-source-mapping-checkpoint/";
constexpr std::string_view kResultPrefix = "event-source-mapping-result/";

core::AwsError Constraint(std::string message) {
  return core::AwsError("ValidationException", "1 validation error detected: " + std::move(message));
}

// An integer member within [min, max] (the model's constraint); absent leaves `out` alone.
core::Status IntMember(const json::object& in, std::string_view member, int64_t min, int64_t max, int& out) {
  const auto* v = in.if_contains(member);
  if (!v || v->is_null()) return {};
  if (!v->is_int64() && !v->is_uint64())
    return InvalidParameterValue(std::string(member) + " must be an integer.");
  int64_t n =
      v->is_int64() ? v->get_int64() : static_cast<int64_t>(std::min<uint64_t>(v->get_uint64(), INT64_MAX));
  std::string wire(member);
  wire[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(wire[0])));
  if (n < min)
    return Constraint("Value '" + std::to_string(n) + "' at '" + wire +
                      "' failed to satisfy constraint: Member must have value greater than or equal to " +
                      std::to_string(min));
  if (n > max)
    return Constraint("Value '" + std::to_string(n) + "' at '" + wire +
                      "' failed to satisfy constraint: Member must have value less than or equal to " +
                      std::to_string(max));
  out = static_cast<int>(n);
  return {};
}

core::Status BoolMember(const json::object& in, std::string_view member, bool& out) {
  const auto* v = in.if_contains(member);
  if (!v || v->is_null()) return {};
  if (!v->is_bool()) return InvalidParameterValue(std::string(member) + " must be a boolean.");
  out = v->get_bool();
  return {};
}

core::Status ApplyFilterCriteria(const json::value& criteria, EventSourceMapping& m) {
  const auto invalid = [] { return InvalidParameterValue("Invalid filter pattern definition."); };
  if (!criteria.is_object()) return invalid();
  std::vector<std::string> patterns;
  if (const auto* filters = criteria.get_object().if_contains("Filters")) {
    if (!filters->is_array()) return invalid();
    if (filters->get_array().size() > kMaxFilters)
      return InvalidParameterValue("The total number of filters (" +
                                   std::to_string(filters->get_array().size()) +
                                   ") exceeds the maximum allowed (" + std::to_string(kMaxFilters) + ").");
    for (const auto& filter : filters->get_array()) {
      const auto* pattern = filter.is_object() ? filter.get_object().if_contains("Pattern") : nullptr;
      if (!pattern || !pattern->is_string() || pattern->get_string().size() > kMaxFilterPatternChars)
        return invalid();
      if (!events::pattern::Pattern::Parse(pattern->get_string()).ok()) return invalid();
      patterns.emplace_back(pattern->get_string());
    }
  }
  m.filter_patterns = std::move(patterns);
  return {};
}

core::Status ApplyDestination(const json::value& config, EventSourceMapping& m) {
  if (!config.is_object()) return InvalidParameterValue("DestinationConfig must be an object.");
  const auto* on_failure = config.get_object().if_contains("OnFailure");
  if (!on_failure || !on_failure->is_object()) return {};
  const auto* destination = on_failure->get_object().if_contains("Destination");
  if (!destination || destination->is_null() ||
      (destination->is_string() && destination->get_string().empty())) {
    m.on_failure_destination.clear();
    return {};
  }
  if (!destination->is_string()) return InvalidParameterValue("Destination must be a string.");
  std::string arn(destination->get_string());
  // https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html: SNS topics, SQS queues
  // and S3 buckets can take the records of failed DynamoDB batches.
  bool s3 = arn.rfind("arn:aws:s3:::", 0) == 0 && arn.size() > 13 && arn.find('/') == std::string::npos;
  bool sns = arn.rfind("arn:aws:sns:", 0) == 0;
  bool sqs = arn.rfind("arn:aws:sqs:", 0) == 0;
  if (!s3 && !sns && !sqs)
    return InvalidParameterValue(
        "The provided destination config DestinationConfig(onSuccess=null, onFailure=" + arn +
        ") is invalid.");
  m.on_failure_destination = std::move(arn);
  return {};
}

core::Status ApplyResponseTypes(const json::value& types, EventSourceMapping& m) {
  if (!types.is_array()) return InvalidParameterValue("FunctionResponseTypes must be a list.");
  bool report = false;
  for (const auto& t : types.get_array()) {
    if (!t.is_string() || t.get_string() != "ReportBatchItemFailures")
      return Constraint("Value '[" + (t.is_string() ? std::string(t.get_string()) : json::serialize(t)) +
                        "]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy "
                        "constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
    report = true;
  }
  m.report_batch_item_failures = report;
  return {};
}

std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t Int(const json::object& o, std::string_view key, int64_t fallback) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : fallback;
}

bool Bool(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

}  // namespace

core::Status ApplyMappingInput(const json::object& in, bool creating, EventSourceMapping& m) {
  if (creating) {
    const auto* position = in.if_contains("StartingPosition");
    if (!position || position->is_null())
      return InvalidParameterValue(
          "1 validation error detected: Value null at 'startingPosition' failed to "
          "satisfy constraint: Member must not be null.");
    std::string p = position->is_string() ? std::string(position->get_string()) : "";
    if (p != "TRIM_HORIZON" && p != "LATEST" && p != "AT_TIMESTAMP")
      return Constraint("Value '" + p +
                        "' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum "
                        "value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
    // AWS's texts (LocalStack's event_source_mapping/test_api.py, recorded on AWS): a timestamp only
    // goes with AT_TIMESTAMP, which DynamoDB Streams do not offer.
    if (p != "AT_TIMESTAMP" && in.contains("StartingPositionTimestamp"))
      return InvalidParameterValue("Timestamp only valid with StartingPosition AT_TIMESTAMP");
    if (p == "AT_TIMESTAMP") {
      const auto* arn = in.if_contains("EventSourceArn");
      return InvalidParameterValue("Unsupported starting position for arn type: " +
                                   std::string(arn && arn->is_string() ? arn->get_string() : ""));
    }
    m.starting_position = p;
  }
  TARN_TRY(IntMember(in, "BatchSize", 1, kMaxBatchSize, m.batch_size));
  TARN_TRY(IntMember(in, "MaximumBatchingWindowInSeconds", 0, kMaxBatchingWindowSeconds,
                     m.maximum_batching_window));
  TARN_TRY(IntMember(in, "MaximumRetryAttempts", -1, kMaxRetryAttempts, m.maximum_retry_attempts));
  TARN_TRY(IntMember(in, "MaximumRecordAgeInSeconds", -1, kMaxRecordAgeSeconds, m.maximum_record_age));
  if (m.maximum_record_age != -1 && m.maximum_record_age < kMinRecordAgeSeconds)
    return InvalidParameterValue("MaximumRecordAgeInSeconds must be -1 or between " +
                                 std::to_string(kMinRecordAgeSeconds) + " and " +
                                 std::to_string(kMaxRecordAgeSeconds) + ".");
  TARN_TRY(IntMember(in, "ParallelizationFactor", 1, kMaxParallelizationFactor, m.parallelization_factor));
  TARN_TRY(IntMember(in, "TumblingWindowInSeconds", 0, kMaxTumblingWindowSeconds, m.tumbling_window));
  TARN_TRY(BoolMember(in, "BisectBatchOnFunctionError", m.bisect_batch_on_function_error));
  TARN_TRY(BoolMember(in, "Enabled", m.enabled));
  if (const auto* v = in.if_contains("FilterCriteria"); v && !v->is_null())
    TARN_TRY(ApplyFilterCriteria(*v, m));
  if (const auto* v = in.if_contains("DestinationConfig"); v && !v->is_null())
    TARN_TRY(ApplyDestination(*v, m));
  if (const auto* v = in.if_contains("FunctionResponseTypes"); v && !v->is_null())
    TARN_TRY(ApplyResponseTypes(*v, m));
  return {};
}

std::string EventSourceMapping::Arn() const {
  return "arn:aws:lambda:" + region + ":" + account_id + ":event-source-mapping:" + uuid;
}

std::string EventSourceMapping::FunctionArn() const {
  std::string arn = lambda::FunctionArn(region, account_id, function_name);
  return function_qualifier.empty() ? arn : arn + ":" + function_qualifier;
}

json::object EventSourceMapping::Configuration(std::string_view state) const {
  json::object c;
  c["UUID"] = uuid;
  c["StartingPosition"] = starting_position;
  c["BatchSize"] = batch_size;
  c["MaximumBatchingWindowInSeconds"] = maximum_batching_window;
  c["ParallelizationFactor"] = parallelization_factor;
  c["EventSourceArn"] = event_source_arn;
  if (!filter_patterns.empty()) {
    json::array filters;
    for (const auto& p : filter_patterns) filters.push_back(json::object{{"Pattern", p}});
    c["FilterCriteria"] = json::object{{"Filters", std::move(filters)}};
  }
  c["FunctionArn"] = FunctionArn();
  c["LastModified"] = last_modified;
  c["LastProcessingResult"] = last_processing_result;
  c["State"] = state;
  // Lambda reports who made the last state change; every change here is the user's.
  c["StateTransitionReason"] = "User action";
  json::object on_failure;
  if (!on_failure_destination.empty()) on_failure["Destination"] = on_failure_destination;
  c["DestinationConfig"] = json::object{{"OnFailure", std::move(on_failure)}};
  c["MaximumRecordAgeInSeconds"] = maximum_record_age;
  c["BisectBatchOnFunctionError"] = bisect_batch_on_function_error;
  c["MaximumRetryAttempts"] = maximum_retry_attempts;
  c["TumblingWindowInSeconds"] = tumbling_window;
  json::array types;
  if (report_batch_item_failures) types.push_back("ReportBatchItemFailures");
  c["FunctionResponseTypes"] = std::move(types);
  c["EventSourceMappingArn"] = Arn();
  return c;
}

json::object EventSourceMapping::ToJson() const {
  json::object o;
  o["uuid"] = uuid;
  o["account_id"] = account_id;
  o["region"] = region;
  o["function_name"] = function_name;
  if (!function_qualifier.empty()) o["function_qualifier"] = function_qualifier;
  o["event_source_arn"] = event_source_arn;
  o["starting_position"] = starting_position;
  o["batch_size"] = batch_size;
  o["maximum_batching_window"] = maximum_batching_window;
  json::array patterns;
  for (const auto& p : filter_patterns) patterns.push_back(json::string(p));
  o["filter_patterns"] = std::move(patterns);
  o["maximum_retry_attempts"] = maximum_retry_attempts;
  o["maximum_record_age"] = maximum_record_age;
  o["bisect_batch_on_function_error"] = bisect_batch_on_function_error;
  o["parallelization_factor"] = parallelization_factor;
  o["tumbling_window"] = tumbling_window;
  o["report_batch_item_failures"] = report_batch_item_failures;
  o["on_failure_destination"] = on_failure_destination;
  o["enabled"] = enabled;
  o["last_modified"] = last_modified;
  return o;
}

core::Result<EventSourceMapping> EventSourceMapping::FromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::InternalFailure("corrupt event source mapping record");
  const auto& o = v.get_object();
  EventSourceMapping m;
  m.uuid = Str(o, "uuid");
  m.account_id = Str(o, "account_id");
  m.region = Str(o, "region");
  m.function_name = Str(o, "function_name");
  m.function_qualifier = Str(o, "function_qualifier");
  m.event_source_arn = Str(o, "event_source_arn");
  m.starting_position = Str(o, "starting_position");
  m.batch_size = static_cast<int>(Int(o, "batch_size", kDefaultStreamBatchSize));
  m.maximum_batching_window = static_cast<int>(Int(o, "maximum_batching_window", 0));
  if (const auto* p = o.if_contains("filter_patterns"); p && p->is_array())
    for (const auto& x : p->get_array())
      if (x.is_string()) m.filter_patterns.emplace_back(x.get_string());
  m.maximum_retry_attempts = static_cast<int>(Int(o, "maximum_retry_attempts", -1));
  m.maximum_record_age = static_cast<int>(Int(o, "maximum_record_age", -1));
  m.bisect_batch_on_function_error = Bool(o, "bisect_batch_on_function_error");
  m.parallelization_factor = static_cast<int>(Int(o, "parallelization_factor", 1));
  m.tumbling_window = static_cast<int>(Int(o, "tumbling_window", 0));
  m.report_batch_item_failures = Bool(o, "report_batch_item_failures");
  m.on_failure_destination = Str(o, "on_failure_destination");
  m.enabled = Bool(o, "enabled");
  if (const auto* t = o.if_contains("last_modified"); t && t->is_number())
    m.last_modified = t->to_number<double>();
  return m;
}

MappingStore::MappingStore(storage::Rocks& rocks) : rocks_(rocks), cf_(rocks.Cf("lambda")) {}

core::Result<std::optional<EventSourceMapping>> MappingStore::Get(std::string_view uuid) const {
  TARN_ASSIGN_OR_RETURN(auto value, rocks_.Get(cf_, std::string(kMappingPrefix) + std::string(uuid)));
  if (!value) return std::optional<EventSourceMapping>();
  TARN_ASSIGN_OR_RETURN(auto mapping, EventSourceMapping::FromJson(*value));
  TARN_TRY(ReadResult(mapping));
  return std::optional<EventSourceMapping>(std::move(mapping));
}

core::Status MappingStore::ReadResult(EventSourceMapping& mapping) const {
  TARN_ASSIGN_OR_RETURN(auto result, rocks_.Get(cf_, std::string(kResultPrefix) + mapping.uuid));
  if (result) mapping.last_processing_result = std::move(*result);
  return core::Ok();
}

core::Status MappingStore::PutResult(std::string_view uuid, std::string_view result) {
  return rocks_.Put(cf_, std::string(kResultPrefix) + std::string(uuid), result);
}

core::Status MappingStore::Put(const EventSourceMapping& mapping) {
  return rocks_.Put(cf_, std::string(kMappingPrefix) + mapping.uuid, json::serialize(mapping.ToJson()));
}

core::Status MappingStore::Delete(std::string_view uuid) {
  storage::WriteBatch batch;
  batch.Delete(cf_, std::string(kMappingPrefix) + std::string(uuid));
  batch.Delete(cf_, std::string(kResultPrefix) + std::string(uuid));
  std::string prefix = std::string(kCheckpointPrefix) + std::string(uuid) + "/";
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
  for (it.SeekToFirst(); it.Valid(); it.Next()) batch.Delete(cf_, it.key());
  TARN_TRY(it.status());
  return rocks_.Write(batch);
}

core::Result<std::vector<EventSourceMapping>> MappingStore::List() const {
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(kMappingPrefix));
  std::vector<EventSourceMapping> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    TARN_ASSIGN_OR_RETURN(auto mapping, EventSourceMapping::FromJson(it.value()));
    TARN_TRY(ReadResult(mapping));
    out.push_back(std::move(mapping));
  }
  TARN_TRY(it.status());
  return out;
}

core::Result<std::map<std::string, Checkpoint>> MappingStore::Checkpoints(std::string_view uuid) const {
  std::string prefix = std::string(kCheckpointPrefix) + std::string(uuid) + "/";
  auto it = rocks_.NewIterator(cf_, storage::IteratorOptions::Prefix(prefix));
  std::map<std::string, Checkpoint> out;
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    std::string shard(it.key().substr(prefix.size()));
    std::string_view value = it.value();
    Checkpoint c;
    if (value == "done") {
      c.done = true;
    } else {
      c.next = std::strtoull(std::string(value).c_str(), nullptr, 10);
    }
    out[shard] = c;
  }
  TARN_TRY(it.status());
  return out;
}

core::Status MappingStore::PutCheckpoint(std::string_view uuid, std::string_view shard_id,
                                         const Checkpoint& checkpoint) {
  return rocks_.Put(cf_, std::string(kCheckpointPrefix) + std::string(uuid) + "/" + std::string(shard_id),
                    checkpoint.done ? std::string("done") : std::to_string(checkpoint.next));
}

}  // namespace tarn::lambda
