#include "iam/policy/conditions.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/time_format.h"
#include "iam/policy/policy.h"
#include "iam/policy/variables.h"
#include "iam/policy/wildcard.h"

namespace tarn::iam::policy {
namespace {

struct OperatorName {
  std::string_view name;
  ConditionTest test;
  bool negated;
};

// Every operator IAM accepts, from the condition operators reference (link in conditions.h).
constexpr OperatorName kOperators[] = {
    {"StringEquals", ConditionTest::kStringEquals, false},
    {"StringNotEquals", ConditionTest::kStringEquals, true},
    {"StringEqualsIgnoreCase", ConditionTest::kStringEqualsIgnoreCase, false},
    {"StringNotEqualsIgnoreCase", ConditionTest::kStringEqualsIgnoreCase, true},
    {"StringLike", ConditionTest::kStringLike, false},
    {"StringNotLike", ConditionTest::kStringLike, true},
    {"NumericEquals", ConditionTest::kNumericEquals, false},
    {"NumericNotEquals", ConditionTest::kNumericEquals, true},
    {"NumericLessThan", ConditionTest::kNumericLessThan, false},
    {"NumericLessThanEquals", ConditionTest::kNumericLessThanEquals, false},
    {"NumericGreaterThan", ConditionTest::kNumericGreaterThan, false},
    {"NumericGreaterThanEquals", ConditionTest::kNumericGreaterThanEquals, false},
    {"DateEquals", ConditionTest::kDateEquals, false},
    {"DateNotEquals", ConditionTest::kDateEquals, true},
    {"DateLessThan", ConditionTest::kDateLessThan, false},
    {"DateLessThanEquals", ConditionTest::kDateLessThanEquals, false},
    {"DateGreaterThan", ConditionTest::kDateGreaterThan, false},
    {"DateGreaterThanEquals", ConditionTest::kDateGreaterThanEquals, false},
    {"Bool", ConditionTest::kBool, false},
    {"BinaryEquals", ConditionTest::kBinaryEquals, false},
    {"IpAddress", ConditionTest::kIpAddress, false},
    {"NotIpAddress", ConditionTest::kIpAddress, true},
    {"ArnEquals", ConditionTest::kArnLike, false},
    {"ArnLike", ConditionTest::kArnLike, false},
    {"ArnNotEquals", ConditionTest::kArnLike, true},
    {"ArnNotLike", ConditionTest::kArnLike, true},
    {"Null", ConditionTest::kNull, false},
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

bool UsesPattern(ConditionTest test) {
  return test == ConditionTest::kStringLike || test == ConditionTest::kArnLike;
}

bool Compare(ConditionTest test, double request, double policy) {
  switch (test) {
    case ConditionTest::kNumericEquals:
    case ConditionTest::kDateEquals:
      return request == policy;
    case ConditionTest::kNumericLessThan:
    case ConditionTest::kDateLessThan:
      return request < policy;
    case ConditionTest::kNumericLessThanEquals:
    case ConditionTest::kDateLessThanEquals:
      return request <= policy;
    case ConditionTest::kNumericGreaterThan:
    case ConditionTest::kDateGreaterThan:
      return request > policy;
    case ConditionTest::kNumericGreaterThanEquals:
    case ConditionTest::kDateGreaterThanEquals:
      return request >= policy;
    default:
      return false;
  }
}

bool IsDateTest(ConditionTest test) {
  return test >= ConditionTest::kDateEquals && test <= ConditionTest::kDateGreaterThanEquals;
}
bool IsNumericTest(ConditionTest test) {
  return test >= ConditionTest::kNumericEquals && test <= ConditionTest::kNumericGreaterThanEquals;
}

}  // namespace

std::optional<ConditionOperator> ParseConditionOperator(std::string_view name) {
  ConditionOperator op;
  if (name.starts_with("ForAllValues:")) {
    op.set = SetOperator::kForAllValues;
    name.remove_prefix(std::string_view("ForAllValues:").size());
  } else if (name.starts_with("ForAnyValue:")) {
    op.set = SetOperator::kForAnyValue;
    name.remove_prefix(std::string_view("ForAnyValue:").size());
  }
  if (name.ends_with("IfExists")) {
    op.if_exists = true;
    name.remove_suffix(std::string_view("IfExists").size());
  }
  for (const OperatorName& known : kOperators) {
    if (known.name == name) {
      op.test = known.test;
      op.negated = known.negated;
      return op;
    }
  }
  return std::nullopt;
}

std::optional<IpNetwork> ParseIpNetwork(std::string_view text) {
  std::string_view address = text;
  int prefix = -1;
  if (const size_t slash = text.find('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    const std::string_view bits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (ec != std::errc() || end != bits.data() + bits.size() || bits.empty()) return std::nullopt;
  }
  char buffer[64];  // inet_pton wants a NUL-terminated string
  if (address.empty() || address.size() >= sizeof buffer) return std::nullopt;
  std::memcpy(buffer, address.data(), address.size());
  buffer[address.size()] = '\0';
  IpNetwork network;
  if (inet_pton(AF_INET, buffer, network.bytes.data()) == 1) {
    network.v6 = false;
    network.prefix_bits = prefix < 0 ? 32 : prefix;
    if (network.prefix_bits > 32) return std::nullopt;
  } else if (inet_pton(AF_INET6, buffer, network.bytes.data()) == 1) {
    network.v6 = true;
    network.prefix_bits = prefix < 0 ? 128 : prefix;
    if (network.prefix_bits > 128) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return network;
}

bool InNetwork(const IpNetwork& network, const IpNetwork& address) {
  if (network.v6 != address.v6) return false;
  int bits = network.prefix_bits;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((network.bytes[i] & mask) != (address.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<double> ParseConditionNumber(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseConditionDate(std::string_view text) {
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
    return ParseConditionNumber(text);  // epoch seconds
  }
  std::optional<core::TimePoint> time;
  if (text.size() == 10) {  // a date alone: midnight UTC
    std::string full(text);
    full += "T00:00:00Z";
    time = core::ParseIso8601(full);
  } else {
    time = core::ParseIso8601(text);
  }
  if (!time) return std::nullopt;
  return core::ToEpochSeconds(*time);
}

Condition::Condition(ConditionOperator op, std::string key, std::vector<ConditionValue> values)
    : op_(op), key_(std::move(key)), values_(std::move(values)) {
  has_variables_ =
      std::any_of(values_.begin(), values_.end(), [](const ConditionValue& v) { return v.has_variables; });
}

bool Condition::Test(std::string_view value, const ConditionValue& policy_value,
                     std::string_view expanded) const {
  switch (op_.test) {
    case ConditionTest::kStringEquals:
    case ConditionTest::kBinaryEquals:
      return value == expanded;
    case ConditionTest::kStringEqualsIgnoreCase:
    case ConditionTest::kBool:
      return EqualsIgnoreCase(value, expanded);
    case ConditionTest::kStringLike:
      return MatchWildcard(expanded, value, CaseSensitivity::kSensitive);
    case ConditionTest::kArnLike:
      return MatchArn(expanded, value);
    case ConditionTest::kIpAddress: {
      const std::optional<IpNetwork> address = ParseIpNetwork(value);
      return address && policy_value.network && InNetwork(*policy_value.network, *address);
    }
    case ConditionTest::kNull:
      return false;  // handled in Evaluate
    default:
      break;
  }
  const bool date = IsDateTest(op_.test);
  std::optional<double> request = date ? ParseConditionDate(value) : ParseConditionNumber(value);
  std::optional<double> policy = policy_value.number;
  if (policy_value.has_variables)
    policy = date ? ParseConditionDate(expanded) : ParseConditionNumber(expanded);
  return request && policy && (IsNumericTest(op_.test) || date) && Compare(op_.test, *request, *policy);
}

Condition::Outcome Condition::Evaluate(const ConditionContext* context) const {
  const std::vector<std::string>* request_values = context == nullptr ? nullptr : context->Find(key_);
  const bool present = request_values != nullptr && !request_values->empty();
  if (op_.test == ConditionTest::kNull) {
    // "Null": "true" asks for the key to be absent, "false" for it to be present.
    for (const ConditionValue& v : values_) {
      if (EqualsIgnoreCase(v.text, "true") != present) return Outcome::kTrue;
    }
    return Outcome::kFalse;
  }
  if (!present) {
    // A missing key: IfExists passes; ForAllValues is vacuously true, ForAnyValue false; a plain
    // negated operator ("not equal to a value that is not there") matches.
    if (op_.if_exists || op_.set == SetOperator::kForAllValues) return Outcome::kTrue;
    if (op_.set == SetOperator::kForAnyValue) return Outcome::kFalse;
    return op_.negated ? Outcome::kTrue : Outcome::kFalse;
  }
  // Policy variables are expanded once per evaluation; a missing one leaves the statement unmatched.
  std::vector<std::string> expanded;
  if (has_variables_) {
    expanded.resize(values_.size());
    const Expansion mode = UsesPattern(op_.test) ? Expansion::kPattern : Expansion::kLiteral;
    for (size_t i = 0; i < values_.size(); ++i) {
      if (values_[i].has_variables && !ExpandPolicyVariables(values_[i].text, context, mode, expanded[i])) {
        return Outcome::kUnresolved;
      }
    }
  }
  auto matches_any = [&](std::string_view value) {
    for (size_t i = 0; i < values_.size(); ++i) {
      const ConditionValue& v = values_[i];
      std::string_view text = v.has_variables         ? std::string_view(expanded[i])
                              : UsesPattern(op_.test) ? std::string_view(v.pattern)
                                                      : std::string_view(v.text);
      if (Test(value, v, text)) return true;
    }
    return false;
  };
  switch (op_.set) {
    case SetOperator::kNone: {
      // A multivalued key without a set operator: any value matching any policy value.
      const bool any = std::any_of(request_values->begin(), request_values->end(), matches_any);
      return any != op_.negated ? Outcome::kTrue : Outcome::kFalse;
    }
    case SetOperator::kForAnyValue:
      return std::any_of(request_values->begin(), request_values->end(),
                         [&](const std::string& v) { return matches_any(v) != op_.negated; })
                 ? Outcome::kTrue
                 : Outcome::kFalse;
    case SetOperator::kForAllValues:
      return std::all_of(request_values->begin(), request_values->end(),
                         [&](const std::string& v) { return matches_any(v) != op_.negated; })
                 ? Outcome::kTrue
                 : Outcome::kFalse;
  }
  return Outcome::kFalse;
}

}  // namespace tarn::iam::policy
