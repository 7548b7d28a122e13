#pragma once
// The Condition element: operators, their `...IfExists` and ForAllValues:/ForAnyValue: forms, and
// the missing-key rules of
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// A Condition is compiled once (numbers, dates, CIDRs and wildcards parsed) and then immutable.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::iam::policy {

class ConditionContext;

// What a condition operator compares, without its negation.
enum class ConditionTest {
  kStringEquals,
  kStringEqualsIgnoreCase,
  kStringLike,
  kNumericEquals,
  kNumericLessThan,
  kNumericLessThanEquals,
  kNumericGreaterThan,
  kNumericGreaterThanEquals,
  kDateEquals,
  kDateLessThan,
  kDateLessThanEquals,
  kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool,
  kBinaryEquals,
  kIpAddress,
  kArnLike,  // ArnEquals and ArnLike both match part by part with wildcards
  kNull,
};

enum class SetOperator { kNone, kForAllValues, kForAnyValue };

struct ConditionOperator {
  ConditionTest test = ConditionTest::kStringEquals;
  bool negated = false;  // StringNotEquals, NotIpAddress, ArnNotLike, ...
  bool if_exists = false;
  SetOperator set = SetOperator::kNone;
};

// "ForAnyValue:StringNotLikeIfExists" → its parts; nullopt for a name IAM does not know.
std::optional<ConditionOperator> ParseConditionOperator(std::string_view name);

// An IPv4 or IPv6 network; an address alone is a /32 or /128.
struct IpNetwork {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
  int prefix_bits = 0;
};
std::optional<IpNetwork> ParseIpNetwork(std::string_view text);
bool InNetwork(const IpNetwork& network, const IpNetwork& address);

// ISO 8601 (with or without time, fraction and offset) or epoch seconds → epoch seconds.
std::optional<double> ParseConditionDate(std::string_view text);
std::optional<double> ParseConditionNumber(std::string_view text);

struct ConditionValue {
  std::string text;     // as written; JSON numbers and booleans in their text form
  std::string pattern;  // StringLike/ArnLike: wildcard.h's escaped form (without variables)
  bool has_variables = false;
  std::optional<double> number;  // Numeric*: the number; Date*: epoch seconds
  std::optional<IpNetwork> network;
};

// One operator applied to one key with its values (OR between values).
class Condition {
 public:
  Condition(ConditionOperator op, std::string key, std::vector<ConditionValue> values);

  enum class Outcome { kFalse, kTrue, kUnresolved };  // kUnresolved: a policy variable had no value
  Outcome Evaluate(const ConditionContext* context) const;

  const ConditionOperator& op() const { return op_; }

 private:
  // Does one request value match one policy value (`expanded`: its text or pattern after variables)?
  bool Test(std::string_view value, const ConditionValue& policy_value, std::string_view expanded) const;

  ConditionOperator op_;
  std::string key_;
  std::vector<ConditionValue> values_;
  bool has_variables_ = false;
};

}  // namespace tarn::iam::policy
