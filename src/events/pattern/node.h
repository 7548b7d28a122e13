#pragma once
// The parsed form of an event pattern, private to src/events/pattern: parse.cpp builds it, match.cpp
// walks it. Immutable after parsing.

#include <array>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/pattern/pattern.h"

namespace tarn::events::pattern {

// An IPv4 or IPv6 address (network byte order; IPv4 in the first 4 bytes).
struct IpAddress {
  std::array<unsigned char, 16> bytes{};
  bool v6 = false;
  // Dotted IPv4 or any IPv6 text form (inet_pton's); nullopt for anything else.
  static std::optional<IpAddress> Parse(std::string_view text);
  // Whether the first `bits` bits equal `network`'s, both of one family.
  bool InPrefix(const IpAddress& network, int bits) const;
};

// One value matcher of a field's array.
struct Matcher {
  enum class Kind {
    kExact,             // a string, number, boolean or null
    kPrefix,            // {"prefix": "s"} or {"prefix": {"equals-ignore-case": "s"}}
    kSuffix,            // the same for suffix
    kEqualsIgnoreCase,  // {"equals-ignore-case": "s"}
    kWildcard,          // {"wildcard": "a*b"}
    kNumeric,           // {"numeric": [">", 0, "<=", 5]}
    kExists,            // {"exists": true|false}
    kAnythingBut,       // {"anything-but": ...}: `inner` holds what must not match
    kCidr,              // {"cidr": "10.0.0.0/24"}: `network`, `mask_bits`
  };
  Kind kind = Kind::kExact;
  boost::json::value value;  // kExact: the value; kPrefix/kSuffix/...: the string
  bool ignore_case = false;  // kPrefix/kSuffix
  bool exists = true;        // kExists
  // kNumeric: lower/upper bounds (inclusive flags); either may be absent.
  std::optional<double> lower, upper;
  bool lower_inclusive = false, upper_inclusive = false;
  std::vector<Matcher> inner;  // kAnythingBut
  IpAddress network;           // kCidr
  int mask_bits = 0;           // kCidr
};

// A pattern object: fields that must all match, and $or alternatives (each a list of Nodes, one of
// which must match) — every $or at this level must be satisfied.
struct Node {
  struct Field {
    std::string name;
    std::vector<Matcher> matchers;      // leaf: ORed
    std::shared_ptr<const Node> child;  // nested object (then matchers is empty)
  };
  std::vector<Field> fields;
  std::vector<std::vector<std::shared_ptr<const Node>>> any_of;
};

}  // namespace tarn::events::pattern
