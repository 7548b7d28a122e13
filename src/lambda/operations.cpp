// The Lambda operation table (name, IAM action, resources, handler), the Service's construction,
// start-up and shutdown. IAM actions are "lambda:<Operation>" (Invoke is lambda:InvokeFunction);
// resources are the function ARN.
#include <boost/json/serialize.hpp>
#include <charconv>
#include <random>

#include "core/arn.h"
#include "core/ids.h"
#include "core/log.h"
#include "lambda/errors.h"
#include "lambda/service_impl.h"
#include "logs/logs.h"
#include "net/tag_condition_keys.h"

namespace tarn::lambda {

namespace {

using Method = core::Result<net::Output> (Service::*)(const net::Call&);

// Lambda's quota for a direct .zip upload is 50 MB, base64-encoded in a JSON body: the request quota
// is the one Lambda names in its refusal.
constexpr uint64_t kMaxCodeRequestBytes = 70167211;

// The function, version or alias ARN the request names: a qualifier (in FunctionName or the
// Qualifier member) makes it the qualified ARN, as Lambda authorizes it
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html), so a policy on
// "function:f" does not cover "function:f:live" — "function:f*" or "function:f:*" does.
std::vector<std::string> FunctionResource(const net::Call& call) {
  auto name = GetString(call.input, "FunctionName");
  if (!name) return {};
  FunctionRef ref = ParseFunctionName(*name);
  std::string qualifier = GetString(call.input, "Qualifier").value_or(ref.qualifier);
  std::string arn = FunctionArn(call.context.region, call.context.account_id, ref.name);
  return {qualifier.empty() ? arn : arn + ":" + qualifier};
}

std::vector<std::string> AllFunctions(const net::Call& call) {
  return {FunctionArn(call.context.region, call.context.account_id, "*")};
}

std::vector<std::string> MappingResource(const net::Call& call) {
  auto uuid = GetString(call.input, "UUID");
  if (!uuid) return {};
  return {"arn:aws:lambda:" + call.context.region + ":" + call.context.account_id +
          ":event-source-mapping:" + *uuid};
}

std::vector<std::string> AllMappings(const net::Call&) { return {}; }

// A uniform draw in [0, 1) for alias routing.
double Draw() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// TagResource/UntagResource/ListTags name the resource by its ARN.
std::vector<std::string> TaggedResource(const net::Call& call) {
  auto arn = GetString(call.input, "Resource");
  if (!arn) return {};
  return {*arn};
}

}  // namespace

std::optional<uint64_t> VersionNumber(std::string_view qualifier) {
  uint64_t number = 0;
  auto [end, ec] = std::from_chars(qualifier.data(), qualifier.data() + qualifier.size(), number);
  if (ec != std::errc() || end != qualifier.data() + qualifier.size() || qualifier.empty())
    return std::nullopt;
  return number;
}

FunctionRef ParseFunctionName(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    parts.push_back(
        text.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  FunctionRef ref;
  size_t at = 0;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "function") at = i + 1;
  }
  ref.name = std::string(parts[at]);
  if (at + 1 < parts.size()) ref.qualifier = std::string(parts[at + 1]);
  return ref;
}

Service::Impl::Impl(storage::Rocks& rocks, const core::Clock& clock, logs::Service& logs, s3::Service& s3,
                    streams::Service& streams, Options options)
    : rocks(rocks),
      clock(clock),
      logs(logs),
      s3(s3),
      streams(streams),
      options(std::move(options)),
      store(rocks),
      code(this->options.data_dir + "/lambda"),
      mappings(rocks),
      async_store(rocks) {
  runtime.runtime_dir = code.root() + "/.runtime";
  pollers = std::make_unique<MappingPollers>(
      PollerDeps{streams, mappings, clock,
                 [this](const EventSourceMapping& m, const std::string& payload) {
                   return InvokeForMapping(m, payload);
                 },
                 [this](const EventSourceMapping& m, std::string_view shard_id, const DiscardedBatch& batch) {
                   SendToOnFailure(m, shard_id, batch);
                 }});
}

core::Status CheckFunctionRegion(const net::RequestContext& context, std::string_view function_name) {
  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
  auto arn = core::Arn::Parse(function_name);
  if (arn && !arn->region.empty() && arn->region != context.region)
    return core::AwsError(
        "ResourceNotFoundException",
        "Functions from '" + arn->region + "' are not reachable in this region ('" + context.region + "')",
        404);
  return core::Ok();
}

