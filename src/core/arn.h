#pragma once
// Amazon Resource Names: arn:partition:service:region:account-id:resource.
// Pure value type.

#include <optional>
#include <string>
#include <string_view>

namespace tarn::core {

inline constexpr std::string_view kPartition = "aws";

struct Arn {
  std::string partition = std::string(kPartition);
  std::string service;
  std::string region;
  std::string account_id;
  std::string resource;  // e.g. "table/student", "user/app", "root"

  std::string ToString() const;
  // nullopt unless the text has the six colon-separated parts with "arn" first.
  static std::optional<Arn> Parse(std::string_view text);
};

// Convenience: arn:aws:<service>:<region>:<account>:<resource>
std::string MakeArn(std::string_view service, std::string_view region, std::string_view account_id,
                    std::string_view resource);

}  // namespace tarn::core
