// Implements: CreateEventSourceMapping, GetEventSourceMapping, ListEventSourceMappings,
// UpdateEventSourceMapping, DeleteEventSourceMapping (DynamoDB Streams sources), and the two things the
// pollers need from the service: invoking the function and the on-failure destination.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
// https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html
// https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
// Deleting a function leaves its mappings in place (as Lambda does); their invocations then fail and
// are retried until the records are too old.
#include <cstdio>
#include <filesystem>

#include "core/arn.h"
#include "core/ids.h"
#include "core/log.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"
#include "s3/s3.h"
#include "streams/streams.h"

namespace tarn::lambda {

namespace {

// https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html: MaxItems 1-10000.
constexpr int64_t kDefaultMaxItems = 100;
constexpr int64_t kMaxMaxItems = 10000;

core::AwsError MappingNotFound() {
  return core::AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
}

bool IsDynamoDbStreamArn(std::string_view arn) {
  return arn.rfind("arn:aws:dynamodb:", 0) == 0 && arn.find(":table/") != std::string_view::npos &&
         arn.find("/stream/") != std::string_view::npos;
}

core::AwsError CannotAccessStream(std::string_view arn) {
  return InvalidParameterValue("Cannot access stream " + std::string(arn) +
                               ". Please ensure the role can perform the GetRecords, GetShardIterator, "
                               "DescribeStream, and ListStreams Actions on your stream in IAM.");
}

// arn:aws:dynamodb:<region>:<account>:table/...: a stream the caller's own account would hold, where
// AWS answers a missing one with "Stream not found" (another account's is "Cannot access stream").
bool InCallersAccount(std::string_view arn, std::string_view account_id, std::string_view region) {
  auto parsed = core::Arn::Parse(arn);
  return parsed && parsed->region == region && parsed->account_id == account_id;
}

}  // namespace

core::Result<net::Output> Service::CreateEventSourceMapping(const net::Call& call) {
  const auto& in = call.input;
  FunctionRef function = ParseFunctionName(GetString(in, "FunctionName").value_or(""));
  std::string arn = GetString(in, "EventSourceArn").value_or("");
  // AWS checks in this order, with these texts (LocalStack's TestLambdaEventSourceMappings::
  // test_event_source_mapping_exceptions, recorded on AWS): the source is named, then the function
  // (and the version or alias it names) exists.
  if (arn.empty()) return InvalidParameterValue("Unrecognized event source.");
  auto resolved =
      impl_->Resolve(call.context.account_id, call.context.region, function.name, function.qualifier, false);
  if (!resolved.ok()) {
    if (resolved.error().code == "ResourceNotFoundException")
      return InvalidParameterValue("Function does not exist");
    return std::move(resolved).error();
  }
  if (!IsDynamoDbStreamArn(arn)) {
    if (arn.rfind("arn:aws:sqs:", 0) == 0 || arn.rfind("arn:aws:kinesis:", 0) == 0 ||
        arn.rfind("arn:aws:kafka:", 0) == 0 || arn.rfind("arn:aws:mq:", 0) == 0)
      return core::NotImplemented(
          "CreateEventSourceMapping for this event source (tarn has DynamoDB Streams)");
    return InvalidParameterValue("Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
  }
  auto stream = impl_->streams.DescribeForConsumer(arn);
  if (!stream && InCallersAccount(arn, call.context.account_id, call.context.region))
    return InvalidParameterValue("Stream not found: " + arn);
  if (!stream || stream->account_id != call.context.account_id || stream->region != call.context.region)
    return CannotAccessStream(arn);
  // The mapping reads the stream as the function's execution role, and Lambda proves at once that
  // the role may (the text above names the four actions).
  if (const auto& allows = impl_->options.role_allows) {
    for (std::string_view action : {"dynamodb:GetRecords", "dynamodb:GetShardIterator",
                                    "dynamodb:DescribeStream", "dynamodb:ListStreams"})
      if (!allows(resolved->role, action, arn)) return CannotAccessStream(arn);
  }

  EventSourceMapping m;
  m.uuid = core::NewUuid();
  m.account_id = call.context.account_id;
  m.region = call.context.region;
  m.function_name = function.name;
  m.function_qualifier = function.qualifier;
  m.event_source_arn = arn;
  TARN_TRY(ApplyMappingInput(in, true, m));
  m.last_modified = EpochSeconds(impl_->clock);

  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto existing, impl_->mappings.List());
  for (const auto& other : existing) {
    if (other.account_id == m.account_id && other.region == m.region &&
        other.FunctionArn() == m.FunctionArn() && other.event_source_arn == m.event_source_arn)
      return core::AwsError("ResourceConflictException",
                            "The event source arn (\" " + arn + " \") and function (\" " + m.function_name +
                                " \") provided mapping already exists. Please update or delete the existing "
                                "mapping with UUID " +
                                other.uuid,
                            409);
  }
  // LATEST: records committed from now on. The positions are fixed here, not when the poller first
  // runs, so nothing written after this call returns is missed.
  if (m.starting_position == "LATEST") {
    for (const auto& shard : stream->shards)
      TARN_TRY(impl_->mappings.PutCheckpoint(
          m.uuid, shard.shard_id, shard.closed ? Checkpoint{0, true} : Checkpoint{stream->latest, false}));
  }
  TARN_TRY(impl_->mappings.Put(m));
  impl_->pollers->Apply(m);
  net::Output out;
  out.json = m.Configuration("Creating");
  return out;
}

core::Result<net::Output> Service::GetEventSourceMapping(const net::Call& call) {
  TARN_ASSIGN_OR_RETURN(auto found, impl_->mappings.Get(GetString(call.input, "UUID").value_or("")));
  if (!found || found->account_id != call.context.account_id || found->region != call.context.region)
    return MappingNotFound();
  if (auto result = impl_->pollers->LastProcessingResult(found->uuid))
    found->last_processing_result = *result;
  net::Output out;
  out.json = found->Configuration(found->StoredState());
  return out;
}

core::Result<net::Output> Service::ListEventSourceMappings(const net::Call& call) {
  const auto& in = call.input;
  int64_t max_items = GetInt(in, "MaxItems").value_or(kDefaultMaxItems);
  if (max_items < 1 || max_items > kMaxMaxItems)
    return core::AwsError("ValidationException",
                          "1 validation error detected: Value '" + std::to_string(max_items) +
                              "' at 'maxItems' failed to satisfy constraint: Member must have value " +
                              (max_items < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
  std::string function_name;
  if (auto name = GetString(in, "FunctionName")) function_name = ParseFunctionName(*name).name;
  std::string source = GetString(in, "EventSourceArn").value_or("");
  std::string marker = GetString(in, "Marker").value_or("");
  TARN_ASSIGN_OR_RETURN(auto all, impl_->mappings.List());
  boost::json::array mappings;
  std::string next_marker;
  for (auto& m : all) {
    if (m.account_id != call.context.account_id || m.region != call.context.region) continue;
    if (!function_name.empty() && m.function_name != function_name) continue;
    if (!source.empty() && m.event_source_arn != source) continue;
    if (!marker.empty() && m.uuid <= marker) continue;
    if (static_cast<int64_t>(mappings.size()) == max_items) {
      next_marker = mappings.back().as_object().at("UUID").as_string().c_str();
      break;
    }
    if (auto result = impl_->pollers->LastProcessingResult(m.uuid)) m.last_processing_result = *result;
    mappings.push_back(m.Configuration(m.StoredState()));
  }
  net::Output out;
  out.json["EventSourceMappings"] = std::move(mappings);
  if (!next_marker.empty()) out.json["NextMarker"] = next_marker;
  return out;
}

core::Result<net::Output> Service::UpdateEventSourceMapping(const net::Call& call) {
  const auto& in = call.input;
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto found, impl_->mappings.Get(GetString(in, "UUID").value_or("")));
  if (!found || found->account_id != call.context.account_id || found->region != call.context.region)
    return MappingNotFound();
  EventSourceMapping m = *found;
  if (auto name = GetString(in, "FunctionName")) {
    FunctionRef function = ParseFunctionName(*name);
    TARN_TRY(impl_->Resolve(call.context.account_id, call.context.region, function.name, function.qualifier,
                            false));
    m.function_name = function.name;
    m.function_qualifier = function.qualifier;
  }
  TARN_TRY(ApplyMappingInput(in, false, m));
  m.last_modified = EpochSeconds(impl_->clock);
  TARN_TRY(impl_->mappings.Put(m));
  impl_->pollers->Apply(m);
  std::string state = "Updating";
  if (m.enabled != found->enabled) state = m.enabled ? "Enabling" : "Disabling";
  if (auto result = impl_->pollers->LastProcessingResult(m.uuid)) m.last_processing_result = *result;
  net::Output out;
  out.json = m.Configuration(state);
  return out;
}

core::Result<net::Output> Service::DeleteEventSourceMapping(const net::Call& call) {
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto found, impl_->mappings.Get(GetString(call.input, "UUID").value_or("")));
  if (!found || found->account_id != call.context.account_id || found->region != call.context.region)
    return MappingNotFound();
  // The worker stops first, so it cannot write a checkpoint after they are deleted.
  impl_->pollers->Remove(found->uuid);
  TARN_TRY(impl_->mappings.Delete(found->uuid));
  net::Output out;
  out.json = found->Configuration("Deleting");
  return out;
}

DeliveryAttempt Service::Impl::InvokeForMapping(const EventSourceMapping& mapping,
                                                const std::string& payload) {
  DeliveryAttempt attempt;
  attempt.request_id = core::NewUuid();
  auto record =
      Resolve(mapping.account_id, mapping.region, mapping.function_name, mapping.function_qualifier, true);
  if (!record.ok()) {
    attempt.detail = record.error().message;
    return attempt;
  }
  auto run = Run(*record, attempt.request_id, payload, mapping.FunctionArn());
  if (!run.ok()) {
    attempt.detail = run.error().message;
    return attempt;
  }
  attempt.invoked = true;
  attempt.function_error = std::move(run->function_error);
  attempt.payload = std::move(run->payload);
  return attempt;
}

void Service::Impl::SendToOnFailure(const EventSourceMapping& mapping, std::string_view shard_id,
                                    const DiscardedBatch& batch) {
  const std::string& destination = mapping.on_failure_destination;
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  if (destination.empty()) {
    log::warn("lambda: event source mapping {} discarded {} records of shard {} ({})", mapping.uuid,
              batch.records.size(), shard_id, batch.condition);
    return;
  }
  if (destination.rfind("arn:aws:s3:::", 0) != 0) {
    // SNS and SQS are not part of tarn yet: the record has nowhere to go.
    log::warn(
        "lambda: event source mapping {}: on-failure destination {} is not available in tarn; the "
        "invocation record of {} discarded records of shard {} is dropped",
        mapping.uuid, destination, batch.records.size(), shard_id);
    return;
  }
  std::string bucket = destination.substr(std::string_view("arn:aws:s3:::").size());
  std::string body = RenderInvocationRecord(batch, mapping.FunctionArn(), shard_id, mapping.event_source_arn,
                                            now_ms, /*with_payload=*/true);
  std::string key = FailureObjectKey(mapping.uuid, shard_id, now_ms, core::NewUuid());
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(code.root()) / ".esm-failures";
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path file = dir / core::NewUuid();
  bool written = false;
  if (std::FILE* f = std::fopen(file.c_str(), "wb")) {
    written = std::fwrite(body.data(), 1, body.size(), f) == body.size();
    written = std::fclose(f) == 0 && written;
  }
  if (!written) {
    log::warn("lambda: event source mapping {}: cannot stage the invocation record in {}", mapping.uuid,
              file.string());
  } else if (auto put = s3.PutObjectFromFile(bucket, key, file.string(), "application/json"); !put.ok()) {
    log::warn("lambda: event source mapping {}: cannot write the invocation record to s3://{}/{}: {}",
              mapping.uuid, bucket, key, put.error().message);
  }
  std::filesystem::remove(file, ec);
}

}  // namespace tarn::lambda
