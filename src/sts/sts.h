#pragma once
// AWS Security Token Service (Query protocol, 2011-06-15). The only header other modules may
// include from src/sts. Service is immutable after construction: handlers are thread-safe.
// Implements so far: GetCallerIdentity. AssumeRole, GetSessionToken and the rest come with IAM.

#include "net/registry.h"

namespace tarn::sts {

class Service {
 public:
  Service() = default;
  void RegisterOperations(net::Registry& registry);

  // Returns the caller's account, user id and ARN. Needs no permission (AWS: "No permissions are
  // required to perform this operation"), so it also answers for a denied-everything user.
  core::Result<net::Output> GetCallerIdentity(const net::Call& call);
};

}  // namespace tarn::sts
