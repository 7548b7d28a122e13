#pragma once
// Which program starts a function of each runtime, and the environment Lambda defines for it
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
// provided.al2023/provided.al2/provided run the package's bootstrap; python3.x and nodejs* run
// tarn's own runtime clients (python_bootstrap.cpp, node_bootstrap.cpp), written to
// DATA/lambda/.runtime/. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "lambda/function_instance.h"
#include "lambda/function_record.h"
#include "lambda/lambda.h"

namespace tarn::lambda {

// The runtime clients' sources (embedded in the binary).
std::string_view PythonBootstrapSource();
std::string_view NodeBootstrapSource();

// Runtimes Lambda no longer accepts for CreateFunction/UpdateFunctionConfiguration
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated).
bool IsDeprecatedRuntime(std::string_view runtime);

struct RuntimeSetup {
  std::string runtime_dir;  // DATA/lambda/.runtime
  std::string python;       // interpreter paths (resolved)
  std::string node;
  std::string endpoint;  // AWS_ENDPOINT_URL
};

// Writes the bootstrap files into runtime_dir and resolves interpreters. InternalFailure on I/O.
core::Status InstallRuntimes(RuntimeSetup& setup, const Options& options);

// What to start for the function. An error payload (a function error, as AWS reports one for
// a missing bootstrap: Runtime.InvalidEntrypoint) when the package cannot start;
// InvalidRuntimeException for a runtime tarn does not run.
struct LaunchPlan {
  std::optional<InstanceSpec> spec;
  std::string error_payload;  // when spec is empty
};
core::Result<LaunchPlan> PlanLaunch(const RuntimeSetup& setup, const FunctionRecord& record,
                                    const std::string& task_root, const FunctionCredentials& credentials);

}  // namespace tarn::lambda
