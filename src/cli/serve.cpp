// THE wiring file (STYLE.md): storage → credentials → services → registry → dispatcher → server,
// in dependency order, then wait for SIGINT/SIGTERM and shut down in reverse.
#include <signal.h>
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>
#include <filesystem>

#include "auth/authenticator.h"
#include "auth/credentials.h"
#include "cli/commands.h"
#include "cli/data_dir.h"
#include "core/clock.h"
#include "core/fs.h"
#include "core/log.h"
#include "dynamodb/dynamodb.h"
#include "gateway/dispatcher.h"
#include "gateway/root_authorizer.h"
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

std::shared_ptr<spdlog::logger> MakeAccessLogger(const ServeOptions& o) {
  if (o.access_log == "off") return nullptr;
  spdlog::init_thread_pool(16384, 1);
  std::shared_ptr<spdlog::logger> logger;
  if (o.access_log == "-") {
    logger = spdlog::create_async<spdlog::sinks::stderr_sink_mt>("access");
  } else {
    std::string path = o.access_log.empty() ? o.data_dir + "/access.log" : o.access_log;
    logger = spdlog::create_async<spdlog::sinks::basic_file_sink_mt>("access", path);
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
  auth::StaticCredentialStore credentials;
  {
    auth::Credential c;
    c.access_key_id = root->access_key_id;
    c.secret_access_key = root->secret_access_key;
    c.principal.type = core::Principal::Type::kRoot;
    c.principal.arn = "arn:aws:iam::" + std::string(core::kDefaultAccountId) + ":root";
    c.principal.user_id = std::string(core::kDefaultAccountId);
    c.principal.name = "root";
    credentials.Put(std::move(c));
  }

  core::SystemClock clock;
  auth::Authenticator authenticator(credentials, clock);
  gateway::RootOnlyAuthorizer authorizer;

  net::Registry registry;
  sts::Service sts;
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
  auto logs = logs::Service::Create(**rocks, clock);
  if (!logs.ok()) return Fail(logs.error().message);
  (*logs)->RegisterOperations(registry);
  lambda::Options lambda_options;
  lambda_options.data_dir = o.data_dir;
  // Until IAM roles and STS AssumeRole are wired in, functions sign with the root credentials.
  lambda_options.credentials_for =
      [root = *root](const std::string&) -> core::Result<lambda::FunctionCredentials> {
    return lambda::FunctionCredentials{root.access_key_id, root.secret_access_key, ""};
  };
  auto functions = lambda::Service::Create(**rocks, clock, **logs, **s3, lambda_options);
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
  std::printf("  use them:    eval \"$(tarn env --data %s)\"\n", o.data_dir.c_str());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&signals, &sig);
  log::info("received {}, draining in-flight requests", sig == SIGINT ? "SIGINT" : "SIGTERM");
  // Function processes first: an invocation in flight ends now instead of holding the drain.
  (*functions)->Stop();
  server.Stop(o.drain);
  (*ddb_streams)->StopTrimmer();
  (*logs)->StopRetentionSweeper();
  if (access) access->flush();
  functions->reset();
  logs->reset();
  s3->reset();
  ddb->reset();
  ddb_streams->reset();
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
