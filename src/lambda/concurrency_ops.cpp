// Implements: PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency.
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html
// A reservation caps the function's concurrent invocations (InstancePool); 0 throttles it.
#include "lambda/errors.h"
#include "lambda/service_impl.h"

namespace tarn::lambda {

namespace {
// The account's unreserved concurrency may not fall below 100.
constexpr int64_t kMinUnreservedConcurrency = 100;

// Reservations belong to the function, never to a version or an alias.
core::Status CheckUnqualified(const boost::json::object& input) {
  if (ParseFunctionName(GetString(input, "FunctionName").value_or("")).qualifier.empty()) return core::Ok();
  return InvalidParameterValue(
      "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
      "operation. Please specify either a function name or an unqualified function ARN.");
}
}  // namespace

core::Result<net::Output> Service::PutFunctionConcurrency(const net::Call& call) {
  TARN_TRY(CheckUnqualified(call.input));
  int64_t reserved = GetInt(call.input, "ReservedConcurrentExecutions").value_or(0);
  if (reserved > kAccountConcurrency - kMinUnreservedConcurrency) {
    return InvalidParameterValue(
        "Specified ReservedConcurrentExecutions for function decreases account's "
        "UnreservedConcurrentExecution "
        "below its minimum value of [" +
        std::to_string(kMinUnreservedConcurrency) + "].");
  }
  std::lock_guard lock(impl_->write_mutex);
  auto loaded = impl_->Load(call.context, GetString(call.input, "FunctionName").value_or(""));
  if (!loaded.ok() && IsFunctionNotFound(loaded.error())) {
    // Lambda names the function's $LATEST here (LocalStack's test_function_concurrency_exceptions).
    core::AwsError error = std::move(loaded).error();
    error.message += ":$LATEST";
    return error;
  }
  TARN_ASSIGN_OR_RETURN(auto r, std::move(loaded));
  r.reserved_concurrency = static_cast<int>(reserved);
  TARN_TRY(impl_->store.Put(r));
  net::Output out;
  out.json["ReservedConcurrentExecutions"] = reserved;
  return out;
}

core::Result<net::Output> Service::GetFunctionConcurrency(const net::Call& call) {
  TARN_TRY(CheckUnqualified(call.input));
  TARN_ASSIGN_OR_RETURN(auto r,
                        impl_->Load(call.context, GetString(call.input, "FunctionName").value_or("")));
  net::Output out;
  if (r.reserved_concurrency) out.json["ReservedConcurrentExecutions"] = *r.reserved_concurrency;
  return out;
}

core::Result<net::Output> Service::DeleteFunctionConcurrency(const net::Call& call) {
  TARN_TRY(CheckUnqualified(call.input));
  std::lock_guard lock(impl_->write_mutex);
  TARN_ASSIGN_OR_RETURN(auto r,
                        impl_->Load(call.context, GetString(call.input, "FunctionName").value_or("")));
  r.reserved_concurrency.reset();
  TARN_TRY(impl_->store.Put(r));
  return net::Output{};
}

}  // namespace tarn::lambda
