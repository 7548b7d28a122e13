#pragma once
// Event patterns: the content-filtering language shared by EventBridge rules and Lambda event
// filtering (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html,
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html). A pure library other
// modules may include (tools/check_includes.py PUBLIC_HEADERS). A Pattern is immutable once parsed and
// safe to match from any number of threads.

#include <boost/json/value.hpp>
#include <memory>
#include <string_view>

#include "core/result.h"

namespace tarn::events::pattern {

struct Node;

class Pattern {
 public:
  // Parses and validates a pattern (a JSON object). Errors: InvalidEventPatternException (400)
  // "Event pattern is not valid. Reason: <why>" — EventBridge's wording; callers with another
  // wording (Lambda's "Invalid filter pattern definition.") translate it.
  static core::Result<Pattern> Parse(std::string_view text);
  static core::Result<Pattern> FromJson(const boost::json::value& pattern);

  // Whether `event` (any JSON value; a pattern only matches objects) matches: every field of the
  // pattern matches, a field's values are ORed, and an array in the event matches when any element does.
  bool Matches(const boost::json::value& event) const;

 private:
  explicit Pattern(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;
};

}  // namespace tarn::events::pattern
