#pragma once
// Reading members of an operation's decoded input document (net::Call::input) and writing the
// shared parts of S3 outputs. Header-only helpers for the s3 handlers; pure.

#include <boost/json/object.hpp>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/time_format.h"

namespace tarn::s3 {

inline std::optional<std::string> OptString(const boost::json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}
inline std::string String(const boost::json::object& o, std::string_view k) {
  return OptString(o, k).value_or(std::string());
}
inline std::optional<int64_t> OptInt(const boost::json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  return std::nullopt;
}
inline bool Bool(const boost::json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_bool() && v->get_bool();
}
// Timestamps arrive as epoch seconds (codec.h).
inline std::optional<core::TimePoint> OptTime(const boost::json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_number()) return std::nullopt;
  return core::FromEpochSeconds(v->to_number<double>());
}
// Timestamps leave as epoch seconds, at S3's one-second precision for headers.
inline double EpochSeconds(core::TimePoint t) { return core::ToEpochSeconds(t); }
// Listings (ListObjects, ListParts, ListMultipartUploads) show whole seconds: "...T17:21:41.000Z"
// (LocalStack's *_timestamp_precision tests, recorded against AWS).
inline double ListingSeconds(core::TimePoint t) { return std::floor(core::ToEpochSeconds(t)); }

}  // namespace tarn::s3
