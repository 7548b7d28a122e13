// THE wiring file (STYLE.md): storage → credentials → services → registry → dispatcher → server,
// in dependency order, then wait for SIGINT/SIGTERM and shut down in reverse.
#include <signal.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>

#include "auth/authenticator.h"
#include "auth/credentials.h"
#include "cli/commands.h"
#include "cli/data_dir.h"
#include "core/clock.h"
#include "core/fs.h"
#include "core/log.h"
#include "dynamodb/dynamodb.h"
#include "gateway/dispatcher.h"
#include "iam/iam.h"
#include "lambda/lambda.h"
#include "logs/logs.h"
#include "net/registry.h"
#include "net/server.h"
#include "s3/s3.h"
#include "storage/rocks.h"
#include "streams/streams.h"
#include "sts/sts.h"

#ifndef TARN_VERSION
#define TARN_VERSION "0.0.0"
#endif

namespace tarn::cli {

namespace {

constexpr std::string_view kLambdaService = "lambda.amazonaws.com";

std::shared_ptr<spdlog::logger> MakeAccessLogger(const ServeOptions& o) {
  if (o.access_log == "off") return nullptr;
  // Synchronous on purpose: a line goes into the sink's stdio buffer under its mutex, which costs
  // less than spdlog's async queue, whose condition variable woke its thread for nearly every request.
  std::shared_ptr<spdlog::logger> logger;
  if (o.access_log == "-") {
    logger = spdlog::create<spdlog::sinks::stderr_sink_mt>("access");
  } else {
    std::string path = o.access_log.empty() ? o.data_dir + "/access.log" : o.access_log;
    // A line per request is ~100 bytes: at 30,000 requests/s a plain file grows 10 GB an hour. Keep
    // the newest 64 MiB and two older files (access.1.log, access.2.log).
    spdlog::file_event_handlers handlers;
    // stdio's default buffer is one page, so a busy server wrote(2) every ~40 lines.
    handlers.after_open = [](const spdlog::filename_t&, std::FILE* file) {
      std::setvbuf(file, nullptr, _IOFBF, 64 << 10);
    };
    logger = spdlog::create<spdlog::sinks::rotating_file_sink_mt>("access", path, size_t{64} << 20, 2, false,
                                                                  handlers);
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
  logger->flush_on(spdlog::level::warn);
  // Lines reach the file within a second without a write(2) per request.
  spdlog::flush_every(std::chrono::seconds(1));
  return logger;
}

std::string EndpointFor(const std::string& host, uint16_t port) {
  std::string h = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host;
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(port);
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "tarn: %s\n", message.c_str());
  return 1;
}

}  // namespace

int Serve(const ServeOptions& o) {
  // Signals are taken by sigwait on this thread; every thread started below inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e [%^%l%$] %v");
  spdlog::set_level(spdlog::level::from_str(o.log_level));

  if (auto made = core::CreateDirectories(o.data_dir); !made.ok()) return Fail(made.error().message);
  auto lock = DataDirLock::Acquire(o.data_dir);
  if (!lock.ok()) return Fail(lock.error().message);

  storage::RocksOptions rocks_options;
  rocks_options.path = o.data_dir + "/db";
  rocks_options.durability =
      o.relaxed_durability ? storage::Durability::kRelaxed : storage::Durability::kSync;
  auto rocks = storage::Rocks::Open(rocks_options);
  if (!rocks.ok()) return Fail(rocks.error().message);

  auto root = LoadOrCreateRootCredentials(o.data_dir);
  if (!root.ok()) return Fail(root.error().message);
  iam::Options iam_options;
  iam_options.session_lifetime_cap = std::chrono::seconds(o.sts_lifetime_cap_seconds);
  core::SystemClock clock;
  auto iam = iam::Service::Create(**rocks, clock, iam_options);
  if (!iam.ok()) return Fail(iam.error().message);
  auth::Credential root_credential;
  root_credential.access_key_id = root->access_key_id;
  root_credential.secret_access_key = root->secret_access_key;
  root_credential.principal.type = core::Principal::Type::kRoot;
  root_credential.principal.arn = "arn:aws:iam::" + std::string(core::kDefaultAccountId) + ":root";
  root_credential.principal.user_id = std::string(core::kDefaultAccountId);
  root_credential.principal.name = "root";
  iam::CredentialStore credentials(**iam, std::move(root_credential));

  auth::Authenticator authenticator(credentials, clock);
  iam::Authorizer authorizer(**iam, clock, o.iam_enforce);
  if (!o.iam_enforce) {
    log::warn("*** --iam off: IAM policies are NOT enforced; every signed request is allowed ***");
    std::fprintf(
        stderr, "tarn: WARNING: --iam off: IAM policies are NOT enforced; every signed request is allowed\n");
  }

  net::Registry registry;
  (*iam)->RegisterOperations(registry);
  sts::Service sts(iam->get());
  sts.RegisterOperations(registry);
  streams::Options streams_options;
  streams_options.retention = std::chrono::seconds(o.streams_retention_seconds);
  streams_options.iterator_lifetime = std::chrono::seconds(o.streams_iterator_lifetime_seconds);
  streams_options.shard_lifetime = std::chrono::seconds(o.streams_shard_lifetime_seconds);
  streams_options.trim_interval = std::chrono::milliseconds(o.streams_trim_interval_ms);
  auto ddb_streams = streams::Service::Create(**rocks, clock, streams_options);
  if (!ddb_streams.ok()) return Fail(ddb_streams.error().message);
  (*ddb_streams)->RegisterOperations(registry);
  auto ddb = dynamodb::Service::Create(**rocks, clock, ddb_streams->get());
  if (!ddb.ok()) return Fail(ddb.error().message);
  (*ddb)->RegisterOperations(registry);
  auto s3 = s3::Service::Create(**rocks, clock, o.data_dir);
  if (!s3.ok()) return Fail(s3.error().message);
  (*s3)->RegisterOperations(registry);
  // DynamoDB exports write to S3, and imports read from it, through S3's in-process API.
  dynamodb::Service::ObjectStore object_store;
  object_store.put = [s3 = s3->get()](std::string_view bucket, std::string_view key,
                                      const std::string& path) {
    return s3->PutObjectFromFile(bucket, key, path, "application/octet-stream");
  };
  object_store.list =
      [s3 = s3->get(), data_dir = o.data_dir](
          std::string_view bucket,
          std::string_view prefix) -> core::Result<std::vector<dynamodb::Service::ObjectStore::Object>> {
    TARN_ASSIGN_OR_RETURN(auto objects, s3->ListLocalFiles(bucket, prefix));
    std::vector<dynamodb::Service::ObjectStore::Object> out;
    for (auto& object : objects) {
      // Paths are absolute or relative to the data directory.
      std::string path = object.path.starts_with('/') ? object.path : data_dir + "/" + object.path;
      out.push_back({std::move(object.key), std::move(path), object.size});
    }
    return out;
  };
  object_store.tmp_dir = o.data_dir + "/tmp";
  // An export writes to S3 as its caller: their policies and the bucket policy must allow it.
  object_store.authorize = [&authorizer, &registry](const net::RequestContext& caller,
                                                    std::string_view operation, std::string_view bucket,
                                                    std::string_view key) -> core::Status {
    const net::Operation* op = registry.Find("s3", operation);
    if (!op) return core::Ok();
    std::string resource = "arn:aws:s3:::" + std::string(bucket);
    if (!key.empty()) resource += "/" + std::string(key);
    net::AuthorizationExtras extras;
    const boost::json::object no_input;
    const net::Call call{caller, no_input};
    if (op->resource_policy)
      extras.resource_policy = [op, &call](std::string_view arn) { return op->resource_policy(call, arn); };
    return authorizer.Authorize(caller, *op, {resource}, extras);
  };
  auto logs = logs::Service::Create(**rocks, clock);
  if (!logs.ok()) return Fail(logs.error().message);
  (*logs)->RegisterOperations(registry);
  // DynamoDB imports log the items they could not import to CloudWatch Logs.
  (*ddb)->SetLogWriter([logs = logs->get()](std::string_view region, std::string_view group,
                                            std::string_view stream,
                                            std::vector<std::pair<int64_t, std::string>> events) {
    std::vector<logs::Event> out;
    out.reserve(events.size());
    for (auto& [timestamp, message] : events) out.push_back({timestamp, std::move(message)});
    return logs->Write(region, group, stream, std::move(out));
  });
  (*ddb)->SetObjectStore(std::move(object_store));
  lambda::Options lambda_options;
  lambda_options.data_dir = o.data_dir;
  lambda_options.node_modules = TARN_NODE_MODULES;
  lambda_options.idle_instance_timeout = std::chrono::seconds(o.lambda_idle_timeout_seconds);
  lambda_options.async_retry_delay = std::chrono::milliseconds(o.lambda_async_retry_delay_ms);
  // Function processes sign with temporary credentials of their execution role, from STS
  // AssumeRole as the Lambda service principal.
  struct RoleCredentials {
    std::mutex mutex;
    std::map<std::string, iam::TemporaryCredentials> by_role;  // by role ARN and function name
  };
  auto role_credentials = std::make_shared<RoleCredentials>();
  // A function's process signs as a session of its execution role named after the function, as
  // Lambda's are (assumed-role/<role>/<function>); the sessions are reused until 15 minutes before
  // they expire. A role that no longer exists or no longer trusts Lambda fails the invocation: the
  // function never falls back to other credentials.
  lambda_options.role_assumable = [iam = iam->get()](const std::string& role_arn) {
    return iam->ServiceMayAssume(role_arn, kLambdaService);
  };
  if (o.iam_enforce) {
    lambda_options.role_allows = [iam = iam->get()](const std::string& role_arn, std::string_view action,
                                                    std::string_view resource) {
      return iam->RoleAllows(role_arn, action, resource);
    };
  }
  lambda_options.credentials_for =
      [iam = iam->get(), &clock, role_credentials](
          const std::string& role_arn,
          const std::string& function) -> core::Result<lambda::FunctionCredentials> {
    std::string key = role_arn + "\n" + function;
    std::lock_guard lock(role_credentials->mutex);
    auto it = role_credentials->by_role.find(key);
    if (it == role_credentials->by_role.end() ||
        it->second.expiration - clock.Now() < std::chrono::minutes(15)) {
      core::Principal lambda_service;
      lambda_service.type = core::Principal::Type::kService;
      lambda_service.arn = std::string(kLambdaService);
      iam::AssumeRoleInput input;
      input.role_arn = role_arn;
      input.session_name = function;
      core::Result<iam::TemporaryCredentials> issued =
          core::AwsError("AccessDenied", "no such role, or its trust policy leaves out Lambda", 403);
      if (iam->ServiceMayAssume(role_arn, kLambdaService)) issued = iam->AssumeRole(lambda_service, input);
      if (!issued.ok()) {
        log::warn("lambda: cannot assume the execution role {} of {} ({})", role_arn, function,
                  issued.error().message);
        return core::AwsError("InvalidParameterValueException",
                              "The role defined for the function cannot be assumed by Lambda.", 400);
      }
      it = role_credentials->by_role.insert_or_assign(std::move(key), std::move(*issued)).first;
    }
    return lambda::FunctionCredentials{it->second.access_key_id, it->second.secret_access_key,
                                       it->second.session_token};
  };
  auto functions = lambda::Service::Create(**rocks, clock, **logs, **s3, **ddb_streams, lambda_options);
  if (!functions.ok()) return Fail(functions.error().message);
  (*functions)->RegisterOperations(registry);

  gateway::Dispatcher dispatcher(registry, authenticator, authorizer, clock, {.version = TARN_VERSION});

  auto access = MakeAccessLogger(o);
  net::ServerOptions server_options;
  server_options.host = o.host;
  server_options.port = o.port;
  server_options.io_threads = o.io_threads;
  server_options.worker_threads = o.worker_threads;
  if (access) {
    server_options.access_log = [access](const net::AccessLogEntry& e) {
      access->info("{} {} \"{} {}\" {} {} {} {} {}us", e.request_id, e.remote_address, e.method, e.target,
                   e.service.empty() ? "-" : e.service, e.operation.empty() ? "-" : e.operation, e.status,
                   e.bytes_out, e.micros);
    };
  }
  net::Server server(server_options, dispatcher);
  if (auto started = server.Start(); !started.ok()) return Fail(started.error().message);
  (*ddb_streams)->StartTrimmer();
  (*ddb)->StartTtlSweeper(std::chrono::seconds(o.ttl_interval_seconds));
  (*logs)->StartRetentionSweeper();

  std::string endpoint = EndpointFor(o.host, server.port());
  (*functions)->SetEndpoint(endpoint);
  (*functions)->Start();
  if (auto written = WriteServerInfo(o.data_dir, {endpoint, static_cast<long>(::getpid())}); !written.ok())
    return Fail(written.error().message);

  std::printf("tarn %s serving AWS APIs at %s\n", TARN_VERSION, endpoint.c_str());
  std::printf("  data:        %s (durability: %s)\n", o.data_dir.c_str(),
              o.relaxed_durability ? "relaxed - writes are not fsync'ed; a crash may lose the last ones"
                                   : "sync - every acknowledged write is on disk");
  std::printf("  credentials: %s (root user of account %s)\n", RootCredentialsPath(o.data_dir).c_str(),
              std::string(core::kDefaultAccountId).c_str());
  std::printf("  iam:         %s\n", o.iam_enforce ? "on (every request is authorized by IAM policies)"
                                                   : "OFF - policies are not enforced (--iam off)");
  std::printf("  use them:    eval \"$(tarn env --data %s)\"\n", o.data_dir.c_str());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&signals, &sig);
  log::info("received {}, draining in-flight requests", sig == SIGINT ? "SIGINT" : "SIGTERM");
  // Function processes first: an invocation in flight ends now instead of holding the drain.
  (*functions)->Stop();
  server.Stop(o.drain);
  (*ddb)->StopTtlSweeper();
  (*ddb_streams)->StopTrimmer();
  (*logs)->StopRetentionSweeper();
  if (access) access->flush();
  functions->reset();
  logs->reset();
  // DynamoDB before S3: its background exports write through S3 until they are joined.
  ddb->reset();
  s3->reset();
  ddb_streams->reset();
  iam->reset();
  rocks->reset();
  spdlog::shutdown();
  std::printf("tarn stopped\n");
  return 0;
}

int Up(const ServeOptions& options) {
  // The student pipeline deployment and form arrive with their issues; until then `up` serves.
  return Serve(options);
}

}  // namespace tarn::cli
