#pragma once
// How deep tarn parses JSON it stored or passes on: a DynamoDB item nests up to 32 levels of maps and
// lists, each two JSON levels ({"M": {...}}), past Boost.JSON's default of 32 — items, stream records
// and the events made from them are parsed with this limit, as the protocols parse requests.

#include <boost/json/parse_options.hpp>
#include <cstddef>

namespace tarn::core {

inline constexpr std::size_t kMaxJsonDepth = 128;
// A request may nest deeper than anything tarn stores: DynamoDB reads a value nested 100 levels (201
// JSON levels) and answers with its own nesting error, or with whatever it finds first
// (paritysuite/dynamodb-conformance's deepRequests and partiqlParameterNumbers, October 2026). Every
// walk over a request's JSON is linear in its depth.
inline constexpr std::size_t kMaxRequestJsonDepth = 512;

inline boost::json::parse_options DeepJson() {
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  return options;
}

inline boost::json::parse_options RequestJson() {
  boost::json::parse_options options;
  options.max_depth = kMaxRequestJsonDepth;
  return options;
}

}  // namespace tarn::core
