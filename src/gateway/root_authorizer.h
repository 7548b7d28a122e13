#pragma once
// Until IAM policy evaluation lands (iam::Authorizer), the only principal that exists is the
// account's root user: it may do everything, and anyone else (anonymous S3 callers) is denied.
// Secure by default rather than open. Stateless; thread-safe.

#include "net/registry.h"

namespace tarn::gateway {

class RootOnlyAuthorizer final : public net::Authorizer {
 public:
  core::Status Authorize(const net::RequestContext& context, const net::Operation& operation,
                         const std::vector<std::string>& resources,
                         const net::AuthorizationExtras& extras) const override;
};

}  // namespace tarn::gateway
