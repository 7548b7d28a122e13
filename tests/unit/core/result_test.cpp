#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace tarn::core {
namespace {

// Counts copies so tests can prove the macros move rather than copy.
struct Tracked {
  static inline int copies = 0;
  int value = 0;
  explicit Tracked(int v) : value(v) {}
  Tracked(const Tracked& o) : value(o.value) { ++copies; }
  Tracked(Tracked&&) noexcept = default;
  Tracked& operator=(const Tracked& o) {
    value = o.value;
    ++copies;
    return *this;
  }
  Tracked& operator=(Tracked&&) noexcept = default;
};

struct Base {
  virtual ~Base() = default;
  virtual int Id() const { return 1; }
};
struct Derived : Base {
  int Id() const override { return 2; }
};

AwsError NotFound() { return AwsError("ResourceNotFoundException", "Requested resource not found"); }

Result<int> Half(int n) {
  if (n % 2 != 0) return AwsError("ValidationException", "odd: " + std::to_string(n));
  return n / 2;
}

Status Check(bool ok) {
  if (!ok) return NotFound();
  return Ok();
}

Result<int> Quarter(int n) {
  TARN_ASSIGN_OR_RETURN(int half, Half(n));
  TARN_ASSIGN_OR_RETURN(int quarter, Half(half));  // a second use in one scope must compile
  return quarter;
}

Status CheckThenHalve(bool ok, int n, int* out) {
  TARN_TRY(Check(ok));
  TARN_TRY(Half(n));  // a Result<T> propagates into a Status
  *out = n / 2;
  return Ok();
}

Result<Tracked> MakeTracked(int v) { return Tracked(v); }

Result<Tracked> PassTracked(int v) {
  TARN_ASSIGN_OR_RETURN(Tracked t, MakeTracked(v));
  return t;
}

TEST(ResultTest, ValueAndError) {
  Result<int> ok = 7;
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(*ok, 7);
  EXPECT_EQ(ok.value(), 7);

  Result<int> bad = NotFound();
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "ResourceNotFoundException");
  EXPECT_EQ(bad.error().http_status, 400);
  EXPECT_TRUE(bad.error().sender_fault);
}

TEST(ResultTest, ServerErrorsAreReceiverFaults) {
  EXPECT_FALSE(InternalFailure().sender_fault);
  EXPECT_EQ(InternalFailure().http_status, 500);
  EXPECT_EQ(ServiceUnavailable().http_status, 503);
  EXPECT_EQ(NotImplemented("PutItem").http_status, 501);
  EXPECT_NE(NotImplemented("PutItem").message.find("PutItem"), std::string::npos);
}

TEST(ResultTest, ConvertingConstructors) {
  Result<std::string> s = "literal";
  EXPECT_EQ(*s, "literal");
  Result<std::optional<std::string>> none = std::nullopt;
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  Result<std::unique_ptr<Base>> base = std::make_unique<Derived>();
  ASSERT_TRUE(base.ok());
  EXPECT_EQ((*base)->Id(), 2);
}

TEST(ResultTest, MoveOnlyValuesMoveOut) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 5);
  Result<std::unique_ptr<int>> r2 = std::make_unique<int>(6);
  std::unique_ptr<int> p2 = *std::move(r2);
  EXPECT_EQ(*p2, 6);
}

TEST(ResultTest, ErrorMovesOut) {
  Result<int> bad = AwsError("X", std::string(100, 'm'));
  AwsError e = std::move(bad).error();
  EXPECT_EQ(e.message.size(), 100u);
}

TEST(ResultTest, AssignOrReturn) {
  auto q = Quarter(12);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q, 3);
  auto odd_first = Quarter(7);
  ASSERT_FALSE(odd_first.ok());
  EXPECT_EQ(odd_first.error().message, "odd: 7");
  auto odd_second = Quarter(6);
  ASSERT_FALSE(odd_second.ok());
  EXPECT_EQ(odd_second.error().message, "odd: 3");
}

TEST(ResultTest, TryPropagatesStatusAndResultErrors) {
  int out = 0;
  EXPECT_TRUE(CheckThenHalve(true, 8, &out).ok());
  EXPECT_EQ(out, 4);
  out = 0;
  auto not_found = CheckThenHalve(false, 8, &out);
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(not_found.error().code, "ResourceNotFoundException");
  EXPECT_EQ(out, 0);
  auto odd = CheckThenHalve(true, 5, &out);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, "ValidationException");
  EXPECT_EQ(out, 0);
}

TEST(ResultTest, MacrosMoveValuesWithoutCopying) {
  Tracked::copies = 0;
  auto r = PassTracked(9);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value, 9);
  Tracked t = std::move(r).value();
  EXPECT_EQ(t.value, 9);
  EXPECT_EQ(Tracked::copies, 0);
}

TEST(ResultTest, StatusDefaultsToOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(Ok().ok());
  Status bad = NotFound();
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "Requested resource not found");
}

TEST(CheckDeathTest, BrokenInvariantStopsTheProgram) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
#ifdef NDEBUG
  EXPECT_THROW(TARN_CHECK(1 + 1 == 3), std::logic_error);
#else
  EXPECT_DEATH(TARN_CHECK(1 + 1 == 3), "TARN_CHECK failed: 1 \\+ 1 == 3 at .*result_test.cpp");
#endif
  TARN_CHECK(1 + 1 == 2);  // a true condition does nothing
}

}  // namespace
}  // namespace tarn::core
