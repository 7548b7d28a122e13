// The STS operation table: one row per operation (name, IAM action, resources, handler).
#include "sts/sts.h"

namespace tarn::sts {

void Service::RegisterOperations(net::Registry& registry) {
  registry.Add("sts", {.name = "GetCallerIdentity",
                       .iam_action = "sts:GetCallerIdentity",
                       .resources = {},
                       .handler = [this](const net::Call& call) { return GetCallerIdentity(call); },
                       .cpu_only = true});
}

}  // namespace tarn::sts
