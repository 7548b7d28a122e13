// Implements: CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html (and the sibling pages)
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
// An alias names a version ("$LATEST" or a number) and optionally a second, published version
// that receives a share of the invocations (RoutingConfig); Invoke, GetFunction and event source
// mappings resolve it through Service::Impl::Resolve.
#include "core/ids.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

// A version the alias may point to: "$LATEST" or a published version of the function.
core::Status CheckVersion(const FunctionStore& store, const FunctionRecord& latest,
                          std::string_view version) {
  if (version == kLatest) return core::Ok();
  std::optional<FunctionRecord> found;
  if (auto number = VersionNumber(version)) {
    TARN_ASSIGN_OR_RETURN(found, store.GetVersion(latest.account_id, latest.region, latest.name, *number));
  }
  if (!found) return FunctionNotFound(latest.Arn() + ":" + std::string(version));
  return core::Ok();
}

// RoutingConfig.AdditionalVersionWeights for an alias of function_version, checked as Lambda does:
// one additional version at most, published, not the alias's own, and not beside $LATEST. Weights
// outside [0, 1] and keys that are not version numbers never get here (the model's constraints).
core::Result<std::map<std::string, double>> RoutingWeights(const FunctionStore& store,
                                                           const FunctionRecord& latest,
                                                           const json::value* routing,
                                                           std::string_view function_version) {
  std::map<std::string, double> weights;
  if (!routing || !routing->is_object()) return weights;
  const auto* additional = routing->get_object().if_contains("AdditionalVersionWeights");
  if (!additional || !additional->is_object()) return weights;
  const json::object& entries = additional->get_object();
  if (entries.size() > 1)
    return InvalidParameterValue("Number of items in AdditionalVersionWeights cannot be greater than 1");
  for (const auto& [key, value] : entries) {
    std::string version(key);
    if (version == function_version) {
      return InvalidParameterValue("Invalid function version " + version + ". Function version " + version +
                                   " is already included in routing configuration.");
    }
    if (function_version == kLatest)
      return InvalidParameterValue("$LATEST is not supported for an alias pointing to more than 1 version");
    TARN_TRY(CheckVersion(store, latest, version));
    weights[version] = value.is_number() ? value.to_number<double>() : 0.0;
  }
  return weights;
}

std::string FunctionNameOf(const json::object& in) {
  return ParseFunctionName(GetString(in, "FunctionName").value_or("")).name;
}

std::string AliasArn(const FunctionRecord& latest, std::string_view alias) {
  return latest.Arn() + ":" + std::string(alias);
}

net::Output AliasOutput(const AliasRecord& alias) {
  net::Output out;
  out.json = alias.Configuration();
  return out;
}

}  // namespace

core::Result<net::Output> Service::CreateAlias(const net::Call& call) {
  const auto& in = call.input;
  std::string name = GetString(in, "Name").value_or("");
  std::string version = GetString(in, "FunctionVersion").value_or("");
  std::lock_guard lock(impl_->write_mutex);
  auto loaded = impl_->Load(call.context, FunctionNameOf(in));
  if (!loaded.ok()) {
    core::AwsError error = std::move(loaded).error();
    // A missing function is named with the version asked for (LocalStack's
    // test_notfound_and_invalid_routingconfigs, recorded on AWS).
    if (IsFunctionNotFound(error) && !version.empty() &&
        ParseFunctionName(FunctionNameOf(in)).qualifier.empty())
      error.message += ":" + version;
    return error;
  }
  FunctionRecord latest = std::move(loaded).value();
  TARN_TRY(CheckVersion(impl_->store, latest, version));
  TARN_ASSIGN_OR_RETURN(auto existing,
                        impl_->store.GetAlias(latest.account_id, latest.region, latest.name, name));
  if (existing) return ResourceConflict("Alias already exists: " + existing->Arn());
  AliasRecord alias;
  alias.account_id = latest.account_id;
  alias.region = latest.region;
  alias.function_name = latest.name;
  alias.name = name;
  alias.function_version = version;
  alias.description = GetString(in, "Description").value_or("");
  TARN_ASSIGN_OR_RETURN(alias.weights,
                        RoutingWeights(impl_->store, latest, in.if_contains("RoutingConfig"), version));
  alias.revision_id = core::NewUuid();
  TARN_TRY(impl_->store.PutAlias(alias));
  return AliasOutput(alias);
}

