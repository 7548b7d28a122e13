// Implements: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
// UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction (of a function, or of one
// published version). Get* take a version or alias qualifier; Create/UpdateFunctionCode publish a
// version with Publish.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (and the sibling pages).
// Packages are unzipped before the call returns, so a function is Active as soon as it exists;
// the create/update responses still say Pending/InProgress, as Lambda's do, for waiters.
#include <boost/json/serialize.hpp>

#include "core/encoding.h"
#include "core/fs.h"
#include "core/ids.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"
#include "s3/s3.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

constexpr size_t kMaxListItems = 50;

core::AwsError Validation(std::string message) {
  return core::AwsError("ValidationException", std::move(message));
}

core::Status CheckRuntime(std::string_view runtime) {
  if (IsDeprecatedRuntime(runtime)) {
    return InvalidParameterValue(
        "The runtime parameter of " + std::string(runtime) +
        " is no longer supported for creating or updating AWS Lambda functions. We "
        "recommend you use a supported runtime while creating or updating functions.");
  }
  return core::Ok();
}

core::Status CheckTimeout(int64_t timeout) {
  if (timeout > kMaxTimeoutSeconds) {
    return Validation(
        "1 validation error detected: Value '" + std::to_string(timeout) +
        "' at 'timeout' failed to satisfy constraint: Member must have value less than or equal "
        "to 900");
  }
  return core::Ok();
}

// The package bytes from ZipFile (base64) or S3Bucket/S3Key.
core::Result<std::string> PackageBytes(s3::Service& s3, const json::object& code) {
  if (auto zip = GetString(code, "ZipFile")) {
    auto bytes = core::Base64Decode(*zip);
    if (!bytes) return CouldNotUnzip();
    if (bytes->size() > kMaxZippedBytes) {
      return core::AwsError("RequestEntityTooLargeException",
                            "Zipped size must be smaller than " + std::to_string(kMaxZippedBytes) + " bytes",
                            413);
    }
    return std::move(*bytes);
  }
  auto bucket = GetString(code, "S3Bucket");
  auto key = GetString(code, "S3Key");
  if (bucket && key) {
    auto files = s3.ListLocalFiles(*bucket, *key);
    if (!files.ok()) {
      return InvalidParameterValue(
          "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified "
          "bucket "
          "does not exist");
    }
    for (const auto& file : *files) {
      if (file.key == *key) return core::ReadFile(file.path);
    }
    return InvalidParameterValue(
        "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does "
        "not "
        "exist.");
  }
  if (code.contains("ImageUri"))
    return InvalidParameterValue("tarn runs .zip packages only, not container images");
  return InvalidParameterValue("Please provide a source for function code.");
}

// Keys Lambda sets itself and refuses in Environment.Variables
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
core::Status CheckReservedKeys(const json::object& variables) {
  static constexpr std::string_view kReserved[] = {"_HANDLER",
                                                   "_X_AMZN_TRACE_ID",
                                                   "AWS_DEFAULT_REGION",
                                                   "AWS_REGION",
                                                   "AWS_EXECUTION_ENV",
                                                   "AWS_LAMBDA_FUNCTION_NAME",
                                                   "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                                   "AWS_LAMBDA_FUNCTION_VERSION",
                                                   "AWS_LAMBDA_INITIALIZATION_TYPE",
                                                   "AWS_LAMBDA_LOG_GROUP_NAME",
                                                   "AWS_LAMBDA_LOG_STREAM_NAME",
                                                   "AWS_ACCESS_KEY",
                                                   "AWS_ACCESS_KEY_ID",
                                                   "AWS_SECRET_ACCESS_KEY",
                                                   "AWS_SESSION_TOKEN",
                                                   "AWS_LAMBDA_RUNTIME_API",
                                                   "LAMBDA_TASK_ROOT",
                                                   "LAMBDA_RUNTIME_DIR"};
  std::string used;
  for (const auto& [key, value] : variables) {
    for (auto reserved : kReserved) {
      if (key == reserved) used += (used.empty() ? "" : ", ") + std::string(key);
    }
  }
  if (used.empty()) return core::Ok();
  return InvalidParameterValue(
      "Lambda was unable to configure your environment variables because the environment variables you have "
      "provided contains reserved keys that are currently not supported for modification. Reserved keys used "
      "in "
      "this request: " +
      used);
}

