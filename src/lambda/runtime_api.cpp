// The Runtime API state machine and its HTTP endpoints:
//   GET  /2018-06-01/runtime/invocation/next
//   POST /2018-06-01/runtime/invocation/{AwsRequestId}/response
//   POST /2018-06-01/runtime/invocation/{AwsRequestId}/error
//   POST /2018-06-01/runtime/init/error
// Statuses and error bodies follow the Runtime API's OpenAPI document (202 {"status":"OK"};
// errors as {"errorMessage","errorType"}).
#include "lambda/runtime_api.h"

#include <boost/json/serialize.hpp>

namespace tarn::lambda {

namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime/";

int64_t NowEpochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

net::HttpResponse Json(int status, std::string body) {
  net::HttpResponse response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

net::HttpResponse ErrorBody(int status, std::string_view type, std::string_view message) {
  boost::json::object o{{"errorMessage", message}, {"errorType", type}};
  return Json(status, boost::json::serialize(o));
}

net::HttpResponse Accepted() { return Json(202, R"({"status":"OK"})"); }

// The request id of POST invocation/{id}/response or /error (path without kPrefix), if it is one.
std::optional<std::string_view> PostedInvocationId(std::string_view path) {
  if (!path.starts_with("invocation/")) return std::nullopt;
  std::string_view rest = path.substr(11);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  return rest.substr(0, slash);
}

constexpr std::string_view kResponseTooLarge =
    R"({"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"})";

}  // namespace

void InvocationChannel::Submit(Invocation invocation) {
  std::lock_guard lock(mutex_);
  outcome_.reset();
  in_flight_.reset();
  if (exit_message_) {
    outcome_ = Outcome{Outcome::Kind::kExited, *exit_message_, ""};
  } else {
    timeout_ = invocation.timeout;
    queued_ = std::move(invocation);
  }
  changed_.notify_all();
}

std::optional<Outcome> InvocationChannel::Wait(SteadyTime init_deadline) {
  std::unique_lock lock(mutex_);
  while (true) {
    if (outcome_) {
      Outcome out = std::move(*outcome_);
      outcome_.reset();
      in_flight_.reset();
      return out;
    }
    SteadyTime deadline = in_flight_ ? taken_at_ + timeout_ : init_deadline;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && !outcome_) {
      // Taken just now: the invocation's own timeout starts.
      if (in_flight_ && taken_at_ + timeout_ > std::chrono::steady_clock::now()) continue;
      return std::nullopt;
    }
  }
}

void InvocationChannel::MarkExited(std::string message) {
  std::lock_guard lock(mutex_);
  if (exit_message_) return;
  exit_message_ = message;
  if ((queued_ || in_flight_) && !outcome_)
    outcome_ = Outcome{Outcome::Kind::kExited, std::move(message), ""};
  queued_.reset();
  changed_.notify_all();
}

bool InvocationChannel::exited() const {
  std::lock_guard lock(mutex_);
  return exit_message_.has_value();
}

std::optional<Invocation> InvocationChannel::Next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queued_.has_value() || exit_message_.has_value(); });
  if (exit_message_) return std::nullopt;
  Invocation invocation = std::move(*queued_);
  queued_.reset();
  in_flight_ = invocation.request_id;
  taken_at_ = std::chrono::steady_clock::now();
  invocation.deadline_ms = NowEpochMs() + invocation.timeout.count();
  changed_.notify_all();
  return invocation;
}

InvocationChannel::PostResult InvocationChannel::Respond(std::string_view request_id, std::string payload) {
  std::lock_guard lock(mutex_);
  if (!in_flight_ || *in_flight_ != request_id || outcome_) return PostResult::kUnknownRequestId;
  outcome_ = Outcome{Outcome::Kind::kResponse, std::move(payload), ""};
  changed_.notify_all();
  return PostResult::kAccepted;
}

InvocationChannel::PostResult InvocationChannel::Fail(std::string_view request_id, std::string payload,
                                                      std::string error_type) {
  std::lock_guard lock(mutex_);
  if (!in_flight_ || *in_flight_ != request_id || outcome_) return PostResult::kUnknownRequestId;
  outcome_ = Outcome{Outcome::Kind::kFunctionError, std::move(payload), std::move(error_type)};
  changed_.notify_all();
  return PostResult::kAccepted;
}