core::Result<net::Output> Service::GetAlias(const net::Call& call) {
  const auto& in = call.input;
  std::string name = GetString(in, "Name").value_or("");
  TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, FunctionNameOf(in)));
  TARN_ASSIGN_OR_RETURN(auto alias,
                        impl_->store.GetAlias(latest.account_id, latest.region, latest.name, name));
  if (!alias) return AliasNotFound(AliasArn(latest, name));
  return AliasOutput(*alias);
}

core::Result<net::Output> Service::UpdateAlias(const net::Call& call) {
  const auto& in = call.input;
  std::string name = GetString(in, "Name").value_or("");
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, FunctionNameOf(in)));
  TARN_ASSIGN_OR_RETURN(auto found,
                        impl_->store.GetAlias(latest.account_id, latest.region, latest.name, name));
  if (!found) return AliasNotFound(AliasArn(latest, name));
  AliasRecord alias = std::move(*found);
  if (auto revision = GetString(in, "RevisionId"); revision && *revision != alias.revision_id)
    return PreconditionFailed();
  if (auto version = GetString(in, "FunctionVersion")) {
    TARN_TRY(CheckVersion(impl_->store, latest, *version));
    alias.function_version = *version;
  }
  if (auto description = GetString(in, "Description")) alias.description = *description;
  // Without a new RoutingConfig the current one must still fit the (new) version.
  json::value current;
  if (!alias.weights.empty()) {
    json::object weights;
    for (const auto& [version, weight] : alias.weights) weights[version] = weight;
    current = json::object{{"AdditionalVersionWeights", std::move(weights)}};
  }
  const json::value* routing = in.if_contains("RoutingConfig");
  TARN_ASSIGN_OR_RETURN(alias.weights, RoutingWeights(impl_->store, latest, routing ? routing : &current,
                                                      alias.function_version));
  alias.revision_id = core::NewUuid();
  TARN_TRY(impl_->store.PutAlias(alias));
  return AliasOutput(alias);
}

core::Result<net::Output> Service::DeleteAlias(const net::Call& call) {
  const auto& in = call.input;
  std::string name = GetString(in, "Name").value_or("");
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, FunctionNameOf(in)));
  TARN_ASSIGN_OR_RETURN(auto alias,
                        impl_->store.GetAlias(latest.account_id, latest.region, latest.name, name));
  if (!alias) return AliasNotFound(AliasArn(latest, name));
  TARN_TRY(impl_->store.DeleteAlias(*alias));
  return net::Output{};  // 204, the operation's response code
}

core::Result<net::Output> Service::ListAliases(const net::Call& call) {
  const auto& in = call.input;
  TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, FunctionNameOf(in)));
  auto version = GetString(in, "FunctionVersion");
  size_t limit = static_cast<size_t>(GetInt(in, "MaxItems").value_or(kDefaultListItems));
  std::string after = GetString(in, "Marker").value_or("");  // the last alias of the previous page
  TARN_ASSIGN_OR_RETURN(auto aliases,
                        impl_->store.ListAliases(latest.account_id, latest.region, latest.name));
  json::array page;
  std::string last;
  bool more = false;
  for (const auto& alias : aliases) {
    if (!after.empty() && alias.name <= after) continue;
    if (version && alias.function_version != *version) continue;
    if (page.size() == limit) {
      more = true;
      break;
    }
    page.push_back(alias.Configuration());
    last = alias.name;
  }
  net::Output out;
  out.json["Aliases"] = std::move(page);
  if (more) out.json["NextMarker"] = last;
  return out;
}

}  // namespace tarn::lambda
