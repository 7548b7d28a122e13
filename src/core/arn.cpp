#include "core/arn.h"

namespace tarn::core {

std::string Arn::ToString() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account_id + ":" + resource;
}

std::optional<Arn> Arn::Parse(std::string_view text) {
  std::string_view parts[5];
  size_t pos = 0;
  for (auto& part : parts) {
    size_t colon = text.find(':', pos);
    if (colon == std::string_view::npos) return std::nullopt;
    part = text.substr(pos, colon - pos);
    pos = colon + 1;
  }
  if (parts[0] != "arn" || parts[1].empty() || parts[2].empty()) return std::nullopt;
  Arn arn;
  arn.partition = parts[1];
  arn.service = parts[2];
  arn.region = parts[3];
  arn.account_id = parts[4];
  arn.resource = text.substr(pos);
  if (arn.resource.empty()) return std::nullopt;
  return arn;
}

std::string MakeArn(std::string_view service, std::string_view region, std::string_view account_id,
                    std::string_view resource) {
  std::string out = "arn:";
  out.append(kPartition).append(":").append(service).append(":").append(region).append(":");
  out.append(account_id).append(":").append(resource);
  return out;
}

}  // namespace tarn::core
