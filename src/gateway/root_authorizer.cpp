#include "gateway/root_authorizer.h"

namespace tarn::gateway {

core::Status RootOnlyAuthorizer::Authorize(const net::RequestContext& context,
                                           const net::Operation& operation,
                                           const std::vector<std::string>& resources,
                                           const net::AuthorizationExtras& /*extras*/) const {
  if (context.principal.type == core::Principal::Type::kRoot) return core::Ok();
  if (context.service == "s3") return core::AwsError("AccessDenied", "Access Denied", 403);
  std::string who = context.principal.arn.empty() ? "anonymous" : context.principal.arn;
  std::string resource = resources.empty() ? "*" : resources.front();
  return core::AwsError("AccessDenied",
                        "User: " + who + " is not authorized to perform: " + operation.iam_action +
                            " on resource: " + resource + " because no identity-based policy allows the " +
                            operation.iam_action + " action",
                        403);
}

}  // namespace tarn::gateway
