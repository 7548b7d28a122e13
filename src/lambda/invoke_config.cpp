// EventInvokeConfig <-> JSON and the asynchronous invocation record.
#include "lambda/invoke_config.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "core/time_format.h"

namespace tarn::lambda {

namespace json = boost::json;

namespace {

std::string DestinationOf(const json::object& config, std::string_view which) {
  const auto* d = config.if_contains(which);
  const auto* arn = d && d->is_object() ? d->get_object().if_contains("Destination") : nullptr;
  return arn && arn->is_string() ? std::string(arn->get_string()) : std::string();
}

// A JSON text as a value (a payload that is not JSON goes in as a string).
json::value AsJson(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(text) : v;
}

}  // namespace

json::object EventInvokeConfig::Configuration(const std::string& function_arn) const {
  json::object c;
  c["LastModified"] = last_modified;
  c["FunctionArn"] = function_arn;
  if (maximum_retry_attempts) c["MaximumRetryAttempts"] = *maximum_retry_attempts;
  if (maximum_event_age) c["MaximumEventAgeInSeconds"] = *maximum_event_age;
  json::object destinations;
  destinations["OnSuccess"] = on_success.empty() ? json::object() : json::object{{"Destination", on_success}};
  destinations["OnFailure"] = on_failure.empty() ? json::object() : json::object{{"Destination", on_failure}};
  c["DestinationConfig"] = std::move(destinations);
  return c;
}

void EventInvokeConfig::Apply(const json::object& input, bool replace) {
  if (replace) *this = EventInvokeConfig{};
  if (const auto* v = input.if_contains("MaximumRetryAttempts"); v && v->is_int64())
    maximum_retry_attempts = static_cast<int>(v->get_int64());
  if (const auto* v = input.if_contains("MaximumEventAgeInSeconds"); v && v->is_int64())
    maximum_event_age = static_cast<int>(v->get_int64());
  if (const auto* d = input.if_contains("DestinationConfig"); d && d->is_object()) {
    const json::object& config = d->get_object();
    if (replace || config.contains("OnSuccess")) on_success = DestinationOf(config, "OnSuccess");
    if (replace || config.contains("OnFailure")) on_failure = DestinationOf(config, "OnFailure");
  }
}

std::string EventInvokeConfig::ToJson() const {
  json::object o;
  if (maximum_retry_attempts) o["retries"] = *maximum_retry_attempts;
  if (maximum_event_age) o["max_age"] = *maximum_event_age;
  o["on_success"] = on_success;
  o["on_failure"] = on_failure;
  o["last_modified"] = last_modified;
  return json::serialize(o);
}

core::Result<EventInvokeConfig> EventInvokeConfig::FromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return core::InternalFailure("corrupt lambda event invoke config");
  const json::object& o = v.get_object();
  EventInvokeConfig c;
  if (const auto* r = o.if_contains("retries"); r && r->is_int64())
    c.maximum_retry_attempts = static_cast<int>(r->get_int64());
  if (const auto* a = o.if_contains("max_age"); a && a->is_int64())
    c.maximum_event_age = static_cast<int>(a->get_int64());
  if (const auto* s = o.if_contains("on_success"); s && s->is_string())
    c.on_success = std::string(s->get_string());
  if (const auto* f = o.if_contains("on_failure"); f && f->is_string())
    c.on_failure = std::string(f->get_string());
  if (const auto* t = o.if_contains("last_modified"); t && t->is_number())
    c.last_modified = t->to_number<double>();
  return c;
}

std::string RenderAsyncInvocationRecord(const InvocationOutcome& outcome, int64_t now_ms) {
  json::object record;
  record["version"] = "1.0";
  record["timestamp"] = core::FormatIso8601Millis(core::TimePoint(std::chrono::milliseconds(now_ms)));
  record["requestContext"] = json::object{{"requestId", outcome.request_id},
                                          {"functionArn", outcome.function_arn},
                                          {"condition", outcome.condition},
                                          {"approximateInvokeCount", outcome.invoke_count}};
  record["requestPayload"] = AsJson(outcome.request_payload);
  if (outcome.invoked) {
    json::object response{{"statusCode", 200}, {"executedVersion", outcome.executed_version}};
    if (!outcome.function_error.empty()) response["functionError"] = outcome.function_error;
    record["responseContext"] = std::move(response);
    record["responsePayload"] = AsJson(outcome.response_payload);
  }
  return json::serialize(record);
}

}  // namespace tarn::lambda
