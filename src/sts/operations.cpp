// The STS operation table: one row per operation (name, IAM action, resources, handler).
#include "sts/sts.h"

namespace tarn::sts {

void Service::RegisterOperations(net::Registry& registry) {
  registry.Add("sts", {.name = "GetCallerIdentity",
                       .iam_action = "sts:GetCallerIdentity",
                       .resources = {},
                       .handler = [this](const net::Call& call) { return GetCallerIdentity(call); },
                       .cpu_only = true});
  if (!iam_) return;
  registry.Add("sts", {.name = "AssumeRole",
                       .iam_action = "sts:AssumeRole",
                       .resources = [](const net::Call& call) -> std::vector<std::string> {
                         const auto* arn = call.input.if_contains("RoleArn");
                         if (!arn || !arn->is_string()) return {};
                         return {std::string(arn->get_string())};
                       },
                       .handler = [this](const net::Call& call) { return AssumeRole(call); }});
  registry.Add("sts", {.name = "GetSessionToken",
                       .iam_action = "sts:GetSessionToken",
                       .resources = {},
                       .handler = [this](const net::Call& call) { return GetSessionToken(call); }});
}

}  // namespace tarn::sts