core::Result<FunctionRecord> Service::Impl::Load(const net::RequestContext& context,
                                                 std::string_view function_name) const {
  TARN_TRY(CheckFunctionRegion(context, function_name));
  FunctionRef ref = ParseFunctionName(function_name);
  TARN_ASSIGN_OR_RETURN(auto record, store.Get(context.account_id, context.region, ref.name));
  std::string arn = FunctionArn(context.region, context.account_id, ref.name);
  if (!record) return FunctionNotFound(arn);
  if (!ref.qualifier.empty() && ref.qualifier != kLatest) return FunctionNotFound(arn + ":" + ref.qualifier);
  return std::move(*record);
}

core::Result<FunctionRecord> Service::Impl::Resolve(std::string_view account, std::string_view region,
                                                    std::string_view name, std::string_view qualifier,
                                                    bool route) const {
  std::string arn = FunctionArn(region, account, name);
  std::string named = qualifier.empty() ? arn : arn + ":" + std::string(qualifier);
  TARN_ASSIGN_OR_RETURN(auto latest, store.Get(account, region, name));
  if (!latest) return FunctionNotFound(named);
  if (qualifier.empty() || qualifier == kLatest) return std::move(*latest);
  auto number = VersionNumber(qualifier);
  if (!number) {
    TARN_ASSIGN_OR_RETURN(auto alias, store.GetAlias(account, region, name, qualifier));
    if (!alias) return FunctionNotFound(named);
    std::string version = route ? RouteVersion(*alias, Draw()) : alias->function_version;
    if (version == kLatest) return std::move(*latest);
    number = VersionNumber(version);
    if (!number) return FunctionNotFound(named);
  }
  TARN_ASSIGN_OR_RETURN(auto record, store.GetVersion(account, region, name, *number));
  if (!record) return FunctionNotFound(named);
  record->tags = latest->tags;
  record->reserved_concurrency = latest->reserved_concurrency;
  return std::move(*record);
}

core::Result<FunctionRecord> Service::Impl::ResolveInput(const net::RequestContext& context,
                                                         const boost::json::object& input, bool route,
                                                         std::string* qualifier) const {
  TARN_TRY(CheckFunctionRegion(context, GetString(input, "FunctionName").value_or("")));
  FunctionRef ref = ParseFunctionName(GetString(input, "FunctionName").value_or(""));
  if (auto member = GetString(input, "Qualifier")) {
    if (!ref.qualifier.empty() && ref.qualifier != *member) {
      return InvalidParameterValue(
          "The derived qualifier from the function name does not match the specified qualifier.");
    }
    ref.qualifier = *member;
  }
  if (qualifier) *qualifier = ref.qualifier;
  return Resolve(context.account_id, context.region, ref.name, ref.qualifier, route);
}

core::Result<FunctionRecord> Service::Impl::Publish(FunctionRecord& latest,
                                                    std::optional<std::string> description) {
  if (latest.last_version > 0 && latest.revision_id == latest.published_revision) {
    // Nothing changed since the last version: Lambda answers with that version.
    TARN_ASSIGN_OR_RETURN(
        auto last, store.GetVersion(latest.account_id, latest.region, latest.name, latest.last_version));
    if (last) {
      last->tags = latest.tags;
      last->reserved_concurrency = latest.reserved_concurrency;
      return std::move(*last);
    }
  }
  FunctionRecord updated = latest;
  updated.last_version = latest.last_version + 1;
  updated.revision_id = core::NewUuid();
  updated.published_revision = updated.revision_id;
  FunctionRecord version = latest;
  version.version = std::to_string(updated.last_version);
  version.last_version = 0;
  version.published_revision.clear();
  version.tags = {};  // the function's, never a version's own
  version.reserved_concurrency.reset();
  if (description) version.description = std::move(*description);
  version.last_modified = FormatLastModified(clock.Now());
  version.revision_id = core::NewUuid();
  TARN_TRY(store.Publish(updated, version));
  latest = std::move(updated);
  version.tags = latest.tags;
  version.reserved_concurrency = latest.reserved_concurrency;
  return version;
}

void Service::Impl::ReapLoop() {
  const auto timeout = std::max<std::chrono::seconds>(options.idle_instance_timeout, std::chrono::seconds(1));
  // Looking a tenth of the timeout apart, an instance lives at most 10% past it.
  const auto period = std::clamp<std::chrono::milliseconds>(timeout / 10, std::chrono::milliseconds(100),
                                                            std::chrono::seconds(30));
  std::unique_lock lock(reaper_mutex);
  while (!reaper_wake.wait_for(lock, period, [&] { return reaper_stop; })) {
    lock.unlock();
    if (size_t n = pool.ReapIdle(std::chrono::steady_clock::now() - timeout))
      log::debug("lambda: stopped {} idle function instance(s)", n);
    lock.lock();
  }
}

