#pragma once
// Reading members of an operation's input (already validated against the model by the codec), and
// the names and ARNs of log groups and streams. Pure inline helpers; safe from any thread.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "logs/errors.h"

namespace tarn::logs {

inline std::optional<std::string> GetString(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

inline std::optional<int64_t> GetInt(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return v->get_uint64() > INT64_MAX ? INT64_MAX : static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return std::nullopt;
}

inline bool GetBool(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

// arn:aws:logs:<region>:<account>:log-group:<name> (DescribeLogGroups' logGroupArn; `arn` adds ":*").
inline std::string GroupArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:logs:" + std::string(region) + ":" + std::string(account) +
         ":log-group:" + std::string(name);
}

inline std::string StreamArn(std::string_view region, std::string_view account, std::string_view group,
                             std::string_view stream) {
  return GroupArn(region, account, group) + ":log-stream:" + std::string(stream);
}

// The group name from an ARN "arn:aws:logs:<region>:<account>:log-group:<name>[:*]"; nullopt otherwise.
inline std::optional<std::string> GroupNameFromArn(std::string_view arn) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  size_t at = arn.find(":log-group:");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view name = arn.substr(at + 11);
  if (name.ends_with(":*")) name.remove_suffix(2);
  if (name.empty() || name.find(':') != std::string_view::npos) return std::nullopt;
  return std::string(name);
}

// The group an operation names through logGroupName or logGroupIdentifier (a name or an ARN).
inline core::Result<std::string> GroupOf(const boost::json::object& input) {
  auto name = GetString(input, "logGroupName");
  auto identifier = GetString(input, "logGroupIdentifier");
  // A ValidationException, unlike the other refusals here (LocalStack's
  // test_describe_log_streams_with_log_group_identifier, recorded on AWS).
  if (name && identifier)
    return core::AwsError("ValidationException",
                          "LogGroup name and LogGroup ARN are mutually exclusive parameters.", 400);
  if (name) return *name;
  if (identifier) {
    if (!identifier->starts_with("arn:")) return *identifier;
    if (auto from_arn = GroupNameFromArn(*identifier)) return *from_arn;
    return InvalidParameterException("The specified logGroupIdentifier is not a valid log group ARN.");
  }
  return InvalidParameterException("Either logGroupName or logGroupIdentifier must be specified.");
}

}  // namespace tarn::logs
