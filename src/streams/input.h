#pragma once
// Reading members of an operation's input (already validated against the model by the codec).
// Pure inline helpers; safe from any thread.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn::streams {

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

}  // namespace tarn::streams