// Lambda measures Environment.Variables as compact JSON against its 4 KB quota.
// Lambda assumes the execution role at once to prove it can
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html): a role that does
// not exist or whose trust policy leaves out lambda.amazonaws.com is refused here, not at the first
// invocation.
core::Status CheckRoleAssumable(const Options& options, const std::string& role) {
  if (!options.role_assumable || options.role_assumable(role)) return core::Ok();
  return InvalidParameterValue("The role defined for the function cannot be assumed by Lambda.");
}

core::Status CheckEnvironmentSize(const json::object& variables) {
  constexpr size_t kMaxEnvironmentBytes = 4096;
  std::string measured = json::serialize(variables);
  if (measured.size() <= kMaxEnvironmentBytes) return core::Ok();
  return InvalidParameterValue(
      "Lambda was unable to configure your environment variables because the environment variables you have "
      "provided exceeded the 4KB limit. String measured: " +
      measured);
}

json::object Environment(const json::object& input) {
  const auto* env = input.if_contains("Environment");
  if (!env || !env->is_object()) return {};
  const auto* vars = env->get_object().if_contains("Variables");
  return vars && vars->is_object() ? vars->get_object() : json::object();
}

net::Output ConfigurationOutput(json::object configuration) {
  net::Output out;
  out.json = std::move(configuration);
  return out;
}

bool Publishing(const json::object& in) {
  const auto* publish = in.if_contains("Publish");
  return publish && publish->is_bool() && publish->get_bool();
}

}  // namespace

