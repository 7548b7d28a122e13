// `tarn env`: export lines for the AWS CLI and SDKs, so `eval "$(tarn env)"` points plain
// `aws ...` commands, boto3 and the JS SDK at the tarn serving a data directory.
#include <signal.h>

#include <cerrno>
#include <cstdio>

#include "cli/commands.h"
#include "cli/data_dir.h"
#include "core/principal.h"

namespace tarn::cli {

namespace {
// Single-quotes a value for POSIX shells.
std::string ShellQuote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

bool ProcessAlive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }
}  // namespace

int Env(const std::string& data_dir) {
  auto creds = LoadRootCredentials(data_dir);
  if (!creds.ok()) {
    std::fprintf(stderr, "tarn env: %s\n", creds.error().message.c_str());
    return 1;
  }
  if (!creds->has_value()) {
    std::fprintf(stderr, "tarn env: no tarn data directory at %s; start one with `tarn serve --data %s`\n",
                 data_dir.c_str(), data_dir.c_str());
    return 1;
  }
  auto info = ReadServerInfo(data_dir);
  std::string endpoint = info ? info->endpoint : "http://127.0.0.1:4566";
  if (!info || !ProcessAlive(info->pid)) {
    std::fprintf(stderr, "tarn env: note: no tarn is running on %s now; %s is where it listened last\n",
                 data_dir.c_str(), endpoint.c_str());
  }
  const RootCredentials& c = **creds;
  // AWS_REGION for the JS SDK v3, AWS_DEFAULT_REGION for the CLI and boto3. A session token
  // left over from a real AWS session would be sent with tarn's keys and refused: clear it.
  std::printf("export AWS_ENDPOINT_URL=%s\n", ShellQuote(endpoint).c_str());
  std::printf("export AWS_ACCESS_KEY_ID=%s\n", ShellQuote(c.access_key_id).c_str());
  std::printf("export AWS_SECRET_ACCESS_KEY=%s\n", ShellQuote(c.secret_access_key).c_str());
  const std::string region = ShellQuote(std::string(core::kDefaultRegion));
  std::printf("export AWS_DEFAULT_REGION=%s\n", region.c_str());
  std::printf("export AWS_REGION=%s\n", region.c_str());
  std::printf("unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE\n");
  return 0;
}

}  // namespace tarn::cli
