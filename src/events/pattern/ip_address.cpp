// Addresses for the "cidr" operator: parsed with inet_pton, which takes dotted IPv4 and every IPv6
// text form ("2001:db8::", "2001:0db8:...", "::ffff:10.0.0.1") and refuses the rest.
#include <arpa/inet.h>

#include <cstring>
#include <string>

#include "events/pattern/node.h"

namespace tarn::events::pattern {

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string s(text);  // inet_pton wants a terminated string
  IpAddress a;
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  a.v6 = true;
  return a;
}

bool IpAddress::InPrefix(const IpAddress& network, int bits) const {
  if (v6 != network.v6) return false;
  const int whole = bits / 8, rest = bits % 8;
  if (std::memcmp(bytes.data(), network.bytes.data(), static_cast<size_t>(whole)) != 0) return false;
  if (rest == 0) return true;
  const auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (bytes[static_cast<size_t>(whole)] & mask) == (network.bytes[static_cast<size_t>(whole)] & mask);
}

}  // namespace tarn::events::pattern