core::Result<net::Output> Service::CreateFunction(const net::Call& call) {
  const auto& in = call.input;
  TARN_TRY(CheckFunctionRegion(call.context, GetString(in, "FunctionName").value_or("")));
  std::string name = ParseFunctionName(GetString(in, "FunctionName").value_or("")).name;
  // The model allows 140 characters for an ARN; a name itself has at most 64 (AWS's text, in
  // LocalStack's test_function_arns[long_function_name_exc], recorded on AWS).
  if (name.size() > 64)
    return InvalidParameterValue("1 validation error detected: Value '" + name +
                                 "' at 'functionName' failed to satisfy constraint: Member must have length "
                                 "less than or equal to 64");
  if (GetString(in, "PackageType").value_or("Zip") == "Image")
    return InvalidParameterValue("tarn runs .zip packages only, not container images");
  auto runtime = GetString(in, "Runtime");
  auto handler = GetString(in, "Handler");
  if (!runtime || !handler) {
    return InvalidParameterValue(
        "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
  }
  TARN_TRY(CheckRuntime(*runtime));
  int64_t timeout = GetInt(in, "Timeout").value_or(kDefaultTimeoutSeconds);
  TARN_TRY(CheckTimeout(timeout));
  const auto* code = in.if_contains("Code");
  if (!code || !code->is_object()) return InvalidParameterValue("Please provide a source for function code.");
  {
    TARN_ASSIGN_OR_RETURN(auto existing,
                          impl_->store.Get(call.context.account_id, call.context.region, name));
    if (existing) return FunctionAlreadyExists(name);
  }
  TARN_TRY(CheckRoleAssumable(impl_->options, GetString(in, "Role").value_or("")));
  TARN_ASSIGN_OR_RETURN(std::string zip, PackageBytes(impl_->s3, code->get_object()));
  TARN_ASSIGN_OR_RETURN(CodePackage package, impl_->code.Store(name, zip));

  FunctionRecord r;
  r.account_id = call.context.account_id;
  r.region = call.context.region;
  r.name = name;
  r.runtime = *runtime;
  r.handler = *handler;
  r.role = GetString(in, "Role").value_or("");
  r.description = GetString(in, "Description").value_or("");
  r.timeout = static_cast<int>(timeout);
  r.memory_size = static_cast<int>(GetInt(in, "MemorySize").value_or(kDefaultMemoryMb));
  r.environment = Environment(in);
  TARN_TRY(CheckReservedKeys(r.environment));
  TARN_TRY(CheckEnvironmentSize(r.environment));
  if (const auto* tags = in.if_contains("Tags"); tags && tags->is_object()) r.tags = tags->get_object();
  r.code_sha256 = package.sha256_base64;
  r.code_hex = package.sha256_hex;
  r.code_size = package.size;
  r.last_modified = FormatLastModified(impl_->clock.Now());
  r.revision_id = core::NewUuid();
  std::optional<FunctionRecord> published;
  {
    std::lock_guard lock(impl_->write_mutex);
    TARN_ASSIGN_OR_RETURN(auto existing, impl_->store.Get(r.account_id, r.region, name));
    if (existing) return FunctionAlreadyExists(name);
    TARN_TRY(impl_->store.Put(r));
    if (Publishing(in)) {
      TARN_ASSIGN_OR_RETURN(published, impl_->Publish(r, std::nullopt));
    }
  }
  json::object c = published ? published->Configuration() : r.Configuration();
  c["State"] = "Pending";
  c["StateReason"] = "The function is being created.";
  c["StateReasonCode"] = "Creating";
  c.erase("LastUpdateStatus");
  return ConfigurationOutput(std::move(c));
}

core::Result<net::Output> Service::GetFunction(const net::Call& call) {
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(auto r, impl_->ResolveInput(call.context, call.input, false, &qualifier));
  net::Output out;
  out.json["Configuration"] = r.Configuration(qualifier);
  out.json["Code"] = json::object{{"RepositoryType", "S3"}, {"Location", impl_->CodeLocation(r)}};
  if (!r.tags.empty()) out.json["Tags"] = r.tags;
  if (r.reserved_concurrency)
    out.json["Concurrency"] = json::object{{"ReservedConcurrentExecutions", *r.reserved_concurrency}};
  return out;
}

core::Result<net::Output> Service::GetFunctionConfiguration(const net::Call& call) {
  std::string qualifier;
  TARN_ASSIGN_OR_RETURN(auto r, impl_->ResolveInput(call.context, call.input, false, &qualifier));
  return ConfigurationOutput(r.Configuration(qualifier));
}

core::Result<net::Output> Service::ListFunctions(const net::Call& call) {
  const auto& context = call.context;
  size_t limit = static_cast<size_t>(GetInt(call.input, "MaxItems").value_or(kMaxListItems));
  limit = std::min(limit, kMaxListItems);
  // FunctionVersion ALL lists every function's published versions after its $LATEST.
  const bool all = GetString(call.input, "FunctionVersion").value_or("") == "ALL";
  // The marker is the last item of the previous page: "<name>", or "<name>:<version>" with ALL.
  std::string after;
  uint64_t after_version = 0;
  if (auto marker = GetString(call.input, "Marker")) {
    auto decoded = core::Base64Decode(*marker);
    if (!decoded) return InvalidParameterValue("Invalid marker: " + *marker);
    FunctionRef ref = ParseFunctionName(*decoded);
    after = ref.name;
    if (!ref.qualifier.empty()) after_version = std::strtoull(ref.qualifier.c_str(), nullptr, 10);
  }
  std::vector<std::pair<std::string, json::object>> items;  // (marker, configuration); one past the page
  auto add_versions = [&](const std::string& name, uint64_t after_number) -> core::Status {
    TARN_ASSIGN_OR_RETURN(auto versions, impl_->store.ListVersions(context.account_id, context.region, name));
    for (const auto& v : versions) {
      if (items.size() > limit) break;
      if (std::stoull(v.version) > after_number)
        items.emplace_back(name + ":" + v.version, v.Configuration());
    }
    return core::Ok();
  };
  if (all && !after.empty()) TARN_TRY(add_versions(after, after_version));
  if (items.size() <= limit) {
    TARN_ASSIGN_OR_RETURN(auto records,
                          impl_->store.List(context.account_id, context.region, after, limit + 1));
    for (const auto& r : records) {
      if (items.size() > limit) break;
      items.emplace_back(r.name, r.Configuration(all ? kLatest : std::string_view()));
      if (all) TARN_TRY(add_versions(r.name, 0));
    }
  }
  net::Output out;
  json::array functions;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    // ListFunctions leaves out the state fields
    // (https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html: "The ListFunctions operation
    // returns a subset of the FunctionConfiguration fields").
    for (const char* state : {"State", "StateReason", "StateReasonCode", "LastUpdateStatus",
                              "LastUpdateStatusReason", "LastUpdateStatusReasonCode"})
      items[i].second.erase(state);
    functions.push_back(std::move(items[i].second));
  }
  if (items.size() > limit) out.json["NextMarker"] = core::Base64Encode(items[limit - 1].first);
  out.json["Functions"] = std::move(functions);
  return out;
}