void InvocationChannel::InitError(std::string payload, std::string error_type) {
  std::lock_guard lock(mutex_);
  if (!outcome_) outcome_ = Outcome{Outcome::Kind::kInitError, std::move(payload), std::move(error_type)};
  changed_.notify_all();
}

net::RequestPlan RuntimeApiHandler::Plan(const net::HttpRequest&) {
  net::RequestPlan plan;
  // Read (and refuse) a response somewhat over the quota whole, so the runtime hears 413 on a connection
  // it can keep; only far larger ones are cut off with the connection.
  plan.max_body_bytes = 4 * kMaxResponsePayloadBytes;
  return plan;
}

// A response over the quota fails its invocation as Lambda reports it (Function.ResponseSizeTooLarge);
// the runtime hears 413 and may take the next invocation.
net::HttpResponse RuntimeApiHandler::TooLarge(std::string_view path) {
  if (path.starts_with(kPrefix) && path.size() > kPrefix.size()) {
    if (auto id = PostedInvocationId(path.substr(kPrefix.size())))
      channel_.Fail(*id, std::string(kResponseTooLarge), "Function.ResponseSizeTooLarge");
  }
  return ErrorBody(413, "RequestEntityTooLarge", "Exceeded maximum allowed payload size (6291556 bytes).");
}

net::HttpResponse RuntimeApiHandler::Handle(net::HttpRequest& request, const net::RequestPlan& plan,
                                            net::BodyReader& body) {
  std::string_view path = request.path();
  if (!path.starts_with(kPrefix)) return ErrorBody(404, "NotFound", "unknown Runtime API path");
  path.remove_prefix(kPrefix.size());
  auto read = net::ReadAll(body, plan.max_body_bytes, core::AwsError("RequestEntityTooLarge", "", 413));
  if (!read.ok()) return TooLarge(request.path());
  std::string error_type = request.headers.GetOr("Lambda-Runtime-Function-Error-Type");

  if (path == "invocation/next" && request.method == "GET") {
    auto invocation = channel_.Next();
    if (!invocation) {
      // The instance is being shut down; the runtime is about to be killed.
      auto response = ErrorBody(500, "Runtime.Shutdown", "the execution environment is shutting down");
      response.close_connection = true;
      return response;
    }
    net::HttpResponse response = Json(200, std::move(invocation->payload));
    response.headers.Set("Lambda-Runtime-Aws-Request-Id", invocation->request_id);
    response.headers.Set("Lambda-Runtime-Deadline-Ms", std::to_string(invocation->deadline_ms));
    response.headers.Set("Lambda-Runtime-Invoked-Function-Arn", invocation->function_arn);
    response.headers.Set("Lambda-Runtime-Trace-Id", invocation->trace_id);
    if (!invocation->client_context.empty())
      response.headers.Set("Lambda-Runtime-Client-Context", invocation->client_context);
    return response;
  }
  if (path == "init/error" && request.method == "POST") {
    channel_.InitError(std::move(read).value(), error_type);
    return Accepted();
  }
  if (request.method == "POST") {
    if (auto id = PostedInvocationId(path)) {
      if (read->size() > kMaxResponsePayloadBytes) return TooLarge(request.path());
      std::string_view action = path.substr(11 + id->size() + 1);
      InvocationChannel::PostResult result = InvocationChannel::PostResult::kUnknownRequestId;
      if (action == "response") {
        result = channel_.Respond(*id, std::move(read).value());
      } else if (action == "error") {
        result = channel_.Fail(*id, std::move(read).value(), error_type);
      } else {
        return ErrorBody(404, "NotFound", "unknown Runtime API path");
      }
      if (result == InvocationChannel::PostResult::kAccepted) return Accepted();
      return ErrorBody(400, "InvalidRequestID", "Invalid request ID");
    }
  }
  return ErrorBody(404, "NotFound", "unknown Runtime API path");
}

net::HttpResponse RuntimeApiHandler::Reject(const net::HttpRequest& request, const net::RequestPlan&,
                                            const core::AwsError& error) {
  // The server refuses a body longer than the plan allows before Handle sees it.
  auto response = error.http_status == 413 ? TooLarge(request.path())
                                           : ErrorBody(error.http_status, error.code, error.message);
  response.close_connection = true;
  return response;
}

}  // namespace tarn::lambda
