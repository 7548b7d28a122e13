// Runtime launch plans: argv and the standard environment of a function process.
#include "lambda/runtimes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <filesystem>

#include "core/fs.h"
#include "core/log.h"
#include "lambda/errors.h"

namespace tarn::lambda {

namespace {

namespace fs = std::filesystem;

std::string FindInPath(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

bool Executable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Points data_dir/node_modules at options.node_modules (a link made by an earlier run is replaced;
// a directory the user put there is theirs and stays).
core::Status LinkNodeModules(const Options& options) {
  std::error_code ec;
  fs::path link = fs::path(options.data_dir) / "node_modules";
  bool ours = fs::is_symlink(fs::symlink_status(link, ec));
  if (!ours && fs::exists(fs::symlink_status(link, ec))) {
    log::warn("lambda: {} is not tarn's link; nodejs functions see what it holds", link.string());
    return core::Ok();
  }
  if (options.node_modules.empty() || !fs::is_directory(options.node_modules, ec)) {
    if (ours) fs::remove(link, ec);
    return core::Ok();
  }
  fs::path staging = link;
  staging += ".tmp";
  fs::remove(staging, ec);
  fs::create_directory_symlink(fs::absolute(options.node_modules), staging, ec);
  if (!ec) fs::rename(staging, link, ec);
  if (ec) return core::InternalFailure("cannot link " + link.string() + ": " + ec.message());
  return core::Ok();
}

}  // namespace

bool IsDeprecatedRuntime(std::string_view runtime) {
  static constexpr std::string_view kDeprecated[] = {
      "nodejs",     "nodejs4.3",      "nodejs6.10",    "nodejs8.10",    "nodejs10.x",    "nodejs12.x",
      "nodejs14.x", "nodejs4.3-edge", "java8",         "python2.7",     "python3.6",     "python3.7",
      "python3.8",  "dotnetcore1.0",  "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6",
      "go1.x",      "ruby2.5",        "ruby2.7",       "provided"};
  for (auto d : kDeprecated)
    if (d == runtime) return true;
  return false;
}

core::Status InstallRuntimes(RuntimeSetup& setup, const Options& options) {
  TARN_TRY(core::CreateDirectories(setup.runtime_dir));
  TARN_TRY(core::WriteFileAtomic(setup.runtime_dir + "/python_bootstrap.py", PythonBootstrapSource()));
  TARN_TRY(core::WriteFileAtomic(setup.runtime_dir + "/node_bootstrap.js", NodeBootstrapSource()));
  setup.python = !options.python.empty()                   ? options.python
                 : ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3"
                                                           : FindInPath("python3");
  setup.node = options.node.empty() ? FindInPath("node") : options.node;
  return LinkNodeModules(options);
}

core::Result<LaunchPlan> PlanLaunch(const RuntimeSetup& setup, const FunctionRecord& record,
                                    const std::string& task_root, const FunctionCredentials& credentials) {
  LaunchPlan plan;
  InstanceSpec spec;
  spec.task_root = task_root;
  spec.memory_mb = record.memory_size;
  spec.version = record.version;
  const std::string& runtime = record.runtime;
  if (runtime.starts_with("provided")) {
    std::string bootstrap = task_root + "/bootstrap";
    if (!Executable(bootstrap)) {
      boost::json::object error{
          {"errorType", "Runtime.InvalidEntrypoint"},
          {"errorMessage", "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"}};
      plan.error_payload = boost::json::serialize(error);
      return plan;
    }
    spec.argv = {bootstrap};
  } else if (runtime.starts_with("python3")) {
    if (setup.python.empty()) return InvalidRuntime("tarn found no python3 interpreter for " + runtime);
    spec.argv = {setup.python, "-X", "utf8", setup.runtime_dir + "/python_bootstrap.py"};
  } else if (runtime.starts_with("nodejs")) {
    if (setup.node.empty()) return InvalidRuntime("tarn found no node interpreter for " + runtime);
    spec.argv = {setup.node, setup.runtime_dir + "/node_bootstrap.js"};
  } else {
    return InvalidRuntime(
        "The runtime parameter of " + runtime +
        " is not supported by tarn: use provided.al2023, provided.al2, python3.x or nodejs*");
  }
  auto& env = spec.env;
  env.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  env.push_back("LANG=en_US.UTF-8");
  if (runtime.starts_with("nodejs")) env.push_back("NODE_PATH=" + task_root + "/node_modules");
  env.push_back("TZ=:UTC");
  env.push_back("_HANDLER=" + record.handler);
  env.push_back("LAMBDA_TASK_ROOT=" + task_root);
  env.push_back("LAMBDA_RUNTIME_DIR=" + setup.runtime_dir);
  env.push_back("AWS_EXECUTION_ENV=AWS_Lambda_" + runtime);
  env.push_back("AWS_LAMBDA_FUNCTION_NAME=" + record.name);
  env.push_back("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + std::to_string(record.memory_size));
  env.push_back("AWS_LAMBDA_FUNCTION_VERSION=" + record.version);
  env.push_back("AWS_LAMBDA_INITIALIZATION_TYPE=on-demand");
  env.push_back("AWS_LAMBDA_LOG_GROUP_NAME=" + record.LogGroup());
  env.push_back("AWS_REGION=" + record.region);
  env.push_back("AWS_DEFAULT_REGION=" + record.region);
  env.push_back("AWS_ACCESS_KEY_ID=" + credentials.access_key_id);
  env.push_back("AWS_SECRET_ACCESS_KEY=" + credentials.secret_access_key);
  if (!credentials.session_token.empty()) env.push_back("AWS_SESSION_TOKEN=" + credentials.session_token);
  // The function's own variables; Lambda's reserved ones above take precedence.
  const size_t reserved = env.size();
  for (const auto& [key, value] : record.environment) {
    if (!value.is_string()) continue;
    std::string prefix = std::string(key) + "=";
    bool taken = false;
    for (size_t i = 0; i < reserved && !taken; ++i) taken = env[i].starts_with(prefix);
    if (!taken) env.push_back(prefix + std::string(value.get_string()));
  }
  // tarn's endpoint unless the function points its SDK elsewhere itself.
  if (!record.environment.contains("AWS_ENDPOINT_URL")) env.push_back("AWS_ENDPOINT_URL=" + setup.endpoint);
  plan.spec = std::move(spec);
  return plan;
}

}  // namespace tarn::lambda
