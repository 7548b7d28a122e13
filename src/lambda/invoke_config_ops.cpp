// Implements: Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s).
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html (and siblings)
// A config belongs to the function ($LATEST when unqualified), a version or an alias; the async
// invokers (invoke_ops.cpp) read the one of the qualifier an Event invocation named.
#include <boost/json/serialize.hpp>

#include "core/arn.h"
#include "lambda/errors.h"
#include "lambda/invoke_config.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

constexpr auto kSetting = FunctionStore::Setting::kEventInvokeConfig;

// Destinations tarn can deliver to or knows the shape of: functions, queues, topics, event buses
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). Lambda's
// refusal prints the whole config as its Java object.
core::Status CheckDestinationService(const EventInvokeConfig& config) {
  auto known = [](const std::string& arn) {
    if (arn.empty()) return true;
    for (const char* service :
         {"arn:aws:lambda:", "arn:aws:sqs:", "arn:aws:sns:", "arn:aws:events:", "arn:aws:s3:::"})
      if (arn.starts_with(service)) return true;
    return false;
  };
  if (known(config.on_success) && known(config.on_failure)) return core::Ok();
  auto part = [](const char* type, const std::string& arn) {
    return arn.empty() ? std::string("null") : std::string(type) + "(destination=" + arn + ")";
  };
  return InvalidParameterValue(
      "The provided destination config DestinationConfig(onSuccess=" + part("OnSuccess", config.on_success) +
      ", onFailure=" + part("OnFailure", config.on_failure) + ") is invalid.");
}

// A function destination must exist (when it is in this account and region) and not be the function
// itself.
// `exists(ref)` tells whether the function (version, alias) a reference names exists.
template <typename Exists>
core::Status CheckFunctionDestination(const Exists& exists, const FunctionRecord& record,
                                      const std::string& arn) {
  if (!arn.starts_with("arn:aws:lambda:")) return core::Ok();
  auto parsed = core::Arn::Parse(arn);
  if (!parsed || parsed->account_id != record.account_id || parsed->region != record.region)
    return core::Ok();
  FunctionRef ref = ParseFunctionName(arn);
  if (ref.name == record.name)
    return InvalidParameterValue("You can't specify the function as a destination for itself.");
  if (!exists(ref)) return InvalidParameterValue("The destination ARN " + arn + " is invalid.");
  return core::Ok();
}

core::AwsError NoFunction() {
  return core::AwsError("ResourceNotFoundException", "The function doesn't exist.", 404);
}

// The qualified ARN a config's FunctionArn shows: "$LATEST" for the function itself.
std::string ConfigArn(const FunctionRecord& record, const std::string& qualifier) {
  return record.Arn() + ":" + (qualifier.empty() ? std::string(kLatest) : qualifier);
}

core::AwsError NoConfig(const std::string& arn) {
  return core::AwsError("ResourceNotFoundException",
                        "The function " + arn + " doesn't have an EventInvokeConfig", 404);
}

// The record whose config Get/Delete name ($LATEST's qualifier cleared): Lambda answers a missing
// function for the config, not the function ("... <arn>:$LATEST doesn't have an EventInvokeConfig").
core::Result<FunctionRecord> ConfigOwner(core::Result<FunctionRecord> resolved, const net::Call& call,
                                         std::string& qualifier) {
  if (!resolved.ok() && IsFunctionNotFound(resolved.error())) {
    FunctionRef ref = ParseFunctionName(GetString(call.input, "FunctionName").value_or(""));
    return NoConfig(FunctionArn(call.context.region, call.context.account_id, ref.name) + ":" +
                    (qualifier.empty() ? std::string(kLatest) : qualifier));
  }
  if (qualifier == kLatest) qualifier.clear();
  return resolved;
}

}  // namespace

core::Result<net::Output> Service::PutFunctionEventInvokeConfig(const net::Call& call) {
  return impl_->WriteInvokeConfig(call, /*replace=*/true);
}

core::Result<net::Output> Service::UpdateFunctionEventInvokeConfig(const net::Call& call) {
  return impl_->WriteInvokeConfig(call, /*replace=*/false);
}

