#pragma once
// AWS Lambda (REST-JSON, /2015-03-31/functions...): function records on RocksDB family "lambda",
// code packages unzipped under DATA/lambda/<function>/<code sha256 hex>/, and real execution:
// each warm instance is a child process speaking the Lambda Runtime API to its own loopback
// listener (runtime_api.cpp). The only header other modules may include from src/lambda.
// Thread-safe: handlers run concurrently on the worker pool; Stop() ends every child process.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "net/registry.h"
#include "storage/rocks.h"

namespace tarn::logs {
class Service;
}
namespace tarn::s3 {
class Service;
}
namespace tarn::streams {
class Service;
}

namespace tarn::lambda {

// What a function process signs its AWS calls with.
struct FunctionCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

// The seam for the execution role: the credentials a function's process gets, a session of its
// Role named after the function (serve.cpp: IAM's AssumeRole as lambda.amazonaws.com).
using CredentialsFor = std::function<core::Result<FunctionCredentials>(const std::string& role_arn,
                                                                       const std::string& function_name)>;
// Whether Lambda may assume a role: it exists and its trust policy names lambda.amazonaws.com.
using RoleAssumable = std::function<bool(const std::string& role_arn)>;
// Whether a role's policies allow an action on a resource (an event source mapping's reads).
using RoleAllows =
    std::function<bool(const std::string& role_arn, std::string_view action, std::string_view resource)>;

struct Options {
  std::string data_dir;            // code lives in data_dir/lambda
  CredentialsFor credentials_for;  // required for Invoke
  // Asked by CreateFunction and UpdateFunctionConfiguration about the Role given; unset: any role.
  RoleAssumable role_assumable;
  // Asked by CreateEventSourceMapping about the function's role and the stream; unset (--iam off):
  // every role may read every stream.
  RoleAllows role_allows;
  std::string python = "";  // interpreter for python3.x; empty: /usr/bin/python3 or python3
  std::string node = "";    // interpreter for nodejs*; empty: node from PATH
  // A node_modules directory holding the AWS SDK for JavaScript v3, which the nodejs runtimes
  // provide to functions as Lambda's do (reached as data_dir/node_modules, a symbolic link: Node
  // looks there from every task root, for ES modules too, after the package's own node_modules).
  // Empty or missing: functions get no SDK they do not bundle.
  std::string node_modules = "";
  int async_workers = 2;  // threads running Event invocations
  // A warm instance idle this long is stopped (Lambda keeps idle environments for minutes, not for
  // ever; on one machine an unused function should not hold a process).
  std::chrono::seconds idle_instance_timeout{300};
  // An Event invocation that failed is retried after this long, and again after twice as long
  // (Lambda: one minute, then two).
  std::chrono::milliseconds async_retry_delay{std::chrono::minutes(1)};
};

class Service {
 public:
  // Errors: InternalFailure when the store's format version or the code directory is unusable.
  // `streams` feeds the event source mappings (DynamoDB Streams), which run from Start() to Stop().
  static core::Result<std::unique_ptr<Service>> Create(storage::Rocks& rocks, const core::Clock& clock,
                                                       logs::Service& logs, s3::Service& s3,
                                                       streams::Service& streams, Options options);
  ~Service();  // Stop()
  void RegisterOperations(net::Registry& registry);

  // tarn's own endpoint (AWS_ENDPOINT_URL of every function), known once the server listens.
  void SetEndpoint(std::string endpoint);
  // Starts the async invokers, the idle-instance reaper and the pollers of enabled event source
  // mappings. Call once, after SetEndpoint.
  void Start();
  // Stops the event source mapping pollers, kills every function process (its whole process group) and
  // joins the background threads. Call it before the streams::Service goes away.
  void Stop();

  // --- Functions (function_ops.cpp) ---
  core::Result<net::Output> CreateFunction(const net::Call& call);
  core::Result<net::Output> GetFunction(const net::Call& call);
  core::Result<net::Output> GetFunctionConfiguration(const net::Call& call);
  core::Result<net::Output> ListFunctions(const net::Call& call);
  core::Result<net::Output> UpdateFunctionCode(const net::Call& call);
  core::Result<net::Output> UpdateFunctionConfiguration(const net::Call& call);
  core::Result<net::Output> DeleteFunction(const net::Call& call);
  // --- Versions and aliases (version_ops.cpp, alias_ops.cpp) ---
  core::Result<net::Output> PublishVersion(const net::Call& call);
  core::Result<net::Output> ListVersionsByFunction(const net::Call& call);
  core::Result<net::Output> CreateAlias(const net::Call& call);
  core::Result<net::Output> GetAlias(const net::Call& call);
  core::Result<net::Output> UpdateAlias(const net::Call& call);
  core::Result<net::Output> DeleteAlias(const net::Call& call);
  core::Result<net::Output> ListAliases(const net::Call& call);
  // --- Resource-based policies and account settings (policy_ops.cpp) ---
  core::Result<net::Output> AddPermission(const net::Call& call);
  core::Result<net::Output> GetPolicy(const net::Call& call);
  core::Result<net::Output> RemovePermission(const net::Call& call);
  core::Result<net::Output> GetAccountSettings(const net::Call& call);
  // --- Asynchronous invocation configs (invoke_config_ops.cpp) ---
  core::Result<net::Output> PutFunctionEventInvokeConfig(const net::Call& call);
  core::Result<net::Output> UpdateFunctionEventInvokeConfig(const net::Call& call);
  core::Result<net::Output> GetFunctionEventInvokeConfig(const net::Call& call);
  core::Result<net::Output> DeleteFunctionEventInvokeConfig(const net::Call& call);
  core::Result<net::Output> ListFunctionEventInvokeConfigs(const net::Call& call);
  // --- Reserved concurrency (concurrency_ops.cpp) ---
  core::Result<net::Output> PutFunctionConcurrency(const net::Call& call);
  core::Result<net::Output> GetFunctionConcurrency(const net::Call& call);
  core::Result<net::Output> DeleteFunctionConcurrency(const net::Call& call);
  // --- Invocation (invoke_ops.cpp) ---
  core::Result<net::Output> Invoke(const net::Call& call);

  core::Result<net::Output> TagResource(const net::Call& call);
  core::Result<net::Output> UntagResource(const net::Call& call);
  core::Result<net::Output> ListTags(const net::Call& call);
  // --- Event source mappings, DynamoDB Streams sources (esm_ops.cpp) ---
  core::Result<net::Output> CreateEventSourceMapping(const net::Call& call);
  core::Result<net::Output> GetEventSourceMapping(const net::Call& call);
  core::Result<net::Output> ListEventSourceMappings(const net::Call& call);
  core::Result<net::Output> UpdateEventSourceMapping(const net::Call& call);
  core::Result<net::Output> DeleteEventSourceMapping(const net::Call& call);

 private:
  struct Impl;
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tarn::lambda
