// Argument parsing for the `tarn` binary (CLI11 stays in src/cli).
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"

#ifndef TARN_VERSION
#define TARN_VERSION "0.0.0"
#endif

namespace tarn::cli {

namespace {
std::string DefaultDataDir() {
  const char* env = std::getenv("TARN_DATA");
  return env && *env ? env : "./tarn-data";
}

void AddServeOptions(CLI::App* cmd, ServeOptions& o) {
  cmd->add_option("--data", o.data_dir, "Data directory (default ./tarn-data, or $TARN_DATA)");
  cmd->add_option("--host", o.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o.port, "Port to listen on (0 picks a free one)")->capture_default_str();
  cmd->add_option_function<std::string>(
         "--durability", [&o](const std::string& v) { o.relaxed_durability = v == "relaxed"; },
         "sync (default: every acknowledged write is fsync'ed) or relaxed (faster; a crash may lose "
         "the last writes)")
      ->check(CLI::IsMember({"sync", "relaxed"}));
  cmd->add_option("--io-threads", o.io_threads, "HTTP io threads (default: one per core)");
  cmd->add_option("--workers", o.worker_threads,
                  "Handler worker threads (default: 16 per core, at least 64)");
  cmd->add_option("--access-log", o.access_log,
                  "Access log file (default DATA/access.log; '-' stderr; 'off')");
  cmd->add_option("--log-level", o.log_level, "debug, info, warn or error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cmd->add_option_function<std::string>(
         "--iam", [&o](const std::string& v) { o.iam_enforce = v == "on"; },
         "on (default: every request is authorized by IAM policy evaluation) or off (every signed "
         "request is allowed; for quick experiments only)")
      ->check(CLI::IsMember({"on", "off"}));
  // Hidden: caps the lifetime of STS temporary credentials so tests can watch them expire.
  cmd->add_option("--sts-lifetime-cap", o.sts_lifetime_cap_seconds, "Temporary credential lifetime cap (s)")
      ->group("")
      ->check(CLI::PositiveNumber);
  // Hidden (empty group): DynamoDB Streams timings, so tests need not wait 15 minutes or 24 hours.
  cmd->add_option("--streams-retention", o.streams_retention_seconds, "Stream record retention in seconds")
      ->group("")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--streams-iterator-lifetime", o.streams_iterator_lifetime_seconds,
                  "Shard iterator lifetime in seconds")
      ->group("")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--streams-shard-lifetime", o.streams_shard_lifetime_seconds,
                  "Shard rollover age in seconds")
      ->group("")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--streams-trim-interval-ms", o.streams_trim_interval_ms, "Trimmer period in milliseconds")
      ->group("")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--ttl-interval", o.ttl_interval_seconds, "DynamoDB time-to-live sweep period in seconds")
      ->group("")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--lambda-async-retry-delay-ms", o.lambda_async_retry_delay_ms,
                  "Delay before the first retry of a failed Lambda Event invocation, in milliseconds")
      ->group("")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--lambda-idle-timeout", o.lambda_idle_timeout_seconds,
                  "Seconds a warm Lambda function instance may stay idle before it is stopped")
      ->check(CLI::PositiveNumber);
}
}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"tarn: an AWS serverless data pipeline on one machine", "tarn"};
  app.require_subcommand(1);

  ServeOptions serve;
  serve.data_dir = DefaultDataDir();
  auto* serve_cmd = app.add_subcommand("serve", "Run the AWS services (no pipeline)");
  AddServeOptions(serve_cmd, serve);

  ServeOptions up = serve;
  auto* up_cmd = app.add_subcommand("up", "Run the services and the student pipeline");
  AddServeOptions(up_cmd, up);

  std::string env_dir = DefaultDataDir();
  auto* env_cmd =
      app.add_subcommand("env", "Print exports that point AWS clients at tarn: eval \"$(tarn env)\"");
  env_cmd->add_option("--data", env_dir, "Data directory of the tarn to point at");

  auto* version_cmd = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*serve_cmd) return Serve(serve);
  if (*up_cmd) return Up(up);
  if (*env_cmd) return Env(env_dir);
  if (*version_cmd) {
    std::printf("tarn %s\n", TARN_VERSION);
    return 0;
  }
  return 2;
}

}  // namespace tarn::cli