void Service::Impl::WriteLogs(const FunctionRecord& record, const std::string& stream,
                              std::vector<LogLine> lines) {
  if (lines.empty()) return;
  std::vector<logs::Event> events;
  events.reserve(lines.size());
  for (auto& line : lines) events.push_back({line.timestamp_ms, std::move(line.message)});
  if (auto written = logs.Write(record.region, record.LogGroup(), stream, std::move(events)); !written.ok())
    log::warn("lambda: cannot write the logs of {}: {}", record.name, written.error().message);
}

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Service::~Service() { Stop(); }

core::Result<std::unique_ptr<Service>> Service::Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       logs::Service& logs, s3::Service& s3,
                                                       streams::Service& streams, Options options) {
  TARN_TRY(rocks.CheckFormatVersion("lambda", {1, 1}));
  auto impl = std::make_unique<Impl>(rocks, clock, logs, s3, streams, std::move(options));
  TARN_TRY(impl->code.Init());
  TARN_TRY(InstallRuntimes(impl->runtime, impl->options));
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

void Service::SetEndpoint(std::string endpoint) { impl_->runtime.endpoint = std::move(endpoint); }

void Service::Start() {
  // Event invocations accepted before a stop or a crash run first.
  if (auto pending = impl_->async_store.List(); pending.ok()) {
    std::lock_guard lock(impl_->async_mutex);
    for (auto& invocation : *pending) impl_->async_queue.push_back(std::move(invocation));
  } else {
    log::error("lambda: cannot read the queued Event invocations: {}", pending.error().message);
  }
  for (int i = 0; i < std::max(1, impl_->options.async_workers); ++i)
    impl_->async_threads.emplace_back([impl = impl_.get()] { impl->AsyncLoop(); });
  impl_->reaper = std::thread([impl = impl_.get()] { impl->ReapLoop(); });
  auto mappings = impl_->mappings.List();
  if (!mappings.ok()) {
    log::error("lambda: cannot read the event source mappings: {}", mappings.error().message);
    return;
  }
  for (const auto& m : *mappings) impl_->pollers->Apply(m);
}

void Service::Stop() {
  // Pollers first, so no batch starts on a pool that is shutting down; the pool's shutdown ends the
  // invocations they are waiting for, and StopAll then joins them.
  impl_->pollers->RequestStop();
  {
    std::lock_guard lock(impl_->async_mutex);
    impl_->async_stop = true;
  }
  impl_->async_wake.notify_all();
  {
    std::lock_guard lock(impl_->reaper_mutex);
    impl_->reaper_stop = true;
  }
  impl_->reaper_wake.notify_all();
  if (impl_->reaper.joinable()) impl_->reaper.join();
  impl_->pool.Shutdown();
  impl_->pollers->StopAll();
  for (auto& t : impl_->async_threads) t.join();
  impl_->async_threads.clear();
}

void Service::RegisterOperations(net::Registry& registry) {
  registry.AddInternal("/_tarn/lambda/code/", [impl = impl_.get()](const net::HttpRequest& request) {
    return impl->DownloadCode(request);
  });
  struct Row {
    const char* name;
    const char* action;
    Method method;
    net::ResourceFunction resources;
    uint64_t max_body_bytes = 0;
  };
  const Row rows[] = {
      {"CreateFunction", "CreateFunction", &Service::CreateFunction, FunctionResource, kMaxCodeRequestBytes},
      {"GetFunction", "GetFunction", &Service::GetFunction, FunctionResource},
      {"GetFunctionConfiguration", "GetFunctionConfiguration", &Service::GetFunctionConfiguration,
       FunctionResource},
      {"ListFunctions", "ListFunctions", &Service::ListFunctions, AllFunctions},
      {"UpdateFunctionCode", "UpdateFunctionCode", &Service::UpdateFunctionCode, FunctionResource,
       kMaxCodeRequestBytes},
      {"UpdateFunctionConfiguration", "UpdateFunctionConfiguration", &Service::UpdateFunctionConfiguration,
       FunctionResource},
      {"DeleteFunction", "DeleteFunction", &Service::DeleteFunction, FunctionResource},
      {"PublishVersion", "PublishVersion", &Service::PublishVersion, FunctionResource},
      {"ListVersionsByFunction", "ListVersionsByFunction", &Service::ListVersionsByFunction,
       FunctionResource},
      {"CreateAlias", "CreateAlias", &Service::CreateAlias, FunctionResource},
      {"GetAlias", "GetAlias", &Service::GetAlias, FunctionResource},
      {"UpdateAlias", "UpdateAlias", &Service::UpdateAlias, FunctionResource},
      {"DeleteAlias", "DeleteAlias", &Service::DeleteAlias, FunctionResource},
      {"ListAliases", "ListAliases", &Service::ListAliases, FunctionResource},
      {"AddPermission", "AddPermission", &Service::AddPermission, FunctionResource},
      {"GetPolicy", "GetPolicy", &Service::GetPolicy, FunctionResource},
      {"RemovePermission", "RemovePermission", &Service::RemovePermission, FunctionResource},
      {"GetAccountSettings", "GetAccountSettings", &Service::GetAccountSettings, AllFunctions},
      {"PutFunctionEventInvokeConfig", "PutFunctionEventInvokeConfig", &Service::PutFunctionEventInvokeConfig,
       FunctionResource},
      {"UpdateFunctionEventInvokeConfig", "UpdateFunctionEventInvokeConfig",
       &Service::UpdateFunctionEventInvokeConfig, FunctionResource},
      {"GetFunctionEventInvokeConfig", "GetFunctionEventInvokeConfig", &Service::GetFunctionEventInvokeConfig,
       FunctionResource},
      {"DeleteFunctionEventInvokeConfig", "DeleteFunctionEventInvokeConfig",
       &Service::DeleteFunctionEventInvokeConfig, FunctionResource},
      {"ListFunctionEventInvokeConfigs", "ListFunctionEventInvokeConfigs",
       &Service::ListFunctionEventInvokeConfigs, FunctionResource},
      {"PutFunctionConcurrency", "PutFunctionConcurrency", &Service::PutFunctionConcurrency,
       FunctionResource},
      {"GetFunctionConcurrency", "GetFunctionConcurrency", &Service::GetFunctionConcurrency,
       FunctionResource},
      {"DeleteFunctionConcurrency", "DeleteFunctionConcurrency", &Service::DeleteFunctionConcurrency,
       FunctionResource},
      {"Invoke", "InvokeFunction", &Service::Invoke, FunctionResource, kMaxSyncPayloadBytes + 64 * 1024},
      {"TagResource", "TagResource", &Service::TagResource, TaggedResource},
      {"UntagResource", "UntagResource", &Service::UntagResource, TaggedResource},
      {"ListTags", "ListTags", &Service::ListTags, TaggedResource},
      // https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html: mapping actions
      // name the mapping's ARN, or "*" for Create and List.
      {"CreateEventSourceMapping", "CreateEventSourceMapping", &Service::CreateEventSourceMapping,
       AllMappings},
      {"GetEventSourceMapping", "GetEventSourceMapping", &Service::GetEventSourceMapping, MappingResource},
      {"ListEventSourceMappings", "ListEventSourceMappings", &Service::ListEventSourceMappings, AllMappings},
      {"UpdateEventSourceMapping", "UpdateEventSourceMapping", &Service::UpdateEventSourceMapping,
       MappingResource},
      {"DeleteEventSourceMapping", "DeleteEventSourceMapping", &Service::DeleteEventSourceMapping,
       MappingResource},
  };
  // aws:RequestTag/<key> and aws:TagKeys of CreateFunction's Tags; aws:ResourceTag/<key> of the
  // function other operations act on.
  // https://docs.aws.amazon.com/lambda/latest/dg/attribute-based-access-control.html
  auto extras = [impl = impl_.get()](const net::Call& call) {
    net::AuthorizationExtras extras;
    // Giving a function its execution role takes iam:PassRole on the role.
    // https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
    if (auto role = GetString(call.input, "Role")) extras.also_required.push_back({"iam:PassRole", *role});
    const std::string& op = call.context.operation;
    if (op == "CreateFunction" || op == "TagResource") {
      net::AddRequestTags(extras, net::TagsOf(call.input.if_contains("Tags")));
      if (op == "CreateFunction") return extras;
    }
    if (op == "UntagResource") net::AddTagKeys(extras, net::TagKeysOf(call.input.if_contains("TagKeys")));
    bool tagging = op == "TagResource" || op == "UntagResource" || op == "ListTags";
    auto resources = tagging ? TaggedResource(call) : FunctionResource(call);
    auto name = GetString(call.input, tagging ? "Resource" : "FunctionName");
    if (resources.empty() || !name) return extras;
    auto record = impl->Load(call.context, ParseFunctionName(*name).name);
    if (!record.ok() || record->tags.empty()) return extras;
    boost::json::value tags = record->tags;
    net::AddResourceTags(extras, resources.front(), net::TagsOf(&tags));
    return extras;
  };
  for (const Row& row : rows) {
    Method method = row.method;
    registry.Add("lambda",
                 {.name = row.name,
                  .iam_action = std::string("lambda:") + row.action,
                  .resources = row.resources,
                  .handler = [this, method](const net::Call& call) { return (this->*method)(call); },
                  .extras = extras,
                  .max_body_bytes = row.max_body_bytes});
  }
}

}  // namespace tarn::lambda