core::Result<net::Output> Service::UpdateFunctionCode(const net::Call& call) {
  const auto& in = call.input;
  TARN_ASSIGN_OR_RETURN(auto current, impl_->Load(call.context, GetString(in, "FunctionName").value_or("")));
  TARN_ASSIGN_OR_RETURN(std::string zip, PackageBytes(impl_->s3, in));
  TARN_ASSIGN_OR_RETURN(CodePackage package, impl_->code.Store(current.name, zip));
  FunctionRecord r;
  std::optional<FunctionRecord> published;
  {
    std::lock_guard lock(impl_->write_mutex);
    TARN_ASSIGN_OR_RETURN(r, impl_->Load(call.context, current.name));
    if (auto revision = GetString(in, "RevisionId"); revision && *revision != r.revision_id)
      return PreconditionFailed();
    if (in.contains("DryRun") && in.at("DryRun").is_bool() && in.at("DryRun").get_bool()) {
      return ConfigurationOutput(r.Configuration());
    }
    r.code_sha256 = package.sha256_base64;
    r.code_hex = package.sha256_hex;
    r.code_size = package.size;
    r.last_modified = FormatLastModified(impl_->clock.Now());
    r.revision_id = core::NewUuid();
    TARN_TRY(impl_->store.Put(r));
    if (Publishing(in)) {
      TARN_ASSIGN_OR_RETURN(published, impl_->Publish(r, std::nullopt));
    }
  }
  impl_->pool.Retire(r.Arn());
  json::object c = published ? published->Configuration() : r.Configuration();
  c["LastUpdateStatus"] = "InProgress";
  c["LastUpdateStatusReason"] = "The function is being created.";
  c["LastUpdateStatusReasonCode"] = "Creating";
  return ConfigurationOutput(std::move(c));
}