core::Result<net::Output> Service::Impl::WriteInvokeConfig(const net::Call& call, bool replace) {
  if (!call.input.contains("MaximumRetryAttempts") && !call.input.contains("MaximumEventAgeInSeconds") &&
      !call.input.contains("DestinationConfig"))
    return InvalidParameterValue("You must specify at least one of error handling or destination setting.");
  std::string qualifier;
  std::lock_guard lock(write_mutex);
  auto resolved = ResolveInput(call.context, call.input, false, &qualifier);
  if (!resolved.ok() && IsFunctionNotFound(resolved.error())) return NoFunction();
  TARN_ASSIGN_OR_RETURN(auto record, std::move(resolved));
  if (qualifier == kLatest) qualifier.clear();
  EventInvokeConfig config;
  TARN_ASSIGN_OR_RETURN(auto stored,
                        store.GetSetting(kSetting, record.account_id, record.region, record.name, qualifier));
  if (stored) {
    TARN_ASSIGN_OR_RETURN(config, EventInvokeConfig::FromJson(*stored));
  } else if (!replace) {
    return NoConfig(ConfigArn(record, qualifier));
  }
  config.Apply(call.input, replace);
  TARN_TRY(CheckDestinationService(config));
  auto exists = [&](const FunctionRef& ref) {
    return Resolve(record.account_id, record.region, ref.name, ref.qualifier, false).ok();
  };
  TARN_TRY(CheckFunctionDestination(exists, record, config.on_success));
  TARN_TRY(CheckFunctionDestination(exists, record, config.on_failure));
  config.last_modified = EpochSeconds(clock);
  TARN_TRY(
      store.PutSetting(kSetting, record.account_id, record.region, record.name, qualifier, config.ToJson()));
  net::Output out;
  out.json = config.Configuration(ConfigArn(record, qualifier));
  return out;
}

core::Result<net::Output> Service::GetFunctionEventInvokeConfig(const net::Call& call) {
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(
      auto record,
      ConfigOwner(impl_->ResolveInput(call.context, call.input, false, &qualifier), call, qualifier));
  TARN_ASSIGN_OR_RETURN(auto stored, impl_->store.GetSetting(kSetting, record.account_id, record.region,
                                                             record.name, qualifier));
  if (!stored) return NoConfig(ConfigArn(record, qualifier));
  TARN_ASSIGN_OR_RETURN(auto config, EventInvokeConfig::FromJson(*stored));
  net::Output out;
  out.json = config.Configuration(ConfigArn(record, qualifier));
  return out;
}

core::Result<net::Output> Service::DeleteFunctionEventInvokeConfig(const net::Call& call) {
  std::string qualifier;
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(
      auto record,
      ConfigOwner(impl_->ResolveInput(call.context, call.input, false, &qualifier), call, qualifier));
  TARN_ASSIGN_OR_RETURN(auto stored, impl_->store.GetSetting(kSetting, record.account_id, record.region,
                                                             record.name, qualifier));
  if (!stored) return NoConfig(ConfigArn(record, qualifier));
  TARN_TRY(impl_->store.PutSetting(kSetting, record.account_id, record.region, record.name, qualifier, ""));
  return net::Output{};  // 204, the operation's response code
}

core::Result<net::Output> Service::ListFunctionEventInvokeConfigs(const net::Call& call) {
  const auto& in = call.input;
  auto loaded = impl_->Load(call.context, GetString(in, "FunctionName").value_or(""));
  if (!loaded.ok() && IsFunctionNotFound(loaded.error())) return NoFunction();
  TARN_ASSIGN_OR_RETURN(auto latest, std::move(loaded));
  size_t limit = static_cast<size_t>(GetInt(in, "MaxItems").value_or(kDefaultListItems));
  std::string after = GetString(in, "Marker").value_or("");  // the last FunctionArn of the previous page
  TARN_ASSIGN_OR_RETURN(auto all,
                        impl_->store.ListSettings(kSetting, latest.account_id, latest.region, latest.name));
  json::array page;
  std::string last;
  bool more = false;
  for (const auto& [qualifier, text] : all) {
    std::string arn = ConfigArn(latest, qualifier);
    if (!after.empty() && arn <= after) continue;
    if (page.size() == limit) {
      more = true;
      break;
    }
    TARN_ASSIGN_OR_RETURN(auto config, EventInvokeConfig::FromJson(text));
    page.push_back(config.Configuration(arn));
    last = arn;
  }
  net::Output out;
  out.json["FunctionEventInvokeConfigs"] = std::move(page);
  if (more) out.json["NextMarker"] = last;
  return out;
}

}  // namespace tarn::lambda
