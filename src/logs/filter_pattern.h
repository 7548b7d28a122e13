#pragma once
// CloudWatch Logs filter patterns (FilterLogEvents' filterPattern), compiled once per request:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
//   ""                       every event
//   ERROR "Bad request"      every term / quoted phrase (AND; case-sensitive)
//   ?ERROR ?WARN             any of the ?-terms
//   ERROR -Exception         ... and none of the minus-terms
//   { $.level = "ERROR" && ($.latency > 100 || $.retry IS TRUE) }   JSON events
//   [ip, user, ..., status = 4*, size > 1000]                        space-delimited events
//   %ERR(OR)?%               a regular expression
// Terms match as substrings of the message (the documented "contain the term"). Malformed patterns
// give InvalidParameterException "Invalid filter pattern". Immutable once compiled: thread-safe.

#include <memory>
#include <string_view>

#include "core/result.h"

namespace tarn::logs {

class FilterPattern {
 public:
  static core::Result<FilterPattern> Compile(std::string_view pattern);
  bool Matches(std::string_view message) const;

  struct Node;

 private:
  explicit FilterPattern(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;  // nullptr: matches everything
};

}  // namespace tarn::logs