core::Result<net::Output> Service::UpdateFunctionConfiguration(const net::Call& call) {
  const auto& in = call.input;
  FunctionRecord r;
  {
    std::lock_guard lock(impl_->write_mutex);
    TARN_ASSIGN_OR_RETURN(r, impl_->Load(call.context, GetString(in, "FunctionName").value_or("")));
    if (auto revision = GetString(in, "RevisionId"); revision && *revision != r.revision_id)
      return PreconditionFailed();
    if (auto runtime = GetString(in, "Runtime")) {
      TARN_TRY(CheckRuntime(*runtime));
      r.runtime = *runtime;
    }
    if (auto timeout = GetInt(in, "Timeout")) {
      TARN_TRY(CheckTimeout(*timeout));
      r.timeout = static_cast<int>(*timeout);
    }
    if (auto memory = GetInt(in, "MemorySize")) r.memory_size = static_cast<int>(*memory);
    if (auto handler = GetString(in, "Handler")) r.handler = *handler;
    if (auto role = GetString(in, "Role")) {
      TARN_TRY(CheckRoleAssumable(impl_->options, *role));
      r.role = *role;
    }
    if (auto description = GetString(in, "Description")) r.description = *description;
    if (in.contains("Environment")) {
      r.environment = Environment(in);
      TARN_TRY(CheckReservedKeys(r.environment));
      TARN_TRY(CheckEnvironmentSize(r.environment));
    }
    r.last_modified = FormatLastModified(impl_->clock.Now());
    r.revision_id = core::NewUuid();
    TARN_TRY(impl_->store.Put(r));
  }
  impl_->pool.Retire(r.Arn());
  json::object c = r.Configuration();
  // Lambda's own words here, odd as they are (LocalStack's test_function_lifecycle, recorded on AWS).
  c["LastUpdateStatus"] = "InProgress";
  c["LastUpdateStatusReason"] = "The function is being created.";
  c["LastUpdateStatusReasonCode"] = "Creating";
  return ConfigurationOutput(std::move(c));
}

core::Result<net::Output> Service::DeleteFunction(const net::Call& call) {
  auto name_input = GetString(call.input, "FunctionName").value_or("");
  TARN_TRY(CheckFunctionRegion(call.context, name_input));
  const std::string derived = ParseFunctionName(name_input).qualifier;
  auto qualifier = GetString(call.input, "Qualifier").value_or(derived);
  // Lambda compares the two qualifiers first (LocalStack's test_ops_with_arn_qualifier_mismatch).
  if (!derived.empty() && qualifier != derived)
    return InvalidParameterValue(
        "The derived qualifier from the function name does not match the specified qualifier.");
  if (qualifier == kLatest)
    return InvalidParameterValue("$LATEST version cannot be deleted without deleting the function.");
  FunctionRecord r;
  std::lock_guard lock(impl_->write_mutex);
  if (!qualifier.empty()) {
    // One published version; its code directory stays (the function's other versions may share it).
    // A version that does not exist (any more) is deleted already: Lambda answers 204, and for a
    // function that does not exist names the function alone (test_delete_on_nonexisting_version).
    TARN_ASSIGN_OR_RETURN(auto latest, impl_->Load(call.context, ParseFunctionName(name_input).name));
    if (auto number = VersionNumber(qualifier)) {
      TARN_ASSIGN_OR_RETURN(auto version,
                            impl_->store.GetVersion(latest.account_id, latest.region, latest.name, *number));
      if (!version) {
        net::Output out;
        out.json["StatusCode"] = 204;
        return out;
      }
    }
    TARN_ASSIGN_OR_RETURN(r, impl_->ResolveInput(call.context, call.input, false));
    if (r.latest() || r.version != qualifier) {
      // An alias: DeleteFunction removes versions only.
      return FunctionNotFound(r.Arn() + ":" + qualifier);
    }
    TARN_ASSIGN_OR_RETURN(auto aliases, impl_->store.ListAliases(r.account_id, r.region, r.name));
    std::string referencing;
    for (const auto& alias : aliases) {
      if (alias.References(r.version)) referencing += (referencing.empty() ? "" : ", ") + alias.name;
    }
    if (!referencing.empty())
      return ResourceConflict("Unable to delete version because the following aliases reference it: [" +
                              referencing + "]");
    TARN_TRY(impl_->store.DeleteVersion(r));
    impl_->pool.Retire(r.VersionArn());
    net::Output out;
    out.json["StatusCode"] = 204;
    return out;
  }
  TARN_ASSIGN_OR_RETURN(r, impl_->Load(call.context, name_input));
  TARN_TRY(impl_->store.Delete(r));
  impl_->pool.Retire(r.Arn());  // and every version's
  impl_->code.Remove(r.name);
  net::Output out;
  out.json["StatusCode"] = 204;
  return out;
}

}  // namespace tarn::lambda
