#pragma once
// Result<T>: a T or a core::AwsError; Status = Result<void>. Expected failures
// (ConditionalCheckFailed, NoSuchKey, ...) are ordinary values, never exceptions (STYLE.md).
// Like any value type: not synchronized, move it between threads.

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/aws_error.h"

namespace tarn::core {

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, AwsError>, "Result<AwsError> is ambiguous");

 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit by design
  Result(AwsError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <class U,
            class = std::enable_if_t<std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
                                     !std::is_same_v<std::decay_t<U>, AwsError> &&
                                     !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const AwsError& error() const& { return std::get<1>(v_); }
  AwsError&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, AwsError> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(AwsError error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const AwsError& error() const& { return *error_; }
  AwsError&& error() && { return std::move(*error_); }

 private:
  std::optional<AwsError> error_;
};

using Status = Result<void>;
inline Status Ok() { return Status(); }

}  // namespace tarn::core

#define TARN_CONCAT_INNER_(a, b) a##b
#define TARN_CONCAT_(a, b) TARN_CONCAT_INNER_(a, b)

// Returns the error of a Result/Status expression from the enclosing function.
#define TARN_TRY(expr)                            \
  do {                                            \
    auto&& tarn_try_result_ = (expr);             \
    if (!tarn_try_result_.ok()) {                 \
      return std::move(tarn_try_result_).error(); \
    }                                             \
  } while (false)

// TARN_ASSIGN_OR_RETURN(auto x, Compute()); declares/assigns x or returns the error.
#define TARN_ASSIGN_OR_RETURN(lhs, expr) \
  TARN_ASSIGN_OR_RETURN_IMPL_(TARN_CONCAT_(tarn_result_, __LINE__), lhs, expr)
#define TARN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return std::move(tmp).error();     \
  lhs = std::move(tmp).value()

// Broken invariants only, never input validation (STYLE.md): aborts in debug builds; in release
// builds throws to the dispatcher's catch-all so one request fails, not the server.
namespace tarn::core {
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
}
#define TARN_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::tarn::core::CheckFailed(#cond, __FILE__, __LINE__))
